import CLinearAlgebra

/// Symmetric positive-definite solves by Cholesky (LAPACK `dpotrf`/`dpotrs`)
/// and triangular solves (`dtrtrs`).
public enum Cholesky {
    /// Solves `A X = B` for symmetric positive-definite `A`.
    /// - Parameters:
    ///   - a: the symmetric positive-definite matrix `A` (n × n); only its upper triangle is read.
    ///   - b: the right-hand sides `B` (n × m), one per column.
    /// - Returns: the solution `X` (n × m).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `A` is not square or `B` has another number of rows,
    ///   ``LinearAlgebraError/notFinite(_:)`` for NaN or infinity in `A` or `B`, and
    ///   ``LinearAlgebraError/notPositiveDefinite(order:)`` when `A` is not positive definite.
    public static func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.rows == a.columns, b.rows == a.rows else {
            throw .dimensionMismatch("A is \(a.rows)×\(a.columns), B is \(b.rows)×\(b.columns)")
        }
        // LAPACK is never given NaN or infinity (its behaviour on them is undefined).
        guard a.elements.allSatisfy(\.isFinite) else { throw .notFinite("the matrix of a Cholesky solve") }
        guard b.elements.allSatisfy(\.isFinite) else { throw .notFinite("the right-hand side of a Cholesky solve") }
        var factor = a
        try LinearAlgebraError.check("dpotrf", LAPACKE_dpotrf(LAPACK_COL_MAJOR, ascii("U"), Int32(a.rows), &factor.elements, Int32(a.rows)))
        var x = b
        try LinearAlgebraError.check("dpotrs", LAPACKE_dpotrs(LAPACK_COL_MAJOR, ascii("U"), Int32(a.rows), Int32(b.columns), factor.elements, Int32(a.rows), &x.elements, Int32(b.rows)))
        return x
    }

    /// The inverse of a symmetric positive-definite matrix (`dpotrf` then `dpotri`).
    /// - Parameter a: the symmetric positive-definite matrix (n × n); only its upper triangle is read.
    /// - Returns: `A⁻¹`, with both triangles filled.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `a` is not square, ``LinearAlgebraError/notFinite(_:)``
    ///   for NaN or infinity in it, ``LinearAlgebraError/notPositiveDefinite(order:)`` when it is not positive definite,
    ///   and ``LinearAlgebraError/singular(routine:index:)`` when `dpotri` finds a zero on the factor's diagonal.
    public static func inverse(_ a: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.rows == a.columns else { throw .dimensionMismatch("inverse of a \(a.rows)×\(a.columns) matrix") }
        guard a.elements.allSatisfy(\.isFinite) else { throw .notFinite("the matrix to invert") }
        var f = a
        try LinearAlgebraError.check("dpotrf", LAPACKE_dpotrf(LAPACK_COL_MAJOR, ascii("U"), Int32(a.rows), &f.elements, Int32(a.rows)))
        try LinearAlgebraError.check("dpotri", LAPACKE_dpotri(LAPACK_COL_MAJOR, ascii("U"), Int32(a.rows), &f.elements, Int32(a.rows)))
        f.symmetrizeFromUpper()
        return f
    }

    /// Solves `T X = B` for upper (or lower) triangular `T`.
    /// - Parameters:
    ///   - t: the triangular matrix `T` (n × n); only the triangle named by `upper` is read.
    ///   - b: the right-hand sides `B` (n × m), one per column.
    ///   - upper: `true` (the default) when `T` is upper triangular, `false` when it is lower triangular.
    /// - Returns: the solution `X` (n × m).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `T` is not square or `B` has another number of rows,
    ///   and ``LinearAlgebraError/singular(routine:index:)`` when a diagonal element of `T` is exactly zero.
    ///   Unlike ``solve(_:_:)``, the elements are not checked for NaN or infinity.
    public static func triangularSolve(_ t: Matrix, _ b: Matrix, upper: Bool = true) throws(LinearAlgebraError) -> Matrix {
        guard t.rows == t.columns, b.rows == t.rows else {
            throw .dimensionMismatch("T is \(t.rows)×\(t.columns), B is \(b.rows)×\(b.columns)")
        }
        var x = b
        try LinearAlgebraError.check(
            "dtrtrs", LAPACKE_dtrtrs(LAPACK_COL_MAJOR, ascii(upper ? "U" : "L"), ascii("N"), ascii("N"), Int32(t.rows), Int32(b.columns), t.elements, Int32(t.rows), &x.elements, Int32(b.rows)))
        return x
    }
}
