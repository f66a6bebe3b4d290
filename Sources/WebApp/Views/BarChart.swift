import Foundation
import VietnameseText

/// A horizontal bar chart drawn on the server as SVG (biểu đồ cột), so the dashboard needs no
/// script and prints as sharply as the text around it.
struct BarChart {
    struct Bar {
        var label: String
        /// Values as ratios (0…1), one per series.
        var values: [Double]
    }

    var title: String
    var series: [(name: String, cssClass: String)]
    var bars: [Bar]

    func svg() -> String {
        let rowHeight = 22, labelWidth = 180, chartWidth = 420, top = 28
        let height = top + max(1, bars.count) * rowHeight * max(1, series.count) / max(1, series.count) + 24
        let maxValue = max(0.01, bars.flatMap(\.values).max() ?? 0.01)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(labelWidth + chartWidth + 70) \(height)\""
        out += " aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
        var x = labelWidth
        for (i, s) in series.enumerated() {
            out += "<rect x=\"\(x)\" y=\"6\" width=\"12\" height=\"12\" class=\"\(s.cssClass)\"/>"
            out += "<text x=\"\(x + 16)\" y=\"16\" class=\"legend\">\(escape(s.name))</text>"
            x += 20 + s.name.count * 8
            _ = i
        }
        for (i, bar) in bars.enumerated() {
            let y = top + i * rowHeight
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\" class=\"label\">\(escape(String(bar.label.prefix(28))))</text>"
            let barHeight = (rowHeight - 6) / max(1, bar.values.count)
            for (j, v) in bar.values.enumerated() {
                let w = Int((v / maxValue) * Double(chartWidth))
                out += "<rect x=\"\(labelWidth)\" y=\"\(y + j * barHeight)\" width=\"\(max(w, v > 0 ? 1 : 0))\" height=\"\(barHeight - 1)\" class=\"\(series[j].cssClass)\">"
                out += "<title>\(escape(bar.label)): \(VietnameseText.formatPercent(v, fractionDigits: 2))</title></rect>"
                out += "<text x=\"\(labelWidth + w + 4)\" y=\"\(y + j * barHeight + barHeight - 2)\" class=\"value\">\(VietnameseText.formatPercent(v, fractionDigits: 2))</text>"
            }
        }
        out += "</svg>"
        return out
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
