import DataIO
import Foundation

public enum TargetStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case met
    case onTrack = "on track"
    case atRisk = "at risk"
    case missed
    case notYetDue = "not yet due"
    case noData = "no data"
    /// Spending above the estimate: a breach for public money, worse than missing a target.
    case overBudget = "over budget"
    /// The target could not be evaluated (its data could not be prepared); the reason is its evidence.
    case error

    /// Severity, for --fail-on and sorting: an error (nothing can be said) and spending
    /// over budget count with missed as the worst.
    public var severity: Int {
        switch self {
        case .met: 0
        case .onTrack: 1
        case .notYetDue: 1
        case .noData: 2
        case .atRisk: 3
        case .missed, .overBudget, .error: 4
        }
    }

    public static func < (a: TargetStatus, b: TargetStatus) -> Bool { a.severity < b.severity }
}

/// The evaluation of one statement of one target as of a year.
public struct TargetEvaluation: Sendable, Codable, Equatable {
    public let id: String
    public let label: String
    public let indicator: String
    public let kind: TargetKind
    /// "main", or where the document states the alternative number.
    public let statement: String
    /// The target in words, as `≥ 15 by 2025`.
    public let target: String
    public let status: TargetStatus
    /// The actual value used (count so far, share, growth rate).
    public let actual: Double?
    /// What the target asks by now (floor, or the schedule to date).
    public let expected: Double?
    /// How far short (positive) the actual value is.
    public let gap: Double?
    /// The pace still needed over the remaining years, in words.
    public let paceNeeded: String?
    /// The values and years used.
    public let evidence: String
    /// Problems found (budget sums that do not add up, years behind schedule).
    public var findings: [String]
    /// Under uncertain assumptions: the share of scenarios in which the target is met
    /// (on track, before its due year); nil when the assumptions are single values.
    public var shareOfScenariosMet: Double? = nil
    /// Whether the status holds in at least 90% of the scenarios (met or missed alike).
    public var robust: Bool? = nil
}

public struct PlanEvaluation: Sendable, Codable {
    public let plan: Plan
    public let asOf: Int
    public var evaluations: [TargetEvaluation]

    public func count(_ status: TargetStatus) -> Int { evaluations.filter { $0.status == status }.count }
}

/// Evaluates every target of a plan as of a year (PLANS.md; issue 4):
/// met, on track, at risk, missed, not yet due, or no data, with the evidence,
/// the gap and the pace still needed.
///
/// Rules (README, "Plan statuses"). A target whose period has not started is *not
/// yet due*. Before the due year, a target is *on track* when the value so far
/// reaches what is expected by now (the yearly schedule when the plan gives one,
/// else a straight line from the start of the period), else *at risk*. From the
/// due year on it is *met* or *missed*. Per-year targets are *missed* as soon as
/// one year falls short.
///
/// - Floors and ceilings: a floor must be reached (exceeded when `strict`); a
///   ceiling alone is a limit that must not be passed ("≤ 3 every year"); a
///   floor with a ceiling is a range whose top, when passed, is reported, not failed.
/// - Missing years, one rule for every counted kind: a year without a report is
///   not a zero. Sums (count-by-date, spending) add the reported years, averages
///   (count-versus-base) are over the reported years, per-year targets have no
///   data for that year; every missing year is named in the findings.
/// - Budgets: spending above the estimate to date is *over budget*, in total and
///   per line reported; the disbursement rate is spent / planned.
/// - Computed targets whose data could not be prepared are *error* with the reason.
/// - Computed results over a period that contains a known series break are flagged.
public enum PlanEvaluator {
    public static func evaluate(_ plan: Plan, asOf: Int, actuals: Actuals?, computed: ComputedIndicators?) -> PlanEvaluation {
        var out: [TargetEvaluation] = []
        for target in plan.targets {
            let statements = [("main", target.main)] + target.alternatives.map { ($0.source ?? "alternative", $0) }
            for (name, statement) in statements {
                var context = Context(plan: plan, target: target, statement: statement, statementName: name, asOf: asOf,
                                      actuals: actuals, computed: computed)
                out.append(context.evaluate())
            }
        }
        return PlanEvaluation(plan: plan, asOf: asOf, evaluations: out)
    }
}

struct Context {
    let plan: Plan
    let target: Target
    let statement: Statement
    let statementName: String
    let asOf: Int
    let actuals: Actuals?
    let computed: ComputedIndicators?
    var findings: [String] = []

