import Crypto
import DataIO
import Foundation
import Planning

/// A batch of analyses written as TOML (issue 13): named inputs and a list of jobs
/// whose options carry the CLI's flag names. Read by `tfp run SPEC --output DIR`.
///
///     [inputs.national]
///     path = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"
///     columns = { output = "gdp" }          # optional, --column ROLE=NAME
///
///     [[jobs]]
///     command = "account"
///     data = "national"                      # an input's name (or a path)
///     periods = [[2011, 2015], [2016, 2019]] # optional: one job per period (--from/--to)
///     formats = ["csv", "json"]
///     options = { capital-share = 0.6, depreciation = 0.05, summary = true }
public struct RunSpec: Sendable {
    /// A named input file (`[inputs.NAME]`).
    public struct Input: Sendable, Equatable {
        /// The input's name, as jobs refer to it.
        public let name: String
        /// The file.
        public let path: String
        /// Column mappings, role → column name (`--column ROLE=NAME`).
        public let columns: [String: String]
        /// The decimal style (`--decimal`), nil: the default.
        public let decimal: String?
        /// The sheet of a workbook (`--sheet`), nil: the default.
        public let sheet: String?
    }

    /// Which regions a job covers (issue 13).
    public enum Regions: Sendable, Equatable {
        /// The whole panel in one output (the default).
        case all
        /// One output per region of the data (account, productivity, capital).
        case each
        /// The 34 provincial units from 1 July 2025 (Resolution 202/2025/QH15), for data on them.
        case units2025
        /// These regions.
        case list([String])
    }

    /// One `[[jobs]]` table.
    public struct Job: Sendable {
        /// Its position in the spec (0-based).
        public let index: Int
        /// Its name (by default `N-command`), the stem of its outputs' names.
        public let name: String
        /// The `tfp` subcommand it runs.
        public let command: String
        /// An input's name or a file (nil for check and report without data).
        public let data: String?
        /// The plan file (check and report).
        public let plan: String?
        /// One task per period: `--from` and `--to`, or `--as-of` the period's end for check and report.
        public let periods: [YearRange]
        /// The output formats, one task per format.
        public let formats: [String]
        package let options: [(String, TOML.Value)]
        /// Which regions it covers.
        public let regions: Regions
    }

    /// Commands run once per region when a job names regions; the others take the regions as a filter of one panel.
    static let perRegionCommands: Set<String> = ["account", "productivity", "capital"]
    static let topKeys: Set<String> = ["inputs", "jobs"]
    static let inputKeys: Set<String> = ["path", "columns", "decimal", "sheet"]
    static let jobKeys: Set<String> = ["name", "command", "data", "plan", "periods", "formats", "options", "regions"]

    /// One job for one period in one format: the command line it runs.
    public struct Task: Sendable, Equatable {
        /// The job's name.
        public let job: String
        /// The command-line arguments, the subcommand first.
        public let arguments: [String]
        /// The output, relative to the run's folder.
        public let output: String
    }

    /// The subcommands a job may run.
    public static let commands: Set<String> = ["account", "productivity", "capital", "estimate", "benchmark", "harmonize", "check", "report"]
    static let formatsOf: [String: Set<String>] = [
        "report": ["html", "xlsx"]
    ]
    static let tableFormats: Set<String> = ["csv", "json", "markdown", "table", "xlsx"]

    /// The spec's path, for messages.
    public let file: String
    /// The spec's text.
    public let text: String
    /// The named inputs, in the order written.
    public let inputs: [Input]
    /// The jobs, in the order written.
    public let jobs: [Job]

    /// Reads and validates a spec file.
    /// - Parameter path: the spec file (TOML).
    /// - Returns: the spec.
    /// - Throws: the `DataIOError` of a file that cannot be read as text, or the errors of ``parse(_:file:)``.
    public static func read(path: String) throws -> RunSpec {
        let text = try TextFile.read(path: path)
        return try parse(text, file: path)
    }

