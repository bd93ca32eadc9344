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
        // Large unquoted files are parsed in one piece per core. Every piece writes its rows straight into its
        // slice of the final columns (a slice as long as the piece's line ends allow records), so no column is
        // copied; the slices are closed up where blank lines left gaps, and the text codes re-mapped in place to
        // one dictionary, in file order.
        let pieces = reader.pieces(ProcessInfo.processInfo.activeProcessorCount)
        let parts = pieces.map { _ in ChunkColumns(kinds: kinds) }
        var firstRows: [Int] = []
        var capacity = 0
        for piece in pieces {
            firstRows.append(capacity)
            capacity += piece.maxRecords
        }
        let starts = firstRows
        var levelsOfSlot = [[String]](repeating: [], count: kinds.count)
        let built = try ColumnStorage.build(kinds: kinds, capacity: capacity) { (columns, lines) throws(DataIOError) -> Int in
            func slice(_ k: Int) -> [UnsafeMutableRawPointer] {
                kinds.indices.map { columns[$0] + starts[k] * ColumnStorage.stride(kinds[$0]) }
            }
            if pieces.count == 1 {
                try parts[0].parse(reader, piece: pieces[0], releasePages: true, slotsOfField: fieldSlots, columns: slice(0), lines: lines)
            } else {
                nonisolated(unsafe) var failures = [DataIOError?](repeating: nil, count: pieces.count)
                nonisolated(unsafe) let slices = pieces.indices.map(slice)
                nonisolated(unsafe) let lines = lines
                failures.withUnsafeMutableBufferPointer { out in
                    nonisolated(unsafe) let out = out
                    DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
                        do throws(DataIOError) {
                            try parts[k].parse(reader, piece: pieces[k], releasePages: false, slotsOfField: fieldSlots, columns: slices[k], lines: lines + starts[k])
                        } catch {
                            out[k] = error
                        }
                    }
                }
                // The first piece in file order that failed.
                if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
            }
            // Blank lines leave a piece fewer records than its slice holds: the next slices move up.
            var rows = parts[0].rows
            for k in parts.indices.dropFirst() {
                if rows != starts[k] {
                    for slot in kinds.indices {
                        let stride = ColumnStorage.stride(kinds[slot])
                        memmove(columns[slot] + rows * stride, columns[slot] + starts[k] * stride, parts[k].rows * stride)
                    }
                    memmove(lines + rows, lines + starts[k], parts[k].rows * MemoryLayout<Int32>.stride)
                }
                rows += parts[k].rows
            }
            for slot in kinds.indices where kinds[slot] == .text {
                levelsOfSlot[slot] = mergeText(parts.map(\.text.levels[slot]), parts.map(\.text.levelKeys[slot]), parts.map(\.rows), codes: columns[slot].assumingMemoryBound(to: Int32.self))
            }
            return rows
        }
        // Columns are read to compute with: a header without rows is an input error, named as such.
        guard !built.lines.isEmpty else { throw .noDataRows(file: reader.file) }
        var numberColumns: [String: [Double]] = [:]
        var integerColumns: [String: [Int]] = [:]
        var textColumns: [String: (codes: [Int32], levels: [String])] = [:]
        for (slot, request) in requests.enumerated() {
            switch built.columns[slot] {
            case .numbers(let values): numberColumns[request.name] = values
            case .integers(let values): integerColumns[request.name] = values
            case .codes(let codes): textColumns[request.name] = (codes, levelsOfSlot[slot])
            }
        }
        return CSVColumns(
            file: reader.file, header: reader.header, rowCount: built.lines.count, lines: built.lines,
            numberColumns: numberColumns, integerColumns: integerColumns, textColumns: textColumns)
    }

    /// The final columns, built in place: each is an array of `capacity` uninitialised elements (numbers
    /// and years need no zeroing) that the parse writes through raw pointers, then given its row count.
    enum ColumnStorage {
        enum Column { case numbers([Double]), integers([Int]), codes([Int32]) }

        static func stride(_ kind: ColumnKind) -> Int {
            switch kind {
            case .number: MemoryLayout<Double>.stride
            case .integer: MemoryLayout<Int>.stride
            case .text: MemoryLayout<Int32>.stride
            }
        }

        /// Calls `fill(columns, lines)` with one pointer per kind and one for the records' line numbers;
        /// `fill` returns how many rows it wrote (the same in every column).
        static func build(
            kinds: [ColumnKind], capacity: Int,
            _ fill: ([UnsafeMutableRawPointer], UnsafeMutablePointer<Int32>) throws(DataIOError) -> Int
        ) throws(DataIOError) -> (columns: [Column], lines: [Int32]) {
            let capacity = max(capacity, 1)
            var pointers: [UnsafeMutableRawPointer] = []
            var columns: [Column?] = Array(repeating: nil, count: kinds.count)
            var rows = 0
            var lines: [Int32] = []
            // One array's initialiser inside the other's: the arrays are only complete (and given their
            // count) once the innermost `fill` has returned.
            func nest(_ k: Int) throws {
                guard k < kinds.count else {
                    lines = try [Int32](unsafeUninitializedCapacity: capacity) { buffer, count in
                        guard let base = buffer.baseAddress else { return }
                        rows = try fill(pointers, base)
                        count = rows
                    }
                    return
                }
                switch kinds[k] {
                case .number: columns[k] = .numbers(try column(Double.self, k))
                case .integer: columns[k] = .integers(try column(Int.self, k))
                case .text: columns[k] = .codes(try column(Int32.self, k))
                }
            }
            /// Column `k`'s array, complete once the columns after it are.
            func column<Element>(_: Element.Type, _ k: Int) throws -> [Element] {
                try [Element](unsafeUninitializedCapacity: capacity) { buffer, count in
                    guard let base = buffer.baseAddress else { return }
                    pointers.append(UnsafeMutableRawPointer(base))
                    try nest(k + 1)
                    count = rows
                }
            }
            do { try nest(0) } catch let error as DataIOError { throw error } catch { throw .invalidOption("\(error)") }
            return (columns.map { $0 ?? .numbers([]) }, lines)
        }
    }

    /// The parse of one piece of a file, by one thread, into its slice of the final columns.
    final class ChunkColumns: @unchecked Sendable {
        let kinds: [ColumnKind]
        /// The text columns' dictionaries and levels (the codes are written to the slice).
        var text: TextColumns
        /// Records written.
        var rows = 0

        init(kinds: [ColumnKind]) {
            self.kinds = kinds
            let n = kinds.count
            text = TextColumns(
                levels: Array(repeating: [], count: n), dictionaries: Array(repeating: [:], count: n),
                integerKeys: Array(repeating: [:], count: n), smallKeys: Array(repeating: [], count: n), levelKeys: Array(repeating: [], count: n),
                lastName: Array(repeating: [], count: n), lastNameCode: Array(repeating: -1, count: n))
        }

        /// Writes the piece's records to `columns` (one pointer per slot, to this piece's first row, typed by its
        /// kind) and their line numbers to `lines`; at most `piece.maxRecords` of them.
        func parse(
            _ reader: CSVReader, piece: CSVReader.Piece, releasePages: Bool, slotsOfField: [[Int]],
            columns: [UnsafeMutableRawPointer], lines: UnsafeMutablePointer<Int32>
        ) throws(DataIOError) {
            let parser = NumberParser(style: reader.options.decimal)
            let kinds = self.kinds
            let capacity = piece.maxRecords
            let range = piece.range
            // The hot loop reads one slot per field from a flat buffer (a field read twice, as
            // numbers and as keys, is rare and handled by the general path).
            let firstSlot = slotsOfField.map { $0.first ?? -1 }
            let hasMoreSlots = slotsOfField.contains { $0.count > 1 }
            // Cannot happen (a record needs a line end or the end of the piece), checked so that a miscount
            // can never write past a slice.
            func overfull(_ line: Int) -> DataIOError {
                .invalidOption("\(reader.file), line \(line): more records than line ends were counted; please report this file")
            }
            // What one cell becomes (the general path: every style, quotes, markers, errors with their place).
            func process(_ text: inout TextColumns, _ row: Int, _ line: Int, _ field: Int, _ cell: CSVField) throws(DataIOError) {
                let first = firstSlot[field]
                if first < 0 { return }
                guard row < capacity else { throw overfull(line) }
                let count = hasMoreSlots ? slotsOfField[field].count : 1
                for k in 0..<count {
                    let slot = k == 0 ? first : slotsOfField[field][k]
                    switch kinds[slot] {
                    case .number:
                        switch parser.parse(cell.bytes) {
                        case .value(let v): columns[slot].assumingMemoryBound(to: Double.self)[row] = v
                        case .missing: columns[slot].assumingMemoryBound(to: Double.self)[row] = .nan
                        case .invalid(let hint):
                            throw .notANumber(reader.location(line: line, field: field), text: cell.string, hint: hint)
                        }
                    case .integer:
                        guard let v = NumberParser.parseInteger(cell.bytes) else {
                            if cell.bytes.allSatisfy({ $0 == 0x20 }) { throw .emptyKey(reader.location(line: line, field: field)) }
                            throw .notAnInteger(reader.location(line: line, field: field), text: cell.string)
                        }
                        columns[slot].assumingMemoryBound(to: Int.self)[row] = v
                    case .text:
                        do throws(TextColumns.Failure) {
                            columns[slot].assumingMemoryBound(to: Int32.self)[row] = try text.intern(cell, slot: slot)
                        } catch {
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
            // Anything else (a marker, a space, a sign, a wrong field count) sends the record to the
            // general scanner and `process`, which rewrite its row with the same values or the same errors.
            func fused(_ text: inout TextColumns) throws(DataIOError) -> Int {
                let buffer = reader.bytes.buffer
                guard let base = buffer.baseAddress else { return 0 }
                let delimiter = reader.delimiter
                let expected = reader.header.count
                let end = range.upperBound
                var position = range.lowerBound
                var line = piece.firstLine
                var row = 0
                var released = 0
                var reported = range.lowerBound
                let progressTotal = reader.bytes.count
                // Flat, unowned copies of what every cell looks up: no array is retained or bounds-checked per cell.
                let slotOf = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, firstSlot.count))
                _ = slotOf.initialize(from: firstSlot)
                let kindOf = UnsafeMutableBufferPointer<ColumnKind>.allocate(capacity: max(1, kinds.count))
                _ = kindOf.initialize(from: kinds)
                let out = UnsafeMutableBufferPointer<UnsafeMutableRawPointer>.allocate(capacity: max(1, columns.count))
                _ = out.initialize(from: columns)
                defer { slotOf.deallocate(); kindOf.deallocate(); out.deallocate() }
                while position < end {
                    let c0 = buffer[position]
                    if c0 == 0x0A { position += 1; line += 1; continue }
                    if c0 == 0x0D { position += 1; if position < buffer.count, buffer[position] == 0x0A { position += 1 }; line += 1; continue }
                    guard row < capacity else { throw overfull(line) }
                    let recordStart = position
                    var i = position
                    var field = 0
                    var clean = !hasMoreSlots
                    while clean {
                        let slot = slotOf[field]
                        var done = false
                        if slot >= 0, i < end {
                            let c = buffer[i]
                            switch kindOf[slot] {
                            case .number:
                                if (c >= 48 && c <= 57) || (c == 45 && i + 1 < end && buffer[i + 1] >= 48 && buffer[i + 1] <= 57) {
                                    var value = 0.0
                                    let first = UnsafeRawPointer(base + i).assumingMemoryBound(to: CChar.self)
                                    let last = UnsafeRawPointer(base + end).assumingMemoryBound(to: CChar.self)
                                    if let stop = tfp_parse_double_prefix(first, last, &value), value.isFinite {
                                        let j = i + (stop - first)
                                        // A longer cell is refused by the general path ("too long for a number").
                                        if j - i <= NumberParser.maxLength, j == end || (buffer[j] == delimiter || buffer[j] == 0x0A || buffer[j] == 0x0D) {
                                            out[slot].assumingMemoryBound(to: Double.self)[row] = value
                                            i = j
                                            done = true
                                        }
                                    }
                                }
                            case .text, .integer:
                                if c >= 48 && c <= 57 {
                                    var j = i, key = 0
                                    while j < end, j - i < 19, buffer[j] >= 48 && buffer[j] <= 57 { key = key &* 10 &+ Int(buffer[j] &- 48); j += 1 }
                                    let digits = j - i
                                    if digits <= 18, j == end || (buffer[j] == delimiter || buffer[j] == 0x0A || buffer[j] == 0x0D) {
                                        if kindOf[slot] == .integer {
                                            out[slot].assumingMemoryBound(to: Int.self)[row] = key
                                            i = j
                                            done = true
                                        } else if c != 48 || digits == 1 {
                                            out[slot].assumingMemoryBound(to: Int32.self)[row] =
                                                text.internInteger(key, text: UnsafeBufferPointer(start: base + i, count: digits), slot: slot)
                                            i = j
                                            done = true
                                        }
                                    }
                                }
                                // A name in printable ASCII without a quote, not starting or ending with a space
                                // (region names, codes like "R12" or "007"): its String is its bytes, so it is
                                // interned here as the general path would, without scanning the record again.
                                if !done, kindOf[slot] == .text, c > 0x20, c < 0x7F, c != 0x22 {
                                    var j = i + 1
                                    while j < end, j - i <= CSVColumns.maxKeyBytes {
                                        let b = buffer[j]
                                        if b == delimiter || b == 0x0A || b == 0x0D || b < 0x20 || b >= 0x7F || b == 0x22 { break }
                                        j += 1
                                    }
                                    if j - i <= CSVColumns.maxKeyBytes, buffer[j - 1] != 0x20,
                                        j == end || (buffer[j] == delimiter || buffer[j] == 0x0A || buffer[j] == 0x0D)
                                    {
                                        out[slot].assumingMemoryBound(to: Int32.self)[row] =
                                            text.internASCII(UnsafeBufferPointer(start: base + i, count: j - i), slot: slot)
                                        i = j
                                        done = true
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
                        lines[row] = Int32(truncatingIfNeeded: line)
                        line += 1
                    } else {
                        // The general scanner redoes this record from its start (and reports a wrong field
                        // count); its cells overwrite whatever the fused path wrote to this row.
                        position = recordStart
                        let recordLine = line
                        var cells: [CSVField] = []
                        let found = try CSVReader.scanRecord(buffer, from: &position, line: &line, delimiter: delimiter, file: reader.file) { _, cell in cells.append(cell) }
                        if found != expected { throw .wrongFieldCount(FileLocation(file: reader.file, line: recordLine), found: found, expected: expected) }
                        for (index, cell) in cells.enumerated() { try process(&text, row, recordLine, index, cell) }
                        lines[row] = Int32(truncatingIfNeeded: recordLine)
                    }
                    row += 1
                    if releasePages && position - released > 1 << 26 {
                        reader.bytes.release(upTo: position)
                        released = position
                    }
                    if position - reported > 1 << 24, WorkProgress.isActive {
                        WorkProgress.addBytes(position - reported, of: progressTotal, stage: "reading \(reader.file)")
                        reported = position
                    }
                }
                return row
            }
            // The table state is a local of this function while it runs: a class property would be checked
            // for exclusive access on every cell.
            var text = self.text
            self.text = .empty
            defer { self.text = text }
            if piece.unquoted && reader.options.decimal == .point {
                rows = try fused(&text)
            } else {
                let found = try reader.forEachField(in: range, firstLine: piece.firstLine, releasePages: releasePages) {
                    (record, line, field, cell) throws(DataIOError) in
                    try process(&text, record, line, field, cell)
                }
                guard found.records <= capacity else { throw overfull(found.lines.last.map(Int.init) ?? piece.firstLine) }
                found.lines.withUnsafeBufferPointer { source in
                    if let from = source.baseAddress { lines.update(from: from, count: source.count) }
                }
                rows = found.records
            }
        }
    }

    /// The text-column state of one piece (value type, so the hot loop owns it).
    struct TextColumns {
        var levels: [[String]]
        var dictionaries: [[String: Int32]]
        // Integer-looking text keys (firm ids) are interned without building a String:
        // small non-negative ones index a table directly (-1: unseen), larger ones hash.
        var integerKeys: [[Int: Int32]]
        var smallKeys: [[Int32]]
        /// Per level, the integer it was interned by (-1: a name), for the merge of pieces.
        var levelKeys: [[Int]]
        let smallKeyLimit = 1 << 26
        /// Per slot, the bytes of the last name interned by ``internASCII(_:slot:)`` and its code (-1: none yet), one
        /// entry per column from the start of a parse: the rows of a region usually follow one another, and a name
        /// equal to the last one needs no hashing.
        var lastName: [[UInt8]]
        var lastNameCode: [Int32]

        /// No columns (a moved-from state).
        static var empty: TextColumns {
            TextColumns(levels: [], dictionaries: [], integerKeys: [], smallKeys: [], levelKeys: [], lastName: [], lastNameCode: [])
        }

        /// Why a key cell could not be interned; the caller adds the place.
        enum Failure: Error { case empty, invalidUTF8(String), tooLong }

        /// The code of a key that is a canonical non-negative integer (no sign, no leading zero,
        /// at most 18 digits), interned by value; `text` is its digits, stored as the level when new.
        @inline(__always)
        mutating func internInteger(_ key: Int, text b: UnsafeBufferPointer<UInt8>, slot: Int) -> Int32 {
            if key < smallKeyLimit {
                if key < smallKeys[slot].count, smallKeys[slot][key] >= 0 { return smallKeys[slot][key] }
            } else if let code = integerKeys[slot][key] {
                return code
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
            return code
        }

        /// The code of a name of printable ASCII with no space at its ends and no quote: the label the
        /// general path makes of it (no trimming, no normalisation, no escape), without its checks.
        @inline(__always)
        mutating func internASCII(_ bytes: UnsafeBufferPointer<UInt8>, slot: Int) -> Int32 {
            let last = lastNameCode[slot]
            if last >= 0, lastName[slot].count == bytes.count,
                lastName[slot].withUnsafeBufferPointer({ previous in
                    guard let a = previous.baseAddress, let b = bytes.baseAddress else { return bytes.isEmpty }
                    return memcmp(a, b, bytes.count) == 0
                })
            {
                return last
            }
            let known = levels[slot].count
            let code = CSVColumns.intern(String(decoding: bytes, as: UTF8.self), &dictionaries[slot], &levels[slot])
            if levels[slot].count > known { levelKeys[slot].append(-1) }
            lastName[slot].removeAll(keepingCapacity: true)
            lastName[slot].append(contentsOf: bytes)
            lastNameCode[slot] = code
            return code
        }

        @inline(__always)
        mutating func intern(_ cell: CSVField, slot: Int) throws(Failure) -> Int32 {
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
                return internInteger(key, text: b, slot: slot)
            }
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
            let code = CSVColumns.intern(label, &dictionaries[slot], &levels[slot])
            if levels[slot].count > known { levelKeys[slot].append(-1) }
            return code
        }
    }

    /// One dictionary for the pieces' text codes, in file order; `codes` holds the pieces' rows one after
    /// another (`rowsOfPart` each), re-mapped in place. Levels interned by their integer value (firm and
    /// person ids) are matched by that value through a table, not by hashing their text (the merge took a
    /// quarter of the read on the 1M-row benchmark). The first piece's codes are the merged ones already.
    static func mergeText(_ levelsOfPart: [[String]], _ keysOfPart: [[Int]], _ rowsOfPart: [Int], codes: UnsafeMutablePointer<Int32>) -> [String] {
        guard levelsOfPart.count > 1 else { return levelsOfPart.first ?? [] }
        var dictionary: [String: Int32] = [:]
        var byValue: [Int32] = []
        var byLargeValue: [Int: Int32] = [:]
        var levels: [String] = []
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
            // The first piece's levels come first, in their order: its codes stay as they are.
            if k > 0 {
                remap.withUnsafeBufferPointer { r in
                    for j in offset..<(offset + rowsOfPart[k]) { codes[j] = r[Int(codes[j])] }
                }
            }
            offset += rowsOfPart[k]
        }
        return levels
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
