@_exported import Tabular

extension DataFrame {
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
