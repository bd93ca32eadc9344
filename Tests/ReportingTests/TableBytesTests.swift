import DataIO
import Foundation
import Testing

@testable import Reporting

/// The byte writers of table rows (issue 14) give what the per-cell rules give: `CSVText`'s quoting and
/// formula neutralising, `JSONText`'s escaping, `String(Int)` and `Double.description` — cell by cell,
/// on text that needs every rule, integers at their limits and numbers in both layouts.
@Suite struct TableBytesTests {
    static let texts = [
        "Đà Nẵng", "Hà Nội", "R12", "007", "", " lead", "trail ", "a,b", "a;b", "say \"hi\"", "line\nbreak", "cr\r\nlf",
        "=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tTab", "back\\slash", "\u{01}ctl", "e\u{301}", "東京", "😀",
    ]
    static let integers = [0, 7, -7, 10, 99, 100, Int.max, Int.min, 2026, -1_000_000]
    static let numbers: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 1e-4, 9.99e-5, 1e-5, 123456.789, 9007199254740992, 9007199254740994, 1e300, -5e-324, .nan, .infinity]

    static func table() -> ReportTable {
        var table = ReportTable(title: "t", columns: [.init("text", .text), .init("integer", .integer), .init("number", .rate), .init("other", .level)])
        let rows = max(texts.count, integers.count, numbers.count) * 3
        for k in 0..<rows {
            table.append([
                .text(texts[k % texts.count]), .integer(integers[k % integers.count]), .number(numbers[k % numbers.count]),
                k % 4 == 0 ? .missing : .number(numbers[(k * 7) % numbers.count]),
            ])
        }
        return table
    }

    /// Rows written in parts on the cores give the bytes one part gives, for CSV (both dialects) and JSON,
    /// whatever the number of parts (the parts' unused bounds are closed up); the string arrays of notes
    /// are laid out as JSONWriter lays them out.
    @Test func partsGiveTheBytesOfOnePart() throws {
        var big = ReportTable(title: "t", columns: Self.table().columns)
        let small = Self.table()
        for k in 0..<40_000 { big.append(Array(small.row(k % small.rowCount))) }
        for decimalComma in [false, true] {
            var one: [UInt8] = Array("prefix\n".utf8)
            big.appendCSVRows(to: &one, separator: decimalComma ? 0x3B : 0x2C, decimalComma: decimalComma, parts: 1)
            for parts in [2, 3, 7] {
                var many: [UInt8] = Array("prefix\n".utf8)
                big.appendCSVRows(to: &many, separator: decimalComma ? 0x3B : 0x2C, decimalComma: decimalComma, parts: parts)
                #expect(many == one, "CSV in \(parts) parts")
            }
        }
        let keys = big.columns.map { Array("\"\($0.name)\": ".utf8) }
        var one: [UInt8] = []
        big.appendJSONRows(to: &one, keys: keys, rowStart: Array("    {".utf8), parts: 1)
        for parts in [2, 5] {
            var many: [UInt8] = []
            big.appendJSONRows(to: &many, keys: keys, rowStart: Array("    {".utf8), parts: parts)
            #expect(many == one, "JSON in \(parts) parts")
        }
        for notes in [[], ["short", "two"], Self.texts, Array(repeating: "A sentence about a series that needs one.", count: 5)] {
            var bytes: [UInt8] = []
            JSONText.appendArray(notes, indent: "  ", to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == (try JSONWriter.text(notes, indent: "  ")), "\(notes)")
        }
    }

    @Test func csvEqualsTheCellRules() {
        let table = Self.table()
        for dialect in CSVDialect.allCases {
            let excel = dialect == .excelVietnamese
            var expected = (excel ? "\u{FEFF}" : "") + table.columns.map(\.name).joined(separator: excel ? ";" : ",") + "\n"
            for r in 0..<table.rowCount {
                expected +=
                    table.row(r).map { cell -> String in
                        switch cell {
                        case .text(let s): CSVText.escape(CSVText.neutralizingFormula(s))
                        case .integer(let i): String(i)
                        case .number(let v): v.isFinite ? (excel ? v.description.replacingOccurrences(of: ".", with: ",") : v.description) : ""
                        case .missing: ""
                        }
                    }.joined(separator: excel ? ";" : ",") + "\n"
            }
            #expect(Array(table.renderCSV(dialect).utf8) == Array(expected.utf8), "\(dialect)")
        }
    }

    @Test func jsonEqualsTheCellRulesAndParses() throws {
        let table = Self.table()
        let keys = table.columns.map { JSONText.string($0.name) + ": " }
        let expected = JSONText.array(
            (0..<table.rowCount).map { r in
                var out = "{"
                ReportTable.appendJSONMembers(table.row(r), keys: keys, to: &out)
                return out + "}"
            })
        #expect(table.jsonArray() == expected)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(table.jsonArray().utf8)) as? [[String: Any]])
        #expect(parsed.count == table.rowCount)
        #expect(parsed.map { $0["text"] as? String } == (0..<table.rowCount).map { Self.texts[$0 % Self.texts.count] })
        #expect(parsed.map { ($0["integer"] as? NSNumber)?.int64Value } == (0..<table.rowCount).map { Int64(Self.integers[$0 % Self.integers.count]) })
    }

    /// The contract's dropped row as 0.8.0 encoded it through JSONWriter (the reference for the table path).
    struct ContractRow: Encodable {
        let series: String, year: Int, line: Int, reason: String
        init(_ row: Diagnostics.DroppedRow) { (series, year, line, reason) = (row.series, row.year, row.line, NoteWording(.en).dropReason(row.reason)) }
    }

    /// `dropped_rows` written as table rows are the bytes JSONWriter gives the contract's row encoding.
    @Test func droppedRowsAreTheirEncoding() throws {
        var diagnostics = Diagnostics()
        for (k, name) in Self.texts.enumerated() {
            diagnostics.drop(series: name, year: 2000 + k, line: k + 2, reason: k % 2 == 0 ? .missing(["output", "employment"]) : .notFinitePositive(["output"]))
        }
        diagnostics.drop(series: "A", year: 2020, line: 9, reason: .outputPerWorkerNotFinitePositive(output: 1e308, employment: 1e-308))
        for rows in [diagnostics.droppedRows, []] {
            let table = Report.droppedRowsTable(rows).jsonArray(indent: "  ")
            #expect(table == (try JSONWriter.text(rows.map(ContractRow.init), indent: "  ")))
        }
    }

    /// An empty table, and a table whose cells are all missing (a zero bound), write only what they must.
    @Test func emptyTablesAndMissingCells() {
        var empty = ReportTable(title: "t", columns: [.init("a", .text), .init("b", .level)])
        #expect(empty.renderCSV() == "a,b\n")
        #expect(empty.jsonArray() == "[]")
        empty.append([.missing, .missing])
        #expect(empty.renderCSV() == "a,b\n,\n")
        #expect(empty.jsonArray() == "[\n  {\"a\": null, \"b\": null}\n]")
    }
}
