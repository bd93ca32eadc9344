import DataIO

/// A command's whole output: one or more tables plus the diagnostics, rendered
/// together. JSON is one object: `{"tables": {name: rows}, "notes": [...],
/// "dropped_rows": [...]}` plus any extra top-level members.
public struct Report: Sendable {
    public var tables: [(key: String, table: ReportTable)] = []
    public var diagnostics: Diagnostics
    public var metadata: [(String, String)] = []

    public init(diagnostics: Diagnostics = Diagnostics()) { self.diagnostics = diagnostics }

    public mutating func add(_ key: String, _ table: ReportTable) { tables.append((key, table)) }

    /// Changes the table with this key in place (to append interval columns, for instance).
    public mutating func update(_ key: String, _ change: (inout ReportTable) -> Void) {
        guard let k = tables.firstIndex(where: { $0.key == key }) else { return }
        change(&tables[k].table)
    }

    /// Adds another report's tables, notes and dropped rows.
    public mutating func append(_ other: Report) {
        tables += other.tables
        diagnostics.merge(other.diagnostics)
        metadata += other.metadata
    }

    /// CSV is one table: `csvTable` picks which (default the first).
    public func render(_ format: OutputFormat, csvTable: String? = nil, style: RenderStyle = RenderStyle()) -> String {
        switch format {
        case .csv:
            let chosen = tables.first { $0.key == csvTable } ?? tables.first
            return chosen?.table.render(.csv, style: style) ?? ""
        case .json:
            var members: [(String, String)] = [("tfp_version", JSONText.string(ToolVersion.current))] + metadata
            for (key, table) in tables { members.append((key, table.jsonArray(indent: "  "))) }
            members.append(("notes", JSONText.array(NoteWording(.en).notes(diagnostics).map(JSONText.string), indent: "  ")))
            members.append(
                (
                    "dropped_rows",
                    JSONText.array(
                        diagnostics.droppedRows.map {
                            JSONText.object([
                                ("series", JSONText.string($0.series)), ("year", String($0.year)),
                                ("line", String($0.line)), ("reason", JSONText.string($0.reason)),
                            ])
                        }, indent: "  ")
                ))
            return "{\n" + members.map { "  " + JSONText.string($0.0) + ": " + $0.1 }.joined(separator: ",\n") + "\n}\n"
        case .table, .markdown:
            var out = tables.map { $0.table.render(format, style: style) }.joined(separator: "\n")
            let summary = NoteWording(style.language ?? .en).summary(diagnostics)
            if !summary.isEmpty {
                out +=
                    format == .markdown
                    ? "\n**Notes**\n\n" + summary.map { "- \($0)" }.joined(separator: "\n") + "\n"
                    : "\nNotes:\n" + summary.map { "  - \($0)" }.joined(separator: "\n") + "\n"
            }
            return out
        }
    }
}
