import DataIO
import Econometrics
import Foundation
import Productivity

/// An assumption of growth accounting given as a value, a range or a distribution
/// (issue 12): `0.4`, `0.35..0.5` (uniform) or `normal:0.4,0.05` (truncated to the
/// assumption's valid domain by redrawing).
public enum Assumption: Sendable, Equatable, CustomStringConvertible {
    /// One value: no uncertainty.
    case value(Double)
    /// Uniform between the two values.
    case uniform(Double, Double)
    /// Normal with this mean and standard deviation, truncated to the valid domain by redrawing.
    case normal(mean: Double, sd: Double)
    /// Values to draw from with equal chance, around a central value: the estimates of a
    /// bootstrap (issue 12, `--capital-share-from … --bootstrap`).
    case empirical([Double], center: Double)

    /// Parses the command-line text; nil when it is none of the three forms.
    /// - Parameter text: `0.4`, `0.35..0.5` (low ≤ high) or `normal:MEAN,SD` (SD > 0), finite numbers; spaces around
    ///   them are ignored, and `normal:` is read in any case.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("normal:") {
            let parts = t.dropFirst("normal:".count).split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let m = parts[0], let s = parts[1], m.isFinite, s.isFinite, s > 0 else { return nil }
            self = .normal(mean: m, sd: s)
        } else if let range = t.range(of: "..") {
            guard let lo = Double(t[..<range.lowerBound].trimmingCharacters(in: .whitespaces)),
                let hi = Double(t[range.upperBound...].trimmingCharacters(in: .whitespaces)),
                lo.isFinite, hi.isFinite, lo <= hi
            else { return nil }
            self = .uniform(lo, hi)
        } else if let v = Double(t), v.isFinite {
            self = .value(v)
        } else {
            return nil
        }
    }

    /// The central value: the point estimate is computed there. A range's midpoint is
    /// rounded to 12 significant digits, so that 0.04..0.07 is centred on 0.055 as written,
    /// not on 0.05500000000000001.
    public var center: Double {
        switch self {
        case .value(let v): v
        case .uniform(let lo, let hi): Double(String(format: "%.12g", (lo + hi) / 2)) ?? (lo + hi) / 2
        case .normal(let m, _): m
        case .empirical(_, let c): c
        }
    }

    /// Whether it is anything but a single value.
    public var isUncertain: Bool { if case .value = self { false } else { true } }

    /// The low and high values of the sensitivity table: the range's ends, or the
    /// 5th and 95th percentiles of the normal (mean ∓ 1.6449 sd).
    public var sensitivityRange: (low: Double, high: Double) {
        switch self {
        case .value(let v): (v, v)
        case .uniform(let lo, let hi): (lo, hi)
        case .normal(let m, let s): (m - 1.6448536269514722 * s, m + 1.6448536269514722 * s)
        case .empirical(let values, let c):
            (Quantile.type7(values.sorted(), 0.05) ?? c, Quantile.type7(values.sorted(), 0.95) ?? c)
        }
    }

    /// Every value it can take lies in `domain`, or its centre does (normal: truncated).
    /// - Parameters:
    ///   - domain: the values allowed.
    ///   - open: whether the domain's ends are excluded.
    /// - Returns: whether the value, the range's ends, the normal's mean, or the bootstrap's centre and every
    ///   estimate lie in `domain`.
    public func fits(_ domain: ClosedRange<Double>, open: Bool) -> Bool {
        func inside(_ v: Double) -> Bool { open ? v > domain.lowerBound && v < domain.upperBound : domain.contains(v) }
        switch self {
        case .value(let v): return inside(v)
        case .uniform(let lo, let hi): return inside(lo) && inside(hi)
        case .normal(let m, _): return inside(m)
        case .empirical(let values, let c): return inside(c) && values.allSatisfy(inside)
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
        case .empirical(let values, let c):
            guard !values.isEmpty else { return c }
            return values[Int.random(in: 0..<values.count, using: &rng)]
        }
    }

    /// The command-line form (`0.4`, `0.35..0.5`, `normal:0.4,0.05`); a bootstrap is described in words.
    public var description: String {
        switch self {
        case .value(let v): "\(v)"
        case .uniform(let lo, let hi): "\(lo)..\(hi)"
        case .normal(let m, let s): "normal:\(m),\(s)"
        case .empirical(let values, let c): "bootstrap of \(values.count) estimates around \(c)"
        }
    }
}

