import ArgumentParser
import Foundation
import TFPKit

extension DecimalStyle: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension GrowthMethod: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}

/// The data file and how to read it.
struct DataOptions: ParsableArguments {
    @Argument(help: "The data: CSV (UTF-8 or UTF-16) or an Excel workbook (.xlsx), one row per region and year (or --yearbook tables instead).")
    var data: String?

    @Option(
        help: ArgumentHelp(
            "Instead of a long file: a statistical-yearbook table (one column per year, as tfp import reads it) for one role, as ROLE=FILE or ROLE=FILE#SHEET; repeat for each role (output, employment, investment, …); joined on region and year.",
            valueName: "ROLE=FILE"))
    var yearbook: [String] = []

    @Option(name: .customLong("column"), help: ArgumentHelp("Map a role to a column name: ROLE=NAME (repeatable).", valueName: "ROLE=NAME"))
    var columns: [String] = []

    @Option(help: "How decimals are written: point (1234.5) or comma (1.234,5; fields then separated by ';').")
    var decimal: DecimalStyle = .point

    @Option(help: "Field separator: comma, semicolon or tab (default: detected from the header).")
    var delimiter: String?

    @Option(help: "For an Excel workbook (.xlsx, .xlsm): the sheet, by name or number (default: the first).")
    var sheet: String?

    @Option(help: ArgumentHelp("For an Excel workbook: the cells to read, header row first (default: every used cell).", valueName: "A5:H80"))
    var range: String?

    @Option(help: ArgumentHelp("Use only this region's rows (repeatable; names as written anywhere: with or without diacritics, 'TP.', 'Tỉnh').", valueName: "NAME"))
    var region: [String] = []

    func csvOptions() throws -> CSVOptions {
        var options = CSVOptions(decimal: decimal, sheet: SheetSelection(sheet: sheet, range: try range.map { try CellRange($0) }))
        if let delimiter {
            switch delimiter.lowercased() {
            case "comma", ",": options.delimiter = UInt8(ascii: ",")
            case "semicolon", ";": options.delimiter = UInt8(ascii: ";")
            case "tab", "\\t", "\t": options.delimiter = 0x09
            default: throw ValidationError("--delimiter must be comma, semicolon or tab; got '\(delimiter)'.")
            }
        }
        return options
    }

    /// The long file given as the argument (refused when the data come as yearbook tables).
    func dataPath(_ purpose: String = "this command") throws -> String {
        guard let data else {
            throw ValidationError(
                yearbook.isEmpty
                    ? "Give the data file (CSV or .xlsx), or --yearbook ROLE=FILE tables."
                    : "--yearbook tables are not read by \(purpose): give a long file (tfp import turns a yearbook table into one).")
        }
        return data
    }

