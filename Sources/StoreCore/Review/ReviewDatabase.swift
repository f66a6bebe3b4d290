import Foundation
import Registry
import Review
import Store

/// A value bound to a `?` of the review records' SQL (giá trị tham số).
public enum ReviewValue: Sendable {
    case text(String?)
    case int(Int?)
    case bool(Bool?)
    /// Bytes (a survey photo): a `BLOB` in SQLite, a `bytea` in PostgreSQL.
    case data(Data?)
    /// A list of texts: a JSON array read by `json_each` in SQLite, a `text[]` in PostgreSQL
    /// (see ``ReviewDatabase/inList(_:)``).
    case textList([String])
}

/// One connection inside a transaction, as the review records' shared code uses it (kết nối
/// của kho rà soát). SQLite and PostgreSQL run the same statements, written with `?` placeholders
/// in order; what differs between them is here.
public protocol ReviewDatabase {
    /// `expression` is one of the texts of a bound ``ReviewValue/textList(_:)``.
    func inList(_ expression: String) -> String
    /// The column that orders `review_certificate` rows as inserted.
    var certificateOrder: String { get }
    /// Runs a statement; returns the rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [ReviewValue]) throws -> Int
    /// The rows of a query, each read in column order.
    func rows<T>(_ sql: String, _ arguments: [ReviewValue], _ read: (inout any ColumnReader) throws -> T) throws -> [T]
    /// Appends an audit entry inside the transaction.
    func audit(_ context: AccessContext, _ action: AuditAction, _ type: String, _ ids: [String], before: String?, after: String?) throws
    /// The internal id of a household by code.
    func householdID(code: String) throws -> Int64?
    /// The status records of a household, oldest first.
    func statusRecords(householdID: Int64, code: String) throws -> [StatusRecord]
}

extension ReviewDatabase {
    /// The first column of each row, as text.
    func texts(_ sql: String, _ arguments: [ReviewValue] = []) throws -> [String] {
        try rows(sql, arguments) { $0.text() ?? "" }
    }

    /// The first column of the first row, as text.
    func text(_ sql: String, _ arguments: [ReviewValue] = []) throws -> String? {
        try rows(sql, arguments) { $0.text() }.first ?? nil
    }

    /// Whether the query returns a row.
    func exists(_ sql: String, _ arguments: [ReviewValue]) throws -> Bool {
        try !rows("SELECT 1 WHERE EXISTS (\(sql))", arguments) { _ in true }.isEmpty
    }

    /// The records of the `body` column of each row.
    func bodies<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: [ReviewValue] = []) throws -> [T] {
        try texts(sql, arguments).map { try ReviewJSON.decode(type, $0) }
    }

    func audit(_ context: AccessContext, _ action: AuditAction, _ type: String, _ ids: [String], after: String?) throws {
        try audit(context, action, type, ids, before: nil, after: after)
    }
}

/// A store that keeps the review records (kho có hồ sơ rà soát): it gives the shared code a
/// connection in a read or a write transaction, and the shared code implements ``ReviewStore``
/// on it, so both databases follow review.md's rules with one body of code.
public protocol ReviewBackend: ReviewStore, RegistryStore {
    /// `body` on a connection reading committed data.
    func reviewRead<T>(_ body: (any ReviewDatabase) throws -> T) throws -> T
    /// `body` in one write transaction, committed when it returns, rolled back when it throws;
    /// the database's immutability refusals are thrown as ``reviewRefusal(message:)`` errors.
    func reviewWrite<T>(_ body: (any ReviewDatabase) throws -> T) throws -> T
}

/// The store error of a database refusal raised by the review tables' triggers (messages
/// `review.frozen: …`, `review.immutable: …`), or `nil` for any other message.
public func reviewRefusal(message: String) -> StoreError? {
    guard message.hasPrefix("review") else { return nil }
    let code = String(message.prefix { $0 != ":" })
    return StoreError.constraint(code: code, message: "Hồ sơ rà soát đã khóa, không được sửa (\(message))")
}

/// JSON of the review records as stored in `body` columns: sorted keys, instants to the
/// millisecond in the registry's timestamp form, days as `yyyy-MM-dd`.
enum ReviewJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RecordColumns.timestamp(date))
        }
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            return RecordColumns.date(fromTimestamp: try c.decode(String.self))
        }
        return try d.decode(type, from: Data(text.utf8))
    }

    /// A short summary for the audit log's before/after: never the record itself, which may
    /// carry CCCD numbers and names (the audit log is not where personal data should spread).
    static func summary(_ fields: [String: String?]) -> String {
        var out = "{"
        for (i, (key, value)) in fields.compactMapValues({ $0 }).sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.appendString(value, to: &out)
        }
        return out + "}"
    }
}
