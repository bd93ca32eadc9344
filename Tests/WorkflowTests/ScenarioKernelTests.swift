import DataIO
import Econometrics
import Foundation
import Productivity
import Testing
import Workflow
import _TestSupport

/// Issue 12, correctness of the fast scenario path: every scenario it computes equals the
/// general computation (perpetual inventory, then growth accounting) to the last bit.
@Suite struct ScenarioKernelTests {
    /// A random panel of a few series with investment, output, employment and, sometimes,
    /// hours and a labour-share column; some series have investment that falls, so that the
    /// steady state is undefined for some draws.
    func randomPanel(_ rng: inout SplitMix64, labourShare: Bool, hours: Bool) -> Panel {
        var series: [Panel.Series] = [], years: [Int] = [], lines: [Int] = []
        var columns: [Role: [Double]] = [.output: [], .investment: [], .employment: [], .capital: []]
        if labourShare { columns[.labourShare] = [] }
        if hours { columns[.hours] = [] }
        for s in 0..<4 {
            let length = 6 + Int(rng.nextUniform() * 10)
            let start = 1990 + Int(rng.nextUniform() * 5)
            let first = years.count
            var y = 1_000 * (1 + 10 * rng.nextUniform()), e = 100 * (1 + rng.nextUniform())
            let falling = s == 3
            for t in 0..<length {
                years.append(start + t)
                lines.append(years.count + 1)
                y *= 1 + 0.07 * (rng.nextUniform() - 0.3)
                e *= 1 + 0.03 * (rng.nextUniform() - 0.2)
                let share = falling ? (t < 3 ? 0.5 - 0.12 * Double(t) : 0.3) : 0.2 + 0.2 * rng.nextUniform()
                columns[.output]!.append(y)
                // A leading missing investment cell in one series: outside the inventory.
                columns[.investment]!.append(s == 1 && t == 0 ? .nan : share * y)
                columns[.employment]!.append(e)
                columns[.capital]!.append(2.5 * y * (0.8 + 0.4 * rng.nextUniform()))  // a benchmark stock, for --initial benchmark
                if labourShare { columns[.labourShare]!.append(0.4 + 0.2 * rng.nextUniform()) }
                if hours { columns[.hours]!.append(1_800 + 400 * rng.nextUniform()) }
            }
            series.append(Panel.Series(region: "R\(s)", sector: nil, rows: first..<years.count))
        }
        return Panel(file: "random.csv", series: series, years: years, lines: lines, values: columns)
    }

    /// The general path's numbers for one series, in the kernel's layout.
    func reference(_ u: UncertainAccounting, _ panel: Panel, _ s: ScenarioAssumptions, shares: FactorShares?) -> [Double?]? {
        guard let r = try? u.scenario(panel, s, shares: shares) else { return nil }
        var out: [Double?] = []
        for row in r.rows where row.outputGrowth != nil {
            out += [row.tfpShare, row.tfpGrowth, row.capitalContribution, row.labourContribution]
        }
        let p = r.periods.first
        out += [p?.tfpShare, p?.tfpGrowth, p?.capitalContribution, p?.labourContribution]
        return out
    }

    @Test(arguments: [GrowthMethod.gso, .tornqvist])
    func everyScenarioEqualsTheGeneralComputation(method: GrowthMethod) throws {
        var rng = SplitMix64(seed: 2026)
        var compared = 0, failed = 0
        for trial in 0..<12 {
            let panel = randomPanel(&rng, labourShare: trial % 3 == 1, hours: trial % 2 == 0)
            let drawsShare = trial % 3 != 1
            let u = UncertainAccounting(
                capitalShare: drawsShare ? .uniform(0.3, 0.6) : nil, depreciation: .uniform(0, 0.1),
                growthYears: .uniform(1, 6), method: method, period: 1996...1999)
            for series in panel.series {
                let alone = panel.restricted(to: series)
                let kernel = try ScenarioSeries(
                    panel: panel, series: series, method: method, shares: nil, drawsCapitalShare: drawsShare,
                    buildsCapital: true, period: 1996...1999)
                for _ in 0..<25 {
                    var s = ScenarioAssumptions(
                        capitalShare: drawsShare ? 0.3 + 0.3 * rng.nextUniform() : nil,
                        depreciation: 0.1 * rng.nextUniform(), growthYears: 1 + Int(rng.nextUniform() * 6))
                    if rng.nextUniform() < 0.3 { s.capitalOutput = 0.5 + 3 * rng.nextUniform() } else if rng.nextUniform() < 0.2 { s.benchmarkStart = true }
                    var buffer = [Double](repeating: 0, count: (kernel.steps + 1) * 4)
                    let outcome = buffer.withUnsafeMutableBufferPointer { kernel.run(s, into: $0.baseAddress!, stride: 1) }
                    let expected = reference(u, alone, s, shares: nil)
                    switch outcome {
                    case .computed:
                        let want = try #require(expected, "the general path failed where the kernel computed: \(s)")
                        #expect(want.count == buffer.count)
                        for (a, b) in zip(buffer, want) {
                            // Bit for bit: the same operations in the same order.
                            #expect(a.bitPattern == (b ?? .nan).bitPattern || (a.isNaN && b == nil), "\(series.label) \(s)")
                        }
                        compared += 1
                    case .failed:
                        #expect(expected == nil, "the kernel failed where the general path computed: \(s)")
                        failed += 1
                    case .unusual:
                        break
                    }
                }
            }
        }
        #expect(compared > 800)
        #expect(failed > 0)  // the falling series' undefined steady states were met
    }

