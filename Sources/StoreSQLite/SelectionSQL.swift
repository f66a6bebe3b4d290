import Foundation
import GRDB
import Registry
import Store
import VietnameseText

/// A ``HouseholdSelection`` as SQL conditions on `household h`.
struct SelectionSQL {
    var conditions: [String] = []
    var arguments = StatementArguments()

    init(_ selection: HouseholdSelection, db: Database) throws {
        if let codes = selection.communeCodes {
            conditions.append("h.commune_code IN (SELECT value FROM json_each(?))")
            arguments += [AuditLog.jsonArray(codes.sorted())]
        }
        if let classes = selection.classes {
            let day = (selection.classDate ?? CivilDate(Date(), secondsFromGMT: 7 * 3600)).isoString
            conditions.append("\(Self.classOn) IN (SELECT value FROM json_each(?))")
            arguments += [day, AuditLog.jsonArray(classes.map(\.rawValue).sorted())]
        }
    }

    /// The recognised class of `h` on the date bound first (review.md §6.1): the status record
    /// with the latest effective date on or before it, a correction winning on the same date,
    /// then the later record; `not_poor` when never recognised.
    static let classOn = """
        coalesce((SELECT s.class FROM status_record s WHERE s.household_id = h.id AND s.effective_date <= ?
          ORDER BY s.effective_date DESC, s.source = 'correction' DESC, s.seq DESC LIMIT 1), 'not_poor')
        """

    var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

    var memberWhereClause: String {
        conditions.isEmpty ? "" : " WHERE household_id IN (SELECT h.id FROM household h\(whereClause))"
    }
}
