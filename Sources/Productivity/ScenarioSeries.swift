import DataIO

/// The assumptions of one scenario of growth accounting (issue 12). `nil` keeps what
/// the series was prepared with (the data's capital, or the shares given).
public struct ScenarioAssumptions: Sendable, Equatable {
    /// The capital share α for every region and year; nil: the shares the series was prepared with.
    public var capitalShare: Double?
    /// The depreciation rate δ of the perpetual inventory; needed when capital is built from investment.
    public var depreciation: Double?
    /// Years of investment growth behind the steady-state initial stock.
    public var growthYears: Int
    /// Initial capital-output ratio κ (K₀ = κ·Y₀) instead of the steady state.
    public var capitalOutput: Double?
    /// The capital column's first-year value as the initial stock (`--initial benchmark`).
    public var benchmarkStart: Bool

    /// Assumptions; by default the shares and capital the series was prepared with, and a 5-year steady state.
    /// - Parameters:
    ///   - capitalShare: α (nil: the shares the series was prepared with).
    ///   - depreciation: δ (nil: capital from the data).
    ///   - growthYears: years of investment growth behind the steady state.
    ///   - capitalOutput: an initial capital-output ratio κ instead of the steady state.
    ///   - benchmarkStart: start from the capital column's first-year value instead.
    public init(
        capitalShare: Double? = nil, depreciation: Double? = nil, growthYears: Int = 5, capitalOutput: Double? = nil,
        benchmarkStart: Bool = false
    ) {
        self.capitalShare = capitalShare
        self.depreciation = depreciation
        self.growthYears = growthYears
        self.capitalOutput = capitalOutput
        self.benchmarkStart = benchmarkStart
    }
}

