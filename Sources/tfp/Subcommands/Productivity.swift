import ArgumentParser
import TFPKit

struct ProductivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "productivity",
        abstract: "Labour productivity per worker (and per hour), its growth and compound average growth.",
        discussion: """
            Example (average growth 2016-2020, i.e. from the 2015 level to the 2020 level):
              tfp productivity Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv --from 2016 --to 2020
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var outputOptions: OutputOptions

    @Flag(help: "Only the period summary (needs --from and --to).")
    var summary = false

    func run() throws {
        let range = try period.period()
        if summary && range == nil { throw ValidationError("--summary needs --from and --to.") }
        let panel = try input.readPanel(required: [.output, .employment])
        let result = try LabourProductivity.compute(panel, period: range)
        try outputOptions.write(result.report(includeRows: !summary))
    }
}
