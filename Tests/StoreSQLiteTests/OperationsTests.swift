import Access
import Foundation
import Registry
import RegistryTransfer
import Store
@testable import StorePostgres
import StoreSQLite
import StoreTestSupport
import Testing
import VietnameseText

/// Everything a restore must bring back, read through the store.
struct RegistryContents: Equatable {
    var counts: [Int]
    var households: [StoredHousehold]
    var status: [String: [StatusRecord]]
    var classifications: [String: [StoredClassification]]
    var audit: [AuditEntry]
    var accounts: [Account]
    var assignments: [[Assignment]]
    var units: [StoredUnit]
    var villages: [String]

    init(_ store: any FullStore, codes: [String]) throws {
        let c = try store.counts()
        counts = [c.households, c.members]
        households = try snapshot(store)
        var status: [String: [StatusRecord]] = [:]
        try store.forEachStatusHistory(in: .all) { code, _, records in status[code] = records }
        self.status = status
        classifications = Dictionary(uniqueKeysWithValues: try codes.map { ($0, try store.classifications(householdCode: $0)) })
        audit = try store.auditEntries(AuditFilter(limit: 1_000_000))
        accounts = try store.accounts()
        assignments = try accounts.map { try store.assignments(accountID: $0.id) }
        units = try store.units(edition: "2025")
        villages = try Set(households.map(\.household.communeCode)).sorted().flatMap { try store.villages(communeCode: $0) }
    }
}

@Suite("Operations: backup and restore, both backends")
struct BackupRestoreTests {
    @Test("a backup restored into a new registry reads back the same registry, audit chain and accounts; it goes on working",
          arguments: backends)
    func restoreAndCompare(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend)
        let (h, m) = try generated(dir, households: 300, seed: 5)
        try importOK(store, h, m)
        var f = Fixture()
        f.family("B01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", recognisedClass: "poor", recognisedYear: "2025")
        let (h2, m2) = try f.write(dir, "more")
        try importOK(store, h2, m2)
        let b01 = try #require(try store.household(code: "B01", context: tester))
        var edited = b01.household
        edited.address = "Xóm Bắc"
        try store.updateHousehold(edited, expectedVersion: b01.version, context: tester)
        _ = try store.createAccount(NewAccount(username: "can.bo", fullName: "Cán Bộ Xã", unitCode: testCommune, passwordHash: "$argon2id$x",
                                               mustChangePassword: true),
                                    assignments: [Assignment(role: .commune, unitCode: testCommune, validFrom: CivilDate(year: 2026, month: 1, day: 1))],
                                    context: tester)
        _ = try store.search(SearchQuery("nguyen van"), context: tester)
        try store.classifyHouseholds(in: .all, context: tester) { stored in
            StoredClassification(householdCode: stored.household.householdCode, year: 2026, standardID: "ND07-2022",
                                 povertyClass: stored.members.count > 3 ? .poor : .notPoor, deprived: ["health_insurance"], unknown: [],
                                 explanation: "thử")
        }
        let codes = ["B01"] + (try snapshot(store)).prefix(5).map(\.household.householdCode)
        let before = try RegistryContents(store, codes: codes)

        let backup = try #require(store as? any RegistryBackup)
        let summary = try backup.backup(to: dir.file("registry.backup"))
        #expect(summary.households == 301)
        #expect(summary.lastAuditSequence == before.audit.last?.sequence)
        #expect(summary.bytes > 0)

        let restored = try backend.restore(dir.file("registry.backup"), in: dir.url, keyFile: (store as? SQLiteRegistryStore)?.keyFile)
        defer { restored.drop() }
        let copy = try restored.open()
        #expect(try RegistryContents(copy, codes: codes) == before)
        #expect(try copy.verifyAuditChain() == nil)

