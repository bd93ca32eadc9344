import CFastFloat
import Foundation

/// Reads a worksheet part (`xl/worksheets/sheetN.xml`, ECMA-376 Part 1 §18.3) from its
/// bytes: rows, cells (`c` with `r`, `t`, `s`), their `v`, `f` and inline `is`/`t` text,
/// and `mergeCell` ranges. Everything else is skipped.
///
/// Written by hand because Foundation's XMLParser on Linux fails on parts over 10 MB
/// (libxml2's limit, about 44,000 rows of five columns) and spends most of a large sheet's
/// time building strings and attribute dictionaries for every element; a worksheet uses a
/// small, regular subset of XML, which this scanner reads in one pass over the bytes
/// (elements with or without a namespace prefix, attributes in either quote, the five
/// predefined entities and numeric character references, comments, CDATA, processing
/// instructions). The results are those of the XMLParser reader it replaces (tested on
/// files from openpyxl, xlsxwriter and LibreOffice).
struct SheetScanner {
    enum Failure: Error {
        /// The XML is not well formed where the scanner stopped (byte offset).
        case malformed(String)
        /// A sentence about a cell.
        case cell(String)
    }

    let bytes: UnsafeRawBufferPointer
    var i = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    // MARK: Lexing

    @inline(__always) func at(_ k: Int) -> UInt8 { k < bytes.count ? bytes[k] : 0 }

