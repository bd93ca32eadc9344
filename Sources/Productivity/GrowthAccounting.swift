import DataIO

/// Options of a growth-accounting run.
public struct GrowthAccountingOptions: Sendable {
    /// How growth rates and shares are computed (``GrowthMethod/gso`` by default).
    public var method: GrowthMethod
    /// The factor shares; nil: the panel's `labour_share` column, when it has one.
    public var shares: FactorShares?
    /// The year in which `tfpIndex` equals 1 (default: each series' first year).
    public var baseYear: Int?
    /// Growth years summarised as a period (the growth of year t is over t−1).
    public var period: ClosedRange<Int>?
    /// Output growth below which the TFP share of growth is reported as undefined.
    public var minimumGrowthForShare: Double

    /// Options; by default the statistics office's method with the shares the panel carries.
    /// - Parameters:
    ///   - method: how growth rates and shares are computed.
    ///   - shares: the factor shares (nil: the `labour_share` column).
    ///   - baseYear: the year in which the TFP index is 1 (nil: each series' first year).
    ///   - period: growth years to summarise as a period (nil: none).
    ///   - minimumGrowthForShare: output growth below which the TFP share of growth is undefined (0.005 = 0.5%).
    public init(
        method: GrowthMethod = .gso, shares: FactorShares? = nil, baseYear: Int? = nil,
        period: ClosedRange<Int>? = nil, minimumGrowthForShare: Double = ShareOfGrowth.defaultMinimumGrowth
    ) {
        self.method = method
        self.shares = shares
        self.baseYear = baseYear
        self.period = period
        self.minimumGrowthForShare = minimumGrowthForShare
    }
}

/// One year of growth accounting for one region. Rates are fractions (0.065
/// is 6.5%); with `.tornqvist` they are log differences. `nil` growth fields
/// mark a series' first year, which only carries the TFP index.
public struct GrowthAccountingRow: Sendable, Codable, Equatable {
    /// The series' region.
    public let region: String
    /// The series' sector; nil in a panel without sectors.
    public let sector: String?
    /// The year; its growth is over the previous usable year of the series.
    public let year: Int
    /// Years since the previous observation (growth is annualised over them).
    public let yearsSpanned: Int?
    /// Annual output growth.
    public let outputGrowth: Double?
    /// Annual capital growth.
    public let capitalGrowth: Double?
    /// Annual growth of labour input (employment × hours × human capital, from the columns present).
    public let labourGrowth: Double?
    /// The capital share α used (labour's is 1 − α).
    public let capitalShare: Double?
    /// Capital's contribution to output growth, α × capital growth.
    public let capitalContribution: Double?
    /// Labour's contribution to output growth, (1 − α) × labour growth.
    public let labourContribution: Double?
    /// TFP growth, the residual: output growth minus both contributions.
    public let tfpGrowth: Double?
    /// TFP growth / output growth, undefined (with `shareNote`) when output growth is ≤ 0 or tiny.
    public let tfpShare: Double?
    /// Capital's contribution / output growth; nil when `tfpShare` is undefined.
    public let capitalShareOfGrowth: Double?
    /// Labour's contribution / output growth; nil when `tfpShare` is undefined.
    public let labourShareOfGrowth: Double?
    /// Why the shares of growth are undefined (output did not grow, or grew too little).
    public let shareNote: Diagnostics.ValueNote?
    /// TFP level, 1 in the base year.
    public let tfpIndex: Double?

    enum CodingKeys: String, CodingKey {
        case region, sector, year, yearsSpanned = "years_spanned", outputGrowth = "output_growth", capitalGrowth = "capital_growth", labourGrowth = "labour_growth", capitalShare = "capital_share",
            capitalContribution = "capital_contribution", labourContribution = "labour_contribution", tfpGrowth = "tfp_growth", tfpShare = "tfp_share", capitalShareOfGrowth =
            "capital_share_of_growth", labourShareOfGrowth = "labour_share_of_growth", shareNote = "note", tfpIndex = "tfp_index"
    }
}

