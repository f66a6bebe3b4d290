import Foundation
import VietnameseText

/// A horizontal bar chart drawn on the server as SVG (biểu đồ thanh), so the dashboard needs no
/// script and prints as sharply as the text around it.
///
/// Every unit gets a row (a province has a hundred communes or more: a chart that stops at 40
/// hides the ones that matter), its bars one under the other with the value beside each, on a
/// scale with grid lines; the drawing is laid out in its own units at a fixed font size, so a
/// long chart grows taller instead of shrinking its text.
struct BarChart {
    struct Bar {
        var label: String
        /// Values as ratios (0…1), one per series.
        var values: [Double]
    }

    var title: String
    var series: [(name: String, cssClass: String)]
    var bars: [Bar]

    /// Layout, in SVG user units (1 unit = 1 CSS pixel at the natural width).
    static let labelWidth = 190, plotWidth = 440, valueWidth = 64, barHeight = 12, barGap = 2, rowGap = 8
    static let legendHeight = 26, axisHeight = 20, labelCharacters = 30

    var width: Int { Self.labelWidth + Self.plotWidth + Self.valueWidth }
    var rowHeight: Int { max(1, series.count) * (Self.barHeight + Self.barGap) + Self.rowGap }

    func svg() -> String {
        let top = Self.legendHeight + Self.axisHeight
        let height = top + max(1, bars.count) * rowHeight + 6
        let scale = Self.niceMaximum(bars.flatMap(\.values).max() ?? 0)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"\(width)\" height=\"\(height)\""
        out += " viewBox=\"0 0 \(width) \(height)\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"

        // Legend: each entry after the previous one's text (about 6.5 units per character at 12px).
        var x = Self.labelWidth
        for s in series {
            out += "<rect x=\"\(x)\" y=\"4\" width=\"12\" height=\"12\" class=\"\(s.cssClass)\"/>"
            out += "<text x=\"\(x + 17)\" y=\"14\" class=\"legend\">\(escape(s.name))</text>"
            x += 17 + Int(Double(s.name.count) * 6.5) + 20
        }

        // Scale: grid lines at quarters of a round maximum, labelled above the plot.
        for step in 0...4 {
            let gx = Self.labelWidth + Self.plotWidth * step / 4
            let value = scale * Double(step) / 4
            out += "<line x1=\"\(gx)\" y1=\"\(top - 4)\" x2=\"\(gx)\" y2=\"\(height - 6)\" class=\"grid\"/>"
            out += "<text x=\"\(gx)\" y=\"\(top - 8)\" text-anchor=\"middle\" class=\"axis\">"
            out += "\(VietnameseText.formatPercent(value, fractionDigits: axisDigits(scale)))</text>"
        }

        for (i, bar) in bars.enumerated() {
            let y = top + i * rowHeight
            let label = bar.label.count > Self.labelCharacters ? String(bar.label.prefix(Self.labelCharacters - 1)) + "…" : bar.label
            let middle = y + (rowHeight - Self.rowGap) / 2 + 4
            out += "<text x=\"\(Self.labelWidth - 8)\" y=\"\(middle)\" text-anchor=\"end\" class=\"label\">"
            out += "<title>\(escape(bar.label))</title>\(escape(label))</text>"
            for (j, v) in bar.values.enumerated() where j < series.count {
                let by = y + j * (Self.barHeight + Self.barGap)
                let w = scale > 0 ? Int((min(v, scale) / scale) * Double(Self.plotWidth)) : 0
                let text = VietnameseText.formatPercent(v, fractionDigits: 2)
                out += "<rect x=\"\(Self.labelWidth)\" y=\"\(by)\" width=\"\(max(w, v > 0 ? 1 : 0))\" height=\"\(Self.barHeight)\""
                out += " class=\"\(series[j].cssClass)\"><title>\(escape(bar.label)) — \(escape(series[j].name)): \(text)</title></rect>"
                out += "<text x=\"\(Self.labelWidth + w + 4)\" y=\"\(by + Self.barHeight - 2)\" class=\"value\">\(text)</text>"
            }
        }
        out += "</svg>"
        return out
    }

    /// The smallest of 1, 2, 4, 6, 8 × 10ⁿ (as a ratio) at or above `value`: a scale whose
    /// quarters read as round percentages; 1 % when every value is zero, 100 % at most.
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 0.01 }
        var magnitude = 0.0001
        while magnitude < 1 {
            for m in [1.0, 2.0, 4.0, 6.0, 8.0] where m * magnitude >= value - 1e-12 { return min(1, m * magnitude) }
            magnitude *= 10
        }
        return 1
    }

    /// Decimals the axis needs to print a quarter of `scale` exactly (0,25 %, 1,5 %, 20 %).
    func axisDigits(_ scale: Double) -> Int {
        let quarter = scale * 100 / 4
        for digits in 0...2 {
            let shifted = quarter * pow(10, Double(digits))
            if abs(shifted - shifted.rounded()) < 1e-9 { return digits }
        }
        return 2
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
