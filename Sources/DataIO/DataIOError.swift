import Foundation
import Tabular

/// A place in an input file, for error messages: 1-based line and column.
public struct FileLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// 1-based field number, when the problem is in one field.
    public let column: Int?
    /// The header name of that field, when known.
    public let columnName: String?

    /// The sheet, when the file is a workbook: `line` is then the row and `column` the column number.
    public let sheet: String?

    public init(file: String, line: Int, column: Int? = nil, columnName: String? = nil, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.sheet = sheet
    }

    public var description: String {
        var s = "\(file):\(line)"
        if let column { s += ":\(column)" }
        if let sheet {
            s = "\(file), sheet '\(sheet)', " + (column.map { "cell \(CellReference.letters($0))\(line)" } ?? "row \(line)")
        }
        if let columnName { s += " (column '\(columnName)')" }
        return s
    }
}

/// Everything that can be wrong with input data. Each case says where and
/// what was expected, so the CLI can print one sentence a planner understands.
public enum DataIOError: Error, Sendable, Equatable, LocalizedError, SettingReferencingError {
    case cannotOpen(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case noDataRows(file: String)
    case invalidEncoding(FileLocation, detail: String)
    case unsupportedFormat(file: String, reason: String)
    case emptyFile(file: String)
    case malformedQuote(FileLocation)
    case wrongFieldCount(FileLocation, found: Int, expected: Int)
    case missingColumn(file: String, role: String, name: String, header: [String])
    case duplicateColumn(file: String, name: String)
    case notANumber(FileLocation, text: String, hint: String)
    case notAnInteger(FileLocation, text: String)
    case outOfRange(FileLocation, value: Double, expected: String)
    case duplicateKey(FileLocation, key: String, firstLine: Int)
    case emptyKey(FileLocation)
    case delimiterConflict(file: String, reason: String)
    case invalidOption(String)
    case unknownRegion(FileLocation?, name: String, suggestions: [String])
    case regionNotInData(file: String, name: String, suggestions: [String])

    public var errorDescription: String? { libraryMessage }

    /// The message, with markers for the settings it points to (``Setting``).
    public var messageTemplate: String {
        switch self {
        case .cannotOpen(let file, let reason): "Cannot read \(file): \(reason)."
        case .cannotWrite(let file, let reason): "Cannot write \(file): \(reason)."
        case .emptyFile(let file): "\(file) is empty: expected a header row and at least one data row."
        case .noDataRows(let file): "\(file) has a header row but no data rows: expected at least one row of data below the header."
        case .invalidEncoding(let at, let detail):
            "\(at): the text is not valid UTF-8 (\(detail)); the file may be in Windows-1258 or TCVN3/VNI encoding: save it from Excel as 'CSV UTF-8', or convert it with iconv -f CP1258 -t UTF-8."
        case .unsupportedFormat(let file, let reason): "\(file): \(reason)."
        case .malformedQuote(let at):
            "\(at): a quoted field must end with a quote followed by the delimiter or the end of the line."
        case .wrongFieldCount(let at, let found, let expected):
            "\(at): this row has \(found) fields but the header has \(expected); check the delimiter and quoting."
        case .missingColumn(let file, let role, let name, let header):
            "\(file): no column '\(name)' for the role '\(role)'. The header has: \(header.prefix(30).map { "'\($0.count > 80 ? String($0.prefix(80)) + "…" : $0)'" }.joined(separator: ", "))\(header.count > 30 ? " and \(header.count - 30) more" : "")"
                + (header.count == 1
                    ? " (a single column: is the file separated by another character? TFPKit detects commas, semicolons and tabs; give \(Setting.delimiter.reference) otherwise)."
                    : ". Map a column with \(Setting.column.reference("\(role)=NAME")).")
        case .duplicateColumn(let file, let name): "\(file): the header names the column '\(name)' twice."
        case .notANumber(let at, let text, let hint): "\(at): expected a number, found '\(text)'\(hint.isEmpty ? "" : "; \(hint)")."
        case .notAnInteger(let at, let text): "\(at): expected a whole number (a year), found '\(text)'."
        case .outOfRange(let at, let value, let expected):
            "\(at): \(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)") is out of range: expected \(expected)."
        case .duplicateKey(let at, let key, let firstLine):
            "\(at): \(key) appears twice (first at line \(firstLine)); each region and year may appear once."
        case .emptyKey(let at): "\(at): the region or year is empty."
        case .delimiterConflict(let file, let reason): "\(file): \(reason)."
        case .invalidOption(let what): what
        case .regionNotInData(let file, let name, let suggestions):
            "'\(name)' is not a region of \(file)" + (suggestions.isEmpty ? "." : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?")
        case .unknownRegion(let at, let name, let suggestions):
            "\(at.map { "\($0): " } ?? "")'\(name)' is not a province or city of Việt Nam"
                + (suggestions.isEmpty ? "." : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?")
        }
    }
}
