import Access
import Foundation
import PovertyStandard
import Registry
import Store
@testable import StorePostgres
@testable import StoreSQLite
import StoreTestSupport
import Testing
import VietnameseText

/// The roll-ups (bảng tổng hợp) kept by triggers: after every kind of write they must equal a
/// full recomputation, and what reads them (dashboard tallies, flows, commune counts) must equal
/// what a household-by-household count finds.
@Suite("Roll-ups kept on every write")
struct RollupTests {
    /// A small deterministic generator (SplitMix64), so a failure replays.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    }

    let days = [CivilDate(year: 2024, month: 12, day: 31), CivilDate(year: 2025, month: 6, day: 30),
                CivilDate(year: 2025, month: 12, day: 31), CivilDate(year: 2026, month: 12, day: 31)]

    func talliesBySQL(_ store: any FullStore, on day: CivilDate, byVillage: Bool) throws -> [ClassTally] {
        if let sqlite = store as? SQLiteRegistryStore {
            return try sqlite.talliesBySQL(scope: .everything, on: day, communeCodes: nil, byVillage: byVillage)
        }
        return try (store as! PostgresRegistryStore).talliesBySQL(scope: .everything, on: day, communeCodes: nil, byVillage: byVillage)
    }

    /// The stored roll-ups equal the recomputation, and their readers equal independent counts.
    func check(_ store: any FullStore, _ step: String) throws {
        let rollups = try #require(store as? any RollupStore)
        let differences = try rollups.verifyRollups(limit: 20)
        #expect(differences.isEmpty, "\(step): \(differences.map(\.description).joined(separator: "\n"))")

        func key(_ t: ClassTally) -> String { "\(t.communeCode)|\(t.village ?? "")" }
        for day in days {
            for byVillage in [false, true] {
                let read = try store.tallies(scope: .everything, on: day, communeCodes: nil, byVillage: byVillage)
                let counted = try talliesBySQL(store, on: day, byVillage: byVillage)
                #expect(Dictionary(uniqueKeysWithValues: read.map { (key($0), $0) })
                        == Dictionary(uniqueKeysWithValues: counted.map { (key($0), $0) }), "\(step): tallies on \(day), byVillage \(byVillage)")
            }
        }

