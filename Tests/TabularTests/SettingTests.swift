import Tabular
import Testing

@Suite struct SettingTests {
    /// Markers render under any naming; text that only looks like a marker is kept.
    @Test func markersRender() {
        let flags = Setting.Naming { setting, value in "--\(setting.rawValue)" + (value.map { " " + $0 } ?? "") }
        let text = "give \(Setting.capitalShare.reference) (for example \(Setting.capitalShare.reference("0.35"))) or ⟦unknown⟧ ⟦open"
        #expect(Setting.render(text, naming: flags) == "give --capital-share (for example --capital-share 0.35) or ⟦unknown⟧ ⟦open")
        #expect(Setting.render(text, naming: .library) == "give a capital share (for example a capital share of 0.35) or ⟦unknown⟧ ⟦open")
        #expect(Setting.render("no marker", naming: .library) == "no marker")
        for setting in Setting.allCases { #expect(!Setting.render(setting.reference, naming: .library).contains("⟦")) }
    }
}
