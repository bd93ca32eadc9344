import ArgumentParser
import Foundation
import TFPKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a statistical-yearbook table (one column per year) into the long CSV every command reads.",
        discussion: """
            Example:
              tfp import Datasets/yearbook/EXAMPLE_grdp_wide.csv --name output --output grdp_long.csv
              tfp import niengiam.xlsx --sheet "Bảng 2" --decimal comma --name employment --output labour.csv

            Recognised: title rows above the header; year columns written 2022, Năm 2022, Sơ bộ 2022, Prel. 2022, \
            Ước tính 2023 or 2022* (preliminary and estimated years flagged in the 'preliminary' column); the yearbooks' \
            marks - (no occurrence), .. and … (not available), x (confidential) and empty cells, read as missing and \
            counted; headings without numbers and notes below the table, left out; totals and regional aggregates \
            (Cả nước, Tổng số, the six socio-economic regions), left out and listed; the unit in a title \
            (Đơn vị tính: Tỷ đồng). What was recognised is printed (on standard error when the table goes to standard output).
            """
    )

    @Argument(help: "The table: CSV or text (UTF-8 or UTF-16), or an Excel workbook (.xlsx).")
    var file: String

    @Option(help: "Name of the value column in the long table: a role such as output, employment or investment.")
    var name: String = "value"

    @Option(help: "How decimals are written: point (1234.5, thousands as 1,234.5) or comma (1.234,5).")
    var decimal: DecimalStyle = .point

    @Option(help: "For a workbook: the sheet, by name or number (default: the first).")
    var sheet: String?

    @Option(help: ArgumentHelp("For a workbook: the cells to read (default: every used cell).", valueName: "A5:H80"))
    var range: String?

    @Flag(help: "Keep totals and regional aggregates (Cả nước, socio-economic regions) as rows.")
    var keepAggregates = false

    @Flag(help: "Say on standard error where the time went.")
    var timings = false

    @Option(help: "Write the long CSV to this file instead of standard output (- for standard output).")
    var output: String?

    func validate() throws {
        guard !name.isEmpty, !name.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else {
            throw ValidationError("--name must be a column name without commas or quotes, such as output.")
        }
        guard !["region", "year", "preliminary"].contains(name) else {
            throw ValidationError("--name '\(name)' would clash with the long table's own columns (region, year, preliminary).")
        }
    }

    func run() throws {
        let options = CSVOptions(decimal: decimal, sheet: SheetSelection(sheet: sheet, range: try range.map { try CellRange($0) }))
        let grid = try TextGrid.read(path: file, options: options)
        let table = try YearbookTable.recognise(grid, decimal: decimal, reference: try? RegionReference.bundled())
        let text = keepAggregates ? table.withAggregates(from: grid, decimal: decimal).longCSV(valueName: name) : table.longCSV(valueName: name)
        let destination = output ?? "-"
        try OutputFile.write(text, to: destination, inputs: OutputOptions.otherArguments(than: output))
        let summary = table.summary.map { "  - " + $0 }.joined(separator: "\n")
        let report = "Read \(file)\(grid.sheet.map { ", sheet '\($0)'" } ?? ""):\n" + summary + "\n"
        if destination == "-" { FileHandle.standardError.write(Data(report.utf8)) } else { print(report, terminator: "") }
    }
}
