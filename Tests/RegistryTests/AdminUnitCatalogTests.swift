import Foundation
import Testing
@testable import Registry

@Suite("Admin-unit catalog (danh mục đơn vị hành chính)")
struct AdminUnitCatalogTests {
    let catalog = AdminUnitCatalog.shared

    /// A date at noon Viet Nam time.
    static func day(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        components.hour = 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        return calendar.date(from: components)!
    }

    @Test("2025 list: 34 provinces, 3,321 communes by type")
    func counts2025() {
        #expect(catalog.current.provinces.count == 34)
        #expect(catalog.current.communes.count == 3321)
        #expect(catalog.current.districts.isEmpty)
        let byType = Dictionary(grouping: catalog.current.communes, by: \.type).mapValues(\.count)
        #expect(byType[.commune] == 2621)
        #expect(byType[.ward] == 687)
        #expect(byType[.specialZone] == 13)
        #expect(catalog.current.commune(code: "00004")?.name == "Phường Ba Đình")
        #expect(catalog.current.commune(code: "00004")?.latitude != nil)
        #expect(catalog.current.province(code: "79")?.type == .city)
        #expect(catalog.communesOfProvince("79").count == 168)
        #expect(catalog.communesOfProvince("01").count == 126)
        #expect(catalog.communesOfProvince("12").count == 38)
        #expect(catalog.current.edition == .reform2025)
        #expect(catalog.current.validFrom == AdminUnitCatalog.reformDate)
    }

    @Test("legacy list: 63 provinces, 696 districts, 10,035 communes (10,040 rows)")
    func countsLegacy() {
        #expect(catalog.legacy.provinces.count == 63)
        #expect(catalog.legacy.districts.count == 696)
        #expect(catalog.legacy.communes.count == 10_035)
        // 5 island districts without communes complete the 10,040 rows.
        let empty = catalog.legacy.districts.filter { catalog.legacy.communesOfDistrict($0.code).isEmpty }
        #expect(empty.count == 5)
        #expect(Set(empty.map(\.code)) == ["318", "471", "498", "536", "755"])
        let commune = catalog.legacy.commune(code: "00001")
        #expect(commune?.name == "Phường Phúc Xá")
        #expect(commune?.districtCode == "001")
        #expect(catalog.legacy.district(code: "001")?.type == .urbanDistrict)
        #expect(catalog.communesOfProvince("34", in: .legacy).count > 200)
    }

    @Test("codes keep leading zeros and names are NFC")
    func codesAndNames() {
        for commune in catalog.current.communes.prefix(50) + catalog.legacy.communes.prefix(50) {
            #expect(commune.code.utf8.count == 5)
            #expect(commune.name == commune.name.precomposedStringWithCanonicalMapping)
        }
        #expect(catalog.legacy.provinces.first?.code == "01")
        #expect(catalog.legacy.province(code: "02")?.name == "Tỉnh Hà Giang")
    }

    @Test("validity dates around 1 July 2025")
    func validity() {
        #expect(catalog.legacy.isInForce(on: Self.day(2025, 6, 30)))
        #expect(!catalog.legacy.isInForce(on: Self.day(2025, 7, 1)))
        #expect(catalog.current.isInForce(on: Self.day(2025, 7, 1)))
        #expect(!catalog.current.isInForce(on: Self.day(2025, 6, 30)))
        #expect(catalog.list(inForceOn: Self.day(2024, 9, 1)).edition == .legacy)
        #expect(catalog.list(inForceOn: nil).edition == .reform2025)
    }

