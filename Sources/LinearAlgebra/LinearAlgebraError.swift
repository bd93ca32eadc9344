import Foundation

/// Errors of the numeric core. LAPACK's `info` codes become typed cases so the
/// caller can say which routine failed and why, in words.
public enum LinearAlgebraError: Error, Sendable, Equatable, LocalizedError {
    /// The shapes of the operands do not fit together; the text says how.
    case dimensionMismatch(String)
    /// A LAPACK routine returned `info < 0`: argument `argument` was illegal (a bug in TFPKit).
    case illegalArgument(routine: String, argument: Int)
    /// `dpotrf`: the leading minor of this order is not positive definite.
    case notPositiveDefinite(order: Int)
    /// `dtrtrs`/`dtrtri`: diagonal element `index` (1-based) of a triangular factor is exactly zero.
    case singular(routine: String, index: Int)
    /// Any other positive `info`.
    case lapackFailure(routine: String, info: Int)
    /// Input had NaN or infinite values where finite numbers are required.
    case notFinite(String)
    /// A linear programme had no optimal solution.
    case linearProgram(String)
    /// A sparse factorisation would cost more than allowed (predicted flops).
    case tooCostly(flops: Double)

    /// The error in words, naming the LAPACK routine when one failed.
    public var errorDescription: String? {
        switch self {
        case .dimensionMismatch(let what): "Matrix dimensions do not match: \(what)."
        case .illegalArgument(let routine, let argument):
            "LAPACK \(routine) rejected its argument \(argument) (an internal error; please report it)."
        case .notPositiveDefinite(let order):
            "The matrix is not positive definite (leading minor of order \(order) failed in Cholesky)."
        case .singular(let routine, let index):
            "The matrix is singular: LAPACK \(routine) found a zero at diagonal position \(index)."
        case .lapackFailure(let routine, let info): "LAPACK \(routine) failed with info = \(info)."
        case .notFinite(let what): "Non-finite values (NaN or infinity) in \(what)."
        case .linearProgram(let what): "Linear programme: \(what)."
        case .tooCostly(let flops): "The sparse factorisation would need about \(flops) floating-point operations."
        }
    }

    /// Maps a LAPACK `info` code to an error (nil when `info == 0`).
    static func check(_ routine: String, _ info: Int32) throws(LinearAlgebraError) {
        if info == 0 { return }
        if info < 0 { throw .illegalArgument(routine: routine, argument: Int(-info)) }
        switch routine {
        case "dpotrf": throw .notPositiveDefinite(order: Int(info))
        case "dtrtrs", "dtrtri", "dpotri": throw .singular(routine: routine, index: Int(info))
        default: throw .lapackFailure(routine: routine, info: Int(info))
        }
    }
}
