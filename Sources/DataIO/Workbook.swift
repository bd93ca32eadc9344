import Foundation
import Tabular
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Which part of a workbook to read.
public struct SheetSelection: Sendable, Equatable {
    /// A sheet name, or a 1-based index written as a number; nil: the first sheet.
    public var sheet: String?
    /// A cell range such as `A5:H80`; nil: every used cell.
    public var range: CellRange?

    public init(sheet: String? = nil, range: CellRange? = nil) {
        self.sheet = sheet
        self.range = range
    }
}

/// A rectangular block of cells, 1-based and inclusive (`A5:H80`).
public struct CellRange: Sendable, Equatable {
    public let firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int

    /// Parses `A5:H80` (or one cell, `B2`).
    public init(_ text: String) throws(DataIOError) {
        let parts = text.uppercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 1 || parts.count == 2,
            let from = CellReference(parts[0]), let to = CellReference(parts.count == 2 ? parts[1] : parts[0]),
            from.row <= to.row, from.column <= to.column
        else {
            throw .invalidOption("\(Setting.range.reference) expects cells such as A5:H80 (top-left:bottom-right), got '\(text)'.")
        }
        (firstRow, lastRow, firstColumn, lastColumn) = (from.row, to.row, from.column, to.column)
    }

    init(firstRow: Int, lastRow: Int, firstColumn: Int, lastColumn: Int) {
        (self.firstRow, self.lastRow, self.firstColumn, self.lastColumn) = (firstRow, lastRow, firstColumn, lastColumn)
    }

    func contains(row: Int, column: Int) -> Bool {
        row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn
    }
}

/// A cell address such as `AB12`: 1-based row and column.
struct CellReference: Equatable {
    let row: Int
    let column: Int

    /// Excel's limits (ECMA-376 and Excel's specifications): 1,048,576 rows, 16,384 columns (XFD).
    static let maxRow = 1_048_576, maxColumn = 16_384

    init?(_ text: some StringProtocol) {
        var column = 0, row = 0, i = text.utf8.startIndex
        let bytes = text.utf8
        while i < bytes.endIndex, let c = Optional(bytes[i]), c >= 65 && c <= 90 || c >= 97 && c <= 122 {
            column = column * 26 + Int((c | 0x20) - 96)
            guard column <= Self.maxColumn else { return nil }
            i = bytes.index(after: i)
        }
        while i < bytes.endIndex, let c = Optional(bytes[i]), c >= 48 && c <= 57 {
            row = row * 10 + Int(c - 48)
            guard row <= Self.maxRow else { return nil }
            i = bytes.index(after: i)
        }
        guard i == bytes.endIndex, column > 0, row > 0 else { return nil }
        (self.row, self.column) = (row, column)
    }

    init(row: Int, column: Int) { (self.row, self.column) = (row, column) }

    static func letters(_ column: Int) -> String {
        var n = column, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}

/// Reads one sheet of an Office Open XML workbook (`.xlsx`, `.xlsm`; ECMA-376
/// Part 1, §18) into the text of a CSV file, so every command reads workbooks
/// through the same validated CSV path (issue 11).
///
/// The ZIP container is read by ZIPFoundation and the XML by Foundation's
/// `XMLParser` (libxml2). What is handled: shared strings (rich-text runs
/// joined, phonetic runs left out), inline strings, numbers, booleans, error
/// values (kept as text, refused where a number is expected), dates (cells whose
/// number format is a date are written `YYYY-MM-DD`), formulas (their cached
/// value; a formula without one is refused: the file was written by a program
/// that does not calculate), merged cells (the top-left value fills the block,
/// so a merged header names every column it spans), hidden rows (read: they are
/// data). Line numbers in messages are the sheet's row numbers; columns are
/// named by letter.
enum Workbook {
    /// Decompressed parts above this size are refused (a ZIP bomb, or a sheet far beyond Excel's own limits).
    static let maxPartBytes = 1 << 31

    struct Sheet {
        let name: String
        let csv: [UInt8]
        let delimiter: UInt8
        /// Column number (1-based) of the first field of each line.
        let firstColumn: Int
    }

