import DataIO
import Econometrics
import Foundation
import Productivity
import Reporting
import Testing
import Workflow
import _TestSupport

/// Issue 12: intervals and sensitivity for growth accounting, on the bundled national data.
@Suite struct UncertaintyTests {
    static let national = repositoryPath("Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv")

    func panelWithCapital() throws -> Panel {
        let panel = try Panel.read(path: Self.national, required: [.output, .employment, .investment])
        let stock = try PerpetualInventory.compute(panel, depreciation: .rate(0.05), initial: .steadyState(growthYears: 5))
        return PerpetualInventory.addingCapital(to: panel, stock)
    }

    @Test func assumptionsParseAndRefuse() {
        #expect(Assumption("0.4") == .value(0.4))
        #expect(Assumption("0.35..0.5") == .uniform(0.35, 0.5))
        #expect(Assumption("normal:0.4,0.05") == .normal(mean: 0.4, sd: 0.05))
        for bad in ["0.5..0.4", "normal:0.4", "normal:0.4,-1", "abc", "nan", "1..inf"] { #expect(Assumption(bad) == nil, "\(bad)") }
    }

    /// With only α uncertain the period TFP share is linear in α, so its interval is the
    /// share at the same quantiles of the drawn α: reproduced exactly from the seed.
    @Test func intervalOfALinearShareIsTheShareAtTheQuantilesOfAlpha() throws {
        let panel = try panelWithCapital()
        let run = UncertainAccounting(
            capitalShare: .uniform(0.4, 0.6), depreciation: nil, growthYears: nil, period: 2016...2019,
            draws: 2_000, seed: 42, interval: 0.9)
        let result = try run.run(panel)
        var rng = SplitMix64(seed: 42)
        let alphas = (0..<2_000).map { _ in 0.4 + 0.2 * rng.nextUniform() }.sorted()
        func share(_ a: Double) throws -> Double {
            try #require(GrowthAccounting.compute(panel, options: GrowthAccountingOptions(shares: .capitalShare(a), period: 2016...2019)).periods.first?.tfpShare)
        }
        let band = try #require(result.periods["Việt Nam||2016-2019"]?.tfpShare)
        // Share falls with α (capital grows faster than labour): the low share is at the high α.
        #expect(relativeError(band.low, try share(Quantile.type7(alphas, 0.95)!)) < 1e-12)
        #expect(relativeError(band.high, try share(Quantile.type7(alphas, 0.05)!)) < 1e-12)
        #expect(relativeError(band.median, try share(Quantile.type7(alphas, 0.5)!)) < 1e-12)
        // Sensitivity: the shares at the range's ends are the plain computations at α = 0.4 and 0.6.
        let row = try #require(result.sensitivity.first)
        #expect(relativeError(row.shareAtLow!, try share(0.4)) < 1e-12)
        #expect(relativeError(row.shareAtHigh!, try share(0.6)) < 1e-12)
        // The same seed gives the same intervals.
        #expect(try run.run(panel).periods["Việt Nam||2016-2019"]?.tfpShare == band)
    }

    @Test func theInitialStockIsTheLargestUncertaintyOnTheNationalData() throws {
        let raw = try Panel.read(path: Self.national, required: [.output, .employment, .investment])
        let run = UncertainAccounting(
            capitalShare: .uniform(0.4, 0.6), depreciation: .uniform(0.04, 0.07), growthYears: .uniform(3, 7),
            period: 2016...2019, draws: 500, seed: 7)
        let result = try run.run(raw)
        #expect(result.sensitivity.map(\.assumption) == ["initial-stock growth years", "capital share α", "depreciation δ"])
        #expect(result.scenarios == 500)
        let band = try #require(result.periods["Việt Nam||2016-2019"]?.tfpShare)
        #expect(band.low < band.median && band.median < band.high)
    }

    @Test func settingsAreBounded() throws {
        let panel = try panelWithCapital()
        for bad in [
            UncertainAccounting(capitalShare: .uniform(0.4, 1.2), depreciation: nil, growthYears: nil),
            UncertainAccounting(capitalShare: .uniform(0.4, 0.6), depreciation: nil, growthYears: nil, draws: 5),
            UncertainAccounting(capitalShare: .uniform(0.4, 0.6), depreciation: nil, growthYears: nil, interval: 1),
        ] {
            #expect(throws: WorkflowError.self) { try bad.run(panel) }
        }
    }
}

@Suite struct CheckScenarioTests {
    /// A 53% share target for 2016-2019 on the national data: at α = 0.5 the share is 52.9%
    /// (README), so the target is missed at the centre; with α between 0.4 (60.2%) and 0.6
    /// (45.7%) it is met in about half of the scenarios: not a robust "missed".
    @Test func aStatusThatHangsOnTheCapitalShareIsNotRobust() throws {
        let plan = try temporaryFile(
            """
            [plan]
            id = "t"
            region = "Việt Nam"
            title = "t"
            document = "d"
            date = "2016-01-01"
            period = [2016, 2019]
            source = "s"

            [[targets]]
            id = "S"
            indicator = "tfp_share_of_growth"
            kind = "share-of-growth"
            period = [2016, 2019]
            floor = 0.53
            section = "s"
            wording = "TFP đóng góp 53%"
            """, name: "plan.toml")
        var job = CheckJob(
            plan: plan, data: UncertaintyTests.national, asOf: 2019,
            accounting: AccountingSettings(capitalShare: 0.5, depreciation: 0.05))
        let central = try job.run().evaluation.evaluations[0]
        #expect(central.status == .missed)
        #expect(central.shareOfScenariosMet == nil)
        job.uncertainty = UncertainAccounting(capitalShare: .uniform(0.4, 0.6), depreciation: nil, growthYears: nil, draws: 400, seed: 3)
        let e = try job.run().evaluation.evaluations[0]
        #expect(e.status == .missed)
        let share = try #require(e.shareOfScenariosMet)
        #expect(share > 0.3 && share < 0.7)
        #expect(e.robust == false)
        #expect(e.findings.map(PlanWording(.en).text).contains { $0.contains("not robust") })
    }
}
