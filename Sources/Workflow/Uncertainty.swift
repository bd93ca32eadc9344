import DataIO
import Econometrics
import Foundation
import Productivity

/// An assumption of growth accounting given as a value, a range or a distribution
/// (issue 12): `0.4`, `0.35..0.5` (uniform) or `normal:0.4,0.05` (truncated to the
/// assumption's valid domain by redrawing).
public enum Assumption: Sendable, Equatable, CustomStringConvertible {
    case value(Double)
    case uniform(Double, Double)
    case normal(mean: Double, sd: Double)

    /// Parses the command-line text; nil when it is none of the three forms.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("normal:") {
            let parts = t.dropFirst("normal:".count).split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let m = parts[0], let s = parts[1], m.isFinite, s.isFinite, s > 0 else { return nil }
            self = .normal(mean: m, sd: s)
        } else if let range = t.range(of: "..") {
            guard let lo = Double(t[..<range.lowerBound].trimmingCharacters(in: .whitespaces)),
                  let hi = Double(t[range.upperBound...].trimmingCharacters(in: .whitespaces)),
                  lo.isFinite, hi.isFinite, lo < hi else { return nil }
            self = .uniform(lo, hi)
        } else if let v = Double(t), v.isFinite {
            self = .value(v)
        } else {
            return nil
        }
    }

    /// The central value: the point estimate is computed there.
    public var center: Double {
        switch self {
        case .value(let v): v
        case .uniform(let lo, let hi): (lo + hi) / 2
        case .normal(let m, _): m
        }
    }

    public var isUncertain: Bool { if case .value = self { false } else { true } }

    /// The low and high values of the sensitivity table: the range's ends, or the
    /// 5th and 95th percentiles of the normal (mean ∓ 1.6449 sd).
    public var sensitivityRange: (low: Double, high: Double) {
        switch self {
        case .value(let v): (v, v)
        case .uniform(let lo, let hi): (lo, hi)
        case .normal(let m, let s): (m - 1.6448536269514722 * s, m + 1.6448536269514722 * s)
        }
    }

    /// Every value it can take lies in `domain`, or its centre does (normal: truncated).
    public func fits(_ domain: ClosedRange<Double>, open: Bool) -> Bool {
        func inside(_ v: Double) -> Bool { open ? v > domain.lowerBound && v < domain.upperBound : domain.contains(v) }
        switch self {
        case .value(let v): return inside(v)
        case .uniform(let lo, let hi): return inside(lo) && inside(hi)
        case .normal(let m, _): return inside(m)
        }
    }

    func draw(_ rng: inout SplitMix64, within: (Double) -> Bool) -> Double? {
        switch self {
        case .value(let v): return v
        case .uniform(let lo, let hi): return lo + (hi - lo) * rng.nextUniform()
        case .normal(let m, let s):
            // Truncated normal by rejection (Box–Muller); give up after 1,000 tries.
            for _ in 0..<1_000 {
                let u1 = max(rng.nextUniform(), .leastNormalMagnitude), u2 = rng.nextUniform()
                let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                let v = m + s * z
                if within(v) { return v }
            }
            return nil
        }
    }

    public var description: String {
        switch self {
        case .value(let v): "\(v)"
        case .uniform(let lo, let hi): "\(lo)..\(hi)"
        case .normal(let m, let s): "normal:\(m),\(s)"
        }
    }
}

