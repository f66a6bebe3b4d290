import Foundation
import GRDB
import PersonalDataProtection
import Registry
import Store
@testable import StoreSQLite
import Testing

/// A registry file as versions before CCCD encryption wrote it (schema v1 + v2, `member.national_id`
/// in clear, clear numbers in version rows and in the audit log), made with the SQL of those
/// versions, which `Schema.v1` and `Schema.v2Accounts` still are.
struct ClearTextRegistry {
    let path: String
    /// Members: household code, member number, name, relation, national id.
    var members: [(String, Int, String, String, String?)]

    func write() throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: Schema.v1)
            try db.execute(sql: Schema.v2Accounts)
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-registry'), ('v2-accounts')")
            try db.execute(sql: "INSERT INTO village (id, commune_code, name, name_key, created_at) VALUES (1, ?, 'Thôn Trung Sơn', 'thon trung son', '2026-01-01T00:00:00.000Z')",
                           arguments: [testCommune])
            var ids: [String: Int64] = [:]
            for code in Set(members.map(\.0)).sorted() {
                let id = Int64(ids.count + 1)
                ids[code] = id
                try db.execute(sql: """
                    INSERT INTO household (id, code, commune_code, village_id, area_type, version, created_at, created_by, updated_at, updated_by)
                    VALUES (?, ?, ?, 1, 'rural', 2, '2026-01-01T00:00:00.000Z', 'old', '2026-01-02T00:00:00.000Z', 'old')
                    """, arguments: [id, code, testCommune])
            }
            var names: [String: Int] = [:]
            for m in members {
                let nameID = names[m.2] ?? names.count + 1
                if names[m.2] == nil {
                    names[m.2] = nameID
                    try db.execute(sql: "INSERT INTO person_name (id, name_key, given_key) VALUES (?, ?, ?)",
                                   arguments: [nameID, NameSearchKey.fullName(m.2), NameSearchKey.givenNameFirst(m.2)])
                }
                try db.execute(sql: """
                    INSERT INTO member (household_id, member_no, full_name, name_id, relation, sex, birth_date, national_id)
                    VALUES (?, ?, ?, ?, ?, 'M', '1980', ?)
                    """, arguments: [ids[m.0], m.1, m.2, nameID, m.3, m.4])
            }
            // An edit of the first member's number, as the old versions recorded it.
            let first = members[0]
            let before = "{\"national_id\":\"001080000001\"}", after = "{\"national_id\":\"\(first.4 ?? "")\"}"
            try db.execute(sql: """
                INSERT INTO household_change (household_id, version, member_no, kind, at, account, before, after)
                VALUES (?, 2, ?, 'updated', '2026-01-02T00:00:00.000Z', 'old', ?, ?)
                """, arguments: [ids[first.0], first.1, before, after])
            // The audit log of those versions: a read, the edit, a search typed with a number, a read.
            var previous = AuditChain.genesisHash
            let drafts: [(AuditAction, String, [String], String?, String?)] = [
                (.readPersonal, "household", [first.0], nil, nil),
                (.update, "member", ["\(first.0)#\(first.1)"], before, after),
                (.readPersonal, "search", [first.0], nil, "{\"query\":\"\(first.4 ?? "")\",\"page\":1}"),
                (.readPersonal, "household", [first.0], nil, nil),
            ]
            for (i, d) in drafts.enumerated() {
                let entry = AuditEntry.sealed(AuditEntry(
                    sequence: Int64(i + 1), at: Date(timeIntervalSince1970: 1_767_225_600 + Double(i)), account: "old",
                    action: d.0, entityType: d.1, entityIDs: d.2, before: d.3, after: d.4,
                    purpose: d.0 == .readPersonal ? "review" : nil), after: previous)
                try db.execute(sql: "INSERT INTO audit_log (\(AuditLog.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [entry.sequence, RowMapping.timestamp(entry.at), entry.account, entry.role, entry.assignment,
                                           entry.ip, entry.userAgent, entry.requestID, entry.action.rawValue, entry.entityType,
                                           AuditLog.jsonArray(entry.entityIDs), entry.before, entry.after, entry.purpose,
                                           entry.rowCount, entry.fileHash, entry.previousHash, entry.hash])
                previous = entry.hash
            }
        }
        try queue.close()
    }
}

