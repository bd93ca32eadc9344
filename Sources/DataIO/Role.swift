import Foundation
import Tabular

/// The role a column plays in a panel (DESIGN.md, "Input data", a contract).
/// By default the column is named after its role; `--column ROLE=NAME` maps another name.
public enum Role: String, CaseIterable, Sendable, Codable, Hashable {
    case region, year, sector
    case output
    case outputNominal = "output_nominal"
    case capital, investment, employment, hours
    case humanCapital = "human_capital"
    case labourShare = "labour_share"
    /// Depreciation rate per region (and year), for perpetual inventory.
    case depreciation

    /// The admissible values of the role, checked on reading.
    var validRange: (check: (Double) -> Bool, expected: String)? {
        switch self {
        case .output, .capital, .employment, .outputNominal, .hours, .humanCapital:
            ({ $0 > 0 }, "a positive number")
        case .investment: ({ $0 >= 0 }, "a number ≥ 0")
        case .labourShare: ({ $0 > 0 && $0 < 1 }, "a share strictly between 0 and 1 (write 0.55, not 55)")
        case .depreciation: ({ $0 >= 0 && $0 < 1 }, "a rate in [0, 1) (write 0.05, not 5)")
        case .region, .year, .sector: nil
        }
    }

    public static let numericRoles: [Role] = [.output, .outputNominal, .capital, .investment, .employment, .hours, .humanCapital, .labourShare, .depreciation]
}

/// Which file column plays which role.
public struct ColumnMapping: Sendable, Equatable {
    public private(set) var names: [Role: String] = [:]

    public init() {}

    /// Parses `ROLE=NAME` assignments (the `--column` option).
    public init(assignments: [String]) throws(DataIOError) {
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw .invalidOption("\(Setting.column.reference) expects ROLE=NAME (for example \(Setting.column.reference("output=grdp"))), got '\(assignment)'.")
            }
            guard let role = Role(rawValue: parts[0]) else {
                throw .invalidOption("\(Setting.column.reference): unknown role '\(parts[0])'; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            names[role] = parts[1]
        }
    }

    public func name(of role: Role) -> String { names[role] ?? role.rawValue }

    public mutating func assign(_ role: Role, to name: String) { names[role] = name }
}

/// Roles recognised from the headers departments write (issue 11), in Vietnamese or
/// English, with or without diacritics, in any case: "Tổng sản phẩm trên địa bàn (GRDP)
/// theo giá so sánh 2010", "Vốn đầu tư thực hiện", "Lao động từ 15 tuổi trở lên đang làm
/// việc", "Số giờ làm việc", "Tỉnh/Thành phố", "Năm". A header is compared by its key
/// (RegionReference.key); a header that two roles could claim, or a role that two headers
/// could fill, is not guessed. `--column ROLE=NAME` always decides.
public enum HeaderNames {
    /// Keys a header must equal (region, year: short words that occur inside others).
    static let exact: [Role: [String]] = [
        .region: ["diaphuong", "tinhthanhpho", "tinhthanh", "tinh", "thanhpho", "province", "provinces", "country", "vung"],
        .year: ["nam", "year", "namthongke"],
    ]
    /// Phrases a header's key must contain.
    static let phrases: [Role: [String]] = [
        .output: ["tongsanphamtrendiaban", "tongsanphamtrongnuoc", "tongsanpham", "grdp", "gdp", "giatritangthem", "valueadded"],
        .investment: ["vondaututhuchien", "vondautu", "tongvondautu", "investment", "gfcf", "grossfixedcapitalformation"],
        .employment: ["laodongdanglamviec", "danglamviec", "songuoilamviec", "employedpersons", "employment", "employed"],
        .hours: ["sogiolamviec", "giolamviec", "hoursworked"],
        .capital: ["vonsanxuat", "taisancodinh", "capitalstock", "khoivon"],
    ]
    /// A header with these is a rate, a share, an index or per head, not a level.
    static let excluded = ["binhquandaunguoi", "daunguoi", "percapita", "tocdo", "growth", "chiso", "index", "cocau", "tytrong", "share", "rate", "tyle"]
    /// Current prices: the output of growth accounting must be at constant prices, so such
    /// a header is read as output_nominal, never as output.
    static let currentPrices = ["giahienhanh", "hienhanh", "currentprices", "current", "nominal"]

    /// The role a header stands for, if one.
    public static func role(of header: String) -> Role? {
        let k = RegionReference.key(header)
        guard !k.isEmpty else { return nil }
        var found: [Role] = []
        for (role, keys) in exact where keys.contains(k) { found.append(role) }
        if !excluded.contains(where: { k.contains($0) }) {
            for (role, keys) in phrases where keys.contains(where: { k.contains($0) }) {
                found.append(role == .output && currentPrices.contains(where: { k.contains($0) }) ? .outputNominal : role)
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// For every role without a column of its own name or a `--column`, the one header
    /// that stands for it; roles two headers could fill are left out.
    public static func recognise(_ header: [String], mapping: ColumnMapping) -> [Role: String] {
        var candidates: [Role: [String]] = [:]
        for name in header where Role(rawValue: name) == nil && !mapping.names.values.contains(name) {
            if let role = role(of: name) { candidates[role, default: []].append(name) }
        }
        var out: [Role: String] = [:]
        for (role, names) in candidates where names.count == 1 && mapping.names[role] == nil && !header.contains(role.rawValue) {
            out[role] = names[0]
        }
        return out
    }
}
