import DataIO
import Econometrics
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Benchmarking regions against each other: ranks, percentiles within the
/// country and within a peer group, distance to the best and to the median
/// (decomposed into capital deepening and TFP by development accounting), and
/// convergence (β and σ; Barro & Sala-i-Martin 1992, *Journal of Political Economy* 100(2)).
public enum ProvinceBenchmark {
    public enum Peers: Sendable, Equatable {
        /// The socio-economic region of the bundled reference.
        case socioEconomicRegion
        /// One user-given group (other regions are ranked in the country only).
        case list([String])
    }

    public struct Options: Sendable {
        /// Growth years compared (the level indicators are those of the last year).
        public var period: ClosedRange<Int>
        public var peers: Peers
        /// Growth-accounting options for TFP indicators (used when the panel has capital).
        public var accounting: GrowthAccountingOptions?

        public init(period: ClosedRange<Int>, peers: Peers = .socioEconomicRegion, accounting: GrowthAccountingOptions? = nil) {
            self.period = period
            self.peers = peers
            self.accounting = accounting
        }
    }

    /// One region's standing on one indicator. Rank 1 is the highest value.
    public struct Standing: Sendable, Codable, Equatable {
        public let region: String
        public let peerGroup: String?
        public let indicator: String
        public let value: Double
        public let rank: Int
        public let regions: Int
        /// Share of the other regions with a lower value (1 = best, 0 = worst).
        public let percentile: Double
        public let rankInPeers: Int?
        public let peersCount: Int?
        public let percentileInPeers: Double?
    }

    /// Labour-productivity gap to the best and to the median region, in log points,
    /// split as `ln(LP*/LP) = α·ln(k*/k) + ln(A*/A)` (k = K/L; development accounting,
    /// Caselli 2005) when capital and a capital share are available.
    public struct Gap: Sendable, Codable, Equatable {
        public let region: String
        public let versus: String
        public let logGap: Double
        public let capitalDeepening: Double?
        public let tfp: Double?
    }

    public struct SigmaConvergence: Sendable, Codable, Equatable {
        public let year: Int
        public let regions: Int
        /// Standard deviation of ln(labour productivity) across regions.
        public let dispersion: Double
    }

    public struct BetaConvergence: Sendable, Codable, Equatable {
        public let specification: String
        public let beta: Double
        public let standardError: Double
        public let p: Double
        public let nobs: Int
        /// Implied speed of convergence λ = −ln(1 + βT)/T (nil when 1 + βT ≤ 0).
        public let speed: Double?
    }

    public struct Result: Sendable {
        public let period: ClosedRange<Int>
        public let standings: [Standing]
        public let gaps: [Gap]
        public let sigma: [SigmaConvergence]
        public let beta: [BetaConvergence]
        public let diagnostics: Diagnostics
    }

