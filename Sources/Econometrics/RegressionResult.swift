import LinearAlgebra
import Tabular

/// An estimated linear model: immutable; `with(covariance:smallSample:data:)` returns a new
/// result with other standard errors (the fit is not repeated).
///
/// It encodes to the JSON contract of `tfp estimate` (DESIGN.md, `schemas/estimate.schema.json`):
/// its `CodingKeys` are the contract's names. A decoded result has every published number
/// but not the fit's design and residuals, so it cannot change its covariance
/// (``EstimationError/noStoredFit``); two results are equal when their published numbers are.
public struct RegressionResult: Sendable, Codable, Equatable {
    /// One estimated coefficient with its standard error, test and interval.
    public struct Coefficient: Sendable, Codable, Equatable {
        /// The term's name (`(Intercept)`, `log(capital)`).
        public let name: String
        /// The estimate.
        public let estimate: Double
        /// The standard error: the square root of the covariance's diagonal entry.
        public let standardError: Double
        /// The t statistic of the estimate against zero (estimate / standard error).
        public let t: Double
        /// The two-sided p-value of `t`, with ``RegressionResult/dfResidual`` degrees of freedom.
        public let p: Double
        /// The lower end of the interval at ``RegressionResult/confidenceLevel``: estimate − t quantile × standard error.
        public let confidenceLow: Double
        /// The upper end of the interval: estimate + t quantile × standard error.
        public let confidenceHigh: Double

        enum CodingKeys: String, CodingKey {
            case name, estimate, standardError = "std_error", t, p, confidenceLow = "conf_low", confidenceHigh = "conf_high"
        }
    }

    /// An absorbed fixed effect.
    public struct FixedEffect: Sendable, Codable, Equatable {
        /// The fixed-effect column.
        public let name: String
        /// Its number of levels among the rows used.
        public let levels: Int
    }

    /// The formula's text as given.
    public let formula: String
    /// The estimated coefficients in the design's order, collinear columns left out.
    public let coefficients: [Coefficient]
    /// Covariance of the estimates, in `coefficients` order.
    public let covariance: Matrix
    /// The estimator of ``covariance``.
    public let covarianceEstimator: CovarianceEstimator
    /// The small-sample correction applied to `covariance` and the degrees of freedom.
    public let smallSampleCorrection: SmallSampleCorrection
    /// The model as parsed (the fit never parses `formula` again).
    public let model: Formula
    /// The observations used (after rows with missing values and singletons are dropped).
    public let nobs: Int
    /// Degrees of freedom of the t statistics (N − K, or G − 1 when clustered).
    public let dfResidual: Int
    /// K: estimated coefficients plus fixed-effect parameters (see `CovarianceEstimator`).
    public let parameterCount: Int
    /// R² = 1 − RSS/TSS, TSS centred when there is an intercept or fixed effects (with fixed effects, the R² of
    /// the model with its dummies).
    public let r2: Double
    /// The within R² = 1 − RSS / (sum of squares of the demeaned response); nil without fixed effects.
    public let r2Within: Double?
    /// The residual sum of squares (RSS).
    public let residualSumOfSquares: Double
    /// Residual standard error √(RSS/(N − K)).
    public let sigma: Double
    /// Terms dropped as collinear with earlier terms or with the fixed effects.
    public let droppedColumns: [String]
    /// Rows not used, counted by why (missing or non-finite values, log of non-positive numbers, missing keys).
    public let droppedRows: [RowExclusion: Int]
    /// Observations removed as singletons of a fixed effect.
    public let singletonsRemoved: Int
    /// The absorbed fixed effects, with their levels.
    public let fixedEffects: [FixedEffect]
    /// How the absorption of the fixed effects converged.
    public let convergence: FixedEffectAbsorber.Convergence
    /// Number of clusters per clustering column.
    public let clusters: [String: Int]
    /// The level of the confidence intervals (0.95 for 95%).
    public let confidenceLevel: Double

    /// The design, residuals and absorber of the fit (nil for a decoded result).
    let storage: FitStorage?
    let totalSS: Double
    let withinSS: Double?
    let fixedEffectParameters: Int
    /// Rows and columns of the frame fitted (``with(covariance:smallSample:data:)`` checks it is given the same).
    let sourceShape: (rows: Int, columns: [String])

    /// A coefficient, by the name of its term.
    /// - Parameter name: the term's name, as in ``Coefficient/name``.
    /// - Returns: the coefficient, or nil when no coefficient has that name (not in the formula, or dropped).
    public func coefficient(_ name: String) -> Coefficient? { coefficients.first { $0.name == name } }

