import Foundation
import GRDB
import Interchange
import PersonalDataProtection
import Registry
import RegistryTransfer
import Store
@testable import StoreSQLite
import Testing

/// Every whole CCCD number in the file set, read from its members file.
func nationalIDs(in members: URL) throws -> Set<String> {
    let rows = parseCSV(try String(contentsOf: members, encoding: .utf8))
    guard let column = rows.first?.firstIndex(of: "national_id") else { return [] }
    return Set(rows.dropFirst().compactMap { $0.count > column && !$0[column].isEmpty ? $0[column] : nil })
}

/// Where any of `numbers` appears in clear in the registry file: every text of every table
/// (`sqlite_master` included), then the raw bytes of the database, WAL and shared-memory files.
func clearNationalIDs(_ path: String, _ numbers: Set<String>) throws -> [String] {
    var found: [String] = []
    let queue = try DatabaseQueue(path: path)
    try queue.read { db in
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") + ["sqlite_master"]
        for table in tables {
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            for column in columns {
                let texts = try String.fetchAll(db, sql: "SELECT CAST(\"\(column)\" AS TEXT) FROM \"\(table)\" WHERE \"\(column)\" IS NOT NULL")
                for text in texts where text.utf8.count >= 12 {
                    let digits = text.split { !$0.isASCII || !$0.isNumber }
                    if let hit = digits.first(where: { numbers.contains(String($0)) }) { found.append("\(table).\(column): \(hit)") }
                }
            }
        }
    }
    try queue.close()
    for suffix in ["", "-wal", "-shm", "-journal"] {
        guard let data = FileManager.default.contents(atPath: path + suffix) else { continue }
        let bytes = [UInt8](data)
        var run = 0
        for (i, b) in bytes.enumerated() {
            if b >= 0x30 && b <= 0x39 { run += 1; continue }
            if run >= 12 {
                let text = String(decoding: bytes[(i - run)..<i], as: UTF8.self)
                for start in 0...(run - 12) {
                    let candidate = String(text.dropFirst(start).prefix(12))
                    if numbers.contains(candidate) { found.append("file\(suffix) byte \(i - run + start): \(candidate)") }
                }
            }
            run = 0
        }
    }
    return found
}

