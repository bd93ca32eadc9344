import CFastFloat
import Foundation
import Tabular

/// What to read from a column.
package enum ColumnKind: Sendable {
    /// Decimal numbers in the declared style; empty or `NA` cells become NaN (missing).
    case number
    /// Whole numbers (years); an empty cell is an error.
    case integer
    /// Text keys (regions, firms), interned: each distinct value gets a code.
    /// Values equal under Unicode canonical equivalence (NFC and NFD "Đà Nẵng")
    /// share a code; the level is stored in NFC, trimmed of spaces.
    case text
}

/// Reads the requested columns of a delimited file in one pass, straight into
/// typed arrays: no per-cell string is kept.
package struct CSVColumns: Sendable {
    package let file: String
    package let header: [String]
    package let rowCount: Int
    /// Line number of each record (for error messages after parsing).
    package let lines: [Int32]
    /// Columns by name and kind: a column may be read both as numbers and as text keys.
    package let numberColumns: [String: [Double]]
    package let integerColumns: [String: [Int]]
    package let textColumns: [String: (codes: [Int32], levels: [String])]

    package static func read(
        path: String, options: CSVOptions = CSVOptions(), requests: [(name: String, kind: ColumnKind)]
    ) throws(DataIOError) -> CSVColumns {
        let reader = try CSVReader(path: path, options: options)
        return try read(reader, requests: requests)
    }

    package static func read(_ reader: CSVReader, requests: [(name: String, kind: ColumnKind)]) throws(DataIOError) -> CSVColumns {
        var slotsOfField = [[Int]](repeating: [], count: reader.header.count)
        for (slot, request) in requests.enumerated() {
            guard let field = reader.header.firstIndex(of: request.name) else {
                throw .missingColumn(file: reader.file, role: request.name, name: request.name, header: reader.header)
            }
            slotsOfField[field].append(slot)
        }
        let kinds = requests.map(\.kind)
        let fieldSlots = slotsOfField
        WorkProgress.resetBytes()
        // Large unquoted files are parsed in one chunk per core; the chunks' columns are
        // concatenated and their text codes re-mapped to one dictionary, in file order.
        let chunks = reader.chunks(ProcessInfo.processInfo.activeProcessorCount)
        let parts: [ChunkColumns]
        if let chunks {
            nonisolated(unsafe) var results = [Result<ChunkColumns, DataIOError>?](repeating: nil, count: chunks.count)
            results.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
                    let state = ChunkColumns(kinds: kinds)
                    do {
                        try state.parse(
                            reader, range: chunks[k].range, firstLine: chunks[k].firstLine, releasePages: false, slotsOfField: fieldSlots,
                            unquoted: true, reserveBytes: k == 0 ? reader.bytes.count - reader.bodyStart : nil)
                        out[k] = .success(state)
                    } catch let error as DataIOError {
                        out[k] = .failure(error)
                    } catch {
                        out[k] = .failure(.invalidOption("\(error)"))
                    }
                }
            }
            var ok: [ChunkColumns] = []
            for r in results {
                switch r! {
                case .success(let c): ok.append(c)
                case .failure(let e): throw e  // the first chunk in file order that failed
                }
            }
            parts = ok
        } else {
            let state = ChunkColumns(kinds: kinds)
            let body = reader.bodyStart..<reader.bytes.count
            // No quote in the body (checked once, at memory speed): the fused path may read it.
            let unquoted = body.isEmpty || memchr(reader.bytes.buffer.baseAddress! + body.lowerBound, Int32(UInt8(ascii: "\"")), body.count) == nil
            try state.parse(reader, range: body, firstLine: reader.headerLine + 1, releasePages: true, slotsOfField: slotsOfField, unquoted: unquoted)
            parts = [state]
        }
        var numberColumns: [String: [Double]] = [:]
        var integerColumns: [String: [Int]] = [:]
        var textColumns: [String: (codes: [Int32], levels: [String])] = [:]
        for (slot, request) in requests.enumerated() {
            switch request.kind {
            case .number:
                // Chunks are appended one by one and freed as they go, so the merge
                // never holds two full copies of a column.
                var merged = parts[0].numbers[slot]
                parts[0].numbers[slot] = []
                merged.reserveCapacity(parts.reduce(0) { $0 + $1.lines.count })
                for part in parts.dropFirst() { merged += part.numbers[slot]; part.numbers[slot] = [] }
                numberColumns[request.name] = merged
            case .integer:
                var merged = parts[0].integers[slot]
                parts[0].integers[slot] = []
                merged.reserveCapacity(parts.reduce(0) { $0 + $1.lines.count })
                for part in parts.dropFirst() { merged += part.integers[slot]; part.integers[slot] = [] }
                integerColumns[request.name] = merged
            case .text:
                if parts.count == 1 {
                    textColumns[request.name] = (parts[0].codes[slot], parts[0].levels[slot])
                    continue
                }
                let codes = parts.map(\.codes[slot])
                for part in parts { part.codes[slot] = [] }
                textColumns[request.name] = mergeText(parts.map(\.levels[slot]), parts.map(\.levelKeys[slot]), codes)
                continue
            }
        }
        var lines = parts[0].lines
        if parts.count > 1 {
            parts[0].lines = []
            lines.reserveCapacity(parts.reduce(0) { $0 + $1.lines.count })
            for part in parts.dropFirst() { lines += part.lines }
        }
        // Columns are read to compute with: a header without rows is an input error, named as such.
        guard !lines.isEmpty else { throw .noDataRows(file: reader.file) }
        return CSVColumns(
            file: reader.file, header: reader.header, rowCount: lines.count, lines: lines,
            numberColumns: numberColumns, integerColumns: integerColumns, textColumns: textColumns)
    }

    /// The columns of one chunk of a file, parsed by one thread.
    final class ChunkColumns: @unchecked Sendable {
        let kinds: [ColumnKind]
        var numbers: [[Double]]
        var integers: [[Int]]
        var codes: [[Int32]]
        var levels: [[String]]
        var lines: [Int32] = []
        private var dictionaries: [[String: Int32]]
        // Integer-looking text keys (firm ids) are interned without building a String:
        // small non-negative ones index a table directly (-1: unseen), larger ones hash.
        private var integerKeys: [[Int: Int32]]
        private var smallKeys: [[Int32]]
        /// Per level, the integer it was interned by (-1: a name), for the merge of chunks.
        var levelKeys: [[Int]]
        private let smallKeyLimit = 1 << 26

        init(kinds: [ColumnKind]) {
            self.kinds = kinds
            let n = kinds.count
            numbers = Array(repeating: [], count: n)
            integers = Array(repeating: [], count: n)
            codes = Array(repeating: [], count: n)
            levels = Array(repeating: [], count: n)
            dictionaries = Array(repeating: [:], count: n)
            integerKeys = Array(repeating: [:], count: n)
            smallKeys = Array(repeating: [], count: n)
            levelKeys = Array(repeating: [], count: n)
        }

        /// `unquoted`: no quote anywhere in `range`, so the fused path may tokenize it.
        /// `reserveBytes`: the bytes whose rows the columns are reserved for (by default the range's); the first
        /// chunk of a file reserves for the whole file, so the other chunks' rows are appended to its columns
        /// without copying them again.
        func parse(
            _ reader: CSVReader, range: Range<Int>, firstLine: Int, releasePages: Bool, slotsOfField: [[Int]], unquoted: Bool = false,
            reserveBytes: Int? = nil
        ) throws(DataIOError) {
            let parser = NumberParser(style: reader.options.decimal)
            // Reserve the columns from the average line length of the first 64 KiB, so that
            // growing them does not reallocate (and zero new pages) over and over.
            let sample = reader.bytes.buffer[range.lowerBound..<min(range.upperBound, range.lowerBound + 1 << 16)]
            let sampleLines = max(1, sample.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
            // An empty body (a header-only file) reserves nothing: 0/0 must not reach Int().
            let reserved = max(range.count, reserveBytes ?? 0)
            let estimate = sample.isEmpty ? 0 : min(reserved, Int(Double(reserved) / (Double(sample.count) / Double(sampleLines)) * 1.02)) + 16
            for slot in kinds.indices {
                switch kinds[slot] {
                case .number: numbers[slot].reserveCapacity(estimate)
                case .integer: integers[slot].reserveCapacity(estimate)
                case .text: codes[slot].reserveCapacity(estimate)
                }
            }
            let kinds = self.kinds
            // The columns are moved into locals for the loop: the closure then works on
            // uniquely owned local arrays, without the dynamic exclusivity checks and
            // reference counting that class properties cost on every cell.
            var numbers = self.numbers, integers = self.integers
            var text = TextColumns(
                codes: self.codes, levels: self.levels, dictionaries: self.dictionaries,
                integerKeys: self.integerKeys, smallKeys: self.smallKeys, levelKeys: self.levelKeys,
                lastName: Array(repeating: [], count: kinds.count), lastNameCode: Array(repeating: -1, count: kinds.count))
            (self.numbers, self.integers, self.codes, self.levels) = ([], [], [], [])
            (self.dictionaries, self.integerKeys, self.smallKeys, self.levelKeys) = ([], [], [], [])
            defer {
                (self.numbers, self.integers) = (numbers, integers)
                (self.codes, self.levels, self.dictionaries, self.integerKeys, self.smallKeys, self.levelKeys) =
                    (text.codes, text.levels, text.dictionaries, text.integerKeys, text.smallKeys, text.levelKeys)
            }
            // The hot loop reads one slot per field from a flat buffer (a field read twice, as
            // numbers and as keys, is rare and handled after it): no inner array is retained per cell.
            let firstSlot = slotsOfField.map { $0.first ?? -1 }
            let hasMoreSlots = slotsOfField.contains { $0.count > 1 }
            // What one cell becomes (the general path: every style, quotes, markers, errors with their place).
            func process(_ line: Int, _ field: Int, _ cell: CSVField) throws(DataIOError) {
                let first = firstSlot[field]
                if first < 0 { return }
                let count = hasMoreSlots ? slotsOfField[field].count : 1
                for k in 0..<count {
                    let slot = k == 0 ? first : slotsOfField[field][k]
                    switch kinds[slot] {
                    case .number:
                        switch parser.parse(cell.bytes) {
                        case .value(let v): numbers[slot].append(v)
                        case .missing: numbers[slot].append(.nan)
                        case .invalid(let hint):
                            throw .notANumber(reader.location(line: line, field: field), text: cell.string, hint: hint)
                        }
                    case .integer:
                        guard let v = NumberParser.parseInteger(cell.bytes) else {
                            if cell.bytes.allSatisfy({ $0 == 0x20 }) { throw .emptyKey(reader.location(line: line, field: field)) }
                            throw .notAnInteger(reader.location(line: line, field: field), text: cell.string)
                        }
                        integers[slot].append(v)
                    case .text:
                        do throws(TextColumns.Failure) { try text.intern(cell, slot: slot) } catch {
                            switch error {
                            case .empty: throw .emptyKey(reader.location(line: line, field: field))
                            case .invalidUTF8(let detail): throw .invalidEncoding(reader.location(line: line, field: field), detail: detail)
                            case .tooLong:
                                throw .outOfRange(
                                    reader.location(line: line, field: field), value: Double(cell.bytes.count),
                                    expected: "a name or code of at most \(CSVColumns.maxKeyBytes) bytes (this field is that many bytes long)")
                            }
                        }
                    }
                }
            }
            // The fused path (issue 14) for unquoted point-style text: the record loop tokenizes and
            // parses in one pass. A number is read by fast_float straight from the map and must end at a
            // delimiter or a line end; an integer key is read digit by digit and interned by value.
            // Anything else (a marker, a space, a sign, a wrong field count) sends the whole record to the
            // general scanner and `process`, which give the same values and the same errors.
            func fused() throws(DataIOError) -> [Int32] {
                let buffer = reader.bytes.buffer
                guard let base = buffer.baseAddress else { return [] }
                let delimiter = reader.delimiter
                let expected = reader.header.count
                let end = range.upperBound
                var lines: [Int32] = []
                lines.reserveCapacity(estimate)
                var position = range.lowerBound
                var line = firstLine
                var released = 0
                var reported = range.lowerBound
                let progressTotal = reader.bytes.count
                // Per-slot counts at the start of the record, to undo a record the general path redoes.
                var marks = [Int](repeating: 0, count: kinds.count)
                // The columns are moved into locals of this function: captured variables would be
                // checked for exclusive access on every cell (a third of the loop's time).
                var nums = numbers, ints = integers, txt = text
                (numbers, integers, text) = ([], [], .empty)
                defer { (numbers, integers, text) = (nums, ints, txt) }
                while position < end {
                    let c0 = buffer[position]
                    if c0 == 0x0A { position += 1; line += 1; continue }
                    if c0 == 0x0D { position += 1; if position < buffer.count, buffer[position] == 0x0A { position += 1 }; line += 1; continue }
                    let recordStart = position
                    for k in kinds.indices {
                        switch kinds[k] {
                        case .number: marks[k] = nums[k].count
                        case .integer: marks[k] = ints[k].count
                        case .text: marks[k] = txt.codes[k].count
                        }
                    }
                    var i = position
                    var field = 0
                    var clean = !hasMoreSlots
                    while clean {
                        let slot = firstSlot[field]
                        var done = false
                        if slot >= 0, i < end {
                            let c = buffer[i]
                            switch kinds[slot] {
                            case .number:
                                if (c >= 48 && c <= 57) || (c == 45 && i + 1 < end && buffer[i + 1] >= 48 && buffer[i + 1] <= 57) {
                                    var value = 0.0
                                    let first = UnsafeRawPointer(base + i).assumingMemoryBound(to: CChar.self)
                                    let last = UnsafeRawPointer(base + end).assumingMemoryBound(to: CChar.self)
                                    if let stop = tfp_parse_double_prefix(first, last, &value), value.isFinite {
                                        let j = i + (stop - first)
                                        if j == end || (buffer[j] == delimiter || buffer[j] == 0x0A || buffer[j] == 0x0D) { nums[slot].append(value); i = j; done = true }
                                    }
                                }
                            case .text, .integer:
                                if c >= 48 && c <= 57 {
                                    var j = i, key = 0
                                    while j < end, j - i < 19, buffer[j] >= 48 && buffer[j] <= 57 { key = key &* 10 &+ Int(buffer[j] &- 48); j += 1 }
                                    let digits = j - i
                                    if digits <= 18, j == end || (buffer[j] == delimiter || buffer[j] == 0x0A || buffer[j] == 0x0D) {
                                        if kinds[slot] == .integer {
                                            ints[slot].append(key); i = j; done = true
                                        } else if c != 48 || digits == 1 {
                                            txt.internInteger(key, text: UnsafeBufferPointer(start: base + i, count: digits), slot: slot)
                                            i = j; done = true
                                        }
                                    }
                                }
                                // A name in printable ASCII without a quote, not starting or ending with a space
                                // (region names, codes like "R12" or "007"): its String is its bytes, so it is
                                // interned here as the general path would, without scanning the record again.
                                if !done, kinds[slot] == .text, c > 0x20, c < 0x7F, c != 0x22 {
                                    var j = i + 1
                                    while j < end, j - i <= CSVColumns.maxKeyBytes {
                                        let b = buffer[j]
                                        if b == delimiter || b == 0x0A || b == 0x0D || b < 0x20 || b >= 0x7F || b == 0x22 { break }
                                        j += 1
                                    }
                                    if j - i <= CSVColumns.maxKeyBytes, buffer[j - 1] != 0x20,
                                        j == end || (buffer[j] == delimiter || buffer[j] == 0x0A || buffer[j] == 0x0D)
                                    {
                                        txt.internASCII(UnsafeBufferPointer(start: base + i, count: j - i), slot: slot)
                                        i = j; done = true
                                    }
                                }
                            }
                        }
                        if !done {
                            // A cell the fused path does not read sends the record to the general path, which
                            // checks the field count before any cell (so a short row is named as such).
                            if slot >= 0 { clean = false; break }
                            while i < end, !(buffer[i] == delimiter || buffer[i] == 0x0A || buffer[i] == 0x0D) { i += 1 }
                        }
                        field += 1
                        if i < end, buffer[i] == delimiter {
                            i += 1
                            if field == expected { clean = false }
                            continue
                        }
                        if field != expected { clean = false }
                        break
                    }
                    if clean {
                        if i < end, buffer[i] == 0x0D { i += 1 }
                        if i < end, buffer[i] == 0x0A { i += 1 }
                        position = i
                        lines.append(Int32(truncatingIfNeeded: line))
                        line += 1
                    } else {
                        // The general scanner redoes this record from its start (and reports a wrong field count).
                        for k in kinds.indices {
                            switch kinds[k] {
                            case .number: nums[k].removeLast(nums[k].count - marks[k])
                            case .integer: ints[k].removeLast(ints[k].count - marks[k])
                            case .text: txt.codes[k].removeLast(txt.codes[k].count - marks[k])
                            }
                        }
                        position = recordStart
                        let recordLine = line
                        var cells: [CSVField] = []
                        let found = try CSVReader.scanRecord(buffer, from: &position, line: &line, delimiter: delimiter, file: reader.file) { _, cell in cells.append(cell) }
                        if found != expected { throw .wrongFieldCount(FileLocation(file: reader.file, line: recordLine), found: found, expected: expected) }
                        // `process` works on the captured columns: hand them over for this record.
                        (numbers, integers, text) = (nums, ints, txt)
                        (nums, ints, txt) = ([], [], .empty)
                        for (index, cell) in cells.enumerated() {
                            do { try process(recordLine, index, cell) } catch {
                                (nums, ints, txt) = (numbers, integers, text)
                                throw error
                            }
                        }
                        (nums, ints, txt) = (numbers, integers, text)
                        (numbers, integers, text) = ([], [], .empty)
                        lines.append(Int32(truncatingIfNeeded: recordLine))
                    }
                    if releasePages && position - released > 1 << 26 {
                        reader.bytes.release(upTo: position)
                        released = position
                    }
                    if position - reported > 1 << 24, WorkProgress.isActive {
                        WorkProgress.addBytes(position - reported, of: progressTotal, stage: "reading \(reader.file)")
                        reported = position
                    }
                }
                return lines
            }
            let lines: [Int32]
            if unquoted && reader.options.decimal == .point {
                lines = try fused()
            } else {
                lines = try reader.forEachField(in: range, firstLine: firstLine, releasePages: releasePages) { (_, line, field, cell) throws(DataIOError) in
                    try process(line, field, cell)
                }.lines
            }
            self.lines = lines
        }

    }

    /// The text-column state of one chunk (value type, so the hot loop owns it).
    struct TextColumns {
        var codes: [[Int32]]
        var levels: [[String]]
        var dictionaries: [[String: Int32]]
        var integerKeys: [[Int: Int32]]
        var smallKeys: [[Int32]]
        var levelKeys: [[Int]]
        let smallKeyLimit = 1 << 26
        /// Per slot, the bytes of the last name interned by ``internASCII(_:slot:)`` and its code (-1: none yet), one
        /// entry per column from the start of a parse: the rows of a region usually follow one another, and a name
        /// equal to the last one needs no hashing.
        var lastName: [[UInt8]] = []
        var lastNameCode: [Int32] = []

        /// No columns (a moved-from state).
        static var empty: TextColumns { TextColumns(codes: [], levels: [], dictionaries: [], integerKeys: [], smallKeys: [], levelKeys: []) }

        /// Why a key cell could not be interned; the caller adds the place.
        enum Failure: Error { case empty, invalidUTF8(String), tooLong }

        /// Interns a key that is a canonical non-negative integer (no sign, no leading zero,
        /// at most 18 digits) by value; `text` is its digits, stored as the level when new.
        @inline(__always)
        mutating func internInteger(_ key: Int, text b: UnsafeBufferPointer<UInt8>, slot: Int) {
            if key < smallKeyLimit {
                if key < smallKeys[slot].count, smallKeys[slot][key] >= 0 { codes[slot].append(smallKeys[slot][key]); return }
            } else if let code = integerKeys[slot][key] {
                codes[slot].append(code); return
            }
            let code = Int32(levels[slot].count)
            levels[slot].append(String(decoding: b, as: UTF8.self))
            levelKeys[slot].append(key)
            if key < smallKeyLimit {
                if key >= smallKeys[slot].count {
                    smallKeys[slot].append(contentsOf: repeatElement(-1, count: max(key + 1, 2 * smallKeys[slot].count) - smallKeys[slot].count))
                }
                smallKeys[slot][key] = code
            } else {
                integerKeys[slot][key] = code
            }
            codes[slot].append(code)
        }

        /// Interns a name of printable ASCII with no space at its ends and no quote: the label the
        /// general path makes of it (no trimming, no normalisation, no escape), without its checks.
        @inline(__always)
        mutating func internASCII(_ bytes: UnsafeBufferPointer<UInt8>, slot: Int) {
            let last = lastNameCode[slot]
            if last >= 0, lastName[slot].count == bytes.count,
                lastName[slot].withUnsafeBufferPointer({ previous in
                    guard let a = previous.baseAddress, let b = bytes.baseAddress else { return bytes.isEmpty }
                    return memcmp(a, b, bytes.count) == 0
                })
            {
                codes[slot].append(last)
                return
            }
            let known = levels[slot].count
            let code = CSVColumns.intern(String(decoding: bytes, as: UTF8.self), &dictionaries[slot], &levels[slot])
            codes[slot].append(code)
            if levels[slot].count > known { levelKeys[slot].append(-1) }
            lastName[slot].removeAll(keepingCapacity: true)
            lastName[slot].append(contentsOf: bytes)
            lastNameCode[slot] = code
        }

        @inline(__always)
        mutating func intern(_ cell: CSVField, slot: Int) throws(Failure) {
            // Canonical non-negative integers (no sign, no leading zero) are interned by value.
            var b = cell.bytes
            if !cell.hasEscapedQuotes {
                var lo = 0, hi = b.count
                while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
                while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
                b = UnsafeBufferPointer(rebasing: b[lo..<hi])
            }
            if !cell.hasEscapedQuotes, !b.isEmpty, b.count <= 18, b[0] != UInt8(ascii: "0") || b.count == 1,
                b.allSatisfy({ $0 >= 48 && $0 <= 57 })
            {
                var key = 0
                for c in b { key = key * 10 + Int(c - 48) }
                internInteger(key, text: b, slot: slot)
            } else {
                // A key is a name or a code: a longer field is a damaged file, and would make
                // name matching (edit distances) quadratic in its length.
                guard cell.bytes.count <= CSVColumns.maxKeyBytes else { throw .tooLong }
                guard let text = String(validating: cell.bytes, as: UTF8.self) else {
                    throw .invalidUTF8(CSVField.firstInvalidByte(cell.bytes))
                }
                let unescaped = cell.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
                // An empty key is interned as "": panels refuse it with its place, models drop its rows.
                // Foundation's trimming is slow per cell: only a label that starts or ends with a space
                // (or a non-ASCII byte, which may be a Unicode space) goes through it.
                let bytes = cell.bytes
                let plainEnds = !bytes.isEmpty && bytes[0] > 0x20 && bytes[0] < 0x80 && bytes[bytes.count - 1] > 0x20 && bytes[bytes.count - 1] < 0x80
                let label = plainEnds && !cell.hasEscapedQuotes ? unescaped : unescaped.trimmingCharacters(in: .whitespaces)
                let known = levels[slot].count
                codes[slot].append(CSVColumns.intern(label, &dictionaries[slot], &levels[slot]))
                if levels[slot].count > known { levelKeys[slot].append(-1) }
            }
        }
    }

    /// One dictionary for the chunks' text codes, in file order. Levels interned by their
    /// integer value (firm and person ids) are matched by that value through a table, not
    /// by hashing their text (the merge took a quarter of the read on the 1M-row benchmark).
    /// The first part's codes are remapped in place and the others appended to them (the first chunk reserved
    /// the whole file's rows), so no column is built anew.
    static func mergeText(_ levelsOfPart: [[String]], _ keysOfPart: [[Int]], _ codesOfPart: consuming [[Int32]]) -> (codes: [Int32], levels: [String]) {
        var dictionary: [String: Int32] = [:]
        var byValue: [Int32] = []
        var byLargeValue: [Int: Int32] = [:]
        var levels: [String] = []
        let total = codesOfPart.reduce(0) { $0 + $1.count }
        var out = codesOfPart.first ?? []
        if !codesOfPart.isEmpty { codesOfPart[0] = [] }
        out.reserveCapacity(total)
        var offset = 0
        for (k, partLevels) in levelsOfPart.enumerated() {
            var remap = [Int32](repeating: 0, count: partLevels.count)
            for (i, label) in partLevels.enumerated() {
                let key = keysOfPart[k][i]
                if key >= 0 && key < 1 << 26 {
                    if key >= byValue.count { byValue.append(contentsOf: repeatElement(-1, count: max(key + 1, 2 * byValue.count) - byValue.count)) }
                    if byValue[key] < 0 { byValue[key] = Int32(levels.count); levels.append(label) }
                    remap[i] = byValue[key]
                } else if key >= 0 {
                    if let c = byLargeValue[key] { remap[i] = c } else { byLargeValue[key] = Int32(levels.count); remap[i] = Int32(levels.count); levels.append(label) }
                } else {
                    // A name never equals an integer key's text: integer-looking keys are always interned by value.
                    remap[i] = CSVColumns.intern(label, &dictionary, &levels)
                }
            }
            // Part 0's codes are `out` itself, remapped in place; a later part's are appended, then remapped.
            if k > 0 { out += codesOfPart[k] }
            let partCount = k == 0 ? out.count : codesOfPart[k].count
            remap.withUnsafeBufferPointer { r in
                out.withUnsafeMutableBufferPointer { o in
                    for j in offset..<(offset + partCount) { o[j] = r[Int(o[j])] }
                }
            }
            offset += partCount
        }
        return (out, levels)
    }

    static func intern(_ label: String, _ dictionary: inout [String: Int32], _ levels: inout [String]) -> Int32 {
        // Swift String equality and hashing follow canonical equivalence, so NFC
        // and NFD spellings land on one key; the stored level is NFC. A label that
        // is a canonical integer never comes here (it is interned by value).
        if let code = dictionary[label] { return code }
        let code = Int32(levels.count)
        dictionary[label] = code
        // ASCII is its own NFC: only other labels are normalised (a quarter of interning 100,000 names).
        levels.append(label.utf8.allSatisfy { $0 < 0x80 } ? label : label.precomposedStringWithCanonicalMapping)
        return code
    }

    /// The longest region, sector, fixed-effect or cluster key accepted, in bytes.
    package static let maxKeyBytes = 1_000

    package func numbers(_ name: String) -> [Double]? { numberColumns[name] }
    package func integers(_ name: String) -> [Int]? { integerColumns[name] }
    package func text(_ name: String) -> (codes: [Int32], levels: [String])? { textColumns[name] }
}

