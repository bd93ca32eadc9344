import LinearAlgebra
import Tabular

/// Options of a least-squares fit with absorbed fixed effects.
public struct EstimationOptions: Sendable {
    /// The covariance estimator of the standard errors.
    public var covariance: CovarianceEstimator
    /// Convergence of the fixed-effect absorption: largest change relative to the column's scale.
    /// Accepted within ``LinearModel/tolerances``.
    public var tolerance: Double
    /// Sweeps allowed when absorbing fixed effects, within ``LinearModel/iterationLimits``.
    public var maxIterations: Int
    /// Whether observations alone in a fixed-effect level are removed, repeatedly (Correia 2015, reghdfe).
    public var removeSingletons: Bool
    /// The level of the confidence intervals, strictly between 0 and 1 (0.95 for 95%).
    public var confidenceLevel: Double
    /// How several fixed effects are absorbed.
    public var fixedEffectMethod: FixedEffectMethod
    /// The small-sample correction of the covariance (fixest's default unless set).
    public var smallSample: SmallSampleCorrection

    /// Options; by default fixest's: iid covariance, tolerance 1e-10, 10,000 iterations, singletons removed,
    /// 95% intervals, the automatic absorption and fixest's small-sample correction.
    /// - Parameters:
    ///   - covariance: the covariance estimator of the standard errors.
    ///   - tolerance: the convergence tolerance of the fixed-effect absorption.
    ///   - maxIterations: sweeps allowed when absorbing fixed effects.
    ///   - removeSingletons: whether singletons of the fixed effects are removed.
    ///   - confidenceLevel: the level of the confidence intervals (0.95 for 95%).
    ///   - fixedEffectMethod: how several fixed effects are absorbed.
    ///   - smallSample: the small-sample correction of the covariance.
    public init(
        covariance: CovarianceEstimator = .iid, tolerance: Double = 1e-10, maxIterations: Int = 10_000,
        removeSingletons: Bool = true, confidenceLevel: Double = 0.95, fixedEffectMethod: FixedEffectMethod = .automatic,
        smallSample: SmallSampleCorrection = .fixest
    ) {
        self.smallSample = smallSample
        self.fixedEffectMethod = fixedEffectMethod
        self.covariance = covariance
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.removeSingletons = removeSingletons
        self.confidenceLevel = confidenceLevel
    }
}

/// Least squares with absorbed fixed effects (the within estimator, Frisch–Waugh–Lovell):
/// spec (`Formula`) → `fit` → immutable `RegressionResult`.
public enum LinearModel {
    /// The tolerances the absorption accepts: below 1e-14 rounding noise (not the
    /// data) decides when an iterative method stops.
    public static let tolerances: ClosedRange<Double> = 1e-14...1e-2
    /// The iteration limits the absorption accepts.
    public static let iterationLimits: ClosedRange<Int> = 1...1_000_000
    /// Refuses a variable whose values cannot be squared in double precision (``largestMagnitude``).
    static func checkMagnitude(_ name: String, _ column: [Double]) throws(EstimationError) {
        var largest = 0.0
        for v in column where v.isFinite { largest = max(largest, abs(v)) }
        guard largest > largestMagnitude || (largest > 0 && largest < 1 / largestMagnitude) else { return }
        throw .numerical(
            "The values of \(name) reach a magnitude of \(largest), beyond what double precision can square (1e±150): "
                + "rescale it (for example to thousands or millions of its unit) and estimate again.")
    }

    /// The largest magnitude of a variable that can be squared in double precision with room for sums (1e150).
    package static let largestMagnitude = 1e150
    /// A regressor whose sum of squares the fixed effects reduce below this fraction is collinear with them
    /// (fixest's and pyfixest's `collin.tol`, 1e-10).
    package static let collinearWithEffects = 1e-10

