import DataIO
import Foundation

/// Writes `Encodable` values as JSON text the way the command-line contract needs it
/// (DESIGN.md), which Foundation's `JSONEncoder` does not:
/// - keys in the order the value encodes them (its `CodingKeys`), not hashed or sorted;
/// - a missing optional written as `null` (`encodeIfPresent` writes the key), so that every
///   member of a schema is present whether it has a value or not;
/// - non-finite numbers as `null` (JSON has no NaN), finite ones in their shortest
///   round-trip form (Swift's `description`, the digits `ReportTable` writes);
/// - strings escaped as `JSONText.string` does (byte-equal to `JSONEncoder`).
///
/// Objects and short arrays of scalars are written on one line; an array of objects,
/// of arrays or of long texts puts one item per line. Result types decode from this text with
/// `JSONDecoder` when their values are finite (the keys are their `CodingKeys`).
public enum JSONWriter {
    /// The JSON text of `value`.
    /// - Parameters:
    ///   - value: what to write.
    ///   - indent: the indentation of the line the value starts on (for items on their own lines).
    /// - Returns: the text, without a trailing newline.
    /// - Throws: `EncodingError.invalidValue` when the value encodes nothing.
    public static func text<T: Encodable>(_ value: T, indent: String = "") throws -> String {
        // Through `node`, as every nested value: a dictionary at the top is sorted too.
        let root = try Reporting.node(value, codingPath: [])
        guard root.content != nil else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) encoded no value"))
        }
        var out = ""
        root.write(to: &out, indent: indent)
        return out
    }

    /// The members of an object-encoding value, each as its JSON text, in encoding order
    /// (to merge a result's members into a command's top-level object).
    /// - Parameters:
    ///   - value: a value that encodes a keyed container.
    ///   - indent: the indentation of the members' lines.
    /// - Returns: (key, JSON text) pairs.
    /// - Throws: `EncodingError.invalidValue` when the value does not encode an object.
    public static func members<T: Encodable>(of value: T, indent: String = "  ") throws -> [(String, String)] {
        // Through `node`, as every nested value: a dictionary at the top is sorted too.
        let root = try Reporting.node(value, codingPath: [])
        guard case .object(let members)? = root.content else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) does not encode an object"))
        }
        return members.map { key, node in
            var out = ""
            node.write(to: &out, indent: indent)
            return (key, out)
        }
    }
}

/// One value of the tree an encoding builds; a class so that nested containers can fill
/// it after their parent has stored it.
final class JSONNode {
    enum Content {
        case scalar(String)
        case array([JSONNode])
        case object([(String, JSONNode)])
    }
    var content: Content? { didSet { memberIndex = nil } }
    /// Where each key of an object is in its members (built on the first `set`, dropped when the content is
    /// replaced): a linear search per key made an object of n keys (a dictionary of interval rows) O(n²).
    private var memberIndex: [String: Int]?

    init(_ content: Content? = nil) { self.content = content }

    static func number(_ v: Double) -> JSONNode { JSONNode(.scalar(v.isFinite ? DoubleText.text(v) : "null")) }

    func set(member key: String, _ node: JSONNode) {
        guard case .object(var members) = content else {
            content = .object([(key, node)])
            memberIndex = [key: 0]
            return
        }
        var index = memberIndex ?? Dictionary(members.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { first, _ in first })
        // Release the content's reference first, so that the members are changed in place, not copied
        // on every key (which made encoding n members O(n²): 2,313 notes took a tenth of a second).
        content = nil
        if let k = index[key] {
            members[k].1 = node
        } else {
            index[key] = members.count
            members.append((key, node))
        }
        content = .object(members)
        memberIndex = index
    }

    func append(_ node: JSONNode) {
        guard case .array(var items) = content else {
            content = .array([node])
            return
        }
        content = nil  // as in `set(member:)`: the items are appended to in place, not copied
        items.append(node)
        content = .array(items)
    }

    var isContainer: Bool {
        switch content {
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        default: false
        }
    }

