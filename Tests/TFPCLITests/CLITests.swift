import Foundation
import Testing
import _TestSupport

/// The built binary on good and bad files: output, exit code, message.
@Suite struct CLITests {
    static let national = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"

    @Test func accountOnBundledDataAsCSV() throws {
        let result = try runTFP(["account", Self.national, "--capital-share", "0.5", "--depreciation", "0.05", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines[0].hasPrefix("region,year,output_growth,capital_growth,labour_growth,capital_contribution,labour_contribution,tfp_growth,tfp_share,tfp_index"))
        #expect(lines.count == 14)  // header + 2010…2022
        // 2011 output growth: 2915553.9 / 2739843.2 − 1, written as a fraction with full precision.
        let fields = lines[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields[1] == "2011")
        #expect(abs(Double(fields[2])! - (2915553.9 / 2739843.2 - 1)) < 1e-15)
    }

    @Test func jsonHasRowsPeriodsAndNotes() throws {
        let result = try runTFP([
            "account", Self.national, "--capital-share", "0.5", "--depreciation", "0.05",
            "--from", "2016", "--to", "2019", "--format", "json",
        ])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let periods = try #require(object["periods"] as? [[String: Any]])
        #expect(periods.count == 1)
        #expect(periods[0]["from"] as? Int == 2016)
        #expect((periods[0]["tfp_share"] as? Double).map { $0 > 0 && $0 < 1 } == true)
        #expect((object["notes"] as? [String])?.contains { $0.contains("perpetual inventory") } == true)
        #expect(object["method"] as? String == "gso")
    }

    @Test func productivitySummaryMatchesHandComputation() throws {
        let result = try runTFP(["productivity", Self.national, "--from", "2016", "--to", "2020", "--summary", "--format", "csv"])
        #expect(result.status == 0)
        let row = result.standardOutput.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        let expected = pow((5005755.7 / 53325.9) / (3696825.7 / 52906.2), 1.0 / 5) - 1
        #expect(abs(Double(row[3])! - expected) < 1e-14)
    }

    @Test func helpShowsAnExample() throws {
        let result = try runTFP(["account", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Example"))
        #expect(result.standardOutput.contains("tfp account Datasets/"))
    }

    func expectBadInput(_ contents: String, _ arguments: [String] = [], message: String) throws {
        let path = try temporaryFile(contents)
        let result = try runTFP(["account", path, "--capital-share", "0.4"] + arguments)
        #expect(result.status == 2, "\(result.standardOutput)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardError.hasPrefix("error: "))
    }

    @Test func wrongDelimiter() throws {
        // Tabs are detected (issue 8: the help said so, the reader refused them); a pipe is not.
        try expectBadInput(
            "region|year|output|capital|employment\nA|2010|1|1|1\n",
            message: "a single column: is the file separated by another character")
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let path = try temporaryFile("\u{FEFF}region,year,output,capital,employment\nA,2010,100,200,10\nA,2011,105,210,10\n")
        let result = try runTFP(["account", path, "--capital-share", "0.4", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("A,2011,0.05"))
    }

    @Test func duplicatedRow() throws {
        try expectBadInput(
            "region,year,output,capital,employment\nA,2010,1,1,1\nA,2010,1,1,1\n",
            message: ":3:2 (column 'year'): A, 2010 appears twice (first at line 2)")
    }

    @Test func textInANumber() throws {
        try expectBadInput(
            "region,year,output,capital,employment\nA,2010,1,1,1\nA,2011,1.234,5,x,1\n",
            message: ":3: this row has 6 fields but the header has 5")
        try expectBadInput(
            "region,year,output,capital,employment\nA,2010,1,1,1\nA,2011,two,1,1\n",
            message: ":3:3 (column 'output'): expected a number, found 'two'")
    }

    @Test func missingColumn() throws {
        try expectBadInput("region,year,output,capital\nA,2010,1,1\n", message: "no column 'employment' for the role 'employment'")
    }

    @Test func badArgumentsExitWithTwo() throws {
        let result = try runTFP(["account", Self.national, "--method", "solow"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("solow"))
        let shares = try runTFP(["account", Self.national, "--capital-share", "35", "--depreciation", "0.05"])
        #expect(shares.status == 2)
        #expect(shares.standardError.contains("write 0.35, not 35"))
        let noShares = try runTFP(["account", Self.national, "--depreciation", "0.05"])
        #expect(noShares.status == 2)
        #expect(noShares.standardError.contains("--capital-share"))
    }

    /// `tfp capital --initial-capital-output` starts as `tfp account` does: K₀ = κ·Y₀, then K_t = (1−δ)K_{t−1} + I_t
    /// (the national series' 2010 output 2,739,843.2 and 2011 investment 917,334.3, bundled data).
    @Test func capitalStartsFromACapitalOutputRatio() throws {
        let result = try runTFP(["capital", Self.national, "--depreciation", "0.05", "--initial-capital-output", "2.5", "--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let k0 = try #require(Double(String(rows[1][4]))), k1 = try #require(Double(String(rows[2][4])))
        #expect(abs(k0 - 2.5 * 2_739_843.2) < 1e-6)
        #expect(abs(k1 - (0.95 * 2.5 * 2_739_843.2 + 917_334.3)) < 1e-6)
        let both = try runTFP(["capital", Self.national, "--depreciation", "0.05", "--initial-capital-output", "2.5", "--initial", "benchmark"])
        #expect(both.status == 2 && both.standardError.contains("not both"))
    }

    @Test func outputFileIsWritten() throws {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-\(UUID().uuidString).md").path
        let result = try runTFP(["capital", Self.national, "--depreciation", "0.05", "--format", "markdown", "--output", target])
        #expect(result.status == 0)
        let text = try String(contentsOfFile: target, encoding: .utf8)
        #expect(text.contains("| region | year | investment | depreciation_rate | capital |"))
    }
}

@Suite struct EstimateCLITests {
    static let produc = "Datasets/international/us_states_produc_1970_1986.csv"

    @Test func jsonFollowsTheContract() throws {
        let result = try runTFP([
            "estimate", Self.produc, "--formula", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state",
            "--vcov", "cluster:state", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["nobs"] as? Int == 816)
        #expect(object["df_residual"] as? Int == 47)
        let coefficients = try #require(object["coefficients"] as? [[String: Any]])
        #expect(coefficients.map { $0["name"] as? String } == ["log(pcap)", "log(pc)", "log(emp)", "unemp"])
        // pyfixest 0.60, CRV1 by state (References/produc_pyfixest.json): 0.2920069250842517.
        #expect(abs((coefficients[1]["estimate"] as! Double) - 0.2920069250842517) < 1e-12)
        for key in ["std_error", "t", "p"] { #expect(coefficients[0][key] is Double) }
        #expect(object["r2_within"] is Double)
    }

    @Test func formulaErrorsExitWithTwoAndPointAtTheCharacter() throws {
        let result = try runTFP(["estimate", Self.produc, "--formula", "log(gsp) ~ log(pcap) +"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Formula error at character 23"))
        let unknown = try runTFP(["estimate", Self.produc, "--formula", "log(gsp) ~ log(capital)"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no column 'capital'") || unknown.standardError.contains("'capital'"))
        let vcov = try runTFP(["estimate", Self.produc, "--formula", "log(gsp) ~ unemp", "--vcov", "cluster"])
        #expect(vcov.status == 2)
        #expect(vcov.standardError.contains("--vcov must be iid, hc1 or cluster:COLUMN"))
    }

    @Test func accountWithEstimatedCapitalShare() throws {
        let result = try runTFP([
            "account", "Datasets/international/pwt1001_asia.csv", "--method", "tornqvist",
            "--column", "region=country", "--column", "output=rgdpna", "--column", "capital=rkna",
            "--column", "employment=emp", "--capital-share-from", "cobb-douglas-crs", "--absorb", "region",
            "--from", "2011", "--to", "2019", "--summary", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let share = try #require(object["estimated_capital_share"] as? [String: Any])
        let alpha = try #require(share["estimate"] as? Double)
        #expect(alpha > 0 && alpha < 1)
        #expect((share["conf_low"] as! Double) < alpha && alpha < (share["conf_high"] as! Double))
        #expect((object["notes"] as? [String])?.contains { $0.hasPrefix("Capital share estimated by log(output/labour) ~ log(capital/labour) | region") } == true)
    }
}

@Suite struct CheckCLITests {
    @Test func thuaThienHueFromBundledDataAndFailOn() throws {
        let args = [
            "check", "Datasets/plans/thuathienhue_149-KH-UBND_2021.toml", "--data",
            "Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv", "--as-of", "2021", "--format", "json",
        ]
        let result = try runTFP(args)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let targets = try #require(object["targets"] as? [[String: Any]])
        let h1 = try #require(targets.first { $0["id"] as? String == "H1" })
        #expect(h1["status"] as? String == "missed")
        // Exit code 1 only when asked.
        #expect(try runTFP(args + ["--fail-on", "missed"]).status == 1)
    }

    @Test func danangTFPShareAndBudgetFromBundledData() throws {
        let result = try runTFP([
            "check", "Datasets/plans/danang_37-KH-UBND_2022.toml", "--data", "Datasets/plans/data/danang_2010_2022_DERIVED.csv",
            "--capital-share", "0.5", "--depreciation", "0.05", "--growth-years", "3", "--as-of", "2025", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let d2 = try #require(result.standardOutput.split(separator: "\n").first { $0.hasPrefix("D2 2025,") })
        #expect(d2.contains("no data for the growth years 2025; latest in the data: TFP share of growth"))
        #expect(result.standardOutput.contains("40 printed sums checked, 2 do not add up"))
    }

    @Test func invalidPlanExitsWithTwo() throws {
        let path = try temporaryFile("[plan]\nid = \"x\"\n", name: "plan.toml")
        let result = try runTFP(["check", path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("plan.toml:1: the field 'period' is required"))
    }
}

@Suite struct BenchmarkCLITests {
    static let provinces = "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv"

    @Test func benchmarkOfTheBundledProvinces() throws {
        let result = try runTFP([
            "benchmark", Self.provinces, "--column", "output=grdp_current_bn_vnd", "--column",
            "employment=labour_force_thousand", "--from", "2019", "--to", "2021", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines[0] == "indicator,region,value,rank,regions,percentile,peer_group,rank_in_peers,peers,percentile_in_peers,rank_low,rank_high")
        // Highest nominal GRDP per labour-force member in 2021: Bà Rịa - Vũng Tàu.
        #expect(lines[1].hasPrefix("labour_productivity,Bà Rịa - Vũng Tàu,"))
        #expect(lines.count == 1 + 3 * 63)
    }

    @Test func harmonizeWritesThe34Units() throws {
        let result = try runTFP([
            "harmonize", Self.provinces, "--column", "output_nominal=grdp_current_bn_vnd",
            "--column", "employment=labour_force_thousand", "--to", "2025", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == 1 + 34 * 4)
        let bad = try runTFP(["harmonize", Self.provinces, "--to", "2020"])
        #expect(bad.status == 2)
    }
}

@Suite struct MalmquistCLITests {
    @Test func benchmarkWithMalmquistTables() throws {
        let result = try runTFP([
            "benchmark", "Datasets/international/pwt1001_asia.csv", "--column", "region=country", "--column", "output=rgdpna",
            "--column", "capital=rnna", "--column", "employment=emp", "--from", "2015", "--to", "2019",
            "--malmquist", "--table", "malmquist_years", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines[0] == "years,count,malmquist,efficiency_change,technical_change,pure_efficiency_change,scale_efficiency_change")
        #expect(lines.count == 1 + 5)
        #expect(lines[1].hasPrefix("2014-2015,19,"))
    }
}
