import Access
import Foundation
import Hummingbird
import OneTimePassword
import Registry
import Store
import VietnameseText

/// The signed-in user's own account page (tài khoản của tôi): who they are, their assignments,
/// their second factor — enrolled here when optional, turned off again with a current code — and
/// their API tokens — created with the secret shown once, listed, revoked.
struct AccountPages {
    let services: WebServices
    let login: LoginService

    struct AssignmentRow { var role: String, unit: String, villages: String, organisation: String, validity: String }
    struct TokenRow { var id: Int64, name: String, created: String, expires: String, state: String, active: Bool }

    struct View {
        var layout: Layout
        var username: String, fullName: String, unit: String, lastLogin: String
        var assignments: [AssignmentRow]
        var tokens: [TokenRow]
        var hasTokens: Bool
        var newToken: String?
        var newTokenName: String?
        var error: String?
        var errorCode: String?
        var revoked: Bool
        var viaToken: Bool
        var mfa: MFAPanel
    }

    /// The second-factor section (xác thực hai bước).
    struct MFAPanel {
        var enrolled: Bool
        var since: String
        var required: Bool
        /// Re-authentication is due before an enrolment starts (roles.md §6, 5 minutes).
        var needsPassword: Bool
        var setup: SecondFactorPages.Setup?
        /// Named apart from the page's `error` (Mustache climbs to it when these are missing).
        var panelMessage: String?
        var panelError: String?
        var panelErrorCode: String?
    }

    func register(_ router: Router<AppContext>) {
        router.get("/account") { request, context in
            let user = try context.requireUser()
            let message: String? = switch request.query("mfa") {
            case "on": "Đã bật xác thực hai bước: lần đăng nhập sau cần mã của ứng dụng xác thực."
            case "off": "Đã tắt xác thực hai bước."
            default: nil
            }
            return try render(user, revoked: request.query("revoked") == "1", mfaMessage: message)
        }
        router.post("/account/mfa") { request, context in
            var request = request
            let (user, session) = try browserUser(context)
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            if user.account.mfaEnrolled { return Reply.redirect("/account") }
            do {
                try AccountService(services: services).requireRecentAuthentication(user, password: form["confirm_password"])
            } catch let error as WebError {
                return try render(user, mfaError: error, status: error.status)
            }
            let secret = TOTP.newSecret()
            services.sessions.modify(tokenHash: session.tokenHash) { $0.enrolmentSecret = secret }
            return try render(user, mfaSetup: setup(user, secret: secret))
        }
        router.post("/account/mfa/confirm") { request, context in
            var request = request
            let (user, session) = try browserUser(context)
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            guard let secret = session.enrolmentSecret, !user.account.mfaEnrolled else { return Reply.redirect("/account") }
            do {
                try login.confirmEnrolment(secret: secret, code: form["code"] ?? "", account: user.account,
                                           access: context.access(request, user: user))
            } catch let error as WebError {
                return try render(user, mfaSetup: setup(user, secret: secret, error: error), status: error.status)
            }
            services.sessions.modify(tokenHash: session.tokenHash) { $0.enrolmentSecret = nil }
            return Reply.redirect("/account?mfa=on")
        }
        router.post("/account/mfa/disable") { request, context in
            var request = request
            let (user, _) = try browserUser(context)
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            guard user.account.mfaEnrolled else { return Reply.redirect("/account") }
            guard !services.mfa.isRequired(for: user.assignments, on: services.today) else {
                return try render(user, mfaError: WebError(status: .forbidden, code: "mfa.required",
                                                           message: "Vai trò của bạn bắt buộc xác thực hai bước; không thể tắt."),
                                  status: .forbidden)
            }
            let access = context.access(request, user: user)
            do {
                try login.verifyCode(form["code"] ?? "", account: user.account, access: access)
            } catch let error as WebError {
                return try render(user, mfaError: error, status: error.status)
            }
            try services.store.resetMFA(accountID: user.account.id, context: access)
            services.principals.invalidate(accountID: user.account.id)
            return Reply.redirect("/account?mfa=off")
        }
        router.post("/account/tokens") { request, context in
            var request = request
            let user = try context.requireUser()
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let name = VietnameseText.nfc((form["name"] ?? "").trimmingCharacters(in: .whitespaces))
            guard let days = Int(form["days"] ?? ""), (1...365).contains(days) else {
                return try render(user, error: WebError.badRequest("token.expiry", "Thời hạn mã truy cập từ 1 đến 365 ngày", field: "days"),
                                  status: .unprocessableContent)
            }
            let (token, secret) = try AccountPages.createToken(services, user: user, name: name.isEmpty ? "API" : name, days: days,
                                                               access: context.access(request, user: user))
            return try render(user, newToken: secret, newTokenName: token.name, status: .created)
        }
        router.post("/account/tokens/:id/revoke") { request, context in
            var request = request
            let user = try context.requireUser()
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let id = try context.parameters.require("id", as: Int64.self)
            try AccountPages.revokeToken(services, user: user, id: id, access: context.access(request, user: user))
            return Reply.redirect("/account?revoked=1")
        }
    }

