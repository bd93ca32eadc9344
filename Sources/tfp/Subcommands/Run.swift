import ArgumentParser
import Dispatch
import Foundation
import TFPKit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a batch of analyses from a TOML spec, with a manifest of inputs, parameters and outputs.",
        discussion: """
            Example:
              tfp run Datasets/runs/EXAMPLE_annual.toml --output out/
              tfp run --verify out/        (runs the manifest's spec again and compares every output)

            Each job × period × format writes DIR/JOB[_PERIOD].FORMAT; jobs run in parallel on the machine's cores; \
            a failing job is recorded with its error and the others go on. DIR/manifest.json records the tool's \
            version, the spec (text and SHA-256), every input and output (size and SHA-256), each job's command line, \
            status and time. Exit codes: 0 all jobs succeeded, 1 a job failed (or its targets did, with --fail-on), \
            2 the spec is invalid.
            """
    )

    @Argument(help: "The spec (TOML).")
    var spec: String?

    @Option(help: "The folder for the outputs and manifest.json (created when missing).")
    var output: String?

    @Option(help: "Verify a run: run its manifest's spec again into a temporary folder and compare every output.")
    var verify: String?

    @Flag(help: "Say on standard error where the time went.")
    var timings = false

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func validate() throws {
        if verify == nil && (spec == nil || output == nil) { throw ValidationError("Give a spec and --output DIR, or --verify DIR.") }
        if verify != nil && (spec != nil || output != nil) { throw ValidationError("--verify DIR takes no spec and no --output.") }
    }

    func run() throws {
        if let verify { try verifyRun(verify); return }
        guard let spec, let output else { return }
        let (_, failed) = try Self.execute(specPath: spec, folder: output, quiet: quiet)
        if failed > 0 { throw ExitCode(1) }
    }

    /// Runs the spec into `folder`; returns the manifest and the number of failed tasks.
    static func execute(specPath: String, folder: String, quiet: Bool) throws -> (RunManifest, Int) {
        let parsed = try RunSpec.read(path: specPath)
        let tasks = try parsed.tasks()
        // Every job's options are checked as its command would parse them before anything runs:
        // an unknown option or a wrong value is the spec's error (exit 2), not a failed job.
        // The parsed commands are the ones run below: each task is parsed once.
        var commands: [ParsableCommand] = []
        commands.reserveCapacity(tasks.count)
        // A per-region command is parsed once per kind of task (the arguments but its regions) and then
        // pointed at each region and output: `regions = "each"` makes thousands of tasks, and a parse
        // costs ~2 ms (argument-parser reflects on the command each time).
        var templates: [[String]: any RegionTaskCommand] = [:]
        for task in tasks {
            var kind: [String] = [], regions: [String] = []
            var isRegion = false
            for argument in task.arguments {
                if isRegion { regions.append(argument); isRegion = false } else if argument == "--region" { isRegion = true } else { kind.append(argument) }
            }
            // A region the parser would read as an option ("-x") is parsed, so that it is refused as before.
            if var command = templates[kind], regions.allSatisfy({ !$0.hasPrefix("-") }) {
                command.input.region = regions
                command.outputOptions.output = folder + "/" + task.output
                commands.append(command)
                continue
            }
            do {
                let command = try TFP.parseAsRoot(task.arguments + ["--output", folder + "/" + task.output])
                if let perRegion = command as? any RegionTaskCommand { templates[kind] = perRegion }
                commands.append(command)
            } catch {
                let message = TFP.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid options"
                throw ValidationError("\(specPath): job '\(task.job)': \(message.replacingOccurrences(of: "Error: ", with: ""))")
            }
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ValidationError("--output \(folder) is a file; name a folder.") }
        } else {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw ValidationError("Cannot create the folder \(folder): \(error.localizedDescription)")
            }
        }
        Timings.lap("read spec")
        let started = ISO8601DateFormatter().string(from: Date())
        // The jobs' own progress and phases would interleave with the run's: the run reports them.
        WorkProgress.install(nil)
        // Tasks on the same input share one read of it (one per region with regions = "each").
        PanelCache.shared.enable(true)
        defer { PanelCache.shared.enable(false) }
        Timings.suspended = true
        let progress = !quiet && isatty(2) == 1
        let clock = ContinuousClock()
        let runStart = clock.now
        nonisolated(unsafe) let parsedCommands = commands
        nonisolated(unsafe) var records = [RunManifest.TaskRecord?](repeating: nil, count: tasks.count)
        let lock = NSLock()
        nonisolated(unsafe) var done = 0
        records.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: tasks.count) { k in
                let task = tasks[k]
                let start = clock.now
                var status = "ok", message: String? = nil
                var parameters: [String: String]? = nil
                do {
                    var command = parsedCommands[k]
                    parameters = Self.parameters(of: command).filter { $0.key != "output" }
                    try command.run()
                } catch let exit as ExitCode {
                    status = exit == .success ? "ok" : "targets failing"
                } catch {
                    status = "failed"
                    message = TFP.message(for: error)
                }
                let seconds = (clock.now - start) / .seconds(1)
                out[k] = RunManifest.TaskRecord(
                    job: task.job, arguments: task.arguments + ["--output", task.output], parameters: parameters, status: status,
                    error: message, seconds: (seconds * 1000).rounded() / 1000,
                    output: status == "failed" ? nil : RunManifest.record(path: task.output, relativeTo: folder))
                if progress {
                    lock.lock()
                    done += 1
                    let elapsed = (clock.now - runStart) / .seconds(1)
                    FileHandle.standardError.write(Data(String(format: "\r%d/%d jobs, %.1f s, %@            ", done, tasks.count, elapsed, task.output).utf8))
                    lock.unlock()
                }
            }
        }
        if progress { FileHandle.standardError.write(Data("\n".utf8)) }
        Timings.suspended = false
        Timings.lap("jobs (\(tasks.count), in parallel)")
        var inputPaths: [String] = parsed.inputs.map(\.path)
        for job in parsed.jobs {
            if let plan = job.plan { inputPaths.append(plan) }
            if let data = job.data, !parsed.inputs.contains(where: { $0.name == data }) { inputPaths.append(data) }
            // Files named in options are inputs too (actuals, shares, a benchmark panel).
            for (key, value) in job.options where ["actuals", "shares", "benchmark"].contains(key) {
                if let path = value.string { inputPaths.append(path) }
            }
        }
        var seen = Set<String>()
        let inputs = inputPaths.filter { seen.insert($0).inserted }.compactMap { RunManifest.record(path: $0) }
        guard let specRecord = RunManifest.record(path: specPath) else { throw ValidationError("Cannot read \(specPath) again.") }
        #if arch(x86_64)
            let arch = "x86_64"
        #else
            let arch = "arm64"
        #endif
        let manifest = RunManifest(
            tfpVersion: ToolVersion.current, started: started, platform: "\(ProcessInfo.processInfo.operatingSystemVersionString) \(arch)",
            spec: specRecord, specText: parsed.text, inputs: inputs, tasks: records.compactMap { $0 })
        try OutputFile.write(Array(try manifest.json()), to: folder + "/manifest.json")
        let failed = manifest.tasks.filter { $0.status == "failed" }
        for f in failed where !quiet { FileHandle.standardError.write(Data("failed: \(f.job) (\(f.arguments.joined(separator: " "))): \(f.error ?? "")\n".utf8)) }
        if !quiet { print("\(manifest.tasks.count) output(s) in \(folder), \(failed.count) failed; manifest: \(folder)/manifest.json") }
        return (manifest, failed.count)
    }

    /// Every option of a parsed command, defaults included, by flag name (the manifest's
    /// resolved parameters): read from the command's property wrappers, whose descriptions
    /// are their values; option groups are entered.
    static func parameters(of command: Any) -> [String: String] {
        var out: [String: String] = [:]
        for child in Mirror(reflecting: command).children {
            guard let label = child.label, label.hasPrefix("_") else { continue }
            let kind = String(describing: type(of: child.value))
            if kind.hasPrefix("OptionGroup<") {
                // OptionGroup's parsed value: `_parsedValue` = .value(group).
                if let parsed = Mirror(reflecting: child.value).children.first(where: { $0.label == "_parsedValue" })?.value,
                    let group = Mirror(reflecting: parsed).children.first?.value
                {
                    out.merge(parameters(of: group)) { a, _ in a }
                }
            } else if kind.hasPrefix("Option<") || kind.hasPrefix("Flag<") || kind.hasPrefix("Argument<") {
                var value = String(describing: child.value)
                while value.hasPrefix("Optional("), value.hasSuffix(")") { value = String(value.dropFirst("Optional(".count).dropLast()) }
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                // camelCase property → the flag's kebab-case name.
                var name = ""
                for c in label.dropFirst() { if c.isUppercase { name += "-" + c.lowercased() } else { name.append(c) } }
                out[name] = value
            }
        }
        return out
    }

    func verifyRun(_ folder: String) throws {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json") else {
            throw ValidationError("\(folder)/manifest.json cannot be read.")
        }
        let manifest: RunManifest
        do { manifest = try JSONDecoder().decode(RunManifest.self, from: data) } catch { throw ValidationError("\(folder)/manifest.json is not a tfp run manifest: \(error.localizedDescription)") }
        var differences: [String] = []
        for input in manifest.inputs {
            let now = RunManifest.record(path: input.path)
            if now?.sha256 != input.sha256 { differences.append("input \(input.path) has changed since the run") }
        }
        if RunManifest.record(path: manifest.spec.path)?.sha256 != manifest.spec.sha256 { differences.append("the spec \(manifest.spec.path) has changed since the run") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tfp-verify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let specCopy = scratch + ".toml"
        try OutputFile.write(manifest.specText, to: specCopy)
        defer { try? FileManager.default.removeItem(atPath: specCopy) }
        let (again, _) = try Self.execute(specPath: specCopy, folder: scratch, quiet: true)
        let before = Dictionary(manifest.tasks.compactMap { t in t.output.map { ($0.path, $0.sha256) } }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(again.tasks.compactMap { t in t.output.map { ($0.path, $0.sha256) } }, uniquingKeysWith: { a, _ in a })
        let errors = Dictionary(again.tasks.compactMap { t in t.error.map { (t.arguments.last ?? t.job, $0) } }, uniquingKeysWith: { a, _ in a })
        for path in Set(before.keys).union(after.keys).sorted() where before[path] != after[path] {
            let why = after[path] == nil ? "not produced now" + (errors[path].map { " (the job failed: \($0))" } ?? "") : before[path] == nil ? "new" : "differs"
            differences.append("\(path): \(why)")
        }
        if differences.isEmpty {
            print("Verified: \(before.count) output(s) of \(folder) are reproduced byte for byte.")
        } else {
            for d in differences { print("differs: \(d)") }
            throw ExitCode(1)
        }
    }
}

/// A command `tfp run` runs once per region (`RunSpec.perRegionCommands`): what differs between its tasks.
protocol RegionTaskCommand: ParsableCommand {
    var input: DataOptions { get set }
    var outputOptions: OutputOptions { get set }
}

extension Account: RegionTaskCommand {}
extension ProductivityCommand: RegionTaskCommand {}
extension Capital: RegionTaskCommand {}
