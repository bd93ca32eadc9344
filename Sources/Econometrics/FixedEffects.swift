import Dispatch
import Tabular

#if canImport(Glibc)
    import Glibc
#endif

/// Absorbs fixed effects: returns each column minus its projection on the
/// fixed-effect dummies. Each column is demeaned independently, so the columns
/// are spread over the cores. With one fixed effect a single sweep is exact.
/// With several, two methods, chosen by `FixedEffectMethod`:
///
/// - **Alternating projections** (MAP; Guimarães & Portugal 2010, Gaure 2013
///   `lfe`): subtract group means dimension after dimension, accelerated by
///   Irons & Tuck (1969) extrapolation as in fixest (Bergé 2018). Fast on
///   well-connected graphs (firm × year).
/// - **Conjugate gradient** on the symmetric sweep (Correia 2017, `reghdfe`'s
///   symmetric Kaczmarz + CG): with `T = Q₁…Q_D Q_D…Q₁` (`Q_d = I − P_d`), the
///   part of v in the span of the dummies solves `(I − T) w = (I − T) v`, a
///   symmetric positive semi-definite, consistent system; CG's rate depends on
///   √κ instead of κ, which matters on badly connected graphs (workers × firms,
///   the "difficult" benchmark design).
///
/// Rule for `.automatic`: MAP first; a column that has not converged after
/// `mapSweepLimit` sweeps (100) is restarted with conjugate gradient.
public enum FixedEffectMethod: String, Sendable, Codable, CaseIterable {
    /// Alternating projections, then, when they stall, the direct method, then conjugate gradient
    /// (see `FixedEffectAbsorber.demean(_:tolerance:maxIterations:)`).
    case automatic = "auto"
    /// Alternating projections (MAP) with Irons–Tuck acceleration.
    case alternatingProjections = "map"
    /// Conjugate gradient on the symmetric sweep.
    case conjugateGradient = "cg"
    /// Exact: eliminate the largest dimension, factor the Schur complement of the
    /// others by sparse Cholesky (CHOLMOD), solve.
    case direct = "direct"
}

/// The dummies of a model's fixed effects, and the projection that removes them from columns
/// (the methods are described at ``FixedEffectMethod``).
public struct FixedEffectAbsorber: Sendable {
    /// Per fixed effect, each observation's level, a code in `0..<levels[d]`.
    public let codes: [[Int32]]
    /// Per fixed effect, its number of levels.
    public let levels: [Int]
    /// How several fixed effects are absorbed.
    public let method: FixedEffectMethod
    let inverseCounts: [[Double]]
    /// Sweeps after which `.automatic` gives up alternating projections.
    public static let mapSweepLimit = 100

    /// An absorber of the given fixed effects.
    /// - Parameters:
    ///   - codes: per fixed effect, one code per observation (all of one length), each in `0..<levels[d]`.
    ///   - levels: per fixed effect, its number of levels, in the order of `codes`.
    ///   - method: how several fixed effects are absorbed (``FixedEffectMethod/automatic`` by default).
    package init(codes: [[Int32]], levels: [Int], method: FixedEffectMethod = .automatic) {
        self.method = method
        self.codes = codes
        self.levels = levels
        inverseCounts = zip(codes, levels).map { c, g in
            var count = [Double](repeating: 0, count: g)
            for code in c { count[Int(code)] += 1 }
            return count.map { $0 > 0 ? 1 / $0 : 0 }
        }
    }

    /// How the absorption went: the sweeps, whether it converged and which method finished it.
    public struct Convergence: Sendable, Codable, Equatable {
        /// The largest number of sweeps any column needed.
        public let iterations: Int
        /// Whether every column reached the tolerance.
        public let converged: Bool
        /// The tolerance the absorption was asked to reach.
        public let tolerance: Double
        /// Whether any column needed conjugate gradient.
        public var usedConjugateGradient: Bool = false
        /// Whether the columns were projected exactly by sparse Cholesky.
        public var usedDirect: Bool = false

        enum CodingKeys: String, CodingKey {
            case iterations, converged, tolerance, usedConjugateGradient = "used_conjugate_gradient", usedDirect = "used_direct"
        }
    }

