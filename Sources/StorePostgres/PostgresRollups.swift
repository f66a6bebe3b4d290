import Access
import Foundation
import Registry
import Store
import StoreCore
import VietnameseText

/// The roll-ups in PostgreSQL (bảng tổng hợp): the `rollup` table and the plpgsql triggers that
/// keep it equal to a full recomputation in the transaction of every write (see `RollupSQL`).
///
/// The triggers are statement-level with transition tables: a `COPY` batch of an import, a
/// classification run's one `INSERT … ON CONFLICT DO UPDATE` or a province's move are each rolled
/// up by one set-wise query over the rows the statement wrote, not row by row.
///
/// - Households moved to another province's partition appear in the `UPDATE`'s transition
///   tables; their members follow in the next statement. A member counts only while it lives in
///   its household's partition, as the recomputation counts it, so the persons follow exactly.
/// - Status records and classifications: the households they touch are taken out as they were
///   before the statement (the statement's rows left out, or put back for a delete) and put in
///   as they are after it.
enum PostgresRollups {
    static let sql = RollupSQL(.postgres)

    /// The migration: the table, its triggers, the application role's privileges and the roll-ups
    /// of the rows already there.
    static var migration: String {
        let r = sql
        var out = r.createTable + "\n" + "GRANT SELECT, INSERT, UPDATE, DELETE ON rollup TO \(PostgresSchema.applicationRole);\n"
        /// A statement-level trigger on `table` for `event`, its function running `statements`.
        func trigger(_ table: String, _ event: String, _ statements: [String]) {
            let name = "giamngheo_rollup_\(table)_\(event.lowercased())"
            let referencing = switch event {
            case "INSERT": "NEW TABLE AS new_rows"
            case "DELETE": "OLD TABLE AS old_rows"
            default: "OLD TABLE AS old_rows NEW TABLE AS new_rows"
            }
            out += "CREATE FUNCTION \(name)() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                + "IF current_setting('giamngheo.rollups_paused', true) = 'on' THEN RETURN NULL; END IF;\n"
                + statements.map { $0 + ";\n" }.joined() + "RETURN NULL;\nEND $$;\n"
            out += "CREATE TRIGGER rollup_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) REFERENCING \(referencing) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION \(name)();\n"
        }
        let columns = ["id", "commune_code", "village_id", "poverty_causes", "province_code"]
        func rows(_ table: String) -> String { "(SELECT \(columns.joined(separator: ", ")) FROM \(table))" }
        func changed(_ side: String) -> String {
            "(SELECT " + columns.map { "\(side).\($0)" }.joined(separator: ", ")
                + " FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE "
                + columns.dropFirst().map { "o.\($0) IS DISTINCT FROM n.\($0)" }.joined(separator: " OR ") + ")"
        }
        func householdsOf(_ table: String) -> String {
            "(SELECT x.id, x.commune_code, x.village_id, x.poverty_causes, x.province_code FROM household_code c "
                + "JOIN household x ON x.province_code = c.province_code AND x.id = c.id WHERE c.id IN (SELECT household_id FROM \(table)))"
        }
        func members(_ table: String, sign: Int) -> String {
            r.add("""
                SELECT \(r.t("'total'")) AS dimension, h.commune_code, h.village_id, \(r.t("''")) AS period, \(r.t("''")) AS standard_id,
                  \(r.t("''")) AS key, 0 AS households, \(sign) AS persons
                FROM \(table) m JOIN household h ON h.province_code = m.province_code AND h.id = m.household_id
                """)
        }
        trigger("household", "INSERT", [r.add(r.contribution(.all, households: rows("new_rows"), sign: 1))])
        trigger("household", "DELETE", [r.add(r.contribution(.all, households: rows("old_rows"), sign: -1))])
        trigger("household", "UPDATE", [r.add(r.contribution(.all, households: changed("o"), sign: -1)),
                                        r.add(r.contribution(.all, households: changed("n"), sign: 1))])
        trigger("member", "INSERT", [members("new_rows", sign: 1)])
        trigger("member", "DELETE", [members("old_rows", sign: -1)])
        trigger("member", "UPDATE", [members("old_rows", sign: -1), members("new_rows", sign: 1)])
        trigger("status_record", "INSERT", [
            r.add(r.contribution(.status, households: householdsOf("new_rows"),
                                 statuses: "(SELECT * FROM status_record WHERE seq NOT IN (SELECT seq FROM new_rows))", sign: -1)),
            r.add(r.contribution(.status, households: householdsOf("new_rows"), sign: 1)),
        ])
        trigger("status_record", "DELETE", [
            r.add(r.contribution(.status, households: householdsOf("old_rows"),
                                 statuses: "(SELECT * FROM status_record UNION ALL SELECT * FROM old_rows)", sign: -1)),
            r.add(r.contribution(.status, households: householdsOf("old_rows"), sign: 1)),
        ])
        trigger("classification", "INSERT", [
            r.add(r.contribution(.classification, households: householdsOf("new_rows"), classifications: "new_rows", sign: 1)),
        ])
        trigger("classification", "DELETE", [
            r.add(r.contribution(.classification, households: householdsOf("old_rows"), classifications: "old_rows", sign: -1)),
        ])
        trigger("classification", "UPDATE", [
            r.add(r.contribution(.classification, households: householdsOf("old_rows"), classifications: "old_rows", sign: -1)),
            r.add(r.contribution(.classification, households: householdsOf("new_rows"), classifications: "new_rows", sign: 1)),
        ])
        return out + "INSERT INTO rollup (\(RollupSQL.keyColumns), households, persons) \(r.recomputation);\n"
    }

