import Foundation
import GRDB
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

extension SQLiteRegistryStore {
    public func history(householdCode: String, context: AccessContext) throws -> HouseholdHistory? {
        try pool.write { db in
            guard let current = try Self.household(db, code: householdCode, cipher: cipher),
                  let head = try Row.fetchOne(db, sql: "SELECT id, created_at, created_by, created_batch FROM household WHERE code = ?",
                                              arguments: [householdCode])
            else { return nil }
            let id: Int64 = head["id"]
            var events: [HouseholdEvent] = [HouseholdEvent(
                kind: .created, at: RowMapping.date(fromTimestamp: head["created_at"]), account: head["created_by"], version: 1,
                batch: head["created_batch"])]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM household_change WHERE household_id = ? ORDER BY id", arguments: [id]) {
                let kind = HouseholdEvent.Kind(rawValue: row["kind"]) ?? .updated
                events.append(HouseholdEvent(
                    kind: kind, at: RowMapping.date(fromTimestamp: row["at"]), account: row["account"], version: row["version"],
                    memberNo: row["member_no"], batch: row["batch_id"],
                    changes: try ChangeJSON.opened(ChangeJSON.decode(before: row["before"], after: row["after"]), cipher: cipher)))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM status_record WHERE household_id = ? ORDER BY seq", arguments: [id]) {
                events.append(RecordText.statusEvent(class: row["class"], effectiveDate: row["effective_date"], standardID: row["standard_id"],
                                                     source: row["source"], recordedAt: row["recorded_at"], recordedBy: row["recorded_by"]))
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM classification WHERE household_id = ? ORDER BY year, standard_id", arguments: [id]) {
                events.append(RecordText.classifiedEvent(year: row["year"], standardID: row["standard_id"], explanation: row["explanation"],
                                                         computedAt: row["computed_at"], computedBy: row["computed_by"]))
            }
            events.sort { $0.at < $1.at }
            try AuditLog.append(db, AuditLog.Draft(access: context, action: .readPersonal, entityType: "household_history",
                                                   entityIDs: [householdCode]))
            return HouseholdHistory(current: current, events: events)
        }
    }

    public func forEachStatusHistory(
        in selection: HouseholdSelection, _ body: (String, String, [StatusRecord]) throws -> Void
    ) throws {
        try pool.read { db in
            let filter = try SelectionSQL(selection, db: db)
            let households = try Row.fetchCursor(db, sql: "SELECT h.id, h.code, h.commune_code FROM household h\(filter.whereClause) ORDER BY h.id",
                                                 arguments: filter.arguments)
            let records = try Row.fetchCursor(db, sql: "SELECT * FROM status_record ORDER BY household_id, seq")
            var pending = try records.next()
            while let h = try households.next() {
                let id: Int64 = h["id"], code: String = h["code"]
                var list: [StatusRecord] = []
                while let r = pending {
                    let hid: Int64 = r["household_id"]
                    if hid > id { break }
                    if hid == id, let cls = RecognisedClass(rawValue: r["class"]),
                       let effective = (r["effective_date"] as String?).flatMap(RowMapping.parseISODate) {
                        list.append(StatusRecord(
                            householdCode: code, effectiveDate: effective, recognisedClass: cls, standardID: r["standard_id"],
                            source: StatusSource(rawValue: r["source"]) ?? .imported, decision: r["decision"], campaign: r["campaign"],
                            recordedAt: RowMapping.date(fromTimestamp: r["recorded_at"]), recordedBy: r["recorded_by"],
                            sequence: r["seq"], supersedes: r["supersedes"]))
                    }
                    pending = try records.next()
                }
                try body(code, h["commune_code"], list)
            }
        }
    }

    public func classifyHouseholds(
        in selection: HouseholdSelection, context: AccessContext, _ classify: (StoredHousehold) throws -> StoredClassification
    ) throws -> Int {
        try pool.write { db in
            let insert = try RawStatement(db, sql: """
                INSERT OR REPLACE INTO classification (household_id, year, standard_id, class, deprivation_count, deprived, unknown,
                  explanation, computed_at, computed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = RowMapping.timestamp(Date())
            var count = 0
            var standards: Set<String> = []
            // One connection reads the households and writes their results, in one transaction. The
            // rules never read a CCCD: members are read without opening theirs.
            try Self.forEachHousehold(db, in: selection, cipher: nil) { id, stored in
                let r = try classify(stored)
                RecordColumns.bindClassification(r, householdID: id, at: now, by: context.account, to: insert)
                try insert.run()
                standards.insert("\(r.year) \(r.standardID)")
                count += 1
            }
            if count > 0 {
                try AuditLog.append(db, AuditLog.Draft(
                    access: context, action: .create, entityType: "classification", entityIDs: standards.sorted(), rowCount: count))
            }
            return count
        }
    }
}
