import ArgumentParser
import Foundation
import PovertyStandard
import VietnameseText

/// `giamngheo mpi`: Alkire–Foster H, A, MPI and censored headcounts, overall and per unit.
struct MPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mpi",
        abstract: "Chỉ số nghèo đa chiều (Alkire–Foster): H, A, MPI và tỷ lệ thiếu hụt theo từng chỉ số.")

    @OptionGroup var input: InputOptions
    @OptionGroup var standardOptions: StandardOptions

    @Option(help: "Mã chuẩn nghèo; mặc định theo năm.")
    var standard: String?

    @Option(help: "Chia theo đơn vị: province hoặc commune.")
    var by: UnitGrouping?

    @Option(help: "Ghi kết quả ra tệp CSV.")
    var out: String?

    func run() throws {
        let standard = try standardOptions.resolve(standard)
        let registry = try input.load(reviewYear: standardOptions.reviewYear)
        let engine = ClassificationEngine(standard: standard)
        var total = MultidimensionalPovertyIndex(standard: standard)
        var perUnit: [String: MultidimensionalPovertyIndex] = [:]
        let keys = by.map { registry.unitKeys($0) }
        for (i, h) in registry.households.enumerated() {
            let c = engine.classify(h.facts)
            total.add(c, persons: h.facts.members.count)
            if let keys { perUnit[keys[i], default: MultidimensionalPovertyIndex(standard: standard)].add(c, persons: h.facts.members.count) }
        }
        print("Chỉ số nghèo đa chiều theo chuẩn \(standard.id) (k = \(standard.k)/\(standard.indicators.count), trọng số bằng nhau)")
        print(render("Toàn bộ", total, standard))
        let units = registry.sortedUnits(perUnit.keys, by: by)
        for unit in units {
            print("")
            print(render(registry.unitLabel(unit, by: by ?? .commune), perUnit[unit]!, standard))
        }
        if let out {
            let sink = try TableSink(path: out, sheetName: "mpi")
            do {
                var header = ["unit_code", "unit_name", "standard", "households", "persons", "excluded_incomplete",
                              "mpi_poor_households", "H", "A", "MPI", "H_persons", "A_persons", "MPI_persons"]
                header += standard.indicatorIDs.map { "censored_\($0.rawValue)" }
                try sink.writeRow(header)
                func row(_ code: String, _ name: String, _ m: MultidimensionalPovertyIndex) throws {
                    var r = [code, name, standard.id, String(m.households), String(m.persons), String(m.excludedIncomplete),
                             String(m.poorHouseholds), fmt(m.headcountRatio), fmt(m.intensity), fmt(m.mpi),
                             fmt(m.personHeadcountRatio), fmt(m.personIntensity), fmt(m.personMPI)]
                    r += m.censoredHeadcounts.map { fmt($0.ratio) }
                    try sink.writeRow(r)
                }
                try row("", "Tổng", total)
                for unit in units { try row(unit, registry.unitName(unit, by: by ?? .commune), perUnit[unit]!) }
                try sink.commit()
            } catch {
                sink.discard()
                throw error
            }
        }
    }

    private func fmt(_ x: Double) -> String { String(format: "%.6f", x) }

    private func pct(_ x: Double) -> String { VietnameseText.formatDecimal(x * 100, fractionDigits: 2) + "%" }

    private func render(_ title: String, _ m: MultidimensionalPovertyIndex, _ standard: Standard) -> String {
        var lines = ["\(title): \(VietnameseText.formatVND(m.households)) hộ (\(VietnameseText.formatVND(m.persons)) người) đủ dữ liệu; \(VietnameseText.formatVND(m.excludedIncomplete)) hộ thiếu dữ liệu chỉ số không tính"]
        lines.append("  H = \(pct(m.headcountRatio))   A = \(pct(m.intensity))   MPI = \(VietnameseText.formatDecimal(m.mpi, fractionDigits: 4))"
            + "   (theo người: H = \(pct(m.personHeadcountRatio)), A = \(pct(m.personIntensity)), MPI = \(VietnameseText.formatDecimal(m.personMPI, fractionDigits: 4)))")
        lines.append("  Tỷ lệ thiếu hụt (đã kiểm duyệt) theo chỉ số:")
        for (id, count, ratio, _) in m.censoredHeadcounts {
            let name = standard.indicator(id)?.name ?? id.rawValue
            lines.append("    \(name): \(pct(ratio)) (\(VietnameseText.formatVND(count)) hộ)")
        }
        return lines.joined(separator: "\n")
    }
}
