/// What a computation left out or assumed, carried with its result so that
/// nothing is dropped silently: every dropped row is counted, with its reason.
public struct Diagnostics: Sendable, Codable, Equatable {
    public struct DroppedRow: Sendable, Codable, Equatable {
        public let series: String
        public let year: Int
        public let line: Int
        /// Why the row was not used (Reporting words it; the contract's `reason` is its English).
        public let reason: DropReason

        enum CodingKeys: String, CodingKey {
            case series, year, line, reason
        }
    }

    public private(set) var droppedRows: [DroppedRow] = []
    /// What the computation assumed or left out, as typed values (Reporting words them).
    public private(set) var entries: [Note] = []
    /// The entries as a set, so that adding a note once is O(1): a linear search made 30,000
    /// series with a gap take 5 s to compute (quadratic; issue 14). Not encoded: rebuilt from `entries`.
    private var entrySet: Set<Note> = []

    public init() {}

    /// Decodes the dropped rows and the notes (a note given twice is kept once, as ``add(_:)`` does).
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` for a missing or mistyped member.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        droppedRows = try c.decode([DroppedRow].self, forKey: .droppedRows)
        for note in try c.decode([Note].self, forKey: .entries) { add(note) }
    }

    /// Equal dropped rows and notes, in order.
    /// - Parameters:
    ///   - a: diagnostics.
    ///   - b: other diagnostics.
    /// - Returns: `true` when both hold the same rows and notes.
    public static func == (a: Diagnostics, b: Diagnostics) -> Bool { a.droppedRows == b.droppedRows && a.entries == b.entries }

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
        /// Workflow jobs (issue 9): what a job chose, estimated or carried, worded by Reporting.
        /// Capital built by perpetual inventory at rate δ, with how each series' initial stock was set.
        case capitalBuilt(depreciation: Double, initialStocks: [InitialStock])
        /// How one series' initial capital stock was set (`tfp capital`).
        case initialStock(InitialStock)
        /// The default number of scenarios lowered for a large panel (an explicit number is kept or refused).
        case scenariosLowered(draws: Int, rows: Int)
        /// Fewer scenarios drawn than asked, to keep one run's work bounded.
        case scenariosCapped(draws: Int, rows: Int)
        /// How the intervals were drawn: their central share, the scenarios, the seed, each assumption drawn.
        case scenarioSetup(interval: Double, scenarios: Int, seed: UInt64, capitalShare: String?, depreciation: String?, growthYears: String?, capitalOutput: String?)
        /// Series-scenarios that could not be computed: by reason and the series with most.
        case scenariosFailed(failed: Int, of: Int, reasons: [String], reasonCounts: [Int], series: [String], seriesCounts: [Int])
        /// The estimated capital share's sampling uncertainty carried into the intervals, from an assumption (normal).
        case estimatedShareCarried(assumption: String)
        /// The same, from the estimates of a region (cluster) bootstrap.
        case estimatedShareBootstrapCarried(estimates: Int, seed: UInt64)
        case capitalShareEstimated(formula: String, estimate: Double, standardError: Double, level: Double, low: Double, high: Double, nobs: Int, vcov: String)
        /// Benchmark: the capital share estimated, with its bootstrap interval.
        case capitalShareBootstrapped(estimate: Double, low: Double, high: Double, kept: Int, draws: Int, seed: UInt64)
        /// Plan check: computed targets evaluated in scenarios; none could be computed.
        case targetsInScenarios(scenarios: Int, seed: UInt64)
        case noScenarioComputed
        /// Plan check: rows of the actuals file that no target reads (the first few, by line).
        case actualsReadByNoTarget(count: Int, file: String, lines: [Int], reasons: [UnreadActual])
        /// Report: the benchmark panel has a single year.
        case benchmarkNeedsTwoYears
    }

    /// Why a value (a share of growth, a period's average) is not given, as values (Reporting words it;
    /// the CSV and JSON contract carries its English words in the `note` columns).
    public enum ValueNote: Sendable, Codable, Equatable, Hashable {
        /// A growth rate is not a finite number.
        case growthNotAvailable
        /// Output did not grow (`total` ≤ 0): a share of growth is undefined.
        case outputDidNotGrow(total: Double)
        /// Output grew by less than `minimum`: a share of so little is not meaningful.
        case outputGrowthBelow(total: Double, minimum: Double)
        /// No data for a year (the base year of the period's growth when `baseOf` is its first growth year).
        case noDataFor(year: Int, baseOf: Int?)
        /// No productivity level for a year (the same, for labour productivity).
        case noProductivityLevelFor(year: Int, baseOf: Int?)
        case noGrowthYearInPeriod
        /// No data for the growth years of a target's window.
        case noDataForGrowthYears(from: Int, to: Int)
        case noAccountingResult
        /// Text worded elsewhere (another module's error, a region note with setting markers).
        case text(String)
    }

    /// How a perpetual inventory set a series' initial capital stock K₀ (PerpetualInventory), as values.
    public enum InitialStock: Sendable, Codable, Equatable, Hashable {
        /// K₀ = κ·Y₀: a capital-output ratio κ times the first year's output.
        case capitalOutputRatio(series: String, ratio: Double, output: Double, year: Int)
        /// K₀ given in the capital column of the first year.
        case benchmark(series: String, stock: Double, year: Int)
        /// K₀ = I₀/(g + δ), g the investment growth from `from` to `to`.
        case steadyState(series: String, growth: Double, from: Int, to: Int, depreciation: Double)
    }

    /// Why a row of the data was not used, as values.
    public enum DropReason: Sendable, Codable, Equatable, Hashable {
        /// These columns have no value in the row.
        case missing([String])
        /// These values are not finite positive numbers (an overflow, a zero, a negative level).
        case notFinitePositive([String])
        /// Output per worker is not a finite positive number (with the two values when known).
        case outputPerWorkerNotFinitePositive(output: Double?, employment: Double?)
        /// Malmquist: output, capital or labour missing or not positive.
        case missingOrNonPositiveInputs
    }

    /// Why a row of a plan's actuals file is read by no target, as values. Its `description` is the English of
    /// TFPKit 0.7 (library errors and the contract speak English); Reporting words it in Vietnamese.
    public enum UnreadActual: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
        /// The row is for another region than the plan's.
        case otherRegion(region: String, planRegion: String)
        /// No target of the plan has the row's indicator; `known` is the first few the plan has, sorted.
        case unknownIndicator(indicator: String, known: [String])

        public var description: String {
            switch self {
            case .otherRegion(let region, let planRegion): "region '\(region)' is not the plan's region \(planRegion)"
            case .unknownIndicator(let indicator, let known):
                "no target of the plan has the indicator '\(indicator)' (the plan's indicators include \(known.joined(separator: ", ")))"
            }
        }
    }

    public mutating func drop(series: String, year: Int, line: Int, reason: DropReason) {
        droppedRows.append(DroppedRow(series: series, year: year, line: line, reason: reason))
    }

    /// Adds a note worded elsewhere (once).
    public mutating func note(_ text: String) { add(.text(text)) }

    /// Adds a typed note (once).
    public mutating func add(_ note: Note) {
        if entrySet.insert(note).inserted { entries.append(note) }
    }

    public mutating func merge(_ other: Diagnostics) {
        droppedRows += other.droppedRows
        for n in other.entries { add(n) }
    }

    enum CodingKeys: String, CodingKey {
        case droppedRows = "dropped_rows", entries = "notes"
    }
}
