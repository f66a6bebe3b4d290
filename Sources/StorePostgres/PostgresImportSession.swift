import Foundation
import NIOCore
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// One all-or-nothing import inside an open PostgreSQL transaction (phiên nhập).
///
/// Two paths, as in the SQLite store. Into an **empty registry** the reading thread encodes new
/// rows in `COPY` text (``PostgresBulkEncoder``: household ids in file order, village and name
/// ids from their own counters) and this session sends each batch with `COPY … FROM STDIN`; the
/// secondary indexes are dropped first and built once (households' while the members are still
/// being read, members' at the end), then statistics refreshed. Into a **registry with data** each
/// household and member is looked up, compared field by field, and only changes are written,
/// each with a version row holding the changed fields before and after.
///
/// Either way it all happens in the import's one transaction: a refused or killed import
/// leaves nothing (PostgreSQL rolls the transaction back, `COPY`'d rows and rebuilt indexes
/// included).
final class PostgresImportSession: RegistryImportSession {
    let c: PGConnection
    unowned let store: PostgresRegistryStore
    private(set) var context: ImportContext
    let batchID: Int64
    let startedEmpty: Bool
    let startedAt: Date
    private(set) var counts = ImportCounts()
    let now: String
    var account: String { context.access.account }

    /// Households written by this session: code → key.
    private var householdKeys: [String: HouseholdKey] = [:]
    /// Households created by this session (only tracked when the registry was not empty).
    private var created: Set<Int64> = []
    /// Version after this session's first change, per household.
    private var bumpedVersion: [Int64: Int] = [:]
    private var nextHouseholdID: Int64
    /// Id of the first household this session creates (ids follow in file order).
    let firstHouseholdID: Int64
    private var villages = FoldedIDs()
    private var names = FoldedIDs()

    init(c: PGConnection, store: PostgresRegistryStore, context: ImportContext) throws {
        self.c = c
        self.store = store
        self.context = context
        startedAt = Date()
        now = RecordColumns.timestamp(startedAt)
        let row = try c.row("""
            SELECT (SELECT coalesce(max(id), 0) + 1 FROM import_batch), (SELECT coalesce(max(id), 0) + 1 FROM household_code),
                   NOT EXISTS (SELECT 1 FROM household_code)
            """)
        batchID = row?.int64(0) ?? 1
        nextHouseholdID = row?.int64(1) ?? 1
        firstHouseholdID = nextHouseholdID
        startedEmpty = row?.bool(2) ?? true
        if startedEmpty {
            // New villages and names get ids from this import's counters: no other writer may
            // add any meanwhile (edits wait for the import to commit).
            try c.execute("LOCK TABLE village, person_name IN SHARE ROW EXCLUSIVE MODE")
            try c.execute("SELECT giamngheo_bulk_indexes(false, NULL)")
        } else {
            try c.script("""
                CREATE TEMP TABLE import_touched (household_id bigint PRIMARY KEY) ON COMMIT DROP;
                CREATE TEMP TABLE import_written (household_id bigint NOT NULL, member_no bigint NOT NULL,
                  PRIMARY KEY (household_id, member_no)) ON COMMIT DROP;
                """)
            for r in try c.query("SELECT id, commune_code, name_key FROM village") {
                villages.seed(scope: r.string(1), key: r.string(2), id: r.int64(0) ?? 0)
            }
            for r in try c.query("SELECT id, name_key FROM person_name") { names.seed(scope: "", key: r.string(1), id: r.int64(0) ?? 0) }
        }
    }

    private var fileHashes: (() throws -> (households: String, members: String))?

    func setFileHashes(_ provider: @escaping () throws -> (households: String, members: String)) {
        fileHashes = provider
    }

    /// Into an empty registry: builds the household indexes now, while the reading thread is
    /// ahead on the members.
    func householdsWritten() throws {
        guard startedEmpty else { return }
        try c.execute("SELECT giamngheo_bulk_indexes(true, 'household')")
        Trace.mark("import: household indexes built")
    }

    func recordEncoded(households: Int, members: Int, villages: Int, statuses: Int) {
        counts.householdsCreated += households
        counts.membersCreated += members
        counts.villagesCreated += villages
        counts.statusRecords += statuses
    }

    // MARK: Households

    func existingHousehold(code: String) throws -> ExistingHousehold? {
        guard !startedEmpty else { return nil }
        // Another connection: READ COMMITTED shows it the registry as committed before this import.
        return try store.pool.with { other in
            guard let row = try other.row("""
                SELECT h.reference_date FROM household_code k JOIN household h ON h.province_code = k.province_code AND h.id = k.id
                WHERE k.code = ?
                """, [.text(code)]) else { return nil }
            return ExistingHousehold(code: code, referenceDate: row.text(0).flatMap(RecordColumns.parseISODate))
        }
    }

