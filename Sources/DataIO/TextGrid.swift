import Foundation
import Tabular

/// A table read as rows of text cells, without assuming a header on the first
/// line or the same number of fields on every line: statistical-yearbook tables
/// have title rows, notes and merged headings. Read from CSV or text (UTF-8 or
/// UTF-16) or from a workbook sheet.
public struct TextGrid: Sendable {
    public struct Row: Sendable, Equatable {
        /// The line (text) or row number (sheet).
        public let line: Int
        /// Column number of the first cell (a sheet range may start at column C).
        public let firstColumn: Int
        public let cells: [String]

        public init(line: Int, firstColumn: Int = 1, cells: [String]) {
            self.line = line
            self.firstColumn = firstColumn
            self.cells = cells
        }

        public var nonEmpty: [String] { cells.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    public let file: String
    public let sheet: String?
    public let rows: [Row]

    public init(file: String, sheet: String? = nil, rows: [Row]) {
        self.file = file
        self.sheet = sheet
        self.rows = rows
    }

    public func location(_ row: Row, index: Int) -> FileLocation {
        FileLocation(file: file, line: row.line, column: row.firstColumn + index, sheet: sheet)
    }

    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(DataIOError) -> TextGrid {
        let raw = try FileBytes(path: path)
        if raw.count >= 4, raw.buffer[0] == 0x50, raw.buffer[1] == 0x4B, raw.buffer[2] == 0x03, raw.buffer[3] == 0x04 {
            let (sheet, rows) = try Workbook.readGrid(path: path, selection: options.sheet)
            return TextGrid(file: path, sheet: sheet, rows: rows)
        }
        if options.sheet != SheetSelection() {
            throw .invalidOption("\(Setting.sheet.reference) and \(Setting.range.reference) apply to Excel workbooks (.xlsx); \(path) is a text file.")
        }
        let bytes = try CSVReader.textBytes(raw, path: path)
        let buffer = bytes.buffer
        var position = 0
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        guard position < buffer.count else { throw .emptyFile(file: path) }
        var delimiter = options.delimiter ?? detectDelimiter(buffer, from: position)
        if options.decimal == .comma && delimiter == UInt8(ascii: ",") && options.delimiter == nil { delimiter = UInt8(ascii: ";") }
        var rows: [Row] = []
        var line = 1
        while position < buffer.count {
            if buffer[position] == 0x0A { position += 1; line += 1; continue }
            if buffer[position] == 0x0D {
                position += 1
                if position < buffer.count, buffer[position] == 0x0A { position += 1 }
                line += 1
                continue
            }
            let start = line
            var cells: [String] = []
            try CSVReader.scanRecord(buffer, from: &position, line: &line, delimiter: delimiter, file: path) { (index, field) throws(DataIOError) in
                cells.append(try field.validatedString(at: FileLocation(file: path, line: start, column: index + 1)))
            }
            rows.append(Row(line: start, cells: cells))
        }
        return TextGrid(file: path, rows: rows)
    }

    /// The delimiter most frequent outside quotes over the first 50 lines (a title line has none).
    static func detectDelimiter(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var inQuotes = false, lines = 0, i = start
        while i < buffer.count, lines < 50 {
            let c = buffer[i]
            if c == UInt8(ascii: "\"") { inQuotes.toggle() } else if !inQuotes && c == 0x0A { lines += 1 } else if !inQuotes, let k = counts[c] { counts[c] = k + 1 }
            i += 1
        }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key ?? UInt8(ascii: ",")
    }
}

/// A whole text file (a plan, a spec): a regular file only, UTF-8 (or UTF-16 with
/// a byte-order mark), invalid bytes refused with their line and column.
public enum TextFile {
    /// Files larger than this are not plans or specs.
    public static let maxBytes = 64 << 20

    public static func read(path: String) throws(DataIOError) -> String {
        let raw = try FileBytes(path: path)
        guard raw.count <= maxBytes else { throw .unsupportedFormat(file: path, reason: "the file is larger than 64 MiB, too large for a plan or a spec") }
        let bytes = try CSVReader.textBytes(raw, path: path).buffer
        if let text = String(validating: bytes, as: UTF8.self) {
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        // Find the line and column of the first invalid byte.
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            let end = min(bytes.count, i + 4)
            if bytes[i] >= 0x80, String(validating: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self) == nil {
                // Confirm by checking the whole line up to here decodes without this byte.
                if String(validating: UnsafeBufferPointer(rebasing: bytes[lineStart..<i]), as: UTF8.self) != nil,
                    CSVField.firstInvalidByte(UnsafeBufferPointer(rebasing: bytes[i..<end])).contains("at character 1")
                {
                    throw .invalidEncoding(
                        FileLocation(file: path, line: line, column: i - lineStart + 1),
                        detail: String(format: "byte 0x%02X", bytes[i]))
                }
            }
            i += 1
        }
        throw .invalidEncoding(FileLocation(file: path, line: line), detail: "an invalid byte sequence")
    }
}
