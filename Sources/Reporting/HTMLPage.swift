import Foundation

/// A self-contained HTML document for people (issue 10): inline CSS and SVG,
/// no script, no network, no external font; readable on screen and printable
/// on A4 portrait in the body style of Vietnamese administrative documents
/// (a serif face at 13-14 pt, Decree 30/2020/NĐ-CP, appendix I: Times New Roman
/// 13-14). The fonts named are the ones installed with an office system;
/// DejaVu Serif and Liberation Serif carry every Vietnamese glyph on Linux.
package struct HTMLPage: Sendable {
    package let language: Language
    package let title: String
    private var parts: [String] = []

    package init(language: Language, title: String) {
        self.language = language
        self.title = title
    }

    package mutating func heading(_ text: String, level: Int = 2, id: String? = nil) {
        let l = max(1, min(4, level))
        parts.append("<h\(l)\(id.map { " id=\"\(HTML.escape($0))\"" } ?? "")>\(HTML.escape(text))</h\(l)>")
    }

    package mutating func paragraph(_ text: String, className: String? = nil) {
        parts.append("<p\(className.map { " class=\"\($0)\"" } ?? "")>\(HTML.escape(text))</p>")
    }

    package mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        parts.append("<ul>" + items.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>")
    }

    /// A definition list of parameters (α, δ, method…).
    package mutating func facts(_ items: [(String, String)]) {
        guard !items.isEmpty else { return }
        parts.append("<dl class=\"facts\">" + items.map { "<dt>\(HTML.escape($0.0))</dt><dd>\(HTML.escape($0.1))</dd>" }.joined() + "</dl>")
    }

    /// A figure: the chart's SVG (already escaped by SVGChart) and a caption.
    package mutating func figure(svg: String, caption: String) {
        parts.append("<figure>\(svg)<figcaption>\(HTML.escape(caption))</figcaption></figure>")
    }

    /// A table of cells; `numeric` marks right-aligned columns. `rawCells` columns hold trusted
    /// markup made by the report itself (progress bars), everything else is escaped.
    package mutating func table(
        headers: [String], rows: [[String]], numeric: Set<Int> = [], rawCells: Set<Int> = [], caption: String? = nil,
        rowClasses: [String?] = [], className: String? = nil
    ) {
        var out = className.map { "<table class=\"\($0)\">" } ?? "<table>"
        if let caption { out += "<caption>\(HTML.escape(caption))</caption>" }
        out += "<thead><tr>" + headers.enumerated().map { "<th\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(HTML.escape($0.element))</th>" }.joined() + "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            let cls = r < rowClasses.count ? rowClasses[r].map { " class=\"\($0)\"" } ?? "" : ""
            out +=
                "<tr\(cls)>"
                + row.enumerated().map { k, cell in
                    let body = rawCells.contains(k) ? cell : HTML.escape(cell)
                    return "<td\(numeric.contains(k) ? " class=\"num\"" : "")>\(body)</td>"
                }.joined() + "</tr>"
        }
        parts.append(out + "</tbody></table>")
    }

    /// A ReportTable in the page's language (labels and number style).
    package mutating func table(_ table: ReportTable, caption: String? = nil) {
        let numeric = Set(table.columns.indices.filter { table.columns[$0].kind != .text })
        self.table(
            headers: table.headings(language),
            rows: table.rows.map { zip($0, table.columns).map { ReportTable.humanText($0, $1.kind, language) } },
            numeric: numeric, caption: caption)
    }

    package mutating func raw(_ trustedMarkup: String) { parts.append(trustedMarkup) }

    package func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="tfp \(ToolVersion.current)">
        <title>\(HTML.escape(title))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <main>
        \(parts.joined(separator: "\n"))
        </main>
        </body>
        </html>

        """
    }

    static let css = """
        @page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
        html { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13.5pt; line-height: 1.35; color: #111; }
        body { margin: 0; }
        main { max-width: 165mm; margin: 0 auto; padding: 8mm 4mm; }
        h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin: 0 0 4pt; }
        h2 { font-size: 14pt; margin: 16pt 0 6pt; break-after: avoid; }
        h3 { font-size: 13.5pt; margin: 12pt 0 4pt; break-after: avoid; }
        p { margin: 4pt 0; text-align: justify; }
        p.subtitle { text-align: center; font-style: italic; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; font-size: 12pt; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; font-size: 11pt; margin: 6pt 0 10pt; table-layout: auto; }
        caption { text-align: left; font-weight: bold; padding-bottom: 3pt; }
        th, td { border: 0.6pt solid #555; padding: 2pt 4pt; vertical-align: top; overflow-wrap: break-word; hyphens: manual; }
        table.targets { table-layout: fixed; font-size: 10.5pt; }
        table.targets th:nth-child(1) { width: 5%; } table.targets th:nth-child(2) { width: 25%; }
        table.targets th:nth-child(3) { width: 9%; } table.targets th:nth-child(4) { width: 12%; }
        table.targets th:nth-child(5) { width: 9%; } table.targets th:nth-child(6) { width: 10%; }
        table.targets th:nth-child(7) { width: 13%; } table.targets th:nth-child(8) { width: 17%; }
        table.targets td.num, table.targets th { white-space: normal; }
        table.targets td, table.targets th { overflow-wrap: anywhere; }
        table.targets th { font-size: 9.5pt; }
        th { background: #e8eef4; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        th.num { white-space: normal; }
        tr { break-inside: avoid; }
        tr.met td:nth-last-child(2) { color: #1a6b2f; font-weight: bold; }
        tr.missed td:nth-last-child(2), tr.error td:nth-last-child(2) { color: #a11d1d; font-weight: bold; }
        tr.at-risk td:nth-last-child(2) { color: #9a5b00; font-weight: bold; }
        figure { margin: 8pt 0 12pt; break-inside: avoid; }
        figcaption { font-size: 11pt; font-style: italic; text-align: center; }
        svg.chart { width: 100%; height: auto; font-family: inherit; }
        svg.chart text { font-size: 11px; fill: #222; }
        svg.chart .chart-title { font-size: 13px; font-weight: bold; }
        svg.chart .axis-label, svg.chart .band-label { font-size: 11px; font-style: italic; }
        svg.chart .tick-strong { font-weight: bold; font-size: 11px; }
        svg.chart .grid { stroke: #ddd; stroke-width: 0.8; }
        svg.chart .zero { stroke: #444; stroke-width: 1; }
        svg.chart .band { fill: #2b6cb0; fill-opacity: 0.15; stroke: #2b6cb0; stroke-dasharray: 4 3; }
        svg.chart .whisker line { stroke: #333; stroke-width: 1.4; }
        svg.chart .target { stroke: #a11d1d; stroke-width: 1.5; stroke-dasharray: 6 3; }
        svg.chart .marker { fill: #222; }
        svg.chart .dot { fill: #7a8ca0; }
        svg.chart .dot-highlight { fill: #a11d1d; }
        svg.progress { width: 100%; max-width: 60pt; height: 5pt; display: block; margin-top: 2pt; }
        svg.progress .progress-track { fill: #e3e3e3; }
        svg.progress .progress-bar { fill: #c98a1b; }
        svg.progress .progress-done { fill: #2f8a46; }
        .muted { color: #555; font-size: 11.5pt; }
        """
}
