import DataIO
import Econometrics
import Productivity

/// Everything `tfp estimate` does after reading the data, callable from Swift and batch
/// runs (issue 9): fit a formula on a data frame or a production-function preset on a
/// panel's roles, and test constant returns to scale for the unrestricted Cobb-Douglas.
public struct EstimationJob: Sendable {
    /// What a job fits.
    public enum Model: Sendable, Equatable {
        /// A formula on the file's own columns.
        case formula(Formula)
        /// A production function on the panel's roles, with a trend and fixed effects (region, year, sector).
        case preset(ProductionFunction, trend: Bool, absorb: [String])
    }

    /// The model to fit.
    public var model: Model
    /// The covariance, the absorption's limits and the confidence level.
    public var options: EstimationOptions

    /// A job.
    /// - Parameters:
    ///   - model: the model to fit.
    ///   - options: the estimation options (the defaults of `EstimationOptions` unless given).
    public init(model: Model, options: EstimationOptions = EstimationOptions()) {
        self.model = model
        self.options = options
    }

    /// A Wald test of one linear restriction (t and its two-sided p-value; F = t²).
    public struct WaldTest: Sendable, Codable, Equatable {
        /// The restriction, in words (`beta_capital + beta_labour = 1`).
        public let hypothesis: String
        /// The t statistic (`t` in JSON).
        public let statistic: Double
        /// Its two-sided p-value.
        public let p: Double

        enum CodingKeys: String, CodingKey {
            case hypothesis, statistic = "t", p
        }
    }

    /// What a run gives.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The fitted model.
        public let fit: RegressionResult
        /// β_K + β_L = 1, for the unrestricted Cobb-Douglas.
        public let returnsToScale: WaldTest?

        enum CodingKeys: String, CodingKey {
            case fit, returnsToScale = "returns_to_scale_test"
        }
    }

    /// The columns a formula reads: numbers, and categories (fixed effects and clusters).
    public var columns: (numeric: Set<String>, categorical: Set<String>) {
        guard case .formula(let formula) = model else { return ([], []) }
        var categorical = Set(formula.fixedEffects)
        if case .clustered(let names) = options.covariance { categorical.formUnion(names) }
        return (formula.numericColumns, categorical)
    }

    /// Fits a formula model on its data frame.
    /// - Parameter data: the file's columns.
    /// - Returns: the fit (no returns-to-scale test).
    /// - Throws: ``WorkflowError`` for a preset (it needs a panel), or the errors of the fit.
    public func run(_ data: DataFrame) throws -> Outcome {
        guard case .formula(let formula) = model else {
            throw WorkflowError.invalidSetting("a production-function preset is fitted on a panel of roles, not a data frame")
        }
        return Outcome(fit: try LinearModel.fit(formula, data: data, options: options), returnsToScale: nil)
    }

    /// Fits a preset on the panel's roles (output, capital, labour = employment × hours × human capital).
    /// - Parameter panel: the panel whose roles the preset reads.
    /// - Returns: the fit, with the test of constant returns for the unrestricted Cobb-Douglas.
    /// - Throws: ``WorkflowError`` for a formula (it reads a data frame), or the errors of the fit.
    public func run(_ panel: Panel) throws -> Outcome {
        guard case .preset(let preset, let trend, let absorb) = model else {
            throw WorkflowError.invalidSetting("a formula reads the file's columns: fit it on a data frame")
        }
        let formula = try Formula(preset.formula(trend: trend, absorb: absorb))
        let fit = try LinearModel.fit(formula, data: ProductionFunction.dataFrame(from: panel), options: options)
        var test: WaldTest? = nil
        if preset == .cobbDouglas, let rts = fit.waldTest(weights: ["log(capital)": 1, "log(labour)": 1], value: 1) {
            test = WaldTest(hypothesis: "beta_capital + beta_labour = 1", statistic: rts.statistic, p: rts.p)
        }
        return Outcome(fit: fit, returnsToScale: test)
    }

    /// The roles a preset needs.
    public static let presetRoles: Set<Role> = [.output, .capital, .employment]
}
