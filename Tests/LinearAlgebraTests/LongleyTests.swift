import DataIO
import Foundation
import LinearAlgebra
import Testing
import _TestSupport

/// NIST StRD "Longley" (higher difficulty): certified values to 15 significant
/// digits, Datasets/certified/nist_longley_certified.txt.
@Suite struct LongleyTests {
    static let certifiedCoefficients: [Double] = [
        -3482258.63459582, 15.0618722713733, -0.358191792925910E-01, -2.02022980381683,
        -1.03322686717359, -0.511041056535807E-01, 1829.15146461355,
    ]
    static let certifiedStandardErrors: [Double] = [
        890420.383607373, 84.9149257747669, 0.334910077722432E-01, 0.488399681651699,
        0.214274163161675, 0.226073200069370, 455.478499142212,
    ]
    static let certifiedRSS = 836424.055505915
    /// At least 9 significant digits, as the issue requires.
    static let relativeTolerance = 1e-9

    func longley() throws -> (Matrix, [Double]) {
        let table = try CSVTable.read(path: repositoryPath("Datasets/certified/nist_longley.csv"))
        let y = try table.numbers(column: "y")
        var columns = [[Double](repeating: 1, count: y.count)]
        for name in ["x1", "x2", "x3", "x4", "x5", "x6"] { columns.append(try table.numbers(column: name)) }
        return (try Matrix(columns: columns), y)
    }

    @Test func coefficientsAndStandardErrorsMatchCertifiedValues() throws {
        let (x, y) = try longley()
        let fit = try LeastSquares.solve(x, y)
        #expect(fit.droppedColumns.isEmpty)
        let df = Double(y.count - fit.rank)
        let sigma2 = fit.residualSumOfSquares / df
        for j in 0..<7 {
            let b = try #require(fit.coefficients[j])
            #expect(relativeError(b, Self.certifiedCoefficients[j]) < Self.relativeTolerance, "B\(j) = \(b)")
            let se = (sigma2 * fit.inverseCrossProduct[j, j]).squareRoot()
            #expect(relativeError(se, Self.certifiedStandardErrors[j]) < Self.relativeTolerance, "se B\(j) = \(se)")
        }
        #expect(relativeError(fit.residualSumOfSquares, Self.certifiedRSS) < Self.relativeTolerance)
    }

    @Test func collinearColumnIsDroppedAndNamedInOrder() throws {
        let (x, y) = try longley()
        // Append x1 + 2·x2 (exactly collinear): the new, later column must be dropped.
        let combo = zip(x.column(1), x.column(2)).map { $0 + 2 * $1 }
        let augmented = try Matrix(columns: (0..<7).map { x.column($0) } + [combo])
        let fit = try LeastSquares.solve(augmented, y)
        #expect(fit.droppedColumns == [7])
        #expect(fit.coefficients[7] == nil)
        let b1 = try #require(fit.coefficients[1])
        #expect(relativeError(b1, Self.certifiedCoefficients[1]) < 1e-7)
    }

    @Test func qrAgreesWithNormalEquationsOnWellConditionedData() throws {
        var rng = SplitMix64(seed: 42)
        let n = 200
        let cols = (0..<4).map { j in (0..<n).map { _ in j == 0 ? 1.0 : rng.nextGaussian() } }
        let x = try Matrix(columns: cols)
        let y = (0..<n).map { i in 1 + 2 * cols[1][i] - cols[2][i] + 0.5 * cols[3][i] + 0.1 * rng.nextGaussian() }
        let fit = try LeastSquares.solve(x, y)
        let normal = try Cholesky.solve(x.crossProduct(), Matrix(rows: 4, columns: 1, columnMajor: x.transposeTimes(y)))
        for j in 0..<4 { #expect(relativeError(fit.coefficients[j]!, normal[j, 0]) < 1e-10) }
        let inv = try Cholesky.inverse(x.crossProduct())
        for j in 0..<4 { #expect(relativeError(fit.inverseCrossProduct[j, j], inv[j, j]) < 1e-10) }
    }

    @Test func lapackInfoCodesBecomeTypedErrors() throws {
        var a = Matrix.identity(3)
        a[2, 2] = -1
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 3)) {
            try Cholesky.inverse(a)
        }
        #expect(throws: LinearAlgebraError.notFinite("the response")) {
            try LeastSquares.solve(Matrix.identity(2), [1, .nan])
        }
        // Every value finite, the norm beyond the largest double: refused, not scaled to zeros and dropped as collinear.
        let huge = try Matrix(columns: [[1.7e308, 1.7e308, 1, 2], [1, 2, 3, 5]])
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(huge, [1, 2, 3, 4]) }
    }
}

/// Issue 8: nothing non-finite reaches LAPACK.
@Suite struct CholeskyTrustTests {
    @Test func nonFiniteInputIsRefusedBeforeLAPACK() throws {
        let a = try Matrix(rows: 2, columns: 2, columnMajor: [4, 1, 1, 3])
        let b = try Matrix(rows: 2, columns: 1, columnMajor: [1, 2])
        // The finite case: [[4,1],[1,3]] x = [1,2] gives x = (1/11, 7/11).
        let x = try Cholesky.solve(a, b)
        #expect(abs(x.elements[0] - 1.0 / 11) < 1e-15 && abs(x.elements[1] - 7.0 / 11) < 1e-15)
        let bad = try Matrix(rows: 2, columns: 2, columnMajor: [4, .nan, .nan, 3])
        #expect(throws: LinearAlgebraError.self) { try Cholesky.solve(bad, b) }
        #expect(throws: LinearAlgebraError.self) { try Cholesky.inverse(bad) }
        #expect(throws: LinearAlgebraError.self) { try Cholesky.solve(a, try Matrix(rows: 2, columns: 1, columnMajor: [.infinity, 1])) }
    }
}
