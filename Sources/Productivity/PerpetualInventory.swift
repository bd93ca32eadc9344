import DataIO
import Foundation

/// Capital stock by perpetual inventory: `K_t = (1 − δ)·K_{t−1} + I_t`
/// (OECD, *Measuring Capital*, 2nd ed., 2009, ch. 6; the geometric pattern).
public enum PerpetualInventory {
    public enum Depreciation: Sendable, Equatable {
        /// One rate δ for every region and year.
        case rate(Double)
        /// The `depreciation` column, per region and year.
        case column
    }

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

    public struct Row: Sendable, Codable, Equatable {
        public let region: String
        public let sector: String?
        public let year: Int
        public let investment: Double
        public let depreciationRate: Double
        public let capital: Double

        enum CodingKeys: String, CodingKey {
            case region, sector, year, investment, depreciationRate = "depreciation_rate", capital
        }
    }

    public struct Result: Sendable, Equatable, Codable {
        public let rows: [Row]
        /// Per series: how the initial stock was set (g used for the steady state).
        public let initialStocks: [String]
        public let diagnostics: Diagnostics

        enum CodingKeys: String, CodingKey {
            case rows, initialStocks = "initial_stocks", diagnostics
        }
    }

    public static func compute(_ panel: Panel, depreciation: Depreciation, initial: InitialStock = .steadyState(growthYears: 5)) throws(ProductivityError) -> Result {
        if case .rate(let d) = depreciation, !(d >= 0 && d < 1) { throw .invalidDepreciation(d) }
        let investment = panel.values[.investment]!
        var rows: [Row] = []
        var initials: [String] = []
        var diagnostics = Diagnostics()
        for series in panel.series {
            // Leading and trailing empty investment cells are outside the series; inside, a gap is an error.
            let present = series.rows.filter { !investment[$0].isNaN }
            for r in series.rows where investment[r].isNaN {
                diagnostics.drop(series: series.label, year: panel.years[r], line: panel.lines[r], reason: "missing investment")
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
                initials.append("\(series.label): K₀ = κ·Y₀ with κ = \(ratio) and Y₀ = \(y0) in \(panel.years[first])")
            case .benchmark:
                guard let k0 = panel.value(.capital, first) else { throw .missingBenchmarkCapital(series: series.label, year: panel.years[first]) }
                stock = k0
                initials.append("\(series.label): benchmark stock \(k0) in \(panel.years[first])")
            case .steadyState(let growthYears):
                guard present.count >= 2 else { throw .tooShortForSteadyState(series: series.label) }
                let m = min(max(growthYears, 1), present.count - 1)
                let i0 = investment[first], im = investment[present[m]]
                guard i0 > 0, im > 0 else { throw .steadyStateUndefined(series: series.label, growth: .nan, depreciation: try delta(first)) }
                let g = GrowthMethod.gso.growth(from: i0, to: im, years: m)
                let d = try delta(first)
                guard g + d > 0 else { throw .steadyStateUndefined(series: series.label, growth: g, depreciation: d) }
                stock = i0 / (g + d)
                initials.append("\(series.label): steady state K₀ = I₀/(g+δ) with g = \(String(format: "%.4f", g)) (investment growth \(panel.years[first])-\(panel.years[present[m]])), δ = \(d)")
            }
            rows.append(Row(region: series.region, sector: series.sector, year: panel.years[first], investment: investment[first], depreciationRate: try delta(first), capital: stock))
            for r in present.dropFirst() {
                let d = try delta(r)
                stock = (1 - d) * stock + investment[r]
                rows.append(Row(region: series.region, sector: series.sector, year: panel.years[r], investment: investment[r], depreciationRate: d, capital: stock))
            }
        }
        return Result(rows: rows, initialStocks: initials, diagnostics: diagnostics)
    }

    /// The panel with its `capital` column replaced by the perpetual-inventory stock
    /// (NaN where the stock cannot be built).
    public static func addingCapital(to panel: Panel, _ result: Result) -> Panel {
        var index: [String: Double] = [:]
        for row in result.rows { index["\(row.region)\u{1F}\(row.sector ?? "")\u{1F}\(row.year)"] = row.capital }
        var column = [Double](repeating: .nan, count: panel.rowCount)
        for series in panel.series {
            for r in series.rows { column[r] = index["\(series.region)\u{1F}\(series.sector ?? "")\u{1F}\(panel.years[r])"] ?? .nan }
        }
        return panel.adding(.capital, column)
    }
}
