import DataIO
import Foundation
import Productivity
import Testing
import _TestSupport

/// Törnqvist growth accounting reproduces the Penn World Table 10.01 TFP index
/// `rtfpna` (2017 = 1) from the table's own inputs: output `rgdpna`, capital
/// services `rkna`, labour `emp × avh × hc`, labour share `labsh`
/// (Feenstra, Inklaar & Timmer 2015; Inklaar & Timmer 2013, "Capital, labor
/// and TFP in PWT8.0", §4). Data: Datasets/international/pwt1001_asia.csv.
@Suite struct PennWorldTableTests {
    static let tolerance = Tolerance.publishedIndex

    /// The Asian subset with PWT's variables mapped to roles, accounted by Törnqvist with 2017 = 1.
    func accountPWT() throws -> (String, GrowthAccountingResult) {
        let path = repositoryPath("Datasets/international/pwt1001_asia.csv")
        let mapping = try ColumnMapping(assignments: [
            "region=country", "output=rgdpna", "capital=rkna", "employment=emp", "hours=avh",
            "human_capital=hc", "labour_share=labsh",
        ])
        let panel = try Panel.read(path: path, mapping: mapping)
        return (path, try GrowthAccounting.compute(panel, options: GrowthAccountingOptions(method: .tornqvist, baseYear: 2017)))
    }

    @Test func tornqvistReproducesRtfpnaForEveryCountryThatPublishesIt() throws {
        let (path, result) = try accountPWT()

        let table = try CSVTable.read(path: path)
        let countries = try table.strings(column: "country")
        let years = try table.strings(column: "year").map { Int($0)! }
        let published = try table.numbers(column: "rtfpna")
        let hours = try table.numbers(column: "avh")
        // Mongolia and Lao PDR publish rtfpna without hours (avh) for any year; PWT
        // fills hours in by a method the table does not publish, so these two are
        // compared in a separate test below.
        let withoutHours: Set<String> = ["Mongolia", "Lao People's DR"]
        var reference: [String: Double] = [:]
        // Taiwan 2014 also lacks hours in this copy: TFPKit drops that row (reported)
        // and annualises 2013→2015, so 2014 alone has no index to compare.
        for i in published.indices where !published[i].isNaN && !withoutHours.contains(countries[i]) && !hours[i].isNaN {
            reference["\(countries[i])|\(years[i])"] = published[i]
        }
        #expect(reference.count == 599)
        #expect(result.diagnostics.droppedRows.contains { $0.series == "Taiwan" && $0.year == 2014 })

        var compared = 0
        var countriesCompared = Set<String>()
        for row in result.rows {
            guard let expected = reference["\(row.region)|\(row.year)"] else { continue }
            let index = try #require(row.tfpIndex, "\(row.region) \(row.year)")
            #expect(abs(index - expected) <= Self.tolerance * expected, "\(row.region) \(row.year): \(index) vs \(expected)")
            compared += 1
            countriesCompared.insert(row.region)
        }
        // Every published value of the 12 countries with hours was reproduced.
        #expect(!result.rows.contains { $0.region == "Taiwan" && $0.year == 2014 })
        #expect(compared == reference.count)
        #expect(countriesCompared.count == 12)
    }

    /// Mongolia and Lao PDR have no hours in PWT 10.01; with labour = emp × hc
    /// TFPKit's index differs from rtfpna by up to 0.018 (PWT's hours imputation
    /// for TFP is not in the table). Recorded so that a change is noticed.
    @Test func countriesWithoutHoursAreMeasuredWithoutThemAndSaySo() throws {
        let (_, result) = try accountPWT()
        #expect(result.diagnostics.entries.contains(.factorMissingInSeries(series: "Mongolia", factor: "hours")))
        let mongolia2017 = try #require(result.rows.first { $0.region == "Mongolia" && $0.year == 2017 })
        #expect(mongolia2017.tfpIndex == 1)
    }
}
