/// How TFPKit writes CSV fields: the one quoting rule for every CSV it writes.
package enum CSVText {
    /// RFC 4180 quoting for one field: quoted when it holds a delimiter (comma or
    /// semicolon, so the file also opens in a semicolon-locale Excel), a quote or a line end.
    package static func escape(_ s: String) -> String {
        // By UTF-8 byte, not by Character: faster (issue 14), and "\r\n" is one Character that
        // equals neither "\r" nor "\n", so a Character test let a CRLF inside a field through unquoted.
        guard s.utf8.contains(where: needsQuoting) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A byte that makes a field quoted: a comma, a semicolon, a quote or a line end.
    @inline(__always) package static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D || byte == 0x3B
    }

    /// A first byte that makes a spreadsheet run the text as a formula (`neutralizingFormula`).
    @inline(__always) package static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 0x3D || byte == 0x2B || byte == 0x2D || byte == 0x40 || byte == 0x09 || byte == 0x0D
    }

    /// Text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd`,
    /// `-2+3`, `@SUM`, or one hidden behind a tab or carriage return) gets a leading
    /// apostrophe, which spreadsheets show as text: OWASP, "CSV Injection".
    /// Applied to text cells only; numbers are written as numbers.
    package static func neutralizingFormula(_ s: String) -> String {
        guard let first = s.utf8.first, startsFormula(first) else { return s }
        return "'" + s
    }
}
