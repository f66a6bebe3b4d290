import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreTestSupport
import Testing

@Suite("Optimistic locking, history and the audit log")
struct HistoryAuditTests {
    let alice = AccessContext(account: "alice", role: "COM", assignment: "COM@18739", purpose: "review",
                              ip: "10.0.0.5", userAgent: "test", requestID: "req-1")
    let bob = AccessContext(account: "bob", role: "VIL", purpose: "review")

    /// A registry holding the base households, and its import batch.
    func registry(_ dir: TempDir, _ backend: StoreBackend) throws -> (registry: TestRegistry, batch: Int64) {
        let registry = try dir.registry(backend)
        let store = try registry.open()
        let (h, m) = try baseFixture().write(dir, "files")
        let batch = try #require(try importOK(store, h, m).batch?.id)
        return (registry, batch)
    }

    func entries(_ store: any RegistryStore) throws -> [AuditEntry] {
        try store.auditEntries(AuditFilter(limit: 1_000_000))
    }

    @Test("two writers: the second one's stale version is refused and the first one's change kept", arguments: backends)
    func optimisticLocking(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, batch) = try registry(dir, backend)
        let a = try registry.open()
        let b = try registry.open()

        // Both read version 1.
        let readA = try #require(try a.household(code: "H01", context: alice))
        let readB = try #require(try b.household(code: "H01", context: bob))
        #expect(readA.version == 1 && readB.version == 1)

