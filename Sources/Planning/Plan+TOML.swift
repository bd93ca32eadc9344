import Foundation
import TOMLKit

extension Plan {
    /// Reads and validates a plan file (TOML, parsed by TOMLKit/toml++).
    /// Syntax errors give TOMLKit's line and column; a missing or mistyped
    /// field names its line (found in the text) and what was expected.
    public static func read(path: String) throws(PlanError) -> Plan {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) }
        catch { throw .invalidField(file: path, line: nil, field: "(file)", expected: "a readable UTF-8 TOML file") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(PlanError) -> Plan {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) }
        catch let error as TOMLParseError {
            throw .syntax(file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        } catch { throw .syntax(file: file, line: 1, column: 1, message: "\(error)") }
        let locator = LineLocator(text)
        guard let plan = root["plan"]?.table else { throw .missingField(file: file, line: nil, field: "[plan]") }
        var reader = FieldReader(file: file, locator: locator, block: .plan)
        let period = try reader.yearRange(plan, "period", required: true)!
        var targets: [Target] = []
        var seen = Set<String>()
        let array = root["targets"]?.array
        for index in 0..<(array?.count ?? 0) {
            guard let table = array![index].table else {
                throw .invalidField(file: file, line: locator.line(of: .target(index)), field: "targets", expected: "a [[targets]] table")
            }
            let target = try readTarget(table, index: index, file: file, locator: locator, planPeriod: period)
            if !seen.insert(target.label).inserted {
                throw .duplicateTarget(file: file, line: locator.line(of: .target(index)), id: target.label)
            }
            targets.append(target)
        }
        return Plan(id: try reader.string(plan, "id")!, region: try reader.string(plan, "region")!,
                    title: try reader.string(plan, "title")!, document: try reader.string(plan, "document")!,
                    date: try reader.string(plan, "date")!, period: period, source: try reader.string(plan, "source")!,
                    targets: targets)
    }

    static func readTarget(_ t: TOMLTable, index: Int, file: String, locator: LineLocator, planPeriod: YearRange) throws(PlanError) -> Target {
        var r = FieldReader(file: file, locator: locator, block: .target(index))
        let kindText = try r.string(t, "kind")!
        guard let kind = TargetKind(rawValue: kindText) else {
            throw .invalidField(file: file, line: locator.line(of: .target(index), key: "kind"), field: "kind",
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
                lines.append(BudgetLine(code: try lr.string(l, "code")!, parent: parent?.isEmpty == true ? nil : parent,
                                        name: try lr.string(l, "name")!, amounts: try lr.yearMap(l, "amounts"),
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
            id: try r.string(t, "id")!, part: try r.string(t, "part", required: false), indicator: try r.string(t, "indicator")!,
            kind: kind, unit: try r.string(t, "unit", required: false), due: try r.integer(t, "due", required: false),
            period: try r.yearRange(t, "period", required: false), basePeriod: try r.yearRange(t, "base_period", required: false),
            main: main, alternatives: alternatives, budgetLines: lines, printedGrandTotal: grand,
            printedGrandTotalOverall: grandOverall, section: try r.string(t, "section")!, wording: try r.string(t, "wording")!,
            note: try r.string(t, "note", required: false))
        try validate(target, file: file, line: locator.line(of: .target(index)))
        return target
    }

    /// Fields each kind needs.
    static func validate(_ t: Target, file: String, line: Int?) throws(PlanError) {
        func need(_ ok: Bool, _ field: String) throws(PlanError) {
            if !ok { throw .missingField(file: file, line: line, field: "\(field) (target \(t.label), kind \(t.kind.rawValue))") }
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
    }
}

/// Finds the line of a table or key in the TOML text, for messages (TOMLKit
/// keeps no positions after parsing).
struct LineLocator {
    enum Block: Equatable {
        case plan
        case target(Int)
        case alternative(Int, Int)
        case budgetLine(Int, Int)
    }

    let lines: [Substring]
    init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// 1-based line of the block's header, or of `key` inside the block.
    func line(of block: Block, key: String? = nil) -> Int? {
        var target = -1, alternative = -1, budgetLine = -1
        var current: Block? = nil
        var headerLine: Int? = nil
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                if line == "[plan]" { current = .plan }
                else if line == "[[targets]]" { target += 1; alternative = -1; budgetLine = -1; current = .target(target) }
                else if line == "[[targets.alternatives]]" { alternative += 1; current = .alternative(target, alternative) }
                else if line == "[[targets.lines]]" { budgetLine += 1; current = .budgetLine(target, budgetLine) }
                else if case .target = current { } else { current = nil }
                if current == block { headerLine = i + 1; if key == nil { return i + 1 } }
                continue
            }
            if current == block, let key, line.hasPrefix(key) {
                let rest = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return headerLine
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

    mutating func string(_ t: TOMLTable, _ key: String, required: Bool = true) throws(PlanError) -> String? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        guard let s = v.string else { throw fail(key, "a string in quotes") }
        return s
    }

    mutating func number(_ t: TOMLTable, _ key: String, required: Bool = true) throws(PlanError) -> Double? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw fail(key, "a number")
    }

    mutating func integer(_ t: TOMLTable, _ key: String, required: Bool = true) throws(PlanError) -> Int? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        guard let i = v.int else { throw fail(key, "a whole number (a year)") }
        return i
    }

    mutating func yearRange(_ t: TOMLTable, _ key: String, required: Bool) throws(PlanError) -> YearRange? {
        guard let v = t[key] else {
            if required { throw .missingField(file: file, line: locator.line(of: block), field: key) }
            return nil
        }
        guard let a = v.array, a.count == 2, let from = a[0].int, let to = a[1].int, from <= to else {
            throw fail(key, "[FIRST_YEAR, LAST_YEAR], for example [2021, 2025]")
        }
        return YearRange(from, to)
    }

    /// A table of year = amount (or year = [min, max]).
    mutating func yearMap(_ t: TOMLTable, _ key: String) throws(PlanError) -> [Int: Double] {
        let ranges = try yearRanges(t, key)
        return ranges.mapValues(\.lowerBound)
    }

    mutating func yearRanges(_ t: TOMLTable, _ key: String) throws(PlanError) -> [Int: ClosedRange<Double>] {
        guard let v = t[key] else { return [:] }
        guard let table = v.table else { throw fail(key, "a table of year = number, as { 2022 = 1, 2023 = [2, 3] }") }
        var out: [Int: ClosedRange<Double>] = [:]
        for year in table.keys {
            guard let y = Int(year), let value = table[year] else { throw fail(key, "years as keys, as 2022 = 1") }
            if let d = value.double ?? value.int.map(Double.init) { out[y] = d...d }
            else if let a = value.array, a.count == 2, let lo = a[0].double ?? a[0].int.map(Double.init),
                    let hi = a[1].double ?? a[1].int.map(Double.init), lo <= hi { out[y] = lo...hi }
            else { throw fail(key, "a number or [min, max] for \(year)") }
        }
        return out
    }

    mutating func statement(_ t: TOMLTable, requireNumber: Bool, source: String? = nil) throws(PlanError) -> Statement {
        let floor = try number(t, "floor", required: false)
        let ceiling = try number(t, "ceiling", required: false)
        if requireNumber && floor == nil && ceiling == nil {
            throw .missingField(file: file, line: locator.line(of: block), field: "floor or ceiling")
        }
        if let floor, let ceiling, floor > ceiling { throw fail("ceiling", "a number not below floor (\(floor))") }
        let strict = t["strict"].map { $0.bool ?? false } ?? false
        let approximate = t["approximate"].map { $0.bool ?? false } ?? false
        return Statement(source: source, floor: floor, ceiling: ceiling, strict: strict, approximate: approximate,
                         schedule: try yearRanges(t, "schedule"))
    }
}
