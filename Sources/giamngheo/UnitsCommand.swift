import ArgumentParser
import Foundation
import Registry
import Store
import VietnameseText

/// `giamngheo units`: administrative-unit lists and roll-ups onto them.
struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Danh mục đơn vị hành chính: nạp danh mục mới, tổng hợp số hộ theo đơn vị 2025.",
        subcommands: [UnitsImportCommand.self, UnitsRollupCommand.self])
}

/// `giamngheo units import FILE`: a newer official list with the columns of units-2025.csv.
struct UnitsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Nạp danh mục đơn vị hành chính mới (cùng cột với units-2025.csv); danh mục trước hết hiệu lực từ ngày trước đó.",
        discussion: "Ví dụ: giamngheo units import --db giamngheo.db --valid-from 01/01/2027 units-2027.csv")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Tệp danh mục: province_code,province_name,commune_code,commune_name,commune_type[,lat,lon,area_km2].")
    var file: String

    @Option(help: "Ngày danh mục có hiệu lực (dd/MM/yyyy).")
    var validFrom: String

    @Option(help: "Tên phiên bản danh mục (mặc định: ngày hiệu lực yyyy-MM-dd).")
    var edition: String?

    func run() throws {
        guard let from = VietnameseText.parseDate(validFrom) else {
            printError("--valid-from \"\(validFrom)\": ngày phải theo dạng dd/MM/yyyy [date.invalid]")
            throw ExitCode(2)
        }
        let list: AdminUnitList
        do {
            // Validated by the same loader as the shipped list (every row, codes, names, provinces).
            let shipped = AdminUnitCatalog.bundledDirectory!
            let catalog = try AdminUnitCatalog(
                units2025: URL(fileURLWithPath: file), legacy: shipped.appendingPathComponent(AdminUnitCatalog.FileName.legacy),
                conversion: shipped.appendingPathComponent(AdminUnitCatalog.FileName.conversion), validFrom2025: from.date)
            list = catalog.current
        } catch let error as AdminUnitCatalogError {
            printError(error.description)
            throw ExitCode(2)
        }
        let store = try database.open()
        let summary: UnitListImportSummary
        do {
            summary = try store.importUnitList(UnitListImport(
                edition: edition ?? from.isoString, validFrom: from,
                provinces: list.provinces.map { ($0.code, $0.name) },
                communes: list.communes.map { ($0.code, $0.name, $0.type.rawValue, $0.provinceCode) }), context: database.access())
        } catch let error as StoreError {
            throw failWith(error)
        }
        print("Đã nạp danh mục \(edition ?? from.isoString) (hiệu lực từ \(VietnameseText.formatDate(from))): \(summary.provinces) tỉnh, \(VietnameseText.formatVND(summary.communes)) xã; \(summary.closed) xã của danh mục trước không còn trong danh mục mới.")
    }
}

/// `giamngheo units rollup`: recognised classes per 2025 unit, legacy communes converted.
struct UnitsRollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "Số hộ theo phân loại đã công nhận, tổng hợp lên đơn vị 2025 (xã cũ qua bảng chuyển đổi).",
        discussion: "Ví dụ: giamngheo units rollup --db giamngheo.db --on 31/12/2025 --by province")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Phân loại tại ngày (dd/MM/yyyy; mặc định hôm nay).")
    var on: String?

    @Option(help: "Cấp tổng hợp: province hoặc commune.")
    var by: String = "province"

    func run() throws {
        guard let level = UnitRollup.Level(rawValue: by) else {
            printError("--by \"\(by)\": phải là province hoặc commune [by.invalid]")
            throw ExitCode(2)
        }
        let date = on.flatMap(VietnameseText.parseDate) ?? CivilDate(Date(), secondsFromGMT: 7 * 3600)
        let store = try database.open()
        let counts = try store.communeClassCounts(on: date)
        let rollup = UnitRollup(counts.map { ($0.communeCode, $0.recognisedClass.rawValue, $0.households) }, level: level,
                                catalog: try store.unitCatalog())
        let n = VietnameseText.formatVND
        let table = TextTable(headers: ["Mã", "Đơn vị", "Tổng số hộ", "Nghèo", "Cận nghèo", "Trung bình", "Không nghèo", "Từ xã cũ", "Xã cũ bị chia tách"])
        for r in rollup.rows {
            let total = r.counts.values.reduce(0, +)
            table.add([r.code, r.name, n(total), n(r.counts["poor"] ?? 0), n(r.counts["near_poor"] ?? 0),
                       n(r.counts["average"] ?? 0), n(r.counts["not_poor"] ?? 0), n(r.converted),
                       r.splitLegacyCommunes.joined(separator: ", ")])
        }
        print("Phân loại tại ngày \(VietnameseText.formatDate(date)):")
        print(table.render(), terminator: "")
        if rollup.rows.contains(where: { !$0.splitLegacyCommunes.isEmpty }) {
            print("Xã cũ bị chia tách: toàn bộ số hộ được tính vào xã mới mặc định theo bảng chuyển đổi; tỉnh cần xác nhận phân bổ theo thôn.")
        }
        for (code, c) in rollup.unknown.sorted(by: { $0.key < $1.key }) {
            printError("Mã xã \(code) không có trong danh mục nào: \(n(c.values.reduce(0, +))) hộ chưa được tổng hợp.")
        }
    }
}
