import Foundation
import Tabular

extension Panel {
    /// A panel from statistical-yearbook tables, one per role (issue 11, `--yearbook
    /// ROLE=FILE` on every command): each table is recognised as `tfp import` does (title
    /// rows, year columns, the yearbooks' marks, totals and aggregates left out), and the
    /// tables are joined on region and year. Regions match by `RegionReference.key`, so
    /// "TP. Hà Nội" in one table and "Hà Nội" in another are one region (shown as first
    /// written). A region-year that one table lacks is missing for that role only.
    public static func joining(_ tables: [(role: Role, table: YearbookTable)], required: Set<Role>) throws(DataIOError) -> Panel {
        let file = tables.map { "\($0.role.rawValue)=\($0.table.file)" }.joined(separator: ", ")
        var seenRoles = Set<Role>()
        for (role, _) in tables where !seenRoles.insert(role).inserted {
            throw .invalidOption("the yearbook tables give '\(role.rawValue)' twice; give one table per role")
        }
        for role in required.subtracting([.region, .year]).sorted(by: { $0.rawValue < $1.rawValue }) where !seenRoles.contains(role) {
            throw .invalidOption("the yearbook tables give no '\(role.rawValue)'; add \(Setting.yearbook.reference("\(role.rawValue)=FILE")) (a wide yearbook table of it)")
        }
        // Regions in order of first appearance, years sorted within each.
        var order: [String] = [], names: [String: String] = [:]
        var cells: [String: [Int: (values: [Role: Double], line: Int)]] = [:]
        for (role, table) in tables {
            var firstLine: [String: Int] = [:]
            for e in table.entries {
                let key = RegionReference.key(e.region)
                guard !key.isEmpty else { continue }
                if let first = firstLine["\(key)|\(e.year)"] {
                    throw .duplicateKey(FileLocation(file: table.file, line: e.line, column: 1, columnName: nil), key: "\(e.region), \(e.year)", firstLine: first)
                }
                firstLine["\(key)|\(e.year)"] = e.line
                if names[key] == nil { names[key] = e.region; order.append(key) }
                var year = cells[key, default: [:]][e.year] ?? (values: [:], line: e.line)
                if let v = e.value { year.values[role] = v }
                cells[key, default: [:]][e.year] = year
            }
        }
        guard !order.isEmpty else { throw .noDataRows(file: file) }
        var series: [Series] = [], years: [Int] = [], lines: [Int] = []
        var columns: [Role: [Double]] = [:]
        for (role, _) in tables { columns[role] = [] }
        for key in order {
            let byYear = cells[key] ?? [:]
            let start = years.count
            for year in byYear.keys.sorted() {
                guard let cell = byYear[year] else { continue }
                years.append(year)
                lines.append(cell.line)
                for (role, _) in tables { columns[role, default: []].append(cell.values[role] ?? .nan) }
            }
            series.append(Series(region: names[key] ?? key, sector: nil, rows: start..<years.count))
        }
        return Panel(file: file, series: series, years: years, lines: lines, values: columns)
    }
}
