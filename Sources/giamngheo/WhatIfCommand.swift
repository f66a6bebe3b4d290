import ArgumentParser
import Foundation
import PovertyStandard
import VietnameseText

/// How figures are grouped by administrative unit.
enum UnitGrouping: String, ExpressibleByArgument, CaseIterable {
    case province
    case commune
}

/// `giamngheo whatif`: how many households would move between classes under another standard.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "So sánh phân loại giữa hai chuẩn nghèo (ma trận chuyển đổi), không thay đổi dữ liệu.")

    @OptionGroup var input: InputOptions
    @OptionGroup var standardOptions: StandardOptions

    @Option(help: "Chuẩn hiện hành (mặc định: chuẩn của năm rà soát).")
    var from: String?

    @Option(help: "Chuẩn so sánh, ví dụ ND351-2027 hoặc mã chuẩn địa phương.")
    var to: String

    @Option(help: "Chia theo đơn vị: province hoặc commune.")
    var by: UnitGrouping?

    @Option(help: "Ghi ma trận ra tệp CSV.")
    var out: String?

    func run() throws {
        let (catalog, _) = try standardOptions.catalog()
        let fromStandard = try from.map { try catalog.standard(id: $0) } ?? catalog.standard(forYear: standardOptions.reviewYear)
        let toStandard = try catalog.standard(id: to)
        let registry = try input.load(reviewYear: standardOptions.reviewYear)
        let a = ClassificationEngine(standard: fromStandard)
        let b = ClassificationEngine(standard: toStandard)

        var total = TransitionMatrix()
        var perUnit: [String: TransitionMatrix] = [:]
        let keys = by.map { registry.unitKeys($0) }
        for (i, h) in registry.households.enumerated() {
            let ca = a.classify(h.facts).povertyClass
            let cb = b.classify(h.facts).povertyClass
            total.add(from: ca, to: cb)
            if let keys { perUnit[keys[i], default: TransitionMatrix()].add(from: ca, to: cb) }
        }
        print("Ma trận chuyển đổi \(fromStandard.id) → \(toStandard.id), năm \(standardOptions.reviewYear): \(total.total) hộ, \(total.changed) hộ đổi loại")
        print(render(total))
        let units = registry.sortedUnits(perUnit.keys, by: by)
        for unit in units {
            let m = perUnit[unit]!
            print("")
            print("\(registry.unitLabel(unit, by: by ?? .commune)): \(m.total) hộ, \(m.changed) hộ đổi loại")
            print(render(m))
        }
        if let out {
            let sink = try TableSink(path: out, sheetName: "whatif")
            do {
                try sink.writeRow(["unit_code", "unit_name", "from_standard", "to_standard", "from_class", "to_class", "households"])
                func rows(_ code: String, _ name: String, _ m: TransitionMatrix) throws {
                    for f in PovertyClass.allCases {
                        for t in PovertyClass.allCases {
                            try sink.writeRow([code, name, fromStandard.id, toStandard.id, f.rawValue, t.rawValue, String(m[f, t])])
                        }
                    }
                }
                try rows("", "Tổng", total)
                for unit in units { try rows(unit, registry.unitName(unit, by: by ?? .commune), perUnit[unit]!) }
                try sink.commit()
            } catch {
                sink.discard()
                throw error
            }
        }
    }

    private func render(_ m: TransitionMatrix) -> String {
        let classes = PovertyClass.allCases
        let labels = ["nghèo", "cận nghèo", "trung bình", "không nghèo", "chưa đủ TT"]
        let width = 12
        func pad(_ s: String, _ w: Int) -> String {
            let n = s.count
            return n >= w ? s : String(repeating: " ", count: w - n) + s
        }
        var lines: [String] = []
        lines.append(pad("từ \\ sang", 14) + classes.indices.map { pad(labels[$0], width) }.joined() + pad("tổng", width))
        for f in classes {
            lines.append(pad(labels[f.index], 14)
                + classes.map { pad(VietnameseText.formatVND(m[f, $0]), width) }.joined()
                + pad(VietnameseText.formatVND(m.fromTotal(f)), width))
        }
        lines.append(pad("tổng", 14) + classes.map { pad(VietnameseText.formatVND(m.toTotal($0)), width) }.joined()
            + pad(VietnameseText.formatVND(m.total), width))
        return lines.joined(separator: "\n")
    }
}