    /// Demeans every column in place.
    /// - Parameters:
    ///   - columns: the columns to demean, one value per observation each; replaced by their residuals from the
    ///     projection on the dummies.
    ///   - tolerance: when an iterative method stops: the largest change of a column in a step relative to its
    ///     largest absolute value (alternating projections), or the residual's norm relative to the column's norm
    ///     (conjugate gradient).
    ///   - maxIterations: sweeps allowed per column; ``FixedEffectMethod/automatic`` gives alternating projections
    ///     at most ``mapSweepLimit`` of them before it changes method.
    /// - Returns: the convergence. With one fixed effect a single exact sweep; with several and
    ///   ``FixedEffectMethod/automatic``, alternating projections on every column, and when one of them has not
    ///   converged, every column again by the direct method (when its factorisation is predicted to be cheap) or
    ///   else by conjugate gradient. A failed direct factorisation falls back to conjugate gradient; nothing is thrown.
    package func demean(_ columns: inout [[Double]], tolerance: Double, maxIterations: Int) -> Convergence {
        // Several dimensions: the direct method when asked, or when alternating
        // projections stall (auto) and the factorisation is predicted to be cheap.
        if codes.count >= 2 && (method == .direct || method == .automatic) {
            if method == .direct, (try? projectDirectly(&columns)) != nil {
                return Convergence(iterations: 1, converged: true, tolerance: tolerance, usedDirect: true)
            }
            if method == .automatic {
                let original = columns
                let first = demeanAll(
                    &columns, tolerance: tolerance, maxIterations: min(maxIterations, Self.mapSweepLimit),
                    method: .alternatingProjections)
                if first.converged { return first }
                columns = original
                if (try? projectDirectly(&columns)) != nil {
                    return Convergence(iterations: first.iterations + 1, converged: true, tolerance: tolerance, usedDirect: true)
                }
                let second = demeanAll(&columns, tolerance: tolerance, maxIterations: maxIterations, method: .conjugateGradient)
                return Convergence(
                    iterations: first.iterations + second.iterations, converged: second.converged,
                    tolerance: tolerance, usedConjugateGradient: true)
            }
        }
        return demeanAll(
            &columns, tolerance: tolerance, maxIterations: maxIterations,
            method: method == .direct ? .conjugateGradient : method)
    }

    /// Each column by an iterative method (`.alternatingProjections` or
    /// `.conjugateGradient`), spread over the cores.
    func demeanAll(_ columns: inout [[Double]], tolerance: Double, maxIterations: Int, method: FixedEffectMethod) -> Convergence {
        let count = columns.count
        var results = [(Int, Bool, Bool)](repeating: (0, true, false), count: count)
        columns.withUnsafeMutableBufferPointer { cols in
            nonisolated(unsafe) let cols = cols
            results.withUnsafeMutableBufferPointer { res in
                nonisolated(unsafe) let res = res
                DispatchQueue.concurrentPerform(iterations: count) { j in
                    res[j] = demeanOne(&cols[j], tolerance: tolerance, maxIterations: maxIterations, method: method)
                }
            }
        }
        return Convergence(
            iterations: results.map(\.0).max() ?? 0, converged: results.allSatisfy(\.1), tolerance: tolerance,
            usedConjugateGradient: results.contains { $0.2 })
    }

