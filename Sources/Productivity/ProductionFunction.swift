import DataIO
import Econometrics

/// Production-function regressions built from column roles, and the capital
/// share they imply for growth accounting.
public enum ProductionFunction: String, Sendable, CaseIterable, Codable {
    /// `ln Y = a + β_K ln K + β_L ln L` (Cobb & Douglas 1928).
    case cobbDouglas = "cobb-douglas"
    /// Constant returns imposed: `ln(Y/L) = a + α ln(K/L)`; α is the capital share.
    case cobbDouglasCRS = "cobb-douglas-crs"
    /// Translog (Christensen, Jorgenson & Lau 1973): adds ½(ln K)², ½(ln L)², ln K·ln L.
    case translog

    /// The formula in role names (`output`, `capital`, `labour`, `year`),
    /// optionally with a linear trend and absorbed fixed effects.
    /// - Parameters:
    ///   - trend: whether `+ year` is added, a linear trend.
    ///   - absorb: the roles absorbed as fixed effects (written after `|`), none when empty.
    /// - Returns: the formula's text, as `log(output/labour) ~ log(capital/labour) | region`.
    public func formula(trend: Bool, absorb: [String]) -> String {
        var rhs: String =
            switch self {
            case .cobbDouglas: "log(capital) + log(labour)"
            case .cobbDouglasCRS: "log(capital/labour)"
            case .translog: "log(capital) + log(labour) + I(0.5*log(capital)^2) + I(0.5*log(labour)^2) + log(capital):log(labour)"
            }
        if trend { rhs += " + year" }
        let lhs = self == .cobbDouglasCRS ? "log(output/labour)" : "log(output)"
        return lhs + " ~ " + rhs + (absorb.isEmpty ? "" : " | " + absorb.joined(separator: " + "))
    }

    /// The name of the capital coefficient in the fitted formula.
    public static let capitalTerms = ["log(capital)", "log(capital/labour)"]

    /// A data frame with the role columns a preset uses: `output`, `capital`,
    /// `labour` (employment × hours × human capital), `year` (number), and
    /// `region`, `year` and `sector` as categories for fixed effects.
    /// - Parameter panel: the panel; its other numeric roles are in the frame too, under their names.
    /// - Returns: one row per panel row, series by series.
    public static func dataFrame(from panel: Panel) -> DataFrame {
        var regionCodes: [Int32] = [], sectorCodes: [Int32] = []
        var regionLevels: [String] = [], sectorLevels: [String] = []
        var regionIndex: [String: Int32] = [:], sectorIndex: [String: Int32] = [:]
        var order: [Int] = []
        for series in panel.series {
            for r in series.rows {
                order.append(r)
                if regionIndex[series.region] == nil { regionIndex[series.region] = Int32(regionLevels.count); regionLevels.append(series.region) }
                regionCodes.append(regionIndex[series.region]!)
                let sector = series.sector ?? ""
                if sectorIndex[sector] == nil { sectorIndex[sector] = Int32(sectorLevels.count); sectorLevels.append(sector) }
                sectorCodes.append(sectorIndex[sector]!)
            }
        }
        let labour = panel.labourInput().values
        let years = order.map { panel.years[$0] }
        let yearLevelValues = Array(Set(years)).sorted()
        let yearIndex = Dictionary(uniqueKeysWithValues: yearLevelValues.enumerated().map { ($1, Int32($0)) })
        var numbers: [String: [Double]] = [
            "output": order.map { panel.values[.output]?[$0] ?? .nan },
            "capital": order.map { panel.values[.capital]?[$0] ?? .nan },
            "labour": order.map { labour[$0] },
            "year": years.map(Double.init),
        ]
        for role in Role.numericRoles where numbers[role.rawValue] == nil {
            if let column = panel.values[role] { numbers[role.rawValue] = order.map { column[$0] } }
        }
        return DataFrame(
            rowCount: order.count, numbers: numbers,
            categories: [
                "region": .init(codes: regionCodes, levels: regionLevels),
                "sector": .init(codes: sectorCodes, levels: sectorLevels),
                "year": .init(codes: years.map { yearIndex[$0]! }, levels: yearLevelValues.map(String.init)),
            ])
    }
}

/// A capital share estimated by regression, with its confidence interval.
extension ProductionFunction {
    /// The fixed effects of a preset, from text such as `region+year`.
    /// - Parameter text: roles joined with `+` (region, year, sector), or nil for none.
    /// - Returns: the roles in the order given.
    /// - Throws: ``ProductivityError/unknownFixedEffect(_:)`` for anything else.
    public static func absorbedRoles(_ text: String?) throws(ProductivityError) -> [String] {
        guard let text else { return [] }
        let names = text.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names where !["region", "year", "sector"].contains(name) { throw .unknownFixedEffect(name) }
        return names
    }
}

/// A capital share estimated by regression (the capital coefficient of a production function), with its interval.
public struct EstimatedCapitalShare: Sendable, Codable, Equatable {
    /// The fitted formula's text.
    public let formula: String
    /// The coefficient read: `log(capital)` or `log(capital/labour)`.
    public let term: String
    /// The estimated capital share α, strictly between 0 and 1.
    public let estimate: Double
    /// Its standard error under `covariance`.
    public let standardError: Double
    /// The lower end of its confidence interval.
    public let confidenceLow: Double
    /// The upper end of its confidence interval.
    public let confidenceHigh: Double
    /// The interval's level (0.95 for 95%).
    public let confidenceLevel: Double
    /// The observations of the fit.
    public let nobs: Int
    /// The covariance estimator, as text (`iid`, `hc1`, `cluster:region`).
    public let covariance: String

    /// Reads the capital coefficient of a fitted production function; refuses an
    /// estimate outside (0, 1), which cannot be a share.
    /// - Parameter fit: a fitted production function.
    /// - Throws: ``ProductivityError/capitalShareTermMissing(formula:)`` when the fit has no `log(capital)` or
    ///   `log(capital/labour)` coefficient, and ``ProductivityError/estimatedShareOutOfRange(estimate:low:high:formula:)``
    ///   for an estimate outside (0, 1).
    public init(_ fit: RegressionResult) throws(ProductivityError) {
        guard let c = ProductionFunction.capitalTerms.lazy.compactMap({ fit.coefficient($0) }).first else {
            throw .capitalShareTermMissing(formula: fit.formula)
        }
        guard c.estimate > 0 && c.estimate < 1 else {
            throw .estimatedShareOutOfRange(estimate: c.estimate, low: c.confidenceLow, high: c.confidenceHigh, formula: fit.formula)
        }
        formula = fit.formula
        term = c.name
        estimate = c.estimate
        standardError = c.standardError
        confidenceLow = c.confidenceLow
        confidenceHigh = c.confidenceHigh
        confidenceLevel = fit.confidenceLevel
        nobs = fit.nobs
        covariance = fit.covarianceEstimator.description
    }

    enum CodingKeys: String, CodingKey {
        case formula, term, estimate, standardError = "std_error", confidenceLow = "conf_low", confidenceHigh = "conf_high", confidenceLevel = "confidence_level", nobs, covariance = "vcov"
    }
}
