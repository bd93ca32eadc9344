import DataIO
import Econometrics
import Foundation
import Testing
import _TestSupport

/// Issue 8, the regression engine: each test is a defect of the trust review.
@Suite struct EstimationTrustTests {
    /// A small frame: x = 1…n, a fixed effect with four groups and an optional missing marker.
    func frame(_ n: Int = 40, y: (Double) -> Double, missingFE: Set<Int> = [], missingText: String = "NA") -> DataFrame {
        let x = (1...n).map(Double.init)
        var levels = ["g0", "g1", "g2", "g3", missingText]
        levels = Array(levels.prefix(5))
        let codes = (0..<n).map { missingFE.contains($0) ? Int32(4) : Int32($0 % 4) }
        // A small deterministic wiggle so that the fit is not exact where it should not be.
        let wiggle = (0..<n).map { Double(($0 * 7919) % 13) / 13.0 - 0.5 }
        return DataFrame(
            rowCount: n, numbers: ["x": x, "y": zip(x, wiggle).map { y($0) + 0.01 * $1 }, "yexact": x.map(y)],
            categories: ["fe": .init(codes: codes, levels: levels), "one": .init(codes: [Int32](repeating: 0, count: n), levels: ["all"])])
    }

    @Test func unaryMinusBindsLessTightlyThanPower() throws {
        // R: lm(y ~ I(-x^2)) with y = 2 − 0.5·x² exactly gives I(-x^2) = 0.5 (-(x^2), not (-x)^2 = x²).
        let fit = try LinearModel.fit(Formula("yexact ~ I(-x^2)"), data: frame(y: { 2 - 0.5 * $0 * $0 }))
        #expect(abs(try #require(fit.coefficient("I(-x^2)")).estimate - 0.5) < 1e-12)
        let power = try Formula("y ~ I(x^2^3) + I(2^-1 * x) + I(-2^2 + x)")
        #expect(power.terms[0].factors[0] == .binary("^", .column("x"), .binary("^", .number(2), .number(3))))
        #expect(power.terms[1].factors[0] == .binary("*", .binary("^", .number(2), .negate(.number(1))), .column("x")))
        #expect(power.terms[2].factors[0] == .binary("+", .negate(.binary("^", .number(2), .number(2))), .column("x")))
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        for depth in [201, 20_000] {
            let text = "y ~ " + String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
            #expect(throws: EstimationError.self) { try Formula(text) }
            let minus = "y ~ I(" + String(repeating: "-", count: depth) + "x)"
            #expect(throws: EstimationError.self) { try Formula(minus) }
        }
        #expect((try? Formula("y ~ " + String(repeating: "(", count: 150) + "x" + String(repeating: ")", count: 150))) != nil)
        for bad in ["", "~", "y ~", "~ x", "y ~ x |", "y ~ x | | fe", "y ~ log(x", "y ~ foo(x)", "y ~ x ++ z", "y ~ ١٢", "y ~ I(1e999 * x)"] {
            #expect(throws: EstimationError.self, "\(bad)") { try Formula(bad) }
        }
    }

