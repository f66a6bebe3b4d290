import Foundation
import PostgresNIO
import Store

/// Where a PostgreSQL registry lives (địa chỉ cơ sở dữ liệu): a `postgres://` URL, as `--db`
/// and `GIAMNGHEO_DATABASE_URL` give it —
/// `postgres://user[:password]@host[:port]/database[?sslmode=disable|require][&pool=N]`.
///
/// `sslmode` defaults to `disable` on a loopback or Unix-socket host and to `require`
/// elsewhere (personal data never crosses a network in clear). `host` may be a directory
/// holding the server's Unix socket (`postgres://user@%2Fvar%2Frun%2Fpostgresql/db`).
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var requireTLS: Bool
    /// Most connections the store opens at once.
    public var poolSize: Int

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a URL; throws ``StoreError/incompatibleDatabase(_:)`` naming what is wrong.
    public init(url text: String) throws {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw StoreError.incompatibleDatabase("địa chỉ PostgreSQL không hợp lệ: \(Self.redacted(text)) (cần dạng postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu)")
        }
        let path = components.percentEncodedPath.split(separator: "/").first.map { String($0).removingPercentEncoding ?? String($0) }
        guard let database = path, !database.isEmpty else {
            throw StoreError.incompatibleDatabase("địa chỉ PostgreSQL thiếu tên cơ sở dữ liệu: \(Self.redacted(text))")
        }
        self.database = database
        user = components.user?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = components.password?.removingPercentEncoding
        host = components.percentEncodedHost?.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let local = host.hasPrefix("/") || host == "localhost" || host == "::1" || host.hasPrefix("127.")
        switch query["sslmode"] {
        case nil: requireTLS = !local
        case "disable": requireTLS = false
        case "require", "verify-full", "verify-ca": requireTLS = true
        case let other?:
            throw StoreError.incompatibleDatabase("sslmode=\(other) không được hỗ trợ (disable hoặc require)")
        }
        poolSize = query["pool"].flatMap(Int.init).map { max(2, $0) } ?? 10
    }

    /// The URL without its password.
    public var description: String {
        "postgres://\(user)@\(host.hasPrefix("/") ? host.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? host : host):\(port)/\(database)"
    }

    static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    /// The configuration PostgresNIO connects with.
    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if requireTLS {
            tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        } else {
            tls = .disable
        }
        if host.hasPrefix("/") {
            return PostgresConnection.Configuration(
                unixSocketPath: host + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
