import ArgumentParser
import TFPKit

struct Account: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Growth accounting: contributions of capital, labour and TFP to output growth.",
        discussion: """
            Example (Viet Nam, bundled data, capital built from investment):
              tfp account Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv \\
                --capital-share 0.5 --depreciation 0.05 --from 2016 --to 2019

            --method gso (default) uses simple growth rates and fixed shares: g_A = g_Y − α·g_K − (1−α)·g_L.
            --method tornqvist uses log differences with labour shares averaged over t and t−1.
            Shares come from the labour_share column, --capital-share, or --shares FILE (region,from,to,capital_share).
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var outputOptions: OutputOptions
    @OptionGroup var accounting: AccountingOptions

    @Option(help: "The year in which tfp_index equals 1 (default: each region's first year).")
    var baseYear: Int?

    @Option(help: "Output growth below which the TFP share is reported as undefined, in [0, 1).")
    var minGrowthForShare: Double = ShareOfGrowth.defaultMinimumGrowth

    func validate() throws {
        guard minGrowthForShare >= 0 && minGrowthForShare < 1 else {
            throw ValidationError("--min-growth-for-share must be in [0, 1) (0.005 = 0.5%); got \(minGrowthForShare).")
        }
        if let baseYear, !Panel.validYears.contains(baseYear) {
            throw ValidationError("--base-year must be a calendar year between \(Panel.validYears.lowerBound) and \(Panel.validYears.upperBound).")
        }
    }

    @Flag(help: "Only the period summary (needs --from and --to).")
    var summary = false

    @OptionGroup(title: "Scenarios (when an assumption is a range)") var scenarios: ScenarioOptions

    @Flag(help: "Add a sensitivity table: the period TFP share at each assumption's low and high value, the others at their centre (needs --from/--to and a range).")
    var sensitivity = false

    @Option(help: "Estimate the capital share on this panel with a production function: cobb-douglas-crs or cobb-douglas (optionally with + region / + year fixed effects via --absorb).")
    var capitalShareFrom: CapitalSharePreset?

    /// The presets that give one capital share (a translog has none, so it is not offered).
    enum CapitalSharePreset: String, ExpressibleByArgument {
        case cobbDouglasCRS = "cobb-douglas-crs", cobbDouglas = "cobb-douglas"
        var model: ProductionFunction { self == .cobbDouglas ? .cobbDouglas : .cobbDouglasCRS }
    }

    @Option(help: "Fixed effects for --capital-share-from: region, year, sector, joined with +.")
    var absorb: String?

    @Option(help: "Covariance for --capital-share-from: iid, hc1, cluster:region.")
    var vcov: String = "iid"

    @Option(help: "With --capital-share-from cobb-douglas-crs --absorb region and scenarios: draw α from N estimates of a region (cluster) bootstrap instead of normal(estimate, s.e.); 10 to 100,000.")
    var bootstrap: Int?

    func run() throws {
        if [accounting.capitalShare != nil, accounting.shares != nil, capitalShareFrom != nil].filter({ $0 }).count > 1 {
            throw ValidationError("Give one of --capital-share, --shares and --capital-share-from.")
        }
        if bootstrap != nil && capitalShareFrom == nil { throw ValidationError("--bootstrap resamples the estimate of --capital-share-from: give it too.") }
        if let bootstrap, !ProvinceBenchmark.drawLimits.contains(bootstrap) {
            throw ValidationError("--bootstrap must be between \(ProvinceBenchmark.drawLimits.lowerBound) and \(ProvinceBenchmark.drawLimits.upperBound); got \(bootstrap).")
        }
        let range = try period.period()
        if summary && range == nil { throw ValidationError("--summary needs --from and --to.") }
        // Scenarios when an assumption is uncertain, or to draw an estimated share from its sampling distribution.
        let drawsEstimate = capitalShareFrom != nil && (scenarios.draws != nil || bootstrap != nil)
        if accounting.isUncertain || drawsEstimate {
            if sensitivity && range == nil { throw ValidationError("--sensitivity needs --from and --to (it reports the period's TFP share).") }
        } else if sensitivity {
            throw ValidationError("--sensitivity needs a range for --capital-share, --depreciation, --growth-years or --initial-capital-output (for example --capital-share 0.35..0.5).")
        } else if scenarios.draws != nil {
            throw ValidationError("--draws applies when an assumption is a range or a distribution, or with --capital-share-from (its standard error is drawn).")
        }
        let job = AccountingJob(
            settings: accounting.settings, period: range, baseYear: baseYear, minimumGrowthForShare: minGrowthForShare,
            estimation: try capitalShareFrom.map {
                .init(
                    model: $0.model, absorb: try ProductionFunction.absorbedRoles(absorb),
                    covariance: try CovarianceEstimator(parsing: vcov), bootstrap: bootstrap)
            },
            uncertainty: accounting.uncertainty(scenarios, period: range, always: drawsEstimate),
            drawsGiven: scenarios.draws != nil, csv: try input.csvOptions())
        let outcome = try job.run(try input.readPanel(required: accounting.requiredRoles))
        try outputOptions.write(outcome.report(includeRows: !summary, includeSensitivity: sensitivity))
    }
}