    func readPanel(required: Set<Role>) throws -> Panel {
        let panel: Panel
        var index: RegionIndex? = nil
        if yearbook.isEmpty {
            let path = try dataPath(), options = try csvOptions(), mapping = try ColumnMapping(assignments: columns)
            (panel, index) = try PanelCache.shared.panel(path: path, options: options, mapping: mapping, required: required) {
                try Panel.read(path: path, options: options, mapping: mapping, required: required)
            }
            if !panel.recognisedHeaders.isEmpty {
                let said = panel.recognisedHeaders.map { "\($0.role.rawValue) = '\($0.header)'" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("Columns recognised by their headers: \(said) (--column ROLE=NAME chooses another).\n".utf8))
            }
        } else {
            if data != nil { throw ValidationError("Give the data as one long file or as --yearbook tables, not both.") }
            if !columns.isEmpty { throw ValidationError("--column maps a long file's columns; with --yearbook the role is named before each file (ROLE=FILE).") }
            var tables: [(role: Role, table: YearbookTable)] = []
            for item in yearbook {
                guard let eq = item.firstIndex(of: "="), let role = Role(rawValue: String(item[..<eq])), ![.region, .year, .sector].contains(role) else {
                    throw ValidationError("--yearbook takes ROLE=FILE with a role such as output, employment or investment; got '\(item)'.")
                }
                var path = String(item[item.index(after: eq)...]), sheetName = sheet
                if let hash = path.lastIndex(of: "#"), path.lowercased().contains(".xls") {
                    sheetName = String(path[path.index(after: hash)...])
                    path = String(path[..<hash])
                }
                guard !path.isEmpty else { throw ValidationError("--yearbook \(item): the file is missing after '='.") }
                var options = try csvOptions()
                options.sheet = SheetSelection(sheet: sheetName, range: try range.map { try CellRange($0) })
                let grid = try TextGrid.read(path: path, options: options)
                let table = try YearbookTable.recognise(grid, decimal: decimal, reference: try? RegionReference.bundled())
                tables.append((role, table))
                // What was recognised, as tfp import says it (on standard error: the results go to the output).
                let summary = table.summary.map { "  - " + $0 }.joined(separator: "\n")
                FileHandle.standardError.write(Data("Read \(path)\(grid.sheet.map { ", sheet '\($0)'" } ?? "") as \(role.rawValue):\n\(summary)\n".utf8))
            }
            panel = try Panel.joining(tables, required: required)
        }
        let restricted = region.isEmpty ? panel : try panel.restricted(toRegions: region, index: index ?? RegionIndex(panel))
        Timings.lap("read")
        return restricted
    }
}

struct OutputOptions: ParsableArguments {
    /// The formats of --format: the text formats, and xlsx (a workbook, needs --output FILE.xlsx).
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, markdown, xlsx
        var text: OutputFormat? { OutputFormat(rawValue: rawValue) }
    }

    @Option(name: .customLong("format"), help: "table (for people), csv, json, markdown, or xlsx (a workbook: needs --output FILE.xlsx).")
    var choice: Choice = .table

    /// The text format (table when a workbook is written).
    var format: OutputFormat { choice.text ?? .table }

    @Option(help: "Write to this file instead of standard output (- for standard output). An existing file is overwritten; an input file, a folder, a pipe or a device is refused.")
    var output: String?

    @Flag(help: "Say on standard error where the time went: reading, computing, formatting, writing.")
    var timings = false

    @Option(
        help:
            "Language for people: vi or en. Workbooks (--output FILE.xlsx) are in Vietnamese unless en is given; table and markdown get translated headings and the language's number style (34.763,4 and 45,7% in vi) when it is given. CSV and JSON keep their column names."
    )
    var lang: Language?

    @Option(help: "CSV for: standard (comma, point decimals; for R, Python and scripts) or excel-vi (UTF-8 BOM, ';' and decimal commas, as Excel in a Vietnamese locale opens it).")
    var csvDialect: CSVDialect = .standard

    var style: RenderStyle { RenderStyle(language: lang, csvDialect: csvDialect, naming: .flags) }

    /// True when the output names an Excel workbook.
    var isWorkbook: Bool {
        guard let output else { return false }
        return output.lowercased().hasSuffix(".xlsx") || output.lowercased().hasSuffix(".xlsm")
    }

    func write(_ text: String) throws {
        Timings.lap(Timings.formatting ? "format" : "compute")
        defer { Timings.report() }
        if isWorkbook || choice == .xlsx {
            throw ValidationError("This command writes text only; name a .csv, .json or .md file for --output, not a workbook.")
        }
        try OutputFile.write(text, to: output ?? "-", inputs: Self.otherArguments(than: output))
    }

    /// Writes a report: as a workbook when --output ends in .xlsx (one sheet per table), else rendered in --format.
    func write(_ report: Report, csvTable: String? = nil) throws {
        Timings.lap("compute")
        defer { Timings.report() }
        if choice == .xlsx && !isWorkbook {
            throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx (a workbook cannot go to standard output).")
        }
        if isWorkbook, let output {
            if ![.table, .xlsx].contains(choice) { throw ValidationError("--format \(choice.rawValue) cannot be written to a workbook; leave --format out (or give xlsx) with --output \(output).") }
            try OutputFile.write(SpreadsheetWriter.workbook(report, language: lang ?? .vi, naming: .flags), to: output, inputs: Self.otherArguments(than: output))
            return
        }
        if csvDialect != .standard && format != .csv { throw ValidationError("--csv-dialect applies to --format csv.") }
        // The time until the text is ready went to formatting it, not to the computation.
        Timings.formatting = true
        defer { Timings.formatting = false }
        guard format == .csv || format == .json else { return try write(report.render(format, csvTable: csvTable, style: style)) }
        // Machine formats: the bytes as built, without a String copy of a large output.
        let bytes = report.renderBytes(format, csvTable: csvTable, style: style)
        Timings.lap("format")
        try OutputFile.write(bytes, to: output ?? "-", inputs: Self.otherArguments(than: output))
    }

    /// Every command-line argument (and every `--option=value` value) except the
    /// output itself: any of them that names the output file makes it an input.
    static func otherArguments(than output: String?) -> [String] {
        var out: [String] = []
        var skipNext = false
        for argument in CommandLine.arguments.dropFirst() {
            if skipNext { skipNext = false; continue }
            if argument == "--output" { skipNext = true; continue }
            if argument.hasPrefix("--output=") { continue }
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                out.append(String(argument[argument.index(after: equals)...]))
            } else {
                out.append(argument)
            }
        }
        return out
    }
}

