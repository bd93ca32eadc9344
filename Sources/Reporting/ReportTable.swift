import DataIO
import Foundation
import Tabular

/// Output formats of every command (DESIGN.md, a contract): `table` for people,
/// the others for scripts. Machine formats write fractions (0.065, not 6.5%)
/// with full precision, and name columns in snake_case.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case table, csv, json, markdown
}

/// A table of results, rendered in any `OutputFormat`.
public struct ReportTable: Sendable {
    public enum Kind: Sendable {
        case text
        case integer
        /// A fraction shown as a percentage to people (growth rates, shares).
        case rate
        /// A level (output, capital), shown with thousands separators.
        case level
        /// An index or coefficient, shown with four decimals.
        case index
    }

    public struct Column: Sendable {
        public let name: String
        public let kind: Kind
        public init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        case missing
    }

    public let title: String
    public private(set) var columns: [Column]
    /// The cells row after row, `columns.count` to a row: one buffer for the whole table, not an
    /// array per row (issue 14: 100,000 rows were 100,000 allocations, and as many frees).
    public private(set) var cells: [Cell] = []
    /// The number of rows.
    public private(set) var rowCount = 0

    public init(title: String, columns: [Column]) {
        self.title = title
        self.columns = columns
    }

    /// The cells of row `r` (0-based), in column order.
    /// - Parameter r: the row, `0..<rowCount`.
    /// - Returns: its cells, a view into the table's buffer.
    public func row(_ r: Int) -> ArraySlice<Cell> { cells[r * columns.count..<(r + 1) * columns.count] }

    /// The rows as one array of cells each (a copy; renderers read ``cells`` in place).
    public var rows: [[Cell]] { (0..<rowCount).map { Array(row($0)) } }

    /// Adds columns at the right (the contract only ever grows), one list of cells per existing row.
    public mutating func appendColumns(_ extra: [Column], _ cells: [[Cell]]) {
        guard cells.count == rowCount, cells.allSatisfy({ $0.count == extra.count }) else { return }
        var widened: [Cell] = []
        widened.reserveCapacity(rowCount * (columns.count + extra.count))
        for r in 0..<rowCount {
            widened += row(r)
            widened += cells[r]
        }
        columns += extra
        self.cells = widened
    }

    /// Adds a row (Reporting's own large tables write theirs in place with `appendRow`).
    /// - Parameter row: one cell per column.
    public mutating func append(_ row: [Cell]) { appendRow { $0 += row } }

    /// Adds a row written straight into the table's buffer (no array per row: the big tables of
    /// 100,000 rows; issue 14). `fill` appends exactly one cell per column.
    /// - Parameter fill: appends the row's cells to the buffer it is given.
    package mutating func appendRow(_ fill: (inout [Cell]) -> Void) {
        if rowCount == 0 && cells.capacity == 0 { cells.reserveCapacity(columns.count * 16) }
        let start = cells.count
        fill(&cells)
        precondition(cells.count - start == columns.count, "row of \(cells.count - start) cells for \(columns.count) columns")
        rowCount += 1
    }

    /// Reserves room for `rows` rows (a caller that knows how many it will append).
    /// - Parameter rows: the number of rows.
    public mutating func reserveRows(_ rows: Int) { cells.reserveCapacity(max(0, rows) * columns.count) }

    // MARK: Cell text

    static func humanText(_ cell: Cell, _ kind: Kind, _ language: Language? = nil) -> String {
        let numbers = NumberText(language ?? .en)
        switch cell {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .missing: return "–"
        case .number(let v):
            guard v.isFinite else { return "–" }
            switch kind {
            case .rate: return numbers.decimal(v * 100, digits: 2, grouped: language != nil) + "%"
            case .index: return numbers.decimal(v, digits: 4, grouped: false)
            case .level: return numbers.decimal(v, digits: 1)
            case .integer: return numbers.decimal(v, digits: 0, grouped: false)
            case .text: return language == .vi ? "\(v)".replacingOccurrences(of: ".", with: ",") : "\(v)"
            }
        }
    }

    /// Column headings: the machine names, or people's labels when a language is chosen.
    func headings(_ language: Language?) -> [String] {
        columns.map { column in language.map { ColumnLabels.label(column.name, $0) } ?? column.name }
    }

