import DataIO
import Foundation
import Planning
import Reporting
import Tabular
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
        // The note columns as TFPKit 0.7 wrote them (Productivity's own sentences then): the CSV/JSON contract.
        #expect(en.valueNote(.outputGrowthBelow(total: 0.002, minimum: 0.005)) == "output growth 0.2% is below 0.5%: a share of it is not meaningful")
        #expect(en.valueNote(.outputDidNotGrow(total: -0.0123)) == "output did not grow (-1.2%): a share of growth is undefined")
        #expect(en.valueNote(.noDataFor(year: 2009, baseOf: 2010)) == "no data for 2009, the base of growth in 2010")
        #expect(en.valueNote(.noDataFor(year: 2020, baseOf: nil)) == "no data for 2020")
        #expect(en.valueNote(.noProductivityLevelFor(year: 2014, baseOf: 2015)) == "no productivity level for 2014, the base of growth in 2015")
        #expect(en.valueNote(.noDataForGrowthYears(from: 2021, to: 2025)) == "no data for the growth years 2021-2025")
        #expect(NoteWording(.vi).valueNote(.outputDidNotGrow(total: -0.0123)).contains("-1,2%"))
        // The initial stocks as TFPKit 0.7 wrote them (from PerpetualInventory's own sentences then).
        #expect(
            en.text(.initialStock(.steadyState(series: "Việt Nam", growth: 0.123456, from: 2010, to: 2015, depreciation: 0.05)))
                == "Initial stock: Việt Nam: steady state K₀ = I₀/(g+δ) with g = 0.1235 (investment growth 2010-2015), δ = 0.05")
        #expect(en.initialStock(.benchmark(series: "A", stock: 1200.5, year: 2010)) == "A: benchmark stock 1200.5 in 2010")
        #expect(en.initialStock(.capitalOutputRatio(series: "A", ratio: 2.5, output: 40.0, year: 2010)) == "A: K₀ = κ·Y₀ with κ = 2.5 and Y₀ = 40.0 in 2010")
    }

    @Test func vietnameseWordsEveryNote() {
        let vi = NoteWording(.vi), en = NoteWording(.en)
        let notes: [Diagnostics.Note] =
            [
                .factorMissingForSomeSeries(factor: "hours", missing: 1, of: 2, examples: ["A"]), .factorMissingInSeries(series: "A", factor: "hours"),
                .labourShareOfTheYear, .gapAnnualised(series: "A", from: 2010, to: 2012, years: 2), .noBaseYear(series: "A", year: 2010),
                .unitNotComputed(unit: "U", year: 2020, missing: ["output"], members: ["A", "B"]), .memberMissing(unit: "U", year: 2020, role: "output"),
                .notInFrontier(year: 2020, regions: ["A"]), .noStepBetween(from: 2010, to: 2012), .noIndexFor(from: 2010, to: 2011, regions: ["A"]),
                .notRanked(series: "A", base: 2019, last: 2021), .rankIntervals(draws: 999), .convergenceNeedsRegions(base: 2019, last: 2021), .ranksAsGiven,
            ] + Self.jobNotes
        for note in notes {
            #expect(vi.text(note) != en.text(note), "\(note) has no Vietnamese wording")
            #expect(!vi.text(note).isEmpty)
        }
        var diagnostics = Diagnostics()
        diagnostics.drop(series: "A", year: 2020, line: 3, reason: .missing(["output"]))
        diagnostics.add(.ranksAsGiven)
        diagnostics.add(.ranksAsGiven)
        #expect(en.summary(diagnostics) == ["1 row(s) not used: 1 missing output", en.text(.ranksAsGiven)])
        #expect(vi.summary(diagnostics).first == "1 dòng không dùng: 1 thiếu output")
        // The contract's reasons, as TFPKit 0.7 wrote them (Productivity's own words then).
        #expect(en.dropReason(.notFinitePositive(["output", "labour input"])) == "output, labour input not a finite positive number")
        #expect(
            en.dropReason(.outputPerWorkerNotFinitePositive(output: 1e308, employment: 1e-308))
                == "output per worker is not a finite positive number (output 1e+308, employment 1e-308)")
        #expect(en.dropReason(.outputPerWorkerNotFinitePositive(output: nil, employment: nil)) == "output per worker is not a finite positive number")
        #expect(en.dropReason(.missingOrNonPositiveInputs) == "missing or non-positive output, capital or labour")
        // Actuals read by no target: TFPKit 0.7's English (then built by Planning), Vietnamese without it.
        let unread = Diagnostics.Note.actualsReadByNoTarget(
            count: 3, file: "a.csv", lines: [3, 4],
            reasons: [.otherRegion(region: "Huế", planRegion: "Đà Nẵng"), .unknownIndicator(indicator: "x", known: ["a", "b"])])
        #expect(
            en.text(unread)
                == "3 row(s) of a.csv are read by no target: line 3: region 'Huế' is not the plan's region Đà Nẵng; line 4: no target of the plan has the indicator 'x' (the plan's indicators include a, b); … (strict mode refuses them)."
        )
        #expect(!vi.text(unread).contains("is not the plan's region") && !vi.text(unread).contains("no target of the plan"))
    }

    /// The workflow jobs' notes (issue 9: typed, not English sentences).
    static let jobNotes: [Diagnostics.Note] = [
        .capitalBuilt(depreciation: 0.05, initialStocks: [.steadyState(series: "A", growth: 0.1, from: 2010, to: 2015, depreciation: 0.05)]),
        .initialStock(.benchmark(series: "A", stock: 100, year: 2010)), .initialStock(.capitalOutputRatio(series: "A", ratio: 2.5, output: 40, year: 2010)),
        .scenariosLowered(draws: 2_000, rows: 50_000),
        .scenariosCapped(draws: 2_000, rows: 50_000),
        .scenarioSetup(interval: 0.9, scenarios: 1_000, seed: 42, capitalShare: "0.35..0.5", depreciation: nil, growthYears: "3..7", capitalOutput: nil),
        .scenariosFailed(failed: 3, of: 100, reasons: ["undefined initial stock"], reasonCounts: [3], series: ["A"], seriesCounts: [3]),
        .estimatedShareCarried(assumption: "normal:0.4,0.05"), .estimatedShareBootstrapCarried(estimates: 199, seed: 7),
        .capitalShareEstimated(formula: "f", estimate: 0.4, standardError: 0.05, level: 0.95, low: 0.3, high: 0.5, nobs: 63, vcov: "iid"),
        .capitalShareBootstrapped(estimate: 0.4, low: 0.3, high: 0.5, kept: 99, draws: 100, seed: 1), .targetsInScenarios(scenarios: 500, seed: 3),
        .noScenarioComputed,
        .actualsReadByNoTarget(
            count: 7, file: "a.csv", lines: [2, 3],
            reasons: [
                .otherRegion(region: "Huế", planRegion: "Đà Nẵng"), .unknownIndicator(indicator: "x", known: ["a", "b"]),
            ]),
        .benchmarkNeedsTwoYears,
    ]

    /// A note that points to a setting names it in words for a Swift user and by its flag in the CLI,
    /// and never shows the marker.
    @Test func settingsInNotesAreNamedByTheCaller() {
        let note = Diagnostics.Note.scenariosLowered(draws: 2_000, rows: 50_000)
        #expect(NoteWording(.en).text(note) == "2000 scenarios instead of 10,000: the panel has 50000 rows (give the number of scenarios to choose, up to 2000).")
        let flags = Setting.Naming { setting, _ in "--\(setting.rawValue)" }
        #expect(NoteWording(.en, naming: flags).text(note).contains("(give --draws to choose, up to 2000)"))
        // Plan phrases too, including text worded elsewhere (a data note that points to a setting).
        let quoted = Phrase.quoted("name the region to use with \(Setting.dataRegion.reference)")
        #expect(PlanWording(.en, naming: flags).text(quoted) == "name the region to use with --data-region")
        #expect(PlanWording(.vi).text(quoted) == "name the region to use with the region of the data to use (dataRegion)")
        #expect(PlanWording(.en, naming: flags).text(Phrase(.needsData)).contains("give --data ("))
        for language in [Language.en, .vi] {
            for note in Self.jobNotes {
                for naming in [Setting.Naming.library, flags] { #expect(!NoteWording(language, naming: naming).text(note).contains("⟦"), "\(note)") }
            }
        }
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
