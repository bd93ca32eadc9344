import Foundation
import TFPKit

/// `--timings` (every command): where the time went — reading, computing, writing — on
/// standard error. And progress of long work on standard error when it is a terminal
/// (issue 14); nothing when it is not.
enum Timings {
    /// Set once by main before the command runs.
    nonisolated(unsafe) static var enabled = false
    /// Set by `tfp run` around its parallel jobs: their own writes are not phases of the run.
    nonisolated(unsafe) static var suspended = false
    nonisolated(unsafe) private static var reported = false
    /// Set while a report is rendered to text (its time is "format").
    nonisolated(unsafe) static var formatting = false
    nonisolated(unsafe) private static var last = ContinuousClock.now

    /// Starts the clock of the first phase.
    static func start(_ enabled: Bool) {
        self.enabled = enabled
        last = .now
    }
    nonisolated(unsafe) private static var laps: [(String, Duration)] = []

    /// Ends the current phase under `name` (phases of the same name add up).
    static func lap(_ name: String) {
        guard enabled && !suspended else { return }
        let now = ContinuousClock.now
        if let i = laps.firstIndex(where: { $0.0 == name }) { laps[i].1 += now - last } else { laps.append((name, now - last)) }
        last = now
    }

    /// Prints the phases when --timings was given.
    static func report(lastPhase: String = "write") {
        guard enabled && !suspended && !reported else { return }
        lap(lastPhase)
        reported = true
        let total = laps.reduce(Duration.zero) { $0 + $1.1 }
        let text = laps.map { "\($0.0) \(seconds($0.1)) s" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("timing: \(text) (total \(seconds(total)) s)\n".utf8))
    }

    static func seconds(_ d: Duration) -> String {
        let c = d.components
        return String(format: "%.4f", Double(c.seconds) + Double(c.attoseconds) * 1e-18)
    }

    /// Shows progress on a terminal: one line, rewritten at most ten times a second.
    static func installProgress() {
        guard isatty(STDERR_FILENO) == 1 else { return }
        let state = ProgressLine()
        WorkProgress.install { event in state.show(event) }
    }

    static func clearProgress() {
        guard isatty(STDERR_FILENO) == 1, WorkProgress.isActive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// The one progress line on a terminal (called from any thread).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var lastShown = ContinuousClock.now - .seconds(1)

    func show(_ event: WorkProgress.Event) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard now - lastShown >= .milliseconds(100) else { return }
        lastShown = now
        let text: String
        if event.stage.hasPrefix("reading") {
            text = "\(event.stage): \(event.done >> 20) of \(event.total >> 20) MB"
        } else {
            text = "\(event.stage): \(event.done)"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text.prefix(100))".utf8))
    }
}

/// A command that takes `--timings` (every command with output options, and `run`).
protocol TimedCommand { var timingsWanted: Bool { get } }

extension Account: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension Capital: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension ProductivityCommand: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension Estimate: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension Check: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension Harmonize: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension BenchmarkCommand: TimedCommand { var timingsWanted: Bool { outputOptions.timings } }
extension Import: TimedCommand { var timingsWanted: Bool { timings } }
extension ReportCommand: TimedCommand { var timingsWanted: Bool { timings } }
extension Run: TimedCommand { var timingsWanted: Bool { timings } }
