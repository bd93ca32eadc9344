import Foundation
import TFPKit
import Testing
import _TestSupport

/// Issue 13, "for Swift users": the example of the article "Using TFPKit from a Swift
/// script" (Sources/TFPKit/TFPKit.docc/UsingTFPKitFromSwift.md), run as written, gives
/// the command line's results.
@Suite struct SwiftScriptExampleTests {
    @Test func theArticlesScriptEqualsTheCommandLine() throws {
        let root = repositoryPath(".")
        // --- the article's script, from here ---------------------------------------------
        // 1. Read a panel: region, year, output, investment, employment.
        let panel = try Panel.read(
            path: root + "/Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv",
            required: [.output, .investment, .employment])
        // 2. Build capital by perpetual inventory and account for growth (GSO method, α = 0.6).
        let settings = AccountingSettings(capitalShare: 0.6, depreciation: 0.05)
        let (withCapital, capitalNote) = try settings.withCapital(panel)
        let accounting = try GrowthAccounting.compute(
            withCapital,
            options: GrowthAccountingOptions(
                shares: .capitalShare(0.6), period: 2016...2019))
        let period = accounting.periods[0]
        print("TFP share \(period.from)-\(period.to): \(period.tfpShare ?? .nan)")  // 0.4571…
        // 3. How sure is it? 10,000 scenarios of α, δ and the initial stock.
        let uncertain = UncertainAccounting(
            capitalShare: .uniform(0.4, 0.6), depreciation: .uniform(0.04, 0.07),
            growthYears: .uniform(3, 7), period: 2016...2019)
        let bands = try uncertain.run(panel)
        let band = bands.periods["Việt Nam||2016-2019"]?.tfpShare
        // 4. Check a plan as of a year, as `tfp check` does.
        let check = try CheckJob(
            plan: root + "/Datasets/plans/thuathienhue_149-KH-UBND_2021.toml",
            actuals: root + "/Datasets/plans/actuals/thuathienhue_EXAMPLE.csv",
            data: root + "/Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv", asOf: 2021
        ).run()
        for e in check.evaluation.evaluations where e.status != .noData { print(e.label, e.status.rawValue, e.actual ?? .nan) }
        // --- to here ---------------------------------------------------------------------
        #expect(capitalNote.map { NoteWording(.en).text($0) }?.contains("steady state") == true)

        // The same numbers from the command line (its CSV writes full precision).
        let account = try runTFP([
            "account", "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv", "--capital-share", "0.6",
            "--depreciation", "0.05", "--from", "2016", "--to", "2019", "--summary", "--format", "csv",
        ])
        let fields = account.standardOutput.split(whereSeparator: \.isNewline)[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(Double(fields[9]) == period.tfpShare)
        #expect(abs((period.tfpShare ?? 0) - 0.4571) < 0.00005)  // README: 45.71% at α = 0.6, δ = 0.05

        let ranged = try runTFP([
            "account", "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv", "--capital-share", "0.4..0.6",
            "--depreciation", "0.04..0.07", "--growth-years", "3..7", "--from", "2016", "--to", "2019", "--summary", "--format", "json",
        ])
        // The JSON text is read with Double(String), which rounds correctly: Foundation's JSONSerialization
        // on Linux reads 0.4155655114723067 as 0.4155655114723066 (one unit in the last place off).
        func number(_ key: String, in text: String) -> Double? {
            guard let r = text.range(of: "\"\(key)\" *: *[-0-9.eE+]+", options: .regularExpression) else { return nil }
            return Double(text[r].split(separator: ":").last!.trimmingCharacters(in: .whitespaces))
        }
        #expect(number("tfp_share_low", in: ranged.standardOutput) == band?.low)
        #expect(number("tfp_share_high", in: ranged.standardOutput) == band?.high)

        let cli = try runTFP([
            "check", "Datasets/plans/thuathienhue_149-KH-UBND_2021.toml", "--actuals", "Datasets/plans/actuals/thuathienhue_EXAMPLE.csv",
            "--data", "Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv", "--as-of", "2021", "--format", "json",
        ])
        let targets = try #require((try JSONSerialization.jsonObject(with: Data(cli.standardOutput.utf8)) as? [String: Any])?["targets"] as? [[String: Any]])
        #expect(targets.count == check.evaluation.evaluations.count)
        // Every "actual" of the JSON text, in order, read with Double(String) (see above).
        let actuals = cli.standardOutput.matches(of: /"actual": (null|[-0-9.eE+]+)/).map { Double(String($0.1)) }
        #expect(actuals.count == targets.count)
        for (k, (t, e)) in zip(targets, check.evaluation.evaluations).enumerated() {
            #expect(t["status"] as? String == e.status.rawValue)
            #expect(k < actuals.count && actuals[k] == e.actual, "\(e.id)")
        }
        // H1: labour productivity growth 5.08% against > 7% a year: missed (README).
        let h1 = try #require(check.evaluation.evaluations.first { $0.id == "H1" })
        #expect(h1.status == .missed && abs((h1.actual ?? 0) - 0.0508) < 0.00005)
    }
}
