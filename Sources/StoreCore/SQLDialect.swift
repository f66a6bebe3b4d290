import Foundation

/// A value bound to a `?` of a shared SQL text (argument): each store binds it its own way.
package enum SQLArgument: Sendable, Hashable {
    case text(String)
    case int(Int64)
    /// A list of texts: a JSON array read by `json_each` in SQLite, a `text[]` in PostgreSQL.
    case textList([String])
}

/// SQL text shared by the two stores, with `?` for each argument in order (câu SQL dùng chung).
/// PostgreSQL numbers the placeholders (``numberedPlaceholders(_:)``) when it runs it.
package struct SQLCondition: Sendable, Hashable {
    package var sql: String
    package var arguments: [SQLArgument]

    package init(_ sql: String, _ arguments: [SQLArgument] = []) {
        self.sql = sql
        self.arguments = arguments
    }
}

/// What differs between the two stores' SQL in the statements they share (phương ngữ SQL).
package enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// `expression` is one of the texts of a bound ``SQLArgument/textList(_:)``.
    package func inList(_ expression: String) -> String {
        switch self {
        case .sqlite: "\(expression) IN (SELECT value FROM json_each(?))"
        case .postgres: "\(expression) = ANY(?)"
        }
    }

    /// The join of a member `m` (or another alias) to its household `h`: in PostgreSQL both
    /// tables are partitioned by province, and naming the partition key lets the planner join
    /// partition to partition.
    package func householdOf(member m: String) -> String {
        switch self {
        case .sqlite: "h.id = \(m).household_id"
        case .postgres: "h.province_code = \(m).province_code AND h.id = \(m).household_id"
        }
    }

    /// `column` compared only as a filter on rows another index found: SQLite's unary `+` keeps
    /// its planner from driving the query by that column's index (see ``ScopeCondition``);
    /// PostgreSQL plans by statistics and needs no hint.
    package func filterOnly(_ column: String) -> String {
        switch self {
        case .sqlite: "+\(column)"
        case .postgres: column
        }
    }
}

/// `sql` with its `?` placeholders numbered `$1`, `$2`, … (PostgreSQL's form), skipping quoted
/// literals and identifiers.
package func numberedPlaceholders(_ sql: String) -> String {
    var out = ""
    out.reserveCapacity(sql.utf8.count + 16)
    var n = 0
    var quote: Character?
    for c in sql {
        if let q = quote {
            if c == q { quote = nil }
            out.append(c)
        } else if c == "'" || c == "\"" {
            quote = c
            out.append(c)
        } else if c == "?" {
            n += 1
            out += "$\(n)"
        } else {
            out.append(c)
        }
    }
    return out
}
