import CTextScan
import DataIO
import Econometrics
import Foundation
import Testing
import _TestSupport

@Suite struct NumberParserTests {
    let point = NumberParser(style: .point)
    let comma = NumberParser(style: .comma)

    @Test func pointStyleReadsPlainDecimals() {
        #expect(point.parse("1234.5") == .value(1234.5))
        #expect(point.parse(" -0.25 ") == .value(-0.25))
        #expect(point.parse("1e3") == .value(1000))
        #expect(point.parse("") == .missing)
        #expect(point.parse("NA") == .missing)
        // Correct rounding (strtod): 0.1 is the double nearest to one tenth.
        #expect(point.parse("0.1") == .value(0.1))
    }

    @Test func pointStyleRefusesCommasInsteadOfGuessing() {
        guard case .invalid(let hint) = point.parse("1.234,5") else { Issue.record("accepted 1.234,5"); return }
        // The library points to the setting; the CLI names it --decimal comma (ErrorHints).
        #expect(hint.contains(Setting.decimal.reference("comma")))
        #expect(Setting.render(hint, naming: .library).contains("the decimal-comma style"))
        guard case .invalid = point.parse("1,234") else { Issue.record("accepted 1,234 in point style"); return }
        guard case .invalid = point.parse("1.2.3") else { Issue.record("accepted 1.2.3"); return }
        guard case .invalid = point.parse("abc") else { Issue.record("accepted abc"); return }
        guard case .invalid = point.parse("inf") else { Issue.record("accepted inf"); return }
        guard case .invalid = point.parse("0x10") else { Issue.record("accepted hex"); return }
    }

    @Test func commaStyleReadsVietnameseNumbers() {
        #expect(comma.parse("1.234,5") == .value(1234.5))
        #expect(comma.parse("1234,5") == .value(1234.5))
        #expect(comma.parse("1.234.567") == .value(1_234_567))
        #expect(comma.parse("1.234") == .value(1234))  // declared: a thousands separator
        #expect(comma.parse("-12,75") == .value(-12.75))
    }

    @Test func commaStyleRefusesMisplacedThousandsSeparators() {
        guard case .invalid = comma.parse("1234.5") else { Issue.record("accepted 1234.5 in comma style"); return }
        guard case .invalid = comma.parse("1.23,4") else { Issue.record("accepted 1.23,4"); return }
        guard case .invalid = comma.parse("12,3,4") else { Issue.record("accepted two commas"); return }
    }
}

@Suite struct CSVReaderTests {
    @Test func readsBOMQuotesAndCRLF() throws {
        let path = try temporaryFile("\u{FEFF}region,year,output\r\n\"Hà Nội, TP\",2020,\"10\"\r\nHuế,2020,5\r\n\r\n")
        let table = try CSVTable.read(path: path)
        #expect(table.header == ["region", "year", "output"])
        #expect(try table.strings(column: "region") == ["Hà Nội, TP", "Huế"])
        #expect(try table.numbers(column: "output") == [10, 5])
        #expect(table.lines == [2, 3])
    }

    @Test func detectsSemicolonsAndReadsDecimalComma() throws {
        let path = try temporaryFile("region;year;output\nĐà Nẵng;2021;1.234,5\n")
        let panel = try Panel.read(path: path, options: CSVOptions(decimal: .comma), required: [.output])
        #expect(panel.values[.output] == [1234.5])
    }

