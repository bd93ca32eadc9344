import DataIO
import Foundation
import Reporting
import Testing

/// Typed notes are worded by Reporting: the English sentences are the CSV/JSON contract
/// (those of TFPKit 0.5), Vietnamese for workbooks and report pages.
@Suite struct NoteWordingTests {
    @Test func englishIsTheContract() {
        let en = NoteWording(.en)
        #expect(en.text(.gapAnnualised(series: "B", from: 2011, to: 2013, years: 2)) == "B: no data between 2011 and 2013; growth in 2013 is annualised over 2 years.")
        #expect(
            en.text(.factorMissingForSomeSeries(factor: "hours", missing: 5, of: 10, examples: ["A", "B", "C"]))
                == "hours is missing for 5 of 10 series (A, B, C, …); labour input is measured without hours for every series, so that all are compared on one measure.")
        #expect(en.text(.factorMissingForSomeSeries(factor: "hours", missing: 2, of: 10, examples: ["A", "B"])).contains("(A, B);"))
        #expect(en.text(.text("as given")) == "as given")
    }

    @Test func vietnameseWordsEveryNote() {
        let vi = NoteWording(.vi), en = NoteWording(.en)
        let notes: [Diagnostics.Note] = [
            .factorMissingForSomeSeries(factor: "hours", missing: 1, of: 2, examples: ["A"]), .factorMissingInSeries(series: "A", factor: "hours"),
            .labourShareOfTheYear, .gapAnnualised(series: "A", from: 2010, to: 2012, years: 2), .noBaseYear(series: "A", year: 2010),
            .unitNotComputed(unit: "U", year: 2020, missing: ["output"], members: ["A", "B"]), .memberMissing(unit: "U", year: 2020, role: "output"),
            .notInFrontier(year: 2020, regions: ["A"]), .noStepBetween(from: 2010, to: 2012), .noIndexFor(from: 2010, to: 2011, regions: ["A"]),
            .notRanked(series: "A", base: 2019, last: 2021), .rankIntervals(draws: 999), .convergenceNeedsRegions(base: 2019, last: 2021), .ranksAsGiven,
        ]
        for note in notes {
            #expect(vi.text(note) != en.text(note), "\(note) has no Vietnamese wording")
            #expect(!vi.text(note).isEmpty)
        }
        var diagnostics = Diagnostics()
        diagnostics.drop(series: "A", year: 2020, line: 3, reason: "missing output")
        diagnostics.add(.ranksAsGiven)
        diagnostics.add(.ranksAsGiven)
        #expect(en.summary(diagnostics) == ["1 row(s) not used: 1 missing output", en.text(.ranksAsGiven)])
        #expect(vi.summary(diagnostics).first == "1 dòng không dùng: 1 missing output")
    }
}

/// JSON strings as Foundation's encoder writes them, byte for byte (the JSON contract).
@Suite struct JSONTextTests {
    @Test func stringsEqualJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var samples = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        samples += ["Đà Nẵng", "a\"b\\c/d", "tab\there", "line\r\nend", "\u{2028}\u{2029}\u{FEFF}\u{7F}", "", "Thừa Thiên Huế \u{0}x", "😀"]
        for s in samples {
            let expected = String(decoding: try encoder.encode(s), as: UTF8.self)
            #expect(JSONText.string(s) == expected, "\(s.unicodeScalars.map { $0.value })")
        }
    }
}

extension JSONTextTests {
    /// The one-string JSON array is the text of the per-row objects joined (the contract).
    @Test func jsonArrayEqualsTheObjectsJoined() {
        var table = ReportTable(title: "t", columns: [.init("region", .text), .init("year", .integer), .init("value", .index)])
        table.append([.text("Đà \"Nẵng\""), .integer(2020), .number(1.5)])
        table.append([.text("Huế"), .integer(2021), .missing])
        table.append([.text("x"), .integer(2022), .number(.nan)])
        for indent in ["", "  "] { #expect(table.jsonArray(indent: indent) == JSONText.array(table.jsonObjects(), indent: indent)) }
        #expect(ReportTable(title: "e", columns: [.init("a", .text)]).jsonArray() == "[]")
    }
}
