import Foundation

extension Panel {
    /// Reads and validates a long-format panel (DESIGN.md, "Input data").
    ///
    /// - `required`: roles that must have a column; `region` and `year` always do.
    /// - Every other role is read when its column exists.
    /// - Errors (file, line, column and what was expected): a missing column,
    ///   text in a number, a value outside the role's range, a duplicated
    ///   (region, sector, year). Region names are compared under Unicode
    ///   canonical equivalence, so NFC and NFD spellings are one region.
    public static func read(
        path: String, options: CSVOptions = CSVOptions(), mapping: ColumnMapping = ColumnMapping(),
        required: Set<Role> = []
    ) throws(DataIOError) -> Panel {
        let reader = try CSVReader(path: path, options: options)
        // Roles recognised from the headers departments write (said by the caller from `recognisedHeaders`).
        var mapping = mapping
        let recognised = HeaderNames.recognise(reader.header, mapping: mapping)
        for (role, name) in recognised { mapping.assign(role, to: name) }
        var requests: [(name: String, kind: ColumnKind)] = []
        var roleOfRequest: [Role] = []
        for role in Role.allCases {
            let name = mapping.name(of: role)
            let present = reader.header.contains(name)
            if !present {
                if required.contains(role) || role == .region || role == .year {
                    throw .missingColumn(file: path, role: role.rawValue, name: name, header: reader.header)
                }
                if mapping.names[role] != nil {
                    throw .missingColumn(file: path, role: role.rawValue, name: name, header: reader.header)
                }
                continue
            }
            let kind: ColumnKind =
                switch role {
                case .region, .sector: .text
                case .year: .integer
                default: .number
                }
            requests.append((name, kind))
            roleOfRequest.append(role)
        }
        let data = try CSVColumns.read(reader, requests: requests)
        guard data.rowCount > 0 else { throw .noDataRows(file: path) }
        let lines = data.lines.map(Int.init)
        guard let regionColumn = data.text(mapping.name(of: .region)), let years = data.integers(mapping.name(of: .year)) else {
            throw .missingColumn(file: path, role: Role.region.rawValue, name: mapping.name(of: .region), header: reader.header)
        }
        let sectorColumn = data.text(mapping.name(of: .sector))
        // Every row needs its region (and sector, when there is one).
        for (role, column) in [(Role.region, Optional(regionColumn)), (.sector, sectorColumn)] {
            guard let column, let empty = column.levels.firstIndex(of: "") else { continue }
            if let row = column.codes.firstIndex(of: Int32(empty)), let field = reader.header.firstIndex(of: mapping.name(of: role)) {
                throw .emptyKey(reader.location(line: lines[row], field: field))
            }
        }
        // Years are four-digit calendar years: this also keeps every later year
        // difference and offset far from Int overflow.
        if let yearField = reader.header.firstIndex(of: mapping.name(of: .year)) {
            for (row, year) in years.enumerated() where !Panel.validYears.contains(year) {
                throw .outOfRange(
                    reader.location(line: lines[row], field: yearField), value: Double(year),
                    expected: "a calendar year between \(Panel.validYears.lowerBound) and \(Panel.validYears.upperBound)")
            }
        }

        // Range checks, with the cell's position.
        var numeric: [Role: [Double]] = [:]
        for (k, role) in roleOfRequest.enumerated() {
            guard let column = data.numbers(requests[k].name) else { continue }
            if let range = role.validRange {
                let field = reader.header.firstIndex(of: requests[k].name) ?? 0
                for (row, v) in column.enumerated() where !v.isNaN && !range.check(v) {
                    throw .outOfRange(reader.location(line: lines[row], field: field), value: v, expected: range.expected)
                }
            }
            numeric[role] = column
        }

        // Sort rows by (series, year) and check keys are unique.
        let n = data.rowCount
        // Series are ordered by name (not by first appearance), so results do not depend on row order.
        let regionRank = rankByName(regionColumn.levels)
        let sectorRank = sectorColumn.map { rankByName($0.levels) }
        let seriesKey: [Int] = (0..<n).map { row in
            let r = regionRank[Int(regionColumn.codes[row])]
            guard let sectorColumn, let sectorRank else { return r }
            return r * (sectorColumn.levels.count + 1) + sectorRank[Int(sectorColumn.codes[row])] + 1
        }
        let order = (0..<n).sorted { (a: Int, b: Int) -> Bool in
            if seriesKey[a] != seriesKey[b] { return seriesKey[a] < seriesKey[b] }
            if years[a] != years[b] { return years[a] < years[b] }
            return lines[a] < lines[b]
        }
        var series: [Series] = []
        var sortedYears: [Int] = []
        var sortedLines: [Int] = []
        sortedYears.reserveCapacity(n)
        sortedLines.reserveCapacity(n)
        var start = 0
        for (position, row) in order.enumerated() {
            if position > 0 {
                let previous = order[position - 1]
                if seriesKey[previous] == seriesKey[row] && years[previous] == years[row] {
                    let field = reader.header.firstIndex(of: mapping.name(of: .year)) ?? 0
                    let label = regionColumn.levels[Int(regionColumn.codes[row])]
                    throw .duplicateKey(
                        reader.location(line: lines[row], field: field),
                        key: "\(label), \(years[row])", firstLine: lines[previous])
                }
                if seriesKey[previous] != seriesKey[row] {
                    series.append(makeSeries(order[start], start..<position, regionColumn, sectorColumn))
                    start = position
                }
            }
            sortedYears.append(years[row])
            sortedLines.append(lines[row])
        }
        if n > 0 { series.append(makeSeries(order[start], start..<n, regionColumn, sectorColumn)) }
        var sortedValues: [Role: [Double]] = [:]
        for (role, column) in numeric { sortedValues[role] = order.map { column[$0] } }
        var panel = Panel(file: path, series: series, years: sortedYears, lines: sortedLines, values: sortedValues)
        panel.recognisedHeaders = recognised.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
        return panel
    }

    private static func rankByName(_ levels: [String]) -> [Int] {
        var rank = [Int](repeating: 0, count: levels.count)
        for (r, code) in levels.indices.sorted(by: { levels[$0] < levels[$1] }).enumerated() { rank[code] = r }
        return rank
    }

    private static func makeSeries(
        _ row: Int, _ rows: Range<Int>, _ region: (codes: [Int32], levels: [String]),
        _ sector: (codes: [Int32], levels: [String])?
    ) -> Series {
        Series(
            region: region.levels[Int(region.codes[row])],
            sector: sector.map { $0.levels[Int($0.codes[row])] }, rows: rows)
    }
}
