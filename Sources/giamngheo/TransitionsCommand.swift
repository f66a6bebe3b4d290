import ArgumentParser
import Foundation
import Registry
import Store
import VietnameseText

/// `giamngheo transitions`: the year's flows between recognised classes (biến động hộ nghèo).
struct TransitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transitions",
        abstract: "Biến động trong năm theo phân loại đã công nhận: thoát nghèo, tái nghèo, nghèo phát sinh… (review.md §6).",
        discussion: """
            So sánh phân loại của từng hộ tại 31/12 năm trước và 31/12 của năm; tổng hợp theo tỉnh hoặc xã 2025
            (hộ ghi theo xã cũ được tính vào xã mới qua bảng chuyển đổi).
            Ví dụ: giamngheo transitions --db giamngheo.db --year 2025 --by province
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Năm.")
    var year: Int

    @Option(help: "Cấp tổng hợp: province, commune, hoặc none (cả sổ).")
    var by: String = "none"

    func run() throws {
        let level: UnitRollup.Level? = by == "none" ? nil : UnitRollup.Level(rawValue: by)
        guard by == "none" || level != nil else {
            printError("--by \"\(by)\": phải là province, commune hoặc none [by.invalid]")
            throw ExitCode(2)
        }
        let store = try database.open()
        var tallies: [String: FlowTally] = [:]
        var all = FlowTally()
        try store.forEachStatusHistory(in: .all) { code, commune, records in
            let outcome = YearOutcome.compute(householdCode: code, history: StatusHistory(records), year: year)
            all.add(outcome)
            if level != nil { tallies[commune, default: FlowTally()].add(outcome) }
        }
        let flows = PovertyFlow.allCases.filter { $0 != .entered && $0 != .left }
        let n = VietnameseText.formatVND
        print("Biến động năm \(year) (31/12/\(year - 1) → 31/12/\(year)):")
        if let level {
            var entries: [(communeCode: String, key: String, count: Int)] = []
            for (commune, tally) in tallies {
                for f in flows where tally[f] > 0 { entries.append((commune, f.rawValue, tally[f])) }
            }
            let rollup = UnitRollup(entries, level: level, catalog: try store.unitCatalog())
            let table = TextTable(headers: ["Mã", "Đơn vị"] + flows.map(\.vietnameseName))
            for r in rollup.rows {
                table.add([r.code, r.name] + flows.map { n(r.counts[$0.rawValue] ?? 0) })
            }
            print(table.render(), terminator: "")
        }
        let table = TextTable(headers: ["Biến động", "Mã", "Số hộ"])
        for f in flows { table.add([f.vietnameseName, f.rawValue, n(all[f])]) }
        print(table.render(), terminator: "")
        for c in [RecognisedClass.poor, .nearPoor] {
            print("\(c.vietnamese): đầu kỳ \(n(all.count(atStart: c))) + vào \(n(all.inflow(to: c))) − ra \(n(all.outflow(from: c))) = cuối kỳ \(n(all.count(atEnd: c)))\(all.isBalanced(c) ? "" : " (KHÔNG KHỚP)")")
        }
    }
}
