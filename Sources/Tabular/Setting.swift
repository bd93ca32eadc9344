/// A setting a message can point the reader to, without the library naming a
/// command-line flag (issue 9: the CLI maps errors to flag hints).
///
/// A library message refers to a setting with ``reference(_:)`` — a marker such as
/// `⟦capital-share 0.35⟧` in its text — and whoever shows the message renders the
/// markers: `render(_:naming:)` with ``Naming/library`` (the words a Swift user reads
/// in `errorDescription`) or with the CLI's flags (`--capital-share 0.35`).
public enum Setting: String, Sendable, CaseIterable {
    case capitalShare = "capital-share"
    case capitalShareFrom = "capital-share-from"
    case shares
    case depreciation
    case initialStock = "initial"
    case from, to
    case maxIterations = "max-iterations"
    case vcov
    case sheet, range
    case decimal
    case column
    case delimiter
    case yearbook
    case region
    case data
    case dataRegion = "data-region"
    case absorb
    case bootstrap
    case draws
    case feMethod = "fe-method"

    /// The marker of this setting in a message, with an optional value (`⟦decimal comma⟧`).
    /// - Parameter value: a value written after the setting's name (nil: none).
    /// - Returns: the marker, `⟦raw value⟧` or `⟦raw value VALUE⟧`, that `render(_:naming:)` replaces.
    public func reference(_ value: String? = nil) -> String {
        "\(Self.open)\(rawValue)\(value.map { " " + $0 } ?? "")\(Self.close)"
    }

    /// The marker of this setting with no value.
    public var reference: String { reference(nil) }

    static let open: Character = "⟦", close: Character = "⟧"

    /// How a setting is named in a rendered message.
    public struct Naming: Sendable {
        /// Names a setting, given the value the message attaches to it (nil when none).
        public let name: @Sendable (Setting, String?) -> String
        /// A naming by a function of the setting and its value.
        /// - Parameter name: the words for a setting and its value (nil when the marker has none).
        public init(_ name: @escaping @Sendable (Setting, String?) -> String) { self.name = name }

        /// The words of the library's own messages (`errorDescription`).
        public static let library = Naming { setting, value in
            switch (setting, value) {
            case (.capitalShare, nil): "a capital share"
            case (.capitalShare, let v?): "a capital share of \(v)"
            case (.capitalShareFrom, _): "a capital share estimated from the data"
            case (.shares, _): "a table of capital shares by region and period"
            case (.depreciation, nil): "a depreciation rate"
            case (.depreciation, let v?): "a depreciation rate (\(v))"
            case (.initialStock, let v): v == "benchmark" ? "the benchmark initial stock" : "an initial stock rule"
            case (.from, nil): "the first year"
            case (.from, let v?): "from \(v)"
            case (.to, nil): "the last year"
            case (.to, let v?): "to \(v)"
            case (.maxIterations, _): "a larger iteration limit"
            case (.vcov, _): "the covariance"
            case (.sheet, _): "a sheet"
            case (.range, _): "a cell range"
            case (.decimal, let v): v == "comma" ? "the decimal-comma style" : "the decimal style"
            case (.column, nil): "a column mapping ROLE=NAME"
            case (.column, let v?): "a column mapping (\(v))"
            case (.delimiter, _): "the delimiter"
            case (.yearbook, nil): "a yearbook table"
            case (.yearbook, let v?): "a yearbook table (\(v))"
            case (.region, _): "a region"
            case (.data, _): "a data panel"
            case (.dataRegion, _): "the region of the data to use (dataRegion)"
            case (.absorb, _): "the fixed effects (region, year, sector)"
            case (.bootstrap, _): "a bootstrap of the estimated capital share"
            case (.draws, _): "the number of scenarios"
            case (.feMethod, nil): "another method of absorbing the fixed effects"
            case (.feMethod, let v?): "the \(v) method of absorbing the fixed effects"
            }
        }
    }

    static let openBytes = Array(String(open).utf8)

    /// Whether `message` has the opening marker, compared byte by byte.
    package static func containsOpen(_ message: String) -> Bool {
        var message = message
        return message.withUTF8 { bytes in
            openBytes.withUnsafeBufferPointer { open in
                guard let first = open.first, bytes.count >= open.count else { return false }
                var i = 0
                while i <= bytes.count - open.count {
                    if bytes[i] == first {
                        var j = 1
                        while j < open.count && bytes[i + j] == open[j] { j += 1 }
                        if j == open.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// The message with every marker replaced by its name under `naming`.
    /// - Parameters:
    ///   - message: text with markers made by ``reference(_:)``.
    ///   - naming: how each setting is named (``Naming/library``, or the CLI's flags).
    /// - Returns: the message with every marker replaced; a marker naming no setting is kept as written, and so
    ///   are a marker that is never closed and the text after it.
    package static func render(_ message: String, naming: Naming) -> String {
        // By UTF-8 bytes first: `String.contains(Character)` walks grapheme clusters, which made
        // rendering 40,000 notes a seventh of a JSON output's time, and the generic
        // `utf8.firstRange(of:)` instantiated type metadata on every call (44% of `tfp account`'s
        // JSON output of 8,330 notes; issue 14): a plain byte loop.
        guard containsOpen(message) else { return message }
        var out = ""
        var rest = Substring(message)
        while let start = rest.firstIndex(of: open) {
            out += rest[..<start]
            let afterOpen = rest.index(after: start)
            guard let end = rest[afterOpen...].firstIndex(of: close) else { return out + rest[start...] }
            let body = rest[afterOpen..<end]
            let parts = body.split(separator: " ", maxSplits: 1)
            if let first = parts.first, let setting = Setting(rawValue: String(first)) {
                out += naming.name(setting, parts.count > 1 ? String(parts[1]) : nil)
            } else {
                out += rest[start...end]
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}

/// An error whose message may refer to settings (``Setting/reference(_:)``): its
/// `errorDescription` is the message in the library's words; a command-line tool renders
/// ``messageTemplate`` with its own flag names.
public protocol SettingReferencingError: Error {
    /// The message with its setting markers.
    var messageTemplate: String { get }
}

extension SettingReferencingError {
    /// The message in the library's words.
    public var libraryMessage: String { Setting.render(messageTemplate, naming: .library) }
}