    @Test func decimalCommaWithCommaSeparatedFileIsAnError() throws {
        let path = try temporaryFile("region,year,output\nA,2021,1\n")
        #expect(
            throws: DataIOError.delimiterConflict(file: path, reason: "with \(Setting.decimal.reference("comma")) the fields must be separated by semicolons, but the header is separated by commas")
        ) {
            try Panel.read(path: path, options: CSVOptions(decimal: .comma))
        }
    }

    @Test func textInANumberNamesLineAndColumn() throws {
        let path = try temporaryFile("region,year,output\nA,2020,10\nA,2021,ten\n")
        do {
            _ = try Panel.read(path: path, required: [.output])
            Issue.record("no error")
        } catch {
            guard case .notANumber(let at, let text, _) = error else { Issue.record("\(error)"); return }
            #expect(at == FileLocation(file: path, line: 3, column: 3, columnName: "output"))
            #expect(text == "ten")
            #expect(error.localizedDescription.contains(":3:3 (column 'output'): expected a number, found 'ten'"))
        }
    }

    /// Line numbers count physical lines wherever they are: a line break inside a quoted header name, and
    /// blank lines before the header ended by LF, CRLF or a bare CR (found by the review of 0.8.4's reader).
    @Test(arguments: [
        ("x,\"two\nlines\"\n1,2\n1,bad\n", 4), ("\r\r\nx,y\n1,2\n1,bad\n", 5), ("\n\r\nx,y\r1,2\r1,bad\r", 5),
    ])
    func linesAreCountedAcrossHeaderAndLeadingBlankLines(text: String, line: Int) throws {
        let path = try temporaryFile(text)
        let header = try CSVReader(path: path).header
        #expect(throws: DataIOError.notANumber(FileLocation(file: path, line: line, column: 2, columnName: header[1]), text: "bad", hint: "")) {
            try CSVColumns.read(path: path, requests: [(header[1], .number)])
        }
    }

    /// A number longer than 60 bytes is refused the same way whether or not the file holds a quote
    /// (the fused path read it, the general path refused it).
    @Test func overlongNumbersAreRefusedByEveryPath() throws {
        let long = "1.9" + String(repeating: "0", count: 70)
        for extra in ["", "\"q\",3\n"] {
            let path = try temporaryFile("x,k\n1,a\n\(long),b\n" + extra)
            #expect(throws: DataIOError.notANumber(FileLocation(file: path, line: 3, column: 1, columnName: "x"), text: long, hint: "the text is too long for a number")) {
                try CSVColumns.read(path: path, requests: [("x", .number), ("k", .text)])
            }
        }
    }

    @Test func wrongFieldCountIsReported() throws {
        let path = try temporaryFile("region,year,output\nA,2020,10,7\n")
        #expect(throws: DataIOError.wrongFieldCount(FileLocation(file: path, line: 2), found: 4, expected: 3)) {
            try CSVTable.read(path: path)
        }
    }

    @Test func unterminatedQuoteIsReported() throws {
        let path = try temporaryFile("region,year,output\n\"A,2020,10\n")
        #expect(throws: DataIOError.malformedQuote(FileLocation(file: path, line: 2, column: 1))) {
            try CSVTable.read(path: path)
        }
    }

    @Test func nfcAndNfdSpellingsAreOneRegion() throws {
        let nfc = "Đà Nẵng".precomposedStringWithCanonicalMapping
        let nfd = "Đà Nẵng".decomposedStringWithCanonicalMapping
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        let path = try temporaryFile("region,year,output,employment\n\(nfc),2020,10,1\n\(nfd),2021,11,1\n")
        let panel = try Panel.read(path: path)
        #expect(panel.series.count == 1)
        #expect(Array(panel.series[0].region.utf8) == Array(nfc.utf8))
        // The same region and year in both spellings is a duplicate.
        let dup = try temporaryFile("region,year,output\n\(nfc),2020,10\n\(nfd),2020,11\n")
        #expect(throws: DataIOError.duplicateKey(FileLocation(file: dup, line: 3, column: 2, columnName: "year"), key: "\(nfc), 2020", firstLine: 2)) {
            try Panel.read(path: dup)
        }
    }

    @Test func outOfRangeValuesAreRefused() throws {
        let path = try temporaryFile("region,year,output,labour_share\nA,2020,10,55\n")
        #expect(throws: DataIOError.outOfRange(FileLocation(file: path, line: 2, column: 4, columnName: "labour_share"), value: 55, expected: "a share strictly between 0 and 1 (write 0.55, not 55)"))
        {
            try Panel.read(path: path)
        }
        let negative = try temporaryFile("region,year,output\nA,2020,-1\n")
        #expect(throws: DataIOError.self) { try Panel.read(path: negative) }
    }

    @Test func missingColumnListsTheHeaderAndHowToMapIt() throws {
        // "unit" and "value" stand for no role (HeaderNames would read "province" and "grdp").
        let path = try temporaryFile("unit,year,value\nA,2020,1\n")
        do {
            _ = try Panel.read(path: path)
            Issue.record("no error")
        } catch {
            #expect(error.localizedDescription.contains("no column 'region'"))
            #expect(error.localizedDescription.contains("a column mapping (region=NAME)"))
            #expect(!error.localizedDescription.contains("--"), "a library message names no flag")
        }
        let mapped = try Panel.read(path: path, mapping: ColumnMapping(assignments: ["region=unit", "output=value"]), required: [.output])
        #expect(mapped.series.map(\.region) == ["A"])
    }

    @Test func integerLikeTextKeysAreInternedLikeOthers() throws {
        let path = try temporaryFile("firm,x\n17,1\n3,2\n17,3\n007,4\n")
        let columns = try CSVColumns.read(path: path, requests: [("firm", .text), ("x", .number)])
        let firm = try #require(columns.text("firm"))
        #expect(firm.levels == ["17", "3", "007"])
        #expect(firm.codes == [0, 1, 0, 2])
    }

    /// A name equal to the one before it takes its code without a lookup; names that share a prefix, differ
    /// in length, come back after others or come through the general path (a space, non-ASCII) keep their own.
    @Test func repeatedNamesKeepTheirCodes() throws {
        let path = try temporaryFile("region,x\nR1,1\nR1,2\nR10,3\nR1,4\nR,5\nR1 ,6\nR10,7\nHuế,8\nHuế,9\nR1,10\n")
        let columns = try CSVColumns.read(path: path, requests: [("region", .text), ("x", .number)])
        let region = try #require(columns.text("region"))
        #expect(region.levels == ["R1", "R10", "R", "Huế"])
        #expect(region.codes == [0, 0, 1, 0, 2, 0, 1, 3, 3, 0])
    }
}

