/// Why rows of the data were not used by a fit. ``RegressionResult/droppedRows`` counts rows by
/// exclusion; Reporting words them (English and Vietnamese), the JSON contract keys them by ``contractKey``.
public enum RowExclusion: Sendable, Hashable, Comparable {
    /// The response or a term has no finite value on the row: missing, non-finite, or invalid arithmetic
    /// such as the log of a non-positive number. A row is counted once, under the first term that fails
    /// (the response first, then the terms in the formula's order).
    case nonFiniteValue(term: String)
    /// A fixed-effect or cluster column has no key on the row (an empty cell, `NA`, `.`, `NaN`, `NULL`, …),
    /// dropped as R and fixest do, never treated as one more group.
    case missingKey(column: String)

    /// The term or column the exclusion names.
    public var name: String {
        switch self {
        case .nonFiniteValue(let term): term
        case .missingKey(let column): column
        }
    }

    /// The key of `rows_not_used` in the JSON contract of `tfp estimate` (English, stable across versions).
    public var contractKey: String {
        switch self {
        case .nonFiniteValue(let term): "missing or non-finite \(term)"
        case .missingKey(let column): "missing \(column)"
        }
    }

    /// The exclusion a contract key names. A key both forms could write (a column named
    /// "or non-finite x" next to a term x) reads as `.nonFiniteValue`: the contract's keys are text.
    /// - Parameter contractKey: a key written by ``contractKey``.
    /// - Returns: the exclusion, or nil for a key that ``contractKey`` does not write.
    public init?(contractKey: String) {
        let nonFinite = "missing or non-finite ", missing = "missing "
        if contractKey.hasPrefix(nonFinite), contractKey.count > nonFinite.count {
            self = .nonFiniteValue(term: String(contractKey.dropFirst(nonFinite.count)))
        } else if contractKey.hasPrefix(missing), contractKey.count > missing.count {
            self = .missingKey(column: String(contractKey.dropFirst(missing.count)))
        } else {
            return nil
        }
    }

    /// Orders by contract key, the order in which the JSON contract and the notes list exclusions.
    public static func < (a: RowExclusion, b: RowExclusion) -> Bool { a.contractKey < b.contractKey }
}
