import Access
import Foundation
import Registry
import Store
import VietnameseText

/// A ``HouseholdScope`` as one SQL condition on `household h` (điều kiện phạm vi), so that
/// sorting, counting and paging see only in-scope rows (roles.md §3.5). The same condition in
/// both stores; ``HouseholdScope/clause(admittingCommune:villageKey:headOrganisations:referenceDate:)``
/// makes the same test in Swift on one household (tests compare both).
package struct ScopeCondition: Sendable {
    package var condition: String
    package var arguments: [SQLArgument]

    /// - Parameter asFilter: the condition only filters rows another index found (search reads
    ///   its name and CCCD indexes in order): in SQLite its columns are written `+h.commune_code`,
    ///   which keeps the planner from driving the query by the household indexes instead. Without
    ///   it a province officer's search for a rare name scanned the province's million households
    ///   (6 s, measured with `Benchmarks/web.sh`). Village lists keep their index: a village is
    ///   small enough that reading its households beats reading a common name's range
    ///   (`tran` is a tenth of all members) in search of the village's few.
    package init(_ scope: HouseholdScope, dialect: SQLDialect, asFilter: Bool = false) {
        func column(_ c: String) -> String { asFilter ? dialect.filterOnly(c) : c }
        guard !scope.isEmpty else {
            condition = "FALSE"
            arguments = []
            return
        }
        var parts: [String] = []
        var arguments: [SQLArgument] = []
        for clause in scope.clauses {
            var terms: [String] = []
            if let codes = clause.communeCodes {
                terms.append(dialect.inList(column("h.commune_code")))
                arguments.append(.textList(codes.sorted()))
            }
            if let villages = clause.villages {
                terms.append("h.village_id IN (SELECT id FROM village WHERE \(dialect.inList("name_key")))")
                arguments.append(.textList(villages.sorted()))
            }
            if let org = clause.organisation {
                // Attributed to the organisation: its head is a member (roles.md §3.2). Support-plan
                // helpers join this rule when support plans exist.
                terms.append("""
                    EXISTS (SELECT 1 FROM member sh WHERE \(dialect.householdOf(member: "sh")) AND sh.relation = 'head'
                      AND ';' || sh.mass_organisations || ';' LIKE ?)
                    """)
                arguments.append(.text("%;\(org.rawValue);%"))
            }
            if let before = clause.recordedBefore {
                terms.append("\(column("h.reference_date")) < ?")
                arguments.append(.text(before.isoString))
            }
            parts.append(terms.isEmpty ? "TRUE" : "(" + terms.joined(separator: " AND ") + ")")
        }
        condition = parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        self.arguments = arguments
    }
}

/// The recognised class of `household h` on a date (review.md §6.1) as SQL both stores run: the
/// status record with the latest effective date on or before the date bound first, a correction
/// winning on the same date, then the later record; `not_poor` when never recognised.
package let classOnSQL = """
    coalesce((SELECT s.class FROM status_record s WHERE s.household_id = h.id AND s.effective_date <= ?
      ORDER BY s.effective_date DESC, s.source = 'correction' DESC, s.seq DESC LIMIT 1), 'not_poor')
    """

/// The household list's filters (lọc danh sách hộ) as conditions on `household h`, in both
/// stores: `filter.on` is bound first by the caller when ``usesClassOn`` (the class column).
package struct ListFilterCondition {
    package var conditions: [String] = []
    package var arguments: [SQLArgument] = []

    package init(_ filter: HouseholdFilter, dialect: SQLDialect) {
        let day = filter.on.isoString
        if let codes = filter.communeCodes {
            conditions.append(dialect.inList("h.commune_code"))
            arguments.append(.textList(codes.sorted()))
        }
        if let classes = filter.classes {
            conditions.append(dialect.inList(classOnSQL))
            arguments += [.text(day), .textList(classes.map(\.rawValue).sorted())]
        }
        if let village = filter.village, !village.isEmpty {
            conditions.append("h.village_id IN (SELECT id FROM village WHERE name_key = ?)")
            arguments.append(.text(VietnameseText.fold(VietnameseText.nfc(village))))
        }
        if let em = filter.ethnicMinority {
            let test = """
                EXISTS (SELECT 1 FROM member eh WHERE \(dialect.householdOf(member: "eh")) AND eh.relation = 'head'
                  AND eh.ethnicity IS NOT NULL AND eh.ethnicity <> 'Kinh')
                """
            conditions.append(em ? test : "NOT \(test)")
        }
        if let merit = filter.meritorious {
            let test = "EXISTS (SELECT 1 FROM member mm WHERE \(dialect.householdOf(member: "mm")) AND mm.meritorious)"
            conditions.append(merit ? test : "NOT \(test)")
        }
        if let cause = filter.cause {
            conditions.append("';' || h.poverty_causes || ';' LIKE ?")
            arguments.append(.text("%;\(cause.rawValue);%"))
        }
    }
}

/// A ``HouseholdSelection`` as conditions on `household h`.
package struct SelectionCondition {
    package var conditions: [String] = []
    package var arguments: [SQLArgument] = []

    package init(_ selection: HouseholdSelection, dialect: SQLDialect) {
        if let codes = selection.communeCodes {
            conditions.append(dialect.inList("h.commune_code"))
            arguments.append(.textList(codes.sorted()))
        }
        if let classes = selection.classes {
            let day = (selection.classDate ?? CivilDate(Date(), secondsFromGMT: 7 * 3600)).isoString
            conditions.append(dialect.inList(classOnSQL))
            arguments += [.text(day), .textList(classes.map(\.rawValue).sorted())]
        }
    }

    /// ` WHERE …`, or nothing.
    package var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }
}
