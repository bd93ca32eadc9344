import DataIO
import Dispatch
import Productivity
import Workflow

// Tables of the productivity results. Column names are the CSV/JSON contract
// of DESIGN.md (snake_case, fractions); extra columns are only ever appended.

private func cell(_ v: Double?) -> ReportTable.Cell { v.map { .number($0) } ?? .missing }
private func cell(_ v: Int?) -> ReportTable.Cell { v.map { .integer($0) } ?? .missing }
private func cell(_ v: String?) -> ReportTable.Cell { v.map { .text($0) } ?? .missing }
/// The `note` columns keep the contract's English (human formats show the same table).
private let contract = NoteWording(.en)

extension GrowthAccountingResult {
    public func report(includeRows: Bool = true) -> Report {
        var report = Report(diagnostics: diagnostics)
        report.addMember("method", method)
        report.addMember("labour_input", labourInput)
        let hasSector = rows.contains { $0.sector != nil } || periods.contains { $0.sector != nil }
        let unit = method == .gso ? "simple growth rates" : "log differences"
        // The table of yearly rows and the sentences about them are independent: for a large panel
        // they are built on two cores (issue 14, goal 3).
        nonisolated(unsafe) var table: ReportTable? = nil
        nonisolated(unsafe) var sentences: [String] = []
        if includeRows && rows.count >= 10_000 {
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                if k == 0 { table = rowsTable(hasSector: hasSector, unit: unit) } else { sentences = explanations(.en, includeRows: includeRows) }
            }
        } else {
            if includeRows { table = rowsTable(hasSector: hasSector, unit: unit) }
            sentences = explanations(.en, includeRows: includeRows)
        }
        if let table { report.add("rows", table) }
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
            table.reserveRows(periods.count)
            for p in periods {
                table.appendRow { cells in
                    cells.append(.text(p.region))
                    if hasSector { cells.append(cell(p.sector)) }
                    cells.append(.integer(p.from))
                    cells.append(.integer(p.to))
                    cells.append(cell(p.outputGrowth))
                    cells.append(cell(p.capitalGrowth))
                    cells.append(cell(p.labourGrowth))
                    cells.append(cell(p.capitalContribution))
                    cells.append(cell(p.labourContribution))
                    cells.append(cell(p.tfpGrowth))
                    cells.append(cell(p.tfpShare))
                    cells.append(cell(p.capitalShareOfGrowth))
                    cells.append(cell(p.labourShareOfGrowth))
                    cells.append(cell(p.note.map(contract.valueNote)))
                }
            }
            report.add("periods", table)
        }
        for line in sentences { report.diagnostics.note(line) }
        if !seriesBreaks.isEmpty { report.addMember("series_breaks", seriesBreaks) }
        return report
    }

    /// The yearly rows as a table.
    private func rowsTable(hasSector: Bool, unit: String) -> ReportTable {
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
        table.reserveRows(rows.count)
        for row in rows {
            table.appendRow { cells in
                cells.append(.text(row.region))
                if hasSector { cells.append(cell(row.sector)) }
                // One append per cell: a literal appended with `+=` was built and copied for every row.
                cells.append(.integer(row.year))
                cells.append(cell(row.outputGrowth))
                cells.append(cell(row.capitalGrowth))
                cells.append(cell(row.labourGrowth))
                cells.append(cell(row.capitalContribution))
                cells.append(cell(row.labourContribution))
                cells.append(cell(row.tfpGrowth))
                cells.append(cell(row.tfpShare))
                cells.append(cell(row.tfpIndex))
                cells.append(cell(row.capitalShareOfGrowth))
                cells.append(cell(row.labourShareOfGrowth))
                cells.append(cell(row.capitalShare))
                cells.append(cell(row.yearsSpanned))
                cells.append(cell(row.shareNote.map(contract.valueNote)))
            }
        }
        return table
    }

    /// Sentences for people about results that need one (issue 12): a period that straddles
    /// a known series break, with the share without the break year; shares above 100% or
    /// below 0, with what they mean.
    public func explanations(_ language: Language, includeRows: Bool = true) -> [String] {
        let n = NumberText(language)
        let vi = language == .vi
        var lines: [String] = []
        // One sentence per break: for a few series each by name, for many a summary of the change.
        let byBreak = Dictionary(grouping: seriesBreaks, by: { "\($0.breakYear)|\($0.from)-\($0.to)" })
        for key in byBreak.keys.sorted() {
            guard let group = byBreak[key], let b = group.first else { continue }
            if group.count <= 3 {
                for b in group {
                    let with = b.tfpShare.map { n.percent($0) } ?? "–", without = b.tfpShareWithoutBreakYear.map { n.percent($0) } ?? "–"
                    lines.append(
                        vi
                            ? "\(b.region) \(b.from)-\(b.to): giai đoạn có điểm gãy chuỗi số liệu năm \(b.breakYear) (\(b.what); \(b.source)). Tỷ trọng đóng góp của TFP là \(with); bỏ năm \(b.breakYear) thì là \(without)."
                            : "\(b.region) \(b.from)-\(b.to) straddles the series break in \(b.breakYear) (\(b.what); \(b.source)): TFP share \(with) with the growth into \(b.breakYear), \(without) without it."
                    )
                }
            } else {
                let changes = group.compactMap { e in e.tfpShare.flatMap { a in e.tfpShareWithoutBreakYear.map { $0 - a } } }.sorted()
                let median = Quantile.type7(changes, 0.5), lo = changes.first, hi = changes.last
                let points = { (v: Double?) in v.map { n.decimal($0 * 100, digits: 1) } ?? "–" }
                lines.append(
                    vi
                        ? "\(group.count) chuỗi, giai đoạn \(b.from)-\(b.to), có điểm gãy chuỗi số liệu năm \(b.breakYear) (\(b.what); \(b.source)). Bỏ năm \(b.breakYear), tỷ trọng TFP thay đổi trung vị \(points(median)) điểm phần trăm (từ \(points(lo)) đến \(points(hi))); từng chuỗi trong series_breaks."
                        : "\(group.count) series straddle the series break in \(b.breakYear) over \(b.from)-\(b.to) (\(b.what); \(b.source)). Without the growth into \(b.breakYear) the TFP share changes by a median \(points(median)) percentage points (\(points(lo)) to \(points(hi))); each series in series_breaks (JSON)."
                )
            }
        }
        func meaning(_ label: String, share: Double, output: Double?, tfp: Double?, inputs: Double?) -> String? {
            let o = output.map { n.percent($0) } ?? "–", t = tfp.map { n.percent($0) } ?? "–", i = inputs.map { n.percent($0) } ?? "–"
            if share > 1 {
                return vi
                    ? "\(label): tỷ trọng TFP \(n.percent(share)) trên 100% vì vốn và lao động cộng lại đóng góp \(i) (âm): TFP tăng \(t), nhanh hơn sản lượng (\(o))."
                    : "\(label): the TFP share \(n.percent(share)) is above 100% because capital and labour together contributed \(i) (negative): TFP grew \(t), faster than output (\(o))."
            }
            if share < 0 {
                return vi
                    ? "\(label): tỷ trọng TFP \(n.percent(share)) âm vì TFP giảm (\(t)) trong khi sản lượng tăng \(o): vốn và lao động đóng góp \(i), nhiều hơn toàn bộ tăng trưởng."
                    : "\(label): the TFP share \(n.percent(share)) is negative because TFP fell (\(t)) while output grew \(o): capital and labour contributed \(i), more than all of output growth."
            }
            return nil
        }
        for p in periods {
            guard let share = p.tfpShare else { continue }
            let inputs = p.capitalContribution.flatMap { c in p.labourContribution.map { c + $0 } }
            if let line = meaning("\(p.region) \(p.from)-\(p.to)", share: share, output: p.outputGrowth, tfp: p.tfpGrowth, inputs: inputs) { lines.append(line) }
        }
        // Yearly rows: one sentence per region, listing the years.
        var above: [String: [Int]] = [:], below: [String: [Int]] = [:], order: [String] = []
        for r in rows where includeRows {
            guard let share = r.tfpShare, share > 1 || share < 0 else { continue }
            let label = r.sector.map { "\(r.region) / \($0)" } ?? r.region
            if above[label] == nil && below[label] == nil { order.append(label) }
            if share > 1 { above[label, default: []].append(r.year) } else { below[label, default: []].append(r.year) }
        }
        for label in order {
            let a = (above[label] ?? []).map(String.init).joined(separator: ", "), b = (below[label] ?? []).map(String.init).joined(separator: ", ")
            var parts: [String] = []
            if !a.isEmpty {
                parts.append(
                    vi
                        ? "trên 100% năm \(a) (TFP tăng nhanh hơn sản lượng vì đóng góp của vốn và lao động âm)"
                        : "above 100% in \(a) (TFP grew faster than output because capital and labour together contributed negatively)")
            }
            if !b.isEmpty { parts.append(vi ? "âm năm \(b) (TFP giảm trong khi sản lượng tăng)" : "negative in \(b) (TFP fell while output grew)") }
            lines.append((vi ? "\(label): tỷ trọng TFP " : "\(label): the yearly TFP share is ") + parts.joined(separator: vi ? "; " : "; "))
        }
        return lines
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
            table.reserveRows(rows.count)
            for row in rows {
                table.appendRow { cells in
                    cells.append(.text(row.region))
                    if hasSector { cells.append(cell(row.sector)) }
                    cells.append(.integer(row.year))
                    cells.append(.number(row.output))
                    cells.append(.number(row.employment))
                    cells.append(.number(row.outputPerWorker))
                    if hasHours { cells.append(cell(row.outputPerHour)) }
                    cells.append(cell(row.growthPerWorker))
                    if hasHours { cells.append(cell(row.growthPerHour)) }
                    cells.append(cell(row.yearsSpanned))
                }
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
            table.reserveRows(periods.count)
            for p in periods {
                table.appendRow { cells in
                    cells.append(.text(p.region))
                    if hasSector { cells.append(cell(p.sector)) }
                    cells.append(.integer(p.from))
                    cells.append(.integer(p.to))
                    cells.append(cell(p.averageGrowthPerWorker))
                    if hasHours { cells.append(cell(p.averageGrowthPerHour)) }
                    cells.append(cell(p.note.map(contract.valueNote)))
                }
            }
            report.add("periods", table)
        }
        return report
    }
}