    private func villageID(commune: String, name: String) throws -> Int64 {
        try villages.id(scope: commune, text: name, fold: VietnameseText.fold) { key in
            let row = try c.row("""
                INSERT INTO village (commune_code, name, name_key, created_at, created_batch) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (commune_code, name_key) DO UPDATE SET commune_code = EXCLUDED.commune_code RETURNING id
                """, [.text(commune), .text(name), .text(key), .text(now), .int(batchID)])
            counts.villagesCreated += 1
            return row?.int64(0) ?? 0
        }
    }

    private func nameID(_ fullName: String) throws -> Int64 {
        try names.id(scope: "", text: fullName, fold: NameSearchKey.fullName) { _ in try PostgresNames.id(of: fullName, c) }
    }

    @discardableResult
    func upsert(_ household: Household) throws -> UpsertOutcome {
        let village = try villageID(commune: household.communeCode, name: household.village)
        let province = store.provinces.code(ofCommune: household.communeCode)
        if !startedEmpty, let (key, current, villageID) = try PostgresRegistryStore.householdRecord(c, code: household.householdCode) {
            householdKeys[household.householdCode] = key
            try touch(key.id)
            let old = current.household
            // Another spelling of the household's own village is not a change.
            var household = household
            if villageID == village { household.village = old.village }
            try recordStatus(household, id: key.id)
            guard old != household else {
                counts.householdsUnchanged += 1
                return .unchanged
            }
            let version = try bump(key, current: current.version)
            let binds = PGBinds()
            RecordColumns.bindValues(household, villageID: village, to: binds)
            for v in [PGArg.int(version), .text(now), .text(account), .text(province), .text(key.province), .int(key.id)] {
                binds.arguments.append(v)
            }
            try c.execute(PostgresRows.updateHouseholdSQL, binds.arguments)
            if province != key.province {
                try c.execute("UPDATE member SET province_code = ? WHERE province_code = ? AND household_id = ?",
                              [.text(province), .text(key.province), .int(key.id)])
                try c.execute("UPDATE household_code SET province_code = ? WHERE id = ?", [.text(province), .int(key.id)])
                householdKeys[household.householdCode] = HouseholdKey(province: province, id: key.id)
            }
            let changes = old.changes(to: household)
            try change(key.id, version: version, memberNo: nil, kind: "updated",
                       before: FieldChanges.json(changes, side: .before), after: FieldChanges.json(changes, side: .after))
            counts.householdsUpdated += 1
            return .updated
        }
        let id = nextHouseholdID
        nextHouseholdID += 1
        let key = HouseholdKey(province: province, id: id)
        householdKeys[household.householdCode] = key
        let binds = PGBinds()
        binds.bind(province)
        binds.bind(id)
        binds.bind(household.householdCode)
        RecordColumns.bindValues(household, villageID: village, to: binds)
        Self.bindNewBookkeeping(to: binds, now: now, account: account, batch: batchID)
        try c.execute("""
            WITH code AS (INSERT INTO household_code (code, id, province_code) VALUES (?, ?, ?))
            INSERT INTO household (\(PostgresRows.householdInsertColumns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: PostgresRows.householdInsertColumns.count).joined(separator: ", ")))
            """, [.text(household.householdCode), .int(id), .text(province)] + binds.arguments)
        if !startedEmpty {
            created.insert(id)
            try touch(id)
        }
        try recordStatus(household, id: id)
        counts.householdsCreated += 1
        return .created
    }

    static func bindNewBookkeeping(to s: some ValueSink, now: String, account: String, batch: Int64) {
        s.bind(1)
        s.bind(now)
        s.bind(account)
        s.bind(batch)
        s.bind(now)
        s.bind(account)
    }

    /// A recognised class in the file becomes a status record effective 14/12 of its year
    /// (review.md §6.1), unless the same record was imported before.
    private func recordStatus(_ household: Household, id: Int64) throws {
        guard let status = RecordColumns.importedStatus(of: household, at: startedAt, by: account) else { return }
        let effective = status.effectiveDate.isoString
        if !startedEmpty && !created.contains(id) {
            let exists = try c.row("""
                SELECT EXISTS (SELECT 1 FROM status_record WHERE household_id = ? AND effective_date = ? AND class = ? AND source = 'import')
                """, [.int(id), .text(effective), .text(status.recognisedClass.rawValue)])?.bool(0) ?? false
            if exists { return }
        }
        try c.execute("""
            INSERT INTO status_record (household_id, effective_date, class, standard_id, source, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, 'import', ?, ?)
            """, [.int(id), .text(effective), .text(status.recognisedClass.rawValue), .text(status.standardID), .text(now), .text(account)])
        counts.statusRecords += 1
    }