    func write(to out: inout String, indent: String) {
        switch content {
        case nil: out += "null"
        case .scalar(let text): out += text
        case .object(let members):
            out += "{"
            for (k, member) in members.enumerated() {
                if k > 0 { out += ", " }
                out += JSONText.string(member.0) + ": "
                member.1.write(to: &out, indent: indent)
            }
            out += "}"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            if !items.contains(where: \.isContainer) {
                let texts = items.map { item in
                    var text = ""
                    item.write(to: &text, indent: indent)
                    return text
                }
                // Short lists of scalars on one line; long ones (sentences) one item per line.
                if texts.reduce(0, { $0 + $1.utf8.count + 2 }) <= 100 {
                    out += "[" + texts.joined(separator: ", ") + "]"
                } else {
                    out += "[\n" + texts.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
                }
                return
            }
            out += "[\n"
            for (k, item) in items.enumerated() {
                if k > 0 { out += ",\n" }
                out += indent + "  "
                item.write(to: &out, indent: indent + "  ")
            }
            out += "\n" + indent + "]"
        }
    }
}

struct NodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}

/// The node of one encodable value: scalars directly, anything else through its `encode(to:)`.
private func node<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONNode {
    switch value {
    case let v as Double: return .number(v)
    case let v as Float: return .number(Double(v))
    case let v as String: return JSONNode(.scalar(JSONText.string(v)))
    case let v as Bool: return JSONNode(.scalar(v ? "true" : "false"))
    case let v as Int: return JSONNode(.scalar(String(v)))
    // Every other integer type here: their `encode(to:)` asks a single-value container to
    // encode them, which the generic `encode` witnesses, so they must not fall through.
    case let v as any BinaryInteger: return JSONNode(.scalar(String(describing: v)))
    case let v as any StringKeyedDictionary: return try v.sortedNode(codingPath: codingPath)
    default:
        let child = JSONNode()
        try value.encode(to: NodeEncoder(node: child, codingPath: codingPath))
        return child
    }
}

/// A dictionary with text keys is written with its keys sorted: its own order changes
/// from one run to the next, and the same result must give the same bytes.
private protocol StringKeyedDictionary {
    func sortedNode(codingPath: [any CodingKey]) throws -> JSONNode
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Encodable {
    fileprivate func sortedNode(codingPath: [any CodingKey]) throws -> JSONNode {
        var members: [(String, JSONNode)] = []
        members.reserveCapacity(count)
        for key in keys.sorted() {
            guard let value = self[key] else { continue }
            members.append((key, try Reporting.node(value, codingPath: codingPath)))
        }
        return JSONNode(.object(members))
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.set(member: key.stringValue, JSONNode(.scalar("null"))) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, key) }
    private func put<T: Encodable>(_ value: T, _ key: Key) throws {
        node.set(member: key.stringValue, try Reporting.node(value, codingPath: codingPath + [key]))
    }
    private func putIfPresent<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try put(value, key) } else { node.set(member: key.stringValue, JSONNode(.scalar("null"))) }
    }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, key) }

    // A missing optional is written as null, not left out (the schemas require every member).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try putIfPresent(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try putIfPresent(value, key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object([]))
        node.set(member: key.stringValue, child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array([]))
        node.set(member: key.stringValue, child)
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super", path: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue, path: codingPath + [key]) }

    private func superEncoder(named name: String, path: [any CodingKey]) -> any Encoder {
        let child = JSONNode()
        node.set(member: name, child)
        return NodeEncoder(node: child, codingPath: path)
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = node.content { items.count } else { 0 }
    }

    mutating func encodeNil() throws { node.append(JSONNode(.scalar("null"))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
    private func put<T: Encodable>(_ value: T) throws {
        node.append(try Reporting.node(value, codingPath: codingPath + [IndexKey(count)]))
    }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONNode(.object([]))
        let path = codingPath + [IndexKey(count)]
        node.append(child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = JSONNode(.array([]))
        let path = codingPath + [IndexKey(count)]
        node.append(child)
        return UnkeyedNodeContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONNode()
        let path = codingPath + [IndexKey(count)]
        node.append(child)
        return NodeEncoder(node: child, codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar("null") }
    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }
    private func put<T: Encodable>(_ value: T) throws { node.content = try Reporting.node(value, codingPath: codingPath).content }
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
}
