import DataIO
import Foundation
import Testing
import _TestSupport

/// Issue 11: Excel workbooks read directly. The fixtures were written by three real
/// producers (openpyxl, xlsxwriter, LibreOffice) with `Workbooks/make_fixtures.py`;
/// their values are the first rows of the national and Đà Nẵng panels in Datasets/.
@Suite struct WorkbookTests {
    static func fixture(_ name: String) -> String { repositoryPath("Tests/DataIOTests/Workbooks/\(name)") }

    // Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv, 2010-2012, and Đà Nẵng 2010-2011.
    static let output = [2739843.2, 2915553.9, 3074717.7, 49263.0, 53908.0]
    static let employment = [49124.1, 50352.0, 51422.4, 494.5, 503.8]

    func expectPanel(_ panel: Panel) {
        // Series are ordered by name: Việt Nam after Đà Nẵng? "V" (U+0056) sorts before "Đ" (U+0110).
        #expect(panel.series.map(\.region) == ["Việt Nam", "Đà Nẵng"])
        #expect(panel.years == [2010, 2011, 2012, 2010, 2011])
        #expect(panel.values[.output] == Self.output)
        #expect(panel.values[.employment] == Self.employment)
    }

    @Test(arguments: ["libreoffice_converted.xlsx", "xlsxwriter_formulas.xlsx", "openpyxl_title_rows.xlsx"])
    func everyProducerGivesTheSameNumbers(file: String) throws {
        expectPanel(try Panel.read(path: Self.fixture(file), required: [.output, .employment]))
    }

    @Test func titleRowsMergedCellsDatesAndBooleans() throws {
        // openpyxl: title merged over A1:F1, blank row 2, header on row 3, row 5 hidden.
        let table = try CSVTable.read(path: Self.fixture("openpyxl_title_rows.xlsx"))
        #expect(table.header == ["region", "year", "output", "employment", "published", "preliminary"])
        #expect(table.lines == [4, 5, 6, 7, 8])  // sheet rows, for messages
        #expect(try table.strings(column: "published") == ["2011-06-30", "2012-06-30", "2013-06-30", "2011-06-30", "2012-06-30"])
        #expect(try table.strings(column: "preliminary") == ["FALSE", "FALSE", "TRUE", "FALSE", "FALSE"])
        // An explicit range gives the same table.
        let ranged = try CSVTable.read(
            path: Self.fixture("openpyxl_title_rows.xlsx"),
            options: CSVOptions(sheet: SheetSelection(range: try CellRange("A3:F8"))))
        #expect(ranged.rows == table.rows)
    }

    @Test func formulasGiveTheirCachedValuesAndErrorsAreRefusedWhereANumberIsExpected() throws {
        let path = Self.fixture("xlsxwriter_formulas.xlsx")
        let table = try CSVTable.read(path: path)
        let perWorker = try table.numbers(column: "output_per_worker")
        for (k, value) in perWorker.enumerated() { #expect(relativeError(value, Self.output[k] / Self.employment[k]) < 1e-15) }
        #expect(try table.strings(column: "check").allSatisfy { $0 == "#N/A" })
        expectError({ _ = try Panel.read(path: path, mapping: ColumnMapping(assignments: ["output=check"]), required: [.output]) }) {
            $0.localizedDescription.contains("sheet 'Data', cell F2 (column 'check'): expected a number, found '#N/A'")
        }
    }

    @Test func sheetsByNameOrNumberAndClearRefusals() throws {
        let path = Self.fixture("openpyxl_title_rows.xlsx")
        #expect(try CSVTable.read(path: path, options: CSVOptions(sheet: SheetSelection(sheet: "Ghi chú"))).header == ["Nguồn: Tổng cục Thống kê"])
        #expect(try CSVTable.read(path: path, options: CSVOptions(sheet: SheetSelection(sheet: "2"))).header == ["Nguồn: Tổng cục Thống kê"])
        expectError({ _ = try CSVTable.read(path: path, options: CSVOptions(sheet: SheetSelection(sheet: "GDP"))) }) {
            $0.localizedDescription.contains("its sheets are 'Số liệu', 'Ghi chú'")
        }
        expectError({ _ = try Panel.read(path: Self.fixture("openpyxl_uncalculated_formula.xlsx"), required: [.output]) }) {
            $0.localizedDescription.contains("cell C2 holds a formula without a computed value")
        }
        #expect(throws: DataIOError.self) { try CellRange("H80:A5") }
        #expect(throws: DataIOError.self) { try CellRange("A0:B2") }
        #expect(throws: DataIOError.self) { try CellRange("XFE1:XFE2") }  // beyond Excel's 16,384 columns
        #expect(try CellRange("b2:XFD1048576") == CellRange("B2:XFD1048576"))
    }

    @Test func damagedWorkbooksFailCleanly() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Self.fixture("xlsxwriter_formulas.xlsx"))))
        // Truncated at several places, and with bytes flipped in the middle: an error, never a trap.
        for cut in [4, 30, bytes.count / 3, bytes.count / 2, bytes.count - 22, bytes.count - 1] {
            let path = try temporaryFile(bytes: Array(bytes.prefix(cut)), name: "cut.xlsx")
            #expect(throws: DataIOError.self) { try Panel.read(path: path, required: [.output]) }
        }
        var mutator = Mutator(seed: 11)
        for _ in 0..<200 {
            var copy = bytes
            for _ in 0..<(1 + mutator.below(8)) { copy[4 + mutator.below(copy.count - 4)] = UInt8(truncatingIfNeeded: mutator.next()) }
            let path = try temporaryFile(bytes: copy, name: "flipped.xlsx")
            do { _ = try Panel.read(path: path, required: [.output]) } catch { #expect(error is DataIOError) }
        }
    }

    @Test func excelDateSerials() {
        // Excel's own reading of these serials (1900 date system, including the phantom 29 Feb 1900).
        #expect(SheetDates.iso(1) == "1900-01-01")
        #expect(SheetDates.iso(59) == "1900-02-28")
        #expect(SheetDates.iso(61) == "1900-03-01")
        #expect(SheetDates.iso(25569) == "1970-01-01")
        #expect(SheetDates.iso(45657) == "2024-12-31")
    }
}
