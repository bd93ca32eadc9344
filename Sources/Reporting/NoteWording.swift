import DataIO

/// The words of computations' notes (`Diagnostics.Note`): English for the CSV/JSON
/// contract and terminal tables (the sentences are those of TFPKit 0.5, unchanged),
/// Vietnamese for workbooks and report pages (issue 9, "wording belongs to Reporting").
public struct NoteWording: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }

    var vi: Bool { language == .vi }
    func t(_ vietnamese: String, _ english: String) -> String { vi ? vietnamese : english }
    func list(_ names: [String]) -> String { names.joined(separator: ", ") }

    public func text(_ note: Diagnostics.Note) -> String {
        switch note {
        case .text(let s): s
        case .factorMissingForSomeSeries(let factor, let missing, let total, let examples):
            t(
                "Thiếu \(factor) ở \(missing) trên \(total) chuỗi (\(list(examples))\(missing > examples.count ? ", …" : "")); đầu vào lao động được đo không có \(factor) cho mọi chuỗi để so sánh trên cùng một thước đo.",
                "\(factor) is missing for \(missing) of \(total) series (\(list(examples))\(missing > examples.count ? ", …" : "")); labour input is measured without \(factor) for every series, so that all are compared on one measure."
            )
        case .factorMissingInSeries(let series, let factor):
            t(
                "\(series): không có \(factor) ở năm nào; đầu vào lao động được đo không có yếu tố này.",
                "\(series): no \(factor) in any year; labour input is measured without it.")
        case .labourShareOfTheYear:
            t(
                "Phương pháp của cơ quan thống kê với cột labour_share: tỷ trọng của năm t dùng cho tăng trưởng của năm t.",
                "Statistics office method with a labour_share column: the share of year t is used for the growth of year t.")
        case .gapAnnualised(let series, let from, let to, let years):
            t(
                "\(series): không có số liệu giữa \(from) và \(to); tăng trưởng năm \(to) được tính bình quân năm qua \(years) năm.",
                "\(series): no data between \(from) and \(to); growth in \(to) is annualised over \(years) years.")
        case .noBaseYear(let series, let year):
            t(
                "\(series): không có số liệu năm gốc \(year); không có chỉ số TFP.",
                "\(series): no data for the base year \(year); its TFP index is not given.")
        case .unitNotComputed(let unit, let year, let missing, let members):
            t(
                "\(unit) \(year): không tính được, thiếu \(list(missing)) (của \(list(members))).",
                "\(unit) \(year): not computed, \(list(missing)) missing (of \(list(members))).")
        case .memberMissing(let unit, let year, let role):
            t(
                "\(unit) \(year): một đơn vị thành phần thiếu \(role); để trống.",
                "\(unit) \(year): \(role) missing for a member; left empty.")
        case .notInFrontier(let year, let regions):
            t(
                "\(year): \(list(regions)) không có trong đường biên (không có số liệu).",
                "\(year): \(list(regions)) not in the frontier (no data).")
        case .noStepBetween(let from, let to):
            t(
                "Không có số liệu các năm giữa \(from) và \(to): không có chỉ số cho bước này.",
                "No data for the years between \(from) and \(to): no index for that step.")
        case .stepFailed(let region, let from, let to, let reason):
            "\(region) \(from)-\(to): \(reason)"
        case .noIndexFor(let from, let to, let regions):
            t(
                "\(from)-\(to): không có chỉ số cho \(list(regions)) (thiếu năm \(to)).",
                "\(from)-\(to): no index for \(list(regions)) (missing in \(to)).")
        case .notRanked(let series, let base, let last):
            t(
                "\(series): không có số liệu năm \(base) và \(last); không xếp hạng.",
                "\(series): no data for \(base) and \(last); not ranked.")
        case .rankIntervals(let draws):
            t(
                "Khoảng thứ hạng của tăng trưởng TFP và tỷ trọng TFP: phân vị 5-95 qua \(draws) lần bootstrap tỷ trọng vốn.",
                "Rank intervals for TFP growth and share: 5th-95th percentiles over \(draws) bootstrap draws of the capital share.")
        case .convergenceNotEstimated(let indicator, let reason):
            t(
                "Hội tụ β (\(indicator)) không ước lượng được: \(reason)",
                "β-convergence (\(indicator)) not estimated: \(reason)")
        case .convergenceNeedsRegions(let base, let last):
            t(
                "Hội tụ β cần ít nhất 4 địa phương có số liệu năm \(base) và \(last).",
                "β-convergence needs at least 4 regions with data for \(base) and \(last).")
        case .ranksAsGiven:
            t(
                "Thứ hạng xếp theo giá trị như đã cho; với tỷ trọng vốn ước lượng, thứ hạng TFP có khoảng bootstrap.",
                "Ranks rank the values as given; with an estimated capital share TFP ranks get bootstrap intervals.")
        }
    }

    /// The notes of a computation for people: the count of dropped rows by reason, then the notes.
    public func summary(_ diagnostics: Diagnostics) -> [String] {
        var lines: [String] = []
        let dropped = diagnostics.droppedRows
        if !dropped.isEmpty {
            var byReason: [String: Int] = [:]
            for row in dropped { byReason[row.reason, default: 0] += 1 }
            let reasons = byReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
            lines.append(t("\(dropped.count) dòng không dùng: ", "\(dropped.count) row(s) not used: ") + reasons)
        }
        return lines + notes(diagnostics)
    }

    /// Every note in words.
    public func notes(_ diagnostics: Diagnostics) -> [String] { diagnostics.entries.map(text) }
}
