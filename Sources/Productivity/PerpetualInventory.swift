import DataIO
import Foundation

/// Capital stock by perpetual inventory: `K_t = (1 − δ)·K_{t−1} + I_t`
/// (OECD, *Measuring Capital*, 2nd ed., 2009, ch. 6; the geometric pattern).
public enum PerpetualInventory {
    /// Where the depreciation rate δ comes from.
    public enum Depreciation: Sendable, Equatable {
        /// One rate δ for every region and year.
        case rate(Double)
        /// The `depreciation` column, per region and year.
        case column
    }

    /// How the stock of a series' first year, K₀, is set.
    public enum InitialStock: Sendable, Equatable {
        /// The steady-state rule `K₀ = I₀ / (g + δ)` (Harberger 1978; OECD 2009, §6.3),
        /// with g the compound average growth of investment over the first
        /// `growthYears` years of the series (fewer if the series is shorter).
        case steadyState(growthYears: Int)
        /// The `capital` column's value in the series' first year, as a benchmark stock.
        case benchmark
        /// A capital-output ratio κ in the first year: `K₀ = κ·Y₀` (the start used when
        /// investment growth is too erratic for the steady state; Nehru & Dhareshwar 1993
        /// start from an assumed K/Y the same way).
        case capitalOutputRatio(Double)
    }

    /// The capital stock of one region (and sector) in one year.
    public struct Row: Sendable, Codable, Equatable {
        /// The series' region.
        public let region: String
        /// The series' sector; nil in a panel without sectors.
        public let sector: String?
        /// The year.
        public let year: Int
        /// The year's investment.
        public let investment: Double
        /// The rate δ used in the year (a fraction: 0.05 is 5%).
        public let depreciationRate: Double
        /// The stock: K₀ in the series' first year, then `(1 − δ)·K_{t−1} + I_t`.
        public let capital: Double

        enum CodingKeys: String, CodingKey {
            case region, sector, year, investment, depreciationRate = "depreciation_rate", capital
        }
    }

    /// The stocks of ``PerpetualInventory/compute(_:depreciation:initial:)``.
    public struct Result: Sendable, Equatable, Codable {
        /// Every series' stocks, series by series, from the first year with investment.
        public let rows: [Row]
        /// Per series: how the initial stock was set (g used for the steady state).
        public let initialStocks: [Diagnostics.InitialStock]
        /// Rows without investment, which are left out.
        public let diagnostics: Diagnostics

        enum CodingKeys: String, CodingKey {
            case rows, initialStocks = "initial_stocks", diagnostics
        }
    }