/// The one quantile rule of TFPKit's intervals: R's default (type 7), linear
/// interpolation between order statistics (Hyndman & Fan 1996).
public enum Quantile {
    public static func type7(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty, p >= 0, p <= 1 else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// Growth accounting under uncertain assumptions (issue 12): the capital share,
/// the depreciation rate and the years behind the initial capital stock are drawn
/// together in every scenario, and each reported quantity gets an interval.
public struct UncertainAccounting: Sendable {
    public var capitalShare: Assumption?
    public var depreciation: Assumption?
    public var growthYears: Assumption?
    public var method: GrowthMethod
    public var period: ClosedRange<Int>?
    public var draws: Int
    public var seed: UInt64
    /// The central share of scenarios the interval covers (0.9: 5th to 95th percentile).
    public var interval: Double

    public static let drawLimits = 100...1_000_000
    /// Scenarios × panel rows computed at most (about 15 s on two cores): beyond it the
    /// run is refused with the largest number of scenarios that fits, never left running.
    public static let maxWork = 2_000_000

    /// The most scenarios a panel of `rows` rows allows.
    public static func maxDraws(rows: Int) -> Int { max(drawLimits.lowerBound, maxWork / max(1, rows)) }

    public init(capitalShare: Assumption?, depreciation: Assumption?, growthYears: Assumption?, method: GrowthMethod = .gso,
                period: ClosedRange<Int>? = nil, draws: Int = 10_000, seed: UInt64 = 20_261_122, interval: Double = 0.9) {
        self.capitalShare = capitalShare
        self.depreciation = depreciation
        self.growthYears = growthYears
        self.method = method
        self.period = period
        self.draws = draws
        self.seed = seed
        self.interval = interval
    }

    public var isUncertain: Bool { [capitalShare, depreciation, growthYears].contains { $0?.isUncertain == true } }

    public func validate() throws(WorkflowError) {
        guard Self.drawLimits.contains(draws) else {
            throw .invalidSetting("the number of scenarios must be between \(Self.drawLimits.lowerBound) and \(Self.drawLimits.upperBound); got \(draws)")
        }
        guard interval > 0 && interval < 1 else { throw .invalidSetting("the interval must be strictly between 0 and 1 (0.9 for 90%); got \(interval)") }
        if let a = capitalShare, !a.fits(0...1, open: true) { throw .invalidSetting("the capital share \(a) must lie strictly between 0 and 1") }
        if let d = depreciation, !d.fits(0...0.999_999, open: false) { throw .invalidSetting("the depreciation rate \(d) must lie in [0, 1)") }
        if let g = growthYears, !g.fits(1...50, open: false) { throw .invalidSetting("the growth years \(g) must lie between 1 and 50") }
    }

    /// The quantities with intervals, by key (region|sector|year for rows, region|sector|from-to for periods).
    public struct Interval: Sendable, Equatable {
        public let low: Double
        public let median: Double
        public let high: Double
    }

    public struct Bands: Sendable {
        public var tfpShare: Interval?
        public var tfpGrowth: Interval?
        public var capitalContribution: Interval?
        public var labourContribution: Interval?
    }

    public struct SensitivityRow: Sendable {
        public let series: String
        public let assumption: String
        public let low: Double
        public let high: Double
        public let shareAtLow: Double?
        public let shareAtHigh: Double?
        public var swing: Double? {
            guard let a = shareAtLow, let b = shareAtHigh else { return nil }
            return abs(b - a)
        }
    }

    public struct Result: Sendable {
        public let rows: [String: Bands]
        public let periods: [String: Bands]
        public let sensitivity: [SensitivityRow]
        public let scenarios: Int
        /// Scenarios that could not be computed, by reason.
        public let failures: [String: Int]
        public let notes: [String]
    }

    static func key(_ region: String, _ sector: String?, _ tail: String) -> String { "\(region)|\(sector ?? "")|\(tail)" }
    public static func rowKey(_ r: GrowthAccountingRow) -> String { key(r.region, r.sector, String(r.year)) }
    public static func periodKey(_ p: GrowthAccountingPeriod) -> String { key(p.region, p.sector, "\(p.from)-\(p.to)") }

    /// One scenario: capital built with the drawn δ and years, accounting with the drawn α.
    func scenario(_ panel: Panel, share: Double?, depreciation: Double?, growthYears: Int, shares: FactorShares?) throws -> GrowthAccountingResult {
        var prepared = panel
        if let depreciation {
            let stock = try PerpetualInventory.compute(panel, depreciation: .rate(depreciation), initial: .steadyState(growthYears: growthYears))
            prepared = PerpetualInventory.addingCapital(to: panel, stock)
        }
        return try GrowthAccounting.compute(prepared, options: GrowthAccountingOptions(
            method: method, shares: share.map { .capitalShare($0) } ?? shares, period: period))
    }

    /// Every scenario's assumptions, drawn first in one sequence: the same seed gives the
    /// same scenarios on every machine and with any number of threads. Draws that find no
    /// value in the valid domain are left out (counted by `run`).
    public func scenarioAssumptions() -> [(Double?, Double?, Int)] {
        var rng = SplitMix64(seed: seed)
        var drawn: [(Double?, Double?, Int)] = []
        drawn.reserveCapacity(draws)
        for _ in 0..<draws {
            let a = capitalShare?.draw(&rng) { $0 > 0 && $0 < 1 }
            let d = depreciation?.draw(&rng) { $0 >= 0 && $0 < 1 }
            let g = growthYears?.draw(&rng) { $0 >= 1 && $0 <= 50 }
            if (capitalShare != nil && a == nil) || (depreciation != nil && d == nil) || (growthYears != nil && g == nil) { continue }
            drawn.append((a, d, Int((g ?? growthYears?.center ?? 5).rounded())))
        }
        return drawn
    }

    /// Runs the scenarios. `shares` are used when no capital share is given (a column or a file).
    public func run(_ panel: Panel, shares: FactorShares? = nil) throws -> Result {
        try validate()
        guard draws <= Self.maxDraws(rows: panel.rowCount) else {
            throw WorkflowError.invalidSetting("\(draws) scenarios of \(panel.rowCount) rows is more work than one run takes; give at most \(Self.maxDraws(rows: panel.rowCount)) scenarios, or fewer regions")
        }
        let drawn = scenarioAssumptions()
        let truncationFailures = draws - drawn.count
        let count = drawn.count
        nonisolated(unsafe) var outcomes = [Result_?](repeating: nil, count: count)
        let work = drawn
        outcomes.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: count) { k in
                let (a, d, g) = work[k]
                do { out[k] = .success(try scenario(panel, share: a, depreciation: d, growthYears: g, shares: shares)) }
                catch { out[k] = .failure(error.localizedDescription) }
            }
        }
        var rowValues: [String: [[Double]]] = [:], periodValues: [String: [[Double]]] = [:]
        var failures: [String: Int] = [:]
        if truncationFailures > 0 { failures["no value in the valid domain after 1,000 draws"] = truncationFailures }
        func add(_ into: inout [String: [[Double]]], _ key: String, _ values: [Double?]) {
            var lists = into[key] ?? [[], [], [], []]
            for (j, v) in values.enumerated() { if let v, v.isFinite { lists[j].append(v) } }
            into[key] = lists
        }
        for outcome in outcomes {
            switch outcome {
            case .success(let r)?:
                for row in r.rows { add(&rowValues, Self.rowKey(row), [row.tfpShare, row.tfpGrowth, row.capitalContribution, row.labourContribution]) }
                for p in r.periods { add(&periodValues, Self.periodKey(p), [p.tfpShare, p.tfpGrowth, p.capitalContribution, p.labourContribution]) }
            case .failure(let reason)?:
                // The reason without the series' numbers, so that failures group.
                let short = reason.split(separator: ":").dropFirst().joined(separator: ":").split(separator: "(").first.map(String.init) ?? reason
                failures[short.trimmingCharacters(in: .whitespaces), default: 0] += 1
            case nil: break
            }
        }
        let tail = (1 - interval) / 2
        func bands(_ lists: [[Double]]) -> Bands {
            func interval(_ values: [Double]) -> Interval? {
                // An interval needs most scenarios: a quantity defined in a few only is not reported.
                guard values.count >= max(2, count / 2) else { return nil }
                let sorted = values.sorted()
                guard let lo = Quantile.type7(sorted, tail), let mid = Quantile.type7(sorted, 0.5), let hi = Quantile.type7(sorted, 1 - tail) else { return nil }
                return Interval(low: lo, median: mid, high: hi)
            }
            return Bands(tfpShare: interval(lists[0]), tfpGrowth: interval(lists[1]), capitalContribution: interval(lists[2]), labourContribution: interval(lists[3]))
        }
        // Sensitivity: each assumption at its low and high value, the others at their centre.
        var sensitivity: [SensitivityRow] = []
        let centre = (capitalShare?.center, depreciation?.center, Int((growthYears?.center ?? 5).rounded()))
        for (name, assumption) in [("capital share α", capitalShare), ("depreciation δ", depreciation), ("initial-stock growth years", growthYears)] {
            guard let assumption, assumption.isUncertain else { continue }
            var range = assumption.sensitivityRange
            if name == "capital share α" { range = (max(range.low, 1e-6), min(range.high, 1 - 1e-6)) }
            if name == "depreciation δ" { range = (max(range.low, 0), min(range.high, 0.999_999)) }
            if name.hasPrefix("initial") { range = (max(1, range.low.rounded()), min(50, range.high.rounded())) }
            func periodShares(at v: Double) -> [String: Double] {
                var (a, d, g) = centre
                switch name {
                case "capital share α": a = v
                case "depreciation δ": d = v
                default: g = Int(v)
                }
                guard let r = try? scenario(panel, share: a, depreciation: d, growthYears: g, shares: shares) else { return [:] }
                return Dictionary(r.periods.compactMap { p in p.tfpShare.map { (Self.key(p.region, p.sector, "\(p.from)-\(p.to)"), $0) } }, uniquingKeysWith: { a, _ in a })
            }
            let low = periodShares(at: range.low), high = periodShares(at: range.high)
            for key in Set(low.keys).union(high.keys).sorted() {
                sensitivity.append(SensitivityRow(series: key, assumption: name, low: range.low, high: range.high, shareAtLow: low[key], shareAtHigh: high[key]))
            }
        }
        sensitivity.sort { ($0.series, -($0.swing ?? -1)) < ($1.series, -($1.swing ?? -1)) }
        var notes = ["Intervals: the central \(Int((interval * 100).rounded()))% of \(count) scenarios (seed \(seed)); assumptions drawn together: "
            + [capitalShare.map { "α \($0)" }, depreciation.map { "δ \($0)" }, growthYears.map { "initial-stock growth years \($0)" }].compactMap { $0 }.joined(separator: ", ")
            + "; quantiles by R's type 7 rule. Point values are computed at the centre of each assumption."]
        let failed = failures.values.reduce(0, +)
        if failed > 0 {
            notes.append("\(failed) of \(draws) scenarios could not be computed: " + failures.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: "; ") + ".")
        }
        return Result(rows: rowValues.mapValues(bands), periods: periodValues.mapValues(bands), sensitivity: sensitivity,
                      scenarios: count, failures: failures, notes: notes)
    }

    enum Result_ { case success(GrowthAccountingResult), failure(String) }
}
