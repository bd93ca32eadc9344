import Foundation
@_exported import Econometrics

/// Absolute path of a file in the repository, from this source file's location.
public func repositoryPath(_ relative: String, filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
           FileManager.default.fileExists(atPath: url.appendingPathComponent("Datasets").path) {
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