    static func isWorkbook(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
    }

    static func readSheet(path: String, selection: SheetSelection, decimal: DecimalStyle) throws(DataIOError) -> Sheet {
        let (name, cells) = try readCells(path: path, selection: selection)
        return render(cells, name: name, range: selection.range, decimal: decimal)
    }

    /// Every row of a sheet as text cells (merged blocks filled, range applied), for tables that are not long panels.
    static func readGrid(path: String, selection: SheetSelection) throws(DataIOError) -> (sheet: String, rows: [TextGrid.Row]) {
        let (name, cells) = try readCells(path: path, selection: selection)
        let values = filledMerges(cells)
        let keys = values.keys.filter { selection.range?.contains(row: $0.row, column: $0.column) ?? true }
        let firstColumn = selection.range?.firstColumn ?? (keys.map(\.column).min() ?? 1)
        let lastColumn = selection.range?.lastColumn ?? (keys.map(\.column).max() ?? 1)
        var byRow: [Int: [String]] = [:]
        for key in keys {
            var row = byRow[key.row] ?? [String](repeating: "", count: lastColumn - firstColumn + 1)
            row[key.column - firstColumn] = values[key]?.text(decimal: .point) ?? ""
            byRow[key.row] = row
        }
        return (name, byRow.keys.sorted().map { TextGrid.Row(line: $0, firstColumn: firstColumn, cells: byRow[$0] ?? []) })
    }

    static func filledMerges(_ cells: SheetCells.Result) -> [CellKey: SheetCells.Value] {
        var values = cells.values
        // Merged blocks are headings: all of them together may fill at most a million cells,
        // so that a file of many large merges cannot make reading take unbounded time.
        var budget = 1_000_000
        for merge in cells.merges {
            let size = (merge.lastRow - merge.firstRow + 1) * (merge.lastColumn - merge.firstColumn + 1)
            guard size <= budget else { continue }
            budget -= size
            guard let value = values[CellKey(row: merge.firstRow, column: merge.firstColumn)] else { continue }
            let cellCount = (merge.lastRow - merge.firstRow + 1) * (merge.lastColumn - merge.firstColumn + 1)
            guard cellCount <= 1 << 16 else { continue }  // a whole-column merge is formatting, not data
            for r in merge.firstRow...merge.lastRow {
                for c in merge.firstColumn...merge.lastColumn where values[CellKey(row: r, column: c)] == nil {
                    values[CellKey(row: r, column: c)] = value
                }
            }
        }
        return values
    }

