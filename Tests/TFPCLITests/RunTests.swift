import Foundation
import Testing
import _TestSupport

/// Issue 13: batch runs with a manifest, failures isolated, outputs reproducible.
@Suite struct RunTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-run-\(UUID().uuidString)")
        return dir.path
    }

    @Test func exampleRunWritesEveryOutputAndVerifies() throws {
        let out = try folder()
        let result = try runTFP(["run", "Datasets/runs/EXAMPLE_annual.toml", "--output", out])
        #expect(result.status == 0, "\(result.standardError)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [String: Any])
        let tasks = try #require(manifest["tasks"] as? [[String: Any]])
        #expect(tasks.count == 38)
        #expect(tasks.allSatisfy { $0["status"] as? String == "ok" })
        // Each output's hash is the hash of the file written.
        for task in tasks {
            let output = try #require(task["output"] as? [String: Any])
            let path = out + "/" + (output["path"] as? String ?? "")
            #expect(FileManager.default.fileExists(atPath: path))
            #expect((output["sha256"] as? String)?.count == 64)
        }
        // The national 2016-2019 TFP share at α = 0.6, δ = 0.05 is the README's 45.71%.
        let csv = try String(contentsOfFile: out + "/national-accounting_2016-2019.csv", encoding: .utf8)
        let row = csv.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(abs(Double(row[9])! - 0.4571) < 0.00005)
        let verify = try runTFP(["run", "--verify", out])
        #expect(verify.status == 0, "\(verify.standardOutput)")
        #expect(verify.standardOutput.contains("reproduced byte for byte"))
    }

    @Test func aFailingJobIsRecordedAndTheOthersRun() throws {
        let spec = try temporaryFile(
            """
            [[jobs]]
            name = "good"
            command = "productivity"
            data = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"

            [[jobs]]
            name = "bad"
            command = "account"
            data = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"
            options = { depreciation = 0.05 }
            """, name: "spec.toml")
        let out = try folder()
        let result = try runTFP(["run", spec, "--output", out])
        #expect(result.status == 1)
        #expect(FileManager.default.fileExists(atPath: out + "/good.csv"))
        let manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"status\" : \"failed\""))
        #expect(manifest.contains("factor shares"))
    }

    @Test func anInvalidSpecExitsTwoWithItsField() throws {
        for (text, words) in [
            ("[[jobs]]\ncommand = \"solow\"\ndata = \"x.csv\"", "command"),
            ("[[jobs]]\ncommand = \"account\"\ndata = \"x.csv\"\nformats = [\"pdf\"]", "formats"),
            ("[[jobs]]\ncommand = \"account\"\ndata = \"x.csv\"\noptions = { output = \"a\" }", "output"),
            ("[inputs.a]\n[[jobs]]\ncommand = \"account\"\ndata = \"a\"", "path"),
            ("[[[jobs]]", "syntax"),
            (
                "[[jobs]]\nname = \"a\"\ncommand = \"productivity\"\ndata = \"x.csv\"\nperiods = [[2011, 2015]]\n[[jobs]]\nname = \"a_2011-2015\"\ncommand = \"productivity\"\ndata = \"x.csv\"",
                "would both write"
            ),
            ("[[jobs]]\nname = \"manifest\"\ncommand = \"productivity\"\ndata = \"x.csv\"", "name"),
            // Unknown keys are refused with their line and name (a typo is never ignored).
            ("[[jobs]]\ncommand = \"productivity\"\ndata = \"x.csv\"\nformat = [\"csv\"]", ":4: field 'format'"),
            ("[input.a]\npath = \"x.csv\"\n[[jobs]]\ncommand = \"productivity\"\ndata = \"a\"", "unknown key 'input'"),
            ("[inputs.a]\npath = \"x.csv\"\ncolumn = { output = \"y\" }\n[[jobs]]\ncommand = \"productivity\"\ndata = \"a\"", "unknown key 'column'"),
            ("[[jobs]]\ncommand = \"check\"\nplan = \"p.toml\"\nregions = [\"Huế\"]", "no regions for check"),
            ("[[jobs]]\ncommand = \"productivity\"\ndata = \"x.csv\"\nregions = \"some\"", "regions"),
            // A second job's fault is on the second job's line, not on the first job's key of that name.
            ("[[jobs]]\nname = \"a\"\ncommand = \"productivity\"\ndata = \"x.csv\"\n[[jobs]]\nname = \"a\"\ncommand = \"capital\"\ndata = \"x.csv\"", ":6: field 'name'"),
            ("[[jobs]]\ncommand = \"productivity\"\ndata = \"x.csv\"\n[[jobs]]\ncommand = \"solow\"\ndata = \"x.csv\"", ":5: field 'command'"),
        ] {
            let spec = try temporaryFile(text, name: "spec.toml")
            let result = try runTFP(["run", spec, "--output", try folder()])
            #expect(result.status == 2, "\(text)")
            #expect(result.standardError.contains(words), "\(result.standardError)")
        }
        #expect(try runTFP(["run", "--verify", try folder()]).status == 2)
        #expect(try runTFP(["run"]).status == 2)
    }

    /// Regions in a spec: one output per region for per-region commands, a filter for the others;
    /// the outputs equal the single commands' with --region.
    @Test func regionsExpandPerRegionAndFilterPanels() throws {
        let data = "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv"
        let spec = try temporaryFile(
            """
            [inputs.p]
            path = "\(data)"
            columns = { output = "grdp_current_bn_vnd", employment = "labour_force_thousand" }

            [[jobs]]
            name = "lp"
            command = "productivity"
            data = "p"
            regions = ["TP. Đà Nẵng", "Huế"]
            periods = [[2019, 2021]]
            options = { summary = true }

            [[jobs]]
            name = "each"
            command = "productivity"
            data = "p"
            regions = "each"

            [[jobs]]
            name = "five"
            command = "benchmark"
            data = "p"
            regions = ["Đà Nẵng", "Thừa Thiên Huế", "Quảng Ngãi", "Nghệ An", "Gia Lai"]
            periods = [[2019, 2021]]
            """, name: "spec.toml")
        let out = try folder()
        let result = try runTFP(["run", spec, "--output", out])
        #expect(result.status == 0, "\(result.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains("lp_danang_2019-2021.csv") && files.contains("lp_thuathienhue_2019-2021.csv"))
        #expect(files.filter { $0.hasPrefix("each_") }.count == 63)
        let single = try runTFP([
            "productivity", data, "--column", "output=grdp_current_bn_vnd", "--column", "employment=labour_force_thousand",
            "--region", "Đà Nẵng", "--from", "2019", "--to", "2021", "--summary", "--format", "csv",
        ])
        #expect(try String(contentsOfFile: out + "/lp_danang_2019-2021.csv", encoding: .utf8) == single.standardOutput)
        // Đà Nẵng's 2019-2021 nominal labour-productivity growth, as in the README's benchmark table (3.4%).
        #expect(single.standardOutput.contains("Đà Nẵng,2019,2021,0.034"))
        // The per-region tasks are parsed once and pointed at each region: the manifest records each task's own.
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as? [String: Any])
        let eachTasks = try #require(manifest["tasks"] as? [[String: Any]]).filter { ($0["job"] as? String) == "each" }
        #expect(eachTasks.count == 63)
        for task in eachTasks {
            let arguments = task["arguments"] as? [String] ?? []
            let region = arguments.firstIndex(of: "--region").map { arguments[$0 + 1] }
            #expect(region != nil && (task["parameters"] as? [String: Any])?["region"] as? String == "[\"\(region ?? "")\"]", "\(arguments)")
        }
        // The per-region tasks share one read of the data (PanelCache): each output equals the command run alone.
        for (region, key) in [("Đà Nẵng", "danang"), ("Hà Nội", "hanoi"), ("Cà Mau", "camau")] {
            let alone = try runTFP([
                "productivity", data, "--column", "output=grdp_current_bn_vnd", "--column", "employment=labour_force_thousand",
                "--region", region, "--format", "csv",
            ])
            #expect(alone.status == 0 && !alone.standardOutput.isEmpty)
            #expect(try String(contentsOfFile: out + "/each_\(key).csv", encoding: .utf8) == alone.standardOutput, "\(region)")
        }
        // A region the parser reads as an option is the spec's error, in any position of the list.
        for (regions, status) in [(#"["Đà Nẵng", "Huế"]"#, 0), (#"["Đà Nẵng", "-x"]"#, 2), (#"["-x", "Đà Nẵng"]"#, 2)] {
            let dashed = try temporaryFile(
                """
                [[jobs]]
                name = "lp"
                command = "productivity"
                data = "\(data)"
                regions = \(regions)
                options = { column = ["output=grdp_current_bn_vnd", "employment=labour_force_thousand"] }
                """, name: "dashed.toml")
            #expect(try runTFP(["run", dashed, "--output", try folder()]).status == Int32(status), "\(regions)")
        }
        let ranks = try String(contentsOfFile: out + "/five_2019-2021.csv", encoding: .utf8)
        #expect(ranks.contains(",5,") && !ranks.contains(",63,"))
    }

    /// A changed input byte changes exactly the outputs that depend on it, and --verify names them.
    @Test func verifyNamesExactlyTheOutputsOfAChangedInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-verify-input-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let national = dir + "/national.csv", danang = dir + "/danang.csv"
        try FileManager.default.copyItem(atPath: repositoryPath("Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"), toPath: national)
        try FileManager.default.copyItem(atPath: repositoryPath("Datasets/plans/data/danang_2010_2022_DERIVED.csv"), toPath: danang)
        let spec = try temporaryFile(
            """
            [[jobs]]
            name = "vn"
            command = "productivity"
            data = "\(national)"
            [[jobs]]
            name = "dn"
            command = "productivity"
            data = "\(danang)"
            """, name: "spec.toml")
        let out = dir + "/out"
        #expect(try runTFP(["run", spec, "--output", out]).status == 0)
        #expect(try runTFP(["run", "--verify", out]).status == 0)
        // One digit of Đà Nẵng's 2021 output changes (2022 has no employment, so it is not used).
        var text = try String(contentsOfFile: danang, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)  // the file has CRLF line ends
        let lastLine = try #require(lines.dropLast().last)
        var fields = lastLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[2] = "1" + fields[2]  // the output column
        let changed = fields.joined(separator: ",")
        text = text.replacingOccurrences(of: String(lastLine), with: changed)
        try text.write(toFile: danang, atomically: true, encoding: .utf8)
        let verify = try runTFP(["run", "--verify", out])
        #expect(verify.status == 1)
        #expect(verify.standardOutput.contains("dn.csv: differs"))
        #expect(!verify.standardOutput.contains("vn.csv"))
        #expect(verify.standardOutput.contains("input \(danang) has changed"))
    }
}