    /// One sweep: x ← Π_d (I − P_d) x, with P_d the projection on the dummies of
    /// dimension d, in order (forward) or in reverse order (the backward half of
    /// the symmetric sweep).
    ///
    /// The passes are fused (issue 14): subtracting dimension d's means and summing x by the next
    /// dimension's levels is one pass over the rows, so a sweep over D dimensions reads the rows D + 1
    /// times, not 2D. The arithmetic is the same, in the same order: the results are bit-identical.
    @inline(__always)
    func sweep(_ x: UnsafeMutableBufferPointer<Double>, _ sums: inout [[Double]], backward: Bool = false) {
        let count = codes.count
        guard count > 0 else { return }
        // The k-th dimension swept (no array per sweep: this runs thousands of times).
        func dimension(_ k: Int) -> Int { backward ? count - 1 - k : k }
        // Means of the first dimension.
        let first = dimension(0)
        codes[first].withUnsafeBufferPointer { c in
            sums[first].withUnsafeMutableBufferPointer { s in
                for g in 0..<s.count { s[g] = 0 }
                for i in 0..<x.count { s[Int(c[i])] += x[i] }
                inverseCounts[first].withUnsafeBufferPointer { w in
                    for g in 0..<s.count { s[g] *= w[g] }
                }
            }
        }
        // Subtract the previous dimension's means while summing by the next one's levels.
        for k in 1..<max(1, count) {
            let previous = dimension(k - 1), d = dimension(k)
            let means = sums[previous]  // a second reference: sums[d] stays uniquely held
            codes[previous].withUnsafeBufferPointer { cp in
                codes[d].withUnsafeBufferPointer { cd in
                    means.withUnsafeBufferPointer { m in
                        sums[d].withUnsafeMutableBufferPointer { s in
                            for g in 0..<s.count { s[g] = 0 }
                            for i in 0..<x.count {
                                x[i] -= m[Int(cp[i])]
                                s[Int(cd[i])] += x[i]
                            }
                            inverseCounts[d].withUnsafeBufferPointer { w in
                                for g in 0..<s.count { s[g] *= w[g] }
                            }
                        }
                    }
                }
            }
        }
        // Subtract the last dimension's means.
        let last = dimension(count - 1)
        codes[last].withUnsafeBufferPointer { c in
            sums[last].withUnsafeBufferPointer { m in
                for i in 0..<x.count { x[i] -= m[Int(c[i])] }
            }
        }
    }

    /// Returns (sweeps, converged, used conjugate gradient).
    func demeanOne(_ v: inout [Double], tolerance: Double, maxIterations: Int, method: FixedEffectMethod) -> (Int, Bool, Bool) {
        var sums = levels.map { [Double](repeating: 0, count: $0) }
        if codes.isEmpty { return (0, true, false) }
        if codes.count == 1 {
            v.withUnsafeMutableBufferPointer { sweep($0, &sums) }
            return (1, true, false)
        }
        switch method {
        case .alternatingProjections:
            let (i, c) = demeanMAP(&v, tolerance: tolerance, maxIterations: maxIterations, sums: &sums)
            return (i, c, false)
        case .conjugateGradient, .direct:
            // (.direct reaches here only when its factorisation failed: iterate instead.)
            let (i, c) = demeanCG(&v, tolerance: tolerance, maxIterations: maxIterations, sums: &sums)
            return (i, c, true)
        case .automatic:
            // (`demean` resolves .automatic before it iterates; kept for completeness.)
            let (i, c) = demeanMAP(&v, tolerance: tolerance, maxIterations: maxIterations, sums: &sums)
            return (i, c, false)
        }
    }

