import DataIO
import Foundation
import Productivity
import Testing
import _TestSupport

/// Malmquist indices against deapack 2.0.1 (References/malmquist_deapack.py, the command
/// and data kept beside the CSV): PWT 10.01 Asian subset, 2014-2019, output rgdpna,
/// inputs rnna and emp, output orientation.
@Suite struct MalmquistTests {
    static let tolerance = 1e-6

    @Test func matchesDeapackOnThePennWorldTableSubset() throws {
        let mapping = try ColumnMapping(assignments: ["region=country", "output=rgdpna", "capital=rnna", "employment=emp"])
        let panel = try Panel.read(path: repositoryPath("Datasets/international/pwt1001_asia.csv"), mapping: mapping)
        let result = try Malmquist.compute(panel, orientation: .output, years: 2014...2019)
        let reference = try CSVTable.read(path: repositoryPath("Tests/ProductivityTests/References/malmquist_deapack.csv"))
        let regions = try reference.strings(column: "dmu_id")
        let from = try reference.numbers(column: "base_period")
        let columns = ["productivity_change", "efficiency_change", "technical_change", "pure_efficiency_change", "scale_efficiency_change"]
        let values = try columns.map { try reference.numbers(column: $0) }
        let distances = try [
            "distance_base_on_base", "distance_comparison_on_base", "distance_base_on_comparison",
            "distance_comparison_on_comparison",
        ].map { try reference.numbers(column: $0) }
        #expect(result.transitions.count == regions.count)
        #expect(regions.count == 95)  // 19 economies × 5 year pairs
        for i in regions.indices {
            let t = try #require(result.transitions.first { $0.region == regions[i] && $0.from == Int(from[i]) }, "\(regions[i]) \(from[i])")
            let ours = [t.malmquist, t.efficiencyChange, t.technicalChange, t.pureEfficiencyChange, t.scaleEfficiencyChange]
            for (k, name) in columns.enumerated() {
                #expect(abs(ours[k] - values[k][i]) < Self.tolerance, "\(regions[i]) \(from[i]) \(name): \(ours[k]) vs \(values[k][i])")
            }
            for k in 0..<4 { #expect(abs(t.efficiencies[k] - distances[k][i]) < Self.tolerance) }
        }
    }

    @Test func geometricMeansAndDecomposition() throws {
        let mapping = try ColumnMapping(assignments: ["region=country", "output=rgdpna", "capital=rnna", "employment=emp"])
        let panel = try Panel.read(path: repositoryPath("Datasets/international/pwt1001_asia.csv"), mapping: mapping)
        let result = try Malmquist.compute(panel, years: 2014...2016)
        for t in result.transitions {
            #expect(abs(t.malmquist - t.efficiencyChange * t.technicalChange) < 1e-12)
            #expect(abs(t.efficiencyChange - t.pureEfficiencyChange * t.scaleEfficiencyChange) < 1e-12)
        }
        let pair = try #require(result.byYear.first { $0.label == "2014-2015" })
        let items = result.transitions.filter { $0.from == 2014 }
        #expect(abs(pair.malmquist - exp(items.map { log($0.malmquist) }.reduce(0, +) / Double(items.count))) < 1e-12)
        #expect(result.byRegion.count == 19)
    }

    @Test func aRegionMissingInAYearLeavesThatFrontierAndIsReported() throws {
        let path = try temporaryFile(
            """
            region,year,output,capital,employment
            A,2020,10,5,5
            A,2021,11,5,5
            B,2020,8,5,5
            B,2021,9,5,6
            C,2020,6,4,3
            """)
        let result = try Malmquist.compute(Panel.read(path: path))
        #expect(result.transitions.map(\.region) == ["A", "B"])
        #expect(result.diagnostics.entries.contains(.notInFrontier(year: 2021, regions: ["C"])))
        #expect(result.diagnostics.entries.contains(.noIndexFor(from: 2020, to: 2021, regions: ["C"])))
    }
}