struct PeriodOptions: ParsableArguments {
    @Option(help: "First growth year of the period summary (its growth is over the year before).")
    var from: Int?

    @Option(help: "Last growth year of the period summary.")
    var to: Int?

    func period() throws -> ClosedRange<Int>? {
        switch (from, to) {
        case (nil, nil): return nil
        case (let f?, let t?):
            for (name, year) in [("--from", f), ("--to", t)] where !Panel.validYears.contains(year) {
                throw ValidationError("\(name) \(year) is not a calendar year between \(Panel.validYears.lowerBound) and \(Panel.validYears.upperBound).")
            }
            guard f <= t else { throw ValidationError("--from \(f) is after --to \(t).") }
            return f...t
        default: throw ValidationError("Give both --from and --to for a period summary.")
        }
    }
}

extension AccountingSettings.InitialStock: ExpressibleByArgument {}

/// `--ssc k_adj=true,k_fixef=nonnested,G_adj=true,G_df=min` (pyfixest's names; any subset,
/// the others at fixest's default), or `fixest` / `none`.
extension SmallSampleCorrection: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "fixest", "default": self = .fixest; return
        case "none": self = .uncorrected; return
        default: break
        }
        var value = SmallSampleCorrection.fixest
        for part in argument.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return nil }
            let flag: Bool? = ["true", "yes", "1"].contains(pair[1].lowercased()) ? true : ["false", "no", "0"].contains(pair[1].lowercased()) ? false : nil
            switch pair[0] {
            case "k_adj": guard let flag else { return nil }; value.adjustForParameters = flag
            case "G_adj": guard let flag else { return nil }; value.adjustForClusters = flag
            case "k_fixef": guard let v = FixedEffectCount(rawValue: pair[1]) else { return nil }; value.fixedEffects = v
            case "G_df": guard let v = ClusterCount(rawValue: pair[1]) else { return nil }; value.clusterCount = v
            default: return nil
            }
        }
        self = value
    }
}
extension Assumption: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// The growth-accounting options shared by `account`, `check` and `report`: flags
/// for `AccountingSettings`, which owns what they mean.
struct AccountingOptions: ParsableArguments {
    @Option(help: "gso (simple growth rates, fixed shares) or tornqvist (log differences, averaged shares).")
    var method: GrowthMethod = .gso