    /// The user of a browser session (the second-factor forms are not for API tokens).
    func browserUser(_ context: AppContext) throws -> (SignedInUser, WebSession) {
        let user = try context.requireUser()
        guard let session = user.session else { throw WebError.forbidden }
        return (user, session)
    }

    func setup(_ user: SignedInUser, secret: String, error: WebError? = nil) -> SecondFactorPages.Setup {
        SecondFactorPages.Setup(secret: secret, account: user.account.username, action: "/account/mfa/confirm",
                                csrf: user.session?.csrfToken ?? "", error: error)
    }

    /// Creates an API token (mã truy cập API) for the user: stored hashed, the secret returned once.
    static func createToken(_ services: WebServices, user: SignedInUser, name: String, days: Int, access: AccessContext) throws
        -> (APIToken, String) {
        let secret = "gn_" + Secrets.randomToken()
        let token = try services.store.createAPIToken(
            accountID: user.account.id, name: String(name.prefix(100)), secretHash: Secrets.sha256Hex(secret),
            expiresAt: services.clock().addingTimeInterval(Double(days) * 86_400), context: access)
        return (token, secret)
    }

    /// Revokes one of the user's own tokens; effective at once in this process.
    static func revokeToken(_ services: WebServices, user: SignedInUser, id: Int64, access: AccessContext) throws {
        try services.store.revokeAPIToken(id: id, accountID: user.account.id, context: access)
        services.principals.invalidate(accountID: user.account.id)
    }

    func render(_ user: SignedInUser, newToken: String? = nil, newTokenName: String? = nil, error: WebError? = nil, revoked: Bool = false,
                mfaSetup: SecondFactorPages.Setup? = nil, mfaMessage: String? = nil, mfaError: WebError? = nil,
                status: HTTPResponse.Status = .ok) throws -> Response {
        let now = services.clock()
        let tokens = try services.store.apiTokens(accountID: user.account.id).sorted { $0.createdAt > $1.createdAt }.map { t in
            let state = t.revokedAt != nil ? "Đã thu hồi" : (t.expiresAt <= now ? "Hết hạn" : "Đang dùng")
            return TokenRow(id: t.id, name: t.name, created: Self.day(t.createdAt), expires: Self.day(t.expiresAt), state: state,
                            active: t.revokedAt == nil && t.expiresAt > now)
        }
        let account = user.account
        let view = View(
            layout: Layout(title: "Tài khoản của tôi", user: user, active: "account",
                           canImport: !services.policy.scope(.editHousehold, user.assignments, on: services.today).isEmpty),
            username: account.username, fullName: account.fullName, unit: Self.unitName(account.unitCode, services.catalog),
            lastLogin: account.lastLogin.map(HouseholdViews.timestamp) ?? "—",
            assignments: user.assignments.map { Self.assignmentRow($0, services.catalog) },
            tokens: tokens, hasTokens: !tokens.isEmpty, newToken: newToken, newTokenName: newTokenName, error: error?.message, errorCode: error?.code,
            revoked: revoked, viaToken: user.session == nil,
            mfa: MFAPanel(enrolled: account.mfaEnrolled,
                          since: (try? services.store.mfaEnrolment(accountID: account.id)).flatMap { $0 }.map { Self.day($0.enrolledAt) } ?? "",
                          required: services.mfa.isRequired(for: user.assignments, on: services.today),
                          needsPassword: AccountService(services: services).needsReauthentication(user), setup: mfaSetup,
                          panelMessage: mfaMessage, panelError: mfaError?.message, panelErrorCode: mfaError?.code))
        return Reply.html(services.render(view, "account"), status: status)
    }

    static func day(_ date: Date) -> String { VietnameseText.formatDate(CivilDate(date, secondsFromGMT: 7 * 3600)) }

    /// A unit's name as people say it: province or commune (with its province), or the code.
    static func unitName(_ code: String, _ catalog: AdminUnitCatalog) -> String {
        if code.isEmpty { return "Toàn quốc" }
        if let p = catalog.province(code: code) { return p.name }
        if let c = catalog.commune(code: code) { return "\(c.name), \(catalog.province(code: c.provinceCode)?.name ?? c.provinceCode)" }
        if let d = catalog.list(.legacy).district(code: code) { return "\(d.name) (huyện cũ)" }
        return code
    }

    static func assignmentRow(_ a: Assignment, _ catalog: AdminUnitCatalog) -> AssignmentRow {
        AssignmentRow(role: "\(a.role.rawValue) — \(a.role.vietnameseName)", unit: unitName(a.unitCode, catalog),
                      villages: a.villages.joined(separator: ", "), organisation: a.organisation?.vietnamese ?? "",
                      validity: "từ \(VietnameseText.formatDate(a.validFrom))" + (a.validTo.map { " đến \(VietnameseText.formatDate($0))" } ?? ""))
    }
}
