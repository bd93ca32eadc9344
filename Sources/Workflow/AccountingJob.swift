import DataIO
import Econometrics
import Foundation
import Productivity

/// Everything `tfp account` does after reading the panel, callable from Swift and batch
/// runs (issue 9): build capital, resolve the shares (given, from a file, or estimated by
/// a production function), account for growth, and run the scenarios of uncertain
/// assumptions (issue 12), with every note the result needs.
public struct AccountingJob: Sendable {
    /// A capital share estimated on the panel instead of given.
    public struct ShareEstimation: Sendable, Equatable {
        /// Constant-returns Cobb-Douglas (`log(Y/L) ~ log(K/L)`) or unrestricted (`log Y ~ log K + log L`).
        public var model: ProductionFunction
        /// Fixed effects from the roles: region, year, sector.
        public var absorb: [String]
        /// The covariance estimator of the estimate's standard error.
        public var covariance: CovarianceEstimator
        /// Draw α from this many estimates of a region (cluster) bootstrap instead of normal(estimate, s.e.).
        public var bootstrap: Int?

        /// An estimation; by default constant-returns Cobb-Douglas, no fixed effects, iid errors and no bootstrap.
        /// - Parameters:
        ///   - model: the production function.
        ///   - absorb: the fixed effects, from the roles region, year and sector.
        ///   - covariance: the covariance estimator.
        ///   - bootstrap: the number of region bootstrap estimates to draw α from (nil: normal(estimate, s.e.)).
        public init(model: ProductionFunction = .cobbDouglasCRS, absorb: [String] = [], covariance: CovarianceEstimator = .iid, bootstrap: Int? = nil) {
            self.model = model
            self.absorb = absorb
            self.covariance = covariance
            self.bootstrap = bootstrap
        }
    }

    /// The growth-accounting assumptions: method, shares, capital built from investment.
    public var settings: AccountingSettings
    /// Growth years summarised as a period (nil: none).
    public var period: ClosedRange<Int>?
    /// The year in which the TFP index is 1 (nil: each series' first year).
    public var baseYear: Int?
    /// Output growth below which the TFP share of growth is undefined (0.005 = 0.5%).
    public var minimumGrowthForShare: Double
    /// A capital share to estimate on the panel, instead of one given in `settings` (nil: none).
    public var estimation: ShareEstimation?
    /// The scenarios, when an assumption is uncertain (ranges, distributions), or to carry an estimated share's
    /// sampling uncertainty; `draws` nil means 10,000, lowered (and said) for a large panel.
    public var uncertainty: UncertainAccounting?
    /// Whether `uncertainty.draws` was chosen by the caller (kept, or refused if too many) or is the default.
    public var drawsGiven: Bool
    /// How the shares file is read.
    public var csv: CSVOptions

    /// A job.
    /// - Parameters:
    ///   - settings: the growth-accounting assumptions.
    ///   - period: growth years summarised as a period (nil: none).
    ///   - baseYear: the year in which the TFP index is 1 (nil: each series' first year).
    ///   - minimumGrowthForShare: output growth below which the TFP share of growth is undefined.
    ///   - estimation: a capital share to estimate instead of giving it (nil: none).
    ///   - uncertainty: the scenarios of uncertain assumptions (nil: none).
    ///   - drawsGiven: whether `uncertainty.draws` was chosen by the caller.
    ///   - csv: how the shares file is read.
    public init(
        settings: AccountingSettings, period: ClosedRange<Int>? = nil, baseYear: Int? = nil,
        minimumGrowthForShare: Double = ShareOfGrowth.defaultMinimumGrowth, estimation: ShareEstimation? = nil,
        uncertainty: UncertainAccounting? = nil, drawsGiven: Bool = false, csv: CSVOptions = CSVOptions()
    ) {
        self.settings = settings
        self.period = period
        self.baseYear = baseYear
        self.minimumGrowthForShare = minimumGrowthForShare
        self.estimation = estimation
        self.uncertainty = uncertainty
        self.drawsGiven = drawsGiven
        self.csv = csv
    }

    /// What ``AccountingJob/run(_:)`` gives.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The growth accounting.
        public let result: GrowthAccountingResult
        /// The estimated capital share, when estimated.
        public let estimated: EstimatedCapitalShare?
        /// The scenarios' intervals, when there were scenarios.
        public let intervals: UncertainAccounting.Result?
        /// Notes in the order a reader needs them.
        public let notes: [Diagnostics.Note]

