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
        sortedRuns = codes.map { c in
            var runs = 0
            for i in c.indices where i == 0 || c[i] != c[i - 1] { runs += 1 }
            return c.count >= 2 * runs
        }
    }

    /// Per fixed effect, whether consecutive rows mostly share a level (two rows or more per run on average,
    /// as individuals observed year after year): its sums are then taken run by run in a register, since
    /// adding each row into the same memory cell waits for the previous addition.
    let sortedRuns: [Bool]

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
    ///   - tolerance: when an iterative method stops: the change of the fixed-effect coefficients in a step's
    ///     second sweep, the largest per dimension summed over the dimensions, relative to the column's largest
    ///     absolute value (alternating projections; it bounds the change of any row's residual), or the
    ///     residual's norm relative to the column's norm (conjugate gradient).
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
                // (Alternating projections leave the columns as they came unless all of them converged.)
                let first = demeanAll(
                    &columns, tolerance: tolerance, maxIterations: min(maxIterations, Self.mapSweepLimit),
                    method: .alternatingProjections)
                if first.converged { return first }
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

    /// Rows per chunk from which the passes over a column are split (issue 14).
    static let rowsPerChunk = 65_536

    /// How many chunks the rows of every pass are split into: two from 2 × ``rowsPerChunk`` rows, else one.
    /// A function of the row count only, never of the machine, so the same data give the same bits on every
    /// computer (the chunks' partial sums are added in chunk order); two chunks fill this project's two cores.
    package static func chunkCount(rows: Int) -> Int { rows >= 2 * rowsPerChunk ? 2 : 1 }

    /// Each column by an iterative method (`.alternatingProjections` or
    /// `.conjugateGradient`). Every pass over a column's rows is split into chunks run on the cores
    /// (``chunkCount(rows:)``); the columns themselves run side by side only when there are more cores
    /// than chunks: with 3 columns on 2 cores, column after column with both cores on each is 1.5 column
    /// times, where one column per core was 2.
    /// `chunkCount` overrides ``chunkCount(rows:)`` (tests compare the chunked passes with one chunk).
    package func demeanAll(
        _ columns: inout [[Double]], tolerance: Double, maxIterations: Int, method: FixedEffectMethod, chunkCount: Int? = nil
    ) -> Convergence {
        let count = columns.count
        var results = [(Int, Bool, Bool)](repeating: (0, true, false), count: count)
        let chunks = max(1, chunkCount ?? Self.chunkCount(rows: columns.first?.count ?? 0))
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        /// `body` for every column: one after the other when the chunks fill the cores, else side by side.
        func forEachColumn(_ body: (Int) -> Void) {
            if chunks > 1 && cores <= chunks {
                for j in 0..<count { body(j) }
            } else {
                nonisolated(unsafe) let body = body
                DispatchQueue.concurrentPerform(iterations: count) { j in body(j) }
            }
        }
        let rows = columns.first?.count ?? 0
        guard rows > 0, columns.allSatisfy({ $0.count == rows }) else {
            return Convergence(iterations: 0, converged: true, tolerance: tolerance)
        }
        columns.withUnsafeMutableBufferPointer { cols in
            nonisolated(unsafe) let cols = cols
            results.withUnsafeMutableBufferPointer { res in
                nonisolated(unsafe) let res = res
                if codes.count == 1 || method == .conjugateGradient || method == .direct {
                    // One exact sweep, or conjugate gradient (.direct reaches here only when its factorisation
                    // failed: iterate instead).
                    forEachColumn { j in
                        let outcome: (Int, Bool, Bool)? = withPasses(rows: rows, chunkCount: chunks) { passes in
                            cols[j].withUnsafeMutableBufferPointer { x in
                                guard let base = x.baseAddress else { return (0, true, false) }
                                if codes.count == 1 {
                                    passes.sweep(base, into: base)
                                    return (1, true, false)
                                }
                                let (i, c) = passes.conjugateGradient(base, tolerance: tolerance, maxIterations: maxIterations)
                                return (i, c, true)
                            }
                        }
                        res[j] = outcome ?? (0, false, false)
                    }
                    return
                }
                // Alternating projections, four columns at a time (one per SIMD lane): the coefficients of
                // every column first; the columns change only when all of them converged, so a failure
                // leaves the data for the next method as they came.
                nonisolated(unsafe) var fits = [[Double]?](repeating: nil, count: count)
                fits.withUnsafeMutableBufferPointer { fit in
                    nonisolated(unsafe) let fit = fit
                    for j in 0..<count { res[j] = (0, false, false) }
                    for group in stride(from: 0, to: count, by: 4) {
                        let members = Array(group..<min(count, group + 4))
                        let outcome: [(Int, [Double]?)]? = withPasses(rows: rows, chunkCount: chunks) { passes in
                            func nest(_ m: Int, _ pointers: [UnsafePointer<Double>]) -> [(Int, [Double]?)] {
                                if m == members.count {
                                    return passes.alternatingProjections(pointers, tolerance: tolerance, maxIterations: maxIterations)
                                }
                                return cols[members[m]].withUnsafeBufferPointer { x in
                                    guard let base = x.baseAddress else { return members.map { _ in (0, nil) } }
                                    return nest(m + 1, pointers + [base])
                                }
                            }
                            return nest(0, [])
                        }
                        for (m, j) in members.enumerated() {
                            let result = outcome.flatMap { m < $0.count ? $0[m] : nil }
                            fit[j] = result?.1
                            res[j] = (result?.0 ?? 0, result?.1 != nil, false)
                        }
                        if members.contains(where: { fit[$0] == nil }) { break }
                    }
                    guard fit.allSatisfy({ $0 != nil }) else { return }
                    forEachColumn { j in
                        guard let coefficients = fit[j] else { return }
                        _ = withPasses(rows: rows, chunkCount: chunks) { passes in
                            cols[j].withUnsafeMutableBufferPointer { x in
                                if let base = x.baseAddress { passes.subtractFitted(base, coefficients: coefficients) }
                            }
                        }
                    }
                }
            }
        }
        return Convergence(
            iterations: results.map(\.0).max() ?? 0, converged: results.allSatisfy(\.1), tolerance: tolerance,
            usedConjugateGradient: results.contains { $0.2 })
    }

    /// Runs `body` with the passes of this absorber over `rows` rows in `chunkCount` chunks: pointers to the codes and the inverse
    /// level counts (valid only inside), and scratch for the chunks' partial sums.
    /// `nil` only when a buffer has no storage, which rows > 0 rule out (every row has a level).
    func withPasses<R>(rows: Int, chunkCount: Int, _ body: (DemeaningPasses) -> R) -> R? {
        func nest(_ d: Int, _ codePointers: [UnsafePointer<Int32>], _ weightPointers: [UnsafePointer<Double>]) -> R? {
            if d == codes.count {
                let passes = DemeaningPasses(
                    rows: rows, chunkCount: chunkCount, codes: codePointers, inverseCounts: weightPointers,
                    levels: levels, sortedRuns: sortedRuns)
                defer { passes.release() }
                return body(passes)
            }
            return codes[d].withUnsafeBufferPointer { c in
                inverseCounts[d].withUnsafeBufferPointer { w in
                    guard let codeBase = c.baseAddress, let weightBase = w.baseAddress else { return nil }
                    return nest(d + 1, codePointers + [codeBase], weightPointers + [weightBase])
                }
            }
        }
        return nest(0, [], [])
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
