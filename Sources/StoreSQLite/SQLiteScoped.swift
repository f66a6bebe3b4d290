import Access
import Foundation
import GRDB
import PersonalDataProtection
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

extension SQLiteRegistryStore: ScopedRegistry {
    public func households(_ filter: HouseholdFilter, scope: HouseholdScope, page: Int, pageSize: Int, withNames: Bool,
                           context: AccessContext) async throws -> HouseholdListPage {
        let scopeSQL = ScopeSQL.cached(scope)
        var conditions = [scopeSQL.condition]
        var arguments = scopeSQL.arguments
        let day = filter.on.isoString
        if let codes = filter.communeCodes {
            conditions.append("h.commune_code IN (SELECT value FROM json_each(?))")
            arguments += [AuditLog.jsonArray(codes.sorted())]
        }
        if let classes = filter.classes {
            conditions.append("\(SelectionSQL.classOn) IN (SELECT value FROM json_each(?))")
            arguments += [day, AuditLog.jsonArray(classes.map(\.rawValue).sorted())]
        }
        if let village = filter.village, !village.isEmpty {
            conditions.append("h.village_id IN (SELECT id FROM village WHERE name_key = ?)")
            arguments += [VietnameseText.fold(VietnameseText.nfc(village))]
        }
        if let em = filter.ethnicMinority {
            let test = "EXISTS (SELECT 1 FROM member eh WHERE eh.household_id = h.id AND eh.relation = 'head' AND eh.ethnicity IS NOT NULL AND eh.ethnicity <> 'Kinh')"
            conditions.append(em ? test : "NOT \(test)")
        }
        if let merit = filter.meritorious {
            let test = "EXISTS (SELECT 1 FROM member mm WHERE mm.household_id = h.id AND mm.meritorious = 1)"
            conditions.append(merit ? test : "NOT \(test)")
        }
        if let cause = filter.cause {
            conditions.append("';' || h.poverty_causes || ';' LIKE ?")
            arguments += ["%;\(cause.rawValue);%"]
        }
        let whereClause = conditions.joined(separator: " AND ")
        let size = min(500, max(1, pageSize)), pageNo = max(1, page)
        let bound = arguments
        // The synchronous read (`readNow`), as every other read of the web app: with GRDB's async
        // read here, mixed with the blocking reads of other requests, the server hung under wrk
        // within seconds, every thread waiting for a reader in GRDB's `Pool.get` (gdb stacks).
        let result: HouseholdListPage = try readNow { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM household h WHERE \(whereClause)", arguments: bound) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.code, h.commune_code, v.name AS village, h.version, \(SelectionSQL.classOn) AS cls,
                  (SELECT count(*) FROM member c WHERE c.household_id = h.id) AS members,
                  (SELECT hm.full_name || char(9) || hm.birth_date FROM member hm WHERE hm.household_id = h.id AND hm.relation = 'head' LIMIT 1) AS head
                FROM household h JOIN village v ON v.id = h.village_id
                WHERE \(whereClause) ORDER BY h.code LIMIT ? OFFSET ?
                """, arguments: [day] + bound + [size, (pageNo - 1) * size])
            let list = rows.map { (row: Row) -> HouseholdListRow in
                let code: String = row["code"], commune: String = row["commune_code"], village: String = row["village"]
                let version: Int = row["version"], cls: String = row["cls"], members: Int = row["members"], head: String? = row["head"]
                return RecordColumns.listRow(code: code, commune: commune, village: village, version: version, recognisedClass: cls,
                                             members: members, head: head, withNames: withNames)
            }
            return HouseholdListPage(rows: list, total: total, page: pageNo, pageSize: size)
        }
        if let draft = result.auditDraft(withNames: withNames, context: context) { _ = try await readAudits.append(draft) }
        return result
    }

    public func household(code: String, scope: HouseholdScope, audit: Bool, context: AccessContext) throws
        -> (household: StoredHousehold, clause: HouseholdScope.Clause)? {
        let found = try pool.read { db in
            try Self.scopedHousehold(db, code: code, cipher: cipher).flatMap { read in read.clause(in: scope).map { (read.stored, $0) } }
        }
        guard let found else { return nil }
        if audit { _ = try auditRead(code: code, clause: found.1, context: context) }
        return found
    }

    /// A blocking read on a reader connection (GRDB's synchronous `read`), callable from async code.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// A household read by its code with what a scope tests on it (hộ và phạm vi).
    struct ScopedHousehold {
        var id: Int64
        var stored: StoredHousehold
        /// Its village's folded name, and the organisations its head belongs to.
        var villageKey: String
        var headOrganisations: [MassOrganisation]

        /// The clause of `scope` admitting it, or `nil`: the test ``ScopeSQL`` makes in the lists'
        /// SQL, made here on one row (tests compare both).
        func clause(in scope: HouseholdScope) -> HouseholdScope.Clause? {
            scope.clause(admittingCommune: stored.household.communeCode, villageKey: villageKey, headOrganisations: headOrganisations,
                         referenceDate: stored.household.referenceDate)
        }
    }

    static func scopedHousehold(_ db: Database, code: String, cipher: NationalIDCipher) throws -> ScopedHousehold? {
        guard let (id, stored) = try householdRecord(db, code: code, cipher: cipher) else { return nil }
        let villageKey = try String.fetchOne(db.cachedStatement(sql: """
            SELECT v.name_key FROM household h JOIN village v ON v.id = h.village_id WHERE h.id = ?
            """), arguments: [id]) ?? ""
        return ScopedHousehold(id: id, stored: stored, villageKey: villageKey,
                               headOrganisations: stored.members.first { $0.relation == .head }?.massOrganisations ?? [])
    }

    /// Records a personal-data read of a household under the assignment that admitted it.
    func auditRead(code: String, clause: HouseholdScope.Clause, context: AccessContext) throws -> AuditEntry {
        var access = context
        access.assignment = access.assignment ?? String(clause.assignmentID)
        return try pool.write { db in
            try AuditLog.append(db, AuditLog.Draft(access: access, action: .readPersonal, entityType: "household", entityIDs: [code]))
        }
    }

    public func search(_ query: SearchQuery, scope: HouseholdScope, context: AccessContext) async throws -> SearchPage {
        let page = try searchPage(query, scope: ScopeSQL.cached(scope, asFilter: true))
        if let draft = Self.searchAudit(page, context: context) { _ = try await readAudits.append(draft) }
        return page
    }

    public func tallies(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally] {
        // Scopes of whole communes (province, commune, line departments: every dashboard but a
        // village head's, a district's and an organisation's) read the roll-ups; the others are
        // small and ask SQL directly.
        if ClassTally.readsRollups(scope) {
            return try talliesFromRollups(scope: scope, on: date, communeCodes: communeCodes, byVillage: byVillage)
        }
        return try talliesBySQL(scope: scope, on: date, communeCodes: communeCodes, byVillage: byVillage)
    }

    /// Village names by id.
    static func villageNames(_ db: Database, ids: [Int64]) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, name FROM village WHERE id IN (SELECT value FROM json_each(?))",
                                  arguments: [AuditLog.jsonArray(Set(ids).map(String.init))]) {
            names[r["id"]] = r["name"]
        }
        return names
    }

    /// Tallies counted in SQL, household by household (what ``tallies(scope:on:communeCodes:byVillage:)``
    /// does for scopes narrower than communes; tests compare both).
    func talliesBySQL(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally] {
        let scopeSQL = ScopeSQL.cached(scope)
        var conditions = [scopeSQL.condition]
        var arguments: StatementArguments = [date.isoString]
        arguments += scopeSQL.arguments
        if let codes = communeCodes {
            conditions.append("h.commune_code IN (SELECT value FROM json_each(?))")
            arguments += [AuditLog.jsonArray(codes.sorted())]
        }
        return try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT commune_code, village_id, count(*) AS households, sum(members) AS persons,
                  sum(cls = 'poor') AS poor, sum(cls = 'near_poor') AS near_poor
                FROM (SELECT h.commune_code, h.village_id, \(SelectionSQL.classOn) AS cls,
                        (SELECT count(*) FROM member c WHERE c.household_id = h.id) AS members
                      FROM household h WHERE \(conditions.joined(separator: " AND ")))
                GROUP BY commune_code\(byVillage ? ", village_id" : "")
                """, arguments: arguments)
            let villageNames = byVillage ? try Self.villageNames(db, ids: rows.map { $0["village_id"] }) : [:]
            return rows.map {
                ClassTally(communeCode: $0["commune_code"], village: byVillage ? villageNames[$0["village_id"]] : nil,
                           households: $0["households"], persons: $0["persons"] ?? 0, poor: $0["poor"] ?? 0, nearPoor: $0["near_poor"] ?? 0)
            }
        }
    }

    public func classifications(householdCode: String) throws -> [StoredClassification] {
        try pool.read { db in
            try Self.householdID(db, code: householdCode).map { try Self.classifications(db, householdID: $0, code: householdCode) } ?? []
        }
    }

    public func statusRecords(householdCode: String) throws -> [StatusRecord] {
        try pool.read { db in
            try Self.householdID(db, code: householdCode).map { try Self.statusRecords(db, householdID: $0, code: householdCode) } ?? []
        }
    }

    static func householdID(_ db: Database, code: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM household WHERE code = ?"), arguments: [code])
    }

    static func classifications(_ db: Database, householdID: Int64, code: String) throws -> [StoredClassification] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT year, standard_id, class, deprived, unknown, explanation FROM classification WHERE household_id = ?
            ORDER BY year DESC, standard_id
            """), arguments: [householdID]).map {
            StoredClassification(
                householdCode: code, year: $0[0], standardID: $0[1], povertyClass: PovertyClass(rawValue: $0[2]) ?? .incomplete,
                deprived: ($0[3] as String).split(separator: ";").map(String.init),
                unknown: ($0[4] as String).split(separator: ";").map(String.init), explanation: $0[5])
        }
    }

    static func statusRecords(_ db: Database, householdID: Int64, code: String) throws -> [StatusRecord] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT class, effective_date, standard_id, source, decision, campaign, recorded_at, recorded_by, seq, supersedes
            FROM status_record WHERE household_id = ? ORDER BY effective_date, seq
            """), arguments: [householdID]).compactMap { r in
            guard let cls = RecognisedClass(rawValue: r[0]), let effective = (r[1] as String?).flatMap(RowMapping.parseISODate) else { return nil }
            return StatusRecord(
                householdCode: code, effectiveDate: effective, recognisedClass: cls, standardID: r[2],
                source: StatusSource(rawValue: r[3]) ?? .imported, decision: r[4], campaign: r[5],
                recordedAt: RowMapping.date(fromTimestamp: r[6]), recordedBy: r[7], sequence: r[8], supersedes: r[9])
        }
    }

    public func householdFile(code: String, scope: HouseholdScope, editScope: HouseholdScope, audit: Bool,
                              trail: HouseholdAuditTrail.Limits?, context: AccessContext) async throws -> HouseholdFile? {
        let file: HouseholdFile? = try readNow { db in
            guard let read = try Self.scopedHousehold(db, code: code, cipher: cipher), let clause = read.clause(in: scope) else { return nil }
            return HouseholdFile(
                stored: read.stored, clause: clause, editable: read.clause(in: editScope) != nil,
                statuses: try Self.statusRecords(db, householdID: read.id, code: code),
                classifications: try Self.classifications(db, householdID: read.id, code: code),
                auditTrail: try trail.map { try Self.auditTrail(db, householdCode: code, limits: $0) })
        }
        guard var file else { return nil }
        if audit {
            var access = context
            access.assignment = access.assignment ?? String(file.clause.assignmentID)
            let entry = try await readAudits.append(AuditLog.Draft(access: access, action: .readPersonal, entityType: "household",
                                                                   entityIDs: [code]))
            // The section shows this read too, as it would if read a moment later.
            if var section = file.auditTrail, let limits = trail {
                section.reads.insert(entry, at: 0)
                if section.reads.count > limits.reads { section.reads.removeLast() }
                section.readCount += 1
                file.auditTrail = section
            }
        }
        return file
    }

    public func auditTrail(householdCode: String, limits: HouseholdAuditTrail.Limits) throws -> HouseholdAuditTrail {
        try pool.read { db in try Self.auditTrail(db, householdCode: householdCode, limits: limits) }
    }

    /// A household's audit section: three ranges of the link index (changes, reads, their count).
    static func auditTrail(_ db: Database, householdCode code: String, limits: HouseholdAuditTrail.Limits) throws -> HouseholdAuditTrail {
        let changes = limits.changes > 0 ? try auditEntries(db, AuditFilter(kind: .change, entityID: code, limit: limits.changes)) : []
        let reads = limits.reads > 0 ? try auditEntries(db, AuditFilter(kind: .personalRead, entityID: code, limit: limits.reads)) : []
        let readCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM audit_entity WHERE entity_id = ? AND kind = ?"),
                                         arguments: [code, AuditAction.Kind.personalRead.rawValue]) ?? 0
        return HouseholdAuditTrail(changes: changes.reversed(), reads: reads.reversed(), readCount: readCount)
    }
}
