import DataIO
import Foundation

/// Counted indicators reported by a department: one row per region,
/// indicator and year (`region, indicator, year, value, source`). A value is the
/// count *in that year* (cumulated by the evaluation for count-by-date targets);
/// shares are fractions (1 = 100%).
public struct Actuals: Sendable {
    public struct Entry: Sendable, Equatable {
        public let region: String
        public let indicator: String
        public let year: Int
        public let value: Double
        public let source: String
        /// The line of the actuals file (0 when built in code).
        public let line: Int

        public init(region: String, indicator: String, year: Int, value: Double, source: String, line: Int = 0) {
            self.region = region
            self.indicator = indicator
            self.year = year
            self.value = value
            self.source = source
            self.line = line
        }
    }

    public let entries: [Entry]
    public init(entries: [Entry]) { self.entries = entries }

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
    public func series(region: String, indicator: String) -> [Int: Double] {
        let key = PlanRegion.key(region)
        var out: [Int: Double] = [:]
        for e in entries where e.indicator == indicator && PlanRegion.key(e.region) == key { out[e.year] = e.value }
        return out
    }

    /// Rows that no target of the plan reads: another region, or an indicator no
    /// target names (budget lines are `<indicator>:<line code>`). Reported, never silently ignored.
    public func unmatched(by plan: Plan) -> [(entry: Entry, reason: String)] {
        let key = PlanRegion.key(plan.region)
        var known = Set(plan.targets.map(\.indicator))
        for t in plan.targets where t.kind == .budget { for l in t.budgetLines { known.insert("\(t.indicator):\(l.code)") } }
        return entries.compactMap { e in
            if PlanRegion.key(e.region) != key { return (e, "region '\(e.region)' is not the plan's region \(plan.region)") }
            if !known.contains(e.indicator) {
                let names = known.sorted().prefix(6).joined(separator: ", ")
                return (e, "no target of the plan has the indicator '\(e.indicator)' (the plan's indicators include \(names))")
            }
            return nil
        }
    }

    /// An empty actuals file for a plan: one row per counted indicator and year of its period.
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
    public static func key(_ name: String) -> String { RegionReference.key(name) }
}