    /// The same fit with another covariance estimator (the fit is not repeated).
    /// - Parameters:
    ///   - covariance: the estimator of the new standard errors.
    ///   - smallSample: their small-sample correction (by default the fit's).
    ///   - data: the data the model was fitted on (for cluster columns); another frame is refused.
    /// - Returns: the result with the new covariance, standard errors, t, p and intervals.
    /// - Throws: ``EstimationError/noStoredFit`` for a result decoded from JSON,
    ///   ``EstimationError/dataMismatch(expectedRows:rows:)`` for another frame, or the errors of the estimator
    ///   (``EstimationError/invalidOption(_:)``, ``EstimationError/unknownColumn(name:available:)``,
    ///   ``EstimationError/tooFewObservations(nobs:parameters:)``, ``EstimationError/numerical(_:)``).
    public func with(covariance: CovarianceEstimator, smallSample: SmallSampleCorrection? = nil, data: DataFrame) throws(EstimationError) -> RegressionResult {
        // The rows used are indices into the fitted frame: a frame of another shape would be read at the wrong rows.
        guard let storage else { throw .noStoredFit }
        guard data.rowCount == sourceShape.rows, data.availableColumns == sourceShape.columns else {
            throw .dataMismatch(expectedRows: sourceShape.rows, rows: data.rowCount)
        }
        return try Self.make(
            formula: model, names: coefficients.map(\.name), estimates: coefficients.map(\.estimate),
            droppedColumns: droppedColumns, nobs: nobs, rss: residualSumOfSquares, totalSS: totalSS,
            withinSS: withinSS, fixedEffects: fixedEffects, fixedEffectParameters: fixedEffectParameters,
            droppedRows: droppedRows, singletons: singletonsRemoved, convergence: convergence,
            storage: storage, covariance: covariance, smallSample: smallSample ?? smallSampleCorrection,
            confidenceLevel: confidenceLevel, data: data)
    }

