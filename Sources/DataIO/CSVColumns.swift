import Foundation

/// What to read from a column.
public enum ColumnKind: Sendable {
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
public struct CSVColumns: Sendable {
    public let file: String
    public let header: [String]
    public let rowCount: Int
    /// Line number of each record (for error messages after parsing).
    public let lines: [Int32]
    /// Columns by name and kind: a column may be read both as numbers and as text keys.
    public let numberColumns: [String: [Double]]
    public let integerColumns: [String: [Int]]
    public let textColumns: [String: (codes: [Int32], levels: [String])]

    public static func read(
        path: String, options: CSVOptions = CSVOptions(), requests: [(name: String, kind: ColumnKind)]
    ) throws(DataIOError) -> CSVColumns {
        let reader = try CSVReader(path: path, options: options)
        return try read(reader, requests: requests)
    }

    public static func read(_ reader: CSVReader, requests: [(name: String, kind: ColumnKind)]) throws(DataIOError) -> CSVColumns {
        var slotsOfField = [[Int]](repeating: [], count: reader.header.count)
        for (slot, request) in requests.enumerated() {
            guard let field = reader.header.firstIndex(of: request.name) else {
                throw .missingColumn(file: reader.file, role: request.name, name: request.name, header: reader.header)
            }
            slotsOfField[field].append(slot)
        }
        let parser = NumberParser(style: reader.options.decimal)
        var numbers = [[Double]](repeating: [], count: requests.count)
        var integers = [[Int]](repeating: [], count: requests.count)
        var codes = [[Int32]](repeating: [], count: requests.count)
        var dictionaries = [[String: Int32]](repeating: [:], count: requests.count)
        var levels = [[String]](repeating: [], count: requests.count)
        // Integer-looking text keys (firm ids) are interned without building a String.
        var integerKeys = [[Int: Int32]](repeating: [:], count: requests.count)
        let kinds = requests.map(\.kind)

        let (count, lines) = try reader.forEachField { (_, line, field, cell) throws(DataIOError) in
            for slot in slotsOfField[field] {
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
                if !cell.hasEscapedQuotes, let key = NumberParser.parseInteger(cell.bytes), cell.bytes.first != 0x20,
                   cell.bytes.first != UInt8(ascii: "-"), cell.bytes.first != UInt8(ascii: "0") || cell.bytes.count == 1 {
                    if let code = integerKeys[slot][key] { codes[slot].append(code); continue }
                    let label = String(decoding: cell.bytes, as: UTF8.self)
                    let code = intern(label, &dictionaries[slot], &levels[slot])
                    integerKeys[slot][key] = code
                    codes[slot].append(code)
                } else {
                    let label = cell.string.trimmingCharacters(in: .whitespaces)
                    if label.isEmpty { throw .emptyKey(reader.location(line: line, field: field)) }
                    codes[slot].append(intern(label, &dictionaries[slot], &levels[slot]))
                }
            }
            }
        }
        var numberColumns: [String: [Double]] = [:]
        var integerColumns: [String: [Int]] = [:]
        var textColumns: [String: (codes: [Int32], levels: [String])] = [:]
        for (slot, request) in requests.enumerated() {
            switch request.kind {
            case .number: numberColumns[request.name] = numbers[slot]
            case .integer: integerColumns[request.name] = integers[slot]
            case .text: textColumns[request.name] = (codes[slot], levels[slot])
            }
        }
        return CSVColumns(file: reader.file, header: reader.header, rowCount: count, lines: lines,
                          numberColumns: numberColumns, integerColumns: integerColumns, textColumns: textColumns)
    }

    private static func intern(_ label: String, _ dictionary: inout [String: Int32], _ levels: inout [String]) -> Int32 {
        // Swift String equality and hashing follow canonical equivalence, so NFC
        // and NFD spellings land on one key; the stored level is NFC.
        if let code = dictionary[label] { return code }
        let code = Int32(levels.count)
        dictionary[label] = code
        levels.append(label.precomposedStringWithCanonicalMapping)
        return code
    }

    public func numbers(_ name: String) -> [Double]? { numberColumns[name] }
    public func integers(_ name: String) -> [Int]? { integerColumns[name] }
    public func text(_ name: String) -> (codes: [Int32], levels: [String])? { textColumns[name] }
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
            current.append(cell.string)
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
