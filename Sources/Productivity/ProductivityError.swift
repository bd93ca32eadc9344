import Foundation
import Tabular

/// Errors of the productivity computations, in words a planner can act on.
public enum ProductivityError: Error, Sendable, Equatable, LocalizedError, SettingReferencingError {
    /// No capital share given and no `labour_share` column.
    case noFactorShares
    /// A capital share not strictly between 0 and 1.
    case invalidCapitalShare(Double)
    /// A period whose first year is after its last.
    case invalidPeriod(from: Int, to: Int)
    /// No capital (nor investment to build it from).
    case missingCapital
    /// A column the computation needs (output, employment, investment) is not in the panel.
    case missingInput(role: String)
    /// A depreciation rate outside [0, 1).
    case invalidDepreciation(Double)
    /// The steady-state initial stock I₀/(g + δ) is undefined for the series (g + δ ≤ 0, or investment not positive).
    case steadyStateUndefined(series: String, growth: Double, depreciation: Double)
    /// Fewer than two years of investment to estimate its growth for the steady state.
    case tooShortForSteadyState(series: String)
    /// A year without investment between two with it.
    case gapInInvestment(series: String, from: Int, to: Int)
    /// No capital in the series' first year for a benchmark initial stock.
    case missingBenchmarkCapital(series: String, year: Int)
    /// No rate in the `depreciation` column for a year.
    case missingDepreciation(series: String, year: Int)
    /// An initial capital-output ratio that is not a finite positive number.
    case invalidCapitalOutputRatio(Double)
    /// No positive output in the first year of investment for K₀ = κ·Y₀.
    case missingOutputForInitialStock(series: String, year: Int)
    /// A capital stock beyond double precision (investment or output near 1e308): the series and year.
    case capitalNotFinite(series: String, year: Int)
    /// The shares table has no capital share for the series' year.
    case noShareForYear(series: String, year: Int)
    /// The fitted formula has no coefficient that is the capital share.
    case capitalShareTermMissing(formula: String)
    /// The estimated capital share is outside (0, 1).
    case estimatedShareOutOfRange(estimate: Double, low: Double, high: Double, formula: String)
    /// A fixed effect of a production function that is not a role (region, year, sector).
    case unknownFixedEffect(String)

    /// The message in the library's words (``messageTemplate`` with its settings named in words).
    public var errorDescription: String? { libraryMessage }

    /// The message, with markers for the settings it points to (``Setting``).
    public var messageTemplate: String {
        switch self {
        case .noFactorShares:
            "Growth accounting needs factor shares: add a 'labour_share' column to the data, give \(Setting.capitalShare.reference) (for example \(Setting.capitalShare.reference("0.35"))), or give \(Setting.shares.reference("FILE")) with region, from, to, capital_share rows from the input-output tables."
        case .invalidCapitalShare(let a): "The capital share must be strictly between 0 and 1 (write 0.35, not 35); got \(a)."
        case .invalidPeriod(let from, let to):
            "The period \(Setting.from.reference(String(from))) \(Setting.to.reference(String(to))) is empty: \(Setting.from.reference) must not be after \(Setting.to.reference)."
        case .missingCapital:
            "Growth accounting needs capital: add a 'capital' column, or an 'investment' column with \(Setting.depreciation.reference("RATE")) to build capital by perpetual inventory."
        case .missingInput(let role): "This computation needs a '\(role)' column in the panel; the data have none."
        case .invalidDepreciation(let d): "The depreciation rate must be in [0, 1) (write 0.05 for 5%); got \(d)."
        case .steadyStateUndefined(let s, let g, let d):
            "\(s): the steady-state initial stock I₀/(g+δ) is undefined because investment growth g = \(g) and depreciation δ = \(d) sum to \(g + d) ≤ 0; give a benchmark stock in the 'capital' column of the first year (\(Setting.initialStock.reference("benchmark")))."
        case .tooShortForSteadyState(let s):
            "\(s): the steady-state initial stock needs at least two years of investment to estimate its growth; give a benchmark stock instead (\(Setting.initialStock.reference("benchmark")))."
        case .gapInInvestment(let s, let from, let to):
            "\(s): investment is missing between \(from) and \(to); the perpetual inventory needs every year's investment."
        case .missingBenchmarkCapital(let s, let year):
            "\(s): \(Setting.initialStock.reference("benchmark")) needs the capital stock of the first year (\(year)) in the 'capital' column."
        case .missingDepreciation(let s, let year): "\(s): no depreciation rate for \(year) in the 'depreciation' column."
        case .invalidCapitalOutputRatio(let k): "The initial capital-output ratio must be a positive number (2.5 means capital worth 2.5 years of output); got \(k)."
        case .missingOutputForInitialStock(let s, let year):
            "\(s): an initial stock from a capital-output ratio needs a positive output in the first year of investment (\(year))."
        case .capitalNotFinite(let s, let year):
            "\(s): the capital stock of \(year) is beyond what double precision holds (investment or output near 1e308); rescale the data (for example to millions) and run again."
        case .noShareForYear(let s, let year): "\(s): the shares file gives no capital share for \(year)."
        case .unknownFixedEffect(let name):
            "\(Setting.absorb.reference) takes region, year or sector (joined with +); got '\(name)'."
        case .capitalShareTermMissing(let formula):
            "The formula '\(formula)' has no term log(capital) or log(capital/labour) whose coefficient is the capital share."
        case .estimatedShareOutOfRange(let estimate, let low, let high, let formula):
            "The estimated capital share \(estimate) (95% interval \(low) to \(high)) from '\(formula)' is outside (0, 1) and cannot be used as a share; give \(Setting.capitalShare.reference) instead."
        }
    }
}
