import DataIO
import Foundation
import Planning
import Productivity

/// Everything `tfp check` does, callable from Swift, the report and batch runs:
/// read the plan, the actuals and the data, build capital, evaluate.
public struct CheckJob: Sendable {
    /// The plan file (TOML).
    public var plan: String
    /// The actuals file (CSV), if any.
    public var actuals: String?
    /// The data panel file, for the computed targets, if any.
    public var data: String?
    /// Column mappings `ROLE=NAME` for the data panel.
    public var columns: [String]
    /// The decimal style of the actuals and data files.
    public var decimal: DecimalStyle
    /// The year of the check, within `Plan.validYears`.
    public var asOf: Int
    /// The region of the data to use when it is spelt differently from the plan's.
    public var dataRegion: String?
    /// Refuse actuals rows that no target reads.
    public var strict: Bool
    /// The growth-accounting assumptions of the computed targets.
    public var accounting: AccountingSettings
    /// Uncertain assumptions (issue 12): computed targets get the share of scenarios in which
    /// they are met, and their status is said to be robust only when 90% of scenarios agree.
    public var uncertainty: UncertainAccounting?

    /// A check.
    /// - Parameters:
    ///   - plan: the plan file.
    ///   - actuals: the actuals file (nil: none).
    ///   - data: the data panel file (nil: none).
    ///   - columns: column mappings `ROLE=NAME` for the panel.
    ///   - decimal: the decimal style of the CSV files.
    ///   - asOf: the year of the check.
    ///   - dataRegion: the region of the data to use when it is spelt differently (nil: the plan's).
    ///   - strict: whether actuals rows that no target reads are refused.
    ///   - accounting: the growth-accounting assumptions.
    ///   - uncertainty: uncertain assumptions for the computed targets (nil: none).
    public init(
        plan: String, actuals: String? = nil, data: String? = nil, columns: [String] = [], decimal: DecimalStyle = .point,
        asOf: Int, dataRegion: String? = nil, strict: Bool = false, accounting: AccountingSettings = AccountingSettings(),
        uncertainty: UncertainAccounting? = nil
    ) {
        self.uncertainty = uncertainty
        self.plan = plan
        self.actuals = actuals
        self.data = data
        self.columns = columns
        self.decimal = decimal
        self.asOf = asOf
        self.dataRegion = dataRegion
        self.strict = strict
        self.accounting = accounting
    }

    /// What ``CheckJob/run()`` gives.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The plan as read.
        public let plan: Plan
        /// Every target's evaluation.
        public let evaluation: PlanEvaluation
        /// The data panel with capital (when data were given and capital could be built).
        public let panel: Panel?
        /// The data panel as read, before capital is built (for scenarios).
        public let rawPanel: Panel?
        /// The panel's series for the plan's region, when found.
        public let region: String?
        /// Notes in the order a reader needs them (capital built, scenarios, actuals read by no target).
        public let notes: [Diagnostics.Note]
        /// Actuals rows that no target reads, with the reason.
        public let unmatchedActuals: [Actuals.UnreadEntry]

