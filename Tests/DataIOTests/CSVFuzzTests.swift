import DataIO
import Foundation
import Testing
import _TestSupport

/// Issue 8, "How to make it last": a bounded, seeded fuzz run of the CSV reader
/// on mutations of the committed corpus (`Tests/DataIOTests/Corpus`). Every
/// input must give a panel or a `DataIOError`; a trap ends the test process,
/// which fails the run. A crash found here is kept as a file in the corpus.
/// A longer run: `TFP_FUZZ_ITERATIONS=100000 swift test --filter CSVFuzz`.
@Suite struct CSVFuzzTests {
    static let corpus: [String] = {
        let folder = repositoryPath("Tests/DataIOTests/Corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { folder + "/" + $0 }
    }()

    @Test func corpusIsThere() {
        #expect(Self.corpus.count >= 8)
    }

    /// Reads a file every way the commands do; returns whether it was accepted.
    static func readEveryWay(_ path: String) -> Bool {
        var accepted = false
        for options in [CSVOptions(), CSVOptions(decimal: .comma), CSVOptions(delimiter: 0x09)] {
            do {
                let panel = try Panel.read(path: path, options: options, required: [.output])
                // What was read is consistent: one year per row, rows in series order.
                #expect(panel.years.count == panel.lines.count)
                #expect(panel.series.allSatisfy { $0.rows.upperBound <= panel.rowCount })
                #expect(panel.years.allSatisfy { Panel.validYears.contains($0) })
                accepted = true
            } catch {
                #expect(!error.localizedDescription.isEmpty)
            }
            do { _ = try CSVTable.read(path: path, options: options) } catch { #expect(!error.localizedDescription.isEmpty) }
        }
        return accepted
    }

    @Test func corpusFilesReadOrFailCleanly() {
        for path in Self.corpus { _ = Self.readEveryWay(path) }
    }

    @Test(arguments: [UInt64(20_261_122), 8, 1322])
    func mutationsReadOrFailCleanly(seed: UInt64) throws {
        var mutator = Mutator(seed: seed)
        let seeds = try Self.corpus.map { try Array(Data(contentsOf: URL(fileURLWithPath: $0))) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tfpkit-fuzz-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var accepted = 0
        let iterations = ProcessInfo.processInfo.environment["TFP_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 1500
        for iteration in 0..<iterations {
            let input = mutator.mutate(seeds[mutator.below(seeds.count)])
            let path = folder.appendingPathComponent("case-\(iteration).csv").path
            try Data(input).write(to: URL(fileURLWithPath: path))
            if Self.readEveryWay(path) { accepted += 1 }
            try FileManager.default.removeItem(atPath: path)
        }
        // Some mutations stay valid: the run exercises the parsing paths, not only the first check.
        #expect(accepted > iterations / 50, "only \(accepted) of \(iterations) mutated files were readable")
    }
}