extension PerpetualInventory.Result {
    public func report() -> Report {
        var report = Report(diagnostics: diagnostics)
        for stock in initialStocks { report.diagnostics.add(.initialStock(stock)) }
        let hasSector = rows.contains { $0.sector != nil }
        var columns: [ReportTable.Column] = [.init("region", .text)]
        if hasSector { columns.append(.init("sector", .text)) }
        columns += [.init("year", .integer), .init("investment", .level), .init("depreciation_rate", .rate), .init("capital", .level)]
        var table = ReportTable(title: "Capital stock by perpetual inventory, K_t = (1-δ)K_{t-1} + I_t", columns: columns)
        table.reserveRows(rows.count)
        for row in rows {
            table.appendRow { cells in
                cells.append(.text(row.region))
                if hasSector { cells.append(cell(row.sector)) }
                cells.append(.integer(row.year))
                cells.append(.number(row.investment))
                cells.append(.number(row.depreciationRate))
                cells.append(.number(row.capital))
            }
        }
        report.add("rows", table)
        return report
    }
}

extension AccountingJob.Outcome {
    /// The report of a growth-accounting job: rows and periods, the scenarios' intervals and
    /// sensitivity when there were scenarios, the estimated share in the metadata, every note.
    public func report(includeRows: Bool = true, includeSensitivity: Bool = false) -> Report {
        var report = result.report(includeRows: includeRows)
        if let intervals {
            report.appendIntervals(intervals, rows: includeRows ? result.rows : [], periods: result.periods, includeSensitivity: includeSensitivity)
        }
        for note in notes { report.diagnostics.add(note) }
        if let e = estimated { report.addMember("estimated_capital_share", e) }
        return report
    }
}
