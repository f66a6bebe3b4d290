import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreTestSupport
import Testing
import VietnameseText

/// The official lists as shipped in the shared data folder, read here without the product's loader.
enum OfficialLists {
    static let directory = URL(fileURLWithPath: "/work/shared/data/admin-units")
        .resolvingSymlinksInPath()

    /// Rows of a CSV file as dictionaries (the official files have no quoted fields).
    static func rows(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}

@Suite("Administrative units: seeded lists, roll-up of legacy codes, new lists")
struct UnitsTests {
    // Codes from units-legacy.csv, units-2025.csv and conversion-2025.csv.
    /// Phường Lê Hồng Phong, Thành phố Thái Bình (legacy province 34): not a 2025 code; converts to 13225.
    static let thaiBinhLegacy = "12433"
    /// Xã Lạc Đạo (legacy Hưng Yên): split between 11992 (default) and 11995.
    static let splitLegacy = "11989"
    /// Phường Phố Hiến, Tỉnh Hưng Yên (2025 list).
    static let hungYenCommune = "11953"
    /// Tỉnh Hưng Yên in the 2025 list (Thái Bình merged into it).
    static let hungYen = "33"

    @Test("a new store holds the 2025 list (34 provinces, 3,321 communes) and the legacy list (63 provinces, 10,040 rows) with validity dates", arguments: backends)
    func seededLists(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend, "u")

        let current = try store.units(edition: "2025")
        let currentProvinces = current.filter { $0.level == "province" }, currentCommunes = current.filter { $0.level == "commune" }
        #expect(currentProvinces.count == 34)
        #expect(currentCommunes.count == 3_321)
        #expect(current.allSatisfy { $0.validFrom == CivilDate(year: 2025, month: 7, day: 1) && $0.validTo == nil })
        #expect(current.allSatisfy { $0.edition == "2025" })

        let legacy = try store.units(edition: "legacy")
        let legacyProvinces = legacy.filter { $0.level == "province" }, legacyCommunes = legacy.filter { $0.level == "commune" }
        #expect(legacyProvinces.count == 63)
        // units-legacy.csv has 10,040 rows: 10,035 communes and 5 island districts without communes
        // (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo), kept as districts.
        #expect(legacyCommunes.count == 10_035)
        #expect(legacy.allSatisfy { $0.validTo == CivilDate(year: 2025, month: 6, day: 30) && $0.validFrom == nil })

        // The same codes and names as the official files.
        let file2025 = try OfficialLists.rows("units-2025.csv")
        #expect(Set(currentCommunes.map(\.code)) == Set(file2025.map { $0["commune_code"]! }))
        #expect(Set(currentProvinces.map(\.code)) == Set(file2025.map { $0["province_code"]! }))
        let phoHien = try #require(currentCommunes.first { $0.code == Self.hungYenCommune })
        #expect(phoHien.name == "Phường Phố Hiến")
        #expect(phoHien.parentCode == Self.hungYen)
        let fileLegacy = try OfficialLists.rows("units-legacy.csv")
        #expect(fileLegacy.count == 10_040)
        let fileLegacyCommunes = fileLegacy.filter { !$0["commune_code"]!.isEmpty }
        #expect(fileLegacyCommunes.count == 10_035)
        #expect(Set(legacyCommunes.map(\.code)) == Set(fileLegacyCommunes.map { $0["commune_code"]! }))
        let districts = legacy.filter { $0.level == "district" }
        let islands = fileLegacy.filter { $0["commune_code"]!.isEmpty }.map { $0["district_code"]! }
        #expect(islands.count == 5)
        #expect(Set(islands).isSubset(of: Set(districts.map(\.code))))
        #expect(!legacyCommunes.contains { islands.contains($0.parentCode ?? "") })
        #expect(districts.count == Set(fileLegacy.map { $0["district_code"]! }).count)
        let leHongPhong = try #require(legacyCommunes.first { $0.code == Self.thaiBinhLegacy })
        #expect(leHongPhong.name == "Phường Lê Hồng Phong")
        #expect(districts.first { $0.code == leHongPhong.parentCode }?.parentCode == "34")
        #expect(legacyProvinces.first { $0.code == "34" }?.name == "Tỉnh Thái Bình")
    }

