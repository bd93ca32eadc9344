import CCHOLMOD

/// A sparse matrix in compressed-column form (0-based, Int32 indices).
package struct SparseColumns: Sendable {
    package let rows: Int
    package let columnStarts: [Int32]
    package let rowIndices: [Int32]
    package let values: [Double]

    package init(rows: Int, columnStarts: [Int32], rowIndices: [Int32], values: [Double]) {
        self.rows = rows
        self.columnStarts = columnStarts
        self.rowIndices = rowIndices
        self.values = values
    }
    package var columns: Int { columnStarts.count - 1 }
}

/// The sparse Cholesky factor of `S = A·Aᵀ − B·Bᵀ` by CHOLMOD (Davis & Hager,
/// SuiteSparse; fill-reducing ordering by AMD), for the Schur complement of
/// fixed-effect normal equations. The products are formed by CHOLMOD
/// (`cholmod_aat`, `cholmod_add`); the factorisation is refused, before it is
/// computed, when CHOLMOD's analysis predicts more than `maximumFlops`.
/// Not `Sendable`: `solve` writes CHOLMOD's workspace (`common`), so one factor serves one thread.
package final class SparseCholesky {
    // Designated initialiser: `init(plus:minusGramOf:maximumFlops:)`.
    private let common: UnsafeMutablePointer<cholmod_common>
    private var factor: UnsafeMutablePointer<cholmod_factor>?
    package let dimension: Int
    /// Flops of the factorisation, as predicted by the analysis.
    package let flops: Double

    package convenience init(gramOf a: SparseColumns, minusGramOf b: SparseColumns, maximumFlops: Double) throws(LinearAlgebraError) {
        try self.init(plus: .gram(a), minusGramOf: b, maximumFlops: maximumFlops)
    }

    /// Factors `S = M − B·Bᵀ` for a symmetric M given with both triangles.
    package convenience init(symmetric m: SparseColumns, minusGramOf b: SparseColumns, maximumFlops: Double) throws(LinearAlgebraError) {
        try self.init(plus: .matrix(m), minusGramOf: b, maximumFlops: maximumFlops)
    }

    enum Plus { case gram(SparseColumns), matrix(SparseColumns) }

    init(plus: Plus, minusGramOf b: SparseColumns, maximumFlops: Double) throws(LinearAlgebraError) {
        let a: SparseColumns
        switch plus {
        case .gram(let m), .matrix(let m): a = m
        }
        precondition(a.rows == b.rows)
        let common = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
        cholmod_start(common)
        do {
            let (factor, flops) = try Self.factorize(plus, b, maximumFlops: maximumFlops, common: common)
            self.common = common
            self.factor = factor
            self.flops = flops
            self.dimension = a.rows
        } catch {
            cholmod_finish(common)
            common.deallocate()
            throw error
        }
    }

    private static func factorize(
        _ plus: Plus, _ b: SparseColumns, maximumFlops: Double, common: UnsafeMutablePointer<cholmod_common>
    ) throws(LinearAlgebraError) -> (UnsafeMutablePointer<cholmod_factor>, Double) {
        func make(_ m: SparseColumns) -> UnsafeMutablePointer<cholmod_sparse>? {
            guard let s = cholmod_allocate_sparse(m.rows, m.columns, max(m.values.count, 1), 0, 1, 0, CHOLMOD_REAL, common) else { return nil }
            let p = s.pointee.p.assumingMemoryBound(to: Int32.self)
            let i = s.pointee.i.assumingMemoryBound(to: Int32.self)
            let x = s.pointee.x.assumingMemoryBound(to: Double.self)
            for k in m.columnStarts.indices { p[k] = m.columnStarts[k] }
            for k in m.rowIndices.indices { i[k] = m.rowIndices[k]; x[k] = m.values[k] }
            return s
        }
        var aat: UnsafeMutablePointer<cholmod_sparse>? = nil, bbt: UnsafeMutablePointer<cholmod_sparse>? = nil
        switch plus {
        case .gram(let a):
            var sa = make(a)
            if let sa { aat = cholmod_aat(sa, nil, 0, 1, common) }
            cholmod_free_sparse(&sa, common)
        case .matrix(let m):
            aat = make(m)
        }
        var sb = make(b)
        if let sb { bbt = cholmod_aat(sb, nil, 0, 1, common) }
        cholmod_free_sparse(&sb, common)
        defer { cholmod_free_sparse(&aat, common); cholmod_free_sparse(&bbt, common) }
        var alpha: [Double] = [1, 0], beta: [Double] = [-1, 0]
        var sum: UnsafeMutablePointer<cholmod_sparse>? = nil
        if let aat, let bbt { sum = cholmod_add(aat, bbt, &alpha, &beta, 1, 1, common) }
        defer { cholmod_free_sparse(&sum, common) }
        guard let s = sum else { throw .lapackFailure(routine: "cholmod_add", info: Int(common.pointee.status)) }
        s.pointee.stype = -1  // symmetric: only the lower triangle is used
        guard var l = Optional(cholmod_analyze(s, common)), let factor = l else {
            throw .lapackFailure(routine: "cholmod_analyze", info: Int(common.pointee.status))
        }
        let flops = common.pointee.fl
        if flops > maximumFlops {
            cholmod_free_factor(&l, common)
            throw .tooCostly(flops: flops)
        }
        cholmod_factorize(s, factor, common)
        if common.pointee.status == CHOLMOD_NOT_POSDEF || Int(factor.pointee.minor) < Int(s.pointee.nrow) {
            let minor = Int(factor.pointee.minor)
            cholmod_free_factor(&l, common)
            throw .notPositiveDefinite(order: minor + 1)
        }
        return (factor, flops)
    }

    deinit {
        if factor != nil { cholmod_free_factor(&factor, common) }
        cholmod_finish(common)
        common.deallocate()
    }

    /// Solves `S X = B` for the columns of B.
    package func solve(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        precondition(rhs.rows == dimension)
        var bOptional = cholmod_allocate_dense(rhs.rows, rhs.columns, rhs.rows, CHOLMOD_REAL, common)
        guard let b = bOptional else {
            throw .lapackFailure(routine: "cholmod_allocate_dense", info: Int(common.pointee.status))
        }
        defer { cholmod_free_dense(&bOptional, common) }
        let bx = b.pointee.x.assumingMemoryBound(to: Double.self)
        for k in rhs.elements.indices { bx[k] = rhs.elements[k] }
        var xOptional = cholmod_solve(CHOLMOD_A, factor, b, common)
        guard let x = xOptional else {
            throw .lapackFailure(routine: "cholmod_solve", info: Int(common.pointee.status))
        }
        defer { cholmod_free_dense(&xOptional, common) }
        var out = rhs
        let xx = x.pointee.x.assumingMemoryBound(to: Double.self)
        for k in out.elements.indices { out.elements[k] = xx[k] }
        return out
    }
}