        // Year-end flows and class counts, from each household's status history in Swift.
        var flows: [String: Int] = [:]
        var classes: [String: Int] = [:]
        let day = days[3]
        try store.forEachStatusHistory(in: HouseholdSelection()) { _, commune, records in
            let history = StatusHistory(records)
            for year in 2020...2027 {
                let from = history.recognisedClass(on: CivilDate(year: year - 1, month: 12, day: 31))
                let to = history.recognisedClass(on: CivilDate(year: year, month: 12, day: 31))
                if from != to { flows["\(commune)|\(year)|\(from.rawValue)>\(to.rawValue)", default: 0] += 1 }
            }
            classes["\(commune)|\(history.recognisedClass(on: day).rawValue)", default: 0] += 1
        }
        var stored: [String: Int] = [:]
        for c in try rollups.rollupCells(.flow, communeCodes: nil) { stored["\(c.communeCode)|\(c.period)|\(c.key)", default: 0] += c.households }
        #expect(stored.filter { $0.value != 0 } == flows, "\(step): flows")
        let counts = try store.communeClassCounts(on: day)
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ("\($0.communeCode)|\($0.recognisedClass.rawValue)", $0.households) }) == classes,
                "\(step): commune class counts")
    }

    @Test("random creates, edits, deletions, imports and classification runs leave the roll-ups equal to a recomputation",
          arguments: backends)
    func randomEdits(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let registry = try dir.registry(backend, "rollups")
        let store = try registry.open()
        let rollups = try #require(store as? any RollupStore)
        let (h, m) = try generated(dir, households: 300, seed: 5, province: "42")
        try importOK(store, h, m)
        var codes = try snapshot(store).map(\.household.householdCode)
        let communes = Set(try snapshot(store).map(\.household.communeCode)).sorted()
        #expect(communes.count > 2)
        try check(store, "after the generated import")

        var random = Random(state: 20_261_207)
        let villages = ["Thôn Bắc", "Thôn Nam", "Thôn Mới"]
        let classNames = ["poor", "near_poor", "not_poor", "average"]
        var created = 0
        for step in 1...24 {
            let kind = step <= 6 ? step - 1 : random.int(6)
            var label = "step \(step)"
            switch kind {
            case 0:  // create: new households, some recognised
                var f = Fixture()
                for _ in 0..<(1 + random.int(4)) {
                    created += 1
                    let recognised = random.int(3) > 0
                    f.family("N\(created)", head: "Nguyễn Văn Hùng", spouse: random.int(2) == 0 ? "Trần Thị Lan" : nil,
                             village: random.pick(villages), commune: random.pick(communes),
                             recognisedClass: recognised ? random.pick(classNames) : "",
                             recognisedYear: recognised ? String(2024 + random.int(3)) : "")
                    codes.append("N\(created)")
                }
                let (hx, mx) = try f.write(dir, "create-\(step)")
                try importOK(store, hx, mx)
                label += " (create)"
            case 1:  // recognised-class history: existing households recognised again, another year
                var f = Fixture()
                let year = 2024 + random.int(3)
                for _ in 0..<(2 + random.int(6)) {
                    let code = random.pick(codes)
                    guard !f.households.contains(where: { $0[0] == code }),
                          let current = try store.household(code: code, context: tester) else { continue }
                    f.household(code, commune: current.household.communeCode, village: current.household.village,
                                recognisedClass: random.pick(classNames), recognisedYear: String(year))
                    f.member(code, 1, current.members.first?.fullName ?? "Nguyễn Văn An")
                }
                let (hx, mx) = try f.write(dir, "recognise-\(step)")
                try importOK(store, hx, mx, year: year)
                label += " (recognise \(year))"
            case 2:  // single edit: village, commune and poverty causes
                let code = random.pick(codes)
                if let current = try store.household(code: code, context: tester) {
                    var changed = current.household
                    changed.village = random.pick(villages)
                    if random.int(2) == 0 { changed.communeCode = random.pick(communes) }
                    changed.povertyCauses = Array(PovertyCause.allCases.shuffled(using: &random).prefix(random.int(3)))
                    _ = try store.updateHousehold(changed, expectedVersion: current.version, context: tester)
                }
                label += " (edit \(code))"
            case 3:  // members removed: re-import with the head only, replacing members
                var f = Fixture()
                for _ in 0..<(1 + random.int(3)) {
                    let code = random.pick(codes)
                    guard !f.households.contains(where: { $0[0] == code }),
                          let current = try store.household(code: code, context: tester), current.members.count > 1 else { continue }
                    f.household(code, commune: current.household.communeCode, village: current.household.village)
                    let head = current.members.first { $0.relation == .head } ?? current.members[0]
                    f.member(code, head.memberNo, head.fullName)
                }
                if !f.households.isEmpty {
                    let (hx, mx) = try f.write(dir, "members-\(step)")
                    try importOK(store, hx, mx, replaceMembers: true)
                }
                label += " (members removed)"
            case 4:  // a whole household deleted, directly in the database
                let code = codes.remove(at: random.int(codes.count))
                switch backend {
                case .sqlite:
                    try registry.execute("""
                        DELETE FROM member WHERE household_id = (SELECT id FROM household WHERE code = '\(code)');
                        DELETE FROM household WHERE code = '\(code)';
                        """)
                case .postgres:
                    try registry.execute("""
                        DELETE FROM member WHERE household_id = (SELECT id FROM household_code WHERE code = '\(code)');
                        DELETE FROM household WHERE id = (SELECT id FROM household_code WHERE code = '\(code)');
                        DELETE FROM household_code WHERE code = '\(code)';
                        """)
                }
                label += " (delete \(code))"
            default:  // a classification run over one commune (again: results replaced)
                let year = 2025 + random.int(2)
                let standard = random.pick(["ND07-2021", "LOCAL-TEST"])
                let indicators = ["health_insurance", "housing_quality", "clean_water", "information_access"]
                var seed = random
                _ = try store.classifyHouseholds(in: HouseholdSelection(communeCodes: [random.pick(communes)]), context: tester) { stored in
                    StoredClassification(householdCode: stored.household.householdCode, year: year, standardID: standard,
                                         povertyClass: seed.pick(PovertyClass.allCases),
                                         deprived: indicators.filter { _ in seed.int(3) == 0 }, unknown: [], explanation: "test")
                }
                random = seed
                label += " (classify \(year) \(standard))"
            }
            try check(store, label)
        }
        #expect(try rollups.rollupCells(.classified, communeCodes: nil).reduce(0) { $0 + $1.households } > 0)
        #expect(try rollups.rollupCells(.cause, communeCodes: nil).reduce(0) { $0 + $1.households } > 0)
        #expect(try rollups.rollupCells(.deprived, communeCodes: nil).reduce(0) { $0 + $1.households } > 0)
        #expect(try rollups.rollupCells(.flow, communeCodes: nil).count > 3)
        #expect(try store.tallies(scope: .everything, on: days[3], communeCodes: nil, byVillage: false).reduce(0) { $0 + $1.poor } > 0)

        // A rebuild gives the same figures.
        let before = try store.tallies(scope: .everything, on: days[3], communeCodes: nil, byVillage: true)
        #expect(try rollups.rebuildRollups() > 0)
        #expect(try store.tallies(scope: .everything, on: days[3], communeCodes: nil, byVillage: true) == before)
        try check(store, "after rebuild")

        // A tampered row is found by verify and mended by rebuild.
        try registry.execute("UPDATE rollup SET households = households + 1 WHERE dimension = 'total' AND village_id = (SELECT min(village_id) FROM rollup)")
        let found = try rollups.verifyRollups(limit: 10)
        #expect(found.count == 1)
        #expect(found.first.map { ($0.stored?.households ?? 0) - ($0.recomputed?.households ?? 0) } == 1)
        try rollups.rebuildRollups()
        #expect(try rollups.verifyRollups(limit: 10).isEmpty)
    }
}

extension RollupTests.Random: RandomNumberGenerator {}