        enum CodingKeys: String, CodingKey {
            case plan, evaluation, panel, rawPanel = "raw_panel", region, notes, unmatchedActuals = "unmatched_actuals"
        }
    }

    /// Reads the plan, the actuals and the data, builds capital and evaluates every target (and, under uncertain
    /// assumptions, the computed targets in every scenario).
    ///
    /// A `ProductivityError` while building capital does not stop the check: the computed targets report it.
    /// - Returns: the plan, its evaluation, the panels and the notes.
    /// - Throws: ``WorkflowError/invalidSetting(_:)`` for invalid assumptions or a year outside `Plan.validYears`,
    ///   ``WorkflowError/strictActuals(file:line:reason:count:)`` in strict mode, `PlanError` for the plan, and
    ///   `DataIOError` for the actuals, the data or the shares file.
    public func run() throws -> Outcome {
        try accounting.validate()
        guard Plan.validYears.contains(asOf) else {
            throw WorkflowError.invalidSetting("the year of the check must be between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound); got \(asOf)")
        }
        let parsed = try Plan.read(path: plan)
        let options = CSVOptions(decimal: decimal)
        let actualValues = try actuals.map { try Actuals.read(path: $0, options: options) }
        let unmatched = actualValues?.unmatched(by: parsed) ?? []
        if strict, let first = unmatched.first, let actuals {
            throw WorkflowError.strictActuals(file: actuals, line: first.entry.line, reason: first.reason, count: unmatched.count)
        }
        var notes: [Diagnostics.Note] = []
        var computed: ComputedIndicators? = nil
        var prepared: Panel? = nil
        var region: String? = nil
        var raw: Panel? = nil
        if let data {
            let panel = try Panel.read(path: data, options: options, mapping: ColumnMapping(assignments: columns), required: accounting.requiredRoles)
            raw = panel
            do {
                // A failure here (an undefined initial capital stock) is the computed targets' error, not the whole check's.
                let (withCapital, note) = try accounting.withCapital(panel)
                if let note { notes.append(note) }
                prepared = withCapital
                let indicators = ComputedIndicators(
                    panel: withCapital, region: parsed.region, dataRegion: dataRegion,
                    accounting: GrowthAccountingOptions(method: accounting.method, shares: try accounting.shares(csv: options)))
                computed = indicators
                region = indicators.regionName
            } catch let error as ProductivityError {
                computed = ComputedIndicators(failure: error.localizedDescription, region: parsed.region)
            }
        }
        var evaluation = PlanEvaluator.evaluate(parsed, asOf: asOf, actuals: actualValues, computed: computed)
        // The scenarios start from the panel read above (before capital is built), not from a second read.
        if let uncertainty, uncertainty.isUncertain, let all = raw, computed?.failure == nil {
            // Only the plan's region is computed in each scenario.
            let key = RegionReference.key(dataRegion ?? parsed.region)
            if let name = all.series.first(where: { RegionReference.key($0.region) == key })?.region, let panel = all.restrictedToRegion(name) {
                var u = uncertainty
                if u.draws > UncertainAccounting.maxDraws(rows: panel.rowCount) {
                    u.draws = UncertainAccounting.maxDraws(rows: panel.rowCount)
                    notes.append(.scenariosCapped(draws: u.draws, rows: panel.rowCount))
                }
                let shares = try accounting.shares(csv: options)
                notes += try scenarios(u, panel: panel, plan: parsed, actuals: actualValues, shares: shares, evaluation: &evaluation)
            }
        }
        if let actuals, !unmatched.isEmpty {
            let first = unmatched.prefix(5)
            notes.append(.actualsReadByNoTarget(count: unmatched.count, file: actuals, lines: first.map(\.entry.line), reasons: first.map(\.reason)))
        }
        return Outcome(plan: parsed, evaluation: evaluation, panel: prepared, rawPanel: raw, region: region, notes: notes, unmatchedActuals: unmatched)
    }

    /// Re-evaluates the computed targets in every scenario and records how often each is met.
    func scenarios(
        _ uncertainty: UncertainAccounting, panel: Panel, plan: Plan, actuals: Actuals?, shares: FactorShares?,
        evaluation: inout PlanEvaluation
    ) throws -> [Diagnostics.Note] {
        try uncertainty.validate()
        let computedKinds: Set<TargetKind> = [.shareOfGrowth, .growthRate, .direction]
        let indices = evaluation.evaluations.indices.filter { computedKinds.contains(evaluation.evaluations[$0].kind) }
        guard !indices.isEmpty else { return [] }
        let draws = uncertainty.scenarioAssumptions()
        nonisolated(unsafe) var met = [[Bool]?](repeating: nil, count: draws.count)
        let settings = accounting
        met.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: draws.count) { k in
                let draw = draws[k], a = draw.capitalShare
                var s = settings
                if let a { s.capitalShare = a }
                if let d = draw.depreciation { s.depreciation = d }
                if let k = draw.capitalOutput { s.capitalOutput = k }
                s.growthYears = draw.growthYears
                guard let (withCapital, _) = try? s.withCapital(panel) else { return }
                let indicators = ComputedIndicators(
                    panel: withCapital, region: plan.region, dataRegion: dataRegion,
                    accounting: GrowthAccountingOptions(method: s.method, shares: a.map { .capitalShare($0) } ?? shares))
                let e = PlanEvaluator.evaluate(plan, asOf: asOf, actuals: actuals, computed: indicators).evaluations
                out[k] = indices.map { [.met, .onTrack].contains(e[$0].status) }
            }
        }
        let usable = met.compactMap { $0 }
        guard !usable.isEmpty else { return [.noScenarioComputed] }
        for (j, i) in indices.enumerated() {
            let share = Double(usable.filter { $0[j] }.count) / Double(usable.count)
            var e = evaluation.evaluations[i]
            guard [.met, .onTrack, .atRisk, .missed].contains(e.status) else { continue }
            e.shareOfScenariosMet = share
            let positive = [.met, .onTrack].contains(e.status)
            let agreeing = positive ? share : 1 - share
            e.robust = agreeing >= 0.9
            if e.robust == false {
                e.findings.append(Phrase(.notRobust, .text(e.status.rawValue), .percent(share), .number(Double(usable.count))))
            }
            evaluation.evaluations[i] = e
        }
        return [.targetsInScenarios(scenarios: usable.count, seed: uncertainty.seed)]
    }
}
