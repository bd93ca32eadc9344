import DataIO
import LinearAlgebra

/// An estimated linear model: immutable; `with(covariance:data:)` returns a new
/// result with other standard errors (the fit is not repeated).
public struct RegressionResult: Sendable {
    public struct Coefficient: Sendable, Codable, Equatable {
        public let name: String
        public let estimate: Double
        public let standardError: Double
        public let t: Double
        public let p: Double
        public let confidenceLow: Double
        public let confidenceHigh: Double
    }

    public struct FixedEffect: Sendable, Codable, Equatable {
        public let name: String
        public let levels: Int
    }

    public let formula: String
    public let coefficients: [Coefficient]
    /// Covariance of the estimates, in `coefficients` order.
    public let covariance: Matrix
    public let covarianceEstimator: CovarianceEstimator
    public let nobs: Int
    /// Degrees of freedom of the t statistics (N − K, or G − 1 when clustered).
    public let dfResidual: Int
    /// K: estimated coefficients plus fixed-effect parameters (see `CovarianceEstimator`).
    public let parameterCount: Int
    public let r2: Double
    public let r2Within: Double?
    public let residualSumOfSquares: Double
    /// Residual standard error √(RSS/(N − K)).
    public let sigma: Double
    public let droppedColumns: [String]
    /// Rows not used, by reason (missing values, log of non-positive numbers).
    public let droppedRows: [String: Int]
    public let singletonsRemoved: Int
    public let fixedEffects: [FixedEffect]
    public let convergence: FixedEffectAbsorber.Convergence
    /// Number of clusters per clustering column.
    public let clusters: [String: Int]
    public let confidenceLevel: Double

    let storage: FitStorage
    let totalSS: Double
    let withinSS: Double?
    let fixedEffectParameters: Int

    public func coefficient(_ name: String) -> Coefficient? { coefficients.first { $0.name == name } }

    /// The same fit with another covariance estimator.
    public func with(covariance: CovarianceEstimator, data: DataFrame) throws(EstimationError) -> RegressionResult {
        try Self.make(formula: try Formula(formula), names: coefficients.map(\.name), estimates: coefficients.map(\.estimate),
                      droppedColumns: droppedColumns, nobs: nobs, rss: residualSumOfSquares, totalSS: totalSS,
                      withinSS: withinSS, fixedEffects: fixedEffects, fixedEffectParameters: fixedEffectParameters,
                      droppedRows: droppedRows, singletons: singletonsRemoved, convergence: convergence,
                      storage: storage, covariance: covariance, confidenceLevel: confidenceLevel, data: data)
    }

    /// Wald test of the linear restriction `r·β = q` (one restriction): returns the
    /// t statistic (`(r·β − q)/√(r V r')`) and its two-sided p-value; F = t².
    public func waldTest(weights: [String: Double], value q: Double) -> (statistic: Double, p: Double)? {
        var r = [Double](repeating: 0, count: coefficients.count)
        for (name, w) in weights {
            guard let j = coefficients.firstIndex(where: { $0.name == name }) else { return nil }
            r[j] = w
        }
        let estimate = zip(r, coefficients).reduce(0) { $0 + $1.0 * $1.1.estimate }
        var variance = 0.0
        for a in r.indices { for b in r.indices { variance += r[a] * covariance[a, b] * r[b] } }
        let t = (estimate - q) / variance.squareRoot()
        return (t, StudentT.twoSidedPValue(t, degreesOfFreedom: Double(dfResidual)))
    }

