/// Columns of a data file read for estimation: numbers (NaN = missing) and
/// categorical keys (fixed effects, clusters).
public struct DataFrame: Sendable {
    /// A categorical column: each row's code indexes ``levels``.
    public struct Categorical: Sendable {
        /// For each row, the 0-based index of its key in ``levels``.
        public let codes: [Int32]
        /// The distinct keys, in code order.
        public let levels: [String]
        /// A categorical column from its codes and levels (not checked against each other).
        /// - Parameters:
        ///   - codes: one code per row, each a 0-based index into `levels`.
        ///   - levels: the keys the codes stand for.
        public init(codes: [Int32], levels: [String]) {
            self.codes = codes
            self.levels = levels
        }
    }

    /// The number of rows of every column.
    public let rowCount: Int
    /// Numeric columns by name; NaN marks a missing value.
    public var numbers: [String: [Double]]
    /// Categorical columns by name (fixed effects, clusters).
    public var categories: [String: Categorical]
    /// Every column name of the source, for messages about unknown names.
    public let availableColumns: [String]

    /// A data frame from its columns (their lengths are not checked against `rowCount`).
    /// - Parameters:
    ///   - rowCount: the number of rows.
    ///   - numbers: numeric columns by name, each with `rowCount` values.
    ///   - categories: categorical columns by name, each with `rowCount` codes.
    ///   - availableColumns: every column name of the source, for messages; by default the names of `numbers` and
    ///     `categories`, sorted.
    public init(rowCount: Int, numbers: [String: [Double]], categories: [String: Categorical], availableColumns: [String]? = nil) {
        self.rowCount = rowCount
        self.numbers = numbers
        self.categories = categories
        self.availableColumns = availableColumns ?? (Array(numbers.keys) + Array(categories.keys)).sorted()
    }
}
