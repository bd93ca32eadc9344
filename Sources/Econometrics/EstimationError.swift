import Foundation
import Tabular

/// Errors of model specification and estimation, with positions and names.
public enum EstimationError: Error, Sendable, Equatable, LocalizedError, SettingReferencingError {
    /// The formula text is malformed at this 1-based character position.
    case formulaSyntax(formula: String, position: Int, message: String)
    /// The formula or the covariance names a column that the data do not have; `available` lists those they do.
    case unknownColumn(name: String, available: [String])
    /// A function other than log, exp, sqrt, abs, log10 and I, at this 1-based character position.
    case unknownFunction(name: String, position: Int)
    /// No row is left once rows with missing values and singletons are dropped.
    case noObservations(reason: String)
    /// No residual degrees of freedom: `nobs` observations for `parameters` parameters.
    case tooFewObservations(nobs: Int, parameters: Int)
    /// Every regressor is collinear with the fixed effects.
    case allCoefficientsDropped
    /// Absorbing the fixed effects did not reach `tolerance` within `iterations` sweeps.
    case notConverged(iterations: Int, tolerance: Double)
    /// An option, or a combination of options and data, that cannot give a trustworthy fit; the text says why.
    case invalidOption(String)
    /// A failure of the numerical core, or estimates that are not finite numbers; the text says which.
    case numerical(String)
    /// ``RegressionResult/with(covariance:smallSample:data:)`` was given another frame than the one fitted.
    case dataMismatch(expectedRows: Int, rows: Int)
    /// A result read back from JSON has no design or residuals to compute another covariance from.
    case noStoredFit

    /// The message in the library's words (``messageTemplate`` with its settings named in words).
    public var errorDescription: String? { libraryMessage }

    /// The message, with markers for the settings it points to (``Setting``).
    public var messageTemplate: String {
        switch self {
        case .formulaSyntax(let formula, let position, let message):
            // A long formula is shown around the error only, so the message stays readable.
            formula.count <= 200
                ? "Formula error at character \(position): \(message).\n  \(formula)\n  \(String(repeating: " ", count: max(0, position - 1)))^"
                : "Formula error at character \(position): \(message).\n  …\(String(formula.dropFirst(max(0, position - 60)).prefix(120)))…"
        case .unknownColumn(let name, let available):
            "The formula uses '\(name)', which is not a column of the data. Columns: \(available.joined(separator: ", "))."
        case .unknownFunction(let name, let position):
            "Unknown function '\(name)' at character \(position); available: log, exp, sqrt, abs, log10, I."
        case .noObservations(let reason): "No observations left to estimate: \(reason)."
        case .tooFewObservations(let n, let k):
            "Only \(n) observations for \(k) parameters: the model cannot be estimated with residual degrees of freedom."
        case .allCoefficientsDropped: "Every regressor is collinear with the fixed effects; nothing to estimate."
        case .notConverged(let iterations, let tolerance):
            "Absorbing the fixed effects did not converge to \(tolerance) in \(iterations) iterations; raise \(Setting.maxIterations.reference) or check that the fixed effects are connected."
        case .invalidOption(let message): message
        case .numerical(let message): message
        case .dataMismatch(let expected, let rows):
            "Another covariance needs the data the model was fitted on (\(expected) rows with the same columns); the frame given has \(rows) rows or other columns."
        case .noStoredFit:
            "This result was read back from JSON, which keeps the estimates but not the design and residuals; fit the model again for another covariance."
        }
    }
}
