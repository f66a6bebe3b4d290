import Access
import Foundation
import GRDB
import Store
import StoreCore
import VietnameseText

/// The roll-ups in the SQLite file (bảng tổng hợp): the `rollup` table and the triggers that keep
/// it equal to a full recomputation in the transaction of every write (see `RollupSQL`).
///
/// Every write path goes through these triggers, so none can forget them: single edits
/// (`UPDATE household`, member rows), imports (row by row and bulk loads alike), status records
/// (recognised-class history) and classification runs (`INSERT OR REPLACE`: with recursive
/// triggers off, as this store keeps them, the replaced row fires no delete trigger, so the
/// `BEFORE INSERT` trigger takes the old row out itself).
enum SQLiteRollups {
    static let sql = RollupSQL(.sqlite)

    /// The migration: the table, its triggers, and the roll-ups of the rows already there.
    static var migration: String {
        let r = sql
        /// A trigger for `event`, running only while no bulk load has paused the roll-ups, and
        /// when `condition` holds.
        func trigger(_ name: String, _ event: String, _ statements: [String], when condition: String? = nil) -> String {
            let paused = "NOT EXISTS (SELECT 1 FROM rollup_pause)"
            return "CREATE TRIGGER \(name) \(event) WHEN \(condition.map { "(\($0)) AND " } ?? "")\(paused) BEGIN\n"
                + statements.map { $0 + ";\n" }.joined() + "END;\n"
        }
        func one(_ record: String) -> String {
            "(SELECT \(record).household_id AS household_id, \(record).year AS year, \(record).standard_id AS standard_id, "
                + "\(record).class AS class, \(record).deprived AS deprived)"
        }
        let householdChanged = ["commune_code", "village_id", "poverty_causes"].map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ")
        return r.createTable + "\n"
            + "CREATE TABLE rollup_pause (bulk_load INTEGER PRIMARY KEY);\n"
            + trigger("rollup_household_insert", "AFTER INSERT ON household",
                      [r.add(r.contribution(.all, households: r.householdRow("NEW"), sign: 1))])
            + trigger("rollup_household_update", "AFTER UPDATE OF commune_code, village_id, poverty_causes ON household",
                      [r.add(r.contribution(.all, households: r.householdRow("OLD"), sign: -1)),
                       r.add(r.contribution(.all, households: r.householdRow("NEW"), sign: 1))], when: householdChanged)
            + trigger("rollup_household_delete", "AFTER DELETE ON household",
                      [r.add(r.contribution(.all, households: r.householdRow("OLD"), sign: -1))])
            + trigger("rollup_member_insert", "AFTER INSERT ON member", [r.member(householdID: "NEW.household_id", province: nil, sign: 1)])
            + trigger("rollup_member_delete", "AFTER DELETE ON member", [r.member(householdID: "OLD.household_id", province: nil, sign: -1)])
            + trigger("rollup_member_move", "AFTER UPDATE OF household_id ON member",
                      [r.member(householdID: "OLD.household_id", province: nil, sign: -1),
                       r.member(householdID: "NEW.household_id", province: nil, sign: 1)], when: "OLD.household_id IS NOT NEW.household_id")
            // A status record changes the household's whole timeline from its date on: the
            // timeline before the write comes out, the one after goes in.
            + trigger("rollup_status_insert_before", "BEFORE INSERT ON status_record",
                      [r.add(r.contribution(.status, households: r.household(id: "NEW.household_id"), sign: -1))])
            + trigger("rollup_status_insert_after", "AFTER INSERT ON status_record",
                      [r.add(r.contribution(.status, households: r.household(id: "NEW.household_id"), sign: 1))])
            + trigger("rollup_status_delete_before", "BEFORE DELETE ON status_record",
                      [r.add(r.contribution(.status, households: r.household(id: "OLD.household_id"), sign: -1))])
            + trigger("rollup_status_delete_after", "AFTER DELETE ON status_record",
                      [r.add(r.contribution(.status, households: r.household(id: "OLD.household_id"), sign: 1))])
            + trigger("rollup_classification_replace", "BEFORE INSERT ON classification",
                      [r.add(r.contribution(.classification, households: r.household(id: "NEW.household_id"), classifications: """
                          (SELECT * FROM classification WHERE household_id = NEW.household_id AND year = NEW.year AND standard_id = NEW.standard_id)
                          """, sign: -1))])
            + trigger("rollup_classification_insert", "AFTER INSERT ON classification",
                      [r.add(r.contribution(.classification, households: r.household(id: "NEW.household_id"), classifications: one("NEW"), sign: 1))])
            + trigger("rollup_classification_delete", "AFTER DELETE ON classification",
                      [r.add(r.contribution(.classification, households: r.household(id: "OLD.household_id"), classifications: one("OLD"), sign: -1))])
            + trigger("rollup_classification_update", "AFTER UPDATE ON classification",
                      [r.add(r.contribution(.classification, households: r.household(id: "OLD.household_id"), classifications: one("OLD"), sign: -1)),
                       r.add(r.contribution(.classification, households: r.household(id: "NEW.household_id"), classifications: one("NEW"), sign: 1))])
            + "INSERT INTO rollup (\(RollupSQL.keyColumns), households, persons) \(r.recomputation);\n"
    }