@Suite("CCCD protection in the SQLite store: encryption, keyed hash, key file, migration")
struct NationalIDProtectionTests {
    @Test("numbers round-trip through import, reads and export; the file holds none of them in clear")
    func roundTripAndNothingInClear() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (h, m) = try generated(dir, households: 300)
        let numbers = try nationalIDs(in: m)
        #expect(numbers.count > 500)
        let path = dir.file("r.db").path
        let store = try SQLiteRegistryStore(path: path)
        #expect(store.keyFile == path + ".key")
        #expect(try FileManager.default.attributesOfItem(atPath: store.keyFile)[.posixPermissions] as? Int == 0o600)
        try importOK(store, h, m)
        let stored = try snapshot(store)
        #expect(Set(stored.flatMap { $0.members.compactMap(\.nationalID) }) == numbers)
        // The files' SHA-256 (now swift-crypto's) is the same digest as the audit chain's own SHA-256.
        let recorded = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT households_sha256 || ' ' || members_sha256 FROM import_batch")
        }
        let digests = [h, m].map { Registry.SHA256.hex(Array((try? Data(contentsOf: $0)) ?? Data())) }
        #expect(recorded == [digests.joined(separator: " ")])

        // An edit of a number, a search by a whole number, a history read: still nothing in clear.
        let first = stored[0], member = first.members[0]
        var edited = member
        edited.nationalID = "001099000777"
        _ = try store.updateMember(edited, expectedVersion: first.version, context: tester)
        let page = try store.search(SearchQuery(member.nationalID ?? ""), context: tester)
        #expect(page.hits.isEmpty)
        let found = try store.search(SearchQuery("001099000777"), context: tester)
        #expect(found.hits.map(\.householdCode) == [first.household.householdCode])
        #expect(found.hits.first?.match == .nationalID)
        #expect(found.hits.first?.maskedNationalID == "********0777")
        let history = try #require(try store.history(householdCode: first.household.householdCode, context: tester))
        let change = try #require(history.events.flatMap(\.changes).first { $0.field == "national_id" })
        #expect(change.before == member.nationalID && change.after == "001099000777")
        let audit = try store.auditEntries(AuditFilter(limit: 1000))
        #expect(audit.contains { ($0.before ?? "").contains("\"national_id\":\"********\(member.nationalID!.suffix(4))\"") })
        #expect(audit.contains { ($0.after ?? "").contains("********0777") })
        #expect(try store.verifyAuditChain() == nil)

        // Exported files carry the numbers again (plain export): decrypted on the way out.
        let out = dir.file("export")
        _ = try RegistryExporter.export(from: store, selection: .all, description: "test", to: out, format: .csv,
                                        headers: .english, access: tester)
        var expected = numbers
        expected.remove(member.nationalID!)
        expected.insert("001099000777")
        #expect(try nationalIDs(in: out.appendingPathComponent("members.csv")) == expected)

        var all = numbers
        all.insert("001099000777")
        #expect(try clearNationalIDs(path, all) == [])
        let names = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('member')")
        }
        #expect(!names.contains("national_id"))
        #expect(names.contains("national_id_sealed") && names.contains("national_id_hash") && names.contains("national_id_last4"))
    }

    @Test("a registry opens only with its own key file: missing or other keys are refused, never replaced")
    func wrongKeyRefused() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (h, m) = try generated(dir, households: 20)
        let path = dir.file("r.db").path
        try importOK(try SQLiteRegistryStore(path: path), h, m)
        func sealedState() throws -> [String] {
            try DatabaseQueue(path: path).read { db in
                try String.fetchAll(db, sql: "SELECT key_check FROM personal_data_key")
                    + (try Data.fetchAll(db, sql: "SELECT national_id_sealed FROM member WHERE national_id_sealed IS NOT NULL ORDER BY household_id, member_no")
                        .map { $0.base64EncodedString() })
            }
        }
        let before = try sealedState()

        let other = dir.file("other.key").path
        _ = try PersonalDataKey.create(path: other)
        do {
            _ = try SQLiteRegistryStore(path: path, keyFile: other)
            Issue.record("opened with another key")
        } catch let e as StoreError {
            #expect(e.code == "key.mismatch")
            #expect(e.message.contains("không phải khóa của sổ hộ này") && e.message.contains("wrong key file"))
        }
        try FileManager.default.moveItem(atPath: path + ".key", toPath: dir.file("moved.key").path)
        do {
            _ = try SQLiteRegistryStore(path: path)
            Issue.record("opened without its key")
        } catch let e as StoreError {
            #expect(e.code == "key.missing")
            #expect(e.message.contains(path + ".key"))
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".key"))
        #expect(try sealedState() == before)
        // The moved key, named explicitly, opens it.
        let store = try SQLiteRegistryStore(path: path, keyFile: dir.file("moved.key").path)
        #expect(try store.counts().households == 20)
    }

    @Test("uniqueness through the keyed hash: across households in an import and an edit, both households named; swaps allowed")
    func uniqueness() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var f = Fixture()
        f.family("U-1", head: "Lê Văn An", spouse: "Phạm Thị Bình")
        f.family("U-2", head: "Hồ Văn Cường")
        let (h, m) = try f.write(dir, "a")
        let store = try SQLiteRegistryStore(path: dir.file("r.db").path)
        try importOK(store, h, m)
        let taken = Fixture.nationalID("U-1", 2)

        // Another household given U-1's spouse's number in a later import.
        var g = Fixture()
        g.family("U-3", head: "Đỗ Văn Dũng")
        g.members[0][6] = taken
        let (h2, m2) = try g.write(dir, "b")
        let report = try importErrors(store, h2, m2)
        let error = try #require(report.errors.first { $0.code == "national_id.duplicate" })
        #expect(error.message.contains("U-1") && error.message.contains("U-3") && error.message.contains(taken))
        #expect(try store.counts().households == 2)

        // An edit giving U-2's head the same number.
        let u2 = try #require(try store.household(code: "U-2", context: tester))
        var head = u2.members[0]
        head.nationalID = taken
        #expect(throws: StoreError.constraint(code: "national_id.duplicate",
                                              message: "Số CCCD \(taken) đã dùng cho thành viên STT 2 của hộ U-1")) {
            try store.updateMember(head, expectedVersion: u2.version, context: tester)
        }

        // Head and spouse of U-1 swap numbers in one import: no clash once both are written.
        var swap = Fixture()
        swap.family("U-1", head: "Lê Văn An", spouse: "Phạm Thị Bình")
        swap.members[0][6] = Fixture.nationalID("U-1", 2)
        swap.members[1][6] = Fixture.nationalID("U-1", 1)
        let (h3, m3) = try swap.write(dir, "c")
        let result = try importOK(store, h3, m3)
        #expect(result.counts.membersUpdated == 2)
        let u1 = try #require(try store.household(code: "U-1", context: tester))
        #expect(u1.members.map(\.nationalID) == [Fixture.nationalID("U-1", 2), Fixture.nationalID("U-1", 1)])
        #expect(try store.search(SearchQuery(Fixture.nationalID("U-1", 1)), context: tester).hits.map(\.memberNo) == [2])

        // The unique index itself refuses a second row with the same hash, whatever the code path.
        #expect(throws: DatabaseError.self) {
            try DatabaseQueue(path: dir.file("r.db").path).write { db in
                try db.execute(sql: """
                    UPDATE member SET (national_id_last4, national_id_hash) =
                      (SELECT national_id_last4, national_id_hash FROM member WHERE household_id = 1 AND member_no = 1)
                    WHERE household_id = 2
                    """)
            }
        }
    }

    @Test("search: a whole number by its keyed hash, the last four digits ranked low, no prefix search")
    func search() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var f = Fixture()
        f.family("S-1", head: "Lê Văn An")
        f.family("S-2", head: "Võ Văn Bảo")
        f.members[0][6] = "001080001234"
        f.members[1][6] = "002080009234"
        let (h, m) = try f.write(dir, "a")
        let store = try SQLiteRegistryStore(path: dir.file("r.db").path)
        try importOK(store, h, m)
        let exact = try store.search(SearchQuery("0010 8000 1234"), context: tester)
        #expect(exact.hits.map(\.householdCode) == ["S-1"])
        #expect(exact.hits.first?.maskedNationalID == "********1234")
        let last4 = try store.search(SearchQuery("1234"), context: tester)
        #expect(last4.hits.map { "\($0.householdCode) \($0.match.rawValue)" } == ["S-1 national_id_last4"])
        #expect(try store.search(SearchQuery("00108"), context: tester).hits.isEmpty)
        #expect(try store.search(SearchQuery("001080001235"), context: tester).hits.isEmpty)
        // The searched number is masked in the audit log.
        let audit = try store.auditEntries(AuditFilter(limit: 100))
        #expect(audit.contains { ($0.after ?? "").contains("\"query\":\"0010 8000 1234\"") })
        #expect(try clearNationalIDs(dir.file("r.db").path, ["001080001234", "002080009234"]) == [])
    }

    @Test("exports encrypted at rest: only .gnenc files are left, they open to the plain export")
    func encryptedExport() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (h, m) = try generated(dir, households: 50)
        let store = try SQLiteRegistryStore(path: dir.file("r.db").path)
        try importOK(store, h, m)
        let plain = dir.file("plain"), sealed = dir.file("sealed")
        _ = try RegistryExporter.export(from: store, selection: .all, description: "plain", to: plain, format: .csv,
                                        headers: .vietnamese, access: tester)
        let passphrase = "xuất dữ liệu xã 18739"
        let result = try RegistryExporter.export(from: store, selection: .all, description: "sealed", to: sealed, format: .csv,
                                                 headers: .vietnamese, access: tester, encryption: .passphrase(passphrase))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sealed.path).sorted() == ["households.csv.gnenc", "members.csv.gnenc"])
        #expect(result.householdsFile.lastPathComponent == "households.csv.gnenc" && result.members > 0)
        let numbers = try nationalIDs(in: m)
        let sealedBytes = try String(decoding: Data(contentsOf: result.membersFile), as: UTF8.self)
        #expect(!numbers.contains { sealedBytes.contains($0) })
        for name in ["households.csv", "members.csv"] {
            let out = dir.file("opened-" + name).path
            try EncryptedFile.decrypt(input: sealed.appendingPathComponent(name + ".gnenc").path, output: out, secret: .passphrase(passphrase))
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: plain.appendingPathComponent(name)))
        }
        let exports = try store.auditEntries(AuditFilter(action: .export, limit: 10))
        #expect(exports.last?.after == "sealed encrypted")
        #expect(exports.last?.fileHash?.count == 129)
        // A short passphrase is refused before anything is written.
        #expect(throws: ProtectionError.weakPassphrase(minimum: 10)) {
            try RegistryExporter.export(from: store, selection: .all, description: "x", to: dir.file("weak"), format: .csv,
                                        headers: .vietnamese, access: tester, encryption: .passphrase("short"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("weak").path))
    }
}
