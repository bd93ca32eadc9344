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

    /// The byte test that lets unmarked text through unchanged: ⟦ is E2 9F A6 in UTF-8, and ⟧ (E2 9F A7) or
    /// a cut-off ⟦ must not count as one.
    @Test func markerTestReadsWholeMarkers() {
        #expect(Setting.containsOpen("⟦capital-share⟧"))
        #expect(Setting.containsOpen("ends with ⟦"))
        #expect(Setting.containsOpen("Đà Nẵng ⟦from 2016⟧ and more"))
        #expect(!Setting.containsOpen(""))
        #expect(!Setting.containsOpen("only a close ⟧ and ⟨angle⟩"))
        #expect(!Setting.containsOpen("R0: the yearly TFP share is negative in 2018"))
        #expect(!Setting.containsOpen(String(decoding: [0x61, 0xE2, 0x9F], as: UTF8.self)))
    }
}
