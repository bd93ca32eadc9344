/// The one quantile rule of TFPKit's intervals: R's default (type 7), linear
/// interpolation between order statistics (Hyndman & Fan 1996).
public enum Quantile {
    /// The type-7 quantile of sorted values.
    /// - Parameters:
    ///   - sorted: the values in increasing order, no NaN.
    ///   - p: the probability, in [0, 1].
    /// - Returns: the quantile, or nil for no values or p outside [0, 1].
    public static func type7(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty, p >= 0, p <= 1 else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// An interval of integer values (ranks) by the same rule: the type-7 quantiles at `low`
    /// and `high`, rounded outward (down and up), so the interval never claims more precision
    /// than the draws give.
    /// - Parameters:
    ///   - values: the draws, any order, no NaN.
    ///   - low: the lower probability (0.05 for a 90% interval).
    ///   - high: the upper probability.
    /// - Returns: the interval, or nil for no values or a probability outside [0, 1].
    public static func integerInterval(_ values: [Double], low: Double, high: Double) -> (low: Int, high: Int)? {
        let sorted = values.sorted()
        guard let a = type7(sorted, low), let b = type7(sorted, high) else { return nil }
        return (Int(a.rounded(.down)), Int(b.rounded(.up)))
    }

    /// The same type-7 quantile of unsorted values, found by selection (O(n), no sort):
    /// `values` is reordered in place. The two order statistics are those a sort would
    /// give, so the result equals `type7(values.sorted(), p)` to the bit. No NaN allowed.
    /// - Parameters:
    ///   - values: the values, no NaN; reordered in place.
    ///   - p: the probability, in [0, 1].
    /// - Returns: the quantile, or nil for no values or p outside [0, 1].
    package static func type7Selecting(_ values: UnsafeMutableBufferPointer<Double>, _ p: Double) -> Double? {
        let n = values.count
        guard n > 0, p >= 0, p <= 1 else { return nil }
        let h = Double(n - 1) * p
        let lo = Int(h.rounded(.down))
        select(values, lo)
        let xLo = values[lo]
        guard lo + 1 < n else { return xLo }
        var xHi = values[lo + 1]
        for i in (lo + 2)..<n where values[i] < xHi { xHi = values[i] }
        return xLo + (h - Double(lo)) * (xHi - xLo)
    }

    /// Reorders `a` so that `a[k]` is its k-th smallest value, smaller ones before it and
    /// larger ones after (Hoare's FIND, 1961, with a median-of-three pivot). Falls back
    /// to sorting a range that does not shrink quickly, so no input makes it quadratic.
    static func select(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) {
        var lo = 0, hi = a.count - 1
        var rounds = 0
        while hi > lo {
            rounds += 1
            if rounds > 64 {
                var range = UnsafeMutableBufferPointer(rebasing: a[lo...hi])
                range.sort()
                return
            }
            let mid = lo + (hi - lo) / 2
            if a[mid] < a[lo] { a.swapAt(mid, lo) }
            if a[hi] < a[lo] { a.swapAt(hi, lo) }
            if a[hi] < a[mid] { a.swapAt(hi, mid) }
            let pivot = a[mid]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now a[lo...j] ≤ pivot ≤ a[i...hi], and everything strictly between equals the pivot.
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }
}
