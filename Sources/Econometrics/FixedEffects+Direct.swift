import LinearAlgebra

extension FixedEffectAbsorber {
    /// Largest factorisation the direct method attempts (CHOLMOD's predicted flops):
    /// beyond it the conjugate-gradient path is cheaper.
    public static let directFlopLimit = 5e9

    /// Projects every column exactly onto the orthogonal complement of the dummies.
    ///
    /// The dimension with the most levels (I) is eliminated in closed form (its
    /// normal-equations block is diagonal); the others (R, first level of each
    /// dropped to remove the constant shifts between dimensions) solve
    /// `S a = D_Rᵀ M_I v` with `S = D_Rᵀ M_I D_R = D_RᵀD_R − CᵀC`, `C = N_I^{-1/2} D_Iᵀ D_R`
    /// (`D_RᵀD_R` is a cross-tabulation of the levels, built directly),
    /// factored once by sparse Cholesky for all columns (Gaure 2013 for the
    /// elimination; Davis, CHOLMOD). A disconnected graph makes S singular and the
    /// factorisation fails, as does one predicted to cost more than `directFlopLimit`:
    /// the caller then iterates instead.
    func projectDirectly(_ columns: inout [[Double]]) throws {
        let d = codes.count
        let eliminated = (0..<d).max { levels[$0] < levels[$1] }!
        let others = (0..<d).filter { $0 != eliminated }
        var offsets: [Int] = [], dimension = 0
        for o in others { offsets.append(dimension); dimension += max(levels[o] - 1, 0) }
        guard dimension > 0 else { throw LinearAlgebraError.dimensionMismatch("nothing left after elimination") }
        let n = codes[0].count
        let groups = levels[eliminated]
        let groupCodes = codes[eliminated]
        // Rows by group (counting sort).
        var starts = [Int](repeating: 0, count: groups + 1)
        for c in groupCodes { starts[Int(c) + 1] += 1 }
        for g in 0..<groups { starts[g + 1] += starts[g] }
        var cursor = starts
        var order = [Int32](repeating: 0, count: n)
        for r in 0..<n { let g = Int(groupCodes[r]); order[cursor[g]] = Int32(r); cursor[g] += 1 }

        @inline(__always) func index(_ k: Int, _ r: Int) -> Int {
            let l = Int(codes[others[k]][r])
            return l == 0 ? -1 : offsets[k] + l - 1
        }
        // D_RᵀD_R as a cross-tabulation (counts on the diagonal, co-occurrences of levels of
        // two dimensions off it), both triangles, in compressed columns.
        var diagonal = [Double](repeating: 0, count: dimension)
        var pairs: [(Int32, Int32, Double)] = []
        for k1 in others.indices {
            for r in 0..<n { let i = index(k1, r); if i >= 0 { diagonal[i] += 1 } }
            for k2 in others.indices where k2 > k1 {
                let rows1 = max(levels[others[k1]] - 1, 0), rows2 = max(levels[others[k2]] - 1, 0)
                if rows1 * rows2 <= 1 << 22 {
                    var table = [Double](repeating: 0, count: rows1 * rows2)
                    for r in 0..<n {
                        let i = index(k1, r), j = index(k2, r)
                        if i >= 0 && j >= 0 { table[(i - offsets[k1]) * rows2 + (j - offsets[k2])] += 1 }
                    }
                    for (cell, count) in table.enumerated() where count != 0 {
                        pairs.append((Int32(offsets[k1] + cell / rows2), Int32(offsets[k2] + cell % rows2), count))
                    }
                } else {
                    var table: [Int64: Double] = [:]
                    for r in 0..<n {
                        let i = index(k1, r), j = index(k2, r)
                        if i >= 0 && j >= 0 { table[Int64(i) << 32 | Int64(j), default: 0] += 1 }
                    }
                    for (key, count) in table { pairs.append((Int32(key >> 32), Int32(key & 0xFFFF_FFFF), count)) }
                }
            }
        }
        var columnCounts = [Int](repeating: 1, count: dimension)  // the diagonal
        for (i, j, _) in pairs { columnCounts[Int(i)] += 1; columnCounts[Int(j)] += 1 }
        var mStarts = [Int32](repeating: 0, count: dimension + 1)
        for c in 0..<dimension { mStarts[c + 1] = mStarts[c] + Int32(columnCounts[c]) }
        var fill = mStarts.dropLast().map(Int.init)
        var mRows = [Int32](repeating: 0, count: Int(mStarts[dimension]))
        var mValues = [Double](repeating: 0, count: mRows.count)
        func put(_ row: Int, _ column: Int, _ value: Double) { mRows[fill[column]] = Int32(row); mValues[fill[column]] = value; fill[column] += 1 }
        for c in 0..<dimension { put(c, c, diagonal[c]) }
        for (i, j, count) in pairs { put(Int(i), Int(j), count); put(Int(j), Int(i), count) }
        pairs = []

        // B = Cᵀ: one column per group, counts / √n_g (duplicates combined).
        var bStarts: [Int32] = [0], bRows: [Int32] = [], bValues: [Double] = []
        var scratch = [Double](repeating: 0, count: dimension)
        var touched: [Int] = []
        for g in 0..<groups {
            let size = starts[g + 1] - starts[g]
            for p in starts[g]..<starts[g + 1] {
                let r = Int(order[p])
                for k in others.indices {
                    let i = index(k, r)
                    if i >= 0 { if scratch[i] == 0 { touched.append(i) }; scratch[i] += 1 }
                }
            }
            let w = 1 / Double(size).squareRoot()
            for i in touched { bRows.append(Int32(i)); bValues.append(scratch[i] * w); scratch[i] = 0 }
            touched.removeAll(keepingCapacity: true)
            bStarts.append(Int32(bRows.count))
        }
        let factor = try SparseCholesky(
            symmetric: SparseColumns(rows: dimension, columnStarts: mStarts, rowIndices: mRows, values: mValues),
            minusGramOf: SparseColumns(rows: dimension, columnStarts: bStarts, rowIndices: bRows, values: bValues),
            maximumFlops: Self.directFlopLimit)

        let inverseSizes = inverseCounts[eliminated]
        func demeanGroups(_ v: inout [Double]) {
            var sums = [Double](repeating: 0, count: groups)
            for r in 0..<n { sums[Int(groupCodes[r])] += v[r] }
            for g in 0..<groups { sums[g] *= inverseSizes[g] }
            for r in 0..<n { v[r] -= sums[Int(groupCodes[r])] }
        }
        // Right-hand sides D_Rᵀ M_I v for every column, solved together.
        var rhs = Matrix(rows: dimension, columns: columns.count)
        for j in columns.indices {
            demeanGroups(&columns[j])
            columns[j].withUnsafeBufferPointer { v in
                rhs.elements.withUnsafeMutableBufferPointer { b in
                    let base = j * dimension
                    for r in 0..<n {
                        for k in others.indices { let i = index(k, r); if i >= 0 { b[base + i] += v[r] } }
                    }
                }
            }
        }
        let solution = try factor.solve(rhs)
        for j in columns.indices {
            columns[j].withUnsafeMutableBufferPointer { v in
                solution.elements.withUnsafeBufferPointer { x in
                    let base = j * dimension
                    for r in 0..<n {
                        var z = 0.0
                        for k in others.indices { let i = index(k, r); if i >= 0 { z += x[base + i] } }
                        v[r] -= z
                    }
                }
            }
            demeanGroups(&columns[j])
        }
    }
}
