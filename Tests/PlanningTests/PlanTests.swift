import DataIO
import Foundation
import Planning
import Productivity
import Testing
import _TestSupport

func plan(_ targets: String, period: String = "[2022, 2025]") throws -> Plan {
    try Plan.parse(
        """
        [plan]
        id = "test"
        region = "Đà Nẵng"
        title = "t"
        document = "d"
        date = "2022-01-01"
        period = \(period)
        source = "s"
        \(targets)
        """, file: "test.toml")
}

func actuals(_ rows: [(String, Int, Double)], region: String = "Da Nang") -> Actuals {
    Actuals(entries: rows.map { Actuals.Entry(region: region, indicator: $0.0, year: $0.1, value: $0.2, source: "test") })
}

func evaluate(_ p: Plan, asOf: Int, _ a: Actuals? = nil, computed: ComputedIndicators? = nil) -> [TargetEvaluation] {
    PlanEvaluator.evaluate(p, asOf: asOf, actuals: a, computed: computed).evaluations
}

let countTarget = """
    [[targets]]
    id = "C1"
    indicator = "experts"
    kind = "count-by-date"
    unit = "experts"
    due = 2025
    floor = 15
    schedule = { 2022 = 5, 2023 = 5, 2024 = 5, 2025 = 5 }
    section = "II"
    wording = "ít nhất 15"
    """

@Suite struct CountTargetTests {
    @Test func exactlyOnTheFloorAtTheDueYearIsMet() throws {
        let e = evaluate(try plan(countTarget), asOf: 2025, actuals([("experts", 2022, 5), ("experts", 2023, 5), ("experts", 2025, 5)]))
        #expect(e[0].status == .met)
        #expect(e[0].actual == 15)
        #expect(e[0].gap == 0)
    }

    @Test func oneShortAtTheDueYearIsMissed() throws {
        let e = evaluate(try plan(countTarget), asOf: 2025, actuals([("experts", 2022, 5), ("experts", 2023, 5), ("experts", 2025, 4)]))
        #expect(e[0].status == .missed)
        #expect(e[0].gap == 1)
    }

    @Test func aheadOfScheduleIsOnTrackAndBehindIsAtRiskWithThePace() throws {
        let ahead = evaluate(try plan(countTarget), asOf: 2023, actuals([("experts", 2022, 7), ("experts", 2023, 4)]))
        #expect(ahead[0].status == .onTrack)
        #expect(ahead[0].expected == 10)
        let behind = evaluate(try plan(countTarget), asOf: 2023, actuals([("experts", 2022, 5), ("experts", 2023, 4)]))
        #expect(behind[0].status == .atRisk)
        // 15 − 9 = 6 still needed over 2024-2025: 3 a year.
        #expect(behind[0].paceText == "3 experts a year over 2024-2025")
        #expect(behind[0].findingTexts.contains("2023: 9 cumulated against 10 scheduled"))
    }

    @Test func beforeThePeriodIsNotYetDueAndNoActualsIsNoData() throws {
        #expect(evaluate(try plan(countTarget), asOf: 2021)[0].status == .notYetDue)
        #expect(evaluate(try plan(countTarget), asOf: 2023, actuals([]))[0].status == .noData)
    }

    @Test func strictFloorIsNotMetByEquality() throws {
        let p = try plan(countTarget.replacingOccurrences(of: "floor = 15", with: "floor = 15\nstrict = true"))
        let e = evaluate(p, asOf: 2025, actuals([("experts", 2025, 15)]))
        #expect(e[0].status == .missed)
    }

    @Test func bothStatementsOfAContradictoryTargetAreReported() throws {
        let p = try plan(
            countTarget + """

                [[targets.alternatives]]
                source = "Phụ lục"
                floor = 15
                ceiling = 20
                """)
        let e = evaluate(p, asOf: 2025, actuals([("experts", 2025, 22)]))
        #expect(e.map(\.statement) == ["main", "Phụ lục"])
        #expect(e.allSatisfy { $0.status == .met })
        #expect(e[1].evidenceText.contains("above the stated range"))
    }
}

@Suite struct YearlyTargetTests {
    let perYear = """
        [[targets]]
        id = "Q2"
        indicator = "enterprises"
        kind = "count-per-year"
        period = [2022, 2025]
        floor = 30
        section = "I"
        wording = "Hàng năm ít nhất 30"
        """

    @Test func everyYearOnTheFloorIsOnTrackThenMet() throws {
        let a = actuals([("enterprises", 2022, 30), ("enterprises", 2023, 31)])
        #expect(evaluate(try plan(perYear), asOf: 2023, a)[0].status == .onTrack)
        let all = actuals((2022...2025).map { ("enterprises", $0, 30) })
        #expect(evaluate(try plan(perYear), asOf: 2025, all)[0].status == .met)
    }

