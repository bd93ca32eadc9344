import Foundation

/// Charts as inline SVG for the report page (issue 10): no script, no external
/// resource, printable. Every chart has a title and a text alternative
/// (`<title>`, `<desc>`, `role="img"`), axis labels with units, and escapes every
/// text that came from a data file. Sizes are in CSS pixels of a 640-wide
/// viewBox that scales to the column width.
package enum SVGChart {
    package struct Series: Sendable {
        package let name: String
        package let color: String
        package let values: [Double?]
        package init(name: String, color: String, values: [Double?]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    /// A horizontal band or line drawn across the plot (a plan's target, 40-43%).
    package struct Band: Sendable {
        package let low: Double
        package let high: Double
        package let label: String
        package init(low: Double, high: Double, label: String) {
            self.low = low
            self.high = high
            self.label = label
        }
    }

    static let width = 640.0
    static let left = 64.0, right = 16.0, top = 34.0, bottom = 64.0

    // MARK: Scales

    /// Ticks at 1, 2 or 5 × 10^k covering [low, high] (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990).
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard low.isFinite, high.isFinite else { return [0, 1] }
        var (lo, hi) = (min(low, high), max(low, high))
        if hi - lo < 1e-12 { (lo, hi) = (lo - 1, hi + 1) }
        let raw = (hi - lo) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(lo / step) * step
        var out: [Double] = []
        var v = first
        while v <= hi + step * 0.5 && out.count < 50 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    struct Scale {
        let low: Double, high: Double, pixelsLow: Double, pixelsHigh: Double
        func callAsFunction(_ v: Double) -> Double {
            pixelsLow + (v - low) / (high - low) * (pixelsHigh - pixelsLow)
        }
    }

    static func number(_ v: Double) -> String { String(format: "%.1f", v) }

    static func open(height: Double, title: String, description: String) -> String {
        // FNV-1a of the texts: ids stable across runs (Swift's hashValue is seeded per process).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (title + description).utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let id = "c" + String(hash, radix: 36)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)t \(id)d\" class=\"chart\">"
            + "<title id=\"\(id)t\">\(HTML.escape(title))</title><desc id=\"\(id)d\">\(HTML.escape(description))</desc>"
            + "<text x=\"\(number(width / 2))\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\">\(HTML.escape(title))</text>"
    }

    static func legend(_ items: [(String, String)], y: Double) -> String {
        var out = "", x = left
        for (name, color) in items {
            out += "<rect x=\"\(number(x))\" y=\"\(number(y - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            out += "<text x=\"\(number(x + 14))\" y=\"\(number(y))\" class=\"legend\">\(HTML.escape(name))</text>"
            x += 24 + Double(name.count) * 6.2
        }
        return out
    }

    static func yAxis(_ scale: Scale, ticks: [Double], label: String, format: (Double) -> String) -> String {
        var out = ""
        for t in ticks {
            let y = scale(t)
            out += "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y))\" y2=\"\(number(y))\" class=\"\(t == 0 ? "zero" : "grid")\"/>"
            out += "<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\" class=\"tick\">\(HTML.escape(format(t)))</text>"
        }
        out += "<text transform=\"translate(14 \(number((scale.pixelsLow + scale.pixelsHigh) / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"axis-label\">\(HTML.escape(label))</text>"
        return out
    }

    // MARK: Charts

    /// Stacked bars per category (positive parts stacked up, negative parts down), with
    /// an optional marker series drawn as a diamond (output growth) and an optional band.
    /// `whiskers`: an interval per category (low, high) drawn as an error bar over the
    /// stack, for a quantity drawn under uncertain assumptions (issue 12).
    package static func stackedBars(
        title: String, description: String, categories: [String], series: [Series], marker: Series?,
        band: Band?, yLabel: String, format: (Double) -> String, whiskers: [(low: Double, high: Double)?] = [],
        whiskerLabel: String = ""
    ) -> String {
        let height = 300.0
        var low = 0.0, high = 0.0
        for w in whiskers { if let w, w.low.isFinite, w.high.isFinite { low = min(low, w.low); high = max(high, w.high) } }
        for k in categories.indices {
            var up = 0.0, down = 0.0
            for s in series { if k < s.values.count, let v = s.values[k], v.isFinite { if v >= 0 { up += v } else { down += v } } }
            high = max(high, up)
            low = min(low, down)
            if let marker, k < marker.values.count, let m = marker.values[k], m.isFinite { high = max(high, m); low = min(low, m) }
        }
        if let band { high = max(high, band.high); low = min(low, band.low) }
        let tickValues = ticks(low, high)
        let scale = Scale(low: tickValues.first ?? low, high: tickValues.last ?? high, pixelsLow: height - bottom, pixelsHigh: top)
        var out = open(height: height, title: title, description: description)
        out += yAxis(scale, ticks: tickValues, label: yLabel, format: format)
        if let band {
            let y1 = scale(band.high), y0 = scale(band.low)
            out += "<rect x=\"\(number(left))\" y=\"\(number(y1))\" width=\"\(number(width - left - right))\" height=\"\(number(max(1.5, y0 - y1)))\" class=\"band\"/>"
            out += "<text x=\"\(number(width - right - 4))\" y=\"\(number(y1 - 4))\" text-anchor=\"end\" class=\"band-label\">\(HTML.escape(band.label))</text>"
        }
        let slot = (width - left - right) / Double(max(1, categories.count))
        let barWidth = min(36, slot * 0.6)
        for (k, category) in categories.enumerated() {
            let x = left + slot * (Double(k) + 0.5)
            var up = 0.0, down = 0.0
            for s in series {
                guard k < s.values.count, let v = s.values[k], v.isFinite, v != 0 else { continue }
                let from = v >= 0 ? up : down
                let to = from + v
                if v >= 0 { up = to } else { down = to }
                let y = min(scale(from), scale(to)), h = abs(scale(to) - scale(from))
                out +=
                    "<rect x=\"\(number(x - barWidth / 2))\" y=\"\(number(y))\" width=\"\(number(barWidth))\" height=\"\(number(max(0.5, h)))\" fill=\"\(s.color)\"><title>\(HTML.escape("\(category), \(s.name): \(format(v))"))</title></rect>"
            }
            if k < whiskers.count, let w = whiskers[k], w.low.isFinite, w.high.isFinite {
                let y0 = scale(w.low), y1 = scale(w.high)
                out +=
                    "<g class=\"whisker\"><title>\(HTML.escape("\(category), \(whiskerLabel): \(format(w.low)) – \(format(w.high))"))</title>"
                    + "<line x1=\"\(number(x))\" x2=\"\(number(x))\" y1=\"\(number(y0))\" y2=\"\(number(y1))\"/>"
                    + "<line x1=\"\(number(x - 5))\" x2=\"\(number(x + 5))\" y1=\"\(number(y0))\" y2=\"\(number(y0))\"/>"
                    + "<line x1=\"\(number(x - 5))\" x2=\"\(number(x + 5))\" y1=\"\(number(y1))\" y2=\"\(number(y1))\"/></g>"
            }
            if let marker, k < marker.values.count, let m = marker.values[k], m.isFinite {
                let y = scale(m)
                out +=
                    "<path d=\"M\(number(x)) \(number(y - 6)) L\(number(x + 6)) \(number(y)) L\(number(x)) \(number(y + 6)) L\(number(x - 6)) \(number(y)) Z\" class=\"marker\"><title>\(HTML.escape("\(category), \(marker.name): \(format(m))"))</title></path>"
            }
            out += "<text x=\"\(number(x))\" y=\"\(number(height - bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(category))</text>"
        }
        var items = series.map { ($0.name, $0.color) }
        if let marker { items.append(("◆ " + marker.name, "#222222")) }
        if whiskers.contains(where: { $0 != nil }) { items.append(("┴ " + whiskerLabel, "#555555")) }
        out += legend(items, y: height - 14)
        return out + "</svg>"
    }

    /// One bar of a tornado chart: the result at an assumption's low and high value.
    package struct TornadoBar: Sendable {
        package let label: String
        package let lowValue: String
        package let highValue: String
        package let atLow: Double
        package let atHigh: Double
        package init(label: String, lowValue: String, highValue: String, atLow: Double, atHigh: Double) {
            self.label = label
            self.lowValue = lowValue
            self.highValue = highValue
            self.atLow = atLow
            self.atHigh = atHigh
        }
    }

    /// A tornado chart (issue 12): one horizontal bar per assumption, from the result at
    /// its low value to the result at its high value, the others at their centre; the
    /// widest bar first; a vertical line at the central result and the plan's band.
    package static func tornado(
        title: String, description: String, centre: Double, bars: [TornadoBar], band: Band?,
        lowLegend: String, highLegend: String, xLabel: String, format: (Double) -> String
    ) -> String {
        let shown = bars.filter { $0.atLow.isFinite && $0.atHigh.isFinite }.sorted { abs($0.atHigh - $0.atLow) > abs($1.atHigh - $1.atLow) }
        let rowHeight = 34.0, labelWidth = 190.0
        let plotBottom = top + 8 + Double(shown.count) * rowHeight
        let height = plotBottom + 62
        var values = shown.flatMap { [$0.atLow, $0.atHigh] } + [centre]
        if let band { values += [band.low, band.high] }
        let finite = values.filter(\.isFinite)
        let tickValues = ticks(finite.min() ?? 0, finite.max() ?? 1)
        let scale = Scale(low: tickValues.first ?? 0, high: tickValues.last ?? 1, pixelsLow: labelWidth, pixelsHigh: width - right - 30)
        var out = open(height: height, title: title, description: description)
        if let band {
            let x0 = scale(band.low), x1 = scale(band.high)
            out += "<rect x=\"\(number(x0))\" y=\"\(number(top))\" width=\"\(number(max(1.5, x1 - x0)))\" height=\"\(number(plotBottom - top))\" class=\"band\"/>"
            out += "<text x=\"\(number(x1 + 4))\" y=\"\(number(top + 10))\" class=\"band-label\">\(HTML.escape(band.label))</text>"
        }
        for t in tickValues {
            out += "<line x1=\"\(number(scale(t)))\" x2=\"\(number(scale(t)))\" y1=\"\(number(top))\" y2=\"\(number(plotBottom))\" class=\"grid\"/>"
            out += "<text x=\"\(number(scale(t)))\" y=\"\(number(plotBottom + 14))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(format(t)))</text>"
        }
        let lowColor = "#4a6fa5", highColor = "#c98a1b"
        for (k, bar) in shown.enumerated() {
            let y = top + 8 + rowHeight * Double(k)
            let xc = scale(centre)
            out += "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + 15))\" text-anchor=\"end\" class=\"tick-strong\">\(HTML.escape(bar.label))</text>"
            for (value, color, name) in [(bar.atLow, lowColor, bar.lowValue), (bar.atHigh, highColor, bar.highValue)] {
                let x = scale(value)
                out +=
                    "<rect x=\"\(number(min(x, xc)))\" y=\"\(number(y + 4))\" width=\"\(number(max(1, abs(x - xc))))\" height=\"16\" fill=\"\(color)\"><title>\(HTML.escape("\(bar.label) = \(name): \(format(value))"))</title></rect>"
                let anchor = x < xc ? "end" : "start"
                out += "<text x=\"\(number(x + (x < xc ? -4 : 4)))\" y=\"\(number(y + 16))\" text-anchor=\"\(anchor)\" class=\"tick\">\(HTML.escape("\(name): \(format(value))"))</text>"
            }
        }
        let xc = scale(centre)
        out += "<line x1=\"\(number(xc))\" x2=\"\(number(xc))\" y1=\"\(number(top))\" y2=\"\(number(plotBottom))\" class=\"target\"/>"
        out += "<text x=\"\(number((labelWidth + width - right) / 2))\" y=\"\(number(plotBottom + 32))\" text-anchor=\"middle\" class=\"axis-label\">\(HTML.escape(xLabel))</text>"
        out += legend([(lowLegend, lowColor), (highLegend, highColor)], y: height - 10)
        return out + "</svg>"
    }

    /// Lines over categories, with an optional horizontal target line.
    package static func lines(
        title: String, description: String, categories: [String], series: [Series], target: Band?,
        yLabel: String, format: (Double) -> String
    ) -> String {
        let height = 260.0
        let values = series.flatMap { $0.values.compactMap { $0 }.filter(\.isFinite) } + (target.map { [$0.low, $0.high] } ?? [])
        let tickValues = ticks(min(0, values.min() ?? 0), values.max() ?? 1)
        let scale = Scale(low: tickValues.first ?? 0, high: tickValues.last ?? 1, pixelsLow: height - bottom, pixelsHigh: top)
        var out = open(height: height, title: title, description: description)
        out += yAxis(scale, ticks: tickValues, label: yLabel, format: format)
        let slot = (width - left - right) / Double(max(1, categories.count))
        if let target {
            let y = scale(target.low)
            out += "<line x1=\"\(number(left))\" x2=\"\(number(width - right))\" y1=\"\(number(y))\" y2=\"\(number(y))\" class=\"target\"/>"
            out += "<text x=\"\(number(width - right - 4))\" y=\"\(number(y - 5))\" text-anchor=\"end\" class=\"band-label\">\(HTML.escape(target.label))</text>"
        }
        for s in series {
            var path = "", pen = false
            for (k, v) in s.values.enumerated() {
                guard let v, v.isFinite else { pen = false; continue }
                let x = left + slot * (Double(k) + 0.5), y = scale(v)
                path += (pen ? " L" : " M") + "\(number(x)) \(number(y))"
                pen = true
                let label = k < categories.count ? categories[k] : ""
                out += "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"3.5\" fill=\"\(s.color)\"><title>\(HTML.escape("\(label), \(s.name): \(format(v))"))</title></circle>"
            }
            if !path.isEmpty { out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"/>" }
        }
        for (k, category) in categories.enumerated() {
            out += "<text x=\"\(number(left + slot * (Double(k) + 0.5)))\" y=\"\(number(height - bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(category))</text>"
        }
        out += legend(series.map { ($0.name, $0.color) }, y: height - 14)
        return out + "</svg>"
    }

    /// One dot per unit on a horizontal axis, the highlighted one named (a benchmark).
    package static func dots(
        title: String, description: String, items: [(label: String, value: Double, highlighted: Bool)],
        reference: Band?, xLabel: String, format: (Double) -> String
    ) -> String {
        let rowHeight = 16.0
        let shown = items.filter { $0.value.isFinite }.sorted { $0.value > $1.value }
        let height = top + Double(shown.count) * rowHeight + 48
        let tickValues = ticks(min(0, shown.map(\.value).min() ?? 0), shown.map(\.value).max() ?? 1)
        let labelWidth = 150.0
        let scale = Scale(low: tickValues.first ?? 0, high: tickValues.last ?? 1, pixelsLow: labelWidth, pixelsHigh: width - right)
        var out = open(height: height, title: title, description: description)
        let plotBottom = top + Double(shown.count) * rowHeight
        for t in tickValues {
            out += "<line x1=\"\(number(scale(t)))\" x2=\"\(number(scale(t)))\" y1=\"\(number(top))\" y2=\"\(number(plotBottom))\" class=\"grid\"/>"
            out += "<text x=\"\(number(scale(t)))\" y=\"\(number(plotBottom + 14))\" text-anchor=\"middle\" class=\"tick\">\(HTML.escape(format(t)))</text>"
        }
        if let reference {
            let x = scale(reference.low)
            out += "<line x1=\"\(number(x))\" x2=\"\(number(x))\" y1=\"\(number(top - 4))\" y2=\"\(number(plotBottom))\" class=\"target\"/>"
            out += "<text x=\"\(number(x + 4))\" y=\"\(number(top - 6))\" class=\"band-label\">\(HTML.escape(reference.label))</text>"
        }
        for (k, item) in shown.enumerated() {
            let y = top + rowHeight * (Double(k) + 0.5)
            let cls = item.highlighted ? "dot-highlight" : "dot"
            out += "<text x=\"\(number(labelWidth - 8))\" y=\"\(number(y + 4))\" text-anchor=\"end\" class=\"\(item.highlighted ? "tick-strong" : "tick")\">\(HTML.escape(item.label))</text>"
            out +=
                "<circle cx=\"\(number(scale(item.value)))\" cy=\"\(number(y))\" r=\"\(item.highlighted ? 5 : 3.5)\" class=\"\(cls)\"><title>\(HTML.escape("\(item.label): \(format(item.value))"))</title></circle>"
        }
        out += "<text x=\"\(number((labelWidth + width - right) / 2))\" y=\"\(number(plotBottom + 32))\" text-anchor=\"middle\" class=\"axis-label\">\(HTML.escape(xLabel))</text>"
        return out + "</svg>"
    }

    /// A small progress bar (counted targets): the share reached, capped at 100% for the bar.
    package static func progress(_ fraction: Double, label: String) -> String {
        let f = fraction.isFinite ? max(0, min(1, fraction)) : 0
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 8\" class=\"progress\" role=\"img\" aria-label=\"\(HTML.escape(label))\">"
            + "<rect x=\"0\" y=\"0\" width=\"100\" height=\"8\" class=\"progress-track\"/>"
            + "<rect x=\"0\" y=\"0\" width=\"\(number(100 * f))\" height=\"8\" class=\"\(fraction >= 1 ? "progress-done" : "progress-bar")\"/></svg>"
    }
}

/// HTML text escaping: every text from a data file or a plan passes through it.
package enum HTML {
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in HTML or SVG text.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
