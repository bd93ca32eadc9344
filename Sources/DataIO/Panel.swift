import Foundation
import Tabular

/// A long-format panel: one row per region (and sector) and year, sorted by
/// series then year. Missing numeric cells are NaN. Built from a file by
/// `Panel.read`, which validates it (see `Panel+CSV.swift`).
public struct Panel: Sendable, Codable, Equatable {
    /// One time series: a region, or a region and sector.
    public struct Series: Sendable, Hashable, Codable {
        public let region: String
        public let sector: String?
        /// Rows of this series in the panel, in year order.
        public let rows: Range<Int>
        public var label: String { sector.map { "\(region) / \($0)" } ?? region }

        public init(region: String, sector: String?, rows: Range<Int>) {
            self.region = region
            self.sector = sector
            self.rows = rows
        }
    }

    public let file: String
    public let series: [Series]
    public let years: [Int]
    /// Source line of each row, for messages.
    public let lines: [Int]
    public let values: [Role: [Double]]
    /// Columns read for a role because their header stands for it (HeaderNames), not by name or --column.
    public var recognisedHeaders: [(role: Role, header: String)] = []

    public init(file: String, series: [Series], years: [Int], lines: [Int], values: [Role: [Double]]) {
        self.file = file
        self.series = series
        self.years = years
        self.lines = lines
        self.values = values
    }

    public var rowCount: Int { years.count }

    /// The years a panel may hold (checked on reading).
    public static let validYears = 1000...9999
    public func has(_ role: Role) -> Bool { values[role] != nil }

    /// The value of `role` in `row`, nil when the column is absent or the cell is empty.
    public func value(_ role: Role, _ row: Int) -> Double? {
        guard let column = values[role] else { return nil }
        let v = column[row]
        return v.isNaN ? nil : v
    }

    /// A copy with one more numeric column (for derived series such as capital by perpetual inventory).
    public func adding(_ role: Role, _ column: [Double]) -> Panel {
        precondition(column.count == rowCount)
        var v = values
        v[role] = column
        return Panel(file: file, series: series, years: years, lines: lines, values: v)
    }

    /// Labour input per row: employment × hours × human capital, using those present
    /// (DESIGN.md). A factor whose column exists but is empty for every year of a
    /// series is left out for that series (as the Penn World Table does for
    /// countries without hours), so that a series never mixes two measures; the
    /// notes say where. NaN where employment, or a factor the series has, is missing.
    ///
    /// `acrossSeries`: for comparisons between series (benchmarks, DEA), a factor is
    /// used only when every series has it, so that no region's person-hours are set
    /// against another's persons (issue 8); otherwise it is left out for all, with a note.
    public func labourInput(acrossSeries: Bool = false) -> (values: [Double], notes: [Diagnostics.Note]) {
        guard let employment = values[.employment] else { return ([Double](repeating: .nan, count: rowCount), []) }
        var input = employment
        var notes: [Diagnostics.Note] = []
        for role in [Role.hours, .humanCapital] {
            guard let factor = values[role] else { continue }
            if acrossSeries {
                let lacking = series.filter { s in s.rows.allSatisfy { factor[$0].isNaN } }
                if !lacking.isEmpty {
                    notes.append(.factorMissingForSomeSeries(factor: role.rawValue, missing: lacking.count, of: series.count, examples: lacking.prefix(3).map(\.label)))
                    continue
                }
            }
            for s in series {
                if s.rows.allSatisfy({ factor[$0].isNaN }) {
                    notes.append(.factorMissingInSeries(series: s.label, factor: role.rawValue))
                    continue
                }
                for i in s.rows { input[i] *= factor[i] }
            }
        }
        return (input, notes)
    }

    /// Which labour measure `labourInput()` is, in words.
    public var labourInputDescription: String {
        var parts = ["employment"]
        if has(.hours) { parts.append("hours") }
        if has(.humanCapital) { parts.append("human capital") }
        return parts.joined(separator: " × ")
    }
}

extension Panel {
    /// The rows of one region's series, as a panel of its own.
    public func restrictedToRegion(_ region: String) -> Panel? {
        series.first(where: { $0.region == region }).map(restricted(to:))
    }

    /// The rows of one series, as a panel of its own.
    public func restricted(to series: Series) -> Panel {
        let rows = Array(series.rows)
        var values: [Role: [Double]] = [:]
        for (role, column) in self.values { values[role] = rows.map { column[$0] } }
        return Panel(
            file: file, series: [Panel.Series(region: series.region, sector: series.sector, rows: 0..<rows.count)],
            years: rows.map { years[$0] }, lines: rows.map { lines[$0] }, values: values)
    }

    /// The series of the named regions only (every sector of each), matched as region
    /// names are everywhere (RegionReference.key: diacritics, case and "TP."/"Tỉnh" aside).
    /// A name that matches no series of the panel is refused with the nearest names it has.
    public func restricted(toRegions names: [String]) throws(DataIOError) -> Panel {
        try restricted(toRegions: names, index: RegionIndex(self))
    }

