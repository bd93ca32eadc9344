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
        /// Capital shares drawn by a bootstrap of their estimate: ranks on TFP growth and
        /// share get 90% intervals (5th and 95th percentiles of the rank over the draws).
        public var capitalShareDraws: [Double]
        /// Whether numeric region names are statistics-office province codes ("48" = Đà Nẵng).
        /// Off by default: "1", "2", … in a firm panel are firms, not provinces.
        public var provinceCodes: Bool

        public init(
            period: ClosedRange<Int>, peers: Peers = .socioEconomicRegion, accounting: GrowthAccountingOptions? = nil,
            capitalShareDraws: [Double] = [], provinceCodes: Bool = false
        ) {
            self.period = period
            self.peers = peers
            self.accounting = accounting
            self.capitalShareDraws = capitalShareDraws
            self.provinceCodes = provinceCodes
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
        /// 90% bootstrap interval of the rank, when the value rests on an estimated capital share.
        public var rankLow: Int? = nil
        public var rankHigh: Int? = nil

        enum CodingKeys: String, CodingKey {
            case region, peerGroup = "peer_group", indicator, value, rank, regions, percentile, rankInPeers = "rank_in_peers", peersCount = "peers", percentileInPeers = "percentile_in_peers",
                rankLow = "rank_low", rankHigh = "rank_high"
        }
    }

    /// Labour-productivity gap (output per worker) to the best and to the median
    /// region, in log points, split by development accounting (Caselli 2005) as
    /// `ln(y*/y) = α·ln(k*/k) + (1 − α)·ln(q*/q) + ln(A*/A)`, with k = K/E capital per
    /// worker and q = L/E labour input per worker (hours × human capital; 1 without
    /// them), when capital and a capital share are available.
    public struct Gap: Sendable, Codable, Equatable {
        public let region: String
        public let versus: String
        public let logGap: Double
        public let capitalDeepening: Double?
        public let labour: Double?
        public let tfp: Double?

        enum CodingKeys: String, CodingKey {
            case region, versus, logGap = "log_gap", capitalDeepening = "capital_deepening", labour, tfp
        }
    }

    public struct SigmaConvergence: Sendable, Codable, Equatable {
        public let year: Int
        public let regions: Int
        /// Standard deviation of ln(labour productivity) across regions.
        public let dispersion: Double

        enum CodingKeys: String, CodingKey {
            case year, regions, dispersion = "sd_log_productivity"
        }
    }

    public struct BetaConvergence: Sendable, Codable, Equatable {
        public let specification: String
        public let beta: Double
        public let standardError: Double
        public let p: Double
        public let nobs: Int
        /// Implied speed of convergence λ = −ln(1 + βT)/T (nil when 1 + βT ≤ 0).
        public let speed: Double?

        enum CodingKeys: String, CodingKey {
            case specification, beta, standardError = "std_error", p, nobs, speed
        }
    }

    public struct Result: Sendable, Codable, Equatable {
        public let period: ClosedRange<Int>
        public let standings: [Standing]
        public let gaps: [Gap]
        public let sigma: [SigmaConvergence]
        public let beta: [BetaConvergence]
        public let diagnostics: Diagnostics

        enum CodingKeys: String, CodingKey {
            case period, standings, gaps, sigma, beta, diagnostics
        }
    }

    public static func compute(_ panel: Panel, reference: RegionReference?, options: Options) throws -> Result {
        let first = options.period.lowerBound, last = options.period.upperBound
        let base = first - 1
        let horizon = Double(last - base)
        var diagnostics = Diagnostics()
        guard let output = panel.values[.output] else { throw ProductivityError.missingInput(role: "output") }
        guard let employment = panel.values[.employment] else { throw ProductivityError.missingInput(role: "employment") }
        guard Panel.validYears.contains(base), Panel.validYears.contains(last), first <= last else {
            throw ProductivityError.invalidPeriod(from: first, to: last)
        }
        let capital = panel.values[.capital]
        // The indicators ranked, in output order; a region's values are indexed like them (no dictionary per region).
        let indicators = ["labour_productivity", "labour_productivity_growth", "output_growth", "capital_deepening", "tfp_growth", "tfp_share"]
        struct Region {
            let name: String
            var peer: String?
            var k: Double?
            var q: Double?
            var lp: Double?
            /// Labour productivity in the base year (β-convergence).
            var lpStart: Double?
        }
        // One labour measure for every region: hours only when all regions have them.
        let (labourInput, labourNotes) = panel.labourInput(acrossSeries: true)
        for note in labourNotes { diagnostics.add(note) }
        var regions: [Region] = []
        // The regions' values, one contiguous column per indicator (a row of `regions` each): ranking
        // reads them in rank order, which an array inside each region made a cache miss per value.
        var table = [[Double?]](repeating: [], count: indicators.count)
        for column in table.indices { table[column].reserveCapacity(panel.series.count) }
        var lpByYear = [[Double]](repeating: [], count: last - base + 1)

        var accounting: [String: GrowthAccountingPeriod] = [:]
        var components: [String: (output: Double, capital: Double, labour: Double)] = [:]
        if let accountingOptions = options.accounting, capital != nil {
            var o = accountingOptions
            o.period = options.period
            let r = try GrowthAccounting.compute(panel, options: o)
            // Keyed by series (region and sector): a region × sector panel keeps each sector's own TFP.
            for p in r.periods { accounting[Panel.Series(region: p.region, sector: p.sector, rows: 0..<0).label] = p }
            diagnostics.merge(r.diagnostics)
        }
        for s in panel.series {
            var peer: String? = nil
            switch options.peers {
            case .socioEconomicRegion:
                // A numeric province code (" 48"). Only a name that starts with a digit or a sign after its
                // spaces can be one: Foundation's trimming of every name was a sixth of the benchmark of
                // 100,000 regions (issue 14).
                let lead = s.region.utf8.first { $0 != 0x20 && $0 != 0x09 }
                let mayBeCode = lead.map { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 >= 0x80 } ?? false
                let isCode = mayBeCode && Int(s.region.trimmingCharacters(in: .whitespaces)) != nil
                peer = isCode && !options.provinceCodes ? nil : reference?.resolve(s.region)?.socioEconomicRegion
            case .list(let names): peer = names.contains { RegionReference.key($0) == RegionReference.key(s.region) } ? "peers" : nil
            }
            var region = Region(name: s.label, peer: peer)
            // This region's row of the indicator columns, filled below (no array per region).
            let row = regions.count
            for column in table.indices { table[column].append(nil) }
            // Only the base and last years enter the indicators (and every year of the period σ-convergence):
            // the rows are read once, without a dictionary per region (issue 14: 100,000 regions).
            var lpBase: Double?, lpLast: Double?, yBase: Double?, yLast: Double?, kBase: Double?, kLast: Double?, qLast: Double?
            for r in s.rows where !output[r].isNaN && !employment[r].isNaN {
                let lp = output[r] / employment[r]
                // 1e308 / 1e-308 overflows: such a row cannot be compared, and is said to be dropped.
                guard lp.isFinite, lp > 0 else {
                    diagnostics.drop(series: s.label, year: panel.years[r], line: panel.lines[r], reason: .outputPerWorkerNotFinitePositive(output: nil, employment: nil))
                    continue
                }
                let year = panel.years[r]
                let k = capital.flatMap { c in c[r].isNaN ? nil : c[r] / employment[r] }
                if year == base { (lpBase, yBase, kBase) = (lp, output[r], k) }
                if year == last {
                    (lpLast, yLast, kLast) = (lp, output[r], k)
                    qLast = labourInput[r].isNaN ? nil : labourInput[r] / employment[r]
                }
                if year >= base && year <= last { lpByYear[year - base].append(log(lp)) }
            }
            if let lp = lpLast { table[0][row] = lp; region.lp = lp }
            if let a = lpBase, let b = lpLast {
                table[1][row] = pow(b / a, 1 / horizon) - 1
                region.lpStart = a
            }
            if let a = yBase, let b = yLast { table[2][row] = pow(b / a, 1 / horizon) - 1 }
            if let a = kBase, let b = kLast { table[3][row] = pow(b / a, 1 / horizon) - 1 }
            region.k = kLast
            region.q = qLast
            if !accounting.isEmpty, let p = accounting[s.label] {
                if let g = p.tfpGrowth { table[4][row] = g }
                if let share = p.tfpShare { table[5][row] = share }
                if let y = p.outputGrowth, let k = p.capitalGrowth, let l = p.labourGrowth { components[s.label] = (y, k, l) }
            }
            if table.allSatisfy({ $0[row] == nil }) { diagnostics.add(.notRanked(series: s.label, base: base, last: last)) }
            regions.append(region)
        }

        // Ranks and percentiles, in the country and within the peer group.
        var standings: [Standing] = []
        for (column, indicator) in indicators.enumerated() {
            // Indices into `regions` (the regions are not copied).
            let present = table[column]
            let ranked = regions.indices.filter { present[$0] != nil }
            guard !ranked.isEmpty else { continue }
            let values = ranked.map { present[$0] ?? -.infinity }
            // One sort, O(n log n): rank = 1 + the number of strictly higher values (ties share
            // a rank); percentile = the share of the others strictly lower. By index, not by name.
            func rankings(_ members: [Int]) -> [(index: Int, rank: Int, percentile: Double)] {
                let sorted = members.sorted { values[$0] > values[$1] }
                var out: [(index: Int, rank: Int, percentile: Double)] = []
                out.reserveCapacity(sorted.count)
                var start = 0
                while start < sorted.count {
                    var end = start
                    while end + 1 < sorted.count && values[sorted[end + 1]] == values[sorted[start]] { end += 1 }
                    let lower = sorted.count - end - 1
                    for k in start...end {
                        out.append((sorted[k], start + 1, sorted.count > 1 ? Double(lower) / Double(sorted.count - 1) : 1))
                    }
                    start = end + 1
                }
                return out
            }
            var country = [(rank: Int, percentile: Double)](repeating: (0, 0), count: ranked.count)
            for r in rankings(Array(ranked.indices)) { country[r.index] = (r.rank, r.percentile) }
            var inPeers = [(rank: Int, percentile: Double, count: Int)?](repeating: nil, count: ranked.count)
            for (_, members) in Dictionary(grouping: ranked.indices.filter { regions[ranked[$0]].peer != nil }, by: { regions[ranked[$0]].peer ?? "" }) {
                for r in rankings(members) { inPeers[r.index] = (r.rank, r.percentile, members.count) }
            }
            // Ordered by rank, then name.
            let order = ranked.indices.sorted {
                country[$0].rank != country[$1].rank ? country[$0].rank < country[$1].rank : regions[ranked[$0]].name < regions[ranked[$1]].name
            }
            standings.reserveCapacity(standings.count + ranked.count)
            for index in order {
                let c = (country[index].rank, country[index].percentile)
                let value = values[index]
                let p = inPeers[index]
                standings.append(
                    Standing(
                        region: regions[ranked[index]].name, peerGroup: regions[ranked[index]].peer, indicator: indicator, value: value,
                        rank: c.0, regions: ranked.count, percentile: c.1, rankInPeers: p?.0,
                        peersCount: p?.2, percentileInPeers: p?.1))
            }
        }

        // Bootstrap intervals for ranks that rest on an estimated capital share: the period-average
        // TFP growth is linear in α (g_A = g_Y − α g_K − (1 − α) g_L), so each draw re-ranks exactly.
        if !options.capitalShareDraws.isEmpty && !components.isEmpty {
            let names = components.keys.sorted()
            var ranksOf: [String: [String: [Int]]] = ["tfp_growth": [:], "tfp_share": [:]]
            for alpha in options.capitalShareDraws {
                var growth: [String: Double] = [:], share: [String: Double] = [:]
                for name in names {
                    guard let c = components[name] else { continue }
                    let g = c.output - alpha * c.capital - (1 - alpha) * c.labour
                    growth[name] = g
                    if c.output >= (options.accounting?.minimumGrowthForShare ?? ShareOfGrowth.defaultMinimumGrowth) { share[name] = g / c.output }
                }
                for (indicator, values) in [("tfp_growth", growth), ("tfp_share", share)] {
                    // Sorted once per draw: rank = 1 + strictly higher values.
                    let descending = values.values.sorted(by: >)
                    for (name, v) in values {
                        var lo = 0, hi = descending.count
                        while lo < hi { let mid = (lo + hi) / 2; if descending[mid] > v { lo = mid + 1 } else { hi = mid } }
                        ranksOf[indicator, default: [:]][name, default: []].append(1 + lo)
                    }
                }
            }
            for k in standings.indices {
                guard let draws = ranksOf[standings[k].indicator]?[standings[k].region], !draws.isEmpty else { continue }
                // The one quantile rule (type 7), rounded outward to whole ranks.
                guard let interval = Quantile.integerInterval(draws.map(Double.init), low: 0.05, high: 0.95) else { continue }
                standings[k].rankLow = interval.low
                standings[k].rankHigh = interval.high
            }
            diagnostics.add(.rankIntervals(draws: options.capitalShareDraws.count))
        }

        // Gaps in labour productivity to the best and to the median.
        var gaps: [Gap] = []
        let withLP = regions.filter { $0.lp != nil }.sorted { ($0.lp ?? 0) > ($1.lp ?? 0) }
        if let best = withLP.first {
            let median = withLP[withLP.count / 2]
            let alpha: Double? = {
                if case .capitalShare(let a)? = options.accounting?.shares { return a }
                return nil
            }()
            let targets = [("best: \(best.name)", best), ("median: \(median.name)", median)]
            gaps.reserveCapacity(2 * withLP.count)
            for r in withLP {
                for (label, target) in targets {
                    guard let lp1 = target.lp, let lp0 = r.lp else { continue }
                    let g = log(lp1 / lp0)
                    var capitalPart: Double? = nil, labourPart: Double? = nil, tfpPart: Double? = nil
                    if let alpha, let k1 = target.k, let k0 = r.k, let q1 = target.q, let q0 = r.q {
                        let c = alpha * log(k1 / k0), l = (1 - alpha) * log(q1 / q0)
                        if c.isFinite && l.isFinite { (capitalPart, labourPart, tfpPart) = (c, l, g - c - l) }
                    }
                    gaps.append(Gap(region: r.name, versus: label, logGap: g, capitalDeepening: capitalPart, labour: labourPart, tfp: tfpPart))
                }
            }
        }

        // σ-convergence: dispersion of ln LP by year, over base…last.
        var sigma: [SigmaConvergence] = []
        for year in base...last {
            let v = lpByYear[year - base]
            guard v.count > 1 else { continue }
            let mean = v.reduce(0, +) / Double(v.count)
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
            sigma.append(SigmaConvergence(year: year, regions: v.count, dispersion: sd))
        }

        // β-convergence: average log growth on initial log productivity, with and without region effects.
        var beta: [BetaConvergence] = []
        let pairs: [(region: Region, start: Double, end: Double)] = regions.compactMap { r in
            guard let a = r.lpStart, let b = r.lp else { return nil }
            return (r, a, b)
        }
        let sample = pairs.map(\.region)
        if sample.count >= 4 {
            let growth = pairs.map { (log($0.end) - log($0.start)) / horizon }
            let initial = pairs.map { log($0.start) }
            var peerLevels: [String] = []
            var peerCode: [String: Int32] = [:]
            let peerCodes: [Int32] = sample.map { r in
                let p = r.peer ?? "(none)"
                if let code = peerCode[p] { return code }
                peerLevels.append(p)
                peerCode[p] = Int32(peerLevels.count - 1)
                return Int32(peerLevels.count - 1)
            }
            let data = DataFrame(
                rowCount: sample.count, numbers: ["growth": growth, "log_lp0": initial],
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
                    diagnostics.add(.convergenceNotEstimated(indicator: name, reason: error.localizedDescription))
                }
            }
        } else {
            diagnostics.add(.convergenceNeedsRegions(base: base, last: last))
        }
        if options.capitalShareDraws.isEmpty {
            diagnostics.add(.ranksAsGiven)
        }
        return Result(period: options.period, standings: standings, gaps: gaps, sigma: sigma, beta: beta, diagnostics: diagnostics)
    }
}

