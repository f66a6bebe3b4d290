import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StoreTestSupport
import Testing

/// `giamngheo serve --db postgres://…`: the server binary on a PostgreSQL database, with demo
/// data, answering over HTTP on loopback — the review pages and API included (the web
/// application never knows which database runs).
@Suite("serve on PostgreSQL", .serialized)
struct ServePostgresTests {
    /// A blocking HTTP request (the test drives a separate server process).
    static func request(_ url: String, method: String = "GET", json: [String: Any]? = nil, cookie: String? = nil)
        throws -> (status: Int, body: String, headers: [AnyHashable: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let cookie { request.setValue("gn_session=\(cookie)", forHTTPHeaderField: "Cookie") }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<(Int, String, [AnyHashable: Any]), any Error> = .failure(URLError(.timedOut))
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                result = .failure(error)
            } else {
                let http = response as! HTTPURLResponse
                result = .success((http.statusCode, String(decoding: data ?? Data(), as: UTF8.self), http.allHeaderFields))
            }
            done.signal()
        }.resume()
        done.wait()
        let (status, body, headers) = try result.get()
        return (status, body, headers)
    }

    /// Waits until the server answers on `base`, then signs `username` in with the password
    /// `serve` printed; returns the session cookie.
    static func signIn(_ base: String, _ username: String, lines: [String]) throws -> String {
        // The line `  xa.canbo       PASSWORD   COM — …`.
        let account = try #require(lines.first { $0.hasPrefix("  \(username) ") })
        let password = String(try #require(account.split(separator: " ").dropFirst().first))
        // "đang chạy" is printed just before the server listens.
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? request(base + "/login").status) == 200
            if !ready { Thread.sleep(forTimeInterval: 0.1) }
        }
        try #require(ready, "the server never answered on \(base)")
        let login = try request(base + "/api/v1/session", method: "POST", json: ["username": username, "password": password])
        try #require(login.status == 200, "\(login.body)")
        let setCookie = try #require(login.headers.first { "\($0.key)".lowercased() == "set-cookie" }?.value as? String)
        return String(try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))
    }

    @Test("serve --db postgres://… creates the demo registry and serves the review home page and API to a signed-in commune officer")
    func reviewOnPostgres() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (db, registry) = try commandLineRegistry(.postgres, dir)
        defer { registry?.drop() }
        let port = try TestPostgresServer.freePort()
        let base = "http://127.0.0.1:\(port)"
        try serveDemo(dir, db: db, port: port) { lines in
            let cookie = try Self.signIn(base, "xa.canbo", lines: lines)
            let home = try Self.request(base + "/review", cookie: cookie)
            #expect(home.status == 200, "\(home.body.prefix(400))")
            #expect(home.body.contains("Rà soát"))
            let campaigns = try Self.request(base + "/api/v1/review/campaigns", cookie: cookie)
            #expect(campaigns.status == 200, "\(campaigns.body.prefix(400))")
            #expect(campaigns.body.contains("\"items\""))
        }
        // The demo registry and the review tables are in the database.
        let households = try #require(registry).query("SELECT count(*) FROM household")
        #expect(households.trimmingCharacters(in: .whitespacesAndNewlines) == "60")
        #expect(try registry!.query("SELECT count(*) FROM schema_migration WHERE id = 'v5-review'").hasPrefix("1"))
    }

    /// Issue 5 item 3 at the server: `serve --read-replica` on a primary and its streaming standby
    /// (pg_basebackup on loopback); the standby replays the demo data written on the primary; the
    /// primary is stopped and a signed-in officer still reads the dashboard and the review page and
    /// API, from the standby (without the fallback to the standby the same requests answer 500).
    @Test("serve --read-replica: with the primary stopped, a signed-in officer keeps reading from the hot standby")
    func readsFromStandbyWhenPrimaryStops() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let primary = try TestPostgresServer.start()
        defer { try? primary.stop() }
        try primary.psql("CREATE DATABASE registry")
        let standby = try primary.startStandby()
        defer { try? standby.stop() }
        let port = try TestPostgresServer.freePort()
        let base = "http://127.0.0.1:\(port)"
        try serveDemo(dir, db: primary.url(database: "registry"), port: port,
                      arguments: ["--read-replica", standby.url(database: "registry")]) { lines in
            let cookie = try Self.signIn(base, "xa.canbo", lines: lines)
            // The standby replays the demo data within moments.
            let deadline = Date().addingTimeInterval(60)
            while (try? standby.psql("SELECT count(*) FROM household", database: "registry").trimmingCharacters(in: .whitespacesAndNewlines)) != "60",
                  Date() < deadline {
                Thread.sleep(forTimeInterval: 0.2)
            }
            #expect(try standby.psql("SELECT pg_is_in_recovery()", database: "registry").hasPrefix("t"))
            let before = try Self.request(base + "/", cookie: cookie)
            #expect(before.status == 200, "\(before.body.prefix(400))")

            try primary.stop()
            // Past the server's 5-second cache of the signed-in account: it is read again, from the standby.
            Thread.sleep(forTimeInterval: 5.5)
            let after = try Self.request(base + "/", cookie: cookie)
            #expect(after.status == 200, "\(after.body.prefix(600))")
            #expect(after.body.contains("Xã") || after.body.contains("xã"))
            let review = try Self.request(base + "/review", cookie: cookie)
            #expect(review.status == 200, "\(review.body.prefix(600))")
            let campaigns = try Self.request(base + "/api/v1/review/campaigns", cookie: cookie)
            #expect(campaigns.status == 200, "\(campaigns.body.prefix(400))")
        }
    }
}
