import Access
import Foundation
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

extension PostgresRegistryStore: ScopedRegistry {
    public func households(_ filter: HouseholdFilter, scope: HouseholdScope, page: Int, pageSize: Int, withNames: Bool,
                           context: AccessContext) async throws -> HouseholdListPage {
        let scopeCondition = ScopeCondition(scope, dialect: .postgres)
        let listFilter = ListFilterCondition(filter, dialect: .postgres)
        let whereClause = ([scopeCondition.condition] + listFilter.conditions).joined(separator: " AND ")
        let arguments = [PGArg](scopeCondition.arguments + listFilter.arguments)
        let size = min(500, max(1, pageSize)), pageNo = max(1, page)
        let day = filter.on.isoString
        let result: HouseholdListPage = try await offloaded { [readPool] in
            try readPool.with { c in
                let total = try c.row("SELECT count(*) FROM household h WHERE \(whereClause)", arguments)?.int(0) ?? 0
                let rows = try c.query("""
                    SELECT h.code, h.commune_code, v.name, h.version, \(classOnSQL) AS cls,
                      (SELECT count(*) FROM member c WHERE c.province_code = h.province_code AND c.household_id = h.id) AS members,
                      (SELECT hm.full_name || chr(9) || hm.birth_date FROM member hm
                        WHERE hm.province_code = h.province_code AND hm.household_id = h.id AND hm.relation = 'head' LIMIT 1) AS head
                    FROM household h JOIN village v ON v.id = h.village_id
                    WHERE \(whereClause) ORDER BY h.code LIMIT ? OFFSET ?
                    """, [.text(day)] + arguments + [.int(size), .int((pageNo - 1) * size)])
                let list = rows.map { r in
                    RecordColumns.listRow(code: r.string(0), commune: r.string(1), village: r.string(2), version: r.int(3) ?? 1,
                                          recognisedClass: r.string(4), members: r.int(5) ?? 0, head: r.text(6), withNames: withNames)
                }
                return HouseholdListPage(rows: list, total: total, page: pageNo, pageSize: size)
            }
        }
        if let draft = result.auditDraft(withNames: withNames, context: context) { _ = try await readAudits.append(draft) }
        return result
    }

    public func household(code: String, scope: HouseholdScope, audit: Bool, context: AccessContext) throws
        -> (household: StoredHousehold, clause: HouseholdScope.Clause)? {
        let found = try pool.with { c in
            try Self.scopedHousehold(c, code: code).flatMap { read in read.clause(in: scope).map { (read.stored, $0) } }
        }
        guard let found else { return nil }
        if audit {
            var access = context
            access.assignment = access.assignment ?? String(found.1.assignmentID)
            try pool.transaction { c in
                try PostgresAuditLog.append(c, AuditDraft(access: access, action: .readPersonal, entityType: "household", entityIDs: [code]))
            }
        }
        return found
    }

    /// A household read by its code with what a scope tests on it (hộ và phạm vi).
    struct ScopedHousehold {
        var key: HouseholdKey
        var stored: StoredHousehold
        var villageKey: String

        /// The clause of `scope` admitting it, or `nil`: the test ``ScopeCondition`` makes in SQL.
        func clause(in scope: HouseholdScope) -> HouseholdScope.Clause? {
            scope.clause(admittingCommune: stored.household.communeCode, villageKey: villageKey,
                         headOrganisations: stored.members.first { $0.relation == .head }?.massOrganisations ?? [],
                         referenceDate: stored.household.referenceDate)
        }
    }

    static func scopedHousehold(_ c: PGConnection, code: String) throws -> ScopedHousehold? {
        guard let (key, stored, villageID) = try householdRecord(c, code: code) else { return nil }
        let villageKey = try c.row("SELECT name_key FROM village WHERE id = ?", [.int(villageID)])?.text(0) ?? ""
        return ScopedHousehold(key: key, stored: stored, villageKey: villageKey)
    }

    public func search(_ query: SearchQuery, scope: HouseholdScope, context: AccessContext) async throws -> SearchPage {
        let plan = SearchPlan(query, dialect: .postgres, scope: ScopeCondition(scope, dialect: .postgres, asFilter: true))
        let page = try await offloaded { [readPool] in try readPool.with { c in try Self.run(plan, c) } }
        if let draft = SearchPlan.auditDraft(page, context: context) { _ = try await readAudits.append(draft) }
        return page
    }

    public func search(_ query: SearchQuery, context: AccessContext) throws -> SearchPage {
        let page = try readPool.with { c in try Self.run(SearchPlan(query, dialect: .postgres), c) }
        if let draft = SearchPlan.auditDraft(page, context: context) {
            try pool.transaction { c in _ = try PostgresAuditLog.append(c, draft) }
        }
        return page
    }

    /// Runs a search plan on one connection.
    static func run(_ plan: SearchPlan, _ c: PGConnection) throws -> SearchPage {
        try plan.page(
            count: { source, cap in
                try c.row(SearchPlan.countSQL(source), [PGArg](source.arguments) + [.int(cap)])?.int(0) ?? 0
            },
            rows: { source, limit, offset in
                try c.query(SearchPlan.rowsSQL(source), [PGArg](source.arguments) + [.int(limit), .int(offset)]).map { r in
                    var reader = r.columns()
                    return SearchPlan.hit(from: &reader, match: source.match)
                }
            })
    }

    public func classifications(householdCode: String) throws -> [StoredClassification] {
        try pool.with { c in
            guard let id = try Self.householdID(c, code: householdCode) else { return [] }
            return try Self.classifications(c, householdID: id, code: householdCode)
        }
    }

    public func statusRecords(householdCode: String) throws -> [StatusRecord] {
        try pool.with { c in
            guard let id = try Self.householdID(c, code: householdCode) else { return [] }
            return try Self.statusRecords(c, householdID: id, code: householdCode)
        }
    }

