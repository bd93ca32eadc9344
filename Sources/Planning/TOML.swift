import Foundation

/// A TOML 1.0 reader (https://toml.io/en/v1.0.0) for plan files.
///
/// Written by hand because the package the plans were first read with (TOMLKit,
/// over toml++) stops the whole process on some malformed files: `[[[x` reaches
/// an assertion in toml++'s key parser (`TOML_ASSERT_ASSUME`, undefined
/// behaviour when assertions are off), found by `scripts/hostile_sweep.py`.
/// A plan file comes from a department, so every input must give a plan or a
/// message with its line and column. This reader is small, bounded (nesting depth,
/// integer range) and fuzzed (`PlanFuzzTests`).
///
/// Supported: comments; bare, quoted and dotted keys; basic, literal and
/// multi-line strings with escapes; integers (decimal, hex, octal, binary, with
/// underscores); floats (with inf and nan); booleans; dates and times (kept as
/// their text); arrays; inline tables; `[table]` and `[[array of tables]]`
/// headers; redefinition errors.
package enum TOML {
    package indirect enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        /// A date, time or date-time, as written.
        case datetime(String)
        case array([Value])
        case table(Table)

        package var string: String? { if case .string(let s) = self { s } else { nil } }
        package var int: Int? { if case .integer(let i) = self { i } else { nil } }
        /// A float; integers are not floats here (as in TOMLKit), callers accept both where numbers are wanted.
        package var double: Double? { if case .float(let d) = self { d } else { nil } }
        package var bool: Bool? { if case .boolean(let b) = self { b } else { nil } }
        package var array: [Value]? { if case .array(let a) = self { a } else { nil } }
        package var table: Table? { if case .table(let t) = self { t } else { nil } }

        /// Moves an array or a table out of the value (leaving a placeholder), so that it is the
        /// only reference and changes in place; a `switch` would hold a second one while it runs.
        fileprivate mutating func takeArray() -> [Value]? {
            guard case .array(let items) = self else { return nil }
            self = .boolean(false)
            return items
        }
        fileprivate mutating func takeTable() -> Table? {
            guard case .table(let table) = self else { return nil }
            self = .boolean(false)
            return table
        }
    }

    /// A table: keys in the order they were written.
    package struct Table: Sendable, Equatable {
        package private(set) var keys: [String] = []
        fileprivate var values: [String: Value] = [:]

        package init() {}
        package subscript(key: String) -> Value? { values[key] }

        fileprivate mutating func set(_ key: String, _ value: Value) {
            if values[key] == nil { keys.append(key) }
            values[key] = value
        }

        /// Moves a value out to change it in place (its key keeps its place; `set` puts it back).
        /// Changed while still stored, an array of tables was copied on every key of every
        /// element: a spec of 10,000 jobs took seconds (the hostile sweep).
        fileprivate mutating func take(_ key: String) -> Value? { values.removeValue(forKey: key) }
    }

    package struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        package let line: Int
        package let column: Int
        package let message: String
        package var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Arrays and inline tables nested deeper than this are refused (no unbounded recursion).
    package static let maxDepth = 64

    package static func parse(_ text: String) throws(ParseError) -> Table {
        var parser = Parser(text)
        return try parser.document()
    }

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var line = 1
        var lineStart = 0
        var root = Table()
        /// The path of the current table header, and whether it is an element of an array of tables.
        var current: [String] = []
        /// Tables defined by a header or by dotted keys (a second [a] is an error).
        var defined = Set<[String]>()
        var arraysOfTables = Set<[String]>()
        /// Tables closed to later dotted keys and headers because they were written inline.
        var inlineTables = Set<[String]>()

        init(_ text: String) { s = Array(text.unicodeScalars) }

        var column: Int { i - lineStart + 1 }

        func error(_ message: String) -> ParseError { ParseError(line: line, column: column, message: message) }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < s.count ? s[i + offset] : nil }

        mutating func advance() {
            if s[i] == "\n" { line += 1; lineStart = i + 1 }
            i += 1
        }

        mutating func skipSpaces() { while let c = peek(), c == " " || c == "\t" { i += 1 } }

        mutating func skipComment() throws(ParseError) {
            guard peek() == "#" else { return }
            while let c = peek(), c != "\n" {
                if c == "\r" && peek(1) == "\n" { break }
                if isControl(c) { throw error("control character U+\(String(c.value, radix: 16, uppercase: true)) in a comment") }
                i += 1
            }
        }

        /// Whitespace, comments and newlines (between array elements and statements).
        mutating func skipBlank() throws(ParseError) {
            while true {
                skipSpaces()
                try skipComment()
                if peek() == "\n" { advance(); continue }
                if peek() == "\r", peek(1) == "\n" { i += 1; advance(); continue }
                return
            }
        }

        func isControl(_ c: Unicode.Scalar) -> Bool { (c.value < 0x20 && c != "\t") || c.value == 0x7F }

        /// After a statement: spaces, an optional comment, then a newline or the end.
        mutating func endOfLine() throws(ParseError) {
            skipSpaces()
            try skipComment()
            if peek() == nil { return }
            if peek() == "\n" { advance(); return }
            if peek() == "\r", peek(1) == "\n" { i += 1; advance(); return }
            throw error("expected the end of the line, found '\(peek().map { String($0) } ?? "")'")
        }

        mutating func document() throws(ParseError) -> Table {
            if peek() == "\u{FEFF}" { i += 1 }
            while true {
                try skipBlank()
                guard let c = peek() else { return root }
                if c == "[" {
                    let isArray = peek(1) == "["
                    i += isArray ? 2 : 1
                    skipSpaces()
                    let path = try key()
                    skipSpaces()
                    guard peek() == "]", !isArray || peek(1) == "]" else { throw error(isArray ? "expected ']]' to close the table header" : "expected ']' to close the table header") }
                    i += isArray ? 2 : 1
                    try endOfLine()
                    try openTable(path, array: isArray)
                } else {
                    let path = try key()
                    skipSpaces()
                    guard peek() == "=" else { throw error("expected '=' after the key '\(path.joined(separator: "."))'") }
                    i += 1
                    skipSpaces()
                    let v = try value(depth: 0)
                    try assign(current, path, v)
                    try endOfLine()
                }
            }
        }

        // MARK: Keys

        mutating func key() throws(ParseError) -> [String] {
            var parts: [String] = []
            while true {
                skipSpaces()
                guard let c = peek() else { throw error("expected a key") }
                if c == "\n" || c == "\r" { throw error("expected a key before the end of the line (inline tables { … } stay on one line)") }
                if c == "\"" {
                    if peek(1) == "\"" && peek(2) == "\"" { throw error("a key cannot be a multi-line string") }
                    parts.append(try basicString())
                } else if c == "'" {
                    if peek(1) == "'" && peek(2) == "'" { throw error("a key cannot be a multi-line string") }
                    parts.append(try literalString())
                } else {
                    var text = ""
                    while let c = peek(), isBare(c) { text.unicodeScalars.append(c); i += 1 }
                    guard !text.isEmpty else { throw error("expected a key (letters, digits, _ or -, or a quoted name), found '\(String(c))'") }
                    parts.append(text)
                }
                skipSpaces()
                if peek() == "." { i += 1; continue }
                return parts
            }
        }

        func isBare(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
        }

        // MARK: Tables

        mutating func openTable(_ path: [String], array: Bool) throws(ParseError) {
            if inlineTables.contains(where: { path.starts(with: $0) }) { throw error("the table '\(path.joined(separator: "."))' was written inline and cannot be extended") }
            if array {
                guard !defined.contains(path) || arraysOfTables.contains(path) else { throw error("'\(path.joined(separator: "."))' is a table, not an array of tables") }
                let known = arraysOfTables.contains(path), location = error("")
                try mutate(path.dropLast(), createMissing: true) { (table: inout Table) throws(ParseError) in
                    let last = path[path.count - 1]
                    var taken = table.take(last)
                    if taken == nil {
                        table.set(last, .array([.table(Table())]))
                    } else if known, var items = taken?.takeArray() {
                        items.append(.table(Table()))
                        table.set(last, .array(items))
                    } else {
                        throw ParseError(
                            line: location.line, column: location.column,
                            message: "'\(path.joined(separator: "."))' is already defined and is not an array of tables")
                    }
                }
                arraysOfTables.insert(path)
                defined.insert(path)
                // Sub-tables of the previous element may be defined again in the new one.
                defined = defined.filter { !($0.count > path.count && $0.starts(with: path)) }
            } else {
                guard !defined.contains(path) else { throw error("the table [\(path.joined(separator: "."))] is defined twice") }
                try mutate(ArraySlice(path), createMissing: true) { (_: inout Table) throws(ParseError) in }
                defined.insert(path)
            }
            current = path
        }

        /// Runs `body` on the table at `path` (descending into the last element of arrays of tables).
        mutating func mutate(_ path: ArraySlice<String>, createMissing: Bool, _ body: (inout Table) throws(ParseError) -> Void) throws(ParseError) {
            let location = error("")
            let fail = { (message: String) in ParseError(line: location.line, column: location.column, message: message) }
            try Self.descend(&root, path, createMissing: createMissing, error: fail, body)
        }

        static func descend(
            _ table: inout Table, _ path: ArraySlice<String>, createMissing: Bool, error: (String) -> ParseError,
            _ body: (inout Table) throws(ParseError) -> Void
        ) throws(ParseError) {
            guard let first = path.first else { try body(&table); return }
            let rest = path.dropFirst()
            // Moved out while it changes, so that it is changed in place (see `Table.take`); an error
            // ends the parse, so a value moved out before one is not put back.
            var taken = table.take(first)
            if taken == nil {
                guard createMissing else { throw error("no table '\(first)'") }
                var child = Table()
                try descend(&child, rest, createMissing: createMissing, error: error, body)
                table.set(first, .table(child))
            } else if var child = taken?.takeTable() {
                try descend(&child, rest, createMissing: createMissing, error: error, body)
                table.set(first, .table(child))
            } else if var items = taken?.takeArray(), case .table? = items.last, var last = items.popLast(), var child = last.takeTable() {
                try descend(&child, rest, createMissing: createMissing, error: error, body)
                items.append(.table(child))
                table.set(first, .array(items))
            } else {
                throw error("'\(first)' is a value, not a table")
            }
        }

        mutating func assign(_ base: [String], _ path: [String], _ v: Value) throws(ParseError) {
            let full = base + path
            if inlineTables.contains(where: { full.starts(with: $0) && full.count > $0.count }) { throw error("the table written inline cannot be extended") }
            // Dotted keys define their intermediate tables.
            for k in 1..<max(1, path.count) {
                let prefix = base + path.prefix(k)
                if defined.contains(prefix) && !arraysOfTables.contains(prefix) && !isDottedTable(prefix) {
                    throw error("the table '\(prefix.joined(separator: "."))' is already defined by a header")
                }
                dotted.insert(prefix)
            }
            let key = path[path.count - 1]
            let location = error("")
            try mutate(ArraySlice(full.dropLast()), createMissing: true) { (table: inout Table) throws(ParseError) in
                guard table[key] == nil else {
                    throw ParseError(line: location.line, column: location.column, message: "the key '\(path.joined(separator: "."))' is defined twice")
                }
                table.set(key, v)
            }
            if case .table = v { inlineTables.insert(full) }
        }

        var dotted = Set<[String]>()
        func isDottedTable(_ path: [String]) -> Bool { dotted.contains(path) }

        // MARK: Values

        mutating func value(depth: Int) throws(ParseError) -> Value {
            guard depth < TOML.maxDepth else { throw error("arrays or inline tables nested more than \(TOML.maxDepth) deep") }
            guard let c = peek() else { throw error("expected a value") }
            switch c {
            case "\"":
                if peek(1) == "\"" && peek(2) == "\"" { return .string(try multilineBasicString()) }
                return .string(try basicString())
            case "'":
                if peek(1) == "'" && peek(2) == "'" { return .string(try multilineLiteralString()) }
                return .string(try literalString())
            case "[": return try arrayValue(depth: depth)
            case "{": return try inlineTable(depth: depth)
            case "t", "f":
                if matches("true") { i += 4; return .boolean(true) }
                if matches("false") { i += 5; return .boolean(false) }
                throw error("expected a value (a string needs quotes)")
            default:
                return try numberOrDate()
            }
        }

        func matches(_ word: String) -> Bool {
            for (k, c) in word.unicodeScalars.enumerated() where peek(k) != c { return false }
            if let next = peek(word.unicodeScalars.count), isBare(next) { return false }
            return true
        }

        mutating func arrayValue(depth: Int) throws(ParseError) -> Value {
            i += 1
            var items: [Value] = []
            while true {
                try skipBlank()
                if peek() == "]" { i += 1; return .array(items) }
                items.append(try value(depth: depth + 1))
                try skipBlank()
                if peek() == "," { i += 1; continue }
                if peek() == "]" { i += 1; return .array(items) }
                throw error("expected ',' or ']' in an array")
            }
        }

        mutating func inlineTable(depth: Int) throws(ParseError) -> Value {
            i += 1
            var table = Table()
            skipSpaces()
            if peek() == "}" { i += 1; return .table(table) }
            while true {
                skipSpaces()
                let path = try key()
                skipSpaces()
                guard peek() == "=" else { throw error("expected '=' in an inline table") }
                i += 1
                skipSpaces()
                let v = try value(depth: depth + 1)
                let location = error("")
                let fail = { (message: String) in ParseError(line: location.line, column: location.column, message: message) }
                try Self.descend(&table, ArraySlice(path.dropLast()), createMissing: true, error: fail) { (t: inout Table) throws(ParseError) in
                    guard t[path[path.count - 1]] == nil else {
                        throw ParseError(line: location.line, column: location.column, message: "the key '\(path.joined(separator: "."))' is defined twice")
                    }
                    t.set(path[path.count - 1], v)
                }
                skipSpaces()
                if peek() == "," { i += 1; continue }
                if peek() == "}" { i += 1; return .table(table) }
                throw error("expected ',' or '}' in an inline table (inline tables stay on one line)")
            }
        }

        mutating func basicString() throws(ParseError) -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek() else { throw error("a string is not closed") }
                if c == "\"" { i += 1; return String(out) }
                if c == "\n" || (isControl(c)) { throw error("a string is not closed on its line (or holds a control character)") }
                if c == "\\" { out.append(try escape()); continue }
                out.append(c)
                i += 1
            }
        }

        mutating func escape() throws(ParseError) -> Unicode.Scalar {
            i += 1
            guard let c = peek() else { throw error("an escape is not finished") }
            i += 1
            switch c {
            case "b": return "\u{08}"
            case "t": return "\t"
            case "n": return "\n"
            case "f": return "\u{0C}"
            case "r": return "\r"
            case "\"": return "\""
            case "\\": return "\\"
            case "u", "U":
                let length = c == "u" ? 4 : 8
                var code: UInt32 = 0
                for _ in 0..<length {
                    guard let h = peek(), let d = UInt32(String(h), radix: 16) else {
                        throw error("\\\(c) needs \(length) hexadecimal digits")
                    }
                    code = code * 16 + d
                    i += 1
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("\\\(c) names no Unicode character") }
                return scalar
            default: throw error("unknown escape \\\(c)")
            }
        }

        mutating func literalString() throws(ParseError) -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek() else { throw error("a string is not closed") }
                if c == "'" { i += 1; return String(out) }
                if c == "\n" || isControl(c) { throw error("a string is not closed on its line (or holds a control character)") }
                out.append(c)
                i += 1
            }
        }

        mutating func multilineBasicString() throws(ParseError) -> String {
            i += 3
            if peek() == "\n" { advance() } else if peek() == "\r", peek(1) == "\n" { i += 1; advance() }
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek() else { throw error("a multi-line string is not closed with \"\"\"") }
                if c == "\"" && peek(1) == "\"" && peek(2) == "\"" {
                    // Up to two quotes may end the content just before the closing three.
                    var extra = 0
                    while peek(3 + extra) == "\"" && extra < 2 { extra += 1 }
                    for _ in 0..<extra { out.append("\"") }
                    i += 3 + extra
                    return String(out)
                }
                if c == "\\" {
                    // A backslash at the end of a line trims the newline and the following blanks.
                    var k = 1
                    while let w = peek(k), w == " " || w == "\t" { k += 1 }
                    if peek(k) == "\n" || (peek(k) == "\r" && peek(k + 1) == "\n") {
                        i += k
                        while let w = peek(), w == " " || w == "\t" || w == "\n" || w == "\r" { advance() }
                        continue
                    }
                    out.append(try escape())
                    continue
                }
                if isControl(c) && c != "\n" && !(c == "\r" && peek(1) == "\n") { throw error("a control character in a string") }
                out.append(c)
                advance()
            }
        }

        mutating func multilineLiteralString() throws(ParseError) -> String {
            i += 3
            if peek() == "\n" { advance() } else if peek() == "\r", peek(1) == "\n" { i += 1; advance() }
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek() else { throw error("a multi-line string is not closed with '''") }
                if c == "'" && peek(1) == "'" && peek(2) == "'" {
                    var extra = 0
                    while peek(3 + extra) == "'" && extra < 2 { extra += 1 }
                    for _ in 0..<extra { out.append("'") }
                    i += 3 + extra
                    return String(out)
                }
                if isControl(c) && c != "\n" && !(c == "\r" && peek(1) == "\n") { throw error("a control character in a string") }
                out.append(c)
                advance()
            }
        }

        mutating func numberOrDate() throws(ParseError) -> Value {
            let start = i
            var text = ""
            while let c = peek(), isBare(c) || c == "+" || c == "." || c == ":" || (c == " " && looksLikeDateTimeSpace(text)) {
                text.unicodeScalars.append(c)
                i += 1
                if text.unicodeScalars.count > 64 { throw error("a value too long to be a number or a date") }
            }
            guard !text.isEmpty else { throw error("expected a value, found '\(peek().map { String($0) } ?? "")'") }
            if let v = Self.number(text) { return v }
            if Self.isDateTime(text) { return .datetime(text) }
            i = start
            throw error("'\(text)' is not a value: a string needs quotes, a number is written 12, 1.5 or 1e3")
        }

        func looksLikeDateTimeSpace(_ text: String) -> Bool {
            // "1979-05-27 07:32:00": a space may separate date and time.
            text.count == 10 && Self.isDateTime(text) && (peek(1).map { $0 >= "0" && $0 <= "9" } ?? false)
        }

        static func isDateTime(_ text: String) -> Bool {
            let pattern = #"^(\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$"#
            return text.range(of: pattern, options: .regularExpression) != nil
        }

        static func number(_ raw: String) -> Value? {
            switch raw {
            case "inf", "+inf": return .float(.infinity)
            case "-inf": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            default: break
            }
            // Underscores only between digits.
            if raw.contains("__") || raw.hasPrefix("_") || raw.hasSuffix("_") || raw.contains("._") || raw.contains("_.") { return nil }
            let text = raw.replacingOccurrences(of: "_", with: "")
            for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
                return Int(text.dropFirst(2), radix: radix).map(Value.integer)
            }
            let unsigned = text.hasPrefix("+") || text.hasPrefix("-") ? String(text.dropFirst()) : text
            guard let first = unsigned.first, first.isASCII, first.isNumber else { return nil }
            // No leading zeros in integers or integer parts.
            if unsigned.count > 1, unsigned.hasPrefix("0"), unsigned.dropFirst().first?.isNumber == true { return nil }
            if unsigned.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return Int(text).map(Value.integer)  // nil when out of range: refused, not wrapped
            }
            guard text.range(of: #"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$"#, options: .regularExpression) != nil,
                let d = Double(text), d.isFinite
            else { return nil }
            return .float(d)
        }
    }
}
