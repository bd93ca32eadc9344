import DataIO
import Foundation

extension Plan {
    /// Reads and validates a plan file (TOML 1.0, read by `TOML`).
    /// Syntax errors give the line and column; a missing or mistyped field names
    /// its line (found in the text) and what was expected; every year relation
    /// is checked (see `validate`).
    /// - Parameter path: the plan file.
    /// - Returns: the plan.
    /// - Throws: ``PlanError/invalidField(file:line:field:expected:)`` (field `(file)`) when the file cannot be read as
    ///   UTF-8 text, and otherwise the errors of ``parse(_:file:)``.
    public static func read(path: String) throws(PlanError) -> Plan {
        // Through DataIO's file checks: a pipe or a device is refused without blocking, invalid UTF-8 named.
        let text: String
        do { text = try TextFile.read(path: path) } catch {
            throw .invalidField(file: path, line: nil, field: "(file)", expected: "a readable UTF-8 TOML file (\(error.localizedDescription))")
        }
        return try parse(text, file: path)
    }

    /// Reads and validates a plan from TOML text (as ``read(path:)`` does from a file).
    /// - Parameters:
    ///   - text: the TOML text.
    ///   - file: the file's name, for messages.
    /// - Returns: the plan.
    /// - Throws: ``PlanError/syntax(file:line:column:message:)`` for text that is not TOML,
    ///   ``PlanError/missingField(file:line:field:)`` for a missing `[plan]` table or field,
    ///   ``PlanError/invalidField(file:line:field:expected:)`` for a mistyped field or a year or number that breaks a
    ///   relation of the target, and ``PlanError/duplicateTarget(file:line:id:)`` for two targets with one label.
    public static func parse(_ text: String, file: String) throws(PlanError) -> Plan {
        let root: TOML.Table
        do { root = try TOML.parse(text) } catch { throw .syntax(file: file, line: error.line, column: error.column, message: error.message) }
        let locator = LineLocator(text)
        guard let plan = root["plan"]?.table else { throw .missingField(file: file, line: nil, field: "[plan]") }
        var reader = FieldReader(file: file, locator: locator, block: .plan)
        guard let period = try reader.yearRange(plan, "period", required: true) else { throw .missingField(file: file, line: nil, field: "period") }
        var targets: [Target] = []
        var seen = Set<String>()
        let array = root["targets"]?.array ?? []
        for index in array.indices {
            guard let table = array[index].table else {
                throw .invalidField(file: file, line: locator.line(of: .target(index)), field: "targets", expected: "a [[targets]] table")
            }
            let target = try readTarget(table, index: index, file: file, locator: locator, planPeriod: period)
            if !seen.insert(target.label).inserted {
                throw .duplicateTarget(file: file, line: locator.line(of: .target(index)), id: target.label)
            }
            targets.append(target)
        }
        return Plan(
            id: try reader.required(plan, "id"), region: try reader.required(plan, "region"),
            title: try reader.required(plan, "title"), document: try reader.required(plan, "document"),
            date: try reader.required(plan, "date"), period: period, source: try reader.required(plan, "source"),
            targets: targets)
    }

