import ArgumentParser
import TFPKit

extension Malmquist.Orientation: ExpressibleByArgument {}

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Rank regions on productivity and growth, within the country and their peer group; convergence.",
        discussion: """
            Example (the 63 provinces, nominal labour productivity per labour-force member, 2019-2021):
              tfp benchmark Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv --from 2019 --to 2021 \\
                --column output=grdp_current_bn_vnd --column employment=labour_force_thousand

            Indicators: labour productivity (level in the last year, compound growth over the growth years), output \
            growth, capital deepening (growth of K/L), TFP growth and share (when the data have capital and a share is \
            given). Peers: the socio-economic region (default) or --peers "A,B,C". Gaps to the best and the median are \
            split into capital deepening and TFP with --capital-share.
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var period: PeriodOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "A single year (growth over the year before); instead of --from/--to.")
    var year: Int?

    @Option(help: "Peer group: region (socio-economic region) or a comma-separated list of names.")
    var peers: String = "region"

    @Option(help: "Capital share α, for TFP indicators and the gap decomposition (needs capital in the data).")
    var capitalShare: Double?

    @Option(help: "Which table to write with --format csv: ranks, gaps, sigma, beta, malmquist, malmquist_years or malmquist_regions.")
    var table: String = "ranks"

    @Flag(help: "Estimate the capital share (constant-returns Cobb-Douglas with region effects) and give TFP ranks 90% bootstrap intervals.")
    var capitalShareFromData = false

    @Option(help: "Bootstrap draws for the rank intervals, 10 to 100,000.")
    var draws: Int = 999

    @Flag(help: "Read numeric region names as statistics-office province codes (48 = Đà Nẵng) for peer groups; by default numbers are other units (firms).")
    var provinceCodes = false

    func validate() throws {
        let tables = ["ranks", "gaps", "sigma", "beta", "malmquist", "malmquist_years", "malmquist_regions"]
        guard tables.contains(table) else { throw ValidationError("--table must be one of \(tables.joined(separator: ", ")); got '\(table)'.") }
        if table.hasPrefix("malmquist") && !malmquist { throw ValidationError("--table \(table) needs --malmquist.") }
        if let capitalShare, !(capitalShare > 0 && capitalShare < 1) {
            throw ValidationError("--capital-share must be strictly between 0 and 1 (write 0.35 for 35%); got \(capitalShare).")
        }
        guard ProvinceBenchmark.drawLimits.contains(draws) else {
            throw ValidationError("--draws must be between \(ProvinceBenchmark.drawLimits.lowerBound) and \(ProvinceBenchmark.drawLimits.upperBound); got \(draws).")
        }
        if let year, !Panel.validYears.contains(year) {
            throw ValidationError("--year must be a calendar year between \(Panel.validYears.lowerBound) and \(Panel.validYears.upperBound).")
        }
        if year != nil && (period.from != nil || period.to != nil) { throw ValidationError("Give --year or --from/--to, not both.") }
    }

    @Option(help: "Seed of the bootstrap (results are reproducible from it).")
    var seed: UInt64 = 20_261_122

    @Flag(help: "Add Malmquist productivity indices by DEA (needs output, capital and employment).")
    var malmquist = false

    @Option(help: "Orientation of the Malmquist efficiency measures: output or input.")
    var orientation: Malmquist.Orientation = .output

    func run() throws {
        let range: ClosedRange<Int>
        if let year {
            range = year...year
        } else if let p = try period.period() {
            range = p
        } else {
            throw ValidationError("Give --year YEAR or --from Y1 --to Y2.")
        }
        if capitalShareFromData && capitalShare != nil { throw ValidationError("Give --capital-share or --capital-share-from-data, not both.") }
        let job = BenchmarkJob(
            period: range, peers: peers == "region" ? .socioEconomicRegion : .list(peers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
            capitalShare: capitalShare, estimateShareDraws: capitalShareFromData ? draws : nil, seed: seed,
            provinceCodes: provinceCodes, malmquist: malmquist ? orientation : nil)
        try outputOptions.write(try job.run(input.readPanel(required: [.output, .employment])).report(), csvTable: table)
    }
}
