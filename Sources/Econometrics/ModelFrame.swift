import Tabular

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The numbers a formula asks for, on the rows that can be used: response,
/// design columns, fixed-effect codes. Rows dropped are counted by reason.
struct ModelFrame {
    var response: [Double]
    var columns: [[Double]]
    var columnNames: [String]
    /// Fixed-effect codes per dimension, recoded to 0..<levels.
    var fixedEffects: [[Int32]]
    var fixedEffectLevels: [Int]
    /// Original row index of each kept row.
    var rows: [Int]
    var droppedRows: [RowExclusion: Int]
    var singletonsRemoved: Int

    /// Keys that mean "no value" in a fixed-effect or cluster column (R's NA, Stata's ".",
    /// pandas' NaN, SQL's NULL, an empty cell): such rows are dropped and counted, as R
    /// and fixest do, never treated as one more group.
    static let missingKeys: Set<String> = ["", "NA", "N/A", ".", "NaN", "nan", "NULL", "null", "None"]

    static func build(_ formula: Formula, data: DataFrame, removeSingletons: Bool, clusters: [String] = []) throws(EstimationError) -> ModelFrame {
        let n = data.rowCount
        for name in formula.numericColumns where data.numbers[name] == nil {
            throw .unknownColumn(name: name, available: data.availableColumns)
        }
        for name in formula.fixedEffects where data.categories[name] == nil {
            throw .unknownColumn(name: name, available: data.availableColumns)
        }
        let y = evaluate(formula.response, data)
        var columns: [[Double]] = []
        var names: [String] = []
        if formula.intercept { columns.append([Double](repeating: 1, count: n)); names.append("(Intercept)") }
        for term in formula.terms {
            var product = evaluate(term.factors[0], data)
            for factor in term.factors.dropFirst() {
                let v = evaluate(factor, data)
                for i in 0..<n { product[i] *= v[i] }
            }
            columns.append(product)
            names.append(term.name)
        }
        // Rows with a non-finite value anywhere are dropped, counted by the first term that fails.
        var keep = [Bool](repeating: true, count: n)
        var dropped: [RowExclusion: Int] = [:]
        for i in 0..<n {
            if !y[i].isFinite { keep[i] = false; dropped[.nonFiniteValue(term: formula.responseName), default: 0] += 1; continue }
            for (j, column) in columns.enumerated() where !column[i].isFinite {
                keep[i] = false
                dropped[.nonFiniteValue(term: names[j]), default: 0] += 1
                break
            }
        }
        // Rows with a missing fixed-effect or cluster key.
        for name in formula.fixedEffects + clusters.filter({ !formula.fixedEffects.contains($0) }) {
            guard let dim = data.categories[name] else { continue }
            let missing = dim.levels.map(Self.isMissingKey)
            guard missing.contains(true) else { continue }
            for i in 0..<n where keep[i] && missing[Int(dim.codes[i])] {
                keep[i] = false
                dropped[.missingKey(column: name), default: 0] += 1
            }
        }
        // Singletons: a fixed-effect level with one observation is perfectly fitted
        // and carries no information; removed iteratively (Correia 2015, reghdfe).
        var singletons = 0
        let fe = formula.fixedEffects.compactMap { data.categories[$0] }
        if removeSingletons && !fe.isEmpty {
            var changed = true
            while changed {
                changed = false
                for dim in fe {
                    var count = [Int32](repeating: 0, count: dim.levels.count)
                    for i in 0..<n where keep[i] { count[Int(dim.codes[i])] += 1 }
                    // (A pass over the rows only when some level has one of them.)
                    guard count.contains(1) else { continue }
                    for i in 0..<n where keep[i] && count[Int(dim.codes[i])] == 1 {
                        keep[i] = false
                        singletons += 1
                        changed = true
                    }
                }
            }
        }
        var rows: [Int] = []
        rows.reserveCapacity(n)
        for i in 0..<n where keep[i] { rows.append(i) }
        guard !rows.isEmpty else {
            throw .noObservations(
                reason: dropped.isEmpty
                    ? "every row is a singleton"
                    : "every row has a missing or non-finite value ("
                        + dropped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.contractKey)" }.joined(separator: ", ") + ")")
        }
        let compact: ([Double]) -> [Double] = { v in rows.count == n ? v : rows.map { v[$0] } }
        var codes: [[Int32]] = []
        var levels: [Int] = []
        for dim in fe {
            // Every row kept and the codes already numbered in order of first appearance (as the CSV
            // reader numbers them): the codes are the recoded ones, shared rather than copied.
            if rows.count == n, let count = Self.firstAppearanceLevels(dim.codes) {
                codes.append(dim.codes)
                levels.append(count)
                continue
            }
            var recode = [Int32](repeating: -1, count: dim.levels.count)
            var next: Int32 = 0
            var c = [Int32](repeating: 0, count: rows.count)
            for (k, i) in rows.enumerated() {
                let old = Int(dim.codes[i])
                if recode[old] < 0 { recode[old] = next; next += 1 }
                c[k] = recode[old]
            }
            codes.append(c)
            levels.append(Int(next))
        }
        return ModelFrame(
            response: compact(y), columns: columns.map(compact), columnNames: names, fixedEffects: codes,
            fixedEffectLevels: levels, rows: rows, droppedRows: dropped, singletonsRemoved: singletons)
    }

    /// Whether a key means "no value" (``missingKeys``); the first byte rules out most keys without hashing.
    static func isMissingKey(_ key: String) -> Bool {
        guard let first = key.utf8.first else { return true }
        guard first == UInt8(ascii: "N") || first == UInt8(ascii: "n") || first == UInt8(ascii: ".") else { return false }
        return missingKeys.contains(key)
    }

    /// The number of levels when every code is at most one more than the largest before it (codes numbered
    /// 0, 1, 2, … in order of first appearance), else `nil`.
    static func firstAppearanceLevels(_ codes: [Int32]) -> Int? {
        var next: Int32 = 0
        for code in codes {
            if code == next {
                next &+= 1
            } else if code > next || code < 0 {
                return nil
            }
        }
        return Int(next)
    }

    /// Evaluates an expression for every row; invalid arithmetic (log of a
    /// non-positive number) gives NaN, which drops the row.
    static func evaluate(_ expression: Formula.Expression, _ data: DataFrame) -> [Double] {
        switch expression {
        case .column(let name): return data.numbers[name] ?? [Double](repeating: .nan, count: data.rowCount)
        case .number(let v): return [Double](repeating: v, count: data.rowCount)
        case .negate(let e): return evaluate(e, data).map { -$0 }
        case .call(let f, let e):
            var v = evaluate(e, data)
            switch f {
            case "log": for i in v.indices { v[i] = v[i] > 0 ? log(v[i]) : .nan }
            case "log10": for i in v.indices { v[i] = v[i] > 0 ? log10(v[i]) : .nan }
            case "exp": for i in v.indices { v[i] = exp(v[i]) }
            case "sqrt": for i in v.indices { v[i] = v[i] >= 0 ? v[i].squareRoot() : .nan }
            case "abs": for i in v.indices { v[i] = abs(v[i]) }
            default: break
            }
            return v
        case .binary(let op, let a, let b):
            var x = evaluate(a, data)
            // Common case: a power by a constant.
            if op == "^", case .number(let p) = b {
                if p == 2 { for i in x.indices { x[i] *= x[i] } } else { for i in x.indices { x[i] = pow(x[i], p) } }
                return x
            }
            let y = evaluate(b, data)
            switch op {
            case "+": for i in x.indices { x[i] += y[i] }
            case "-": for i in x.indices { x[i] -= y[i] }
            case "*": for i in x.indices { x[i] *= y[i] }
            case "/": for i in x.indices { x[i] /= y[i] }
            default: for i in x.indices { x[i] = pow(x[i], y[i]) }
            }
            return x
        }
    }
}