    static func readTarget(_ t: TOML.Table, index: Int, file: String, locator: LineLocator, planPeriod: YearRange) throws(PlanError) -> Target {
        var r = FieldReader(file: file, locator: locator, block: .target(index))
        let kindText = try r.required(t, "kind")
        guard let kind = TargetKind(rawValue: kindText) else {
            throw .invalidField(
                file: file, line: locator.line(of: .target(index), key: "kind"), field: "kind",
                expected: TargetKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let main = try r.statement(t, requireNumber: ![.direction, .budget].contains(kind))
        var alternatives: [Statement] = []
        if let alts = t["alternatives"]?.array {
            for k in 0..<alts.count {
                guard let a = alts[k].table else { continue }
                var ar = FieldReader(file: file, locator: locator, block: .alternative(index, k))
                alternatives.append(try ar.statement(a, requireNumber: true, source: try ar.string(a, "source")))
            }
        }
        var lines: [BudgetLine] = []
        if let array = t["lines"]?.array {
            for k in 0..<array.count {
                guard let l = array[k].table else { continue }
                var lr = FieldReader(file: file, locator: locator, block: .budgetLine(index, k))
                let parent = try lr.string(l, "parent", required: false)
                lines.append(
                    BudgetLine(
                        code: try lr.required(l, "code"), parent: parent?.isEmpty == true ? nil : parent,
                        name: try lr.required(l, "name"), amounts: try lr.yearMap(l, "amounts"),
                        printedTotal: try lr.number(l, "total", required: false)))
            }
        }
        var grand: [Int: Double] = [:]
        var grandOverall: Double? = nil
        if let g = t["grand_total"]?.table {
            grand = try r.yearMap(g, "amounts")
            grandOverall = try r.number(g, "total", required: false)
        }
        let target = Target(
            id: try r.required(t, "id"), part: try r.string(t, "part", required: false), indicator: try r.required(t, "indicator"),
            kind: kind, unit: try r.string(t, "unit", required: false), due: try r.integer(t, "due", required: false),
            period: try r.yearRange(t, "period", required: false), basePeriod: try r.yearRange(t, "base_period", required: false),
            main: main, alternatives: alternatives, budgetLines: lines, printedGrandTotal: grand,
            printedGrandTotalOverall: grandOverall, section: try r.required(t, "section"), wording: try r.required(t, "wording"),
            note: try r.string(t, "note", required: false))
        try validate(target, file: file, line: locator.line(of: .target(index)), locator: locator, index: index)
        return target
    }

    /// The years a plan may name (period, due, base period, schedule and budget years).
    public static let validYears = 1900...2200

    /// Kinds whose numbers are fractions (0.45 = 45%).
    static let fractionKinds: Set<TargetKind> = [.shareOfGrowth, .growthRate, .growthOfCount, .countVersusBase, .coverage]

    /// Fields each kind needs, and every relation between the years and numbers of a target
    /// (issue 8): a target that would make the evaluation meaningless is refused when read.
    static func validate(_ t: Target, file: String, line: Int?, locator: LineLocator, index: Int) throws(PlanError) {
        func need(_ ok: Bool, _ field: String) throws(PlanError) {
            if !ok { throw .missingField(file: file, line: line, field: "\(field) (target \(t.label), kind \(t.kind.rawValue))") }
        }
        func fail(_ field: String, _ expected: String) -> PlanError {
            .invalidField(file: file, line: locator.line(of: .target(index), key: field) ?? line, field: field, expected: expected + " (target \(t.label))")
        }
        switch t.kind {
        case .countByDate, .coverage: try need(t.due != nil, "due")
        case .countPerYear, .growthOfCount, .growthRate: try need(t.period != nil, "period")
        case .countVersusBase, .direction:
            try need(t.period != nil, "period")
            try need(t.basePeriod != nil, "base_period")
        case .shareOfGrowth: try need(t.period != nil || t.due != nil, "period or due")
        case .budget: try need(!t.budgetLines.isEmpty, "lines")
        }
        if let due = t.due, !validYears.contains(due) { throw fail("due", "a year between \(validYears.lowerBound) and \(validYears.upperBound)") }
        if let due = t.due, let period = t.period, due < period.from {
            throw fail("due", "a year not before the target's period \(period) (the target cannot be due before it starts)")
        }
        if let base = t.basePeriod, let period = t.period, base.to >= period.from {
            throw fail("base_period", "a period that ends before the target's period \(period) starts (the base is compared with what follows)")
        }
        for statement in [t.main] + t.alternatives {
            for (name, value) in [("floor", statement.floor), ("ceiling", statement.ceiling)] {
                guard let value else { continue }
                guard value.isFinite else { throw fail(name, "a finite number") }
                if fractionKinds.contains(t.kind), abs(value) > 1 {
                    throw fail(name, "a fraction between -1 and 1 for a \(t.kind.rawValue) target: write \(value / 100) for \(value)%")
                }
                if !fractionKinds.contains(t.kind), t.kind != .direction, value < 0 { throw fail(name, "a count of 0 or more") }
            }
            for (year, range) in statement.schedule {
                guard validYears.contains(year) else { throw fail("schedule", "years between \(validYears.lowerBound) and \(validYears.upperBound)") }
                guard range.lowerBound.isFinite, range.upperBound.isFinite else { throw fail("schedule", "finite numbers") }
                if fractionKinds.contains(t.kind), max(abs(range.lowerBound), abs(range.upperBound)) > 1 {
                    throw fail("schedule", "fractions between -1 and 1 (0.2 for 20%)")
                }
            }
        }
        for budgetLine in t.budgetLines {
            for (year, amount) in budgetLine.amounts {
                guard validYears.contains(year) else { throw fail("amounts", "years between \(validYears.lowerBound) and \(validYears.upperBound) (line \(budgetLine.code))") }
                guard amount.isFinite, amount >= 0 else { throw fail("amounts", "amounts of 0 or more (line \(budgetLine.code))") }
            }
            if let total = budgetLine.printedTotal, !total.isFinite { throw fail("total", "a finite number (line \(budgetLine.code))") }
        }
        for (year, amount) in t.printedGrandTotal where !validYears.contains(year) || !amount.isFinite {
            throw fail("grand_total", "years between \(validYears.lowerBound) and \(validYears.upperBound) with finite amounts")
        }
    }
}

/// Finds the line of a table or key in the TOML text, for messages (TOMLKit
/// keeps no positions after parsing).
struct LineLocator {
    enum Block: Hashable {
        case plan
        case target(Int)
        case alternative(Int, Int)
        case budgetLine(Int, Int)
    }

    let lines: [Substring]
    /// 0-based line of each block's header, found in one pass (a plan of 2,000 targets
    /// asked for every target's line: a scan per question made reading quadratic).
    let headers: [Block: Int]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var headers: [Block: Int] = [:]
        var target = -1, alternative = -1, budgetLine = -1
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("[") else { continue }
            let block: Block?
            if line == "[plan]" {
                block = .plan
            } else if line == "[[targets]]" {
                target += 1; alternative = -1; budgetLine = -1; block = .target(target)
            } else if line == "[[targets.alternatives]]" {
                alternative += 1; block = .alternative(target, alternative)
            } else if line == "[[targets.lines]]" {
                budgetLine += 1; block = .budgetLine(target, budgetLine)
            } else {
                block = nil
            }
            if let block, headers[block] == nil { headers[block] = i }
        }
        self.headers = headers
    }

