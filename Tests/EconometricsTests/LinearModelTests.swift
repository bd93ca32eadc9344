import DataIO
import Econometrics
import Foundation
import LinearAlgebra
import Testing
import _TestSupport

let produc = repositoryPath("Datasets/international/us_states_produc_1970_1986.csv")

func producData() throws -> DataFrame {
    var frame = try DataFrame.read(path: produc, numeric: ["gsp", "pcap", "pc", "emp", "unemp", "year"], categorical: ["state", "region", "year"])
    frame.categories["year_fe"] = frame.categories["year"]
    return frame
}

@Suite struct ReferenceToolTests {

    /// R plm 2.6.2, one-way within estimator (References/produc_plm.R).
    @Test func withinEstimatesEqualPlm() throws {
        let text = try String(contentsOfFile: repositoryPath("Tests/EconometricsTests/References/produc_plm.txt"), encoding: .utf8)
        var reference: [String: (Double, Double)] = [:]
        var r2Within = 0.0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: " ")
            if f[0] == "r2_within" { r2Within = Double(f[1])! } else if f[0] != "nobs" { reference[String(f[0])] = (Double(f[1])!, Double(f[2])!) }
        }
        let fit = try LinearModel.fit(Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state"), data: producData())
        #expect(fit.nobs == 816)
        #expect(reference.count == 4)
        for (name, (estimate, se)) in reference {
            let c = try #require(fit.coefficient(name))
            #expect(relativeError(c.estimate, estimate) < Tolerance.coefficient, "\(name)")
            #expect(relativeError(c.standardError, se) < Tolerance.standardError, "\(name)")
        }
        #expect(abs(fit.r2Within! - r2Within) < 1e-10)
    }

    /// pyfixest 0.60 feols on the same panel (References/produc_pyfixest.py).
    @Test(arguments: [
        ("oneway_iid", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", "iid"),
        ("oneway_hc1", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", "hc1"),
        ("oneway_cluster_state", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", "cluster:state"),
        ("twoway_cluster_region", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year_fe", "cluster:region"),
        ("twoway_cluster_state_year", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year_fe", "cluster:state+year_fe"),
        ("ols_hc1", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp + I(unemp^2)", "hc1"),
        ("ols_cluster_region", "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp", "cluster:region"),
    ])
    func matchesPyfixest(key: String, formula: String, vcov: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryPath("Tests/EconometricsTests/References/produc_pyfixest.json")))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let model = try #require((root["models"] as? [String: Any])?[key] as? [String: Any])
        let reference = try #require(model["coefficients"] as? [String: [String: Double]])
        let fit = try LinearModel.fit(Formula(formula), data: producData(), options: EstimationOptions(covariance: CovarianceEstimator(parsing: vcov)))
        #expect(fit.nobs == model["nobs"] as? Int)
        #expect(fit.dfResidual == model["df_t"] as? Int)
        #expect(reference.count == fit.coefficients.count)
        for c in fit.coefficients {
            let pyName = c.name == "(Intercept)" ? "Intercept" : c.name.replacingOccurrences(of: "^", with: " ** ")
            let r = try #require(reference[pyName], "\(pyName) not in \(reference.keys)")
            #expect(relativeError(c.estimate, r["estimate"]!) < Tolerance.coefficient, "\(key) \(c.name)")
            #expect(relativeError(c.standardError, r["std_error"]!) < Tolerance.standardError, "\(key) \(c.name) se")
            #expect(abs(c.p - r["p"]!) < Tolerance.pValue, "\(key) \(c.name) p")
        }
        #expect(abs(fit.r2 - (model["r2"] as! Double)) < 1e-10)
        if let within = model["r2_within"] as? Double { #expect(abs(fit.r2Within! - within) < 1e-10) }
    }
}

@Suite struct EquivalenceTests {
    /// A small unbalanced panel with two fixed effects, seeded.
    func panel(seed: UInt64) -> DataFrame {
        var rng = SplitMix64(seed: seed)
        var firm: [Int32] = [], year: [Int32] = [], x1: [Double] = [], x2: [Double] = [], y: [Double] = []
        for f in 0..<12 {
            for t in 0..<6 where rng.nextUniform() > 0.15 {
                firm.append(Int32(f)); year.append(Int32(t))
                let a = rng.nextGaussian(), b = rng.nextGaussian()
                x1.append(a); x2.append(b)
                y.append(0.5 * a - 0.3 * b + Double(f) * 0.2 + Double(t) * 0.1 + 0.5 * rng.nextGaussian())
            }
        }
        let firmLevels = (0..<12).map { "f\($0)" }, yearLevels = (0..<6).map { "t\($0)" }
        var numbers: [String: [Double]] = ["y": y, "x1": x1, "x2": x2]
        // Dummy columns for the explicit least-squares comparison.
        for f in 1..<12 { numbers["firm\(f)"] = firm.map { $0 == f ? 1 : 0 } }
        for t in 1..<6 { numbers["year\(t)"] = year.map { $0 == t ? 1 : 0 } }
        return DataFrame(
            rowCount: y.count, numbers: numbers,
            categories: ["firm": .init(codes: firm, levels: firmLevels), "year": .init(codes: year, levels: yearLevels)])
    }

    @Test func withinEstimatorEqualsDummyVariableRegression() throws {
        for seed: UInt64 in [1, 2, 3] {
            let data = panel(seed: seed)
            let within = try LinearModel.fit(Formula("y ~ x1 + x2 | firm + year"), data: data, options: EstimationOptions(removeSingletons: false))
            let dummies = (1..<12).map { "firm\($0)" } + (1..<6).map { "year\($0)" }
            let lsdv = try LinearModel.fit(Formula("y ~ x1 + x2 + " + dummies.joined(separator: " + ")), data: data)
            for name in ["x1", "x2"] {
                let a = try #require(within.coefficient(name)), b = try #require(lsdv.coefficient(name))
                #expect(relativeError(a.estimate, b.estimate) < 1e-9)
                // iid standard errors agree too: same RSS and the same N − K.
                #expect(relativeError(a.standardError, b.standardError) < 1e-8)
            }
            #expect(relativeError(within.residualSumOfSquares, lsdv.residualSumOfSquares) < 1e-9)
            #expect(within.parameterCount == lsdv.parameterCount)
        }
    }

    /// Both absorption methods reach the same projection (and the dummy-variable answer).
    @Test func conjugateGradientAndAlternatingProjectionsAgree() throws {
        let data = panel(seed: 5)
        let f = try Formula("y ~ x1 + x2 | firm + year")
        let map = try LinearModel.fit(f, data: data, options: EstimationOptions(removeSingletons: false, fixedEffectMethod: .alternatingProjections))
        let cg = try LinearModel.fit(f, data: data, options: EstimationOptions(removeSingletons: false, fixedEffectMethod: .conjugateGradient))
        #expect(cg.convergence.usedConjugateGradient)
        #expect(!map.convergence.usedConjugateGradient)
        for (a, b) in zip(map.coefficients, cg.coefficients) {
            #expect(relativeError(a.estimate, b.estimate) < 1e-9)
            #expect(relativeError(a.standardError, b.standardError) < 1e-8)
        }
    }

    /// The exact sparse-Cholesky projection gives the dummy-variable answer too.
    @Test func directProjectionAgreesWithAlternatingProjections() throws {
        for seed: UInt64 in [5, 6] {
            let data = panel(seed: seed)
            let f = try Formula("y ~ x1 + x2 | firm + year")
            let map = try LinearModel.fit(f, data: data, options: EstimationOptions(removeSingletons: false, fixedEffectMethod: .alternatingProjections))
            let direct = try LinearModel.fit(f, data: data, options: EstimationOptions(removeSingletons: false, fixedEffectMethod: .direct))
            #expect(direct.convergence.usedDirect)
            for (a, b) in zip(map.coefficients, direct.coefficients) {
                #expect(relativeError(a.estimate, b.estimate) < 1e-9)
                #expect(relativeError(a.standardError, b.standardError) < 1e-8)
            }
        }
    }

    /// The US-states panel with state and year effects through the direct path equals pyfixest.
    @Test func directProjectionMatchesPyfixestOnTwoWayEffects() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryPath("Tests/EconometricsTests/References/produc_pyfixest.json")))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let model = try #require((root["models"] as? [String: Any])?["twoway_cluster_region"] as? [String: Any])
        let reference = try #require(model["coefficients"] as? [String: [String: Double]])
        let fit = try LinearModel.fit(
            Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year_fe"), data: producData(),
            options: EstimationOptions(covariance: .clustered(["region"]), fixedEffectMethod: .direct))
        #expect(fit.convergence.usedDirect)
        for c in fit.coefficients {
            #expect(relativeError(c.estimate, reference[c.name]!["estimate"]!) < 1e-10)
            #expect(relativeError(c.standardError, reference[c.name]!["std_error"]!) < 1e-8)
        }
    }

    @Test func rowOrderDoesNotChangeTheFit() throws {
        let data = panel(seed: 9)
        var order = Array(0..<data.rowCount)
        var rng = SplitMix64(seed: 10)
        order.shuffle(using: &rng)
        var numbers: [String: [Double]] = [:]
        for (k, v) in data.numbers { numbers[k] = order.map { v[$0] } }
        var categories: [String: DataFrame.Categorical] = [:]
        for (k, c) in data.categories { categories[k] = .init(codes: order.map { c.codes[$0] }, levels: c.levels) }
        let shuffled = DataFrame(rowCount: data.rowCount, numbers: numbers, categories: categories)
        let options = EstimationOptions(covariance: .clustered(["firm"]))
        let a = try LinearModel.fit(Formula("y ~ x1 + x2 | firm + year"), data: data, options: options)
        let b = try LinearModel.fit(Formula("y ~ x1 + x2 | firm + year"), data: shuffled, options: options)
        for (p, q) in zip(a.coefficients, b.coefficients) {
            #expect(relativeError(p.estimate, q.estimate) < 1e-9)
            #expect(relativeError(p.standardError, q.standardError) < 1e-8)
        }
    }

    @Test func longleyThroughTheFormulaPath() throws {
        let data = try DataFrame.read(path: repositoryPath("Datasets/certified/nist_longley.csv"), numeric: ["y", "x1", "x2", "x3", "x4", "x5", "x6"], categorical: [])
        let fit = try LinearModel.fit(Formula("y ~ x1 + x2 + x3 + x4 + x5 + x6"), data: data)
        #expect(relativeError(fit.coefficient("(Intercept)")!.estimate, -3482258.63459582) < 1e-9)
        #expect(relativeError(fit.coefficient("x6")!.estimate, 1829.15146461355) < 1e-9)
        #expect(relativeError(fit.coefficient("x6")!.standardError, 455.478499142212) < 1e-9)
        #expect(relativeError(fit.r2, 0.995479004577296) < 1e-12)
        #expect(relativeError(fit.sigma, 304.854073561965) < 1e-9)
    }

    @Test func collinearRegressorIsDroppedByName() throws {
        var data = panel(seed: 4)
        data.numbers["x3"] = zip(data.numbers["x1"]!, data.numbers["x2"]!).map { $0 - 2 * $1 }
        let fit = try LinearModel.fit(Formula("y ~ x1 + x2 + x3 | firm"), data: data)
        #expect(fit.droppedColumns == ["x3"])
        #expect(fit.coefficients.map(\.name) == ["x1", "x2"])
        // A regressor constant within firms is absorbed by the firm effect.
        data.numbers["firmconst"] = data.categories["firm"]!.codes.map { Double($0) * 1.5 }
        let absorbed = try LinearModel.fit(Formula("y ~ x1 + firmconst | firm"), data: data)
        #expect(absorbed.droppedColumns == ["firmconst"])
    }

    @Test func singletonsAndInvalidRowsAreCounted() throws {
        let data = DataFrame(
            rowCount: 7, numbers: ["y": [1, 2, 3, 4, 5, 6, 8], "x": [1, 0.5, 2, -1, 3, 2.5, 4]],
            categories: ["g": .init(codes: [0, 0, 1, 1, 2, 3, 0], levels: ["a", "b", "c", "d"])])
        let fit = try LinearModel.fit(Formula("y ~ log(x) | g"), data: data)
        // Row 4 has log(−1): dropped; then levels b, c and d are singletons.
        #expect(fit.droppedRows == [.nonFiniteValue(term: "log(x)"): 1])
        #expect(fit.singletonsRemoved == 3)
        #expect(fit.nobs == 3)
    }
}

@Suite struct FormulaTests {
    @Test func parsesTermsInteractionsAndFixedEffects() throws {
        let f = try Formula("log(y) ~ x1 + log(x2) + x3:x4 + I(log(x2)^2) | fe1 + fe2")
        #expect(f.terms.map(\.name) == ["x1", "log(x2)", "x3:x4", "I(log(x2)^2)"])
        #expect(f.fixedEffects == ["fe1", "fe2"])
        #expect(!f.intercept)
        #expect(f.numericColumns == ["y", "x1", "x2", "x3", "x4"])
        #expect(try Formula("y ~ x - 1").intercept == false)
        #expect(try Formula("y ~ -1 + x").intercept == false)
        #expect(try Formula("y ~ x").intercept == true)
        #expect(try Formula("`GRDP 2010` ~ x").numericColumns == ["GRDP 2010", "x"])
    }

    @Test(arguments: [
        ("y ~ x +", 8, "expected a variable"),
        ("y x", 3, "expected '~'"),
        ("y ~ x*z", 6, "'*' between terms"),
        ("y ~ x^2", 6, "powers of terms go inside I()"),
        ("y ~ lg(x)", 5, "Unknown function 'lg'"),
        ("y ~ log(x", 10, "')' to close log("),
        ("y ~ x + x", 9, "appears twice"),
        ("y ~ x | ", 9, "fixed-effect column"),
    ])
    func syntaxErrorsNameThePosition(formula: String, position: Int, message: String) {
        do {
            _ = try Formula(formula)
            Issue.record("no error for \(formula)")
        } catch {
            let text = error.localizedDescription
            #expect(text.contains(message), "\(text)")
            #expect(text.contains("character \(position)"), "\(text)")
        }
    }

    @Test func unknownColumnIsNamed() throws {
        let data = DataFrame(rowCount: 2, numbers: ["y": [1, 2], "x": [1, 3]], categories: [:])
        #expect(throws: EstimationError.unknownColumn(name: "z", available: ["x", "y"])) {
            try LinearModel.fit(Formula("y ~ z"), data: data)
        }
    }
}

