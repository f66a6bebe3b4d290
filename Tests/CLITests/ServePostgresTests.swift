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

    @Test("serve --db postgres://… creates the demo registry and serves the review home page and API to a signed-in commune officer")
    func reviewOnPostgres() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (db, registry) = try commandLineRegistry(.postgres, dir)
        defer { registry?.drop() }
        let port = try TestPostgresServer.freePort()
        let base = "http://127.0.0.1:\(port)"
        try serveDemo(dir, db: db, port: port) { lines in
            // The line `  xa.canbo       PASSWORD   COM — …`.
            let account = try #require(lines.first { $0.hasPrefix("  xa.canbo ") })
            let password = String(try #require(account.split(separator: " ").dropFirst().first))
            // "đang chạy" is printed just before the server listens.
            var ready = false
            for _ in 0..<100 where !ready {
                ready = (try? Self.request(base + "/login").status) == 200
                if !ready { Thread.sleep(forTimeInterval: 0.1) }
            }
            try #require(ready, "the server never answered on \(base)")
            let login = try Self.request(base + "/api/v1/session", method: "POST", json: ["username": "xa.canbo", "password": password])
            #expect(login.status == 200, "\(login.body)")
            let setCookie = try #require(login.headers.first { "\($0.key)".lowercased() == "set-cookie" }?.value as? String)
            let cookie = String(try #require(setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last))

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
}
