import DataIO
import Productivity

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
        for s in series {
            for r in s.rows {
                var cells: [ReportTable.Cell] = [.text(s.region)]
                if hasSector { cells.append(s.sector.map { .text($0) } ?? .missing) }
                cells.append(.integer(years[r]))
                for role in roles { cells.append(value(role, r).map { .number($0) } ?? .missing) }
                table.append(cells)
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
        var ranks = ReportTable(title: "Ranks and percentiles (growth over \(span); levels in \(period.upperBound); 1 = highest)", columns: [
            .init("indicator", .text), .init("region", .text), .init("value", .index), .init("rank", .integer), .init("regions", .integer),
            .init("percentile", .rate), .init("peer_group", .text), .init("rank_in_peers", .integer), .init("peers", .integer),
            .init("percentile_in_peers", .rate),
        ])
        for s in standings {
            ranks.append([.text(s.indicator), .text(s.region), .number(s.value), .integer(s.rank), .integer(s.regions), .number(s.percentile),
                          s.peerGroup.map { .text($0) } ?? .missing, s.rankInPeers.map { .integer($0) } ?? .missing,
                          s.peersCount.map { .integer($0) } ?? .missing, s.percentileInPeers.map { .number($0) } ?? .missing])
        }
        report.add("ranks", ranks)
        var gapTable = ReportTable(title: "Labour-productivity gap (log points) = capital deepening + TFP", columns: [
            .init("region", .text), .init("versus", .text), .init("log_gap", .index), .init("capital_deepening", .index), .init("tfp", .index),
        ])
        for g in gaps {
            gapTable.append([.text(g.region), .text(g.versus), .number(g.logGap), g.capitalDeepening.map { .number($0) } ?? .missing,
                             g.tfp.map { .number($0) } ?? .missing])
        }
        report.add("gaps", gapTable)
        var sigmaTable = ReportTable(title: "σ-convergence: dispersion of ln(labour productivity)", columns: [
            .init("year", .integer), .init("regions", .integer), .init("sd_log_productivity", .index),
        ])
        for s in sigma { sigmaTable.append([.integer(s.year), .integer(s.regions), .number(s.dispersion)]) }
        report.add("sigma", sigmaTable)
        var betaTable = ReportTable(title: "β-convergence: average log growth on initial log productivity (HC1 standard errors)", columns: [
            .init("specification", .text), .init("beta", .index), .init("std_error", .index), .init("p", .index), .init("nobs", .integer),
            .init("speed", .rate),
        ])
        for b in beta {
            betaTable.append([.text(b.specification), .number(b.beta), .number(b.standardError), .number(b.p), .integer(b.nobs),
                              b.speed.map { .number($0) } ?? .missing])
        }
        report.add("beta", betaTable)
        return report
    }
}
