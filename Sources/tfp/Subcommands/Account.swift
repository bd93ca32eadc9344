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
        let raw = try input.readPanel(required: accounting.requiredRoles)
        let (panel, capitalNote) = try accounting.withCapital(raw)
        if capitalNote == nil && !panel.has(.capital) {
            throw ProductivityError.missingCapital
        }
        var sharesSource = try accounting.sharesSource(input.csvOptions())
        var estimated: EstimatedCapitalShare? = nil
        if let preset = capitalShareFrom?.model {
            let options = EstimationOptions(covariance: try CovarianceEstimator(parsing: vcov))
            let data = ProductionFunction.dataFrame(from: panel)
            let fit = try LinearModel.fit(Formula(preset.formula(trend: false, absorb: try Estimate.absorbed(absorb))), data: data, options: options)
            let share = try EstimatedCapitalShare(fit)
            estimated = share
            sharesSource = .capitalShare(share.estimate)
        }
        let result = try GrowthAccounting.compute(panel, options: GrowthAccountingOptions(
            method: accounting.method, shares: sharesSource, baseYear: baseYear, period: range, minimumGrowthForShare: minGrowthForShare))
        var report = result.report(includeRows: !summary)
        // An estimated share with --draws (or with other ranges) carries its sampling uncertainty into the scenarios:
        // α ~ normal(estimate, standard error), truncated to (0, 1).
        var estimatedShare: Assumption? = estimated.flatMap { e in
            (accounting.isUncertain || scenarios.draws != nil || bootstrap != nil) && e.standardError.isFinite && e.standardError > 0
                ? .normal(mean: e.estimate, sd: e.standardError) : nil
        }
        if let bootstrap {
            guard capitalShareFrom == .cobbDouglasCRS, (try Estimate.absorbed(absorb)) == ["region"] else {
                throw ValidationError("--bootstrap resamples regions of --capital-share-from cobb-douglas-crs --absorb region; give those two.")
            }
            // A cluster bootstrap needs clusters: with a handful of regions its resamples are a handful of panels
            // (Cameron & Miller 2015, §VI: few clusters), and its interval would claim a precision it has not.
            let regions = Set(panel.series.map(\.region)).count
            guard regions >= 10 else {
                throw ValidationError("--bootstrap resamples regions and needs at least 10 (the panel has \(regions)); use --draws alone to draw α from its standard error.")
            }
            let (estimate, draws) = try ProvinceBenchmark.bootstrapCapitalShares(panel, draws: bootstrap, seed: scenarios.seed)
            guard draws.count >= max(10, bootstrap / 2) else {
                throw ValidationError("Only \(draws.count) of \(bootstrap) bootstrap estimates of the capital share lie in (0, 1): the estimate is too unstable to draw from.")
            }
            estimatedShare = .empirical(draws, center: estimate)
        }
        if accounting.isUncertain || estimatedShare != nil {
            if sensitivity && range == nil { throw ValidationError("--sensitivity needs --from and --to (it reports the period's TFP share).") }
            guard var uncertain = accounting.uncertainty(scenarios, period: range, estimatedShare: estimatedShare) else { return }
            // The default number of scenarios is lowered for a large panel, and said so; an explicit one is kept (or refused).
            let most = UncertainAccounting.maxDraws(rows: raw.rowCount)
            if scenarios.draws == nil && uncertain.draws > most {
                uncertain.draws = most
                report.diagnostics.note("\(most) scenarios instead of 10,000: the panel has \(raw.rowCount) rows (give --draws to choose, up to \(most)).")
            }
            let bands = try uncertain.run(raw, shares: accounting.capitalShare == nil && estimatedShare == nil ? sharesSource : nil)
            report.appendIntervals(bands, rows: summary ? [] : result.rows, periods: result.periods, includeSensitivity: sensitivity)
            for note in bands.notes { report.diagnostics.note(note) }
            if let estimatedShare {
                if case .empirical(let values, _) = estimatedShare {
                    report.diagnostics.note("The estimated capital share's sampling uncertainty is carried into the intervals: α drawn from \(values.count) estimates of a region (cluster) bootstrap (pairs cluster bootstrap, Cameron & Miller 2015; seed \(scenarios.seed)).")
                } else {
                    report.diagnostics.note("The estimated capital share's sampling uncertainty is carried into the intervals: α drawn from \(estimatedShare) (estimate, standard error), truncated to (0, 1).")
                }
            }
        } else if sensitivity {
            throw ValidationError("--sensitivity needs a range for --capital-share, --depreciation, --growth-years or --initial-capital-output (for example --capital-share 0.35..0.5).")
        } else if scenarios.draws != nil {
            throw ValidationError("--draws applies when an assumption is a range or a distribution, or with --capital-share-from (its standard error is drawn).")
        }
        if let capitalNote { report.diagnostics.note(capitalNote) }
        if let e = estimated {
            report.diagnostics.note("Capital share estimated by \(e.formula): α = \(e.estimate) (s.e. \(e.standardError), \(Int(e.confidenceLevel * 100))% interval \(e.confidenceLow) to \(e.confidenceHigh), \(e.nobs) observations, vcov \(e.covariance)).")
            report.metadata.append(("estimated_capital_share", JSONText.object([
                ("formula", JSONText.string(e.formula)), ("estimate", JSONText.number(e.estimate)),
                ("std_error", JSONText.number(e.standardError)), ("conf_low", JSONText.number(e.confidenceLow)),
                ("conf_high", JSONText.number(e.confidenceHigh)), ("nobs", String(e.nobs)), ("vcov", JSONText.string(e.covariance)),
            ])))
        }
        try outputOptions.write(report)
    }
}
