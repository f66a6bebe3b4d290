import Foundation
import Store
import StorePostgres
import StoreSQLite

/// Everything a store implements: the registry, its scoped queries and the accounts (what the
/// web application needs too).
public typealias FullStore = RegistryStore & ScopedRegistry & AccountStore & ReviewStore

/// A storage backend the store tests run on (kho dữ liệu thử): one test body, both backends.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// A new, empty registry of this backend: a file in `directory`, or a new database on the
    /// test server (copied from a migrated, seeded template, so each test starts in milliseconds).
    public func makeRegistry(in directory: URL, name: String = "registry") throws -> TestRegistry {
        switch self {
        case .sqlite:
            return TestRegistry(backend: self, location: directory.appendingPathComponent("\(name).db").path, server: nil)
        case .postgres:
            let server = try TestPostgresServer.shared()
            let database = try PostgresTemplate.shared(server).newDatabase()
            return TestRegistry(backend: self, location: server.url(database: database, user: PostgresTemplate.applicationLogin),
                                server: server, database: database)
        }
    }
}

extension StoreBackend {
    /// Restores `backup` into a new registry of this backend (a new file; a new, empty database
    /// restored by the owner) and returns it; its stores connect as the application's login.
    /// A SQLite backup opens with `keyFile`, the key of the registry backed up.
    public func restore(_ backup: URL, in directory: URL, name: String = "restored", keyFile: String? = nil) throws -> TestRegistry {
        switch self {
        case .sqlite:
            let path = directory.appendingPathComponent("\(name).db").path
            _ = try SQLiteRegistryStore.restore(from: backup, to: path, keyFile: keyFile)
            return TestRegistry(backend: self, location: path, server: nil, keyFile: keyFile)
        case .postgres:
            let server = try TestPostgresServer.shared()
            _ = try PostgresTemplate.shared(server)  // the application's login exists
            let database = "r\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
            try server.psql("CREATE DATABASE \(database)")
            let owner = try PostgresRegistryStore.restore(from: backup, to: server.url(database: database))
            owner.close()
            return TestRegistry(backend: self, location: server.url(database: database, user: PostgresTemplate.applicationLogin),
                                server: server, database: database)
        }
    }
}

extension StoreBackend {
    /// A new, empty PostgreSQL database to restore a backup into, as its owner's URL.
    public func restoreTarget() throws -> String {
        let server = try TestPostgresServer.shared()
        _ = try PostgresTemplate.shared(server)
        let database = "r\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
        try server.psql("CREATE DATABASE \(database)")
        return server.url(database: database)
    }
}

/// One registry of a test: a SQLite file or a PostgreSQL database. ``open()`` may be called
/// several times, as separate processes would open it.
public final class TestRegistry: @unchecked Sendable {
    public let backend: StoreBackend
    /// The file path, or the `postgres://` URL (as the application's login role).
    public let location: String
    let server: TestPostgresServer?
    /// The PostgreSQL database name.
    public let database: String?
    /// The SQLite key file when not beside the file (a restored backup's).
    public let keyFile: String?

    init(backend: StoreBackend, location: String, server: TestPostgresServer?, database: String? = nil, keyFile: String? = nil) {
        self.backend = backend
        self.location = location
        self.server = server
        self.database = database
        self.keyFile = keyFile
    }

    /// A store on this registry.
    public func open() throws -> any FullStore {
        switch backend {
        case .sqlite: try SQLiteRegistryStore(path: location, keyFile: keyFile)
        case .postgres: try PostgresRegistryStore(url: location)
        }
    }

    /// Runs SQL directly on the registry, bypassing the store: as the schema's owner (the
    /// PostgreSQL superuser; SQLite has no roles), or as the application's role (PostgreSQL).
    /// Throws the database's error message.
    public func execute(_ sql: String, asApplication: Bool = false) throws {
        switch backend {
        case .sqlite:
            try SQLiteDirect.execute(sql, path: location)
        case .postgres:
            try server!.psql(sql, database: database!, user: asApplication ? PostgresTemplate.applicationLogin : nil)
        }
    }

    /// The rows of a query run directly on the registry (as the owner), one line per row.
    public func query(_ sql: String) throws -> String {
        switch backend {
        case .sqlite: try SQLiteDirect.query(sql, path: location)
        case .postgres: try server!.psql(sql, database: database!)
        }
    }

    /// Drops the PostgreSQL database (connections closed by force).
    public func drop() {
        guard let server, let database else { return }
        _ = try? server.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }
}

/// The template every test database is copied from: migrated by the owner, seeded with the
/// shipped units, and a login role in the application's group role for the tests to connect as.
final class PostgresTemplate: @unchecked Sendable {
    static let name = "giamngheo_template"
    /// The login the tests' stores use: a member of `giamngheo_app`, not the owner, so every test
    /// runs with the application's privileges (INSERT only on the audit log).
    static let applicationLogin = "giamngheo_web"

    let server: TestPostgresServer
    private let lock = NSLock()
    private var counter = 0

    private init(server: TestPostgresServer) throws {
        self.server = server
        try server.psql("CREATE DATABASE \(Self.name)")
        // The owner migrates and seeds; the store is closed before the template is copied.
        let owner = try PostgresRegistryStore(url: server.url(database: Self.name))
        owner.close()
        try server.psql("CREATE ROLE \(Self.applicationLogin) LOGIN IN ROLE giamngheo_app")
        // Statistics now, then no connections at all: autovacuum would otherwise visit the new
        // database and make CREATE DATABASE … TEMPLATE refuse it while it is there.
        try server.psql("VACUUM ANALYZE", database: Self.name)
        try server.psql("ALTER DATABASE \(Self.name) IS_TEMPLATE true ALLOW_CONNECTIONS false")
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var made: Result<PostgresTemplate, any Error>?

    static func shared(_ server: TestPostgresServer) throws -> PostgresTemplate {
        lock.lock()
        defer { lock.unlock() }
        if let made { return try made.get() }
        let result = Result { try PostgresTemplate(server: server) }
        made = result
        return try result.get()
    }

    /// A new database copied from the template.
    func newDatabase() throws -> String {
        lock.lock()
        counter += 1
        let name = "t\(getpid())_\(counter)"
        defer { lock.unlock() }
        // One copy at a time: CREATE DATABASE refuses a template another session is reading
        // (a closing connection may linger for a moment).
        for attempt in 1...100 {
            do {
                try server.psql("CREATE DATABASE \(name) TEMPLATE \(Self.name)")
                return name
            } catch where attempt < 100 && "\(error)".contains("being accessed by other users") {
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        return name
    }
}
