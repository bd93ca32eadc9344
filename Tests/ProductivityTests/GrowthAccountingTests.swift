import DataIO
import Foundation
import Productivity
import Testing
import _TestSupport

/// Equivalences and hand-computed cases that need no outside tool.
@Suite struct GrowthAccountingTests {
    /// A small two-region panel with a gap (B has no 2012) and labour shares.
    static let csv = """
        region,year,output,capital,employment,labour_share
        A,2010,100,300,50,0.6
        A,2011,106,315,51,0.58
        A,2012,112,333,51.5,0.57
        A,2013,112,350,52,0.57
        B,2010,200,500,80,0.5
        B,2011,210,520,82,0.5
        B,2013,240,560,85,0.52
        """

    func panel(_ text: String = csv) throws -> Panel { try Panel.read(path: temporaryFile(text)) }

    @Test func gsoMethodMatchesHandComputation() throws {
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .gso, shares: .capitalShare(0.4)))
        let a2011 = try #require(result.rows.first { $0.region == "A" && $0.year == 2011 })
        // g_Y = 0.06, g_K = 0.05, g_L = 0.02; TFP = 0.06 − 0.4·0.05 − 0.6·0.02 = 0.028.
        #expect(abs(a2011.outputGrowth! - 0.06) < 1e-15)
        #expect(abs(a2011.tfpGrowth! - 0.028) < 1e-15)
        #expect(abs(a2011.tfpShare! - 0.028 / 0.06) < 1e-14)
        #expect(abs(a2011.tfpIndex! - 1.028) < 1e-14)
    }

    @Test func contributionsAddUpToOutputGrowthExactly() throws {
        for method in GrowthMethod.allCases {
            let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: method))
            for row in result.rows where row.outputGrowth != nil {
                let sum = row.capitalContribution! + row.labourContribution! + row.tfpGrowth!
                #expect(abs(sum - row.outputGrowth!) <= 2 * row.outputGrowth!.ulp.magnitude + Double.leastNonzeroMagnitude)
            }
        }
    }

    @Test func tornqvistAveragesSharesOverTheTwoYears() throws {
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .tornqvist))
        let row = try #require(result.rows.first { $0.region == "A" && $0.year == 2011 })
        let sL = (0.6 + 0.58) / 2
        let expected = log(106.0 / 100) - sL * log(51.0 / 50) - (1 - sL) * log(315.0 / 300)
        #expect(abs(row.tfpGrowth! - expected) < 1e-15)
        #expect(abs(row.capitalShare! - (1 - sL)) < 1e-15)
    }

    @Test func aGapIsAnnualisedAndReported() throws {
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .gso, shares: .capitalShare(0.4)))
        let b2013 = try #require(result.rows.first { $0.region == "B" && $0.year == 2013 })
        #expect(b2013.yearsSpanned == 2)
        #expect(abs(b2013.outputGrowth! - ((240.0 / 210).squareRoot() - 1)) < 1e-15)
        #expect(result.diagnostics.entries.contains(.gapAnnualised(series: "B", from: 2011, to: 2013, years: 2)))
        // The index chains both years: A_2013 = A_2011·(1+g_A)².
        let b2011 = try #require(result.rows.first { $0.region == "B" && $0.year == 2011 })
        #expect(abs(b2013.tfpIndex! - b2011.tfpIndex! * pow(1 + b2013.tfpGrowth!, 2)) < 1e-14)
    }

    @Test func shareIsUndefinedWhenOutputDoesNotGrow() throws {
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .gso, shares: .capitalShare(0.4)))
        let a2013 = try #require(result.rows.first { $0.region == "A" && $0.year == 2013 })
        #expect(a2013.outputGrowth == 0)
        #expect(a2013.tfpShare == nil)
        #expect(a2013.shareNote == .outputDidNotGrow(total: 0))
        #expect(a2013.tfpGrowth != nil)
    }

    @Test func shareIsUndefinedWhenOutputGrowthIsTiny() {
        let share = ShareOfGrowth(part: 0.001, total: 0.002, minimumGrowth: 0.005)
        #expect(share.value == nil)
        #expect(share.note == .outputGrowthBelow(total: 0.002, minimum: 0.005))
        #expect(abs(ShareOfGrowth(part: 0.02, total: 0.05, minimumGrowth: 0.005).value! - 0.4) < 1e-15)
    }

    @Test func baseYearSetsTheIndexToOne() throws {
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .tornqvist, baseYear: 2011))
        for row in result.rows where row.year == 2011 { #expect(row.tfpIndex == 1) }
    }

    @Test func periodSummaryUsesPeriodAverageRates() throws {
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .gso, shares: .capitalShare(0.4), period: 2011...2013))
        let a = try #require(result.periods.first { $0.region == "A" })
        let rows = result.rows.filter { $0.region == "A" && $0.outputGrowth != nil }
        let meanY = rows.map { $0.outputGrowth! }.reduce(0, +) / 3
        let meanA = rows.map { $0.tfpGrowth! }.reduce(0, +) / 3
        #expect(abs(a.outputGrowth! - meanY) < 1e-15)
        #expect(abs(a.tfpShare! - meanA / meanY) < 1e-14)
        // B's gap row spans two years and is weighted by them.
        let b = try #require(result.periods.first { $0.region == "B" })
        let b2011 = result.rows.first { $0.region == "B" && $0.year == 2011 }!.outputGrowth!
        let b2013 = result.rows.first { $0.region == "B" && $0.year == 2013 }!.outputGrowth!
        #expect(abs(b.outputGrowth! - (b2011 + 2 * b2013) / 3) < 1e-15)
        // A period starting at the first year has no base year.
        let early = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .gso, shares: .capitalShare(0.4), period: 2010...2011))
        #expect(early.periods[0].note == .noDataFor(year: 2009, baseOf: 2010))
    }

    @Test func resultsDoNotDependOnRowOrder() throws {
        var lines = Self.csv.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5 {
            lines.shuffle(using: &rng)
            let shuffled = try panel(([header] + lines).joined(separator: "\n"))
            for method in GrowthMethod.allCases {
                let a = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: method))
                let b = try GrowthAccounting.compute(shuffled, options: GrowthAccountingOptions(method: method))
                #expect(a.rows == b.rows)
            }
        }
    }

    @Test func scalingASeriesLeavesGrowthRatesUnchanged() throws {
        let base = try panel()
        let scaled = base.adding(.output, base.values[.output]!.map { $0 * 1000 })
            .adding(.capital, base.values[.capital]!.map { $0 * 0.001 })
        for method in GrowthMethod.allCases {
            let a = try GrowthAccounting.compute(base, options: GrowthAccountingOptions(method: method))
            let b = try GrowthAccounting.compute(scaled, options: GrowthAccountingOptions(method: method))
            for (x, y) in zip(a.rows, b.rows) where x.outputGrowth != nil {
                #expect(abs(x.outputGrowth! - y.outputGrowth!) < 1e-14)
                #expect(abs(x.tfpGrowth! - y.tfpGrowth!) < 1e-14)
            }
        }
    }

    @Test func missingSharesGiveAnErrorThatSaysHowToGiveThem() throws {
        let path = try temporaryFile("region,year,output,capital,employment\nA,2010,1,1,1\nA,2011,2,2,2\n")
        #expect(throws: ProductivityError.noFactorShares) {
            try GrowthAccounting.compute(try Panel.read(path: path), options: GrowthAccountingOptions())
        }
        #expect(ProductivityError.noFactorShares.localizedDescription.contains("give a capital share (for example a capital share of 0.35)"))
        #expect(ProductivityError.noFactorShares.messageTemplate.contains(Setting.capitalShare.reference("0.35")))
    }

    @Test func sharesTableByRegionAndPeriod() throws {
        let shares: [CapitalShareEntry] = [
            CapitalShareEntry(region: nil, from: 2010, to: 2020, capitalShare: 0.4),
            CapitalShareEntry(region: "B", from: 2010, to: 2020, capitalShare: 0.5),
        ]
        let result = try GrowthAccounting.compute(panel(), options: GrowthAccountingOptions(method: .gso, shares: .table(shares)))
        #expect(result.rows.first { $0.region == "A" && $0.year == 2011 }?.capitalShare == 0.4)
        #expect(result.rows.first { $0.region == "B" && $0.year == 2011 }?.capitalShare == 0.5)
    }
}

