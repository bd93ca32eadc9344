import ArgumentParser
import Foundation
import TFPKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a plan's targets: met, on track, at risk, missed, not yet due, or no data.",
        discussion: """
            Examples:
              tfp check Datasets/plans/danang_37-KH-UBND_2022.toml --actuals Datasets/plans/actuals/danang_EXAMPLE.csv --as-of 2024
              tfp check Datasets/plans/thuathienhue_149-KH-UBND_2021.toml \\
                --data Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv --as-of 2021
              tfp check PLAN.toml --template > actuals.csv     (an empty actuals file to fill in)

            Counted indicators come from --actuals (region, indicator, year, value, source; a value is the count in \
            that year). TFP shares and labour-productivity growth are computed from --data with the growth-accounting \
            options (--method, --capital-share or --shares, --depreciation, --initial). A computed target whose data cannot \
            be prepared is reported as 'error' with the reason; the other targets are still evaluated. Exit code 1 when \
            --fail-on is met: 'missed' counts missed, over budget and error; 'at-risk' adds at risk.
            """
    )

    enum FailOn: String, ExpressibleByArgument { case missed, atRisk = "at-risk" }

    @Argument(help: "The plan file (TOML).")
    var plan: String

    @Option(help: "Actual values of counted indicators (CSV: region, indicator, year, value, source).")
    var actuals: String?

    @Option(help: "A data panel for computed targets (TFP share, labour productivity), as for tfp account.")
    var data: String?

    @Option(help: "Evaluate as of this year (default: the current year).")
    var asOf: Int?

    @Flag(help: "Write an empty actuals file for the plan instead of evaluating.")
    var template = false

    @Option(help: "Exit with code 1 when a target is missed, over budget or in error, or (at-risk) also at risk.")
    var failOn: FailOn?

    @Option(name: .customLong("column"), help: ArgumentHelp("Map a role to a column of --data: ROLE=NAME.", valueName: "ROLE=NAME"))
    var columns: [String] = []

    @Option(help: "Decimal style of --data and --actuals: point or comma.")
    var decimal: DecimalStyle = .point

    @Option(help: "The region of --data to use for the plan, when the data name it differently (another region's data are never used otherwise).")
    var dataRegion: String?

    @Flag(help: "Refuse actuals rows that no target reads (another region, an unknown indicator) instead of listing them in the notes.")
    var strict = false

    @OptionGroup(title: "Growth accounting for computed targets") var accounting: AccountingOptions

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if let asOf, !Plan.validYears.contains(asOf) {
            throw ValidationError("--as-of must be a year between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound); got \(asOf).")
        }
        if template && (actuals != nil || data != nil || failOn != nil) {
            throw ValidationError("--template writes an empty actuals file; it takes no --actuals, --data or --fail-on.")
        }
        if dataRegion != nil && data == nil { throw ValidationError("--data-region applies to --data.") }
        try accounting.requireSingleValues("check")
    }

    func run() throws {
        if template {
            try outputOptions.write(Actuals.template(for: Plan.read(path: plan)))
            return
        }
        let year = asOf ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        let job = CheckJob(plan: plan, actuals: actuals, data: data, columns: columns, decimal: decimal, asOf: year,
                           dataRegion: dataRegion, strict: strict, accounting: accounting.settings)
        let outcome = try job.run()
        var report = outcome.evaluation.report()
        if asOf == nil { report.diagnostics.note("Evaluated as of \(year), the current year (give --as-of to choose).") }
        for note in outcome.notes { report.diagnostics.note(note) }
        try outputOptions.write(report, csvTable: "targets")
        if let failOn {
            let threshold = failOn == .atRisk ? TargetStatus.atRisk.severity : TargetStatus.missed.severity
            if outcome.evaluation.evaluations.contains(where: { $0.status.severity >= threshold }) { throw ExitCode(1) }
        }
    }
}