    static func readCells(path: String, selection: SheetSelection) throws(DataIOError) -> (String, SheetCells.Result) {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw .unsupportedFormat(file: path, reason: "this file starts like an Excel workbook (.xlsx) but its ZIP archive cannot be read (\(error)); save the workbook again from Excel")
        }
        guard let workbookXML = try part(archive, "xl/workbook.xml", path: path) else {
            throw .unsupportedFormat(file: path, reason: "this ZIP archive holds no xl/workbook.xml, so it is not an Excel workbook; save it from Excel as .xlsx or as 'CSV UTF-8'")
        }
        let sheets = try SheetList.parse(workbookXML, path: path)
        var relations: [String: String] = [:]
        if let data = try part(archive, "xl/_rels/workbook.xml.rels", path: path) { relations = try Relations.parse(data, path: path) }
        guard !sheets.isEmpty else { throw .unsupportedFormat(file: path, reason: "the workbook has no sheets") }
        let chosen: (name: String, relation: String)
        if let wanted = selection.sheet {
            if let match = sheets.first(where: { $0.name == wanted }) ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) {
                chosen = match
            } else if let index = Int(wanted), index >= 1, index <= sheets.count {
                chosen = sheets[index - 1]
            } else {
                throw .invalidOption(
                    "\(Setting.sheet.reference): \(path) has no sheet '\(wanted)'; its sheets are \(sheets.map { "'\($0.name)'" }.joined(separator: ", ")) (or give a number from 1 to \(sheets.count))."
                )
            }
        } else {
            chosen = sheets[0]
        }
        guard let target = relations[chosen.relation] else {
            throw .unsupportedFormat(file: path, reason: "the sheet '\(chosen.name)' has no part in the workbook's relations; save the workbook again from Excel")
        }
        // Targets are relative to xl/ (or absolute from the package root).
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard let sheetXML = try part(archive, sheetPath, path: path) else {
            throw .unsupportedFormat(file: path, reason: "the part \(sheetPath) of sheet '\(chosen.name)' is missing")
        }
        var strings: [String] = []
        if let data = try part(archive, "xl/sharedStrings.xml", path: path) { strings = try SharedStrings.parse(data, path: path) }
        var dateStyles = Set<Int>()
        if let data = try part(archive, "xl/styles.xml", path: path) { dateStyles = try Styles.dateStyleIndices(data, path: path) }
        let date1904 = workbookXML.range(of: Data("date1904=\"1\"".utf8)) != nil || workbookXML.range(of: Data("date1904=\"true\"".utf8)) != nil
        return (chosen.name, try SheetCells.scan(sheetXML, path: path, sheet: chosen.name, strings: strings, dateStyles: dateStyles, date1904: date1904))
    }

    static func part(_ archive: Archive, _ name: String, path: String) throws(DataIOError) -> Data? {
        guard let entry = archive[name] else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= maxPartBytes else { throw DataIOError.unsupportedFormat(file: path, reason: "the part \(name) decompresses to more than 2 GiB") }
                data.append(chunk)
            }
        } catch let error as DataIOError { throw error } catch { throw .unsupportedFormat(file: path, reason: "the part \(name) cannot be decompressed (\(error)); the file may be damaged") }
        return data
    }

    /// The cells as CSV text: one line per sheet row (empty rows as blank lines,
    /// so line numbers are row numbers), fields quoted by the project's one rule.
    static func render(_ cells: SheetCells.Result, name: String, range: CellRange?, decimal: DecimalStyle) -> Sheet {
        let delimiter: UInt8 = decimal == .comma ? UInt8(ascii: ";") : UInt8(ascii: ",")
        // Merged blocks: the top-left value fills the block (through the table by address).
        var ordered =
            cells.merges.isEmpty
            ? cells.sortedUnique()
            : {
                var filled = cells
                filled.values = filledMerges(cells)
                return filled.sortedUnique()
            }()
        // Title rows above the header (without a range): leading rows with fewer than two
        // values of their own, such as "Bảng 1. GDP và lao động" merged across the table.
        // Counted before merges fill them, as a title merged across the table is one value.
        if range == nil {
            var own: [Int: Int] = [:]
            for cell in cells.cells { own[cell.key.row, default: 0] += 1 }
            var titleRows = Set<Int>()
            for r in own.keys.sorted() {
                guard own[r, default: 0] < 2 else { break }
                titleRows.insert(r)
            }
            if titleRows.count == own.count { titleRows = [] }  // a one-column sheet: nothing to skip
            if !titleRows.isEmpty { ordered.removeAll { titleRows.contains($0.key.row) } }
        }
        if let range { ordered.removeAll { !range.contains(row: $0.key.row, column: $0.key.column) } }
        let firstColumn = range?.firstColumn ?? (ordered.map(\.key.column).min() ?? 1)
        let lastColumn = range?.lastColumn ?? (ordered.map(\.key.column).max() ?? 1)
        // Written as bytes: no String per line.
        var out: [UInt8] = []
        out.reserveCapacity(ordered.count * 12)
        var row = 1
        var k = 0
        while k < ordered.count {
            let r = ordered[k].key.row
            while row < r { out.append(0x0A); row += 1 }  // rows above: blank lines keep the numbering
            var column = firstColumn
            while k < ordered.count && ordered[k].key.row == r {
                let (key, value) = ordered[k]
                k += 1
                while column < key.column { out.append(delimiter); column += 1 }  // empty fields before it
                let field = value.text(decimal: decimal)
                if case .number = value, decimal == .point {
                    out += field.utf8  // a number needs no quoting
                } else {
                    var quoted = CSVText.escape(field)
                    if delimiter == UInt8(ascii: ";"), quoted == field, field.contains(";") { quoted = "\"" + field + "\"" }
                    out += quoted.utf8
                }
            }
            while column < lastColumn { out.append(delimiter); column += 1 }  // empty fields after the last
            out.append(0x0A)
            row += 1
        }
        return Sheet(name: name, csv: out, delimiter: delimiter, firstColumn: firstColumn)
    }
}

