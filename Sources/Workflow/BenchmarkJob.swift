import DataIO
import Productivity
import Tabular

/// Everything `tfp benchmark` does after reading the panel, callable from Swift and batch
/// runs (issue 9): ranks and gaps on productivity and growth, a capital share given or
/// estimated with bootstrap rank intervals, and Malmquist indices by DEA.
public struct BenchmarkJob: Sendable {
    public var period: ClosedRange<Int>
    public var peers: ProvinceBenchmark.Peers
    /// Capital's share α for the TFP indicators and the gap decomposition.
    public var capitalShare: Double?
    /// Estimate α (constant-returns Cobb-Douglas with region effects) and bootstrap it this many times.
    public var estimateShareDraws: Int?
    public var seed: UInt64
    public var provinceCodes: Bool
    /// Malmquist indices in this orientation, when wanted.
    public var malmquist: Malmquist.Orientation?

    public init(
        period: ClosedRange<Int>, peers: ProvinceBenchmark.Peers = .socioEconomicRegion, capitalShare: Double? = nil,
        estimateShareDraws: Int? = nil, seed: UInt64 = UncertainAccounting.defaultSeed, provinceCodes: Bool = false,
        malmquist: Malmquist.Orientation? = nil
    ) {
        self.period = period
        self.peers = peers
        self.capitalShare = capitalShare
        self.estimateShareDraws = estimateShareDraws
        self.seed = seed
        self.provinceCodes = provinceCodes
        self.malmquist = malmquist
    }

    public struct Outcome: Sendable {
        public let result: ProvinceBenchmark.Result
        public let malmquist: Malmquist.Result?
        public let notes: [Diagnostics.Note]
    }

    /// - Parameter panel: output and employment by region and year (capital for TFP and Malmquist).
    /// - Throws: ``WorkflowError`` for a share both given and estimated, or the errors of the computations.
    public func run(_ panel: Panel) throws -> Outcome {
        if capitalShare != nil && estimateShareDraws != nil {
            throw WorkflowError.invalidSetting("give \(Setting.capitalShare.reference) or \(Setting.capitalShareFrom.reference("-data")), not both")
        }
        let reference = try RegionReference.bundled()
        var accounting = capitalShare.map { GrowthAccountingOptions(shares: .capitalShare($0)) }
        var draws: [Double] = []
        var notes: [Diagnostics.Note] = []
        if let count = estimateShareDraws {
            let boot = try ProvinceBenchmark.bootstrapCapitalShares(panel, draws: count, seed: seed)
            accounting = GrowthAccountingOptions(shares: .capitalShare(boot.estimate))
            draws = boot.draws
            let sorted = boot.draws.sorted()
            if let low = Quantile.type7(sorted, 0.05), let high = Quantile.type7(sorted, 0.95) {
                notes.append(.capitalShareBootstrapped(estimate: boot.estimate, low: low, high: high, kept: sorted.count, draws: count, seed: seed))
            }
        }
        let result = try ProvinceBenchmark.compute(
            panel, reference: reference,
            options: .init(
                period: period, peers: peers, accounting: accounting, capitalShareDraws: draws, provinceCodes: provinceCodes))
        let indices = try malmquist.map { try Malmquist.compute(panel, orientation: $0, years: (period.lowerBound - 1)...period.upperBound) }
        return Outcome(result: result, malmquist: indices, notes: notes)
    }
}
