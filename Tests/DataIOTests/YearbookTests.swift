import DataIO
import Foundation
import Testing
import _TestSupport

/// Issue 11: yearbook tables to the long contract. The EXAMPLE tables in
/// Datasets/yearbook are GSO's labour-force numbers laid out as the yearbook
/// prints them (`make_yearbook_examples.py`); every value read back must equal
/// the long GSO table they came from.
@Suite struct YearbookTests {
    static let source = repositoryPath("Datasets/vietnam/provinces_labour_force_2005_2021.csv")

    static func published() throws -> [String: Double] {
        let table = try CSVTable.read(path: source)
        let names = try table.strings(column: "Địa phương"), years = try table.strings(column: "year")
        let values = try table.numbers(column: "value")
        var out: [String: Double] = [:]
        for k in names.indices where !values[k].isNaN { out["\(names[k])|\(years[k])"] = values[k] }
        return out
    }

    func check(_ table: YearbookTable) throws {
        let published = try Self.published()
        #expect(table.years.map(\.year) == [2017, 2018, 2019, 2020, 2021])
        #expect(table.years.map(\.preliminary) == [false, false, false, false, true])
        #expect(table.aggregates.map(\.name) == ["CẢ NƯỚC", "Đồng bằng sông Hồng", "Trung du và miền núi phía Bắc"])
        #expect(table.missing == ["not available (..)": 5])
        #expect(table.unrecognisedNames == ["Hà Tây"])
        #expect(table.unit == "Nghìn người")
        #expect(table.noteLines.count == 1)
        let present = table.entries.filter { $0.value != nil }
        #expect(present.count == 30)  // six provinces × five years
        for entry in present {
            #expect(entry.value == published["\(entry.region)|\(entry.year)"], "\(entry.region) \(entry.year)")
        }
        #expect(table.entries.filter { $0.region == "Hà Tây" }.allSatisfy { $0.value == nil })
    }

    @Test func csvInTheYearbooksOwnStyle() throws {
        // Semicolons, decimal comma, dots grouping thousands (50.560,5), title rows and a note.
        let path = repositoryPath("Datasets/yearbook/EXAMPLE_labour_force_wide.csv")
        let table = try YearbookTable.recognise(
            try TextGrid.read(path: path, options: CSVOptions(decimal: .comma)), decimal: .comma,
            reference: try RegionReference.bundled())
        try check(table)
        #expect(table.headerLine == 5)
        #expect(table.titleLines.map(\.line) == [1, 2, 3])
    }

    @Test func workbookWithAMergedTitle() throws {
        let path = repositoryPath("Datasets/yearbook/EXAMPLE_labour_force_wide.xlsx")
        let table = try YearbookTable.recognise(try TextGrid.read(path: path), decimal: .point, reference: try RegionReference.bundled())
        try check(table)
        #expect(table.titleLines.map(\.text) == ["Lực lượng lao động từ 15 tuổi trở lên phân theo địa phương (Nghìn người)"])
    }

    @Test func longOutputReadsBackAsAPanel() throws {
        let path = repositoryPath("Datasets/yearbook/EXAMPLE_labour_force_wide.csv")
        let table = try YearbookTable.recognise(try TextGrid.read(path: path, options: CSVOptions(decimal: .comma)), decimal: .comma)
        let long = try temporaryFile(table.longCSV(valueName: "employment"))
        let panel = try Panel.read(path: long, required: [.employment])
        #expect(panel.series.count == 7)
        #expect(panel.rowCount == 35)
        #expect(panel.values[.employment]?.filter(\.isNaN).count == 5)
    }

    @Test func yearHeadings() {
        #expect(YearbookTable.yearColumn("2022")?.year == 2022)
        #expect(YearbookTable.yearColumn("2022")?.preliminary == false)
        #expect(YearbookTable.yearColumn("Sơ bộ 2022")?.preliminary == true)
        #expect(YearbookTable.yearColumn("Prel. 2022")?.preliminary == true)
        #expect(YearbookTable.yearColumn("Năm 2021")?.preliminary == false)
        #expect(YearbookTable.yearColumn("Ước tính 2023")?.preliminary == true)
        #expect(YearbookTable.yearColumn("2022*")?.preliminary == true)
        #expect(YearbookTable.yearColumn("Mã 1234") == nil)
        #expect(YearbookTable.yearColumn("2021-2025") == nil)
        #expect(YearbookTable.yearColumn("12345") == nil)
    }

    @Test func refusalsNameTheCell() throws {
        let bad = try temporaryFile("Bảng\nTỉnh,2020,2021\nHuế,12,abc\n")
        expectError({ _ = try YearbookTable.recognise(try TextGrid.read(path: bad), decimal: .point) }) {
            $0.localizedDescription.contains(":3:3") && $0.localizedDescription.contains("'abc'")
        }
        let twice = try temporaryFile("Tỉnh,2020,2021\nHuế,1,2\nTT Huế,3,4\nHuế,5,6\n")
        #expect(throws: DataIOError.self) { try YearbookTable.recognise(try TextGrid.read(path: twice), decimal: .point) }
        let long = try temporaryFile("region,year,value\nHuế,2020,1\n")
        expectError({ _ = try YearbookTable.recognise(try TextGrid.read(path: long), decimal: .point) }) {
            $0.localizedDescription.contains("read directly by every command")
        }
        // Thousands in point style: 1,234.5 is read only when the commas group three digits.
        let grouped = try temporaryFile("Tỉnh,2020,2021\nHuế,\"1,234.5\",\"12,345\"\n")
        let table = try YearbookTable.recognise(try TextGrid.read(path: grouped), decimal: .point)
        #expect(table.entries.map(\.value) == [1234.5, 12345])
        let misgrouped = try temporaryFile("Tỉnh,2020,2021\nHuế,\"1,23\",1\n")
        #expect(throws: DataIOError.self) { try YearbookTable.recognise(try TextGrid.read(path: misgrouped), decimal: .point) }
    }
}