    static func make(
        formula: Formula, names: [String], estimates: [Double], droppedColumns: [String], nobs n: Int, rss: Double,
        totalSS: Double, withinSS: Double?, fixedEffects: [FixedEffect], fixedEffectParameters: Int,
        droppedRows: [String: Int], singletons: Int, convergence: FixedEffectAbsorber.Convergence, storage: FitStorage,
        covariance: CovarianceEstimator, confidenceLevel: Double, data: DataFrame
    ) throws(EstimationError) -> RegressionResult {
        if case .clustered(let names) = covariance, !(1...2).contains(names.count) || names.contains("") || Set(names).count != names.count {
            throw .invalidOption("Clustered standard errors take one or two distinct cluster columns (one-way or two-way); got \(names.isEmpty ? "none" : names.joined(separator: "+")).")
        }
        let k = estimates.count
        let bread = storage.bread
        let x = storage.design
        let u = storage.residuals
        let N = Double(n)
        var kTotal = k + fixedEffectParameters
        var dfT = n - kTotal
        var clusterCounts: [String: Int] = [:]
        var v = Matrix(rows: k, columns: k)

        func sandwich(_ meat: Matrix) -> Matrix { bread * meat * bread }
        /// Σᵢ wᵢ xᵢxᵢ' (the heteroskedastic meat; wᵢ = ûᵢ² for HC0/HC1, scaled by leverage for HC2/HC3).
        func weightedMeat(_ w: [Double]) -> Matrix {
            var meat = Matrix(rows: k, columns: k)
            x.elements.withUnsafeBufferPointer { xe in
                for a in 0..<k {
                    for b in a..<k {
                        var s = 0.0
                        let ca = a * n, cb = b * n
                        for i in 0..<n { s += w[i] * xe[ca + i] * xe[cb + i] }
                        meat[a, b] = s
                        meat[b, a] = s
                    }
                }
            }
            return meat
        }

        switch covariance {
        case .iid:
            let s2 = rss / Double(n - kTotal)
            for a in 0..<k { for b in 0..<k { v[a, b] = s2 * bread[a, b] } }
        case .heteroskedastic:
            v = sandwich(weightedMeat(u.map { $0 * $0 }))
            let adj = N / (N - Double(kTotal))
            for i in v.elements.indices { v.elements[i] *= adj }
        case .heteroskedasticVariant(let hc):
            guard fixedEffects.isEmpty || hc == .hc0 else {
                throw .invalidOption("HC2 and HC3 need each observation's leverage, which absorbed fixed effects change; use hc1, hc0 or a clustered covariance with fixed effects.")
            }
            // Leverage hᵢ = xᵢ'(X'X)⁻¹xᵢ, from the bread already factored.
            var weights = [Double](repeating: 0, count: n)
            x.elements.withUnsafeBufferPointer { xe in
                for i in 0..<n {
                    var h = 0.0
                    if hc != .hc0 {
                        for a in 0..<k { for b in 0..<k { h += xe[a * n + i] * bread[a, b] * xe[b * n + i] } }
                    }
                    let e2 = u[i] * u[i]
                    switch hc {
                    case .hc0: weights[i] = e2
                    case .hc2: weights[i] = h < 1 ? e2 / (1 - h) : .infinity
                    case .hc3: weights[i] = h < 1 ? e2 / ((1 - h) * (1 - h)) : .infinity
                    }
                }
            }
            guard weights.allSatisfy(\.isFinite) else {
                throw .invalidOption("An observation has leverage 1 (it alone determines a coefficient), so HC2 and HC3 are undefined; use hc1.")
            }
            v = sandwich(weightedMeat(weights))
        case .clustered(let names):
            var clusterCodes: [[Int32]] = []
            for name in names {
                guard let c = data.categories[name] else { throw .unknownColumn(name: name, available: data.availableColumns) }
                var recode = [Int32](repeating: -1, count: c.levels.count)
                var next: Int32 = 0
                var codes = [Int32](repeating: 0, count: n)
                let missing = c.levels.map { ModelFrame.missingKeys.contains($0) }
                for (k, i) in storage.rows.enumerated() {
                    let old = Int(c.codes[i])
                    if missing[old] {
                        throw .invalidOption("The cluster column '\(name)' has no value (\(c.levels[old].isEmpty ? "an empty cell" : c.levels[old])) in rows used by the fit; fit again with this covariance so that those rows are dropped and counted.")
                    }
                    if recode[old] < 0 { recode[old] = next; next += 1 }
                    codes[k] = recode[old]
                }
                clusterCodes.append(codes)
                clusterCounts[name] = Int(next)
            }
            // Fixed effects nested in a cluster do not count in K (fixest "nonnested" rule).
            var nestedLevels = 0, nestedCount = 0
            for (d, fe) in fixedEffects.enumerated() where clusterCodes.contains(where: { storage.absorber.isNested(dimension: d, in: $0) }) {
                nestedLevels += fe.levels
                nestedCount += 1
            }
            if nestedCount > 0 { kTotal = k + fixedEffectParameters - nestedLevels + nestedCount }
            var terms: [([Int32], Double)] = clusterCodes.map { ($0, 1) }
            if clusterCodes.count == 2 {
                // The intersection of the two clusterings enters with a minus sign.
                var pair: [Int64: Int32] = [:]
                var codes = [Int32](repeating: 0, count: n)
                for i in 0..<n {
                    let key = Int64(clusterCodes[0][i]) << 32 | Int64(clusterCodes[1][i])
                    if let c = pair[key] { codes[i] = c } else { let c = Int32(pair.count); pair[key] = c; codes[i] = c }
                }
                terms.append((codes, -1))
            }
            let gMin = clusterCounts.values.min() ?? 0
            guard gMin >= 2 else {
                throw .invalidOption("Clustered standard errors need at least two clusters; '\(clusterCounts.min { $0.value < $1.value }?.key ?? "")' has \(gMin) among the rows used.")
            }
            let adj = Double(gMin) / Double(gMin - 1) * (N - 1) / (N - Double(kTotal))
            for (codes, sign) in terms {
                let g = Int((codes.max() ?? 0) + 1)
                var scores = [Double](repeating: 0, count: g * k)
                x.elements.withUnsafeBufferPointer { xe in
                    for a in 0..<k {
                        let ca = a * n
                        for i in 0..<n { scores[Int(codes[i]) * k + a] += u[i] * xe[ca + i] }
                    }
                }
                var meat = Matrix(rows: k, columns: k)
                for c in 0..<g {
                    for a in 0..<k { for b in 0..<k { meat[a, b] += scores[c * k + a] * scores[c * k + b] } }
                }
                let term = sandwich(meat)
                for i in v.elements.indices { v.elements[i] += sign * adj * term.elements[i] }
            }
            dfT = gMin - 1
        }

        guard dfT > 0 else { throw .tooFewObservations(nobs: n, parameters: kTotal) }
        guard v.elements.allSatisfy(\.isFinite), estimates.allSatisfy(\.isFinite) else {
            throw .numerical("The estimates or their covariance are not finite numbers: the data are too large or too badly scaled for double precision; rescale the variables (for example to thousands or logs).")
        }
        let level = confidenceLevel
        let critical = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(dfT))
        var coefficients: [Coefficient] = []
        for j in 0..<k {
            let se = v[j, j].squareRoot()
            let t = estimates[j] / se
            coefficients.append(Coefficient(name: names[j], estimate: estimates[j], standardError: se, t: t,
                                            p: StudentT.twoSidedPValue(t, degreesOfFreedom: Double(dfT)),
                                            confidenceLow: estimates[j] - critical * se, confidenceHigh: estimates[j] + critical * se))
        }
        let sigmaDF = n - (k + fixedEffectParameters)
        return RegressionResult(
            formula: formula.text, coefficients: coefficients, covariance: v, covarianceEstimator: covariance, nobs: n,
            dfResidual: dfT, parameterCount: kTotal, r2: 1 - rss / totalSS, r2Within: withinSS.map { 1 - rss / $0 },
            residualSumOfSquares: rss, sigma: (rss / Double(sigmaDF)).squareRoot(), droppedColumns: droppedColumns,
            droppedRows: droppedRows, singletonsRemoved: singletons, fixedEffects: fixedEffects, convergence: convergence,
            clusters: clusterCounts, confidenceLevel: level, storage: storage, totalSS: totalSS, withinSS: withinSS,
            fixedEffectParameters: fixedEffectParameters)
    }
}