    static func fail(_ file: String, _ text: String, job: Int? = nil, _ key: String, _ expected: String) -> PlanError {
        // The line of the key, for the message: within the job's own [[jobs]] table when the
        // fault is a job's (a second job's name is on its line, not on the first job's).
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var from = 0, to = lines.count
        if let job {
            let headers = lines.indices.filter { lines[$0].hasPrefix("[[jobs]]") }
            if job < headers.count {
                from = headers[job]
                to = job + 1 < headers.count ? headers[job + 1] : lines.count
            }
        }
        let line = (lines[from..<to].firstIndex { $0.hasPrefix(key) } ?? (job == nil ? nil : from)).map { $0 + 1 }
        return .invalidField(file: file, line: line, field: key, expected: expected)
    }

    /// Parses and validates a spec.
    /// - Parameters:
    ///   - text: the TOML text.
    ///   - file: the spec's path, for messages.
    /// - Returns: the spec.
    /// - Throws: `PlanError.syntax` for text that is not TOML, and `PlanError.invalidField` for an unknown key, a
    ///   command that is not one of ``commands``, a job name that is not unique or not a file name, and a period,
    ///   format, option, region, plan or data that a job cannot have.
    public static func parse(_ text: String, file: String) throws -> RunSpec {
        let root: TOML.Table
        do { root = try TOML.parse(text) } catch { throw PlanError.syntax(file: file, line: error.line, column: error.column, message: error.message) }
        for key in root.keys where !topKeys.contains(key) {
            throw fail(file, text, key, "only [inputs.NAME] tables and [[jobs]] (unknown key '\(key)')")
        }
        var inputs: [Input] = []
        if let table = root["inputs"]?.table {
            for name in table.keys {
                guard let t = table[name]?.table, let path = t["path"]?.string, !path.isEmpty else {
                    throw fail(file, text, "[inputs.\(name)]", "a table with path = \"FILE\"")
                }
                for key in t.keys where !inputKeys.contains(key) {
                    throw fail(file, text, key, "one of \(inputKeys.sorted().joined(separator: ", ")) in [inputs.\(name)] (unknown key '\(key)')")
                }
                var columns: [String: String] = [:]
                if let c = t["columns"]?.table {
                    for role in c.keys {
                        guard let column = c[role]?.string else { throw fail(file, text, "columns", "ROLE = \"COLUMN NAME\" pairs") }
                        columns[role] = column
                    }
                }
                inputs.append(Input(name: name, path: path, columns: columns, decimal: t["decimal"]?.string, sheet: t["sheet"]?.string))
            }
        }
        guard let jobList = root["jobs"]?.array, !jobList.isEmpty else { throw fail(file, text, "[[jobs]]", "at least one [[jobs]] table") }
        var jobs: [Job] = []
        var names = Set<String>()
        for (k, value) in jobList.enumerated() {
            guard let t = value.table else { throw fail(file, text, job: k, "[[jobs]]", "tables") }
            for key in t.keys where !jobKeys.contains(key) {
                throw fail(file, text, job: k, key, "one of \(jobKeys.sorted().joined(separator: ", ")) in a job (unknown key '\(key)' in job \(k + 1))")
            }
            guard let command = t["command"]?.string, commands.contains(command) else {
                throw fail(file, text, job: k, "command", "one of \(commands.sorted().joined(separator: ", ")) (job \(k + 1))")
            }
            let name = t["name"]?.string ?? "\(k + 1)-\(command)"
            guard !name.isEmpty, name.count <= 100, !name.contains("/"), !name.contains("\\"), !name.hasPrefix("."), name != "manifest",
                name.allSatisfy({ !$0.isNewline && $0 != "\0" }), names.insert(name).inserted
            else {
                throw fail(file, text, job: k, "name", "a unique job name without '/' (job \(k + 1))")
            }
            var periods: [YearRange] = []
            if let list = t["periods"]?.array {
                for p in list {
                    guard let pair = p.array, pair.count == 2, let from = pair[0].int, let to = pair[1].int, from <= to,
                        Panel.validYears.contains(from), Panel.validYears.contains(to)
                    else {
                        throw fail(file, text, job: k, "periods", "[[FROM, TO], …] with calendar years (job \(name))")
                    }
                    periods.append(YearRange(from, to))
                }
            }
            let allowed = formatsOf[command] ?? tableFormats
            let formats = t["formats"]?.array?.compactMap(\.string) ?? [command == "report" ? "html" : "csv"]
            guard !formats.isEmpty, formats.allSatisfy({ allowed.contains($0) }) else {
                throw fail(file, text, job: k, "formats", "formats among \(allowed.sorted().joined(separator: ", ")) (job \(name))")
            }
            var options: [(String, TOML.Value)] = []
            if let o = t["options"]?.table { for key in o.keys { if let v = o[key] { options.append((key, v)) } } }
            // Option names are the flags' long names: lowercase words joined by '-', nothing that could smuggle a flag in.
            for (key, value) in options {
                guard !key.isEmpty, key.count <= 40, key.first?.isLetter == true,
                    key.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }), !["help", "version"].contains(key)
                else {
                    throw fail(file, text, job: k, key, "an option named like a flag's long name (capital-share, from-data) (job \(name))")
                }
                if case .string(let v) = value, v.hasPrefix("--") {
                    throw fail(file, text, job: k, key, "a value, not a flag: '\(v.prefix(40))' (job \(name))")
                }
            }
            // harmonize's --to is the map's year, not a period's end.
            let reserved: Set<String> = command == "harmonize" ? ["output", "format", "from"] : ["output", "format", "from", "to"]
            if command == "harmonize" && !periods.isEmpty { throw fail(file, text, job: k, "periods", "no periods for harmonize: it maps the whole panel (job \(name))") }
            for (key, _) in options where reserved.contains(key) {
                throw fail(file, text, job: k, key, "no \(key) in options: the run names outputs, formats and periods itself (job \(name))")
            }
            let data = t["data"]?.string, plan = t["plan"]?.string
            if ["check", "report"].contains(command) {
                guard plan != nil else { throw fail(file, text, job: k, "plan", "a plan file for \(command) (job \(name))") }
            } else {
                guard data != nil else { throw fail(file, text, job: k, "data", "an input name or a file (job \(name))") }
            }
            var regions = Regions.all
            if let value = t["regions"] {
                if ["check", "report"].contains(command) { throw fail(file, text, job: k, "regions", "no regions for \(command): a plan names its region (job \(name))") }
                if let word = value.string {
                    switch word {
                    case "all": regions = .all
                    case "each": regions = .each
                    case "units-2025": regions = .units2025
                    default: throw fail(file, text, job: k, "regions", "\"all\", \"each\", \"units-2025\" or a list of names (job \(name))")
                    }
                } else if let list = value.array?.compactMap(\.string), list.count == value.array?.count, !list.isEmpty,
                    list.allSatisfy({ !$0.isEmpty && $0.count <= 200 })
                {
                    regions = .list(list)
                } else {
                    throw fail(file, text, job: k, "regions", "\"all\", \"each\", \"units-2025\" or a list of names (job \(name))")
                }
            }
            jobs.append(Job(index: k, name: name, command: command, data: data, plan: plan, periods: periods, formats: formats, options: options, regions: regions))
        }
        return RunSpec(file: file, text: text, inputs: inputs, jobs: jobs)
    }

    /// The command lines of every job × period × format; two tasks never write one file.
    /// - Returns: the tasks, job by job, region by region, period by period, format by format.
    /// - Throws: `PlanError.invalidField` when two tasks would write one file (names compared in any case) or an
    ///   option's value is not a string, a number, a boolean or an array of strings and numbers, and the
    ///   `DataIOError` of the region reference or of a job's data read for `regions = "each"`.
    public func tasks() throws -> [Task] {
        let all = try expandedTasks()
        var seen: [String: String] = [:]
        for task in all {
            if let other = seen[task.output.lowercased()] {
                throw PlanError.invalidField(
                    file: file, line: nil, field: "name",
                    expected: "job names whose outputs differ: jobs '\(other)' and '\(task.job)' would both write \(task.output)")
            }
            seen[task.output.lowercased()] = task.job
        }
        return all
    }

    func expandedTasks() throws -> [Task] {
        var out: [Task] = []
        for job in jobs {
            var base: [String] = [job.command]
            if let plan = job.plan { base.append(plan) }
            if let data = job.data {
                let input = inputs.first { $0.name == data }
                let path = input?.path ?? data
                if ["check", "report"].contains(job.command) { base += ["--data", path] } else { base.append(path) }
                if let input {
                    for role in input.columns.keys.sorted() { base += ["--column", "\(role)=\(input.columns[role] ?? "")"] }
                    if let decimal = input.decimal { base += ["--decimal", decimal] }
                    if let sheet = input.sheet, !["check", "report"].contains(job.command) { base += ["--sheet", sheet] }
                }
            }
            for (key, value) in job.options {
                switch value {
                case .boolean(true): base.append("--\(key)")
                case .boolean(false): continue
                case .string(let s): base += ["--\(key)", s]
                case .integer(let i): base += ["--\(key)", String(i)]
                case .float(let d): base += ["--\(key)", "\(d)"]
                case .array(let items):
                    for item in items {
                        switch item {
                        case .string(let s): base += ["--\(key)", s]
                        case .integer(let i): base += ["--\(key)", String(i)]
                        case .float(let d): base += ["--\(key)", "\(d)"]
                        default: throw PlanError.invalidField(file: file, line: nil, field: key, expected: "strings or numbers (job \(job.name))")
                        }
                    }
                default: throw PlanError.invalidField(file: file, line: nil, field: key, expected: "a string, a number or true (job \(job.name))")
                }
            }
            // Regions: one task per region for the per-region commands, one filter otherwise.
            let names: [String]? =
                switch job.regions {
                case .all: nil
                case .list(let list): list
                case .units2025: try RegionReference.bundled().units2025.map(\.unit)
                case .each: try regionsOfData(job)
                }
            var variants: [(args: [String], stem: String)] = [(base, job.name)]
            if let names {
                if Self.perRegionCommands.contains(job.command) {
                    variants = names.map { (base + ["--region", $0], job.name + "_" + RegionReference.key($0)) }
                } else {
                    variants = [(base + names.flatMap { ["--region", $0] }, job.name)]
                }
            }
            let periods: [YearRange?] = job.periods.isEmpty ? [nil] : job.periods
            for (variantArgs, variantStem) in variants {
                for period in periods {
                    var args = variantArgs
                    var stem = variantStem
                    if let period {
                        args += job.command == "check" || job.command == "report" ? ["--as-of", String(period.to)] : ["--from", String(period.from), "--to", String(period.to)]
                        stem += "_\(period)"
                    }
                    for format in job.formats {
                        let output = "\(stem).\(format == "markdown" ? "md" : format == "table" ? "txt" : format)"
                        var full = args
                        if !["xlsx", "html"].contains(format) { full += ["--format", format] }
                        out.append(Task(job: job.name, arguments: full, output: output))
                    }
                }
            }
        }
        return out
    }

    /// The regions of a job's data, in the order of the file (for `regions = "each"`).
    func regionsOfData(_ job: Job) throws -> [String] {
        guard let data = job.data else { return [] }
        let input = inputs.first { $0.name == data }
        var options = CSVOptions()
        if input?.decimal == "comma" { options.decimal = .comma }
        if let sheet = input?.sheet { options.sheet = SheetSelection(sheet: sheet, range: nil) }
        let panel = try Panel.read(path: input?.path ?? data, options: options, mapping: ColumnMapping(assignments: (input?.columns ?? [:]).map { "\($0.key)=\($0.value)" }), required: [])
        var seen = Set<String>()
        return panel.series.map(\.region).filter { seen.insert($0).inserted }
    }
}

