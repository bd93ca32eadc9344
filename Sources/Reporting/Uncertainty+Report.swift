import DataIO
import Productivity
import Workflow

extension Report {
    /// Appends the interval columns (`tfp_share_low`, `_median`, `_high`, and the same for
    /// `tfp_growth`, `capital_contribution`, `labour_contribution`) to the rows and periods
    /// tables, and the sensitivity table when asked (issue 12).
    public mutating func appendIntervals(
        _ result: UncertainAccounting.Result, rows: [GrowthAccountingRow],
        periods: [GrowthAccountingPeriod], includeSensitivity: Bool
    ) {
        let names = ["tfp_share", "tfp_growth", "capital_contribution", "labour_contribution"]
        let columns = names.flatMap { n in ["low", "median", "high"].map { ReportTable.Column("\(n)_\($0)", .rate) } }
        func cells(_ bands: UncertainAccounting.Bands?) -> [ReportTable.Cell] {
            [bands?.tfpShare, bands?.tfpGrowth, bands?.capitalContribution, bands?.labourContribution].flatMap { i -> [ReportTable.Cell] in
                guard let i else { return [.missing, .missing, .missing] }
                return [.number(i.low), .number(i.median), .number(i.high)]
            }
        }
        if !rows.isEmpty {
            update("rows") { $0.appendColumns(columns, rows.map { cells(result.rows[UncertainAccounting.rowKey($0)]) }) }
        }
        update("periods") { $0.appendColumns(columns, periods.map { cells(result.periods[UncertainAccounting.periodKey($0)]) }) }
        addMember("scenarios", result.scenarios)
        addMember("scenario_settings", ScenarioSettings(result))
        guard includeSensitivity else { return }
        var table = ReportTable(
            title: "Sensitivity of the period TFP share (one assumption at a time, the others at their centre; sorted by swing)",
            columns: [
                .init("region", .text), .init("period", .text), .init("assumption", .text), .init("low", .index), .init("high", .index),
                .init("tfp_share_at_low", .rate), .init("tfp_share_at_high", .rate), .init("swing", .rate),
            ])
        for row in result.sensitivity {
            let parts = row.series.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let region = parts.count > 1 && !parts[1].isEmpty ? "\(parts[0]) / \(parts[1])" : parts[0]
            table.append([
                .text(region), .text(parts.last ?? ""), .text(row.assumption), .number(row.low), .number(row.high),
                row.shareAtLow.map { .number($0) } ?? .missing, row.shareAtHigh.map { .number($0) } ?? .missing,
                row.swing.map { .number($0) } ?? .missing,
            ])
        }
        add("sensitivity", table)
    }
}

/// What reproduces the intervals (issue 12): seed, interval, period, assumptions as given.
private struct ScenarioSettings: Encodable {
    let seed: UInt64
    let interval: Double
    let drawsComputed: Int
    let period: String?
    let quantiles = "R type 7"
    let assumptions: [String: String]

    enum CodingKeys: String, CodingKey {
        case seed, interval, drawsComputed = "draws_computed", period, quantiles, assumptions
    }

    init(_ result: UncertainAccounting.Result) {
        seed = result.seed
        interval = result.interval
        drawsComputed = result.scenarios
        period = result.period.map { "\($0.lowerBound)-\($0.upperBound)" }
        assumptions = result.assumptions
    }
}
