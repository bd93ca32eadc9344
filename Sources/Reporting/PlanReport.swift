import DataIO
import Foundation
import Planning
import Productivity
import Tabular
import Workflow

/// The annual report on a productivity plan (issue 10): the plan table in the
/// layout of a report appendix, the TFP contributions and labour productivity
/// with charts, the budget, and the methods, in Vietnamese or English; as a
/// self-contained HTML page or as a workbook.
public struct PlanReport: Sendable {
    public let plan: Plan
    public let evaluation: PlanEvaluation
    /// Growth accounting and labour productivity of the plan's region, when data were given.
    public let accounting: GrowthAccountingResult?
    public let productivity: LabourProductivity.Result?
    /// The plan's region among the others (`--benchmark`), when given.
    public var benchmark: ProvinceBenchmark.Result? = nil
    /// Intervals and sensitivity of the region's growth accounting, when an assumption was a range (issue 12).
    public var intervals: UncertainAccounting.Result? = nil
    /// How notes name settings (the CLI sets its flags).
    public var naming: Setting.Naming = .library
    public let parameters: [(String, String)]
    public let sources: [String]
    /// The job's notes, worded in the report's language.
    public let notes: [Diagnostics.Note]
    public let language: Language

    public init(
        plan: Plan, evaluation: PlanEvaluation, accounting: GrowthAccountingResult?, productivity: LabourProductivity.Result?,
        parameters: [(String, String)], sources: [String], notes: [Diagnostics.Note], language: Language
    ) {
        self.plan = plan
        self.evaluation = evaluation
        self.accounting = accounting
        self.productivity = productivity
        self.parameters = parameters
        self.sources = sources
        self.notes = notes
        self.language = language
    }

    var vi: Bool { language == .vi }
    var numbers: NumberText { NumberText(language) }
    var wording: PlanWording { PlanWording(language, naming: naming) }
    func t(_ vi: String, _ en: String) -> String { self.vi ? vi : en }

    // MARK: Words

    /// Status words of provincial reports (vi) and their English equivalents.
    public static func statusWord(_ status: TargetStatus, _ language: Language) -> String {
        switch (status, language) {
        case (.met, .vi): "Đạt"
        case (.onTrack, .vi): "Đúng tiến độ"
        case (.atRisk, .vi): "Có nguy cơ không đạt"
        case (.missed, .vi): "Không đạt"
        case (.notYetDue, .vi): "Chưa đến hạn"
        case (.noData, .vi): "Chưa có số liệu"
        case (.overBudget, .vi): "Vượt dự toán"
        case (.error, .vi): "Không đánh giá được"
        case (.met, .en): "Met"
        case (.onTrack, .en): "On track"
        case (.atRisk, .en): "At risk"
        case (.missed, .en): "Missed"
        case (.notYetDue, .en): "Not yet due"
        case (.noData, .en): "No data"
        case (.overBudget, .en): "Over budget"
        case (.error, .en): "Cannot be assessed"
        }
    }

    static let fractionKinds: Set<TargetKind> = [.shareOfGrowth, .growthRate, .growthOfCount, .countVersusBase, .coverage]

    func value(_ v: Double?, kind: TargetKind) -> String {
        guard let v, v.isFinite else { return "–" }
        if Self.fractionKinds.contains(kind) { return numbers.percent(v, digits: 1) }
        return v == v.rounded() && abs(v) < 1e12 ? numbers.integer(Int(v)) : numbers.decimal(v, digits: 1)
    }