/// A small table read whole, every cell as text: for reference files and tests.
public struct CSVTable: Sendable {
    public let file: String
    public let header: [String]
    public let rows: [[String]]
    public let lines: [Int]
    public let decimal: DecimalStyle

    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(DataIOError) -> CSVTable {
        let reader = try CSVReader(path: path, options: options)
        var rows: [[String]] = []
        var current: [String] = []
        var lines: [Int] = []
        let width = reader.header.count
        _ = try reader.forEachField { (_, line, field, cell) throws(DataIOError) in
            current.append(try cell.validatedString(at: reader.location(line: line, field: field)))
            if field == width - 1 { rows.append(current); lines.append(line); current = [] }
        }
        return CSVTable(file: path, header: reader.header, rows: rows, lines: lines, decimal: options.decimal)
    }

    public func index(of column: String) throws(DataIOError) -> Int {
        guard let j = header.firstIndex(of: column) else {
            throw .missingColumn(file: file, role: column, name: column, header: header)
        }
        return j
    }

    /// A column as numbers; an empty cell is NaN, text is an error naming the cell.
    public func numbers(column: String) throws(DataIOError) -> [Double] {
        let j = try index(of: column)
        let parser = NumberParser(style: decimal)
        var out: [Double] = []
        out.reserveCapacity(rows.count)
        for (r, row) in rows.enumerated() {
            switch parser.parse(row[j]) {
            case .value(let v): out.append(v)
            case .missing: out.append(.nan)
            case .invalid(let hint):
                throw .notANumber(FileLocation(file: file, line: lines[r], column: j + 1, columnName: column), text: row[j], hint: hint)
            }
        }
        return out
    }

    public func strings(column: String) throws(DataIOError) -> [String] {
        let j = try index(of: column)
        return rows.map { $0[j] }
    }
}
