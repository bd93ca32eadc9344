import CRmath

/// Student's t distribution: two-sided p-values and quantiles, from R's own
/// mathematics library (Debian `r-mathlib`, libRmath: `pt` and `qt`), so that
/// p-values and confidence intervals are R's to the last digit. (Until 0.5.0 these
/// were a hand-written incomplete beta function.)
public enum StudentT {
    /// P(|T| > |t|) with ν degrees of freedom (ν = ∞: the normal distribution).
    /// - Parameters:
    ///   - t: the statistic; NaN gives NaN, an infinite one 0.
    ///   - nu: the degrees of freedom ν, positive; infinity gives the normal distribution.
    /// - Returns: the p-value in [0, 1], or NaN for ν ≤ 0 or NaN.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        guard nu > 0, !nu.isNaN else { return .nan }
        if nu.isInfinite { return 2 * pnorm5(-abs(t), 0, 1, 1, 0) }
        // Upper tail without cancellation: pt(|t|, ν, lower = FALSE).
        return min(1, 2 * pt(abs(t), nu, 0, 0))
    }

    /// The quantile q with P(T ≤ q) = p; NaN outside 0 < p < 1 or for ν ≤ 0.
    /// - Parameters:
    ///   - p: the probability, strictly between 0 and 1.
    ///   - nu: the degrees of freedom ν, positive; infinity gives the normal distribution.
    /// - Returns: the quantile, or NaN outside those domains.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p > 0 && p < 1, nu > 0 else { return .nan }
        if nu.isInfinite { return qnorm5(p, 0, 1, 1, 0) }
        return qt(p, nu, 1, 0)
    }
}
