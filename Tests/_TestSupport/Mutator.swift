import Econometrics
import Foundation

/// A seeded mutation fuzzer for text inputs (CSV files, formulas, plan files):
/// the same seed gives the same inputs on every machine, so a failure found in
/// CI is reproduced by its seed and iteration, then kept as a regression test.
///
/// The mutations are those that find parser bugs in practice (AFL's havoc stage,
/// Zalewski 2014; libFuzzer's default mutators): flip, insert, delete and repeat
/// bytes, splice structural tokens (delimiters, quotes, newlines, brackets), and
/// insert "interesting" values (huge and tiny numbers, NaN, invalid UTF-8,
/// Int.max-sized integers, very long runs).
public struct Mutator {
    private var rng: SplitMix64

    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// SplitMix64 (Steele, Lea and Flood 2014), the project's generator.
    public mutating func next() -> UInt64 { rng.next() }

    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    public static let interesting: [[UInt8]] =
        [
            "1e308", "-1e308", "1e-308", "4.9e-324", "1e309", "NaN", "inf", "-0", "0", "NA", "",
            "9223372036854775807", "-9223372036854775808", "99999999999999999999", "2147483648",
            "\"", "\"\"", ",", ";", "\t", "\n", "\r\n", "\r", "(", ")", "((((((((", "))))", "[", "]", "{", "}", "=",
            "'", "\\", "#", "|", "+", "-", "^", "~", ":", "*", "/", "..", "…", "x", "Đà Nẵng", "TP. Hồ Chí Minh",
            String(repeating: "9", count: 400), String(repeating: "(", count: 3000),
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBB, 0xBF], [0xD0, 0xE0]]

    /// One mutated copy of `input` (1 to 8 stacked mutations).
    public mutating func mutate(_ input: [UInt8], tokens: [[UInt8]] = []) -> [UInt8] {
        var bytes = input
        let dictionary = Self.interesting + tokens
        for _ in 0..<(1 + below(8)) {
            let position = below(bytes.count + 1)
            switch below(9) {
            case 0 where !bytes.isEmpty:  // flip a bit
                let i = below(bytes.count)
                bytes[i] ^= UInt8(1) << UInt8(below(8))
            case 1 where !bytes.isEmpty:  // random byte
                bytes[below(bytes.count)] = UInt8(truncatingIfNeeded: next())
            case 2, 3:  // insert a token
                bytes.insert(contentsOf: dictionary[below(dictionary.count)], at: position)
            case 4 where !bytes.isEmpty:  // delete a run
                let length = min(bytes.count - min(position, bytes.count - 1), 1 + below(16))
                let start = min(position, bytes.count - 1)
                bytes.removeSubrange(start..<(start + length))
            case 5 where !bytes.isEmpty:  // repeat a run (long lines, duplicate rows)
                let start = below(bytes.count)
                let run = Array(bytes[start..<min(bytes.count, start + 1 + below(64))])
                let times = 1 + below(4)
                for _ in 0..<times { bytes.insert(contentsOf: run, at: min(position, bytes.count)) }
            case 6:  // truncate
                bytes = Array(bytes.prefix(position))
            case 7 where !bytes.isEmpty:  // replace a number-like run by a token
                let start = below(bytes.count)
                var end = start
                while end < bytes.count, (bytes[end] >= 48 && bytes[end] <= 57) || bytes[end] == 46 { end += 1 }
                bytes.replaceSubrange(start..<end, with: dictionary[below(dictionary.count)])
            default:  // swap two lines
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                guard lines.count > 2 else { continue }
                var copy = lines.map(Array.init)
                copy.swapAt(below(copy.count), below(copy.count))
                bytes = Array(copy.joined(separator: [0x0A]))
            }
        }
        return bytes
    }
}