    /// ``restricted(toRegions:)`` with the panel's region keys computed once (`tfp run` restricts one
    /// panel to each of thousands of regions: keying every series for every region was quadratic).
    package func restricted(toRegions names: [String], index: RegionIndex) throws(DataIOError) -> Panel {
        for name in names where name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalidOption("\(Setting.region.reference) needs a region's name; got an empty one")
        }
        let wanted = names.map(RegionReference.key)
        for (name, key) in zip(names, wanted) where index.seriesByKey[key] == nil {
            // A name longer than any region's is neither echoed whole nor compared (edit distance is quadratic).
            let shown = name.count > 100 ? String(name.prefix(60)) + "…" : name
            let nearest =
                name.count > 100
                ? []
                : Array(Set(series.map(\.region)))
                    .map { (name: $0, distance: editDistance(key, RegionReference.key($0))) }
                    .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(3).map(\.name)
            throw .regionNotInData(file: file, name: shown, suggestions: nearest)
        }
        // The series of the wanted regions, in the panel's order, each once.
        let chosen = Set(wanted).flatMap { index.seriesByKey[$0] ?? [] }.sorted()
        var rows: [Int] = [], kept: [Series] = []
        for k in chosen {
            let s = series[k]
            kept.append(Series(region: s.region, sector: s.sector, rows: rows.count..<(rows.count + s.rows.count)))
            rows += Array(s.rows)
        }
        var values: [Role: [Double]] = [:]
        for (role, column) in self.values { values[role] = rows.map { column[$0] } }
        return Panel(file: file, series: kept, years: rows.map { years[$0] }, lines: rows.map { lines[$0] }, values: values)
    }
}

/// A panel's series by region key (`RegionReference.key`), built once for many restrictions.
package struct RegionIndex: Sendable {
    let seriesByKey: [String: [Int]]

    package init(_ panel: Panel) {
        var byKey: [String: [Int]] = [:]
        for (k, s) in panel.series.enumerated() { byKey[RegionReference.key(s.region), default: []].append(k) }
        seriesByKey = byKey
    }
}

// The panel as JSON (issue 9): `file`, `series` (region, sector, rows as [lower, upper)), `years`,
// `lines`, `values` by role name (an empty cell is null) and `recognised_headers`. Decoding checks
// what reading a file guarantees (rows of every series inside the panel, one year and one line per
// row, one value per row in every column), so a decoded panel cannot be read out of range.
extension Panel {
    enum CodingKeys: String, CodingKey {
        case file, series, years, lines, values, recognisedHeaders = "recognised_headers"
    }

    struct RecognisedHeader: Codable {
        let role: Role
        let header: String
    }

    /// Encodes the panel, roles by name, empty cells as null.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: the encoder's errors.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(series, forKey: .series)
        try c.encode(years, forKey: .years)
        try c.encode(lines, forKey: .lines)
        var columns: [String: [Double?]] = [:]
        for (role, column) in values { columns[role.rawValue] = column.map { $0.isNaN ? nil : $0 } }
        try c.encode(columns, forKey: .values)
        try c.encode(recognisedHeaders.map { RecognisedHeader(role: $0.role, header: $0.header) }, forKey: .recognisedHeaders)
    }

    /// Decodes a panel written by ``encode(to:)``.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` for a missing or mistyped member, an unknown role, or a panel whose rows,
    ///   years, lines and columns do not agree.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let file = try c.decode(String.self, forKey: .file)
        let series = try c.decode([Series].self, forKey: .series)
        let years = try c.decode([Int].self, forKey: .years)
        let lines = try c.decode([Int].self, forKey: .lines)
        guard lines.count == years.count else {
            throw DecodingError.dataCorruptedError(forKey: .lines, in: c, debugDescription: "\(lines.count) lines for \(years.count) rows")
        }
        for s in series where s.rows.lowerBound < 0 || s.rows.upperBound > years.count {
            throw DecodingError.dataCorruptedError(
                forKey: .series, in: c, debugDescription: "series \(s.label) has rows \(s.rows) in a panel of \(years.count) rows")
        }
        // What reading a file guarantees and the computations assume: valid years, rising within a
        // series, and no row in two series.
        for (row, year) in years.enumerated() where !Panel.validYears.contains(year) {
            throw DecodingError.dataCorruptedError(forKey: .years, in: c, debugDescription: "row \(row) has the year \(year), outside \(Panel.validYears)")
        }
        for s in series where s.rows.count > 1 {
            for r in s.rows.dropFirst() where years[r] <= years[r - 1] {
                throw DecodingError.dataCorruptedError(forKey: .years, in: c, debugDescription: "series \(s.label): the years do not rise at row \(r)")
            }
        }
        var end = 0
        for s in series.sorted(by: { $0.rows.lowerBound < $1.rows.lowerBound }) where !s.rows.isEmpty {
            guard s.rows.lowerBound >= end else {
                throw DecodingError.dataCorruptedError(forKey: .series, in: c, debugDescription: "series \(s.label) shares rows with another series")
            }
            end = s.rows.upperBound
        }
        var values: [Role: [Double]] = [:]
        for (name, column) in try c.decode([String: [Double?]].self, forKey: .values) {
            guard let role = Role(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .values, in: c, debugDescription: "no role is called \"\(name)\"")
            }
            guard column.count == years.count else {
                throw DecodingError.dataCorruptedError(forKey: .values, in: c, debugDescription: "\(name) has \(column.count) values for \(years.count) rows")
            }
            values[role] = column.map { $0 ?? .nan }
        }
        self.init(file: file, series: series, years: years, lines: lines, values: values)
        recognisedHeaders = try c.decodeIfPresent([RecognisedHeader].self, forKey: .recognisedHeaders)?.map { ($0.role, $0.header) } ?? []
    }

    /// Equal files, series, years, lines, recognised headers and values, two empty cells being equal.
    /// - Parameters:
    ///   - a: a panel.
    ///   - b: another panel.
    /// - Returns: `true` when they hold the same data.
    public static func == (a: Panel, b: Panel) -> Bool {
        guard a.file == b.file, a.series == b.series, a.years == b.years, a.lines == b.lines,
            a.recognisedHeaders.elementsEqual(b.recognisedHeaders, by: { $0.role == $1.role && $0.header == $1.header }),
            Set(a.values.keys) == Set(b.values.keys)
        else { return false }
        return a.values.allSatisfy { role, column in
            guard let other = b.values[role] else { return false }
            return column.elementsEqual(other) { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
    }
}