/// The record of a run: what was read, with what, what came out (issue 13).
/// Times are only here, never in the outputs.
public struct RunManifest: Codable, Sendable, Equatable {
    /// A file: its path, size and SHA-256 digest.
    public struct FileRecord: Codable, Sendable, Equatable {
        /// The path, as recorded.
        public let path: String
        /// The size in bytes.
        public let bytes: Int
        /// The SHA-256 digest, in lowercase hexadecimal.
        public let sha256: String
        /// A record.
        /// - Parameters:
        ///   - path: the path, as recorded.
        ///   - bytes: the size in bytes.
        ///   - sha256: the SHA-256 digest, in lowercase hexadecimal.
        public init(path: String, bytes: Int, sha256: String) {
            (self.path, self.bytes, self.sha256) = (path, bytes, sha256)
        }
    }

    /// One task as it ran.
    public struct TaskRecord: Codable, Sendable, Equatable {
        /// The job's name.
        public let job: String
        /// The command-line arguments, the subcommand first.
        public let arguments: [String]
        /// Every option of the command as it was resolved, defaults included (flag name → value).
        public let parameters: [String: String]?
        /// How it ended, as the runner words it.
        public let status: String
        /// The error message, when it failed.
        public let error: String?
        /// How long it ran, in seconds.
        public let seconds: Double
        /// The file it wrote, when it wrote one.
        public let output: FileRecord?
        /// A record.
        /// - Parameters:
        ///   - job: the job's name.
        ///   - arguments: the command-line arguments.
        ///   - parameters: every option as it was resolved (nil: not recorded).
        ///   - status: how it ended.
        ///   - error: the error message, when it failed.
        ///   - seconds: how long it ran, in seconds.
        ///   - output: the file it wrote, when it wrote one.
        public init(job: String, arguments: [String], parameters: [String: String]? = nil, status: String, error: String?, seconds: Double, output: FileRecord?) {
            (self.job, self.arguments, self.parameters, self.status, self.error, self.seconds, self.output) = (job, arguments, parameters, status, error, seconds, output)
        }
    }