    static func householdID(_ c: PGConnection, code: String) throws -> Int64? {
        try c.row("SELECT id FROM household_code WHERE code = ?", [.text(code)])?.int64(0)
    }

    static func classifications(_ c: PGConnection, householdID: Int64, code: String) throws -> [StoredClassification] {
        try c.query("""
            SELECT year, standard_id, class, deprived, unknown, explanation FROM classification WHERE household_id = ?
            ORDER BY year DESC, standard_id
            """, [.int(householdID)]).map {
            StoredClassification(
                householdCode: code, year: $0.int(0) ?? 0, standardID: $0.string(1), povertyClass: PovertyClass(rawValue: $0.string(2)) ?? .incomplete,
                deprived: $0.string(3).split(separator: ";").map(String.init),
                unknown: $0.string(4).split(separator: ";").map(String.init), explanation: $0.string(5))
        }
    }

    static func statusRecords(_ c: PGConnection, householdID: Int64, code: String) throws -> [StatusRecord] {
        try c.query("SELECT \(statusColumns) FROM status_record WHERE household_id = ? ORDER BY effective_date, seq", [.int(householdID)])
            .flatMap { statusRecord($0, from: 0, code: code) }
    }

    public func householdFile(code: String, scope: HouseholdScope, editScope: HouseholdScope, audit: Bool,
                              trail: HouseholdAuditTrail.Limits?, context: AccessContext) async throws -> HouseholdFile? {
        let file: HouseholdFile? = try await offloaded { [pool] in
            try pool.with { c in
                guard let read = try Self.scopedHousehold(c, code: code), let clause = read.clause(in: scope) else { return nil }
                return HouseholdFile(
                    stored: read.stored, clause: clause, editable: read.clause(in: editScope) != nil,
                    statuses: try Self.statusRecords(c, householdID: read.key.id, code: code),
                    classifications: try Self.classifications(c, householdID: read.key.id, code: code),
                    auditTrail: try trail.map { try Self.auditTrail(c, householdCode: code, limits: $0) })
            }
        }
        guard var file else { return nil }
        if audit {
            var access = context
            access.assignment = access.assignment ?? String(file.clause.assignmentID)
            let entry = try await readAudits.append(AuditDraft(access: access, action: .readPersonal, entityType: "household", entityIDs: [code]))
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
        try pool.with { c in try Self.auditTrail(c, householdCode: householdCode, limits: limits) }
    }

    /// A household's audit section: three ranges of the link index (changes, reads, their count).
    static func auditTrail(_ c: PGConnection, householdCode code: String, limits: HouseholdAuditTrail.Limits) throws -> HouseholdAuditTrail {
        let changes = limits.changes > 0
            ? try PostgresAuditLog.entries(c, AuditFilter(kind: .change, entityID: code, limit: limits.changes)) : []
        let reads = limits.reads > 0
            ? try PostgresAuditLog.entries(c, AuditFilter(kind: .personalRead, entityID: code, limit: limits.reads)) : []
        let readCount = try c.row("SELECT count(*) FROM audit_entity WHERE entity_id = ? AND kind = ?",
                                  [.text(code), .int(Int64(AuditAction.Kind.personalRead.rawValue))])?.int(0) ?? 0
        return HouseholdAuditTrail(changes: changes.reversed(), reads: reads.reversed(), readCount: readCount)
    }

    public func tallies(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally] {
        if ClassTally.readsRollups(scope) {
            return try talliesFromRollups(scope: scope, on: date, communeCodes: communeCodes, byVillage: byVillage)
        }
        return try talliesBySQL(scope: scope, on: date, communeCodes: communeCodes, byVillage: byVillage)
    }

    /// Tallies counted in SQL, household by household.
    func talliesBySQL(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally] {
        let scopeCondition = ScopeCondition(scope, dialect: .postgres)
        var conditions = [scopeCondition.condition]
        var arguments: [PGArg] = [.text(date.isoString)] + [PGArg](scopeCondition.arguments)
        if let codes = communeCodes {
            conditions.append("h.commune_code = ANY(?)")
            conditions.append("h.province_code = ANY(?)")
            arguments += [.texts(codes.sorted()), .texts(provinces.codes(ofCommunes: codes))]
        }
        return try readPool.with { c in
            let rows = try c.query("""
                SELECT commune_code, \(byVillage ? "village_id" : "0::bigint"), count(*), sum(members)::bigint,
                  count(*) FILTER (WHERE cls = 'poor'), count(*) FILTER (WHERE cls = 'near_poor')
                FROM (SELECT h.commune_code, h.village_id, \(classOnSQL) AS cls,
                        (SELECT count(*) FROM member c WHERE c.province_code = h.province_code AND c.household_id = h.id) AS members
                      FROM household h WHERE \(conditions.joined(separator: " AND "))) AS t
                GROUP BY 1, 2
                """, arguments)
            let names = byVillage ? try Self.villageNames(c, ids: rows.map { $0.int64(1) ?? 0 }) : [:]
            return rows.map {
                ClassTally(communeCode: $0.string(0), village: byVillage ? names[$0.int64(1) ?? 0] : nil, households: $0.int(2) ?? 0,
                           persons: $0.int(3) ?? 0, poor: $0.int(4) ?? 0, nearPoor: $0.int(5) ?? 0)
            }
        }
    }

    static func villageNames(_ c: PGConnection, ids: [Int64]) throws -> [Int64: String] {
        var names: [Int64: String] = [:]
        for r in try c.query("SELECT id, name FROM village WHERE id = ANY(?)", [.ints(Array(Set(ids)))]) { names[r.int64(0) ?? 0] = r.string(1) }
        return names
    }
}
