import DataIO
import Foundation

/// Where the factor shares of growth accounting come from.
public enum FactorShares: Sendable, Equatable {
    /// The `labour_share` column; the capital share is `1 − labour_share`.
    case labourShareColumn
    /// One capital share α for every region and year (labour gets `1 − α`).
    case capitalShare(Double)
    /// Capital shares by region and period, as the statistics office takes them
    /// from the input-output table in force (compiled every five years).
    case table([CapitalShareEntry])
}

/// The capital share in force for a region (or every region, when `region` is nil)
/// over the years `from...to`.
public struct CapitalShareEntry: Sendable, Codable, Equatable {
    /// The region, or nil for every region.
    public let region: String?
    /// The first year the share is in force.
    public let from: Int
    /// The last year the share is in force (inclusive).
    public let to: Int
    /// The capital share α (a fraction: 0.35 for 35%); labour's share is 1 − α.
    public let capitalShare: Double

    /// An entry built in code (not checked: ``read(path:options:)`` checks the share of an entry read from a file).
    /// - Parameters:
    ///   - region: the region, or nil for every region.
    ///   - from: the first year.
    ///   - to: the last year (inclusive).
    ///   - capitalShare: the capital share α.
    public init(region: String?, from: Int, to: Int, capitalShare: Double) {
        self.region = region
        self.from = from
        self.to = to
        self.capitalShare = capitalShare
    }

    /// Reads a shares file: columns `region` (empty or `*` for all regions),
    /// `from`, `to`, `capital_share`.
    /// A region's own entry wins over an all-regions entry for the same year.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - options: how the file is read (delimiter, decimal style, sheet).
    /// - Returns: the entries in file order.
    /// - Throws: `DataIOError` when the file cannot be read or lacks a column, when a capital share is not a number
    ///   (`notANumber`) or not strictly between 0 and 1 (`outOfRange`), and when `from` or `to` is not an integer
    ///   (`notAnInteger`).
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(DataIOError) -> [CapitalShareEntry] {
        let table = try CSVTable.read(path: path, options: options)
        let regions = try table.strings(column: "region")
        let shares = try table.numbers(column: "capital_share")
        let fromColumn = try table.index(of: "from"), toColumn = try table.index(of: "to")
        var entries: [CapitalShareEntry] = []
        for (i, row) in table.rows.enumerated() {
            guard let from = Int(row[fromColumn].trimmingCharacters(in: .whitespaces)) else {
                throw .notAnInteger(FileLocation(file: path, line: table.lines[i], column: fromColumn + 1, columnName: "from"), text: row[fromColumn])
            }
            guard let to = Int(row[toColumn].trimmingCharacters(in: .whitespaces)) else {
                throw .notAnInteger(FileLocation(file: path, line: table.lines[i], column: toColumn + 1, columnName: "to"), text: row[toColumn])
            }
            let a = shares[i]
            guard a > 0 && a < 1 else {
                throw .outOfRange(FileLocation(file: path, line: table.lines[i], columnName: "capital_share"), value: a, expected: "a share strictly between 0 and 1")
            }
            let region = regions[i].trimmingCharacters(in: .whitespaces)
            entries.append(CapitalShareEntry(region: region.isEmpty || region == "*" ? nil : region, from: from, to: to, capitalShare: a))
        }
        return entries
    }

    enum CodingKeys: String, CodingKey {
        case region, from, to, capitalShare = "capital_share"
    }
}

extension [CapitalShareEntry] {
    /// The capital share for a region in a year: a region's own entry wins over an all-regions entry.
    func capitalShare(region: String, year: Int) -> Double? {
        let matching = filter { $0.from <= year && year <= $0.to }
        return (matching.first { $0.region == region } ?? matching.first { $0.region == nil })?.capitalShare
    }
}
