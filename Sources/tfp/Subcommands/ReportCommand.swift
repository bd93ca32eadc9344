import ArgumentParser
import Foundation
import TFPKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The annual report on a plan: targets, TFP contribution, labour productivity, budget, methods, as a web page or a workbook.",
        discussion: """
            Example:
              tfp report Datasets/plans/danang_37-KH-UBND_2022.toml --as-of 2024 \\
                --actuals Datasets/plans/actuals/danang_EXAMPLE.csv \\
                --data Datasets/plans/data/danang_2010_2022_DERIVED.csv --depreciation 0.05 --growth-years 2 --capital-share 0.5 \\
                --output danang_2024.html

            FILE.html is one self-contained page (no script, no network), printable on A4; FILE.xlsx a workbook with one \
            sheet per table. Vietnamese by default (--lang en for English). The evaluation is the one of tfp check, with \
            the same options and exit codes (--fail-on).
            """
    )

    @Argument(help: "The plan file (TOML).")
    var plan: String

    @Option(help: "Evaluate as of this year (default: the current year).")
    var asOf: Int?

    @Option(help: "Actual values of counted indicators (CSV or workbook: region, indicator, year, value, source).")
    var actuals: String?

    @Option(help: "A data panel for the TFP contribution and labour productivity, as for tfp account.")
    var data: String?

    @Option(name: .customLong("column"), help: ArgumentHelp("Map a role to a column of --data: ROLE=NAME.", valueName: "ROLE=NAME"))
    var columns: [String] = []

    @Option(help: "Decimal style of --data and --actuals: point or comma.")
    var decimal: DecimalStyle = .point

    @Option(help: "The region of --data to use for the plan, when the data name it differently.")
    var dataRegion: String?

    @Option(help: "Language of the report: vi (default) or en.")
    var lang: Language = .vi

    @Option(help: "The report file: FILE.html or FILE.xlsx.")
    var output: String

    @Option(help: "Exit with code 1 when a target is missed, over budget or in error, or (at-risk) also at risk.")
    var failOn: Check.FailOn?

    @OptionGroup(title: "Growth accounting for computed targets") var accounting: AccountingOptions

    func validate() throws {
        let lower = output.lowercased()
        guard lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xlsx") else {
            throw ValidationError("--output must name a .html or .xlsx file; got '\(output)'.")
        }
        try accounting.requireSingleValues("report")
        if let asOf, !Plan.validYears.contains(asOf) {
            throw ValidationError("--as-of must be a year between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound); got \(asOf).")
        }
    }

    func run() throws {
        let year = asOf ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        let job = CheckJob(plan: plan, actuals: actuals, data: data, columns: columns, decimal: decimal, asOf: year,
                           dataRegion: dataRegion, accounting: accounting.settings)
        let outcome = try job.run()
        var accountingResult: GrowthAccountingResult? = nil
        var productivityResult: LabourProductivity.Result? = nil
        var notes = outcome.notes
        if let panel = outcome.panel, let region = outcome.region, let own = panel.restricted(toRegion: region) {
            productivityResult = try? LabourProductivity.compute(own)
            let shares = try accounting.settings.shares(csv: CSVOptions(decimal: decimal))
            if own.has(.capital), shares != nil || own.has(.labourShare) {
                do {
                    accountingResult = try GrowthAccounting.compute(own, options: GrowthAccountingOptions(method: accounting.method, shares: shares))
                } catch {
                    notes.append(error.localizedDescription)
                }
            }
        }
        var sources = [plan]
        if let actuals { sources.append(actuals) }
        if let data { sources.append(data) }
        let report = PlanReport(plan: outcome.plan, evaluation: outcome.evaluation, accounting: accountingResult, productivity: productivityResult,
                                parameters: accounting.settings.description.map { ($0.0, $0.1) }, sources: sources, notes: notes, language: lang)
        let inputs = OutputOptions.otherArguments(than: output)
        if output.lowercased().hasSuffix(".xlsx") {
            try OutputFile.write(SpreadsheetWriter.workbook(report.workbook(), language: lang), to: output, inputs: inputs)
        } else {
            try OutputFile.write(report.html(), to: output, inputs: inputs)
        }
        if let failOn {
            let threshold = failOn == .atRisk ? TargetStatus.atRisk.severity : TargetStatus.missed.severity
            if outcome.evaluation.evaluations.contains(where: { $0.status.severity >= threshold }) { throw ExitCode(1) }
        }
    }
}
