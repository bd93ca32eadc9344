/// What a computation left out or assumed, carried with its result so that
/// nothing is dropped silently: every dropped row is counted, with its reason.
public struct Diagnostics: Sendable, Codable, Equatable {
    public struct DroppedRow: Sendable, Codable, Equatable {
        public let series: String
        public let year: Int
        public let line: Int
        public let reason: String
    }

    public private(set) var droppedRows: [DroppedRow] = []
    public private(set) var notes: [String] = []

    public init() {}

    public mutating func drop(series: String, year: Int, line: Int, reason: String) {
        droppedRows.append(DroppedRow(series: series, year: year, line: line, reason: reason))
    }

    public mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    public mutating func merge(_ other: Diagnostics) {
        droppedRows += other.droppedRows
        for n in other.notes { note(n) }
    }

    /// One paragraph for people: the count of dropped rows by reason, then the notes.
    public var summary: [String] {
        var lines: [String] = []
        if !droppedRows.isEmpty {
            var byReason: [String: Int] = [:]
            for row in droppedRows { byReason[row.reason, default: 0] += 1 }
            lines.append("\(droppedRows.count) row(s) not used: " + byReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; "))
        }
        return lines + notes
    }
}
