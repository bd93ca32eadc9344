import DataIO
import Dispatch
import Foundation

// The rows of a ReportTable as CSV or JSON bytes, written through a pointer into one buffer sized
// from a bound of what the cells can take (issue 14, goal 3): no bounds check, uniqueness check or
// growth per byte, no String per number or integer. Text cells that need no quoting or escaping
// (region names) are copied as they are; others go through the one quoting rule (CSVText, JSONText).

/// A write position in memory reserved ahead by the caller.
struct ByteCursor {
    var position: UnsafeMutablePointer<UInt8>

    @inline(__always) mutating func put(_ byte: UInt8) {
        position.pointee = byte
        position += 1
    }

    @inline(__always) mutating func put(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { put($0) }
    }

    @inline(__always) mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        position.update(from: base, count: bytes.count)
        position += bytes.count
    }

    /// The UTF-8 bytes of `s` (contiguous for native strings; others byte by byte).
    @inline(__always) mutating func put(_ s: String) {
        var s = s
        s.withUTF8 { put($0) }
    }

    /// Decimal digits of `value`, as `String(value)` writes them (at most 20 bytes).
    @inline(__always) mutating func put(integer value: Int) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            count += 1
        }
        var p = position + count
        repeat {
            p -= 1
            p.pointee = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
            magnitude /= 10
        } while magnitude > 0
        position += count
    }

    /// Shortest round-trip text of a finite double (at most `DoubleText.maximumLength` bytes).
    @inline(__always) mutating func put(number value: Double) {
        position += DoubleText.write(value, to: position)
    }
}

extension ReportTable {
    /// Bytes reserved per integer cell (a sign and 19 digits).
    static let integerBound = 20

    /// Writes at most `bound` bytes through a cursor and appends what was written to `out`.
    /// The new buffer starts with a copy of `out` (a header line, or the JSON before a table) and
    /// the rows are written after it: the rows are not written once and then copied (issue 14: the
    /// copy of a 7 MB output cost its size again in fresh pages).
    static func appendWritten(to out: inout [UInt8], bound: Int, _ write: (inout ByteCursor) -> Void) {
        guard bound > 0 else { return }
        let prefix = out.count
        out = [UInt8](unsafeUninitializedCapacity: prefix + bound) { buffer, written in
            guard let base = buffer.baseAddress else { return }
            out.withUnsafeBufferPointer { previous in
                if let start = previous.baseAddress, prefix > 0 { base.initialize(from: start, count: prefix) }
            }
            var cursor = ByteCursor(position: base + prefix)
            write(&cursor)
            written = cursor.position - base
        }
    }

    /// Tables from this many rows are written on the cores: formatting a million doubles is most of
    /// what a tabular command does after reading (issue 14, goal 3).
    static let rowsPerPart = 16_384

    /// Writes rows `0..<rowCount` after what `out` holds, in parts of consecutive rows written at the
    /// same time on the cores: `bound(rows)` is at most the bytes `write(rows, &cursor)` writes for them.
    /// The first part is written in place after the prefix, the others into their own buffers, moved up
    /// behind it; the bytes are the same for any number of parts.
    /// `parts`: how many (tests); by default one per core, up to 8, with at least `rowsPerPart` rows each.
    static func appendRows(
        _ rowCount: Int, to out: inout [UInt8], parts requested: Int? = nil, bound: (Range<Int>) -> Int, write: (Range<Int>, inout ByteCursor) -> Void
    ) {
        let automatic = min(ProcessInfo.processInfo.activeProcessorCount, 8, rowCount / rowsPerPart)
        let partCount = max(1, min(requested ?? automatic, rowCount))
        guard partCount > 1 else {
            appendWritten(to: &out, bound: bound(0..<rowCount), { write(0..<rowCount, &$0) })
            return
        }
        let parts = (0..<partCount).map { k in (rowCount * k / partCount)..<(rowCount * (k + 1) / partCount) }
        nonisolated(unsafe) let bound = bound, write = write
        var bounds = [Int](repeating: 0, count: partCount)
        bounds.withUnsafeMutableBufferPointer { sizes in
            nonisolated(unsafe) let sizes = sizes
            DispatchQueue.concurrentPerform(iterations: partCount) { k in sizes[k] = bound(parts[k]) }
        }
        let prefix = out.count
        let total = bounds.reduce(0, +)
        guard total > 0 else { return }
        out = [UInt8](unsafeUninitializedCapacity: prefix + total) { buffer, written in
            guard let base = buffer.baseAddress else { return }
            out.withUnsafeBufferPointer { previous in
                if let start = previous.baseAddress, prefix > 0 { base.initialize(from: start, count: prefix) }
            }
            // Part k > 0 goes to the place it would have if every part before it took its whole bound;
            // the parts are then moved down over the unused ends, in order.
            var starts = [Int](repeating: prefix, count: partCount)
            for k in 1..<partCount { starts[k] = starts[k - 1] + bounds[k - 1] }
            var lengths = [Int](repeating: 0, count: partCount)
            lengths.withUnsafeMutableBufferPointer { lengths in
                nonisolated(unsafe) let lengths = lengths, base = base
                let places = starts
                DispatchQueue.concurrentPerform(iterations: partCount) { k in
                    var cursor = ByteCursor(position: base + places[k])
                    write(parts[k], &cursor)
                    lengths[k] = cursor.position - (base + places[k])
                }
            }
            var end = prefix + lengths[0]
            for k in 1..<partCount {
                if end != starts[k] { memmove(base + end, base + starts[k], lengths[k]) }
                end += lengths[k]
            }
            written = end
        }
    }