    /// Results do not depend on the number of threads.
    @Test func oneAndTwoThreadsGiveTheSameIntervals() throws {
        var rng = SplitMix64(seed: 5)
        let panel = randomPanel(&rng, labourShare: false, hours: false)
        var one = UncertainAccounting(
            capitalShare: .uniform(0.3, 0.6), depreciation: .normal(mean: 0.05, sd: 0.02),
            growthYears: .uniform(1, 6), period: 1996...1999, draws: 3_001, seed: 9)
        var two = one
        one.threads = 1
        two.threads = 2
        let a = try one.run(panel), b = try two.run(panel)
        #expect(!a.periods.isEmpty && !a.rows.isEmpty)
        for (key, band) in a.rows { #expect(b.rows[key]?.tfpShare == band.tfpShare && b.rows[key]?.labourContribution == band.labourContribution) }
        for (key, band) in a.periods { #expect(b.periods[key]?.tfpShare == band.tfpShare && b.periods[key]?.tfpGrowth == band.tfpGrowth) }
        #expect(a.failures == b.failures)
    }

    /// A degenerate range reproduces the point computation exactly.
    @Test func aDegenerateRangeIsThePointValue() throws {
        let raw = try Panel.read(path: UncertaintyTests.national, required: [.output, .employment, .investment])
        let u = UncertainAccounting(
            capitalShare: try #require(Assumption("0.5..0.5")), depreciation: .uniform(0.05, 0.05),
            growthYears: nil, period: 2016...2019, draws: 200)
        let result = try u.run(raw)
        let point = try u.scenario(raw, ScenarioAssumptions(capitalShare: 0.5, depreciation: 0.05, growthYears: 5), shares: nil)
        let share = try #require(point.periods.first?.tfpShare)
        let band = try #require(result.periods["Việt Nam||2016-2019"]?.tfpShare)
        #expect(band.low == share && band.median == share && band.high == share)
    }

    /// For the statistics office's method the period share is linear in α, so with
    /// α ~ U(lo, hi) its interval has closed-form ends: the share at α's 95% and 5%
    /// quantiles, lo + 0.95(hi − lo) and lo + 0.05(hi − lo). The drawn interval converges to them.
    @Test func theDrawnIntervalConvergesToTheClosedForm() throws {
        let raw = try Panel.read(path: UncertaintyTests.national, required: [.output, .employment, .investment])
        let stock = try PerpetualInventory.compute(raw, depreciation: .rate(0.05), initial: .steadyState(growthYears: 5))
        let panel = PerpetualInventory.addingCapital(to: raw, stock)
        func share(_ a: Double) throws -> Double {
            try #require(GrowthAccounting.compute(panel, options: GrowthAccountingOptions(shares: .capitalShare(a), period: 2016...2019)).periods.first?.tfpShare)
        }
        let exactLow = try share(0.4 + 0.95 * 0.2), exactHigh = try share(0.4 + 0.05 * 0.2), exactMedian = try share(0.5)
        var previous = Double.infinity
        for draws in [1_000, 100_000] {
            let u = UncertainAccounting(capitalShare: .uniform(0.4, 0.6), depreciation: nil, growthYears: nil, period: 2016...2019, draws: draws, seed: 3)
            let band = try #require(try u.run(panel).periods["Việt Nam||2016-2019"]?.tfpShare)
            let error = max(abs(band.low - exactLow), abs(band.high - exactHigh), abs(band.median - exactMedian))
            #expect(error < 0.01)
            #expect(error < previous)
            previous = error
        }
        #expect(previous < 1e-3)
    }

    /// A capital-output start: K₀ = κ·Y₀ in the first year of investment.
    @Test func aCapitalOutputStartIsKappaTimesFirstOutput() throws {
        let raw = try Panel.read(path: UncertaintyTests.national, required: [.output, .employment, .investment])
        let stock = try PerpetualInventory.compute(raw, depreciation: .rate(0.05), initial: .capitalOutputRatio(2.5))
        let first = try #require(stock.rows.first)
        #expect(first.capital == 2.5 * (raw.value(.output, 0) ?? .nan))
        #expect(first.year == 2010)
        #expect(throws: ProductivityError.self) { try PerpetualInventory.compute(raw, depreciation: .rate(0.05), initial: .capitalOutputRatio(-1)) }
    }
}
