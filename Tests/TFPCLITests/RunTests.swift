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
        #expect(tasks.count == 10)
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
        let spec = try temporaryFile("""
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
        for (text, words) in [("[[jobs]]\ncommand = \"solow\"\ndata = \"x.csv\"", "command"),
                              ("[[jobs]]\ncommand = \"account\"\ndata = \"x.csv\"\nformats = [\"pdf\"]", "formats"),
                              ("[[jobs]]\ncommand = \"account\"\ndata = \"x.csv\"\noptions = { output = \"a\" }", "output"),
                              ("[inputs.a]\n[[jobs]]\ncommand = \"account\"\ndata = \"a\"", "path"),
                              ("[[[jobs]]", "syntax"),
                              ("[[jobs]]\nname = \"a\"\ncommand = \"productivity\"\ndata = \"x.csv\"\nperiods = [[2011, 2015]]\n[[jobs]]\nname = \"a_2011-2015\"\ncommand = \"productivity\"\ndata = \"x.csv\"", "would both write"),
                              ("[[jobs]]\nname = \"manifest\"\ncommand = \"productivity\"\ndata = \"x.csv\"", "name")] {
            let spec = try temporaryFile(text, name: "spec.toml")
            let result = try runTFP(["run", spec, "--output", try folder()])
            #expect(result.status == 2, "\(text)")
            #expect(result.standardError.contains(words), "\(result.standardError)")
        }
        #expect(try runTFP(["run", "--verify", try folder()]).status == 2)
        #expect(try runTFP(["run"]).status == 2)
    }
}
