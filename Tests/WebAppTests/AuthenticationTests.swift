import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import StoreTestSupport
import Testing
@testable import WebApp

@Suite("Login, sessions, CSRF and lockout")
struct AuthenticationTests {
    @Test("a page without a session redirects to the login page; the API answers 401 JSON", arguments: StoreBackend.allCases)
    func unauthenticated(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let page = try await client.get("/households")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login?next=/households")
            let api = try await client.get("/api/v1/households")
            #expect(api.status == .unauthorized)
            #expect(api.errorCode == "auth.required")
            #expect(((api.json["error"] as? [String: Any])?["message"] as? String)?.contains("đăng nhập") == true)
        }
    }

    @Test("login sets an HttpOnly SameSite session cookie and the dashboard shows the user's unit", arguments: StoreBackend.allCases)
    func loginCookie(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let response = try await client.formLogin("user.com")
            #expect(response.status == .seeOther)
            let setCookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("gn_session=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(setCookie.count > "gn_session=".count + 64)
            let session = SignedSession(cookie: try #require(WebClient.sessionCookie(response)), csrf: "")
            let home = try await client.get("/", session)
            #expect(home.status == .ok)
            #expect(home.text.contains("Phường Thành Sen"))
            #expect(home.text.contains("id=\"total-households\">2<"))
        }
    }

    @Test("a wrong password and an unknown user get the same Vietnamese message, both audited", arguments: StoreBackend.allCases)
    func genericFailure(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let wrong = try await client.formLogin("user.com", password: "sai mật khẩu rồi")
            let unknown = try await client.formLogin("khong.ton.tai", password: "sai mật khẩu rồi")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            let message = "Tên đăng nhập hoặc mật khẩu không đúng"
            #expect(wrong.text.contains(message) && unknown.text.contains(message))
            #expect(WebClient.sessionCookie(wrong) == nil)
        }
        let failures = try fixture.store.auditEntries(AuditFilter(action: .loginFailed))
        #expect(failures.map { $0.entityIDs.first } == ["user.com", "khong.ton.tai"])
    }

    @Test("five failures lock the account: the right password is then refused too, until unlocked", arguments: StoreBackend.allCases)
    func lockout(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            for _ in 0..<5 {
                let r = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.cld", "password": "không phải mật khẩu"], session: nil)
                #expect(r.status == .unauthorized)
            }
            let refused = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.cld", "password": WebFixture.password], session: nil)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "auth.invalid_credentials")
            let account = try #require(try fixture.store.account(username: "user.cld"))
            #expect(account.state == .locked)
            let lockedFor = try #require(account.lockedUntil).timeIntervalSinceNow
            #expect(lockedFor > 14 * 60 && lockedFor <= 15 * 60)
            // An administrator unlocks (users enable); the right password works again.
            try fixture.store.setState(accountID: account.id, .active, context: AccessContext(account: "admin"))
            _ = try await client.login("user.cld")
        }
    }

    @Test("state-changing requests without the CSRF token are refused and change nothing", arguments: StoreBackend.allCases)
    func csrf(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let before = try #require(try fixture.store.household(code: "HT-A1", context: AccessContext(account: "t"))).version
            let form = try await client.postForm("/households/HT-A1/edit", [("_version", "\(before)"), ("address", "Giả mạo")],
                                                 session: session, csrf: "0000")
            #expect(form.status == .forbidden)
            #expect(form.text.contains("csrf.invalid"))
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let api = try await client.request(.put, "/api/v1/households/HT-A1", session: session, headers: headers,
                                               body: #"{"version":\#(before),"fields":{"address":"Giả mạo"}}"#)
            #expect(api.status == .forbidden)
            #expect(api.errorCode == "csrf.invalid")
            let logout = try await client.postForm("/logout", [], session: session, csrf: "wrong")
            #expect(logout.status == .forbidden)
            let after = try #require(try fixture.store.household(code: "HT-A1", context: AccessContext(account: "t")))
            #expect(after.version == before)
            #expect(after.household.address == "Số 1 Thôn Một")
        }
    }

    @Test("logout destroys the session on the server", arguments: StoreBackend.allCases)
    func logout(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            #expect(try await client.get("/api/v1/me", session).status == .ok)
            let out = try await client.postForm("/logout", [], session: session)
            #expect(out.status == .seeOther)
            #expect(try await client.get("/api/v1/me", session).status == .unauthorized)
        }
    }

    @Test("API tokens: created once, used as Bearer, revoked", arguments: StoreBackend.allCases)
    func apiTokens(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let created = try await client.sendJSON(.post, "/api/v1/tokens", ["name": "tích hợp", "days": 30], session: session)
            #expect(created.status == .created)
            let secret = try #require(created.json["token"] as? String)
            let id = try #require(created.json["id"] as? Int)
            let me = try await client.request(.get, "/api/v1/households/HT-A1", bearer: secret)
            #expect(me.status == .ok)
            let listed = try await client.get("/api/v1/tokens", session)
            #expect(!listed.text.contains(secret))
            let revoke = try await client.request(.delete, "/api/v1/tokens/\(id)", session: session,
                                                  headers: [.init("X-CSRF-Token")!: session.csrf])
            #expect(revoke.status == .noContent)
            #expect(try await client.request(.get, "/api/v1/households/HT-A1", bearer: secret).status == .unauthorized)
        }
    }
}
