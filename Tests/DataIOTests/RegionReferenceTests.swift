import DataIO
import Testing
import _TestSupport

@Suite struct RegionReferenceTests {
    /// The ASCII fast path of the comparison key equals Foundation's folding on every ASCII name
    /// (random names with the prefixes, punctuation, digits and spaces), and leaves others to it.
    @Test func asciiKeyEqualsTheFoldedKey() {
        var rng = SplitMix64(seed: 17)
        let pieces = ["Thanh pho ", "TP. ", "tp.", "Tp ", "Tinh ", "Ha Noi", "HCM", "da-nang", "R", "12", " ", ".", "-", "_", "Q", "z", "0", "(", "'", "TP.HCM"]
        for _ in 0..<5_000 {
            let name = (0..<Int(rng.next() % 5)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            #expect(RegionReference.asciiKey(name) != nil, "\(name)")
            #expect(RegionReference.key(name) == RegionReference.foldedKey(name), "\(name)")
        }
        #expect(RegionReference.asciiKey("Đà Nẵng") == nil)
        #expect(RegionReference.key("Đà Nẵng") == RegionReference.key("Da Nang"))
        #expect(RegionReference.key("TP.HCM") == "hochiminh")
    }
}
