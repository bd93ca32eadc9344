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
            options (--method, --capital-share, --depreciation). Exit code 1 when --fail-on is met.
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

    @Option(help: "Exit with code 1 when a target is missed, or (at-risk) at risk or missed.")
    var failOn: FailOn?

    @Option(name: .customLong("column"), help: ArgumentHelp("Map a role to a column of --data: ROLE=NAME.", valueName: "ROLE=NAME"))
    var columns: [String] = []

    @Option(help: "Decimal style of --data and --actuals: point or comma.")
    var decimal: DecimalStyle = .point

    @OptionGroup(title: "Growth accounting for computed targets") var accounting: AccountingOptions

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let parsed = try Plan.read(path: plan)
        if template {
            try outputOptions.write(Actuals.template(for: parsed))
            return
        }
        let options = CSVOptions(decimal: decimal)
        let actualValues = try actuals.map { try Actuals.read(path: $0, options: options) }
        var computed: ComputedIndicators? = nil
        if let data {
            let (panel, _) = try accounting.withCapital(
                Panel.read(path: data, options: options, mapping: ColumnMapping(assignments: columns), required: [.output, .employment]))
            computed = ComputedIndicators(panel: panel, region: parsed.region, accounting: GrowthAccountingOptions(
                method: accounting.method, shares: accounting.capitalShare.map { .capitalShare($0) }))
        }
        let year = asOf ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        let evaluation = PlanEvaluator.evaluate(parsed, asOf: year, actuals: actualValues, computed: computed)
        var report = evaluation.report()
        if asOf == nil { report.diagnostics.note("Evaluated as of \(year), the current year (give --as-of to choose).") }
        try outputOptions.write(report.render(outputOptions.format, csvTable: "targets"))
        if let failOn {
            let worst = evaluation.evaluations.contains { $0.status == .missed || (failOn == .atRisk && $0.status == .atRisk) }
            if worst { throw ExitCode(1) }
        }
    }
}
