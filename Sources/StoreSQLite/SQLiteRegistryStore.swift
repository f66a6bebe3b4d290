import Foundation
import GRDB
import PersonalDataProtection
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// The registry in one SQLite file (kho dữ liệu SQLite), the embedded default: nothing to
/// install, WAL journal so readers never wait for the writer, migrations applied on open, the
/// official administrative units loaded into a new file.
///
/// Durability: every write is one transaction; an import is one transaction however large, so a
/// process killed at any moment (even `kill -9`) leaves the file as it was before the import —
/// SQLite ignores the uncommitted tail of the WAL on the next open.
public final class SQLiteRegistryStore: RegistryStore {
    let pool: DatabasePool
    /// The file.
    public let path: String
    /// The shipped units the file was seeded with.
    let catalog: AdminUnitCatalog
    /// Personal-data reads, appended to the audit log in batches (``AuditGroupCommit``).
    let readAudits: AuditBatcher
    /// Seals and opens the CCCD numbers (roles.md §6): callers of the store see numbers only.
    let cipher: NationalIDCipher
    /// The key file the CCCD numbers are sealed with (outside the database).
    public let keyFile: String

    /// Each connection's page cache, KiB (SQLite's default is 2,000). A household page reads a
    /// few dozen pages of the household, member, status and audit indexes; with the default they
    /// were read again from the OS (`pread`) on most requests, a tenth of the search API's CPU
    /// under `perf`. The pool opens at most a handful of readers, so this adds tens of MiB at most.
    static let pageCacheKiB = 16384

