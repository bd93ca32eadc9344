import Foundation
import TFPKit

/// The CLI's names for the settings library messages point to (``Setting``): the library
/// never names a flag; the CLI renders its messages with these.
extension Setting.Naming {
    static let flags = Setting.Naming { setting, value in
        "--\(setting.rawValue)" + (value.map { " " + $0 } ?? "")
    }
}

extension TFP {
    /// An error's message as the CLI shows it: the library's message with flag names.
    static func cliMessage(for error: Error) -> String? {
        if let referencing = error as? SettingReferencingError { return Setting.render(referencing.messageTemplate, naming: .flags) }
        if let described = error as? LocalizedError, let text = described.errorDescription { return Setting.render(text, naming: .flags) }
        return nil
    }
}
