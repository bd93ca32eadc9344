import Foundation
import Testing
import _TestSupport

/// `--timings` on every command: phases on standard error, the output unchanged; no
/// progress line when standard error is not a terminal (issue 14).
@Suite struct TimingsTests {
    static let national = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"

    @Test(arguments: [
        ["account", national, "--capital-share", "0.5", "--depreciation", "0.05"],
        ["capital", national, "--depreciation", "0.05"],
        ["productivity", national],
        ["estimate", "Datasets/international/us_states_produc_1970_1986.csv", "--formula", "log(gsp) ~ log(pcap) + unemp | state"],
        ["check", "Datasets/plans/thuathienhue_149-KH-UBND_2021.toml", "--data", "Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv", "--as-of", "2021"],
    ])
    func phasesOnStandardErrorOutputUnchanged(arguments: [String]) throws {
        let plain = try runTFP(arguments)
        let timed = try runTFP(arguments + ["--timings"])
        #expect(plain.status == 0 && timed.status == 0)
        #expect(timed.standardOutput == plain.standardOutput)
        let line = try #require(timed.standardError.split(separator: "\n").first { $0.hasPrefix("timing: ") })
        #expect(line.contains("compute") && line.contains("write") && line.contains("total"), "\(line)")
        if arguments[0] != "check" { #expect(line.contains("read "), "\(line)") }
        #expect(!plain.standardError.contains("timing:"))
        #expect(!timed.standardError.contains("\u{1B}[K"), "no progress line off a terminal")
    }
}
