import Foundation
import Testing
import _TestSupport

/// The binary on what departments' files really are (issues 8, 11, 13): every
/// failure is exit 2 with one sentence, an output never replaces an input.
@Suite struct IOTrustTests {
    static let national = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"

    @Test func headerOnlyEmptyAndBinaryFilesExitTwoInEveryCommand() throws {
        let header = try temporaryFile("region,year,output,employment,investment,capital\n")
        let empty = try temporaryFile("")
        let binary = try temporaryFile(bytes: [0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], name: "old.xls")
        let commands: [[String]] = [
            ["account", "--capital-share", "0.4"], ["capital", "--depreciation", "0.05"], ["productivity"],
            ["estimate", "--formula", "log(output) ~ log(capital)"], ["harmonize"], ["benchmark", "--from", "2011", "--to", "2012"],
        ]
        for command in commands {
            for (file, words) in [(header, "no data rows"), (empty, "is empty"), (binary, ".xls")] {
                var arguments = command
                arguments.insert(file, at: 1)
                let result = try runTFP(arguments)
                #expect(result.status == 2, "\(arguments): \(result.standardError)")
                #expect(result.standardError.hasPrefix("error: ") && result.standardError.contains(words), "\(arguments): \(result.standardError)")
            }
        }
    }

    @Test func outputNamingAnInputIsRefusedAndTheInputKept() throws {
        let input = try temporaryFile(try String(contentsOfFile: repositoryPath(Self.national), encoding: .utf8))
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        for output in [input, "--output=\(input)"] {
            let arguments = output.hasPrefix("--") ? ["productivity", input, output] : ["productivity", input, "--output", output]
            let result = try runTFP(arguments)
            #expect(result.status == 2)
            #expect(result.standardError.contains("it is an input of this command"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
        // "-" is standard output.
        let dash = try runTFP(["productivity", Self.national, "--from", "2016", "--to", "2020", "--summary", "--format", "csv", "--output", "-"])
        #expect(dash.status == 0 && dash.standardOutput.hasPrefix("region,from,to,average_growth_per_worker"))
    }

    @Test func versionAndVersionInJSON() throws {
        let version = try runTFP(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.hasPrefix("tfp 0."))
        let json = try runTFP(["productivity", Self.national, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(version.standardOutput.contains(try #require(object["tfp_version"] as? String)))
    }

    @Test func workbookInAndOut() throws {
        // The xlsxwriter fixture (national rows 2010-2012 and Đà Nẵng 2010-2011) read by a command…
        let fixture = "Tests/DataIOTests/Workbooks/xlsxwriter_formulas.xlsx"
        let read = try runTFP(["productivity", fixture, "--sheet", "Data", "--format", "csv"])
        #expect(read.status == 0, "\(read.standardError)")
        // 2011 growth of output per worker: (2915553.9/50352.0)/(2739843.2/49124.1) − 1.
        let row = read.standardOutput.split(separator: "\n")[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(abs(Double(row[5])! - ((2915553.9 / 50352.0) / (2739843.2 / 49124.1) - 1)) < 1e-14)
        // …and a workbook written, read back by the same reader.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let book = folder.appendingPathComponent("nangsuat.xlsx").path
        let written = try runTFP(["productivity", fixture, "--output", book])
        #expect(written.status == 0, "\(written.standardError)")
        let back = try runTFP(["import", book, "--name", "x"])  // not a wide table: refused with the reason
        #expect(back.status == 2 && back.standardError.contains("read directly by every command"))
        let wrongFormat = try runTFP(["productivity", fixture, "--format", "json", "--output", book])
        #expect(wrongFormat.status == 2)
        let sheetOnCSV = try runTFP(["productivity", Self.national, "--sheet", "1"])
        #expect(sheetOnCSV.status == 2 && sheetOnCSV.standardError.contains("apply to Excel workbooks"))
    }

    @Test func importYearbookTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let long = folder.appendingPathComponent("labour.csv").path
        let result = try runTFP([
            "import", "Datasets/yearbook/EXAMPLE_labour_force_wide.csv", "--decimal", "comma",
            "--name", "employment", "--output", long,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("3 total or regional aggregate row(s) left out"))
        #expect(result.standardOutput.contains("5 not available (..)"))
        let text = try String(contentsOfFile: long, encoding: .utf8)
        // GSO PX-Web V02.34 (Datasets/vietnam/provinces_labour_force_2005_2021.csv): Hà Nội 2021, preliminary, 3939.9.
        #expect(text.contains("Hà Nội,2021,3939.9,true\n"))
        #expect(!text.contains("CẢ NƯỚC"))
        let clash = try runTFP(["import", "Datasets/yearbook/EXAMPLE_labour_force_wide.csv", "--name", "year"])
        #expect(clash.status == 2)
    }
}
