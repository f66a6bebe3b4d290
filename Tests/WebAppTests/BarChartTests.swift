import Foundation
import Testing
@testable import WebApp

@Suite("Dashboard bar chart (SVG)")
struct BarChartTests {
    func chart(_ count: Int) -> BarChart {
        BarChart(title: "Tỷ lệ <hộ> nghèo", series: [("Tỷ lệ hộ nghèo", "poor"), ("Tỷ lệ hộ cận nghèo", "nearpoor")],
                 bars: (0..<count).map { i in
                     BarChart.Bar(label: i == 0 ? "Xã có tên rất dài để kiểm tra việc cắt bớt nhãn & ký hiệu" : "Xã \(i)",
                                  values: [Double(i) / 1000, Double(count - i) / 2000])
                 })
    }

    func occurrences(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("every unit gets its bars, at a fixed size that grows with the rows")
    func everyRow() {
        for count in [1, 40, 150] {
            let svg = chart(count).svg()
            #expect(occurrences(svg, "class=\"poor\"><title>") == count)
            #expect(occurrences(svg, "class=\"nearpoor\"><title>") == count)
            #expect(svg.contains("height=\"\(26 + 20 + count * chart(count).rowHeight + 6)\""))
        }
        let svg = chart(3).svg()
        #expect(svg.contains("Tỷ lệ &lt;hộ&gt; nghèo"))
        #expect(svg.contains("<title>Xã có tên rất dài để kiểm tra việc cắt bớt nhãn &amp; ký hiệu</title>Xã có tên rất dài để kiểm tra…"))
        #expect(svg.contains(">0,20%</text>"))   // 2/1000 as a Vietnamese percentage
    }

    @Test("the scale ends on a round value and its quarters print exactly")
    func scale() {
        #expect(BarChart.niceMaximum(0) == 0.01)
        #expect(BarChart.niceMaximum(0.1522) == 0.2)
        #expect(BarChart.niceMaximum(0.2) == 0.2)
        #expect(BarChart.niceMaximum(0.035) == 0.04)
        #expect(BarChart.niceMaximum(0.7) == 0.8)
        #expect(BarChart.niceMaximum(0.95) == 1)
        let c = chart(1)
        #expect(c.axisDigits(0.2) == 0)     // 5 %, 10 %, 15 %
        #expect(c.axisDigits(0.06) == 1)    // 1,5 %
        #expect(c.axisDigits(0.01) == 2)    // 0,25 %
        let svg = BarChart(title: "t", series: [("a", "poor")], bars: [.init(label: "x", values: [0.15])]).svg()
        for tick in ["0%", "5%", "10%", "15%", "20%"] { #expect(svg.contains(">\(tick)</text>"), "\(tick)") }
    }
}
