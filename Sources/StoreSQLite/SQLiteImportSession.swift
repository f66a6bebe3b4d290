import Foundation
import GRDB
import PersonalDataProtection
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// One all-or-nothing import inside an open SQLite transaction (phiên nhập).
///
/// Two paths. Into an **empty registry** rows are appended with prepared statements bound through
/// the C interface, household ids are assigned here, and the secondary indexes are dropped first
/// and rebuilt once at the end (`Schema.bulkIndexes`): that is what keeps a million households
/// well under the `sqlite3 .import` time of the same files. Into a **registry with data** each
/// household and member is looked up, compared field by field, and only changes are written,
/// each with a version row (`household_change`) holding the changed fields before and after.
///
/// CCCD numbers are sealed as they are bound (``RowMapping``). Into a registry with data, a written
/// member's keyed hash is kept aside (`temp.import_written.hash`) and stored only at the end, once
/// ``nationalIDConflicts(limit:)`` has found no clash with members the import did not write: the
/// unique index on the hash checks every row at once, so two members swapping numbers in one
/// import would otherwise be refused halfway.
///
/// Creation is recorded once per household (`household.created_batch`, `created_at`,
/// `created_by`) rather than as a full copy of every new row: the batch keeps the SHA-256 of the
/// files it was loaded from, and each later change keeps the fields' earlier values.
final class SQLiteImportSession: RegistryImportSession {
    let db: Database
    let pool: DatabasePool
    let cipher: NationalIDCipher
    private(set) var context: ImportContext
    let batchID: Int64
    let startedEmpty: Bool
    let startedAt: Date
    private(set) var counts = ImportCounts()
    let now: String
    /// Seconds the writer waited for the sealing stage (`GIAMNGHEO_TRACE`).
    var sealWaited: TimeInterval = 0

    /// Households written by this session: code → id.
    private var householdIDs: [String: Int64] = [:]
    /// Households created by this session (only tracked when the registry was not empty).
    private var created: Set<Int64> = []
    /// Version after this session's first change, per household.
    private var bumpedVersion: [Int64: Int] = [:]
    private var nextHouseholdID: Int64
    /// Id of the first household this session created: households get consecutive ids in the
    /// order written, so a household's ordinal gives its id without a lookup (bulk load).
    let firstHouseholdID: Int64
    /// Villages by commune and folded name, and by the exact text seen (no folding per row).
    private var villages = FoldedIDs()
    private let names: PersonNames

