import Access
import Foundation
import GRDB
import Registry
import Store
import Synchronization

/// A ``HouseholdScope`` as one SQL condition on `household h` (điều kiện phạm vi), so that
/// sorting, counting and paging see only in-scope rows (roles.md §3.5).
struct ScopeSQL: Sendable {
    var condition: String
    var arguments: StatementArguments

    /// The condition of `scope`, made once per scope and kept (at most 256 of them: a server sees
    /// one scope per assignment in use). Every list and search of a user makes the same one, and
    /// writing a province's few hundred commune codes as JSON on each request was a thirtieth of
    /// the search API's CPU under `perf`.
    static func cached(_ scope: HouseholdScope, asFilter: Bool = false) -> ScopeSQL {
        let key = Key(scope: scope, asFilter: asFilter)
        if let known = memo.withLock({ $0[key] }) { return known }
        let made = ScopeSQL(scope, asFilter: asFilter)
        memo.withLock { all in
            if all.count >= 256 { all.removeAll() }
            all[key] = made
        }
        return made
    }

    private struct Key: Hashable {
        var scope: HouseholdScope
        var asFilter: Bool
    }

    private static let memo = Mutex<[Key: ScopeSQL]>([:])

    /// - Parameter asFilter: the condition only filters rows another index found (search reads
    ///   its name and CCCD indexes in order): its columns are written `+h.commune_code`, which
    ///   keeps SQLite from driving the query by the household indexes instead. Without it a
    ///   province officer's search for a rare name scanned the province's million households
    ///   (6 s, measured with `Benchmarks/web.sh`). Village lists keep their index: a village is
    ///   small enough that reading its households beats reading a common name's range
    ///   (`tran` is a tenth of all members) in search of the village's few.
    init(_ scope: HouseholdScope, asFilter: Bool = false) {
        let plus = asFilter ? "+" : ""
        guard !scope.isEmpty else {
            condition = "0"
            arguments = []
            return
        }
        var parts: [String] = []
        var arguments = StatementArguments()
        for clause in scope.clauses {
            var terms: [String] = []
            if let codes = clause.communeCodes {
                terms.append("\(plus)h.commune_code IN (SELECT value FROM json_each(?))")
                arguments += [AuditLog.jsonArray(codes.sorted())]
            }
            if let villages = clause.villages {
                terms.append("h.village_id IN (SELECT id FROM village WHERE name_key IN (SELECT value FROM json_each(?)))")
                arguments += [AuditLog.jsonArray(villages.sorted())]
            }
            if let org = clause.organisation {
                // Attributed to the organisation: its head is a member (roles.md §3.2). Support-plan
                // helpers join this rule when support plans exist.
                terms.append("""
                    EXISTS (SELECT 1 FROM member sh WHERE sh.household_id = h.id AND sh.relation = 'head'
                      AND ';' || sh.mass_organisations || ';' LIKE ?)
                    """)
                arguments += ["%;\(org.rawValue);%"]
            }
            if let before = clause.recordedBefore {
                terms.append("\(plus)h.reference_date < ?")
                arguments += [before.isoString]
            }
            parts.append(terms.isEmpty ? "1" : "(" + terms.joined(separator: " AND ") + ")")
        }
        condition = parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        self.arguments = arguments
    }
}
