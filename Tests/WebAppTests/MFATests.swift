import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import OneTimePassword
import PasswordHashing
import Registry
import Store
import StoreTestSupport
import Testing
import VietnameseText
@testable import WebApp

/// Second factor (xác thực hai bước, roles.md §6): forced enrolment, the code step, replays,
/// lockout, the JSON login's `otp`, API tokens, optional enrolment and resets.
@Suite("MFA (TOTP)")
struct MFATests {
    /// A half-signed-in browser: its cookie and the CSRF token of its own form.
    struct Pending {
        var cookie: String
        var csrf: String
        var page: String
    }

    /// Posts the login form and follows to the second-factor page it redirects to.
    func passwordStep(_ client: WebClient, _ username: String, expect path: String) async throws -> Pending {
        let response = try await client.formLogin(username)
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == path, "\(username) after the password goes to \(path)")
        let cookie = try #require(WebClient.sessionCookie(response))
        let page = try await client.get(path, SignedSession(cookie: cookie, csrf: ""))
        #expect(page.status == .ok)
        let csrf = try #require(Self.field("_csrf", in: page.text))
        return Pending(cookie: cookie, csrf: csrf, page: page.text)
    }

    static func field(_ name: String, in html: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    static func text(ofID id: String, in html: String) -> String? {
        guard let r = html.range(of: "id=\"\(id)\">") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "<" })
    }

    func post(_ client: WebClient, _ path: String, _ pending: Pending, code: String, csrf: String? = nil) async throws -> TestResponse {
        try await client.postForm(path, [("code", code), ("next", "/")], session: SignedSession(cookie: pending.cookie, csrf: csrf ?? pending.csrf))
    }

    /// A 6-digit code that is not the account's at any accepted step.
    static func wrongCode(_ totp: TOTP) -> String {
        let now = totp.step(at: Date())
        let valid = Set((now - 1...now + 1).map { totp.code(step: $0) })
        return ["000000", "111111", "222222", "333333"].first { !valid.contains($0) }!
    }

    @Test("required roles: the setting's list, assignments in force only")
    func policy() throws {
        let day = CivilDate(year: 2026, month: 6, day: 1)
        let prv = Assignment(role: .province, unitCode: "42", validFrom: CivilDate(year: 2026, month: 1, day: 1))
        let expired = Assignment(role: .province, unitCode: "42", validFrom: CivilDate(year: 2025, month: 1, day: 1),
                                 validTo: CivilDate(year: 2025, month: 12, day: 31))
        let com = Assignment(role: .commune, unitCode: "18073", validFrom: CivilDate(year: 2026, month: 1, day: 1))
        let standard = MFAPolicy()
        #expect(standard.requiredRoles == [.administrator, .province])
        #expect(standard.isRequired(for: [com, prv], on: day))
        #expect(!standard.isRequired(for: [com, expired], on: day), "an expired PRV assignment does not count")
        #expect(try MFAPolicy.roles(from: "adm, COM").get() == [.administrator, .commune])
        #expect(try MFAPolicy.roles(from: "").get() == [])
        #expect(throws: MFAPolicy.RoleListError.self) { try MFAPolicy.roles(from: "ADM,XYZ").get() }
        #expect(MFAPolicy(requiredRoles: [.commune]).isRequired(for: [com], on: day))
    }

    @Test("the server follows security.mfa.required_roles: with COM in it, the commune officer enrols", arguments: StoreBackend.allCases)
    func setting(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(mfa: MFAPolicy(requiredRoles: [.commune]), backend: backend)
        try await fixture.run { client in
            _ = try await passwordStep(client, "user.com", expect: "/login/enrol")
            // ADM is no longer required, but its enrolled factor is still asked for.
            _ = try await passwordStep(client, "user.adm", expect: "/login/code")
            #expect(try await client.formLogin("user.cld").headers[.location] == "/")
        }
    }

    @Test("an account of a required role without a factor must enrol before anything else", arguments: StoreBackend.allCases)
    func forcedEnrolment(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        let hasher = PasswordHasherForTests.make()
        let today = CivilDate(Date(), secondsFromGMT: 7 * 3600)
        _ = try fixture.store.createAccount(
            NewAccount(username: "tinh.moi", fullName: "Cán bộ tỉnh mới", unitCode: "42", passwordHash: hasher.hash(WebFixture.password),
                       mustChangePassword: false),
            assignments: [Assignment(role: .province, unitCode: "42", validFrom: today)], context: AccessContext(account: "test"))
        try await fixture.run { client in
            let pending = try await passwordStep(client, "tinh.moi", expect: "/login/enrol")
            let half = SignedSession(cookie: pending.cookie, csrf: pending.csrf)
            // The page shows the secret grouped for typing, the otpauth URI and a QR code.
            let grouped = try #require(Self.text(ofID: "mfa-secret", in: pending.page))
            #expect(grouped.range(of: "^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", options: .regularExpression) != nil, "\(grouped)")
            let secret = grouped.replacingOccurrences(of: " ", with: "")
            #expect(pending.page.contains("otpauth://totp/GiamNgheo:tinh.moi?secret=\(secret)&amp;issuer=GiamNgheo"))
            #expect(pending.page.contains("<svg"))
            // Half signed in: nothing else is reachable.
            #expect(try await client.get("/api/v1/me", half).status == .unauthorized)
            #expect(try await client.get("/households", half).headers[.location] == "/login?next=/households")
            #expect(try await client.get("/login", half).headers[.location] == "/login/enrol")
            #expect(try await client.get("/login/code", half).headers[.location] == "/login")
            let token = try await client.sendJSON(.post, "/api/v1/tokens", ["name": "x"], session: half)
            #expect(token.status == .unauthorized)
            #expect(try fixture.store.apiTokens(accountID: try #require(try fixture.store.account(username: "tinh.moi")).id).isEmpty)
            // A wrong code or a missing CSRF token is refused; the session stays half.
            let totp = try #require(TOTP(base32: secret))
            let wrong = try await post(client, "/login/enrol", pending, code: Self.wrongCode(totp))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("id=\"mfa-error\""))
            #expect(wrong.text.contains(grouped), "the same secret is shown again")
            #expect(try await post(client, "/login/enrol", pending, code: totp.code(at: Date()), csrf: "0000").status == .forbidden)
            #expect(try fixture.store.mfaEnrolment(accountID: try #require(try fixture.store.account(username: "tinh.moi")).id) == nil)
            // The right code enrols and signs in with a new session token. The next step's code: the
            // server accepts it longest (60–90 s), so the replay below is still a replay on a slow machine.
            let code = totp.code(step: totp.step(at: Date()) + 1)
            let done = try await post(client, "/login/enrol", pending, code: code)
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/")
            let cookie = try #require(WebClient.sessionCookie(done))
            #expect(cookie != pending.cookie, "the session token is rotated")
            #expect(try await client.get("/api/v1/me", half).status == .unauthorized, "the half session is gone")
            let me = try await client.get("/api/v1/me", SignedSession(cookie: cookie, csrf: ""))
            #expect(me.status == .ok)
            #expect(me.json["mfa_enrolled"] as? Bool == true)
            #expect(me.json["mfa_required"] as? Bool == true)
            // The confirming code cannot sign in again (replay).
            let replay = try await client.sendJSON(.post, "/api/v1/session", ["username": "tinh.moi", "password": WebFixture.password, "otp": code],
                                                   session: nil)
            #expect(replay.status == .unauthorized)
            #expect(replay.errorCode == "auth.otp_replayed")
        }
        let account = try #require(try fixture.store.account(username: "tinh.moi"))
        let enrolment = try #require(try fixture.store.mfaEnrolment(accountID: account.id))
        let entries = try fixture.store.auditEntries(AuditFilter(account: "tinh.moi"))
        #expect(entries.contains { $0.action == .update && $0.after == #"{"mfa":"enrolled"}"# })
        #expect(!entries.contains { ($0.after ?? "").contains(enrolment.secret) || ($0.before ?? "").contains(enrolment.secret) },
                "the secret is never written to the audit log")
        #expect(entries.filter { $0.action == .login }.count == 1, "the login is recorded once the factor is done")
    }

    @Test("the code step: a wrong code is refused and counted, the right one signs in, a used one is refused", arguments: StoreBackend.allCases)
    func codeStep(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        let secret = try #require(fixture.secrets["user.prv"])
        let totp = try #require(TOTP(base32: secret))
        try await fixture.run { client in
            let pending = try await passwordStep(client, "user.prv", expect: "/login/code")
            #expect(pending.page.contains("id=\"code\""))
            #expect(!pending.page.contains("id=\"logout\""), "no signed-in header")
            let wrong = try await post(client, "/login/code", pending, code: Self.wrongCode(totp))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("id=\"code-error\""))
            #expect(try await post(client, "/login/code", pending, code: "123456", csrf: "0000").status == .forbidden)
            // The next step's code, accepted longest (see forcedEnrolment).
            let code = totp.code(step: totp.step(at: Date()) + 1)
            let done = try await post(client, "/login/code", pending, code: code)
            #expect(done.status == .seeOther)
            let cookie = try #require(WebClient.sessionCookie(done))
            #expect(try await client.get("/", SignedSession(cookie: cookie, csrf: "")).status == .ok)
            // Signing in again with the same code: refused as a replay.
            let again = try await passwordStep(client, "user.prv", expect: "/login/code")
            let replay = try await post(client, "/login/code", again, code: code)
            #expect(replay.status == .unauthorized)
            #expect(replay.text.contains("vừa được dùng"))
        }
        let failures = try fixture.store.auditEntries(AuditFilter(action: .loginFailed)).filter { $0.entityIDs == ["user.prv"] }
        #expect(failures.map(\.after) == [#"{"reason":"otp_invalid"}"#, #"{"reason":"otp_replayed"}"#])
    }

    @Test("wrong codes count toward the lockout; once locked even the right code is refused", arguments: StoreBackend.allCases)
    func lockout(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        let secret = try #require(fixture.secrets["user.adm"])
        let totp = try #require(TOTP(base32: secret))
        try await fixture.run { client in
            // Two wrong codes in the browser, three through the API: five failures lock.
            for _ in 0..<2 {
                let pending = try await passwordStep(client, "user.adm", expect: "/login/code")
                #expect(try await post(client, "/login/code", pending, code: Self.wrongCode(totp)).status == .unauthorized)
            }
            for i in 0..<3 {
                let r = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.adm", "password": WebFixture.password,
                                                                               "otp": Self.wrongCode(totp)], session: nil)
                #expect(r.status == .unauthorized)
                #expect(r.errorCode == (i < 2 ? "auth.otp_invalid" : "auth.invalid_credentials"), "the locking failure answers generically")
            }
            let account = try #require(try fixture.store.account(username: "user.adm"))
            #expect(account.state == .locked)
            let refused = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.adm", "password": WebFixture.password,
                                                                                 "otp": try fixture.otp("user.adm")], session: nil)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorCode == "auth.invalid_credentials")
        }
    }

    @Test("the JSON login takes the code; an API token made from that session works without one", arguments: StoreBackend.allCases)
    func apiLogin(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        let today = CivilDate(Date(), secondsFromGMT: 7 * 3600)
        _ = try fixture.store.createAccount(
            NewAccount(username: "quantri.moi", fullName: "Quản trị mới", unitCode: "", passwordHash: PasswordHasherForTests.make().hash(WebFixture.password),
                       mustChangePassword: false),
            assignments: [Assignment(role: .administrator, unitCode: "", validFrom: today)], context: AccessContext(account: "test"))
        try await fixture.run { client in
            let missing = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.prv", "password": WebFixture.password], session: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "auth.otp_required")
            #expect(WebClient.sessionCookie(missing) == nil)
            let wrongPassword = try await client.sendJSON(.post, "/api/v1/session", ["username": "user.prv", "password": "không đúng mật khẩu",
                                                                                       "otp": try fixture.otp("user.prv")], session: nil)
            #expect(wrongPassword.errorCode == "auth.invalid_credentials", "the code is not looked at before the password")
            let session = try await client.login("user.prv")
            let created = try await client.sendJSON(.post, "/api/v1/tokens", ["name": "tích hợp", "days": 1], session: session)
            #expect(created.status == .created)
            let secret = try #require(created.json["token"] as? String)
            let dashboard = try await client.request(.get, "/api/v1/dashboard", bearer: secret)
            #expect(dashboard.status == .ok)
            // An account that must enrol cannot sign in through the API.
            let enrol = try await client.sendJSON(.post, "/api/v1/session", ["username": "quantri.moi", "password": WebFixture.password], session: nil)
            #expect(enrol.status == .forbidden)
            #expect(enrol.errorCode == "auth.mfa_enrolment_required")
            // Other roles sign in with the password alone, as before.
            #expect(try await client.sendJSON(.post, "/api/v1/session", ["username": "user.com", "password": WebFixture.password],
                                              session: nil).status == .ok)
        }
    }

    @Test("ADM and PRV reset a managed account's factor (audited); others may not; it enrols again", arguments: StoreBackend.allCases)
    func reset(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let adm = try await client.login("user.adm")
            let prvSession = try await client.login("user.prv")
            let prv = try #require(try fixture.store.account(username: "user.prv"))
            let reset = try await client.sendJSON(.post, "/api/v1/users/\(prv.id)/reset-mfa", [:], session: adm)
            #expect(reset.status == .ok)
            #expect(reset.json["mfa_enrolled"] as? Bool == false)
            #expect(try await client.get("/api/v1/me", prvSession).status == .unauthorized, "the account's sessions ended")
            let again = try await client.sendJSON(.post, "/api/v1/users/\(prv.id)/reset-mfa", [:], session: adm)
            #expect(again.status == .unprocessableContent)
            #expect(again.errorCode == "mfa.not_enrolled")
            _ = try await passwordStep(client, "user.prv", expect: "/login/enrol")
            // A PRV may not reach an ADM account; a commune officer (manager of village heads) may not reset.
            let prvAgainSecret = TOTP.newSecret()
            try fixture.store.enrolMFA(accountID: prv.id, secret: prvAgainSecret, confirmedStep: 0, context: AccessContext(account: "test"))
            fixture.secrets["user.prv"] = prvAgainSecret
            let prv2 = try await client.login("user.prv")
            let adminID = try #require(try fixture.store.account(username: "user.adm")).id
            #expect(try await client.sendJSON(.post, "/api/v1/users/\(adminID)/reset-mfa", [:], session: prv2).status == .notFound)
            let vil = try #require(try fixture.store.account(username: "user.vil"))
            try fixture.store.enrolMFA(accountID: vil.id, secret: TOTP.newSecret(), confirmedStep: 0, context: AccessContext(account: "test"))
            let com = try await client.login("user.com")
            let refused = try await client.sendJSON(.post, "/api/v1/users/\(vil.id)/reset-mfa", [:], session: com)
            #expect(refused.status == .forbidden)
            #expect(try fixture.store.account(id: vil.id)?.mfaEnrolled == true)
            // The page shows the button to PRV.
            let page = try await client.get("/users/\(vil.id)", prv2)
            #expect(page.text.contains("id=\"reset-mfa\""))
            let byPage = try await client.postForm("/users/\(vil.id)/reset-mfa", [], session: prv2)
            #expect(byPage.status == .ok)
            #expect(byPage.text.contains("Đã đặt lại xác thực hai bước"))
            #expect(try fixture.store.account(id: vil.id)?.mfaEnrolled == false)
        }
        let resets = try fixture.store.auditEntries(AuditFilter(action: .update)).filter { $0.after == #"{"mfa":"reset"}"# }
        #expect(resets.map(\.account) == ["user.adm", "user.prv"])
        #expect(resets.map(\.entityIDs) == [["user.prv"], ["user.vil"]])
    }

    @Test("optional enrolment from the account page, then the code at sign-in, then off again", arguments: StoreBackend.allCases)
    func optionalEnrolment(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let start = try await client.postForm("/account/mfa", [], session: com)
            #expect(start.status == .ok)
            let secret = try #require(Self.text(ofID: "mfa-secret", in: start.text)).replacingOccurrences(of: " ", with: "")
            let totp = try #require(TOTP(base32: secret))
            let bad = try await client.postForm("/account/mfa/confirm", [("code", Self.wrongCode(totp))], session: com)
            #expect(bad.status == .unauthorized)
            fixture.secrets["user.com"] = secret
            let ok = try await client.postForm("/account/mfa/confirm", [("code", try fixture.otp("user.com"))], session: com)
            #expect(ok.headers[.location] == "/account?mfa=on")
            #expect(try await client.get("/account?mfa=on", com).text.contains("id=\"mfa-disable\""))
            _ = try await passwordStep(client, "user.com", expect: "/login/code")
            let com2 = try await client.login("user.com")
            let off = try await client.postForm("/account/mfa/disable", [("code", try fixture.otp("user.com"))], session: com2)
            #expect(off.headers[.location] == "/account?mfa=off")
            #expect(try fixture.store.account(username: "user.com")?.mfaEnrolled == false)
            fixture.secrets["user.com"] = nil
            // A PRV cannot turn its required factor off.
            let prv = try await client.login("user.prv")
            let refused = try await client.postForm("/account/mfa/disable", [("code", try fixture.otp("user.prv"))], session: prv)
            #expect(refused.status == .forbidden)
            #expect(try fixture.store.account(username: "user.prv")?.mfaEnrolled == true)
        }
    }
}

/// Fast Argon2 for accounts a test creates.
enum PasswordHasherForTests {
    static func make() -> PasswordHasher { PasswordHasher(parameters: WebFixture.argon2) }
}