@Suite struct PerpetualInventoryTests {
    @Test func steadyStateStartAndRecursionMatchHandComputation() throws {
        let path = try temporaryFile("region,year,investment\nA,2010,100\nA,2011,110\nA,2012,121\n")
        let result = try PerpetualInventory.compute(Panel.read(path: path), depreciation: .rate(0.05), initial: .steadyState(growthYears: 2))
        // g = (121/100)^(1/2) − 1 = 0.1; K₀ = 100/(0.1 + 0.05).
        let k0 = 100 / 0.15
        #expect(abs(result.rows[0].capital - k0) < 1e-12)
        #expect(abs(result.rows[1].capital - (0.95 * k0 + 110)) < 1e-12)
        #expect(abs(result.rows[2].capital - (0.95 * (0.95 * k0 + 110) + 121)) < 1e-12)
    }

    @Test func benchmarkStockAndPerRegionDepreciation() throws {
        let path = try temporaryFile("region,year,investment,capital,depreciation\nA,2010,10,200,0.1\nA,2011,20,,0.2\n")
        let result = try PerpetualInventory.compute(Panel.read(path: path), depreciation: .column, initial: .benchmark)
        #expect(result.rows.map(\.capital) == [200, 0.8 * 200 + 20])
    }

    @Test func gapsAndUndefinedSteadyStatesAreRefused() throws {
        let gap = try temporaryFile("region,year,investment\nA,2010,100\nA,2012,110\n")
        #expect(throws: ProductivityError.gapInInvestment(series: "A", from: 2010, to: 2012)) {
            try PerpetualInventory.compute(Panel.read(path: gap), depreciation: .rate(0.05))
        }
        let falling = try temporaryFile("region,year,investment\nA,2010,100\nA,2011,50\n")
        #expect(throws: ProductivityError.self) {
            try PerpetualInventory.compute(Panel.read(path: falling), depreciation: .rate(0.05))
        }
    }
}