    /// Builds the capital stock of every series from its investment.
    ///
    /// The panel must have an `investment` column: without one the call stops the program (it is force-unwrapped).
    /// - Parameters:
    ///   - panel: investment by region and year (the `depreciation`, `output` or `capital` column as the rules need).
    ///   - depreciation: one rate for all, in [0, 1), or the `depreciation` column.
    ///   - initial: how K₀ is set (by default the steady state over 5 years of investment growth).
    /// - Returns: the stocks, how each series' initial stock was set, and the notes.
    /// - Throws: ``ProductivityError/invalidDepreciation(_:)`` for a rate outside [0, 1),
    ///   ``ProductivityError/gapInInvestment(series:from:to:)`` for a missing year inside a series' investment,
    ///   ``ProductivityError/missingDepreciation(series:year:)`` when the column has no rate for a year,
    ///   ``ProductivityError/invalidCapitalOutputRatio(_:)`` for a ratio that is not a finite positive number,
    ///   ``ProductivityError/missingOutputForInitialStock(series:year:)`` without a positive first-year output for it,
    ///   ``ProductivityError/missingBenchmarkCapital(series:year:)`` without a first-year capital for a benchmark,
    ///   ``ProductivityError/tooShortForSteadyState(series:)`` with fewer than two years of investment, and
    ///   ``ProductivityError/steadyStateUndefined(series:growth:depreciation:)`` when investment is not positive or g + δ ≤ 0.
    public static func compute(_ panel: Panel, depreciation: Depreciation, initial: InitialStock = .steadyState(growthYears: 5)) throws(ProductivityError) -> Result {
        if case .rate(let d) = depreciation, !(d >= 0 && d < 1) { throw .invalidDepreciation(d) }
        guard let investment = panel.values[.investment] else { throw .missingInput(role: "investment") }
        var rows: [Row] = []
        var initials: [Diagnostics.InitialStock] = []
        var diagnostics = Diagnostics()
        for series in panel.series {
            // Leading and trailing empty investment cells are outside the series; inside, a gap is an error.
            let present = series.rows.filter { !investment[$0].isNaN }
            for r in series.rows where investment[r].isNaN {
                diagnostics.drop(series: series.label, year: panel.years[r], line: panel.lines[r], reason: .missing(["investment"]))
            }
            guard let first = present.first else { continue }
            for (a, b) in zip(present, present.dropFirst()) where panel.years[b] != panel.years[a] + 1 {
                throw .gapInInvestment(series: series.label, from: panel.years[a], to: panel.years[b])
            }
            func delta(_ r: Int) throws(ProductivityError) -> Double {
                switch depreciation {
                case .rate(let d): return d
                case .column:
                    guard let d = panel.value(.depreciation, r) else { throw .missingDepreciation(series: series.label, year: panel.years[r]) }
                    return d
                }
            }
            var stock: Double
            switch initial {
            case .capitalOutputRatio(let ratio):
                guard ratio.isFinite, ratio > 0 else { throw .invalidCapitalOutputRatio(ratio) }
                guard let y0 = panel.value(.output, first), y0.isFinite, y0 > 0 else {
                    throw .missingOutputForInitialStock(series: series.label, year: panel.years[first])
                }
                stock = ratio * y0
                initials.append(.capitalOutputRatio(series: series.label, ratio: ratio, output: y0, year: panel.years[first]))
            case .benchmark:
                guard let k0 = panel.value(.capital, first) else { throw .missingBenchmarkCapital(series: series.label, year: panel.years[first]) }
                stock = k0
                initials.append(.benchmark(series: series.label, stock: k0, year: panel.years[first]))
            case .steadyState(let growthYears):
                guard present.count >= 2 else { throw .tooShortForSteadyState(series: series.label) }
                let m = min(max(growthYears, 1), present.count - 1)
                let i0 = investment[first], im = investment[present[m]]
                guard i0 > 0, im > 0 else { throw .steadyStateUndefined(series: series.label, growth: .nan, depreciation: try delta(first)) }
                let g = GrowthMethod.gso.growth(from: i0, to: im, years: m)
                let d = try delta(first)
                guard g + d > 0 else { throw .steadyStateUndefined(series: series.label, growth: g, depreciation: d) }
                stock = i0 / (g + d)
                initials.append(.steadyState(series: series.label, growth: g, from: panel.years[first], to: panel.years[present[m]], depreciation: d))
            }
            // A stock that overflows is no stock: refused with its place, never written as an empty cell.
            guard stock.isFinite else { throw .capitalNotFinite(series: series.label, year: panel.years[first]) }
            rows.append(Row(region: series.region, sector: series.sector, year: panel.years[first], investment: investment[first], depreciationRate: try delta(first), capital: stock))
            for r in present.dropFirst() {
                let d = try delta(r)
                stock = (1 - d) * stock + investment[r]
                guard stock.isFinite else { throw .capitalNotFinite(series: series.label, year: panel.years[r]) }
                rows.append(Row(region: series.region, sector: series.sector, year: panel.years[r], investment: investment[r], depreciationRate: d, capital: stock))
            }
        }
        return Result(rows: rows, initialStocks: initials, diagnostics: diagnostics)
    }

    /// The panel with its `capital` column replaced by the perpetual-inventory stock
    /// (NaN where the stock cannot be built).
    /// - Parameters:
    ///   - panel: the panel the stocks were built from.
    ///   - result: the stocks.
    /// - Returns: the panel whose `capital` column is the stocks, matched by region, sector and year.
    public static func addingCapital(to panel: Panel, _ result: Result) -> Panel {
        var column = [Double](repeating: .nan, count: panel.rowCount)
        // `compute` gives its rows in the panel's series and year order: one merge pass matches them (a key
        // hashed or built per row was a tenth of `tfp account` on 100,000 rows; issue 14). The pass holds only
        // when it uses every row of the result, each on the one panel row of its key; otherwise (a result
        // from elsewhere, in another order) the rows are looked up by key.
        let rows = result.rows
        var cursor = 0
        for series in panel.series {
            for r in series.rows where cursor < rows.count {
                let row = rows[cursor]
                if row.year == panel.years[r] && row.region == series.region && row.sector == series.sector {
                    column[r] = row.capital
                    cursor += 1
                }
            }
        }
        if cursor < rows.count {
            struct Key: Hashable {
                let region: String, sector: String?, year: Int
            }
            var index: [Key: Double] = [:]
            index.reserveCapacity(rows.count)
            for row in rows { index[Key(region: row.region, sector: row.sector, year: row.year)] = row.capital }
            for series in panel.series {
                for r in series.rows { column[r] = index[Key(region: series.region, sector: series.sector, year: panel.years[r])] ?? .nan }
            }
        }
        return panel.adding(.capital, column)
    }
}