/// Growth accounting under uncertain assumptions (issue 12): the capital share,
/// the depreciation rate and the initial capital stock (the years behind the steady
/// state, or a capital-output ratio) are drawn together in every scenario, and each
/// reported quantity gets an interval.
///
/// The scenarios are computed series by series on plain arrays (`ScenarioSeries`),
/// both cores sharing the draws; only one series' results are held at a time
/// (draws × its years × 4 numbers), so memory does not grow with the panel.
public struct UncertainAccounting: Sendable {
    /// The capital share α (nil: the shares given or found in the panel).
    public var capitalShare: Assumption?
    /// The depreciation rate δ of the perpetual inventory (nil: capital from the data).
    public var depreciation: Assumption?
    /// The years of investment growth behind the steady-state initial stock (nil: 5).
    public var growthYears: Assumption?
    /// The initial capital-output ratio κ (K₀ = κ·Y₀), instead of the steady state.
    public var capitalOutput: Assumption?
    /// Start every scenario's inventory from the capital column's first-year value (`--initial benchmark`).
    public var benchmarkStart = false
    /// How growth rates and shares are computed.
    public var method: GrowthMethod
    /// Growth years summarised as a period, with intervals (nil: none).
    public var period: ClosedRange<Int>?
    /// The number of scenarios, within ``drawLimits``.
    public var draws: Int
    /// The seed of the draws.
    public var seed: UInt64
    /// The seed when none is given (the same on every machine).
    public static let defaultSeed: UInt64 = 20_261_122
    /// The central share of scenarios the interval covers (0.9: 5th to 95th percentile).
    public var interval: Double
    /// Threads to use (nil: every core). The results do not depend on it.
    public var threads: Int?

    /// The numbers of scenarios accepted.
    public static let drawLimits = 100...1_000_000
    /// Scenarios × panel rows computed at most (about 10 s on two cores): beyond it the
    /// run is refused with the largest number of scenarios that fits, never left running.
    public static let maxWork = 200_000_000

    /// The most scenarios a panel of `rows` rows allows.
    /// - Parameter rows: the panel's rows.
    /// - Returns: ``maxWork`` / `rows`, kept within ``drawLimits``.
    public static func maxDraws(rows: Int) -> Int { max(drawLimits.lowerBound, min(drawLimits.upperBound, maxWork / max(1, rows))) }

    /// Scenarios of the given assumptions.
    /// - Parameters:
    ///   - capitalShare: α (nil: the shares given or found).
    ///   - depreciation: δ (nil: capital from the data).
    ///   - growthYears: the years behind the steady-state initial stock (nil: 5).
    ///   - capitalOutput: an initial capital-output ratio κ instead of the steady state (nil: none).
    ///   - method: how growth rates and shares are computed.
    ///   - period: growth years summarised as a period (nil: none).
    ///   - draws: the number of scenarios (10,000 by default).
    ///   - seed: the seed of the draws (``defaultSeed`` by default).
    ///   - interval: the central share of scenarios each interval covers (0.9: 5th to 95th percentile).
    public init(
        capitalShare: Assumption?, depreciation: Assumption?, growthYears: Assumption?, capitalOutput: Assumption? = nil,
        method: GrowthMethod = .gso, period: ClosedRange<Int>? = nil, draws: Int = 10_000, seed: UInt64 = 20_261_122,
        interval: Double = 0.9
    ) {
        self.capitalShare = capitalShare
        self.depreciation = depreciation
        self.growthYears = growthYears
        self.capitalOutput = capitalOutput
        self.method = method
        self.period = period
        self.draws = draws
        self.seed = seed
        self.interval = interval
    }