    /// Refuses options that cannot give a trustworthy fit (issue 8).
    static func validate(_ options: EstimationOptions) throws(EstimationError) {
        guard options.tolerance.isFinite, tolerances.contains(options.tolerance) else {
            throw .invalidOption("The tolerance must be between \(tolerances.lowerBound) and \(tolerances.upperBound); got \(options.tolerance).")
        }
        guard iterationLimits.contains(options.maxIterations) else {
            throw .invalidOption("The iteration limit must be between \(iterationLimits.lowerBound) and \(iterationLimits.upperBound); got \(options.maxIterations).")
        }
        guard options.confidenceLevel > 0 && options.confidenceLevel < 1 else {
            throw .invalidOption("The confidence level must be strictly between 0 and 1; got \(options.confidenceLevel).")
        }
        if case .clustered(let names) = options.covariance {
            guard (1...2).contains(names.count), names.allSatisfy({ !$0.isEmpty }), Set(names).count == names.count else {
                throw .invalidOption(
                    "Clustered standard errors take one or two distinct cluster columns (one-way or two-way, Cameron, Gelbach and Miller 2011); got \(names.count == 0 ? "none" : names.joined(separator: "+"))."
                )
            }
        }
    }

    /// Fits a formula by least squares, its fixed effects absorbed (collinear columns are dropped, not solved).
    /// - Parameters:
    ///   - formula: the model.
    ///   - data: the data: numeric columns for the formula's variables, categorical ones for its fixed effects and
    ///     the clusters of the covariance.
    ///   - options: the covariance, the absorption's tolerance and limits, and the confidence level.
    /// - Returns: the estimates with their standard errors, tests and intervals, and what was dropped.
    /// - Throws: ``EstimationError/invalidOption(_:)`` for options outside their limits or a covariance the model
    ///   cannot have, ``EstimationError/unknownColumn(name:available:)`` for a column the data do not have,
    ///   ``EstimationError/noObservations(reason:)`` when no row is left, ``EstimationError/notConverged(iterations:tolerance:)``
    ///   when the absorption does not converge, ``EstimationError/allCoefficientsDropped`` when every regressor is
    ///   collinear with the fixed effects, ``EstimationError/tooFewObservations(nobs:parameters:)`` without residual
    ///   degrees of freedom, and ``EstimationError/numerical(_:)`` for a numerical failure or non-finite estimates.
    public static func fit(_ formula: Formula, data: DataFrame, options: EstimationOptions = EstimationOptions()) throws(EstimationError) -> RegressionResult {
        try validate(options)
        if case .clustered(let names) = options.covariance {
            for name in names where data.categories[name] == nil { throw .unknownColumn(name: name, available: data.availableColumns) }
        }
        var clusters: [String] = []
        if case .clustered(let names) = options.covariance { clusters = names }
        var frame = try ModelFrame.build(formula, data: data, removeSingletons: options.removeSingletons, clusters: clusters)
        let n = frame.rows.count
        let absorber = FixedEffectAbsorber(codes: frame.fixedEffects, levels: frame.fixedEffectLevels, method: options.fixedEffectMethod)

        // Values beyond 1e±150 cannot be squared in double precision (x² overflows to infinity or vanishes),
        // so no sum of squares, norm or covariance of them is right: refused with the column named, instead of a
        // column "dropped as collinear" or a standard error of 0 (issue 14 review).
        try checkMagnitude(formula.responseName, frame.response)
        for (name, column) in zip(frame.columnNames, frame.columns) { try checkMagnitude(name, column) }

        // Total sum of squares before demeaning (centred when there is an intercept or fixed effects).
        let centred = formula.intercept || !formula.fixedEffects.isEmpty
        let mean = centred ? frame.response.reduce(0, +) / Double(n) : 0
        let totalSS = frame.response.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }

