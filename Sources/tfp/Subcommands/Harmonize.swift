import ArgumentParser
import TFPKit

struct Harmonize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-aggregate a 63-province panel to the 34 provincial units in force from 1 July 2025.",
        discussion: """
            Example:
              tfp harmonize Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv --to 2025 \\
                --column output_nominal=grdp_current_bn_vnd --column employment=labour_force_thousand --format csv > units.csv

            Output, capital, investment and employment are summed; labour shares are weighted by output (current \
            prices when given), hours and human capital by employment. A unit with a member missing in a year is left \
            out that year and reported. Names may be written with or without diacritics, or as statistics office codes.
            """
    )

    @OptionGroup var input: DataOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(help: "The boundaries to harmonise to (only 2025: Resolution 202/2025/QH15).")
    var to: Int = 2025

    @Option(help: "A region reference CSV (gso_code, name, name_ascii, socioeconomic_region, unit_from_2025_07_01); default: the bundled one.")
    var reference: String?

    func run() throws {
        guard to == 2025 else { throw ValidationError("--to takes 2025, the boundaries of 1 July 2025.") }
        let ref = try reference.map { try RegionReference.read(path: $0) } ?? RegionReference.bundled()
        let panel = try input.readPanel(required: [])
        let result = try Harmonization.to2025(panel, reference: ref)
        var report = result.panel.report(title: "Panel on the 2025 provincial units (34)")
        report.diagnostics = result.diagnostics
        try outputOptions.write(report)
    }
}
