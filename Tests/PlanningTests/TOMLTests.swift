import Foundation
import Planning
import Testing
import _TestSupport

/// The plan files' TOML reader against the TOML 1.0 specification's own examples
/// (https://toml.io/en/v1.0.0), and fuzzed on the bundled plans.
@Suite struct TOMLTests {
    @Test func specificationExamples() throws {
        let doc = try TOML.parse(
            #"""
            # This is a TOML document
            title = "TOML Example"
            "quoted key" = 'literal \n kept'
            site."google.com" = true
            int = +99
            hex = 0xDEADBEEF
            oct = 0o755
            bin = 0b1101
            big = 1_000_000
            flt = -3.1415e-2
            inf_ = -inf
            dob = 1979-05-27T07:32:00-08:00
            ld = 1979-05-27
            esc = "tab\tquote\" \u00E9 \U0001F600"
            ml = """
            Roses \
               are red"""
            mll = '''
            raw \n'''
            nested = [[1, 2], ["a", 'b'], ]
            point = { x = 1, y = { z = "deep" } }

            [owner]
            name = "Tom Preston-Werner"

            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            [products.colour]
            main = "grey"
            """#)
        #expect(doc["title"]?.string == "TOML Example")
        #expect(doc["quoted key"]?.string == #"literal \n kept"#)
        #expect(doc["site"]?.table?["google.com"]?.bool == true)
        #expect(doc["int"]?.int == 99 && doc["hex"]?.int == 0xDEADBEEF && doc["oct"]?.int == 0o755 && doc["bin"]?.int == 13)
        #expect(doc["big"]?.int == 1_000_000)
        #expect(doc["flt"]?.double == -3.1415e-2)
        #expect(doc["inf_"]?.double == -.infinity)
        #expect(doc["dob"] == .datetime("1979-05-27T07:32:00-08:00"))
        #expect(doc["ld"] == .datetime("1979-05-27"))
        #expect(doc["esc"]?.string == "tab\tquote\" é 😀")
        #expect(doc["ml"]?.string == "Roses are red")
        #expect(doc["mll"]?.string == "raw \\n")
        #expect(doc["nested"]?.array?.count == 2)
        #expect(doc["point"]?.table?["y"]?.table?["z"]?.string == "deep")
        #expect(doc["owner"]?.table?["name"]?.string == "Tom Preston-Werner")
        let products = try #require(doc["products"]?.array)
        #expect(products.count == 3)
        #expect(products[1].table?.keys.isEmpty == true)
        #expect(products[2].table?["colour"]?.table?["main"]?.string == "grey")
        #expect(doc.keys.first == "title")
    }

    @Test func invalidDocumentsNameLineAndColumn() {
        let cases: [(String, Int, String)] = [
            ("[[[not toml", 1, "key"),
            ("a = 1\na = 2", 2, "defined twice"),
            ("[t]\nx = 1\n[t]", 3, "defined twice"),
            ("a = \"open", 1, "not closed"),
            ("a = 99999999999999999999", 1, "not a value"),
            ("a = 0123", 1, "not a value"),
            ("a = [1, 2", 1, "expected"),
            ("a = { b = 1,\n c = 2 }", 1, "inline"),
            ("a = tru", 1, "value"),
            ("a = 1 b = 2", 1, "end of the line"),
            ("x = { y = 1 }\n[x]", 2, "inline"),
            (String(repeating: "a = [", count: 1) + String(repeating: "[", count: 10_000), 1, "nested"),
        ]
        for (text, line, words) in cases {
            do {
                _ = try TOML.parse(text)
                Issue.record("accepted: \(text.prefix(40))")
            } catch {
                #expect(error.line == line, "\(text.prefix(40)): \(error)")
                #expect(error.message.contains(words), "\(text.prefix(40)): \(error)")
            }
        }
    }

    @Test func bundledPlansParseAndMutationsFailCleanly() throws {
        let folder = repositoryPath("Datasets/plans")
        let plans = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(plans.count == 6)
        var seeds: [[UInt8]] = []
        for name in plans {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            let doc = try TOML.parse(text)
            #expect(doc["plan"]?.table?["region"]?.string?.isEmpty == false, "\(name)")
            seeds.append(Array(text.utf8))
        }
        // Seeded mutations (AFL-style, Tests/_TestSupport/Mutator.swift): a document or a ParseError, never a trap.
        var mutator = Mutator(seed: 36)
        let tokens: [[UInt8]] = ["[[", "]]", "[", "]", "=", "\"\"\"", "'''", "{", "}", "\\u", "\\U0011FFFF", ".", "#", "0x", "1e999", "_"].map { Array($0.utf8) }
        let iterations = ProcessInfo.processInfo.environment["TFP_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3000
        var parsed = 0
        for _ in 0..<iterations {
            let bytes = mutator.mutate(seeds[mutator.below(seeds.count)], tokens: tokens)
            let text = String(decoding: bytes, as: UTF8.self)
            if (try? TOML.parse(text)) != nil { parsed += 1 }
        }
        #expect(parsed > 0 && parsed < iterations)
    }
}
