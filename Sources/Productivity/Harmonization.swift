import DataIO

/// Re-aggregation of a 63-province panel to the 34 provincial units in force
/// from 1 July 2025 (National Assembly Resolution 202/2025/QH15).
///
/// Additive quantities (output at constant and current prices, capital,
/// investment, employment) are summed. Weights and ratios are never averaged
/// plainly: the labour share is weighted by output at current prices (output
/// when there is none), hours and human capital by employment, depreciation
/// by capital — so that the unit's ratio is the ratio of its sums. Productivity
/// is recomputed downstream from the summed output and employment.
/// A unit with a member missing in a year is missing that year (and reported),
/// never a partial sum presented as whole.
public enum Harmonization {
    /// The roles summed over a unit's member provinces.
    public static let additiveRoles: [Role] = [.output, .outputNominal, .capital, .investment, .employment]

    /// The weight of each ratio role.
    /// - Parameters:
    ///   - role: a role of the panel.
    ///   - panel: the panel (whether it has output at current prices decides the labour share's weight).
    /// - Returns: output at current prices (output when the panel has none) for the labour share, employment for
    ///   hours and human capital, capital for depreciation; nil for any other role (an additive role, or a ratio
    ///   without a weight, which is not computed).
    public static func weight(of role: Role, in panel: Panel) -> Role? {
        switch role {
        case .labourShare: panel.has(.outputNominal) ? .outputNominal : .output
        case .hours, .humanCapital: .employment
        case .depreciation: .capital
        default: nil
        }
    }

    /// A 2025 unit-year left out because some member provinces have no row that year.
    public struct IncompleteUnitYear: Sendable, Codable, Equatable {
        /// The 2025 unit.
        public let unit: String
        /// The year.
        public let year: Int
        /// The member provinces without a row that year.
        public let missing: [String]
    }

    /// A harmonised panel, and what could not be computed.
    public struct Result: Sendable, Codable, Equatable {
        /// The panel by 2025 unit (and sector): sectors in order, units by name, years in order.
        public let panel: Panel
        /// Unit-years left out because a member province has no row that year.
        public let incomplete: [IncompleteUnitYear]
        /// Unit-years not computed, and values missing for a member.
        public let diagnostics: Diagnostics
    }

    /// Re-aggregates a panel of the 63 provinces to the 34 units of 2025.
    /// - Parameters:
    ///   - panel: one series per province (and sector), regions named in any form the reference knows.
    ///   - reference: the provinces and their 2025 units (`RegionReference.bundled()`).
    /// - Returns: the harmonised panel, the unit-years left out and the notes.
    /// - Throws: `DataIOError` when a region is not a province of the reference (`unknownRegion`), or when two series
    ///   are the same province and sector (`duplicateKey`).
    public static func to2025(_ panel: Panel, reference: RegionReference) throws(DataIOError) -> Result {
        // Each series must be a province (sector panels are harmonised per sector).
        var rowsOf: [String: [Int: Int]] = [:]  // "province code|sector" → year → row
        var sectors = Set<String>()
        for s in panel.series {
            let p = try reference.province(s.region, at: FileLocation(file: panel.file, line: panel.lines[s.rows.lowerBound], columnName: "region"))
            let key = "\(p.code)|\(s.sector ?? "")"
            if rowsOf[key] != nil {
                throw .duplicateKey(
                    FileLocation(file: panel.file, line: panel.lines[s.rows.lowerBound], columnName: "region"),
                    key: "\(s.region) (\(p.name))", firstLine: 0)
            }
            sectors.insert(s.sector ?? "")
            var byYear: [Int: Int] = [:]
            for r in s.rows { byYear[panel.years[r]] = r }
            rowsOf[key] = byYear
        }
        let years = Array(Set(panel.years)).sorted()
        let roles = Role.numericRoles.filter { panel.has($0) }
        var diagnostics = Diagnostics()
        var incomplete: [IncompleteUnitYear] = []
        var series: [Panel.Series] = []
        var outYears: [Int] = [], outLines: [Int] = []
        var values: [Role: [Double]] = [:]
        for role in roles { values[role] = [] }
        for sector in sectors.sorted() {
            for (unit, members) in reference.units2025.sorted(by: { $0.unit < $1.unit }) {
                let start = outYears.count
                for year in years {
                    let rows = members.map { rowsOf["\($0.code)|\(sector)"]?[year] }
                    let missing = zip(members, rows).filter { $0.1 == nil }.map(\.0.name)
                    if missing.count == members.count { continue }  // the unit is absent that year
                    if !missing.isEmpty {
                        incomplete.append(IncompleteUnitYear(unit: unit, year: year, missing: missing))
                        diagnostics.add(.unitNotComputed(unit: unit, year: year, missing: missing, members: members.map(\.name)))
                        continue
                    }
                    let present = rows.map { $0! }
                    for role in roles {
                        let column = panel.values[role]!
                        let v: Double
                        if additiveRoles.contains(role) {
                            v = present.contains { column[$0].isNaN } ? .nan : present.reduce(0) { $0 + column[$1] }
                        } else if let w = weight(of: role, in: panel), let weights = panel.values[w] {
                            let pairs = present.map { (column[$0], weights[$0]) }
                            v =
                                pairs.contains { $0.0.isNaN || $0.1.isNaN }
                                ? .nan
                                : pairs.reduce(0) { $0 + $1.0 * $1.1 } / pairs.reduce(0) { $0 + $1.1 }
                        } else {
                            v = .nan
                        }
                        if v.isNaN && members.count > 1 && !present.allSatisfy({ column[$0].isNaN }) {
                            diagnostics.add(.memberMissing(unit: unit, year: year, role: role.rawValue))
                        }
                        values[role]!.append(v)
                    }
                    outYears.append(year)
                    outLines.append(0)
                }
                if outYears.count > start {
                    series.append(Panel.Series(region: unit, sector: sector.isEmpty ? nil : sector, rows: start..<outYears.count))
                }
            }
        }
        let harmonised = Panel(file: panel.file, series: series, years: outYears, lines: outLines, values: values)
        return Result(panel: harmonised, incomplete: incomplete, diagnostics: diagnostics)
    }
}
