import Dispatch
import Tabular

#if canImport(Glibc)
    import Glibc
#endif

/// The passes over one column's rows that absorb the fixed effects (the methods are described at
/// ``FixedEffectMethod``), on pointers valid for the life of one `FixedEffectAbsorber.withPasses` call.
///
/// Issue 14: every pass is split into `chunkCount` chunks of rows run on the cores, each summing into its
/// own partial sums, which are then added in chunk order; the chunk count depends on the row count only, so
/// the same data give the same bits on every machine. A sweep of a column (conjugate gradient, one fixed
/// effect) reads the rows D + 1 times, each pass subtracting one dimension's means while summing by the next;
/// alternating projections iterate on the coefficients instead and read only the codes (see
/// `alternatingProjections`). Sums by a dimension whose rows come in runs of one level are taken run by run.
struct DemeaningPasses: @unchecked Sendable {
    let rows: Int
    let chunkCount: Int
    /// Per dimension, each row's level.
    let codes: [UnsafePointer<Int32>]
    /// Per dimension, one over each level's number of rows (zero for an empty level).
    let inverseCounts: [UnsafePointer<Double>]
    let levels: [Int]
    /// Per dimension, whether its sums are taken run by run (`FixedEffectAbsorber.sortedRuns`).
    let sortedRuns: [Bool]
    /// Per dimension, `chunkCount × levels[d]` partial sums, chunk after chunk.
    let partial: [UnsafeMutablePointer<Double>]
    /// Per dimension, the level means of the last pass that summed by it.
    let means: [UnsafeMutablePointer<Double>]
    /// Per chunk, three accumulators of a pass (Irons–Tuck's two products and the largest change).
    let accumulators: UnsafeMutablePointer<Double>

    init(
        rows: Int, chunkCount: Int, codes: [UnsafePointer<Int32>], inverseCounts: [UnsafePointer<Double>], levels: [Int],
        sortedRuns: [Bool]
    ) {
        self.rows = rows
        self.chunkCount = chunkCount
        self.codes = codes
        self.inverseCounts = inverseCounts
        self.levels = levels
        self.sortedRuns = sortedRuns
        partial = levels.map { UnsafeMutablePointer<Double>.allocate(capacity: max(1, $0 * chunkCount)) }
        means = levels.map { UnsafeMutablePointer<Double>.allocate(capacity: max(1, $0)) }
        accumulators = .allocate(capacity: 3 * chunkCount)
        accumulators.initialize(repeating: 0, count: 3 * chunkCount)
    }

    /// Frees the scratch (the codes and weights belong to the absorber).
    func release() {
        for p in partial { p.deallocate() }
        for m in means { m.deallocate() }
        accumulators.deallocate()
    }

    /// The rows of chunk `c`.
    @inline(__always) func range(_ c: Int) -> Range<Int> { (rows * c / chunkCount)..<(rows * (c + 1) / chunkCount) }

