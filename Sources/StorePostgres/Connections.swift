import Foundation
import NIOPosix
import PostgresNIO
import Store
import StoreCore

// How the synchronous `Store` protocols run on PostgresNIO (le pont đồng bộ → bất đồng bộ).
//
// The repository protocols are synchronous (the command line calls them from plain code, the
// web application from async handlers, as it does SQLite's), and PostgresNIO is asynchronous.
// The bridge never blocks a thread of Swift's cooperative pool waiting for work that needs
// that pool:
//
// - Queries use PostgresNIO's EventLoopFuture interface and `wait()` on the calling thread.
//   The futures are completed by the store's own event loop threads (a private
//   `MultiThreadedEventLoopGroup`), never by the cooperative pool, so a caller blocked in
//   `wait()` — even every cooperative thread at once — cannot stop its own completion. NIO
//   refuses `wait()` on any event loop thread; no store method is ever called from one (the
//   web server's handlers run on the cooperative pool).
// - The one asynchronous-only call, `COPY … FROM STDIN`, runs as a task whose executor
//   preference is the connection's event loop (``EventLoopTaskExecutor``): it and every job it
//   resumes run on that NIO thread, not on the cooperative pool, while the caller waits.
// - The protocols' async methods (household page, list, scoped search) do the same blocking
//   work on a small `NIOThreadPool` and await it, so they never hold a cooperative thread.

/// Runs the jobs of tasks that prefer it on one NIO event loop's thread.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// A value bound to a `?` of a statement.
enum PGArg: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    case text(String?)
    case int(Int64?)
    case double(Double?)
    case bool(Bool?)
    /// Bytes, bound as `bytea`.
    case bytes(Data?)
    case texts([String])
    case ints([Int64])

    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int64) { self = .int(value) }
    init(nilLiteral: ()) { self = .text(nil) }

    static func int(_ value: Int?) -> PGArg { .int(value.map(Int64.init)) }

    init(_ argument: SQLArgument) {
        switch argument {
        case .text(let t): self = .text(t)
        case .int(let i): self = .int(i)
        case .textList(let l): self = .texts(l)
        }
    }
}

extension Array where Element == PGArg {
    init(_ arguments: [SQLArgument]) { self = arguments.map(PGArg.init) }
}

/// One row of a result, read by column position.
struct PGRow {
    let cells: PostgresRandomAccessRow

    init(_ row: PostgresRow) { cells = row.makeRandomAccess() }

    func decode<T: PostgresDecodable>(_ i: Int, _ type: T.Type) -> T? {
        let cell = cells[i]
        guard cell.bytes != nil else { return nil }
        do {
            return try cell.decode(T.self)
        } catch {
            assertionFailure("column \(i) (\(cell.columnName)) as \(T.self): \(error)")
            return nil
        }
    }

    func text(_ i: Int) -> String? { decode(i, String.self) }
    func string(_ i: Int) -> String { text(i) ?? "" }
    func int(_ i: Int) -> Int? { decode(i, Int.self) }
    func int64(_ i: Int) -> Int64? { decode(i, Int64.self) }
    func double(_ i: Int) -> Double? { decode(i, Double.self) }
    func bool(_ i: Int) -> Bool? { decode(i, Bool.self) }
    func data(_ i: Int) -> Data? { decode(i, Data.self) }
    func texts(_ i: Int) -> [String] { decode(i, [String].self) ?? [] }

    /// A reader of the columns from `start` on (``ColumnReader``).
    func columns(from start: Int = 0) -> PGColumns { PGColumns(row: self, index: start) }
}

/// ``ColumnReader`` over a ``PGRow``.
struct PGColumns: ColumnReader {
    let row: PGRow
    var index: Int