    init(plan: Plan, target: Target, statement: Statement, statementName: String, asOf: Int, actuals: Actuals?, computed: ComputedIndicators?) {
        self.plan = plan
        self.target = target
        self.statement = statement
        self.statementName = statementName
        self.asOf = asOf
        self.actuals = actuals
        self.computed = computed
    }

    /// The years the target covers: its period, else from the plan's start to its due year.
    var period: YearRange {
        if let p = target.period { return p }
        let to = target.due ?? plan.period.to
        return YearRange(min(plan.period.from, to), to)
    }
    /// The number the target states: its floor, or its ceiling when it is a limit.
    var goal: Double? { statement.floor ?? statement.ceiling }
    /// A ceiling without a floor: a limit not to pass.
    var isLimit: Bool { statement.floor == nil && statement.ceiling != nil }
    var unit: String { target.unit ?? "" }

    /// Whether a value reaches a bound: strictly when the document says "above";
    /// within 10% below when it says "about" (khoảng), a documented reading.
    func reaches(_ value: Double, _ bound: Double) -> Bool {
        let b = statement.approximate ? bound - Self.approximateTolerance * abs(bound) : bound
        return statement.strict ? value > b : value >= b - 1e-12 * max(1, abs(b))
    }

    /// Whether a value meets the statement: reaches the floor, or stays within a limit
    /// (strictly below it when the document says "below", dưới).
    func meets(_ value: Double) -> Bool {
        if let floor = statement.floor { return reaches(value, floor) }
        if let ceiling = statement.ceiling {
            return statement.strict ? value < ceiling : value <= ceiling + 1e-12 * max(1, abs(ceiling))
        }
        return false
    }

    /// How far the value is from meeting the statement (positive: short of the floor, or above the limit).
    func shortfall(_ value: Double) -> Double? {
        if let floor = statement.floor { return floor - value }
        if let ceiling = statement.ceiling { return value - ceiling }
        return nil
    }

    /// "About N" is read as "at least N − 10%".
    static let approximateTolerance = 0.10

    func result(_ status: TargetStatus, actual: Double? = nil, expected: Double? = nil, gap: Double? = nil,
                pace: String? = nil, evidence: String) -> TargetEvaluation {
        TargetEvaluation(id: target.id, label: target.label, indicator: target.indicator, kind: target.kind,
                         statement: statementName, target: description, status: status, actual: actual, expected: expected,
                         gap: gap.flatMap { $0.isFinite ? max(0, $0) : nil }, paceNeeded: pace, evidence: evidence, findings: findings)
    }

    // MARK: Describing the target

    var description: String {
        let cmp = statement.strict ? ">" : "≥"
        let below = statement.strict ? "<" : "≤"
        let isShare = [.shareOfGrowth, .growthRate, .growthOfCount, .countVersusBase, .coverage].contains(target.kind)
        func v(_ x: Double) -> String { isShare ? pct(x) : num(x) }
        var bound: String
        if let lo = statement.floor, let hi = statement.ceiling { bound = lo == hi ? v(lo) : "\(v(lo))–\(v(hi))" }
        else if let lo = statement.floor { bound = "\(cmp) \(v(lo))" }
        else if let hi = statement.ceiling { bound = "\(below) \(v(hi))" }
        else { bound = "" }
        if statement.approximate {
            bound = statement.ceiling == nil ? "≈ " + (statement.floor.map(v) ?? "") : "≈ " + bound
        }
        let u = unit.isEmpty ? "" : " \(unit)"
        let due = target.due.map(String.init) ?? "\(period.to)"
        let base = target.basePeriod.map { "\($0)" } ?? "the base period"
        switch target.kind {
        case .countByDate: return "\(bound)\(u) by \(due)"
        case .countPerYear: return "\(bound)\(u) every year \(period)"
        case .growthOfCount: return "growth \(bound) a year, \(period)"
        case .countVersusBase: return "\(bound) more than \(base), over \(period)"
        case .coverage: return "\(bound) by \(due)"
        case .shareOfGrowth: return "TFP \(bound) of growth, \(target.period.map { "\($0)" } ?? "in \(due)")"
        case .growthRate: return "\(bound) a year, \(period)"
        case .direction: return "must rise over \(period) against \(base)"
        case .budget: return "planned spending \(period)"
        }
    }

    // MARK: Evaluation by kind

