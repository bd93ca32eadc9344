import DataIO
import Foundation

/// The status of a target as of a year (README, "Plan statuses"; the rules are at ``PlanEvaluator``).
public enum TargetStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// The target is reached (a limit: kept).
    case met
    /// Before the due year, the value so far reaches what is expected by now.
    case onTrack = "on track"
    /// Before the due year, the value so far falls short of what is expected by now.
    case atRisk = "at risk"
    /// Not reached by the due year (a per-year target: one year short), or a limit passed.
    case missed
    /// The target's period has not started.
    case notYetDue = "not yet due"
    /// Nothing to evaluate it with: no actuals or data for it, or a number or year it needs is missing.
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

    /// Orders statuses by ``severity``.
    /// - Parameters:
    ///   - a: a status.
    ///   - b: another status.
    /// - Returns: `true` when `a` is less severe than `b`.
    public static func < (a: TargetStatus, b: TargetStatus) -> Bool { a.severity < b.severity }
}

/// The evaluation of one statement of one target as of a year.
public struct TargetEvaluation: Sendable, Codable, Equatable {
    /// The target's id.
    public let id: String
    /// The target's label: its id, with its part when it has one.
    public let label: String
    /// The target's indicator.
    public let indicator: String
    /// The target's kind.
    public let kind: TargetKind
    /// "main", or where the document states the alternative number.
    public let statement: String
    /// The target in words, as `≥ 15 by 2025`.
    public let target: String
    /// The status as of the evaluation's year.
    public let status: TargetStatus
    /// The actual value used (count so far, share, growth rate).
    public let actual: Double?
    /// What the target asks by now (floor, or the schedule to date).
    public let expected: Double?
    /// How far short (positive) the actual value is.
    public let gap: Double?
    /// The pace still needed over the remaining years (worded by Reporting).
    public let paceNeeded: Phrase?
    /// The values and years used (worded by Reporting, joined by "; ").
    public let evidence: [Phrase]
    /// Problems found (budget sums that do not add up, years behind schedule).
    public var findings: [Phrase]
    /// Under uncertain assumptions: the share of scenarios in which the target is met
    /// (on track, before its due year); nil when the assumptions are single values.
    public var shareOfScenariosMet: Double? = nil
    /// Whether the status holds in at least 90% of the scenarios (met or missed alike).
    public var robust: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case id, label, indicator, kind, statement, target, status, actual, expected, gap, paceNeeded = "pace_needed", evidence, findings, shareOfScenariosMet = "share_of_scenarios_met", robust
    }
}

/// The evaluation of every target of a plan as of a year.
public struct PlanEvaluation: Sendable, Equatable, Codable {
    /// The plan evaluated.
    public let plan: Plan
    /// The year of the evaluation.
    public let asOf: Int
    /// One per target and statement (the main one, then the alternatives), in plan order.
    public var evaluations: [TargetEvaluation]

    /// The number of evaluations with a status.
    /// - Parameter status: the status counted.
    /// - Returns: how many evaluations have it.
    public func count(_ status: TargetStatus) -> Int { evaluations.filter { $0.status == status }.count }

