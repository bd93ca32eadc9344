import DataIO
import Foundation
import Testing
import _TestSupport

/// Runs `body`, which must throw a DataIOError satisfying `check`.
func expectError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation, _ check: (DataIOError) -> Bool) {
    do {
        try body()
        Issue.record("no error thrown", sourceLocation: sourceLocation)
    } catch let error as DataIOError {
        #expect(check(error), "\(error.localizedDescription)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// Issue 8: what departments' files really hold, and hostile files, give a
/// result or a DataIOError naming the place; never a trap, a hang or a merge.
@Suite struct CSVTrustTests {
    @Test func headerOnlyFileIsRefusedNotDividedByZero() throws {
        let path = try temporaryFile("region,year,output,employment\n")
        #expect(throws: DataIOError.noDataRows(file: path)) { try Panel.read(path: path, required: [.output]) }
        // A table read whole (actuals, shares) may legitimately be empty.
        #expect(try CSVTable.read(path: path).rows.isEmpty)
        // Blank lines below the header are not rows either.
        let blank = try temporaryFile("region,year,output\n\n\r\n")
        #expect(throws: DataIOError.noDataRows(file: blank)) { try Panel.read(path: blank, required: [.output]) }
    }

    @Test func invalidUTF8IsRefusedWithItsPlace() throws {
        // "Đà" and "Đả" in Windows-1258 (0xD0 0xE0 / 0xD0 0xE1 …): decoded with U+FFFD they
        // would become one region. The message names line 3, column 1 and the encodings.
        let bytes = Array("region,year,output,employment\nHa,2010,1,1\n".utf8) + [0xD0, 0xE0] + Array(",2011,2,2\n".utf8)
        let path = try temporaryFile(bytes: bytes)
        expectError({ _ = try Panel.read(path: path, required: [.output]) }) { error in
            guard case .invalidEncoding(let at, let detail) = error else { return false }
            return at.line == 3 && at.column == 1 && detail.contains("0xD0") && error.localizedDescription.contains("Windows-1258")
        }
        // In the header too.
        let header = try temporaryFile(bytes: Array("region,ye".utf8) + [0xFF] + Array("ar\nA,2010\n".utf8))
        #expect(throws: DataIOError.self) { try CSVTable.read(path: header) }
    }

    @Test func tabSeparatedFilesAreDetected() throws {
        let path = try temporaryFile("region\tyear\toutput\nHuế\t2020\t5\nHuế\t2021\t6\n")
        let panel = try Panel.read(path: path, required: [.output])
        #expect(panel.values[.output] == [5, 6])
    }

    @Test func utf16WithByteOrderMarkIsConverted() throws {
        // What Excel writes as "Unicode text": UTF-16 LE with BOM, tab-separated.
        let text = "region\tyear\toutput\r\nĐà Nẵng\t2021\t1234.5\r\n"
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let panel = try Panel.read(path: try temporaryFile(bytes: little), required: [.output])
        #expect(panel.series.map(\.region) == ["Đà Nẵng"])
        #expect(panel.values[.output] == [1234.5])
        let big: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try Panel.read(path: try temporaryFile(bytes: big), required: [.output]).values[.output] == [1234.5])
    }

    @Test func workbooksAndBinaryFilesAreNamed() throws {
        let xlsx = try temporaryFile(bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], name: "data.xlsx")
        expectError({ _ = try Panel.read(path: xlsx) }) { $0.localizedDescription.contains("Excel workbook (.xlsx)") }
        let xls = try temporaryFile(bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], name: "data.xls")
        expectError({ _ = try Panel.read(path: xls) }) { $0.localizedDescription.contains(".xls") }
        let binary = try temporaryFile(bytes: [0x72, 0x00, 0x65, 0x00])
        expectError({ _ = try Panel.read(path: binary) }) { $0.localizedDescription.contains("NUL bytes") }
    }

    @Test func specialFilesAreRefusedWithoutBlocking() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfpkit-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fifo = dir.appendingPathComponent("data.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for reading would block until a writer comes: it must be refused at once.
        expectError({ _ = try Panel.read(path: fifo) }) { $0.localizedDescription.contains("pipe (FIFO)") }
        expectError({ _ = try Panel.read(path: dir.path) }) { $0.localizedDescription.contains("folder") }
        expectError({ _ = try CSVTable.read(path: "/dev/zero") }) { $0.localizedDescription.contains("device") }
    }

    @Test func yearsOutsideTheCalendarAreRefused() throws {
        // Int.max, Int.min-like and five-digit years: refused on reading so no later
        // year difference can overflow.
        for year in ["999999999999999999", "-999999999999999999", "10000", "999"] {
            let path = try temporaryFile("region,year,output\nA,\(year),1\n")
            expectError({ _ = try Panel.read(path: path, required: [.output]) }) { error in
                guard case .outOfRange(let at, _, let expected) = error else { return false }
                return at.line == 2 && at.column == 2 && expected.contains("1000 and 9999")
            }
        }
        // Nineteen digits do not parse as a year at all (no Int overflow in the parser).
        let path = try temporaryFile("region,year,output\nA,9223372036854775808,1\n")
        #expect(throws: DataIOError.self) { try Panel.read(path: path, required: [.output]) }
    }

    @Test func otherToolsMarkersAreRefusedWithAHint() {
        let parser = NumberParser(style: .point)
        for text in ["NaN", "nan", "Inf", "-inf", "#N/A", "-", "..", "x", "…"] {
            guard case .invalid(let hint) = parser.parse(text) else { Issue.record("accepted \(text)"); continue }
            #expect(hint.contains("empty cell or NA"), "\(text): \(hint)")
        }
        // Overflowing text is not a number; 1e308 is.
        #expect(parser.parse("1e309") == .invalid(hint: "the number is too large"))
        #expect(parser.parse("1e308") == .value(1e308))
    }
}

