/// How TFPKit writes CSV fields: the one quoting rule for every CSV it writes.
package enum CSVText {
    /// RFC 4180 quoting for one field: quoted when it holds a delimiter (comma or
    /// semicolon, so the file also opens in a semicolon-locale Excel), a quote or a line end.
    package static func escape(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// Text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd`,
    /// `-2+3`, `@SUM`, or one hidden behind a tab or carriage return) gets a leading
    /// apostrophe, which spreadsheets show as text: OWASP, "CSV Injection".
    /// Applied to text cells only; numbers are written as numbers.
    package static func neutralizingFormula(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        switch first {
        case "=", "+", "-", "@", "\t", "\r": return "'" + s
        default: return s
        }
    }
}