    /// A text cell that CSV writes as it is: no delimiter, quote or line end (no quoting), and no
    /// first character a spreadsheet would run as a formula (`CSVText.neutralizingFormula`).
    @inline(__always) static func csvVerbatim(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let first = bytes.first, CSVText.startsFormula(first) { return false }
        return !bytes.contains(where: CSVText.needsQuoting)
    }

    /// The CSV body rows (after the header line) written into `out`.
    func appendCSVRows(to out: inout [UInt8], separator: UInt8, decimalComma: Bool, parts: Int? = nil) {
        let width = columns.count
        cells.withUnsafeBufferPointer { all in
            // Bound: a text cell with an apostrophe in front (a formula) and every quote doubled, in quotes.
            func bound(_ rows: Range<Int>) -> Int {
                var bound = rows.count * (width + 1)
                for cell in all[(rows.lowerBound * width)..<(rows.upperBound * width)] {
                    switch cell {
                    case .text(let s): bound += 2 * (s.utf8.count + 1) + 2
                    case .integer: bound += Self.integerBound
                    case .number: bound += DoubleText.maximumLength
                    case .missing: break
                    }
                }
                return bound
            }
            Self.appendRows(rowCount, to: &out, parts: parts, bound: bound) { rows, cursor in
                for r in rows {
                    for c in 0..<width {
                        if c > 0 { cursor.put(separator) }
                        switch all[r * width + c] {
                        case .text(var s):
                            // Text from the data (region names) could be read as a formula by a spreadsheet.
                            let verbatim = s.withUTF8 { bytes in
                                guard Self.csvVerbatim(bytes) else { return false }
                                cursor.put(bytes)
                                return true
                            }
                            if !verbatim { cursor.put(CSVText.escape(CSVText.neutralizingFormula(s))) }
                        case .integer(let i): cursor.put(integer: i)
                        case .number(let v) where v.isFinite:
                            let start = cursor.position
                            cursor.put(number: v)
                            // Excel in a Vietnamese locale reads a decimal comma.
                            if decimalComma {
                                var p = start
                                while p < cursor.position {
                                    if p.pointee == 0x2E { p.pointee = 0x2C }
                                    p += 1
                                }
                            }
                        case .number, .missing: break
                        }
                    }
                    cursor.put(0x0A)
                }
            }
        }
    }

    /// The JSON objects of the rows, `{key: value, …}` joined by ",\n", written into `out`.
    func appendJSONRows(to out: inout [UInt8], keys: [[UInt8]], rowStart: [UInt8], parts: Int? = nil) {
        let width = min(columns.count, keys.count)
        let keyBytes = keys.prefix(width).reduce(0) { $0 + $1.count + 2 }
        // The keys, the row start and `null` as one byte run read through pointers: an array per key
        // read in the loop cost a retain and a release per cell (a seventh of the JSON output's time).
        var constants = Array("null".utf8) + rowStart
        var keyRanges: [Range<Int>] = []
        for key in keys.prefix(width) {
            keyRanges.append(constants.count..<(constants.count + key.count))
            constants += key
        }
        let nullRange = 0..<4, rowStartRange = 4..<(4 + rowStart.count)
        let columnCount = columns.count
        constants.withUnsafeBufferPointer { constant in
            func slice(_ r: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: constant[r]) }
            let null = slice(nullRange), start = slice(rowStartRange)
            let keyText = keyRanges.map(slice)
            keyText.withUnsafeBufferPointer { keyText in
                cells.withUnsafeBufferPointer { all in
                    // Bound: a text cell escapes to at most 6 bytes per byte (\u00xx) plus its quotes; null is 4.
                    func bound(_ rows: Range<Int>) -> Int {
                        var bound = rows.count * (rowStart.count + keyBytes + 3)
                        for cell in all[(rows.lowerBound * columnCount)..<(rows.upperBound * columnCount)] {
                            switch cell {
                            case .text(let s): bound += 6 * s.utf8.count + 2
                            case .integer: bound += Self.integerBound
                            case .number: bound += DoubleText.maximumLength
                            case .missing: bound += 4
                            }
                        }
                        return bound
                    }
                    Self.appendRows(rowCount, to: &out, parts: parts, bound: bound) { rows, cursor in
                        for r in rows {
                            if r > 0 {
                                cursor.put(0x2C)
                                cursor.put(0x0A)
                            }
                            cursor.put(start)
                            for c in 0..<width {
                                if c > 0 {
                                    cursor.put(0x2C)
                                    cursor.put(0x20)
                                }
                                cursor.put(keyText[c])
                                switch all[r * columnCount + c] {
                                case .text(var s):
                                    let plain = s.withUTF8 { bytes in
                                        guard !bytes.contains(where: JSONText.needsEscape) else { return false }
                                        cursor.put(0x22)
                                        cursor.put(bytes)
                                        cursor.put(0x22)
                                        return true
                                    }
                                    if !plain { cursor.put(JSONText.string(s)) }
                                case .integer(let i): cursor.put(integer: i)
                                case .number(let v) where v.isFinite: cursor.put(number: v)
                                case .number, .missing: cursor.put(null)
                                }
                            }
                            cursor.put(0x7D)
                        }
                    }
                }
            }
        }
    }
}
