import CLinearAlgebra

/// The solution of a least-squares problem `min ‖y − Xb‖₂`.
///
/// Columns judged linearly dependent on earlier ones are dropped (their
/// coefficient is `nil`), never solved silently; `droppedColumns` names them
/// by index so the caller can name them by variable.
package struct LeastSquaresSolution: Sendable {
    /// One entry per column of the design; `nil` for a dropped column.
    package let coefficients: [Double?]
    /// Indices of the columns kept, in their original order.
    package let keptColumns: [Int]
    /// Indices of the columns dropped as collinear, in their original order.
    package let droppedColumns: [Int]
    /// `y − Xb`.
    package let residuals: [Double]
    package let residualSumOfSquares: Double
    /// `(X_Kᵀ X_K)⁻¹` for the kept columns K, in `keptColumns` order: the
    /// "bread" of every covariance estimator.
    package let inverseCrossProduct: Matrix

    package var rank: Int { keptColumns.count }
    /// The coefficients of the kept columns, in `keptColumns` order.
    package var keptCoefficients: [Double] { keptColumns.map { coefficients[$0]! } }
}

/// Least squares by Householder QR with column pivoting (LAPACK `dgeqp3`).
///
/// Method. The columns are first scaled to unit Euclidean norm (equilibration,
/// Golub & Van Loan, *Matrix Computations*, 4th ed., §5.5.4), which makes the
/// rank decision independent of units. `dgeqp3` factors `X_s P = Q R`. A column
/// is dropped when the part of it not explained by the columns *before it in
/// the user's order* has relative norm below `rankTolerance` — the rule of R's
/// `lm` (LINPACK `dqrdc2`, tolerance 1e-7), so the dropped column is the later
/// one of a collinear pair, as in R and fixest, not an arbitrary one. That
/// ordered decision and the final solve are done on the small `p × p` matrix
/// `R Pᵀ`, which represents every column exactly in the basis `Q`, so the
/// `n × p` data are factored once and never copied.
package enum LeastSquares {
    /// Relative norm below which a column counts as collinear (R's `lm.fit` default).
    package static let defaultRankTolerance = 1e-7

    package static func solve(
        _ design: consuming Matrix, _ response: [Double], rankTolerance: Double = defaultRankTolerance
    ) throws(LinearAlgebraError) -> LeastSquaresSolution {
        var x = design
        let n = x.rows, p = x.columns
        guard response.count == n else {
            throw .dimensionMismatch("design has \(n) rows, response has \(response.count)")
        }
        guard n >= 1 else { throw .dimensionMismatch("no observations") }
        if !response.allSatisfy({ $0.isFinite }) { throw .notFinite("the response") }

        // Equilibrate: scale each column to unit norm; an all-zero column is dropped outright.
        var scale = [Double](repeating: 0, count: p)
        try x.elements.withUnsafeMutableBufferPointer { (buffer) throws(LinearAlgebraError) in
            for j in 0..<p {
                let column = UnsafeMutableBufferPointer(rebasing: buffer[(j * n)..<((j + 1) * n)])
                let norm = try finiteNorm(UnsafeBufferPointer(column), column: j)
                scale[j] = norm
                if norm > 0 { cblas_dscal(Int32(n), 1 / norm, column.baseAddress, 1) }
            }
        }

        // Pivoted QR of the n × p data: the only pass over the big matrix.
        let k = min(n, p)
        var pivots = [Int32](repeating: 0, count: p)
        var tau = [Double](repeating: 0, count: max(k, 1))
        if p > 0 {
            // The `_work` interfaces: LAPACKE's plain ones scan the n × p data for NaN on every call
            // (the columns were checked above); the workspace size is asked for first.
            var size = 0.0
            try LinearAlgebraError.check(
                "dgeqp3", LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, Int32(n), Int32(p), &x.elements, Int32(n), &pivots, &tau, &size, -1))
            var work = [Double](repeating: 0, count: max(1, Int(size)))
            try LinearAlgebraError.check(
                "dgeqp3",
                LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, Int32(n), Int32(p), &x.elements, Int32(n), &pivots, &tau, &work, Int32(work.count)))
        }
        // c = Qᵀ y.
        var qty = response
        if p > 0 {
            try applyQ(transposed: true, x.elements, rows: n, reflectors: k, tau, to: &qty)
        }

        // M = R Pᵀ (k × p): column j of the scaled data in the basis Q.
        var m = Matrix(rows: k, columns: p)
        for position in 0..<p {
            let original = Int(pivots[position]) - 1
            for i in 0...min(position, k - 1) { m[i, original] = x[i, position] }
        }

        // Ordered rank decision on the small matrix.
        var kept: [Int] = []
        for j in 0..<p where scale[j] > 0 {
            let candidate = kept + [j]
            let (_, r) = try smallQR(m.selectingColumns(candidate))
            if abs(r[candidate.count - 1, candidate.count - 1]) > rankTolerance { kept.append(j) }
            if kept.count == k { break }
        }
        let dropped = (0..<p).filter { !kept.contains($0) }

        // Solve on the kept columns: min ‖c_k − M_K b‖, then residuals = Q [c_k − M_K b; c_rest].
        let r = kept.count
        var coefficientsScaled = [Double](repeating: 0, count: r)
        var inverse = Matrix(rows: r, columns: r)
        var small = Array(qty[0..<k])
        if r > 0 {
            var mk = m.selectingColumns(kept)
            var tauK = [Double](repeating: 0, count: r)
            try LinearAlgebraError.check("dgeqrf", LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(k), Int32(r), &mk.elements, Int32(k), &tauK))
            var rhs = small
            try LinearAlgebraError.check("dormqr", LAPACKE_dormqr(LAPACK_COL_MAJOR, ascii("L"), ascii("T"), Int32(k), 1, Int32(r), mk.elements, Int32(k), tauK, &rhs, Int32(k)))
            try LinearAlgebraError.check("dtrtrs", LAPACKE_dtrtrs(LAPACK_COL_MAJOR, ascii("U"), ascii("N"), ascii("N"), Int32(r), 1, mk.elements, Int32(k), &rhs, Int32(k)))
            coefficientsScaled = Array(rhs[0..<r])
            // (R_Kᵀ R_K)⁻¹ by dpotri on the triangular factor.
            for j in 0..<r { for i in 0...j { inverse[i, j] = mk[i, j] } }
            try LinearAlgebraError.check("dpotri", LAPACKE_dpotri(LAPACK_COL_MAJOR, ascii("U"), Int32(r), &inverse.elements, Int32(r)))
            inverse.symmetrizeFromUpper()
            // Small residual c_k − M_K b.
            let fitted = m.selectingColumns(kept).times(coefficientsScaled)
            for i in 0..<k { small[i] -= fitted[i] }
        }
        var residuals = qty
        for i in 0..<k { residuals[i] = small[i] }
        if p > 0 {
            try applyQ(transposed: false, x.elements, rows: n, reflectors: k, tau, to: &residuals)
        }
        let rss = residuals.withUnsafeBufferPointer {
            let e = euclideanNorm($0); return e * e
        }

        // Undo the scaling: b = D⁻¹ b_s, (XᵀX)⁻¹ = D⁻¹ (X_sᵀX_s)⁻¹ D⁻¹.
        var coefficients = [Double?](repeating: nil, count: p)
        for (a, j) in kept.enumerated() { coefficients[j] = coefficientsScaled[a] / scale[j] }
        for (a, ja) in kept.enumerated() {
            for (b, jb) in kept.enumerated() { inverse[a, b] /= scale[ja] * scale[jb] }
        }
        return LeastSquaresSolution(
            coefficients: coefficients, keptColumns: kept, droppedColumns: dropped,
            residuals: residuals, residualSumOfSquares: rss, inverseCrossProduct: inverse)
    }

    /// `c ← Qᵀ c` or `c ← Q c` for the `reflectors` Householder reflectors `H_j = I − τ_j v_j v_jᵀ` stored below
    /// the diagonal of the `rows`-row factor (`v_j[j] = 1` implied), `Q = H_1 ⋯ H_k`: what LAPACK's `dorm2r` does
    /// for one column, by BLAS `ddot` and `daxpy` (the plain LAPACKE interface scanned the whole factor for NaN on
    /// every call; `dormqr_work` spent 10 ms a call on 1M rows for two reflectors).
    static func applyQ(
        transposed: Bool, _ factor: [Double], rows: Int, reflectors: Int, _ tau: [Double], to c: inout [Double]
    ) throws(LinearAlgebraError) {
        guard c.count == rows, factor.count >= rows * reflectors, tau.count >= reflectors else {
            throw .dimensionMismatch("a factor of \(rows) rows and \(reflectors) reflectors, a vector of \(c.count)")
        }
        factor.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { v in
                guard let a = a.baseAddress, let v = v.baseAddress else { return }
                for step in 0..<reflectors {
                    let j = transposed ? step : reflectors - 1 - step
                    let t = tau[j]
                    if t == 0 { continue }
                    let below = Int32(rows - j - 1)
                    let column = a + j * rows + j + 1
                    var w = v[j]
                    if below > 0 { w += cblas_ddot(below, column, 1, v + j + 1, 1) }
                    v[j] -= t * w
                    if below > 0 { cblas_daxpy(below, -t * w, column, 1, v + j + 1, 1) }
                }
            }
        }
    }

    /// The Euclidean norm of a column of the design, which must be finite. One pass with four partial sums of
    /// squares (a non-finite value makes them non-finite); when they overflow or underflow, the values are
    /// checked one by one and the norm is taken by BLAS's scaled `dnrm2`.
    static func finiteNorm(_ v: UnsafeBufferPointer<Double>, column j: Int) throws(LinearAlgebraError) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= v.count {
            s0 += v[i] * v[i]
            s1 += v[i + 1] * v[i + 1]
            s2 += v[i + 2] * v[i + 2]
            s3 += v[i + 3] * v[i + 3]
            i += 4
        }
        while i < v.count {
            s0 += v[i] * v[i]
            i += 1
        }
        let squares = (s0 + s1) + (s2 + s3)
        if squares.isFinite && squares >= 1e-280 { return squares.squareRoot() }
        for value in v where !value.isFinite { throw .notFinite("column \(j) of the design") }
        // dnrm2 scales, so only a norm beyond the largest double itself overflows: the column cannot be
        // equilibrated (scaled by 1/∞ it would look like zeros and be dropped as collinear).
        let norm = euclideanNorm(v)
        guard norm.isFinite else { throw .notFinite("the norm of column \(j) of the design (values near the largest double)") }
        return norm
    }

    /// Unpivoted QR of a small matrix; returns the factored storage and R.
    static func smallQR(_ a: Matrix) throws(LinearAlgebraError) -> (Matrix, Matrix) {
        var f = a
        var tau = [Double](repeating: 0, count: max(1, min(a.rows, a.columns)))
        try LinearAlgebraError.check("dgeqrf", LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(a.rows), Int32(a.columns), &f.elements, Int32(a.rows), &tau))
        var r = Matrix(rows: a.columns, columns: a.columns)
        for j in 0..<a.columns { for i in 0...min(j, a.rows - 1) { r[i, j] = f[i, j] } }
        return (f, r)
    }
}

@inline(__always) func ascii(_ s: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: s)) }
