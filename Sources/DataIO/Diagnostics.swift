/// What a computation left out or assumed, carried with its result so that
/// nothing is dropped silently: every dropped row is counted, with its reason.
public struct Diagnostics: Sendable, Codable, Equatable {
    public struct DroppedRow: Sendable, Codable, Equatable {
        public let series: String
        public let year: Int
        public let line: Int
        public let reason: String

        enum CodingKeys: String, CodingKey {
            case series, year, line, reason
        }
    }

    public private(set) var droppedRows: [DroppedRow] = []
    /// What the computation assumed or left out, as typed values (Reporting words them).
    public private(set) var entries: [Note] = []

    public init() {}

    /// A note of a computation: a key with its values, not a sentence (issue 9: Reporting's
    /// `NoteWording` words them in English and Vietnamese). `.text` carries a note worded
    /// elsewhere (another module's error, a job's own sentence), shown as it is.
    public enum Note: Sendable, Codable, Equatable, Hashable {
        case text(String)
        /// A labour factor (hours, human capital) missing for some series: left out for all.
        case factorMissingForSomeSeries(factor: String, missing: Int, of: Int, examples: [String])
        /// A series has no value of a labour factor in any year: measured without it.
        case factorMissingInSeries(series: String, factor: String)
        /// The statistics office's method reads the labour share of year t for growth in t.
        case labourShareOfTheYear
        /// A gap in a series: the growth after it is annualised.
        case gapAnnualised(series: String, from: Int, to: Int, years: Int)
        case noBaseYear(series: String, year: Int)
        /// Harmonization: a unit-year not computed (roles missing, of these members).
        case unitNotComputed(unit: String, year: Int, missing: [String], members: [String])
        case memberMissing(unit: String, year: Int, role: String)
        /// Malmquist: regions without data left out of a year's frontier.
        case notInFrontier(year: Int, regions: [String])
        case noStepBetween(from: Int, to: Int)
        case stepFailed(region: String, from: Int, to: Int, reason: String)
        case noIndexFor(from: Int, to: Int, regions: [String])
        /// Benchmark: a series without data in the first and last year is not ranked.
        case notRanked(series: String, base: Int, last: Int)
        case rankIntervals(draws: Int)
        case convergenceNotEstimated(indicator: String, reason: String)
        case convergenceNeedsRegions(base: Int, last: Int)
        case ranksAsGiven
    }

    public mutating func drop(series: String, year: Int, line: Int, reason: String) {
        droppedRows.append(DroppedRow(series: series, year: year, line: line, reason: reason))
    }

    /// Adds a note worded elsewhere (once).
    public mutating func note(_ text: String) { add(.text(text)) }

    /// Adds a typed note (once).
    public mutating func add(_ note: Note) {
        if !entries.contains(note) { entries.append(note) }
    }

    public mutating func merge(_ other: Diagnostics) {
        droppedRows += other.droppedRows
        for n in other.entries { add(n) }
    }

    enum CodingKeys: String, CodingKey {
        case droppedRows = "dropped_rows", entries = "notes"
    }
}
