import Tabular
import Testing
import _TestSupport

@Suite struct QuantileTests {
    /// R 4.2 `quantile(x, p)` (type 7, its default).
    @Test func type7EqualsR() {
        #expect(Quantile.type7([1, 2, 3, 4], 0.5) == 2.5)  // R: quantile(1:4, 0.5) = 2.5
        #expect(Quantile.type7([10, 20, 30, 40, 50], 0.9) == 46)  // R: quantile(c(10,20,30,40,50), 0.9) = 46
        #expect(Quantile.type7([3, 7, 8, 5, 12, 14, 21, 13, 18].sorted(), 0.25) == 7)  // R: quantile(c(3,7,8,5,12,14,21,13,18), 0.25) = 7
        #expect(Quantile.type7([], 0.5) == nil)
        #expect(Quantile.type7([1], 1.5) == nil)
    }

    /// Integer intervals (ranks) are the type-7 quantiles rounded outward.
    @Test func integerIntervalRoundsOutward() {
        let ranks = [1, 2, 2, 3, 3, 3, 4, 5, 9, 10].map(Double.init)
        // R: quantile(c(1,2,2,3,3,3,4,5,9,10), c(0.05, 0.95)) = 1.45, 9.55
        #expect(Quantile.integerInterval(ranks, low: 0.05, high: 0.95).map { [$0.low, $0.high] } == [1, 10])
    }

    /// The selection quantile equals the sorted one exactly, with ties and any order.
    @Test func selectionQuantileEqualsTheSortedOne() {
        var rng = SplitMix64(seed: 11)
        for n in [1, 2, 3, 10, 101, 1_000, 4_097] {
            for _ in 0..<5 {
                let values = (0..<n).map { _ in rng.nextUniform() < 0.2 ? 0.5 : (rng.nextUniform() * 100).rounded() / 7 }
                let sorted = values.sorted()
                for p in [0, 0.05, 0.25, 0.5, 0.9, 0.95, 1] {
                    var copy = values
                    let selected = copy.withUnsafeMutableBufferPointer { Quantile.type7Selecting($0, p) }
                    #expect(selected == Quantile.type7(sorted, p), "n = \(n), p = \(p)")
                }
            }
        }
    }

}
