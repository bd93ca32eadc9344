import DataIO
import Econometrics
import Foundation
import Tabular

/// The words of computations' notes (`Diagnostics.Note`): English for the CSV/JSON
/// contract and terminal tables (the sentences are those of TFPKit 0.5, unchanged),
/// Vietnamese for workbooks and report pages (issue 9, "wording belongs to Reporting").
public struct NoteWording: Sendable {
    public let language: Language
    /// How settings named in a note are said (the CLI says its flags; a Swift user reads words).
    public let naming: Setting.Naming
    public init(_ language: Language, naming: Setting.Naming = .library) {
        self.language = language
        self.naming = naming
    }

    var vi: Bool { language == .vi }
    func t(_ vietnamese: String, _ english: String) -> String { vi ? vietnamese : english }
    func list(_ names: [String]) -> String { names.joined(separator: ", ") }

    /// The note in words, settings named by `naming`.
    public func text(_ note: Diagnostics.Note) -> String { Setting.render(words(note), naming: naming) }

    func words(_ note: Diagnostics.Note) -> String {
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
        case .capitalBuilt(let depreciation, let initialStocks):
            t("Vốn tính từ đầu tư theo phương pháp kiểm kê liên tục (δ = \(depreciation)); ", "Capital built from investment by perpetual inventory (δ = \(depreciation)); ")
                + initialStocks.map(initialStock).joined(separator: "; ")
        case .initialStock(let stock): t("Vốn ban đầu: ", "Initial stock: ") + initialStock(stock)
        case .scenariosLowered(let draws, let rows):
            t(
                "\(draws) kịch bản thay cho 10.000: bảng số liệu có \(rows) dòng (chọn \(Setting.draws.reference), tối đa \(draws)).",
                "\(draws) scenarios instead of 10,000: the panel has \(rows) rows (give \(Setting.draws.reference) to choose, up to \(draws)).")
        case .scenariosCapped(let draws, let rows):
            t(
                "Đã rút \(draws) kịch bản: nhiều hơn sẽ vượt khối lượng của một lần chạy với \(rows) dòng.",
                "\(draws) scenarios were drawn: more would exceed one run's work for \(rows) rows.")
        case .scenarioSetup(let interval, let scenarios, let seed, let alpha, let delta, let growthYears, let kappa):
            t(
                "Khoảng: \(Int((interval * 100).rounded()))% ở giữa của \(scenarios) kịch bản (seed \(seed)); các giả định rút cùng nhau: ",
                "Intervals: the central \(Int((interval * 100).rounded()))% of \(scenarios) scenarios (seed \(seed)); assumptions drawn together: ")
                + [
                    alpha.map { "α \($0)" }, delta.map { "δ \($0)" },
                    growthYears.map { t("số năm tăng trưởng của vốn ban đầu \($0)", "initial-stock growth years \($0)") },
                    kappa.map { t("tỷ lệ vốn/sản lượng ban đầu κ \($0)", "initial capital-output ratio κ \($0)") },
                ].compactMap { $0 }.joined(separator: ", ")
                + t("; phân vị theo quy tắc loại 7 của R. Giá trị điểm tính tại tâm của mỗi giả định.", "; quantiles by R's type 7 rule. Point values are computed at the centre of each assumption.")
        case .scenariosFailed(let failed, let total, let reasons, let reasonCounts, let series, let seriesCounts):
            t("\(failed) trên \(total) kịch bản-chuỗi không tính được: ", "\(failed) of \(total) series-scenarios could not be computed: ")
                + zip(reasonCounts, reasons).map { "\($0) \($1)" }.joined(separator: "; ")
                + t("; nhiều nhất ở ", "; most in ") + zip(series, seriesCounts).map { "\($0) (\($1))" }.joined(separator: ", ")
                + t(". Khoảng của các chuỗi đó tính trên các kịch bản tính được.", ". The intervals of those series are over the scenarios that could be computed.")
        case .estimatedShareCarried(let assumption):
            t(
                "Sai số chọn mẫu của tỷ trọng vốn ước lượng được đưa vào các khoảng: α rút từ \(assumption) (ước lượng, sai số chuẩn), cắt trong (0, 1).",
                "The estimated capital share's sampling uncertainty is carried into the intervals: α drawn from \(assumption) (estimate, standard error), truncated to (0, 1).")
        case .estimatedShareBootstrapCarried(let estimates, let seed):
            t(
                "Sai số chọn mẫu của tỷ trọng vốn ước lượng được đưa vào các khoảng: α rút từ \(estimates) ước lượng của bootstrap theo địa phương (bootstrap cặp theo cụm, Cameron & Miller 2015; seed \(seed)).",
                "The estimated capital share's sampling uncertainty is carried into the intervals: α drawn from \(estimates) estimates of a region (cluster) bootstrap (pairs cluster bootstrap, Cameron & Miller 2015; seed \(seed))."
            )
        case .capitalShareEstimated(let formula, let estimate, let se, let level, let low, let high, let nobs, let vcov):
            t(
                "Tỷ trọng vốn ước lượng bằng \(formula): α = \(estimate) (sai số chuẩn \(se), khoảng \(Int(level * 100))% từ \(low) đến \(high), \(nobs) quan sát, vcov \(vcov)).",
                "Capital share estimated by \(formula): α = \(estimate) (s.e. \(se), \(Int(level * 100))% interval \(low) to \(high), \(nobs) observations, vcov \(vcov)).")
        case .capitalShareBootstrapped(let estimate, let low, let high, let kept, let draws, let seed):
            t(
                "Tỷ trọng vốn ước lượng là \(estimate) (log(Y/L) ~ log(K/L) | region); khoảng bootstrap 90% từ \(low) đến \(high), \(kept) trên \(draws) lần rút trong (0, 1), seed \(seed).",
                "Capital share estimated at \(estimate) (log(Y/L) ~ log(K/L) | region); bootstrap 90% interval \(low) to \(high), \(kept) of \(draws) draws in (0, 1), seed \(seed).")
        case .targetsInScenarios(let scenarios, let seed):
            t(
                "Các chỉ tiêu tính từ số liệu được đánh giá trong \(scenarios) kịch bản của các giả định (seed \(seed)); một trạng thái là vững khi ít nhất 90% kịch bản đồng ý.",
                "Computed targets were evaluated in \(scenarios) scenarios of the assumptions (seed \(seed)); a status is called robust when at least 90% of the scenarios agree with it.")
        case .noScenarioComputed:
            t("Không kịch bản nào tính được cho các chỉ tiêu tính từ số liệu.", "No scenario could be computed for the computed targets.")
        case .actualsReadByNoTarget(let count, let file, let lines, let reasons):
            t("\(count) dòng của \(file) không chỉ tiêu nào đọc: ", "\(count) row(s) of \(file) are read by no target: ")
                + zip(lines, reasons).map { t("dòng \($0): \(unreadActual($1))", "line \($0): \(unreadActual($1))") }.joined(separator: "; ")
                + (count > lines.count ? "; …" : "") + t(" (chế độ nghiêm ngặt từ chối chúng).", " (strict mode refuses them).")
        case .benchmarkNeedsTwoYears:
            t("Bảng so sánh cần ít nhất hai năm; không so sánh.", "The benchmark panel needs two years at least; no comparison drawn.")
        }
    }

    /// Why a value is not given: the `note` columns of the CSV and JSON contract (the English of
    /// TFPKit 0.7, unchanged), and the plan pages' evidence.
    public func valueNote(_ note: Diagnostics.ValueNote) -> String {
        // One decimal of a percent, ungrouped ("-1.2%", "0.2%"): the one number formatter (NumberText).
        func percent(_ x: Double) -> String { NumberText(language).decimal(x * 100, digits: 1, grouped: false) + "%" }
        switch note {
        case .growthNotAvailable: return t("không có số liệu tăng trưởng", "growth not available")
        case .outputDidNotGrow(let total):
            return t(
                "sản lượng không tăng (\(percent(total))): không xác định được tỷ trọng đóng góp",
                "output did not grow (\(percent(total))): a share of growth is undefined")
        case .outputGrowthBelow(let total, let minimum):
            return t(
                "sản lượng chỉ tăng \(percent(total)), dưới \(percent(minimum)): tỷ trọng đóng góp không có ý nghĩa",
                "output growth \(percent(total)) is below \(percent(minimum)): a share of it is not meaningful")
        case .noDataFor(let year, let baseOf):
            return t("không có số liệu năm \(year)", "no data for \(year)")
                + (baseOf.map { t(", năm gốc của tăng trưởng năm \($0)", ", the base of growth in \($0)") } ?? "")
        case .noProductivityLevelFor(let year, let baseOf):
            return t("không có mức năng suất năm \(year)", "no productivity level for \(year)")
                + (baseOf.map { t(", năm gốc của tăng trưởng năm \($0)", ", the base of growth in \($0)") } ?? "")
        case .noGrowthYearInPeriod: return t("không có năm tăng trưởng nào trong giai đoạn", "no growth year in the period")
        case .noDataForGrowthYears(let from, let to):
            let years = from == to ? "\(from)" : "\(from)-\(to)"
            return t("không có số liệu cho các năm tăng trưởng \(years)", "no data for the growth years \(years)")
        case .noAccountingResult: return t("không có kết quả hạch toán tăng trưởng", "no growth-accounting result")
        case .text(let text): return Setting.render(text, naming: naming)
        }
    }

    /// How a series' initial capital stock was set (the English of TFPKit 0.7, unchanged).
    public func initialStock(_ stock: Diagnostics.InitialStock) -> String {
        switch stock {
        case .capitalOutputRatio(let series, let ratio, let output, let year):
            t("\(series): K₀ = κ·Y₀ với κ = \(ratio) và Y₀ = \(output) năm \(year)", "\(series): K₀ = κ·Y₀ with κ = \(ratio) and Y₀ = \(output) in \(year)")
        case .benchmark(let series, let stock, let year):
            t("\(series): vốn mốc \(stock) năm \(year)", "\(series): benchmark stock \(stock) in \(year)")
        case .steadyState(let series, let growth, let from, let to, let depreciation):
            t(
                "\(series): trạng thái dừng K₀ = I₀/(g+δ) với g = \(String(format: "%.4f", growth)) (tăng trưởng đầu tư \(from)-\(to)), δ = \(depreciation)",
                "\(series): steady state K₀ = I₀/(g+δ) with g = \(String(format: "%.4f", growth)) (investment growth \(from)-\(to)), δ = \(depreciation)")
        }
    }

    /// The notes of a computation for people: the count of dropped rows by reason, then the notes.
    public func summary(_ diagnostics: Diagnostics) -> [String] {
        var lines: [String] = []
        let dropped = diagnostics.droppedRows
        if !dropped.isEmpty {
            var byReason: [String: Int] = [:]
            for row in dropped { byReason[dropReason(row.reason), default: 0] += 1 }
            let reasons = byReason.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
            lines.append(t("\(dropped.count) dòng không dùng: ", "\(dropped.count) row(s) not used: ") + reasons)
        }
        return lines + notes(diagnostics)
    }

    /// Why a row was not used: the `reason` of the contract's `dropped_rows` (the English of
    /// TFPKit 0.7, unchanged), and the workbooks' notes sheet.
    public func dropReason(_ reason: Diagnostics.DropReason) -> String {
        switch reason {
        case .missing(let columns): t("thiếu \(list(columns))", "missing \(list(columns))")
        case .notFinitePositive(let columns):
            t("\(list(columns)) không phải số dương hữu hạn", "\(list(columns)) not a finite positive number")
        case .outputPerWorkerNotFinitePositive(let output, let employment):
            t("sản lượng trên một lao động không phải số dương hữu hạn", "output per worker is not a finite positive number")
                + (output.flatMap { o in employment.map { e in t(" (sản lượng \(o), lao động \(e))", " (output \(o), employment \(e))") } } ?? "")
        case .missingOrNonPositiveInputs:
            t("thiếu hoặc không dương: sản lượng, vốn hoặc lao động", "missing or non-positive output, capital or labour")
        }
    }

    /// Why a fit did not use some rows (`RegressionResult.droppedRows`), with their count: the English of
    /// TFPKit 0.7's estimate notes, unchanged.
    /// - Parameters:
    ///   - exclusion: why the rows were not used.
    ///   - count: how many rows.
    /// - Returns: the sentence.
    public func rowsNotUsed(_ exclusion: RowExclusion, count: Int) -> String {
        switch exclusion {
        case .nonFiniteValue(let term):
            t("\(count) dòng không dùng: \(term) thiếu hoặc không hữu hạn.", "\(count) row(s) not used: missing or non-finite \(term).")
        case .missingKey(let column):
            t("\(count) dòng không dùng: thiếu \(column).", "\(count) row(s) not used: missing \(column).")
        }
    }

    /// Why a row of actuals is read by no target (the English of TFPKit 0.7, unchanged).
    /// - Parameter reason: the reason.
    /// - Returns: the words.
    public func unreadActual(_ reason: Diagnostics.UnreadActual) -> String {
        switch reason {
        case .otherRegion(let region, let planRegion):
            t("vùng '\(region)' không phải vùng của kế hoạch (\(planRegion))", reason.description)
        case .unknownIndicator(let indicator, let known):
            t("không chỉ tiêu nào của kế hoạch có mã '\(indicator)' (các mã của kế hoạch gồm \(list(known)))", reason.description)
        }
    }

    /// Every note in words.
    public func notes(_ diagnostics: Diagnostics) -> [String] { diagnostics.entries.map(text) }
}