    mutating func text() -> String? { defer { index += 1 }; return row.text(index) }
    mutating func int() -> Int? { defer { index += 1 }; return row.int(index) }
    mutating func int64() -> Int64? { defer { index += 1 }; return row.int64(index) }
    mutating func double() -> Double? { defer { index += 1 }; return row.double(index) }
    mutating func bool() -> Bool? { defer { index += 1 }; return row.bool(index) }
    mutating func skip() { index += 1 }
    mutating func data() -> Data? { defer { index += 1 }; return row.data(index) }
}

/// A connection with blocking calls (see the comment at the top of this file).
final class PGConnection: @unchecked Sendable {
    let raw: PostgresConnection
    let logger: Logger
    private let executor: EventLoopTaskExecutor
    /// Whether it may be given to the next caller (false after an error that may have left it
    /// mid-transaction or disconnected).
    var reusable = true

    init(_ raw: PostgresConnection, logger: Logger) {
        self.raw = raw
        self.logger = logger
        executor = EventLoopTaskExecutor(raw.eventLoop)
    }

    static func bindings(_ arguments: [PGArg]) -> PostgresBindings {
        var b = PostgresBindings(capacity: arguments.count)
        for a in arguments {
            switch a {
            case .text(let v): b.append(v)
            case .int(let v): b.append(v)
            case .double(let v): b.append(v)
            case .bool(let v): b.append(v)
            case .bytes(let v): b.append(v.map { ByteBuffer(bytes: $0) })
            case .texts(let v): b.append(v)
            case .ints(let v): b.append(v)
            }
        }
        return b
    }

    /// The rows of a statement written with `?` placeholders.
    @discardableResult
    func query(_ sql: String, _ arguments: [PGArg] = []) throws -> [PGRow] {
        try result(sql, arguments).rows.map(PGRow.init)
    }

    /// The first row, or `nil`.
    func row(_ sql: String, _ arguments: [PGArg] = []) throws -> PGRow? {
        try query(sql, arguments).first
    }

    /// Runs a statement; returns the rows it affected.
    @discardableResult
    func execute(_ sql: String, _ arguments: [PGArg] = []) throws -> Int {
        try result(sql, arguments).metadata.rows ?? 0
    }

    /// Runs several statements separated by `;`, without parameters (migrations), one by one.
    func script(_ sql: String) throws {
        for statement in Self.statements(sql) { try execute(statement) }
    }

    /// The statements of a script: split at `;` outside quotes, `$$` bodies and `--` comments.
    static func statements(_ sql: String) -> [String] {
        var result: [String] = []
        var current = ""
        let chars = Array(sql)
        var i = 0
        var inQuote = false, inDollar = false, inComment = false
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if inComment {
                if c == "\n" { inComment = false; current.append(c) }
            } else if inQuote {
                current.append(c)
                if c == "'" { inQuote = false }
            } else if inDollar {
                current.append(c)
                if c == "$" && next == "$" { current.append("$"); i += 1; inDollar = false }
            } else if c == "-" && next == "-" {
                inComment = true
            } else if c == "'" {
                inQuote = true
                current.append(c)
            } else if c == "$" && next == "$" {
                inDollar = true
                current += "$$"
                i += 1
            } else if c == ";" {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { result.append(trimmed) }
                current = ""
            } else {
                current.append(c)
            }
            i += 1
        }
        let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }

    private func result(_ sql: String, _ arguments: [PGArg]) throws -> PostgresQueryResult {
        let query = PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: Self.bindings(arguments))
        do {
            return try raw.query(query, logger: logger).wait()
        } catch {
            if raw.isClosed { reusable = false }
            throw PostgresStoreError(error)
        }
    }

    /// `COPY table (columns) FROM STDIN` of `data` in the text format, as one call.
    func copy(table: String, columns: [String], data: ByteBuffer) throws {
        let raw = self.raw, logger = self.logger
        let promise = raw.eventLoop.makePromise(of: Void.self)
        // Runs on the connection's event loop (not the cooperative pool) while this thread waits.
        Task(executorPreference: executor) {
            do {
                try await raw.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(data)
                }
                promise.succeed(())
            } catch {
                promise.fail(error)
            }
        }
        do {
            try promise.futureResult.wait()
        } catch {
            if raw.isClosed { reusable = false }
            throw PostgresStoreError(error)
        }
    }
}

