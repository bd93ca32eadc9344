import CTextScan
import Dispatch
import Foundation
import Tabular

#if canImport(Glibc)
    import Glibc
#endif

/// Options for reading a delimited text file.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator; `nil` detects comma or semicolon from the header row.
    public var delimiter: UInt8?
    public var decimal: DecimalStyle
    /// For workbooks (`.xlsx`, `.xlsm`): the sheet and range to read.
    public var sheet: SheetSelection

    public init(delimiter: UInt8? = nil, decimal: DecimalStyle = .point, sheet: SheetSelection = SheetSelection()) {
        self.delimiter = delimiter
        self.decimal = decimal
        self.sheet = sheet
    }
}

/// A file's bytes, memory-mapped when possible so that a large panel is read
/// without a second copy in memory.
final class FileBytes: @unchecked Sendable {
    let pointer: UnsafeRawPointer
    let count: Int
    private let mapped: Bool

    init(path: String) throws(DataIOError) {
        // Look before opening: opening a FIFO for reading blocks until a writer
        // appears, and a device or socket is not a file of data.
        var before = stat()
        guard stat(path, &before) == 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        try Self.requireRegularFile(before, path: path)
        // O_NONBLOCK: should the path be swapped for a FIFO after the check, open still returns at once.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotOpen(file: path, reason: String(cString: strerror(errno))) }
        try Self.requireRegularFile(info, path: path)
        InputFiles.register(info)
        let size = Int(info.st_size)
        if size == 0 {
            pointer = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))
            count = 0
            mapped = false
            return
        }
        // MAP_POPULATE: the page tables are filled in one call instead of one fault per page (with two
        // threads faulting at once the faults contend on the address space lock; issue 14 profile).
        if let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), address != MAP_FAILED {
            madvise(address, size, MADV_SEQUENTIAL)
            pointer = UnsafeRawPointer(address)
            count = size
            mapped = true
        } else {
            throw .cannotOpen(file: path, reason: "cannot map the file into memory")
        }
    }

    /// Bytes held in memory (a file converted from UTF-16, for instance).
    init(owning bytes: [UInt8]) {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { storage.copyMemory(from: base, byteCount: bytes.count) } }
        pointer = UnsafeRawPointer(storage)
        count = bytes.count
        mapped = false
    }

    static func requireRegularFile(_ info: stat, path: String) throws(DataIOError) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw .cannotOpen(file: path, reason: "it is a folder, not a file")
        case S_IFIFO: throw .cannotOpen(file: path, reason: "it is a pipe (FIFO), not a file; save the data to a file first")
        default: throw .cannotOpen(file: path, reason: "it is a device or socket, not a regular file")
        }
    }

    deinit {
        if mapped { munmap(UnsafeMutableRawPointer(mutating: pointer), count) } else { UnsafeMutableRawPointer(mutating: pointer).deallocate() }
    }

    /// Tells the kernel the bytes before `offset` are no longer needed, so a
    /// large file's pages do not stay resident while its columns are built.
    func release(upTo offset: Int) {
        guard mapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (offset / page) * page
        if length > 0 { madvise(UnsafeMutableRawPointer(mutating: pointer), length, MADV_DONTNEED) }
    }

    var buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: count)
    }
}

/// One field as the tokenizer sees it: its bytes (inside the quotes, if
/// quoted) and whether it contains doubled quotes to unescape.
package struct CSVField {
    package let bytes: UnsafeBufferPointer<UInt8>
    package let hasEscapedQuotes: Bool

    /// The field as text, with invalid UTF-8 shown as U+FFFD: for messages only.
    package var string: String {
        let s = String(decoding: bytes, as: UTF8.self)
        return hasEscapedQuotes ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The field as text, refusing invalid UTF-8: replacing bad bytes by U+FFFD would
    /// merge different names (two Windows-1258 region names) into one key.
    package func validatedString(at location: @autoclosure () -> FileLocation) throws(DataIOError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw .invalidEncoding(location(), detail: Self.firstInvalidByte(bytes))
        }
        return hasEscapedQuotes ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// Describes the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidByte(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if length == 0 || i + length > bytes.count { return String(format: "byte 0x%02X at character %d of the field", b, i + 1) }
            if let _ = String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self) {
                i += length
            } else {
                return String(format: "byte 0x%02X at character %d of the field", b, i + 1)
            }
        }
        return "an invalid byte sequence"
    }
}

