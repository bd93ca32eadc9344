import Foundation
import Tabular

/// A statistical-yearbook table (Niên giám thống kê) turned into long rows
/// (issue 11): one row per region and year, with what was recognised on the way.
///
/// The layout read is the yearbooks' wide table: title rows, a header row with
/// one column per year ("2022", "Sơ bộ 2022", "Prel. 2022", "Năm 2022", "2022*"),
/// one row per unit (the first text cell left of the years is its name),
/// headings without numbers, and notes below. Cells holding the yearbooks' marks
/// are missing values with their meaning counted: `-` (no occurrence), `..` and
/// `…` (not available), `x` (confidential, Statistics Law 2015 art. 57), and empty.
/// Totals and regional aggregates ("Cả nước", "Tổng số", the six socio-economic
/// regions) are recognised by name and kept out, reported.
public struct YearbookTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public let region: String
        public let year: Int
        /// nil: a missing mark or an empty cell (counted in `missing`).
        public let value: Double?
        public let preliminary: Bool
        public let line: Int
    }

    public struct YearColumn: Sendable, Equatable {
        public let year: Int
        public let preliminary: Bool
        public let header: String
    }

    public let file: String
    public let headerLine: Int
    public let titleLines: [(line: Int, text: String)]
    public let noteLines: [(line: Int, text: String)]
    public let headingLines: [(line: Int, text: String)]
    public let years: [YearColumn]
    public let entries: [Entry]
    /// Missing cells by meaning ("not available (..)": 4).
    public let missing: [String: Int]
    public let aggregates: [(line: Int, name: String)]
    /// Names that are neither a province nor an aggregate (kept: a district or a sector).
    public let unrecognisedNames: [String]
    /// The unit stated in a title or header ("Tỷ đồng").
    public let unit: String?

    // MARK: Recognition

    /// Reads the year (1900-2100) in a header cell, and whether it is preliminary or an estimate.
    public static func yearColumn(_ text: String) -> YearColumn? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return nil }
        let digits = trimmed.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).map(String.init).filter { $0.count == 4 }
        guard digits.count == 1, let year = Int(digits[0]), (1900...2100).contains(year) else { return nil }
        let rest = RegionReference.key(trimmed.replacingOccurrences(of: String(year), with: " "))
        let preliminaryWords = ["sobo", "prel", "preliminary", "uoc", "uoctinh", "est", "estimate", "estimated"]
        let yearWords = ["nam", "year"]
        let starred = trimmed.contains("*")
        guard rest.isEmpty || preliminaryWords.contains(rest) || yearWords.contains(rest) else { return nil }
        return YearColumn(year: year, preliminary: starred || preliminaryWords.contains(rest), header: trimmed)
    }

    /// The meaning of a yearbook mark, or nil when the cell is not a mark.
    package static func missingMeaning(_ text: String) -> String? {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "": "empty"
        case "-", "–", "—": "no occurrence (-)"
        case "..", "...", "…": "not available (..)"
        case "x", "X": "confidential (x)"
        default: nil
        }
    }

    /// Totals and regional aggregates, by comparison key (no diacritics, case or spaces).
    static let aggregateKeys: Set<String> = Set(
        [
            "Cả nước", "Toàn quốc", "Tổng số", "Tổng cộng", "Tổng", "Whole country", "Total", "Country total",
            "Đồng bằng sông Hồng", "Trung du và miền núi phía Bắc", "Bắc Trung Bộ và duyên hải miền Trung",
            "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long",
            "Red River Delta", "Northern midlands and mountain areas", "Northern Midlands and Mountainous Areas",
            "North Central and Central coastal areas", "North Central and South Central Coast", "Central Highlands",
            "South East", "Southeast", "Mekong River Delta",
        ].map(RegionReference.key))

    package static func isAggregate(_ name: String) -> Bool { aggregateKeys.contains(RegionReference.key(name)) }

    /// The same table with its aggregate rows read as regions (`--keep-aggregates`).
    public func withAggregates(from grid: TextGrid, decimal: DecimalStyle) -> YearbookTable {
        (try? Self.recognise(grid, decimal: decimal, reference: nil, keepAggregates: true)) ?? self
    }

    static let noteStarts = ["(", "*", "nguồn", "source", "ghi chú", "note", "chú thích", "số liệu", "data"]

    /// Recognises the table. Errors name the cell: a value that is neither a
    /// number nor a mark, a region twice, no year header.
    public static func recognise(
        _ grid: TextGrid, decimal: DecimalStyle, reference: RegionReference? = nil,
        keepAggregates: Bool = false
    ) throws(DataIOError) -> YearbookTable {
        guard let headerIndex = grid.rows.firstIndex(where: { row in row.cells.compactMap(yearColumn).count >= 2 }) else {
            throw .unsupportedFormat(
                file: grid.file,
                reason:
                    "no row has two or more years as column headings (2021, Sơ bộ 2022, Prel. 2022); tfp import reads wide yearbook tables, one column per year; a long table (region, year, value) is read directly by every command"
            )
        }
        let header = grid.rows[headerIndex]
        var yearColumns: [(index: Int, column: YearColumn)] = []
        var seenYears: [Int: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            guard let column = yearColumn(cell) else { continue }
            if let first = seenYears[column.year] {
                throw .unsupportedFormat(
                    file: grid.file,
                    reason:
                        "\(grid.location(header, index: index)): the year \(column.year) heads two columns (also column \(header.firstColumn + first)); give \(Setting.range.reference) to read one block"
                )
            }
            seenYears[column.year] = index
            yearColumns.append((index, column))
        }
        let firstYearIndex = yearColumns[0].index
        // A merged title fills every cell it spans: each text once.
        func distinct(_ cells: [String]) -> String {
            var seen = Set<String>()
            return cells.filter { seen.insert($0).inserted }.joined(separator: " ")
        }
        let titles = grid.rows[..<headerIndex].compactMap { row in row.nonEmpty.isEmpty ? nil : (row.line, distinct(row.nonEmpty)) }
        let unit = (titles.map(\.1) + [header.cells[..<firstYearIndex].joined(separator: " ")]).lazy.compactMap(Self.unit).first

        let parser = NumberParser(style: decimal)
        var entries: [Entry] = [], notes: [(Int, String)] = [], headings: [(Int, String)] = []
        var missing: [String: Int] = [:], aggregates: [(Int, String)] = [], unrecognised: [String] = []
        var seenRegions: [String: Int] = [:]
        var inNotes = false
        for row in grid.rows[(headerIndex + 1)...] {
            let nonEmpty = row.nonEmpty
            if nonEmpty.isEmpty { continue }
            let label =
                row.cells.prefix(firstYearIndex).map { $0.trimmingCharacters(in: .whitespaces) }
                .first { !$0.isEmpty && Double($0) == nil } ?? ""
            let first = nonEmpty[0].trimmingCharacters(in: .whitespaces).lowercased()
            let values = yearColumns.map { $0.index < row.cells.count ? row.cells[$0.index] : "" }
            let hasValues = values.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if inNotes || noteStarts.contains(where: { first.hasPrefix($0) }) || (label.isEmpty && nonEmpty.count == 1) {
                // Notes run to the end of the table once they start.
                inNotes = true
                notes.append((row.line, distinct(nonEmpty)))
                continue
            }
            guard hasValues, !label.isEmpty else {
                headings.append((row.line, distinct(nonEmpty)))
                continue
            }
            if !keepAggregates, isAggregate(label) {
                aggregates.append((row.line, label))
                continue
            }
            let key = RegionReference.key(label)
            if let firstLine = seenRegions[key] {
                throw .duplicateKey(FileLocation(file: grid.file, line: row.line, sheet: grid.sheet), key: label, firstLine: firstLine)
            }
            seenRegions[key] = row.line
            if let reference, reference.resolve(label) == nil { unrecognised.append(label) }
            for (k, column) in yearColumns.enumerated() {
                let text = values[k]
                if let meaning = missingMeaning(text) {
                    missing[meaning, default: 0] += 1
                    entries.append(Entry(region: label, year: column.column.year, value: nil, preliminary: column.column.preliminary, line: row.line))
                    continue
                }
                switch parser.parse(normalisedThousands(text, decimal: decimal)) {
                case .value(let v):
                    entries.append(Entry(region: label, year: column.column.year, value: v, preliminary: column.column.preliminary, line: row.line))
                case .missing:
                    missing["empty", default: 0] += 1
                    entries.append(Entry(region: label, year: column.column.year, value: nil, preliminary: column.column.preliminary, line: row.line))
                case .invalid(let hint):
                    throw .notANumber(grid.location(row, index: column.index), text: text, hint: hint)
                }
            }
        }
        guard !entries.isEmpty else { throw .noDataRows(file: grid.file) }
        return YearbookTable(
            file: grid.file, headerLine: header.line, titleLines: titles, noteLines: notes, headingLines: headings,
            years: yearColumns.map(\.column), entries: entries, missing: missing, aggregates: aggregates,
            unrecognisedNames: unrecognised, unit: unit)
    }

    /// In point style, commas that group thousands exactly (`1,234,567.8`) are removed; spaces
    /// (and no-break spaces) between digit groups too. Anything else is left for the parser to judge.
    static func normalisedThousands(_ text: String, decimal: DecimalStyle) -> String {
        var s = text.trimmingCharacters(in: .whitespaces)
        let groupedBySpaces = s.range(of: #"^-?\d{1,3}([  ]\d{3})+([.,]\d+)?$"#, options: .regularExpression) != nil
        if groupedBySpaces { s = s.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "") }
        if decimal == .point, s.range(of: #"^-?\d{1,3}(,\d{3})+(\.\d+)?$"#, options: .regularExpression) != nil {
            s = s.replacingOccurrences(of: ",", with: "")
        }
        return s
    }

    /// Units as yearbooks state them ("Đơn vị tính: Tỷ đồng", "(Nghìn người)", "Unit: Bill. dongs").
    static func unit(_ text: String) -> String? {
        let known = [
            "Tỷ đồng", "Triệu đồng", "Nghìn đồng", "Nghìn người", "Người", "Nghìn tỷ đồng", "Triệu USD", "Nghìn USD",
            "Bill. dongs", "Mill. dongs", "Thous. persons", "Person", "%",
        ]
        let lower = text.lowercased()
        if let marker = lower.range(of: "đơn vị tính:") ?? lower.range(of: "đvt:") ?? lower.range(of: "unit:") {
            let after = text[marker.upperBound...].trimmingCharacters(in: .whitespaces)
            let value = after.split(whereSeparator: { $0 == ";" || $0 == ")" || $0 == "\n" }).first.map(String.init) ?? after
            if !value.isEmpty { return value.trimmingCharacters(in: .whitespaces) }
        }
        return known.first { lower.contains($0.lowercased()) && $0 != "%" } ?? (text.contains("(%)") ? "%" : nil)
    }

    // MARK: Output

    /// The long table: `region,year,NAME,preliminary` with missing cells left empty.
    public func longCSV(valueName: String) -> String {
        var out = "region,year,\(CSVText.escape(valueName)),preliminary\n"
        for e in entries {
            let value = e.value.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" } ?? ""
            out += "\(CSVText.escape(CSVText.neutralizingFormula(e.region))),\(e.year),\(value),\(e.preliminary)\n"
        }
        return out
    }

    /// What was recognised, in sentences, for the person who runs the import.
    public var summary: [String] {
        var lines: [String] = []
        let location = { (line: Int) in "line \(line)" }
        lines.append(
            "Header found on \(location(headerLine))" + (titleLines.isEmpty ? "" : ", below \(titleLines.count) title row(s): " + titleLines.map { "'\($0.text)'" }.joined(separator: "; ")) + ".")
        let prelim = years.filter(\.preliminary)
        lines.append(
            "Years: \(years.map { String($0.year) }.joined(separator: ", "))"
                + (prelim.isEmpty ? "" : "; preliminary or estimated: " + prelim.map { "\($0.year) ('\($0.header)')" }.joined(separator: ", ")) + ".")
        if let unit { lines.append("Unit: \(unit).") }
        let regions = Set(entries.map(\.region)).count
        lines.append("\(entries.count) values for \(regions) region(s) written; \(entries.filter { $0.value == nil }.count) of them missing.")
        if !missing.isEmpty {
            lines.append("Missing cells: " + missing.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + ".")
        }
        if !aggregates.isEmpty {
            lines.append("\(aggregates.count) total or regional aggregate row(s) left out: " + aggregates.map { "'\($0.name)' (line \($0.line))" }.joined(separator: ", ") + ".")
        }
        if !headingLines.isEmpty {
            lines.append("\(headingLines.count) heading row(s) without numbers left out: " + headingLines.map { "'\($0.text)' (line \($0.line))" }.joined(separator: ", ") + ".")
        }
        if !noteLines.isEmpty {
            lines.append("\(noteLines.count) note row(s) below the table left out: " + noteLines.map { "line \($0.line)" }.joined(separator: ", ") + ".")
        }
        if !unrecognisedNames.isEmpty {
            lines.append(
                "\(unrecognisedNames.count) name(s) are not provinces of Việt Nam (kept): " + unrecognisedNames.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
                    + (unrecognisedNames.count > 10 ? ", …" : "") + ".")
        }
        return lines
    }
}