    // MARK: Rendering

    public func render(_ format: OutputFormat, style: RenderStyle = RenderStyle()) -> String {
        switch format {
        case .csv: renderCSV(style.csvDialect)
        case .json: jsonArray() + "\n"
        case .markdown: renderMarkdown(style.language)
        case .table: renderText(style.language)
        }
    }

    func renderCSV(_ dialect: CSVDialect = .standard) -> String {
        var out: [UInt8] = []
        appendCSV(to: &out, dialect)
        return String(decoding: out, as: UTF8.self)
    }

    /// The CSV text appended to a byte buffer: no String per row (issue 14: output must not
    /// dominate the arithmetic), and no copy of the whole text before it is written.
    func appendCSV(to out: inout [UInt8], _ dialect: CSVDialect = .standard) {
        let excel = dialect == .excelVietnamese
        let separator: UInt8 = excel ? 0x3B : 0x2C
        if excel { out += [0xEF, 0xBB, 0xBF] }
        for (index, column) in columns.enumerated() {
            if index > 0 { out.append(separator) }
            out += CSVText.escape(column.name).utf8
        }
        out.append(0x0A)
        appendCSVRows(to: &out, separator: separator, decimalComma: excel)
    }

    /// Rows as JSON objects with keys in column order.
    package func jsonObjects() -> [String] {
        let keys = columns.map { JSONText.string($0.name) + ": " }
        return (0..<rowCount).map { r in
            var out = "{"
            Self.appendJSONMembers(row(r), keys: keys, to: &out)
            return out + "}"
        }
    }

