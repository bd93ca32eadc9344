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

        public init(region: String, indicator: String, year: Int, value: Double, source: String) {
            self.region = region
            self.indicator = indicator
            self.year = year
            self.value = value
            self.source = source
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
            if values[i].isNaN { continue }  // an empty template row
            let key = "\(PlanRegion.key(regions[i]))|\(indicators[i])|\(year)"
            if let first = seen[key] {
                throw .duplicateKey(FileLocation(file: path, line: table.lines[i], columnName: "year"),
                                    key: "\(regions[i]), \(indicators[i]), \(year)", firstLine: first)
            }
            seen[key] = table.lines[i]
            entries.append(Entry(region: regions[i], indicator: indicators[i].trimmingCharacters(in: .whitespaces),
                                 year: year, value: values[i], source: sources[i]))
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

    /// An empty actuals file for a plan: one row per counted indicator and year of its period.
    public static func template(for plan: Plan) -> String {
        var out = "region,indicator,year,value,source\n"
        var done = Set<String>()
        for t in plan.targets where ![.shareOfGrowth, .growthRate, .direction].contains(t.kind) {
            let years = t.kind == .countVersusBase ? (t.basePeriod!.from...t.period!.to)
                : (t.period ?? plan.period).years
            for y in years where done.insert("\(t.indicator)|\(y)").inserted {
                out += "\(CSVField.escape(plan.region)),\(t.indicator),\(y),,\n"
            }
        }
        return out
    }
}

/// Region names compared without diacritics, case or spacing (Đà Nẵng = Da Nang).
public enum PlanRegion {
    public static func key(_ name: String) -> String {
        name.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .filter { $0.isLetter || $0.isNumber }
    }
}

extension CSVField {
    static func escape(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