    @Test func tolerancesAndLimitsAreBounded() throws {
        let data = frame(y: { 1 + 2 * $0 })
        for tolerance in [0, -1, .nan, .infinity, 1e-300, 0.5] {
            #expect(throws: EstimationError.self, "\(tolerance)") {
                try LinearModel.fit(Formula("y ~ x | fe"), data: data, options: EstimationOptions(tolerance: tolerance, fixedEffectMethod: .conjugateGradient))
            }
        }
        #expect(throws: EstimationError.self) { try LinearModel.fit(Formula("y ~ x | fe"), data: data, options: EstimationOptions(maxIterations: 0)) }
        // Every method gives the same slope at a sound tolerance.
        let map = try LinearModel.fit(Formula("y ~ x | fe"), data: data, options: EstimationOptions(fixedEffectMethod: .alternatingProjections))
        let cg = try LinearModel.fit(Formula("y ~ x | fe"), data: data, options: EstimationOptions(tolerance: 1e-14, fixedEffectMethod: .conjugateGradient))
        #expect(relativeError(try #require(cg.coefficient("x")).estimate, try #require(map.coefficient("x")).estimate) < 1e-9)
    }

    @Test func unsupportedClusteringsAreRefused() throws {
        let data = frame(y: { 1 + 2 * $0 })
        for names in [[String](), ["fe", "one", "x"], ["fe", "fe"], [""]] {
            #expect(throws: EstimationError.self, "\(names)") {
                try LinearModel.fit(Formula("y ~ x"), data: data, options: EstimationOptions(covariance: .clustered(names)))
            }
            let fit = try LinearModel.fit(Formula("y ~ x"), data: data)
            #expect(throws: EstimationError.self, "\(names)") { try fit.with(covariance: .clustered(names), data: data) }
        }
        // One cluster: G/(G−1) is undefined.
        #expect(throws: EstimationError.self) {
            try LinearModel.fit(Formula("y ~ x"), data: data, options: EstimationOptions(covariance: .clustered(["one"])))
        }
        #expect(throws: EstimationError.self) { try CovarianceEstimator(parsing: "cluster:a+b+c") }
        #expect(throws: EstimationError.self) { try CovarianceEstimator(parsing: "cluster:") }
    }

    @Test(arguments: ["NA", "", ".", "NaN", "NULL"])
    func missingFixedEffectAndClusterKeysDropRowsAsRAndFixestDo(marker: String) throws {
        // fixest::feols drops observations whose fixed effect or cluster is NA ("NOTE: 3
        // observations removed because of NA values"); the fit equals the fit on the other rows.
        let missing: Set<Int> = [3, 17, 29]
        let withMarker = frame(y: { 1 + 2 * $0 }, missingFE: missing, missingText: marker)
        let fit = try LinearModel.fit(Formula("y ~ x | fe"), data: withMarker, options: EstimationOptions(covariance: .clustered(["fe"])))
        #expect(fit.nobs == 37)
        #expect(fit.droppedRows == [.missingKey(column: "fe"): 3])
        #expect(fit.fixedEffects.first?.levels == 4)
        // The same rows removed by hand.
        let keep = (0..<40).filter { !missing.contains($0) }
        let full = frame(y: { 1 + 2 * $0 })
        let reduced = DataFrame(
            rowCount: keep.count, numbers: full.numbers.mapValues { v in keep.map { v[$0] } },
            categories: full.categories.mapValues { c in .init(codes: keep.map { c.codes[$0] }, levels: c.levels) })
        let byHand = try LinearModel.fit(Formula("y ~ x | fe"), data: reduced, options: EstimationOptions(covariance: .clustered(["fe"])))
        let a = try #require(fit.coefficient("x")), b = try #require(byHand.coefficient("x"))
        #expect(relativeError(a.estimate, b.estimate) < 1e-12)
        #expect(relativeError(a.standardError, b.standardError) < 1e-12)
        // As a cluster only: the same rows are dropped.
        let clusteredOnly = try LinearModel.fit(Formula("y ~ x"), data: withMarker, options: EstimationOptions(covariance: .clustered(["fe"])))
        #expect(clusteredOnly.droppedRows == [.missingKey(column: "fe"): 3])
    }

    @Test func nonFiniteValuesAreDroppedAndCounted() throws {
        var data = frame(y: { 1 + 2 * $0 })
        data.numbers["y"]![5] = .infinity
        data.numbers["x"]![6] = 1e200  // x² overflows to infinity in I(x^2)
        let fit = try LinearModel.fit(Formula("y ~ x + I(x^2)"), data: data)
        #expect(fit.nobs == 38)
        #expect(fit.droppedRows == [.nonFiniteValue(term: "y"): 1, .nonFiniteValue(term: "I(x^2)"): 1])
    }
}