    /// The version of `tfp` that ran.
    public let tfpVersion: String
    /// When the run started, as written by the runner.
    public let started: String
    /// The platform it ran on.
    public let platform: String
    /// The spec file.
    public let spec: FileRecord
    /// The spec's text.
    public let specText: String
    /// Every input file.
    public let inputs: [FileRecord]
    /// Every task, in order.
    public let tasks: [TaskRecord]

    /// A record.
    /// - Parameters:
    ///   - tfpVersion: the version of `tfp` that ran.
    ///   - started: when the run started.
    ///   - platform: the platform it ran on.
    ///   - spec: the spec file.
    ///   - specText: the spec's text.
    ///   - inputs: every input file.
    ///   - tasks: every task, in order.
    public init(tfpVersion: String, started: String, platform: String, spec: FileRecord, specText: String, inputs: [FileRecord], tasks: [TaskRecord]) {
        (self.tfpVersion, self.started, self.platform, self.spec, self.specText, self.inputs, self.tasks) =
            (tfpVersion, started, platform, spec, specText, inputs, tasks)
    }

    enum CodingKeys: String, CodingKey {
        case tfpVersion = "tfp_version", started, platform, spec, specText = "spec_text", inputs, tasks
    }

    /// The record of a file.
    /// - Parameters:
    ///   - path: the path, as recorded.
    ///   - folder: the folder `path` is relative to (nil: `path` as it is).
    /// - Returns: the record, or nil when the file cannot be read.
    public static func record(path: String, relativeTo folder: String? = nil) -> FileRecord? {
        guard let data = FileManager.default.contents(atPath: folder.map { $0 + "/" + path } ?? path) else { return nil }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return FileRecord(path: path, bytes: data.count, sha256: digest)
    }

    /// The manifest as JSON: pretty-printed, keys sorted, slashes not escaped.
    /// - Returns: the UTF-8 bytes.
    /// - Throws: the encoder's `EncodingError`.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
