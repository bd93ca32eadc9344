/// A provincial productivity plan as data: its metadata and its measurable
/// targets, each with the wording and section of the source document.
/// Read from TOML by `Plan.read` (see `Plan+TOML.swift`; format in the README).
public struct Plan: Sendable, Codable, Equatable {
    /// The plan's identifier.
    public let id: String
    /// The region the plan is for, as the document names it.
    public let region: String
    /// The document's title.
    public let title: String
    /// The document's number (`11/KH-UBND`).
    public let document: String
    /// The document's date, as written (`2021-01-18`).
    public let date: String
    /// The years the plan covers.
    public let period: YearRange
    /// The source document (a file in shared/seeds or a URL).
    public let source: String
    /// The measurable targets, in file order.
    public let targets: [Target]

    enum CodingKeys: String, CodingKey {
        case id, region, title, document, date, period, source, targets
    }
}

/// Calendar years from `from` to `to`, both included.
public struct YearRange: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// The first year.
    public let from: Int
    /// The last year.
    public let to: Int
    /// The years from `from` to `to` (not checked: a plan's ranges are checked when it is read).
    /// - Parameters:
    ///   - from: the first year.
    ///   - to: the last year.
    public init(_ from: Int, _ to: Int) {
        self.from = from
        self.to = to
    }
    /// The years from `from` to `to`; a reversed range (never read from a plan) is its first year only, never a trap.
    public var years: ClosedRange<Int> { from...max(from, to) }
    /// The number of years (1 for a reversed range).
    public var count: Int { max(from, to) - from + 1 }
    /// `2021-2025`, or the year alone when the range has one.
    public var description: String { from == to ? "\(from)" : "\(from)-\(to)" }

    enum CodingKeys: String, CodingKey {
        case from, to
    }
}

/// The kinds of target in the plans (PLANS.md).
public enum TargetKind: String, Sendable, Codable, CaseIterable {
    /// TFP contribution to output growth (a fraction), computed from data: range or floor, for a year or a period.
    case shareOfGrowth = "share-of-growth"
    /// Average annual growth of a computed indicator (labour productivity) over a period: a floor.
    case growthRate = "growth-rate"
    /// At least N units by the due year (cumulated from yearly counts), optionally with a yearly schedule.
    case countByDate = "count-by-date"
    /// At least N units every year of the period.
    case countPerYear = "count-per-year"
    /// A count that must grow by a percentage every year (floor, optional ceiling).
    case growthOfCount = "growth-of-count"
    /// A count over the plan period that must exceed the count of a base period by a percentage.
    case countVersusBase = "count-versus-base"
    /// A share of a set reached (1 = 100%).
    case coverage
    /// A computed indicator that must rise (no number given).
    case direction
    /// Planned spending by line and year, with printed subtotals and totals.
    case budget
}

/// One number the document states for a target. A target has a main statement
/// and, where the document contradicts itself, alternatives (reported against both).
public struct Statement: Sendable, Codable, Equatable {
    /// Where in the document this number is stated (for alternatives).
    public let source: String?
    /// The number to reach (a fraction, 0.45 = 45%, for share and growth kinds).
    public let floor: Double?
    /// The number not to pass: a limit alone, or the top of a range with a floor.
    public let ceiling: Double?
    /// True when the floor must be exceeded ("trên 45%"), not just reached.
    public let strict: Bool
    /// True when the document says "about" (khoảng).
    public let approximate: Bool
    /// Yearly schedule: minimum (and maximum) per year.
    public let schedule: [Int: ClosedRange<Double>]

    /// A statement built in code.
    /// - Parameters:
    ///   - source: where in the document the number is stated (nil: not said, as for the main statement).
    ///   - floor: the number to reach.
    ///   - ceiling: the number not to pass.
    ///   - strict: whether the floor must be exceeded, not just reached.
    ///   - approximate: whether the document says "about".
    ///   - schedule: the yearly minimum (and maximum), by year.
    public init(
        source: String? = nil, floor: Double? = nil, ceiling: Double? = nil, strict: Bool = false,
        approximate: Bool = false, schedule: [Int: ClosedRange<Double>] = [:]
    ) {
        self.source = source
        self.floor = floor
        self.ceiling = ceiling
        self.strict = strict
        self.approximate = approximate
        self.schedule = schedule
    }

    enum CodingKeys: String, CodingKey {
        case source, floor, ceiling, strict, approximate, schedule
    }
}

/// A budget line as printed: code (I, 1, …), parent code, amounts by year, printed row total.
public struct BudgetLine: Sendable, Codable, Equatable {
    /// The line's code as printed (I, 1, …).
    public let code: String
    /// The code of the line it adds up into; nil for a top line.
    public let parent: String?
    /// The line's name.
    public let name: String
    /// Planned amounts by year.
    public let amounts: [Int: Double]
    /// The row total as printed, checked against the amounts.
    public let printedTotal: Double?

    enum CodingKeys: String, CodingKey {
        case code, parent, name, amounts, printedTotal = "printed_total"
    }
}

/// One measurable target of a plan, with the wording and section of the source document.
public struct Target: Sendable, Codable, Equatable {
    /// The target's id in the plan.
    public let id: String
    /// Distinguishes targets sharing an id (N2: ISO 9001 and ISO 14001).
    public let part: String?
    /// The indicator its actuals or its computation read.
    public let indicator: String
    /// What kind of target it is.
    public let kind: TargetKind
    /// The unit of its count (for the wording).
    public let unit: String?
    /// The year by which the target is due (count-by-date, share for a year).
    public let due: Int?
    /// The years the target covers (per-year counts, growth rates, shares over a period).
    public let period: YearRange?
    /// The comparison period (count-versus-base, direction).
    public let basePeriod: YearRange?
    /// The main statement of its number.
    public let main: Statement
    /// Other numbers the document states for it, each evaluated too.
    public let alternatives: [Statement]
    /// The budget lines (budget targets).
    public let budgetLines: [BudgetLine]
    /// Printed grand totals by year and overall (budget).
    public let printedGrandTotal: [Int: Double]
    /// The overall grand total as printed (budget).
    public let printedGrandTotalOverall: Double?
    /// The document's section that states it.
    public let section: String
    /// The target as the document words it.
    public let wording: String
    /// A note on the target.
    public let note: String?

    /// The id, with the part when there is one (`N2 ISO 9001`).
    public var label: String { part.map { "\(id) \($0)" } ?? id }

    enum CodingKeys: String, CodingKey {
        case id, part, indicator, kind, unit, due, period, basePeriod = "base_period", main, alternatives, budgetLines = "budget_lines", printedGrandTotal = "printed_grand_total",
            printedGrandTotalOverall = "printed_grand_total_overall", section, wording, note
    }
}