    /// Wald test of the linear restriction `r·β = q` (one restriction): returns the
    /// t statistic (`(r·β − q)/√(r V r')`) and its two-sided p-value; F = t².
    /// - Parameters:
    ///   - weights: the restriction's weight of each coefficient, by name; coefficients not named weigh 0.
    ///   - q: the value the weighted sum is tested against.
    /// - Returns: the t statistic and its p-value with ``dfResidual`` degrees of freedom, or nil when a weight names
    ///   no coefficient.
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
        droppedRows: [RowExclusion: Int], singletons: Int, convergence: FixedEffectAbsorber.Convergence, storage: FitStorage,
        covariance: CovarianceEstimator, smallSample ssc: SmallSampleCorrection, confidenceLevel: Double, data: DataFrame
    ) throws(EstimationError) -> RegressionResult {
        if case .clustered(let names) = covariance, !(1...2).contains(names.count) || names.contains("") || Set(names).count != names.count {
            throw .invalidOption("Clustered standard errors take one or two distinct cluster columns (one-way or two-way); got \(names.isEmpty ? "none" : names.joined(separator: "+")).")
        }
        let k = estimates.count
        let bread = storage.bread
        let x = storage.design
        let u = storage.residuals
        let levels = fixedEffects.map(\.levels)
        var kTotal = ssc.parameterCount(regressors: k, fixedEffectLevels: levels, nested: levels.map { _ in false })
        var dfT = n - kTotal
        var clusterCounts: [String: Int] = [:]
        var v = Matrix(rows: k, columns: k)

        func sandwich(_ meat: Matrix) -> Matrix { bread * meat * bread }
        /// Σᵢ wᵢ xᵢxᵢ' (the heteroskedastic meat, wᵢ ≥ 0), as (√w·X)'(√w·X) by BLAS dsyrk.
        func weightedMeat(_ w: [Double]) -> Matrix {
            var scaled = x
            scaled.elements.withUnsafeMutableBufferPointer { xe in
                for a in 0..<k {
                    let ca = a * n
                    for i in 0..<n { xe[ca + i] *= w[i].squareRoot() }
                }
            }
            return scaled.crossProduct()
        }

        switch covariance {
        case .iid:
            // pyfixest: σ̂² = RSS/(N − 1), times the correction (N − 1)/(N − K).
            let s2 = rss / Double(n - 1) * ssc.factor(.iid, observations: n, parameters: kTotal)
            for a in 0..<k { for b in 0..<k { v[a, b] = s2 * bread[a, b] } }
        case .heteroskedastic:
            v = sandwich(weightedMeat(u.map { $0 * $0 }))
            let adj = ssc.factor(.heteroskedastic, observations: n, parameters: kTotal)
            for i in v.elements.indices { v.elements[i] *= adj }
        case .heteroskedasticVariant(let hc):
            guard fixedEffects.isEmpty || hc == .hc0 else {
                throw .invalidOption("HC2 and HC3 need each observation's leverage, which absorbed fixed effects change; use hc1, hc0 or a clustered covariance with fixed effects.")
            }
            // Leverage hᵢ = xᵢ'(X'X)⁻¹xᵢ = Σₐ xᵢₐ (X(X'X)⁻¹)ᵢₐ, with X(X'X)⁻¹ by BLAS dgemm.
            let projected = hc == .hc0 ? nil : x * bread
            var weights = [Double](repeating: 0, count: n)
            x.elements.withUnsafeBufferPointer { xe in
                for i in 0..<n {
                    var h = 0.0
                    if let projected {
                        for a in 0..<k { h += xe[a * n + i] * projected.elements[a * n + i] }
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
                // Every row used, no missing key and codes numbered in order of first appearance: shared as they are.
                if storage.rows.count == data.rowCount, !c.levels.contains(where: ModelFrame.isMissingKey),
                    let count = ModelFrame.firstAppearanceLevels(c.codes)
                {
                    clusterCodes.append(c.codes)
                    clusterCounts[name] = count
                    continue
                }
                var recode = [Int32](repeating: -1, count: c.levels.count)
                var next: Int32 = 0
                var codes = [Int32](repeating: 0, count: n)
                let missing = c.levels.map(ModelFrame.isMissingKey)
                for (k, i) in storage.rows.enumerated() {
                    let old = Int(c.codes[i])
                    if missing[old] {
                        throw .invalidOption(
                            "The cluster column '\(name)' has no value (\(c.levels[old].isEmpty ? "an empty cell" : c.levels[old])) in rows used by the fit; fit again with this covariance so that those rows are dropped and counted."
                        )
                    }
                    if recode[old] < 0 { recode[old] = next; next += 1 }
                    codes[k] = recode[old]
                }
                clusterCodes.append(codes)
                clusterCounts[name] = Int(next)
            }
            // Fixed effects nested in a cluster do not count in K under the "nonnested" rule.
            let nested = fixedEffects.indices.map { d in clusterCodes.contains { storage.absorber.isNested(dimension: d, in: $0) } }
            kTotal = ssc.parameterCount(regressors: k, fixedEffectLevels: levels, nested: nested)
            var terms: [(codes: [Int32], groups: Int, sign: Double)] = zip(clusterCodes, names).map { ($0, clusterCounts[$1] ?? 0, 1) }
            if clusterCodes.count == 2 {
                // The intersection of the two clusterings enters with a minus sign.
                var pair: [Int64: Int32] = [:]
                var codes = [Int32](repeating: 0, count: n)
                for i in 0..<n {
                    let key = Int64(clusterCodes[0][i]) << 32 | Int64(clusterCodes[1][i])
                    if let c = pair[key] { codes[i] = c } else { let c = Int32(pair.count); pair[key] = c; codes[i] = c }
                }
                terms.append((codes, pair.count, -1))
            }
            let gMin = clusterCounts.values.min() ?? 0
            guard gMin >= 2 else {
                throw .invalidOption("Clustered standard errors need at least two clusters; '\(clusterCounts.min { $0.value < $1.value }?.key ?? "")' has \(gMin) among the rows used.")
            }
            for (codes, g, sign) in terms {
                // Scores sᵍ = Σ_{i∈g} ûᵢxᵢ as the columns of a k × G matrix; the meat Σ_g sᵍsᵍ' by BLAS dsyrk.
                var scores = Matrix(rows: g, columns: k)
                x.elements.withUnsafeBufferPointer { xe in
                    scores.elements.withUnsafeMutableBufferPointer { s in
                        for a in 0..<k {
                            let ca = a * n, cs = a * g
                            for i in 0..<n { s[cs + Int(codes[i])] += u[i] * xe[ca + i] }
                        }
                    }
                }
                let term = sandwich(scores.crossProduct())
                let adj = sign * ssc.factor(.clustered, observations: n, parameters: kTotal, clusters: (g, gMin))
                for i in v.elements.indices { v.elements[i] += adj * term.elements[i] }
            }
            dfT = gMin - 1
        }

        guard dfT > 0 else { throw .tooFewObservations(nobs: n, parameters: kTotal) }
        guard v.elements.allSatisfy(\.isFinite), estimates.allSatisfy(\.isFinite) else {
            throw .numerical(
                "The estimates or their covariance are not finite numbers: the data are too large or too badly scaled for double precision; rescale the variables (for example to thousands or logs).")
        }
        let level = confidenceLevel
        let critical = StudentT.quantile(1 - (1 - level) / 2, degreesOfFreedom: Double(dfT))
        var coefficients: [Coefficient] = []
        for j in 0..<k {
            let se = v[j, j].squareRoot()
            let t = estimates[j] / se
            coefficients.append(
                Coefficient(
                    name: names[j], estimate: estimates[j], standardError: se, t: t,
                    p: StudentT.twoSidedPValue(t, degreesOfFreedom: Double(dfT)),
                    confidenceLow: estimates[j] - critical * se, confidenceHigh: estimates[j] + critical * se))
        }
        let sigmaDF = n - (k + fixedEffectParameters)
        return RegressionResult(
            formula: formula.text, coefficients: coefficients, covariance: v, covarianceEstimator: covariance,
            smallSampleCorrection: ssc, model: formula, nobs: n,
            dfResidual: dfT, parameterCount: kTotal, r2: 1 - rss / totalSS, r2Within: withinSS.map { 1 - rss / $0 },
            residualSumOfSquares: rss, sigma: (rss / Double(sigmaDF)).squareRoot(), droppedColumns: droppedColumns,
            droppedRows: droppedRows, singletonsRemoved: singletons, fixedEffects: fixedEffects, convergence: convergence,
            clusters: clusterCounts, confidenceLevel: level, storage: storage, totalSS: totalSS, withinSS: withinSS,
            fixedEffectParameters: fixedEffectParameters, sourceShape: (data.rowCount, data.availableColumns))
    }
}

// The JSON contract (issue 9): written by Reporting's `JSONWriter`, read by `JSONDecoder`.
extension RegressionResult {
    enum CodingKeys: String, CodingKey {
        case formula, vcov, nobs, r2, r2Within = "r2_within", dfResidual = "df_residual", parameters, sigma
        case droppedColumns = "dropped_columns", singletonsRemoved = "singletons_removed", fixedEffects = "fixed_effects"
        case clusters, iterations, smallSampleCorrection = "small_sample_correction", coefficients
        case covariance, residualSumOfSquares = "rss", rowsNotUsed = "rows_not_used", convergence
        case confidenceLevel = "confidence_level", totalSS = "tss", withinSS = "tss_within"
        case fixedEffectParameters = "fixed_effect_parameters"
    }

    /// Encodes the JSON contract of `tfp estimate`, members in the order of `CodingKeys`, the covariance row by row.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: the encoder's errors.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formula, forKey: .formula)
        try c.encode(covarianceEstimator, forKey: .vcov)
        try c.encode(nobs, forKey: .nobs)
        try c.encode(r2, forKey: .r2)
        try c.encodeIfPresent(r2Within, forKey: .r2Within)
        try c.encode(dfResidual, forKey: .dfResidual)
        try c.encode(parameterCount, forKey: .parameters)
        try c.encode(sigma, forKey: .sigma)
        try c.encode(droppedColumns, forKey: .droppedColumns)
        try c.encode(singletonsRemoved, forKey: .singletonsRemoved)
        try c.encode(fixedEffects, forKey: .fixedEffects)
        try c.encode(clusters, forKey: .clusters)
        try c.encode(convergence.iterations, forKey: .iterations)
        try c.encode(smallSampleCorrection, forKey: .smallSampleCorrection)
        try c.encode(coefficients, forKey: .coefficients)
        // Row by row (the estimates' order), as a reader of the JSON expects a matrix.
        try c.encode((0..<covariance.rows).map { i in (0..<covariance.columns).map { covariance[i, $0] } }, forKey: .covariance)
        try c.encode(residualSumOfSquares, forKey: .residualSumOfSquares)
        // Keyed by the contract's English key; JSONWriter sorts dictionary keys, so the bytes are stable.
        // Two exclusions can share a key (a column named "or non-finite x"): their counts add, as 0.8.0's did.
        try c.encode(Dictionary(droppedRows.map { ($0.key.contractKey, $0.value) }, uniquingKeysWith: +), forKey: .rowsNotUsed)
        try c.encode(convergence, forKey: .convergence)
        try c.encode(confidenceLevel, forKey: .confidenceLevel)
        try c.encode(totalSS, forKey: .totalSS)
        try c.encodeIfPresent(withinSS, forKey: .withinSS)
        try c.encode(fixedEffectParameters, forKey: .fixedEffectParameters)
    }

    /// Decodes a result written by ``encode(to:)``: every published number, but no stored fit, so
    /// ``with(covariance:smallSample:data:)`` throws ``EstimationError/noStoredFit``.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` for a missing or mistyped member or a covariance that is not k × k, and the
    ///   ``EstimationError`` of a formula that does not parse.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formula = try c.decode(String.self, forKey: .formula)
        model = try Formula(formula)
        let coefficients = try c.decode([Coefficient].self, forKey: .coefficients)
        self.coefficients = coefficients
        let rows = try c.decode([[Double]].self, forKey: .covariance)
        let k = coefficients.count
        guard rows.count == k, rows.allSatisfy({ $0.count == k }) else {
            throw DecodingError.dataCorruptedError(forKey: .covariance, in: c, debugDescription: "the covariance is not \(k) × \(k)")
        }
        var v = Matrix(rows: rows.count, columns: rows.count)
        for (i, row) in rows.enumerated() { for (j, x) in row.enumerated() { v[i, j] = x } }
        covariance = v
        covarianceEstimator = try c.decode(CovarianceEstimator.self, forKey: .vcov)
        smallSampleCorrection = try c.decode(SmallSampleCorrection.self, forKey: .smallSampleCorrection)
        nobs = try c.decode(Int.self, forKey: .nobs)
        dfResidual = try c.decode(Int.self, forKey: .dfResidual)
        parameterCount = try c.decode(Int.self, forKey: .parameters)
        r2 = try c.decode(Double.self, forKey: .r2)
        r2Within = try c.decodeIfPresent(Double.self, forKey: .r2Within)
        residualSumOfSquares = try c.decode(Double.self, forKey: .residualSumOfSquares)
        sigma = try c.decode(Double.self, forKey: .sigma)
        droppedColumns = try c.decode([String].self, forKey: .droppedColumns)
        var droppedRows: [RowExclusion: Int] = [:]
        for (key, count) in try c.decode([String: Int].self, forKey: .rowsNotUsed) {
            guard let exclusion = RowExclusion(contractKey: key) else {
                throw DecodingError.dataCorruptedError(forKey: .rowsNotUsed, in: c, debugDescription: "no reason for not using rows is called \"\(key)\"")
            }
            droppedRows[exclusion] = count
        }
        self.droppedRows = droppedRows
        singletonsRemoved = try c.decode(Int.self, forKey: .singletonsRemoved)
        fixedEffects = try c.decode([FixedEffect].self, forKey: .fixedEffects)
        convergence = try c.decode(FixedEffectAbsorber.Convergence.self, forKey: .convergence)
        clusters = try c.decode([String: Int].self, forKey: .clusters)
        confidenceLevel = try c.decode(Double.self, forKey: .confidenceLevel)
        totalSS = try c.decode(Double.self, forKey: .totalSS)
        withinSS = try c.decodeIfPresent(Double.self, forKey: .withinSS)
        fixedEffectParameters = try c.decode(Int.self, forKey: .fixedEffectParameters)
        storage = nil
        sourceShape = (0, [])
    }

    /// Equal published numbers (the fit's stored design and residuals are not compared).
    /// - Parameters:
    ///   - a: a result.
    ///   - b: another result.
    /// - Returns: `true` when every published number is equal.
    public static func == (a: RegressionResult, b: RegressionResult) -> Bool {
        a.formula == b.formula && a.coefficients == b.coefficients && a.covariance == b.covariance
            && a.covarianceEstimator == b.covarianceEstimator && a.smallSampleCorrection == b.smallSampleCorrection
            && a.model == b.model && a.nobs == b.nobs && a.dfResidual == b.dfResidual && a.parameterCount == b.parameterCount
            && a.r2 == b.r2 && a.r2Within == b.r2Within && a.residualSumOfSquares == b.residualSumOfSquares && a.sigma == b.sigma
            && a.droppedColumns == b.droppedColumns && a.droppedRows == b.droppedRows && a.singletonsRemoved == b.singletonsRemoved
            && a.fixedEffects == b.fixedEffects && a.convergence == b.convergence && a.clusters == b.clusters
            && a.confidenceLevel == b.confidenceLevel && a.totalSS == b.totalSS && a.withinSS == b.withinSS
            && a.fixedEffectParameters == b.fixedEffectParameters
    }
}
