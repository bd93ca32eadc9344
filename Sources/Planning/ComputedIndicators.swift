import DataIO
import Productivity
import Tabular

/// Indicators computed from a data panel by the growth-accounting engine, for
/// share-of-growth, growth-rate and direction targets.
public struct ComputedIndicators: Sendable {
    /// A computed indicator over some growth years, or why it is missing.
    public struct Value: Sendable, Equatable {
        /// The indicator, a fraction (a TFP share of output growth, or an average annual growth); nil when missing.
        public let value: Double?
        /// The years the value covers (growth years), or why it is missing.
        public let years: YearRange?
        /// A note on the value, or why it is missing.
        public let note: Diagnostics.ValueNote?
        /// Average output growth over the same years (for the pace needed).
        public let outputGrowth: Double?
    }

    let panel: Panel
    let series: Panel.Series?
    let accounting: GrowthAccountingOptions
    /// How the region was found, or why it was not (shown with every computed target).
    public let regionNote: String?
    /// Why no indicator can be computed at all (the data could not be prepared, for
    /// instance the initial capital stock is undefined): computed targets report it as an error.
    public let failure: String?
    /// Whether the plan is national (series breaks of provincial scope do not apply).
    public let isNational: Bool

    /// Picks the plan's region in the panel by name (RegionReference's matcher: no
    /// diacritics, case or "TP."/"Tỉnh" prefixes). Another region's data is used only
    /// when named with `dataRegion` (the CLI's --data-region): never by substitution.
    /// - Parameters:
    ///   - panel: the data panel, with capital when TFP is computed.
    ///   - region: the plan's region.
    ///   - dataRegion: the name of the data's region to use instead (nil: the plan's region).
    ///   - accounting: the growth-accounting options; each indicator sets its own period.
    public init(panel: Panel, region: String, dataRegion: String? = nil, accounting: GrowthAccountingOptions) {
        self.panel = panel
        self.accounting = accounting
        self.failure = nil
        self.isNational = Self.isNationalName(region)
        let wanted = dataRegion ?? region
        let key = RegionReference.key(wanted)
        if let match = panel.series.first(where: { RegionReference.key($0.region) == key }) {
            series = match
            regionNote = dataRegion.map { _ in "the data of '\(match.region)' are used for \(region) (as asked with \(Setting.dataRegion.reference))" }
        } else {
            series = nil
            let names = panel.series.prefix(8).map { "'\($0.region)'" }.joined(separator: ", ") + (panel.series.count > 8 ? ", …" : "")
            regionNote = "no region named '\(wanted)' in the data (it holds \(names)); name the region to use with \(Setting.dataRegion.reference) if it is another spelling"
        }
    }

    /// Indicators that cannot be computed, and why.
    /// - Parameters:
    ///   - failure: the reason, in words.
    ///   - region: the plan's region.
    public init(failure: String, region: String) {
        panel = Panel(file: "", series: [], years: [], lines: [], values: [:])
        series = nil
        accounting = GrowthAccountingOptions()
        regionNote = nil
        self.failure = failure
        isNational = Self.isNationalName(region)
    }

    static func isNationalName(_ name: String) -> Bool { RegionReference.isNational(name) }

    /// The data's name of the region used, when found.
    public var regionName: String? { series?.region }

    var years: [Int] { series.map { s in s.rows.map { panel.years[$0] } } ?? [] }
    /// Last and first years with data for the region.
    public var lastYear: Int? { years.max() }
    /// The first year with data for the region.
    public var firstYear: Int? { years.min() }
    /// The last year with output, employment and capital all present.
    public var lastCompleteYear: Int? {
        guard let series else { return nil }
        return series.rows.filter { r in [Role.output, .employment, .capital].allSatisfy { panel.value($0, r) != nil } }
            .map { panel.years[$0] }.max()
    }

    /// The growth years available inside `range`: from the first year whose base year has data.
    func available(_ range: YearRange) -> YearRange? {
        let have = Set(years)
        guard let last = range.years.reversed().first(where: { have.contains($0) }) else { return nil }
        guard let first = range.years.first(where: { have.contains($0 - 1) }), first <= last else { return nil }
        return YearRange(first, last)
    }

    func subpanel() -> Panel? { series.flatMap { panel.restrictedToRegion($0.region) } }

    /// TFP share of output growth over the growth years of `range` available in the data.
    /// - Parameter range: the growth years wanted.
    /// - Returns: the TFP share and the years it covers, or nil with the reason (no region, no data, an error of the
    ///   growth accounting).
    public func tfpShare(_ range: YearRange) -> Value {
        guard let sub = subpanel() else { return Value(value: nil, years: nil, note: regionNote.map(Diagnostics.ValueNote.text), outputGrowth: nil) }
        guard let span = available(range) else {
            return Value(value: nil, years: nil, note: .noDataForGrowthYears(from: range.from, to: range.to), outputGrowth: nil)
        }
        var options = accounting
        options.period = span.years
        do {
            let result = try GrowthAccounting.compute(sub, options: options)
            guard let p = result.periods.first else { return Value(value: nil, years: span, note: .noAccountingResult, outputGrowth: nil) }
            return Value(value: p.tfpShare, years: span, note: p.note, outputGrowth: p.outputGrowth)
        } catch {
            return Value(value: nil, years: span, note: .text(error.localizedDescription), outputGrowth: nil)
        }
    }

    /// Compound average growth of labour productivity over the growth years of `range` available.
    /// - Parameter range: the growth years wanted.
    /// - Returns: the growth (a fraction a year) and the years it covers, or nil with the reason.
    public func labourProductivityGrowth(_ range: YearRange) -> Value {
        guard let sub = subpanel() else { return Value(value: nil, years: nil, note: regionNote.map(Diagnostics.ValueNote.text), outputGrowth: nil) }
        guard let span = available(range) else {
            return Value(value: nil, years: nil, note: .noDataForGrowthYears(from: range.from, to: range.to), outputGrowth: nil)
        }
        do {
            let result = try LabourProductivity.compute(sub, period: span.years)
            let p = result.periods.first
            return Value(value: p?.averageGrowthPerWorker, years: span, note: p?.note, outputGrowth: nil)
        } catch {
            return Value(value: nil, years: span, note: .text(error.localizedDescription), outputGrowth: nil)
        }
    }
}
