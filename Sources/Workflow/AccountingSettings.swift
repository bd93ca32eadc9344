import DataIO
import Foundation
import Productivity

/// The growth-accounting assumptions of a job, as values (issue 9, "a workflow
/// layer"): the CLI's `--method`, `--capital-share`/`--shares`, `--depreciation`,
/// `--initial` and `--growth-years` map onto it, and so will batch specs; the job,
/// not each command, turns them into shares and a capital stock.
public struct AccountingSettings: Sendable, Codable, Equatable {
    /// How the perpetual inventory's first stock is set.
    public enum InitialStock: String, Sendable, Codable, CaseIterable {
        /// The steady state `K₀ = I₀ / (g + δ)`, g over ``AccountingSettings/growthYears`` years of investment growth.
        case steadyState = "steady-state"
        /// The capital column's value in the series' first year.
        case benchmark
    }

    /// How growth rates and shares are computed.
    public var method: GrowthMethod
    /// Capital's share α for every region and year.
    public var capitalShare: Double?
    /// A CSV of shares by region and period (region, from, to, capital_share).
    public var sharesFile: String?
    /// Build capital from investment by perpetual inventory at this depreciation rate.
    public var depreciation: Double?
    /// How the initial stock is set when capital is built from investment.
    public var initial: InitialStock
    /// Years of investment growth behind the steady-state initial stock (within ``growthYearLimits``).
    public var growthYears: Int
    /// An initial capital-output ratio κ: K₀ = κ·Y₀ instead of the steady state (issue 12).
    public var capitalOutput: Double?

    /// Settings; by default the statistics office's method, no share given and capital from the data.
    /// - Parameters:
    ///   - method: how growth rates and shares are computed.
    ///   - capitalShare: α for every region and year (nil: a shares file or the `labour_share` column).
    ///   - sharesFile: a CSV of shares by region and period.
    ///   - depreciation: build capital from investment at this rate (nil: capital from the data).
    ///   - initial: how the initial stock is set.
    ///   - growthYears: years of investment growth behind the steady state.
    ///   - capitalOutput: an initial capital-output ratio κ instead of the steady state.
    public init(
        method: GrowthMethod = .gso, capitalShare: Double? = nil, sharesFile: String? = nil, depreciation: Double? = nil,
        initial: InitialStock = .steadyState, growthYears: Int = 5, capitalOutput: Double? = nil
    ) {
        self.method = method
        self.capitalShare = capitalShare
        self.sharesFile = sharesFile
        self.depreciation = depreciation
        self.initial = initial
        self.growthYears = growthYears
        self.capitalOutput = capitalOutput
    }

    /// The years of investment growth ``growthYears`` accepts.
    public static let growthYearLimits = 1...50

    /// Refuses assumptions that cannot give a number (the messages name no flag:
    /// the CLI and batch specs say where the value came from).
    /// - Throws: ``WorkflowError/invalidSetting(_:)`` for a capital share not strictly between 0 and 1, a share and a
    ///   shares file together, a depreciation rate outside [0, 1), growth years outside ``growthYearLimits``, a
    ///   capital-output ratio that is not positive or comes with a benchmark or without a depreciation rate, and a
    ///   benchmark without a depreciation rate.
    public func validate() throws(WorkflowError) {
        if let capitalShare, !(capitalShare > 0 && capitalShare < 1) {
            throw .invalidSetting("the capital share must be strictly between 0 and 1 (0.35 for 35%); got \(capitalShare)")
        }
        if capitalShare != nil && sharesFile != nil { throw .invalidSetting("give a capital share or a shares file, not both") }
        if let depreciation, !(depreciation >= 0 && depreciation < 1) {
            throw .invalidSetting("the depreciation rate must be in [0, 1) (0.05 for 5%); got \(depreciation)")
        }
        guard Self.growthYearLimits.contains(growthYears) else {
            throw .invalidSetting("the years of investment growth for the initial stock must be between 1 and 50; got \(growthYears)")
        }
        if let capitalOutput {
            guard capitalOutput.isFinite && capitalOutput > 0 else {
                throw .invalidSetting("the initial capital-output ratio must be a positive number (2.5: capital worth 2.5 years of output); got \(capitalOutput)")
            }
            if initial == .benchmark { throw .invalidSetting("give a benchmark initial stock or an initial capital-output ratio, not both") }
            if depreciation == nil { throw .invalidSetting("an initial capital-output ratio applies when capital is built from investment (give a depreciation rate)") }
        }
        if depreciation == nil && initial != .steadyState {
            throw .invalidSetting("a benchmark initial stock applies when capital is built from investment (give a depreciation rate)")
        }
    }

