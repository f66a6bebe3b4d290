import Foundation
import GRDB
import PersonalDataProtection
import PovertyStandard
import Registry
import Store
import StoreCore
import VietnameseText

/// How households and members map to table columns, both ways. One place, so the bulk insert,
/// the single-row update and every read agree.
enum RowMapping {
    // The values of every column, both ways, are `StoreCore`'s ``RecordColumns`` (shared with the
    // PostgreSQL store); here are the SQLite statements that bind and read them.

    // MARK: Households

    /// Household columns written from a ``Household`` value, in binding order (after `code`).
    static var householdValueColumns: [String] { RecordColumns.householdValueColumns }

    static let insertHouseholdSQL: String = {
        let columns = ["id", "code"] + householdValueColumns + RecordColumns.householdBookkeepingColumns
        return "INSERT INTO household (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    }()

    /// One INSERT of `rows` households (a bulk load's groups).
    static func insertHouseholdsSQL(rows: Int) -> String {
        let one = "(" + Array(repeating: "?", count: householdColumnCount).joined(separator: ", ") + ")"
        return insertHouseholdSQL.components(separatedBy: " VALUES ")[0] + " VALUES " + Array(repeating: one, count: rows).joined(separator: ", ")
    }

    static var householdColumnCount: Int { 2 + householdValueColumns.count + RecordColumns.householdBookkeepingColumns.count }

    static let updateHouseholdSQL: String = {
        let sets = householdValueColumns.map { "\($0) = ?" } + ["version = ?", "updated_at = ?", "updated_by = ?"]
        return "UPDATE household SET \(sets.joined(separator: ", ")) WHERE id = ?"
    }()

    /// Binds the value columns of `household` (``householdValueColumns`` order).
    static func bindValues(_ h: Household, villageID: Int64, to s: some ValueSink) {
        RecordColumns.bindValues(h, villageID: villageID, to: s)
    }

    /// Columns to select for ``household(from:)``, with `village` joined in.
    static let householdSelect: String = {
        let columns = ["h.id"] + RecordColumns.householdReadColumns + ["h.version", "h.created_at", "h.updated_at", "h.updated_by"]
        return "SELECT \(columns.joined(separator: ", ")) FROM household h JOIN village v ON v.id = h.village_id"
    }()

    /// Reads a row of ``householdSelect`` by position (its columns are read in select order):
    /// GRDB's lookup by name folds the case of every column name, which costs more than the
    /// row itself when millions of rows are compared in an import or exported.
    static func household(from row: Row) -> Household {
        var reader = RowColumns(row: row, index: 1)  // 0 is h.id
        return RecordColumns.household(from: &reader)
    }

    /// The status record an import makes of `recognised_class`/`recognised_year`.
    static func importedStatus(of h: Household, at: Date, by account: String) -> StatusRecord? {
        RecordColumns.importedStatus(of: h, at: at, by: account)
    }

    // MARK: Members

    /// The CCCD is three columns (``NationalIDCipher``): its ciphertext, its keyed hash (unique
    /// index, exact lookup) and its last four digits (masked lists); never the number itself.
    static let memberColumns: [String] =
        RecordColumns.memberColumns(nationalID: ["national_id_sealed", "national_id_hash", "national_id_last4"])

    /// Position of `name_id` in ``memberColumns``.
    static let memberNameIDColumn = memberColumns.firstIndex(of: "name_id")!
    /// Position of `national_id_sealed` in ``memberColumns`` (`national_id_hash` follows it).
    static let memberSealedColumn = memberColumns.firstIndex(of: "national_id_sealed")!

    static let insertMemberSQL =
        "INSERT INTO member (\(memberColumns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: memberColumns.count).joined(separator: ", ")))"

    /// One INSERT of `rows` members (a bulk load's groups).
    static func insertMembersSQL(rows: Int) -> String {
        let one = "(\(Array(repeating: "?", count: memberColumns.count).joined(separator: ", ")))"
        return "INSERT INTO member (\(memberColumns.joined(separator: ", "))) VALUES " + Array(repeating: one, count: rows).joined(separator: ", ")
    }

    static let updateMemberSQL: String = {
        let sets = memberColumns.dropFirst(2).map { "\($0) = ?" }
        return "UPDATE member SET \(sets.joined(separator: ", ")) WHERE household_id = ? AND member_no = ?"
    }()

    /// Binds every member column but the first two (household id and member number); the CCCD
    /// sealed with `cipher`. `deferHash`: its keyed hash is left NULL, for an import into a
    /// registry with data to set at the end (see `SQLiteImportSession.applyDeferredHashes`).
    /// Without a cipher the sealed value and the hash are left NULL for the bulk encoder's sealing
    /// stage to fill in (``SQLiteBulkEncoder``); the last four digits are bound either way.
    static func bindValues(_ m: Member, nameID: Int64, cipher: NationalIDCipher?, deferHash: Bool = false, to s: some BlobSink) {
        RecordColumns.bindValues(m, nameID: nameID, to: s) { s in
            if let id = m.nationalID {
                s.bind(blob: cipher?.seal(id))
                s.bind(blob: deferHash ? nil : cipher?.lookupHash(id))
                s.bind(NationalIDCipher.last4(id))
            } else {
                s.bind(blob: nil)
                s.bind(blob: nil)
                s.bind(nil as String?)
            }
        }
    }

    static let memberSelect = "SELECT \(memberColumns.joined(separator: ", ")) FROM member"

    /// Reads a row of ``memberSelect`` (or `m.*`) by position, starting at column `offset`; the
    /// CCCD opened with `cipher`, or left out (`nil`) when no cipher is given — only for reads
    /// that never show or compare it (classification), which then skip a decryption per member.
    static func member(from row: Row, householdCode: String, offset: Int = 0, cipher: NationalIDCipher?) throws -> Member {
        var reader = RowColumns(row: row, index: offset + 1)  // household_id first
        return try RecordColumns.member(from: &reader, householdCode: householdCode) { r in
            let sealed = r.data()
            r.skip()  // national_id_hash
            r.skip()  // national_id_last4
            return try cipher.flatMap { c in try sealed.map { try c.open($0) } }
        }
    }

    // MARK: Dates

    static func parseISODate(_ text: String) -> CivilDate? { RecordColumns.parseISODate(text) }

    /// Timestamps as ISO 8601 UTC with milliseconds (``RecordColumns/timestamp(_:)``).
    static func timestamp(_ date: Date) -> String { RecordColumns.timestamp(date) }

    static func date(fromTimestamp text: String) -> Date { RecordColumns.date(fromTimestamp: text) }
}

/// ``ColumnReader`` over a GRDB row, by position; yes/no columns are integers 0/1.
struct RowColumns: ColumnReader {
    let row: Row
    var index: Int

    mutating func text() -> String? { defer { index += 1 }; return row[index] }
    mutating func int() -> Int? { defer { index += 1 }; return row[index] }
    mutating func int64() -> Int64? { defer { index += 1 }; return row[index] }
    mutating func double() -> Double? { defer { index += 1 }; return row[index] }
    mutating func bool() -> Bool? {
        defer { index += 1 }
        return (row[index] as Int?).map { $0 != 0 }
    }
    mutating func skip() { index += 1 }
    /// A blob column (a sealed CCCD).
    mutating func data() -> Data? { defer { index += 1 }; return row[index] }
}