/// Growth accounting summarised over a period from period-average growth rates.
public struct GrowthAccountingPeriod: Sendable, Codable, Equatable {
    /// The series' region.
    public let region: String
    /// The series' sector; nil in a panel without sectors.
    public let sector: String?
    /// The first growth year of the period (its growth is over `from − 1`).
    public let from: Int
    /// The last growth year of the period.
    public let to: Int
    /// Average annual output growth over the period (each row weighted by the years it spans).
    public let outputGrowth: Double?
    /// Average annual capital growth over the period.
    public let capitalGrowth: Double?
    /// Average annual growth of labour input over the period.
    public let labourGrowth: Double?
    /// Average contribution of capital over the period.
    public let capitalContribution: Double?
    /// Average contribution of labour over the period.
    public let labourContribution: Double?
    /// Average TFP growth over the period.
    public let tfpGrowth: Double?
    /// Average TFP growth / average output growth; undefined (with `note`) when output growth is ≤ 0 or tiny.
    public let tfpShare: Double?
    /// Average capital contribution / average output growth; nil when `tfpShare` is undefined.
    public let capitalShareOfGrowth: Double?
    /// Average labour contribution / average output growth; nil when `tfpShare` is undefined.
    public let labourShareOfGrowth: Double?
    /// Why the period or its shares are undefined (a year without data, no growth).
    public let note: Diagnostics.ValueNote?

    enum CodingKeys: String, CodingKey {
        case region, sector, from, to, outputGrowth = "output_growth", capitalGrowth = "capital_growth", labourGrowth = "labour_growth", capitalContribution = "capital_contribution",
            labourContribution = "labour_contribution", tfpGrowth = "tfp_growth", tfpShare = "tfp_share", capitalShareOfGrowth = "capital_share_of_growth", labourShareOfGrowth =
            "labour_share_of_growth", note
    }
}

/// A period summary whose growth years contain a known series break (issue 12), and
/// the same summary without the growth into the break year: how much the result owes
/// to numbers measured two ways.
public struct PeriodBreakEffect: Sendable, Codable, Equatable {
    /// The series' region.
    public let region: String
    /// The series' sector; nil in a panel without sectors.
    public let sector: String?
    /// The first growth year of the period.
    public let from: Int
    /// The last growth year of the period.
    public let to: Int
    /// The year in which the series breaks; its growth year is left out of the second summary.
    public let breakYear: Int
    /// What changed in the series, in words.
    public let what: String
    /// Where the break is documented.
    public let source: String
    /// The period's TFP share of output growth, every growth year included.
    public let tfpShare: Double?
    /// The period's TFP share of output growth without the growth into the break year.
    public let tfpShareWithoutBreakYear: Double?
    /// The period's average TFP growth, every growth year included.
    public let tfpGrowth: Double?
    /// The period's average TFP growth without the growth into the break year.
    public let tfpGrowthWithoutBreakYear: Double?

    enum CodingKeys: String, CodingKey {
        case region, sector, from, to, breakYear = "break_year", what, source, tfpShare = "tfp_share", tfpShareWithoutBreakYear = "tfp_share_without_break_year", tfpGrowth = "tfp_growth",
            tfpGrowthWithoutBreakYear = "tfp_growth_without_break_year"
    }
}

/// The result of ``GrowthAccounting/compute(_:options:)``: yearly rows, period summaries and notes.
public struct GrowthAccountingResult: Sendable, Equatable, Codable {
    /// The growth method used.
    public let method: GrowthMethod
    /// How labour input was measured (`employment × hours × human capital`, from the columns present).
    public let labourInput: String
    /// Every series' rows, series by series, with the TFP index relative to the base year.
    public let rows: [GrowthAccountingRow]
    /// One summary per series, when a period was asked for.
    public let periods: [GrowthAccountingPeriod]
    /// Rows dropped and why, gaps annualised, missing base years.
    public let diagnostics: Diagnostics
    /// Period summaries that straddle a known series break, with the result without that year.
    public var seriesBreaks: [PeriodBreakEffect] = []

