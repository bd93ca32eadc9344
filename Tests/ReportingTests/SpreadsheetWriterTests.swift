import DataIO
import Foundation
import Reporting
import Testing
import _TestSupport

@Suite struct NumberTextTests {
    @Test func vietnameseAndEnglishSeparators() {
        // Vietnamese administrative documents: dot groups thousands, comma marks decimals.
        let vi = NumberText(.vi), en = NumberText(.en)
        #expect(vi.decimal(34763.44) == "34.763,4")
        #expect(en.decimal(34763.44) == "34,763.4")
        #expect(vi.percent(0.457) == "45,7%")
        #expect(en.percent(0.457) == "45.7%")
        #expect(vi.decimal(-1234567.891, digits: 2) == "-1.234.567,89")
        #expect(vi.decimal(-0.04) == "0,0")   // a rounded zero carries no sign
        #expect(vi.integer(2025, grouped: false) == "2025")
        #expect(vi.decimal(.nan) == "–")
        #expect(vi.percent(.infinity) == "–")
    }
}

@Suite struct SpreadsheetWriterTests {
    func sampleReport() -> Report {
        var table = ReportTable(title: "Growth accounting", columns: [
            .init("region", .text), .init("year", .integer), .init("output", .level), .init("tfp_share", .rate), .init("tfp_index", .index),
        ])
        table.append([.text("Đà Nẵng"), .integer(2021), .number(34763.4), .number(0.457), .number(1.0234)])
        table.append([.text("=HYPERLINK(\"http://x\")"), .integer(2022), .missing, .number(.nan), .number(0.99)])
        var report = Report()
        report.add("rows", table)
        report.diagnostics.note("Capital built from investment by perpetual inventory (δ = 0.05).")
        report.diagnostics.drop(series: "Huế", year: 2020, line: 7, reason: "missing output")
        return report
    }

    @Test func valuesReadBackWithSheetNamesInTheLanguage() throws {
        let bytes = try SpreadsheetWriter.workbook(sampleReport(), language: .vi)
        let path = try temporaryFile(bytes: bytes, name: "report.xlsx")
        // Read back by the project's workbook reader (tested on openpyxl, xlsxwriter and LibreOffice files).
        let table = try CSVTable.read(path: path, options: CSVOptions(sheet: SheetSelection(sheet: "Theo năm")))
        #expect(table.header == ["Địa phương", "Năm", "Sản lượng", "Tỷ trọng đóng góp của TFP", "Chỉ số TFP"])
        #expect(table.rows[0] == ["Đà Nẵng", "2021", "34763.4", "0.457", "1.0234"])
        // Text stays text (a string cell, never a formula); missing and NaN cells are blank.
        #expect(table.rows[1] == ["=HYPERLINK(\"http://x\")", "2022", "", "", "0.99"])
        let notes = try TextGrid.read(path: path, options: CSVOptions(sheet: SheetSelection(sheet: "Ghi chú")))
        #expect(notes.rows.map { $0.cells.first ?? "" }.prefix(2) == ["1 row(s) not used: 1 missing output",
                                                                   "Capital built from investment by perpetual inventory (δ = 0.05)."])
        #expect(notes.rows.last?.cells == ["Huế", "2020", "7", "missing output"])
        let english = try SpreadsheetWriter.workbook(sampleReport(), language: .en)
        let enPath = try temporaryFile(bytes: english, name: "report.xlsx")
        #expect(try CSVTable.read(path: enPath, options: CSVOptions(sheet: SheetSelection(sheet: "By year"))).header.first == "Region")
    }

    @Test func numberFormatsAndFrozenHeader() throws {
        let bytes = try SpreadsheetWriter.workbook(sampleReport(), language: .vi)
        let text = String(decoding: try unzipEntries(bytes, ["xl/styles.xml", "xl/worksheets/sheet1.xml"]), as: UTF8.self)
        #expect(text.contains("formatCode=\"0.00%\""))
        #expect(text.contains("formatCode=\"#,##0.0\""))
        #expect(text.contains("state=\"frozen\""))
        #expect(text.contains("<f>") == false)   // no formulas anywhere
    }

    @Test func sheetNamesFollowExcelsRules() {
        var used = Set<String>()
        #expect(SpreadsheetWriter.sheetName("a/b:c*d?e[f]g\\h", fallback: "x", used: &used) == "a b c d e f g h")
        let long = String(repeating: "Đóng góp ", count: 6)
        let first = SpreadsheetWriter.sheetName(long, fallback: "x", used: &used)
        let second = SpreadsheetWriter.sheetName(long, fallback: "x", used: &used)
        #expect(first.count == 31 && second.count == 31 && first != second && second.hasSuffix(" (2)"))
        #expect(SpreadsheetWriter.sheetName("''", fallback: "rows", used: &used) == "rows")
    }
}

/// The concatenated text of some entries of a ZIP archive (via the `unzip` tool is not
/// assumed: the bytes are written out and read by ZIPFoundation through DataIO's workbook path).
func unzipEntries(_ bytes: [UInt8], _ names: [String]) throws -> Data {
    let path = try temporaryFile(bytes: bytes, name: "book.xlsx")
    var out = Data()
    for name in names { out += try WorkbookParts.part(path: path, name: name) }
    return out
}
