import Foundation
import Planning
import Tabular

/// The words of plan evaluations (issue 9, "wording belongs to Reporting"; issue 10):
/// each `Phrase` of the evaluation's evidence, findings and pace in English or in
/// Vietnamese. English is the wording of the CSV and JSON contract (`evidence`,
/// `pace_needed`, the notes) and keeps its number style (2 decimals, `5.08%`);
/// Vietnamese is for the report page and workbook (`5,08%`, `1.234,5`).
///
/// Vietnamese terms follow provincial report usage (báo cáo tình hình thực hiện):
/// "lũy kế" for cumulated counts, "kế hoạch" for what the plan schedules, "giải ngân" for
/// disbursement, "dự toán" for the budget estimate, "điểm gãy chuỗi số liệu" for a
/// series break. A native reader should check them (closing note of issue 10).
public struct PlanWording: Sendable {
    public let language: Language
    /// How the settings a phrase points to are named (the CLI names its flags).
    public let naming: Setting.Naming
    public init(_ language: Language, naming: Setting.Naming = .library) {
        self.language = language
        self.naming = naming
    }

    /// " (--data)" when settings are named by flags, nothing otherwise (the sentence already says it).
    func flagInParentheses(_ setting: Setting) -> String {
        let named = Setting.render(setting.reference, naming: naming)
        return named.hasPrefix("-") ? " (\(named))" : ""
    }

    var vi: Bool { language == .vi }
    var numbers: NumberText { NumberText(language) }

    /// Evidence as one text: phrases joined by "; ", the parenthetical ones by a space.
    public func evidence(_ phrases: [Phrase]) -> String {
        var out = ""
        for p in phrases {
            let text = self.text(p)
            if out.isEmpty { out = text } else if Self.attached.contains(p.key) { out += " " + text } else { out += "; " + text }
        }
        return out
    }

    /// Phrases that qualify the one before them, in parentheses.
    static let attached: Set<Phrase.Key> = [.planYearsSoFar, .outputGrowthAYear, .disbursed]

    // MARK: Values

