import Foundation
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

extension PostgresRegistryStore {
    public func history(householdCode: String, context: AccessContext) throws -> HouseholdHistory? {
        try pool.transaction { c in
            guard let (key, current, _) = try Self.householdRecord(c, code: householdCode),
                  let head = try c.row("SELECT created_at, created_by, created_batch FROM household WHERE province_code = ? AND id = ?",
                                       [.text(key.province), .int(key.id)])
            else { return nil }
            var events: [HouseholdEvent] = [HouseholdEvent(
                kind: .created, at: RecordColumns.date(fromTimestamp: head.string(0)), account: head.string(1), version: 1,
                batch: head.int64(2))]
            for r in try c.query("""
                SELECT kind, at, account, version, member_no, batch_id, before, after FROM household_change WHERE household_id = ? ORDER BY id
                """, [.int(key.id)]) {
                events.append(HouseholdEvent(
                    kind: HouseholdEvent.Kind(rawValue: r.string(0)) ?? .updated, at: RecordColumns.date(fromTimestamp: r.string(1)),
                    account: r.string(2), version: r.int(3), memberNo: r.int(4), batch: r.int64(5),
                    changes: ChangeJSON.decode(before: r.text(6), after: r.text(7))))
            }
            for r in try c.query("""
                SELECT class, effective_date, standard_id, source, recorded_at, recorded_by FROM status_record WHERE household_id = ? ORDER BY seq
                """, [.int(key.id)]) {
                events.append(RecordText.statusEvent(class: r.string(0), effectiveDate: r.text(1), standardID: r.text(2), source: r.string(3),
                                                     recordedAt: r.string(4), recordedBy: r.string(5)))
            }
            for r in try c.query("""
                SELECT year, standard_id, explanation, computed_at, computed_by FROM classification WHERE household_id = ? ORDER BY year, standard_id
                """, [.int(key.id)]) {
                events.append(RecordText.classifiedEvent(year: r.int(0) ?? 0, standardID: r.string(1), explanation: r.string(2),
                                                         computedAt: r.string(3), computedBy: r.string(4)))
            }
            events.sort { $0.at < $1.at }
            try PostgresAuditLog.append(c, AuditDraft(access: context, action: .readPersonal, entityType: "household_history",
                                                      entityIDs: [householdCode]))
            return HouseholdHistory(current: current, events: events)
        }
    }

    public func forEachStatusHistory(
        in selection: HouseholdSelection, _ body: (String, String, [StatusRecord]) throws -> Void
    ) throws {
        try readPool.transaction(readOnly: true) { c in
            var filter = SelectionCondition(selection, dialect: .postgres)
            if let communes = selection.communeCodes {
                filter.conditions.append("h.province_code = ANY(?)")
                filter.arguments.append(.textList(provinces.codes(ofCommunes: communes)))
            }
            try c.execute("DECLARE status_households NO SCROLL CURSOR FOR SELECT h.id, h.code, h.commune_code FROM household h"
                          + filter.whereClause + " ORDER BY h.province_code, h.id", [PGArg](filter.arguments))
            defer { _ = try? c.execute("CLOSE status_households") }
            while true {
                let chunk = try c.query("FETCH \(Self.fetchSize * 5) FROM status_households")
                if chunk.isEmpty { break }
                var records: [Int64: [StatusRecord]] = [:]
                for r in try c.query("""
                    SELECT household_id, \(Self.statusColumns) FROM status_record WHERE household_id = ANY(?) ORDER BY household_id, seq
                    """, [.ints(chunk.map { $0.int64(0) ?? 0 })]) {
                    records[r.int64(0) ?? 0, default: []].append(contentsOf: Self.statusRecord(r, from: 1, code: ""))
                }
                for h in chunk {
                    let code = h.string(1)
                    let list = (records[h.int64(0) ?? 0] ?? []).map { record -> StatusRecord in
                        var r = record
                        r.householdCode = code
                        return r
                    }
                    try body(code, h.string(2), list)
                }
            }
        }
    }

    static let statusColumns = "class, effective_date, standard_id, source, decision, campaign, recorded_at, recorded_by, seq, supersedes"

    /// A status record from ``statusColumns`` starting at `from` (none when its class or date is unreadable).
    static func statusRecord(_ r: PGRow, from i: Int, code: String) -> [StatusRecord] {
        guard let cls = RecognisedClass(rawValue: r.string(i)), let effective = r.text(i + 1).flatMap(RecordColumns.parseISODate) else { return [] }
        return [StatusRecord(
            householdCode: code, effectiveDate: effective, recognisedClass: cls, standardID: r.text(i + 2),
            source: StatusSource(rawValue: r.string(i + 3)) ?? .imported, decision: r.text(i + 4), campaign: r.text(i + 5),
            recordedAt: RecordColumns.date(fromTimestamp: r.string(i + 6)), recordedBy: r.string(i + 7),
            sequence: r.int64(i + 8) ?? 0, supersedes: r.int64(i + 9))]
    }

    public func classifyHouseholds(
        in selection: HouseholdSelection, context: AccessContext, _ classify: (StoredHousehold) throws -> StoredClassification
    ) throws -> Int {
        try pool.with { c in
            try ConnectionPool.transaction(c) { c in
                let now = RecordColumns.timestamp(Date())
                var count = 0
                var standards: Set<String> = []
                let results = CopyText()
                func flush() throws {
                    guard !results.isEmpty else { return }
                    try c.copy(table: "classification_load", columns: Self.classificationColumns, data: results.take())
                }
                try c.execute("CREATE TEMP TABLE classification_load (LIKE classification) ON COMMIT DROP")
                try Self.forEachHousehold(c, in: selection, provinces: provinces) { key, stored in
                    let r = try classify(stored)
                    RecordColumns.bindClassification(r, householdID: key.id, at: now, by: context.account, to: results)
                    results.endRow()
                    standards.insert("\(r.year) \(r.standardID)")
                    count += 1
                    if results.rows >= 20_000 { try flush() }
                }
                try flush()
                // One statement replaces an earlier run of the same year and standard.
                try c.execute("""
                    INSERT INTO classification SELECT * FROM classification_load
                    ON CONFLICT (household_id, year, standard_id) DO UPDATE SET class = EXCLUDED.class,
                      deprivation_count = EXCLUDED.deprivation_count, deprived = EXCLUDED.deprived, unknown = EXCLUDED.unknown,
                      explanation = EXCLUDED.explanation, computed_at = EXCLUDED.computed_at, computed_by = EXCLUDED.computed_by
                    """)
                if count > 0 {
                    try PostgresAuditLog.append(c, AuditDraft(
                        access: context, action: .create, entityType: "classification", entityIDs: standards.sorted(), rowCount: count))
                }
                return count
            }
        }
    }

    static let classificationColumns = ["household_id", "year", "standard_id", "class", "deprivation_count", "deprived", "unknown",
                                        "explanation", "computed_at", "computed_by"]
}