        var absorbedColumns: [Int] = []
        var convergence = FixedEffectAbsorber.Convergence(iterations: 0, converged: true, tolerance: options.tolerance)
        var withinSS = totalSS
        if !formula.fixedEffects.isEmpty {
            var all = [frame.response] + frame.columns
            frame.response = []
            frame.columns = []
            // Each regressor's sum of squares before the absorption, to tell a column the fixed effects explain.
            let before = all.dropFirst().map { $0.reduce(0) { $0 + $1 * $1 } }
            convergence = absorber.demean(&all, tolerance: options.tolerance, maxIterations: options.maxIterations)
            guard convergence.converged else {
                // An iterative method that stopped before its limit made no more progress (conjugate gradient
                // stalls on badly connected designs): more iterations would not help, the exact method would.
                if options.fixedEffectMethod != .automatic && options.fixedEffectMethod != .direct && convergence.iterations < options.maxIterations {
                    throw .numerical(
                        "Absorbing the fixed effects stopped making progress after \(convergence.iterations) of \(options.maxIterations) "
                            + "iterations, short of the tolerance \(options.tolerance): the fixed effects are badly connected for this "
                            + "method; use \(Setting.feMethod.reference("direct")) (exact).")
                }
                throw .notConverged(iterations: convergence.iterations, tolerance: options.tolerance)
            }
            frame.response = all.removeFirst()
            frame.columns = all
            withinSS = frame.response.reduce(0) { $0 + $1 * $1 }
            // A column that the fixed effects explain entirely is collinear with them: what is left of it after the
            // absorption is rounding (its sum of squares below `collinearWithEffects` of what it was; fixest's
            // collin.tol, 1e-10). Scaled to unit norm, that rounding would pass the rank test of the QR and be
            // estimated as noise with an absurd coefficient.
            for j in frame.columns.indices where before[j] > 0 {
                if frame.columns[j].reduce(0, { $0 + $1 * $1 }) <= Self.collinearWithEffects * before[j] { absorbedColumns.append(j) }
            }
        }

        let candidates = frame.columns.indices.filter { !absorbedColumns.contains($0) }
        guard !candidates.isEmpty || frame.columnNames.isEmpty else { throw .allCoefficientsDropped }
        let design: Matrix
        do { design = try Matrix(columns: candidates.map { frame.columns[$0] }) } catch { throw .numerical(error.localizedDescription) }
        frame.columns = []
        let solution: LeastSquaresSolution
        do { solution = try LeastSquares.solve(design, frame.response) } catch { throw .numerical(error.localizedDescription) }
        guard solution.rank > 0 || frame.columnNames.isEmpty else { throw .allCoefficientsDropped }
        // Dropped columns in the formula's order: those the fixed effects absorb and those the QR finds collinear.
        let dropped = (absorbedColumns + solution.droppedColumns.map { candidates[$0] }).sorted()

        let fixedEffectParameters = frame.fixedEffectLevels.reduce(0, +) - max(0, frame.fixedEffectLevels.count - 1)
        let k = solution.rank
        guard n > k + fixedEffectParameters else { throw .tooFewObservations(nobs: n, parameters: k + fixedEffectParameters) }

        let kept = solution.droppedColumns.isEmpty ? design : design.selectingColumns(solution.keptColumns)
        let storage = FitStorage(
            design: kept, residuals: solution.residuals,
            rows: frame.rows, absorber: absorber, bread: solution.inverseCrossProduct)
        return try RegressionResult.make(
            formula: formula, names: solution.keptColumns.map { frame.columnNames[candidates[$0]] },
            estimates: solution.keptCoefficients,
            droppedColumns: dropped.map { frame.columnNames[$0] },
            nobs: n, rss: solution.residualSumOfSquares, totalSS: totalSS,
            withinSS: formula.fixedEffects.isEmpty ? nil : withinSS,
            fixedEffects: zip(formula.fixedEffects, frame.fixedEffectLevels).map { RegressionResult.FixedEffect(name: $0, levels: $1) },
            fixedEffectParameters: fixedEffectParameters, droppedRows: frame.droppedRows,
            singletons: frame.singletonsRemoved, convergence: convergence, storage: storage,
            covariance: options.covariance, smallSample: options.smallSample, confidenceLevel: options.confidenceLevel, data: data)
    }
}

/// What a result keeps to compute another covariance without refitting.
final class FitStorage: @unchecked Sendable {
    let design: Matrix
    let residuals: [Double]
    let rows: [Int]
    let absorber: FixedEffectAbsorber
    let bread: Matrix

    init(design: Matrix, residuals: [Double], rows: [Int], absorber: FixedEffectAbsorber, bread: Matrix) {
        self.design = design
        self.residuals = residuals
        self.rows = rows
        self.absorber = absorber
        self.bread = bread
    }
}
