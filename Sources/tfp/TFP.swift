import ArgumentParser
import CHeap
import Foundation
import TFPKit

@main
struct TFP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tfp",
        abstract: "Labour productivity, capital stocks and the contribution of TFP to growth, for provinces and countries.",
        discussion: """
            Input is a long-format CSV with one row per region and year; columns are named after their roles \
            (region, year, output, capital, investment, employment, hours, human_capital, labour_share) or mapped \
            with --column ROLE=NAME. Exit codes: 0 success, 1 a checked target missed (only with --fail-on), \
            2 bad input or bad arguments.
            """,
        version: "tfp \(ToolVersion.current)",
        subcommands: [Account.self, Capital.self, ProductivityCommand.self, Estimate.self, Check.self, Harmonize.self, BenchmarkCommand.self, Import.self, ReportCommand.self, Run.self]
    )

    /// The one-sentence message of an error, as main prints it (for run records).
    static func message(for error: Error) -> String {
        cliMessage(for: error) ?? fullMessage(for: error)
    }

    /// Parses, runs, and maps every failure to exit code 2 with one sentence on
    /// standard error (ArgumentParser's own default for usage errors is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            // Tables of 100,000 rows are built and freed in the heap, in huge pages (CHeap, issue 14). Not for
            // `estimate`: its columns of 10M rows are larger than the heap's threshold anyway, and freed blocks
            // kept in the heap raised its peak memory by a tenth (1.20 -> 1.33 GB; goal 6).
            if !(command is Estimate) { _ = tfp_prepare_heap(256 << 20) }
            Timings.start((command as? TimedCommand)?.timingsWanted ?? false)
            Timings.installProgress()
            defer { Timings.clearProgress() }
            try command.run()
            Timings.report(lastPhase: "compute and write")
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message: String
            if let text = cliMessage(for: error) {
                message = "error: " + text
            } else {
                message = fullMessage(for: error)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