    @Test("a Thái Bình legacy commune rolls up into a Hưng Yên 2025 commune")
    func thaiBinhToHungYen() throws {
        let resolved = try #require(catalog.resolveCommune(code: "12457", on: Self.day(2025, 9, 1)))
        #expect(resolved.resolution == .converted)
        #expect(resolved.isConverted)
        #expect(resolved.legacyProvince?.code == "34")
        #expect(resolved.legacyCommune?.name == "Xã Đông Hòa")
        #expect(resolved.commune.code == "12817")
        #expect(resolved.commune.name == "Phường Trà Lý")
        #expect(resolved.province.code == "33")
        #expect(resolved.province.name == "Tỉnh Hưng Yên")
        #expect(resolved.region == .redRiverDelta)
        #expect(!resolved.isSplit)
        // Every Thái Bình legacy commune lands in Hưng Yên.
        for commune in catalog.communesOfProvince("34", in: .legacy) {
            #expect(catalog.defaultTarget(ofLegacyCommune: commune.code)?.provinceCode == "33")
        }
    }

    @Test("split legacy communes have exactly one default target")
    func splits() throws {
        let legacyCodes = Set(catalog.conversions.map(\.legacyCommuneCode))
        #expect(legacyCodes.count == 10_035)
        #expect(catalog.conversions.count == 10_597)
        var splitCount = 0
        for code in legacyCodes {
            let rows = catalog.conversions(ofLegacyCommune: code)
            #expect(rows.filter(\.isDefault).count == 1)
            if catalog.isSplit(legacyCommune: code) { splitCount += 1 }
        }
        #expect(splitCount > 400)
        // Phường Cống Vị (Ba Đình) was split between Ngọc Hà (default) and Giảng Võ.
        #expect(catalog.isSplit(legacyCommune: "00007"))
        #expect(catalog.defaultTarget(ofLegacyCommune: "00007")?.code == "00008")
        let resolved = try #require(catalog.resolveCommune(code: "00007", on: nil))
        #expect(resolved.isSplit)
        #expect(resolved.commune.name == "Phường Ngọc Hà")
    }