    /// Runs `body` on every chunk, on the cores when there are several.
    @inline(__always) func forEachChunk(_ body: (Int, Range<Int>) -> Void) {
        if chunkCount == 1 {
            body(0, 0..<rows)
            return
        }
        // (The chunks write disjoint rows and their own partial sums and accumulators.)
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in body(c, range(c)) }
    }

    /// The sum of accumulator `slot` over the chunks, in chunk order.
    @inline(__always) func total(_ slot: Int) -> Double {
        var s = accumulators[slot]
        for c in 1..<max(1, chunkCount) { s += accumulators[3 * c + slot] }
        return s
    }

    /// Means of dimension `d` from the chunks' partial sums, added in chunk order.
    func combine(_ d: Int) {
        let g = levels[d], p = partial[d], m = means[d], w = inverseCounts[d]
        if chunkCount == 1 {
            for j in 0..<g { m[j] = p[j] * w[j] }
            return
        }
        for j in 0..<g {
            var s = p[j]
            for c in 1..<chunkCount { s += p[c * g + j] }
            m[j] = s * w[j]
        }
    }

    /// `s[level of row i] += value(i)` for the rows, in row order; `value` may write the row's result.
    /// For a dimension with long runs of one level, each run is added in a register and then once to its
    /// level: the same sum when a level's rows are contiguous (0 + a = a), and otherwise the sum of the runs.
    @inline(__always) func scatter(
        _ rows: Range<Int>, by d: Int, into s: UnsafeMutablePointer<Double>, _ value: (Int) -> Double
    ) {
        let code = codes[d]
        guard sortedRuns[d], let first = rows.first else {
            for i in rows { s[Int(code[i])] += value(i) }
            return
        }
        var level = Int(code[first]), run = 0.0
        for i in rows {
            let v = value(i)
            let c = Int(code[i])
            if c != level {
                s[level] += run
                level = c
                run = 0
            }
            run += v
        }
        s[level] += run
    }

    /// The means of `source` by the levels of dimension `d`.
    func sum(_ source: UnsafePointer<Double>, by d: Int) {
        forEachChunk { c, rows in
            let s = partial[d] + c * levels[d]
            s.update(repeating: 0, count: levels[d])
            scatter(rows, by: d, into: s) { i in source[i] }
        }
        combine(d)
    }

    /// `target = source − means[previous]` by the levels of `previous`, and the means of the result by the
    /// levels of `next` (one pass; `source` may be `target`).
    func subtract(_ previous: Int, from source: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>, summingBy next: Int) {
        forEachChunk { c, rows in
            let m = means[previous], cp = codes[previous]
            let s = partial[next] + c * levels[next]
            s.update(repeating: 0, count: levels[next])
            scatter(rows, by: next, into: s) { i in
                let v = source[i] - m[Int(cp[i])]
                target[i] = v
                return v
            }
        }
        combine(next)
    }

    /// `target = source − means[d]` by the levels of `d`.
    func subtract(_ d: Int, from source: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>) {
        forEachChunk { _, rows in
            let m = means[d], code = codes[d]
            for i in rows { target[i] = source[i] - m[Int(code[i])] }
        }
    }

    /// One sweep, `target = Π_d (I − P_d) source` with `P_d` the projection on the dummies of dimension d, in
    /// order (forward) or in reverse order (the backward half of the symmetric sweep); `source` may be `target`.
    func sweep(_ source: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>, backward: Bool = false) {
        let count = codes.count
        guard count > 0 else { return }
        func dimension(_ k: Int) -> Int { backward ? count - 1 - k : k }
        sum(source, by: dimension(0))
        var from = source
        for k in 1..<max(1, count) {
            subtract(dimension(k - 1), from: from, into: target, summingBy: dimension(k))
            from = UnsafePointer(target)
        }
        subtract(dimension(count - 1), from: from, into: target)
    }

    /// Alternating projections with Irons–Tuck acceleration, two dimensions or more, iterated on the fixed-effect
    /// coefficients as fixest does (Bergé 2018, §3): one sweep G is a Gauss–Seidel pass over the dimensions,
    /// `α_d[g] = (Σ_{i∈g} x_i − Σ_{i∈g} Σ_{e≠d} α_e[level_e(i)]) / n_g`, the newer coefficients of the earlier
    /// dimensions used; it equals a sweep of the residual `x − Σ_e D_e α_e` in the rows' space, but reads only
    /// the codes (4 bytes a dimension a row) and writes no row, where the residual's sweep read and wrote 8-byte
    /// values in every pass. The first dimension's coefficients follow from the others', so Irons & Tuck (1969)
    /// extrapolate the rest: β ← GGβ − (δ·Δ²/Δ²·Δ²)·δ with δ = GGβ − Gβ, Δ² = GGβ − 2Gβ + β.
    /// Stops when the coefficients of the second sweep differ from the first's by at most `tolerance` times the
    /// column's largest absolute value, summed over the dimensions (which bounds the change of any row's
    /// residual). Returns the sweeps and, when it converged, the second sweep's coefficients (every dimension's,
    /// one after the other), which `subtractFitted` takes from the column: x is only read, so a column is left
    /// as it came when another one fails and the next method starts again from the data.
    func alternatingProjections(_ x: UnsafePointer<Double>, tolerance: Double, maxIterations: Int) -> (Int, [Double]?) {
        let count = codes.count
        guard count >= 2 else { return (0, nil) }
        var scale = 0.0
        for i in 0..<rows { scale = max(scale, abs(x[i])) }
        let threshold = tolerance * max(scale, 1e-300)
        // Coefficients of every dimension, one after the other: the input of a step, its first and second sweep.
        var offsets = [0]
        for g in levels { offsets.append(offsets[offsets.count - 1] + g) }
        let total = offsets[count]
        let input = UnsafeMutablePointer<Double>.allocate(capacity: max(1, total))
        let first = UnsafeMutablePointer<Double>.allocate(capacity: max(1, total))
        let second = UnsafeMutablePointer<Double>.allocate(capacity: max(1, total))
        // Per dimension, the sums of x by its levels.
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: max(1, total))
        defer {
            input.deallocate()
            first.deallocate()
            second.deallocate()
            sums.deallocate()
        }
        input.initialize(repeating: 0, count: max(1, total))
        for d in 0..<count {
            sum(x, by: d)
            // (`sum` leaves means; the sums themselves are its chunks' partial sums added in chunk order.)
            let g = levels[d], p = partial[d], s = sums + offsets[d]
            for j in 0..<g {
                var v = p[j]
                for c in 1..<max(1, chunkCount) { v += p[c * g + j] }
                s[j] = v
            }
        }

        /// One Gauss–Seidel sweep from the coefficients `from` into `to`.
        func sweepCoefficients(_ from: UnsafePointer<Double>, into to: UnsafeMutablePointer<Double>) {
            for d in 0..<count {
                // The coefficients each other dimension has when d is updated: new for the earlier ones.
                let others = (0..<count).filter { $0 != d }.map { e in
                    (coefficients: e < d ? UnsafePointer(to) + offsets[e] : from + offsets[e], code: codes[e])
                }
                forEachChunk { c, rows in
                    let s = partial[d] + c * levels[d]
                    s.update(repeating: 0, count: levels[d])
                    if others.count == 1 {
                        let a = others[0].coefficients, ca = others[0].code
                        scatter(rows, by: d, into: s) { i in a[Int(ca[i])] }
                    } else if others.count == 2 {
                        let a = others[0].coefficients, ca = others[0].code
                        let b = others[1].coefficients, cb = others[1].code
                        scatter(rows, by: d, into: s) { i in a[Int(ca[i])] + b[Int(cb[i])] }
                    } else {
                        scatter(rows, by: d, into: s) { i in
                            var v = 0.0
                            for o in others { v += o.coefficients[Int(o.code[i])] }
                            return v
                        }
                    }
                }
                let g = levels[d], p = partial[d], w = inverseCounts[d], sx = sums + offsets[d], out = to + offsets[d]
                for j in 0..<g {
                    var v = p[j]
                    for c in 1..<max(1, chunkCount) { v += p[c * g + j] }
                    out[j] = (sx[j] - v) * w[j]
                }
            }
        }

        var iterations = 0
        var history: [Double] = []
        var converged = false
        let extrapolated = offsets[1]..<total
        while iterations < maxIterations {
            sweepCoefficients(input, into: first)
            sweepCoefficients(first, into: second)
            iterations += 2
            var change = 0.0
            for d in 0..<count {
                var largest = 0.0
                for j in offsets[d]..<offsets[d + 1] { largest = max(largest, abs(second[j] - first[j])) }
                change += largest
            }
            guard change.isFinite else { return (iterations, nil) }
            if change <= threshold {
                converged = true
                break
            }
            var numerator = 0.0, denominator = 0.0
            for j in extrapolated {
                let d1 = second[j] - first[j]
                let d2 = d1 - (first[j] - input[j])
                numerator += d1 * d2
                denominator += d2 * d2
            }
            let coefficient = denominator > 0 ? numerator / denominator : 0
            for j in extrapolated { input[j] = second[j] - coefficient * (second[j] - first[j]) }
            if iterations % 20 == 0, WorkProgress.isActive { WorkProgress.report("absorbing the fixed effects (sweeps)", done: iterations, total: maxIterations) }
            // Give up early when the observed rate cannot reach the tolerance within the
            // budget: the geometric rate of the last two steps, projected forward.
            history.append(change)
            if history.count >= 4 {
                let rate = (history[history.count - 1] / history[history.count - 3]).squareRoot()
                let needed = rate < 1 ? log(threshold / change) / log(rate) * 2 : .infinity
                if Double(iterations) + needed > Double(maxIterations) { return (iterations, nil) }
            }
        }
        guard converged else { return (iterations, nil) }
        return (iterations, Array(UnsafeBufferPointer(start: second, count: total)))
    }

    /// `x ← x − Σ_d D_d α_d`, the coefficients of every dimension one after the other.
    func subtractFitted(_ x: UnsafeMutablePointer<Double>, coefficients: [Double]) {
        let count = codes.count
        var offsets = [0]
        for g in levels { offsets.append(offsets[offsets.count - 1] + g) }
        guard coefficients.count == offsets[count] else { return }
        coefficients.withUnsafeBufferPointer { alpha in
            guard let base = alpha.baseAddress else { return }
            let coefficientsOf = (0..<count).map { base + offsets[$0] }
            forEachChunk { _, rows in
                for i in rows {
                    var fitted = 0.0
                    for d in 0..<count { fitted += coefficientsOf[d][Int(codes[d][i])] }
                    x[i] -= fitted
                }
            }
        }
    }

    /// Conjugate gradient on `(I − T) w = (I − T) v`, `T` the symmetric sweep; v ← v − w. Stops when
    /// ‖(I − T)(v − w)‖ ≤ tolerance·‖v‖ (each iteration is two sweeps, counted as such).
    /// Returns (sweeps, converged).
    func conjugateGradient(_ x: UnsafeMutablePointer<Double>, tolerance: Double, maxIterations: Int) -> (Int, Bool) {
        let n = rows
        let r = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let ap = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            r.deallocate()
            p.deallocate()
            ap.deallocate()
        }
        var sweeps = 0
        var vNorm2 = 0.0
        for i in 0..<n { vNorm2 += x[i] * x[i] }
        let threshold2 = tolerance * tolerance * max(vNorm2, 1e-300)
        // r = b = (I − T) v, p = r.
        sweep(x, into: ap)
        sweep(ap, into: ap, backward: true)
        sweeps += 2
        var rr = 0.0
        for i in 0..<n {
            r[i] = x[i] - ap[i]
            p[i] = r[i]
            rr += r[i] * r[i]
        }
        if rr <= threshold2 { return (sweeps, true) }
        var best = rr, stalled = 0
        while sweeps < maxIterations {
            sweep(p, into: ap)
            sweep(ap, into: ap, backward: true)
            sweeps += 2
            var pAp = 0.0
            for i in 0..<n {
                ap[i] = p[i] - ap[i]
                pAp += p[i] * ap[i]
            }
            // pAp ≤ 0 (the operator is positive semi-definite) or a non-finite value means the
            // residual is at rounding level: stop, converged only if the tolerance was reached.
            guard pAp > 0, pAp.isFinite else { return (sweeps, rr <= threshold2) }
            let alpha = rr / pAp
            var rrNew = 0.0
            for i in 0..<n {
                x[i] -= alpha * p[i]
                r[i] -= alpha * ap[i]
                rrNew += r[i] * r[i]
            }
            guard rrNew.isFinite else { return (sweeps, false) }
            if rrNew <= threshold2 { return (sweeps, true) }
            // Stagnation: no halving of the best residual in 50 steps means rounding noise
            // now drives the iterates; stop rather than declare convergence on noise.
            if rrNew < 0.25 * best {
                best = rrNew
                stalled = 0
            } else {
                stalled += 1
            }
            if stalled >= 50 { return (sweeps, false) }
            let beta = rrNew / rr
            rr = rrNew
            for i in 0..<n { p[i] = r[i] + beta * p[i] }
        }
        return (sweeps, false)
    }
}