    /// Whether any assumption is a range or a distribution.
    public var isUncertain: Bool { [capitalShare, depreciation, growthYears, capitalOutput].contains { $0?.isUncertain == true } }

    /// Refuses a number of scenarios, an interval or an assumption outside its domain.
    /// - Throws: ``WorkflowError/invalidSetting(_:)`` for a number of scenarios outside ``drawLimits``, an interval not
    ///   strictly between 0 and 1, a capital share not in (0, 1), a depreciation rate not in [0, 1), growth years not
    ///   in 1...50, a capital-output ratio not in (0, 1,000), or a capital-output ratio without a depreciation rate.
    public func validate() throws(WorkflowError) {
        guard Self.drawLimits.contains(draws) else {
            throw .invalidSetting("the number of scenarios must be between \(Self.drawLimits.lowerBound) and \(Self.drawLimits.upperBound); got \(draws)")
        }
        guard interval > 0 && interval < 1 else { throw .invalidSetting("the interval must be strictly between 0 and 1 (0.9 for 90%); got \(interval)") }
        if let a = capitalShare, !a.fits(0...1, open: true) { throw .invalidSetting("the capital share \(a) must lie strictly between 0 and 1") }
        if let d = depreciation, !d.fits(0...0.999_999, open: false) { throw .invalidSetting("the depreciation rate \(d) must lie in [0, 1)") }
        if let g = growthYears, !g.fits(1...50, open: false) { throw .invalidSetting("the growth years \(g) must lie between 1 and 50") }
        if let k = capitalOutput {
            guard k.fits(0...1_000, open: true) else { throw .invalidSetting("the initial capital-output ratio \(k) must be positive (and below 1,000)") }
            if depreciation == nil { throw .invalidSetting("an initial capital-output ratio applies when capital is built from investment (give a depreciation rate)") }
        }
    }

    /// The quantities with intervals, by key (region|sector|year for rows, region|sector|from-to for periods).
    public struct Interval: Sendable, Codable, Equatable {
        /// The lower end, the `(1 − interval) / 2` quantile of the scenarios.
        public let low: Double
        /// The median of the scenarios.
        public let median: Double
        /// The upper end, the `1 − (1 − interval) / 2` quantile of the scenarios.
        public let high: Double

        enum CodingKeys: String, CodingKey {
            case low, median, high
        }
    }

    /// The intervals of one row or period; nil where fewer than half of the scenarios give a finite value.
    public struct Bands: Sendable, Codable, Equatable {
        /// TFP's share of output growth.
        public var tfpShare: Interval?
        /// TFP growth.
        public var tfpGrowth: Interval?
        /// Capital's contribution to output growth.
        public var capitalContribution: Interval?
        /// Labour's contribution to output growth.
        public var labourContribution: Interval?

        enum CodingKeys: String, CodingKey {
            case tfpShare = "tfp_share", tfpGrowth = "tfp_growth", capitalContribution = "capital_contribution", labourContribution = "labour_contribution"
        }
    }

    /// One assumption at its low and high values, the others at their centre: a bar of the tornado chart.
    public struct SensitivityRow: Sendable, Codable, Equatable {
        /// The series and period, as a period key (`region|sector|from-to`).
        public let series: String
        /// The assumption, in words (`capital share α`).
        public let assumption: String
        /// The assumption's low value (a range's end, or the 5th percentile).
        public let low: Double
        /// The assumption's high value (a range's end, or the 95th percentile).
        public let high: Double
        /// The period's TFP share of output growth at the low value; nil when it cannot be computed.
        public let shareAtLow: Double?
        /// The period's TFP share of output growth at the high value; nil when it cannot be computed.
        public let shareAtHigh: Double?
        /// How far the share moves between the two values, `|shareAtHigh − shareAtLow|`; nil when either is missing.
        public var swing: Double? {
            guard let a = shareAtLow, let b = shareAtHigh else { return nil }
            return abs(b - a)
        }

        enum CodingKeys: String, CodingKey {
            case series, assumption, low, high, shareAtLow = "share_at_low", shareAtHigh = "share_at_high"
        }
    }

