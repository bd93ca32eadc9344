import DataIO
import Foundation
import Productivity
import Reporting
import Testing
import Workflow
import _TestSupport

/// Issue 9: results are `Codable` with the JSON contract's keys, and the JSON writer is
/// `Codable` (`JSONWriter`), not hand-assembled.
@Suite struct JSONWriterTests {
    struct Sample: Codable, Equatable {
        var name: String
        var rate: Double?
        var count: Int
        var seed: UInt64
        var small: Int8
        var flags: [Bool]
        var byKey: [String: Int]
        var nested: [Inner]

        struct Inner: Codable, Equatable { var x: Double }

        enum CodingKeys: String, CodingKey {
            case name, rate, count, seed, small, flags, byKey = "by_key", nested
        }
    }

    let sample = Sample(
        name: "Đà \"Nẵng\"\n", rate: nil, count: -3, seed: .max, small: -8, flags: [true, false],
        byKey: ["b": 2, "a": 1, "c": 3], nested: [.init(x: 0.1), .init(x: 1e300)])

    @Test func keysInCodingKeyOrderNullForMissingAndSortedDictionaries() throws {
        let text = try JSONWriter.text(sample)
        // Byte for byte: declaration order, null for the nil optional, dictionary keys sorted,
        // every integer type as digits (UInt64.max is above Int64's range), shortest doubles.
        #expect(
            text == """
                {"name": "Đà \\"Nẵng\\"\\n", "rate": null, "count": -3, "seed": 18446744073709551615, "small": -8, \
                "flags": [true, false], "by_key": {"a": 1, "b": 2, "c": 3}, "nested": [
                  {"x": 0.1},
                  {"x": 1e+300}
                ]}
                """)
        // Foundation's decoder reads it back to the same value.
        #expect(try JSONDecoder().decode(Sample.self, from: Data(text.utf8)) == sample)
    }

    @Test func nonFiniteNumbersAreNull() throws {
        struct Numbers: Encodable { let values: [Double]; let single: Double }
        let text = try JSONWriter.text(Numbers(values: [.nan, .infinity, -0.0, 2], single: -.infinity))
        #expect(text == #"{"values": [null, null, -0.0, 2.0], "single": null}"#)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test func stringsAreEscapedAsJSONEncoderDoes() throws {
        let texts = ["plain", "tab\there", "quote\"back\\slash", "\u{01}\u{1F}", "Huế / Thừa Thiên", "emoji 📈"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        for s in texts { #expect(try JSONWriter.text(s) == String(decoding: try encoder.encode(s), as: UTF8.self), "\(s)") }
    }

    static let national = repositoryPath("Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv")

    /// The JSON rows of `tfp account` come from ReportTable's byte buffer (issue 14); they must be
    /// exactly the encoding of the result's rows: same keys, same values.
    @Test func accountingRowsInJSONAreTheRowsEncoding() throws {
        let raw = try Panel.read(path: Self.national, required: [.output, .employment, .investment])
        let stock = try PerpetualInventory.compute(raw, depreciation: .rate(0.05), initial: .steadyState(growthYears: 5))
        let panel = PerpetualInventory.addingCapital(to: raw, stock)
        let result = try GrowthAccounting.compute(panel, options: GrowthAccountingOptions(shares: .capitalShare(0.4), period: 2016...2019))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.report().render(.json).utf8)) as? [String: Any])
        for (key, encoded) in [("rows", try JSONWriter.text(result.rows)), ("periods", try JSONWriter.text(result.periods))] {
            let fromTable = try #require(document[key] as? [[String: Any]])
            let fromCodable = try #require(try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [[String: Any]])
            #expect(fromTable.count == fromCodable.count && !fromTable.isEmpty)
            for (a, b) in zip(fromTable, fromCodable) {
                // The table leaves out `sector` when no series has one; nothing else differs.
                #expect(Set(b.keys).subtracting(a.keys).isSubset(of: ["sector"]), "\(key): \(Set(b.keys).subtracting(a.keys))")
                #expect(Set(a.keys).isSubset(of: b.keys), "\(key): \(Set(a.keys).subtracting(b.keys))")
                // `note` is a typed value in the encoding and its English words in the table.
                for (name, value) in a where name != "note" { #expect(sameJSON(value, b[name] as Any), "\(key).\(name)") }
            }
        }
        // The whole result reads back with JSONDecoder (finite values), equal to what was encoded.
        let decoded = try JSONDecoder().decode(GrowthAccountingResult.self, from: Data(try JSONWriter.text(result).utf8))
        #expect(decoded == result)
    }

    @Test func labourProductivityAndCapitalRowsAreTheirEncoding() throws {
        let raw = try Panel.read(path: Self.national, required: [.output, .employment, .investment])
        let productivity = try LabourProductivity.compute(raw, period: 2016...2019)
        let stock = try PerpetualInventory.compute(raw, depreciation: .rate(0.05), initial: .steadyState(growthYears: 5))
        for (report, rows, periods) in [
            (productivity.report(), try JSONWriter.text(productivity.rows), try JSONWriter.text(productivity.periods)),
            (stock.report(), try JSONWriter.text(stock.rows), "[]"),
        ] {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any])
            for (key, encoded) in [("rows", rows), ("periods", periods)] where document[key] != nil {
                let fromTable = try #require(document[key] as? [[String: Any]])
                let fromCodable = try #require(try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [[String: Any]])
                #expect(fromTable.count == fromCodable.count && !fromTable.isEmpty)
                for (a, b) in zip(fromTable, fromCodable) {
                    for (name, value) in a { #expect(sameJSON(value, b[name] as Any), "\(key).\(name)") }
                }
            }
        }
        #expect(try JSONDecoder().decode(LabourProductivity.Result.self, from: Data(try JSONWriter.text(productivity).utf8)) == productivity)
        #expect(try JSONDecoder().decode(PerpetualInventory.Result.self, from: Data(try JSONWriter.text(stock).utf8)) == stock)
    }

    /// A whole job's outcome (growth accounting, the scenarios' intervals by key, typed notes with a
    /// seed) reads back equal: what a batch run records is the result, not a rendering of it.
    @Test func accountingOutcomeWithScenariosRoundTrips() throws {
        let raw = try Panel.read(path: Self.national, required: [.output, .employment, .investment])
        let job = AccountingJob(
            settings: AccountingSettings(capitalShare: 0.4, depreciation: 0.05), period: 2016...2019,
            uncertainty: UncertainAccounting(
                capitalShare: .uniform(0.35, 0.45), depreciation: .value(0.05), growthYears: .value(5), period: 2016...2019, draws: 200, seed: 5),
            drawsGiven: true)
        let outcome = try job.run(raw)
        #expect(outcome.intervals?.periods.isEmpty == false && !outcome.notes.isEmpty)
        let decoded = try JSONDecoder().decode(AccountingJob.Outcome.self, from: Data(try JSONWriter.text(outcome).utf8))
        #expect(decoded == outcome)
    }

    /// A plan check's outcome reads back equal: the plan, every evaluation with its evidence, the panels
    /// (empty cells as null, back to NaN), the typed notes and the actuals no target reads, with why.
    @Test func checkOutcomeWithPanelsAndUnreadActualsRoundTrips() throws {
        let root = repositoryPath("Datasets/plans")
        let actuals = NSTemporaryDirectory() + "tfp-unread-\(getpid()).csv"
        let given = try String(contentsOfFile: root + "/actuals/thuathienhue_EXAMPLE.csv", encoding: .utf8)
        try (given + "Thừa Thiên Huế,no_such_indicator,2021,3,typo\nĐà Nẵng,enterprises_supported,2021,2,other region\n")
            .write(toFile: actuals, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: actuals) }
        let outcome = try CheckJob(
            plan: root + "/thuathienhue_149-KH-UBND_2021.toml", actuals: actuals,
            data: root + "/data/thuathienhue_lp_2020_2021_DERIVED.csv", asOf: 2021
        ).run()
        #expect(outcome.unmatchedActuals.map(\.reason.description).contains { $0.hasPrefix("region 'Đà Nẵng' is not the plan's region") })
        #expect(outcome.unmatchedActuals.contains { if case .unknownIndicator("no_such_indicator", _) = $0.reason { true } else { false } })
        #expect(outcome.panel != nil && outcome.rawPanel != nil)
        let decoded = try JSONDecoder().decode(CheckJob.Outcome.self, from: Data(try JSONWriter.text(outcome).utf8))
        #expect(decoded == outcome)
    }

    /// A panel with empty cells reads back equal (null back to NaN); a decoded panel whose series reach past
    /// its rows, or whose column is short, is refused rather than read out of range later.
    @Test func panelRoundTripsAndInconsistentPanelsAreRefused() throws {
        let read = try Panel.read(path: repositoryPath("Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv"))
        #expect(!read.recognisedHeaders.isEmpty)
        #expect(try JSONDecoder().decode(Panel.self, from: Data(try JSONWriter.text(read).utf8)) == read)
        var investment = try #require(read.values.values.first).map { $0 / 4 }
        investment[5] = .nan
        let panel = read.adding(.investment, investment)
        let text = try JSONWriter.text(panel)
        #expect(try JSONDecoder().decode(Panel.self, from: Data(text.utf8)) == panel)
        let harmonised = try Harmonization.to2025(panel, reference: RegionReference.bundled())
        #expect(try JSONDecoder().decode(Harmonization.Result.self, from: Data(try JSONWriter.text(harmonised).utf8)) == harmonised)
        let short = Panel(file: "f", series: [.init(region: "A", sector: nil, rows: 0..<3)], years: [2020, 2021], lines: [2, 3], values: [.output: [1, 2]])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Panel.self, from: Data(try JSONWriter.text(short).utf8)) }
        let column = Panel(file: "f", series: [.init(region: "A", sector: nil, rows: 0..<2)], years: [2020, 2021], lines: [2, 3], values: [.output: [1]])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Panel.self, from: Data(try JSONWriter.text(column).utf8)) }
        // Years outside the valid range, years that do not rise within a series, a row in two series.
        let invalid = [
            Panel(file: "f", series: [.init(region: "A", sector: nil, rows: 0..<2)], years: [Int.min, Int.max], lines: [2, 3], values: [.output: [1, 2]]),
            Panel(file: "f", series: [.init(region: "A", sector: nil, rows: 0..<2)], years: [2021, 2020], lines: [2, 3], values: [.output: [1, 2]]),
            Panel(
                file: "f", series: [.init(region: "A", sector: nil, rows: 0..<2), .init(region: "B", sector: nil, rows: 1..<2)], years: [2020, 2021],
                lines: [2, 3], values: [.output: [1, 2]]),
        ]
        for panel in invalid {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Panel.self, from: Data(try JSONWriter.text(panel).utf8)) }
        }
    }

    /// The estimate's JSON is the result's encoding; it reads back to an equal result, which
    /// can no longer change its covariance (the design and residuals are not in the JSON).
    @Test func regressionResultRoundTrips() throws {
        let frame = try DataFrame.read(
            path: repositoryPath("Datasets/international/us_states_produc_1970_1986.csv"),
            numeric: ["gsp", "pcap", "emp"], categorical: ["state", "year"])
        let fit = try LinearModel.fit(
            Formula("log(gsp) ~ log(pcap) + log(emp) | state + year"), data: frame,
            options: EstimationOptions(covariance: .clustered(["state"])))
        let text = try JSONWriter.text(fit)
        let decoded = try JSONDecoder().decode(RegressionResult.self, from: Data(text.utf8))
        #expect(decoded == fit)
        #expect(decoded.coefficient("log(emp)")?.standardError == fit.coefficient("log(emp)")?.standardError)
        #expect(throws: EstimationError.noStoredFit) { try decoded.with(covariance: .iid, data: frame) }
        // The command's JSON has the same members with the same values (plus version, notes, rows dropped).
        let document = try #require(try JSONSerialization.jsonObject(with: Data(fit.report().render(.json).utf8)) as? [String: Any])
        let encoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(document.keys).subtracting(encoded.keys) == ["tfp_version", "notes", "dropped_rows"])
        for (key, value) in encoded { #expect(sameJSON(document[key] as Any, value), "\(key)") }
        #expect(decoded.covarianceEstimator == .clustered(["state"]))
    }

    /// Large arrays and objects (a dictionary of 20,000 interval rows, 20,000 notes) are written whole, keys
    /// sorted, values in place, and a key set twice keeps its place with the last value (members are
    /// changed in place through an index: a copy per member made this quadratic).
    @Test func largeArraysAndObjectsAreWrittenWhole() throws {
        struct Twice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: AnyKey.self)
                try c.encode(1, forKey: AnyKey("a"))
                try c.encode(2, forKey: AnyKey("b"))
                try c.encode(3, forKey: AnyKey("a"))
            }
        }
        struct AnyKey: CodingKey {
            let stringValue: String
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
        let notes = (0..<20_000).map { "R\($0): the yearly TFP share is negative in 2014" }
        let rows = Dictionary(uniqueKeysWithValues: (0..<20_000).map { ("R\($0)|2014", Double($0) / 7) })
        // Compared as whole texts (a failure prints `false`, not 20,000 values).
        let notesText = try JSONWriter.text(notes)
        let notesExpected = "[\n" + notes.map { "  \"\($0)\"" }.joined(separator: ",\n") + "\n]"
        let notesSame = notesText == notesExpected
        #expect(notesSame)
        let rowsText = try JSONWriter.text(rows)
        let rowsExpected = "{" + rows.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value.description)" }.joined(separator: ", ") + "}"
        let rowsSame = rowsText == rowsExpected
        #expect(rowsSame)
        #expect(try JSONWriter.text(Twice()) == "{\"a\": 3, \"b\": 2}")
    }

    /// Rows a fit did not use are typed (`RowExclusion`); the contract keys them in English as 0.7 did
    /// ("missing or non-finite log(x)", "missing g"), they read back to the same values, and
    /// Vietnamese words them without the English.
    @Test func rowsNotUsedKeepTheirContractKeysAndReadBack() throws {
        let x: [Double] = [1, 2, 3, 4, -1, 6, 7, 8, 9, 10, 11, 12]
        let y = x.map { 0.5 + 2 * $0 + ($0.truncatingRemainder(dividingBy: 3) - 1) * 0.1 }
        let g: [Int32] = [0, 1, 0, 1, 0, 1, 2, 0, 1, 0, 1, 0]
        let frame = DataFrame(
            rowCount: x.count, numbers: ["x": x, "y": y], categories: ["g": .init(codes: g, levels: ["a", "b", "NA"])])
        let fit = try LinearModel.fit(Formula("y ~ log(x)"), data: frame, options: EstimationOptions(covariance: .clustered(["g"])))
        #expect(fit.droppedRows == [.nonFiniteValue(term: "log(x)"): 1, .missingKey(column: "g"): 1])
        #expect(fit.nobs == 10)
        let text = try JSONWriter.text(fit)
        let encoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(encoded["rows_not_used"] as? [String: Int] == ["missing or non-finite log(x)": 1, "missing g": 1])
        #expect(try JSONDecoder().decode(RegressionResult.self, from: Data(text.utf8)).droppedRows == fit.droppedRows)
        // A key no version wrote is refused, not read as some other reason.
        let tampered = text.replacingOccurrences(of: "\"missing g\"", with: "\"lost g\"")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RegressionResult.self, from: Data(tampered.utf8)) }
        #expect(fit.report().diagnostics.entries.map(NoteWording(.en).text).contains("1 row(s) not used: missing g."))
        // Two exclusions with one contract key (a column named "or non-finite x" and a term x): the counts add.
        let clash = DataFrame(
            rowCount: x.count, numbers: ["x": x.enumerated().map { $0.offset == 2 ? .nan : $0.element }, "y": y],
            categories: ["or non-finite x": .init(codes: g, levels: ["a", "b", "NA"])])
        let clashing = try LinearModel.fit(Formula("y ~ x | `or non-finite x`"), data: clash)
        #expect(clashing.droppedRows == [.nonFiniteValue(term: "x"): 1, .missingKey(column: "or non-finite x"): 1])
        let clashText = try JSONWriter.text(clashing)
        let clashJSON = try #require(try JSONSerialization.jsonObject(with: Data(clashText.utf8)) as? [String: Any])
        #expect(clashJSON["rows_not_used"] as? [String: Int] == ["missing or non-finite x": 2])
        #expect(NoteWording(.vi).rowsNotUsed(.nonFiniteValue(term: "log(x)"), count: 1) == "1 dòng không dùng: log(x) thiếu hoặc không hữu hạn.")
    }
}

/// Equal parsed JSON values (objects compared by key, not by the order of a dictionary's description).
func sameJSON(_ a: Any, _ b: Any) -> Bool {
    switch (a, b) {
    case (let x as [String: Any], let y as [String: Any]): Set(x.keys) == Set(y.keys) && x.allSatisfy { k, v in y[k].map { sameJSON(v, $0) } ?? false }
    case (let x as [Any], let y as [Any]): x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case (let x as String, let y as String): x == y
    case (let x as NSNumber, let y as NSNumber): x == y
    case (is NSNull, is NSNull): true
    default: false
    }
}
