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
            --vcov: iid, hc1, cluster:COL or cluster:COL1+COL2 (small-sample corrections as fixest/pyfixest).
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

    @Option(help: "Covariance: iid, hc1, cluster:COL, cluster:COL1+COL2.")
    var vcov: String = "iid"

    @Option(help: ArgumentHelp("Small-sample correction, as fixest/pyfixest ssc: k_adj=true|false, k_fixef=none|nonnested|full, G_adj=true|false, G_df=min|conventional (comma-separated, others at their default), or fixest (default) or none.", valueName: "ssc"))
    var ssc: SmallSampleCorrection = .fixest

    @Option(help: "Convergence tolerance of the fixed-effect absorption, between 1e-14 and 0.01.")
    var tolerance: Double = 1e-10

    @Option(help: "Largest number of sweeps of the fixed-effect absorption, 1 to 1,000,000.")
    var maxIterations: Int = 10_000

    @Flag(help: "Keep singleton observations (by default they are removed and counted).")
    var keepSingletons = false

    @Option(help: "Fixed-effect absorption: auto (alternating projections; the exact direct path or conjugate gradient if they stall), map, cg or direct.")
    var feMethod: FixedEffectMethod = .automatic

    @Flag(help: "Report the time spent reading and estimating (on standard error).")
    var timings = false

    func run() throws {
        let covariance = try CovarianceEstimator(parsing: vcov)
        let options = EstimationOptions(covariance: covariance, tolerance: tolerance, maxIterations: maxIterations,
                                        removeSingletons: !keepSingletons, fixedEffectMethod: feMethod, smallSample: ssc)
        let clock = ContinuousClock()
        var readTime = Duration.zero, fitTime = Duration.zero
        switch (formula, model) {
        case (let text?, nil):
            // A formula reads the file's own columns, not the region role: --region applies to the presets.
            if !input.region.isEmpty { throw ValidationError("--region applies with --model; with --formula, keep the rows you want in the file (or add the region as a fixed effect).") }
            let parsed = try Formula(text)
            var categorical = Set(parsed.fixedEffects)
            if case .clustered(let names) = covariance { categorical.formUnion(names) }
            let start = clock.now
            let data = try DataFrame.read(path: try input.dataPath("--formula"), options: input.csvOptions(), numeric: parsed.numericColumns, categorical: categorical)
            let read = clock.now
            let fit = try LinearModel.fit(parsed, data: data, options: options)
            readTime = read - start
            fitTime = clock.now - read
            if timings {
                FileHandle.standardError.write(Data("timing: read \(seconds(readTime)) s, estimate \(seconds(fitTime)) s\n".utf8))
            }
            try outputOptions.write(fit.report(), csvTable: "coefficients")
        case (nil, let preset?):
            let fit = try Self.fitPreset(preset, input: input, trend: trend, absorb: absorb, options: options)
            var rts: (statistic: Double, p: Double)? = nil
            if preset == .cobbDouglas { rts = fit.waldTest(weights: ["log(capital)": 1, "log(labour)": 1], value: 1) }
            try outputOptions.write(fit.report(returnsToScale: rts), csvTable: "coefficients")
        default:
            throw ValidationError("Give either --formula or --model.")
        }
    }

    func seconds(_ d: Duration) -> String {
        let c = d.components
        return String(format: "%.4f", Double(c.seconds) + Double(c.attoseconds) * 1e-18)
    }

    static func absorbed(_ text: String?) throws -> [String] {
        guard let text else { return [] }
        let names = text.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names where !["region", "year", "sector"].contains(name) {
            throw ValidationError("--absorb takes region, year or sector (joined with +); got '\(name)'.")
        }
        return names
    }

    /// Fits a preset on the panel's roles (shared with `tfp account --capital-share-from`).
    static func fitPreset(_ preset: ProductionFunction, input: DataOptions, trend: Bool, absorb: String?, options: EstimationOptions) throws -> RegressionResult {
        let panel = try input.readPanel(required: [.output, .capital, .employment])
        let data = ProductionFunction.dataFrame(from: panel)
        let text = preset.formula(trend: trend, absorb: try absorbed(absorb))
        return try LinearModel.fit(Formula(text), data: data, options: options)
    }
}