    enum CodingKeys: String, CodingKey {
        case method, labourInput = "labour_input", rows, periods, diagnostics, seriesBreaks = "series_breaks"
    }
}

/// Growth accounting: the contributions of capital, labour and TFP to output growth.
///
/// Statistics office method (`.gso`), GSO TFP metadata and PLANS.md:
///   `g_A = g_Y − α·g_K − (1−α)·g_L`, simple growth rates, α fixed (input-output table).
/// Törnqvist (`.tornqvist`), OECD *Measuring Productivity* (2001) eq. 5.2, and
/// Feenstra, Inklaar & Timmer (2015) for the Penn World Table:
///   `Δln A = Δln Y − s̄_L·Δln L − (1 − s̄_L)·Δln K`, `s̄_L = (s_L,t + s_L,t−1)/2`.
/// Labour input is employment × hours × human capital, from the columns present.
/// Contributions add up to output growth by construction (TFP is the residual).
public enum GrowthAccounting {
    /// A level present but not finite and positive (an overflow, zero or a negative value).
    @inline(__always) static func unusableLevel(_ v: Double) -> Bool { !v.isNaN && !(v.isFinite && v > 0) }

    /// Accounts for the growth of every series of a panel.
    ///
    /// A row with a missing, non-finite or non-positive output, capital or labour input (or a missing
    /// `labour_share` when shares come from it) is dropped and said to be in the diagnostics, not thrown.
    /// - Parameters:
    ///   - panel: output, capital and employment by region and year (hours, human capital and `labour_share` when present).
    ///   - options: the method, the shares, the base year and the period.
    /// - Returns: the rows, the period summaries and the notes.
    /// - Throws: ``ProductivityError/missingCapital`` when the panel has no capital column (and also when it has no
    ///   output column), ``ProductivityError/noFactorShares`` when no shares are given and the panel has no
    ///   `labour_share` column, ``ProductivityError/invalidCapitalShare(_:)`` for a share not strictly between 0 and 1,
    ///   ``ProductivityError/invalidPeriod(from:to:)`` for an empty period, and
    ///   ``ProductivityError/noShareForYear(series:year:)`` when a shares table has no entry for a year used.
    public static func compute(_ panel: Panel, options: GrowthAccountingOptions) throws(ProductivityError) -> GrowthAccountingResult {
        guard let capital = panel.values[.capital] else { throw .missingCapital }
        let shares: FactorShares
        if let given = options.shares { shares = given } else if panel.has(.labourShare) { shares = .labourShareColumn } else { throw .noFactorShares }
        if case .capitalShare(let a) = shares, !(a > 0 && a < 1) { throw .invalidCapitalShare(a) }
        if let period = options.period, period.isEmpty { throw .invalidPeriod(from: period.lowerBound, to: period.upperBound) }

        guard let output = panel.values[.output] else { throw .missingInput(role: "output") }
        let (labour, labourNotes) = panel.labourInput()
        let labourShare = panel.values[.labourShare]
        let method = options.method
        var diagnostics = Diagnostics()
        labourNotes.forEach { diagnostics.add($0) }
        var rows: [GrowthAccountingRow] = []
        // One row per panel row at most: reserved, so that 100,000 rows of ~200 bytes are not copied at every doubling.
        rows.reserveCapacity(panel.rowCount)
        var periods: [GrowthAccountingPeriod] = []
        var breaks: [PeriodBreakEffect] = []
        if method == .gso, case .labourShareColumn = shares {
            diagnostics.add(.labourShareOfTheYear)
        }

        for series in panel.series {
            // Usable rows: every input present.
            var usable: [Int] = []
            for r in series.rows {
                var missing: [String] = []
                if output[r].isNaN { missing.append("output") }
                if capital[r].isNaN { missing.append("capital") }
                if labour[r].isNaN { missing.append("labour input") }
                if case .labourShareColumn = shares, labourShare?[r].isNaN ?? true { missing.append("labour_share") }
                // A level that overflows (employment × hours beyond 1.8e308) or underflows to zero
                // is no measurement: the row is dropped and said to be, never a base of growth.
                // Tested one by one: an array of the three named values built per row was an allocation per row.
                var unusable: [String] = []
                if Self.unusableLevel(output[r]) { unusable.append("output") }
                if Self.unusableLevel(capital[r]) { unusable.append("capital") }
                if Self.unusableLevel(labour[r]) { unusable.append("labour input") }
                if missing.isEmpty && unusable.isEmpty {
                    usable.append(r)
                } else if !missing.isEmpty {
                    diagnostics.drop(series: series.label, year: panel.years[r], line: panel.lines[r], reason: .missing(missing))
                } else {
                    diagnostics.drop(series: series.label, year: panel.years[r], line: panel.lines[r], reason: .notFinitePositive(unusable))
                }
            }
            guard let first = usable.first else { continue }

            func alpha(_ r: Int) throws(ProductivityError) -> Double {
                switch shares {
                case .capitalShare(let a): return a
                case .labourShareColumn: return 1 - labourShare![r]
                case .table(let entries):
                    guard let a = entries.capitalShare(region: series.region, year: panel.years[r]) else {
                        throw .noShareForYear(series: series.label, year: panel.years[r])
                    }
                    return a
                }
            }

            var level = 1.0
            var seriesRows: [GrowthAccountingRow] = []
            seriesRows.append(
                GrowthAccountingRow(
                    region: series.region, sector: series.sector, year: panel.years[first], yearsSpanned: nil,
                    outputGrowth: nil, capitalGrowth: nil, labourGrowth: nil, capitalShare: nil, capitalContribution: nil,
                    labourContribution: nil, tfpGrowth: nil, tfpShare: nil, capitalShareOfGrowth: nil,
                    labourShareOfGrowth: nil, shareNote: nil, tfpIndex: level))
            var levels = [level]
            for (previous, current) in zip(usable, usable.dropFirst()) {
                let h = panel.years[current] - panel.years[previous]
                if h > 1 {
                    diagnostics.add(.gapAnnualised(series: series.label, from: panel.years[previous], to: panel.years[current], years: h))
                }
                let gY = method.growth(from: output[previous], to: output[current], years: h)
                let gK = method.growth(from: capital[previous], to: capital[current], years: h)
                let gL = method.growth(from: labour[previous], to: labour[current], years: h)
                let a: Double =
                    switch method {
                    case .gso: try alpha(current)
                    case .tornqvist: (try alpha(previous) + alpha(current)) / 2
                    }
                let capitalContribution = a * gK
                let labourContribution = (1 - a) * gL
                let tfp = gY - capitalContribution - labourContribution
                level *= method.factor(growth: tfp, years: h)
                levels.append(level)
                let share = ShareOfGrowth(part: tfp, total: gY, minimumGrowth: options.minimumGrowthForShare)
                seriesRows.append(
                    GrowthAccountingRow(
                        region: series.region, sector: series.sector, year: panel.years[current], yearsSpanned: h,
                        outputGrowth: gY, capitalGrowth: gK, labourGrowth: gL, capitalShare: a,
                        capitalContribution: capitalContribution, labourContribution: labourContribution, tfpGrowth: tfp,
                        tfpShare: share.value,
                        capitalShareOfGrowth: share.value.map { _ in capitalContribution / gY },
                        labourShareOfGrowth: share.value.map { _ in labourContribution / gY },
                        shareNote: share.note, tfpIndex: nil))
            }
            // Normalise the TFP index to the base year.
            let baseYear = options.baseYear ?? panel.years[first]
            let baseLevel = zip(seriesRows, levels).first { $0.0.year == baseYear }?.1
            if baseLevel == nil {
                diagnostics.add(.noBaseYear(series: series.label, year: baseYear))
            }
            for (k, row) in seriesRows.enumerated() {
                rows.append(row.withIndex(baseLevel.map { levels[k] / $0 }))
            }
            if let period = options.period {
                let summary = summarise(seriesRows, series: series, period: period, minimumGrowth: options.minimumGrowthForShare)
                periods.append(summary)
                let roles = Set(panel.values.keys)
                for b in SeriesBreaks.straddled(from: period.lowerBound, to: period.upperBound, roles: roles, national: RegionReference.isNational(series.region)) {
                    let without = summarise(seriesRows, series: series, period: period, minimumGrowth: options.minimumGrowthForShare, excluding: b.year)
                    breaks.append(
                        PeriodBreakEffect(
                            region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
                            breakYear: b.year, what: b.what, source: b.source, tfpShare: summary.tfpShare,
                            tfpShareWithoutBreakYear: without.tfpShare, tfpGrowth: summary.tfpGrowth,
                            tfpGrowthWithoutBreakYear: without.tfpGrowth))
                }
            }
        }
        return GrowthAccountingResult(
            method: method, labourInput: panel.labourInputDescription, rows: rows, periods: periods,
            diagnostics: diagnostics, seriesBreaks: breaks)
    }

