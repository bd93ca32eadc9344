import DataIO
import Foundation
import Productivity
import Testing
import _TestSupport

@Suite struct RegionReferenceTests {
    @Test func namesMatchWhateverSpellingAUserBrings() throws {
        let ref = try RegionReference.bundled()
        #expect(ref.provinces.count == 63)
        #expect(ref.units2025.count == 34)
        for spelling in ["TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Ho Chi Minh", "ho chi minh", "79"] {
            #expect(ref.resolve(spelling)?.code == 79, "\(spelling)")
        }
        for spelling in ["Thừa Thiên - Huế", "Thua Thien Hue", "Thừa Thiên Huế".decomposedStringWithCanonicalMapping, "Tỉnh Thừa Thiên Huế"] {
            #expect(ref.resolve(spelling)?.name == "Thừa Thiên Huế", "\(spelling)")
        }
        #expect(ref.resolve("Da Nang")?.unit2025 == "Đà Nẵng")
        #expect(ref.resolve("Quảng Nam")?.unit2025 == "Đà Nẵng")
    }

    @Test func anUnknownNameSuggestsTheNearest() throws {
        let ref = try RegionReference.bundled()
        #expect(ref.resolve("Da Nag") == nil)
        #expect(ref.suggestions(for: "Da Nag").first == "Đà Nẵng")
        #expect(throws: DataIOError.unknownRegion(nil, name: "Ha Noii", suggestions: ref.suggestions(for: "Ha Noii"))) {
            try ref.province("Ha Noii")
        }
        #expect(
            DataIOError.unknownRegion(nil, name: "Ha Noii", suggestions: ["Hà Nội"]).localizedDescription
                == "'Ha Noii' is not a province or city of Việt Nam; did you mean 'Hà Nội'?")
    }
}

@Suite struct HarmonizationTests {
    static let provinces = repositoryPath("Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv")

    /// Harmonising and summing gives the national totals of the 63 provinces, year by year.
    @Test func nationalTotalsAreUnchanged() throws {
        let mapping = try ColumnMapping(assignments: ["output_nominal=grdp_current_bn_vnd", "employment=labour_force_thousand"])
        let panel = try Panel.read(path: Self.provinces, mapping: mapping)
        let result = try Harmonization.to2025(panel, reference: RegionReference.bundled())
        #expect(result.panel.series.count == 34)
        #expect(result.incomplete.isEmpty)
        for role in [Role.outputNominal, .employment] {
            for year in 2018...2021 {
                let before = panel.years.indices.filter { panel.years[$0] == year }.reduce(0) { $0 + panel.values[role]![$1] }
                let after = result.panel.years.indices.filter { result.panel.years[$0] == year }.reduce(0) { $0 + result.panel.values[role]![$1] }
                #expect(relativeError(after, before) < 1e-12, "\(role) \(year)")
            }
        }
    }

    @Test func sharesAreWeightedAndAMissingMemberDropsTheUnitYear() throws {
        let path = try temporaryFile(
            """
            region,year,output,employment,labour_share
            Đà Nẵng,2020,100,10,0.4
            Quảng Nam,2020,300,30,0.6
            Đà Nẵng,2021,110,10,0.4
            Huế,2021,1,1,0.5
            """.replacingOccurrences(of: "Huế", with: "Thừa Thiên Huế"))
        let result = try Harmonization.to2025(Panel.read(path: path), reference: RegionReference.bundled())
        let danang = try #require(result.panel.series.first { $0.region == "Đà Nẵng" })
        #expect(danang.rows.count == 1)  // 2021 lacks Quảng Nam
        let r = danang.rows.lowerBound
        #expect(result.panel.values[.output]![r] == 400)
        let share: Double = result.panel.values[.labourShare]![r]
        let expectedShare: Double = (0.4 * 100.0 + 0.6 * 300.0) / 400.0
        #expect(abs(share - expectedShare) < 1e-15)
        #expect(result.incomplete.contains { $0.unit == "Đà Nẵng" && $0.year == 2021 && $0.missing == ["Quảng Nam"] })
        #expect(result.panel.series.contains { $0.region == "Huế" })
    }

    @Test func unknownProvinceIsAnError() throws {
        let path = try temporaryFile("region,year,output,employment\nHa Tay,2005,1,1\n")
        #expect(throws: DataIOError.self) { try Harmonization.to2025(Panel.read(path: path), reference: RegionReference.bundled()) }
    }
}

