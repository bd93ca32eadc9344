import ArgumentParser
import Foundation
import TFPKit

extension ProductionFunction: ExpressibleByArgument {}
extension FixedEffectMethod: ExpressibleByArgument {}

struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Least squares with absorbed fixed effects and robust or clustered standard errors.",
        discussion: """
            Examples:
              tfp estimate Datasets/international/us_states_produc_1970_1986.csv \\
                --formula "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state" --vcov cluster:state
              tfp estimate Datasets/international/pwt1001_asia.csv --model cobb-douglas-crs --absorb region \\
                --column region=country --column output=rgdpna --column capital=rkna --column employment=emp

            Formulas: y ~ x1 + log(x2) + x3:x4 + I(log(x2)^2) | fe1 + fe2 (intercept unless -1; none with fixed effects).
            --model builds the formula from the roles output, capital and labour (= employment × hours × human_capital).
            --vcov: iid, hc1, cluster:COL or cluster:COL1+COL2; hc0, hc2, hc3 without fixed effects.
            --ssc: the small-sample correction as fixest/pyfixest ssc() (default: theirs), e.g. --ssc k_fixef=full,G_df=conventional.
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "The model, as y ~ x1 + x2 | fe1 + fe2 (column names of the file).")
    var formula: String?

    @Option(help: "A production function from the column roles: cobb-douglas, cobb-douglas-crs or translog.")
    var model: ProductionFunction?

    @Flag(help: "Add a linear time trend (year) to --model.")
    var trend = false

    @Option(help: "Fixed effects for --model: region, year, sector, joined with + (for example region+year).")
    var absorb: String?

    @Option(help: "Covariance: iid, hc1, cluster:COL, cluster:COL1+COL2 (also hc0, hc2, hc3 without fixed effects).")
    var vcov: String = "iid"

    @Option(
        help: ArgumentHelp(
            "Small-sample correction, as fixest/pyfixest ssc: k_adj=true|false, k_fixef=none|nonnested|full, G_adj=true|false, G_df=min|conventional (comma-separated, others at their default), or fixest (default) or none.",
            valueName: "ssc"))
    var ssc: SmallSampleCorrection = .fixest

    @Option(help: "Convergence tolerance of the fixed-effect absorption, between 1e-14 and 0.01.")
    var tolerance: Double = 1e-10

    @Option(help: "Largest number of sweeps of the fixed-effect absorption, 1 to 1,000,000.")
    var maxIterations: Int = 10_000

    @Flag(help: "Keep singleton observations (by default they are removed and counted).")
    var keepSingletons = false

    @Option(help: "Fixed-effect absorption: auto (alternating projections; the exact direct path or conjugate gradient if they stall), map, cg or direct.")
    var feMethod: FixedEffectMethod = .automatic

    func run() throws {
        let options = EstimationOptions(
            covariance: try CovarianceEstimator(parsing: vcov), tolerance: tolerance, maxIterations: maxIterations,
            removeSingletons: !keepSingletons, fixedEffectMethod: feMethod, smallSample: ssc)
        let outcome: EstimationJob.Outcome
        switch (formula, model) {
        case (let text?, nil):
            // A formula reads the file's own columns, not the region role: --region applies to the presets.
            if !input.region.isEmpty { throw ValidationError("--region applies with --model; with --formula, keep the rows you want in the file (or add the region as a fixed effect).") }
            let job = EstimationJob(model: .formula(try Formula(text)), options: options)
            let columns = job.columns  // computed once: numbers, and categories (fixed effects, clusters)
            let data = try DataFrame.read(path: try input.dataPath("--formula"), options: input.csvOptions(), numeric: columns.numeric, categorical: columns.categorical)
            Timings.lap("read")
            outcome = try job.run(data)
        case (nil, let preset?):
            let job = EstimationJob(model: .preset(preset, trend: trend, absorb: try ProductionFunction.absorbedRoles(absorb)), options: options)
            let panel = try input.readPanel(required: EstimationJob.presetRoles)
            outcome = try job.run(panel)
        default:
            throw ValidationError("Give either --formula or --model.")
        }
        Timings.lap("estimate")
        try outputOptions.write(outcome.report(), csvTable: "coefficients")
    }

}
