import Foundation
import Testing
import _TestSupport

/// Issue 11: every bundled panel written as a workbook by openpyxl and by LibreOffice Calc
/// (RoundTrip/make_roundtrip.py) gives the same output as its CSV, in every command.
@Suite struct WorkbookRoundTripTests {
    static let folder = "Tests/TFPCLITests/RoundTrip"

    /// Command lines per panel; `DATA` is replaced by the CSV and by each workbook.
    static let cases: [(panel: String, csv: String, arguments: [String])] = [
        (
            "national", "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv",
            ["account", "DATA", "--capital-share", "0.6", "--depreciation", "0.05", "--from", "2016", "--to", "2019"]
        ),
        ("national", "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv", ["productivity", "DATA", "--from", "2016", "--to", "2020"]),
        ("national", "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv", ["capital", "DATA", "--depreciation", "0.05"]),
        (
            "danang", "Datasets/plans/data/danang_2010_2022_DERIVED.csv",
            ["account", "DATA", "--capital-share", "0.5", "--depreciation", "0.05", "--growth-years", "3"]
        ),
        ("hue", "Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv", ["productivity", "DATA"]),
        (
            "provinces", "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv",
            ["benchmark", "DATA", "--column", "output=grdp_current_bn_vnd", "--column", "employment=labour_force_thousand", "--from", "2019", "--to", "2021"]
        ),
        (
            "provinces", "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv",
            ["harmonize", "DATA", "--column", "output=grdp_current_bn_vnd", "--column", "employment=labour_force_thousand", "--to", "2025"]
        ),
        (
            "produc", "Datasets/international/us_states_produc_1970_1986.csv",
            ["estimate", "DATA", "--formula", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", "--vcov", "cluster:state"]
        ),
        (
            "pwt_asia", "Datasets/international/pwt1001_asia.csv",
            ["productivity", "DATA", "--column", "region=country", "--column", "output=rgdpna", "--column", "employment=emp"]
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func workbooksOfBothProducersGiveTheCSVsResults(index: Int) throws {
        let c = Self.cases[index]
        func run(_ data: String) throws -> ProcessResult {
            try runTFP(c.arguments.map { $0 == "DATA" ? data : $0 } + ["--format", "csv"])
        }
        let reference = try run(c.csv)
        #expect(reference.status == 0, "\(reference.standardError)")
        for producer in ["openpyxl", "libreoffice"] {
            let book = "\(Self.folder)/\(c.panel)_\(producer).xlsx"
            guard FileManager.default.fileExists(atPath: repositoryPath(book)) else {
                Issue.record("missing fixture \(book): run make_roundtrip.py")
                continue
            }
            let result = try run(book)
            #expect(result.status == 0, "\(producer): \(result.standardError)")
            #expect(result.standardOutput == reference.standardOutput, "\(c.arguments.first ?? "") on \(book) differs from the CSV")
        }
    }

    /// `--yearbook ROLE=FILE`: two yearbook tables (GRDP and labour force, wide, with titles,
    /// marks and aggregates) joined on region and year give what the long file gives.
    @Test func yearbookTablesOnAnyCommandEqualTheLongFile() throws {
        let yearbook = try runTFP([
            "productivity", "--yearbook", "output=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx",
            "--yearbook", "employment=Datasets/yearbook/EXAMPLE_labour_force_wide.xlsx",
            "--region", "Hà Nội", "--region", "Quảng Ninh", "--from", "2019", "--to", "2020", "--summary", "--format", "csv",
        ])
        #expect(yearbook.status == 0, "\(yearbook.standardError)")
        let long = try runTFP([
            "productivity", "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv", "--column", "output=grdp_current_bn_vnd",
            "--column", "employment=labour_force_thousand", "--region", "Hà Nội", "--region", "Quảng Ninh",
            "--from", "2019", "--to", "2020", "--summary", "--format", "csv",
        ])
        #expect(yearbook.standardOutput == long.standardOutput)
        // Hà Nội 2019-2020: 6.56% (README, "Your own data").
        #expect(yearbook.standardOutput.contains("Hà Nội,2019,2020,0.06555"))
        // What was recognised is said: the aggregate row left out.
        #expect(yearbook.standardError.contains("Đồng bằng sông Hồng"))
        for (arguments, words) in [
            (["productivity", "--yearbook", "output=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx"], "no 'employment'"),
            (["productivity", "--yearbook", "output=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx", "--yearbook", "output=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx"], "twice"),
            (["productivity", "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv", "--yearbook", "output=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx"], "not both"),
            (["productivity", "--yearbook", "gdp=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx"], "ROLE=FILE"),
            (["productivity"], "Give the data file"),
            (["estimate", "--yearbook", "output=Datasets/yearbook/EXAMPLE_grdp_wide.xlsx", "--formula", "log(output) ~ 1"], "not read by --formula"),
        ] {
            let r = try runTFP(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.standardError.contains(words), "\(r.standardError)")
        }
    }
}
