import Foundation

/// A province (or centrally run city) of Việt Nam before 1 July 2025.
public struct Province: Sendable, Codable, Equatable, Hashable {
    /// Statistics office (GSO) code.
    public let code: Int
    public let name: String
    public let asciiName: String
    /// Socio-economic region (vùng kinh tế - xã hội).
    public let socioEconomicRegion: String
    /// The provincial unit it belongs to from 1 July 2025 (Resolution 202/2025/QH15).
    public let unit2025: String
}

/// The 63 provinces with their codes, regions and 2025 units, and the name
/// matching users need: any spelling with or without diacritics, any Unicode
/// normalisation, prefixes ("TP.", "Thành phố", "Tỉnh"), hyphens ("Thừa Thiên - Huế"),
/// or the statistics office code.
public struct RegionReference: Sendable {
    public let provinces: [Province]
    private let byKey: [String: Int]

    public init(provinces: [Province]) {
        self.provinces = provinces
        var index: [String: Int] = [:]
        for (i, p) in provinces.enumerated() {
            index[Self.key(p.name)] = i
            index[Self.key(p.asciiName)] = i
            index[String(p.code)] = i
        }
        byKey = index
    }

    /// The reference bundled with TFPKit (Datasets/vietnam/provinces_reference.csv).
    public static func bundled() throws(DataIOError) -> RegionReference {
        guard let url = Bundle.module.url(forResource: "provinces_reference", withExtension: "csv") else {
            throw .cannotOpen(file: "provinces_reference.csv", reason: "the bundled region reference is missing")
        }
        return try read(path: url.path)
    }

    public static func read(path: String) throws(DataIOError) -> RegionReference {
        let table = try CSVTable.read(path: path)
        let codes = try table.strings(column: "gso_code"), names = try table.strings(column: "name")
        let ascii = try table.strings(column: "name_ascii"), regions = try table.strings(column: "socioeconomic_region")
        let units = try table.strings(column: "unit_from_2025_07_01")
        var provinces: [Province] = []
        for i in codes.indices {
            guard let code = Int(codes[i]) else {
                throw .notAnInteger(FileLocation(file: path, line: table.lines[i], column: 1, columnName: "gso_code"), text: codes[i])
            }
            provinces.append(
                Province(
                    code: code, name: names[i].precomposedStringWithCanonicalMapping, asciiName: ascii[i],
                    socioEconomicRegion: regions[i].precomposedStringWithCanonicalMapping,
                    unit2025: units[i].precomposedStringWithCanonicalMapping))
        }
        return RegionReference(provinces: provinces)
    }

    /// Whether a name is the whole country (Việt Nam, Cả nước, toàn quốc), not a province.
    public static func isNational(_ name: String) -> Bool {
        ["vietnam", "canuoc", "toanquoc", "national"].contains(key(name))
    }

    /// The comparison key: no diacritics (Đ → D), no case, no prefixes, letters and digits only.
    public static func key(_ name: String) -> String {
        if let ascii = asciiKey(name) { return aliases[ascii] ?? ascii }
        return FoldedKeys.shared.key(name)
    }

    /// The key by Foundation's folding (any name).
    package static func foldedKey(_ name: String) -> String {
        var s = name.precomposedStringWithCanonicalMapping
            .replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
            .folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        for prefix in ["thanh pho ", "tp. ", "tp.", "tp ", "tinh "] where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count))
            break
        }
        let k = s.filter { $0.isLetter || $0.isNumber }
        return aliases[k] ?? k
    }

    /// The same key for an ASCII name without Foundation's folding (a benchmark of 100,000
    /// firms resolved every name through it): lower case, the prefixes dropped, letters and
    /// digits kept. Nil for any other name.
    package static func asciiKey(_ name: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        for b in name.utf8 {
            guard b < 0x80 else { return nil }
            bytes.append(b >= 65 && b <= 90 ? b + 32 : b)
        }
        var start = 0
        for prefix in ["thanh pho ", "tp. ", "tp.", "tp ", "tinh "] where bytes.starts(with: prefix.utf8) {
            start = prefix.utf8.count
            break
        }
        let kept = bytes[start...].filter { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Short forms in common use, by key (issue 11): TP.HCM, TPHCM, HCM and Sài Gòn for
    /// Hồ Chí Minh; Huế, the city's name since 2025 on the same territory, for Thừa Thiên Huế.
    static let aliases: [String: String] = [
        "tphcm": "hochiminh", "hcm": "hochiminh", "hcmc": "hochiminh", "hochiminhcity": "hochiminh", "saigon": "hochiminh",
        "hue": "thuathienhue",
    ]

    public func resolve(_ name: String) -> Province? {
        let utf8 = name.utf8
        let plain = utf8.first.map { $0 > 0x20 && $0 < 0x80 } == true && utf8.last.map { $0 > 0x20 && $0 < 0x80 } == true
        let trimmed = plain ? name : name.trimmingCharacters(in: .whitespaces)
        if let code = Int(trimmed), let i = byKey[String(code)] { return provinces[i] }
        return byKey[Self.key(trimmed)].map { provinces[$0] }
    }

    /// The nearest known names by edit distance on the comparison keys.
    public func suggestions(for name: String, count: Int = 3) -> [String] {
        // Edit distance is quadratic: names far longer than any province get none.
        guard name.count <= 100 else { return [] }
        let k = Self.key(name)
        let scored: [(name: String, distance: Int)] = provinces.map { p in (p.name, editDistance(k, Self.key(p.name))) }
        let sorted = scored.sorted { (a: (name: String, distance: Int), b: (name: String, distance: Int)) -> Bool in
            a.distance != b.distance ? a.distance < b.distance : a.name < b.name
        }
        return sorted.prefix(count).map(\.name)
    }

    public func province(_ name: String, at location: FileLocation? = nil) throws(DataIOError) -> Province {
        guard let p = resolve(name) else { throw .unknownRegion(location, name: name, suggestions: suggestions(for: name)) }
        return p
    }

    /// The 34 units from 1 July 2025, with their member provinces.
    public var units2025: [(unit: String, members: [Province])] {
        var order: [String] = []
        var members: [String: [Province]] = [:]
        for p in provinces {
            if members[p.unit2025] == nil { order.append(p.unit2025) }
            members[p.unit2025, default: []].append(p)
        }
        return order.map { ($0, members[$0]!) }
    }
}

/// Levenshtein distance (Wagner–Fischer), for suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// Foundation's folding takes tens of microseconds a name, and the same few names (the provinces)
/// are keyed again and again (every actuals row for every target of a plan: 8,000 targets took
/// 13.9 s; issue 14): the folded keys of non-ASCII names, remembered. Bounded: a file of millions
/// of distinct names empties it rather than growing without limit. Locked: `tfp run` keys in parallel.
final class FoldedKeys: @unchecked Sendable {
    static let shared = FoldedKeys()
    static let capacity = 100_000
    private let lock = NSLock()
    private var keys: [String: String] = [:]

    func key(_ name: String) -> String {
        lock.lock()
        if let known = keys[name] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let folded = RegionReference.foldedKey(name)
        lock.lock()
        if keys.count >= Self.capacity { keys.removeAll(keepingCapacity: true) }
        keys[name] = folded
        lock.unlock()
        return folded
    }
}
