import DataIO
import Foundation
import Testing
import _TestSupport

/// `DoubleText` (std::to_chars laid out as Swift's `description`) is the fast path of every
/// machine output's numbers (issue 14); the outputs' bytes must not change, so it must give
/// `Double.description` exactly, everywhere on the number line.
@Suite struct ShortestFormatTests {
    static let edges: [Double] = [
        0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100, 1e15, 1e16, 1.8e16, 9007199254740992, 9007199254740994, 9007199254740991,
        0.0001, 0.00011, 0.0000999999, 9.999999999999999e-5, 1e-4, 1e-5, 1.5e-5, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
        123456.789, 0.052739482739, 45.7, 1e22, 1e21, 1e23, 4.35, 0.07, 2.5e-310, 1234567890123456.7, 123456789012345.67,
    ]

    @Test func edgesEqualDescription() {
        for v in Self.edges + Self.edges.map({ -$0 }) + Self.edges.map(\.nextUp) + Self.edges.map(\.nextDown) where v.isFinite {
            #expect(DoubleText.text(v) == v.description, "\(v.bitPattern)")
        }
        #expect(DoubleText.text(.nan).isEmpty && DoubleText.text(.infinity).isEmpty && DoubleText.text(-.infinity).isEmpty)
    }

    /// Random bit patterns (every exponent), random decimals with few digits (what data holds) and
    /// values around each power of ten and of two, where the layout switches.
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func randomValuesEqualDescription(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var mismatches: [Double] = []
        for _ in 0..<100_000 {
            let bits = Double(bitPattern: rng.next())
            let decimal = Double(Int64(bitPattern: rng.next() % 2_000_000_001) - 1_000_000_000) / pow(10, Double(rng.next() % 12))
            let power = pow(10, Double(Int(rng.next() % 40) - 20)) * (1 + Double(Int(rng.next() % 5) - 2) * 1e-15)
            let two = pow(2, Double(Int(rng.next() % 120) - 60)) * (rng.next() % 2 == 0 ? 1 : 3)
            for v in [bits, decimal, power, two] where v.isFinite && DoubleText.text(v) != v.description { mismatches.append(v) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(5).map { "\($0.bitPattern): \(DoubleText.text($0)) vs \($0.description)" })")
    }
}