/// A streaming RFC 4180 tokenizer: UTF-8 with or without BOM, comma or
/// semicolon (or a given byte) as delimiter, double-quoted fields with `""`
/// escapes and embedded newlines, LF or CRLF line ends; blank lines skipped.
///
/// Written by hand (instead of SwiftCSV or CSV.swift) because TFPKit needs
/// three things those packages do not give together: exact line and column
/// of every field for error messages, no per-cell `String` allocation (a
/// ten-million-row panel is parsed straight into `Double` columns), and
/// memory-mapped input.
package struct CSVReader: Sendable {
    package let file: String
    package let options: CSVOptions
    let bytes: FileBytes
    package let header: [String]
    package let delimiter: UInt8
    /// Offset of the first byte after the header row.
    let bodyStart: Int
    /// The line number of the first byte after the header row (a quoted header name may hold a line break).
    let bodyLine: Int
    /// The sheet, when the file is a workbook read through its CSV rendering.
    package let sheet: String?
    /// Column number of the first field, minus one (a workbook range may start at column C).
    let columnOffset: Int

    package init(path: String, options: CSVOptions = CSVOptions()) throws(DataIOError) {
        self.file = path
        let raw = try FileBytes(path: path)
        var options = options
        if raw.count >= 4, raw.buffer[0] == 0x50, raw.buffer[1] == 0x4B, raw.buffer[2] == 0x03, raw.buffer[3] == 0x04 {
            let sheet = try Workbook.readSheet(path: path, selection: options.sheet, decimal: options.decimal)
            self.bytes = FileBytes(owning: sheet.csv)
            self.sheet = sheet.name
            self.columnOffset = sheet.firstColumn - 1
            options.delimiter = sheet.delimiter
        } else {
            if options.sheet != SheetSelection() {
                throw .invalidOption("\(Setting.sheet.reference) and \(Setting.range.reference) apply to Excel workbooks (.xlsx); \(path) is a text file.")
            }
            self.bytes = try Self.textBytes(raw, path: path)
            self.sheet = nil
            self.columnOffset = 0
        }
        self.options = options
        let buffer = bytes.buffer
        var start = 0
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        // Skip leading blank lines (LF, CRLF or a bare CR each end one line, as in the body).
        var line = 1
        while start < buffer.count, buffer[start] == 0x0A || buffer[start] == 0x0D {
            if buffer[start] == 0x0A || start + 1 == buffer.count || buffer[start + 1] != 0x0A { line += 1 }
            start += 1
        }
        guard start < buffer.count else { throw .emptyFile(file: path) }
        let detected = options.delimiter ?? Self.detectDelimiter(buffer, from: start)
        if options.decimal == .comma && detected == UInt8(ascii: ",") {
            throw .delimiterConflict(file: path, reason: "with \(Setting.decimal.reference("comma")) the fields must be separated by semicolons, but the header is separated by commas")
        }
        self.delimiter = detected
        var fields: [String] = []
        var next = start
        var lineNumber = line
        let headerLine = line, offset = columnOffset, sheetName = sheet
        try Self.scanRecord(buffer, from: &next, line: &lineNumber, delimiter: detected, file: path) { (index, field) throws(DataIOError) in
            fields.append(try field.validatedString(at: FileLocation(file: path, line: headerLine, column: index + 1 + offset, sheet: sheetName)).trimmingCharacters(in: .whitespaces))
        }
        var seen = Set<String>()
        for name in fields {
            if !seen.insert(name).inserted { throw .duplicateColumn(file: path, name: name) }
        }
        self.header = fields
        self.bodyStart = next
        self.bodyLine = lineNumber
    }

    /// The file's bytes as UTF-8 text: UTF-16 with a byte-order mark (Excel's "Unicode
    /// text") is converted; old workbooks and other binary files are refused with what to do.
    static func textBytes(_ file: FileBytes, path: String) throws(DataIOError) -> FileBytes {
        let b = file.buffer
        func starts(_ signature: [UInt8]) -> Bool { b.count >= signature.count && zip(b, signature).allSatisfy { $0 == $1 } }
        if starts([0xD0, 0xCF, 0x11, 0xE0]) {
            throw .unsupportedFormat(
                file: path, reason: "this is an Excel 97-2003 workbook (.xls) or an encrypted workbook; open it in Excel, remove any password and save the sheet as 'CSV UTF-8 (Comma delimited)'")
        }
        let littleEndian = starts([0xFF, 0xFE]), bigEndian = starts([0xFE, 0xFF])
        if littleEndian || bigEndian {
            guard b.count % 2 == 0 else {
                throw .invalidEncoding(FileLocation(file: path, line: 1), detail: "a UTF-16 file must have an even number of bytes")
            }
            var units: [UInt16] = []
            units.reserveCapacity(b.count / 2 - 1)
            var i = 2
            while i + 1 < b.count {
                units.append(littleEndian ? UInt16(b[i]) | UInt16(b[i + 1]) << 8 : UInt16(b[i]) << 8 | UInt16(b[i + 1]))
                i += 2
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                throw .invalidEncoding(FileLocation(file: path, line: 1), detail: "the file starts with a UTF-16 byte-order mark but holds an unpaired surrogate")
            }
            return FileBytes(owning: Array(text.utf8))
        }
        // NUL bytes do not occur in text files: a binary file, or UTF-16 without a byte-order mark.
        if let base = b.baseAddress, memchr(base, 0, min(b.count, 4096)) != nil {
            throw .unsupportedFormat(file: path, reason: "it holds NUL bytes, so it is not a text file (or it is UTF-16 without a byte-order mark); save it as 'CSV UTF-8'")
        }
        return file
    }

    /// The delimiter that occurs most often outside quotes in the header row (comma, semicolon or tab).
    static func detectDelimiter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var inQuotes = false
        var i = start
        while i < buffer.count {
            let c = buffer[i]
            if c == UInt8(ascii: "\"") { inQuotes.toggle() } else if !inQuotes && (c == 0x0A || c == 0x0D) { break } else if !inQuotes, let k = counts[c] { counts[c] = k + 1 }
            i += 1
        }
        let semicolons = counts[UInt8(ascii: ";"), default: 0], commas = counts[UInt8(ascii: ","), default: 0]
        let tabs = counts[0x09, default: 0]
        if tabs > commas && tabs > semicolons { return 0x09 }
        return semicolons > commas ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }

    /// Scans one record starting at `position`, calling `body(fieldIndex, field)` per field.
    /// Returns the number of fields; advances `position` past the line end.
    @discardableResult
    static func scanRecord(
        _ buffer: UnsafeBufferPointer<UInt8>, from position: inout Int, line: inout Int, delimiter: UInt8, file: String,
        _ body: (Int, CSVField) throws(DataIOError) -> Void
    ) throws(DataIOError) -> Int {
        let quote = UInt8(ascii: "\"")
        var i = position
        var fieldIndex = 0
        let n = buffer.count
        let startLine = line
        while true {
            if i < n, buffer[i] == quote {
                // Quoted field.
                i += 1
                let fieldStart = i
                var escaped = false
                while true {
                    guard i < n else { throw .malformedQuote(FileLocation(file: file, line: startLine, column: fieldIndex + 1)) }
                    let c = buffer[i]
                    if c == quote {
                        if i + 1 < n, buffer[i + 1] == quote { escaped = true; i += 2; continue }
                        break
                    }
                    if c == 0x0A { line += 1 }
                    i += 1
                }
                let field = CSVField(bytes: UnsafeBufferPointer(rebasing: buffer[fieldStart..<i]), hasEscapedQuotes: escaped)
                i += 1  // closing quote
                // Allow spaces after the closing quote.
                while i < n, buffer[i] == 0x20 { i += 1 }
                guard i >= n || buffer[i] == delimiter || buffer[i] == 0x0A || buffer[i] == 0x0D else {
                    throw .malformedQuote(FileLocation(file: file, line: line, column: fieldIndex + 1))
                }
                try body(fieldIndex, field)
            } else {
                let fieldStart = i
                while i < n {
                    let c = buffer[i]
                    if c == delimiter || c == 0x0A || c == 0x0D { break }
                    i += 1
                }
                try body(fieldIndex, CSVField(bytes: UnsafeBufferPointer(rebasing: buffer[fieldStart..<i]), hasEscapedQuotes: false))
            }
            fieldIndex += 1
            if i < n, buffer[i] == delimiter { i += 1; continue }
            // End of record.
            if i < n, buffer[i] == 0x0D { i += 1 }
            if i < n, buffer[i] == 0x0A { i += 1 }
            line += 1
            position = i
            return fieldIndex
        }
    }

    /// Visits every data record: `body(recordIndex, lineNumber, fieldIndex, field)`.
    /// Checks that each record has as many fields as the header.
    package func forEachField(
        _ body: (_ record: Int, _ line: Int, _ field: Int, CSVField) throws(DataIOError) -> Void
    ) throws(DataIOError) -> (records: Int, lines: [Int32]) {
        try forEachField(in: bodyStart..<bytes.count, firstLine: bodyLine, releasePages: true, body)
    }

    /// A byte range of the body that starts at a line start, with what its parse needs to know beforehand.
    package struct Piece {
        package let range: Range<Int>
        /// The line number of its first byte.
        let firstLine: Int
        /// At most this many records: every record but the last ends at a line end (LF, CRLF or a bare CR).
        package let maxRecords: Int
        /// No quote in the range, so that the fused path may tokenize it.
        package let unquoted: Bool
    }

    /// The body in `count` pieces that start at line starts, to be parsed on the cores — only when
    /// the body is over 1 MiB (below, a thread costs more than it saves) and no field is quoted (a quoted field may hold a line end, so a piece could
    /// start inside it); otherwise the body as one piece. Each piece's line ends are counted here, on the
    /// cores (`tfp_count_line_ends`, 16 or 32 bytes at a time: 10 ms for 71 MB on one core), which gives
    /// the line number each piece starts at and a bound on its records.
    package func pieces(_ count: Int) -> [Piece] {
        let buffer = bytes.buffer
        let body = bodyStart..<buffer.count
        guard !body.isEmpty, let base = buffer.baseAddress else {
            return [Piece(range: body, firstLine: bodyLine, maxRecords: 1, unquoted: true)]
        }
        var starts = [bodyStart]
        if count > 1 && body.count > 1 << 20 {
            for k in 1..<count {
                var p = bodyStart + body.count * k / count
                while p < buffer.count, buffer[p - 1] != 0x0A { p += 1 }
                if let last = starts.last, p > last && p < buffer.count { starts.append(p) }
            }
        }
        let pieceStarts = starts, ends = Array(starts.dropFirst()) + [buffer.count]
        // Per piece: its line ends (LF, and CR not followed by LF, as the scanner counts them) and whether it holds a quote.
        var lineEnds = [Int](repeating: 0, count: starts.count)
        var quoted = [Bool](repeating: false, count: starts.count)
        lineEnds.withUnsafeMutableBufferPointer { counts in
            quoted.withUnsafeMutableBufferPointer { quotes in
                nonisolated(unsafe) let counts = counts, quotes = quotes
                nonisolated(unsafe) let base = base
                DispatchQueue.concurrentPerform(iterations: pieceStarts.count) { k in
                    let start = base + pieceStarts[k], stop = base + ends[k]
                    var quote: Int32 = 0
                    counts[k] = tfp_count_line_ends(start, stop, &quote)
                    quotes[k] = quote != 0
                }
            }
        }
        if starts.count == 1 || quoted.contains(true) {
            return [Piece(range: body, firstLine: bodyLine, maxRecords: lineEnds.reduce(1, +), unquoted: !quoted.contains(true))]
        }
        var result: [Piece] = []
        var line = bodyLine
        for k in starts.indices {
            result.append(Piece(range: starts[k]..<ends[k], firstLine: line, maxRecords: lineEnds[k] + 1, unquoted: true))
            line += lineEnds[k]
        }
        return result
    }

    func forEachField(
        in range: Range<Int>, firstLine: Int, releasePages: Bool,
        _ body: (_ record: Int, _ line: Int, _ field: Int, CSVField) throws(DataIOError) -> Void
    ) throws(DataIOError) -> (records: Int, lines: [Int32]) {
        let buffer = bytes.buffer
        var position = range.lowerBound
        let end = range.upperBound
        var line = firstLine
        var record = 0
        var lines: [Int32] = []
        let expected = header.count
        // Fields of one record are collected first, so a row with the wrong number
        // of fields is reported as such, not as a bad value in a shifted column.
        var fields: [CSVField] = []
        fields.reserveCapacity(expected + 4)
        lines.reserveCapacity(range.count / 32)
        var released = 0
        while position < end {
            // Skip blank lines (not records).
            if buffer[position] == 0x0A { position += 1; line += 1; continue }
            if buffer[position] == 0x0D { position += 1; if position < buffer.count, buffer[position] == 0x0A { position += 1 }; line += 1; continue }
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            let count = try Self.scanRecord(buffer, from: &position, line: &line, delimiter: delimiter, file: file) { _, field in
                fields.append(field)
            }
            if count != expected {
                throw .wrongFieldCount(FileLocation(file: file, line: recordLine), found: count, expected: expected)
            }
            for (index, field) in fields.enumerated() { try body(record, recordLine, index, field) }
            lines.append(Int32(truncatingIfNeeded: recordLine))
            record += 1
            if releasePages && position - released > 1 << 26 {
                bytes.release(upTo: position)
                released = position
            }
        }
        return (record, lines)
    }

    package func location(line: Int, field: Int) -> FileLocation {
        FileLocation(file: file, line: line, column: field + 1 + columnOffset, columnName: field < header.count ? header[field] : nil, sheet: sheet)
    }
}
