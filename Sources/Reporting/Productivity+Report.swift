import DataIO
import Productivity

// Tables of the productivity results. Column names are the CSV/JSON contract
// of DESIGN.md (snake_case, fractions); extra columns are only ever appended.

private func cell(_ v: Double?) -> ReportTable.Cell { v.map { .number($0) } ?? .missing }
private func cell(_ v: Int?) -> ReportTable.Cell { v.map { .integer($0) } ?? .missing }
private func cell(_ v: String?) -> ReportTable.Cell { v.map { .text($0) } ?? .missing }

extension GrowthAccountingResult {
    public func report(includeRows: Bool = true) -> Report {
        var report = Report(diagnostics: diagnostics)
        report.metadata = [("method", JSONText.string(method.rawValue)), ("labour_input", JSONText.string(labourInput))]
        let hasSector = rows.contains { $0.sector != nil } || periods.contains { $0.sector != nil }
        let unit = method == .gso ? "simple growth rates" : "log differences"
        if includeRows {
            var columns: [ReportTable.Column] = [.init("region", .text)]
            if hasSector { columns.append(.init("sector", .text)) }
            columns += [
                .init("year", .integer), .init("output_growth", .rate), .init("capital_growth", .rate),
                .init("labour_growth", .rate), .init("capital_contribution", .rate), .init("labour_contribution", .rate),
                .init("tfp_growth", .rate), .init("tfp_share", .rate), .init("tfp_index", .index),
                .init("capital_share_of_growth", .rate), .init("labour_share_of_growth", .rate),
                .init("capital_share", .index), .init("years_spanned", .integer), .init("note", .text),
            ]
            var table = ReportTable(title: "Growth accounting (\(method.rawValue): \(unit); labour = \(labourInput))", columns: columns)
            for row in rows {
                var cells: [ReportTable.Cell] = [.text(row.region)]
                if hasSector { cells.append(cell(row.sector)) }
                cells += [
                    .integer(row.year), cell(row.outputGrowth), cell(row.capitalGrowth), cell(row.labourGrowth),
                    cell(row.capitalContribution), cell(row.labourContribution), cell(row.tfpGrowth), cell(row.tfpShare),
                    cell(row.tfpIndex), cell(row.capitalShareOfGrowth), cell(row.labourShareOfGrowth), cell(row.capitalShare),
                    cell(row.yearsSpanned), cell(row.shareNote),
                ]
                table.append(cells)
            }
            report.add("rows", table)
        }
        if !periods.isEmpty {
            var columns: [ReportTable.Column] = [.init("region", .text)]
            if hasSector { columns.append(.init("sector", .text)) }
            columns += [
                .init("from", .integer), .init("to", .integer), .init("output_growth", .rate), .init("capital_growth", .rate),
                .init("labour_growth", .rate), .init("capital_contribution", .rate), .init("labour_contribution", .rate),
                .init("tfp_growth", .rate), .init("tfp_share", .rate), .init("capital_share_of_growth", .rate),
                .init("labour_share_of_growth", .rate), .init("note", .text),
            ]
            var table = ReportTable(title: "Period averages (shares from period-average growth rates)", columns: columns)
            for p in periods {
                var cells: [ReportTable.Cell] = [.text(p.region)]
                if hasSector { cells.append(cell(p.sector)) }
                cells += [
                    .integer(p.from), .integer(p.to), cell(p.outputGrowth), cell(p.capitalGrowth), cell(p.labourGrowth),
                    cell(p.capitalContribution), cell(p.labourContribution), cell(p.tfpGrowth), cell(p.tfpShare),
                    cell(p.capitalShareOfGrowth), cell(p.labourShareOfGrowth), cell(p.note),
                ]
                table.append(cells)
            }
            report.add("periods", table)
        }
        return report
    }
}

extension LabourProductivity.Result {
    public func report(includeRows: Bool = true) -> Report {
        var report = Report(diagnostics: diagnostics)
        let hasSector = rows.contains { $0.sector != nil }
        let hasHours = rows.contains { $0.outputPerHour != nil }
        if includeRows {
            var columns: [ReportTable.Column] = [.init("region", .text)]
            if hasSector { columns.append(.init("sector", .text)) }
            columns += [.init("year", .integer), .init("output", .level), .init("employment", .level), .init("output_per_worker", .level)]
            if hasHours { columns.append(.init("output_per_hour", .level)) }
            columns.append(.init("growth_per_worker", .rate))
            if hasHours { columns.append(.init("growth_per_hour", .rate)) }
            columns.append(.init("years_spanned", .integer))
            var table = ReportTable(title: "Labour productivity (output per employed person)", columns: columns)
            for row in rows {
                var cells: [ReportTable.Cell] = [.text(row.region)]
                if hasSector { cells.append(cell(row.sector)) }
                cells += [.integer(row.year), .number(row.output), .number(row.employment), .number(row.outputPerWorker)]
                if hasHours { cells.append(cell(row.outputPerHour)) }
                cells.append(cell(row.growthPerWorker))
                if hasHours { cells.append(cell(row.growthPerHour)) }
                cells.append(cell(row.yearsSpanned))
                table.append(cells)
            }
            report.add("rows", table)
        }
        if !periods.isEmpty {
            var columns: [ReportTable.Column] = [.init("region", .text)]
            if hasSector { columns.append(.init("sector", .text)) }
            columns += [.init("from", .integer), .init("to", .integer), .init("average_growth_per_worker", .rate)]
            if hasHours { columns.append(.init("average_growth_per_hour", .rate)) }
            columns.append(.init("note", .text))
            var table = ReportTable(title: "Compound average annual growth of labour productivity", columns: columns)
            for p in periods {
                var cells: [ReportTable.Cell] = [.text(p.region)]
                if hasSector { cells.append(cell(p.sector)) }
                cells += [.integer(p.from), .integer(p.to), cell(p.averageGrowthPerWorker)]
                if hasHours { cells.append(cell(p.averageGrowthPerHour)) }
                cells.append(cell(p.note))
                table.append(cells)
            }
            report.add("periods", table)
        }
        return report
    }
}

extension PerpetualInventory.Result {
    public func report() -> Report {
        var report = Report(diagnostics: diagnostics)
        for line in initialStocks { report.diagnostics.note("Initial stock: \(line)") }
        let hasSector = rows.contains { $0.sector != nil }
        var columns: [ReportTable.Column] = [.init("region", .text)]
        if hasSector { columns.append(.init("sector", .text)) }
        columns += [.init("year", .integer), .init("investment", .level), .init("depreciation_rate", .rate), .init("capital", .level)]
        var table = ReportTable(title: "Capital stock by perpetual inventory, K_t = (1-δ)K_{t-1} + I_t", columns: columns)
        for row in rows {
            var cells: [ReportTable.Cell] = [.text(row.region)]
            if hasSector { cells.append(cell(row.sector)) }
            cells += [.integer(row.year), .number(row.investment), .number(row.depreciationRate), .number(row.capital)]
            table.append(cells)
        }
        report.add("rows", table)
        return report
    }
}