/// One series of a panel taken out once for growth accounting under many scenarios
/// (issue 12). Each scenario runs perpetual inventory and the accounting on plain
/// arrays, with no allocation, and writes four numbers per year and per period into
/// the caller's buffer: TFP share, TFP growth, capital and labour contributions.
///
/// It computes what `PerpetualInventory.compute` followed by `GrowthAccounting.compute`
/// give, by the same operations in the same order (tested equal to the last bit). A
/// scenario that would leave that common path (a stock that is not a finite positive
/// number, so that the general code would drop a row) returns `.unusual`; the caller
/// computes it the general way.
package struct ScenarioSeries: Sendable {
    /// The series' region.
    package let region: String
    /// The series' sector; nil in a panel without sectors.
    package let sector: String?
    /// The accounting rows' years: the first usable year, then one per growth step.
    package let years: [Int]
    /// The number of growth steps: one fewer than `years` (0 for none).
    package var steps: Int { max(0, years.count - 1) }

    /// How a scenario went.
    package enum Outcome: Sendable, Equatable {
        /// Written into the buffer.
        case computed
        /// The scenario's assumptions give no capital stock (the buffer holds NaN).
        case failed(ProductivityError)
        /// Off the common path: compute it the general way (the buffer holds NaN).
        case unusual
    }

    /// The quantities written per row and per period, in this order.
    package static let quantities = 4

    let method: GrowthMethod
    let minimumGrowth: Double
    /// Output, labour input and (without perpetual inventory) capital at the usable rows.
    let output: [Double]
    let labour: [Double]
    let capital: [Double]?
    /// The given shares' α per growth step (already averaged for Törnqvist); nil when α is drawn.
    let alphaBySteps: [Double]?
    /// Perpetual inventory: investment over its contiguous years, where each usable row
    /// sits in it, the output of its first year (for κ), and a label for errors.
    let investment: [Double]
    let usableAtInvestment: [Int]
    let firstInvestmentOutput: Double?
    /// The capital column's value in the first year of investment (a benchmark stock).
    let firstInvestmentCapital: Double?
    let firstInvestmentYear: Int
    let label: String
    /// Period summary: the growth steps inside it, or nil when the period cannot be summarised.
    let periodSteps: Range<Int>?

    /// Prepares one series. `buildsCapital`: capital comes from investment (perpetual
    /// inventory) in every scenario; otherwise from the panel's capital column.
    /// Throws what does not depend on the scenario (a gap in investment, a year with no share).
    /// - Parameters:
    ///   - panel: the panel.
    ///   - series: one of its series.
    ///   - method: how growth rates and shares are computed.
    ///   - shares: the shares given (nil: the `labour_share` column, when the panel has one).
    ///   - drawsCapitalShare: whether every scenario gives α (the shares are then not read).
    ///   - buildsCapital: whether capital is built from investment.
    ///   - period: growth years to summarise (nil: none).
    ///   - minimumGrowth: output growth below which the TFP share is undefined.
    /// - Throws: ``ProductivityError/noFactorShares`` when α is not drawn and no shares are given or found,
    ///   ``ProductivityError/missingCapital`` without the investment (or capital) column needed,
    ///   ``ProductivityError/gapInInvestment(series:from:to:)`` for a missing year inside the investment, and
    ///   ``ProductivityError/noShareForYear(series:year:)`` when a shares table has no entry for a year used.
    package init(
        panel: Panel, series: Panel.Series, method: GrowthMethod, shares: FactorShares?, drawsCapitalShare: Bool,
        buildsCapital: Bool, period: ClosedRange<Int>?, minimumGrowth: Double = ShareOfGrowth.defaultMinimumGrowth
    ) throws(ProductivityError) {
        region = series.region
        sector = series.sector
        label = series.label
        self.method = method
        self.minimumGrowth = minimumGrowth
        let outputColumn = panel.values[.output] ?? []
        let (labourColumn, _) = panel.labourInput()
        let labourShare = panel.values[.labourShare]
        let shareSource: FactorShares? = drawsCapitalShare ? nil : (shares ?? (panel.has(.labourShare) ? .labourShareColumn : nil))
        if !drawsCapitalShare && shareSource == nil { throw .noFactorShares }
        let usesShareColumn: Bool = if case .labourShareColumn? = shareSource { true } else { false }

        // Investment rows: leading and trailing empty cells are outside; a gap inside is an error.
        var investmentRows: [Int] = []
        if buildsCapital {
            guard let inv = panel.values[.investment] else { throw .missingCapital }
            investmentRows = series.rows.filter { !inv[$0].isNaN }
            for (a, b) in zip(investmentRows, investmentRows.dropFirst()) where panel.years[b] != panel.years[a] + 1 {
                throw .gapInInvestment(series: series.label, from: panel.years[a], to: panel.years[b])
            }
            investment = investmentRows.map { inv[$0] }
        } else {
            investment = []
        }
        let capitalColumn = buildsCapital ? nil : panel.values[.capital]
        if !buildsCapital && capitalColumn == nil { throw .missingCapital }
        func positive(_ v: Double) -> Bool { v.isFinite && v > 0 }
        let investmentSet = Set(investmentRows)
        let usable = series.rows.filter { r in
            guard positive(outputColumn[r]), positive(labourColumn[r]) else { return false }
            if usesShareColumn, labourShare?[r].isNaN ?? true { return false }
            if let capitalColumn { return positive(capitalColumn[r]) }
            return investmentSet.contains(r)
        }
        years = usable.map { panel.years[$0] }
        output = usable.map { outputColumn[$0] }
        labour = usable.map { labourColumn[$0] }
        capital = capitalColumn.map { c in usable.map { c[$0] } }
        let firstInvestment = investmentRows.first
        usableAtInvestment = usable.map { r in firstInvestment.map { r - $0 } ?? 0 }
        firstInvestmentYear = firstInvestment.map { panel.years[$0] } ?? 0
        firstInvestmentOutput = firstInvestment.flatMap { outputColumn[$0].isNaN ? nil : outputColumn[$0] }
        firstInvestmentCapital = firstInvestment.flatMap { panel.value(.capital, $0) }

        if let shareSource {
            func alpha(_ r: Int) throws(ProductivityError) -> Double {
                switch shareSource {
                case .capitalShare(let a): return a
                case .labourShareColumn: return 1 - (labourShare?[r] ?? .nan)
                case .table(let entries):
                    guard let a = entries.capitalShare(region: series.region, year: panel.years[r]) else {
                        throw .noShareForYear(series: series.label, year: panel.years[r])
                    }
                    return a
                }
            }
            var alphas: [Double] = []
            for (previous, current) in zip(usable, usable.dropFirst()) {
                alphas.append(method == .gso ? try alpha(current) : (try alpha(previous) + alpha(current)) / 2)
            }
            alphaBySteps = alphas
        } else {
            alphaBySteps = nil
        }
        // The period's growth steps, as `GrowthAccounting.summarise` takes them.
        if let period, years.contains(period.lowerBound - 1), years.contains(period.upperBound),
            let first = years.firstIndex(where: { $0 > period.lowerBound - 1 }), let last = years.lastIndex(where: { $0 <= period.upperBound }),
            first >= 1, first <= last
        {
            periodSteps = (first - 1)..<last
        } else {
            periodSteps = nil
        }
    }

    /// Writes one scenario: for growth step j and quantity q, `out[(j·4 + q)·stride]`;
    /// the period summary at step index `steps` (after the yearly steps). NaN where a
    /// value is undefined (a share of a shrinking output) or the scenario failed.
    /// - Parameters:
    ///   - s: the scenario's assumptions.
    ///   - out: the buffer, at least `((steps + 1) · 4 − 1) · stride + 1` values.
    ///   - stride: the distance between two consecutive values of this scenario in `out`.
    /// - Returns: ``Outcome/computed`` (also for a series without growth steps, all NaN), ``Outcome/failed(_:)`` with
    ///   the error when the assumptions give no stock, or ``Outcome/unusual`` for the general code.
    package func run(_ s: ScenarioAssumptions, into out: UnsafeMutablePointer<Double>, stride: Int) -> Outcome {
        let n = steps
        func clear() { for i in 0..<((n + 1) * Self.quantities) { out[i * stride] = .nan } }
        guard n > 0 else { clear(); return .computed }
        // The capital at the usable rows, by perpetual inventory or from the data.
        var investmentIndex = 0
        var stock = 0.0
        let given = capital
        let delta = s.depreciation ?? 0
        if given == nil {
            guard let d = s.depreciation else { clear(); return .failed(.missingCapital) }
            if s.benchmarkStart {
                // PerpetualInventory's benchmark: the capital column's first-year value.
                guard let k0 = firstInvestmentCapital else { clear(); return .failed(.missingBenchmarkCapital(series: label, year: firstInvestmentYear)) }
                stock = k0
            } else if let kappa = s.capitalOutput {
                guard kappa.isFinite, kappa > 0 else { clear(); return .failed(.invalidCapitalOutputRatio(kappa)) }
                guard let y0 = firstInvestmentOutput, y0.isFinite, y0 > 0 else {
                    clear(); return .failed(.missingOutputForInitialStock(series: label, year: firstInvestmentYear))
                }
                stock = kappa * y0
            } else {
                // PerpetualInventory's steady state: K₀ = I₀/(g+δ), g over the first m years.
                guard investment.count >= 2 else { clear(); return .failed(.tooShortForSteadyState(series: label)) }
                let m = min(max(s.growthYears, 1), investment.count - 1)
                let i0 = investment[0], im = investment[m]
                guard i0 > 0, im > 0 else { clear(); return .failed(.steadyStateUndefined(series: label, growth: .nan, depreciation: d)) }
                let g = GrowthMethod.gso.growth(from: i0, to: im, years: m)
                guard g + d > 0 else { clear(); return .failed(.steadyStateUndefined(series: label, growth: g, depreciation: d)) }
                stock = i0 / (g + d)
            }
        }
        func capitalAt(_ u: Int) -> Double {
            if let given { return given[u] }
            let target = usableAtInvestment[u]
            while investmentIndex < target {
                investmentIndex += 1
                stock = (1 - delta) * stock + investment[investmentIndex]
            }
            return stock
        }
        var previousCapital = capitalAt(0)
        guard previousCapital.isFinite && previousCapital > 0 else { clear(); return .unusual }
        var sums = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var span = 0
        for j in 0..<n {
            let stockAtUsable = capitalAt(j + 1)
            guard stockAtUsable.isFinite && stockAtUsable > 0 else { clear(); return .unusual }
            let h = years[j + 1] - years[j]
            let gY = method.growth(from: output[j], to: output[j + 1], years: h)
            let gK = method.growth(from: previousCapital, to: stockAtUsable, years: h)
            let gL = method.growth(from: labour[j], to: labour[j + 1], years: h)
            let a = s.capitalShare ?? alphaBySteps![j]
            let capitalContribution = a * gK
            let labourContribution = (1 - a) * gL
            let tfp = gY - capitalContribution - labourContribution
            let base = j * Self.quantities * stride
            out[base] = ShareOfGrowth.value(part: tfp, total: gY, minimumGrowth: minimumGrowth) ?? .nan
            out[base + stride] = tfp
            out[base + 2 * stride] = capitalContribution
            out[base + 3 * stride] = labourContribution
            if let p = periodSteps, p.contains(j) {
                let w = Double(h)
                span += h
                sums.0 += w * gY; sums.1 += w * gK; sums.2 += w * gL
                sums.3 += w * capitalContribution; sums.4 += w * labourContribution; sums.5 += w * tfp
            }
            previousCapital = stockAtUsable
        }
        let base = n * Self.quantities * stride
        if periodSteps != nil, span > 0 {
            let d = Double(span)
            let meanY = sums.0 / d, meanC = sums.3 / d, meanL = sums.4 / d, meanT = sums.5 / d
            out[base] = ShareOfGrowth.value(part: meanT, total: meanY, minimumGrowth: minimumGrowth) ?? .nan
            out[base + stride] = meanT
            out[base + 2 * stride] = meanC
            out[base + 3 * stride] = meanL
        } else {
            for q in 0..<Self.quantities { out[base + q * stride] = .nan }
        }
        return .computed
    }
}
