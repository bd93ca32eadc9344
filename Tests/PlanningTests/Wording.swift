import Planning
import Reporting

/// The English words of an evaluation, as the CSV and JSON outputs carry them (PlanWording).
extension TargetEvaluation {
    var evidenceText: String { PlanWording(.en).evidence(evidence) }
    var findingTexts: [String] { findings.map(PlanWording(.en).text) }
    var paceText: String? { paceNeeded.map(PlanWording(.en).text) }
}
