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
    public struct Input: Sendable, Equatable {
        public let name: String
        public let path: String
        public let columns: [String: String]
        public let decimal: String?
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

    public struct Job: Sendable {
        public let index: Int
        public let name: String
        public let command: String
        public let data: String?
        public let plan: String?
        public let periods: [YearRange]
        public let formats: [String]
        package let options: [(String, TOML.Value)]
        public let regions: Regions
    }

    /// Commands run once per region when a job names regions; the others take the regions as a filter of one panel.
    static let perRegionCommands: Set<String> = ["account", "productivity", "capital"]
    static let topKeys: Set<String> = ["inputs", "jobs"]
    static let inputKeys: Set<String> = ["path", "columns", "decimal", "sheet"]
    static let jobKeys: Set<String> = ["name", "command", "data", "plan", "periods", "formats", "options", "regions"]

    /// One job for one period in one format: the command line it runs.
    public struct Task: Sendable, Equatable {
        public let job: String
        public let arguments: [String]
        /// The output, relative to the run's folder.
        public let output: String
    }

    public static let commands: Set<String> = ["account", "productivity", "capital", "estimate", "benchmark", "harmonize", "check", "report"]
    static let formatsOf: [String: Set<String>] = [
        "report": ["html", "xlsx"]
    ]
    static let tableFormats: Set<String> = ["csv", "json", "markdown", "table", "xlsx"]

    public let file: String
    public let text: String
    public let inputs: [Input]
    public let jobs: [Job]

    public static func read(path: String) throws -> RunSpec {
        let text = try TextFile.read(path: path)
        return try parse(text, file: path)
    }

    static func fail(_ file: String, _ text: String, _ key: String, _ expected: String) -> PlanError {
        // The line of the key, for the message.
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key) }.map { $0 + 1 }
        return .invalidField(file: file, line: line, field: key, expected: expected)
    }

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
            guard let t = value.table else { throw fail(file, text, "[[jobs]]", "tables") }
            for key in t.keys where !jobKeys.contains(key) {
                throw fail(file, text, key, "one of \(jobKeys.sorted().joined(separator: ", ")) in a job (unknown key '\(key)' in job \(k + 1))")
            }
            guard let command = t["command"]?.string, commands.contains(command) else {
                throw fail(file, text, "command", "one of \(commands.sorted().joined(separator: ", ")) (job \(k + 1))")
            }
            let name = t["name"]?.string ?? "\(k + 1)-\(command)"
            guard !name.isEmpty, name.count <= 100, !name.contains("/"), !name.contains("\\"), !name.hasPrefix("."), name != "manifest",
                name.allSatisfy({ !$0.isNewline && $0 != "\0" }), names.insert(name).inserted
            else {
                throw fail(file, text, "name", "a unique job name without '/' (job \(k + 1))")
            }
            var periods: [YearRange] = []
            if let list = t["periods"]?.array {
                for p in list {
                    guard let pair = p.array, pair.count == 2, let from = pair[0].int, let to = pair[1].int, from <= to,
                        Panel.validYears.contains(from), Panel.validYears.contains(to)
                    else {
                        throw fail(file, text, "periods", "[[FROM, TO], …] with calendar years (job \(name))")
                    }
                    periods.append(YearRange(from, to))
                }
            }
            let allowed = formatsOf[command] ?? tableFormats
            let formats = t["formats"]?.array?.compactMap(\.string) ?? [command == "report" ? "html" : "csv"]
            guard !formats.isEmpty, formats.allSatisfy({ allowed.contains($0) }) else {
                throw fail(file, text, "formats", "formats among \(allowed.sorted().joined(separator: ", ")) (job \(name))")
            }
            var options: [(String, TOML.Value)] = []
            if let o = t["options"]?.table { for key in o.keys { if let v = o[key] { options.append((key, v)) } } }
            // Option names are the flags' long names: lowercase words joined by '-', nothing that could smuggle a flag in.
            for (key, value) in options {
                guard !key.isEmpty, key.count <= 40, key.first?.isLetter == true,
                    key.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }), !["help", "version"].contains(key)
                else {
                    throw fail(file, text, key, "an option named like a flag's long name (capital-share, from-data) (job \(name))")
                }
                if case .string(let v) = value, v.hasPrefix("--") {
                    throw fail(file, text, key, "a value, not a flag: '\(v.prefix(40))' (job \(name))")
                }
            }
            // harmonize's --to is the map's year, not a period's end.
            let reserved: Set<String> = command == "harmonize" ? ["output", "format", "from"] : ["output", "format", "from", "to"]
            if command == "harmonize" && !periods.isEmpty { throw fail(file, text, "periods", "no periods for harmonize: it maps the whole panel (job \(name))") }
            for (key, _) in options where reserved.contains(key) {
                throw fail(file, text, key, "no \(key) in options: the run names outputs, formats and periods itself (job \(name))")
            }
            let data = t["data"]?.string, plan = t["plan"]?.string
            if ["check", "report"].contains(command) {
                guard plan != nil else { throw fail(file, text, "plan", "a plan file for \(command) (job \(name))") }
            } else {
                guard data != nil else { throw fail(file, text, "data", "an input name or a file (job \(name))") }
            }
            var regions = Regions.all
            if let value = t["regions"] {
                if ["check", "report"].contains(command) { throw fail(file, text, "regions", "no regions for \(command): a plan names its region (job \(name))") }
                if let word = value.string {
                    switch word {
                    case "all": regions = .all
                    case "each": regions = .each
                    case "units-2025": regions = .units2025
                    default: throw fail(file, text, "regions", "\"all\", \"each\", \"units-2025\" or a list of names (job \(name))")
                    }
                } else if let list = value.array?.compactMap(\.string), list.count == value.array?.count, !list.isEmpty,
                    list.allSatisfy({ !$0.isEmpty && $0.count <= 200 })
                {
                    regions = .list(list)
                } else {
                    throw fail(file, text, "regions", "\"all\", \"each\", \"units-2025\" or a list of names (job \(name))")
                }
            }
            jobs.append(Job(index: k, name: name, command: command, data: data, plan: plan, periods: periods, formats: formats, options: options, regions: regions))
        }
        return RunSpec(file: file, text: text, inputs: inputs, jobs: jobs)
    }

    /// The command lines of every job × period × format; two tasks never write one file.
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
    public struct FileRecord: Codable, Sendable, Equatable {
        public let path: String
        public let bytes: Int
        public let sha256: String
        public init(path: String, bytes: Int, sha256: String) {
            (self.path, self.bytes, self.sha256) = (path, bytes, sha256)
        }
    }

    public struct TaskRecord: Codable, Sendable, Equatable {
        public let job: String
        public let arguments: [String]
        /// Every option of the command as it was resolved, defaults included (flag name → value).
        public let parameters: [String: String]?
        public let status: String
        public let error: String?
        public let seconds: Double
        public let output: FileRecord?
        public init(job: String, arguments: [String], parameters: [String: String]? = nil, status: String, error: String?, seconds: Double, output: FileRecord?) {
            (self.job, self.arguments, self.parameters, self.status, self.error, self.seconds, self.output) = (job, arguments, parameters, status, error, seconds, output)
        }
    }

    public let tfpVersion: String
    public let started: String
    public let platform: String
    public let spec: FileRecord
    public let specText: String
    public let inputs: [FileRecord]
    public let tasks: [TaskRecord]

    public init(tfpVersion: String, started: String, platform: String, spec: FileRecord, specText: String, inputs: [FileRecord], tasks: [TaskRecord]) {
        (self.tfpVersion, self.started, self.platform, self.spec, self.specText, self.inputs, self.tasks) =
            (tfpVersion, started, platform, spec, specText, inputs, tasks)
    }

    enum CodingKeys: String, CodingKey {
        case tfpVersion = "tfp_version", started, platform, spec, specText = "spec_text", inputs, tasks
    }

    public static func record(path: String, relativeTo folder: String? = nil) -> FileRecord? {
        guard let data = FileManager.default.contents(atPath: folder.map { $0 + "/" + path } ?? path) else { return nil }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return FileRecord(path: path, bytes: data.count, sha256: digest)
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
