import DataIO
import LinearAlgebra

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Malmquist productivity index by data envelopment analysis (Färe, Grosskopf,
/// Norris & Zhang 1994, *American Economic Review* 84(1)), with the conventions
/// of Coelli's DEAP 2.1: adjacent periods, geometric mean of the two periods'
/// indices, a constant-returns frontier for the index, and a variable-returns
/// frontier to split efficiency change into pure and scale change.
///
/// With `E^s(r)` the Farrell efficiency of region r's year-r input-output bundle
/// against year s's frontier (output orientation: 1/φ with φ the largest radial
/// expansion of outputs; input orientation: θ, the largest radial contraction of inputs):
///   EC  = E^{t+1}(t+1) / E^t(t)
///   TC  = √[ (E^t(t+1) / E^{t+1}(t+1)) · (E^t(t) / E^{t+1}(t)) ]
///   M   = EC · TC           (> 1: productivity grew)
///   PEC = E_vrs^{t+1}(t+1) / E_vrs^t(t),   SEC = EC / PEC.
/// Inputs: capital and labour (employment × hours × human capital); output: output.
/// Every linear programme is solved by GLPK (`LinearProgram`).
public enum Malmquist {
    /// How efficiency is measured: by the radial expansion of outputs (`output`) or contraction of inputs (`input`).
    public enum Orientation: String, Sendable, Codable, CaseIterable { case output, input }

    /// The indices of one region between two adjacent years.
    public struct Transition: Sendable, Codable, Equatable {
        /// The series' label: the region, or `region / sector`.
        public let region: String
        /// The year t.
        public let from: Int
        /// The year t + 1.
        public let to: Int
        /// M = EC · TC; above 1, productivity grew.
        public let malmquist: Double
        /// EC = E^{t+1}(t+1) / E^t(t), under constant returns.
        public let efficiencyChange: Double
        /// TC, the geometric mean of the frontier's shift at the two years' bundles.
        public let technicalChange: Double
        /// PEC, efficiency change against variable-returns frontiers.
        public let pureEfficiencyChange: Double
        /// SEC = EC / PEC.
        public let scaleEfficiencyChange: Double
        /// E^t(t), E^t(t+1), E^{t+1}(t), E^{t+1}(t+1) under constant returns.
        public let efficiencies: [Double]

        enum CodingKeys: String, CodingKey {
            case region, from, to, malmquist, efficiencyChange = "efficiency_change", technicalChange = "technical_change", pureEfficiencyChange = "pure_efficiency_change", scaleEfficiencyChange =
                "scale_efficiency_change", efficiencies
        }
    }

    /// Geometric means of the indices over regions (by year pair) or over years (by region).
    public struct Mean: Sendable, Codable, Equatable {
        /// The year pair (`2015-2016`) or the region.
        public let label: String
        /// The number of transitions averaged.
        public let count: Int
        /// Geometric mean of M.
        public let malmquist: Double
        /// Geometric mean of EC.
        public let efficiencyChange: Double
        /// Geometric mean of TC.
        public let technicalChange: Double
        /// Geometric mean of PEC.
        public let pureEfficiencyChange: Double
        /// Geometric mean of SEC.
        public let scaleEfficiencyChange: Double

        enum CodingKeys: String, CodingKey {
            case label, count, malmquist, efficiencyChange = "efficiency_change", technicalChange = "technical_change", pureEfficiencyChange = "pure_efficiency_change", scaleEfficiencyChange =
                "scale_efficiency_change"
        }
    }

    /// The indices of ``Malmquist/compute(_:orientation:years:)``.
    public struct Result: Sendable, Codable, Equatable {
        /// The orientation used.
        public let orientation: Orientation
        /// Every transition, year pair by year pair, regions in order.
        public let transitions: [Transition]
        /// Geometric means by year pair, over regions.
        public let byYear: [Mean]
        /// Geometric means by region, over year pairs.
        public let byRegion: [Mean]
        /// Rows left out, regions missing from a frontier, years without a step, programmes that failed.
        public let diagnostics: Diagnostics

        enum CodingKeys: String, CodingKey {
            case orientation, transitions, byYear = "by_year", byRegion = "by_region", diagnostics
        }
    }

    struct Bundle { let inputs: [Double]; let outputs: [Double] }

    /// Farrell efficiency of `unit` against the frontier spanned by `frontier`.
    static func efficiency(_ unit: Bundle, frontier: [Bundle], orientation: Orientation, variableReturns: Bool) throws -> Double {
        let n = frontier.count
        // Variables: 0 = φ (or θ), 1…n = λ.
        var objective = [Double](repeating: 0, count: n + 1)
        objective[0] = 1
        var columns: [LinearProgram.Bound] = [.free] + Array(repeating: .atLeast(0), count: n)
        columns[0] = .free
        var rows: [LinearProgram.Row] = []
        for r in unit.outputs.indices {
            var c: [(column: Int, value: Double)] = frontier.enumerated().map { (j, b) in (j + 1, b.outputs[r]) }
            if orientation == .output {
                c.append((0, -unit.outputs[r]))
                rows.append(.init(c, .atLeast(0)))  // Σλy − φ y₀ ≥ 0
            } else {
                rows.append(.init(c, .atLeast(unit.outputs[r])))  // Σλy ≥ y₀
            }
        }
        for i in unit.inputs.indices {
            var c: [(column: Int, value: Double)] = frontier.enumerated().map { (j, b) in (j + 1, b.inputs[i]) }
            if orientation == .output {
                rows.append(.init(c, .atMost(unit.inputs[i])))  // Σλx ≤ x₀
            } else {
                c.append((0, -unit.inputs[i]))
                rows.append(.init(c, .atMost(0)))  // Σλx − θ x₀ ≤ 0
            }
        }
        if variableReturns { rows.append(.init((1...n).map { ($0, 1.0) }, .exactly(1))) }
        let program = LinearProgram(
            direction: orientation == .output ? .maximize : .minimize, objective: objective,
            columnBounds: columns, rows: rows)
        let solution = try program.solve()
        return orientation == .output ? 1 / solution.objective : solution.objective
    }

    /// Malmquist indices of every region between adjacent years.
    ///
    /// Rows with missing or non-positive output, capital or labour are left out of the frontiers (and said to be);
    /// a pair of years that are not adjacent, or a linear programme that fails, is a note, not an error.
    /// - Parameters:
    ///   - panel: output, capital and employment by region and year (hours when every region has them).
    ///   - orientation: output (the default) or input orientation.
    ///   - range: the years whose frontiers are built (default: all).
    /// - Returns: the transitions and their geometric means by year pair and by region.
    /// - Throws: ``ProductivityError/missingCapital`` when the panel has no capital column.
    public static func compute(_ panel: Panel, orientation: Orientation = .output, years range: ClosedRange<Int>? = nil) throws -> Result {
        guard panel.has(.capital) else { throw ProductivityError.missingCapital }
        guard let output = panel.values[.output] else { throw ProductivityError.missingInput(role: "output") }
        guard let capital = panel.values[.capital] else { throw ProductivityError.missingCapital }
        // One labour measure across regions (hours only when every region has them).
        let labour = panel.labourInput(acrossSeries: true).values
        var diagnostics = Diagnostics()
        // Units do not matter to DEA; scaling each variable by its mean keeps the LPs well conditioned.
        func mean(_ v: [Double]) -> Double { let f = v.filter { $0.isFinite && $0 > 0 }; return f.reduce(0, +) / Double(max(f.count, 1)) }
        let (sy, sk, sl) = (mean(output), mean(capital), mean(labour))
        var bundles: [Int: [String: Bundle]] = [:]
        for s in panel.series {
            for r in s.rows where range?.contains(panel.years[r]) ?? true {
                let y = output[r], k = capital[r], l = labour[r]
                guard y > 0, k > 0, l > 0 else {
                    diagnostics.drop(series: s.label, year: panel.years[r], line: panel.lines[r], reason: .missingOrNonPositiveInputs)
                    continue
                }
                bundles[panel.years[r], default: [:]][s.label] = Bundle(inputs: [k / sk, l / sl], outputs: [y / sy])
            }
        }
        let years = bundles.keys.sorted()
        let allRegions = Set(panel.series.map(\.label))
        for year in years {
            let missing = allRegions.subtracting(bundles[year]!.keys).sorted()
            if !missing.isEmpty { diagnostics.add(.notInFrontier(year: year, regions: missing)) }
        }
        var cache: [String: Double] = [:]
        func eff(_ region: String, _ year: Int, against frontierYear: Int, vrs: Bool) throws -> Double {
            let key = "\(region)|\(year)|\(frontierYear)|\(vrs)"
            if let e = cache[key] { return e }
            let e = try efficiency(
                bundles[year]![region]!, frontier: Array(bundles[frontierYear]!.values.sorted { $0.outputs[0] < $1.outputs[0] }),
                orientation: orientation, variableReturns: vrs)
            cache[key] = e
            return e
        }
        var transitions: [Transition] = []
        for (t, t1) in zip(years, years.dropFirst()) {
            if t1 != t + 1 { diagnostics.add(.noStepBetween(from: t, to: t1)); continue }
            for region in bundles[t]!.keys.sorted() where bundles[t1]![region] != nil {
                do {
                    let tt = try eff(region, t, against: t, vrs: false), t1t1 = try eff(region, t1, against: t1, vrs: false)
                    let tt1 = try eff(region, t1, against: t, vrs: false), t1t = try eff(region, t, against: t1, vrs: false)
                    let ec = t1t1 / tt
                    let tc = ((tt1 / t1t1) * (tt / t1t)).squareRoot()
                    let pec = try eff(region, t1, against: t1, vrs: true) / eff(region, t, against: t, vrs: true)
                    transitions.append(
                        Transition(
                            region: region, from: t, to: t1, malmquist: ec * tc, efficiencyChange: ec,
                            technicalChange: tc, pureEfficiencyChange: pec, scaleEfficiencyChange: ec / pec,
                            efficiencies: [tt, tt1, t1t, t1t1]))
                } catch {
                    diagnostics.add(.stepFailed(region: region, from: t, to: t1, reason: error.localizedDescription))
                }
            }
            let left = bundles[t]!.keys.filter { bundles[t1]![$0] == nil }.sorted()
            if !left.isEmpty { diagnostics.add(.noIndexFor(from: t, to: t1, regions: left)) }
        }
        func geometricMeans(_ groups: [(String, [Transition])]) -> [Mean] {
            groups.map { label, items in
                func gm(_ f: (Transition) -> Double) -> Double { exp(items.reduce(0) { $0 + log(f($1)) } / Double(items.count)) }
                return Mean(
                    label: label, count: items.count, malmquist: gm(\.malmquist), efficiencyChange: gm(\.efficiencyChange),
                    technicalChange: gm(\.technicalChange), pureEfficiencyChange: gm(\.pureEfficiencyChange),
                    scaleEfficiencyChange: gm(\.scaleEfficiencyChange))
            }
        }
        let pairs = Array(Set(transitions.map { "\($0.from)-\($0.to)" })).sorted()
        let byYear = geometricMeans(pairs.map { p in (p, transitions.filter { "\($0.from)-\($0.to)" == p }) })
        let regions = Array(Set(transitions.map(\.region))).sorted()
        let byRegion = geometricMeans(regions.map { r in (r, transitions.filter { $0.region == r }) })
        return Result(orientation: orientation, transitions: transitions, byYear: byYear, byRegion: byRegion, diagnostics: diagnostics)
    }
}
