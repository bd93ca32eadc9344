import DataIO
import Tabular

/// A command's whole output: one or more tables plus the diagnostics, rendered
/// together. JSON is one object: `tfp_version`, the members (results encoded by
/// `JSONWriter` through their `Codable` conformances), each table as an array of rows
/// under its key, `notes` and `dropped_rows`.
public struct Report: Sendable {
    public var tables: [(key: String, table: ReportTable)] = []
    public var diagnostics: Diagnostics
    /// Top-level JSON members, each already written by `JSONWriter`, in order.
    public private(set) var members: [(key: String, json: String)] = []
    /// Tables shown to people and in CSV whose rows are already among the JSON members.
    private var tablesOutsideJSON: Set<String> = []

    public init(diagnostics: Diagnostics = Diagnostics()) { self.diagnostics = diagnostics }

    /// Adds a table; `inJSON: false` when a member encodes the same rows (the coefficients of
    /// an encoded `RegressionResult`), so that JSON has them once.
    public mutating func add(_ key: String, _ table: ReportTable, inJSON: Bool = true) {
        tables.append((key, table))
        if !inJSON { tablesOutsideJSON.insert(key) }
    }

    /// Adds a top-level JSON member: `value` as `JSONWriter` writes it. A value whose own
    /// `encode(to:)` fails is written as null with a note (nothing is left out silently).
    public mutating func addMember<T: Encodable>(_ key: String, _ value: T) {
        do { members.append((key, try JSONWriter.text(value, indent: "  "))) } catch {
            members.append((key, "null"))
            diagnostics.note("\(key) could not be written as JSON: \(error)")
        }
    }

    /// Adds every member of an object-encoding value (a result) at the top level.
    public mutating func addMembers<T: Encodable>(of value: T) {
        do { members += try JSONWriter.members(of: value, indent: "  ").map { (key: $0.0, json: $0.1) } } catch {
            diagnostics.note("\(T.self) could not be written as JSON: \(error)")
        }
    }

    /// Changes the table with this key in place (to append interval columns, for instance).
    public mutating func update(_ key: String, _ change: (inout ReportTable) -> Void) {
        guard let k = tables.firstIndex(where: { $0.key == key }) else { return }
        change(&tables[k].table)
    }

    /// Adds another report's tables, notes and dropped rows.
    public mutating func append(_ other: Report) {
        tables += other.tables
        diagnostics.merge(other.diagnostics)
        members += other.members
        tablesOutsideJSON.formUnion(other.tablesOutsideJSON)
    }

    /// CSV is one table: `csvTable` picks which (default the first).
    public func render(_ format: OutputFormat, csvTable: String? = nil, style: RenderStyle = RenderStyle()) -> String {
        switch format {
        case .csv, .json: String(decoding: renderBytes(format, csvTable: csvTable, style: style), as: UTF8.self)
        case .table, .markdown: renderText(format, style: style)
        }
    }

    /// The machine formats as UTF-8 bytes, built in one buffer and written as they are (issue 14:
    /// each copy of a large output cost its size again in page faults).
    public func renderBytes(_ format: OutputFormat, csvTable: String? = nil, style: RenderStyle = RenderStyle()) -> [UInt8] {
        var out: [UInt8] = []
        switch format {
        case .csv:
            let chosen = tables.first { $0.key == csvTable } ?? tables.first
            chosen?.table.appendCSV(to: &out, style.csvDialect)
        case .json:
            func member(_ key: String, _ write: (inout [UInt8]) -> Void) {
                out += ",\n  ".utf8
                JSONText.append(key, to: &out)
                out += ": ".utf8
                write(&out)
            }
            out += "{\n  \"tfp_version\": ".utf8
            JSONText.append(ToolVersion.current, to: &out)
            for m in members { member(m.key) { $0 += m.json.utf8 } }
            // Rows of large tables go through ReportTable's byte buffer (issue 14); their keys are
            // the row types' CodingKeys (ReportingTests check that the two agree).
            for (key, table) in tables where !tablesOutsideJSON.contains(key) { member(key) { table.appendJSONArray(to: &$0, indent: "  ") } }
            let notes = NoteWording(.en, naming: style.naming).notes(diagnostics)
            member("notes") { JSONText.appendArray(notes, indent: "  ", to: &$0) }
            // Dropped rows can number in the tens of thousands: written as table rows (the bytes
            // JSONWriter gives the same members; TableBytesTests check it).
            member("dropped_rows") { Self.droppedRowsTable(diagnostics.droppedRows).appendJSONArray(to: &$0, indent: "  ") }
            out += "\n}\n".utf8
        case .table, .markdown:
            out += renderText(format, style: style).utf8
        }
        return out
    }

    /// The formats for people: the tables, then the notes.
    func renderText(_ format: OutputFormat, style: RenderStyle) -> String {
        var out = tables.map { $0.table.render(format, style: style) }.joined(separator: "\n")
        let summary = NoteWording(style.language ?? .en, naming: style.naming).summary(diagnostics)
        if !summary.isEmpty {
            out +=
                format == .markdown
                ? "\n**Notes**\n\n" + summary.map { "- \($0)" }.joined(separator: "\n") + "\n"
                : "\nNotes:\n" + summary.map { "  - \($0)" }.joined(separator: "\n") + "\n"
        }
        return out
    }
}

extension Report {
    /// The contract's `dropped_rows`: series, year, line and the reason's English words.
    static func droppedRowsTable(_ rows: [Diagnostics.DroppedRow]) -> ReportTable {
        var table = ReportTable(
            title: "dropped rows", columns: [.init("series", .text), .init("year", .integer), .init("line", .integer), .init("reason", .text)])
        table.reserveRows(rows.count)
        let words = NoteWording(.en)
        for row in rows { table.append([.text(row.series), .integer(row.year), .integer(row.line), .text(words.dropReason(row.reason))]) }
        return table
    }
}
