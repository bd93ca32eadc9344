import Foundation
import Testing
import _TestSupport

/// Every command's help text, pinned (the swift-argument-parser habit): a changed flag,
/// default or sentence shows as a diff of `Snapshots/*.txt`. After a deliberate change,
/// record them again with `RECORD_SNAPSHOTS=1 swift test --filter HelpSnapshotTests`.
@Suite struct HelpSnapshotTests {
    static let commands = ["", "account", "capital", "productivity", "estimate", "check", "harmonize", "benchmark", "import", "report", "run"]

    @Test(arguments: commands)
    func helpTextIsPinned(command: String) throws {
        let result = try runTFP(command.isEmpty ? ["--help"] : [command, "--help"])
        #expect(result.status == 0)
        let path = repositoryPath("Tests/TFPCLITests/Snapshots/\(command.isEmpty ? "tfp" : command).txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try result.standardOutput.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let pinned = try String(contentsOfFile: path, encoding: .utf8)
        #expect(result.standardOutput == pinned, "help of '\(command)' changed: record again with RECORD_SNAPSHOTS=1 if it is meant")
    }
}
