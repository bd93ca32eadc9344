import DataIO
import Planning
import Tabular

extension PlanEvaluation {
    /// One row per target statement; budget findings and data notes below.
    /// - Parameter naming: how the settings a phrase points to are named (the CLI passes its flags).
    public func report(naming: Setting.Naming = .library) -> Report {
        var table = ReportTable(
            title: "\(plan.title) — \(plan.region), \(plan.document) (\(plan.date)); as of \(asOf)",
            columns: [
                .init("id", .text), .init("statement", .text), .init("indicator", .text), .init("target", .text), .init("status", .text),
                .init("actual", .index), .init("expected", .index), .init("gap", .index), .init("pace_needed", .text), .init("evidence", .text),
            ] + (evaluations.contains { $0.shareOfScenariosMet != nil } ? [.init("share_of_scenarios_met", .rate), .init("robust", .text)] : []))
        let scenarios = evaluations.contains { $0.shareOfScenariosMet != nil }
        // The machine formats keep English wording (the CSV/JSON contract); the report page words it in Vietnamese.
        let wording = PlanWording(.en, naming: naming)
        for e in evaluations {
            var row: [ReportTable.Cell] = [
                .text(e.label), .text(e.statement), .text(e.indicator), .text(e.target), .text(e.status.rawValue),
                e.actual.map { .number($0) } ?? .missing, e.expected.map { .number($0) } ?? .missing,
                e.gap.map { .number($0) } ?? .missing, e.paceNeeded.map { .text(wording.text($0)) } ?? .missing, .text(wording.evidence(e.evidence)),
            ]
            if scenarios {
                row += [e.shareOfScenariosMet.map { .number($0) } ?? .missing, e.robust.map { .text($0 ? "yes" : "no") } ?? .missing]
            }
            table.append(row)
        }
        var diagnostics = Diagnostics()
        let counts = TargetStatus.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        diagnostics.note("\(evaluations.count) statements of \(plan.targets.count) targets: \(counts).")
        for e in evaluations { for f in e.findings { diagnostics.note("\(e.label) (\(e.statement)): \(wording.text(f))") } }
        var report = Report(diagnostics: diagnostics)
        report.addMember("plan", plan.id)
        report.addMember("region", plan.region)
        report.addMember("as_of", asOf)
        report.add("targets", table)
        return report
    }
}
