import CGLPK

/// A linear programme solved by the simplex method of GLPK (GNU Linear
/// Programming Kit), a maintained solver from Debian — not a hand-written simplex.
///
///     optimise  c'x   subject to   row bounds on A x,  column bounds on x
package struct LinearProgram: Sendable {
    package enum Direction: Sendable { case maximize, minimize }

    package enum Bound: Sendable, Equatable {
        case free
        case atLeast(Double)
        case atMost(Double)
        case exactly(Double)
        case between(Double, Double)
    }

    package struct Row: Sendable {
        package let coefficients: [(column: Int, value: Double)]
        package let bound: Bound
        package init(_ coefficients: [(column: Int, value: Double)], _ bound: Bound) {
            self.coefficients = coefficients
            self.bound = bound
        }
    }

    package var direction: Direction
    package var objective: [Double]
    package var columnBounds: [Bound]
    package var rows: [Row]

    package init(direction: Direction, objective: [Double], columnBounds: [Bound], rows: [Row]) {
        self.direction = direction
        self.objective = objective
        self.columnBounds = columnBounds
        self.rows = rows
    }

    package struct Solution: Sendable {
        package let objective: Double
        package let values: [Double]
    }

    /// Solves the programme; an infeasible, unbounded or failed programme is a typed error.
    /// Checks what GLPK would otherwise abort the whole process on (it calls abort()
    /// on invalid input): non-finite numbers, bounds with the lower above the upper,
    /// columns out of range, the same column twice in a row, magnitudes its scaling
    /// cannot represent.
    func validate() throws(LinearAlgebraError) {
        let n = objective.count
        let largest = 1e150
        guard columnBounds.count == n else { throw .dimensionMismatch("\(n) objective coefficients but \(columnBounds.count) column bounds") }
        guard objective.allSatisfy({ $0.isFinite && abs($0) < largest }) else { throw .notFinite("the objective of the linear programme") }
        func check(_ bound: Bound, _ what: String) throws(LinearAlgebraError) {
            switch bound {
            case .free: return
            case .atLeast(let v), .atMost(let v), .exactly(let v):
                guard v.isFinite, abs(v) < largest else { throw .notFinite(what) }
            case .between(let lo, let hi):
                guard lo.isFinite, hi.isFinite, abs(lo) < largest, abs(hi) < largest else { throw .notFinite(what) }
                guard lo <= hi else { throw .linearProgram("\(what): the lower bound \(lo) is above the upper bound \(hi)") }
            }
        }
        for (j, bound) in columnBounds.enumerated() { try check(bound, "the bounds of column \(j)") }
        for (i, row) in rows.enumerated() {
            try check(row.bound, "the bounds of row \(i)")
            var seen = Set<Int>()
            for (column, value) in row.coefficients {
                guard column >= 0, column < n else { throw .dimensionMismatch("row \(i) names column \(column) of \(n)") }
                guard seen.insert(column).inserted else { throw .linearProgram("row \(i) names column \(column) twice") }
                guard value.isFinite, abs(value) < largest else { throw .notFinite("row \(i) of the linear programme") }
            }
        }
    }

    package func solve() throws(LinearAlgebraError) -> Solution {
        try validate()
        glp_term_out(GLP_OFF)
        guard let problem = glp_create_prob() else { throw .lapackFailure(routine: "glp_create_prob", info: -1) }
        defer { glp_delete_prob(problem) }
        glp_set_obj_dir(problem, direction == .maximize ? GLP_MAX : GLP_MIN)
        let n = objective.count
        glp_add_cols(problem, Int32(n))
        for j in 0..<n {
            glp_set_obj_coef(problem, Int32(j + 1), objective[j])
            Self.setBounds(columnBounds[j]) { kind, lo, hi in glp_set_col_bnds(problem, Int32(j + 1), kind, lo, hi) }
        }
        glp_add_rows(problem, Int32(rows.count))
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]  // GLPK arrays are 1-based
        for (i, row) in rows.enumerated() {
            Self.setBounds(row.bound) { kind, lo, hi in glp_set_row_bnds(problem, Int32(i + 1), kind, lo, hi) }
            for (column, value) in row.coefficients where value != 0 {
                ia.append(Int32(i + 1)); ja.append(Int32(column + 1)); ar.append(value)
            }
        }
        glp_load_matrix(problem, Int32(ar.count - 1), ia, ja, ar)
        glp_scale_prob(problem, GLP_SF_AUTO)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = GLP_OFF
        let code = glp_simplex(problem, &parameters)
        guard code == 0 else { throw .linearProgram("the simplex method failed (GLPK code \(code))") }
        switch glp_get_status(problem) {
        case GLP_OPT: break
        case GLP_NOFEAS, GLP_INFEAS: throw .linearProgram("the programme is infeasible")
        case GLP_UNBND: throw .linearProgram("the programme is unbounded")
        default: throw .linearProgram("no optimal solution (GLPK status \(glp_get_status(problem)))")
        }
        let values = (0..<n).map { glp_get_col_prim(problem, Int32($0 + 1)) }
        return Solution(objective: glp_get_obj_val(problem), values: values)
    }

    static func setBounds(_ bound: Bound, _ apply: (Int32, Double, Double) -> Void) {
        switch bound {
        case .free: apply(GLP_FR, 0, 0)
        case .atLeast(let lo): apply(GLP_LO, lo, 0)
        case .atMost(let hi): apply(GLP_UP, 0, hi)
        case .exactly(let v): apply(GLP_FX, v, v)
        case .between(let lo, let hi): lo == hi ? apply(GLP_FX, lo, hi) : apply(GLP_DB, lo, hi)
        }
    }
}