        enum CodingKeys: String, CodingKey {
            case result, estimated, intervals, notes
        }
    }

    /// The smallest number of regions a region bootstrap resamples.
    public static let minimumBootstrapRegions = 10

    /// Runs the job on a panel: capital, shares, growth accounting and scenarios.
    /// - Parameter raw: the panel as read (capital is built from its investment when a depreciation rate is set).
    /// - Returns: the accounting, the estimate and the intervals, with their notes.
    /// - Throws: `WorkflowError`, `ProductivityError`, `EstimationError` or `DataIOError` (shares file).
    ///   `WorkflowError` for settings that contradict each other or a bootstrap that cannot be run, `ProductivityError`
    ///   when capital or shares are missing or invalid, `EstimationError` when the share cannot be estimated.
    public func run(_ raw: Panel) throws -> Outcome {
        try settings.validate()
        if estimation != nil && (settings.capitalShare != nil || settings.sharesFile != nil) {
            throw WorkflowError.invalidSetting("Give one of \(Setting.capitalShare.reference), \(Setting.shares.reference) and \(Setting.capitalShareFrom.reference)")
        }
        let (panel, capitalNote) = try settings.withCapital(raw)
        if capitalNote == nil && !panel.has(.capital) { throw ProductivityError.missingCapital }
        var shares = try settings.shares(csv: csv)
        var estimated: EstimatedCapitalShare? = nil
        var notes: [Diagnostics.Note] = []
        if let estimation {
            let data = ProductionFunction.dataFrame(from: panel)
            let formula = try Formula(estimation.model.formula(trend: false, absorb: estimation.absorb))
            let share = try EstimatedCapitalShare(LinearModel.fit(formula, data: data, options: EstimationOptions(covariance: estimation.covariance)))
            estimated = share
            shares = .capitalShare(share.estimate)
        }
        let result = try GrowthAccounting.compute(
            panel,
            options: GrowthAccountingOptions(
                method: settings.method, shares: shares, baseYear: baseYear, period: period, minimumGrowthForShare: minimumGrowthForShare))

        // An estimated share carries its sampling uncertainty into the scenarios:
        // α ~ normal(estimate, standard error), truncated to (0, 1), or the bootstrap's estimates.
        var estimatedShare: Assumption? = estimated.flatMap { e in
            uncertainty != nil && e.standardError.isFinite && e.standardError > 0 ? .normal(mean: e.estimate, sd: e.standardError) : nil
        }
        if let draws = estimation?.bootstrap {
            guard estimation?.model == .cobbDouglasCRS, estimation?.absorb == ["region"] else {
                throw WorkflowError.invalidSetting(
                    "\(Setting.bootstrap.reference) resamples regions of \(Setting.capitalShareFrom.reference("cobb-douglas-crs")) \(Setting.absorb.reference("region")); give those two")
            }
            // A cluster bootstrap needs clusters: with a handful of regions its resamples are a handful of panels
            // (Cameron & Miller 2015, §VI: few clusters), and its interval would claim a precision it has not.
            let regions = Set(panel.series.map(\.region)).count
            guard regions >= Self.minimumBootstrapRegions else {
                throw WorkflowError.invalidSetting(
                    "\(Setting.bootstrap.reference) resamples regions and needs at least \(Self.minimumBootstrapRegions) (the panel has \(regions)); use \(Setting.draws.reference) alone to draw α from its standard error"
                )
            }
            let seed = uncertainty?.seed ?? UncertainAccounting.defaultSeed
            let (estimate, values) = try ProvinceBenchmark.bootstrapCapitalShares(panel, draws: draws, seed: seed)
            guard values.count >= max(10, draws / 2) else {
                throw WorkflowError.invalidSetting("Only \(values.count) of \(draws) bootstrap estimates of the capital share lie in (0, 1): the estimate is too unstable to draw from")
            }
            estimatedShare = .empirical(values, center: estimate)
        }

        var intervals: UncertainAccounting.Result? = nil
        if var scenarios = uncertainty, scenarios.isUncertain || estimatedShare != nil {
            if let estimatedShare { scenarios.capitalShare = estimatedShare }
            // The default number of scenarios is lowered for a large panel, and said so; an explicit one is kept (or refused).
            let most = UncertainAccounting.maxDraws(rows: raw.rowCount)
            if !drawsGiven && scenarios.draws > most {
                scenarios.draws = most
                notes.append(.scenariosLowered(draws: most, rows: raw.rowCount))
            }
            let bands = try scenarios.run(raw, shares: settings.capitalShare == nil && estimatedShare == nil ? shares : nil)
            notes += bands.notes
            if let estimatedShare {
                if case .empirical(let values, _) = estimatedShare {
                    notes.append(.estimatedShareBootstrapCarried(estimates: values.count, seed: scenarios.seed))
                } else {
                    notes.append(.estimatedShareCarried(assumption: "\(estimatedShare)"))
                }
            }
            intervals = bands
        }
        if let capitalNote { notes.append(capitalNote) }
        if let e = estimated {
            notes.append(
                .capitalShareEstimated(
                    formula: e.formula, estimate: e.estimate, standardError: e.standardError, level: e.confidenceLevel,
                    low: e.confidenceLow, high: e.confidenceHigh, nobs: e.nobs, vcov: e.covariance))
        }
        return Outcome(result: result, estimated: estimated, intervals: intervals, notes: notes)
    }
}
