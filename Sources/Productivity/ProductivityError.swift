import Foundation
import Tabular

/// Errors of the productivity computations, in words a planner can act on.
public enum ProductivityError: Error, Sendable, Equatable, LocalizedError, SettingReferencingError {
    case noFactorShares
    case invalidCapitalShare(Double)
    case invalidPeriod(from: Int, to: Int)
    case missingCapital
    case invalidDepreciation(Double)
    case steadyStateUndefined(series: String, growth: Double, depreciation: Double)
    case tooShortForSteadyState(series: String)
    case gapInInvestment(series: String, from: Int, to: Int)
    case missingBenchmarkCapital(series: String, year: Int)
    case missingDepreciation(series: String, year: Int)
    case invalidCapitalOutputRatio(Double)
    case missingOutputForInitialStock(series: String, year: Int)
    case noShareForYear(series: String, year: Int)
    case capitalShareTermMissing(formula: String)
    case estimatedShareOutOfRange(estimate: Double, low: Double, high: Double, formula: String)
    /// A fixed effect of a production function that is not a role (region, year, sector).
    case unknownFixedEffect(String)

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