extension ProvinceBenchmark {
    /// Capital shares from a cluster (region) bootstrap of the constant-returns
    /// Cobb-Douglas `log(Y/L) ~ log(K/L) | region`: regions are drawn with
    /// replacement (a region drawn twice counts as two regions), seeded so that the
    /// draws are reproducible (Cameron & Miller 2015, §VI.A, pairs cluster bootstrap).
    /// The bootstrap draws accepted: enough for a 90% interval, few enough to finish.
    public static let drawLimits = 10...100_000

    public static func bootstrapCapitalShares(_ panel: Panel, draws: Int, seed: UInt64) throws -> (estimate: Double, draws: [Double]) {
        guard drawLimits.contains(draws) else {
            throw EstimationError.invalidOption("The number of bootstrap draws must be between \(drawLimits.lowerBound) and \(drawLimits.upperBound); got \(draws).")
        }
        let data = ProductionFunction.dataFrame(from: panel)
        let formula = try Formula(ProductionFunction.cobbDouglasCRS.formula(trend: false, absorb: ["region"]))
        let estimate = try EstimatedCapitalShare(LinearModel.fit(formula, data: data)).estimate
        guard let regionColumn = data.categories["region"] else { throw EstimationError.unknownColumn(name: "region", available: data.availableColumns) }
        let regionCodes = regionColumn.codes
        let regions = regionColumn.levels.count
        var rowsOf = [[Int]](repeating: [], count: regions)
        for (i, c) in regionCodes.enumerated() { rowsOf[Int(c)].append(i) }
        var rng = SplitMix64(seed: seed)
        var out: [Double] = []
        for _ in 0..<draws {
            var rows: [Int] = [], codes: [Int32] = []
            for k in 0..<regions {
                let pick = Int(rng.next() % UInt64(regions))
                rows += rowsOf[pick]
                codes += Array(repeating: Int32(k), count: rowsOf[pick].count)
            }
            var numbers: [String: [Double]] = [:]
            for (name, column) in data.numbers { numbers[name] = rows.map { column[$0] } }
            let draw = DataFrame(
                rowCount: rows.count, numbers: numbers,
                categories: ["region": .init(codes: codes, levels: (0..<regions).map(String.init))])
            if let fit = try? LinearModel.fit(formula, data: draw), let c = fit.coefficient("log(capital/labour)"), c.estimate > 0, c.estimate < 1 {
                out.append(c.estimate)
            }
        }
        return (estimate, out)
    }
}