@Suite struct StudentTTests {
    /// Reference: R 4.2.2, `2*pt(-abs(t), df)` and `qt(0.975, df)`.
    @Test func pValuesAndQuantilesMatchR() {
        #expect(abs(StudentT.twoSidedPValue(2.0, degreesOfFreedom: 10) - 0.073388034770740) < 1e-13)
        #expect(abs(StudentT.twoSidedPValue(-1.0, degreesOfFreedom: 3) - 0.391002218955771) < 1e-13)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 10) - 2.228138851986274) < 1e-11)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 764) - 1.963073892894131) < 1e-11)
    }
}

/// What the issue-14 review found (helper-8, 2026-12-03): a regressor the fixed effects explain is dropped, not
/// estimated as rounding noise, and values that cannot be squared in double precision are refused.
@Suite struct ReviewTests {
    /// A column constant within each state, beside state fixed effects: pyfixest 0.60 (collin_tol 1e-10) drops it and
    /// reports the other coefficients of the model without it; so must TFPKit, with K and the standard errors of
    /// that model (whose values pyfixest's own reference pins in `ReferenceToolTests`).
    @Test func regressorExplainedByFixedEffectsIsDropped() throws {
        let data = try producData()
        let state = try #require(data.categories["state"])
        var numbers = data.numbers
        numbers["state_constant"] = state.codes.map { 0.37 * Double($0) + 1 }
        let widened = DataFrame(rowCount: data.rowCount, numbers: numbers, categories: data.categories)
        let with = try LinearModel.fit(Formula("log(gsp) ~ log(pcap) + state_constant + log(pc) + log(emp) + unemp | state + year_fe"), data: widened)
        let without = try LinearModel.fit(Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year_fe"), data: data)
        #expect(with.droppedColumns == ["state_constant"])
        #expect(with.coefficients.map(\.name) == without.coefficients.map(\.name))
        for (a, b) in zip(with.coefficients, without.coefficients) {
            #expect(relativeError(a.estimate, b.estimate) < 1e-10, "\(a.name)")
            #expect(relativeError(a.standardError, b.standardError) < 1e-10, "\(a.name)")
        }
    }

    /// 1e±150 and beyond: x² overflows or vanishes, which made a column "collinear" or its standard error 0.
    @Test(arguments: [1e300, 1e-300])
    func unsquarableValuesAreRefused(scale: Double) throws {
        var data = try producData()
        data.numbers["unemp"] = data.numbers["unemp"].map { $0.map { $0 * scale } }
        #expect(throws: EstimationError.self) {
            try LinearModel.fit(Formula("log(gsp) ~ log(pcap) + unemp | state"), data: data)
        }
        do {
            _ = try LinearModel.fit(Formula("log(gsp) ~ log(pcap) + unemp | state"), data: data)
        } catch {
            #expect(error.localizedDescription.contains("unemp") && error.localizedDescription.contains("rescale"))
        }
    }
}
