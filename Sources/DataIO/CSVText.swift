/// How TFPKit writes CSV fields: the one quoting rule for every CSV it writes.
package enum CSVText {
    /// RFC 4180 quoting for one field: quoted when it holds a delimiter (comma or
    /// semicolon, so the file also opens in a semicolon-locale Excel), a quote or a line end.
    package static func escape(_ s: String) -> String {
        // By UTF-8 byte, not by Character: faster (issue 14), and "\r\n" is one Character that
        // equals neither "\r" nor "\n", so a Character test let a CRLF inside a field through unquoted.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D || $0 == 0x3B }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
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