    @Test func oneYearShortIsMissedAndAMissingYearIsNoData() throws {
        let short = evaluate(try plan(perYear), asOf: 2023, actuals([("enterprises", 2022, 29), ("enterprises", 2023, 40)]))
        #expect(short[0].status == .missed)
        #expect(short[0].evidenceText.contains("short in 2022 (29)"))
        let gap = evaluate(try plan(perYear), asOf: 2023, actuals([("enterprises", 2022, 30)]))
        #expect(gap[0].status == .noData)
    }

    @Test func growthOfACountPerYear() throws {
        let p = try plan(
            """
            [[targets]]
            id = "N1"
            indicator = "supported"
            kind = "growth-of-count"
            period = [2022, 2023]
            floor = 0.10
            ceiling = 0.15
            section = "II"
            wording = "tăng 10-15%"
            """)
        // 40 → 44 is exactly +10%; 44 → 55 is +25%, above the range but met.
        let e = evaluate(p, asOf: 2023, actuals([("supported", 2021, 40), ("supported", 2022, 44), ("supported", 2023, 55)]))
        #expect(e[0].status == .met)
        #expect(e[0].findingTexts.contains { $0.contains("above the stated range") })
        let short = evaluate(p, asOf: 2023, actuals([("supported", 2021, 40), ("supported", 2022, 43), ("supported", 2023, 55)]))
        #expect(short[0].status == .missed)
    }

    @Test func countVersusBasePeriodAndCoverage() throws {
        let p = try plan(
            """
            [[targets]]
            id = "N2"
            indicator = "iso"
            kind = "count-versus-base"
            period = [2022, 2023]
            base_period = [2020, 2021]
            floor = 0.10
            section = "II"
            wording = "tăng ít nhất 10%"

            [[targets]]
            id = "G13"
            indicator = "coverage"
            kind = "coverage"
            due = 2025
            floor = 1.0
            section = "I"
            wording = "100%"
            """)
        let e = evaluate(p, asOf: 2023, actuals([("iso", 2020, 10), ("iso", 2021, 10), ("iso", 2022, 11), ("iso", 2023, 11), ("coverage", 2023, 0.8)]))
        #expect(e[0].status == .met)  // 22 against 20: exactly +10%
        #expect(e[1].status == .atRisk)
        #expect(abs(e[1].gap! - 0.2) < 1e-15)
    }
}

@Suite struct ComputedTargetTests {
    func computed(_ csv: String, region: String = "Đà Nẵng") throws -> ComputedIndicators {
        let panel = try Panel.read(path: temporaryFile(csv))
        return ComputedIndicators(panel: panel, region: region, accounting: GrowthAccountingOptions(shares: .capitalShare(0.4)))
    }

    let share = """
        [[targets]]
        id = "D2"
        indicator = "tfp_share_of_growth"
        kind = "share-of-growth"
        period = [2022, 2023]
        floor = 0.45
        section = "II.2"
        wording = "đạt 45%"
        """

    @Test func shareOfGrowthFromData() throws {
        // Output +10%, capital +5%, labour 0: TFP = 0.10 − 0.4·0.05 = 0.08, share 80%.
        let c = try computed("region,year,output,capital,employment\nDa Nang,2021,100,100,10\nDa Nang,2022,110,105,10\nDa Nang,2023,121,110.25,10\n")
        let e = evaluate(try plan(share), asOf: 2023, computed: c)
        #expect(e[0].status == .met)
        #expect(abs(e[0].actual! - 0.8) < 1e-12)
    }

    @Test func zeroOutputGrowthGivesNoDataWithTheReason() throws {
        let c = try computed("region,year,output,capital,employment\nDa Nang,2021,100,100,10\nDa Nang,2022,100,105,10\nDa Nang,2023,100,110,10\n")
        let e = evaluate(try plan(share), asOf: 2023, computed: c)
        #expect(e[0].status == .noData)
        #expect(e[0].evidenceText.contains("output did not grow"))
    }

    @Test func partialPeriodIsOnTrackOrAtRiskWithTheTFPGrowthNeeded() throws {
        let c = try computed("region,year,output,capital,employment\nDa Nang,2021,100,100,10\nDa Nang,2022,110,130,10\n")
        let e = evaluate(try plan(share), asOf: 2022, computed: c)
        // TFP = 0.10 − 0.4·0.30 = −0.02: share −20%, at risk; needed 45% of 10% = 4.50% a year.
        #expect(e[0].status == .atRisk)
        #expect(e[0].paceText == "TFP growth of at least 4.50% a year, if output keeps growing 10.00% a year")
    }

