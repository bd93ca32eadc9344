import DataIO
import Foundation
import Testing
import _TestSupport

/// The fused tokenizer-parser (unquoted, point style) against the general scanner: the
/// same file read with and without one quoted cell (which sends the whole file to the
/// general path) gives the same columns to the bit, the same lines and the same errors.
@Suite struct FusedParseTests {
    /// Cells that the fused path must hand back to the general one, or read exactly as it does.
    static let numberCells = [
        "1.5", "-0.25", "1e5", "1E+05", "2.5e-310", "00012", "1.", "-0", "NA", "", " 3", "+4", ".5", "-.5",
        "123456789012345678901234567890", "0.1000000000000000055511151231257827", "4.9e-324", "1.7976931348623157e308",
    ]
    static let keyCells = [
        "0", "7", "42", "007", "123456789012345678", "1234567890123456789", "9999999999999999999", "99999999999999999999", "-3", "A", "Đà Nẵng", " 9", "9 ", "Huế",
        // ASCII names the fused path interns itself; "K" and the Kelvin sign (U+212A) are one key to Swift's String.
        "R12", "12A", "Ho Chi Minh", "K", "\u{212A}", "x-1", "a\tb", "~", "ends ",
    ]
    static let yearCells = ["2020", "1999", "0042", " 2021"]

    func file(rows: Int, seed: UInt64, quoted: Bool, extra: String = "") throws -> String {
        var rng = SplitMix64(seed: seed)
        var text = "x,key,year,skip\n"
        for i in 0..<rows {
            let x = i % 7 == 0 ? Self.numberCells[Int(rng.next() % UInt64(Self.numberCells.count))] : String(rng.nextGaussian() * 1e3)
            let key = Self.keyCells[Int(rng.next() % UInt64(Self.keyCells.count))]
            let year = Self.yearCells[Int(rng.next() % UInt64(Self.yearCells.count))]
            text += "\(x),\(key),\(year),\(i % 3 == 0 ? "" : "s\(i)")\(i % 11 == 0 ? "\r\n" : "\n")"
            if i % 97 == 0 { text += "\n" }  // blank lines are not records
        }
        text += extra
        if quoted { text += "1,\"7\",2020,q\n" }
        return try temporaryFile(text)
    }

    static let requests: [(name: String, kind: ColumnKind)] = [("x", .number), ("key", .text), ("year", .integer)]

    @Test(arguments: [1 as UInt64, 2, 3])
    func fusedEqualsGeneral(seed: UInt64) throws {
        // Cells "+4", " 3", ".5" and "-.5" are numbers to the general path too; the others that it refuses
        // (none among these) would make both throw. Overflowing integers and spaces in keys are names.
        let rows = 20_000
        let fused = try CSVColumns.read(path: file(rows: rows, seed: seed, quoted: false), requests: Self.requests)
        let general = try CSVColumns.read(path: file(rows: rows, seed: seed, quoted: true), requests: Self.requests)
        #expect(general.rowCount == fused.rowCount + 1)
        let a = fused.numbers("x")!, b = Array(general.numbers("x")!.prefix(fused.rowCount))
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        #expect(fused.integers("year")! == Array(general.integers("year")!.prefix(fused.rowCount)))
        #expect(fused.lines == Array(general.lines.prefix(fused.rowCount)))
        let k = fused.text("key")!, g = general.text("key")!
        #expect(k.codes.map { k.levels[Int($0)] } == g.codes.prefix(fused.rowCount).map { g.levels[Int($0)] })
        #expect(k.levels == Array(g.levels.prefix(k.levels.count)))
    }

    /// A record with a wrong field count or a bad number is reported at the same place by both paths.
    @Test(arguments: ["1,2,2020\n", "1,2,2020,s,t\n", "1x,2,2020,s\n", "nan,2,2020,s\n", "1,2,20x0,s\n", "1e400,2,2020,s\n"])
    func errorsAreTheSame(bad: String) throws {
        func error(_ quoted: Bool) throws -> DataIOError? {
            let path = try file(rows: 300, seed: 9, quoted: quoted, extra: bad)
            do { _ = try CSVColumns.read(path: path, requests: Self.requests) } catch { return error }
            return nil
        }
        let fused = try error(false), general = try error(true)
        #expect(fused != nil, "\(bad)")
        // The same message, except for the temporary file's name.
        let strip = { (e: DataIOError?) in (e?.localizedDescription ?? "").replacingOccurrences(of: #"/[^ :]*data\.csv"#, with: "F", options: .regularExpression) }
        #expect(strip(fused) == strip(general), "\(bad)")
    }
}