    func count(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return vi ? numbers.integer(Int(x), grouped: false) : String(Int(x)) }
        return vi ? numbers.decimal(x, digits: 2, grouped: false) : String(format: "%.2f", x)
    }

    func count1(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return vi ? numbers.integer(Int(x), grouped: false) : String(Int(x)) }
        return vi ? numbers.decimal(x, digits: 1, grouped: false) : String(format: "%.1f", x)
    }

    func percent(_ x: Double) -> String { vi ? numbers.percent(x, digits: 2) : String(format: "%.2f%%", x * 100) }

    func value(_ v: Phrase.Value) -> String {
        switch v {
        case .number(let x): count(x)
        case .number1(let x): count1(x)
        case .percent(let x): percent(x)
        case .year(let y): String(y)
        case .years(let r): r.description
        case .yearList(let ys): ys.map(String.init).joined(separator: ", ")
        case .text(let t): t
        case .phrase(let p): text(p)
        case .list(let ps): ps.map(text).joined(separator: ", ")
        case .note(let n): NoteWording(language, naming: naming).valueNote(n)
        }
    }

    // MARK: Phrases

    /// The phrase in words; a setting it points to (in its own words or in text worded elsewhere,
    /// such as a data note) is named as `naming` names settings.
    public func text(_ p: Phrase) -> String { Setting.render(words(p), naming: naming) }

    func words(_ p: Phrase) -> String {
        let v = p.values.map(value)
        func at(_ k: Int) -> String { k < v.count ? v[k] : "" }
        func t(_ vi: String, _ en: String) -> String { self.vi ? vi : en }
        switch p.key {
        case .periodStartsIn: return t("thời kỳ của chỉ tiêu bắt đầu từ năm \(at(0))", "the target's period starts in \(at(0))")
        case .noDueYear: return t("chỉ tiêu không có năm phải đạt", "the target has no due year")
        case .noNumber: return t("chỉ tiêu không có con số", "no number")
        case .noBasePeriod: return t("chỉ tiêu không có kỳ gốc", "the target has no base period")
        case .noActualValuesFor: return t("chưa có số liệu thực hiện của '\(at(0))' cho \(at(1))", "no actual values of '\(at(0))' for \(at(1))")
        case .noActualValues: return t("chưa có số liệu thực hiện của '\(at(0))'", "no actual values of '\(at(0))'")
        case .noActualValuesConsecutive: return t("chưa có số liệu thực hiện của '\(at(0))' cho các năm liên tiếp", "no actual values of '\(at(0))' for consecutive years")
        case .noActualValuesUpTo: return t("chưa có số liệu thực hiện của '\(at(0))' đến năm \(at(1))", "no actual values of '\(at(0))' up to \(at(1))")
        case .needsBaseAndWindow: return t("cần số liệu '\(at(0))' của kỳ gốc \(at(1)) và của \(at(2))", "needs '\(at(0))' for the base period \(at(1)) and for \(at(2))")
        case .baseAveragesZero: return t("kỳ gốc \(at(0)) bình quân bằng 0 nên không tính được tỷ lệ thay đổi", "the base period \(at(0)) averages 0, so no percentage change can be computed")
        case .needsData:
            return t(
                "chỉ tiêu tính từ số liệu: cần bảng số liệu sản lượng, vốn hoặc đầu tư, lao động\(flagInParentheses(.data))",
                Setting.render("computed from data: give \(Setting.data.reference) (a panel with output, capital or investment, employment)", naming: naming))
        case .noValue: return t("không có giá trị", "no value")
        case .cumulative: return t("lũy kế \(at(0)) trong \(at(1)) (\(at(2)))", "\(at(0)) in \(at(1)) (\(at(2)))")
        case .yearCount, .yearPercent: return "\(at(0)): \(at(1))"
        case .yearCountInParentheses, .yearPercentInParentheses: return "\(at(0)) (\(at(1)))"
        case .values: return at(0)
        case .shortIn: return t("không đạt năm \(at(0))", "short in \(at(0))")
        case .aboveLimitIn: return t("vượt giới hạn năm \(at(0))", "above the limit in \(at(0))")
        case .aboveStatedRange: return t("vượt khoảng nêu trong kế hoạch", "above the stated range")
        case .aboveLimit: return t("vượt giới hạn", "above the limit")
        case .valueAboveStatedRange: return t("\(at(0)): \(at(1)) vượt khoảng nêu trong kế hoạch", "\(at(0)): \(at(1)) is above the stated range")
        case .versusBase:
            return t(
                "\(at(0)) trong \(at(1)) năm có báo cáo của \(at(2)) (\(at(3)) mỗi năm) so với \(at(4)) trong \(at(5)) năm có báo cáo của \(at(6)) (\(at(7)) mỗi năm): \(at(8))",
                "\(at(0)) in \(at(1)) reported year(s) of \(at(2)) (\(at(3)) a year) against \(at(4)) in \(at(5)) reported year(s) of \(at(6)) (\(at(7)) a year): \(at(8))")
        case .percentIn: return t("\(at(0)) năm \(at(1))", "\(at(0)) in \(at(1))")
        case .cumulatedAgainstSchedule: return t("\(at(0)): lũy kế \(at(1)), kế hoạch \(at(2))", "\(at(0)): \(at(1)) cumulated against \(at(2)) scheduled")
        case .missingReports: return t("chưa có báo cáo năm \(at(0)) (không tính là 0: dùng các năm có báo cáo)", "no report for \(at(0)) (not counted as zero: the reported years are used)")
        case .missingReportsInBase:
            return t("kỳ gốc chưa có báo cáo năm \(at(0)) (không tính là 0: dùng các năm có báo cáo)", "no report in the base period for \(at(0)) (not counted as zero: the reported years are used)")
        case .noValueFor: return t("không có giá trị năm \(at(0))", "no value for \(at(0))")
        case .noValueForGrowth: return t("không có giá trị năm \(at(0)) (tính tăng trưởng cần cả năm trước)", "no value for \(at(0)) (growth needs the year before too)")
        case .tfpShareOver: return t("tỷ trọng đóng góp của TFP \(at(0)) trong \(at(1))", "TFP share of growth \(at(0)) over \(at(1))")
        case .averageGrowthOver: return t("tăng bình quân \(at(0)) trong \(at(1))", "average growth \(at(0)) over \(at(1))")
        case .planYearsSoFar: return t("(các năm kế hoạch đến nay; chỉ tiêu tính cho \(at(0)))", "(the plan's years so far; the target is for \(at(0)))")
        case .outputGrowthAYear: return t("(tăng trưởng sản lượng \(at(0)) mỗi năm)", "(output growth \(at(0)) a year)")
        case .shareAbove100: return t("trên 100%: TFP tăng trong khi vốn và lao động cộng lại giảm", "above 100%: TFP grew while capital and labour together fell")
        case .shareNegative: return t("âm: vốn và lao động tăng nhanh hơn sản lượng", "negative: capital and labour grew faster than output")
        case .notComparableAcrossBreaks: return t("không so sánh được qua điểm gãy chuỗi số liệu năm \(at(0))", "not comparable across the series break in \(at(0))")
        case .seriesBreak: return t("điểm gãy chuỗi số liệu năm \(at(0)): \(at(1)) (\(at(2)))", "series break in \(at(0)): \(at(1)) (\(at(2)))")
        case .dataEndIn: return t("số liệu đến năm \(at(0)); \(at(1)) chưa có", "data end in \(at(0)); \(at(1)) not yet covered")
        case .latestTfpShare: return t("số liệu gần nhất: tỷ trọng đóng góp của TFP \(at(0)) trong \(at(1))", "latest in the data: TFP share of growth \(at(0)) over \(at(1))")
        case .latestAverageGrowth: return t("số liệu gần nhất: tăng bình quân \(at(0)) trong \(at(1))", "latest in the data: average growth \(at(0)) over \(at(1))")
        case .latestNote: return t("số liệu gần nhất (\(at(0))): \(at(1))", "latest in the data (\(at(0))): \(at(1))")
        case .valueNote: return v.count > 1 ? "\(at(0)): \(at(1))" : at(0)
        case .tfpShareAgainst: return t("tỷ trọng đóng góp của TFP \(at(0)) trong \(at(1)) so với \(at(2)) trong \(at(3))", "TFP share \(at(0)) over \(at(1)) against \(at(2)) over \(at(3))")
        case .paceCount:
            let unit = at(1).isEmpty ? t("đơn vị", "units") : at(1)
            return t("\(at(0)) \(unit) trong năm \(at(2))", "\(at(0)) \(unit) in \(at(2))")
        case .paceCountAYear:
            let unit = at(1).isEmpty ? t("đơn vị", "units") : at(1)
            return t("\(at(0)) \(unit) mỗi năm trong \(at(2))", "\(at(0)) \(unit) a year over \(at(2))")
        case .paceAYear: return t("\(at(0)) mỗi năm trong \(at(1))", "\(at(0)) a year over \(at(1))")
        case .paceTfpGrowth:
            return t("TFP tăng ít nhất \(at(0)) mỗi năm, nếu sản lượng tiếp tục tăng \(at(1)) mỗi năm", "TFP growth of at least \(at(0)) a year, if output keeps growing \(at(1)) a year")
        case .pacePercentAYear: return t("\(at(0)) mỗi năm trong \(at(1))", "\(at(0)) a year over \(at(1))")
        case .budgetPlanned:
            let problems = p.values.count > 4 ? v[4] : "0"
            let does = problems == "1" ? "does" : "do"
            return t(
                "kế hoạch \(at(0)) \(at(1)) trong \(at(2)); đã kiểm tra \(at(3)) số tổng in trong văn bản, \(problems) số không khớp",
                "planned \(at(0)) \(at(1)) over \(at(2)); \(at(3)) printed sums checked, \(problems) \(does) not add up")
        case .noSpendingReported: return t("chưa có báo cáo chi", "no spending reported")
        case .spentOfPlanned: return t("đã chi \(at(0)) trên \(at(1)) theo kế hoạch đến \(at(2))", "spent \(at(0)) of \(at(1)) planned for \(at(2))")
        case .disbursed: return t("(giải ngân \(at(0)))", "(\(at(0)) disbursed)")
        case .spendingAboveEstimate: return t("chi vượt dự toán", "spending is above the estimate")
        case .overEstimateOnLines: return t("trong tổng dự toán nhưng vượt dự toán ở \(at(0))", "within the total, but over the estimate on \(at(0))")
        case .lineName: return t("mục \(at(0)) (\(at(1)))", "line \(at(0)) (\(at(1)))")
        case .lineOverEstimate:
            return t(
                "mục \(at(0)): đã chi \(at(1)) so với \(at(2)) theo kế hoạch đến \(at(3)) (giải ngân \(at(4))): vượt dự toán",
                "line \(at(0)): spent \(at(1)) against \(at(2)) planned for \(at(3)) (\(at(4)) disbursed): over the estimate")
        case .printedComputed: return t("\(at(0)): số in \(at(1)), số tính lại \(at(2))", "\(at(0)): printed \(at(1)), computed \(at(2))")
        case .lineTotal: return t("tổng mục \(at(0))", "line \(at(0)) total")
        case .lineYear: return t("mục \(at(0)), năm \(at(1))", "line \(at(0)), \(at(1))")
        case .grandTotalYear: return t("tổng cộng, năm \(at(0))", "grand total, \(at(0))")
        case .grandTotalOfLines: return t("tổng cộng (cộng các mục)", "grand total (sum of the lines)")
        case .grandTotalOfYearlyTotals: return t("tổng cộng (cộng các tổng năm in trong văn bản)", "grand total (sum of the printed yearly totals)")
        case .notRobust:
            let share: String = {
                guard case .percent(let x)? = p.values.dropFirst().first else { return at(1) }
                return vi ? numbers.percent(x, digits: 0) : "\(Int((x * 100).rounded()))%"
            }()
            let status = TargetStatus(rawValue: at(0)).map { PlanReport.statusWord($0, language) } ?? at(0)
            return t(
                "\(status) ở giá trị giữa của các giả định, chưa vững: đạt trong \(share) của \(at(2)) kịch bản (quy tắc: kết luận vững khi ít nhất 90% kịch bản đồng ý)",
                "\(at(0)) at the central assumptions, not robust: met in \(share) of \(at(2)) scenarios (the rule: a status is robust when at least 90% of scenarios agree)")
        case .quoted, .quotedNote: return at(0)
        }
    }
}
