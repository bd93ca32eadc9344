import Econometrics
import Testing

/// The passes over a column split into chunks (issue 14) against one chunk and against the exact projection.
@Suite struct FixedEffectPassesTests {
    /// The fixest "simple" design at 150,000 rows (above the two-chunk threshold): individuals observed for 10
    /// years, firms drawn at random; a column with effects of each dimension plus noise.
    func design() -> (FixedEffectAbsorber, [[Double]]) {
        var rng = SplitMix64(seed: 14)
        let n = 150_000, individuals = n / 10, firms = individuals / 23
        var indiv = [Int32](repeating: 0, count: n), firm = indiv, year = indiv
        for i in 0..<n {
            indiv[i] = Int32(i / 10)
            year[i] = Int32(i % 10)
            firm[i] = Int32(min(firms - 1, Int(rng.nextUniform() * Double(firms))))
        }
        let a = (0..<individuals).map { _ in rng.nextGaussian() }, b = (0..<firms).map { _ in rng.nextGaussian() }
        let y = (0..<n).map { i in a[Int(indiv[i])] + b[Int(firm[i])] + 0.1 * Double(year[i]) + rng.nextGaussian() }
        let x = (0..<n).map { _ in rng.nextGaussian() }
        return (FixedEffectAbsorber(codes: [indiv, firm, year], levels: [individuals, firms, 10]), [y, x])
    }

    func largestDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        var worst = 0.0
        for (u, v) in zip(a, b) { for (p, q) in zip(u, v) { worst = max(worst, abs(p - q)) } }
        return worst
    }

    @Test func twoChunksEqualOneChunkToRounding() {
        let (absorber, columns) = design()
        #expect(FixedEffectAbsorber.chunkCount(rows: columns[0].count) == 2)
        for method in [FixedEffectMethod.alternatingProjections, .conjugateGradient] {
            var one = columns, two = columns
            let c1 = absorber.demeanAll(&one, tolerance: 1e-12, maxIterations: 10_000, method: method, chunkCount: 1)
            let c2 = absorber.demeanAll(&two, tolerance: 1e-12, maxIterations: 10_000, method: method, chunkCount: 2)
            #expect(c1.converged && c2.converged)
            // Only the order of the partial sums differs: the projections agree far below the tolerance's scale
            // (the columns' values are of order 1-5).
            let difference = largestDifference(one, two)
            #expect(difference < 1e-9, "\(method): \(difference)")
        }
    }

    @Test func chunkedAlternatingProjectionsReachTheExactProjection() {
        let (absorber, columns) = design()
        var iterative = columns, exact = columns
        let c = absorber.demeanAll(&iterative, tolerance: 1e-13, maxIterations: 10_000, method: .alternatingProjections)
        #expect(c.converged)
        let direct = FixedEffectAbsorber(codes: absorber.codes, levels: absorber.levels, method: .direct)
        let d = direct.demean(&exact, tolerance: 1e-13, maxIterations: 10_000)
        #expect(d.usedDirect)
        let difference = largestDifference(iterative, exact)
        #expect(difference < 1e-9, "\(difference)")
        // The projection removed the effects: what is left is of the noise's size, not the effects'.
        let variance = iterative[0].reduce(0) { $0 + $1 * $1 } / Double(iterative[0].count)
        #expect(variance > 0.5 && variance < 1.0, "\(variance)")
    }

    /// Alternating projections that do not converge leave every column as it came (the next method starts from
    /// the data), and `.automatic` then projects exactly.
    @Test func unconvergedColumnsAreLeftAsTheyCame() {
        let (absorber, columns) = design()
        // A constant column converges in one step; the noisy one needs more than four sweeps.
        let given = [[Double](repeating: 5, count: columns[0].count), columns[1]]
        var attempt = given
        let c = absorber.demeanAll(&attempt, tolerance: 1e-13, maxIterations: 4, method: .alternatingProjections)
        #expect(!c.converged)
        let untouched = attempt == given
        #expect(untouched)
        var alone = [given[0]]
        #expect(absorber.demeanAll(&alone, tolerance: 1e-13, maxIterations: 4, method: .alternatingProjections).converged)
        #expect(alone[0].allSatisfy { abs($0) < 1e-9 })
        // The "difficult" design (firms assigned cyclically): the graph of individuals and firms is badly
        // connected, alternating projections give up and the direct method finishes.
        let n = columns[0].count
        let cyclic = FixedEffectAbsorber(
            codes: [absorber.codes[0], (0..<n).map { Int32($0 % 652) }, absorber.codes[2]], levels: [absorber.levels[0], 652, 10])
        var automatic = columns, exact = columns
        let a = cyclic.demean(&automatic, tolerance: 1e-10, maxIterations: 10_000)
        #expect(a.converged && a.usedDirect)
        _ = FixedEffectAbsorber(codes: cyclic.codes, levels: cyclic.levels, method: .direct).demean(&exact, tolerance: 1e-10, maxIterations: 10_000)
        #expect(largestDifference(automatic, exact) < 1e-9)
    }
}
