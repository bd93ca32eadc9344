import DataIO

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// How growth between two observations is measured.
public enum GrowthMethod: String, Sendable, Codable, CaseIterable {
    /// Simple rates `x_t / x_{t−1} − 1` and fixed shares: the statistics
    /// office's method (GSO, TFP metadata; PLANS.md "How the official figure is computed").
    case gso
    /// Log differences `ln x_t − ln x_{t−1}` with shares averaged over t and t−1
    /// (Törnqvist index; OECD, *Measuring Productivity*, 2001, §5.2; the PWT method).
    case tornqvist

    /// Annual growth between two levels `h` years apart. A gap of h > 1 years is
    /// annualised, never treated as one year: `(x₁/x₀)^(1/h) − 1` or `ln(x₁/x₀)/h`.
    /// - Parameters:
    ///   - x0: the earlier level (positive).
    ///   - x1: the later level (positive).
    ///   - h: the years between them, 1 or more.
    /// - Returns: the annual growth: a fraction for ``gso`` (0.065 is 6.5%), a log difference per year for ``tornqvist``.
    @inline(__always)
    public func growth(from x0: Double, to x1: Double, years h: Int) -> Double {
        switch self {
        case .gso: h == 1 ? x1 / x0 - 1 : pow(x1 / x0, 1 / Double(h)) - 1
        case .tornqvist: log(x1 / x0) / Double(h)
        }
    }

    /// The level factor of `h` years of annual growth `g`.
    /// The inverse of ``growth(from:to:years:)``: `x₁ = x₀ · factor`.
    /// - Parameters:
    ///   - g: annual growth, as ``growth(from:to:years:)`` gives it.
    ///   - h: the number of years.
    /// - Returns: `(1 + g)^h` for ``gso``, `exp(g·h)` for ``tornqvist``.
    @inline(__always)
    public func factor(growth g: Double, years h: Int) -> Double {
        switch self {
        // One year needs no call: pow(x, 1) is x (its exact value is representable and glibc's pow errs by < 0.52 ulp).
        case .gso: h == 1 ? 1 + g : pow(1 + g, Double(h))
        case .tornqvist: exp(g * Double(h))
        }
    }
}

/// A part of growth as a share of the whole (TFP's share of output growth).
///
/// The share is undefined, with the reason, when output did not grow or grew
/// by less than `minimumGrowth`: a share of a shrinking or near-zero total is
/// not a contribution (it would print as ±∞ or as an absurd percentage).
public struct ShareOfGrowth: Sendable, Codable, Equatable {
    /// The share, `part / total` (a fraction: 0.4 is 40%); nil when undefined.
    public let value: Double?
    /// Why the share is undefined; nil when it is defined.
    public let note: Diagnostics.ValueNote?

    /// Output growth below which no share is reported: 0.005, half a percent a year.
    public static let defaultMinimumGrowth = 0.005

    /// The share alone, as `init` decides it (for loops that need no note).
    /// - Parameters:
    ///   - part: the part's growth (TFP growth).
    ///   - total: the whole's growth (output growth).
    ///   - minimumGrowth: the smallest `total` that has a share.
    /// - Returns: `part / total`, or nil when either is not finite, `total` ≤ 0 or `total` < `minimumGrowth`.
    @inline(__always)
    public static func value(part: Double, total: Double, minimumGrowth: Double) -> Double? {
        guard total.isFinite && part.isFinite, total > 0, total >= minimumGrowth else { return nil }
        return part / total
    }

    /// The share of `part` in `total`, or the reason there is none.
    /// - Parameters:
    ///   - part: the part's growth (TFP growth).
    ///   - total: the whole's growth (output growth).
    ///   - minimumGrowth: the smallest `total` that has a share (``defaultMinimumGrowth``: half a percent).
    public init(part: Double, total: Double, minimumGrowth: Double) {
        if !(total.isFinite && part.isFinite) {
            value = nil; note = .growthNotAvailable
        } else if total <= 0 {
            value = nil; note = .outputDidNotGrow(total: total)
        } else if total < minimumGrowth {
            value = nil; note = .outputGrowthBelow(total: total, minimum: minimumGrowth)
        } else {
            value = part / total; note = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case value, note
    }
}
