import Foundation

/// Errors in plan files and actuals, naming the file, line and field.
public enum PlanError: Error, Sendable, Equatable, LocalizedError {
    /// The file is not valid TOML at this line and column.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A field has the wrong type or value; `expected` says what it must be.
    case invalidField(file: String, line: Int?, field: String, expected: String)
    /// A required field is missing.
    case missingField(file: String, line: Int?, field: String)
    /// Two targets have the same label (id and part).
    case duplicateTarget(file: String, line: Int?, id: String)
    /// A target needs data that was not given.
    case dataNeeded(target: String, what: String)

    /// The message, naming the file and line (when known) and the field.
    public var errorDescription: String? {
        switch self {
        case .syntax(let file, let line, let column, let message): "\(file):\(line):\(column): TOML syntax error: \(message)."
        case .invalidField(let file, let line, let field, let expected):
            "\(file)\(line.map { ":\($0)" } ?? ""): field '\(field)': expected \(expected)."
        case .missingField(let file, let line, let field): "\(file)\(line.map { ":\($0)" } ?? ""): the field '\(field)' is required."
        case .duplicateTarget(let file, let line, let id): "\(file)\(line.map { ":\($0)" } ?? ""): target '\(id)' is defined twice."
        case .dataNeeded(let target, let what): "Target \(target) needs \(what)."
        }
    }
}