/// A PostgreSQL error as the store reports it: the server's message and SQLSTATE, never the
/// query's values (which may hold personal data).
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    /// SQLSTATE, e.g. `42501` (insufficient privilege), when the server sent one.
    public var sqlState: String?
    /// The server's message, or the client's.
    public var message: String

    init(_ error: any Error) {
        if let e = error as? PostgresStoreError {
            self = e
        } else if let psql = error as? PSQLError {
            sqlState = psql.serverInfo?[.sqlState]
            message = psql.serverInfo?[.message] ?? "\(psql.code)"
        } else {
            message = "\(error)"
        }
    }

    public var description: String { sqlState.map { "\(message) [SQLSTATE \($0)]" } ?? message }
}

/// The store's connections (nhóm kết nối): at most `size` open, reused, on the store's own
/// event loops. Callers block while all are busy.
final class ConnectionPool: @unchecked Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    let group: MultiThreadedEventLoopGroup
    private let condition = NSCondition()
    private var idle: [PGConnection] = []
    private var open = 0
    private var nextID = 0
    private var closed = false
    private let logger: Logger

    init(_ location: PostgresLocation, threads: Int = 2) throws {
        self.location = location
        configuration = try location.configuration()
        group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        var logger = Logger(label: "giamngheo.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// A connection for the caller alone until ``release(_:)``.
    func acquire() throws -> PGConnection {
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw StoreError.incompatibleDatabase("kho PostgreSQL đã đóng")
            }
            if let c = idle.popLast() {
                condition.unlock()
                if c.raw.isClosed {
                    Self.close(c)
                    condition.lock()
                    open -= 1
                    continue
                }
                return c
            }
            if open < location.poolSize { break }
            condition.wait()
        }
        open += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            let raw = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
            return PGConnection(raw, logger: logger)
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw StoreError.incompatibleDatabase("không kết nối được \(location): \(PostgresStoreError(error))")
        }
    }

    func release(_ connection: PGConnection) {
        condition.lock()
        if connection.reusable && !closed && !connection.raw.isClosed {
            idle.append(connection)
        } else {
            open -= 1
            Self.close(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// `body` with a connection, released afterwards.
    @discardableResult
    func with<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let c = try acquire()
        defer { release(c) }
        return try body(c)
    }

    /// `body` inside one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    func transaction<T>(readOnly: Bool = false, _ body: (PGConnection) throws -> T) throws -> T {
        try with { c in try Self.transaction(c, readOnly: readOnly, body) }
    }

    @discardableResult
    static func transaction<T>(_ c: PGConnection, readOnly: Bool = false, _ body: (PGConnection) throws -> T) throws -> T {
        try c.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            let value = try body(c)
            try c.execute("COMMIT")
            return value
        } catch {
            do { try c.execute("ROLLBACK") } catch { c.reusable = false }
            throw error
        }
    }

    /// Closes a connection, keeping it alive until it is closed (PostgresNIO asserts that a
    /// connection is closed before it goes away).
    @discardableResult
    static func close(_ c: PGConnection) -> EventLoopFuture<Void> {
        let closing: EventLoopFuture<Void> = c.raw.close()
        closing.whenComplete { _ in withExtendedLifetime(c) {} }
        return closing
    }

    /// Closes every connection and stops the event loops; callers waiting get an error. `wait`:
    /// until the server has seen the connections close (never from an event loop thread).
    func shutdown(wait: Bool = false) {
        condition.lock()
        closed = true
        let connections = idle
        idle = []
        condition.broadcast()
        condition.unlock()
        for c in connections {
            let closed = Self.close(c)
            if wait { try? closed.wait() }
        }
        group.shutdownGracefully { _ in }
    }
}