    mutating func evaluate() -> TargetEvaluation {
        if target.kind != .budget && asOf < period.from {
            return result(.notYetDue, evidence: "the target's period starts in \(period.from)")
        }
        switch target.kind {
        case .countByDate: return countByDate()
        case .countPerYear: return perYear(growth: false)
        case .growthOfCount: return perYear(growth: true)
        case .countVersusBase: return versusBase()
        case .coverage: return coverage()
        case .shareOfGrowth: return computedTarget(share: true)
        case .growthRate: return computedTarget(share: false)
        case .direction: return direction()
        case .budget: return budget()
        }
    }

    func series(_ indicator: String? = nil) -> [Int: Double] {
        actuals?.series(region: plan.region, indicator: indicator ?? target.indicator) ?? [:]
    }

    /// Years of `range` with no value in `s`, named in a finding (the one missing-years rule).
    mutating func noteMissing(_ s: [Int: Double], _ range: YearRange, what: String = "no report") {
        let missing = range.years.filter { s[$0] == nil }
        if !missing.isEmpty, missing.count < range.count {
            findings.append("\(what) for \(missing.map(String.init).joined(separator: ", ")) (not counted as zero: the reported years are used)")
        }
    }

    mutating func countByDate() -> TargetEvaluation {
        let s = series()
        guard let due = target.due else { return result(.noData, evidence: "the target has no due year") }
        let start = min(period.from, due)
        let through = min(asOf, due)
        let window = YearRange(start, max(start, through))
        let reported = window.years.filter { s[$0] != nil }
        guard !reported.isEmpty, let goal else {
            return result(.noData, evidence: "no actual values of '\(target.indicator)' for \(window)")
        }
        let cumulative = reported.reduce(0) { $0 + (s[$1] ?? 0) }
        noteMissing(s, window)
        var evidence = "\(num(cumulative)) in \(window) (" + reported.map { "\($0): \(num(s[$0] ?? 0))" }.joined(separator: ", ") + ")"
        if !isLimit, let hi = statement.ceiling, cumulative > hi { evidence += "; above the stated range" }
        if isLimit {
            // A limit on a cumulated count: passed once, missed for good.
            if !meets(cumulative) { return result(.missed, actual: cumulative, expected: goal, gap: shortfall(cumulative), evidence: evidence + "; above the limit") }
            return result(asOf >= due ? .met : .onTrack, actual: cumulative, expected: goal, evidence: evidence)
        }
        if asOf >= due {
            return result(meets(cumulative) ? .met : .missed, actual: cumulative, expected: goal, gap: goal - cumulative, evidence: evidence)
        }
        // Expected by now: the schedule to date, else a straight line.
        var expected: Double
        if !statement.schedule.isEmpty {
            expected = window.years.reduce(0) { $0 + (statement.schedule[$1]?.lowerBound ?? 0) }
            var scheduleSoFar = 0.0, actualSoFar = 0.0
            for y in window.years {
                scheduleSoFar += statement.schedule[y]?.lowerBound ?? 0
                actualSoFar += s[y] ?? 0
                if actualSoFar < scheduleSoFar { findings.append("\(y): \(num(actualSoFar)) cumulated against \(num(scheduleSoFar)) scheduled") }
            }
        } else {
            expected = goal * Double(window.count) / Double(max(1, due - start + 1))
        }
        let remaining = max(1, due - asOf)
        let pace = "\(num((goal - cumulative) / Double(remaining), digits: 1)) \(unit.isEmpty ? "units" : unit)"
            + (remaining == 1 ? " in \(due)" : " a year over \(asOf + 1)-\(due)")
        return result(cumulative >= expected ? .onTrack : .atRisk, actual: cumulative, expected: expected, gap: goal - cumulative,
                      pace: cumulative >= goal ? nil : pace, evidence: evidence)
    }

