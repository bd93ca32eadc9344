/// Known breaks in Vietnamese official series (issue 8): a growth rate or a TFP
/// share computed over a period that contains one compares numbers measured two
/// ways, so the result is flagged wherever it is shown.
public struct SeriesBreak: Sendable, Equatable {
    public enum Scope: String, Sendable { case national, provincial, both }

    /// The first year measured the new way: growth *into* this year crosses the break.
    public let year: Int
    /// The roles whose series break.
    public let roles: Set<Role>
    public let scope: Scope
    public let what: String
    public let source: String

    /// Whether growth years `from...to` contain the break (growth from year − 1 to year).
    public func isStraddled(from: Int, to: Int) -> Bool { from <= year && year <= to }
}

public enum SeriesBreaks {
    public static let known: [SeriesBreak] = [
        SeriesBreak(
            year: 2010, roles: [.output, .outputNominal, .investment], scope: .both,
            what: "GDP and GRDP for 2010-2017 were revised (about +25% in level) in the 2019 revision; a series that joins unrevised figures before 2010 with revised ones breaks in 2010",
            source: "GSO, GDP revision announced December 2019 (Datasets/README.md)"),
        SeriesBreak(
            year: 2021, roles: [.employment, .hours], scope: .both,
            what:
                "from 2021 the labour-force survey follows the 19th ICLS definition (own-use producers are no longer employed; about -4.4 million people), so 2021 employment falls about 8% partly by definition and labour productivity growth into 2021 is overstated",
            source: "GSO Labour Force Survey 2021 (Datasets/README.md)"),
        SeriesBreak(
            year: 2025, roles: Set(Role.allCases), scope: .provincial,
            what: "from 1 July 2025 the 63 provinces became 34 units (Resolution 202/2025/QH15); provincial series for 2025 on cover the merged unit",
            source: "Resolution 202/2025/QH15 of 12 June 2025"),
    ]

    /// The breaks inside growth years `from...to` that touch any of `roles` at this scope.
    public static func straddled(from: Int, to: Int, roles: Set<Role>, national: Bool) -> [SeriesBreak] {
        known.filter { b in
            b.isStraddled(from: from, to: to) && !b.roles.isDisjoint(with: roles)
                && (b.scope == .both || (b.scope == .national) == national)
        }
    }
}