    private func touch(_ id: Int64) throws {
        try c.execute("INSERT INTO import_touched (household_id) VALUES (?) ON CONFLICT DO NOTHING", [.int(id)])
    }

    /// The household's version after this session's change: bumped once per import.
    private func bump(_ key: HouseholdKey, current: Int? = nil) throws -> Int {
        if let v = bumpedVersion[key.id] { return v }
        let old = try current ?? c.row("SELECT version FROM household WHERE province_code = ? AND id = ?",
                                       [.text(key.province), .int(key.id)])?.int(0) ?? 1
        let v = old + 1
        bumpedVersion[key.id] = v
        if current == nil {
            try c.execute("UPDATE household SET version = ?, updated_at = ?, updated_by = ? WHERE province_code = ? AND id = ?",
                          [.int(v), .text(now), .text(account), .text(key.province), .int(key.id)])
        }
        return v
    }

    private func change(_ id: Int64, version: Int, memberNo: Int?, kind: String, before: String?, after: String?) throws {
        try c.execute("""
            INSERT INTO household_change (household_id, version, member_no, kind, at, account, batch_id, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.int(id), .int(version), .int(memberNo), .text(kind), .text(now), .text(account), .int(batchID), .text(before), .text(after)])
    }

    // MARK: Members

    private func householdKey(code: String) throws -> HouseholdKey? {
        if let key = householdKeys[code] { return key }
        guard !startedEmpty, let row = try c.row("SELECT province_code, id FROM household_code WHERE code = ?", [.text(code)]) else { return nil }
        let key = HouseholdKey(province: row.string(0), id: row.int64(1) ?? 0)
        householdKeys[code] = key
        try touch(key.id)
        return key
    }

    @discardableResult
    func upsert(_ member: Member) throws -> UpsertOutcome {
        guard let key = try householdKey(code: member.householdCode) else {
            throw StoreError.householdNotFound(code: member.householdCode)
        }
        let nameID = try nameID(member.fullName)
        if !startedEmpty {
            try c.execute("INSERT INTO import_written (household_id, member_no) VALUES (?, ?) ON CONFLICT DO NOTHING",
                          [.int(key.id), .int(member.memberNo)])
            if !created.contains(key.id),
               let row = try c.row(PostgresRows.memberSelect + " WHERE m.province_code = ? AND m.household_id = ? AND m.member_no = ?",
                                   [.text(key.province), .int(key.id), .int(member.memberNo)]) {
                var reader = row.columns(from: 2)
                let old = RecordColumns.member(from: &reader, householdCode: member.householdCode)
                if old == member {
                    counts.membersUnchanged += 1
                    return .unchanged
                }
                let version = try bump(key)
                let binds = PGBinds()
                RecordColumns.bindValues(member, nameID: nameID, to: binds)
                binds.bind(key.province)
                binds.bind(key.id)
                binds.bind(member.memberNo)
                try c.execute(PostgresRows.updateMemberSQL, binds.arguments)
                let changes = old.changes(to: member)
                try change(key.id, version: version, memberNo: member.memberNo, kind: "updated",
                           before: FieldChanges.json(changes, side: .before), after: FieldChanges.json(changes, side: .after))
                counts.membersUpdated += 1
                return .updated
            }
        }
        let binds = PGBinds()
        binds.bind(key.province)
        binds.bind(key.id)
        binds.bind(member.memberNo)
        RecordColumns.bindValues(member, nameID: nameID, to: binds)
        try c.execute("""
            INSERT INTO member (\(PostgresRows.memberInsertColumns.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: PostgresRows.memberInsertColumns.count).joined(separator: ", ")))
            """, binds.arguments)
        if !startedEmpty && !created.contains(key.id) {
            let version = try bump(key)
            let added = ChangeJSON.creation(of: member)
            try change(key.id, version: version, memberNo: member.memberNo, kind: "member_added",
                       before: nil, after: FieldChanges.json(added, side: .after))
        }
        counts.membersCreated += 1
        return .created
    }

    func removeMembersNotWritten() throws -> Int {
        guard !startedEmpty else { return 0 }
        let rows = try c.query("""
            SELECT k.code, \(PostgresRows.memberSelect.dropFirst("SELECT ".count).replacingOccurrences(of: " FROM member m", with: ""))
            FROM member m JOIN import_touched t ON t.household_id = m.household_id
            JOIN household_code k ON k.id = m.household_id AND k.province_code = m.province_code
            WHERE NOT EXISTS (SELECT 1 FROM import_written w WHERE w.household_id = m.household_id AND w.member_no = m.member_no)
            ORDER BY m.household_id, m.member_no
            """)
        for row in rows {
            let key = HouseholdKey(province: row.string(1), id: row.int64(2) ?? 0)
            var reader = row.columns(from: 3)
            let old = RecordColumns.member(from: &reader, householdCode: row.string(0))
            let version = try bump(key)
            try change(key.id, version: version, memberNo: old.memberNo, kind: "member_removed",
                       before: FieldChanges.json(ChangeJSON.creation(of: old), side: .after), after: nil)
            try c.execute("DELETE FROM member WHERE province_code = ? AND household_id = ? AND member_no = ?",
                          [.text(key.province), .int(key.id), .int(old.memberNo)])
        }
        counts.membersRemoved += rows.count
        return rows.count
    }

    // MARK: Checks

    func nationalIDConflicts(limit: Int) throws -> [NationalIDConflict] {
        guard !startedEmpty else { return [] }
        // Only pairs with a member this import did not write: duplicates inside the files are
        // reported by the file check with both rows.
        return try c.query("""
            SELECT a.national_id, ka.code, a.member_no, kb.code, b.member_no
            FROM import_written w
            JOIN household_code ka ON ka.id = w.household_id
            JOIN member a ON a.province_code = ka.province_code AND a.household_id = w.household_id AND a.member_no = w.member_no
            JOIN member b ON b.national_id = a.national_id
            JOIN household_code kb ON kb.id = b.household_id
            WHERE a.national_id IS NOT NULL AND (b.household_id <> a.household_id OR b.member_no <> a.member_no)
              AND NOT EXISTS (SELECT 1 FROM import_written x WHERE x.household_id = b.household_id AND x.member_no = b.member_no)
            LIMIT ?
            """, [.int(limit)]).map {
            NationalIDConflict(nationalID: $0.string(0), householdCode: $0.string(1), memberNo: $0.int(2) ?? 0,
                               otherHouseholdCode: $0.string(3), otherMemberNo: $0.int(4) ?? 0)
        }
    }

    func headCountProblems(limit: Int) throws -> [HeadCountProblem] {
        guard !startedEmpty else { return [] }
        return try c.query("""
            SELECT k.code, count(m.member_no), count(*) FILTER (WHERE m.relation = 'head')
            FROM import_touched t JOIN household_code k ON k.id = t.household_id
            LEFT JOIN member m ON m.province_code = k.province_code AND m.household_id = t.household_id
            GROUP BY k.code HAVING count(*) FILTER (WHERE m.relation = 'head') <> 1 LIMIT ?
            """, [.int(limit)]).map {
            HeadCountProblem(householdCode: $0.string(0), heads: $0.int(2) ?? 0, members: $0.int(1) ?? 0)
        }
    }

    // MARK: Finish

    /// Builds the indexes of a bulk load, refreshes statistics and records the batch. Called
    /// just before commit.
    func finish() throws -> ImportBatch {
        Trace.mark("import: rows written")
        if startedEmpty {
            try c.execute("SELECT giamngheo_bulk_indexes(true, NULL)")
            Trace.mark("import: indexes built")
            for table in ["village", "person_name"] {
                try c.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM \(table)), false)")
            }
            try c.execute("SELECT giamngheo_analyze()")
            Trace.mark("import: analyzed")
        }
        if let fileHashes {
            let (h, m) = try fileHashes()
            context.householdsSHA256 = h
            context.membersSHA256 = m
            Trace.mark("import: files hashed")
        }
        let committed = Date()
        let countsJSON = String(decoding: try ImportCountsJSON.encode(counts), as: UTF8.self)
        try c.execute("""
            INSERT INTO import_batch (id, started_at, committed_at, account, households_file, members_file, households_sha256,
              members_sha256, review_year, replace_members, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.int(batchID), .text(now), .text(RecordColumns.timestamp(committed)), .text(account), .text(context.householdsFile),
                  .text(context.membersFile), .text(context.householdsSHA256), .text(context.membersSHA256), .int(context.reviewYear),
                  .bool(context.replaceMembers), .text(countsJSON)])
        let action: AuditAction = counts.householdsUpdated + counts.membersUpdated + counts.membersRemoved > 0 ? .update : .create
        try PostgresAuditLog.append(c, AuditDraft(
            access: context.access, action: action, entityType: "import_batch", entityIDs: [String(batchID)],
            after: countsJSON, rowCount: counts.householdsCreated + counts.householdsUpdated + counts.householdsUnchanged,
            fileHash: "\(context.householdsSHA256);\(context.membersSHA256)"), at: committed)
        return ImportBatch(id: batchID, committedAt: committed, counts: counts)
    }
}

/// Deterministic JSON (sorted keys) of import counts, as stored with a batch.
enum ImportCountsJSON {
    static func encode(_ counts: ImportCounts) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(counts)
    }
}
