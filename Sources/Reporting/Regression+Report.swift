import DataIO
import Econometrics
import Foundation
import Productivity
import Workflow

extension RegressionResult {
    /// Coefficients table plus model statistics; the JSON contract of DESIGN.md:
    /// `coefficients` (name, estimate, std_error, t, p), `nobs`, `r2`, `r2_within`, `df_residual`.
    public func report(returnsToScale: EstimationJob.WaldTest? = nil) -> Report {
        var table = ReportTable(
            title: "Least squares: \(formula)  [vcov: \(covarianceEstimator)]",
            columns: [
                .init("name", .text), .init("estimate", .index), .init("std_error", .index), .init("t", .index),
                .init("p", .index), .init("conf_low", .index), .init("conf_high", .index),
            ])
        for c in coefficients {
            table.append([
                .text(c.name), .number(c.estimate), .number(c.standardError), .number(c.t), .number(c.p),
                .number(c.confidenceLow), .number(c.confidenceHigh),
            ])
        }
        var diagnostics = Diagnostics()
        diagnostics.note(
            "Observations: \(nobs); R² = \(formatted(r2))" + (r2Within.map { "; within R² = \(formatted($0))" } ?? "")
                + "; residual df for t = \(dfResidual); K = \(parameterCount).")
        if !fixedEffects.isEmpty {
            diagnostics.note(
                "Fixed effects absorbed: " + fixedEffects.map { "\($0.name) (\($0.levels) levels)" }.joined(separator: ", ")
                    + "; \(convergence.iterations) sweep(s)\(convergence.usedDirect ? " then an exact sparse-Cholesky projection" : convergence.usedConjugateGradient ? " (conjugate gradient)" : ""), tolerance \(convergence.tolerance)."
            )
        }
        for (name, g) in clusters.sorted(by: { $0.key < $1.key }) { diagnostics.note("Clusters in \(name): \(g).") }
        if !droppedColumns.isEmpty { diagnostics.note("Dropped as collinear: \(droppedColumns.joined(separator: ", ")).") }
        for (exclusion, count) in droppedRows.sorted(by: { $0.key < $1.key }) {
            diagnostics.note(NoteWording(.en).rowsNotUsed(exclusion, count: count))
        }
        if singletonsRemoved > 0 { diagnostics.note("\(singletonsRemoved) singleton observation(s) removed.") }
        if let rts = returnsToScale {
            diagnostics.note("Constant returns to scale (β_K + β_L = 1): t = \(formatted(rts.statistic)), p = \(formatted(rts.p)).")
        }
        var report = Report(diagnostics: diagnostics)
        // JSON: the result's own encoding (its CodingKeys are the contract), coefficients included.
        report.addMembers(of: self)
        report.add("coefficients", table, inJSON: false)
        if let rts = returnsToScale { report.addMember("returns_to_scale_test", rts) }
        return report
    }
}

func formatted(_ v: Double) -> String {
    let s = String(format: "%.6g", v)
    return s
}

extension EstimationJob.Outcome {
    /// The coefficients table and model statistics, with the returns-to-scale test when there is one.
    public func report() -> Report { fit.report(returnsToScale: returnsToScale) }
}