    /// The rows as a JSON array, the text `JSONText.array(jsonObjects(), indent:)` gives, built in
    /// one string with each key escaped once (issue 14: 300,000 rows took 2.7 s to format).
    package func jsonArray(indent: String = "") -> String {
        var out: [UInt8] = []
        appendJSONArray(to: &out, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// The rows as a JSON array appended to a byte buffer (the text `jsonArray` returns).
    func appendJSONArray(to out: inout [UInt8], indent: String = "") {
        guard rowCount > 0 else {
            out += "[]".utf8
            return
        }
        let keys = columns.map { Array((JSONText.string($0.name) + ": ").utf8) }
        let rowStart = Array((indent + "  {").utf8)
        out += "[\n".utf8
        appendJSONRows(to: &out, keys: keys, rowStart: rowStart)
        out += ("\n" + indent + "]").utf8
    }

    static func appendJSONMembers(_ row: ArraySlice<Cell>, keys: [String], to out: inout String) {
        for (index, cell) in row.enumerated() where index < keys.count {
            if index > 0 { out += ", " }
            out += keys[index]
            switch cell {
            case .text(let s): out += JSONText.string(s)
            case .integer(let i): out += String(i)
            case .number(let v): out += v.isFinite ? v.description : "null"
            case .missing: out += "null"
            }
        }
    }

    func renderMarkdown(_ language: Language? = nil) -> String {
        var out = "### \(title)\n\n"
        out += "| " + headings(language).joined(separator: " | ") + " |\n"
        out += "|" + columns.map { $0.kind == .text ? "---|" : "---:|" }.joined() + "\n"
        for r in 0..<rowCount {
            out += "| " + zip(row(r), columns).map { Self.humanText($0, $1.kind, language).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    func renderText(_ language: Language? = nil) -> String {
        let cells = (0..<rowCount).map { zip(row($0), columns).map { Self.humanText($0, $1.kind, language) } }
        let names = headings(language)
        // Widths in characters, counted once per cell (text is aligned by what a terminal shows).
        let counts = cells.map { $0.map(\.count) }
        var widths = names.map(\.count)
        for row in counts { for (j, c) in row.enumerated() { widths[j] = max(widths[j], c) } }
        // One run of spaces per width, built once (a String per padded cell was a quarter of the time).
        let pads = (0...(widths.max() ?? 0)).map { String(repeating: " ", count: $0) }
        var out = title + "\n"
        func appendLine(_ values: [String], _ valueCounts: [Int]) {
            for (j, value) in values.enumerated() where j < widths.count {
                if j > 0 { out += "  " }
                let pad = pads[max(0, widths[j] - valueCounts[j])]
                if columns[j].kind == .text {
                    out += value
                    out += pad
                } else {
                    out += pad
                    out += value
                }
            }
            out += "\n"
        }
        appendLine(names, names.map(\.count))
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for (row, rowCounts) in zip(cells, counts) { appendLine(row, rowCounts) }
        return out
    }
}

/// JSON string literals and the arrays of table rows (`ReportTable.jsonArray`); every
/// other JSON value is written by `JSONWriter` from its `Codable` conformance.
package enum JSONText {
    /// A JSON string literal (RFC 8259 §7): `"` and `\\` escaped, control characters as
    /// `\\b \\t \\n \\f \\r` or `\\u00xx`, everything else as it is — the bytes Foundation's
    /// `JSONEncoder` (`.withoutEscapingSlashes`) writes, without an encoder per string
    /// (which made JSON output of 100,000 rows take seconds; issue 14).
    package static func string(_ s: String) -> String {
        let utf8 = s.utf8
        if !utf8.contains(where: needsEscape) { return "\"" + s + "\"" }
        var out: [UInt8] = []
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A byte a JSON string literal escapes: a control character, a quote or a backslash.
    @inline(__always) package static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// Appends the literal `string(s)` gives to a byte buffer (no String per cell).
    package static func append(_ s: String, to out: inout [UInt8]) {
        let utf8 = s.utf8
        out.append(0x22)
        guard utf8.contains(where: needsEscape) else {
            out += utf8
            out.append(0x22)
            return
        }
        let hex: StaticString = "0123456789abcdef"
        for b in utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0..<0x20:
                out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30]
                hex.withUTF8Buffer { digits in
                    out.append(digits[Int(b >> 4)])
                    out.append(digits[Int(b & 0x0F)])
                }
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    /// Appends the JSON array of `items` as string literals, laid out as `JSONWriter` lays out an array of
    /// scalars at `indent`: `[]` when empty, on one line when the literals and their separators take at most
    /// 100 bytes, else one literal per line. For the notes of a report, thousands of sentences (issue 14: the
    /// node tree took a tenth of `tfp account`'s JSON output).
    package static func appendArray(_ items: [String], indent: String, to out: inout [UInt8]) {
        guard !items.isEmpty else {
            out += "[]".utf8
            return
        }
        var literals: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(items.count)
        for item in items {
            append(item, to: &literals)
            ends.append(literals.count)
        }
        let oneLine = literals.count + 2 * items.count <= 100
        out.reserveCapacity(out.count + literals.count + items.count * (indent.utf8.count + 4) + indent.utf8.count + 4)
        out += oneLine ? "[".utf8 : "[\n".utf8
        var start = 0
        for (k, end) in ends.enumerated() {
            if k > 0 { out += oneLine ? ", ".utf8 : ",\n".utf8 }
            if !oneLine {
                out += indent.utf8
                out += "  ".utf8
            }
            out += literals[start..<end]
            start = end
        }
        if !oneLine {
            out.append(0x0A)
            out += indent.utf8
        }
        out.append(UInt8(ascii: "]"))
    }

    package static func array(_ items: [String], indent: String = "") -> String {
        items.isEmpty ? "[]" : "[\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
    }
}

/// How a report is rendered for people and spreadsheets.
public struct RenderStyle: Sendable {
    /// nil: machine column names and English number style (the historical table).
    public var language: Language?
    public var csvDialect: CSVDialect
    /// How notes name the settings they mention (`Setting`): words by default, flags in the CLI.
    public var naming: Setting.Naming

    public init(language: Language? = nil, csvDialect: CSVDialect = .standard, naming: Setting.Naming = .library) {
        self.language = language
        self.csvDialect = csvDialect
        self.naming = naming
    }
}

public enum CSVDialect: String, Sendable, CaseIterable {
    /// RFC 4180, comma, point decimals, no BOM: for R, Python and scripts.
    case standard
    /// What Excel in a Vietnamese locale opens directly: UTF-8 BOM, `;`, decimal commas.
    case excelVietnamese = "excel-vi"
}
