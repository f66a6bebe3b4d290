import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import Registry
import Store
import StoreTestSupport
import Testing
import VietnameseText
@testable import WebApp

@Suite("Users, account page, API tokens in the UI, audit log view")
struct UserManagementTests {
    /// Makes a session's last password proof older than the re-authentication window.
    func age(_ session: SignedSession, _ fixture: WebFixture) throws {
        var s = try #require(fixture.web.services.sessions.session(token: session.cookie))
        s.authenticatedAt = Date().addingTimeInterval(-6 * 60)
        fixture.web.services.sessions.update(s)
    }

    @Test("a province officer creates a commune account in its province; the one-time password must be changed at first login", arguments: StoreBackend.allCases)
    func createAccount(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let prv = try await client.login("user.prv")
            let form = try await client.get("/users/new", prv)
            #expect(form.status == .ok)
            #expect(form.text.contains("<option value=\"COM\""))
            #expect(!form.text.contains("<option value=\"ADM\""))
            let created = try await client.postForm("/users/new", [("username", "Can.Bo.Moi"), ("full_name", "Cán bộ Mới"), ("role", "COM"),
                                                                 ("unit_code", WebFixture.communeA)], session: prv)
            #expect(created.status == .created, "\(created.text)")
            let password = try #require(created.text.firstMatch(of: /id="one-time-password">([A-Za-z0-9]{14})</)?.1)
            let account = try #require(try fixture.store.account(username: "can.bo.moi"))
            #expect(account.mustChangePassword)
            #expect(try fixture.store.assignments(accountID: account.id).map(\.role) == [.commune])
            let login = try await client.formLogin("can.bo.moi", password: String(password))
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/account/password")
            // Outside the matrix's note 24: an administrator, and a commune of another province.
            let adm = try await client.sendJSON(.post, "/api/v1/users", ["username": "x.adm", "full_name": "X", "role": "ADM"], session: prv)
            #expect(adm.status == .forbidden)
            #expect(adm.errorCode == "permission_denied")
            let hanoi = try await client.sendJSON(.post, "/api/v1/users", ["username": "x.hn", "full_name": "X", "role": "COM", "unit_code": "00004"],
                                                  session: prv)
            #expect(hanoi.status == .forbidden)
            let badUnit = try await client.sendJSON(.post, "/api/v1/users", ["username": "x.bad", "full_name": "X", "role": "COM", "unit_code": "99999"],
                                                    session: prv)
            #expect(badUnit.status == .unprocessableContent)
            #expect(badUnit.errorCode == "unit.invalid")
            let taken = try await client.sendJSON(.post, "/api/v1/users", ["username": "user.com", "full_name": "X", "role": "COM",
                                                                          "unit_code": WebFixture.communeA], session: prv)
            #expect(taken.status == .conflict)
            #expect(taken.errorCode == "username.taken")
            #expect(try fixture.store.account(username: "x.adm") == nil && fixture.store.account(username: "x.hn") == nil)
        }
        let grants = try fixture.store.auditEntries(AuditFilter(account: "user.prv", action: .create))
        #expect(grants.contains { $0.entityIDs.contains("can.bo.moi") })
    }

    @Test("after 5 minutes a change needs the manager's password again; a disabled account's session ends at once", arguments: StoreBackend.allCases)
    func reauthenticateAndDisable(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let prv = try await client.login("user.prv")
            let vil = try await client.login("user.vil")
            #expect(try await client.get("/households/HT-A1", vil).status == .ok)
            let id = try #require(try fixture.store.account(username: "user.vil")).id
            try age(prv, fixture)
            let page = try await client.get("/users/\(id)", prv)
            #expect(page.text.contains("name=\"confirm_password\""))
            let refused = try await client.postForm("/users/\(id)/disable", [], session: prv)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("id=\"user-error\""))
            #expect(try fixture.store.account(id: id)?.state == .active)
            let wrong = try await client.postForm("/users/\(id)/disable", [("confirm_password", "sai mật khẩu rồi")], session: prv)
            #expect(wrong.status == .forbidden)
            let done = try await client.postForm("/users/\(id)/disable", [("confirm_password", WebFixture.password)], session: prv)
            #expect(done.status == .ok)
            #expect(done.text.contains("id=\"user-message\""))
            #expect(try fixture.store.account(id: id)?.state == .disabled)
            // The village head is signed out everywhere; the password proof now counts for 5 minutes.
            #expect(try await client.get("/api/v1/households/HT-A1", vil).status == .unauthorized)
            let enabled = try await client.sendJSON(.post, "/api/v1/users/\(id)/enable", [:], session: prv)
            #expect(enabled.status == .ok)
            #expect(enabled.json["state"] as? String == "active")
            let reset = try await client.sendJSON(.post, "/api/v1/users/\(id)/reset-password", [:], session: prv)
            let password = try #require(reset.json["one_time_password"] as? String)
            #expect(reset.json["must_change_password"] as? Bool == true)
            #expect(try await client.formLogin("user.vil", password: password).headers[.location] == "/account/password")
        }
    }

    @Test("commune officers manage only their commune's village heads; the others see no users page", arguments: StoreBackend.allCases)
    func communeManagesVillages(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let list = try await client.get("/api/v1/users", com)
            #expect((list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String } == ["user.vil"])
            let cldID = try #require(try fixture.store.account(username: "user.cld")).id
            #expect(try await client.get("/users/\(cldID)", com).status == .notFound)
            #expect(try await client.sendJSON(.post, "/api/v1/users/\(cldID)/disable", [:], session: com).status == .notFound)
            let other = try await client.sendJSON(.post, "/api/v1/users", ["username": "vil.khac", "full_name": "Trưởng thôn khác", "role": "VIL",
                                                                          "unit_code": WebFixture.communeB, "villages": ["Tổ 1"]], session: com)
            #expect(other.status == .forbidden)
            let own = try await client.sendJSON(.post, "/api/v1/users", ["username": "vil.hai", "full_name": "Trưởng thôn Hai", "role": "VIL",
                                                                        "unit_code": WebFixture.communeA, "villages": ["Thôn Hai"]], session: com)
            #expect(own.status == .created, "\(own.text)")
            let org = try await client.login("user.org")
            #expect(try await client.get("/users", org).status == .forbidden)
            #expect(!(try await client.get("/", org).text.contains("id=\"nav-users\"")))
            #expect(try await client.get("/", com).text.contains("id=\"nav-users\""))
        }
    }

    @Test("account page: an API token is created with its secret shown once, works as a bearer token, and is revoked", arguments: StoreBackend.allCases)
    func accountTokens(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let page = try await client.get("/account", com)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"account-username\">user.com<"))
            #expect(page.text.contains("COM — Cán bộ giảm nghèo xã"))
            let bad = try await client.postForm("/account/tokens", [("name", "Thử"), ("days", "400")], session: com)
            #expect(bad.status == .unprocessableContent)
            let made = try await client.postForm("/account/tokens", [("name", "Phần mềm xã"), ("days", "30")], session: com)
            #expect(made.status == .created)
            let secret = String(try #require(made.text.firstMatch(of: /id="new-token">(gn_[A-Za-z0-9_-]+)</)?.1))
            #expect(try await client.request(.get, "/api/v1/households/HT-A1", bearer: secret).status == .ok)
            let again = try await client.get("/account", com)
            #expect(!again.text.contains(secret))
            #expect(again.text.contains("Phần mềm xã"), "\(again.text.firstMatch(of: /<tr data-token[^\n]*/)?.0 ?? "")")
            let comID = try #require(try fixture.store.account(username: "user.com")).id
            let id = try #require(try fixture.store.apiTokens(accountID: comID).first).id
            let revoked = try await client.postForm("/account/tokens/\(id)/revoke", [], session: com)
            #expect(revoked.status == .seeOther)
            #expect(try await client.request(.get, "/api/v1/households/HT-A1", bearer: secret).status == .unauthorized)
            #expect(try await client.get("/account?revoked=1", com).text.contains("Đã thu hồi"))
        }
    }

    @Test("audit view: ADM and AUD read every entry, PRV its province's accounts and its households, others nothing", arguments: StoreBackend.allCases)
    func auditView(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let adm = try await client.login("user.adm")
            let com = try await client.login("user.com")
            _ = try await client.get("/households/HT-A1", com)
            let prv = try await client.login("user.prv")
            func accounts(_ session: SignedSession, _ query: String = "") async throws -> Set<String> {
                let r = try await client.get("/api/v1/audit?limit=1000\(query)", session)
                #expect(r.status == .ok, "\(r.text)")
                return Set((r.json["items"] as? [[String: Any]] ?? []).compactMap { $0["account"] as? String })
            }
            let all = try await accounts(adm)
            #expect(all.isSuperset(of: ["user.adm", "user.com", "user.prv", "test"]))
            let province = try await accounts(prv)
            #expect(province.contains("user.com") && province.contains("user.prv"))
            #expect(!province.contains("user.adm") && !province.contains("test"))
            // Filtered by a household of the province: the entries about it.
            let household = try await client.get("/api/v1/audit?household=HT-A1", prv)
            let items = household.json["items"] as? [[String: Any]] ?? []
            #expect(items.allSatisfy { ($0["entity_ids"] as? [String])?.contains("HT-A1") == true })
            #expect(items.contains { $0["account"] as? String == "user.com" && $0["action"] as? String == "read_personal" })
            let aud = try await client.login("user.aud")
            #expect(try await accounts(aud).contains("user.adm"))
            #expect(try await client.get("/api/v1/audit", com).status == .forbidden)
            #expect(try await client.get("/audit", com).status == .forbidden)
            let html = try await client.get("/audit?account=user.com&action=read_personal", adm)
            #expect(html.status == .ok)
            #expect(html.text.contains("data-action=\"read_personal\""))
            #expect(!html.text.contains("data-action=\"login\""))
            let badDate = try await client.get("/api/v1/audit?from=31/02/2026", adm)
            #expect(badDate.status == .badRequest)
            #expect(badDate.errorCode == "audit.from")
            let today = try await client.get("/api/v1/audit?from=\(VietnameseText.formatDate(CivilDate(Date(), secondsFromGMT: 7 * 3600)))", adm)
            #expect(!(today.json["items"] as? [Any] ?? []).isEmpty)
        }
    }
}
