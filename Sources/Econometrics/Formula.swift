import Foundation

/// A model formula in the fixest style:
/// `y ~ x1 + log(x2) + x3:x4 + I(log(x2)^2) | fe1 + fe2`.
///
/// - Terms are separated by `+`; `x3:x4` is the product of two terms; `I(...)`
///   and function arguments hold arithmetic (`+ - * / ^`).
/// - An intercept is included unless the right-hand side has `-1` or `0`, and
///   is never included with fixed effects (they absorb it).
/// - After `|`, the names of the fixed-effect columns.
/// - Column names with spaces or symbols go in backticks, one on each side of the name (a column named GRDP 2010).
public struct Formula: Sendable, Equatable, CustomStringConvertible {
    /// An arithmetic expression of columns and numbers, as parsed.
    public indirect enum Expression: Sendable, Equatable, Hashable {
        /// A data column, by name.
        case column(String)
        /// A numeric constant.
        case number(Double)
        /// A function (`log`, `exp`, `sqrt`, `abs`, `log10`) of an expression; `I(...)` leaves no call, only its argument.
        case call(String, Expression)
        /// An operator (`+`, `-`, `*`, `/`, `^`) and its two operands.
        case binary(Character, Expression, Expression)
        /// Unary minus.
        case negate(Expression)

        /// Columns this expression reads.
        public var columns: Set<String> {
            switch self {
            case .column(let name): [name]
            case .number: []
            case .call(_, let e), .negate(let e): e.columns
            case .binary(_, let a, let b): a.columns.union(b.columns)
            }
        }
    }

    /// A right-hand-side term: the product of its factors (one factor unless `:` is used).
    public struct Term: Sendable, Equatable {
        /// The term as written, runs of spaces made one (`log(x2)`, `x3:x4`): the name of its coefficient.
        public let name: String
        /// The expressions multiplied together (one unless `:` is used).
        public let factors: [Expression]
    }

    /// The formula as given.
    public let text: String
    /// The left-hand side as written, runs of spaces made one.
    public let responseName: String
    /// The left-hand side, parsed.
    public let response: Expression
    /// The right-hand-side terms, in the order written.
    public let terms: [Term]
    /// Whether the model has an intercept (never with fixed effects).
    public let intercept: Bool
    /// The names of the fixed-effect columns after `|`, in the order written.
    public let fixedEffects: [String]

    /// The formula as given.
    public var description: String { text }

    /// Every data column the formula reads as a number.
    public var numericColumns: Set<String> {
        terms.reduce(response.columns) { set, term in term.factors.reduce(set) { $0.union($1.columns) } }
    }

    /// Parses a formula.
    /// - Parameter text: the formula, as `log(y) ~ log(k) + log(l) | region + year`.
    /// - Throws: ``EstimationError/formulaSyntax(formula:position:message:)`` for malformed text (with the 1-based
    ///   position), and ``EstimationError/unknownFunction(name:position:)`` for a function other than log, exp, sqrt,
    ///   abs, log10 and I.
    public init(_ text: String) throws(EstimationError) {
        var parser = FormulaParser(text)
        self = try parser.parseFormula()
    }

    init(text: String, responseName: String, response: Expression, terms: [Term], intercept: Bool, fixedEffects: [String]) {
        self.text = text
        self.responseName = responseName
        self.response = response
        self.terms = terms
        self.intercept = intercept
        self.fixedEffects = fixedEffects
    }
}

/// Recursive-descent parser for `Formula`; positions in errors are 1-based characters.
struct FormulaParser {
    let text: String
    let characters: [Character]
    var index = 0

    init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    static let functions: Set<String> = ["log", "exp", "sqrt", "abs", "log10", "I"]

    func error(_ message: String, at position: Int? = nil) -> EstimationError {
        .formulaSyntax(formula: text, position: (position ?? index) + 1, message: message)
    }

    mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    mutating func peek() -> Character? {
        skipSpaces()
        return index < characters.count ? characters[index] : nil
    }

    mutating func expect(_ c: Character, _ what: String) throws(EstimationError) {
        guard peek() == c else { throw error("expected \(what)") }
        index += 1
    }