/// Files over 1 MiB without quotes are parsed in one piece per core; the result must
/// be the same as the single-threaded parse, and errors must name the right line.
@Suite struct ParallelParseTests {
    func bigFile(rows: Int, quotedLastRow: Bool, badLine: Int? = nil) throws -> String {
        var rng = SplitMix64(seed: 3)
        var text = "firm,region,x\n"
        text.reserveCapacity(rows * 40)
        let names = ["Đà Nẵng", "Đà Nẵng".decomposedStringWithCanonicalMapping, "Huế", "Gia Lai"]
        for i in 0..<rows {
            let line = i + 2
            let x = line == badLine ? "oops" : String(rng.nextGaussian())
            text += "\(rng.next() % 50_000),\(names[i % 4]),\(x)\n"
        }
        if quotedLastRow { text += "7,\"Huế\",1.5\n" }
        return try temporaryFile(text)
    }

    @Test func parallelAndSingleThreadedParsesAgree() throws {
        let rows = 600_000  // about 20 MB
        let parallel = try CSVColumns.read(
            path: bigFile(rows: rows, quotedLastRow: false),
            requests: [("firm", .text), ("region", .text), ("x", .number)])
        let single = try CSVColumns.read(
            path: bigFile(rows: rows, quotedLastRow: true),
            requests: [("firm", .text), ("region", .text), ("x", .number)])
        #expect(parallel.rowCount == rows)
        #expect(single.rowCount == rows + 1)
        #expect(Array(single.numbers("x")!.prefix(rows)) == parallel.numbers("x")!)
        #expect(Array(single.lines.prefix(rows)) == parallel.lines)
        for column in ["firm", "region"] {
            let a = parallel.text(column)!, b = single.text(column)!
            let labelsA = a.codes.map { a.levels[Int($0)] }, labelsB = b.codes.prefix(rows).map { b.levels[Int($0)] }
            #expect(labelsA == Array(labelsB))
        }
        #expect(parallel.text("region")!.levels.count == 3)  // NFC and NFD Đà Nẵng are one
    }

