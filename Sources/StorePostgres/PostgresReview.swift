import Foundation
import Registry
import Review
import Store
import StoreCore

/// A PostgreSQL connection as the review records' shared code uses it (``ReviewDatabase``):
/// lists as `text[]`, certificates in the order of their identity column.
struct PostgresReviewDatabase: ReviewDatabase {
    let c: PGConnection

    func inList(_ expression: String) -> String { SQLDialect.postgres.inList(expression) }

    var certificateOrder: String { "position" }

    static func arguments(_ values: [ReviewValue]) -> [PGArg] {
        values.map { value in
            switch value {
            case .text(let t): .text(t)
            case .int(let i): .int(i)
            case .bool(let b): .bool(b)
            case .data(let d): .bytes(d)
            case .textList(let l): .texts(l)
            }
        }
    }

    func execute(_ sql: String, _ arguments: [ReviewValue]) throws -> Int {
        try c.execute(sql, Self.arguments(arguments))
    }

    func rows<T>(_ sql: String, _ arguments: [ReviewValue], _ read: (inout any ColumnReader) throws -> T) throws -> [T] {
        try c.query(sql, Self.arguments(arguments)).map { row in
            var reader: any ColumnReader = row.columns()
            return try read(&reader)
        }
    }

    func audit(_ context: AccessContext, _ action: AuditAction, _ type: String, _ ids: [String], before: String?, after: String?) throws {
        try PostgresAuditLog.append(c, AuditDraft(access: context, action: action, entityType: type, entityIDs: ids, before: before, after: after))
    }

    func householdID(code: String) throws -> Int64? { try PostgresRegistryStore.householdID(c, code: code) }

    func statusRecords(householdID: Int64, code: String) throws -> [StatusRecord] {
        try PostgresRegistryStore.statusRecords(c, householdID: householdID, code: code)
    }
}

/// The review records in PostgreSQL: the shared implementation of ``ReviewStore`` (StoreCore),
/// read and written on the primary (a page after a step shows what the step wrote; read from the
/// standby only while the primary is unreachable). Writes are
/// serialised by an advisory lock, as SQLite's single writer serialises them, so a step's
/// read-change-write of a dossier never interleaves with another's; the triggers' refusals
/// become ``StoreError/constraint(code:message:)`` as in SQLite.
extension PostgresRegistryStore: ReviewBackend {
    public func reviewRead<T>(_ body: (any ReviewDatabase) throws -> T) throws -> T {
        try withPrimaryOrStandby { c in try body(PostgresReviewDatabase(c: c)) }
    }

    public func reviewWrite<T>(_ body: (any ReviewDatabase) throws -> T) throws -> T {
        do {
            return try pool.transaction { c in
                try c.execute("SELECT pg_advisory_xact_lock(?)", [.int(PostgresLocks.reviewLock)])
                return try body(PostgresReviewDatabase(c: c))
            }
        } catch let error as PostgresStoreError {
            throw reviewRefusal(message: error.message) ?? error
        }
    }
}
