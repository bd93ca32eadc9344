import ArgumentParser
import TFPKit

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Rank regions on productivity and growth, within the country and their peer group; convergence.",
        discussion: """
            Example (the 63 provinces, nominal labour productivity per labour-force member, 2019-2021):
              tfp benchmark Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv --from 2019 --to 2021

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

    @Option(help: "Which table to write with --format csv: ranks, gaps, sigma or beta.")
    var table: String = "ranks"

    func run() throws {
        let range: ClosedRange<Int>
        if let year { range = year...year } else if let p = try period.period() { range = p } else {
            throw ValidationError("Give --year YEAR or --from Y1 --to Y2.")
        }
        let panel = try input.readPanel(required: [.output, .employment])
        let reference = try RegionReference.bundled()
        let peerOption: ProvinceBenchmark.Peers = peers == "region" ? .socioEconomicRegion
            : .list(peers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let accounting = capitalShare.map { GrowthAccountingOptions(shares: .capitalShare($0)) }
        let result = try ProvinceBenchmark.compute(panel, reference: reference, options: .init(period: range, peers: peerOption, accounting: accounting))
        try outputOptions.write(result.report().render(outputOptions.format, csvTable: table))
    }
}