    /// Households in legacy Thái Bình, in a split legacy commune, in 2025 Hưng Yên, and one elsewhere.
    static func rollupRegistry(_ dir: TempDir, _ backend: StoreBackend) throws -> any FullStore {
        // The codes chosen above are what the official files say.
        let conversion = try OfficialLists.rows("conversion-2025.csv")
        let tb = conversion.filter { $0["legacy_commune_code"] == thaiBinhLegacy }
        #expect(tb.map { $0["commune_code_2025"]! } == ["13225"])
        let split = conversion.filter { $0["legacy_commune_code"] == splitLegacy }
        #expect(Set(split.map { $0["commune_code_2025"]! }) == ["11992", "11995"])
        #expect(split.filter { $0["is_default"] == "1" }.map { $0["commune_code_2025"]! } == ["11992"])
        let units2025 = try OfficialLists.rows("units-2025.csv")
        #expect(!units2025.contains { $0["commune_code"] == thaiBinhLegacy || $0["commune_code"] == splitLegacy })
        #expect(units2025.first { $0["commune_code"] == "13225" }?["province_code"] == hungYen)
        #expect(units2025.first { $0["province_code"] == hungYen }?["province_name"] == "Tỉnh Hưng Yên")

        var f = Fixture()
        f.family("TB-1", head: "Phạm Văn Một", commune: thaiBinhLegacy, referenceDate: "01/09/2024", recognisedClass: "poor", recognisedYear: "2024")
        f.family("TB-2", head: "Phạm Văn Hai", commune: thaiBinhLegacy, referenceDate: "01/09/2024", recognisedClass: "near_poor", recognisedYear: "2024")
        f.family("TB-3", head: "Phạm Văn Ba", commune: thaiBinhLegacy, referenceDate: "01/09/2024")
        f.family("LD-1", head: "Vũ Văn Bốn", commune: splitLegacy, referenceDate: "01/09/2024", recognisedClass: "poor", recognisedYear: "2024")
        f.family("LD-2", head: "Vũ Văn Năm", commune: splitLegacy, referenceDate: "01/09/2024")
        f.family("HY-1", head: "Lê Văn Sáu", commune: hungYenCommune, recognisedClass: "poor", recognisedYear: "2025")
        f.family("HY-2", head: "Lê Văn Bảy", commune: hungYenCommune)
        f.family("HT-1", head: "Hồ Văn Tám", recognisedClass: "poor", recognisedYear: "2025")
        let store = try dir.store(backend, "rollup")
        let (h, m) = try f.write(dir, "files")
        try importOK(store, h, m)
        return store
    }