@Suite("CCCD protection: migration of a registry written in clear")
struct NationalIDMigrationTests {
    @Test("opening a clear-text registry seals every number in one step; history, search, audit chain still work; nothing left in clear")
    func migrates() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("old.db").path
        let numbers = ["001085123456", "001090654321", "038070111222"]
        // 3,000 more households: `member` then spans many pages under interior pages, which in a
        // WITHOUT ROWID table hold whole rows as dividers (the reason for the VACUUM after sealing).
        let many = (1...3_000).map { i in (String(format: "X-%04d", i), 1, "Phạm Văn Bình", "head", Optional(String(format: "042%09d", i))) }
        let old = ClearTextRegistry(path: path, members: [
            ("M-1", 1, "Nguyễn Văn Đức", "head", numbers[0]), ("M-1", 2, "Trần Thị Hoa", "spouse", numbers[1]),
            ("M-1", 3, "Nguyễn Văn Nam", "child", nil), ("M-2", 1, "Lê Văn Tâm", "head", numbers[2]),
        ] + many)
        try old.write()
        let interior = try DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM dbstat WHERE name = 'member' AND pagetype = 'internal'") ?? 0
        }
        #expect(interior > 0)
        let oldHead = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") }
        #expect(try clearNationalIDs(path, Set(numbers)).count >= 3)  // the fixture really is in clear

        let store = try SQLiteRegistryStore(path: path)
        let m1 = try #require(try store.household(code: "M-1", context: tester))
        #expect(m1.members.map(\.nationalID) == [numbers[0], numbers[1], nil])
        #expect(try store.household(code: "M-2", context: tester)?.members.first?.nationalID == numbers[2])
        let history = try #require(try store.history(householdCode: "M-1", context: tester))
        let change = try #require(history.events.flatMap(\.changes).first { $0.field == "national_id" })
        #expect(change.before == "001080000001" && change.after == numbers[0])
        #expect(try store.search(SearchQuery(numbers[2]), context: tester).hits.map(\.householdCode) == ["M-2"])
        #expect(try store.search(SearchQuery("4321"), context: tester).hits.map(\.memberNo) == [2])

        // The chain verifies after the re-seal, the old entries are masked, and the re-seal is recorded.
        #expect(try store.verifyAuditChain() == nil)
        let audit = try store.auditEntries(AuditFilter(limit: 100))
        #expect(audit[1].after == "{\"national_id\":\"********3456\"}")
        #expect(audit[2].after == "{\"query\":\"********3456\",\"page\":1}")
        let migration = try #require(audit.first { $0.entityType == "registry" })
        #expect(migration.entityIDs == ["v4-national-id-protection"])
        #expect(migration.after?.contains("\"members_sealed\":3003") == true)
        #expect(migration.after?.contains("\"chain_resealed_from\":2") == true)
        #expect(migration.after?.contains("\"previous_head_hash\":\"\(oldHead ?? "?")\"") == true)

        #expect(try clearNationalIDs(path, Set(numbers + ["001080000001"] + many.compactMap(\.4))) == [])
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT clear_remnants FROM personal_data_key") } == 0)
        // Opening again: no second migration, same key.
        let again = try SQLiteRegistryStore(path: path)
        #expect(try again.auditEntries(AuditFilter(limit: 100)).filter { $0.entityType == "registry" }.count == 1)
        #expect(try again.household(code: "M-1", context: tester)?.members.first?.nationalID == numbers[0])
    }

    @Test("a clear-text registry holding a number twice is not migrated: both households named, schema unchanged")
    func refusesDuplicates() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let path = dir.file("dup.db").path
        try ClearTextRegistry(path: path, members: [
            ("D-1", 1, "Nguyễn Văn Đức", "head", "001085123456"), ("D-2", 1, "Lê Văn Tâm", "head", "001085123456"),
        ]).write()
        do {
            _ = try SQLiteRegistryStore(path: path)
            Issue.record("a registry with duplicate numbers was migrated")
        } catch let e as StoreError {
            #expect(e.code == "national_id.duplicate")
            #expect(e.message.contains("D-1 STT 1") && e.message.contains("D-2 STT 1") && e.message.contains("********3456"))
            #expect(!e.message.contains("001085123456"))
        }
        let (columns, migrations) = try DatabaseQueue(path: path).read {
            (try String.fetchAll($0, sql: "SELECT name FROM pragma_table_info('member')"),
             try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations"))
        }
        #expect(columns.contains("national_id") && !columns.contains("national_id_sealed"))
        #expect(!migrations.contains("v4-national-id-protection"))
    }
}
