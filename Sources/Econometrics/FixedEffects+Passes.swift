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
    @inline(__always) func scatter<Value: PassValue>(
        _ rows: Range<Int>, by d: Int, into s: UnsafeMutablePointer<Value>, _ value: (Int) -> Value
    ) {
        let code = codes[d]
        guard sortedRuns[d], let first = rows.first else {
            for i in rows { s[Int(code[i])] += value(i) }
            return
        }
        var level = Int(code[first]), run = Value.zeroValue
        for i in rows {
            let v = value(i)
            let c = Int(code[i])
            if c != level {
                s[level] += run
                level = c
                run = .zeroValue
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
    /// values in every pass. Up to four columns go together, one per lane of a `SIMD4<Double>` (each level's
    /// coefficients of the columns side by side), so a pass reads each row's codes once for all of them.
    /// The first dimension's coefficients follow from the others', so Irons & Tuck (1969) extrapolate the rest,
    /// per column: β ← GGβ − (δ·Δ²/Δ²·Δ²)·δ with δ = GGβ − Gβ, Δ² = GGβ − 2Gβ + β.
    /// A column has converged when the coefficients of a step's second sweep differ from its first's by at most
    /// `tolerance` times the column's largest absolute value, summed over the dimensions (which bounds the
    /// change of any row's residual); its lane keeps being computed with the others' but its coefficients are
    /// those of that step. Returns per column the sweeps and, when it converged, its coefficients (every
    /// dimension's, one after the other), which `subtractFitted` takes from the column; the columns are only
    /// read, so they are left as they came when one of them fails and the next method starts from the data.
    func alternatingProjections(_ columns: [UnsafePointer<Double>], tolerance: Double, maxIterations: Int) -> [(Int, [Double]?)] {
        typealias Lanes = SIMD4<Double>
        let count = codes.count, width = columns.count
        guard count >= 2, width >= 1, width <= 4 else { return columns.map { _ in (0, nil) } }
        let thresholds = columns.map { x in
            var scale = 0.0
            for i in 0..<rows { scale = max(scale, abs(x[i])) }
            return tolerance * max(scale, 1e-300)
        }
        var offsets = [0]
        for g in levels { offsets.append(offsets[offsets.count - 1] + g) }
        let total = offsets[count]
        // Coefficients of every dimension, one after the other: a step's input, its first and second sweep;
        // the sums of the columns by each dimension's levels; per dimension and chunk, partial sums.
        let size = max(1, total)
        let input = UnsafeMutablePointer<Lanes>.allocate(capacity: size)
        let first = UnsafeMutablePointer<Lanes>.allocate(capacity: size)
        let second = UnsafeMutablePointer<Lanes>.allocate(capacity: size)
        let sums = UnsafeMutablePointer<Lanes>.allocate(capacity: size)
        let partials = levels.map { UnsafeMutablePointer<Lanes>.allocate(capacity: max(1, $0 * chunkCount)) }
        defer {
            for p in [input, first, second, sums] { p.deallocate() }
            for p in partials { p.deallocate() }
        }
        input.initialize(repeating: .zero, count: size)

        /// The chunks' partial sums of dimension d added in chunk order, handed to `finish(level, sum)`.
        @inline(__always) func combined(_ d: Int, _ finish: (Int, Lanes) -> Void) {
            let g = levels[d], p = partials[d]
            for j in 0..<g {
                var v = p[j]
                for c in 1..<max(1, chunkCount) { v += p[c * g + j] }
                finish(j, v)
            }
        }
        // The sums of the columns by each dimension's levels (empty lanes are zero).
        let lane = (0..<4).map { $0 < width ? columns[$0] : columns[0] }
        let used = Lanes((0..<4).map { $0 < width ? 1.0 : 0.0 })
        for d in 0..<count {
            forEachChunk { c, rows in
                let s = partials[d] + c * levels[d]
                s.update(repeating: .zero, count: levels[d])
                let x0 = lane[0], x1 = lane[1], x2 = lane[2], x3 = lane[3]
                scatter(rows, by: d, into: s) { i in Lanes(x0[i], x1[i], x2[i], x3[i]) * used }
            }
            let out = sums + offsets[d]
            combined(d) { j, v in out[j] = v }
        }

        /// One Gauss–Seidel sweep from the coefficients `from` into `to`.
        func sweepCoefficients(_ from: UnsafePointer<Lanes>, into to: UnsafeMutablePointer<Lanes>) {
            for d in 0..<count {
                // The coefficients each other dimension has when d is updated: new for the earlier ones.
                let others = (0..<count).filter { $0 != d }.map { e in
                    (coefficients: e < d ? UnsafePointer(to) + offsets[e] : from + offsets[e], code: codes[e])
                }
                forEachChunk { c, rows in
                    let s = partials[d] + c * levels[d]
                    s.update(repeating: .zero, count: levels[d])
                    if others.count == 1 {
                        let a = others[0].coefficients, ca = others[0].code
                        scatter(rows, by: d, into: s) { i in a[Int(ca[i])] }
                    } else if others.count == 2 {
                        let a = others[0].coefficients, ca = others[0].code
                        let b = others[1].coefficients, cb = others[1].code
                        scatter(rows, by: d, into: s) { i in a[Int(ca[i])] + b[Int(cb[i])] }
                    } else {
                        scatter(rows, by: d, into: s) { i in
                            var v = Lanes.zero
                            for o in others { v += o.coefficients[Int(o.code[i])] }
                            return v
                        }
                    }
                }
                let weights = inverseCounts[d], sx = sums + offsets[d], out = to + offsets[d]
                combined(d) { j, v in out[j] = (sx[j] - v) * weights[j] }
            }
        }

        var outcome = [(Int, [Double]?)](repeating: (0, nil), count: width)
        var history = [[Double]](repeating: [], count: width)
        var open = Set(0..<width)
        var iterations = 0
        while !open.isEmpty && iterations < maxIterations {
            sweepCoefficients(input, into: first)
            sweepCoefficients(first, into: second)
            iterations += 2
            if iterations % 20 == 0, WorkProgress.isActive { WorkProgress.report("absorbing the fixed effects (sweeps)", done: iterations, total: maxIterations) }
            // (`pointwiseMax` may pass over a NaN: the plain sum of the coefficients carries it.)
            var change = Lanes.zero, finiteness = Lanes.zero
            for d in 0..<count {
                var largest = Lanes.zero
                for j in offsets[d]..<offsets[d + 1] {
                    let difference = second[j] - first[j]
                    largest = pointwiseMax(largest, pointwiseMax(difference, -difference))
                    finiteness += difference
                }
                change += largest
            }
            var numerator = Lanes.zero, denominator = Lanes.zero
            for j in offsets[1]..<total {
                let d1 = second[j] - first[j]
                let d2 = d1 - (first[j] - input[j])
                numerator += d1 * d2
                denominator += d2 * d2
            }
            for k in open.sorted() {
                // A non-finite change, or a rate too slow to reach the tolerance within the budget (the
                // geometric rate of the last two steps, projected forward), fails the column, and with it the
                // method: the columns stay as they came.
                guard change[k].isFinite, finiteness[k].isFinite else { return outcome.enumerated().map { ($0.element.0 > 0 ? $0.element.0 : iterations, nil) } }
                if change[k] <= thresholds[k] {
                    outcome[k] = (iterations, (0..<total).map { second[$0][k] })
                    open.remove(k)
                    continue
                }
                history[k].append(change[k])
                let h = history[k]
                if h.count >= 4 {
                    let rate = (h[h.count - 1] / h[h.count - 3]).squareRoot()
                    let needed = rate < 1 ? log(thresholds[k] / change[k]) / log(rate) * 2 : .infinity
                    if Double(iterations) + needed > Double(maxIterations) {
                        return outcome.enumerated().map { ($0.element.0 > 0 ? $0.element.0 : iterations, nil) }
                    }
                }
            }
            var coefficient = Lanes.zero
            for k in 0..<4 where denominator[k] > 0 { coefficient[k] = numerator[k] / denominator[k] }
            for j in offsets[1]..<total { input[j] = second[j] - coefficient * (second[j] - first[j]) }
        }
        for k in open { outcome[k] = (iterations, nil) }
        return outcome
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

/// What the passes add up: one column's values (`Double`) or four columns' side by side (`SIMD4<Double>`).
protocol PassValue {
    static var zeroValue: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func += (a: inout Self, b: Self)
}

extension Double: PassValue {
    static var zeroValue: Double { 0 }
}

extension SIMD4: PassValue where Scalar == Double {
    static var zeroValue: SIMD4<Double> { .zero }
}