    @Test("every 2025 commune has a region; the 63 legacy provinces are classified")
    func regions() {
        for province in catalog.legacy.provinces {
            #expect(catalog.region(ofLegacyProvince: province.code) != nil, "\(province.name)")
        }
        #expect(SocioEconomicRegion.legacyProvinceRegions.count == 63)
        for commune in catalog.current.communes {
            #expect(catalog.region(ofCommune2025: commune.code) != nil, "\(commune.code) \(commune.name)")
            #expect(catalog.primaryLegacyProvinceCode(ofCommune2025: commune.code) != nil)
        }
        #expect(catalog.region(ofLegacyProvince: "02") == .northernMidlandsMountains)
        #expect(catalog.region(ofLegacyProvince: "01") == .redRiverDelta)
        #expect(catalog.region(ofLegacyProvince: "22") == .redRiverDelta)
        #expect(catalog.region(ofLegacyProvince: "42") == .northCentralCoast)
        #expect(catalog.region(ofLegacyProvince: "62") == .centralHighlands)
        #expect(catalog.region(ofLegacyProvince: "79") == .southEast)
        #expect(catalog.region(ofLegacyProvince: "92") == .mekongDelta)
        let counts = Dictionary(grouping: SocioEconomicRegion.legacyProvinceRegions.values, by: { $0 }).mapValues(\.count)
        #expect(counts == [.northernMidlandsMountains: 14, .redRiverDelta: 11, .northCentralCoast: 14,
                           .centralHighlands: 5, .southEast: 6, .mekongDelta: 13])
        // Island special zones without legacy communes take their former district's province.
        #expect(catalog.region(ofCommune2025: "26732") == .southEast)  // Côn Đảo (Bà Rịa - Vũng Tàu)
        #expect(catalog.primaryLegacyProvinceCode(ofCommune2025: "26732") == "77")
        #expect(catalog.region(ofCommune2025: "11948") == .redRiverDelta)  // Bạch Long Vĩ
        // A merged province spans regions: Lâm Đồng (68) took Bình Thuận (NCC) and Đắk Nông (CH).
        let lamDong = Set(catalog.communesOfProvince("68").compactMap { catalog.region(ofCommune2025: $0.code) })
        #expect(lamDong == [.centralHighlands, .northCentralCoast])
        // Hà Giang (NMM) communes now in Tuyên Quang.
        #expect(catalog.region(ofLegacyCommune: "00688") == .northernMidlandsMountains)
    }

    @Test("legacy codes before and after 1 July 2025")
    func legacyResolution() throws {
        // 00004: Phường Trúc Bạch in the legacy list, Phường Ba Đình in the 2025 list.
        let before = try #require(catalog.resolveCommune(code: "00004", on: Self.day(2024, 9, 1)))
        #expect(before.resolution == .legacy)
        #expect(before.legacyCommune?.name == "Phường Trúc Bạch")
        #expect(before.legacyDistrict?.name == "Quận Ba Đình")
        #expect(before.commune.code == "00004")
        let after = try #require(catalog.resolveCommune(code: "00004", on: Self.day(2025, 7, 1)))
        #expect(after.resolution == .current)
        #expect(after.commune.name == "Phường Ba Đình")
        #expect(after.legacyCommune == nil)
        // A legacy-only code after the reform converts through the table.
        let converted = try #require(catalog.resolveCommune(code: "26734", on: Self.day(2025, 7, 1)))
        #expect(converted.resolution == .converted)
        #expect(converted.legacyCommune?.name == "Phường Tân Định")
        #expect(converted.commune.code == "26737")
        // Before the reform a 2025-only code is unknown; today it resolves.
        #expect(catalog.resolveCommune(code: "26732", on: Self.day(2025, 6, 30)) == nil)
        #expect(catalog.resolveCommune(code: "26732", on: Self.day(2025, 7, 1))?.commune.name == "Đặc khu Côn Đảo")
        #expect(catalog.resolveCommune(code: "99999", on: nil) == nil)
        #expect(catalog.resolveCommune(code: "99999", on: Self.day(2020, 1, 1)) == nil)
        #expect(catalog.resolveCommune(code: "26734", on: nil)?.isConverted == true)
    }

    @Test("loads the same columns from other files and rejects bad conversions")
    func loadFromFiles() throws {
        let source = try #require(AdminUnitCatalog.bundledDirectory)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("au-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let units = "\u{FEFF}province_code,province_name,commune_code,commune_name,commune_type\n"
            + "01,Thành phố Hà Nội,00004,\"Phường Ba Đình\",Phường\n01,Thành phố Hà Nội,9,Xã Mới,Xã\n"
        try Data(units.utf8).write(to: dir.appendingPathComponent("u.csv"))
        try Data("legacy_commune_code,commune_code_2025,is_default\r\n00001,00009,1\r\n".utf8)
            .write(to: dir.appendingPathComponent("c.csv"))
        let loaded = try AdminUnitCatalog(
            units2025: dir.appendingPathComponent("u.csv"),
            legacy: source.appendingPathComponent(AdminUnitCatalog.FileName.legacy),
            conversion: dir.appendingPathComponent("c.csv"))
        #expect(loaded.current.communes.count == 2)
        #expect(loaded.current.commune(code: "00009")?.name == "Xã Mới")
        #expect(loaded.current.commune(code: "00004")?.latitude == nil)
        #expect(loaded.resolveCommune(code: "00001", on: nil)?.commune.code == "00009")
        #expect(loaded.region(ofCommune2025: "00009") == .redRiverDelta)

        try Data("legacy_commune_code,commune_code_2025,is_default\n00001,12345,1\n".utf8)
            .write(to: dir.appendingPathComponent("bad.csv"))
        #expect(throws: AdminUnitCatalogError.self) {
            _ = try AdminUnitCatalog(
                units2025: dir.appendingPathComponent("u.csv"),
                legacy: source.appendingPathComponent(AdminUnitCatalog.FileName.legacy),
                conversion: dir.appendingPathComponent("bad.csv"))
        }
    }
}
