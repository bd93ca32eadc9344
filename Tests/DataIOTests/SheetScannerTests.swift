import DataIO
import Foundation
import Testing
import ZIPFoundation
import _TestSupport

/// The worksheet scanner (issue 11, and the hostile sweep of 2026-12-02): a damaged sheet
/// is refused with its sheet and cell, never read as a shorter or altered table.
@Suite struct SheetScannerTests {
    /// A minimal workbook (the parts openpyxl writes) around `sheet`, the body of sheet1.xml.
    func workbook(_ sheet: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scanner-\(UUID().uuidString).xlsx").path
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let parts: [(String, String)] = [
            (
                "[Content_Types].xml",
                #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
            ),
            (
                "xl/workbook.xml",
                #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
            ("xl/worksheets/sheet1.xml", #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"# + sheet + "</worksheet>"),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return path
    }

    func row(_ r: Int, _ region: String, _ year: String, _ output: String, _ employment: String) -> String {
        #"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>\#(region)</t></is></c><c r="B\#(r)"><v>\#(year)</v></c><c r="C\#(r)"><v>\#(output)</v></c><c r="D\#(r)"><v>\#(employment)</v></c></row>"#
    }

    var header: String {
        #"<row r="1"><c r="A1" t="inlineStr"><is><t>region</t></is></c><c r="B1" t="inlineStr"><is><t>year</t></is></c><c r="C1" t="inlineStr"><is><t>output</t></is></c><c r="D1" t="inlineStr"><is><t>employment</t></is></c></row>"#
    }

    @Test func aWellFormedSheetWithEntitiesCdataCommentsAndPrefixesIsRead() throws {
        let body =
            "<sheetData>" + header + row(2, "Đà &amp; Nẵng", "2020", "100", "10")
            + #"<!-- a comment --><x:row r="3" xmlns:x="x"><x:c r='A3' t='inlineStr'><x:is><x:t>B&#x1EA1;</x:t></x:is></x:c><x:c r="B3"><x:v>2020</x:v></x:c><x:c r="C3"><x:v><![CDATA[2.5E2]]></x:v></x:c><x:c r="D3"><x:v> 20 </x:v></x:c></x:row>"#
            + "</sheetData>"
        let panel = try Panel.read(path: try workbook(body), required: [.output, .employment])
        #expect(panel.series.map(\.region).sorted() == ["Bạ", "Đà & Nẵng"].sorted())
        #expect(panel.values[.output]?.sorted() == [100, 250])
    }

    @Test func aDamagedSheetIsRefusedNeverShortened() throws {
        let good = "<sheetData>" + header + row(2, "A", "2020", "100", "10") + row(3, "A", "2021", "110", "11") + "</sheetData>"
        // Truncated anywhere after the first rows: refused, not read as the rows before the cut.
        let full = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"# + good
        for cut in stride(from: good.count / 2, to: good.count - 1, by: 7) {
            let truncated = String(good.prefix(cut))
            let path = try workbook(truncated)
            #expect(throws: DataIOError.self, "cut at \(cut) of \(full.count)") { try Panel.read(path: path, required: [.output, .employment]) }
        }
        let cases: [(String, String)] = [
            ("<sheetData>" + header + row(2, "A", "2020", "100", "10") + #"<row r="2"><c r="C2"><v>555</v></c></row>"# + "</sheetData>", "row numbers out of order"),
            (
                "<sheetData>" + header + #"<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><v>2020</v></c><c r="C2"><v>1</v></c><c r="C2"><v>555</v></c></row>"# + "</sheetData>",
                "repeated or out of order"
            ),
            ("<sheetData>" + header + row(2, "A", "2020", "0x64", "10") + "</sheetData>", "not a number"),
            // Not well-formed XML (the hostile sweep): an end tag that closes another element, and a million
            // elements opened and never closed, are damage however the cells around them read.
            ("<sheetData>" + header + row(2, "A", "2020", "100", "10").replacingOccurrences(of: "</row>", with: "</rowx>") + "</sheetData>", "does not close"),
            ("<sheetData>" + String(repeating: "<x>", count: 1_000_000) + header + row(2, "A", "2020", "100", "10") + "</sheetData>", "does not close"),
            ("<sheetData>" + header + row(2, "A", "2020", String(repeating: "9", count: 5_000) + "x", "10") + "</sheetData>", "…"),
        ]
        for (body, words) in cases {
            let path = try workbook(body)
            do {
                _ = try Panel.read(path: path, required: [.output, .employment])
                Issue.record("no error for \(words)")
            } catch {
                #expect(error.localizedDescription.contains(words), "\(error.localizedDescription.prefix(300))")
                #expect(error.localizedDescription.count < 1_000)  // a long cell is not echoed whole
            }
        }
    }

    /// A phonetic run (<rPh>, furigana-style reading aid) is not part of the cell's text (ECMA-376 §18.4.6).
    @Test func phoneticRunsAreNotText() throws {
        let cell = #"<c r="A2" t="inlineStr"><is><t>Đà Nẵng</t><rPh sb="0" eb="1"><t>XX</t></rPh></is></c>"#
        let body = "<sheetData>" + header + #"<row r="2">"# + cell + #"<c r="B2"><v>2020</v></c><c r="C2"><v>100</v></c><c r="D2"><v>10</v></c></row></sheetData>"#
        let panel = try Panel.read(path: try workbook(body), required: [.output, .employment])
        #expect(panel.series.map(\.region) == ["Đà Nẵng"])
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        let body = "<sheetData>" + header + row(2, "A\u{FFFD}", "2020", "100", "10") + "</sheetData>"
        // Replace the U+FFFD (EF BF BD) by a lone byte FF: invalid UTF-8 inside an inline string.
        let path = try workbook(body)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var sheet = Data()
        _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
        var bytes = [UInt8](sheet)
        if let k = bytes.indices.dropLast(2).first(where: { bytes[$0] == 0xEF && bytes[$0 + 1] == 0xBF && bytes[$0 + 2] == 0xBD }) {
            bytes.replaceSubrange(k..<(k + 3), with: [0xFF])
        }
        let text = String(decoding: bytes, as: UTF8.self)  // rebuilt below from the raw bytes
        _ = text
        let damaged = FileManager.default.temporaryDirectory.appendingPathComponent("scanner-utf8-\(UUID().uuidString).xlsx").path
        let out = try Archive(url: URL(fileURLWithPath: damaged), accessMode: .create)
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            if entry.path == "xl/worksheets/sheet1.xml" { data = Data(bytes) }
            try out.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, s in
                data.subdata(in: Int(p)..<Int(p) + s)
            }
        }
        #expect(throws: DataIOError.self) { try Panel.read(path: damaged, required: [.output, .employment]) }
    }
}