        // The copy is a working registry: an edit chains onto the restored log (as the application's role).
        let again = try #require(try copy.household(code: "B01", context: tester))
        edited.address = "Xóm Nam"
        #expect(try copy.updateHousehold(edited, expectedVersion: again.version, context: tester) == again.version + 1)
        #expect(try copy.verifyAuditChain() == nil)
        #expect(try copy.auditEntries(AuditFilter(limit: 1_000_000)).count == before.audit.count + 2)
        // The original is untouched.
        #expect(try RegistryContents(store, codes: codes) == before)
    }

    @Test("a restore into a registry that already holds data is refused", arguments: backends)
    func refusesOverwrite(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let registry = try dir.registry(backend)
        let store = try registry.open()
        let (h, m) = try baseFixture().write(dir, "files")
        try importOK(store, h, m)
        _ = try (store as! any RegistryBackup).backup(to: dir.file("b"))
        #expect(throws: StoreError.self) {
            switch backend {
            case .sqlite: _ = try SQLiteRegistryStore.restore(from: dir.file("b"), to: registry.location)
            case .postgres: _ = try PostgresRegistryStore.restore(from: dir.file("b"), to: registry.location)
            }
        }
        #expect(try store.counts() == (3, 6))
    }
}

@Suite("PostgreSQL: a hot standby for reads")
struct ReadReplicaTests {
    @Test("writes on the primary are read from a streaming standby; aggregate reads go on when the primary stops, writes and personal reads fail closed")
    func standby() async throws {
        let primary = try TestPostgresServer.start()
        defer { try? primary.stop() }
        try primary.psql("CREATE DATABASE registry")
        let standby = try primary.startStandby()
        defer { try? standby.stop() }
        let store = try PostgresRegistryStore(url: primary.url(database: "registry"), readReplica: standby.url(database: "registry"))
        #expect(try store.readPool.with { c in try c.row("SELECT pg_is_in_recovery()")?.bool(0) } == true)
        #expect(try store.pool.with { c in try c.row("SELECT pg_is_in_recovery()")?.bool(0) } == false)

        let dir = try TempDir()
        defer { dir.cleanup() }
        var f = Fixture()
        f.family("R01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", recognisedClass: "poor", recognisedYear: "2025")
        f.family("R02", head: "Lê Văn Tâm", recognisedClass: "near_poor", recognisedYear: "2025")
        f.family("R03", head: "Hoàng Thị Mai")
        let (h, m) = try f.write(dir, "files")
        try importOK(store, h, m)

        // The standby replays the import within moments; reads then see it there.
        let deadline = Date().addingTimeInterval(30)
        while try store.counts() != (3, 4) && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(try store.counts() == (3, 4))
        let day = CivilDate(year: 2026, month: 1, day: 1)
        let tallies = try store.tallies(scope: .everything, on: day, communeCodes: nil, byVillage: false)
        #expect(tallies.map(\.households).reduce(0, +) == 3)
        #expect(tallies.map(\.poor).reduce(0, +) == 1)
        let search = try await store.search(SearchQuery("nguyen van hung"), scope: .everything, context: tester)
        #expect(search.hits.map(\.householdCode) == ["R01"])

        let r03 = try #require(try await store.householdFile(code: "R03", scope: .everything, editScope: .everything, audit: false,
                                                             trail: nil, context: tester))

        try primary.stop()
        // Reports and counts keep working from the standby.
        #expect(try store.counts() == (3, 4))
        #expect(try store.tallies(scope: .everything, on: day, communeCodes: nil, byVillage: false) == tallies)
        let classes = try store.communeClassCounts(on: day)
        #expect(classes.map(\.households).reduce(0, +) == 3)
        var exported: [String] = []
        try store.forEachHousehold(in: .all) { exported.append($0.household.householdCode) }
        #expect(exported == ["R01", "R02", "R03"])
        // A write needs the primary: refused with an error, nothing half done.
        var edited = r03.stored.household
        edited.address = "Xóm mới"
        #expect(throws: (any Error).self) { try store.updateHousehold(edited, expectedVersion: r03.stored.version, context: tester) }
        // A personal-data read cannot be audited without the primary: it fails rather than show names unrecorded.
        await #expect(throws: (any Error).self) {
            _ = try await store.search(SearchQuery("nguyen van hung"), scope: .everything, context: tester)
        }
    }
}
