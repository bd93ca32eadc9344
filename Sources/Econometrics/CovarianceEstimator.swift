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
    /// Homoskedastic errors: `σ̂²(X'X)⁻¹`.
    case iid
    /// HC1 (White 1980 with the N/(N − K) correction; Stata's `robust`, fixest's "hetero").
    case heteroskedastic
    /// HC0, HC2 or HC3 (MacKinnon & White 1985): squared residuals as they are (HC0), divided
    /// by 1 − hᵢ (HC2) or (1 − hᵢ)² (HC3), hᵢ the leverage of observation i. Without fixed
    /// effects only: with absorbed effects the leverages would need the effects' projection.
    case heteroskedasticVariant(HC)
    /// Clustered by one or two categorical columns (CRV1; two-way `V₁ + V₂ − V₁₂`).
    case clustered([String])

    /// The heteroskedasticity-consistent variants other than HC1; the raw value is the variant's number.
    public enum HC: Int, Sendable, Codable, Hashable { case hc0 = 0, hc2 = 2, hc3 = 3 }

    /// Parses the command-line text: `iid`, `hc1` (also `hetero`, `robust`), `hc0`, `hc2`, `hc3`, `cluster:COL`
    /// or `cluster:COL1+COL2`; the words are read in any case, the column names as written.
    /// - Parameter text: the estimator's text; spaces around it and around the column names are ignored.
    /// - Throws: ``EstimationError/invalidOption(_:)`` for any other text, or a `cluster:` with no column, an empty
    ///   column name or more than two columns.
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
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: the encoder's errors.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Decodes the text form written by ``encode(to:)``.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the text is not one ``init(parsing:)`` accepts, or the decoder's errors.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try CovarianceEstimator(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.libraryMessage)
        }
    }

    /// The text form: `iid`, `hc1`, `hc0`, `hc2`, `hc3` or `cluster:A` (`cluster:A+B` for two ways).
    public var description: String {
        switch self {
        case .iid: "iid"
        case .heteroskedastic: "hc1"
        case .heteroskedasticVariant(let hc): "hc\(hc.rawValue)"
        case .clustered(let names): "cluster:" + names.joined(separator: "+")
        }
    }
}
