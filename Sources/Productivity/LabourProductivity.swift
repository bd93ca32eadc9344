import DataIO

/// Labour productivity: output at constant prices per employed person, and per
/// hour worked when hours are given (PLANS.md: "GRDP at constant prices per
/// employed person"; OECD, *Measuring Productivity*, 2001, ch. 4).
public enum LabourProductivity {
    /// Labour productivity of one region (and sector) in one year.
    public struct Row: Sendable, Codable, Equatable {
        /// The series' region.
        public let region: String
        /// The series' sector; nil in a panel without sectors.
        public let sector: String?
        /// The year.
        public let year: Int
        /// Output at constant prices.
        public let output: Double
        /// Employed persons.
        public let employment: Double
        /// Output per employed person, output / employment.
        public let outputPerWorker: Double
        /// Output per hour worked, output per worker / hours; nil without hours or when not a finite positive number.
        public let outputPerHour: Double?
        /// Simple annual growth over the previous observation (annualised over gaps).
        public let growthPerWorker: Double?
        /// Simple annual growth of output per hour over the previous observation (annualised over gaps).
        public let growthPerHour: Double?
        /// Years since the previous observation; nil for a series' first row.
        public let yearsSpanned: Int?

        enum CodingKeys: String, CodingKey {
            case region, sector, year, output, employment, outputPerWorker = "output_per_worker", outputPerHour = "output_per_hour", growthPerWorker = "growth_per_worker", growthPerHour =
                "growth_per_hour", yearsSpanned = "years_spanned"
        }
    }

    /// Compound average annual growth over growth years `from...to`:
    /// `(LP_to / LP_{from−1})^(1/(to − from + 1)) − 1`.
    public struct Period: Sendable, Codable, Equatable {
        /// The series' region.
        public let region: String
        /// The series' sector; nil in a panel without sectors.
        public let sector: String?
        /// The first growth year (its base is the level of `from − 1`).
        public let from: Int
        /// The last growth year.
        public let to: Int
        /// Compound average annual growth of output per worker (0.05 is 5% a year); nil when a level is missing.
        public let averageGrowthPerWorker: Double?
        /// Compound average annual growth of output per hour; nil without hours or when a level is missing.
        public let averageGrowthPerHour: Double?
        /// Why the averages are missing (no level in the base year or the last year).
        public let note: Diagnostics.ValueNote?

        enum CodingKeys: String, CodingKey {
            case region, sector, from, to, averageGrowthPerWorker = "average_growth_per_worker", averageGrowthPerHour = "average_growth_per_hour", note
        }
    }

    /// The rows, period averages and notes of ``LabourProductivity/compute(_:period:)``.
    public struct Result: Sendable, Equatable, Codable {
        /// Every usable row, series by series.
        public let rows: [Row]
        /// One per series, when a period was asked for.
        public let periods: [Period]
        /// Rows dropped and why, gaps annualised.
        public let diagnostics: Diagnostics

        enum CodingKeys: String, CodingKey {
            case rows, periods, diagnostics
        }
    }

    /// Labour productivity of every series, and its growth over the previous usable observation.
    ///
    /// A row with missing output or employment, or a ratio that is not a finite positive number, is dropped and
    /// said to be in the diagnostics.
    /// - Parameters:
    ///   - panel: output and employment by region and year (hours when present).
    ///   - period: growth years to average (nil: none).
    /// - Returns: the rows, the period averages and the notes.
    /// - Throws: ``ProductivityError/invalidPeriod(from:to:)`` for an empty period, and
    ///   ``ProductivityError/missingCapital`` when the panel has no output or no employment column.
    public static func compute(_ panel: Panel, period: ClosedRange<Int>? = nil) throws(ProductivityError) -> Result {
        if let period, period.isEmpty { throw .invalidPeriod(from: period.lowerBound, to: period.upperBound) }
        guard let output = panel.values[.output] else { throw .missingInput(role: "output") }
        guard let employment = panel.values[.employment] else { throw .missingInput(role: "employment") }
        let hours = panel.values[.hours]
        var rows: [Row] = []
        rows.reserveCapacity(panel.years.count)
        var periods: [Period] = []
        var diagnostics = Diagnostics()
        let base = period.map { $0.lowerBound - 1 }, last = period?.upperBound
        for series in panel.series {
            var previous: (year: Int, perWorker: Double, perHour: Double?)? = nil
            // The levels of the period's base and last years (no dictionary per series: issue 14).
            var startLevel: (Double, Double?)? = nil, endLevel: (Double, Double?)? = nil
            for r in series.rows {
                guard !output[r].isNaN, !employment[r].isNaN else {
                    let missing = [output[r].isNaN ? "output" : nil, employment[r].isNaN ? "employment" : nil].compactMap { $0 }
                    diagnostics.drop(series: series.label, year: panel.years[r], line: panel.lines[r], reason: .missing(missing))
                    continue
                }
                let perWorker = output[r] / employment[r]
                // A ratio that overflows (1e308 / 1e-308) or vanishes is no measurement: the row is
                // dropped and said to be, and it is not the base of the next year's growth.
                guard perWorker.isFinite, perWorker > 0 else {
                    diagnostics.drop(
                        series: series.label, year: panel.years[r], line: panel.lines[r],
                        reason: .outputPerWorkerNotFinitePositive(output: output[r], employment: employment[r]))
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
                if panel.years[r] == base { startLevel = (perWorker, perHour) }
                if panel.years[r] == last { endLevel = (perWorker, perHour) }
                previous = (panel.years[r], perWorker, perHour)
            }
            if let period, let base {
                let n = Double(period.upperBound - base)
                if let start = startLevel, let end = endLevel {
                    let perHour: Double? = if let a = start.1, let b = end.1 { GrowthMethod.gso.growth(from: a, to: b, years: Int(n)) } else { nil }
                    periods.append(
                        Period(
                            region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
                            averageGrowthPerWorker: GrowthMethod.gso.growth(from: start.0, to: end.0, years: Int(n)),
                            averageGrowthPerHour: perHour, note: nil))
                } else {
                    let missing = startLevel == nil ? base : period.upperBound
                    periods.append(
                        Period(
                            region: series.region, sector: series.sector, from: period.lowerBound, to: period.upperBound,
                            averageGrowthPerWorker: nil, averageGrowthPerHour: nil,
                            note: .noProductivityLevelFor(year: missing, baseOf: missing == base ? period.lowerBound : nil)))
                }
            }
        }
        return Result(rows: rows, periods: periods, diagnostics: diagnostics)
    }
}