    /// Pauses the triggers for a bulk load into an empty registry, for its transaction only
    /// (`SET LOCAL`: other sessions keep them); ``resumeAfterBulkLoad(_:)`` recomputes the table
    /// set-wise before commit, one pass instead of one query per `COPY` batch.
    static func pauseForBulkLoad(_ c: PGConnection) throws {
        try c.execute("SET LOCAL giamngheo.rollups_paused = 'on'")
    }

    /// Ends a pause: the table recomputed from the registry, the triggers on again.
    static func resumeAfterBulkLoad(_ c: PGConnection) throws {
        try c.execute("SET LOCAL giamngheo.rollups_paused = 'off'")
        try c.execute("DELETE FROM rollup")
        try c.execute("INSERT INTO rollup (\(RollupSQL.keyColumns), households, persons) \(sql.recomputation)")
    }

    static func cell(_ row: PGRow, offset: Int = 0) -> RollupCell {
        RollupCell(dimension: RollupDimension(rawValue: row.string(offset)) ?? .total, communeCode: row.string(offset + 1),
                   villageID: row.int64(offset + 2) ?? 0, period: row.string(offset + 3), standardID: row.string(offset + 4),
                   key: row.string(offset + 5), households: row.int(offset + 6) ?? 0, persons: row.int(offset + 7) ?? 0)
    }
}

extension PostgresRegistryStore: RollupStore {
    public func verifyRollups(limit: Int) throws -> [RollupDifference] {
        let r = PostgresRollups.sql
        return try pool.transaction(readOnly: true) { c in
            try c.query("WITH fresh AS (\(r.recomputation)) " + r.differences(recomputed: "fresh", limit: limit)).map { row in
                let cell = PostgresRollups.cell(row, offset: 1)
                return row.string(0) == "stored" ? RollupDifference(stored: cell, recomputed: nil) : RollupDifference(stored: nil, recomputed: cell)
            }.merged()
        }
    }

    public func rebuildRollups() throws -> Int {
        try pool.transaction { c in
            try PostgresRollups.resumeAfterBulkLoad(c)
            return try c.row("SELECT count(*) FROM rollup")?.int(0) ?? 0
        }
    }

    public func rollupCells(_ dimension: RollupDimension, communeCodes: Set<String>?) throws -> [RollupCell] {
        var sql = "SELECT \(RollupSQL.keyColumns), households, persons FROM rollup WHERE dimension = ? AND (households <> 0 OR persons <> 0)"
        var arguments: [PGArg] = [.text(dimension.rawValue)]
        if let communeCodes {
            sql += " AND commune_code = ANY(?)"
            arguments.append(.texts(communeCodes.sorted()))
        }
        return try readPool.with { c in try c.query(sql + " ORDER BY 2, 3, 4, 5, 6", arguments).map { PostgresRollups.cell($0) } }
    }

    /// Sums of `total` and of the `class_on` entries dated on or before `date` (poor, near-poor,
    /// average), per commune and village (village 0 unless `byVillage`).
    static func rollupSums(_ c: PGConnection, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [RollupSum] {
        var sql = """
            SELECT commune_code, \(byVillage ? "village_id" : "0::bigint"), dimension, key, sum(households)::bigint, sum(persons)::bigint
            FROM rollup
            WHERE (dimension = 'total' OR (dimension = 'class_on' AND period <= ? AND key IN ('poor', 'near_poor', 'average')))
            """
        var arguments: [PGArg] = [.text(date.isoString)]
        if let communeCodes {
            sql += " AND commune_code = ANY(?)"
            arguments.append(.texts(communeCodes.sorted()))
        }
        return try c.query(sql + " GROUP BY 1, 2, 3, 4", arguments).map {
            RollupSum(communeCode: $0.string(0), villageID: $0.int64(1) ?? 0, dimension: $0.string(2), key: $0.string(3),
                      households: $0.int(4) ?? 0, persons: $0.int(5) ?? 0)
        }
    }

    /// The dashboard's tallies of whole communes, read from the roll-ups (as the SQLite store).
    func talliesFromRollups(scope: HouseholdScope, on date: CivilDate, communeCodes: Set<String>?, byVillage: Bool) throws -> [ClassTally] {
        try readPool.with { c in
            let sums = try Self.rollupSums(c, on: date, communeCodes: communeCodes, byVillage: byVillage)
            let names = byVillage ? try Self.villageNames(c, ids: sums.map(\.villageID)) : [:]
            return ClassTally.fromRollups(sums, scope: scope, byVillage: byVillage) { names[$0] }
        }
    }
}
