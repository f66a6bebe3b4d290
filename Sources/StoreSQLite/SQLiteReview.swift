import Foundation
import GRDB
import Registry
import Review
import Store
import StoreCore

/// A GRDB connection as the review records' shared code uses it (``ReviewDatabase``): lists as
/// JSON arrays read by `json_each`, yes/no as 0/1, certificates in `rowid` order.
struct SQLiteReviewDatabase: ReviewDatabase {
    let db: Database

    func inList(_ expression: String) -> String { SQLDialect.sqlite.inList(expression) }

    var certificateOrder: String { "rowid" }

    static func arguments(_ values: [ReviewValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let t): t
            case .int(let i): i
            case .bool(let b): b
            case .data(let d): d
            case .textList(let l): AuditLog.jsonArray(l)
            }
        })
    }

    func execute(_ sql: String, _ arguments: [ReviewValue]) throws -> Int {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows<T>(_ sql: String, _ arguments: [ReviewValue], _ read: (inout any ColumnReader) throws -> T) throws -> [T] {
        try Row.fetchAll(db, sql: sql, arguments: Self.arguments(arguments)).map { row in
            var reader: any ColumnReader = RowColumns(row: row, index: 0)
            return try read(&reader)
        }
    }

    func audit(_ context: AccessContext, _ action: AuditAction, _ type: String, _ ids: [String], before: String?, after: String?) throws {
        try AuditLog.append(db, AuditLog.Draft(access: context, action: action, entityType: type, entityIDs: ids, before: before, after: after))
    }

    func householdID(code: String) throws -> Int64? { try SQLiteRegistryStore.householdID(db, code: code) }

    func statusRecords(householdID: Int64, code: String) throws -> [StatusRecord] {
        try SQLiteRegistryStore.statusRecords(db, householdID: householdID, code: code)
    }
}

/// The review records in the SQLite file: the shared implementation of ``ReviewStore``
/// (StoreCore) in GRDB transactions; the triggers' refusals (`RAISE(ABORT, 'review.…')`) become
/// ``StoreError/constraint(code:message:)``.
extension SQLiteRegistryStore: ReviewBackend {
    public func reviewRead<T>(_ body: (any ReviewDatabase) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteReviewDatabase(db: db)) }
    }

    public func reviewWrite<T>(_ body: (any ReviewDatabase) throws -> T) throws -> T {
        do {
            return try pool.write { db in try body(SQLiteReviewDatabase(db: db)) }
        } catch let error as DatabaseError {
            throw error.message.flatMap(reviewRefusal(message:)) ?? error
        }
    }
}