    /// Thừa Thiên Huế H1 on the bundled derived data: 2021 output +4.36% (provincial
    /// statistics office), labour force 583.7 → 579.7 thousand: (1.0436·583.7/579.7) − 1.
    @Test func thuaThienHueLabourProductivityTarget() throws {
        let p = try Plan.read(path: repositoryPath("Datasets/plans/thuathienhue_149-KH-UBND_2021.toml"))
        let panel = try Panel.read(path: repositoryPath("Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv"))
        let c = ComputedIndicators(panel: panel, region: p.region, accounting: GrowthAccountingOptions())
        let h1 = try #require(evaluate(p, asOf: 2021, computed: c).first { $0.id == "H1" })
        #expect(h1.status == .missed)
        #expect(abs(h1.actual! - (1.0436 * 583.7 / 579.7 - 1)) < 1e-12)
    }
}

@Suite struct PlanFileTests {
    static let expectedIDs: [String: [String]] = [
        "gialai_2021-11-18.toml": (1...15).map { "G\($0)" },
        "nghean_683-KH-UBND_2021.toml": (1...6).map { "N\($0)" },
        "quangngai_11-KH-UBND_2021.toml": (1...4).map { "Q\($0)" },
        "thuathienhue_149-KH-UBND_2021.toml": (1...7).map { "H\($0)" },
        "danang_37-KH-UBND_2022.toml": (1...4).map { "D\($0)" },
        "national_targets.toml": (1...4).map { "VN\($0)" },
    ]

    @Test(arguments: Array(expectedIDs.keys).sorted())
    func planLoadsWithItsIDsAndEvaluatesOnItsExampleActuals(file: String) throws {
        let p = try Plan.read(path: repositoryPath("Datasets/plans/\(file)"))
        var ids: [String] = []
        for t in p.targets where !ids.contains(t.id) { ids.append(t.id) }
        #expect(ids == Self.expectedIDs[file])
        let prefix = file.split(separator: "_")[0]
        let actualsFile = prefix == "gialai" ? "gialai_reported_2025.csv" : "\(prefix)_EXAMPLE.csv"
        let a = try Actuals.read(path: repositoryPath("Datasets/plans/actuals/\(actualsFile)"))
        let e = PlanEvaluator.evaluate(p, asOf: 2024, actuals: a, computed: nil)
        #expect(e.evaluations.count >= p.targets.count)
    }

    /// D4 as printed: the 2025 column total is 1,580 but its lines add to 1,680, and the
    /// printed yearly totals add to 5,210, not the printed 5,310 (which equals the sum of the lines).
    @Test func danangBudgetSumsAreCheckedAgainstTheirParts() throws {
        let p = try Plan.read(path: repositoryPath("Datasets/plans/danang_37-KH-UBND_2022.toml"))
        let d4 = try #require(evaluate(p, asOf: 2025).first { $0.id == "D4" })
        #expect(
            d4.findingTexts == [
                "grand total, 2025: printed 1580, computed 1680",
                "grand total (sum of the printed yearly totals): printed 5310, computed 5210",
            ])
        #expect(d4.evidenceText.hasPrefix("planned 5310 million VND over 2022-2025; 40 printed sums checked, 2 do not add up"))
    }

    @Test func invalidPlansNameTheLineAndTheField() throws {
        do {
            _ = try plan(countTarget.replacingOccurrences(of: "kind = \"count-by-date\"", with: "kind = \"count\""))
            Issue.record("accepted an unknown kind")
        } catch let error as PlanError {
            #expect(
                error
                    == .invalidField(
                        file: "test.toml", line: 12, field: "kind",
                        expected: TargetKind.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        do {
            _ = try plan(countTarget.replacingOccurrences(of: "due = 2025\n", with: ""))
            Issue.record("accepted a count-by-date without due")
        } catch {
            #expect(error.localizedDescription.contains("test.toml:9: the field 'due (target C1, kind count-by-date)' is required"))
        }
        do {
            _ = try plan("[[targets]\nid = 1")
            Issue.record("accepted bad TOML")
        } catch let error as PlanError {
            guard case .syntax(_, let line, _, _) = error else { Issue.record("\(error)"); return }
            #expect(line == 9)
        }
        do {
            _ = try plan(countTarget.replacingOccurrences(of: "floor = 15", with: "floor = \"15\""))
            Issue.record("accepted a string floor")
        } catch {
            #expect(error.localizedDescription == "test.toml:15: field 'floor': expected a number.")
        }
    }

    @Test func templateListsEveryCountedIndicatorAndYear() throws {
        let p = try Plan.read(path: repositoryPath("Datasets/plans/quangngai_11-KH-UBND_2021.toml"))
        let lines = Actuals.template(for: p).split(separator: "\n")
        #expect(lines[0] == "region,indicator,year,value,source")
        #expect(lines.count == 1 + 3 * 5)
        #expect(lines.contains("Quảng Ngãi,enterprises_supported,2023,,"))
    }
}
