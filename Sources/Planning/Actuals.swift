import DataIO
import Foundation

/// Counted indicators reported by a department: one row per region,
/// indicator and year (`region, indicator, year, value, source`). A value is the
/// count *in that year* (cumulated by the evaluation for count-by-date targets);
/// shares are fractions (1 = 100%).
public struct Actuals: Sendable {
    /// One reported value.
    public struct Entry: Sendable, Equatable, Codable {
        /// The region, as written.
        public let region: String
        /// The indicator: a target's `indicator`, or `<indicator>:<line code>` for spending on a budget line.
        public let indicator: String
        /// The year the value is for.
        public let year: Int
        /// The count in that year (not cumulated), or a fraction for a share (1 = 100%).
        public let value: Double
        /// Where the value comes from (empty when the file has no `source` column).
        public let source: String
        /// The line of the actuals file (0 when built in code).
        public let line: Int

        /// An entry built in code.
        /// - Parameters:
        ///   - region: the region.
        ///   - indicator: the indicator.
        ///   - year: the year.
        ///   - value: the count in that year, or a fraction for a share.
        ///   - source: where the value comes from.
        ///   - line: the line of the actuals file (0 by default).
        public init(region: String, indicator: String, year: Int, value: Double, source: String, line: Int = 0) {
            self.region = region
            self.indicator = indicator
            self.year = year
            self.value = value
            self.source = source
            self.line = line
        }
    }

    /// The entries, in file order.
    public let entries: [Entry]
    /// The entries of each region (by `PlanRegion.key`) and indicator, in file order: every target asks
    /// for its series, and keying every entry's region for every target made a check of n targets and
    /// m rows cost n × m key computations (8,000 targets: 13.9 s; issue 14).
    private let entriesByRegionAndIndicator: [String: [Int]]

    /// Actuals from entries built in code.
    /// - Parameter entries: the entries.
    public init(entries: [Entry]) {
        self.entries = entries
        var index: [String: [Int]] = [:]
        for (k, e) in entries.enumerated() { index[Self.indexKey(PlanRegion.key(e.region), e.indicator), default: []].append(k) }
        entriesByRegionAndIndicator = index
    }

    private static func indexKey(_ regionKey: String, _ indicator: String) -> String { regionKey + "\u{0}" + indicator }

    /// Reads an actuals file: columns `region`, `indicator`, `year`, `value` and, optionally, `source`.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - options: how the file is read (delimiter, decimal style, sheet).
    /// - Returns: the entries; rows without a value (an empty template's) are left out.
    /// - Throws: `DataIOError` when the file cannot be read or lacks a column, when a value is not a number
    ///   (`notANumber`), when a year is not an integer (`notAnInteger`) or is outside ``Plan/validYears``
    ///   (`outOfRange`), and when two rows have the same region, indicator and year (`duplicateKey`).
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(DataIOError) -> Actuals {
        let table = try CSVTable.read(path: path, options: options)
        let regions = try table.strings(column: "region"), indicators = try table.strings(column: "indicator")
        let values = try table.numbers(column: "value")
        let sources = (try? table.strings(column: "source")) ?? Array(repeating: "", count: table.rows.count)
        let yearColumn = try table.index(of: "year")
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        for i in table.rows.indices {
            let yearText = table.rows[i][yearColumn].trimmingCharacters(in: .whitespaces)
            guard let year = Int(yearText) else {
                throw .notAnInteger(FileLocation(file: path, line: table.lines[i], column: yearColumn + 1, columnName: "year"), text: yearText)
            }
            guard Plan.validYears.contains(year) else {
                throw .outOfRange(
                    FileLocation(file: path, line: table.lines[i], column: yearColumn + 1, columnName: "year"), value: Double(year),
                    expected: "a year between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound)")
            }
            if values[i].isNaN { continue }  // an empty template row
            let key = "\(PlanRegion.key(regions[i]))|\(indicators[i])|\(year)"
            if let first = seen[key] {
                throw .duplicateKey(
                    FileLocation(file: path, line: table.lines[i], columnName: "year"),
                    key: "\(regions[i]), \(indicators[i]), \(year)", firstLine: first)
            }
            seen[key] = table.lines[i]
            entries.append(
                Entry(
                    region: regions[i], indicator: indicators[i].trimmingCharacters(in: .whitespaces),
                    year: year, value: values[i], source: sources[i], line: table.lines[i]))
        }
        return Actuals(entries: entries)
    }

    /// Values of an indicator for a region, by year.
    /// - Parameters:
    ///   - region: the region, matched by ``PlanRegion/key(_:)``.
    ///   - indicator: the indicator, matched exactly.
    /// - Returns: the values by year.
    public func series(region: String, indicator: String) -> [Int: Double] {
        var out: [Int: Double] = [:]
        for k in entriesByRegionAndIndicator[Self.indexKey(PlanRegion.key(region), indicator)] ?? [] { out[entries[k].year] = entries[k].value }
        return out
    }

    /// A row that no target of a plan reads, and why.
    public struct UnreadEntry: Sendable, Equatable, Codable {
        /// The row.
        public let entry: Entry
        /// Why no target reads it.
        public let reason: Diagnostics.UnreadActual
    }

    /// Rows that no target of the plan reads: another region, or an indicator no
    /// target names (budget lines are `<indicator>:<line code>`). Reported, never silently ignored.
    /// - Parameter plan: the plan.
    /// - Returns: every entry no target reads, with the reason.
    public func unmatched(by plan: Plan) -> [UnreadEntry] {
        let key = PlanRegion.key(plan.region)
        var known = Set(plan.targets.map(\.indicator))
        for t in plan.targets where t.kind == .budget { for l in t.budgetLines { known.insert("\(t.indicator):\(l.code)") } }
        return entries.compactMap { e in
            if PlanRegion.key(e.region) != key { return UnreadEntry(entry: e, reason: .otherRegion(region: e.region, planRegion: plan.region)) }
            if !known.contains(e.indicator) {
                return UnreadEntry(entry: e, reason: .unknownIndicator(indicator: e.indicator, known: Array(known.sorted().prefix(6))))
            }
            return nil
        }
    }

    /// An empty actuals file for a plan: one row per counted indicator and year of its period.
    /// The years are a target's period (else the plan's), from its base period's start for count-versus-base;
    /// share-of-growth, growth-rate and direction targets are computed, so they have no rows.
    /// - Parameter plan: the plan.
    /// - Returns: the CSV text, a header and one row per indicator and year with an empty value.
    public static func template(for plan: Plan) -> String {
        var out = "region,indicator,year,value,source\n"
        var done = Set<String>()
        for t in plan.targets where ![.shareOfGrowth, .growthRate, .direction].contains(t.kind) {
            let span = t.period ?? plan.period
            let years = t.kind == .countVersusBase ? (min(t.basePeriod?.from ?? span.from, span.to)...span.to) : span.years
            for y in years where done.insert("\(t.indicator)|\(y)").inserted {
                out += "\(CSVText.escape(CSVText.neutralizingFormula(plan.region))),\(CSVText.escape(t.indicator)),\(y),,\n"
            }
        }
        return out
    }
}

/// Region names compared by the project's one matcher (RegionReference.key: no
/// diacritics, case, spacing or "TP."/"Tỉnh"/"Thành phố" prefixes: TP. Đà Nẵng = Da Nang).
public enum PlanRegion {
    /// The key two names of one region share.
    /// - Parameter name: a region's name, in any of its spellings.
    /// - Returns: the matching key.
    public static func key(_ name: String) -> String { RegionReference.key(name) }
}