    mutating func perYear(growth: Bool) -> TargetEvaluation {
        let s = series()
        guard let goal else { return result(.noData, evidence: "no number") }
        let through = min(asOf, period.to)
        let window = YearRange(period.from, max(period.from, through))
        var short: [String] = [], missing: [Int] = [], shown: [String] = []
        var latest: Double? = nil
        var worst: Double? = nil
        for y in window.years {
            let value: Double?
            if growth {
                if let a = s[y - 1], let b = s[y], a > 0 { value = b / a - 1 } else { value = nil }
            } else { value = s[y] }
            guard let value, value.isFinite else { missing.append(y); continue }
            latest = value
            shown.append("\(y): \(growth ? pct(value) : num(value))")
            if !meets(value) {
                short.append("\(y) (\(growth ? pct(value) : num(value)))")
                if let gap = shortfall(value), gap > (worst.flatMap(shortfall) ?? -.infinity) { worst = value }
            }
            if !isLimit, let hi = statement.ceiling, value > hi { findings.append("\(y): \(growth ? pct(value) : num(value)) is above the stated range") }
        }
        let evidence = shown.isEmpty ? "no actual values of '\(target.indicator)'" + (growth ? " for consecutive years" : "") : shown.joined(separator: ", ")
        if !short.isEmpty {
            let word = isLimit ? "above the limit in " : "short in "
            return result(.missed, actual: worst ?? latest, expected: goal, gap: worst.flatMap(shortfall), evidence: evidence + "; " + word + short.joined(separator: ", "))
        }
        if !missing.isEmpty {
            findings.append("no value for \(missing.map(String.init).joined(separator: ", "))" + (growth ? " (growth needs the year before too)" : ""))
            return result(.noData, actual: latest, expected: goal, evidence: evidence)
        }
        return result(asOf >= period.to ? .met : .onTrack, actual: latest, expected: goal, evidence: evidence)
    }

    mutating func versusBase() -> TargetEvaluation {
        let s = series()
        guard let base = target.basePeriod else { return result(.noData, evidence: "the target has no base period") }
        guard let goal else { return result(.noData, evidence: "no number") }
        let through = min(asOf, period.to)
        let window = YearRange(period.from, max(period.from, through))
        let baseYears = base.years.filter { s[$0] != nil }
        let planYears = window.years.filter { s[$0] != nil }
        guard !baseYears.isEmpty, !planYears.isEmpty else {
            return result(.noData, evidence: "needs '\(target.indicator)' for the base period \(base) and for \(window)")
        }
        noteMissing(s, base, what: "no report in the base period")
        noteMissing(s, window)
        let baseTotal = baseYears.reduce(0) { $0 + (s[$1] ?? 0) }, planTotal = planYears.reduce(0) { $0 + (s[$1] ?? 0) }
        // Averages over the reported years, in the status and in the actual alike.
        let baseAverage = baseTotal / Double(baseYears.count), planAverage = planTotal / Double(planYears.count)
        guard baseAverage > 0 else { return result(.noData, evidence: "the base period \(base) averages 0, so no percentage change can be computed") }
        let change = planAverage / baseAverage - 1
        let evidence = "\(num(planTotal)) in \(planYears.count) reported year(s) of \(period) (\(num(planAverage)) a year) against \(num(baseTotal)) in \(baseYears.count) reported year(s) of \(base) (\(num(baseAverage)) a year): \(pct(change))"
        if asOf >= period.to {
            return result(meets(change) ? .met : .missed, actual: change, expected: goal, gap: shortfall(change), evidence: evidence)
        }
        let remaining = period.to - through
        let needed = baseAverage * (1 + goal) * Double(period.count) - planAverage * Double(window.count)
        let pace = remaining > 0 && !isLimit ? "\(num(max(0, needed) / Double(remaining), digits: 1)) a year over \(through + 1)-\(period.to)" : nil
        return result(meets(change) ? .onTrack : .atRisk, actual: change, expected: goal, gap: shortfall(change), pace: pace, evidence: evidence)
    }

    mutating func coverage() -> TargetEvaluation {
        let s = series()
        let due = target.due ?? period.to
        guard let goal, let year = s.keys.filter({ $0 <= asOf }).max(), let value = s[year] else {
            return result(.noData, evidence: "no actual values of '\(target.indicator)' up to \(asOf)")
        }
        let evidence = "\(pct(value)) in \(year)"
        if meets(value) { return result(asOf >= due || !isLimit ? .met : .onTrack, actual: value, expected: goal, evidence: evidence) }
        return result(asOf >= due || isLimit ? .missed : .atRisk, actual: value, expected: goal, gap: shortfall(value), evidence: evidence)
    }

    /// Flags a computed result whose growth years contain a known series break.
    mutating func flagBreaks(_ years: YearRange, roles: Set<Role>) -> String {
        let breaks = SeriesBreaks.straddled(from: years.from, to: years.to, roles: roles, national: computed?.isNational ?? false)
        for b in breaks { findings.append("series break in \(b.year): \(b.what) (\(b.source))") }
        return breaks.isEmpty ? "" : "; not comparable across the series break in " + breaks.map { String($0.year) }.joined(separator: ", ")
    }

