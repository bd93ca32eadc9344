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

    @OptionGroup var input: PlanInputOptions

    @Flag(help: "Write an empty actuals file for the plan instead of evaluating.")
    var template = false

    @OptionGroup(title: "Growth accounting for computed targets") var accounting: AccountingOptions

    @OptionGroup(title: "Scenarios (when an assumption is a range)") var scenarios: ScenarioOptions

    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if template && (input.actuals != nil || input.data != nil || input.failOn != nil) {
            throw ValidationError("--template writes an empty actuals file; it takes no --actuals, --data or --fail-on.")
        }
        if template && ![.table, .csv].contains(outputOptions.format) {
            throw ValidationError("--template writes a CSV file to fill in; --format \(outputOptions.format.rawValue) applies to the evaluation.")
        }
    }

    func run() throws {
        if template {
            try outputOptions.write(Actuals.template(for: Plan.read(path: input.plan)))
            return
        }
        let outcome = try input.job(accounting, scenarios).run()
        var report = outcome.evaluation.report(naming: .flags)
        if input.asOf == nil { report.diagnostics.note("Evaluated as of \(input.year), the current year (give --as-of to choose).") }
        for note in outcome.notes { report.diagnostics.add(note) }
        try outputOptions.write(report, csvTable: "targets")
        try input.applyFailOn(outcome.evaluation)
    }
}