    @Option(
        help: ArgumentHelp(
            "Capital's share α of value added, for every region and year (labour gets 1 − α); strictly between 0 and 1. On account: a range LOW..HIGH or normal:MEAN,SD draws scenarios.",
            valueName: "α"))
    var capitalShare: Assumption?

    @Option(help: "CSV of capital shares by region and period: region (empty or * for all), from, to, capital_share.")
    var shares: String?

    @Option(
        help: ArgumentHelp("Build capital from the investment column by perpetual inventory with this depreciation rate (0.05 = 5%), in [0, 1). On account: a range or normal:MEAN,SD.", valueName: "δ")
    )
    var depreciation: Assumption?

    @Option(help: "The first capital stock of perpetual inventory: steady-state (I₀/(g+δ)) or benchmark (the capital column's first-year value).")
    var initial: AccountingSettings.InitialStock = .steadyState

    @Option(
        name: .customLong("growth-years"), help: ArgumentHelp("Years of investment growth used by the steady-state initial stock I₀/(g+δ), 1 to 50. On account: a range such as 2..5.", valueName: "N"))
    var givenGrowthYears: Assumption?

    /// The years behind the steady-state start: 5 unless given.
    var growthYears: Assumption { givenGrowthYears ?? .value(5) }

    @Option(
        help: ArgumentHelp(
            "Start perpetual inventory from this capital-output ratio κ in the first year (K₀ = κ·Y₀; 2.5 = capital worth 2.5 years of output) instead of the steady state. On account and check: a range or normal:MEAN,SD.",
            valueName: "κ"))
    var initialCapitalOutput: Assumption?

    /// Whether any assumption is a range or a distribution.
    var isUncertain: Bool {
        capitalShare?.isUncertain == true || depreciation?.isUncertain == true || growthYears.isUncertain || initialCapitalOutput?.isUncertain == true
    }

    var settings: AccountingSettings {
        AccountingSettings(
            method: method, capitalShare: capitalShare?.center, sharesFile: shares, depreciation: depreciation?.center,
            initial: initial, growthYears: Int(growthYears.center.rounded()), capitalOutput: initialCapitalOutput?.center)
    }

    func validate() throws {
        if let capitalShare, !capitalShare.fits(0...1, open: true) {
            let value = capitalShare.center
            let shown = String(format: "%g", value)
            let hint = value > 1 && value < 100 ? "write \(String(format: "%g", value / 100)), not \(shown)" : "write 0.35 for 35%"
            throw ValidationError("--capital-share must be strictly between 0 and 1 (\(hint)); got \(capitalShare.isUncertain ? capitalShare.description : shown).")
        }
        if capitalShare != nil && shares != nil { throw ValidationError("Give --capital-share or --shares, not both.") }
        if let depreciation, !depreciation.fits(0...0.999_999, open: false) {
            throw ValidationError("--depreciation must be a rate in [0, 1) (write 0.05 for 5%); got \(depreciation).")
        }
        guard growthYears.fits(1...50, open: false), !growthYears.isUncertain || growthYears.center.isFinite,
            growthYears.isUncertain || growthYears.center == growthYears.center.rounded()
        else {
            throw ValidationError("--growth-years must be a whole number between 1 and 50, or a range such as 2..5; got \(growthYears).")
        }
        if depreciation == nil && initial != .steadyState {
            throw ValidationError("--initial applies when capital is built from investment: give --depreciation too.")
        }
        if depreciation == nil && givenGrowthYears != nil {
            throw ValidationError("--growth-years applies when capital is built from investment: give --depreciation too.")
        }
        if initial == .benchmark && givenGrowthYears != nil {
            throw ValidationError("--growth-years sets the steady-state start; --initial benchmark starts from the capital column: give one of them.")
        }
        if let initialCapitalOutput {
            try validateInitialCapitalOutput(initialCapitalOutput, fits: initialCapitalOutput.fits(0...1_000, open: true), initial: initial)
            if depreciation == nil { throw ValidationError("--initial-capital-output applies when capital is built from investment: give --depreciation too.") }
            if givenGrowthYears != nil { throw ValidationError("--growth-years sets the steady-state start; --initial-capital-output replaces it: give one of them.") }
        }
    }