        var byA = readA.household
        byA.monthlyIncomePerCapita = 1_800_000
        #expect(try a.updateHousehold(byA, expectedVersion: 1, context: alice) == 2)
        var byB = readB.household
        byB.address = "Số 5, ngõ 3"
        #expect(throws: StoreError.staleVersion(householdCode: "H01", expected: 1, actual: 2)) {
            try b.updateHousehold(byB, expectedVersion: 1, context: bob)
        }
        do {
            _ = try b.updateHousehold(byB, expectedVersion: 1, context: bob)
        } catch let error as StoreError {
            #expect(error.code == "household.stale_version")
            #expect(isVietnamese(error.message))
            #expect(error.message.contains("phiên bản 2"))
        }
        var stored = try #require(try b.household(code: "H01", context: bob))
        #expect(stored.version == 2)
        #expect(stored.household == byA)
        #expect(stored.updatedBy == "alice")

        // Members follow the household's version.
        var lan = stored.members[1]
        lan.fullName = "Trần Thị Lan Anh"
        #expect(try a.updateMember(lan, expectedVersion: 2, context: alice) == 3)
        var stale = stored.members[1]
        stale.education = .primary
        #expect(throws: StoreError.staleVersion(householdCode: "H01", expected: 2, actual: 3)) {
            try b.updateMember(stale, expectedVersion: 2, context: bob)
        }
        stored = try #require(try b.household(code: "H01", context: bob))
        #expect(stored.version == 3)
        #expect(stored.members[1] == lan)

        // A CCCD held by another household is refused, naming it; nothing changes.
        var head = stored.members[0]
        head.nationalID = Fixture.nationalID("H02", 1)
        do {
            _ = try b.updateMember(head, expectedVersion: 3, context: bob)
            Issue.record("a duplicated CCCD was accepted")
        } catch let error as StoreError {
            #expect(error.code == "national_id.duplicate")
            #expect(error.message.contains("H02"))
            #expect(isVietnamese(error.message))
        }
        #expect(try a.household(code: "H01", context: alice) == stored)

        // An unknown household or member is reported as such.
        var ghost = byA
        ghost.householdCode = "H99"
        #expect(throws: StoreError.householdNotFound(code: "H99")) { try a.updateHousehold(ghost, expectedVersion: 1, context: alice) }
        var nobody = stored.members[0]
        nobody.memberNo = 9
        #expect(throws: StoreError.memberNotFound(householdCode: "H01", memberNo: 9)) {
            try a.updateMember(nobody, expectedVersion: 3, context: alice)
        }

        // Bob, after reloading, succeeds.
        head = stored.members[0]
        head.education = .lowerSecondary
        #expect(try b.updateMember(head, expectedVersion: 3, context: bob) == 4)

        // The timeline: created by the batch, then every change with before, after and account.
        let history = try #require(try a.history(householdCode: "H01", context: alice))
        #expect(history.current.version == 4)
        #expect(history.events.map(\.kind) == [.created, .updated, .updated, .updated])
        #expect(history.events[0].batch == batch)
        #expect(history.events[0].account == "tester")
        let changes = history.events.dropFirst().map { ($0.account, $0.version, $0.memberNo, $0.batch, $0.changes) }
        #expect(changes.map(\.0) == ["alice", "alice", "bob"])
        #expect(changes.map(\.1) == [2, 3, 4])
        #expect(changes.map(\.2) == [nil, 2, 1])
        #expect(changes.allSatisfy { $0.3 == nil })
        #expect(changes[0].4 == [FieldChange(field: "monthly_income_per_capita", before: "1500000", after: "1800000")])
        #expect(changes[1].4 == [FieldChange(field: "full_name", before: "Trần Thị Lan", after: "Trần Thị Lan Anh")])
        #expect(changes[2].4 == [FieldChange(field: "education", before: nil, after: "lower_secondary")])
        #expect(try a.verifyAuditChain() == nil)
    }

    @Test("every write and every personal read appends an entry; the chain verifies", arguments: backends)
    func auditEntries(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, batch) = try registry(dir, backend)
        let store = try registry.open()
        var log = try entries(store)
        #expect(log.count == 1)
        #expect(log[0].action == .create)
        #expect(log[0].entityType == "import_batch")
        #expect(log[0].entityIDs == [String(batch)])
        #expect(log[0].account == "tester")
        #expect(log[0].rowCount == 3)
        #expect(log[0].fileHash?.split(separator: ";").map(\.count) == [64, 64])

        /// Runs `body` and returns the entries it appended.
        func appended(_ body: () throws -> Void) throws -> [AuditEntry] {
            let before = try entries(store).count
            try body()
            return Array(try entries(store).dropFirst(before))
        }

        var read = try appended { _ = try store.household(code: "H01", context: alice) }
        #expect(read.map(\.action) == [.readPersonal])
        #expect(read[0].entityType == "household")
        #expect(read[0].entityIDs == ["H01"])
        #expect(read[0].account == "alice")
        #expect(read[0].role == "COM")
        #expect(read[0].assignment == "COM@18739")
        #expect(read[0].ip == "10.0.0.5")
        #expect(read[0].requestID == "req-1")
        #expect(read[0].purpose == "review")
        #expect(try appended { _ = try store.household(code: "NONE", context: alice) }.isEmpty)

        let h01 = try #require(try store.household(code: "H01", context: alice))
        var changed = h01.household
        changed.monthlyIncomePerCapita = 900_000
        let update = try appended { try store.updateHousehold(changed, expectedVersion: h01.version, context: alice) }
        #expect(update.map(\.action) == [.update])
        #expect(update[0].entityType == "household")
        #expect(update[0].entityIDs == ["H01"])
        #expect(update[0].before == #"{"monthly_income_per_capita":"1500000"}"#)
        #expect(update[0].after == #"{"monthly_income_per_capita":"900000"}"#)
        #expect(update[0].purpose == nil)

        // A refused write leaves no entry.
        #expect(try appended { _ = try? store.updateHousehold(changed, expectedVersion: 1, context: bob) }.isEmpty)

        var member = h01.members[2]
        member.inSchool = true
        let memberUpdate = try appended { try store.updateMember(member, expectedVersion: h01.version + 1, context: bob) }
        #expect(memberUpdate.map(\.action) == [.update])
        #expect(memberUpdate[0].entityType == "member")
        #expect(memberUpdate[0].entityIDs == ["H01#3"])
        #expect(memberUpdate[0].after == #"{"in_school":"1"}"#)

        read = try appended { _ = try store.history(householdCode: "H01", context: bob) }
        #expect(read.map(\.action) == [.readPersonal])
        #expect(read[0].entityType == "household_history")
        #expect(read[0].entityIDs == ["H01"])

        let export = try appended {
            _ = try RegistryExporter.export(from: store, selection: .all, description: "toàn xã", to: dir.file("out"),
                                            format: .csv, headers: .vietnamese, access: alice)
        }
        #expect(export.map(\.action) == [.export])
        #expect(export[0].rowCount == 3 + 6)
        #expect(export[0].purpose == "review")
        let files = try String(contentsOf: dir.file("out/households.csv"), encoding: .utf8)
        #expect(!files.isEmpty)
        #expect(export[0].fileHash?.split(separator: ";").count == 2)

        // What concerns household H01: its reads and writes, its members' changes included.
        let aboutH01 = try store.auditEntries(AuditFilter(entityID: "H01"))
        #expect(aboutH01.map(\.action) == [.readPersonal, .readPersonal, .update, .update, .readPersonal])
        #expect(try store.auditEntries(AuditFilter(account: "bob")).count == 2)

        log = try entries(store)
        #expect(log.map(\.sequence) == Array(1...Int64(log.count)))
        #expect(try store.verifyAuditChain() == nil)
        #expect(AuditChain.verify(log) == nil)
    }

    @Test("the audit log refuses UPDATE and DELETE; an edit with the triggers dropped is found", arguments: backends)
    func tampering(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, _) = try registry(dir, backend)
        let store = try registry.open()
        for code in ["H01", "H02", "H03"] { _ = try store.household(code: code, context: alice) }
        let log = try entries(store)
        #expect(log.count == 4)

        // The application may neither update nor delete entries: its PostgreSQL role has no such
        // privilege, and triggers refuse them to anyone (the only guard in a SQLite file).
        for sql in ["UPDATE audit_log SET account = 'mallory' WHERE seq = 2", "DELETE FROM audit_log WHERE seq = 4",
                    "DELETE FROM audit_log"] {
            for asApplication in backend == .postgres ? [true, false] : [false] {
                do {
                    try registry.execute(sql, asApplication: asApplication)
                    Issue.record("accepted: \(sql)")
                } catch {
                    let refusal = asApplication ? "permission denied" : "append-only"
                    #expect("\(error)".contains(refusal), "\(error)")
                }
            }
        }
        if backend == .postgres {
            #expect(throws: (any Error).self) { try registry.execute("TRUNCATE audit_log") }
            #expect(throws: (any Error).self) { try registry.execute("TRUNCATE audit_log", asApplication: true) }
        }
        #expect(try entries(store) == log)
        #expect(try store.verifyAuditChain() == nil)

        // With the trigger dropped, an edited entry no longer matches its hash: that entry is reported.
        try registry.execute(dropTrigger(backend, "audit_log_no_update"))
        try registry.execute("UPDATE audit_log SET account = 'mallory' WHERE seq = 2")
        #expect(try store.verifyAuditChain() == 2)
        #expect(AuditChain.verify(try entries(store)) == 2)

        // Re-sealed, the edited entry is self-consistent: the break shows at the next entry (AuditChain).
        let edited = try #require(try entries(store).first { $0.sequence == 2 })
        #expect(edited.account == "mallory")
        let resealed = AuditEntry.sealed(edited, after: edited.previousHash)
        try registry.execute("UPDATE audit_log SET hash = '\(resealed.hash)' WHERE seq = 2")
        #expect(try store.verifyAuditChain() == 3)
        #expect(AuditChain.verify(try entries(store)) == 3)
    }

    /// SQL removing a trigger of the audit log.
    func dropTrigger(_ backend: StoreBackend, _ name: String) -> String {
        backend == .sqlite ? "DROP TRIGGER \(name)" : "DROP TRIGGER \(name) ON audit_log"
    }

    @Test("a deleted entry, with the trigger dropped, breaks the chain at the entry after it", arguments: backends)
    func deletion(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, _) = try registry(dir, backend)
        let store = try registry.open()
        for code in ["H01", "H02", "H03"] { _ = try store.household(code: code, context: alice) }
        try registry.execute(dropTrigger(backend, "audit_log_no_delete"))
        try registry.execute("DELETE FROM audit_log WHERE seq = 3")
        #expect(try store.verifyAuditChain() == 4)
        #expect(AuditChain.verify(try entries(store)) == 4)
    }
}