    /// The intervals of ``UncertainAccounting/run(_:shares:)``.
    public struct Result: Sendable, Codable, Equatable {
        /// Bands by row key (``UncertainAccounting/rowKey(_:)``).
        public let rows: [String: Bands]
        /// Bands by period key (``UncertainAccounting/periodKey(_:)``).
        public let periods: [String: Bands]
        /// The sensitivity rows, series by series, the largest swing first.
        public let sensitivity: [SensitivityRow]
        /// The number of scenarios drawn in the valid domain.
        public let scenarios: Int
        /// The central share of the scenarios each interval covers.
        public let interval: Double
        /// What reproduces the intervals: the seed, the period and every assumption as given.
        public let seed: UInt64
        /// The period summarised (nil: none).
        public let period: ClosedRange<Int>?
        /// Every assumption as given, by option name.
        public let assumptions: [String: String]
        /// Scenarios that could not be computed, by reason (a series' scenario counts once).
        public let failures: [String: Int]
        /// Notes: the scenarios' set-up and, when some failed, why.
        public let notes: [Diagnostics.Note]

        enum CodingKeys: String, CodingKey {
            case rows, periods, sensitivity, scenarios, interval, seed, period, assumptions, failures, notes
        }
    }

    static func key(_ region: String, _ sector: String?, _ tail: String) -> String { "\(region)|\(sector ?? "")|\(tail)" }
    /// The key of a growth-accounting row in ``Result/rows``.
    /// - Parameter r: the row.
    /// - Returns: `region|sector|year` (sector empty when there is none).
    public static func rowKey(_ r: GrowthAccountingRow) -> String { key(r.region, r.sector, String(r.year)) }
    /// The key of a period summary in ``Result/periods``.
    /// - Parameter p: the period summary.
    /// - Returns: `region|sector|from-to` (sector empty when there is none).
    public static func periodKey(_ p: GrowthAccountingPeriod) -> String { key(p.region, p.sector, "\(p.from)-\(p.to)") }

    /// One scenario the general way: capital built with the drawn δ and initial stock,
    /// accounting with the drawn α (the reference the fast path is tested against).
    /// - Parameters:
    ///   - panel: the panel as read.
    ///   - s: the scenario's assumptions.
    ///   - shares: the shares used when `s` has no capital share.
    /// - Returns: the growth accounting of the scenario.
    /// - Throws: the `ProductivityError` of the perpetual inventory or of the growth accounting.
    public func scenario(_ panel: Panel, _ s: ScenarioAssumptions, shares: FactorShares?) throws -> GrowthAccountingResult {
        var prepared = panel
        if let depreciation = s.depreciation {
            let start: PerpetualInventory.InitialStock =
                s.benchmarkStart
                ? .benchmark
                : s.capitalOutput.map { .capitalOutputRatio($0) } ?? .steadyState(growthYears: s.growthYears)
            let stock = try PerpetualInventory.compute(panel, depreciation: .rate(depreciation), initial: start)
            prepared = PerpetualInventory.addingCapital(to: panel, stock)
        }
        return try GrowthAccounting.compute(
            prepared,
            options: GrowthAccountingOptions(
                method: method, shares: s.capitalShare.map { .capitalShare($0) } ?? shares, period: period))
    }

    /// Every scenario's assumptions, drawn first in one sequence: the same seed gives the
    /// same scenarios on every machine and with any number of threads. Draws that find no
    /// value in the valid domain are left out (counted by `run`).
    /// - Returns: the scenarios drawn, at most ``draws``.
    package func scenarioAssumptions() -> [ScenarioAssumptions] {
        var rng = SplitMix64(seed: seed)
        var drawn: [ScenarioAssumptions] = []
        drawn.reserveCapacity(draws)
        for _ in 0..<draws {
            let a = capitalShare?.draw(&rng) { $0 > 0 && $0 < 1 }
            let d = depreciation?.draw(&rng) { $0 >= 0 && $0 < 1 }
            let g = growthYears?.draw(&rng) { $0 >= 1 && $0 <= 50 }
            // Drawn last, so that runs without it keep the scenarios they had.
            let k = capitalOutput?.draw(&rng) { $0 > 0 && $0 < 1_000 }
            if (capitalShare != nil && a == nil) || (depreciation != nil && d == nil) || (growthYears != nil && g == nil)
                || (capitalOutput != nil && k == nil)
            {
                continue
            }
            drawn.append(
                ScenarioAssumptions(
                    capitalShare: a, depreciation: d, growthYears: Int((g ?? growthYears?.center ?? 5).rounded()),
                    capitalOutput: k, benchmarkStart: benchmarkStart))
        }
        return drawn
    }

