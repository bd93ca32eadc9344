import DataIO
import Foundation
import Planning
import Productivity
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
        #expect(vi.decimal(-0.04) == "0,0")  // a rounded zero carries no sign
        #expect(vi.integer(2025, grouped: false) == "2025")
        #expect(vi.decimal(.nan) == "–")
        #expect(vi.percent(.infinity) == "–")
    }
}

@Suite struct SpreadsheetWriterTests {
    func sampleReport() -> Report {
        var table = ReportTable(
            title: "Growth accounting",
            columns: [
                .init("region", .text), .init("year", .integer), .init("output", .level), .init("tfp_share", .rate), .init("tfp_index", .index),
            ])
        table.append([.text("Đà Nẵng"), .integer(2021), .number(34763.4), .number(0.457), .number(1.0234)])
        table.append([.text("=HYPERLINK(\"http://x\")"), .integer(2022), .missing, .number(.nan), .number(0.99)])
        var report = Report()
        report.add("rows", table)
        report.diagnostics.note("Capital built from investment by perpetual inventory (δ = 0.05).")
        report.diagnostics.drop(series: "Huế", year: 2020, line: 7, reason: .missing(["output"]))
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
        #expect(
            notes.rows.map { $0.cells.first ?? "" }.prefix(2) == [
                "1 dòng không dùng: 1 thiếu output",
                "Capital built from investment by perpetual inventory (δ = 0.05).",
            ])
        // The reason in the workbook's language (the JSON contract keeps "missing output").
        #expect(notes.rows.last?.cells == ["Huế", "2020", "7", "thiếu output"])
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
        #expect(text.contains("<f>") == false)  // no formulas anywhere
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

/// The annual report's content, on the bundled Đà Nẵng plan (the page itself is checked
/// in a real browser by scripts/check_reports.py, run by test.sh in CI).
@Suite struct PlanReportTests {
    func report(_ language: Language) throws -> PlanReport {
        let plan = try Plan.read(path: repositoryPath("Datasets/plans/danang_37-KH-UBND_2022.toml"))
        let actuals = try Actuals.read(path: repositoryPath("Datasets/plans/actuals/danang_EXAMPLE.csv"))
        let evaluation = PlanEvaluator.evaluate(plan, asOf: 2024, actuals: actuals, computed: nil)
        return PlanReport(
            plan: plan, evaluation: evaluation, accounting: nil, productivity: nil,
            parameters: [("method", "gso")], sources: ["<script>alert(1)</script>"], notes: [], language: language)
    }

    @Test func appendixTableInTheReportsOwnWords() throws {
        let r = try report(.vi)
        let table = r.targetsTable()
        #expect(table.rows.count == r.evaluation.evaluations.count)
        // D1 as of 2024: 14 of the 15 experts due by 2025 (5 + 4 + 5 in the example actuals): 93.33% of plan, at risk.
        let d1 = table.rows[0]
        #expect(d1[3] == .text("≥ 15 đến năm 2025"))
        #expect(d1[4] == .text("14"))
        if case .number(let share) = d1[5] { #expect(abs(share - 14.0 / 15.0) < 1e-15) } else { Issue.record("no % of plan") }
        #expect(d1[6] == .text("Có nguy cơ không đạt"))
        #expect(PlanReport.statusWord(.overBudget, .vi) == "Vượt dự toán")
        #expect(PlanReport.statusWord(.onTrack, .en) == "On track")
    }

    @Test func pageIsSelfContainedAndEscapesDataText() throws {
        let page = try report(.vi).html()
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<html lang=\"vi\">"))
        #expect(!page.contains("<script"))  // the source name is text, escaped
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Nothing is fetched: no src or href attributes, no stylesheet links (the SVG namespace is only a name).
        #expect(!page.contains("src=") && !page.contains("href=") && !page.contains("<link") && !page.contains("@import"))
        #expect(page.contains("@page { size: A4 portrait"))
        let english = try report(.en).html()
        #expect(english.contains("<html lang=\"en\">") && english.contains("Progress on the targets"))
    }
}

@Suite struct BenchmarkGapReportTests {
    /// Gaps for people as percentages: A produces 150 per worker, B 100, so against the
    /// best (A) B's gap is ln(1.5) = 0.4055 log points, i.e. A is 50% higher.
    @Test func gapsAreAlsoPercentages() throws {
        let panel = try Panel.read(path: temporaryFile("region,year,output,employment\nA,2020,140,1\nA,2021,150,1\nB,2020,95,1\nB,2021,100,1\n"))
        let result = try ProvinceBenchmark.compute(panel, reference: nil, options: .init(period: 2021...2021))
        let table = try #require(result.report().tables.first { $0.key == "gaps" }?.table)
        #expect(table.columns.last?.name == "gap_percent")
        let row = try #require(table.rows.first { $0[0] == .text("B") && $0[1] == .text("best: A") })
        guard case .number(let log) = row[2], case .number(let percent) = row[6] else { Issue.record("missing cells"); return }
        #expect(abs(log - Foundation.log(1.5)) < 1e-15)
        #expect(abs(percent - 0.5) < 1e-14)
    }
}
