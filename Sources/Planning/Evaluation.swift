import Foundation

public enum TargetStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case met
    case onTrack = "on track"
    case atRisk = "at risk"
    case missed
    case notYetDue = "not yet due"
    case noData = "no data"

    /// Severity, for --fail-on and sorting: missed is the worst.
    var severity: Int {
        switch self {
        case .met: 0
        case .onTrack: 1
        case .notYetDue: 1
        case .noData: 2
        case .atRisk: 3
        case .missed: 4
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
    public let findings: [String]
}

public struct PlanEvaluation: Sendable, Codable {
    public let plan: Plan
    public let asOf: Int
    public let evaluations: [TargetEvaluation]

    public func count(_ status: TargetStatus) -> Int { evaluations.filter { $0.status == status }.count }
}

/// Evaluates every target of a plan as of a year (PLANS.md; issue 4):
/// met, on track, at risk, missed, not yet due, or no data, with the evidence,
/// the gap and the pace still needed.
///
/// Rules. A target whose period has not started is *not yet due*. Before the due
/// year, a target is *on track* when the value so far reaches what is expected
/// by now (the yearly schedule when the plan gives one, else a straight line from
/// the start of the period), else *at risk*. From the due year on it is *met* or
/// *missed*. Per-year targets are *missed* as soon as one year falls short.
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

    var period: YearRange { target.period ?? YearRange(plan.period.from, target.due ?? plan.period.to) }
    var floor: Double? { statement.floor ?? statement.ceiling }
    var unit: String { target.unit ?? "" }

    /// Whether a value reaches a bound: strictly when the document says "above";
    /// within 10% below when it says "about" (khoảng), a documented reading.
    func reaches(_ value: Double, _ bound: Double) -> Bool {
        let b = statement.approximate ? bound - Self.approximateTolerance * abs(bound) : bound
        return statement.strict ? value > b : value >= b - 1e-12 * max(1, abs(b))
    }

    /// "About N" is read as "at least N − 10%".
    static let approximateTolerance = 0.10

    func result(_ status: TargetStatus, actual: Double? = nil, expected: Double? = nil, gap: Double? = nil,
                pace: String? = nil, evidence: String) -> TargetEvaluation {
        TargetEvaluation(id: target.id, label: target.label, indicator: target.indicator, kind: target.kind,
                         statement: statementName, target: description, status: status, actual: actual, expected: expected,
                         gap: gap.map { $0 > 0 ? $0 : 0 }, paceNeeded: pace, evidence: evidence, findings: findings)
    }

    // MARK: Describing the target

    var description: String {
        let cmp = statement.strict ? ">" : "≥"
        let isShare = [.shareOfGrowth, .growthRate, .growthOfCount, .countVersusBase, .coverage].contains(target.kind)
        func v(_ x: Double) -> String { isShare ? pct(x) : num(x) }
        var bound: String
        if let lo = statement.floor, let hi = statement.ceiling { bound = lo == hi ? v(lo) : "\(v(lo))–\(v(hi))" }
        else if let lo = statement.floor { bound = "\(cmp) \(v(lo))" }
        else if let hi = statement.ceiling { bound = "≤ \(v(hi))" }
        else { bound = "" }
        if statement.approximate {
            bound = statement.ceiling == nil ? "≈ " + (statement.floor.map(v) ?? "") : "≈ " + bound
        }
        let u = unit.isEmpty ? "" : " \(unit)"
        switch target.kind {
        case .countByDate: return "\(bound)\(u) by \(target.due!)"
        case .countPerYear: return "\(bound)\(u) every year \(period)"
        case .growthOfCount: return "growth \(bound) a year, \(period)"
        case .countVersusBase: return "\(bound) more than \(target.basePeriod!), over \(period)"
        case .coverage: return "\(bound) by \(target.due!)"
        case .shareOfGrowth: return "TFP \(bound) of growth, \(target.period.map { "\($0)" } ?? "in \(target.due!)")"
        case .growthRate: return "\(bound) a year, \(period)"
        case .direction: return "must rise over \(period) against \(target.basePeriod!)"
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

    func series() -> [Int: Double] { actuals?.series(region: plan.region, indicator: target.indicator) ?? [:] }

    mutating func countByDate() -> TargetEvaluation {
        let s = series()
        let due = target.due!
        let start = period.from
        let through = min(asOf, due)
        let reported = (start...through).filter { s[$0] != nil }
        guard !reported.isEmpty, let goal = floor else {
            return result(.noData, evidence: "no actual values of '\(target.indicator)' for \(start)-\(through)")
        }
        let cumulative = reported.reduce(0) { $0 + s[$1]! }
        let missing = (start...through).filter { s[$0] == nil }
        if !missing.isEmpty { findings.append("no report for \(missing.map(String.init).joined(separator: ", ")) (counted as 0)") }
        var evidence = "\(num(cumulative)) in \(start)-\(through) (" + reported.map { "\($0): \(num(s[$0]!))" }.joined(separator: ", ") + ")"
        if let hi = statement.ceiling, cumulative > hi, statement.floor != nil { evidence += "; above the stated range" }
        if asOf >= due {
            return result(reaches(cumulative, goal) ? .met : .missed, actual: cumulative, expected: goal, gap: goal - cumulative, evidence: evidence)
        }
        // Expected by now: the schedule to date, else a straight line.
        var expected: Double
        if !statement.schedule.isEmpty {
            expected = (start...asOf).reduce(0) { $0 + (statement.schedule[$1]?.lowerBound ?? 0) }
            var scheduleSoFar = 0.0, actualSoFar = 0.0
            for y in start...asOf {
                scheduleSoFar += statement.schedule[y]?.lowerBound ?? 0
                actualSoFar += s[y] ?? 0
                if actualSoFar < scheduleSoFar { findings.append("\(y): \(num(actualSoFar)) cumulated against \(num(scheduleSoFar)) scheduled") }
            }
        } else {
            expected = goal * Double(asOf - start + 1) / Double(due - start + 1)
        }
        let remaining = due - asOf
        let pace = "\(num((goal - cumulative) / Double(remaining), digits: 1)) \(unit.isEmpty ? "units" : unit)"
            + (remaining == 1 ? " in \(due)" : " a year over \(asOf + 1)-\(due)")
        return result(cumulative >= expected ? .onTrack : .atRisk, actual: cumulative, expected: expected, gap: goal - cumulative,
                      pace: cumulative >= goal ? nil : pace, evidence: evidence)
    }

    mutating func perYear(growth: Bool) -> TargetEvaluation {
        let s = series()
        guard let goal = floor else { return result(.noData, evidence: "no number") }
        let through = min(asOf, period.to)
        var short: [String] = [], missing: [Int] = [], shown: [String] = []
        var latest: Double? = nil
        for y in period.from...through {
            let value: Double?
            if growth {
                if let a = s[y - 1], let b = s[y], a > 0 { value = b / a - 1 } else { value = nil }
            } else { value = s[y] }
            guard let value else { missing.append(y); continue }
            latest = value
            shown.append("\(y): \(growth ? pct(value) : num(value))")
            if !reaches(value, goal) { short.append("\(y) (\(growth ? pct(value) : num(value)))") }
            if let hi = statement.ceiling, value > hi { findings.append("\(y): \(growth ? pct(value) : num(value)) is above the stated range") }
        }
        let evidence = shown.isEmpty ? "no actual values of '\(target.indicator)'" + (growth ? " for consecutive years" : "") : shown.joined(separator: ", ")
        if !short.isEmpty {
            return result(.missed, actual: latest, expected: goal, evidence: evidence + "; short in " + short.joined(separator: ", "))
        }
        if !missing.isEmpty {
            findings.append("no value for \(missing.map(String.init).joined(separator: ", "))")
            return result(.noData, actual: latest, expected: goal, evidence: evidence)
        }
        return result(asOf >= period.to ? .met : .onTrack, actual: latest, expected: goal, evidence: evidence)
    }

    mutating func versusBase() -> TargetEvaluation {
        let s = series()
        let base = target.basePeriod!
        guard let goal = floor else { return result(.noData, evidence: "no number") }
        let baseYears = base.years.filter { s[$0] != nil }
        let through = min(asOf, period.to)
        let planYears = (period.from...through).filter { s[$0] != nil }
        guard !baseYears.isEmpty, !planYears.isEmpty else {
            return result(.noData, evidence: "needs '\(target.indicator)' for the base period \(base) and for \(period.from)-\(through)")
        }
        if baseYears.count < base.count { findings.append("the base period has values for \(baseYears.count) of \(base.count) years") }
        let baseTotal = baseYears.reduce(0) { $0 + s[$1]! }, planTotal = planYears.reduce(0) { $0 + s[$1]! }
        let baseAverage = baseTotal / Double(base.count), planAverage = planTotal / Double(planYears.count)
        let change = planAverage / baseAverage - 1
        let evidence = "\(num(planTotal)) in \(planYears.count) year(s) of \(period) (\(num(planAverage)) a year) against \(num(baseTotal)) in \(base) (\(num(baseAverage)) a year)"
        let needed = baseTotal * (1 + goal) * Double(period.count) / Double(base.count)
        if asOf >= period.to {
            return result(reaches(planTotal / (baseTotal * Double(period.count) / Double(base.count)) - 1, goal) ? .met : .missed,
                          actual: change, expected: goal, gap: goal - change, evidence: evidence)
        }
        let remaining = period.to - through
        let pace = remaining > 0 ? "\(num(max(0, needed - planTotal) / Double(remaining), digits: 1)) a year over \(through + 1)-\(period.to)" : nil
        return result(reaches(change, goal) ? .onTrack : .atRisk, actual: change, expected: goal, gap: goal - change, pace: pace, evidence: evidence)
    }

    mutating func coverage() -> TargetEvaluation {
        let s = series()
        let due = target.due!
        guard let goal = floor, let year = s.keys.filter({ $0 <= asOf }).max() else {
            return result(.noData, evidence: "no actual values of '\(target.indicator)' up to \(asOf)")
        }
        let value = s[year]!
        let evidence = "\(pct(value)) in \(year)"
        if reaches(value, goal) { return result(.met, actual: value, expected: goal, evidence: evidence) }
        return result(asOf >= due ? .missed : .atRisk, actual: value, expected: goal, gap: goal - value, evidence: evidence)
    }

    mutating func computedTarget(share: Bool) -> TargetEvaluation {
        guard let computed else {
            return result(.noData, evidence: "computed from data: give --data (a panel with output, capital or investment, employment)")
        }
        let range = target.period ?? YearRange(target.due!, target.due!)
        let through = YearRange(range.from, min(asOf, range.to))
        let value = share ? computed.tfpShare(through) : computed.labourProductivityGrowth(through)
        if let note = computed.regionNote { findings.append(note) }
        guard let v = value.value, let years = value.years else {
            var evidence = value.note.map { "\(value.years.map { "\($0): " } ?? "")\($0)" } ?? "no value"
            // Say what the data do show: the latest five growth years before the target's period.
            if value.years == nil, let last = computed.lastCompleteYear, last < range.from {
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
        guard let goal = floor else { return result(.noData, evidence: "no number") }
        let what = share ? "TFP share of growth" : "average growth"
        var evidence = "\(what) \(pct(v)) over \(years)"
        if share, let g = value.outputGrowth { evidence += " (output growth \(pct(g)) a year)" }
        if let hi = statement.ceiling, v > hi, statement.floor != nil { evidence += "; above the stated range" }
        let complete = years.to >= range.to
        if complete { return result(reaches(v, goal) ? .met : .missed, actual: v, expected: goal, gap: goal - v, evidence: evidence) }
        if years.to < through.to { findings.append("data end in \(years.to); \(years.to + 1)-\(through.to) not yet covered") }
        var pace: String? = nil
        if share, let g = value.outputGrowth, g > 0 {
            pace = "TFP growth of at least \(pct(goal * g)) a year, if output keeps growing \(pct(g)) a year"
        } else if !share {
            let done = Double(years.count), total = Double(range.count), left = total - done
            if left > 0 {
                let needed = pow(pow(1 + goal, total) / pow(1 + v, done), 1 / left) - 1
                pace = "\(pct(needed)) a year over \(years.to + 1)-\(range.to)"
            }
        }
        return result(reaches(v, goal) ? .onTrack : .atRisk, actual: v, expected: goal, gap: goal - v, pace: pace, evidence: evidence)
    }

    mutating func direction() -> TargetEvaluation {
        guard let computed else { return result(.noData, evidence: "computed from data: give --data") }
        let current = computed.tfpShare(YearRange(period.from, min(asOf, period.to)))
        let base = computed.tfpShare(target.basePeriod!)
        guard let now = current.value, let before = base.value, let span = current.years, let baseSpan = base.years else {
            return result(.noData, evidence: [current.note, base.note].compactMap { $0 }.joined(separator: "; "))
        }
        let evidence = "TFP share \(pct(now)) over \(span) against \(pct(before)) over \(baseSpan)"
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
        for y in years where target.printedGrandTotal[y] != nil {
            if let p = check("grand total, \(y)", target.printedGrandTotal[y]!, top.reduce(0) { $0 + ($1.amounts[y] ?? 0) }) { problems.append(p) }
        }
        let planned = top.reduce(0) { $0 + $1.amounts.values.reduce(0, +) }
        if let overall = target.printedGrandTotalOverall {
            if let p = check("grand total (sum of the lines)", overall, planned) { problems.append(p) }
            if !target.printedGrandTotal.isEmpty,
               let p = check("grand total (sum of the printed yearly totals)", overall, target.printedGrandTotal.values.reduce(0, +)) { problems.append(p) }
        }
        findings += problems
        var evidence = "planned \(num(planned)) \(unit) over \(period); \(checks) printed sums checked, \(problems.count) \(problems.count == 1 ? "does" : "do") not add up"
        // Spending reported as actuals ('<indicator>' per year) is compared with the plan to date.
        let spent = series()
        let through = min(asOf, period.to)
        guard asOf >= period.from else { return result(.notYetDue, evidence: evidence) }
        let plannedToDate = (period.from...through).reduce(0.0) { sum, y in sum + top.reduce(0) { $0 + ($1.amounts[y] ?? 0) } }
        guard !spent.isEmpty else { return result(.noData, expected: plannedToDate, evidence: evidence + "; no spending reported") }
        let spentToDate = (period.from...through).reduce(0.0) { $0 + (spent[$1] ?? 0) }
        evidence += "; spent \(num(spentToDate)) of \(num(plannedToDate)) planned for \(period.from)-\(through)"
        let status: TargetStatus = spentToDate >= plannedToDate ? (asOf >= period.to ? .met : .onTrack) : (asOf >= period.to ? .missed : .atRisk)
        return result(status, actual: spentToDate, expected: plannedToDate, gap: plannedToDate - spentToDate, evidence: evidence)
    }
}

func num(_ x: Double, digits: Int = 2) -> String {
    if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.\(digits)f", x)
}

func pct(_ x: Double) -> String { String(format: "%.2f%%", x * 100) }
