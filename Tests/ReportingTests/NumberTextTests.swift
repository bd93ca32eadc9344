import Foundation
import Testing

@testable import Reporting

/// People's numbers without Foundation's formatter: the digits are printf's "%.Nf" (here checked
/// against `String(format:)`, the formatter NumberText used until 0.8.1, on values that round
/// half-way, huge and tiny values and random ones), grouped and signed as before.
@Suite struct NumberTextPrintfTests {
    /// What 0.8.0's NumberText wrote, kept here as the reference.
    static func reference(_ v: Double, digits: Int, grouped: Bool, vi: Bool) -> String {
        guard v.isFinite else { return "–" }
        let text = String(format: "%.\(digits)f", abs(v))
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        if grouped {
            var groups: [String] = []
            while integer.count > 3 {
                groups.insert(String(integer.suffix(3)), at: 0)
                integer = String(integer.dropLast(3))
            }
            groups.insert(integer, at: 0)
            integer = groups.joined(separator: vi ? "." : ",")
        }
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." }
        return (v < 0 && !isZero ? "-" : "") + integer + (parts.count > 1 ? (vi ? "," : ".") + parts[1] : "")
    }

    @Test func equalsPrintfGroupedAndSigned() {
        var values: [Double] = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.5, 3.5, -0.04, -0.05, 1, 999.95, 1000, 34763.45, 1e15, 1e21, 1.7976931348623157e308, 5e-324, -123456789.125, .nan, .infinity]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<3_000 { values.append(Double.random(in: -1e9...1e9, using: &g)) }
        for _ in 0..<1_000 { values.append(Double.random(in: -1...1, using: &g)) }
        var mismatches: [String] = []
        for v in values {
            for digits in [0, 1, 2, 4, 12] {
                for grouped in [true, false] {
                    for language in Language.allCases {
                        let got = NumberText(language).decimal(v, digits: digits, grouped: grouped)
                        let want = Self.reference(v, digits: digits, grouped: grouped, vi: language == .vi)
                        if got != want { mismatches.append("\(v) \(digits) \(grouped) \(language): \(got) ≠ \(want)") }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(NumberText(.vi).decimal(34763.46, digits: 1) == "34.763,5")
        #expect(NumberText(.en).percent(0.457) == "45.7%")
        #expect(NumberText(.vi).decimal(-0.04, digits: 1) == "0,0")
    }
}