    /// Every assumption as given (`0.4..0.6`, `normal:0.05,0.01`), by its option name.
    public var assumptionsGiven: [String: String] {
        var out: [String: String] = ["method": method.rawValue]
        if let capitalShare { out["capital-share"] = capitalShare.description }
        if let depreciation { out["depreciation"] = depreciation.description }
        if let growthYears { out["growth-years"] = growthYears.description }
        if let capitalOutput { out["initial-capital-output"] = capitalOutput.description }
        if benchmarkStart { out["initial"] = "benchmark" }
        return out
    }

    /// The assumptions at the centre of every range.
    public var centre: ScenarioAssumptions {
        ScenarioAssumptions(
            capitalShare: capitalShare?.center, depreciation: depreciation?.center,
            growthYears: Int((growthYears?.center ?? 5).rounded()), capitalOutput: capitalOutput?.center, benchmarkStart: benchmarkStart)
    }

    /// A failure's reason without the series' name and numbers, so that failures group.
    static func shortReason(_ error: any Error) -> String {
        if let error = error as? ProductivityError {
            switch error {
            case .steadyStateUndefined: return "the steady-state initial stock I₀/(g+δ) is undefined (g + δ ≤ 0, or investment not positive)"
            case .tooShortForSteadyState: return "fewer than two years of investment for the steady-state initial stock"
            case .missingOutputForInitialStock: return "no positive output in the first year for K₀ = κ·Y₀"
            default: break
            }
        }
        let reason = error.localizedDescription
        let short = reason.split(separator: ":").dropFirst().joined(separator: ":").split(separator: "(").first.map(String.init) ?? reason
        return short.trimmingCharacters(in: .whitespaces).isEmpty ? reason : short.trimmingCharacters(in: .whitespaces)
    }