    func sharesSource(_ csv: CSVOptions) throws -> FactorShares? { try settings.shares(csv: csv) }
    var requiredRoles: Set<Role> { settings.requiredRoles }
    /// The library's advice ("--initial benchmark") names an option that account, check and capital all have.
    func withCapital(_ panel: Panel) throws -> (Panel, Diagnostics.Note?) { try settings.withCapital(panel) }
}

/// What a plan is checked against, shared by `check` and `report`: the plan, the year,
/// the actuals, the data and how to read them, and --fail-on. Builds the `CheckJob`.
struct PlanInputOptions: ParsableArguments {
    enum FailOn: String, ExpressibleByArgument { case missed, atRisk = "at-risk" }

    @Argument(help: "The plan file (TOML).")
    var plan: String

    @Option(help: "Evaluate as of this year (default: the current year).")
    var asOf: Int?

    @Option(help: "Actual values of counted indicators (CSV or workbook: region, indicator, year, value, source).")
    var actuals: String?

    @Option(help: "A data panel for computed targets (TFP share, labour productivity), as for tfp account.")
    var data: String?

    @Option(name: .customLong("column"), help: ArgumentHelp("Map a role to a column of --data: ROLE=NAME.", valueName: "ROLE=NAME"))
    var columns: [String] = []

    @Option(help: "Decimal style of --data and --actuals: point or comma.")
    var decimal: DecimalStyle = .point

    @Option(help: "The region of --data to use for the plan, when the data name it differently (another region's data are never used otherwise).")
    var dataRegion: String?

    @Flag(help: "Refuse actuals rows that no target reads (another region, an unknown indicator) instead of listing them in the notes.")
    var strict = false

    @Option(help: "Exit with code 1 when a target is missed, over budget or in error, or (at-risk) also at risk.")
    var failOn: FailOn?

    func validate() throws {
        if let asOf, !Plan.validYears.contains(asOf) {
            throw ValidationError("--as-of must be a year between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound); got \(asOf).")
        }
        if dataRegion != nil && data == nil { throw ValidationError("--data-region applies to --data.") }
    }

    var year: Int { asOf ?? Calendar(identifier: .gregorian).component(.year, from: Date()) }

    func job(_ accounting: AccountingOptions, _ scenarios: ScenarioOptions? = nil) -> CheckJob {
        CheckJob(
            plan: plan, actuals: actuals, data: data, columns: columns, decimal: decimal, asOf: year,
            dataRegion: dataRegion, strict: strict, accounting: accounting.settings,
            uncertainty: scenarios.flatMap { accounting.uncertainty($0, period: nil) })
    }

    /// Exit code 1 when --fail-on is met.
    func applyFailOn(_ evaluation: PlanEvaluation) throws {
        guard let failOn else { return }
        let threshold = failOn == .atRisk ? TargetStatus.atRisk.severity : TargetStatus.missed.severity
        if evaluation.evaluations.contains(where: { $0.status.severity >= threshold }) { throw ExitCode(1) }
    }
}

/// How scenarios are drawn when an assumption is a range or a distribution (account, check).
struct ScenarioOptions: ParsableArguments {
    @Option(help: "Scenarios drawn when an assumption is a range or a distribution (100 to 1,000,000; default 10,000, or fewer for a large panel, with a note).")
    var draws: Int?

    @Option(help: "Seed of the scenarios (the same seed gives the same results on every machine).")
    var seed: UInt64 = 20_261_122

    @Option(help: "Central share of the scenarios the intervals cover (0.9: 5th to 95th percentile).")
    var interval: Double = 0.9