/// Excel date serials as ISO dates (exposed for tests and for the yearbook importer).
package enum SheetDates {
    package static func iso(_ serial: Double) -> String { SheetCells.isoDate(serial) }
}

struct CellKey: Hashable {
    let row: Int
    let column: Int

    // One word to hash instead of two (columns are at most 16,384): the sheet's cells are
    // looked up once each, and hashing was a tenth of reading a large workbook.
    func hash(into hasher: inout Hasher) { hasher.combine(row &* 16_385 &+ column) }
}

// MARK: - XML parts

/// A SAX delegate base. The three callbacks are declared here and overridden by
/// each part's parser: on Linux the delegate protocol's defaults are bound at the
/// conforming class, so a subclass's own methods would never be called otherwise.
class PartParser: NSObject, XMLParserDelegate {
    var failure: String?
    /// True when `failure` is a whole sentence about a cell, not a malformed part.
    var failureIsAboutACell = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}
    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {}

    func run(_ data: Data, part: String, path: String) throws(DataIOError) {
        // From a stream, not from the bytes at once: on Linux, Foundation's XMLParser(data:)
        // hands libxml2 the whole part and fails past 10 MB (about 44,000 rows of five
        // columns); the stream is parsed in chunks, with no such limit.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = self
        parser.shouldResolveExternalEntities = false
        if !parser.parse() || failure != nil {
            if failureIsAboutACell, let failure { throw .unsupportedFormat(file: path, reason: failure) }
            let reason = failure ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw .unsupportedFormat(file: path, reason: "the part \(part) is not valid (\(reason)); save the workbook again from Excel")
        }
    }
}

/// `xl/workbook.xml`: sheet names and relation ids, in workbook order.
final class SheetList: PartParser {
    var sheets: [(name: String, relation: String)] = []

    static func parse(_ data: Data, path: String) throws(DataIOError) -> [(name: String, relation: String)] {
        let p = SheetList()
        try p.run(data, part: "xl/workbook.xml", path: path)
        return p.sheets
    }

    override func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard element == "sheet" || element.hasSuffix(":sheet") else { return }
        let relation = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value ?? ""
        sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", relation))
    }
}

/// `xl/_rels/workbook.xml.rels`: relation id → part path.
final class Relations: PartParser {
    var targets: [String: String] = [:]

    static func parse(_ data: Data, path: String) throws(DataIOError) -> [String: String] {
        let p = Relations()
        try p.run(data, part: "xl/_rels/workbook.xml.rels", path: path)
        return p.targets
    }

    override func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if element == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// `xl/sharedStrings.xml`: the string table; an `<si>` is its `<t>` texts joined
/// (rich-text runs), leaving out phonetic runs (`<rPh>`).
final class SharedStrings: PartParser {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    static func parse(_ data: Data, path: String) throws(DataIOError) -> [String] {
        let p = SharedStrings()
        try p.run(data, part: "xl/sharedStrings.xml", path: path)
        return p.strings
    }

    override func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch element {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    override func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    override func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}

/// `xl/styles.xml`: which cell styles (`cellXfs` indices) format numbers as dates.
final class Styles: PartParser {
    private var customDateFormats = Set<Int>()
    private var inCellXfs = false
    private var xfFormats: [Int] = []

    /// Built-in date and time formats (ECMA-376 Part 1, §18.8.30: ids 14-22, 45-47).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47)

