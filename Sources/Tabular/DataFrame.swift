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
}