    let insertHousehold: RawStatement
    let insertMember: RawStatement
    private let insertVillage: RawStatement
    let insertStatus: RawStatement
    /// Villages and names with the ids a bulk encoder gave them.
    lazy var insertVillageWithID = try! RawStatement(
        db, sql: "INSERT INTO village (id, commune_code, name, name_key, created_at, created_batch) VALUES (?, ?, ?, ?, ?, ?)")
    lazy var insertNameWithID = try! RawStatement(db, sql: "INSERT INTO person_name (id, name_key, given_key) VALUES (?, ?, ?)")
    static let membersPerInsert = 32
    lazy var insertMembers = try! RawStatement(db, sql: RowMapping.insertMembersSQL(rows: Self.membersPerInsert))
    static let householdsPerInsert = 16
    lazy var insertHouseholds = try! RawStatement(db, sql: RowMapping.insertHouseholdsSQL(rows: Self.householdsPerInsert))
    private lazy var updateHousehold = try! RawStatement(db, sql: RowMapping.updateHouseholdSQL)
    private lazy var updateMember = try! RawStatement(db, sql: RowMapping.updateMemberSQL)
    private lazy var insertChange = try! RawStatement(db, sql: """
        INSERT INTO household_change (household_id, version, member_no, kind, at, account, batch_id, before, after)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    private lazy var markTouched = try! RawStatement(db, sql: "INSERT OR IGNORE INTO temp.import_touched (household_id) VALUES (?)")
    private lazy var markWritten = try! RawStatement(
        db, sql: "INSERT OR REPLACE INTO temp.import_written (household_id, member_no, hash) VALUES (?, ?, ?)")

    init(db: Database, pool: DatabasePool, context: ImportContext, cipher: NationalIDCipher) throws {
        self.db = db
        self.pool = pool
        self.cipher = cipher
        self.context = context
        startedAt = Date()
        now = RowMapping.timestamp(startedAt)
        batchID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM import_batch") ?? 1
        nextHouseholdID = (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM household")) ?? 1
        firstHouseholdID = nextHouseholdID
        startedEmpty = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM household LIMIT 1)") == 0
        // A bulk load names people through its encoder; row-by-row writes look names up here.
        names = try PersonNames(db, preload: !startedEmpty)
        insertHousehold = try RawStatement(db, sql: RowMapping.insertHouseholdSQL)
        insertMember = try RawStatement(db, sql: RowMapping.insertMemberSQL)
        insertVillage = try RawStatement(db, sql: "INSERT INTO village (commune_code, name, name_key, created_at, created_batch) VALUES (?, ?, ?, ?, ?)")
        insertStatus = try RawStatement(db, sql: """
            INSERT INTO status_record (household_id, effective_date, class, standard_id, source, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, 'import', ?, ?)
            """)
        if startedEmpty {
            for index in Schema.bulkIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
            try SQLiteRollups.pauseForBulkLoad(db)
        } else {
            // `hash`: the keyed hash of the CCCD of a member inserted or updated here, stored in
            // `member` only at the end (see above); NULL for members given unchanged.
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS import_touched (household_id INTEGER PRIMARY KEY);
                CREATE TEMP TABLE IF NOT EXISTS import_written (household_id INTEGER NOT NULL, member_no INTEGER NOT NULL,
                  hash BLOB, PRIMARY KEY (household_id, member_no)) WITHOUT ROWID;
                DELETE FROM temp.import_touched; DELETE FROM temp.import_written;
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, commune_code, name_key FROM village") {
                villages.seed(scope: row["commune_code"], key: row["name_key"], id: row["id"])
            }
        }
    }

    private var fileHashes: (() throws -> (households: String, members: String))?

    func setFileHashes(_ provider: @escaping () throws -> (households: String, members: String)) {
        fileHashes = provider
    }

    /// Into an empty registry: builds the indexes on households now, while the reading thread
    /// is ahead on the members (the channel holds its batches), instead of at the end.
    func householdsWritten() throws {
        guard startedEmpty else { return }
        // The small sorter cache of `finish()`, for the same reason (and less memory while the
        // channel is full); the rows that follow get the larger cache back.
        try db.execute(sql: "PRAGMA threads = 2")
        try db.execute(sql: "PRAGMA cache_size = -2000")
        for index in Schema.bulkIndexes where index.name.hasPrefix("household_") {
            try db.execute(sql: Schema.ifNotExists(index.sql))
            Trace.mark("import: index \(index.name) built")
        }
        try db.execute(sql: "PRAGMA cache_size = -16384")
    }

    /// Counts the rows a ``SQLiteBulkEncoder`` batch stored.
    func recordEncoded(households: Int, members: Int, villages: Int, statuses: Int) {
        counts.addCreated(households: households, members: members, villages: villages, statuses: statuses)
    }

    // MARK: Households

    func existingHousehold(code: String) throws -> ExistingHousehold? {
        guard !startedEmpty else { return nil }
        // A reader connection: WAL shows it the registry as committed before this import.
        guard let row = try pool.read({ try Row.fetchOne($0, sql: "SELECT reference_date FROM household WHERE code = ?", arguments: [code]) })
        else { return nil }
        return ExistingHousehold(code: code, referenceDate: (row[0] as String?).flatMap(RowMapping.parseISODate))
    }

    private func villageID(commune: String, name: String) throws -> Int64 {
        try villages.id(scope: commune, text: name, fold: VietnameseText.fold) { nameKey in
            insertVillage.bind(commune)
            insertVillage.bind(name)
            insertVillage.bind(nameKey)
            insertVillage.bind(now)
            insertVillage.bind(batchID)
            try insertVillage.run()
            counts.villagesCreated += 1
            return db.lastInsertedRowID
        }
    }


    @discardableResult
    func upsert(_ household: Household) throws -> UpsertOutcome {
        let village = try villageID(commune: household.communeCode, name: household.village)
        if !startedEmpty, let row = try Row.fetchOne(db.cachedStatement(sql: RowMapping.householdSelect + " WHERE h.code = ?"), arguments: [household.householdCode]) {
            let id: Int64 = row["id"]
            householdIDs[household.householdCode] = id
            try touch(id)
            let old = RowMapping.household(from: row)
            // A village is one per commune and folded name: another spelling of the household's own
            // village is not a change (the village keeps the name it was created with).
            var household = household
            if row["village_id"] as Int64 == village { household.village = old.village }
            try recordStatus(household, id: id)
            guard old != household else {
                counts.householdsUnchanged += 1
                return .unchanged
            }
            let version = try bump(id, current: row["version"])
            RowMapping.bindValues(household, villageID: village, to: updateHousehold)
            updateHousehold.bind(version)
            updateHousehold.bind(now)
            updateHousehold.bind(context.access.account)
            updateHousehold.bind(id)
            try updateHousehold.run()
            let changes = old.changes(to: household)
            try change(id, version: version, memberNo: nil, kind: "updated",
                       before: FieldChanges.json(changes, side: .before), after: FieldChanges.json(changes, side: .after))
            counts.householdsUpdated += 1
            return .updated
        }
        let id = nextHouseholdID
        nextHouseholdID += 1
        householdIDs[household.householdCode] = id
        bindNew(household, id: id, village: village, to: insertHousehold)
        try insertHousehold.run()
        if !startedEmpty {
            created.insert(id)
            try touch(id)
        }
        try recordStatus(household, id: id)
        counts.householdsCreated += 1
        return .created
    }

    private func bindNew(_ household: Household, id: Int64, village: Int64, to s: RawStatement) {
        s.bind(id)
        s.bind(household.householdCode)
        RowMapping.bindValues(household, villageID: village, to: s)
        s.bind(1)
        s.bind(now)
        s.bind(context.access.account)
        s.bind(batchID)
        s.bind(now)
        s.bind(context.access.account)
    }

    /// A recognised class in the file becomes a status record effective 14/12 of its year
    /// (review.md §6.1), unless the same record was imported before.
    private func recordStatus(_ household: Household, id: Int64) throws {
        guard let status = RowMapping.importedStatus(of: household, at: startedAt, by: context.access.account) else { return }
        let effective = status.effectiveDate.isoString
        if !startedEmpty && !created.contains(id) {
            let exists = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM status_record WHERE household_id = ? AND effective_date = ? AND class = ? AND source = 'import')
                """), arguments: [id, effective, status.recognisedClass.rawValue]) ?? false
            if exists { return }
        }
        insertStatus.bind(id)
        insertStatus.bind(effective)
        insertStatus.bind(status.recognisedClass.rawValue)
        insertStatus.bind(status.standardID)
        insertStatus.bind(now)
        insertStatus.bind(context.access.account)
        try insertStatus.run()
        counts.statusRecords += 1
    }

    private func touch(_ id: Int64) throws {
        markTouched.bind(id)
        try markTouched.run()
    }

    /// The household's version after this session's change: bumped once per import.
    private func bump(_ id: Int64, current: Int? = nil) throws -> Int {
        if let v = bumpedVersion[id] { return v }
        let old = try current ?? Int.fetchOne(db, sql: "SELECT version FROM household WHERE id = ?", arguments: [id]) ?? 1
        let v = old + 1
        bumpedVersion[id] = v
        if current == nil {
            try db.execute(sql: "UPDATE household SET version = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                           arguments: [v, now, context.access.account, id])
        }
        return v
    }

    private func change(_ id: Int64, version: Int, memberNo: Int?, kind: String, before: String?, after: String?) throws {
        let s = insertChange
        s.bind(id)
        s.bind(version)
        s.bind(memberNo)
        s.bind(kind)
        s.bind(now)
        s.bind(context.access.account)
        s.bind(batchID)
        s.bind(before)
        s.bind(after)
        try s.run()
    }

    // MARK: Members

    /// The last member's household: members of a household are nearly always adjacent.
    private var lastHousehold: (code: String, id: Int64)?

    private func householdID(code: String) throws -> Int64? {
        if let last = lastHousehold, sameBytes(last.code, code) { return last.id }
        if let id = householdIDs[code] {
            lastHousehold = (code, id)
            return id
        }
        guard !startedEmpty, let id = try Int64.fetchOne(db, sql: "SELECT id FROM household WHERE code = ?", arguments: [code]) else { return nil }
        householdIDs[code] = id
        try touch(id)
        return id
    }

    @discardableResult
    func upsert(_ member: Member) throws -> UpsertOutcome {
        guard let id = try householdID(code: member.householdCode) else {
            throw StoreError.householdNotFound(code: member.householdCode)
        }
        let nameID = try names.id(of: member.fullName, db)
        if !startedEmpty {
            if !created.contains(id),
               let row = try Row.fetchOne(db.cachedStatement(sql: RowMapping.memberSelect + " WHERE household_id = ? AND member_no = ?"), arguments: [id, member.memberNo]) {
                let old = try RowMapping.member(from: row, householdCode: member.householdCode, cipher: cipher)
                if old == member {
                    try markWritten(id, member, deferredHash: false)
                    counts.membersUnchanged += 1
                    return .unchanged
                }
                try markWritten(id, member, deferredHash: true)
                let version = try bump(id)
                RowMapping.bindValues(member, nameID: nameID, cipher: cipher, deferHash: true, to: updateMember)
                updateMember.bind(id)
                updateMember.bind(member.memberNo)
                try updateMember.run()
                let changes = ChangeJSON.sealed(old.changes(to: member), cipher: cipher)
                try change(id, version: version, memberNo: member.memberNo, kind: "updated",
                           before: FieldChanges.json(changes, side: .before), after: FieldChanges.json(changes, side: .after))
                counts.membersUpdated += 1
                return .updated
            }
            try markWritten(id, member, deferredHash: true)
        }
        let s = insertMember
        s.bind(id)
        s.bind(member.memberNo)
        RowMapping.bindValues(member, nameID: nameID, cipher: cipher, deferHash: !startedEmpty, to: s)
        try s.run()
        if !startedEmpty && !created.contains(id) {
            let version = try bump(id)
            let added = ChangeJSON.sealed(ChangeJSON.creation(of: member), cipher: cipher)
            try change(id, version: version, memberNo: member.memberNo, kind: "member_added",
                       before: nil, after: FieldChanges.json(added, side: .after))
        }
        counts.membersCreated += 1
        return .created
    }

    /// Records that this import wrote (or gave unchanged) a member; with `deferredHash`, the keyed
    /// hash of its CCCD, which its row leaves NULL until ``applyDeferredHashes()``.
    private func markWritten(_ id: Int64, _ member: Member, deferredHash: Bool) throws {
        markWritten.bind(id)
        markWritten.bind(member.memberNo)
        markWritten.bind(blob: deferredHash ? member.nationalID.map(cipher.lookupHash) : nil)
        try markWritten.run()
    }

    /// Stores the keyed hashes kept aside. Every member with one has a NULL hash until now, the
    /// numbers are distinct in the files, and ``nationalIDConflicts(limit:)`` found none held by a
    /// member not written: the unique index is satisfied row by row.
    private func applyDeferredHashes() throws {
        try db.execute(sql: """
            UPDATE member SET national_id_hash = w.hash FROM temp.import_written w
            WHERE w.hash IS NOT NULL AND member.household_id = w.household_id AND member.member_no = w.member_no
            """)
    }

    func removeMembersNotWritten() throws -> Int {
        guard !startedEmpty else { return 0 }
        let columns = RowMapping.memberColumns.map { "m." + $0 }.joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: """
            SELECT h.code, \(columns) FROM member m JOIN temp.import_touched t ON t.household_id = m.household_id
            JOIN household h ON h.id = m.household_id
            WHERE NOT EXISTS (SELECT 1 FROM temp.import_written w WHERE w.household_id = m.household_id AND w.member_no = m.member_no)
            """)
        for row in rows {
            let id: Int64 = row["household_id"]
            let old = try RowMapping.member(from: row, householdCode: row["code"], offset: 1, cipher: cipher)
            let version = try bump(id)
            try change(id, version: version, memberNo: old.memberNo, kind: "member_removed",
                       before: FieldChanges.json(ChangeJSON.sealed(ChangeJSON.creation(of: old), cipher: cipher), side: .after), after: nil)
            try db.execute(sql: "DELETE FROM member WHERE household_id = ? AND member_no = ?", arguments: [id, old.memberNo])
        }
        counts.membersRemoved += rows.count
        return rows.count
    }

    // MARK: Checks

    func nationalIDConflicts(limit: Int) throws -> [NationalIDConflict] {
        guard !startedEmpty else { return [] }
        // Only pairs with a member this import did not write: duplicates inside the files are
        // reported by the file check with both rows. The written member's hash is the one kept
        // aside (`w.hash`); the number itself is opened from its sealed column for the message.
        return try Row.fetchAll(db, sql: """
            SELECT a.national_id_sealed AS sealed, ha.code AS code, a.member_no AS no, hb.code AS other, b.member_no AS other_no
            FROM temp.import_written w
            JOIN member a ON a.household_id = w.household_id AND a.member_no = w.member_no
            JOIN member b ON b.national_id_last4 = a.national_id_last4 AND b.national_id_hash = w.hash
            JOIN household ha ON ha.id = a.household_id
            JOIN household hb ON hb.id = b.household_id
            WHERE w.hash IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM temp.import_written x WHERE x.household_id = b.household_id AND x.member_no = b.member_no)
            LIMIT ?
            """, arguments: [limit]).map {
            NationalIDConflict(nationalID: try cipher.open($0["sealed"] as Data), householdCode: $0["code"], memberNo: $0["no"],
                               otherHouseholdCode: $0["other"], otherMemberNo: $0["other_no"])
        }
    }

    func headCountProblems(limit: Int) throws -> [HeadCountProblem] {
        guard !startedEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT h.code, count(m.member_no) AS members, coalesce(sum(m.relation = 'head'), 0) AS heads
            FROM temp.import_touched t JOIN household h ON h.id = t.household_id
            LEFT JOIN member m ON m.household_id = t.household_id
            GROUP BY t.household_id HAVING heads != 1 LIMIT ?
            """, arguments: [limit]).map {
            HeadCountProblem(householdCode: $0["code"], heads: $0["heads"], members: $0["members"])
        }
    }

    // MARK: Finish

    /// Rebuilds the indexes of a bulk load and records the batch. Called just before commit.
    func finish() throws -> ImportBatch {
        Trace.mark(String(format: "import: rows written (writer waited %.2f s for sealed CCCD numbers)", sealWaited))
        if !startedEmpty { try applyDeferredHashes() }
        if startedEmpty {
            // Index builds sort millions of keys. SQLite's sorter is fastest here with a small page
            // cache (its sort runs then fit the CPU caches: 2.9 s instead of 7.3 s for member_name
            // on 3.6M members) and a second thread for merging.
            try db.execute(sql: "PRAGMA threads = 2")
            try db.execute(sql: "PRAGMA cache_size = -2000")
            for index in Schema.bulkIndexes {
                try db.execute(sql: Schema.ifNotExists(index.sql))
                Trace.mark("import: index \(index.name) built")
            }
            // Statistics for the query planner from a sample: exact counts over a million rows
            // would cost seconds and plan no better.
            try db.execute(sql: "PRAGMA analysis_limit = 1000")
            try db.execute(sql: "ANALYZE")
            Trace.mark("import: analyzed")
            try SQLiteRollups.resumeAfterBulkLoad(db)
            Trace.mark("import: roll-ups computed")
        }
        if let fileHashes {
            let (h, m) = try fileHashes()
            context.householdsSHA256 = h
            context.membersSHA256 = m
            Trace.mark("import: files hashed")
        }
        let committed = Date()
        let countsJSON = String(decoding: try JSONEncoder.sorted.encode(counts), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO import_batch (id, started_at, committed_at, account, households_file, members_file, households_sha256,
              members_sha256, review_year, replace_members, counts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [batchID, now, RowMapping.timestamp(committed), context.access.account, context.householdsFile,
                             context.membersFile, context.householdsSHA256, context.membersSHA256, context.reviewYear,
                             context.replaceMembers, countsJSON])
        let action: AuditAction = counts.householdsUpdated + counts.membersUpdated + counts.membersRemoved > 0 ? .update : .create
        try AuditLog.append(db, AuditLog.Draft(
            access: context.access, action: action, entityType: "import_batch", entityIDs: [String(batchID)],
            after: countsJSON, rowCount: counts.householdsCreated + counts.householdsUpdated + counts.householdsUnchanged,
            fileHash: "\(context.householdsSHA256);\(context.membersSHA256)"), at: committed)
        return ImportBatch(id: batchID, committedAt: committed, counts: counts)
    }
}

extension JSONEncoder {
    /// Deterministic JSON (sorted keys) for values stored as text.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
