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
            try PostgresRollups.pauseForBulkLoad(c)
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
        counts.addCreated(households: households, members: members, villages: villages, statuses: statuses)
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
            try createVillages([(commune, name, key)])
            return villages.lookup(scope: commune, text: name, fold: VietnameseText.fold) ?? 0
        }
    }

    /// Creates the villages of a batch not known yet, in one statement, so that the batch then
    /// finds every village in the cache (the first spelling in file order names a new village).
    private func prepareVillages(_ households: [Household]) throws {
        var missing: [(commune: String, name: String, key: String)] = []
        var seen: Set<String> = []
        for h in households where villages.lookup(scope: h.communeCode, text: h.village, fold: VietnameseText.fold) == nil {
            let key = VietnameseText.fold(h.village)
            if seen.insert(h.communeCode + "\u{1}" + key).inserted { missing.append((h.communeCode, h.village, key)) }
        }
        try createVillages(missing)
    }

    private func createVillages(_ missing: [(commune: String, name: String, key: String)]) throws {
        guard !missing.isEmpty else { return }
        for r in try c.query("""
            INSERT INTO village (commune_code, name, name_key, created_at, created_batch)
            SELECT commune, name, key, ?, ? FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS v(commune, name, key, n) ORDER BY n
            ON CONFLICT (commune_code, name_key) DO UPDATE SET commune_code = EXCLUDED.commune_code
            RETURNING id, commune_code, name_key, xmax = 0
            """, [.text(now), .int(batchID), .texts(missing.map(\.commune)), .texts(missing.map(\.name)), .texts(missing.map(\.key))]) {
            villages.seed(scope: r.string(1), key: r.string(2), id: r.int64(0) ?? 0)
            if r.bool(3) == true { counts.villagesCreated += 1 }
        }
    }

    private func nameID(_ fullName: String) throws -> Int64 {
        try names.id(scope: "", text: fullName, fold: NameSearchKey.fullName) { key in
            try createNames([(key, NameSearchKey.givenNameFirst(fullName))])
            return names.lookup(scope: "", text: fullName, fold: NameSearchKey.fullName) ?? 0
        }
    }

    /// Creates the names of a batch not known yet, in one statement.
    private func prepareNames(_ members: [Member]) throws {
        var missing: [(key: String, given: String)] = []
        var seen: Set<String> = []
        for m in members where names.lookup(scope: "", text: m.fullName, fold: NameSearchKey.fullName) == nil {
            let key = NameSearchKey.fullName(m.fullName)
            if seen.insert(key).inserted { missing.append((key, NameSearchKey.givenNameFirst(m.fullName))) }
        }
        try createNames(missing)
    }

    private func createNames(_ missing: [(key: String, given: String)]) throws {
        guard !missing.isEmpty else { return }
        for r in try c.query("""
            INSERT INTO person_name (name_key, given_key) SELECT * FROM unnest(?::text[], ?::text[])
            ON CONFLICT (name_key) DO UPDATE SET name_key = EXCLUDED.name_key RETURNING id, name_key
            """, [.texts(missing.map(\.key)), .texts(missing.map(\.given))]) {
            names.seed(scope: "", key: r.string(1), id: r.int64(0) ?? 0)
        }
    }

    @discardableResult
    func upsert(_ household: Household) throws -> UpsertOutcome {
        let before = counts
        try upsert(households: [household])
        return outcome(before: (before.householdsCreated, before.householdsUpdated), after: (counts.householdsCreated, counts.householdsUpdated))
    }

    @discardableResult
    func upsert(_ member: Member) throws -> UpsertOutcome {
        let before = counts
        try upsert(members: [member])
        return outcome(before: (before.membersCreated, before.membersUpdated), after: (counts.membersCreated, counts.membersUpdated))
    }

    private func outcome(before: (Int, Int), after: (Int, Int)) -> UpsertOutcome {
        after.0 > before.0 ? .created : after.1 > before.1 ? .updated : .unchanged
    }

    /// Rows this session appends, sent with `COPY` at the end of each batch.
    private final class Appends {
        let householdCodes = CopyText(), households = CopyText(), members = CopyText(), changes = CopyText()
        let statuses = CopyText(), touched = CopyText(), written = CopyText()
    }

    /// Households of a batch: one query finds those already stored and their imported status
    /// records; then new rows go by `COPY`, changed ones by one UPDATE each, versions and
    /// history rows by `COPY`.
    func upsert(households list: [Household]) throws {
        guard !list.isEmpty else { return }
        var existing: [String: (key: HouseholdKey, stored: StoredHousehold, villageID: Int64)] = [:]
        var imported: Set<String> = []
        if !startedEmpty {
            for row in try c.query(PostgresRows.householdByCode.replacingOccurrences(of: "WHERE k.code = ?", with: "WHERE k.code = ANY(?)"),
                                   [.texts(list.map(\.householdCode))]) {
                let key = HouseholdKey(province: row.string(0), id: row.int64(1) ?? 0)
                var reader = row.columns(from: 2)
                let household = RecordColumns.household(from: &reader)
                existing[household.householdCode] = (key, PostgresRows.stored(household, [], row), row.int64(PostgresRows.villageIDColumn) ?? 0)
            }
            if !existing.isEmpty {
                for r in try c.query("""
                    SELECT household_id, effective_date, class FROM status_record WHERE household_id = ANY(?) AND source = 'import'
                    """, [.ints(existing.values.map(\.key.id))]) {
                    imported.insert("\(r.int64(0) ?? 0) \(r.string(1)) \(r.string(2))")
                }
            }
        }
        try prepareVillages(list)
        let out = Appends()
        for household in list {
            let village = try villageID(commune: household.communeCode, name: household.village)
            let province = store.provinces.code(ofCommune: household.communeCode)
            if let (key, current, villageID) = existing[household.householdCode] {
                householdKeys[household.householdCode] = key
                touch(key.id, out)
                let old = current.household
                // Another spelling of the household's own village is not a change.
                var household = household
                if villageID == village { household.village = old.village }
                status(household, id: key.id, imported: imported, out)
                guard old != household else {
                    counts.householdsUnchanged += 1
                    continue
                }
                let version = current.version + 1
                bumpedVersion[key.id] = version
                let binds = PGBinds()
                RecordColumns.bindValues(household, villageID: village, to: binds)
                binds.arguments += [.int(version), .text(now), .text(account), .text(province), .text(key.province), .int(key.id)]
                try c.execute(PostgresRows.updateHouseholdSQL, binds.arguments)
                if province != key.province {
                    try c.execute("UPDATE member SET province_code = ? WHERE province_code = ? AND household_id = ?",
                                  [.text(province), .text(key.province), .int(key.id)])
                    try c.execute("UPDATE household_code SET province_code = ? WHERE id = ?", [.text(province), .int(key.id)])
                    householdKeys[household.householdCode] = HouseholdKey(province: province, id: key.id)
                }
                let changes = old.changes(to: household)
                change(key.id, version: version, memberNo: nil, kind: "updated",
                       before: FieldChanges.json(changes, side: .before), after: FieldChanges.json(changes, side: .after), out)
                counts.householdsUpdated += 1
                continue
            }
            let id = nextHouseholdID
            nextHouseholdID += 1
            householdKeys[household.householdCode] = HouseholdKey(province: province, id: id)
            for v in [household.householdCode, String(id), province] { out.householdCodes.bind(v) }
            out.householdCodes.endRow()
            out.households.bind(province)
            out.households.bind(id)
            out.households.bind(household.householdCode)
            RecordColumns.bindValues(household, villageID: village, to: out.households)
            Self.bindNewBookkeeping(to: out.households, now: now, account: account, batch: batchID)
            out.households.endRow()
            if !startedEmpty {
                created.insert(id)
                touch(id, out)
            }
            status(household, id: id, imported: [], out)
            counts.householdsCreated += 1
        }
        try send(out)
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
    /// (review.md §6.1), unless the same record was imported before (`imported`: `id date class`).
    private func status(_ household: Household, id: Int64, imported: Set<String>, _ out: Appends) {
        guard let status = RecordColumns.importedStatus(of: household, at: startedAt, by: account) else { return }
        let effective = status.effectiveDate.isoString
        guard !imported.contains("\(id) \(effective) \(status.recognisedClass.rawValue)") else { return }
        for v in [String(id), effective, status.recognisedClass.rawValue, status.standardID, "import", now, account] as [String?] {
            out.statuses.bind(v)
        }
        out.statuses.endRow()
        counts.statusRecords += 1
    }

    private func touch(_ id: Int64, _ out: Appends) {
        guard !startedEmpty, touched.insert(id).inserted else { return }
        out.touched.bind(id)
        out.touched.endRow()
    }

    /// Households touched by this session (`import_touched`).
    private var touched: Set<Int64> = []

    private func change(_ id: Int64, version: Int, memberNo: Int?, kind: String, before: String?, after: String?, _ out: Appends) {
        let s = out.changes
        s.bind(id)
        s.bind(version)
        s.bind(memberNo)
        s.bind(kind)
        s.bind(now)
        s.bind(account)
        s.bind(batchID)
        s.bind(before)
        s.bind(after)
        s.endRow()
    }

    /// Sends a batch's appended rows.
    private func send(_ out: Appends) throws {
        let tables: [(String, [String], CopyText)] = [
            ("household_code", ["code", "id", "province_code"], out.householdCodes),
            ("household", PostgresRows.householdInsertColumns, out.households),
            ("member", PostgresRows.memberInsertColumns, out.members),
            ("household_change", ["household_id", "version", "member_no", "kind", "at", "account", "batch_id", "before", "after"], out.changes),
            ("status_record", ["household_id", "effective_date", "class", "standard_id", "source", "recorded_at", "recorded_by"], out.statuses),
            ("import_touched", ["household_id"], out.touched),
            ("import_written", ["household_id", "member_no"], out.written),
        ]
        for (table, columns, text) in tables where !text.isEmpty {
            try c.copy(table: table, columns: columns, data: text.take())
        }
    }

    /// Bumps, once per import, the version of households changed only through their members,
    /// in one statement.
    private func bump(_ keys: [HouseholdKey]) throws {
        let pending = Array(Set(keys.filter { bumpedVersion[$0.id] == nil }))
        guard !pending.isEmpty else { return }
        for r in try c.query("""
            UPDATE household h SET version = h.version + 1, updated_at = ?, updated_by = ?
            FROM unnest(?::text[], ?::bigint[]) AS k(province_code, id)
            WHERE h.province_code = k.province_code AND h.id = k.id RETURNING h.id, h.version
            """, [.text(now), .text(account), .texts(pending.map(\.province)), .ints(pending.map(\.id))]) {
            bumpedVersion[r.int64(0) ?? 0] = r.int(1) ?? 0
        }
    }

    // MARK: Members

    /// Members of a batch: their households' keys and the stored members in one query each; new
    /// rows, history rows and `import_written` by `COPY`, changed members by one UPDATE each.
    func upsert(members list: [Member]) throws {
        guard !list.isEmpty else { return }
        let out = Appends()
        let unknown = Array(Set(list.map(\.householdCode).filter { householdKeys[$0] == nil }))
        if !unknown.isEmpty && !startedEmpty {
            for r in try c.query("SELECT code, province_code, id FROM household_code WHERE code = ANY(?)", [.texts(unknown)]) {
                let key = HouseholdKey(province: r.string(1), id: r.int64(2) ?? 0)
                householdKeys[r.string(0)] = key
                touch(key.id, out)
            }
        }
        var keys: [HouseholdKey] = []
        for m in list {
            guard let key = householdKeys[m.householdCode] else { throw StoreError.householdNotFound(code: m.householdCode) }
            keys.append(key)
        }
        var stored: [String: Member] = [:]
        let lookup = zip(list, keys).filter { !startedEmpty && !created.contains($0.1.id) }
        if !lookup.isEmpty {
            for r in try c.query(PostgresRows.memberSelect + """
                 JOIN unnest(?::text[], ?::bigint[], ?::bigint[]) AS w(province_code, household_id, member_no)
                  ON m.province_code = w.province_code AND m.household_id = w.household_id AND m.member_no = w.member_no
                """, [.texts(lookup.map(\.1.province)), .ints(lookup.map(\.1.id)), .ints(lookup.map { Int64($0.0.memberNo) })]) {
                var reader = r.columns(from: 2)
                stored["\(r.int64(1) ?? 0)#\(r.int(2) ?? 0)"] = RecordColumns.member(from: &reader, householdCode: "")
            }
        }
        // Households whose version this batch changes: bumped first, in one statement.
        var bumps: [HouseholdKey] = []
        for (m, key) in zip(list, keys) where !startedEmpty && !created.contains(key.id) {
            if var old = stored["\(key.id)#\(m.memberNo)"] {
                old.householdCode = m.householdCode
                if old != m { bumps.append(key) }
            } else {
                bumps.append(key)
            }
        }
        try bump(bumps)
        try prepareNames(list)
        for (member, key) in zip(list, keys) {
            let nameID = try nameID(member.fullName)
            if !startedEmpty && written.insert("\(key.id)#\(member.memberNo)").inserted {
                out.written.bind(key.id)
                out.written.bind(member.memberNo)
                out.written.endRow()
            }
            if var old = stored["\(key.id)#\(member.memberNo)"] {
                old.householdCode = member.householdCode
                if old == member {
                    counts.membersUnchanged += 1
                    continue
                }
                let binds = PGBinds()
                RecordColumns.bindValues(member, nameID: nameID, to: binds)
                binds.arguments += [.text(key.province), .int(key.id), .int(member.memberNo)]
                try c.execute(PostgresRows.updateMemberSQL, binds.arguments)
                let changes = old.changes(to: member)
                change(key.id, version: bumpedVersion[key.id] ?? 0, memberNo: member.memberNo, kind: "updated",
                       before: FieldChanges.json(changes, side: .before), after: FieldChanges.json(changes, side: .after), out)
                counts.membersUpdated += 1
                continue
            }
            out.members.bind(key.province)
            out.members.bind(key.id)
            out.members.bind(member.memberNo)
            RecordColumns.bindValues(member, nameID: nameID, to: out.members)
            out.members.endRow()
            if !startedEmpty && !created.contains(key.id) {
                change(key.id, version: bumpedVersion[key.id] ?? 0, memberNo: member.memberNo, kind: "member_added",
                       before: nil, after: FieldChanges.json(ChangeJSON.creation(of: member), side: .after), out)
            }
            counts.membersCreated += 1
        }
        try send(out)
    }

    /// Members written by this session (`import_written`), as `household id#member number`.
    private var written: Set<String> = []

    func removeMembersNotWritten() throws -> Int {
        guard !startedEmpty else { return 0 }
        let rows = try c.query("""
            SELECT k.code, \(PostgresRows.memberSelect.dropFirst("SELECT ".count).replacingOccurrences(of: " FROM member m", with: ""))
            FROM member m JOIN import_touched t ON t.household_id = m.household_id
            JOIN household_code k ON k.id = m.household_id AND k.province_code = m.province_code
            WHERE NOT EXISTS (SELECT 1 FROM import_written w WHERE w.household_id = m.household_id AND w.member_no = m.member_no)
            ORDER BY m.household_id, m.member_no
            """)
        try bump(rows.map { HouseholdKey(province: $0.string(1), id: $0.int64(2) ?? 0) })
        let out = Appends()
        for row in rows {
            let key = HouseholdKey(province: row.string(1), id: row.int64(2) ?? 0)
            var reader = row.columns(from: 3)
            let old = RecordColumns.member(from: &reader, householdCode: row.string(0))
            change(key.id, version: bumpedVersion[key.id] ?? 0, memberNo: old.memberNo, kind: "member_removed",
                   before: FieldChanges.json(ChangeJSON.creation(of: old), side: .after), after: nil, out)
            try c.execute("DELETE FROM member WHERE province_code = ? AND household_id = ? AND member_no = ?",
                          [.text(key.province), .int(key.id), .int(old.memberNo)])
        }
        try send(out)
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
            try PostgresRollups.resumeAfterBulkLoad(c)
            Trace.mark("import: roll-ups computed")
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
