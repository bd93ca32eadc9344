/// Columns of a data file read for estimation: numbers (NaN = missing) and
/// categorical keys (fixed effects, clusters).
public struct DataFrame: Sendable {
    public struct Categorical: Sendable {
        public let codes: [Int32]
        public let levels: [String]
        public init(codes: [Int32], levels: [String]) {
            self.codes = codes
            self.levels = levels
        }
    }

    public let rowCount: Int
    public var numbers: [String: [Double]]
    public var categories: [String: Categorical]
    /// Every column name of the source, for messages about unknown names.
    public let availableColumns: [String]

    public init(rowCount: Int, numbers: [String: [Double]], categories: [String: Categorical], availableColumns: [String]? = nil) {
        self.rowCount = rowCount
        self.numbers = numbers
        self.categories = categories
        self.availableColumns = availableColumns ?? (Array(numbers.keys) + Array(categories.keys)).sorted()
    }

    /// Reads the named columns of a CSV file in one pass.
    public static func read(path: String, options: CSVOptions = CSVOptions(), numeric: Set<String>, categorical: Set<String>) throws(DataIOError) -> DataFrame {
        let reader = try CSVReader(path: path, options: options)
        var requests: [(name: String, kind: ColumnKind)] = []
        for name in numeric.sorted() { requests.append((name, .number)) }
        for name in categorical.sorted() { requests.append((name, .text)) }
        let columns = try CSVColumns.read(reader, requests: requests)
        var numbers: [String: [Double]] = [:]
        var categories: [String: Categorical] = [:]
        for name in numeric { numbers[name] = columns.numbers(name) }
        for name in categorical {
            let t = columns.text(name)!
            categories[name] = Categorical(codes: t.codes, levels: t.levels)
        }
        return DataFrame(rowCount: columns.rowCount, numbers: numbers, categories: categories, availableColumns: reader.header)
    }
}