    /// Index of the next occurrence of `pattern` from `from`, or nil.
    func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard let first = pattern.first else { return from }
        var k = from
        while k + pattern.count <= bytes.count {
            if bytes[k] == first {
                var match = true
                for (j, b) in pattern.enumerated().dropFirst() where bytes[k + j] != b { match = false; break }
                if match { return k }
            }
            k += 1
        }
        return nil
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != UInt8(ascii: ">") && b != UInt8(ascii: "/") && b != UInt8(ascii: "=")
    }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Appends the text `start..<end` to `out`, decoding entities and character references.
    static func appendText(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, to out: inout [UInt8]) throws(Failure) {
        var k = start
        while k < end {
            let b = bytes[k]
            guard b == UInt8(ascii: "&") else { out.append(b); k += 1; continue }
            var semicolon = k + 1
            while semicolon < end && bytes[semicolon] != UInt8(ascii: ";") && semicolon - k < 12 { semicolon += 1 }
            guard semicolon < end, bytes[semicolon] == UInt8(ascii: ";") else { throw .malformed("an '&' that starts no entity at byte \(k)") }
            let name = Array(bytes[(k + 1)..<semicolon])
            switch name {
            case Array("amp".utf8): out.append(UInt8(ascii: "&"))
            case Array("lt".utf8): out.append(UInt8(ascii: "<"))
            case Array("gt".utf8): out.append(UInt8(ascii: ">"))
            case Array("quot".utf8): out.append(UInt8(ascii: "\""))
            case Array("apos".utf8): out.append(UInt8(ascii: "'"))
            default:
                guard name.first == UInt8(ascii: "#") else { throw .malformed("the unknown entity '&\(String(decoding: name, as: UTF8.self));' at byte \(k)") }
                let hex = name.count > 1 && (name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X"))
                let digits = String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self)
                guard let code = UInt32(digits, radix: hex ? 16 : 10), let scalar = Unicode.Scalar(code), code != 0 else {
                    throw .malformed("the character reference '&\(String(decoding: name, as: UTF8.self));' at byte \(k)")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            k = semicolon + 1
        }
    }

    /// One tag: its local name, whether it closes (`</x>`) or is empty (`<x/>`), and the
    /// attributes TFPKit reads (`r`, `t`, `s`, `ref`), as byte ranges.
    struct Tag {
        var name: ArraySlice<UInt8> = []
        /// FNV-1a of the qualified name (prefix included): an end tag must close the element it ends.
        var qualifiedHash: UInt64 = 0
        var closing = false
        var empty = false
        var r: Range<Int>? = nil, t: Range<Int>? = nil, s: Range<Int>? = nil, ref: Range<Int>? = nil
    }

    /// Reads the tag that starts at `i` (on '<'), leaving `i` after its '>'.
    mutating func tag() throws(Failure) -> Tag? {
        let start = i
        let next = at(i + 1)
        if next == UInt8(ascii: "!") {
            if at(i + 2) == UInt8(ascii: "-") && at(i + 3) == UInt8(ascii: "-") {
                guard let end = find(Array("-->".utf8), from: i + 4) else { throw .malformed("an unterminated comment at byte \(start)") }
                i = end + 3
                return nil
            }
            if let end = find(Array(">".utf8), from: i + 2) { i = end + 1; return nil }  // a DOCTYPE or CDATA outside text
            throw .malformed("an unterminated declaration at byte \(start)")
        }
        if next == UInt8(ascii: "?") {
            guard let end = find(Array("?>".utf8), from: i + 2) else { throw .malformed("an unterminated processing instruction at byte \(start)") }
            i = end + 2
            return nil
        }
        var tag = Tag()
        i += 1
        if at(i) == UInt8(ascii: "/") { tag.closing = true; i += 1 }
        let nameStart = i
        while i < bytes.count && Self.isNameByte(bytes[i]) { i += 1 }
        guard i > nameStart, i < bytes.count else { throw .malformed("a tag without a name at byte \(start)") }
        var localStart = nameStart
        for k in nameStart..<i where bytes[k] == UInt8(ascii: ":") { localStart = k + 1 }
        tag.name = ArraySlice(bytes[localStart..<i])
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in nameStart..<i { hash = (hash ^ UInt64(bytes[k])) &* 0x0100_0000_01b3 }
        tag.qualifiedHash = hash
        // Attributes: name = "value" or 'value'.
        while true {
            while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else { throw .malformed("an unterminated tag at byte \(start)") }
            if bytes[i] == UInt8(ascii: ">") { i += 1; return tag }
            if bytes[i] == UInt8(ascii: "/") {
                guard at(i + 1) == UInt8(ascii: ">") else { throw .malformed("a '/' inside a tag at byte \(i)") }
                tag.empty = true
                i += 2
                return tag
            }
            let attributeStart = i
            while i < bytes.count && Self.isNameByte(bytes[i]) { i += 1 }
            let attributeEnd = i
            while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
            guard attributeEnd > attributeStart, at(i) == UInt8(ascii: "=") else { throw .malformed("an attribute without a value at byte \(attributeStart)") }
            i += 1
            while i < bytes.count && Self.isSpace(bytes[i]) { i += 1 }
            let quote = at(i)
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { throw .malformed("an attribute value without quotes at byte \(i)") }
            let valueStart = i + 1
            var valueEnd = valueStart
            while valueEnd < bytes.count && bytes[valueEnd] != quote { valueEnd += 1 }
            guard valueEnd < bytes.count else { throw .malformed("an unterminated attribute value at byte \(valueStart)") }
            i = valueEnd + 1
            let length = attributeEnd - attributeStart
            if length == 1 {
                switch bytes[attributeStart] {
                case UInt8(ascii: "r"): tag.r = valueStart..<valueEnd
                case UInt8(ascii: "t"): tag.t = valueStart..<valueEnd
                case UInt8(ascii: "s"): tag.s = valueStart..<valueEnd
                default: break
                }
            } else if length == 3, bytes[attributeStart] == UInt8(ascii: "r"), bytes[attributeStart + 1] == UInt8(ascii: "e"), bytes[attributeStart + 2] == UInt8(ascii: "f") {
                tag.ref = valueStart..<valueEnd
            }
        }
    }
}

extension SheetCells {
    /// The cells of a worksheet part, read by `SheetScanner`.
    static func scan(_ data: Data, path: String, sheet: String, strings: [String], dateStyles: Set<Int>, date1904: Bool) throws(DataIOError) -> Result {
        let outcome: Swift.Result<Result, SheetScanner.Failure> = data.withUnsafeBytes { raw in
            do { return .success(try scanCells(raw, sheet: sheet, strings: strings, dateStyles: dateStyles, date1904: date1904)) } catch let failure as SheetScanner.Failure {
                return .failure(failure)
            } catch { return .failure(.malformed("\(error)")) }
        }
        switch outcome {
        case .success(let result): return result
        case .failure(.cell(let sentence)): throw .unsupportedFormat(file: path, reason: sentence)
        case .failure(.malformed(let reason)):
            throw .unsupportedFormat(file: path, reason: "the part sheet '\(sheet)' is not valid XML (\(reason)); save the workbook again from Excel")
        }
    }

    private static func scanCells(
        _ raw: UnsafeRawBufferPointer, sheet: String, strings: [String], dateStyles: Set<Int>,
        date1904: Bool
    ) throws(SheetScanner.Failure) -> Result {
        var scanner = SheetScanner(raw)
        var result = Result()
        var row = 0, nextColumn = 1
        var reference: CellReference? = nil
        var type: ArraySlice<UInt8> = [], style = 0
        var value: [UInt8] = [], inline: [UInt8] = []
        var hasFormula = false, inValue = false, inInlineText = false
        let n = raw.count
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: raw[range]), as: UTF8.self) }
        func integer(_ range: Range<Int>) -> Int? {
            var v = 0
            guard !range.isEmpty, range.count <= 9 else { return nil }
            for k in range {
                let b = raw[k]
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        // Types are compared as bytes and numbers parsed from bytes (fast_float): a sheet of
        // 500,000 cells makes no String per cell on its way.
        let typeS: [UInt8] = Array("s".utf8), typeInline: [UInt8] = Array("inlineStr".utf8), typeStr: [UInt8] = Array("str".utf8)
        let typeB: [UInt8] = Array("b".utf8), typeE: [UInt8] = Array("e".utf8), typeD: [UInt8] = Array("d".utf8)
        func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
            var lo = 0, hi = bytes.count
            while lo < hi, SheetScanner.isSpace(bytes[lo]) { lo += 1 }
            while hi > lo, SheetScanner.isSpace(bytes[hi - 1]) { hi -= 1 }
            return bytes[lo..<hi]
        }
        /// A text of the file as a String, refused when it is not UTF-8 (never replaced by U+FFFD).
        func utf8(_ bytes: [UInt8], _ place: () -> String) throws(SheetScanner.Failure) -> String {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .cell("\(place()) holds text that is not UTF-8 (the sheet is damaged or in another encoding); save the workbook again from Excel")
            }
            return text
        }
        /// A cell's text shortened for a message (a 20 MB cell is not echoed whole).
        func shown(_ bytes: some Collection<UInt8>) -> String {
            let text = String(decoding: bytes.prefix(60), as: UTF8.self)
            return bytes.count > 60 ? text + "…" : text
        }
        var previous: CellKey? = nil
        func finishCell() throws(SheetScanner.Failure) {
            guard let cell = reference else { return }
            reference = nil
            func place() -> String { "sheet '\(sheet)', cell \(CellReference.letters(cell.column))\(cell.row)" }
            let key = CellKey(row: cell.row, column: cell.column)
            // Cells come in row and column order, each once (ECMA-376 §18.3.1.4); a repeated or
            // backward cell is a damaged sheet, never a silent overwrite.
            if let previous, !SheetCells.Result.before(previous, key) {
                throw .cell(
                    "\(place()) comes after cell \(CellReference.letters(previous.column))\(previous.row): cells are repeated or out of order, so the sheet is damaged; save the workbook again from Excel"
                )
            }
            previous = key
            let stored: Value
            if type.elementsEqual(typeS) {
                let digits = trimmed(value)
                var index = 0
                var valid = !digits.isEmpty && digits.count <= 9
                for b in digits where valid { if b >= 48 && b <= 57 { index = index * 10 + Int(b - 48) } else { valid = false } }
                guard valid, index < strings.count else {
                    throw .cell("\(place()) refers to shared string \(shown(value)), which does not exist")
                }
                stored = .text(strings[index])
            } else if type.elementsEqual(typeInline) {
                stored = .text(try utf8(inline, place))
            } else if type.elementsEqual(typeStr) || type.elementsEqual(typeE) {
                // #N/A, #DIV/0! (t="e"): refused later where a number is expected.
                stored = .text(try utf8(value, place))
            } else if type.elementsEqual(typeB) {
                stored = .boolean(trimmed(value).elementsEqual("1".utf8))
            } else {
                let text = trimmed(value)
                if text.isEmpty {
                    if hasFormula {
                        throw .cell("\(place()) holds a formula without a computed value (the program that wrote the file does not calculate); open the workbook in Excel or LibreOffice and save it")
                    }
                    return  // a formatted empty cell
                }
                // Decimal numbers only (fast_float, correctly rounded): no hexadecimal, no words.
                var number = 0.0
                let parsed = text.withUnsafeBufferPointer { b -> Bool in
                    b.withMemoryRebound(to: CChar.self) { c in tfp_parse_double(c.baseAddress!, c.baseAddress! + c.count, &number) == 1 }
                }
                guard parsed, number.isFinite else { throw .cell("\(place()) holds '\(shown(text))', which is not a number") }
                stored = dateStyles.contains(style) && !type.elementsEqual(typeD) ? .date(number + (date1904 ? 1462 : 0)) : .number(number)
            }
            result.cells.append((key: key, value: stored))
        }
        // About one cell per 40 bytes of sheet XML: room reserved once, not grown.
        result.cells.reserveCapacity(min(raw.count / 40, 4_000_000))
        let less = UInt8(ascii: "<")
        var finished = false, inRow = false
        // The elements open at this point, by the hash of their names: the sheet must be well-formed
        // XML (every element closed by its own end tag), or it is refused as damaged.
        var openElements: [UInt64] = []
        // Inside a phonetic run (<rPh>): its <t> is a reading aid, not the cell's text (ECMA-376 §18.4.6).
        var phonetic = 0
        while scanner.i < n {
            // Text up to the next tag.
            let textStart = scanner.i
            while scanner.i < n && raw[scanner.i] != less { scanner.i += 1 }
            if scanner.i > textStart {
                if inValue { try SheetScanner.appendText(raw, textStart, scanner.i, to: &value) } else if inInlineText { try SheetScanner.appendText(raw, textStart, scanner.i, to: &inline) }
            }
            guard scanner.i < n else { break }
            // CDATA inside a value: its bytes as they are.
            if inValue || inInlineText, scanner.at(scanner.i + 1) == UInt8(ascii: "!"), scanner.at(scanner.i + 2) == UInt8(ascii: "[") {
                guard let end = scanner.find(Array("]]>".utf8), from: scanner.i) else { throw .malformed("an unterminated CDATA section") }
                let contentStart = scanner.i + 9
                if contentStart <= end {
                    if inValue { value += Array(raw[contentStart..<end]) } else { inline += Array(raw[contentStart..<end]) }
                }
                scanner.i = end + 3
                continue
            }
            guard let tag = try scanner.tag() else { continue }
            if tag.closing {
                guard let open = openElements.popLast(), open == tag.qualifiedHash else {
                    throw .malformed("the end tag </\(String(decoding: tag.name, as: UTF8.self))> at byte \(scanner.i) does not close the element open there")
                }
            } else if !tag.empty {
                openElements.append(tag.qualifiedHash)
            }
            switch (tag.name.count, tag.name.first, tag.closing) {
            case (3, UInt8(ascii: "r"), false) where tag.name.elementsEqual("row".utf8):
                let r = tag.r.flatMap(integer) ?? row + 1
                guard r > row, r <= CellReference.maxRow else { throw .cell("the part sheet '\(sheet)' is not valid (row numbers out of order at row \(r)); save the workbook again from Excel") }
                row = r
                nextColumn = 1
                inRow = !tag.empty
            case (1, UInt8(ascii: "c"), false):
                if let r = tag.r {
                    guard let cell = CellReference(text(r)), cell.row == row || row == 0 else {
                        throw .cell("the part sheet '\(sheet)' is not valid (the cell reference '\(text(r))' is not valid in row \(row)); save the workbook again from Excel")
                    }
                    reference = cell
                } else {
                    reference = CellReference(row: max(row, 1), column: nextColumn)
                }
                nextColumn = (reference?.column ?? nextColumn) + 1
                type = tag.t.map { ArraySlice(raw[$0]) } ?? ArraySlice("n".utf8)
                style = tag.s.flatMap(integer) ?? 0
                value.removeAll(keepingCapacity: true)
                inline.removeAll(keepingCapacity: true)
                hasFormula = false
                if tag.empty { try finishCell() }
            case (1, UInt8(ascii: "c"), true): try finishCell()
            case (1, UInt8(ascii: "v"), let closing): inValue = !closing && !tag.empty
            case (1, UInt8(ascii: "f"), false): hasFormula = true
            case (1, UInt8(ascii: "t"), let closing): inInlineText = !closing && !tag.empty && phonetic == 0
            case (3, UInt8(ascii: "r"), let closing) where tag.name.elementsEqual("rPh".utf8) && !tag.empty: phonetic += closing ? -1 : 1
            case (9, UInt8(ascii: "s"), let closing) where tag.name.elementsEqual("sheetData".utf8) && (closing || tag.empty):
                // The end of the cells: every row and cell before it must be closed.
                guard !inRow, reference == nil else { throw .malformed("the cells end inside a row (the sheet is damaged)") }
                finished = true
            case (3, UInt8(ascii: "r"), true) where tag.name.elementsEqual("row".utf8): inRow = false
            case (9, UInt8(ascii: "m"), false) where tag.name.elementsEqual("mergeCell".utf8):
                if let ref = tag.ref, let range = try? CellRange(text(ref)) { result.merges.append(range) }
            default: break
            }
        }
        // A sheet that stops before its end is damaged (a truncated file), not a shorter table.
        guard finished, reference == nil, !inValue, !inInlineText, openElements.isEmpty else {
            throw .malformed("the sheet ends before its last row is closed (the file is truncated or damaged)")
        }
        return result
    }
}