    /// Period averages of the yearly growth rates (weighted by the years each
    /// row spans), and shares computed from those averages — not an average of
    /// yearly shares, which is undefined whenever one year's growth is ≤ 0.
    /// `excluding`: a growth year left out of the averages (a series break's year).
    static func summarise(
        _ rows: [GrowthAccountingRow], series: Panel.Series, period: ClosedRange<Int>, minimumGrowth: Double,
        excluding: Int? = nil
    ) -> GrowthAccountingPeriod {
        let years = Set(rows.map(\.year))
        func undefined(_ note: Diagnostics.ValueNote) -> GrowthAccountingPeriod {
            GrowthAccountingPeriod(
                region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
                outputGrowth: nil, capitalGrowth: nil, labourGrowth: nil, capitalContribution: nil,
                labourContribution: nil, tfpGrowth: nil, tfpShare: nil, capitalShareOfGrowth: nil,
                labourShareOfGrowth: nil, note: note)
        }
        let baseYear = period.lowerBound - 1
        guard years.contains(baseYear) else {
            return undefined(.noDataFor(year: baseYear, baseOf: period.lowerBound))
        }
        guard years.contains(period.upperBound) else { return undefined(.noDataFor(year: period.upperBound, baseOf: nil)) }
        let inPeriod = rows.filter { $0.year > baseYear && $0.year <= period.upperBound && $0.outputGrowth != nil && $0.year != excluding }
        guard !inPeriod.isEmpty else { return undefined(.noGrowthYearInPeriod) }
        var sums = [Double](repeating: 0, count: 6)
        var span = 0
        for row in inPeriod {
            let h = Double(row.yearsSpanned!)
            span += row.yearsSpanned!
            for (k, v) in [row.outputGrowth!, row.capitalGrowth!, row.labourGrowth!, row.capitalContribution!, row.labourContribution!, row.tfpGrowth!].enumerated() {
                sums[k] += h * v
            }
        }
        let mean = sums.map { $0 / Double(span) }
        let share = ShareOfGrowth(part: mean[5], total: mean[0], minimumGrowth: minimumGrowth)
        return GrowthAccountingPeriod(
            region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
            outputGrowth: mean[0], capitalGrowth: mean[1], labourGrowth: mean[2], capitalContribution: mean[3],
            labourContribution: mean[4], tfpGrowth: mean[5], tfpShare: share.value,
            capitalShareOfGrowth: share.value.map { _ in mean[3] / mean[0] },
            labourShareOfGrowth: share.value.map { _ in mean[4] / mean[0] }, note: share.note)
    }
}

extension GrowthAccountingRow {
    func withIndex(_ index: Double?) -> GrowthAccountingRow {
        GrowthAccountingRow(
            region: region, sector: sector, year: year, yearsSpanned: yearsSpanned, outputGrowth: outputGrowth,
            capitalGrowth: capitalGrowth, labourGrowth: labourGrowth, capitalShare: capitalShare,
            capitalContribution: capitalContribution, labourContribution: labourContribution,
            tfpGrowth: tfpGrowth, tfpShare: tfpShare, capitalShareOfGrowth: capitalShareOfGrowth,
            labourShareOfGrowth: labourShareOfGrowth, shareNote: shareNote, tfpIndex: index)
    }
}