/// Writing output (issue 8): an output never replaces an input, never turns a
/// symlink or a special file into a regular file.
@Suite struct OutputFileTests {
    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfpkit-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func createsAndOverwritesRegularFiles() throws {
        let path = try folder().appendingPathComponent("out.csv").path
        try OutputFile.write("a\n", to: path)
        try OutputFile.write("b\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "b\n")
    }

    @Test func refusesAnInputUnderAnyName() throws {
        let dir = try folder()
        let input = dir.appendingPathComponent("in.csv").path
        try "region,year,output\nA,2020,1\n".write(toFile: input, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
        // Named on the command line under another spelling (a symlink).
        #expect(throws: DataIOError.self) { try OutputFile.write("x", to: link, inputs: [input]) }
        // Read by this process (registered by the reader).
        _ = try CSVTable.read(path: input)
        #expect(throws: DataIOError.self) { try OutputFile.write("x", to: input) }
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "region,year,output\nA,2020,1\n")
    }

    @Test func writesThroughSymlinksAndRefusesSpecialFiles() throws {
        let dir = try folder()
        let target = dir.appendingPathComponent("report.csv").path
        try "old\n".write(toFile: target, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("latest.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try OutputFile.write("new\n", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: DataIOError.self) { try OutputFile.write("x", to: fifo) }
        #expect(throws: DataIOError.self) { try OutputFile.write("x", to: "/dev/null") }
        #expect(throws: DataIOError.self) { try OutputFile.write("x", to: dir.path) }
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func neutralizesSpreadsheetFormulas() {
        // OWASP CSV injection: a leading =, +, -, @, tab or CR makes a spreadsheet evaluate the cell.
        #expect(CSVText.neutralizingFormula("=HYPERLINK(\"http://x\",\"y\")") == "'=HYPERLINK(\"http://x\",\"y\")")
        #expect(CSVText.neutralizingFormula("+84 236") == "'+84 236")
        #expect(CSVText.neutralizingFormula("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVText.neutralizingFormula("\t=1") == "'\t=1")
        #expect(CSVText.neutralizingFormula("Đà Nẵng") == "Đà Nẵng")
        #expect(CSVText.escape("'=A1,B1") == "\"'=A1,B1\"")
    }

    /// RFC 4180 §2.6: a field with a line break is quoted. "\r\n" is one Swift Character, equal to
    /// neither "\r" nor "\n": a test by Character wrote it unquoted, splitting the record.
    @Test func quotesEveryLineBreakDelimiterAndQuote() throws {
        #expect(CSVText.escape("Huế\r\nĐà Nẵng") == "\"Huế\r\nĐà Nẵng\"")
        #expect(CSVText.escape("a\rb") == "\"a\rb\"" && CSVText.escape("a\nb") == "\"a\nb\"")
        #expect(CSVText.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVText.escape("a;b") == "\"a;b\"" && CSVText.escape("Thừa Thiên Huế") == "Thừa Thiên Huế")
        // Read back by TFPKit's own reader: one record, the field as written.
        let path = try temporaryFile("region,year\n" + CSVText.escape("A\r\nB") + ",2020\n")
        let grid = try TextGrid.read(path: path)
        #expect(grid.rows.count == 2 && grid.rows.last?.cells.first == "A\r\nB")  // the header, then one record
    }
}
