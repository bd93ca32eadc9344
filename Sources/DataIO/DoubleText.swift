import CFastFloat

/// Shortest round-trip text of a double, in the layout of Swift's `Double.description`
/// ("0.0523", "100.0", "1e-05"), written straight into a byte buffer: no String per number
/// (issue 14: formatting 300,000 rows of output). The digits come from Dragonbox (fmt, see
/// cfastfloat.cpp); `ShortestFormatTests` checks the bytes equal `description`.
package enum DoubleText {
    /// Appends the text of a finite `value` (nothing for NaN or an infinity).
    @inline(__always)
    package static func append(_ value: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength) { buffer in
            guard let base = buffer.baseAddress else { return }
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: write(value, to: base)))
        }
    }

    /// The bytes ``write(_:to:)`` may write (the text is at most 24 of them; the rest is the C formatter's
    /// scratch, overwritten by what follows): a writer reserves this much per number.
    package static let maximumLength = Int(TFP_FORMAT_SCRATCH)

    /// Writes the text of a finite `value` at `p` (nothing for NaN or an infinity), for writers that reserved
    /// ``maximumLength`` bytes ahead.
    /// - Returns: the number of bytes written.
    @inline(__always)
    package static func write(_ value: Double, to p: UnsafeMutablePointer<UInt8>) -> Int {
        p.withMemoryRebound(to: CChar.self, capacity: maximumLength) { Int(tfp_format_double(value, $0)) }
    }

    /// `value` with `digits` decimals (0...40), the UTF-8 text of `String(format: "%.<digits>f", value)`
    /// (C locale), without Foundation's formatter; empty when `value` is not finite.
    package static func fixed(_ value: Double, digits: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Int(TFP_FIXED_CAPACITY)) { buffer, count in
            count =
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { Int(tfp_format_fixed(value, Int32(max(0, min(digits, 40))), $0)) }
                } ?? 0
        }
    }

    /// The text as a String (tests, and callers that need one).
    package static func text(_ value: Double) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