    /// Every line-end convention, and blank lines that leave a piece fewer records than its slice holds
    /// (the slices after it move up): the same rows and line numbers as the single-threaded parse.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func piecesWithBlankLinesAndEveryLineEnd(lineEnd: String) throws {
        func file(quoted: Bool) throws -> String {
            var rng = SplitMix64(seed: 5)
            var text = "firm,x,year" + lineEnd
            text.reserveCapacity(22_000_000)
            for i in 0..<700_000 {
                text += "\(rng.next() % 90_000),\(rng.nextGaussian()),\(2000 + i % 20)" + lineEnd
                // Blank lines, more of them early in the file, so that the first piece holds fewer records than line ends.
                if i < 300_000 ? i % 3 == 0 : i % 1_000 == 0 { text += lineEnd }
            }
            if quoted { text += "\"7\",1.5,2001" + lineEnd }
            return try temporaryFile(text)
        }
        let requests: [(name: String, kind: ColumnKind)] = [("firm", .text), ("x", .number), ("year", .integer)]
        let pieces = try CSVReader(path: file(quoted: false)).pieces(2)
        #expect(pieces.count == (lineEnd == "\r" ? 1 : 2))  // a file of bare CRs has no LF to split at
        let parallel = try CSVColumns.read(path: file(quoted: false), requests: requests)
        let single = try CSVColumns.read(path: file(quoted: true), requests: requests)
        #expect(parallel.rowCount == 700_000)
        #expect(single.rowCount == 700_001)
        #expect(parallel.numbers("x")!.map(\.bitPattern) == single.numbers("x")!.prefix(700_000).map(\.bitPattern))
        #expect(parallel.integers("year")! == Array(single.integers("year")!.prefix(700_000)))
        #expect(parallel.lines == Array(single.lines.prefix(700_000)))
        #expect(parallel.lines.last == Int32(700_000 + 100_000 + 400 + 1))  // rows, blank lines, the header
        let a = parallel.text("firm")!, b = single.text("firm")!
        #expect(a.codes.map { a.levels[Int($0)] } == b.codes.prefix(700_000).map { b.levels[Int($0)] })
    }

    /// The vectorised count of line ends and quotes (16 or 32 bytes at a time, then byte by byte) against
    /// the scanner's rule, counted here one byte at a time: every LF, and every CR not followed by an LF.
    @Test func lineEndsAreCountedAsTheScannerCountsThem() throws {
        var rng = SplitMix64(seed: 21)
        let alphabet: [UInt8] = Array("\r\n\"a,1".utf8)
        for trial in 0..<400 {
            // Some bodies span several 255-block flushes of the byte lanes (4,080 bytes with SSE2, 8,160 with AVX2).
            let length = Int(rng.next() % (trial % 10 == 0 ? 20_000 : 200))
            let letters = trial % 2 == 0 ? 3 : alphabet.count  // every other body only line ends and quotes
            // Some bodies are all line ends: every byte lane counts its maximum before each flush.
            let body =
                trial % 50 == 5
                ? [UInt8](repeating: trial % 100 == 5 ? 0x0A : 0x0D, count: 20_000 + trial)
                : (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(letters))] }
            let reader = try CSVReader(path: temporaryFile(bytes: Array("h\n".utf8) + body))
            let piece = try #require(reader.pieces(1).first)
            var expected = 0
            for (i, b) in body.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == body.count || body[i + 1] != 0x0A)) { expected += 1 }
            #expect(piece.maxRecords == expected + 1, "body \(body)")
            #expect(piece.unquoted == !body.contains(0x22), "body \(body)")
            // The path of a CPU without AVX2 (this one takes the AVX2 path in `pieces`).
            var quote: Int32 = -1
            let baseline = body.withUnsafeBufferPointer { b in
                guard let start = b.baseAddress else { return 0 }
                return tfp_count_line_ends_baseline(start, start + b.count, &quote)
            }
            #expect(baseline == expected && (quote != 0) == body.contains(0x22) || body.isEmpty, "body \(body)")
        }
    }

    @Test func anErrorLateInTheFileNamesItsLine() throws {
        let path = try bigFile(rows: 600_000, quotedLastRow: false, badLine: 550_001)
        #expect(throws: DataIOError.notANumber(FileLocation(file: path, line: 550_001, column: 3, columnName: "x"), text: "oops", hint: "")) {
            try CSVColumns.read(path: path, requests: [("x", .number)])
        }
    }
}

/// fast_float must give exactly the double that Swift's own (strtod-based,
/// correctly rounded) parser gives, on shortest, long, exponent and integer forms.
@Suite struct FastFloatTests {
    @Test func agreesWithTheCorrectlyRoundedParserBitForBit() {
        var rng = SplitMix64(seed: 11)
        let parser = NumberParser(style: .point)
        var texts: [String] = [
            "0", "-0", "1", "+2.5", "1e308", "2.2250738585072014e-308", "4.9e-324", "0.1", "123456789012345678901234567890",
            "3.141592653589793238462643383279", "9007199254740993", "1.7976931348623157e308",
        ]
        for _ in 0..<20_000 {
            let bits = rng.next()
            let v = Double(bitPattern: bits & 0x7FEF_FFFF_FFFF_FFFF)  // finite
            texts.append("\(v)")
            texts.append(String(format: "%.25g", v))
            let g = rng.nextGaussian() * 1e4
            texts.append(String(format: "%.17f", g))
            texts.append(String(Int64(truncatingIfNeeded: rng.next() >> 12)))
        }
        var mismatches = 0
        for t in texts {
            guard let expected = Double(t) else { continue }
            if parser.parse(t) != .value(expected) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(parser.parse("1e400") == .invalid(hint: "the number is too large"))
    }
}
