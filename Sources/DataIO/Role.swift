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
                throw .invalidOption("--column expects ROLE=NAME (for example --column output=grdp), got '\(assignment)'.")
            }
            guard let role = Role(rawValue: parts[0]) else {
                throw .invalidOption("--column: unknown role '\(parts[0])'; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            names[role] = parts[1]
        }
    }

    public func name(of role: Role) -> String { names[role] ?? role.rawValue }
}

import Foundation
