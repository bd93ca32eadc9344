import ArgumentParser
import TFPKit

struct Capital: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Capital stock from investment by perpetual inventory: K_t = (1−δ)·K_{t−1} + I_t.",
        discussion: """
            Example:
              tfp capital Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv --depreciation 0.05

            The initial stock is I₀/(g+δ) (steady state; g = compound growth of investment over the first \
            --growth-years years), with --initial benchmark the capital column's value in the first year, or with \
            --initial-capital-output κ the first year's output times κ (as tfp account takes it).
            Give δ per region and year with a depreciation column instead of --depreciation.
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "Depreciation rate δ for every region and year (0.05 = 5%); omit to use the depreciation column.")
    var depreciation: Double?

    @Option(help: "steady-state (I₀/(g+δ)) or benchmark (the capital column's first-year value).")
    var initial: AccountingSettings.InitialStock = .steadyState

    @Option(help: "Years of investment growth used by the steady-state rule, 1 to 50.")
    var growthYears: Int = 5

    @Option(
        name: .customLong("initial-capital-output"),
        help: ArgumentHelp(
            "Start from this capital-output ratio κ in the first year (K₀ = κ·Y₀; 2.5 = capital worth 2.5 years of output) instead of the steady state; needs an output column.",
            valueName: "κ")) var initialCapitalOutput: Double?

    func validate() throws {
        if let depreciation, !(depreciation >= 0 && depreciation < 1) {
            throw ValidationError("--depreciation must be a rate in [0, 1) (write 0.05 for 5%); got \(depreciation).")
        }
        guard (1...50).contains(growthYears) else { throw ValidationError("--growth-years must be between 1 and 50; got \(growthYears).") }
        if let initialCapitalOutput {
            try validateInitialCapitalOutput(initialCapitalOutput, fits: initialCapitalOutput > 0 && initialCapitalOutput < 1_000, initial: initial)
        }
    }

    func run() throws {
        var required: Set<Role> = [.investment]
        if depreciation == nil { required.insert(.depreciation) }
        if initial == .benchmark { required.insert(.capital) }
        if initialCapitalOutput != nil { required.insert(.output) }
        let panel = try input.readPanel(required: required)
        let start = AccountingSettings.initialStock(capitalOutput: initialCapitalOutput, initial: initial, growthYears: growthYears)
        let result = try PerpetualInventory.compute(panel, depreciation: depreciation.map { .rate($0) } ?? .column, initial: start)
        try outputOptions.write(result.report())
    }
}
