import Foundation

/// The SQL of the roll-ups (bảng tổng hợp), shared by both stores: what one household adds to
/// the `rollup` table, written once as a set-wise query so that the same text serves the
/// triggers (one household: `NEW` or `OLD` values, sign ±1), a bulk recount of some communes and
/// the full recomputation (every household) that `rollups verify` compares with.
///
/// A `rollup` row is keyed by (dimension, commune code, village id, period, standard id, key) and
/// holds households and persons:
///
/// | dimension | period | standard | key | counts |
/// |---|---|---|---|---|
/// | `total` | `''` | `''` | `''` | T and persons (nhân khẩu) of the village |
/// | `class_on` | effective date `yyyy-MM-dd` | `''` | recognised class | net households entering (+) or leaving (−) the class on that date: the class count on day t is the sum over dates ≤ t |
/// | `flow` | year `yyyy` | `''` | `from>to` | households whose class on 31/12 changed from `from` (on 31/12 of the year before; `not_poor` without a record) to `to`: net flows, one per household and year; unchanged households are not stored (F(a→a) = class count at Y−1 − Σ outflows) |
/// | `cause` | `''` | `''` | cause code | households recording the poverty cause (nguyên nhân nghèo) |
/// | `classified` | year | standard id | engine class | households classified so by the engine |
/// | `deprived` | year | standard id | `class/indicator` | households of that engine class deprived in the indicator |
///
/// Class on a date follows review.md §6.1 exactly as `SelectionSQL.classOn`: the record with the
/// latest effective date on or before it, a correction winning on the same date, then the later
/// record (highest `seq`). Rows whose counts fall to zero stay (reads sum them away);
/// `rollups rebuild` drops them.
package struct RollupSQL: Sendable {
    package let dialect: SQLDialect

    package init(_ dialect: SQLDialect) { self.dialect = dialect }

    /// What a household contributes: every part, or the parts one table's change touches.
    package struct Parts: OptionSet, Sendable {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }
        /// `total` and `cause` (the household row and its members).
        package static let household = Parts(rawValue: 1)
        /// `class_on` and `flow` (status records).
        package static let status = Parts(rawValue: 2)
        /// `classified` and `deprived` (engine classifications).
        package static let classification = Parts(rawValue: 4)
        package static let all: Parts = [.household, .status, .classification]
    }

    /// The key columns, in primary-key order, then the counts.
    package static let keyColumns = "dimension, commune_code, village_id, period, standard_id, key"

    /// The table (the same in both stores but for the column types).
    package var createTable: String {
        let text = dialect == .postgres ? "text COLLATE \"C\"" : "TEXT"
        let int = dialect == .postgres ? "bigint" : "INTEGER"
        return """
            CREATE TABLE rollup (
              dimension \(text) NOT NULL,
              commune_code \(text) NOT NULL,
              village_id \(int) NOT NULL,
              period \(text) NOT NULL,
              standard_id \(text) NOT NULL,
              key \(text) NOT NULL,
              households \(int) NOT NULL,
              persons \(int) NOT NULL,
              PRIMARY KEY (\(Self.keyColumns))
            )\(dialect == .sqlite ? " WITHOUT ROWID" : "");
            """
    }

    /// A text expression in the table's collation (PostgreSQL would otherwise refuse to union
    /// `C`-collated columns with default-collated literals).
    package func t(_ expression: String) -> String {
        dialect == .postgres ? "CAST(\(expression) AS text) COLLATE \"C\"" : expression
    }

    /// A join yielding one row (column `value`) per non-empty `;`-separated code of `column`.
    func split(_ column: String, as alias: String) -> String {
        switch dialect {
        case .sqlite: " JOIN json_each('[\"' || replace(\(column), ';', '\",\"') || '\"]') AS \(alias)"
        case .postgres: " CROSS JOIN LATERAL unnest(string_to_array(\(column), ';')) AS \(alias)(value)"
        }
    }

    /// The household columns a household source yields.
    var householdColumns: [String] {
        dialect == .postgres ? ["id", "commune_code", "village_id", "poverty_causes", "province_code"]
            : ["id", "commune_code", "village_id", "poverty_causes"]
    }

    /// A household source of one row made of a trigger's `NEW` or `OLD` values.
    package func householdRow(_ record: String) -> String {
        "(SELECT " + householdColumns.map { "\(record).\($0) AS \($0)" }.joined(separator: ", ") + ")"
    }

    /// A household source of the households matching `condition` (on `household`, unaliased).
    package func households(where condition: String) -> String {
        "(SELECT " + householdColumns.joined(separator: ", ") + " FROM household WHERE \(condition))"
    }

    /// The household of id `expression` (a trigger's `NEW.household_id`), found through its code
    /// row in PostgreSQL (whose household key includes the partition).
    package func household(id expression: String) -> String {
        switch dialect {
        case .sqlite: households(where: "id = \(expression)")
        case .postgres:
            "(SELECT " + householdColumns.map { "x.\($0)" }.joined(separator: ", ")
                + " FROM household_code c JOIN household x ON x.province_code = c.province_code AND x.id = c.id WHERE c.id = \(expression))"
        }
    }

    /// Rows (8 columns, named as the table's) of what the households of `households` contribute
    /// with `sign`, reading their status records from `statuses` and classifications from
    /// `classifications` (tables or one-row sources of a trigger's values).
    package func contribution(_ parts: Parts, households hs: String, statuses ss: String = "status_record",
                              classifications cs: String = "classification", sign: Int) -> String {
        let s = String(sign), negated = String(-sign)
        var selects: [String] = []
        func row(_ commune: String, _ village: String, _ period: String, _ standard: String, _ dimension: String,
                 _ key: String, _ households: String, _ persons: String) -> String {
            "SELECT \(t(dimension)) AS dimension, \(t(commune)) AS commune_code, \(village) AS village_id, \(t(period)) AS period, "
                + "\(t(standard)) AS standard_id, \(t(key)) AS key, \(households) AS households, \(persons) AS persons"
        }
        if parts.contains(.household) {
            let members = dialect == .postgres
                ? "(SELECT count(*) FROM member m WHERE m.province_code = h.province_code AND m.household_id = h.id)"
                : "(SELECT count(*) FROM member m WHERE m.household_id = h.id)"
            if hs == "household" {
                // The whole registry: persons by one join, not a count per household (in
                // PostgreSQL each count would prune the member partitions again at run time).
                selects.append(row("h.commune_code", "h.village_id", "''", "''", "'total'", "''", s, "0") + " FROM \(hs) h")
                selects.append(row("h.commune_code", "h.village_id", "''", "''", "'total'", "''", "0", s)
                               + " FROM \(hs) h JOIN member m ON \(dialect.householdOf(member: "m"))")
            } else {
                selects.append(row("h.commune_code", "h.village_id", "''", "''", "'total'", "''", s, "\(s) * \(members)") + " FROM \(hs) h")
            }
            selects.append(row("h.commune_code", "h.village_id", "''", "''", "'cause'", "c.value", s, "0")
                           + " FROM \(hs) h\(split("h.poverty_causes", as: "c")) WHERE c.value <> ''")
        }
        if parts.contains(.status) {
            // One record per household and date: the one in force on that date.
            let dated = """
                SELECT h.commune_code, h.village_id, r.household_id, r.effective_date AS e, r.class AS cls,
                  row_number() OVER (PARTITION BY r.household_id, r.effective_date ORDER BY (r.source = 'correction') DESC, r.seq DESC) AS rn
                FROM \(hs) h JOIN \(ss) r ON r.household_id = h.id
                """
            // The dates where the class may change, the next such date, and the last date of each year.
            let winners = """
                (SELECT d.commune_code, d.village_id, d.household_id, d.e, d.cls,
                   lead(d.e) OVER (PARTITION BY d.household_id ORDER BY d.e) AS next_e,
                   row_number() OVER (PARTITION BY d.household_id, substr(d.e, 1, 4) ORDER BY d.e DESC) AS last_in_year
                 FROM (\(dated)) d WHERE d.rn = 1)
                """
            selects.append(row("w.commune_code", "w.village_id", "w.e", "''", "'class_on'", "w.cls", s, "0") + " FROM \(winners) w")
            selects.append(row("w.commune_code", "w.village_id", "w.next_e", "''", "'class_on'", "w.cls", negated, "0")
                           + " FROM \(winners) w WHERE w.next_e IS NOT NULL")
            let years = """
                (SELECT y.commune_code, y.village_id, substr(y.e, 1, 4) AS yr, y.cls,
                   lag(y.cls, 1, 'not_poor') OVER (PARTITION BY y.household_id ORDER BY y.e) AS prev
                 FROM \(winners) y WHERE y.last_in_year = 1)
                """
            selects.append(row("z.commune_code", "z.village_id", "z.yr", "''", "'flow'", "z.prev || '>' || z.cls", s, "0")
                           + " FROM \(years) z WHERE z.prev <> z.cls")
        }
        if parts.contains(.classification) {
            let year = dialect == .postgres ? "k.year::text" : "CAST(k.year AS TEXT)"
            selects.append(row("h.commune_code", "h.village_id", year, "k.standard_id", "'classified'", "k.class", s, "0")
                           + " FROM \(hs) h JOIN \(cs) k ON k.household_id = h.id")
            selects.append(row("h.commune_code", "h.village_id", year, "k.standard_id", "'deprived'", "k.class || '/' || v.value", s, "0")
                           + " FROM \(hs) h JOIN \(cs) k ON k.household_id = h.id\(split("k.deprived", as: "v")) WHERE v.value <> ''")
        }
        return selects.joined(separator: "\nUNION ALL\n")
    }

    /// `rows` (a ``contribution(_:households:statuses:classifications:sign:)``) summed per key.
    package func grouped(_ rows: String) -> String {
        """
        SELECT \(Self.keyColumns), \(sum("households")) AS households, \(sum("persons")) AS persons
        FROM (\(rows)) AS u WHERE true GROUP BY \(Self.keyColumns)
        """
    }

    func sum(_ column: String) -> String {
        dialect == .postgres ? "CAST(sum(\(column)) AS bigint)" : "sum(\(column))"
    }

    /// The statement adding `rows` to the table.
    package func add(_ rows: String) -> String {
        """
        INSERT INTO rollup (\(Self.keyColumns), households, persons)
        \(grouped(rows))
        ON CONFLICT (\(Self.keyColumns)) DO UPDATE SET households = rollup.households + excluded.households,
          persons = rollup.persons + excluded.persons
        """
    }

    /// The statement adding (`sign` 1) or removing (−1) one member of household `householdID`
    /// in partition `province` (PostgreSQL: counted only when the household lives in that
    /// partition, as the recomputation counts members).
    package func member(householdID: String, province: String?, sign: Int) -> String {
        let condition = province.map { "h.province_code = \($0) AND h.id = \(householdID)" } ?? "h.id = \(householdID)"
        return add("""
            SELECT \(t("'total'")) AS dimension, h.commune_code, h.village_id, \(t("''")) AS period, \(t("''")) AS standard_id,
              \(t("''")) AS key, 0 AS households, \(sign) AS persons
            FROM household h WHERE \(condition)
            """)
    }

    /// The full recomputation: every household's contribution, summed, zero rows left out.
    package var recomputation: String {
        """
        SELECT \(Self.keyColumns), households, persons FROM (\(grouped(contribution(.all, households: "household", sign: 1)))) AS g
        WHERE households <> 0 OR persons <> 0
        """
    }

    /// The rows that differ between the table (zero rows left out) and `recomputed` (a table
    /// holding ``recomputation``): first column `stored` or `recomputed` (the side holding the
    /// row), then the key columns and the counts.
    package func differences(recomputed: String, limit: Int) -> String {
        let stored = "SELECT \(Self.keyColumns), households, persons FROM rollup WHERE households <> 0 OR persons <> 0"
        let fresh = "SELECT \(Self.keyColumns), households, persons FROM \(recomputed)"
        return """
            SELECT * FROM (SELECT 'stored' AS side, a.* FROM (\(stored) EXCEPT \(fresh)) AS a
              UNION ALL SELECT 'recomputed' AS side, b.* FROM (\(fresh) EXCEPT \(stored)) AS b) AS d
            ORDER BY 2, 3, 4, 5, 6, 7, 1 LIMIT \(limit)
            """
    }
}
