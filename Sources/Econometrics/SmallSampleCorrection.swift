/// The small-sample correction of a covariance estimate, as a value: fixest's
/// `ssc(adj, fixef.K, cluster.adj, cluster.df)` with pyfixest's names
/// (`ssc(k_adj, k_fixef, G_adj, G_df)`, pyfixest 0.60 `utils.get_ssc`; Bergé 2018,
/// fixest vignette "On standard errors").
///
/// With K the number of parameters counted by `fixedEffects`, N observations and
/// G clusters, the covariance is multiplied by
/// - iid: `(N − 1)/(N − K)` when `adjustForParameters` (σ̂² = RSS/(N − 1) before it,
///   so the product is the usual RSS/(N − K));
/// - HC1 ("hetero"): `N/(N − K)` when `adjustForParameters` (without it: HC0);
/// - clustered: `(N − 1)/(N − K)` when `adjustForParameters`, times `G/(G − 1)` when
///   `adjustForClusters`, with G each term's own count (`conventional`) or the smallest
///   count of the clusterings (`minimum`) in the two-way sum `V₁ + V₂ − V₁₂`.
/// The t statistics have `N − K` degrees of freedom (iid, HC1) or `min G − 1` (clustered).
/// HC0, HC2 and HC3 are defined without a correction (MacKinnon & White 1985) and ignore it.
public struct SmallSampleCorrection: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How fixed-effect parameters count in K (fixest `fixef.K`).
    public enum FixedEffectCount: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not at all: K = the regressors.
        case none
        /// All of them except those nested in a cluster (each fully nested effect keeps one):
        /// fixest's and pyfixest's default.
        case nonnested
        /// All of them: levels − (number of fixed effects − 1).
        case full
    }

    /// Which G the cluster factor G/(G − 1) uses in two-way clustering (fixest `cluster.df`).
    public enum ClusterCount: String, Sendable, Hashable, Codable, CaseIterable {
        /// The smallest number of clusters for every term (fixest's and pyfixest's default).
        case minimum = "min"
        /// Each term its own number of clusters.
        case conventional
    }

    /// fixest `adj` / pyfixest `k_adj`.
    public var adjustForParameters: Bool
    /// fixest `fixef.K` / pyfixest `k_fixef`.
    public var fixedEffects: FixedEffectCount
    /// fixest `cluster.adj` / pyfixest `G_adj`.
    public var adjustForClusters: Bool
    /// fixest `cluster.df` / pyfixest `G_df`.
    public var clusterCount: ClusterCount

    /// A correction; by default fixest's (``fixest``).
    /// - Parameters:
    ///   - adjustForParameters: apply `(N − 1)/(N − K)` (`N/(N − K)` for HC1).
    ///   - fixedEffects: how fixed-effect parameters count in K.
    ///   - adjustForClusters: apply `G/(G − 1)` to clustered covariances.
    ///   - clusterCount: which G that factor uses in two-way clustering.
    public init(
        adjustForParameters: Bool = true, fixedEffects: FixedEffectCount = .nonnested,
        adjustForClusters: Bool = true, clusterCount: ClusterCount = .minimum
    ) {
        self.adjustForParameters = adjustForParameters
        self.fixedEffects = fixedEffects
        self.adjustForClusters = adjustForClusters
        self.clusterCount = clusterCount
    }

    /// fixest's and pyfixest's default, `ssc(k_adj=True, k_fixef="nonnested", G_adj=True, G_df="min")`.
    public static let fixest = SmallSampleCorrection()
    /// No correction at all (HC0-like sandwich, RSS/(N − 1) for iid as in pyfixest).
    public static let uncorrected = SmallSampleCorrection(
        adjustForParameters: false, fixedEffects: .none,
        adjustForClusters: false, clusterCount: .conventional)

    /// The correction in pyfixest's words: `k_adj=true,k_fixef=nonnested,G_adj=true,G_df=min`.
    public var description: String {
        "k_adj=\(adjustForParameters),k_fixef=\(fixedEffects.rawValue),G_adj=\(adjustForClusters),G_df=\(clusterCount.rawValue)"
    }

    /// The kinds of covariance the correction distinguishes.
    enum Kind { case iid, heteroskedastic, clustered }

    /// K: the regressors plus the fixed-effect parameters this correction counts.
    /// - Parameters:
    ///   - regressors: estimated coefficients (after collinear columns are dropped).
    ///   - fixedEffectLevels: the levels of each absorbed fixed effect.
    ///   - nested: for each fixed effect, whether it is nested in a cluster of the covariance.
    func parameterCount(regressors k: Int, fixedEffectLevels levels: [Int], nested: [Bool]) -> Int {
        guard !levels.isEmpty else { return k }
        // One level of every fixed effect but the first is the same parameter as the first's (they are collinear).
        let all = levels.reduce(0, +) - (levels.count - 1)
        switch fixedEffects {
        case .none: return k
        case .full: return k + all
        case .nonnested:
            let nestedLevels = zip(levels, nested).filter(\.1).map(\.0).reduce(0, +)
            let nestedCount = nested.filter { $0 }.count
            return nestedCount == 0 ? k + all : k + all - nestedLevels + nestedCount
        }
    }

    /// The factor a covariance term is multiplied by.
    /// - Parameters:
    ///   - kind: iid, HC1 or clustered.
    ///   - observations: N.
    ///   - parameters: K from ``parameterCount(regressors:fixedEffectLevels:nested:)``.
    ///   - clusters: for a clustered term, this term's number of clusters and the smallest of all terms.
    func factor(_ kind: Kind, observations n: Int, parameters k: Int, clusters: (term: Int, smallest: Int)? = nil) -> Double {
        let N = Double(n), K = Double(k)
        var factor = 1.0
        if adjustForParameters { factor = kind == .heteroskedastic ? N / (N - K) : (N - 1) / (N - K) }
        if kind == .clustered, adjustForClusters, let clusters {
            let g = Double(clusterCount == .minimum ? clusters.smallest : clusters.term)
            factor *= g / (g - 1)
        }
        return factor
    }

    enum CodingKeys: String, CodingKey {
        case adjustForParameters = "k_adj", fixedEffects = "k_fixef", adjustForClusters = "G_adj", clusterCount = "G_df"
    }
}