    @Test("legacy Thái Bình and split communes roll up under the 2025 Hưng Yên province", arguments: backends)
    func rollup(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.rollupRegistry(dir, backend)
        let counts = try store.communeClassCounts(on: CivilDate(year: 2025, month: 12, day: 31))
        // Counts are kept under the codes as recorded.
        let recorded = Dictionary(grouping: counts, by: \.communeCode).mapValues { $0.reduce(0) { $0 + $1.households } }
        #expect(recorded == [Self.thaiBinhLegacy: 3, Self.splitLegacy: 2, Self.hungYenCommune: 2, testCommune: 1])
        let entries = counts.map { ($0.communeCode, $0.recognisedClass.rawValue, $0.households) }

        let provinces = UnitRollup(entries, level: .province)
        #expect(provinces.unknown.isEmpty)
        let hy = try #require(provinces.rows.first { $0.code == Self.hungYen })
        #expect(hy.name == "Tỉnh Hưng Yên")
        #expect(hy.counts.values.reduce(0, +) == 7)
        #expect(hy.counts["poor"] == 3)
        #expect(hy.counts["near_poor"] == 1)
        #expect(hy.counts["not_poor"] == 3)
        #expect(hy.converted == 5)
        #expect(hy.splitLegacyCommunes == [Self.splitLegacy])
        // The Hà Tĩnh household stays in its own province.
        #expect(provinces.rows.count == 2)
        #expect(provinces.rows.first { $0.code != Self.hungYen }?.counts == ["poor": 1])

        // On a date before the 2024 recognitions (14/12/2024) every household is not poor.
        let early = UnitRollup(try store.communeClassCounts(on: CivilDate(year: 2024, month: 12, day: 13))
            .map { ($0.communeCode, $0.recognisedClass.rawValue, $0.households) }, level: .province)
        #expect(early.rows.first { $0.code == Self.hungYen }?.counts == ["not_poor": 7])

        let communes = UnitRollup(entries, level: .commune)
        let row = { (code: String) in communes.rows.first { $0.code == code } }
        #expect(row("13225")?.counts.values.reduce(0, +) == 3)
        #expect(row("13225")?.converted == 3)
        #expect(row("13225")?.splitLegacyCommunes == [])
        // The split commune goes whole to its default target and is named there.
        #expect(row("11992")?.counts.values.reduce(0, +) == 2)
        #expect(row("11992")?.converted == 2)
        #expect(row("11992")?.splitLegacyCommunes == [Self.splitLegacy])
        #expect(row("11995") == nil)
        #expect(row(Self.hungYenCommune)?.converted == 0)
        #expect(row(Self.thaiBinhLegacy) == nil && row(Self.splitLegacy) == nil)
    }

    @Test("recordedCommuneCodes(under: Hưng Yên) reaches the legacy communes; an export of that unit includes them", arguments: backends)
    func selectionByUnit(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.rollupRegistry(dir, backend)
        let codes = try #require(AdminUnitCatalog.shared.recordedCommuneCodes(under: Self.hungYen))
        #expect(codes.isSuperset(of: [Self.thaiBinhLegacy, Self.splitLegacy, Self.hungYenCommune, "13225", "11992"]))
        #expect(!codes.contains(testCommune))
        // Every 2025 commune of the province is there, from the official file.
        let own = try OfficialLists.rows("units-2025.csv").filter { $0["province_code"] == Self.hungYen }.map { $0["commune_code"]! }
        #expect(codes.isSuperset(of: own))

        let selection = HouseholdSelection(communeCodes: codes)
        var selected: [String] = []
        try store.forEachHousehold(in: selection) { selected.append($0.household.householdCode) }
        #expect(selected == ["TB-1", "TB-2", "TB-3", "LD-1", "LD-2", "HY-1", "HY-2"])
        var withStatus: [String] = []
        try store.forEachStatusHistory(in: selection) { code, _, records in if !records.isEmpty { withStatus.append(code) } }
        #expect(withStatus == ["TB-1", "TB-2", "LD-1", "HY-1"])

        let out = try RegistryExporter.export(from: store, selection: selection, description: "Tỉnh Hưng Yên", to: dir.file("hy"),
                                              format: .csv, headers: .english, access: tester)
        #expect(out.households == 7)
        #expect(out.members == 7)
        let exported = parseCSV(try String(contentsOf: out.householdsFile, encoding: .utf8))
        let codeColumn = try #require(exported.first?.firstIndex(of: "household_code"))
        let communeColumn = try #require(exported.first?.firstIndex(of: "commune_code"))
        #expect(exported.dropFirst().map { $0[codeColumn] } == selected)
        #expect(exported.dropFirst().filter { $0[communeColumn] == Self.thaiBinhLegacy }.count == 3)

        // A class filter on a date: poor households of the unit on 31/12/2025.
        var poor: [String] = []
        try store.forEachHousehold(in: HouseholdSelection(communeCodes: codes, classes: [.poor],
                                                          classDate: CivilDate(year: 2025, month: 12, day: 31))) {
            poor.append($0.household.householdCode)
        }
        #expect(poor == ["TB-1", "LD-1", "HY-1"])
    }

