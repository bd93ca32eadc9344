import DataIO

/// Labour productivity: output at constant prices per employed person, and per
/// hour worked when hours are given (PLANS.md: "GRDP at constant prices per
/// employed person"; OECD, *Measuring Productivity*, 2001, ch. 4).
public enum LabourProductivity {
    public struct Row: Sendable, Codable, Equatable {
        public let region: String
        public let sector: String?
        public let year: Int
        public let output: Double
        public let employment: Double
        public let outputPerWorker: Double
        public let outputPerHour: Double?
        /// Simple annual growth over the previous observation (annualised over gaps).
        public let growthPerWorker: Double?
        public let growthPerHour: Double?
        public let yearsSpanned: Int?

        enum CodingKeys: String, CodingKey {
            case region, sector, year, output, employment, outputPerWorker = "output_per_worker", outputPerHour = "output_per_hour", growthPerWorker = "growth_per_worker", growthPerHour =
                "growth_per_hour", yearsSpanned = "years_spanned"
        }
    }

    /// Compound average annual growth over growth years `from...to`:
    /// `(LP_to / LP_{from−1})^(1/(to − from + 1)) − 1`.
    public struct Period: Sendable, Codable, Equatable {
        public let region: String
        public let sector: String?
        public let from: Int
        public let to: Int
        public let averageGrowthPerWorker: Double?
        public let averageGrowthPerHour: Double?
        public let note: String?

        enum CodingKeys: String, CodingKey {
            case region, sector, from, to, averageGrowthPerWorker = "average_growth_per_worker", averageGrowthPerHour = "average_growth_per_hour", note
        }
    }

    public struct Result: Sendable, Equatable, Codable {
        public let rows: [Row]
        public let periods: [Period]
        public let diagnostics: Diagnostics

        enum CodingKeys: String, CodingKey {
            case rows, periods, diagnostics
        }
    }

    public static func compute(_ panel: Panel, period: ClosedRange<Int>? = nil) throws(ProductivityError) -> Result {
        if let period, period.isEmpty { throw .invalidPeriod(from: period.lowerBound, to: period.upperBound) }
        guard let output = panel.values[.output], let employment = panel.values[.employment] else { throw .missingCapital }
        let hours = panel.values[.hours]
        var rows: [Row] = []
        var periods: [Period] = []
        var diagnostics = Diagnostics()
        for series in panel.series {
            var previous: (year: Int, perWorker: Double, perHour: Double?)? = nil
            var levels: [Int: (Double, Double?)] = [:]
            for r in series.rows {
                guard !output[r].isNaN, !employment[r].isNaN else {
                    let missing = [output[r].isNaN ? "output" : nil, employment[r].isNaN ? "employment" : nil].compactMap { $0 }
                    diagnostics.drop(series: series.label, year: panel.years[r], line: panel.lines[r], reason: "missing \(missing.joined(separator: ", "))")
                    continue
                }
                let perWorker = output[r] / employment[r]
                // A ratio that overflows (1e308 / 1e-308) or vanishes is no measurement: the row is
                // dropped and said to be, and it is not the base of the next year's growth.
                guard perWorker.isFinite, perWorker > 0 else {
                    diagnostics.drop(
                        series: series.label, year: panel.years[r], line: panel.lines[r],
                        reason: "output per worker is not a finite positive number (output \(output[r]), employment \(employment[r]))")
                    continue
                }
                let perHour = hours.flatMap { $0[r].isNaN ? nil : perWorker / $0[r] }.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
                var growthWorker: Double? = nil, growthHour: Double? = nil, span: Int? = nil
                if let previous {
                    let h = panel.years[r] - previous.year
                    span = h
                    growthWorker = GrowthMethod.gso.growth(from: previous.perWorker, to: perWorker, years: h)
                    if let a = previous.perHour, let b = perHour { growthHour = GrowthMethod.gso.growth(from: a, to: b, years: h) }
                    if h > 1 { diagnostics.add(.gapAnnualised(series: series.label, from: previous.year, to: panel.years[r], years: h)) }
                }
                rows.append(
                    Row(
                        region: series.region, sector: series.sector, year: panel.years[r], output: output[r],
                        employment: employment[r], outputPerWorker: perWorker, outputPerHour: perHour,
                        growthPerWorker: growthWorker, growthPerHour: growthHour, yearsSpanned: span))
                levels[panel.years[r]] = (perWorker, perHour)
                previous = (panel.years[r], perWorker, perHour)
            }
            if let period {
                let base = period.lowerBound - 1
                let n = Double(period.upperBound - base)
                if let start = levels[base], let end = levels[period.upperBound] {
                    let perHour: Double? = if let a = start.1, let b = end.1 { GrowthMethod.gso.growth(from: a, to: b, years: Int(n)) } else { nil }
                    periods.append(
                        Period(
                            region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
                            averageGrowthPerWorker: GrowthMethod.gso.growth(from: start.0, to: end.0, years: Int(n)),
                            averageGrowthPerHour: perHour, note: nil))
                } else {
                    let missing = levels[base] == nil ? base : period.upperBound
                    periods.append(
                        Period(
                            region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
                            averageGrowthPerWorker: nil, averageGrowthPerHour: nil,
                            note: "no productivity level for \(missing)\(missing == base ? ", the base of growth in \(period.lowerBound)" : "")"))
                }
            }
        }
        return Result(rows: rows, periods: periods, diagnostics: diagnostics)
    }
}
