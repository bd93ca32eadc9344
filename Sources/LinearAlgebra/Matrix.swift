import CLinearAlgebra

/// A dense matrix of `Double` stored column by column (column-major), the
/// layout BLAS and LAPACK expect, so that no conversion is needed on the way in.
public struct Matrix: Sendable, Equatable, Hashable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// Column-major elements: element (i, j) is `elements[i + j * rows]`.
    public var elements: [Double]

    /// A `rows` × `columns` matrix with every element equal to `value`.
    /// - Parameters:
    ///   - rows: the number of rows, 0 or more (a negative number stops the program: a precondition).
    ///   - columns: the number of columns, 0 or more.
    ///   - value: the value of every element (0 by default).
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// Builds a matrix from column-major elements.
    /// - Parameters:
    ///   - rows: the number of rows.
    ///   - columns: the number of columns.
    ///   - elements: `rows · columns` values, column after column.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when `elements` does not have `rows · columns` values.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws(LinearAlgebraError) {
        guard elements.count == rows * columns else {
            throw .dimensionMismatch("\(elements.count) elements given for a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Builds a matrix whose columns are the given arrays (all of one length).
    /// - Parameter columns: the columns, each with the same number of values (no columns: a 0 × 0 matrix).
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when a column's length differs from the first one's.
    public init(columns: [[Double]]) throws(LinearAlgebraError) {
        let n = columns.first?.count ?? 0
        var storage: [Double] = []
        storage.reserveCapacity(n * columns.count)
        for (j, column) in columns.enumerated() {
            guard column.count == n else {
                throw .dimensionMismatch("column \(j) has \(column.count) rows, column 0 has \(n)")
            }
            storage.append(contentsOf: column)
        }
        self.rows = n
        self.columns = columns.count
        self.elements = storage
    }

    /// The identity matrix of order `n`.
    /// - Parameter n: the number of rows and columns.
    /// - Returns: the `n` × `n` matrix with ones on the diagonal and zeros elsewhere.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i + i * n] = 1 }
        return m
    }

    /// The element in row `row` and column `column` (both 0-based), read or written in place.
    /// - Parameters:
    ///   - row: the row index; it is not checked against ``rows`` (only the storage's bounds are).
    ///   - column: the column index.
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    /// A copy of column `j`.
    /// - Parameter j: the column index (0-based).
    /// - Returns: the ``rows`` values of that column.
    public func column(_ j: Int) -> [Double] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// The diagonal of a square matrix.
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { self[$0, $0] }
    }

    /// The transpose.
    /// - Returns: the `columns` × `rows` matrix whose element (j, i) is this matrix's element (i, j).
    public func transposed() -> Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] }
        }
        return t
    }

    /// Keeps the given columns, in the given order.
    /// - Parameter indices: 0-based column indices; a column may be named more than once.
    /// - Returns: a matrix with the same rows and `indices.count` columns.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var m = Matrix(rows: rows, columns: indices.count)
        for (k, j) in indices.enumerated() {
            m.elements.replaceSubrange((k * rows)..<((k + 1) * rows), with: elements[(j * rows)..<((j + 1) * rows)])
        }
        return m
    }

    /// Matrix product by BLAS `dgemm`.
    /// - Parameters:
    ///   - lhs: an m × k matrix.
    ///   - rhs: a k × n matrix (a different k stops the program: a precondition).
    /// - Returns: the m × n product `lhs · rhs`.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "product of \(lhs.rows)×\(lhs.columns) and \(rhs.rows)×\(rhs.columns)")
        var result = Matrix(rows: lhs.rows, columns: rhs.columns)
        guard lhs.rows > 0, rhs.columns > 0, lhs.columns > 0 else { return result }
        lhs.elements.withUnsafeBufferPointer { a in
            rhs.elements.withUnsafeBufferPointer { b in
                result.elements.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, CblasNoTrans, CblasNoTrans,
                        Int32(lhs.rows), Int32(rhs.columns), Int32(lhs.columns),
                        1.0, a.baseAddress, Int32(lhs.rows), b.baseAddress, Int32(rhs.rows),
                        0.0, c.baseAddress, Int32(lhs.rows))
                }
            }
        }
        return result
    }

    /// `selfᵀ · v` by BLAS `dgemv`.
    /// - Parameter v: a vector of ``rows`` values (another length stops the program: a precondition).
    /// - Returns: the ``columns`` values of `selfᵀ · v`.
    public func transposeTimes(_ v: [Double]) -> [Double] { gemv(v, transposed: true) }

    /// `self · v` by BLAS `dgemv`.
    /// - Parameter v: a vector of ``columns`` values (another length stops the program: a precondition).
    /// - Returns: the ``rows`` values of `self · v`.
    public func times(_ v: [Double]) -> [Double] { gemv(v, transposed: false) }

    private func gemv(_ v: [Double], transposed: Bool) -> [Double] {
        precondition(v.count == (transposed ? rows : columns))
        var out = [Double](repeating: 0, count: transposed ? columns : rows)
        guard rows > 0, columns > 0 else { return out }
        elements.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    cblas_dgemv(
                        CblasColMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1.0,
                        a.baseAddress, Int32(rows), x.baseAddress, 1, 0.0, y.baseAddress, 1)
                }
            }
        }
        return out
    }

    /// `selfᵀ · self` (the cross-product) by BLAS `dsyrk`, both triangles filled.
    /// - Returns: the symmetric `columns` × `columns` matrix `selfᵀ · self`.
    public func crossProduct() -> Matrix {
        var c = Matrix(rows: columns, columns: columns)
        guard rows > 0, columns > 0 else { return c }
        elements.withUnsafeBufferPointer { a in
            c.elements.withUnsafeMutableBufferPointer { cp in
                cblas_dsyrk(
                    CblasColMajor, CblasUpper, CblasTrans, Int32(columns), Int32(rows), 1.0,
                    a.baseAddress, Int32(rows), 0.0, cp.baseAddress, Int32(columns))
            }
        }
        c.symmetrizeFromUpper()
        return c
    }

    mutating func symmetrizeFromUpper() {
        for j in 0..<columns {
            for i in (j + 1)..<Swift.max(j + 1, rows) { self[i, j] = self[j, i] }
        }
    }
}

/// Euclidean norm by BLAS `dnrm2` (scaled, so no overflow on large values).
/// - Parameter v: the values.
/// - Returns: `‖v‖₂`, 0 for no values.
package func euclideanNorm(_ v: UnsafeBufferPointer<Double>) -> Double {
    guard !v.isEmpty else { return 0 }
    return cblas_dnrm2(Int32(v.count), v.baseAddress, 1)
}
