import DataIO
import Foundation
import Productivity
import Workflow

extension Panel {
    /// The panel as a table with role-named columns, so that it can be read back
    /// by every command (harmonised panels).
    public func report(title: String) -> Report {
        let roles = Role.numericRoles.filter { has($0) }
        let hasSector = series.contains { $0.sector != nil }
        var columns: [ReportTable.Column] = [.init("region", .text)]
        if hasSector { columns.append(.init("sector", .text)) }
        columns.append(.init("year", .integer))
        for role in roles { columns.append(.init(role.rawValue, [.labourShare, .depreciation].contains(role) ? .index : .level)) }
        var table = ReportTable(title: title, columns: columns)
        table.reserveRows(rowCount)
        let columnsOfRoles = roles.map { values[$0] ?? [] }
        for s in series {
            for r in s.rows {
                table.appendRow { cells in
                    cells.append(.text(s.region))
                    if hasSector { cells.append(s.sector.map { .text($0) } ?? .missing) }
                    cells.append(.integer(years[r]))
                    for column in columnsOfRoles { cells.append(column[r].isNaN ? .missing : .number(column[r])) }
                }
            }
        }
        var report = Report()
        report.add("rows", table)
        return report
    }
}

extension ProvinceBenchmark.Result {
    public func report() -> Report {
        var report = Report(diagnostics: diagnostics)
        let span = period.lowerBound == period.upperBound ? "\(period.lowerBound)" : "\(period.lowerBound)-\(period.upperBound)"
        var ranks = ReportTable(
            title: "Ranks and percentiles (growth over \(span); levels in \(period.upperBound); 1 = highest)",
            columns: [
                .init("indicator", .text), .init("region", .text), .init("value", .index), .init("rank", .integer), .init("regions", .integer),
                .init("percentile", .rate), .init("peer_group", .text), .init("rank_in_peers", .integer), .init("peers", .integer),
                .init("percentile_in_peers", .rate), .init("rank_low", .integer), .init("rank_high", .integer),
            ])
        for s in standings {
            ranks.append([
                .text(s.indicator), .text(s.region), .number(s.value), .integer(s.rank), .integer(s.regions), .number(s.percentile),
                s.peerGroup.map { .text($0) } ?? .missing, s.rankInPeers.map { .integer($0) } ?? .missing,
                s.peersCount.map { .integer($0) } ?? .missing, s.percentileInPeers.map { .number($0) } ?? .missing,
                s.rankLow.map { .integer($0) } ?? .missing, s.rankHigh.map { .integer($0) } ?? .missing,
            ])
        }
        report.add("ranks", ranks)
        // People read gaps as percentages: gap_percent = e^{log_gap} − 1, how much higher the
        // reference's output per worker is; the log points stay for the additive decomposition.
        var gapTable = ReportTable(
            title: "Labour-productivity gap: gap_percent = how much higher the reference's output per worker is; in log points, log_gap = capital deepening + labour quality + TFP",
            columns: [
                .init("region", .text), .init("versus", .text), .init("log_gap", .index), .init("capital_deepening", .index),
                .init("labour", .index), .init("tfp", .index), .init("gap_percent", .rate),
            ])
        for g in gaps {
            gapTable.append([
                .text(g.region), .text(g.versus), .number(g.logGap), g.capitalDeepening.map { .number($0) } ?? .missing,
                g.labour.map { .number($0) } ?? .missing, g.tfp.map { .number($0) } ?? .missing,
                g.logGap.isFinite ? .number(exp(g.logGap) - 1) : .missing,
            ])
        }
        report.add("gaps", gapTable)
        var sigmaTable = ReportTable(
            title: "σ-convergence: dispersion of ln(labour productivity)",
            columns: [
                .init("year", .integer), .init("regions", .integer), .init("sd_log_productivity", .index),
            ])
        for s in sigma { sigmaTable.append([.integer(s.year), .integer(s.regions), .number(s.dispersion)]) }
        report.add("sigma", sigmaTable)
        var betaTable = ReportTable(
            title: "β-convergence: average log growth on initial log productivity (HC1 standard errors)",
            columns: [
                .init("specification", .text), .init("beta", .index), .init("std_error", .index), .init("p", .index), .init("nobs", .integer),
                .init("speed", .rate),
            ])
        for b in beta {
            betaTable.append([
                .text(b.specification), .number(b.beta), .number(b.standardError), .number(b.p), .integer(b.nobs),
                b.speed.map { .number($0) } ?? .missing,
            ])
        }
        report.add("beta", betaTable)
        return report
    }
}

extension Malmquist.Result {
    public func report() -> Report {
        var report = Report(diagnostics: diagnostics)
        let columns: [ReportTable.Column] = [
            .init("malmquist", .index), .init("efficiency_change", .index), .init("technical_change", .index),
            .init("pure_efficiency_change", .index), .init("scale_efficiency_change", .index),
        ]
        var rows = ReportTable(
            title: "Malmquist productivity index (DEA, \(orientation.rawValue) orientation; > 1 is growth)",
            columns: [.init("region", .text), .init("from", .integer), .init("to", .integer)] + columns)
        for t in transitions {
            rows.append([
                .text(t.region), .integer(t.from), .integer(t.to), .number(t.malmquist), .number(t.efficiencyChange),
                .number(t.technicalChange), .number(t.pureEfficiencyChange), .number(t.scaleEfficiencyChange),
            ])
        }
        report.add("malmquist", rows)
        for (key, title, means) in [("malmquist_years", "Geometric means by year", byYear), ("malmquist_regions", "Geometric means by region", byRegion)] {
            var table = ReportTable(title: "Malmquist: \(title)", columns: [.init(key == "malmquist_years" ? "years" : "region", .text), .init("count", .integer)] + columns)
            for m in means {
                table.append([
                    .text(m.label), .integer(m.count), .number(m.malmquist), .number(m.efficiencyChange), .number(m.technicalChange),
                    .number(m.pureEfficiencyChange), .number(m.scaleEfficiencyChange),
                ])
            }
            report.add(key, table)
        }
        return report
    }
}

extension BenchmarkJob.Outcome {
    /// Ranks, gaps, convergence and (when computed) Malmquist tables, with the job's notes.
    public func report() -> Report {
        var report = result.report()
        for note in notes { report.diagnostics.add(note) }
        if let malmquist { report.append(malmquist.report()) }
        return report
    }
}