    func validate() throws {
        if let draws, !UncertainAccounting.drawLimits.contains(draws) {
            throw ValidationError("--draws must be between \(UncertainAccounting.drawLimits.lowerBound) and \(UncertainAccounting.drawLimits.upperBound); got \(draws).")
        }
        guard interval > 0 && interval < 1 else { throw ValidationError("--interval must be strictly between 0 and 1 (0.9 for 90%); got \(interval).") }
    }
}

extension AccountingOptions {
    /// The uncertain assumptions, when any is a range or a distribution.
    /// `estimatedShare`: the sampling distribution of an estimated capital share, drawn in place of --capital-share.
    /// `always`: build the scenarios even with no uncertain assumption (an estimated share's sampling error is drawn).
    func uncertainty(_ scenarios: ScenarioOptions, period: ClosedRange<Int>?, estimatedShare: Assumption? = nil, always: Bool = false) -> UncertainAccounting? {
        guard isUncertain || estimatedShare != nil || always else { return nil }
        var u = UncertainAccounting(
            capitalShare: estimatedShare ?? capitalShare, depreciation: depreciation,
            growthYears: depreciation == nil || initialCapitalOutput != nil || initial == .benchmark ? nil : growthYears,
            capitalOutput: initialCapitalOutput, method: method,
            period: period, draws: scenarios.draws ?? 10_000, seed: scenarios.seed, interval: scenarios.interval)
        u.benchmarkStart = initial == .benchmark && depreciation != nil
        return u
    }
}

/// The panels `tfp run` has read, by file and reading options: its tasks (one per region with
/// `regions = "each"`) share one read and one region index instead of reading the file again each
/// (thousands of regions made a run O(regions × rows); issue 14). Off outside `tfp run`. Tasks run in
/// parallel: each entry has its own lock, so a file is read once and others are read meanwhile.
final class PanelCache: @unchecked Sendable {
    static let shared = PanelCache()
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var isEnabled = false

    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        var result: Result<(Panel, RegionIndex), any Error>?
    }

    /// Turns the cache on (a run starts) or off and empties it (the run ended).
    func enable(_ on: Bool) {
        lock.lock()
        isEnabled = on
        entries = [:]
        lock.unlock()
    }

    func panel(path: String, options: CSVOptions, mapping: ColumnMapping, required: Set<Role>, read: () throws -> Panel) throws -> (Panel, RegionIndex?) {
        lock.lock()
        guard isEnabled else {
            lock.unlock()
            return (try read(), nil)
        }
        let key = "\(path)\u{0}\(options)\u{0}\(mapping.names.sorted { $0.key.rawValue < $1.key.rawValue })\u{0}\(required.map(\.rawValue).sorted())"
        let entry = entries[key] ?? Entry()
        entries[key] = entry
        lock.unlock()
        entry.lock.lock()
        defer { entry.lock.unlock() }
        let result: Result<(Panel, RegionIndex), any Error>
        if let cached = entry.result {
            result = cached
        } else {
            result = Result {
                let panel = try read(); return (panel, RegionIndex(panel))
            }
            entry.result = result
        }
        let (panel, index) = try result.get()
        return (panel, index)
    }
}

/// The checks of `--initial-capital-output` that `tfp account` (and check, run) and `tfp capital` share: a positive
/// ratio below 1,000, and not together with `--initial benchmark`.
/// - Parameters:
///   - value: the ratio as given (a number, or a range or distribution on account), for the message.
///   - fits: whether it lies in (0, 1,000).
///   - initial: the `--initial` rule given with it.
func validateInitialCapitalOutput(_ value: some CustomStringConvertible, fits: Bool, initial: AccountingSettings.InitialStock) throws {
    guard fits else {
        throw ValidationError("--initial-capital-output must be a positive ratio below 1,000 (2.5 = capital worth 2.5 years of output); got \(value).")
    }
    if initial == .benchmark { throw ValidationError("Give --initial benchmark or --initial-capital-output, not both.") }
}
