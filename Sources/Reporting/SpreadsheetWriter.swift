import CXLSXWriter
import DataIO
import Foundation
import Tabular

/// Writes reports as Excel workbooks through libxlsxwriter (Debian
/// `libxlsxwriter-dev`; the only module that calls it). One sheet per table,
/// numbers stored as numbers with number formats (percent, thousands, years
/// without grouping), the header row bold and frozen, column widths set from
/// the contents, and a last sheet with the notes and the rows not used. Text
/// is always written as text, never as a formula.
public enum SpreadsheetWriter {
    /// The workbook's bytes (written to a temporary file by libxlsxwriter, then read back,
    /// so the caller writes them with the project's output rules).
    public static func workbook(_ report: Report, language: Language, naming: Setting.Naming = .library) throws(DataIOError) -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-xlsx-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch { throw .cannotWrite(file: folder.path, reason: "cannot create a temporary folder") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.xlsx").path
        guard let book = workbook_new(path) else { throw .cannotWrite(file: path, reason: "libxlsxwriter could not start a workbook") }
        // A fixed creation time: the same inputs give the same bytes (issue 13; times belong
        // in a run's manifest, not in data files). 2000-01-01T00:00:00Z.
        var properties = lxw_doc_properties()
        properties.created = 946_684_800
        "tfp \(ToolVersion.current)".withCString { generator in
            properties.comments = UnsafeMutablePointer(mutating: generator)
            workbook_set_properties(book, &properties)
        }
        let formats = Formats(book)
        var used = Set<String>()
        for (key, table) in report.tables {
            let name = sheetName(SheetLabels.label(key, language), fallback: key, used: &used)
            guard let sheet = workbook_add_worksheet(book, name) else { continue }
            // The table's full title above the header would break filters; it goes in the sheet's header/footer instead.
            worksheet_set_header(sheet, "&L" + String(table.title.prefix(200)).replacingOccurrences(of: "&", with: "&&"))
            write(table, to: sheet, formats: formats, language: language)
        }
        let notes = NoteWording(language, naming: naming).summary(report.diagnostics)
        if !notes.isEmpty || !report.diagnostics.droppedRows.isEmpty, let sheet = workbook_add_worksheet(book, sheetName(language == .vi ? "Ghi chú" : "Notes", fallback: "Notes", used: &used)) {
            var row: lxw_row_t = 0
            for note in notes { worksheet_write_string(sheet, row, 0, note, nil); row += 1 }
            if !report.diagnostics.droppedRows.isEmpty {
                row += 1
                let headers = language == .vi ? ["Chuỗi", "Năm", "Dòng", "Lý do không dùng"] : ["Series", "Year", "Line", "Why not used"]
                for (c, h) in headers.enumerated() { worksheet_write_string(sheet, row, lxw_col_t(c), h, formats.header) }
                row += 1
                for dropped in report.diagnostics.droppedRows {
                    worksheet_write_string(sheet, row, 0, dropped.series, nil)
                    worksheet_write_number(sheet, row, 1, Double(dropped.year), formats.year)
                    worksheet_write_number(sheet, row, 2, Double(dropped.line), formats.year)
                    worksheet_write_string(sheet, row, 3, NoteWording(language, naming: naming).dropReason(dropped.reason), nil)
                    row += 1
                }
            }
            worksheet_set_column(sheet, 0, 0, 100, nil)
        }
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw .cannotWrite(file: path, reason: "libxlsxwriter: " + String(cString: lxw_strerror(status)))
        }
        do { return Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch { throw .cannotWrite(file: path, reason: "cannot read back the workbook") }
    }

    final class Formats {
        let header, percent, level, index, year, plain: UnsafeMutablePointer<lxw_format>?
        init(_ book: UnsafeMutablePointer<lxw_workbook>) {
            header = workbook_add_format(book)
            format_set_bold(header)
            format_set_text_wrap(header)
            format_set_bg_color(header, 0xDDE7F0)
            percent = workbook_add_format(book)
            format_set_num_format(percent, "0.00%")
            level = workbook_add_format(book)
            format_set_num_format(level, "#,##0.0")
            index = workbook_add_format(book)
            format_set_num_format(index, "0.0000")
            year = workbook_add_format(book)
            format_set_num_format(year, "0")
            plain = nil
        }
    }

    static func write(_ table: ReportTable, to sheet: UnsafeMutablePointer<lxw_worksheet>, formats: Formats, language: Language) {
        var widths = [Double](repeating: 8, count: table.columns.count)
        for (c, column) in table.columns.enumerated() {
            let label = ColumnLabels.label(column.name, language)
            worksheet_write_string(sheet, 0, lxw_col_t(c), label, formats.header)
            widths[c] = max(widths[c], min(40, Double(label.count) * 0.9 + 2))
        }
        for r in 0..<table.rowCount {
            let excelRow = lxw_row_t(r + 1)
            for (c, cell) in table.row(r).enumerated() {
                let kind = table.columns[c].kind
                switch cell {
                case .text(let s):
                    worksheet_write_string(sheet, excelRow, lxw_col_t(c), s, nil)
                    widths[c] = max(widths[c], min(60, Double(s.count) + 2))
                case .integer(let i):
                    worksheet_write_number(sheet, excelRow, lxw_col_t(c), Double(i), formats.year)
                case .number(let v) where v.isFinite:
                    let format =
                        switch kind {
                        case .rate: formats.percent
                        case .level: formats.level
                        case .index: formats.index
                        case .integer: formats.year
                        case .text: formats.plain
                        }
                    worksheet_write_number(sheet, excelRow, lxw_col_t(c), v, format)
                    widths[c] = max(widths[c], 12)
                case .number, .missing:
                    worksheet_write_blank(sheet, excelRow, lxw_col_t(c), nil)
                }
            }
        }
        for (c, width) in widths.enumerated() { worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), width, nil) }
        worksheet_freeze_panes(sheet, 1, 0)
        if table.rowCount > 0 {
            worksheet_autofilter(sheet, 0, 0, lxw_row_t(table.rowCount), lxw_col_t(max(0, table.columns.count - 1)))
        }
    }

    /// Excel's sheet-name rules: at most 31 characters, none of []:*?/\, unique (case-insensitive).
    package static func sheetName(_ wanted: String, fallback: String, used: inout Set<String>) -> String {
        var base = String(wanted.map { "[]:*?/\\".contains($0) ? " " : $0 }).trimmingCharacters(in: .whitespaces)
        base = base.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        if base.isEmpty { base = fallback }
        base = String(base.prefix(31))
        var name = base, k = 2
        while used.contains(name.lowercased()) {
            let suffix = " (\(k))"
            name = String(base.prefix(31 - suffix.count)) + suffix
            k += 1
        }
        used.insert(name.lowercased())
        return name
    }
}