    /// The target in words: the plan's number, its bound and its year.
    func planned(_ target: Target, _ e: TargetEvaluation) -> String {
        let statement = e.statement == "main" ? target.main : (target.alternatives.first { ($0.source ?? "alternative") == e.statement } ?? target.main)
        let v = { (x: Double) in self.value(x, kind: target.kind) }
        var bound = ""
        if let lo = statement.floor, let hi = statement.ceiling {
            bound = lo == hi ? v(lo) : "\(v(lo))–\(v(hi))"
        } else if let lo = statement.floor {
            bound = (statement.strict ? t("trên ", "above ") : t("≥ ", "≥ ")) + v(lo)
        } else if let hi = statement.ceiling {
            bound = (statement.strict ? t("dưới ", "below ") : t("≤ ", "≤ ")) + v(hi)
        }
        if statement.approximate { bound = t("khoảng ", "about ") + bound }
        let when: String
        if let due = target.due, target.period == nil {
            when = t("đến năm \(due)", "by \(due)")
        } else if let p = target.period {
            when = (target.kind == .countPerYear || target.kind == .growthOfCount || target.kind == .growthRate ? t("mỗi năm ", "a year, ") : "") + "\(p)"
        } else {
            when = ""
        }
        if target.kind == .budget { return t("dự toán \(plan.period)", "estimate \(plan.period)") }
        if target.kind == .direction { return t("tăng so với \(target.basePeriod.map { "\($0)" } ?? "")", "rise against \(target.basePeriod.map { "\($0)" } ?? "")") }
        return [bound, when].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Actual as a percentage of the plan's number (floors only: a limit has no "% of plan").
    func percentOfPlan(_ e: TargetEvaluation, _ target: Target) -> Double? {
        guard let actual = e.actual, let expected = e.expected, expected != 0, target.main.floor != nil || target.kind == .budget else { return nil }
        // Against what is due by now for counts; against the number itself for shares and rates.
        let goal = Self.fractionKinds.contains(target.kind) ? (target.main.floor ?? expected) : (target.kind == .budget ? expected : (target.main.floor ?? expected))
        guard goal != 0 else { return nil }
        return actual / goal
    }

    // MARK: Tables

    /// The appendix table: STT | Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | Tỷ lệ % so với KH | Đánh giá | Ghi chú.
    public func targetsTable() -> ReportTable {
        var table = ReportTable(
            title: t("Kết quả thực hiện các chỉ tiêu của kế hoạch", "Progress on the plan's targets"),
            columns: [
                .init("stt", .integer), .init("target_wording", .text), .init("unit", .text), .init("planned", .text), .init("actual_text", .text),
                .init("percent_of_plan", .rate), .init("assessment", .text), .init("remarks", .text),
            ])
        for (k, e) in evaluation.evaluations.enumerated() {
            let target = plan.targets.first { $0.label == e.label } ?? plan.targets[0]
            var remarks = wording.evidence(e.evidence)
            if let pace = e.paceNeeded { remarks += t("; cần đạt: ", "; pace needed: ") + wording.text(pace) }
            if let share = e.shareOfScenariosMet {
                remarks +=
                    t("; đạt trong \(numbers.percent(share, digits: 0)) số kịch bản giả định", "; met in \(numbers.percent(share, digits: 0)) of the scenarios")
                    + (e.robust == false ? t(" (kết luận chưa vững)", " (not robust)") : "")
            }
            if e.statement != "main" { remarks = "(\(e.statement)) " + remarks }
            table.append([
                .integer(k + 1), .text("\(e.label). \(target.wording)"), .text(target.unit ?? (Self.fractionKinds.contains(target.kind) ? "%" : "")),
                .text(planned(target, e)), .text(value(e.actual, kind: target.kind)),
                percentOfPlan(e, target).map { .number($0) } ?? .missing,
                .text(Self.statusWord(e.status, language)), .text(remarks),
            ])
        }
        return table
    }

    /// The workbook version: the appendix table, the yearly accounting and productivity, the notes.
    public func workbook() -> Report {
        var report = Report()
        report.add("targets", targetsTable())
        if let accounting {
            var tables = accounting.report()
            if let intervals { tables.appendIntervals(intervals, rows: accounting.rows, periods: accounting.periods, includeSensitivity: true) }
            for (key, table) in tables.tables { report.add(key == "rows" ? "tfp" : "tfp_" + key, table) }
        }
        if let productivity { for (key, table) in productivity.report().tables { report.add(key == "rows" ? "productivity" : "productivity_" + key, table) } }
        for note in methodNotes() { report.diagnostics.note(note) }
        return report
    }

    // MARK: Page

    public func html() -> String {
        var page = HTMLPage(language: language, title: "\(plan.title) — \(plan.region)")
        // 1. Heading
        page.heading(t("Báo cáo tình hình thực hiện kế hoạch nâng cao năng suất", "Report on the productivity plan"), level: 1)
        page.paragraph("\(plan.region) — \(plan.document) (\(plan.date))", className: "subtitle")
        page.paragraph(plan.title, className: "subtitle")
        var facts: [(String, String)] = [
            (t("Tính đến năm", "As of"), "\(evaluation.asOf)"),
            (t("Thời kỳ kế hoạch", "Plan period"), "\(plan.period)"),
        ]
        for source in sources { facts.append((t("Nguồn số liệu", "Data source"), source)) }
        facts += parameters.map {
            (
                label(parameter: $0.0),
                vi
                    ? $0.1.replacingOccurrences(of: "steady state", with: "trạng thái dừng")
                        .replacingOccurrences(of: "benchmark (capital column)", with: "vốn năm gốc (cột capital)")
                        .replacingOccurrences(of: "g over", with: "g tính trên").replacingOccurrences(of: " years", with: " năm") : $0.1
            )
        }
        facts.append((t("Công cụ", "Tool"), "tfp \(ToolVersion.current)"))
        page.facts(facts)

        // 2. Plan table
        page.heading(t("1. Kết quả thực hiện các chỉ tiêu", "1. Progress on the targets"))
        let counts = TargetStatus.allCases.compactMap { s -> String? in
            let n = evaluation.count(s)
            return n == 0 ? nil : "\(n) \(Self.statusWord(s, language).lowercased())"
        }
        page.paragraph(t("Tổng số \(evaluation.evaluations.count) chỉ tiêu: ", "\(evaluation.evaluations.count) targets: ") + counts.joined(separator: ", ") + ".")
        let table = targetsTable()
        var rows: [[String]] = []
        var classes: [String?] = []
        for (k, row) in table.rows.enumerated() {
            var cells = zip(row, table.columns).map { ReportTable.humanText($0, $1.kind, language) }
            let e = evaluation.evaluations[k]
            let target = plan.targets.first { $0.label == e.label }
            if let target, [.countByDate, .budget].contains(target.kind), let fraction = percentOfPlan(e, target) {
                cells[5] = HTML.escape(cells[5]) + SVGChart.progress(fraction, label: cells[5])
            } else {
                cells[5] = HTML.escape(cells[5])
            }
            rows.append(cells)
            classes.append(e.status == .met ? "met" : e.status == .atRisk ? "at-risk" : [.missed, .overBudget, .error].contains(e.status) ? "missed" : nil)
        }
        page.table(
            headers: [
                t("STT", "No."), t("Chỉ tiêu", "Target"), t("ĐVT", "Unit"), t("Kế hoạch", "Plan"), t("Thực hiện", "Actual"),
                t("Tỷ lệ % so với KH", "% of plan"), t("Đánh giá", "Assessment"), t("Ghi chú", "Remarks"),
            ],
            rows: rows, numeric: [0, 4, 5], rawCells: [5], rowClasses: classes, className: "targets")

        // 3. TFP
        page.heading(t("2. Đóng góp của TFP vào tăng trưởng", "2. The contribution of TFP to growth"))
        if let accounting, accounting.rows.contains(where: { $0.outputGrowth != nil }) {
            let rows = accounting.rows.filter { $0.outputGrowth != nil }
            let years = rows.map { String($0.year) }
            let pct = { (v: Double) in self.numbers.percent(v, digits: 1) }
            page.figure(
                svg: SVGChart.stackedBars(
                    title: t("Đóng góp của vốn, lao động và TFP vào tăng trưởng (điểm %)", "Contributions of capital, labour and TFP to growth (points)"),
                    description: t(
                        "Cột chồng theo năm; hình thoi là tốc độ tăng trưởng sản lượng. Số liệu ở bảng dưới.",
                        "Stacked bars by year; the diamonds are output growth. The numbers are in the table below."),
                    categories: years,
                    series: [
                        .init(name: t("Vốn", "Capital"), color: "#4a6fa5", values: rows.map(\.capitalContribution)),
                        .init(name: t("Lao động", "Labour"), color: "#9bb7d4", values: rows.map(\.labourContribution)),
                        .init(name: "TFP", color: "#c98a1b", values: rows.map(\.tfpGrowth)),
                    ],
                    marker: .init(name: t("Tăng trưởng sản lượng", "Output growth"), color: "#222", values: rows.map(\.outputGrowth)),
                    band: nil, yLabel: t("% mỗi năm", "% a year"), format: pct),
                caption: t("Hình 1. Phân rã tăng trưởng theo phương pháp của Tổng cục Thống kê", "Figure 1. Growth decomposition"))
            let shareTargets = plan.targets.filter { $0.kind == .shareOfGrowth }
            let band: SVGChart.Band? = shareTargets.first.flatMap { t0 in
                guard let lo = t0.main.floor else { return nil }
                let hi = t0.main.ceiling ?? lo
                return SVGChart.Band(low: lo, high: hi, label: t("Kế hoạch: ", "Plan: ") + (lo == hi ? pct(lo) : "\(pct(lo))–\(pct(hi))"))
            }
            page.figure(
                svg: SVGChart.stackedBars(
                    title: t("Tỷ trọng đóng góp của TFP vào tăng trưởng", "TFP share of growth"),
                    description: t("Cột theo năm; dải màu là chỉ tiêu của kế hoạch.", "Bars by year; the shaded band is the plan's target."),
                    categories: years, series: [.init(name: t("Tỷ trọng TFP", "TFP share"), color: "#c98a1b", values: rows.map(\.tfpShare))],
                    marker: nil, band: band, yLabel: "%", format: pct,
                    whiskers: rows.map { r in intervals?.rows[UncertainAccounting.rowKey(r)]?.tfpShare.map { (low: $0.low, high: $0.high) } },
                    whiskerLabel: intervals.map { t("khoảng \(numbers.percent($0.interval, digits: 0)) các kịch bản", "\(numbers.percent($0.interval, digits: 0)) interval of the scenarios") } ?? ""),
                caption: t("Hình 2. Tỷ trọng đóng góp của TFP so với chỉ tiêu", "Figure 2. TFP share against the target"))
            // The page shows the columns a reader needs; the workbook has them all.
            var compact = ReportTable(
                title: "",
                columns: [
                    .init("year", .integer), .init("output_growth", .rate), .init("capital_contribution", .rate),
                    .init("labour_contribution", .rate), .init("tfp_growth", .rate), .init("tfp_share", .rate),
                ])
            for r in rows {
                compact.append([
                    .integer(r.year), r.outputGrowth.map { .number($0) } ?? .missing, r.capitalContribution.map { .number($0) } ?? .missing,
                    r.labourContribution.map { .number($0) } ?? .missing, r.tfpGrowth.map { .number($0) } ?? .missing,
                    r.tfpShare.map { .number($0) } ?? .missing,
                ])
            }
            page.table(
                compact, caption: t("Bảng 2. Hạch toán tăng trưởng (tỷ trọng không xác định khi sản lượng không tăng)", "Table 2. Growth accounting (shares are undefined when output does not grow)"))
            uncertaintySection(&page, accounting: accounting, band: band)
        } else {
            page.paragraph(
                t(
                    "Không có số liệu để tính (cần sản lượng, vốn hoặc đầu tư, lao động)\(wording.flagInParentheses(.data)).",
                    "No data to compute it (output, capital or investment, employment)\(wording.flagInParentheses(.data))."), className: "muted")
        }

        // 4. Labour productivity
        page.heading(t("3. Năng suất lao động", "3. Labour productivity"))
        if let productivity, !productivity.rows.isEmpty {
            let growthTarget = plan.targets.first { $0.kind == .growthRate }?.main.floor
            page.figure(
                svg: SVGChart.lines(
                    title: t("Tốc độ tăng năng suất lao động", "Labour productivity growth"),
                    description: t("Đường theo năm; đường đứt là chỉ tiêu của kế hoạch.", "Line by year; the dashed line is the plan's target."),
                    categories: productivity.rows.map { String($0.year) },
                    series: [.init(name: t("Tăng năng suất lao động", "Growth of output per worker"), color: "#4a6fa5", values: productivity.rows.map(\.growthPerWorker))],
                    target: growthTarget.map { SVGChart.Band(low: $0, high: $0, label: t("Kế hoạch: ", "Plan: ") + numbers.percent($0, digits: 1)) },
                    yLabel: t("% mỗi năm", "% a year"), format: { self.numbers.percent($0, digits: 1) }),
                caption: t("Hình 3. Tăng năng suất lao động so với chỉ tiêu", "Figure 3. Labour productivity growth against the target"))
            var compact = ReportTable(
                title: "",
                columns: [
                    .init("year", .integer), .init("output", .level), .init("employment", .level),
                    .init("output_per_worker", .level), .init("growth_per_worker", .rate),
                ])
            for r in productivity.rows {
                compact.append([.integer(r.year), .number(r.output), .number(r.employment), .number(r.outputPerWorker), r.growthPerWorker.map { .number($0) } ?? .missing])
            }
            page.table(compact, caption: t("Bảng 3. Năng suất lao động (sản lượng / lao động, theo đơn vị của số liệu)", "Table 3. Labour productivity (output / employment, in the data's units)"))
        } else {
            page.paragraph(t("Không có số liệu.", "No data."), className: "muted")
        }

        // 5. Budget
        let budgets = evaluation.evaluations.filter { $0.kind == .budget }
        if !budgets.isEmpty {
            page.heading(t("4. Kinh phí", "4. Budget"))
            for e in budgets {
                page.paragraph("\(e.label): \(Self.statusWord(e.status, language)) — \(wording.evidence(e.evidence))")
                page.list(e.findings.map(wording.text))
            }
        }

        // 6. Benchmark
        if let benchmark {
            page.heading(t("5. So sánh với các địa phương", "5. Among the other regions"))
            let key = RegionReference.key(plan.region)
            let own = benchmark.standings.filter { RegionReference.key($0.region) == key }
            if own.isEmpty {
                page.paragraph(t("Dữ liệu so sánh không có \(plan.region).", "The benchmark data do not include \(plan.region)."), className: "muted")
            } else {
                let names: [String: (String, String)] = [
                    "labour_productivity": ("Năng suất lao động", "Labour productivity"),
                    "labour_productivity_growth": ("Tăng năng suất lao động", "Labour productivity growth"),
                    "output_growth": ("Tăng trưởng sản lượng", "Output growth"), "capital_deepening": ("Tăng vốn trên lao động", "Capital deepening"),
                    "tfp_growth": ("Tăng trưởng TFP", "TFP growth"), "tfp_share": ("Tỷ trọng đóng góp của TFP", "TFP share"),
                ]
                let rows = own.map { s -> [String] in
                    let name = names[s.indicator].map { vi ? $0.0 : $0.1 } ?? s.indicator
                    let value = s.indicator == "labour_productivity" ? numbers.decimal(s.value, digits: 1) : numbers.percent(s.value, digits: 1)
                    return [
                        name, value, "\(s.rank)/\(s.regions)", numbers.percent(s.percentile, digits: 0),
                        s.rankInPeers.map { "\($0)/\(s.peersCount ?? 0)" } ?? "–", s.peerGroup ?? "–",
                    ]
                }
                page.table(
                    headers: [
                        t("Chỉ số", "Indicator"), t("Giá trị", "Value"), t("Xếp hạng", "Rank"), t("Phân vị", "Percentile"),
                        t("Hạng trong vùng", "Rank in peers"), t("Vùng", "Peer group"),
                    ],
                    rows: rows, numeric: [1, 2, 3, 4],
                    caption: t(
                        "Bảng 4. Vị trí của \(plan.region) (năm \(benchmark.period.upperBound))",
                        "Table 4. \(plan.region)'s standing (\(benchmark.period.upperBound))"))
                let levels = benchmark.standings.filter { $0.indicator == "labour_productivity" }
                    .map { (label: $0.region, value: $0.value, highlighted: RegionReference.key($0.region) == key) }
                if levels.count > 1 {
                    let median = levels.map(\.value).sorted()[levels.count / 2]
                    page.figure(
                        svg: SVGChart.dots(
                            title: t("Năng suất lao động các địa phương, năm \(benchmark.period.upperBound)", "Labour productivity by region, \(benchmark.period.upperBound)"),
                            description: t("Mỗi chấm là một địa phương; \(plan.region) được tô đậm.", "One dot per region; \(plan.region) is highlighted."),
                            items: levels, reference: SVGChart.Band(low: median, high: median, label: t("Trung vị", "Median")),
                            xLabel: t("sản lượng / lao động (đơn vị của số liệu)", "output / employment (the data's units)"),
                            format: { self.numbers.decimal($0, digits: 0) }),
                        caption: t("Hình 4. So sánh năng suất lao động", "Figure 4. Labour productivity compared"))
                }
                let gaps = benchmark.gaps.filter { RegionReference.key($0.region) == key }
                page.list(
                    gaps.map { g in
                        let pct = numbers.percent(exp(g.logGap) - 1, digits: 1)
                        return vi
                            ? "So với \(g.versus.replacingOccurrences(of: "best", with: "cao nhất").replacingOccurrences(of: "median", with: "trung vị")): năng suất lao động cao hơn \(pct)."
                            : "Against \(g.versus): output per worker \(pct) higher."
                    })
            }
        }

        // 7. Methods and caveats
        page.heading(t("6. Phương pháp và lưu ý", "6. Methods and caveats"))
        page.list(methodNotes())
        return page.render()
    }

    /// How sure the period's TFP share is (issue 12): its interval over the scenarios and
    /// the tornado chart of the assumptions, with the table beside it.
    func uncertaintySection(_ page: inout HTMLPage, accounting: GrowthAccountingResult, band: SVGChart.Band?) {
        guard let intervals, let p = accounting.periods.first else { return }
        let pct = { (v: Double) in self.numbers.percent(v, digits: 1) }
        let key = UncertainAccounting.periodKey(p)
        let span = p.from == p.to ? "\(p.from)" : "\(p.from)-\(p.to)"
        if let share = p.tfpShare, let b = intervals.periods[key]?.tfpShare {
            page.paragraph(
                t(
                    "Độ tin cậy: tỷ trọng đóng góp của TFP \(p.from == p.to ? "năm" : "giai đoạn") \(span) là \(pct(share)) ở giá trị giữa của các giả định; trên \(numbers.integer(intervals.scenarios)) kịch bản giả định, khoảng \(numbers.percent(intervals.interval, digits: 0)) ở giữa là \(pct(b.low)) – \(pct(b.high)) (trung vị \(pct(b.median))).",
                    "How sure: the TFP share of \(span) is \(pct(share)) at the centre of the assumptions; over \(numbers.integer(intervals.scenarios)) scenarios its central \(numbers.percent(intervals.interval, digits: 0)) interval is \(pct(b.low)) – \(pct(b.high)) (median \(pct(b.median)))."
                ))
        }
        let rows = intervals.sensitivity.filter { $0.series == key }
        guard let centre = p.tfpShare, !rows.isEmpty else { return }
        func name(_ assumption: String) -> String {
            guard vi else { return assumption }
            switch assumption {
            case "capital share α": return "Hệ số vốn α"
            case "depreciation δ": return "Tỷ lệ khấu hao δ"
            case "initial-stock growth years": return "Số năm tính vốn ban đầu"
            case "initial capital-output ratio κ": return "Tỷ lệ vốn/sản lượng ban đầu κ"
            default: return assumption
            }
        }
        let value = { (v: Double, assumption: String) -> String in
            assumption.hasPrefix("initial-stock") ? self.numbers.integer(Int(v)) : self.numbers.decimal(v, digits: assumption.hasPrefix("initial capital") ? 2 : 3)
        }
        page.figure(
            svg: SVGChart.tornado(
                title: t("Độ nhạy của tỷ trọng TFP \(p.from == p.to ? "năm" : "giai đoạn") \(span) theo từng giả định", "Sensitivity of the \(span) TFP share to each assumption"),
                description: t(
                    "Mỗi thanh là một giả định ở giá trị thấp và cao, các giả định khác ở giá trị giữa; đường đứt là kết quả ở giá trị giữa. Số liệu ở bảng dưới.",
                    "Each bar is one assumption at its low and high value, the others at their centre; the dashed line is the central result. The numbers are in the table below."),
                centre: centre,
                bars: rows.compactMap { r in
                    guard let a = r.shareAtLow, let b = r.shareAtHigh else { return nil }
                    return SVGChart.TornadoBar(label: name(r.assumption), lowValue: value(r.low, r.assumption), highValue: value(r.high, r.assumption), atLow: a, atHigh: b)
                },
                band: band, lowLegend: t("Giả định ở giá trị thấp", "Assumption at its low value"), highLegend: t("Giả định ở giá trị cao", "Assumption at its high value"),
                xLabel: t("tỷ trọng đóng góp của TFP (%)", "TFP share of growth (%)"), format: pct),
            caption: t("Hình 2b. Giả định nào quyết định kết quả", "Figure 2b. Which assumption decides the result"))
        page.table(
            headers: [
                t("Giả định", "Assumption"), t("Thấp", "Low"), t("Cao", "High"), t("Tỷ trọng TFP khi thấp", "TFP share at low"),
                t("Tỷ trọng TFP khi cao", "TFP share at high"), t("Chênh lệch (điểm %)", "Swing (points)"),
            ],
            rows: rows.map { r in
                [
                    name(r.assumption), value(r.low, r.assumption), value(r.high, r.assumption),
                    r.shareAtLow.map(pct) ?? "–", r.shareAtHigh.map(pct) ?? "–",
                    r.swing.map { numbers.decimal($0 * 100, digits: 1) } ?? "–",
                ]
            },
            numeric: [1, 2, 3, 4, 5], caption: t("Bảng 2b. Độ nhạy theo từng giả định", "Table 2b. Sensitivity to each assumption"))
    }

    func label(parameter: String) -> String {
        guard vi else { return parameter }
        switch parameter {
        case "method": return "Phương pháp"
        case "capital share α": return "Hệ số vốn α"
        case "shares file": return "Tệp hệ số"
        case "depreciation δ": return "Tỷ lệ khấu hao δ"
        case "initial stock": return "Vốn ban đầu"
        default: return parameter
        }
    }

    func methodNotes() -> [String] {
        var out = [
            t(
                "Tăng trưởng TFP = tăng trưởng sản lượng − α × tăng trưởng vốn − (1 − α) × tăng trưởng lao động (phương pháp của Tổng cục Thống kê); tỷ trọng đóng góp = tăng trưởng TFP / tăng trưởng sản lượng.",
                "TFP growth = output growth − α × capital growth − (1 − α) × labour growth (statistics office method); share = TFP growth / output growth."),
            t(
                "Tỷ trọng đóng góp không xác định khi sản lượng không tăng; tỷ trọng trên 100% nghĩa là TFP tăng trong khi vốn và lao động cùng giảm.",
                "A share is undefined when output does not grow; above 100% means TFP grew while capital and labour together fell."),
            t(
                "Năm không có báo cáo không được tính là 0; các năm thiếu được ghi trong phần ghi chú.",
                "A year without a report is not counted as zero; missing years are named in the remarks."),
        ]
        for e in evaluation.evaluations { for f in e.findings { out.append("\(e.label): \(wording.text(f))") } }
        out += notes.map(NoteWording(language, naming: naming).text)
        return out
    }
}