@Suite struct ProvinceBenchmarkTests {
    @Test func ranksPercentilesGapsAndConvergence() throws {
        // Four provinces in two socio-economic regions; capital for the gap decomposition.
        let path = try temporaryFile(
            """
            region,year,output,employment,capital
            Hà Nội,2020,100,10,200
            Hà Nội,2021,110,10,210
            Hải Phòng,2020,50,10,100
            Hải Phòng,2021,60,10,105
            Cà Mau,2020,30,10,50
            Cà Mau,2021,36,10,55
            Cần Thơ,2020,40,10,60
            Cần Thơ,2021,42,10,62
            """)
        let result = try ProvinceBenchmark.compute(
            Panel.read(path: path), reference: RegionReference.bundled(),
            options: .init(period: 2021...2021, accounting: GrowthAccountingOptions(shares: .capitalShare(0.4))))
        let lp = result.standings.filter { $0.indicator == "labour_productivity" }
        #expect(lp.map(\.region) == ["Hà Nội", "Hải Phòng", "Cần Thơ", "Cà Mau"])
        let expectedPercentiles: [Double] = [1, 2.0 / 3.0, 1.0 / 3.0, 0]
        #expect(lp.map(\.percentile) == expectedPercentiles)
        let growth = try #require(result.standings.first { $0.indicator == "labour_productivity_growth" && $0.region == "Cà Mau" })
        #expect(growth.rank == 1)  // +20%
        #expect(growth.rankInPeers == 1)  // Đồng bằng sông Cửu Long: Cà Mau, Cần Thơ
        #expect(growth.peersCount == 2)
        let gap = try #require(result.gaps.first { $0.region == "Cà Mau" && $0.versus.hasPrefix("best") })
        let expectedGap: Double = log(11.0 / 3.6)
        let expectedCapital: Double = 0.4 * log(21.0 / 5.5)
        let capitalPart = try #require(gap.capitalDeepening), tfpPart = try #require(gap.tfp)
        let labourPart = try #require(gap.labour)
        #expect(abs(gap.logGap - expectedGap) < 1e-12)
        #expect(abs(capitalPart - expectedCapital) < 1e-12)
        #expect(labourPart == 0)  // no hours or human capital: q = 1 everywhere
        #expect(abs(capitalPart + labourPart + tfpPart - gap.logGap) < 1e-12)
        #expect(result.sigma.count == 2)
        #expect(result.beta.first?.nobs == 4)
    }
}

@Suite struct RankBootstrapTests {
    func pwt() throws -> Panel {
        let mapping = try ColumnMapping(assignments: ["region=country", "output=rgdpna", "capital=rnna", "employment=emp"])
        return try Panel.read(path: repositoryPath("Datasets/international/pwt1001_asia.csv"), mapping: mapping)
    }

    @Test func drawsAreReproducibleAndIntervalsContainTheRank() throws {
        let panel = try pwt()
        let a = try ProvinceBenchmark.bootstrapCapitalShares(panel, draws: 50, seed: 7)
        let b = try ProvinceBenchmark.bootstrapCapitalShares(panel, draws: 50, seed: 7)
        #expect(a.draws == b.draws)
        #expect(a.draws.count == 50)
        let result = try ProvinceBenchmark.compute(
            panel, reference: nil,
            options: .init(
                period: 2015...2019, accounting: GrowthAccountingOptions(shares: .capitalShare(a.estimate)), capitalShareDraws: a.draws))
        let tfp = result.standings.filter { $0.indicator == "tfp_growth" }
        #expect(tfp.count == 19)
        for s in tfp {
            let low = try #require(s.rankLow), high = try #require(s.rankHigh)
            #expect(low <= high)
            #expect(low >= 1 && high <= 19)
        }
        // Period-average TFP growth equals growth accounting's at the estimated share.
        let account = try GrowthAccounting.compute(panel, options: GrowthAccountingOptions(shares: .capitalShare(a.estimate), period: 2015...2019))
        let vietnam = try #require(account.periods.first { $0.region == "Viet Nam" })
        #expect(tfp.first { $0.region == "Viet Nam" }?.value == vietnam.tfpGrowth)
    }
}