    public static func compute(_ panel: Panel, reference: RegionReference?, options: Options) throws -> Result {
        let first = options.period.lowerBound, last = options.period.upperBound
        let base = first - 1
        let horizon = Double(last - base)
        var diagnostics = Diagnostics()
        let output = panel.values[.output]!, employment = panel.values[.employment]!
        let capital = panel.values[.capital]
        struct Region { let name: String; var peer: String?; var values: [String: Double] = [:]; var k: Double?; var lp: Double? }
        var regions: [Region] = []
        var lpByYear: [Int: [Double]] = [:]
        var lpStart: [String: Double] = [:]

        var accounting: [String: GrowthAccountingPeriod] = [:]
        if let options = options.accounting, capital != nil {
            var o = options
            o.period = options.period
            let r = try GrowthAccounting.compute(panel, options: o)
            for p in r.periods { accounting[p.region] = p }
            diagnostics.merge(r.diagnostics)
        }
        for s in panel.series {
            var peer: String? = nil
            switch options.peers {
            case .socioEconomicRegion: peer = reference?.resolve(s.region)?.socioEconomicRegion
            case .list(let names): peer = names.contains { RegionReference.key($0) == RegionReference.key(s.region) } ? "peers" : nil
            }
            var region = Region(name: s.label, peer: peer)
            var lpAt: [Int: Double] = [:], yAt: [Int: Double] = [:], kAt: [Int: Double] = [:]
            for r in s.rows where !output[r].isNaN && !employment[r].isNaN {
                let lp = output[r] / employment[r]
                lpAt[panel.years[r]] = lp
                yAt[panel.years[r]] = output[r]
                if let c = capital?[r], !c.isNaN { kAt[panel.years[r]] = c / employment[r] }
                lpByYear[panel.years[r], default: []].append(log(lp))
            }
            if let lp = lpAt[last] { region.values["labour_productivity"] = lp; region.lp = lp }
            if let a = lpAt[base], let b = lpAt[last] {
                region.values["labour_productivity_growth"] = pow(b / a, 1 / horizon) - 1
                lpStart[s.label] = a
            }
            if let a = yAt[base], let b = yAt[last] { region.values["output_growth"] = pow(b / a, 1 / horizon) - 1 }
            if let a = kAt[base], let b = kAt[last] { region.values["capital_deepening"] = pow(b / a, 1 / horizon) - 1 }
            region.k = kAt[last]
            if let p = accounting[s.region] {
                if let g = p.tfpGrowth { region.values["tfp_growth"] = g }
                if let share = p.tfpShare { region.values["tfp_share"] = share }
            }
            if region.values.isEmpty { diagnostics.note("\(s.label): no data for \(base) and \(last); not ranked.") }
            regions.append(region)
        }

        // Ranks and percentiles, in the country and within the peer group.
        let indicators = ["labour_productivity", "labour_productivity_growth", "output_growth", "capital_deepening", "tfp_growth", "tfp_share"]
        var standings: [Standing] = []
        for indicator in indicators {
            let ranked = regions.filter { $0.values[indicator] != nil }
            guard !ranked.isEmpty else { continue }
            func rankings(_ group: [Region]) -> [String: (Int, Double)] {
                let sorted = group.sorted { $0.values[indicator]! > $1.values[indicator]! }
                var out: [String: (Int, Double)] = [:]
                for (i, r) in sorted.enumerated() {
                    let v = r.values[indicator]!
                    let rank = 1 + sorted.prefix(i).filter { $0.values[indicator]! > v }.count   // ties share a rank
                    let lower = group.filter { $0.values[indicator]! < v }.count
                    out[r.name] = (rank, group.count > 1 ? Double(lower) / Double(group.count - 1) : 1)
                }
                return out
            }
            let country = rankings(ranked)
            var inPeers: [String: (Int, Double, Int)] = [:]
            for group in Set(ranked.compactMap(\.peer)) {
                let members = ranked.filter { $0.peer == group }
                for (name, (rank, pct)) in rankings(members) { inPeers[name] = (rank, pct, members.count) }
            }
            for r in ranked.sorted(by: { country[$0.name]!.0 < country[$1.name]!.0 }) {
                let c = country[r.name]!, p = inPeers[r.name]
                standings.append(Standing(region: r.name, peerGroup: r.peer, indicator: indicator, value: r.values[indicator]!,
                                          rank: c.0, regions: ranked.count, percentile: c.1, rankInPeers: p?.0,
                                          peersCount: p?.2, percentileInPeers: p?.1))
            }
        }

        // Gaps in labour productivity to the best and to the median.
        var gaps: [Gap] = []
        let withLP = regions.filter { $0.lp != nil }.sorted { $0.lp! > $1.lp! }
        if let best = withLP.first {
            let median = withLP[withLP.count / 2]
            let alpha: Double? = {
                if case .capitalShare(let a)? = options.accounting?.shares { return a }
                return nil
            }()
            for r in withLP {
                for (label, target) in [("best: \(best.name)", best), ("median: \(median.name)", median)] {
                    let g = log(target.lp! / r.lp!)
                    var capitalPart: Double? = nil, tfpPart: Double? = nil
                    if let alpha, let k1 = target.k, let k0 = r.k {
                        capitalPart = alpha * log(k1 / k0)
                        tfpPart = g - capitalPart!
                    }
                    gaps.append(Gap(region: r.name, versus: label, logGap: g, capitalDeepening: capitalPart, tfp: tfpPart))
                }
            }
        }

        // σ-convergence: dispersion of ln LP by year, over base…last.
        var sigma: [SigmaConvergence] = []
        for year in base...last {
            guard let v = lpByYear[year], v.count > 1 else { continue }
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
            sigma.append(SigmaConvergence(year: year, regions: v.count, dispersion: sd))
        }

        // β-convergence: average log growth on initial log productivity, with and without region effects.
        var beta: [BetaConvergence] = []
        let sample = regions.filter { lpStart[$0.name] != nil && $0.lp != nil }
        if sample.count >= 4 {
            let growth = sample.map { (log($0.lp!) - log(lpStart[$0.name]!)) / horizon }
            let initial = sample.map { log(lpStart[$0.name]!) }
            var peerLevels: [String] = []
            let peerCodes: [Int32] = sample.map { r in
                let p = r.peer ?? "(none)"
                if let i = peerLevels.firstIndex(of: p) { return Int32(i) }
                peerLevels.append(p)
                return Int32(peerLevels.count - 1)
            }
            let data = DataFrame(rowCount: sample.count, numbers: ["growth": growth, "log_lp0": initial],
                                 categories: ["peer": .init(codes: peerCodes, levels: peerLevels)])
            var specs = [("absolute: growth ~ log_lp0", "growth ~ log_lp0")]
            if peerLevels.count > 1 && peerLevels.count < sample.count - 2 {
                specs.append(("conditional on peer group: growth ~ log_lp0 | peer", "growth ~ log_lp0 | peer"))
            }
            for (name, text) in specs {
                do {
                    let fit = try LinearModel.fit(Formula(text), data: data, options: EstimationOptions(covariance: .heteroskedastic, removeSingletons: false))
                    guard let c = fit.coefficient("log_lp0") else { continue }
                    let speed: Double? = 1 + c.estimate * horizon > 0 ? -log(1 + c.estimate * horizon) / horizon : nil
                    beta.append(BetaConvergence(specification: name, beta: c.estimate, standardError: c.standardError, p: c.p, nobs: fit.nobs, speed: speed))
                } catch {
                    diagnostics.note("β-convergence (\(name)) not estimated: \(error.localizedDescription)")
                }
            }
        } else {
            diagnostics.note("β-convergence needs at least 4 regions with data for \(base) and \(last).")
        }
        diagnostics.note("Ranks have no bootstrap intervals yet: they rank published or derived values, not estimates.")
        return Result(period: options.period, standings: standings, gaps: gaps, sigma: sigma, beta: beta, diagnostics: diagnostics)
    }
}
