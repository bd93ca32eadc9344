import DataIO
import Foundation
import Planning
import Productivity

/// Everything `tfp check` does, callable from Swift, the report and batch runs:
/// read the plan, the actuals and the data, build capital, evaluate.
public struct CheckJob: Sendable {
    public var plan: String
    public var actuals: String?
    public var data: String?
    public var columns: [String]
    public var decimal: DecimalStyle
    public var asOf: Int
    /// The region of the data to use when it is spelt differently from the plan's.
    public var dataRegion: String?
    /// Refuse actuals rows that no target reads.
    public var strict: Bool
    public var accounting: AccountingSettings

    public init(plan: String, actuals: String? = nil, data: String? = nil, columns: [String] = [], decimal: DecimalStyle = .point,
                asOf: Int, dataRegion: String? = nil, strict: Bool = false, accounting: AccountingSettings = AccountingSettings()) {
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

    public struct Outcome: Sendable {
        public let plan: Plan
        public let evaluation: PlanEvaluation
        /// The data panel with capital (when data were given and capital could be built).
        public let panel: Panel?
        /// The panel's series for the plan's region, when found.
        public let region: String?
        public let notes: [String]
        public let unmatchedActuals: [(entry: Actuals.Entry, reason: String)]
    }

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
        var notes: [String] = []
        var computed: ComputedIndicators? = nil
        var prepared: Panel? = nil
        var region: String? = nil
        if let data {
            let panel = try Panel.read(path: data, options: options, mapping: ColumnMapping(assignments: columns), required: accounting.requiredRoles)
            do {
                // A failure here (an undefined initial capital stock) is the computed targets' error, not the whole check's.
                let (withCapital, note) = try accounting.withCapital(panel)
                if let note { notes.append(note) }
                prepared = withCapital
                let indicators = ComputedIndicators(panel: withCapital, region: parsed.region, dataRegion: dataRegion,
                                                    accounting: GrowthAccountingOptions(method: accounting.method, shares: try accounting.shares(csv: options)))
                computed = indicators
                region = indicators.regionName
            } catch let error as ProductivityError {
                computed = ComputedIndicators(failure: error.localizedDescription, region: parsed.region)
            }
        }
        let evaluation = PlanEvaluator.evaluate(parsed, asOf: asOf, actuals: actualValues, computed: computed)
        if let actuals, !unmatched.isEmpty {
            notes.append("\(unmatched.count) row(s) of \(actuals) are read by no target: " + unmatched.prefix(5).map { "line \($0.entry.line): \($0.reason)" }.joined(separator: "; ") + (unmatched.count > 5 ? "; …" : "") + " (strict mode refuses them).")
        }
        return Outcome(plan: parsed, evaluation: evaluation, panel: prepared, region: region, notes: notes, unmatchedActuals: unmatched)
    }
}