    /// Opens (creating if needed) a registry file and brings its schema up to date.
    ///
    /// The CCCD numbers are sealed with the key in `keyFile` (``KeyFileLocation``: default
    /// `GIAMNGHEO_KEY_FILE`, else `<path>.key`). A registry that has no key yet — a new file, or
    /// one written before CCCD encryption, which is migrated now in one transaction — gets a new key
    /// file (mode 0600) unless one is already there; a registry with a key opens only with the same
    /// key file: a missing or different one is refused (``StoreError/personalDataKey(code:message:)``),
    /// never replaced.
    ///
    /// - Parameters:
    ///   - keyFile: the key file; `nil` for ``KeyFileLocation/resolve(explicit:databasePath:environment:)``.
    ///   - units: the administrative units loaded into a new file.
    public init(path: String, keyFile: String? = nil, units: AdminUnitCatalog = .shared) throws {
        self.path = path
        self.catalog = units
        let keyFile = keyFile ?? KeyFileLocation.resolve(databasePath: path)
        self.keyFile = keyFile
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // NORMAL is durable in WAL mode against process crashes; only a power loss may lose the
            // last commits, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.incompatibleDatabase("\(path): \(error)")
        }
        readAudits = AuditGroupCommit.make(pool: pool)
        let (applied, storedKeyCheck) = try pool.read { db -> (Set<String>, String?) in
            let applied = try db.tableExists("grdb_migrations")
                ? Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) : []
            let check = try db.tableExists("personal_data_key")
                ? try String.fetchOne(db, sql: "SELECT key_check FROM personal_data_key WHERE id = 1") : nil
            return (applied, check)
        }
        if let unknown = applied.first(where: { !Schema.migrationIdentifiers.contains($0) }) {
            throw StoreError.incompatibleDatabase("\(path) được tạo bởi phiên bản GiamNgheo mới hơn (\(unknown))")
        }
        cipher = NationalIDCipher(key: try Self.key(keyFile, storedCheck: storedKeyCheck))
        let sealing = !applied.contains(NationalIDMigration.identifier)
        // A registry with clear CCCD numbers: overwrite them in the pages as they are replaced, rather
        // than leave them in free space.
        if sealing { try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA secure_delete = ON") } }
        try Schema.migrator(cipher: cipher).migrate(pool)
        if sealing { try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA secure_delete = OFF") } }
        try NationalIDMigration.removeRemnants(pool)
        try pool.write { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM admin_unit") == 0 {
                try UnitTables.seed(db, catalog: units)
            }
        }
    }

    /// The key of a registry whose stored key check is `storedCheck` (`nil`: it has none yet).
    static func key(_ keyFile: String, storedCheck: String?) throws -> PersonalDataKey {
        do {
            guard let storedCheck else {
                return FileManager.default.fileExists(atPath: keyFile)
                    ? try PersonalDataKey.load(path: keyFile) : try PersonalDataKey.create(path: keyFile)
            }
            let key = try PersonalDataKey.load(path: keyFile)
            guard key.keyCheck == storedCheck else { throw ProtectionError.keyMismatch(path: keyFile) }
            return key
        } catch let error as ProtectionError {
            throw StoreError(error)
        }
    }

    // MARK: Import and export

    /// Runs an import in one transaction.
    ///
    /// Into an **empty registry**, when no other connection has the file open, the load runs
    /// with a rollback journal instead of the WAL: the new pages are then written once, straight
    /// into the file (only the few pages that existed before are journaled), instead of into a
    /// WAL as large as the registry and copied again at the checkpoint. A process killed meanwhile
    /// leaves a hot journal that SQLite rolls back on the next open, so the file is exactly as
    /// before either way; the WAL is switched back on when the import ends.
    public func performImport(
        _ context: ImportContext, _ body: (any RegistryImportSession) throws -> Bool
    ) throws -> ImportBatch? {
        let empty = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM household LIMIT 1)") == 0 }
        // Leaving WAL needs this process's writer to be the file's only connection: close the readers.
        if empty { pool.releaseMemory() }
        return try pool.writeWithoutTransaction { db in
            // A modest page cache: rows are appended in key order, so a larger cache only costs
            // memory (measured: 128 MiB was no faster than 16 MiB on a million households).
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: "PRAGMA temp_store = FILE")
            defer { try? db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKiB)") }
            var rollbackJournal = false
            if empty {
                // Do not wait for other connections: if there are any, stay in WAL.
                try db.execute(sql: "PRAGMA busy_timeout = 0")
                let mode = (try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")) ?? nil
                try db.execute(sql: "PRAGMA busy_timeout = 30000")
                rollbackJournal = mode?.lowercased() == "delete"
                Trace.mark("import: journal mode \(mode ?? "?")")
            }
            defer {
                if rollbackJournal { _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            }
            var batch: ImportBatch?
            try db.inTransaction(.immediate) {
                let session = try SQLiteImportSession(db: db, pool: pool, context: context, cipher: cipher)
                guard try body(session) else { return .rollback }
                batch = try session.finish()
                return .commit
            }
            Trace.mark("import: committed")
            if batch != nil && !rollbackJournal {
                // Move the import's pages from the WAL into the file now, and shrink the WAL, rather
                // than leave a WAL as large as the database for the next readers.
                _ = try? db.checkpoint(.truncate)
                Trace.mark("import: checkpointed")
            }
            return batch
        }
    }

    public func forEachHousehold(in selection: HouseholdSelection, _ body: (StoredHousehold) throws -> Void) throws {
        try pool.read { db in try Self.forEachHousehold(db, in: selection, cipher: cipher) { _, stored in try body(stored) } }
    }

    /// The households of `selection` with their members, in id order, each with its row id;
    /// CCCD numbers opened with `cipher`, or left out without one (see ``RowMapping/member(from:householdCode:offset:cipher:)``).
    static func forEachHousehold(
        _ db: Database, in selection: HouseholdSelection, cipher: NationalIDCipher?,
        _ body: (_ id: Int64, StoredHousehold) throws -> Void
    ) throws {
        let filter = try SelectionSQL(selection, db: db)
        let households = try Row.fetchCursor(db, sql: RowMapping.householdSelect + filter.whereClause + " ORDER BY h.id",
                                             arguments: filter.arguments)
        // Members are stored clustered by household id: one ordered scan, merged with the households.
        let members = try Row.fetchCursor(db, sql: RowMapping.memberSelect + filter.memberWhereClause + " ORDER BY household_id, member_no",
                                          arguments: filter.arguments)
        var pending: Row? = try members.next()
        while let row = try households.next() {
            let id: Int64 = row["id"]
            let household = RowMapping.household(from: row)
            var list: [Member] = []
            while let m = pending {
                let hid: Int64 = m["household_id"]
                if hid > id { break }
                if hid == id { list.append(try RowMapping.member(from: m, householdCode: household.householdCode, cipher: cipher)) }
                pending = try members.next()
            }
            try body(id, stored(household, list, row))
        }
    }

    static func stored(_ household: Household, _ members: [Member], _ row: Row) -> StoredHousehold {
        StoredHousehold(household: household, members: members, version: row["version"],
                        createdAt: RowMapping.date(fromTimestamp: row["created_at"]),
                        updatedAt: RowMapping.date(fromTimestamp: row["updated_at"]), updatedBy: row["updated_by"])
    }

    public func recordExport(_ export: ExportRecord, context: AccessContext) throws {
        try pool.write { db in
            try AuditLog.append(db, AuditLog.Draft(
                access: context, action: .export, entityType: export.entityType, entityIDs: [],
                after: export.description, rowCount: export.rowCount, fileHash: export.fileHash))
        }
    }

    // MARK: Households

    public func household(code: String, context: AccessContext) throws -> StoredHousehold? {
        try pool.write { db in
            guard let stored = try Self.household(db, code: code, cipher: cipher) else { return nil }
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .readPersonal, entityType: "household", entityIDs: [code]))
            return stored
        }
    }

    static func household(_ db: Database, code: String, cipher: NationalIDCipher) throws -> StoredHousehold? {
        try householdRecord(db, code: code, cipher: cipher)?.stored
    }

    /// A household with its members and its row id (statements cached: every household page reads one).
    static func householdRecord(_ db: Database, code: String, cipher: NationalIDCipher) throws -> (id: Int64, stored: StoredHousehold)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: RowMapping.householdSelect + " WHERE h.code = ?"), arguments: [code])
        else { return nil }
        let id: Int64 = row["id"]
        let members = try Row.fetchAll(db.cachedStatement(sql: RowMapping.memberSelect + " WHERE household_id = ? ORDER BY member_no"),
                                       arguments: [id]).map { try RowMapping.member(from: $0, householdCode: code, cipher: cipher) }
        return (id, stored(RowMapping.household(from: row), members, row))
    }

    public func updateHousehold(_ household: Household, expectedVersion: Int, context: AccessContext) throws -> Int {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: RowMapping.householdSelect + " WHERE h.code = ?", arguments: [household.householdCode]) else {
                throw StoreError.householdNotFound(code: household.householdCode)
            }
            let id: Int64 = row["id"], version: Int = row["version"]
            guard version == expectedVersion else {
                throw StoreError.staleVersion(householdCode: household.householdCode, expected: expectedVersion, actual: version)
            }
            let old = RowMapping.household(from: row)
            let villageID = try UnitTables.village(db, commune: household.communeCode, name: household.village)
            // Another spelling of the household's own village is not a change (see `UnitTables.village`).
            var household = household
            if row["village_id"] as Int64 == villageID { household.village = old.village }
            let changes = old.changes(to: household)
            guard !changes.isEmpty else { return version }
            let s = try RawStatement(db, sql: RowMapping.updateHouseholdSQL)
            RowMapping.bindValues(household, villageID: villageID, to: s)
            let now = Date()
            s.bind(version + 1)
            s.bind(RowMapping.timestamp(now))
            s.bind(context.account)
            s.bind(id)
            try s.run()
            try recordChange(db, id: id, code: household.householdCode, version: version + 1, memberNo: nil,
                             kind: "updated", changes: changes, context: context, at: now)
            return version + 1
        }
    }

    public func updateMember(_ member: Member, expectedVersion: Int, context: AccessContext) throws -> Int {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, version FROM household WHERE code = ?", arguments: [member.householdCode]) else {
                throw StoreError.householdNotFound(code: member.householdCode)
            }
            let id: Int64 = row["id"], version: Int = row["version"]
            guard version == expectedVersion else {
                throw StoreError.staleVersion(householdCode: member.householdCode, expected: expectedVersion, actual: version)
            }
            guard let old = try Row.fetchOne(db, sql: RowMapping.memberSelect + " WHERE household_id = ? AND member_no = ?", arguments: [id, member.memberNo])
                .map({ try RowMapping.member(from: $0, householdCode: member.householdCode, cipher: cipher) }) else {
                throw StoreError.memberNotFound(householdCode: member.householdCode, memberNo: member.memberNo)
            }
            let changes = old.changes(to: member)
            guard !changes.isEmpty else { return version }
            // The keyed hash finds the holder of the same number; the unique index would refuse it
            // anyway, but this names the other household.
            if let nid = member.nationalID, nid != old.nationalID,
               let other = try Row.fetchOne(db, sql: """
                   SELECT h.code, m.member_no FROM member m JOIN household h ON h.id = m.household_id
                   WHERE m.national_id_last4 = ? AND m.national_id_hash = ? AND NOT (m.household_id = ? AND m.member_no = ?)
                   """, arguments: [NationalIDCipher.last4(nid), Data(cipher.lookupHash(nid)), id, member.memberNo]) {
                throw StoreError.constraint(
                    code: "national_id.duplicate",
                    message: "Số CCCD \(nid) đã dùng cho thành viên STT \(other[1] as Int) của hộ \(other[0] as String)")
            }
            let s = try RawStatement(db, sql: RowMapping.updateMemberSQL)
            RowMapping.bindValues(member, nameID: try PersonNames.id(of: member.fullName, db), cipher: cipher, to: s)
            s.bind(id)
            s.bind(member.memberNo)
            try s.run()
            let now = Date()
            try db.execute(sql: "UPDATE household SET version = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                           arguments: [version + 1, RowMapping.timestamp(now), context.account, id])
            try recordChange(db, id: id, code: member.householdCode, version: version + 1, memberNo: member.memberNo,
                             kind: "updated", changes: changes, context: context, at: now)
            return version + 1
        }
    }

    /// A version row and the audit entry of one edit. The version row keeps a changed CCCD sealed
    /// (the history shows it to those allowed); the audit entry keeps it masked (``AuditLog``).
    func recordChange(_ db: Database, id: Int64, code: String, version: Int, memberNo: Int?, kind: String,
                      changes: [FieldChange], context: AccessContext, at: Date) throws {
        let before = FieldChanges.json(changes, side: .before), after = FieldChanges.json(changes, side: .after)
        let sealed = ChangeJSON.sealed(changes, cipher: cipher)
        try db.execute(sql: """
            INSERT INTO household_change (household_id, version, member_no, kind, at, account, batch_id, before, after)
            VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)
            """, arguments: [id, version, memberNo, kind, RowMapping.timestamp(at), context.account,
                             FieldChanges.json(sealed, side: .before), FieldChanges.json(sealed, side: .after)])
        try AuditLog.append(db, AuditLog.Draft(
            access: context, action: .update, entityType: memberNo == nil ? "household" : "member",
            entityIDs: [memberNo.map { "\(code)#\($0)" } ?? code], before: before, after: after), at: at)
    }

    public func counts() throws -> (households: Int, members: Int) {
        try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM household") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM member") ?? 0)
        }
    }

    // MARK: Audit

    public func auditEntries(_ filter: AuditFilter) throws -> [AuditEntry] {
        try pool.read { db in try Self.auditEntries(db, filter) }
    }

    static func auditEntries(_ db: Database, _ filter: AuditFilter) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let account = filter.account { conditions.append("a.account = ?"); arguments.append(account) }
        if let action = filter.action { conditions.append("a.action = ?"); arguments.append(action.rawValue) }
        if let kind = filter.kind, filter.entityID == nil {
            conditions.append("a.action IN (SELECT value FROM json_each(?))")
            arguments.append(AuditLog.jsonArray(AuditAction.allCases.filter { $0.kind == kind }.map(\.rawValue)))
        }
        if let accounts = filter.accounts {
            conditions.append("a.account IN (SELECT value FROM json_each(?))")
            arguments.append(AuditLog.jsonArray(accounts.sorted()))
        }
        if let from = filter.from { conditions.append("a.at >= ?"); arguments.append(RowMapping.timestamp(from)) }
        if let until = filter.until { conditions.append("a.at < ?"); arguments.append(RowMapping.timestamp(until)) }
        if let before = filter.beforeSequence { conditions.append("a.seq < ?"); arguments.append(before) }
        var from = "audit_log a"
        var order = "a.seq"
        if let entity = filter.entityID {
            from = "audit_entity e JOIN audit_log a ON a.seq = e.seq"
            conditions.append("e.entity_id = ?")
            arguments.append(entity)
            if let kind = filter.kind {
                // One range of the link index (entity, kind, seq), read newest first without a sort.
                conditions.append("e.kind = ?")
                arguments.append(kind.rawValue)
                order = "e.seq"
            }
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments.append(filter.limit)
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(AuditLog.columnsOfA) FROM \(from)\(whereClause) ORDER BY \(order) DESC LIMIT ?"),
                                    arguments: StatementArguments(arguments))
        return rows.reversed().map(AuditLog.entry(from:))
    }

    public func verifyAuditChain() throws -> Int64? {
        try pool.read { db in try AuditLog.verify(db) }
    }
}
