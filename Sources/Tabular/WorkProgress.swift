import Synchronization

/// Progress of long work (reading a large file, absorbing fixed effects), for whoever wants
/// to show it: the library never prints; the CLI installs a handler that writes to a
/// terminal's standard error (issue 14) and nothing otherwise.
///
/// The handler is installed once, before any work starts, and called from any thread.
public enum WorkProgress {
    /// What is being done and how far: `done` of `total` (bytes, sweeps), `total` 0 when unknown.
    public struct Event: Sendable {
        /// What is being done, in words (`absorbing the fixed effects (sweeps)`).
        public let stage: String
        /// How much is done, in the unit of `total`.
        public let done: Int
        /// The whole amount (bytes, sweeps); 0 when unknown.
        public let total: Int
    }

    nonisolated(unsafe) private static var installed: (@Sendable (Event) -> Void)?
    private static let bytesRead = Atomic<Int>(0)

    /// Installs the handler (call once, before the work; nil: no reports).
    /// - Parameter handler: called with every event, from any thread; nil: no reports.
    public static func install(_ handler: (@Sendable (Event) -> Void)?) { installed = handler }

    /// Whether anyone listens (so that callers skip the bookkeeping otherwise).
    public static var isActive: Bool { installed != nil }

    /// Reports an event.
    /// Nothing happens when no handler is installed.
    /// - Parameters:
    ///   - stage: what is being done, in words.
    ///   - done: how much is done.
    ///   - total: the whole amount, 0 when unknown.
    package static func report(_ stage: String, done: Int, total: Int) {
        installed?(Event(stage: stage, done: done, total: total))
    }

    /// Adds bytes read by one of several threads and reports the total so far.
    package static func addBytes(_ count: Int, of total: Int, stage: String) {
        guard let installed else { return }
        let now = bytesRead.add(count, ordering: .relaxed).newValue
        installed(Event(stage: stage, done: min(now, total), total: total))
    }

    /// Starts a new count of bytes (a new file).
    package static func resetBytes() { bytesRead.store(0, ordering: .relaxed) }
}