    enum CodingKeys: String, CodingKey {
        case plan, asOf = "as_of", evaluations
    }
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
    /// Evaluates every statement of every target of a plan; problems become statuses and findings, never errors.
    /// - Parameters:
    ///   - plan: the plan.
    ///   - asOf: the year of the evaluation.
    ///   - actuals: the counted indicators reported (nil: none).
    ///   - computed: indicators computed from a data panel (nil: computed targets have no data).
    /// - Returns: one evaluation per target and statement.
    public static func evaluate(_ plan: Plan, asOf: Int, actuals: Actuals?, computed: ComputedIndicators?) -> PlanEvaluation {
        var out: [TargetEvaluation] = []
        for target in plan.targets {
            let statements = [("main", target.main)] + target.alternatives.map { ($0.source ?? "alternative", $0) }
            for (name, statement) in statements {
                var context = Context(
                    plan: plan, target: target, statement: statement, statementName: name, asOf: asOf,
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
    var findings: [Phrase] = []

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

    func result(
        _ status: TargetStatus, actual: Double? = nil, expected: Double? = nil, gap: Double? = nil,
        pace: Phrase? = nil, evidence: [Phrase]
    ) -> TargetEvaluation {
        TargetEvaluation(
            id: target.id, label: target.label, indicator: target.indicator, kind: target.kind,
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
        if let lo = statement.floor, let hi = statement.ceiling {
            bound = lo == hi ? v(lo) : "\(v(lo))–\(v(hi))"
        } else if let lo = statement.floor {
            bound = "\(cmp) \(v(lo))"
        } else if let hi = statement.ceiling {
            bound = "\(below) \(v(hi))"
        } else {
            bound = ""
        }
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
            return result(.notYetDue, evidence: [Phrase(.periodStartsIn, .year(period.from))])
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
    mutating func noteMissing(_ s: [Int: Double], _ range: YearRange, inBase: Bool = false) {
        let missing = range.years.filter { s[$0] == nil }
        if !missing.isEmpty, missing.count < range.count {
            findings.append(Phrase(inBase ? .missingReportsInBase : .missingReports, .yearList(missing)))
        }
    }

    mutating func countByDate() -> TargetEvaluation {
        let s = series()
        guard let due = target.due else { return result(.noData, evidence: [Phrase(.noDueYear)]) }
        let start = min(period.from, due)
        let through = min(asOf, due)
        let window = YearRange(start, max(start, through))
        let reported = window.years.filter { s[$0] != nil }
        guard !reported.isEmpty, let goal else {
            return result(.noData, evidence: [Phrase(.noActualValuesFor, .text(target.indicator), .years(window))])
        }
        let cumulative = reported.reduce(0) { $0 + (s[$1] ?? 0) }
        noteMissing(s, window)
        var evidence = [Phrase(.cumulative, .number(cumulative), .years(window), .list(reported.map { Phrase(.yearCount, .year($0), .number(s[$0] ?? 0)) }))]
        if !isLimit, let hi = statement.ceiling, cumulative > hi { evidence.append(Phrase(.aboveStatedRange)) }
        if isLimit {
            // A limit on a cumulated count: passed once, missed for good.
            if !meets(cumulative) { return result(.missed, actual: cumulative, expected: goal, gap: shortfall(cumulative), evidence: evidence + [Phrase(.aboveLimit)]) }
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
                if actualSoFar < scheduleSoFar { findings.append(Phrase(.cumulatedAgainstSchedule, .year(y), .number(actualSoFar), .number(scheduleSoFar))) }
            }
        } else {
            expected = goal * Double(window.count) / Double(max(1, due - start + 1))
        }
        let remaining = max(1, due - asOf)
        let perYear = (goal - cumulative) / Double(remaining)
        let pace =
            remaining == 1
            ? Phrase(.paceCount, .number1(perYear), .text(unit), .year(due))
            : Phrase(.paceCountAYear, .number1(perYear), .text(unit), .years(YearRange(asOf + 1, due)))
        return result(
            cumulative >= expected ? .onTrack : .atRisk, actual: cumulative, expected: expected, gap: goal - cumulative,
            pace: cumulative >= goal ? nil : pace, evidence: evidence)
    }

    mutating func perYear(growth: Bool) -> TargetEvaluation {
        let s = series()
        guard let goal else { return result(.noData, evidence: [Phrase(.noNumber)]) }
        let through = min(asOf, period.to)
        let window = YearRange(period.from, max(period.from, through))
        var short: [Phrase] = [], missing: [Int] = [], shown: [Phrase] = []
        var latest: Double? = nil
        var worst: Double? = nil
        for y in window.years {
            let value: Double?
            if growth {
                if let a = s[y - 1], let b = s[y], a > 0 { value = b / a - 1 } else { value = nil }
            } else {
                value = s[y]
            }
            guard let value, value.isFinite else { missing.append(y); continue }
            latest = value
            let v: Phrase.Value = growth ? .percent(value) : .number(value)
            shown.append(Phrase(growth ? .yearPercent : .yearCount, .year(y), v))
            if !meets(value) {
                short.append(Phrase(growth ? .yearPercentInParentheses : .yearCountInParentheses, .year(y), v))
                if let gap = shortfall(value), gap > (worst.flatMap(shortfall) ?? -.infinity) { worst = value }
            }
            if !isLimit, let hi = statement.ceiling, value > hi { findings.append(Phrase(.valueAboveStatedRange, .year(y), v)) }
        }
        let evidence = shown.isEmpty ? [Phrase(growth ? .noActualValuesConsecutive : .noActualValues, .text(target.indicator))] : [Phrase(.values, .list(shown))]
        if !short.isEmpty {
            return result(
                .missed, actual: worst ?? latest, expected: goal, gap: worst.flatMap(shortfall),
                evidence: evidence + [Phrase(isLimit ? .aboveLimitIn : .shortIn, .list(short))])
        }
        if !missing.isEmpty {
            findings.append(Phrase(growth ? .noValueForGrowth : .noValueFor, .yearList(missing)))
            return result(.noData, actual: latest, expected: goal, evidence: evidence)
        }
        return result(asOf >= period.to ? .met : .onTrack, actual: latest, expected: goal, evidence: evidence)
    }

    mutating func versusBase() -> TargetEvaluation {
        let s = series()
        guard let base = target.basePeriod else { return result(.noData, evidence: [Phrase(.noBasePeriod)]) }
        guard let goal else { return result(.noData, evidence: [Phrase(.noNumber)]) }
        let through = min(asOf, period.to)
        let window = YearRange(period.from, max(period.from, through))
        let baseYears = base.years.filter { s[$0] != nil }
        let planYears = window.years.filter { s[$0] != nil }
        guard !baseYears.isEmpty, !planYears.isEmpty else {
            return result(.noData, evidence: [Phrase(.needsBaseAndWindow, .text(target.indicator), .years(base), .years(window))])
        }
        noteMissing(s, base, inBase: true)
        noteMissing(s, window)
        let baseTotal = baseYears.reduce(0) { $0 + (s[$1] ?? 0) }, planTotal = planYears.reduce(0) { $0 + (s[$1] ?? 0) }
        // Averages over the reported years, in the status and in the actual alike.
        let baseAverage = baseTotal / Double(baseYears.count), planAverage = planTotal / Double(planYears.count)
        guard baseAverage > 0 else { return result(.noData, evidence: [Phrase(.baseAveragesZero, .years(base))]) }
        let change = planAverage / baseAverage - 1
        let evidence = [
            Phrase(
                .versusBase, .number(planTotal), .number(Double(planYears.count)), .years(period), .number(planAverage),
                .number(baseTotal), .number(Double(baseYears.count)), .years(base), .number(baseAverage), .percent(change))
        ]
        if asOf >= period.to {
            return result(meets(change) ? .met : .missed, actual: change, expected: goal, gap: shortfall(change), evidence: evidence)
        }
        let remaining = period.to - through
        let needed = baseAverage * (1 + goal) * Double(period.count) - planAverage * Double(window.count)
        let pace = remaining > 0 && !isLimit ? Phrase(.paceAYear, .number1(max(0, needed) / Double(remaining)), .years(YearRange(through + 1, period.to))) : nil
        return result(meets(change) ? .onTrack : .atRisk, actual: change, expected: goal, gap: shortfall(change), pace: pace, evidence: evidence)
    }

    mutating func coverage() -> TargetEvaluation {
        let s = series()
        let due = target.due ?? period.to
        guard let goal, let year = s.keys.filter({ $0 <= asOf }).max(), let value = s[year] else {
            return result(.noData, evidence: [Phrase(.noActualValuesUpTo, .text(target.indicator), .year(asOf))])
        }
        let evidence = [Phrase(.percentIn, .percent(value), .year(year))]
        if meets(value) { return result(asOf >= due || !isLimit ? .met : .onTrack, actual: value, expected: goal, evidence: evidence) }
        return result(asOf >= due || isLimit ? .missed : .atRisk, actual: value, expected: goal, gap: shortfall(value), evidence: evidence)
    }

    /// Flags a computed result whose growth years contain a known series break.
    mutating func flagBreaks(_ years: YearRange, roles: Set<Role>) -> [Phrase] {
        let breaks = SeriesBreaks.straddled(from: years.from, to: years.to, roles: roles, national: computed?.isNational ?? false)
        for b in breaks { findings.append(Phrase(.seriesBreak, .year(b.year), .text(b.what), .text(b.source))) }
        return breaks.isEmpty ? [] : [Phrase(.notComparableAcrossBreaks, .yearList(breaks.map(\.year)))]
    }

    mutating func computedTarget(share: Bool) -> TargetEvaluation {
        guard let computed else {
            return result(.noData, evidence: [Phrase(.needsData)])
        }
        if let failure = computed.failure { return result(.error, evidence: [.quoted(failure)]) }
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
        if let note = computed.regionNote { findings.append(.quoted(note)) }
        guard let v = value.value, let years = value.years else {
            var evidence = [value.note.map { Phrase(.valueNote, values: (value.years.map { [.years($0)] } ?? []) + [.note($0)]) } ?? Phrase(.noValue)]
            // Say what the data do show: the latest five growth years before the window.
            if let last = computed.lastCompleteYear, last < window.to {
                let recent = YearRange(max(last - 4, computed.firstYear.map { $0 + 1 } ?? last), last)
                let latest = share ? computed.tfpShare(recent) : computed.labourProductivityGrowth(recent)
                if let l = latest.value, let y = latest.years {
                    evidence.append(Phrase(share ? .latestTfpShare : .latestAverageGrowth, .percent(l), .years(y)))
                } else if let note = latest.note {
                    evidence.append(Phrase(.latestNote, .years(recent), .note(note)))
                }
            }
            return result(.noData, evidence: evidence)
        }
        guard let goal else { return result(.noData, evidence: [Phrase(.noNumber)]) }
        var evidence = [Phrase(share ? .tfpShareOver : .averageGrowthOver, .percent(v), .years(years))]
        if interim { evidence.append(Phrase(.planYearsSoFar, .years(final))) }
        if share, let g = value.outputGrowth { evidence.append(Phrase(.outputGrowthAYear, .percent(g))) }
        if share, v > 1 { evidence.append(Phrase(.shareAbove100)) }
        if share, v < 0 { evidence.append(Phrase(.shareNegative)) }
        if !isLimit, let hi = statement.ceiling, v > hi { evidence.append(Phrase(.aboveStatedRange)) }
        evidence += flagBreaks(years, roles: share ? [.output, .capital, .investment, .employment] : [.output, .employment])
        let complete = !interim && years.to >= final.to
        if complete { return result(meets(v) ? .met : .missed, actual: v, expected: goal, gap: shortfall(v), evidence: evidence) }
        if years.to < window.to { findings.append(Phrase(.dataEndIn, .year(years.to), .years(YearRange(years.to + 1, window.to)))) }
        var pace: Phrase? = nil
        if share, let g = value.outputGrowth, g > 0, !isLimit {
            pace = Phrase(.paceTfpGrowth, .percent(goal * g), .percent(g))
        } else if !share, !interim, !isLimit {
            let done = Double(years.count), total = Double(final.count), left = total - done
            if left > 0, 1 + v > 0 {
                let needed = pow(pow(1 + goal, total) / pow(1 + v, done), 1 / left) - 1
                if needed.isFinite { pace = Phrase(.pacePercentAYear, .percent(needed), .years(YearRange(years.to + 1, final.to))) }
            }
        }
        return result(meets(v) ? .onTrack : .atRisk, actual: v, expected: goal, gap: shortfall(v), pace: pace, evidence: evidence)
    }

    mutating func direction() -> TargetEvaluation {
        guard let computed else { return result(.noData, evidence: [Phrase(.needsData)]) }
        if let failure = computed.failure { return result(.error, evidence: [.quoted(failure)]) }
        guard let basePeriod = target.basePeriod else { return result(.noData, evidence: [Phrase(.noBasePeriod)]) }
        let current = computed.tfpShare(YearRange(period.from, max(period.from, min(asOf, period.to))))
        let base = computed.tfpShare(basePeriod)
        guard let now = current.value, let before = base.value, let span = current.years, let baseSpan = base.years else {
            return result(.noData, evidence: [current.note, base.note].compactMap { $0 }.map { Phrase(.quotedNote, .note($0)) })
        }
        var evidence = [Phrase(.tfpShareAgainst, .percent(now), .years(span), .percent(before), .years(baseSpan))]
        evidence += flagBreaks(YearRange(baseSpan.from, span.to), roles: [.output, .capital, .investment, .employment])
        let rose = now > before
        if span.to >= period.to { return result(rose ? .met : .missed, actual: now, expected: before, evidence: evidence) }
        return result(rose ? .onTrack : .atRisk, actual: now, expected: before, evidence: evidence)
    }

    mutating func budget() -> TargetEvaluation {
        let lines = target.budgetLines
        let years = Set(lines.flatMap { $0.amounts.keys } + target.printedGrandTotal.keys).sorted()
        var checks = 0
        func check(_ what: Phrase, _ printed: Double, _ computed: Double) -> Phrase? {
            checks += 1
            return abs(printed - computed) <= 1e-9 * max(1, abs(printed)) ? nil : Phrase(.printedComputed, .phrase(what), .number(printed), .number(computed))
        }
        var problems: [Phrase] = []
        for line in lines {
            if let total = line.printedTotal, let p = check(Phrase(.lineTotal, .text(line.code)), total, line.amounts.values.reduce(0, +)) { problems.append(p) }
            let children = lines.filter { $0.parent == line.code }
            guard !children.isEmpty else { continue }
            for y in years {
                let sum = children.reduce(0) { $0 + ($1.amounts[y] ?? 0) }
                if let p = check(Phrase(.lineYear, .text(line.code), .year(y)), line.amounts[y] ?? 0, sum) { problems.append(p) }
            }
        }
        let top = lines.filter { $0.parent == nil }
        for y in years {
            guard let printed = target.printedGrandTotal[y] else { continue }
            if let p = check(Phrase(.grandTotalYear, .year(y)), printed, top.reduce(0) { $0 + ($1.amounts[y] ?? 0) }) { problems.append(p) }
        }
        let planned = top.reduce(0) { $0 + $1.amounts.values.reduce(0, +) }
        if let overall = target.printedGrandTotalOverall {
            if let p = check(Phrase(.grandTotalOfLines), overall, planned) { problems.append(p) }
            if !target.printedGrandTotal.isEmpty,
                let p = check(Phrase(.grandTotalOfYearlyTotals), overall, target.printedGrandTotal.values.reduce(0, +))
            {
                problems.append(p)
            }
        }
        findings += problems
        var evidence = [Phrase(.budgetPlanned, .number(planned), .text(unit), .years(period), .number(Double(checks)), .number(Double(problems.count)))]
        // Spending reported as actuals ('<indicator>' per year, and '<indicator>:<line code>' per line)
        // is compared with the plan to date.
        guard asOf >= period.from else { return result(.notYetDue, evidence: evidence) }
        let through = YearRange(period.from, min(asOf, period.to))
        var overspentLines: [Phrase] = []
        for line in lines {
            let spentOnLine = series("\(target.indicator):\(line.code)")
            guard !spentOnLine.isEmpty else { continue }
            let plannedOnLine = through.years.reduce(0.0) { $0 + (line.amounts[$1] ?? 0) }
            let spent = through.years.reduce(0.0) { $0 + (spentOnLine[$1] ?? 0) }
            if spent > plannedOnLine + 1e-9 * max(1, plannedOnLine) {
                overspentLines.append(Phrase(.lineName, .text(line.code), .text(line.name)))
                findings.append(
                    Phrase(
                        .lineOverEstimate, .text(line.code), .number(spent), .number(plannedOnLine), .years(through),
                        .percent(plannedOnLine > 0 ? spent / plannedOnLine : .infinity)))
            }
        }
        let plannedToDate = through.years.reduce(0.0) { sum, y in sum + top.reduce(0) { $0 + ($1.amounts[y] ?? 0) } }
        let spent = series()
        guard !spent.isEmpty || !overspentLines.isEmpty else {
            return result(.noData, expected: plannedToDate, evidence: evidence + [Phrase(.noSpendingReported)])
        }
        noteMissing(spent, through)
        let spentToDate = through.years.reduce(0.0) { $0 + (spent[$1] ?? 0) }
        let rate = plannedToDate > 0 ? spentToDate / plannedToDate : nil
        evidence.append(Phrase(.spentOfPlanned, .number(spentToDate), .number(plannedToDate), .years(through)))
        if let rate { evidence.append(Phrase(.disbursed, .percent(rate))) }
        if spentToDate > plannedToDate + 1e-9 * max(1, plannedToDate) || !overspentLines.isEmpty {
            evidence.append(spentToDate > plannedToDate ? Phrase(.spendingAboveEstimate) : Phrase(.overEstimateOnLines, .list(overspentLines)))
            return result(.overBudget, actual: spentToDate, expected: plannedToDate, gap: nil, evidence: evidence)
        }
        let status: TargetStatus =
            spentToDate >= plannedToDate - 1e-9 * max(1, plannedToDate)
            ? (asOf >= period.to ? .met : .onTrack) : (asOf >= period.to ? .missed : .atRisk)
        return result(status, actual: spentToDate, expected: plannedToDate, gap: plannedToDate - spentToDate, evidence: evidence)
    }
}

func num(_ x: Double, digits: Int = 2) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.\(digits)f", x)
}

func pct(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
