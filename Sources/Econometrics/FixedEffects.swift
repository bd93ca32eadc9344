import Dispatch

/// Absorbs fixed effects by the method of alternating projections (MAP;
/// Guimarães & Portugal 2010, Gaure 2013 `lfe`, Correia 2017 `reghdfe`):
/// subtract group means dimension after dimension until the vector is
/// orthogonal to every set of dummies, accelerated by Irons & Tuck (1969)
/// extrapolation as in fixest (Bergé 2018). With one fixed effect a single
/// sweep is exact. Each column is demeaned independently, so the columns are
/// spread over the cores.
public struct FixedEffectAbsorber: Sendable {
    public let codes: [[Int32]]
    public let levels: [Int]
    let inverseCounts: [[Double]]

    public init(codes: [[Int32]], levels: [Int]) {
        self.codes = codes
        self.levels = levels
        inverseCounts = zip(codes, levels).map { c, g in
            var count = [Double](repeating: 0, count: g)
            for code in c { count[Int(code)] += 1 }
            return count.map { $0 > 0 ? 1 / $0 : 0 }
        }
    }

    public struct Convergence: Sendable, Codable, Equatable {
        /// The largest number of sweeps any column needed.
        public let iterations: Int
        public let converged: Bool
        public let tolerance: Double
    }

    /// Demeans every column in place.
    public func demean(_ columns: inout [[Double]], tolerance: Double, maxIterations: Int) -> Convergence {
        let count = columns.count
        var results = [(Int, Bool)](repeating: (0, true), count: count)
        columns.withUnsafeMutableBufferPointer { cols in
            nonisolated(unsafe) let cols = cols
            results.withUnsafeMutableBufferPointer { res in
                nonisolated(unsafe) let res = res
                DispatchQueue.concurrentPerform(iterations: count) { j in
                    res[j] = demeanOne(&cols[j], tolerance: tolerance, maxIterations: maxIterations)
                }
            }
        }
        return Convergence(iterations: results.map(\.0).max() ?? 0, converged: results.allSatisfy(\.1), tolerance: tolerance)
    }

    /// One sweep: x ← Π_d (I − P_d) x, with P_d the projection on the dummies of dimension d.
    @inline(__always)
    func sweep(_ x: UnsafeMutableBufferPointer<Double>, _ sums: inout [[Double]]) {
        for d in 0..<codes.count {
            codes[d].withUnsafeBufferPointer { c in
                sums[d].withUnsafeMutableBufferPointer { s in
                    for g in 0..<s.count { s[g] = 0 }
                    for i in 0..<x.count { s[Int(c[i])] += x[i] }
                    inverseCounts[d].withUnsafeBufferPointer { w in
                        for g in 0..<s.count { s[g] *= w[g] }
                    }
                    for i in 0..<x.count { x[i] -= s[Int(c[i])] }
                }
            }
        }
    }

    func demeanOne(_ v: inout [Double], tolerance: Double, maxIterations: Int) -> (Int, Bool) {
        var sums = levels.map { [Double](repeating: 0, count: $0) }
        if codes.isEmpty { return (0, true) }
        if codes.count == 1 {
            v.withUnsafeMutableBufferPointer { sweep($0, &sums) }
            return (1, true)
        }
        let n = v.count
        var scale = 0.0
        for value in v { scale = max(scale, abs(value)) }
        let threshold = tolerance * max(scale, 1e-300)
        var gx = [Double](repeating: 0, count: n)
        var ggx = [Double](repeating: 0, count: n)
        var iterations = 0
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
            if maxChange <= threshold { return (iterations, true) }
        }
        return (iterations, false)
    }

    /// True when every level of dimension `d` lies within one cluster
    /// (the fixed effect is nested in the clusters).
    public func isNested(dimension d: Int, in clusters: [Int32]) -> Bool {
        var owner = [Int32](repeating: -1, count: levels[d])
        for (i, code) in codes[d].enumerated() {
            let c = clusters[i]
            if owner[Int(code)] == -1 { owner[Int(code)] = c } else if owner[Int(code)] != c { return false }
        }
        return true
    }
}
