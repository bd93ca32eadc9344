import Foundation
import Tabular

/// How the covariance of the coefficients is estimated. Parsed once from the
/// command line (`iid`, `hc1`, `cluster:COL`, `cluster:COL1+COL2`).
///
/// Small-sample adjustments follow fixest's defaults as implemented by pyfixest
/// (`ssc(k_adj=True, k_fixef="nonnested", G_adj=True, G_df="min")`):
/// - iid: `σ̂²(X'X)⁻¹`, `σ̂² = RSS/(N − K)`;
/// - HC1: `N/(N − K) · (X'X)⁻¹ (Σ û²ᵢ xᵢxᵢ') (X'X)⁻¹` (White 1980; MacKinnon & White 1985);
/// - clustered (CRV1; Liang & Zeger 1986, Cameron, Gelbach & Miller 2011 for two
///   ways, `V₁ + V₂ − V₁₂`): each term times `G/(G−1) · (N−1)/(N−K)` with G the
///   smallest number of clusters; fixed effects nested in a cluster are not counted in K.
/// K = regressors + fixed-effect levels − (number of fixed effects − 1).
/// t statistics use N − K degrees of freedom (iid, HC1) or G − 1 (clustered).
public enum CovarianceEstimator: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case iid
    /// HC1 (White 1980 with the N/(N − K) correction; Stata's `robust`, fixest's "hetero").
    case heteroskedastic
    /// HC0, HC2 or HC3 (MacKinnon & White 1985): squared residuals as they are (HC0), divided
    /// by 1 − hᵢ (HC2) or (1 − hᵢ)² (HC3), hᵢ the leverage of observation i. Without fixed
    /// effects only: with absorbed effects the leverages would need the effects' projection.
    case heteroskedasticVariant(HC)
    case clustered([String])

    public enum HC: Int, Sendable, Codable, Hashable { case hc0 = 0, hc2 = 2, hc3 = 3 }

    public init(parsing text: String) throws(EstimationError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "iid": self = .iid
        case "hc1", "hetero", "robust": self = .heteroskedastic
        case "hc0": self = .heteroskedasticVariant(.hc0)
        case "hc2": self = .heteroskedasticVariant(.hc2)
        case "hc3": self = .heteroskedasticVariant(.hc3)
        default:
            if t.lowercased().hasPrefix("cluster:") {
                let names = t.dropFirst("cluster:".count).split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
                guard (1...2).contains(names.count), names.allSatisfy({ !$0.isEmpty }) else {
                    throw .invalidOption("\(Setting.vcov.reference) cluster: takes one or two columns, as cluster:province or cluster:firm+year.")
                }
                self = .clustered(names)
            } else {
                throw .invalidOption("\(Setting.vcov.reference) must be iid, hc1 or cluster:COLUMN (two-way: cluster:A+B; also hc0, hc2, hc3 without fixed effects); got '\(text)'.")
            }
        }
    }

    /// Encoded as its text (`iid`, `hc1`, `cluster:state`), the `vcov` of the JSON contract.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try CovarianceEstimator(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.libraryMessage)
        }
    }

    public var description: String {
        switch self {
        case .iid: "iid"
        case .heteroskedastic: "hc1"
        case .heteroskedasticVariant(let hc): "hc\(hc.rawValue)"
        case .clustered(let names): "cluster:" + names.joined(separator: "+")
        }
    }
}