    func source(_ from: Int, _ to: Int) -> String {
        String(characters[from..<to]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    mutating func parseFormula() throws(EstimationError) -> Formula {
        skipSpaces()
        let responseStart = index
        let response = try parseSum()
        let responseName = source(responseStart, index).trimmingCharacters(in: .whitespaces)
        guard peek() == "~" else {
            throw error(index >= characters.count ? "expected '~' between the response and the regressors" : "expected '~'")
        }
        index += 1
        var terms: [Formula.Term] = []
        var intercept = true
        var sign: Character = "+"
        var first = true
        while true {
            skipSpaces()
            if !first || peek() == "-" {
                if let c = peek(), c == "+" || c == "-" { sign = c; index += 1 } else if !first { break }
            }
            first = false
            skipSpaces()
            let start = index
            if let c = peek(), c.isNumber {
                let value = try parseNumber()
                if value == 1 && sign == "-" || value == 0 { intercept = false } else if value != 1 { throw error("a number alone is not a term (use 1 or -1 for the intercept)", at: start) }
                if let c = peek(), c != "+" && c != "-" && c != "|" { throw error("unexpected '\(c)'") }
                continue
            }
            if sign == "-" { throw error("only the intercept can be removed with '-' (write -1)", at: start - 1) }
            var factors = [try parseTermFactor()]
            while peek() == ":" { index += 1; factors.append(try parseTermFactor()) }
            let name = source(start, index).trimmingCharacters(in: .whitespaces)
            if terms.contains(where: { $0.name == name }) { throw error("the term '\(name)' appears twice", at: start) }
            terms.append(Formula.Term(name: name.replacingOccurrences(of: " : ", with: ":"), factors: factors))
            guard let c = peek() else { break }
            if c == "|" { break }
            if c == "*" { throw error("'*' between terms is not supported: write x1 + x2 + x1:x2, or I(x1*x2) for a product") }
            if c == "^" { throw error("powers of terms go inside I(): write I(x^2)") }
            if c != "+" && c != "-" { throw error("unexpected '\(c)'") }
        }
        var fixedEffects: [String] = []
        if peek() == "|" {
            index += 1
            repeat {
                skipSpaces()
                let start = index
                guard let name = try parseName() else { throw error("expected the name of a fixed-effect column", at: start) }
                if fixedEffects.contains(name) { throw error("the fixed effect '\(name)' appears twice", at: start) }
                fixedEffects.append(name)
                if peek() == "+" { index += 1 } else { break }
            } while true
        }
        if let c = peek() { throw error("unexpected '\(c)'") }
        if !fixedEffects.isEmpty { intercept = false }
        if terms.isEmpty && !intercept { throw error("the model has no regressors and no intercept", at: characters.count - 1) }
        return Formula(text: text, responseName: responseName, response: response, terms: terms, intercept: intercept, fixedEffects: fixedEffects)
    }

    /// A factor of a term: a primary, without top-level arithmetic.
    mutating func parseTermFactor() throws(EstimationError) -> Formula.Expression {
        try parsePrimary()
    }

    // Arithmetic (inside I() and function calls): sum → product → power → unary → primary.
    mutating func parseSum() throws(EstimationError) -> Formula.Expression {
        var lhs = try parseProduct()
        while let c = peek(), c == "+" || c == "-" {
            index += 1
            lhs = .binary(c, lhs, try parseProduct())
        }
        return lhs
    }

    // Precedence as in R and mathematics: unary minus binds less tightly than `^`
    // (-x^2 is -(x^2)), `^` is right-associative (x^2^3 is x^(2^3)) and its exponent
    // may carry a sign (2^-1). Products and sums take signed operands.
    mutating func parseProduct() throws(EstimationError) -> Formula.Expression {
        var lhs = try parseUnary()
        while let c = peek(), c == "*" || c == "/" {
            index += 1
            lhs = .binary(c, lhs, try parseUnary())
        }
        return lhs
    }

    mutating func parseUnary() throws(EstimationError) -> Formula.Expression {
        if peek() == "-" {
            index += 1
            return try nested { (p: inout FormulaParser) throws(EstimationError) in .negate(try p.parseUnary()) }
        }
        if peek() == "+" { index += 1; return try nested { (p: inout FormulaParser) throws(EstimationError) in try p.parseUnary() } }
        return try parsePower()
    }

    mutating func parsePower() throws(EstimationError) -> Formula.Expression {
        let base = try parsePrimary()
        if peek() == "^" {
            index += 1
            return .binary("^", base, try nested { (p: inout FormulaParser) throws(EstimationError) in try p.parseUnary() })
        }
        return base
    }

    /// Nesting deeper than this is refused: the parser recurses, and a formula from a
    /// user must never overflow the stack (20,000 parentheses did).
    static let maxDepth = 200
    var depth = 0

    mutating func nested(_ body: (inout FormulaParser) throws(EstimationError) -> Formula.Expression) throws(EstimationError) -> Formula.Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("the formula nests more than \(Self.maxDepth) levels deep") }
        return try body(&self)
    }

    mutating func parsePrimary() throws(EstimationError) -> Formula.Expression {
        guard let c = peek() else { throw error("expected a variable, a number or a function") }
        if c == "(" {
            index += 1
            let e = try nested { (p: inout FormulaParser) throws(EstimationError) in try p.parseSum() }
            try expect(")", "')'")
            return e
        }
        if c.isASCII && (c.isNumber || c == ".") { return .number(try parseNumber()) }
        let start = index
        guard let name = try parseName() else { throw error("expected a variable, a number or a function, found '\(c)'") }
        if peek() == "(" {
            guard Self.functions.contains(name) else { throw .unknownFunction(name: name, position: start + 1) }
            index += 1
            let argument = try nested { (p: inout FormulaParser) throws(EstimationError) in try p.parseSum() }
            try expect(")", "')' to close \(name)(")
            return name == "I" ? argument : .call(name, argument)
        }
        return .column(name)
    }

    mutating func parseName() throws(EstimationError) -> String? {
        skipSpaces()
        guard index < characters.count else { return nil }
        if characters[index] == "`" {
            let start = index
            index += 1
            while index < characters.count, characters[index] != "`" { index += 1 }
            guard index < characters.count else { throw error("unclosed backtick", at: start) }
            let name = String(characters[(start + 1)..<index])
            index += 1
            return name
        }
        let start = index
        while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "." {
            if index == start && (characters[index].isNumber || characters[index] == ".") { break }
            index += 1
        }
        return index > start ? String(characters[start..<index]) : nil
    }

    mutating func parseNumber() throws(EstimationError) -> Double {
        skipSpaces()
        let start = index
        while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == "." { index += 1 }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            index += 1
            if index < characters.count, characters[index] == "-" || characters[index] == "+" { index += 1 }
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        }
        guard let value = Double(String(characters[start..<index])), value.isFinite else { throw error("malformed number", at: start) }
        return value
    }
}
