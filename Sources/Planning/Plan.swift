/// A provincial productivity plan as data: its metadata and its measurable
/// targets, each with the wording and section of the source document.
/// Read from TOML by `Plan.read` (see `Plan+TOML.swift`; format in the README).
public struct Plan: Sendable, Codable, Equatable {
    public let id: String
    public let region: String
    public let title: String
    public let document: String
    public let date: String
    public let period: YearRange
    /// The source document (a file in shared/seeds or a URL).
    public let source: String
    public let targets: [Target]

    enum CodingKeys: String, CodingKey {
        case id, region, title, document, date, period, source, targets
    }
}

public struct YearRange: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    public let from: Int
    public let to: Int
    public init(_ from: Int, _ to: Int) {
        self.from = from
        self.to = to
    }
    /// The years from `from` to `to`; a reversed range (never read from a plan) is its first year only, never a trap.
    public var years: ClosedRange<Int> { from...max(from, to) }
    public var count: Int { max(from, to) - from + 1 }
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
    public let floor: Double?
    public let ceiling: Double?
    /// True when the floor must be exceeded ("trên 45%"), not just reached.
    public let strict: Bool
    /// True when the document says "about" (khoảng).
    public let approximate: Bool
    /// Yearly schedule: minimum (and maximum) per year.
    public let schedule: [Int: ClosedRange<Double>]

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
    public let code: String
    public let parent: String?
    public let name: String
    public let amounts: [Int: Double]
    public let printedTotal: Double?

    enum CodingKeys: String, CodingKey {
        case code, parent, name, amounts, printedTotal = "printed_total"
    }
}

public struct Target: Sendable, Codable, Equatable {
    public let id: String
    /// Distinguishes targets sharing an id (N2: ISO 9001 and ISO 14001).
    public let part: String?
    public let indicator: String
    public let kind: TargetKind
    public let unit: String?
    /// The year by which the target is due (count-by-date, share for a year).
    public let due: Int?
    /// The years the target covers (per-year counts, growth rates, shares over a period).
    public let period: YearRange?
    /// The comparison period (count-versus-base, direction).
    public let basePeriod: YearRange?
    public let main: Statement
    public let alternatives: [Statement]
    public let budgetLines: [BudgetLine]
    /// Printed grand totals by year and overall (budget).
    public let printedGrandTotal: [Int: Double]
    public let printedGrandTotalOverall: Double?
    public let section: String
    public let wording: String
    public let note: String?

    public var label: String { part.map { "\(id) \($0)" } ?? id }

    enum CodingKeys: String, CodingKey {
        case id, part, indicator, kind, unit, due, period, basePeriod = "base_period", main, alternatives, budgetLines = "budget_lines", printedGrandTotal = "printed_grand_total",
            printedGrandTotalOverall = "printed_grand_total_overall", section, wording, note
    }
}