    /// Pauses the triggers for a bulk load into an empty registry, in its transaction (other
    /// connections never see the pause); ``resumeAfterBulkLoad(_:)`` recomputes the table before
    /// commit. Set-wise, the recomputation costs one pass over the loaded rows instead of a
    /// trigger per household, member and status record.
    static func pauseForBulkLoad(_ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO rollup_pause (bulk_load) VALUES (1)")
    }

    /// Ends a pause: the table recomputed from the registry, the triggers on again.
    static func resumeAfterBulkLoad(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM rollup_pause")
        try db.execute(sql: "DELETE FROM rollup")
        try db.execute(sql: "INSERT INTO rollup (\(RollupSQL.keyColumns), households, persons) \(sql.recomputation)")
    }

    static func cell(_ row: Row, offset: Int = 0) -> RollupCell {
        RollupCell(dimension: RollupDimension(rawValue: row[offset]) ?? .total, communeCode: row[offset + 1], villageID: row[offset + 2],
                   period: row[offset + 3], standardID: row[offset + 4], key: row[offset + 5], households: row[offset + 6],
                   persons: row[offset + 7])
    }
}

extension SQLiteRegistryStore: RollupStore {
    public func verifyRollups(limit: Int) throws -> [RollupDifference] {
        let r = SQLiteRollups.sql
        return try pool.read { db in
            try Row.fetchAll(db, sql: "WITH fresh AS (\(r.recomputation)) " + r.differences(recomputed: "fresh", limit: limit)).map { row in
                let cell = SQLiteRollups.cell(row, offset: 1)
                let side: String = row[0]
                return side == "stored" ? RollupDifference(stored: cell, recomputed: nil) : RollupDifference(stored: nil, recomputed: cell)
            }.merged()
        }
    }

    public func rebuildRollups() throws -> Int {
        try pool.write { db in
            try SQLiteRollups.resumeAfterBulkLoad(db)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM rollup") ?? 0
        }
    }

    public func rollupCells(_ dimension: RollupDimension, communeCodes: Set<String>?) throws -> [RollupCell] {
        var sql = "SELECT \(RollupSQL.keyColumns), households, persons FROM rollup WHERE dimension = ? AND (households <> 0 OR persons <> 0)"
        var arguments: StatementArguments = [dimension.rawValue]
        if let communeCodes {
            sql += " AND commune_code IN (SELECT value FROM json_each(?))"
            arguments += [AuditLog.jsonArray(communeCodes.sorted())]
        }
        return try pool.read { db in try Row.fetchAll(db, sql: sql + " ORDER BY 2, 3, 4, 5, 6", arguments: arguments).map { SQLiteRollups.cell($0) } }
    }

    /// Sums of `total` and of the `class_on` entries dated on or before `date` (poor, near-poor,
    /// average), per commune and village (village 0 unless `byVillage`).
    static func rollupSums(_ db: Database, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [RollupSum] {
        var sql = """
            SELECT commune_code, \(byVillage ? "village_id" : "0"), dimension, key, sum(households), sum(persons) FROM rollup
            WHERE (dimension = 'total' OR (dimension = 'class_on' AND period <= ? AND key IN ('poor', 'near_poor', 'average')))
            """
        var arguments: StatementArguments = [date.isoString]
        if let communeCodes {
            sql += " AND commune_code IN (SELECT value FROM json_each(?))"
            arguments += [AuditLog.jsonArray(communeCodes.sorted())]
        }
        return try Row.fetchAll(db, sql: sql + " GROUP BY 1, 2, 3, 4", arguments: arguments).map {
            RollupSum(communeCode: $0[0], villageID: $0[1], dimension: $0[2], key: $0[3], households: $0[4], persons: $0[5])
        }
    }

    /// The dashboard's tallies of whole communes, read from the roll-ups: T and persons from
    /// `total`, P and NP from the `class_on` entries dated on or before `date`.
    func talliesFromRollups(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally] {
        try pool.read { db in
            let sums = try Self.rollupSums(db, on: date, communeCodes: communeCodes, byVillage: byVillage)
            let names = byVillage ? try Self.villageNames(db, ids: sums.map(\.villageID)) : [:]
            return ClassTally.fromRollups(sums, scope: scope, byVillage: byVillage) { names[$0] }
        }
    }
}