    /// Conjugate gradient on `(I − T) w = (I − T) v`, `T` the symmetric sweep;
    /// v ← v − w. Stops when ‖(I − T)(v − w)‖ ≤ tolerance·‖v‖ (each iteration is
    /// two sweeps, counted as such).
    func demeanCG(_ v: inout [Double], tolerance: Double, maxIterations: Int, sums: inout [[Double]]) -> (Int, Bool) {
        let n = v.count
        var r = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 0, count: n)
        var ap = [Double](repeating: 0, count: n)
        var sweeps = 0
        var converged = false
        v.withUnsafeMutableBufferPointer { x in
            r.withUnsafeMutableBufferPointer { r in
                p.withUnsafeMutableBufferPointer { p in
                    ap.withUnsafeMutableBufferPointer { ap in
                        var vNorm2 = 0.0
                        for i in 0..<n { vNorm2 += x[i] * x[i] }
                        let threshold2 = tolerance * tolerance * max(vNorm2, 1e-300)
                        // r = b = (I − T) v, p = r.
                        for i in 0..<n { ap[i] = x[i] }
                        sweep(ap, &sums); sweep(ap, &sums, backward: true)
                        sweeps += 2
                        var rr = 0.0
                        for i in 0..<n { r[i] = x[i] - ap[i]; p[i] = r[i]; rr += r[i] * r[i] }
                        if rr <= threshold2 { converged = true; return }
                        var best = rr, stalled = 0
                        while sweeps < maxIterations {
                            for i in 0..<n { ap[i] = p[i] }
                            sweep(ap, &sums); sweep(ap, &sums, backward: true)
                            sweeps += 2
                            var pAp = 0.0
                            for i in 0..<n { ap[i] = p[i] - ap[i]; pAp += p[i] * ap[i] }
                            // pAp ≤ 0 (the operator is positive semi-definite) or a non-finite value means the
                            // residual is at rounding level: stop, converged only if the tolerance was reached.
                            guard pAp > 0, pAp.isFinite else { converged = rr <= threshold2; return }
                            let alpha = rr / pAp
                            var rrNew = 0.0
                            for i in 0..<n {
                                x[i] -= alpha * p[i]
                                r[i] -= alpha * ap[i]
                                rrNew += r[i] * r[i]
                            }
                            guard rrNew.isFinite else { converged = false; return }
                            if rrNew <= threshold2 { converged = true; return }
                            // Stagnation: no halving of the best residual in 50 steps means rounding noise
                            // now drives the iterates; stop rather than declare convergence on noise.
                            if rrNew < 0.25 * best { best = rrNew; stalled = 0 } else { stalled += 1 }
                            if stalled >= 50 { converged = false; return }
                            let beta = rrNew / rr
                            rr = rrNew
                            for i in 0..<n { p[i] = r[i] + beta * p[i] }
                        }
                    }
                }
            }
        }
        return (sweeps, converged)
    }

    func demeanMAP(_ v: inout [Double], tolerance: Double, maxIterations: Int, sums: inout [[Double]]) -> (Int, Bool) {
        let n = v.count
        var scale = 0.0
        for value in v { scale = max(scale, abs(value)) }
        let threshold = tolerance * max(scale, 1e-300)
        var gx = [Double](repeating: 0, count: n)
        var ggx = [Double](repeating: 0, count: n)
        var iterations = 0
        var history: [Double] = []
        while iterations < maxIterations {
            var maxChange = 0.0
            v.withUnsafeMutableBufferPointer { x in
                gx.withUnsafeMutableBufferPointer { gxp in
                    ggx.withUnsafeMutableBufferPointer { ggxp in
                        for i in 0..<n { gxp[i] = x[i] }
                        sweep(gxp, &sums)
                        for i in 0..<n { ggxp[i] = gxp[i] }
                        sweep(ggxp, &sums)
                        // Irons–Tuck: x ← GGx − (δ·Δ²/Δ²·Δ²)·δ with δ = GGx − Gx, Δ² = GGx − 2Gx + x.
                        var numerator = 0.0, denominator = 0.0
                        for i in 0..<n {
                            let d1 = ggxp[i] - gxp[i]
                            let d2 = d1 - (gxp[i] - x[i])
                            numerator += d1 * d2
                            denominator += d2 * d2
                        }
                        let coefficient = denominator > 0 ? numerator / denominator : 0
                        for i in 0..<n {
                            let updated = ggxp[i] - coefficient * (ggxp[i] - gxp[i])
                            maxChange = max(maxChange, abs(updated - x[i]))
                            x[i] = updated
                        }
                    }
                }
            }
            iterations += 2
            guard maxChange.isFinite else { return (iterations, false) }
            if maxChange <= threshold { return (iterations, true) }
            if iterations % 20 == 0, WorkProgress.isActive { WorkProgress.report("absorbing the fixed effects (sweeps)", done: iterations, total: maxIterations) }
            // Give up early when the observed rate cannot reach the tolerance within the
            // budget: the geometric rate of the last two steps, projected forward.
            history.append(maxChange)
            if history.count >= 4 {
                let rate = (history[history.count - 1] / history[history.count - 3]).squareRoot()
                let needed = rate < 1 ? log(threshold / maxChange) / log(rate) * 2 : .infinity
                if Double(iterations) + needed > Double(maxIterations) { return (iterations, false) }
            }
        }
        return (iterations, false)
    }

    /// True when every level of dimension `d` lies within one cluster
    /// (the fixed effect is nested in the clusters).
    /// - Parameters:
    ///   - d: the fixed effect's index in ``codes``.
    ///   - clusters: one cluster code per observation, in the order of the codes.
    /// - Returns: `true` when no level of the fixed effect appears in two clusters.
    package func isNested(dimension d: Int, in clusters: [Int32]) -> Bool {
        var owner = [Int32](repeating: -1, count: levels[d])
        for (i, code) in codes[d].enumerated() {
            let c = clusters[i]
            if owner[Int(code)] == -1 { owner[Int(code)] = c } else if owner[Int(code)] != c { return false }
        }
        return true
    }
}