    mutating func computedTarget(share: Bool) -> TargetEvaluation {
        guard let computed else {
            return result(.noData, evidence: "computed from data: give --data (a panel with output, capital or investment, employment)")
        }
        if let failure = computed.failure { return result(.error, evidence: failure) }
        // The years the target is about: its period, or its due year.
        let final = target.period ?? YearRange(target.due ?? period.to, target.due ?? period.to)
        // Before the target's years, the plan's years so far show the trend (a mid-term check).
        let interim = asOf < final.from
        let window: YearRange
        if interim {
            let from = min(plan.period.from, asOf)
            window = YearRange(from, max(from, asOf))
        } else {
            window = YearRange(final.from, max(final.from, min(asOf, final.to)))
        }
        let value = share ? computed.tfpShare(window) : computed.labourProductivityGrowth(window)
        if let note = computed.regionNote { findings.append(note) }
        guard let v = value.value, let years = value.years else {
            var evidence = value.note.map { "\(value.years.map { "\($0): " } ?? "")\($0)" } ?? "no value"
            // Say what the data do show: the latest five growth years before the window.
            if let last = computed.lastCompleteYear, last < window.to {
                let recent = YearRange(max(last - 4, computed.firstYear.map { $0 + 1 } ?? last), last)
                let latest = share ? computed.tfpShare(recent) : computed.labourProductivityGrowth(recent)
                if let l = latest.value, let y = latest.years {
                    evidence += "; latest in the data: \(share ? "TFP share of growth" : "average growth") \(pct(l)) over \(y)"
                } else if let note = latest.note {
                    evidence += "; latest in the data (\(recent)): \(note)"
                }
            }
            return result(.noData, evidence: evidence)
        }
        guard let goal else { return result(.noData, evidence: "no number") }
        let what = share ? "TFP share of growth" : "average growth"
        var evidence = "\(what) \(pct(v)) over \(years)"
        if interim { evidence += " (the plan's years so far; the target is for \(final))" }
        if share, let g = value.outputGrowth { evidence += " (output growth \(pct(g)) a year)" }
        if share, v > 1 { evidence += "; above 100%: TFP grew while capital and labour together fell" }
        if share, v < 0 { evidence += "; negative: capital and labour grew faster than output" }
        if !isLimit, let hi = statement.ceiling, v > hi { evidence += "; above the stated range" }
        evidence += flagBreaks(years, roles: share ? [.output, .capital, .investment, .employment] : [.output, .employment])
        let complete = !interim && years.to >= final.to
        if complete { return result(meets(v) ? .met : .missed, actual: v, expected: goal, gap: shortfall(v), evidence: evidence) }
        if years.to < window.to { findings.append("data end in \(years.to); \(years.to + 1)-\(window.to) not yet covered") }
        var pace: String? = nil
        if share, let g = value.outputGrowth, g > 0, !isLimit {
            pace = "TFP growth of at least \(pct(goal * g)) a year, if output keeps growing \(pct(g)) a year"
        } else if !share, !interim, !isLimit {
            let done = Double(years.count), total = Double(final.count), left = total - done
            if left > 0, 1 + v > 0 {
                let needed = pow(pow(1 + goal, total) / pow(1 + v, done), 1 / left) - 1
                if needed.isFinite { pace = "\(pct(needed)) a year over \(years.to + 1)-\(final.to)" }
            }
        }
        return result(meets(v) ? .onTrack : .atRisk, actual: v, expected: goal, gap: shortfall(v), pace: pace, evidence: evidence)
    }

    mutating func direction() -> TargetEvaluation {
        guard let computed else { return result(.noData, evidence: "computed from data: give --data") }
        if let failure = computed.failure { return result(.error, evidence: failure) }
        guard let basePeriod = target.basePeriod else { return result(.noData, evidence: "the target has no base period") }
        let current = computed.tfpShare(YearRange(period.from, max(period.from, min(asOf, period.to))))
        let base = computed.tfpShare(basePeriod)
        guard let now = current.value, let before = base.value, let span = current.years, let baseSpan = base.years else {
            return result(.noData, evidence: [current.note, base.note].compactMap { $0 }.joined(separator: "; "))
        }
        var evidence = "TFP share \(pct(now)) over \(span) against \(pct(before)) over \(baseSpan)"
        evidence += flagBreaks(YearRange(baseSpan.from, span.to), roles: [.output, .capital, .investment, .employment])
        let rose = now > before
        if span.to >= period.to { return result(rose ? .met : .missed, actual: now, expected: before, evidence: evidence) }
        return result(rose ? .onTrack : .atRisk, actual: now, expected: before, evidence: evidence)
    }