    static func dateStyleIndices(_ data: Data, path: String) throws(DataIOError) -> Set<Int> {
        let p = Styles()
        try p.run(data, part: "xl/styles.xml", path: path)
        var out = Set<Int>()
        for (index, format) in p.xfFormats.enumerated()
        where builtInDateFormats.contains(format) || p.customDateFormats.contains(format) { out.insert(index) }
        return out
    }

    override func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch element {
        case "numFmt":
            // A custom format is a date when it has day, month or year codes outside quotes and brackets.
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], Self.isDateFormat(code) {
                customDateFormats.insert(id)
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: xfFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "cellXfs" { inCellXfs = false }
    }

    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false
        for c in code.lowercased() {
            switch c {
            case "\"": inQuotes.toggle()
            case "[": inBrackets = true
            case "]": inBrackets = false
            case "d", "m",
                "y" where !inQuotes && !inBrackets:
                return true
            default: continue
            }
        }
        return false
    }
}

/// A worksheet's cells (ECMA-376 Part 1, §18.3.1.4 `c`): values by address, and merged blocks.
/// Read by `SheetScanner` (SheetScanner.swift), not by XMLParser.
enum SheetCells {
    enum Value {
        case number(Double)
        case text(String)
        case boolean(Bool)
        case date(Double)

        func text(decimal: DecimalStyle) -> String {
            switch self {
            case .text(let s): return s
            case .boolean(let b): return b ? "TRUE" : "FALSE"
            case .number(let v):
                let s = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
                return decimal == .comma ? s.replacingOccurrences(of: ".", with: ",") : s
            case .date(let serial): return SheetCells.isoDate(serial)
            }
        }
    }

    struct Result {
        /// The cells in the order of the sheet's XML (rows ascending).
        var cells: [(key: CellKey, value: Value)] = []
        var merges: [CellRange] = []

        /// The cells by address (a later duplicate wins, as in a spreadsheet program's reading).
        var values: [CellKey: Value] {
            get { Dictionary(cells.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }) }
            set { cells = newValue.map { (key: $0.key, value: $0.value) } }
        }

        /// The cells sorted by row and column, one per address (the last written wins).
        func sortedUnique() -> [(key: CellKey, value: Value)] {
            var sorted = cells
            var inOrder = true
            for k in sorted.indices.dropFirst() where !Self.before(sorted[k - 1].key, sorted[k].key) { inOrder = false; break }
            if !inOrder {
                // Stable by position, so that of two cells with one address the later is kept.
                sorted = cells.enumerated().sorted { a, b in
                    a.element.key == b.element.key ? a.offset < b.offset : Self.before(a.element.key, b.element.key)
                }.map(\.element)
                var unique: [(key: CellKey, value: Value)] = []
                unique.reserveCapacity(sorted.count)
                for cell in sorted {
                    if let last = unique.last, last.key == cell.key { unique[unique.count - 1] = cell } else { unique.append(cell) }
                }
                sorted = unique
            }
            return sorted
        }

        static func before(_ a: CellKey, _ b: CellKey) -> Bool { a.row != b.row ? a.row < b.row : a.column < b.column }
    }

    /// An Excel date serial as `YYYY-MM-DD` (1900 system; serial 60 is the
    /// non-existent 29 February 1900 that Excel keeps for Lotus compatibility).
    static func isoDate(_ serial: Double) -> String {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return "\(serial)" }
        let days = Int(serial.rounded(.down))
        // Serial 25569 is 1970-01-01; below 61 the phantom leap day is not yet counted.
        let unixDays = days >= 61 ? days - 25_569 : days - 25_568
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        let z = unixDays + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

/// Raw parts of a workbook, for tests and diagnostics.
package enum WorkbookParts {
    package static func part(path: String, name: String) throws(DataIOError) -> Data {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch { throw .unsupportedFormat(file: path, reason: "this ZIP archive cannot be read (\(error))") }
        guard let data = try Workbook.part(archive, name, path: path) else {
            throw .unsupportedFormat(file: path, reason: "no part \(name)")
        }
        return data
    }
}