    /// The roles a panel needs for these assumptions.
    public var requiredRoles: Set<Role> {
        var roles: Set<Role> = [.output, .employment]
        if depreciation != nil { roles.insert(.investment) }
        if initial == .benchmark { roles.insert(.capital) }
        return roles
    }

    /// The shares given (a capital share or a shares file), if any.
    /// - Parameter csv: how the shares file is read.
    /// - Returns: the capital share, the table of the shares file, or nil when neither is given.
    /// - Throws: the `DataIOError` of a shares file that cannot be read (see `CapitalShareEntry.read(path:options:)`).
    public func shares(csv: CSVOptions) throws -> FactorShares? {
        if let capitalShare { return .capitalShare(capitalShare) }
        if let sharesFile { return .table(try CapitalShareEntry.read(path: sharesFile, options: csv)) }
        return nil
    }

    /// The start of perpetual inventory that the settings name (`tfp account` and `tfp capital` alike).
    /// - Parameters:
    ///   - capitalOutput: a capital-output ratio κ (K₀ = κ·Y₀), which takes precedence; nil for none.
    ///   - initial: the steady state or the benchmark stock of the capital column.
    ///   - growthYears: the years of investment growth of the steady state.
    /// - Returns: the rule `PerpetualInventory.compute` takes.
    public static func initialStock(capitalOutput: Double?, initial: InitialStock, growthYears: Int) -> PerpetualInventory.InitialStock {
        if let capitalOutput { return .capitalOutputRatio(capitalOutput) }
        return initial == .benchmark ? .benchmark : .steadyState(growthYears: growthYears)
    }

    /// The panel with capital built from investment when a depreciation rate is given, and the note that says how.
    /// - Parameter panel: the panel as read.
    /// - Returns: the panel with its capital built by perpetual inventory and the note, or the panel as it is and nil
    ///   without a depreciation rate.
    /// - Throws: the `ProductivityError` of the perpetual inventory (`PerpetualInventory.compute`).
    public func withCapital(_ panel: Panel) throws(ProductivityError) -> (Panel, Diagnostics.Note?) {
        guard let depreciation else { return (panel, nil) }
        let start = Self.initialStock(capitalOutput: capitalOutput, initial: initial, growthYears: growthYears)
        let stock = try PerpetualInventory.compute(panel, depreciation: .rate(depreciation), initial: start)
        let note = Diagnostics.Note.capitalBuilt(depreciation: depreciation, initialStocks: stock.initialStocks)
        return (PerpetualInventory.addingCapital(to: panel, stock), note)
    }

    /// Every assumption in words, for a report's heading and a run record.
    public var description: [(String, String)] {
        var out: [(String, String)] = [("method", method.rawValue)]
        if let capitalShare { out.append(("capital share α", "\(capitalShare)")) }
        if let sharesFile { out.append(("shares file", sharesFile)) }
        if let depreciation {
            out.append(("depreciation δ", "\(depreciation)"))
            out.append(
                (
                    "initial stock",
                    capitalOutput.map { "K₀ = κ·Y₀, κ = \($0)" }
                        ?? (initial == .benchmark ? "benchmark (capital column)" : "steady state I₀/(g+δ), g over \(growthYears) years")
                ))
        }
        return out
    }
}

/// Errors of jobs that are not errors of one domain module.
public enum WorkflowError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError, SettingReferencingError {
    /// A setting, or a combination of settings, that cannot give a result; the text says why.
    case invalidSetting(String)
    /// Actuals rows read by no target, refused in strict mode: the first one's file, line and reason, and how many.
    case strictActuals(file: String, line: Int, reason: Diagnostics.UnreadActual, count: Int)

    /// The message in the library's words.
    public var description: String { libraryMessage }

    /// The message, with markers for the settings it points to (`Setting`).
    public var messageTemplate: String {
        switch self {
        case .invalidSetting(let s): s.prefix(1).uppercased() + s.dropFirst() + (s.hasSuffix(".") ? "" : ".")
        case .strictActuals(let file, let line, let reason, let count):
            "\(file):\(line): \(reason); \(count) row(s) are read by no target (strict)."
        }
    }

    /// The message in the library's words.
    public var errorDescription: String? { description }
}
