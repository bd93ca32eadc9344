import DataIO

/// Part of what an evaluation says — its evidence, a finding, the pace still needed —
/// as a key and typed values, not as a sentence (issue 9, "wording belongs to
/// Reporting"): `Reporting.PlanWording` words it in English or Vietnamese with each
/// language's numbers. `.quoted` carries text that comes worded from elsewhere (an error
/// of another module, a note of the data), shown as it is.
public struct Phrase: Sendable, Codable, Equatable {
    /// What a phrase says; the comment after each case lists the values it carries.
    public enum Key: String, Sendable, Codable, CaseIterable {
        // Why there is no value
        case periodStartsIn  // [year]
        case noDueYear, noNumber, noBasePeriod
        case noActualValuesFor  // [text indicator, years window]
        case noActualValues  // [text indicator]
        case noActualValuesConsecutive  // [text indicator]
        case noActualValuesUpTo  // [text indicator, year]
        case needsBaseAndWindow  // [text indicator, years base, years window]
        case baseAveragesZero  // [years base]
        case needsData  // computed targets without data
        case noValue
        // Counts
        case cumulative  // [number total, years window, list of yearCount]
        case yearCount  // [year, number]
        case yearPercent  // [year, percent]
        case yearCountInParentheses  // [year, number]
        case yearPercentInParentheses  // [year, percent]
        case values  // [list]
        case shortIn, aboveLimitIn  // [list]
        case aboveStatedRange, aboveLimit
        case valueAboveStatedRange  // [year, number or percent]
        case versusBase  // [number planTotal, number planYears, years period, number planAverage, number baseTotal, number baseYears, years base, number baseAverage, percent change]
        case percentIn  // [percent, year]
        case cumulatedAgainstSchedule  // [year, number actual, number scheduled]
        case missingReports  // [yearList]  (not counted as zero)
        case missingReportsInBase  // [yearList]
        case noValueFor  // [yearList]
        case noValueForGrowth  // [yearList]
        // Computed targets
        case tfpShareOver  // [percent, years]
        case averageGrowthOver  // [percent, years]
        case planYearsSoFar  // [years final]
        case outputGrowthAYear  // [percent]
        case shareAbove100, shareNegative
        case notComparableAcrossBreaks  // [yearList]
        case seriesBreak  // [year, text what, text source]
        case dataEndIn  // [year, years not covered]
        case latestTfpShare, latestAverageGrowth  // [percent, years]
        case latestNote  // [years, note]
        case valueNote  // [years?, note]
        case tfpShareAgainst  // [percent now, years, percent before, years base]
        // Pace
        case paceCount  // [number1 per year, text unit, year due] (one year left)
        case paceCountAYear  // [number1 per year, text unit, years remaining]
        case paceAYear  // [number1, years]
        case paceTfpGrowth  // [percent needed, percent output growth]
        case pacePercentAYear  // [percent, years]
        // Budgets
        case budgetPlanned  // [number planned, text unit, years period, number checks, number problems]
        case noSpendingReported
        case spentOfPlanned  // [number spent, number planned, years through]
        case disbursed  // [percent]
        case spendingAboveEstimate
        case overEstimateOnLines  // [list of lineName]
        case lineName  // [text code, text name]
        case lineOverEstimate  // [text code, number spent, number planned, years through, percent rate]
        case printedComputed  // [phrase what, number printed, number computed]
        case lineTotal  // [text code]
        case lineYear  // [text code, year]
        case grandTotalYear  // [year]
        case grandTotalOfLines, grandTotalOfYearlyTotals
        // Scenarios
        case notRobust  // [text status, percent met, number scenarios]
        // Worded elsewhere
        case quoted  // [text]
        case quotedNote  // [note]: a computed value's note on its own
    }

    /// A typed value of a phrase, worded in the reader's language.
    public indirect enum Value: Sendable, Codable, Equatable {
        /// A count: whole, or with two decimals.
        case number(Double)
        /// A count with one decimal (a pace).
        case number1(Double)
        /// A fraction shown as a percentage with two decimals.
        case percent(Double)
        /// A year.
        case year(Int)
        /// A range of years.
        case years(YearRange)
        /// Several years.
        case yearList([Int])
        /// Text shown as it is (an indicator, a unit, a code).
        case text(String)
        /// A phrase inside the phrase.
        case phrase(Phrase)
        /// Phrases listed together.
        case list([Phrase])
        /// Why a computed value is missing (Reporting words it).
        case note(Diagnostics.ValueNote)
    }

    /// What the phrase says.
    public let key: Key
    /// Its values, in the order its key lists them.
    public let values: [Value]

    /// A phrase from its key and values.
    /// - Parameters:
    ///   - key: what the phrase says.
    ///   - values: its values, in the order the key lists them.
    public init(_ key: Key, _ values: Value...) {
        self.key = key
        self.values = values
    }

    /// A phrase from its key and an array of values.
    /// - Parameters:
    ///   - key: what the phrase says.
    ///   - values: its values, in the order the key lists them.
    public init(_ key: Key, values: [Value]) {
        self.key = key
        self.values = values
    }

    /// Text worded elsewhere, shown as it is.
    /// - Parameter text: the text, already worded.
    /// - Returns: a ``Key/quoted`` phrase.
    public static func quoted(_ text: String) -> Phrase { Phrase(.quoted, .text(text)) }

    enum CodingKeys: String, CodingKey {
        case key, values
    }
}