    /// 1-based line of the block's header, or of `key` inside the block (up to the next header).
    func line(of block: Block, key: String? = nil) -> Int? {
        guard let header = headers[block] else { return nil }
        guard let key else { return header + 1 }
        var i = header + 1
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            // A sub-table of a target ([targets.grand_total], …) belongs to it; another block ends it.
            if line.hasPrefix("[[") || line == "[plan]" { break }
            if line.hasPrefix(key), line.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") { return i + 1 }
            i += 1
        }
        return header + 1
    }
}

/// Typed field access with errors that name the field and its line.
struct FieldReader {
    let file: String
    let locator: LineLocator
    let block: LineLocator.Block

    func fail(_ field: String, _ expected: String) -> PlanError {
        .invalidField(file: file, line: locator.line(of: block, key: field), field: field, expected: expected)
    }

    /// A string that must be there.
    mutating func required(_ t: TOML.Table, _ key: String) throws(PlanError) -> String {
        guard let s = try string(t, key, required: true) else { throw .missingField(file: file, line: locator.line(of: block), field: key) }
        return s
    }

    mutating func string(_ t: TOML.Table, _ key: String, required: Bool = true) throws(PlanError) -> String? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        guard let s = v.string else { throw fail(key, "a string in quotes") }
        return s
    }

    mutating func number(_ t: TOML.Table, _ key: String, required: Bool = true) throws(PlanError) -> Double? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        if let d = v.double {
            guard d.isFinite else { throw fail(key, "a finite number (not inf or nan)") }
            return d
        }
        if let i = v.int { return Double(i) }
        throw fail(key, "a number")
    }

    mutating func integer(_ t: TOML.Table, _ key: String, required: Bool = true) throws(PlanError) -> Int? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        guard let i = v.int, Plan.validYears.contains(i) else {
            throw fail(key, "a year between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound)")
        }
        return i
    }

    mutating func yearRange(_ t: TOML.Table, _ key: String, required: Bool) throws(PlanError) -> YearRange? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        guard let a = v.array, a.count == 2, let from = a[0].int, let to = a[1].int, from <= to,
            Plan.validYears.contains(from), Plan.validYears.contains(to)
        else {
            throw fail(key, "[FIRST_YEAR, LAST_YEAR] with the first not after the last, years between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound), for example [2021, 2025]")
        }
        return YearRange(from, to)
    }

    /// A table of year = amount (or year = [min, max]).
    mutating func yearMap(_ t: TOML.Table, _ key: String) throws(PlanError) -> [Int: Double] {
        let ranges = try yearRanges(t, key)
        return ranges.mapValues(\.lowerBound)
    }

    mutating func yearRanges(_ t: TOML.Table, _ key: String) throws(PlanError) -> [Int: ClosedRange<Double>] {
        guard let v = t[key] else { return [:] }
        guard let table = v.table else { throw fail(key, "a table of year = number, as { 2022 = 1, 2023 = [2, 3] }") }
        var out: [Int: ClosedRange<Double>] = [:]
        for year in table.keys {
            guard let y = Int(year), let value = table[year] else { throw fail(key, "years as keys, as 2022 = 1") }
            guard Plan.validYears.contains(y) else { throw fail(key, "years between \(Plan.validYears.lowerBound) and \(Plan.validYears.upperBound) as keys") }
            if let d = value.double ?? value.int.map(Double.init), d.isFinite {
                out[y] = d...d
            } else if let a = value.array, a.count == 2, let lo = a[0].double ?? a[0].int.map(Double.init),
                let hi = a[1].double ?? a[1].int.map(Double.init), lo.isFinite, hi.isFinite, lo <= hi
            {
                out[y] = lo...hi
            } else {
                throw fail(key, "a number or [min, max] for \(year)")
            }
        }
        return out
    }

    mutating func statement(_ t: TOML.Table, requireNumber: Bool, source: String? = nil) throws(PlanError) -> Statement {
        let floor = try number(t, "floor", required: false)
        let ceiling = try number(t, "ceiling", required: false)
        if requireNumber && floor == nil && ceiling == nil {
            throw .missingField(file: file, line: locator.line(of: block), field: "floor or ceiling")
        }
        if let floor, let ceiling, floor > ceiling { throw fail("ceiling", "a number not below floor (\(floor))") }
        let strict = t["strict"].map { $0.bool ?? false } ?? false
        let approximate = t["approximate"].map { $0.bool ?? false } ?? false
        return Statement(
            source: source, floor: floor, ceiling: ceiling, strict: strict, approximate: approximate,
            schedule: try yearRanges(t, "schedule"))
    }
}
