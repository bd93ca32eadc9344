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
/// the same data give the same bits on every machine. With one chunk the arithmetic is that of 0.8.1, in the
/// same order. Passes are fused wherever one reads what the previous one wrote: a sweep over D dimensions
/// reads the rows D + 1 times, and one alternating-projection step (two sweeps and the Irons–Tuck
/// extrapolation) reads them 2D + 1 times, where copying, sweeping, extrapolating and updating separately
/// took 2D + 6.
struct DemeaningPasses: @unchecked Sendable {
    let rows: Int
    let chunkCount: Int
    /// Per dimension, each row's level.
    let codes: [UnsafePointer<Int32>]
    /// Per dimension, one over each level's number of rows (zero for an empty level).
    let inverseCounts: [UnsafePointer<Double>]
    let levels: [Int]
    /// Per dimension, `chunkCount × levels[d]` partial sums, chunk after chunk.
    let partial: [UnsafeMutablePointer<Double>]
    /// Per dimension, the level means of the last pass that summed by it.
    let means: [UnsafeMutablePointer<Double>]
    /// Per chunk, three accumulators of a pass (Irons–Tuck's two products and the largest change).
    let accumulators: UnsafeMutablePointer<Double>

    init(rows: Int, chunkCount: Int, codes: [UnsafePointer<Int32>], inverseCounts: [UnsafePointer<Double>], levels: [Int]) {
        self.rows = rows
        self.chunkCount = chunkCount
        self.codes = codes
        self.inverseCounts = inverseCounts
        self.levels = levels
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

    /// The means of `source` by the levels of dimension `d`.
    func sum(_ source: UnsafePointer<Double>, by d: Int) {
        forEachChunk { c, rows in
            let s = partial[d] + c * levels[d], code = codes[d]
            s.update(repeating: 0, count: levels[d])
            for i in rows { s[Int(code[i])] += source[i] }
        }
        combine(d)
    }

    /// `target = source − means[previous]` by the levels of `previous`, and the means of the result by the
    /// levels of `next` (one pass; `source` may be `target`).
    func subtract(_ previous: Int, from source: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>, summingBy next: Int) {
        forEachChunk { c, rows in
            let m = means[previous], cp = codes[previous], cd = codes[next]
            let s = partial[next] + c * levels[next]
            s.update(repeating: 0, count: levels[next])
            for i in rows {
                let v = source[i] - m[Int(cp[i])]
                target[i] = v
                s[Int(cd[i])] += v
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

    /// Alternating projections with Irons–Tuck acceleration (fixest, Bergé 2018), two dimensions or more:
    /// x ← GGx − (δ·Δ²/Δ²·Δ²)·δ with δ = GGx − Gx, Δ² = GGx − 2Gx + x, G one forward sweep. Stops when the
    /// largest change of a step is at most `tolerance` times the column's largest absolute value.
    /// Returns (sweeps, converged).
    func alternatingProjections(_ x: UnsafeMutablePointer<Double>, tolerance: Double, maxIterations: Int) -> (Int, Bool) {
        let count = codes.count
        guard count >= 2 else { return (0, false) }
        var scale = 0.0
        for i in 0..<rows { scale = max(scale, abs(x[i])) }
        let threshold = tolerance * max(scale, 1e-300)
        let gx = UnsafeMutablePointer<Double>.allocate(capacity: rows)
        let ggx = UnsafeMutablePointer<Double>.allocate(capacity: rows)
        defer {
            gx.deallocate()
            ggx.deallocate()
        }
        // The first dimension's means of x; each step leaves those of its result.
        sum(x, by: 0)
        var iterations = 0
        var history: [Double] = []
        while iterations < maxIterations {
            // Gx; its last pass also takes the first dimension's means of Gx for the second sweep.
            var from = UnsafePointer(x)
            for k in 1..<count {
                subtract(k - 1, from: from, into: gx, summingBy: k)
                from = UnsafePointer(gx)
            }
            subtract(count - 1, from: gx, into: gx, summingBy: 0)
            // GGx; its last pass also takes Irons–Tuck's products δ·Δ² and Δ²·Δ².
            from = UnsafePointer(gx)
            for k in 1..<count {
                subtract(k - 1, from: from, into: ggx, summingBy: k)
                from = UnsafePointer(ggx)
            }
            let last = from
            forEachChunk { c, rows in
                let m = means[count - 1], code = codes[count - 1]
                var numerator = 0.0, denominator = 0.0
                for i in rows {
                    let v = last[i] - m[Int(code[i])]
                    ggx[i] = v
                    let d1 = v - gx[i]
                    let d2 = d1 - (gx[i] - x[i])
                    numerator += d1 * d2
                    denominator += d2 * d2
                }
                accumulators[3 * c] = numerator
                accumulators[3 * c + 1] = denominator
            }
            let numerator = total(0), denominator = total(1)
            let coefficient = denominator > 0 ? numerator / denominator : 0
            // The step, with the first dimension's means of its result for the next step.
            forEachChunk { c, rows in
                let s = partial[0] + c * levels[0], code = codes[0]
                s.update(repeating: 0, count: levels[0])
                var change = 0.0
                for i in rows {
                    let updated = ggx[i] - coefficient * (ggx[i] - gx[i])
                    change = max(change, abs(updated - x[i]))
                    x[i] = updated
                    s[Int(code[i])] += updated
                }
                accumulators[3 * c + 2] = change
            }
            combine(0)
            var maxChange = accumulators[2]
            for c in 1..<max(1, chunkCount) { maxChange = max(maxChange, accumulators[3 * c + 2]) }
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
