import DataIO
import Foundation

/// The language of documents for people (workbooks, report pages). Machine
/// formats (CSV, JSON) keep their snake_case contract in every language.
public enum Language: String, Sendable, CaseIterable, Codable {
    /// Vietnamese: the default for provincial users. Numbers as `34.763,4` and `45,7%`.
    case vi
    case en
}

/// The one number formatter for people's text (issue 9, "wording belongs to
/// Reporting"): thousands grouped, a fixed number of decimals, in the
/// language's separators: Vietnamese `34.763,4` and `45,7%` (TCVN and
/// administrative practice: dot groups thousands, comma marks decimals),
/// English `34,763.4` and `45.7%`.
public struct NumberText: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }

    /// `v` with `digits` decimals and grouped thousands; "–" when not finite.
    public func decimal(_ v: Double, digits: Int = 1, grouped: Bool = true) -> String {
        guard v.isFinite else { return "–" }
        // printf's "%.Nf" (correctly rounded), by std::to_chars rather than Foundation's String(format:),
        // which looked the locale up on every call (issue 14: a note per row of 100,000).
        let text = DoubleText.fixed(abs(v), digits: max(0, min(digits, 12)))
        let point = text.firstIndex(of: UInt8(ascii: ".")) ?? text.count
        var out: [UInt8] = []
        out.reserveCapacity(text.count + point / 3 + 2)
        // "-0,0" is shown as "0,0": a rounded zero has no sign.
        if v < 0 && text.contains(where: { $0 != UInt8(ascii: "0") && $0 != UInt8(ascii: ".") }) { out.append(UInt8(ascii: "-")) }
        let group = language == .vi ? UInt8(ascii: ".") : UInt8(ascii: ",")
        for k in 0..<point {
            if grouped && k > 0 && (point - k) % 3 == 0 { out.append(group) }
            out.append(text[k])
        }
        if point < text.count {
            out.append(language == .vi ? UInt8(ascii: ",") : UInt8(ascii: "."))
            out += text[(point + 1)...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A fraction as a percentage: 0.457 → `45,7%` (vi) or `45.7%` (en).
    public func percent(_ fraction: Double, digits: Int = 1) -> String {
        guard fraction.isFinite else { return "–" }
        return decimal(fraction * 100, digits: digits, grouped: true) + "%"
    }

    /// A whole number (a count, a year is not grouped: give `grouped: false`).
    public func integer(_ v: Int, grouped: Bool = true) -> String {
        decimal(Double(v), digits: 0, grouped: grouped)
    }
}

/// People's names of the machine columns, in each language. A column not
/// listed keeps its machine name (so nothing is ever shown blank).
public enum ColumnLabels {
    static let vi: [String: String] = [
        "region": "Địa phương", "year": "Năm", "from": "Từ năm", "to": "Đến năm", "sector": "Ngành",
        "output": "Sản lượng", "capital": "Vốn", "employment": "Lao động", "investment": "Đầu tư",
        "output_growth": "Tăng trưởng sản lượng", "capital_growth": "Tăng trưởng vốn", "labour_growth": "Tăng trưởng lao động",
        "capital_contribution": "Đóng góp của vốn", "labour_contribution": "Đóng góp của lao động",
        "tfp_growth": "Tăng trưởng TFP", "tfp_share": "Tỷ trọng đóng góp của TFP", "tfp_index": "Chỉ số TFP",
        "capital_share_of_growth": "Tỷ trọng đóng góp của vốn", "labour_share_of_growth": "Tỷ trọng đóng góp của lao động",
        "capital_share": "Hệ số vốn (α)", "years_spanned": "Số năm", "note": "Ghi chú",
        "output_per_worker": "Năng suất lao động", "growth_per_worker": "Tăng năng suất lao động",
        "output_per_hour": "Năng suất theo giờ", "growth_per_hour": "Tăng năng suất theo giờ",
        "average_growth_per_worker": "Tăng năng suất bình quân năm", "average_growth_per_hour": "Tăng năng suất theo giờ bình quân năm",
        "id": "Mã", "target": "Chỉ tiêu", "status": "Đánh giá", "actual": "Thực hiện", "expected": "Yêu cầu đến nay",
        "gap": "Còn thiếu", "pace_needed": "Tốc độ cần đạt", "evidence": "Căn cứ", "indicator": "Chỉ số", "statement": "Nguồn chỉ tiêu",
        "term": "Biến", "name": "Biến", "conf_low": "Cận dưới", "conf_high": "Cận trên", "estimate": "Hệ số", "std_error": "Sai số chuẩn", "t": "t", "p": "p",
        "stt": "STT", "target_wording": "Chỉ tiêu", "planned": "Kế hoạch", "actual_text": "Thực hiện", "percent_of_plan": "Tỷ lệ % so với KH",
        "assessment": "Đánh giá", "remarks": "Ghi chú",
        "rank": "Xếp hạng", "percentile": "Phân vị", "value": "Giá trị", "unit": "Đơn vị", "preliminary": "Sơ bộ",
    ]
    static let en: [String: String] = [
        "region": "Region", "year": "Year", "from": "From", "to": "To", "sector": "Sector",
        "output": "Output", "capital": "Capital", "employment": "Employment", "investment": "Investment",
        "output_growth": "Output growth", "capital_growth": "Capital growth", "labour_growth": "Labour growth",
        "capital_contribution": "Capital contribution", "labour_contribution": "Labour contribution",
        "tfp_growth": "TFP growth", "tfp_share": "TFP share of growth", "tfp_index": "TFP index",
        "capital_share_of_growth": "Capital share of growth", "labour_share_of_growth": "Labour share of growth",
        "capital_share": "Capital share (α)", "years_spanned": "Years", "note": "Note",
        "output_per_worker": "Output per worker", "growth_per_worker": "Growth per worker",
        "average_growth_per_worker": "Average annual growth per worker",
        "stt": "No.", "target_wording": "Target", "unit": "Unit", "planned": "Plan", "actual_text": "Actual", "percent_of_plan": "% of plan",
        "assessment": "Assessment", "remarks": "Remarks",
    ]

    public static func label(_ column: String, _ language: Language) -> String {
        switch language {
        case .vi: vi[column] ?? en[column] ?? column
        case .en: en[column] ?? column
        }
    }
}

/// Sheet names for the report tables' keys (Excel allows 31 characters).
public enum SheetLabels {
    static let vi: [String: String] = [
        "rows": "Theo năm", "periods": "Theo giai đoạn", "targets": "Chỉ tiêu", "tfp": "Đóng góp TFP", "productivity": "Năng suất lao động",
        "tfp_periods": "TFP theo giai đoạn", "productivity_periods": "NSLĐ theo giai đoạn", "coefficients": "Hệ số ước lượng",
        "ranks": "Xếp hạng", "gaps": "Khoảng cách", "beta": "Hội tụ beta", "sigma": "Hội tụ sigma", "malmquist": "Chỉ số Malmquist",
    ]
    static let en: [String: String] = [
        "rows": "By year", "periods": "By period", "targets": "Targets", "tfp": "TFP contribution", "productivity": "Labour productivity",
        "tfp_periods": "TFP by period", "productivity_periods": "Productivity by period", "coefficients": "Coefficients",
        "ranks": "Ranks", "gaps": "Gaps", "beta": "Beta convergence", "sigma": "Sigma convergence", "malmquist": "Malmquist index",
    ]

    public static func label(_ key: String, _ language: Language) -> String {
        (language == .vi ? vi[key] : en[key]) ?? key
    }
}
