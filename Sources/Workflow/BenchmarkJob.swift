import DataIO
import Productivity
import Tabular

/// Everything `tfp benchmark` does after reading the panel, callable from Swift and batch
/// runs (issue 9): ranks and gaps on productivity and growth, a capital share given or
/// estimated with bootstrap rank intervals, and Malmquist indices by DEA.
public struct BenchmarkJob: Sendable {
    /// The growth years compared.
    public var period: ClosedRange<Int>
    /// The provinces each province is compared with.
    public var peers: ProvinceBenchmark.Peers
    /// Capital's share α for the TFP indicators and the gap decomposition.
    public var capitalShare: Double?
    /// Estimate α (constant-returns Cobb-Douglas with region effects) and bootstrap it this many times.
    public var estimateShareDraws: Int?
    /// The seed of the bootstrap of the estimated share.
    public var seed: UInt64
    /// Whether numeric region names are the statistics office's province codes ("48" = Đà Nẵng).
    public var provinceCodes: Bool
    /// Malmquist indices in this orientation, when wanted.
    public var malmquist: Malmquist.Orientation?

    /// A job.
    /// - Parameters:
    ///   - period: the growth years compared.
    ///   - peers: the provinces each province is compared with.
    ///   - capitalShare: α for the TFP indicators (nil: none, or estimated).
    ///   - estimateShareDraws: estimate α and bootstrap it this many times (nil: no estimate).
    ///   - seed: the seed of the bootstrap.
    ///   - provinceCodes: whether numeric region names are province codes.
    ///   - malmquist: the orientation of Malmquist indices (nil: none).
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

    /// What ``BenchmarkJob/run(_:)`` gives.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The ranks and gaps.
        public let result: ProvinceBenchmark.Result
        /// The Malmquist indices, when asked for (frontiers from the year before the period to its end).
        public let malmquist: Malmquist.Result?
        /// Notes: the estimated share's bootstrap interval, when estimated.
        public let notes: [Diagnostics.Note]

        enum CodingKeys: String, CodingKey {
            case result, malmquist, notes
        }
    }

    /// Benchmarks the provinces of a panel.
    /// - Parameter panel: output and employment by region and year (capital for TFP and Malmquist).
    /// - Returns: the ranks and gaps, the Malmquist indices when asked for, and the notes.
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