/// Issue 8, "How to make it last": seeded mutations of real formulas (the README's and
/// the presets'): a Formula or an EstimationError, never a trap or a stack overflow.
@Suite struct FormulaFuzzTests {
    @Test func mutatedFormulasParseOrFailCleanly() {
        let seeds = [
            "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state",
            "log(output) ~ log(capital) + log(employment) + I(log(capital)^2) + log(capital):log(employment) | region + year",
            "y ~ x1 + I(-x1^2) + I(2^-1 * x2) - 1",
            "`GRDP 2010` ~ sqrt(abs(x)) + exp(log10(z)) | fe1 + fe2",
        ].map { Array($0.utf8) }
        let tokens = ["(", ")", "^", "-", "~", "|", "+", ":", "I(", "`", "*", "/", "1e308", "0"].map { Array($0.utf8) }
        var mutator = Mutator(seed: 1322)
        let iterations = ProcessInfo.processInfo.environment["TFP_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 5000
        var parsed = 0
        for _ in 0..<iterations {
            let text = String(decoding: mutator.mutate(seeds[mutator.below(seeds.count)], tokens: tokens), as: UTF8.self)
            do {
                let formula = try Formula(text)
                parsed += 1
                // Parsing is a function of the text: the same text gives the same formula.
                #expect((try? Formula(formula.text)) == formula)
            } catch {
                #expect(!error.localizedDescription.isEmpty)
            }
        }
        #expect(parsed > iterations / 50 && parsed < iterations)
    }
}

/// Student's t from libRmath against scipy on a grid (References/student_t_scipy.py made the CSV).
@Suite struct StudentTGridTests {
    @Test func gridAgainstScipy() throws {
        let table = try CSVTable.read(path: repositoryPath("Tests/EconometricsTests/References/student_t_scipy.csv"))
        let t = try table.numbers(column: "t"), df = try table.numbers(column: "df"), p2 = try table.numbers(column: "two_sided_p")
        let p = try table.numbers(column: "p"), q = try table.numbers(column: "quantile")
        #expect(t.count == 54)
        for k in t.indices {
            #expect(relativeError(StudentT.twoSidedPValue(t[k], degreesOfFreedom: df[k]), p2[k]) < 1e-12, "t = \(t[k]), df = \(df[k])")
            #expect(relativeError(StudentT.quantile(p[k], degreesOfFreedom: df[k]), q[k]) < 1e-12, "p = \(p[k]), df = \(df[k])")
        }
        // Outside the domain: NaN, never a trap.
        #expect(StudentT.quantile(0, degreesOfFreedom: 5).isNaN)
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 0).isNaN)
        #expect(StudentT.twoSidedPValue(1, degreesOfFreedom: -1).isNaN)
        #expect(abs(StudentT.twoSidedPValue(1.959963984540054, degreesOfFreedom: .infinity) - 0.05) < 1e-15)
    }
}

/// HC0/HC1/HC2/HC3 against statsmodels 0.15.0 (References/produc_hc_statsmodels.py).
@Suite struct HeteroskedasticVariantTests {
    @Test(arguments: [("hc0", 2), ("hc1", 3), ("hc2", 4), ("hc3", 5)])
    func standardErrorsEqualStatsmodels(vcov: String, column: Int) throws {
        let reference = try CSVTable.read(path: repositoryPath("Tests/EconometricsTests/References/produc_hc_statsmodels.csv"))
        let fit = try LinearModel.fit(
            Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp"), data: producData(),
            options: EstimationOptions(covariance: try CovarianceEstimator(parsing: vcov)))
        for row in reference.rows {
            let c = try #require(fit.coefficient(row[0]))
            #expect(relativeError(c.estimate, Double(row[1])!) < 1e-12, "\(row[0])")
            #expect(relativeError(c.standardError, Double(row[column])!) < 1e-10, "\(vcov) \(row[0])")
        }
    }

    @Test func hc2AndHc3RefuseAbsorbedFixedEffects() throws {
        #expect(throws: EstimationError.self) {
            try LinearModel.fit(
                Formula("log(gsp) ~ log(pcap) | state"), data: producData(),
                options: EstimationOptions(covariance: try CovarianceEstimator(parsing: "hc3")))
        }
    }
}