    mutating func budget() -> TargetEvaluation {
        let lines = target.budgetLines
        let years = Set(lines.flatMap { $0.amounts.keys } + target.printedGrandTotal.keys).sorted()
        var checks = 0
        func check(_ what: String, _ printed: Double, _ computed: Double) -> String? {
            checks += 1
            return abs(printed - computed) <= 1e-9 * max(1, abs(printed)) ? nil : "\(what): printed \(num(printed)), computed \(num(computed))"
        }
        var problems: [String] = []
        for line in lines {
            if let total = line.printedTotal, let p = check("line \(line.code) total", total, line.amounts.values.reduce(0, +)) { problems.append(p) }
            let children = lines.filter { $0.parent == line.code }
            guard !children.isEmpty else { continue }
            for y in years {
                let sum = children.reduce(0) { $0 + ($1.amounts[y] ?? 0) }
                if let p = check("line \(line.code), \(y)", line.amounts[y] ?? 0, sum) { problems.append(p) }
            }
        }
        let top = lines.filter { $0.parent == nil }
        for y in years {
            guard let printed = target.printedGrandTotal[y] else { continue }
            if let p = check("grand total, \(y)", printed, top.reduce(0) { $0 + ($1.amounts[y] ?? 0) }) { problems.append(p) }
        }
        let planned = top.reduce(0) { $0 + $1.amounts.values.reduce(0, +) }
        if let overall = target.printedGrandTotalOverall {
            if let p = check("grand total (sum of the lines)", overall, planned) { problems.append(p) }
            if !target.printedGrandTotal.isEmpty,
               let p = check("grand total (sum of the printed yearly totals)", overall, target.printedGrandTotal.values.reduce(0, +)) { problems.append(p) }
        }
        findings += problems
        var evidence = "planned \(num(planned)) \(unit) over \(period); \(checks) printed sums checked, \(problems.count) \(problems.count == 1 ? "does" : "do") not add up"
        // Spending reported as actuals ('<indicator>' per year, and '<indicator>:<line code>' per line)
        // is compared with the plan to date.
        guard asOf >= period.from else { return result(.notYetDue, evidence: evidence) }
        let through = YearRange(period.from, min(asOf, period.to))
        var overspentLines: [String] = []
        for line in lines {
            let spentOnLine = series("\(target.indicator):\(line.code)")
            guard !spentOnLine.isEmpty else { continue }
            let plannedOnLine = through.years.reduce(0.0) { $0 + (line.amounts[$1] ?? 0) }
            let spent = through.years.reduce(0.0) { $0 + (spentOnLine[$1] ?? 0) }
            if spent > plannedOnLine + 1e-9 * max(1, plannedOnLine) {
                overspentLines.append("line \(line.code) (\(line.name))")
                findings.append("line \(line.code): spent \(num(spent)) against \(num(plannedOnLine)) planned for \(through) (\(pct(plannedOnLine > 0 ? spent / plannedOnLine : .infinity)) disbursed): over the estimate")
            }
        }
        let plannedToDate = through.years.reduce(0.0) { sum, y in sum + top.reduce(0) { $0 + ($1.amounts[y] ?? 0) } }
        let spent = series()
        guard !spent.isEmpty || !overspentLines.isEmpty else {
            return result(.noData, expected: plannedToDate, evidence: evidence + "; no spending reported")
        }
        noteMissing(spent, through)
        let spentToDate = through.years.reduce(0.0) { $0 + (spent[$1] ?? 0) }
        let rate = plannedToDate > 0 ? spentToDate / plannedToDate : nil
        evidence += "; spent \(num(spentToDate)) of \(num(plannedToDate)) planned for \(through)" + (rate.map { " (\(pct($0)) disbursed)" } ?? "")
        if spentToDate > plannedToDate + 1e-9 * max(1, plannedToDate) || !overspentLines.isEmpty {
            evidence += spentToDate > plannedToDate ? "; spending is above the estimate" : "; within the total, but over the estimate on " + overspentLines.joined(separator: ", ")
            return result(.overBudget, actual: spentToDate, expected: plannedToDate, gap: nil, evidence: evidence)
        }
        let status: TargetStatus = spentToDate >= plannedToDate - 1e-9 * max(1, plannedToDate)
            ? (asOf >= period.to ? .met : .onTrack) : (asOf >= period.to ? .missed : .atRisk)
        return result(status, actual: spentToDate, expected: plannedToDate, gap: plannedToDate - spentToDate, evidence: evidence)
    }
}

func num(_ x: Double, digits: Int = 2) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.\(digits)f", x)
}

func pct(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
