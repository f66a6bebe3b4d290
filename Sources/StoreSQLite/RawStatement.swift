import Foundation
import StoreCore
import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C interface, for the bulk paths
/// where GRDB's `StatementArguments` (an array of boxed values per row) would cost more than
/// the insert itself. Parameters are bound in order with `bind`; `run()` steps and resets.
final class RawStatement: BlobSink {
    let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    private var next: Int32 = 1

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection!
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT): the Swift string may move afterwards.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)


    @inline(__always) func bind(_ text: String?) {
        defer { next += 1 }
        guard var text else { sqlite3_bind_null(handle, next); return }
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, next, base, Int32(chars.count), Self.transient)
                } else {
                    // SQLite binds a null pointer as NULL; an empty string needs a valid one.
                    _ = sqlite3_bind_text(handle, next, "", 0, Self.transient)
                }
            }
        }
    }

    /// Binds a compile-time constant (an enum's code): SQLite reads it in place, no copy.
    @inline(__always) func bind(static text: StaticString?) {
        defer { next += 1 }
        guard let text else { sqlite3_bind_null(handle, next); return }
        let count = text.utf8CodeUnitCount
        UnsafeRawPointer(text.utf8Start).withMemoryRebound(to: CChar.self, capacity: max(count, 1)) {
            _ = sqlite3_bind_text(handle, next, $0, Int32(count), nil)  // nil = SQLITE_STATIC
        }
    }

    @inline(__always) func bind(_ value: Int?) {
        defer { next += 1 }
        guard let value else { sqlite3_bind_null(handle, next); return }
        sqlite3_bind_int64(handle, next, Int64(value))
    }

    @inline(__always) func bind(_ value: Int64?) {
        defer { next += 1 }
        guard let value else { sqlite3_bind_null(handle, next); return }
        sqlite3_bind_int64(handle, next, value)
    }

    @inline(__always) func bind(_ value: Bool?) {
        defer { next += 1 }
        guard let value else { sqlite3_bind_null(handle, next); return }
        sqlite3_bind_int(handle, next, value ? 1 : 0)
    }

    /// Binds the values of `rows` rows of `buffer`, starting at its slot `first`; returns the
    /// slot after the last one bound. Text is bound in place: the buffer must outlive the run.
    func bind(_ buffer: RowBuffer, from first: Int, count: Int) -> Int {
        buffer.bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                for i in first..<(first + count) {
                    let slot = buffer.slots[i]
                    switch slot.kind {
                    case .null: sqlite3_bind_null(handle, next)
                    case .int: sqlite3_bind_int64(handle, next, slot.value)
                    case .double: sqlite3_bind_double(handle, next, Double(bitPattern: UInt64(bitPattern: slot.value)))
                    case .text:
                        _ = sqlite3_bind_text(handle, next, chars.baseAddress! + Int(slot.value), slot.count, nil)
                    case .staticText:
                        _ = sqlite3_bind_text(handle, next, UnsafePointer<CChar>(bitPattern: Int(slot.value)), slot.count, nil)
                    case .blob:
                        _ = sqlite3_bind_blob(handle, next, chars.baseAddress! + Int(slot.value), slot.count, nil)
                    }
                    next += 1
                }
            }
        }
        return first + count
    }

    @inline(__always) func bind(blob: [UInt8]?) {
        defer { next += 1 }
        guard let blob else { sqlite3_bind_null(handle, next); return }
        blob.withUnsafeBytes { _ = sqlite3_bind_blob(handle, next, $0.baseAddress, Int32($0.count), Self.transient) }
    }

    @inline(__always) func bind(_ value: Double?) {
        defer { next += 1 }
        guard let value else { sqlite3_bind_null(handle, next); return }
        sqlite3_bind_double(handle, next, value)
    }

    /// Steps a statement that returns no row, then resets it for the next bindings.
    func run() throws {
        next = 1
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Steps a query; `row` reads the current row's columns. Resets at the end.
    func query(_ row: (RawRow) throws -> Void) throws {
        next = 1
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            try row(RawRow(handle: handle))
        }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)),
                      sql: statement.sql)
    }
}

/// The current row of a ``RawStatement`` query.
struct RawRow {
    let handle: OpaquePointer

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(handle, i)) }
    func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    func string(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(handle, i) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    func optionalString(_ i: Int32) -> String? { isNull(i) ? nil : string(i) }
    func optionalInt(_ i: Int32) -> Int? { isNull(i) ? nil : int(i) }
}