    /// Runs the scenarios. `shares` are used when no capital share is given (a column or a file).
    /// A series that cannot be prepared, or a scenario that fails, is counted in ``Result/failures``, not thrown.
    /// - Parameters:
    ///   - panel: the panel as read (capital is built in every scenario when ``depreciation`` is given).
    ///   - shares: the shares used when no capital share is drawn (nil: the `labour_share` column).
    /// - Returns: the intervals, the sensitivity rows and the notes.
    /// - Throws: ``WorkflowError/invalidSetting(_:)`` for assumptions ``validate()`` refuses, or for more scenarios
    ///   than ``maxDraws(rows:)`` allows for the panel.
    public func run(_ panel: Panel, shares: FactorShares? = nil) throws -> Result {
        try validate()
        guard draws <= Self.maxDraws(rows: panel.rowCount) else {
            throw WorkflowError.invalidSetting(
                "\(draws) scenarios of \(panel.rowCount) rows is more work than one run takes; give at most \(Self.maxDraws(rows: panel.rowCount)) scenarios, or fewer regions")
        }
        let drawn = scenarioAssumptions()
        let count = drawn.count
        var failures: [String: Int] = [:]
        if draws > count { failures["no value in the valid domain after 1,000 draws"] = draws - count }
        var rowBands: [String: Bands] = [:], periodBands: [String: Bands] = [:]
        var sensitivity: [SensitivityRow] = []
        var failingSeries: [String: Int] = [:]
        let tails = [(1 - interval) / 2, 0.5, 1 - (1 - interval) / 2]
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        func parallel(_ n: Int, _ body: @Sendable (Int) -> Void) {
            if workers == 1 { for i in 0..<n { body(i) } } else { DispatchQueue.concurrentPerform(iterations: n, execute: body) }
        }
        for series in panel.series where count > 0 {
            let prepared: ScenarioSeries
            do {
                prepared = try ScenarioSeries(
                    panel: panel, series: series, method: method, shares: shares,
                    drawsCapitalShare: capitalShare != nil, buildsCapital: depreciation != nil, period: period)
            } catch {
                failures[Self.shortReason(error), default: 0] += count
                failingSeries[series.label, default: 0] += count
                continue
            }
            let columns = (prepared.steps + 1) * ScenarioSeries.quantities
            guard prepared.steps > 0 else { continue }
            var values = [Double](repeating: .nan, count: columns * count)
            var outcomes = [ScenarioSeries.Outcome](repeating: .computed, count: count)
            values.withUnsafeMutableBufferPointer { buffer in
                outcomes.withUnsafeMutableBufferPointer { results in
                    nonisolated(unsafe) let out = buffer.baseAddress!, status = results
                    let chunk = (count + workers * 4 - 1) / (workers * 4)
                    parallel((count + chunk - 1) / chunk) { c in
                        for k in (c * chunk)..<min(count, (c + 1) * chunk) {
                            status[k] = prepared.run(drawn[k], into: out + k, stride: count)
                        }
                    }
                }
            }
            // The rare scenario off the common path is computed the general way, on this series alone.
            // Copied out only when some scenario needs it (rare), not for every series.
            var aloneCache: Panel? = nil
            func alone() -> Panel {
                if let aloneCache { return aloneCache }
                let p = panel.restricted(to: series)
                aloneCache = p
                return p
            }
            for k in 0..<count {
                switch outcomes[k] {
                case .computed: continue
                case .failed(let error): failures[Self.shortReason(error), default: 0] += 1
                case .unusual:
                    do {
                        let r = try scenario(alone(), drawn[k], shares: shares)
                        let byYear = Dictionary(r.rows.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
                        for j in 0..<prepared.steps {
                            guard let row = byYear[prepared.years[j + 1]] else { continue }
                            for (q, v) in [row.tfpShare, row.tfpGrowth, row.capitalContribution, row.labourContribution].enumerated() {
                                values[(j * ScenarioSeries.quantities + q) * count + k] = v ?? .nan
                            }
                        }
                        if let p = r.periods.first {
                            for (q, v) in [p.tfpShare, p.tfpGrowth, p.capitalContribution, p.labourContribution].enumerated() {
                                values[(prepared.steps * ScenarioSeries.quantities + q) * count + k] = v ?? .nan
                            }
                        }
                    } catch {
                        failures[Self.shortReason(error), default: 0] += 1
                    }
                }
            }
            // Intervals, column by column; each column's finite values are gathered at its front and selected in place.
            var intervals = [Interval?](repeating: nil, count: columns)
            values.withUnsafeMutableBufferPointer { buffer in
                intervals.withUnsafeMutableBufferPointer { result in
                    nonisolated(unsafe) let buffer = buffer, result = result
                    parallel(columns) { c in
                        let column = UnsafeMutableBufferPointer(rebasing: buffer[(c * count)..<((c + 1) * count)])
                        var n = 0
                        for i in 0..<count where column[i].isFinite {
                            column[n] = column[i]
                            n += 1
                        }
                        // An interval needs most scenarios: a quantity defined in a few only is not reported.
                        guard n >= max(2, count / 2) else { return }
                        let finite = UnsafeMutableBufferPointer(rebasing: column[0..<n])
                        guard let lo = Quantile.type7Selecting(finite, tails[0]), let mid = Quantile.type7Selecting(finite, tails[1]),
                            let hi = Quantile.type7Selecting(finite, tails[2])
                        else { return }
                        result[c] = Interval(low: lo, median: mid, high: hi)
                    }
                }
            }
            func bands(_ j: Int) -> Bands {
                let b = j * ScenarioSeries.quantities
                return Bands(tfpShare: intervals[b], tfpGrowth: intervals[b + 1], capitalContribution: intervals[b + 2], labourContribution: intervals[b + 3])
            }
            for j in 0..<prepared.steps { rowBands[Self.key(series.region, series.sector, String(prepared.years[j + 1]))] = bands(j) }
            if let period {
                let key = Self.key(series.region, series.sector, "\(period.lowerBound)-\(period.upperBound)")
                periodBands[key] = bands(prepared.steps)
                sensitivity += sensitivityRows(prepared, alone: alone, key: key, shares: shares)
            }
            for outcome in outcomes { if case .failed = outcome { failingSeries[series.label, default: 0] += 1 } }
        }
        sensitivity.sort { ($0.series, -($0.swing ?? -1)) < ($1.series, -($1.swing ?? -1)) }
        var notes: [Diagnostics.Note] = [
            .scenarioSetup(
                interval: interval, scenarios: count, seed: seed, capitalShare: capitalShare.map { "\($0)" }, depreciation: depreciation.map { "\($0)" },
                growthYears: capitalOutput == nil && !benchmarkStart ? growthYears.map { "\($0)" } : nil, capitalOutput: capitalOutput.map { "\($0)" })
        ]
        let failed = failures.values.reduce(0, +)
        if failed > 0 {
            let reasons = failures.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            let most = failingSeries.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
            notes.append(
                .scenariosFailed(
                    failed: failed, of: draws * max(1, panel.series.count), reasons: reasons.map(\.key), reasonCounts: reasons.map(\.value),
                    series: most.map(\.key), seriesCounts: most.map(\.value)))
        }
        return Result(
            rows: rowBands, periods: periodBands, sensitivity: sensitivity, scenarios: count, interval: interval, seed: seed, period: period,
            assumptions: assumptionsGiven, failures: failures, notes: notes)
    }

    /// Sensitivity of one series' period share: each assumption at its low and high value,
    /// the others at their centre (the tornado chart's data).
    func sensitivityRows(_ prepared: ScenarioSeries, alone: () -> Panel, key: String, shares: FactorShares?) -> [SensitivityRow] {
        enum Which { case alpha, delta, years, ratio }
        var rows: [SensitivityRow] = []
        let candidates: [(String, Assumption?, Which)] = [
            ("capital share α", capitalShare, .alpha), ("depreciation δ", depreciation, .delta),
            ("initial-stock growth years", capitalOutput == nil && !benchmarkStart ? growthYears : nil, .years),
            ("initial capital-output ratio κ", capitalOutput, .ratio),
        ]
        for (name, assumption, which) in candidates {
            guard let assumption, assumption.isUncertain else { continue }
            var range = assumption.sensitivityRange
            switch which {
            case .alpha: range = (max(range.low, 1e-6), min(range.high, 1 - 1e-6))
            case .delta: range = (max(range.low, 0), min(range.high, 0.999_999))
            case .years: range = (max(1, range.low.rounded()), min(50, range.high.rounded()))
            case .ratio: range = (max(range.low, 1e-6), range.high)
            }
            func periodShare(at v: Double) -> Double? {
                var s = centre
                switch which {
                case .alpha: s.capitalShare = v
                case .delta: s.depreciation = v
                case .years: s.growthYears = Int(v)
                case .ratio: s.capitalOutput = v
                }
                var out = [Double](repeating: .nan, count: (prepared.steps + 1) * ScenarioSeries.quantities)
                let outcome = out.withUnsafeMutableBufferPointer { prepared.run(s, into: $0.baseAddress!, stride: 1) }
                switch outcome {
                case .computed:
                    let v = out[prepared.steps * ScenarioSeries.quantities]
                    return v.isFinite ? v : nil
                case .failed: return nil
                case .unusual: return (try? scenario(alone(), s, shares: shares))?.periods.first?.tfpShare
                }
            }
            let low = periodShare(at: range.low), high = periodShare(at: range.high)
            if low != nil || high != nil {
                rows.append(SensitivityRow(series: key, assumption: name, low: range.low, high: range.high, shareAtLow: low, shareAtHigh: high))
            }
        }
        return rows
    }
}
