import CFastFloat
import Tabular

/// How decimal numbers are written in a file. Declared, never guessed: in
/// Vietnamese usage `1.234` is one thousand two hundred and thirty-four, in
/// English usage it is one point two three four.
public enum DecimalStyle: String, Sendable, CaseIterable, Codable {
    /// `1234.5`; a comma anywhere in a number is an error (no thousands separators).
    case point
    /// `1.234,5` or `1234,5`; dots are thousands separators and must group exactly three digits.
    case comma
}

/// The result of reading one numeric cell.
package enum ParsedNumber: Equatable {
    case value(Double)
    case missing
    case invalid(hint: String)
}

/// Parses numbers written in a declared `DecimalStyle`. The digits are converted
/// by fast_float (Lemire 2021, "Number parsing at a gigabyte per second"), which
/// rounds correctly like `strtod` but several times faster, so the value is the
/// double nearest to the text.
package struct NumberParser: Sendable {
    package let style: DecimalStyle
    package init(style: DecimalStyle) { self.style = style }

    /// Texts read as a missing value: the empty cell and R's `NA`.
    static func isMissingMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || (bytes.count == 2 && bytes[0] == UInt8(ascii: "N") && bytes[1] == UInt8(ascii: "A"))
    }

    /// Texts that stand for "no number" in other tools (NaN, Inf, the yearbooks' -, .., x):
    /// refused, with how to write a missing value, because their meanings differ
    /// (not available, none, confidential) and a user should choose.
    static func markerHint(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count <= 9 else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        switch text {
        case "nan", "-nan", "inf", "-inf", "+inf", "infinity", "-infinity", "#n/a", "n/a", "null", "none", "#div/0!", "#value!":
            return "a missing value is written as an empty cell or NA; an infinite or undefined value cannot be used"
        case "-", "..", "...", "…", "x", "—", "–":
            return "statistical-yearbook marks (-, .., x) are not numbers: write an empty cell or NA for a missing value"
        default: return nil
        }
    }

    package func parse(_ text: String) -> ParsedNumber {
        var copy = Array(text.utf8)
        return copy.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
    }

    /// Parses the bytes of one field (surrounding spaces allowed).
    /// The longest number accepted, in bytes after trimming spaces: longer text is refused as "too long for a
    /// number", by every path (a damaged cell, not a measurement with 40 significant digits).
    package static let maxLength = 60

    package func parse(_ raw: UnsafeBufferPointer<UInt8>) -> ParsedNumber {
        var start = 0, end = raw.count
        while start < end, raw[start] == 0x20 || raw[start] == 0x09 { start += 1 }
        while end > start, raw[end - 1] == 0x20 || raw[end - 1] == 0x09 { end -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
        if Self.isMissingMarker(bytes) { return .missing }
        // Fast path for point style: plain decimals (sign, digits, one dot, exponent) go
        // straight to fast_float. Anything else, or any failure, takes the checked path
        // below, which gives the same value or the error with its hint.
        if style == .point, bytes.count <= Self.maxLength, let first = bytes.first,
            first == UInt8(ascii: "-") || (first >= 48 && first <= 57),
            bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 101 || $0 == 69 || $0 == 45 || $0 == 43 }),
            let base = bytes.baseAddress
        {
            var value = 0.0
            let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            if tfp_parse_double(chars, chars + bytes.count, &value) == 1, value.isFinite { return .value(value) }
        }
        if bytes.count > Self.maxLength { return .invalid(hint: "the text is too long for a number") }
        if let hint = Self.markerHint(bytes) { return .invalid(hint: hint) }

        // Normalise into a small ASCII buffer: sign, digits, '.', exponent.
        var buffer = (0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64)
        return withUnsafeMutableBytes(of: &buffer) { out -> ParsedNumber in
            var n = 0
            var digits = 0, decimalSeen = false, exponentSeen = false
            var groupLength = -1  // digits since the last thousands separator (-1: none seen)
            var integerDigitsBeforeGroup = 0
            var i = 0
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                out[n] = bytes[i]; n += 1; i += 1
            }
            while i < bytes.count {
                let c = bytes[i]
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    out[n] = c; n += 1; digits += 1
                    if !decimalSeen && !exponentSeen {
                        if groupLength >= 0 { groupLength += 1 } else { integerDigitsBeforeGroup += 1 }
                    }
                case UInt8(ascii: "."):
                    if style == .point {
                        if decimalSeen || exponentSeen { return .invalid(hint: "it has more than one decimal point") }
                        decimalSeen = true; out[n] = c; n += 1
                    } else {
                        // Thousands separator in comma style.
                        if decimalSeen || exponentSeen { return .invalid(hint: "a dot after the decimal comma") }
                        if groupLength == -1 {
                            if integerDigitsBeforeGroup == 0 || integerDigitsBeforeGroup > 3 {
                                return .invalid(hint: "dots are thousands separators with \(Setting.decimal.reference("comma")) and must group three digits (write 1.234,5 or 1234,5)")
                            }
                        } else if groupLength != 3 {
                            return .invalid(hint: "dots are thousands separators with \(Setting.decimal.reference("comma")) and must group three digits (write 1.234,5 or 1234,5)")
                        }
                        groupLength = 0
                    }
                case UInt8(ascii: ","):
                    if style == .point {
                        return .invalid(
                            hint:
                                "commas are not read as decimal or thousands separators by default; if the file writes 1.234,5 pass \(Setting.decimal.reference("comma")), otherwise remove the thousands separators"
                        )
                    }
                    if decimalSeen || exponentSeen { return .invalid(hint: "it has more than one decimal comma") }
                    if groupLength != -1 && groupLength != 3 {
                        return .invalid(hint: "dots are thousands separators with \(Setting.decimal.reference("comma")) and must group three digits")
                    }
                    decimalSeen = true; out[n] = UInt8(ascii: "."); n += 1
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    if exponentSeen || digits == 0 { return .invalid(hint: "") }
                    exponentSeen = true; out[n] = UInt8(ascii: "e"); n += 1
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "-") || bytes[i + 1] == UInt8(ascii: "+") {
                        i += 1; out[n] = bytes[i]; n += 1
                    }
                default:
                    return .invalid(hint: "")
                }
                i += 1
            }
            if digits == 0 { return .invalid(hint: "") }
            if style == .comma && groupLength != -1 && groupLength != 3 && !decimalSeen {
                return .invalid(hint: "dots are thousands separators with \(Setting.decimal.reference("comma")) and must group three digits (write 1.234,5 or 1234,5)")
            }
            if style == .point && decimalSeen && !exponentSeen {
                // "1.234" is fine in point style; but "1.234.567" was rejected above.
            }
            let base = out.baseAddress!.assumingMemoryBound(to: CChar.self)
            // fast_float, like std::from_chars, takes no leading '+'.
            let first = out[0] == UInt8(ascii: "+") ? base + 1 : base
            var value = 0.0
            guard tfp_parse_double(first, base + n, &value) == 1 else { return .invalid(hint: "") }
            return value.isFinite ? .value(value) : .invalid(hint: "the number is too large")
        }
    }

    /// Parses a whole number (a year) from a field.
    package static func parseInteger(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0, end = raw.count
        while start < end, raw[start] == 0x20 { start += 1 }
        while end > start, raw[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }
        var negative = false
        if raw[start] == UInt8(ascii: "-") { negative = true; start += 1 }
        guard start < end, end - start <= 18 else { return nil }
        var v = 0
        for i in start..<end {
            let c = raw[i]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return negative ? -v : v
    }
}
