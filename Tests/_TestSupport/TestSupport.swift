@_exported import Econometrics
import Foundation

/// Absolute path of a file in the repository, from this source file's location.
public func repositoryPath(_ relative: String, filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
            FileManager.default.fileExists(atPath: url.appendingPathComponent("Datasets").path)
        {
            return url.appendingPathComponent(relative).path
        }
    }
    fatalError("repository root not found from \(filePath)")
}

/// |a − b| / max(|b|, tiny): the relative error of `a` against reference `b`.
public func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), Double.leastNormalMagnitude)
}

/// A temporary file with the given contents; removed by the caller if wanted.
public func temporaryFile(_ contents: String, name: String = "data.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfpkit-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The built `tfp` binary: next to the test bundle (SwiftPM builds it first,
/// because the CLI tests depend on the executable target).
public func tfpExecutable() -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL.deletingLastPathComponent(),
        Bundle.main.bundleURL,
    ]
    for dir in candidates {
        let url = dir.appendingPathComponent("tfp")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    for configuration in ["debug", "release"] {
        let url = URL(fileURLWithPath: repositoryPath(".build/\(configuration)/tfp"))
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    fatalError("the tfp binary was not found next to \(CommandLine.arguments[0])")
}

public struct ProcessResult: Sendable {
    public let status: Int32
    public let standardOutput: String
    public let standardError: String
}

/// Runs the built `tfp` with arguments, from the repository root.
public func runTFP(_ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = tfpExecutable()
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repositoryPath("."))
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    // Help texts wrap at the terminal's width: the same on every machine for the snapshots.
    environment["COLUMNS"] = "80"
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self))
}

/// A temporary file with the given bytes (for encodings and binary signatures).
public func temporaryFile(bytes: [UInt8], name: String = "data.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tfpkit-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// The tolerances the tests assert, by name; the README's accuracy claims state these numbers.
public enum Tolerance {
    /// Coefficients against plm, pyfixest and statsmodels (relative).
    public static let coefficient = 1e-8
    /// Standard errors against the same tools (relative): they go through more arithmetic.
    public static let standardError = 1e-6
    /// p-values (absolute).
    public static let pValue = 1e-9
    /// Growth-accounting indices against PWT 10.01's published TFP index (relative).
    public static let publishedIndex = 1e-6
}