extension PerpetualInventoryTests {
    /// A stock beyond double precision (K₀ = 2.5 × 1e308, or I₀/(g+δ) with I₀ = 1e308) is refused with its
    /// series and year, not written as an empty cell.
    @Test func overflowingStocksAreRefused() throws {
        let big = try Panel.read(path: temporaryFile("region,year,investment,output\nA,2010,10,1e308\nA,2011,12,100\n"))
        #expect(throws: ProductivityError.capitalNotFinite(series: "A", year: 2010)) {
            try PerpetualInventory.compute(big, depreciation: .rate(0.05), initial: .capitalOutputRatio(2.5))
        }
        let steady = try Panel.read(path: temporaryFile("region,year,investment\nA,2010,1e308\nA,2011,1e308\n"))
        #expect(throws: ProductivityError.capitalNotFinite(series: "A", year: 2010)) {
            try PerpetualInventory.compute(steady, depreciation: .rate(0.05), initial: .steadyState(growthYears: 1))
        }
    }

    /// The capital column added to a panel: the one pass over rows in the panel's order and the lookup by key
    /// (for a result from another panel) give each row its own stock, and NaN where there is none.
    @Test func capitalColumnMatchesRowsByKey() throws {
        let both = try Panel.read(path: temporaryFile("region,year,investment\nA0,2010,100\nA0,2011,110\nB,2010,\nB,2011,50\nB,2012,55\n"))
        let stocks = try PerpetualInventory.compute(both, depreciation: .rate(0.05), initial: .steadyState(growthYears: 1))
        let byKey = Dictionary(uniqueKeysWithValues: stocks.rows.map { ("\($0.region) \($0.year)", $0.capital) })
        // The same panel: the merge pass (B 2010 has no investment, so no stock).
        let same = PerpetualInventory.addingCapital(to: both, stocks)
        let sameCapital = try #require(same.values[.capital])
        for series in same.series {
            for r in series.rows {
                let expected = byKey["\(series.region) \(same.years[r])"]
                if let expected { #expect(sameCapital[r] == expected) } else { #expect(sameCapital[r].isNaN) }
            }
        }
        #expect(byKey["B 2010"] == nil)
        #expect(abs((byKey["B 2011"] ?? 0) - 50 / (0.1 + 0.05)) < 1e-9)  // K₀ = I₀/(g+δ), g = 55/50 − 1
        // Another panel (A0 missing, C new): the result's first row matches none of its rows, so rows are looked up by key.
        let other = try Panel.read(path: temporaryFile("region,year,investment\nB,2011,1\nB,2012,1\nC,2011,1\n"))
        let moved = PerpetualInventory.addingCapital(to: other, stocks)
        let movedCapital = try #require(moved.values[.capital])
        let values = moved.series.flatMap { series in series.rows.map { ("\(series.region) \(moved.years[$0])", movedCapital[$0]) } }
        #expect(values.count == 3)
        for (key, value) in values {
            if let expected = byKey[key] { #expect(value == expected, "\(key)") } else { #expect(value.isNaN, "\(key)") }
        }
        #expect(values.filter { !$0.1.isNaN }.count == 2)
    }
}

@Suite struct LabourProductivityTests {
    @Test func perWorkerPerHourAndCompoundAverage() throws {
        let path = try temporaryFile("region,year,output,employment,hours\nA,2015,100,10,2000\nA,2016,110,10,2000\nA,2017,121,10,1900\n")
        let result = try LabourProductivity.compute(Panel.read(path: path), period: 2016...2017)
        #expect(result.rows[0].outputPerWorker == 10)
        #expect(result.rows[0].outputPerHour == 10.0 / 2000)
        #expect(abs(result.rows[1].growthPerWorker! - 0.1) < 1e-15)
        // (12.1/10)^(1/2) − 1 = 0.1 per worker; per hour (12.1/1900)/(10/2000).
        #expect(abs(result.periods[0].averageGrowthPerWorker! - 0.1) < 1e-15)
        #expect(abs(result.periods[0].averageGrowthPerHour! - ((12.1 / 1900) / (10.0 / 2000)).squareRoot() + 1) < 1e-15)
    }
}

@Suite struct SectorPanelTests {
    /// Sector-level data: one series per region and sector, each accounted separately.
    @Test func seriesAreRegionAndSector() throws {
        let path = try temporaryFile(
            """
            region,sector,year,output,capital,employment
            Đà Nẵng,industry,2020,100,200,10
            Đà Nẵng,industry,2021,110,210,10
            Đà Nẵng,services,2020,300,100,30
            Đà Nẵng,services,2021,309,100,30
            """)
        let panel = try Panel.read(path: path)
        #expect(panel.series.map(\.label) == ["Đà Nẵng / industry", "Đà Nẵng / services"])
        let result = try GrowthAccounting.compute(panel, options: GrowthAccountingOptions(shares: .capitalShare(0.5)))
        let industry = try #require(result.rows.first { $0.sector == "industry" && $0.year == 2021 })
        #expect(abs(industry.tfpGrowth! - (0.10 - 0.5 * 0.05)) < 1e-15)
        let services = try #require(result.rows.first { $0.sector == "services" && $0.year == 2021 })
        #expect(abs(services.tfpGrowth! - 0.03) < 1e-15)
        // The same region, sector and year twice is a duplicate.
        let dup = try temporaryFile("region,sector,year,output\nA,x,2020,1\nA,x,2020,2\nA,y,2020,3\n")
        #expect(throws: DataIOError.self) { try Panel.read(path: dup) }
    }
}
