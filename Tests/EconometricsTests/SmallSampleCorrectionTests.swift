import DataIO
import Econometrics
import Foundation
import Testing
import _TestSupport

/// The small-sample correction as a value: a grid of every `ssc(k_adj, k_fixef, G_adj, G_df)`
/// against pyfixest 0.60 (References/produc_ssc_pyfixest.py, 144 cases) and against the
/// factors written out by hand.
@Suite struct SmallSampleCorrectionTests {
    struct Case: Decodable {
        struct SSC: Decodable { let k_adj: Bool; let k_fixef: String; let G_adj: Bool; let G_df: String }
        let model: String, formula: String, vcov: String
        let ssc: SSC
        let df_t: Int
        let std_error: [String: Double]
    }

    static func cases() throws -> [Case] {
        struct Root: Decodable { let cases: [Case] }
        let data = try Data(contentsOf: URL(fileURLWithPath: repositoryPath("Tests/EconometricsTests/References/produc_ssc_pyfixest.json")))
        return try JSONDecoder().decode(Root.self, from: data).cases
    }

    static func correction(_ s: Case.SSC) throws -> SmallSampleCorrection {
        SmallSampleCorrection(
            adjustForParameters: s.k_adj, fixedEffects: try #require(.init(rawValue: s.k_fixef)),
            adjustForClusters: s.G_adj, clusterCount: try #require(.init(rawValue: s.G_df)))
    }

    @Test func gridEqualsPyfixest() throws {
        let data = try producData()
        let cases = try Self.cases()
        #expect(cases.count == 144)
        var fits: [String: RegressionResult] = [:]
        for c in cases {
            let ssc = try Self.correction(c.ssc)
            let base: RegressionResult
            if let fit = fits[c.model] {
                base = fit
            } else {
                base = try LinearModel.fit(Formula(c.formula), data: data, options: EstimationOptions(covariance: CovarianceEstimator(parsing: c.vcov)))
                fits[c.model] = base
            }
            // Another correction on the same fit (no refit), and the same from a fresh fit: both equal pyfixest.
            let fit = try base.with(covariance: base.covarianceEstimator, smallSample: ssc, data: data)
            let fresh = try LinearModel.fit(Formula(c.formula), data: data, options: EstimationOptions(covariance: base.covarianceEstimator, smallSample: ssc))
            #expect(fit.dfResidual == c.df_t, "\(c.model) \(ssc)")
            #expect(fit.smallSampleCorrection == ssc)
            for coefficient in fit.coefficients {
                let name = coefficient.name == "(Intercept)" ? "Intercept" : coefficient.name
                let reference = try #require(c.std_error[name], "\(name)")
                #expect(relativeError(coefficient.standardError, reference) < Tolerance.standardError, "\(c.model) \(ssc) \(name)")
                #expect(coefficient.standardError == fresh.coefficient(coefficient.name)?.standardError, "\(c.model) \(ssc) \(name) refit")
            }
        }
    }

    /// One-way clustering by state with state effects (nested in the cluster), N = 816, k = 4, G = 48:
    /// K counts the 48 state levels as one under "nonnested", 48 under "full", none under "none".
    @Test func clusteredFactorsEqualTheHandFormulas() throws {
        let data = try producData()
        let formula = try Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state")
        let raw = try LinearModel.fit(formula, data: data, options: EstimationOptions(covariance: .clustered(["state"]), smallSample: .uncorrected))
        let n = 816.0, g = 48.0
        let expected: [(SmallSampleCorrection, Double)] = [
            (.fixest, (n - 1) / (n - 5) * g / (g - 1)),
            (SmallSampleCorrection(fixedEffects: .full), (n - 1) / (n - 52) * g / (g - 1)),
            (SmallSampleCorrection(fixedEffects: .none), (n - 1) / (n - 4) * g / (g - 1)),
            (SmallSampleCorrection(adjustForClusters: false), (n - 1) / (n - 5)),
            (SmallSampleCorrection(adjustForParameters: false), g / (g - 1)),
        ]
        for (ssc, factor) in expected {
            let fit = try raw.with(covariance: .clustered(["state"]), smallSample: ssc, data: data)
            #expect(fit.dfResidual == 47)
            for (a, b) in zip(fit.coefficients, raw.coefficients) {
                #expect(relativeError(a.standardError * a.standardError, b.standardError * b.standardError * factor) < 1e-13, "\(ssc)")
            }
        }
    }

    /// iid without fixed effects: σ̂² = RSS/(N − K) under the default, RSS/(N − 1) without the adjustment
    /// (pyfixest's convention); HC1 is HC0 times N/(N − K).
    @Test func iidAndHeteroskedasticFactors() throws {
        let data = try producData()
        let formula = try Formula("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp")
        let adjusted = try LinearModel.fit(formula, data: data)
        let plain = try adjusted.with(covariance: .iid, smallSample: .uncorrected, data: data)
        let n = 816.0, k = 5.0
        #expect(
            relativeError(
                adjusted.coefficients[1].standardError * adjusted.coefficients[1].standardError * (n - k) / (n - 1),
                plain.coefficients[1].standardError * plain.coefficients[1].standardError) < 1e-13)
        let hc1 = try adjusted.with(covariance: .heteroskedastic, data: data)
        let hc0 = try adjusted.with(covariance: .heteroskedasticVariant(.hc0), data: data)
        let hc1Plain = try adjusted.with(covariance: .heteroskedastic, smallSample: .uncorrected, data: data)
        for j in hc1.coefficients.indices {
            #expect(relativeError(hc1.coefficients[j].standardError, hc0.coefficients[j].standardError * (n / (n - k)).squareRoot()) < 1e-13)
            #expect(relativeError(hc1Plain.coefficients[j].standardError, hc0.coefficients[j].standardError) < 1e-13)
        }
    }

    /// A result refuses a frame other than the one it was fitted on (its rows are indices into that frame).
    @Test func anotherFrameIsRefused() throws {
        let data = try producData()
        let fit = try LinearModel.fit(Formula("log(gsp) ~ log(pcap) + unemp"), data: data)
        let other = DataFrame(rowCount: 10, numbers: [:], categories: ["state": .init(codes: Array(repeating: 0, count: 10), levels: ["a"])])
        #expect(throws: EstimationError.dataMismatch(expectedRows: 816, rows: 10)) {
            try fit.with(covariance: .clustered(["state"]), data: other)
        }
    }
}
