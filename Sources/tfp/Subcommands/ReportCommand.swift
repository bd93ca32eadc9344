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

    @OptionGroup var input: PlanInputOptions

    @Option(help: "A panel of regions (the 63 provinces or the 34 units) to place the plan's region among: ranks, percentiles, a dot chart and gaps, in its latest year.")
    var benchmark: String?

    @Option(name: .customLong("benchmark-column"), help: ArgumentHelp("Map a role to a column of --benchmark: ROLE=NAME.", valueName: "ROLE=NAME"))
    var benchmarkColumns: [String] = []

    @Option(help: "Language of the report: vi (default) or en.")
    var lang: Language = .vi

    @Flag(help: "Say on standard error where the time went.")
    var timings = false

    @Option(help: "The report file: FILE.html or FILE.xlsx.")
    var output: String

    @OptionGroup(title: "Growth accounting for computed targets") var accounting: AccountingOptions

    @OptionGroup(title: "Scenarios (when an assumption is a range)") var scenarios: ScenarioOptions

    func validate() throws {
        let lower = output.lowercased()
        guard lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xlsx") else {
            throw ValidationError("--output must name a .html or .xlsx file; got '\(output)'.")
        }
    }

    func run() throws {
        let outcome = try input.job(accounting, scenarios).run()
        var accountingResult: GrowthAccountingResult? = nil
        var productivityResult: LabourProductivity.Result? = nil
        var notes = outcome.notes
        var intervals: UncertainAccounting.Result? = nil
        if let panel = outcome.panel, let region = outcome.region, let own = panel.restrictedToRegion(region) {
            productivityResult = try? LabourProductivity.compute(own)
            let shares = try accounting.settings.shares(csv: CSVOptions(decimal: input.decimal))
            if own.has(.capital), shares != nil || own.has(.labourShare) {
                do {
                    // The period summarised: the plan's years so far that the accounting covers.
                    let yearly = try GrowthAccounting.compute(own, options: GrowthAccountingOptions(method: accounting.method, shares: shares))
                    let years = yearly.rows.filter { $0.outputGrowth != nil }.map(\.year)
                    var period: ClosedRange<Int>? = nil
                    if let first = years.min(), let last = years.max() {
                        let to = min(last, input.year, outcome.plan.period.to)
                        let from = max(first, min(outcome.plan.period.from, to))
                        period = from <= to ? from...to : nil
                    }
                    accountingResult = try GrowthAccounting.compute(own, options: GrowthAccountingOptions(method: accounting.method, shares: shares, period: period))
                    if var uncertain = accounting.uncertainty(scenarios, period: period), let raw = outcome.rawPanel?.restrictedToRegion(region) {
                        uncertain.draws = min(uncertain.draws, UncertainAccounting.maxDraws(rows: raw.rowCount))
                        intervals = try uncertain.run(raw, shares: accounting.capitalShare == nil ? shares : nil)
                        notes += intervals?.notes ?? []
                    }
                } catch {
                    notes.append(.text(TFP.message(for: error)))
                }
            }
        }
        var sources = [input.plan]
        if let actuals = input.actuals { sources.append(actuals) }
        if let data = input.data { sources.append(data) }
        if let benchmark { sources.append(benchmark) }
        var benchmarkResult: ProvinceBenchmark.Result? = nil
        if let benchmark {
            let panel = try Panel.read(
                path: benchmark, options: CSVOptions(decimal: input.decimal),
                mapping: ColumnMapping(assignments: benchmarkColumns), required: [.output, .employment])
            if let last = panel.years.max(), let first = panel.years.min(), last > first {
                benchmarkResult = try ProvinceBenchmark.compute(panel, reference: try RegionReference.bundled(), options: .init(period: last...last))
            } else {
                notes.append(.benchmarkNeedsTwoYears)
            }
        }
        var report = PlanReport(
            plan: outcome.plan, evaluation: outcome.evaluation, accounting: accountingResult, productivity: productivityResult,
            parameters: accounting.settings.description.map { ($0.0, $0.1) }, sources: sources, notes: notes, language: lang)
        report.benchmark = benchmarkResult
        report.intervals = intervals
        report.naming = .flags
        let inputs = OutputOptions.otherArguments(than: output)
        if output.lowercased().hasSuffix(".xlsx") {
            try OutputFile.write(SpreadsheetWriter.workbook(report.workbook(), language: lang, naming: .flags), to: output, inputs: inputs)
        } else {
            try OutputFile.write(report.html(), to: output, inputs: inputs)
        }
        try input.applyFailOn(outcome.evaluation)
    }
}
