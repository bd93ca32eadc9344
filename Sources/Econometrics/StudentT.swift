#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Student's t distribution: two-sided p-values and quantiles.
///
/// Written by hand because no package on this machine provides the incomplete
/// beta function: `P(|T| > t) = I_x(ν/2, 1/2)` with `x = ν/(ν + t²)`
/// (Abramowitz & Stegun 26.7.1), and the regularized incomplete beta `I_x(a, b)`
/// by Lentz's continued fraction (Press et al., *Numerical Recipes*, 3rd ed., §6.4).
public enum StudentT {
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        if nu.isInfinite { return erfc(abs(t) / 2.0.squareRoot()) }
        return regularizedIncompleteBeta(a: nu / 2, b: 0.5, x: nu / (nu + t * t))
    }

    /// The quantile q with P(T ≤ q) = p, by bisection on the CDF (monotone; 1e-12 accurate).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1)
        if p == 0.5 { return 0 }
        let upper = p > 0.5
        let tail = upper ? 1 - p : p   // one-sided tail probability
        var lo = 0.0, hi = 1.0
        while twoSidedPValue(hi, degreesOfFreedom: nu) / 2 > tail { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if twoSidedPValue(mid, degreesOfFreedom: nu) / 2 > tail { lo = mid } else { hi = mid }
            if hi - lo <= 1e-14 * max(1, hi) { break }
        }
        let q = (lo + hi) / 2
        return upper ? q : -q
    }

    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: 1 - x) / b
    }

    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