    @Test("a newer list closes the previous one the day before and adds its units; the same edition twice is refused", arguments: backends)
    func newList(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend, "u")
        var rows = try OfficialLists.rows("units-2025.csv")
        let removed = rows.remove(at: rows.firstIndex { $0["commune_code"] == Self.hungYenCommune }!)
        #expect(removed["commune_name"] == "Phường Phố Hiến")
        rows.append(["province_code": Self.hungYen, "province_name": "Tỉnh Hưng Yên", "commune_code": "99990",
                     "commune_name": "Phường Phố Hiến Mới", "commune_type": "Phường"])
        var provinces: [(code: String, name: String)] = []
        for r in rows where !provinces.contains(where: { $0.code == r["province_code"]! }) {
            provinces.append((r["province_code"]!, r["province_name"]!))
        }
        let from = CivilDate(year: 2027, month: 1, day: 1)
        let list = UnitListImport(
            edition: "2027-01", validFrom: from, provinces: provinces,
            communes: rows.map { ($0["commune_code"]!, $0["commune_name"]!, $0["commune_type"]!, $0["province_code"]!) })
        let auditBefore = try store.auditEntries(AuditFilter(limit: 1_000_000)).count

        let summary = try store.importUnitList(list, context: tester)
        #expect(summary == UnitListImportSummary(provinces: 34, communes: 3_321, closed: 1))

        let dayBefore = CivilDate(year: 2026, month: 12, day: 31)
        let old = try store.units(edition: "2025")
        #expect(old.first { $0.code == Self.hungYenCommune && $0.level == "commune" }?.validTo == dayBefore)
        // The whole previous list ends the day before; its start is unchanged.
        #expect(old.allSatisfy { $0.validTo == dayBefore && $0.validFrom == CivilDate(year: 2025, month: 7, day: 1) })
        // The legacy list is untouched.
        #expect(try store.units(edition: "legacy").allSatisfy { $0.validTo == CivilDate(year: 2025, month: 6, day: 30) })

        let new = try store.units(edition: "2027-01")
        let newCommunes = new.filter { $0.level == "commune" }
        #expect(newCommunes.count == 3_321)
        #expect(!newCommunes.contains { $0.code == Self.hungYenCommune })
        let added = try #require(newCommunes.first { $0.code == "99990" })
        #expect(added.name == "Phường Phố Hiến Mới")
        #expect(added.parentCode == Self.hungYen)
        #expect(new.allSatisfy { $0.validFrom == from && $0.validTo == nil })
        #expect(new.filter { $0.level == "province" }.count == 34)

        let audit = try store.auditEntries(AuditFilter(action: .settingChange))
        #expect(audit.count == 1)
        #expect(audit.first?.entityIDs == ["2027-01"])
        #expect(audit.first?.rowCount == 3_321)

        // The same edition again is refused and changes nothing.
        #expect(throws: StoreError.self) { try store.importUnitList(list, context: tester) }
        do {
            _ = try store.importUnitList(list, context: tester)
        } catch let error as StoreError {
            #expect(error.code == "admin_units.invalid")
            #expect(error.message.contains("2027-01"))
            #expect(isVietnamese(error.message))
        }
        #expect(try store.units(edition: "2027-01") == new)
        #expect(try store.units(edition: "2025") == old)
        #expect(try store.auditEntries(AuditFilter(limit: 1_000_000)).count == auditBefore + 1)
        #expect(try store.verifyAuditChain() == nil)

        // A later list closes the 2027 one, not the already closed 2025 list.
        let later = UnitListImport(edition: "2028-01", validFrom: CivilDate(year: 2028, month: 1, day: 1),
                                   provinces: list.provinces, communes: list.communes)
        #expect(try store.importUnitList(later, context: tester).closed == 0)
        #expect(try store.units(edition: "2027-01").allSatisfy { $0.validTo == CivilDate(year: 2027, month: 12, day: 31) })
        #expect(try store.units(edition: "2025") == old)
    }
}
