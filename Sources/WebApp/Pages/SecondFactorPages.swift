import Access
import Foundation
import Hummingbird
import OneTimePassword
import Store

/// The second step of signing in (xác thực hai bước, roles.md §6): the TOTP code of an enrolled
/// account (`/login/code`), or the enrolment an account of a required role must make before
/// anything else (`/login/enrol`). Both are separate forms carrying the half-signed-in session's
/// own CSRF token; on success the session is replaced by a signed-in one (new token).
struct SecondFactorPages {
    let services: WebServices
    let login: LoginService

    /// Where a half-signed-in session continues.
    static func path(of stage: SignInStage, next: String) -> String {
        let base = stage == .awaitingEnrolment ? "/login/enrol" : "/login/code"
        return next == "/" ? base : base + "?next=" + FormEncoding.escape(next)
    }

    /// The secret of an enrolment as shown to a person: grouped for typing, the `otpauth://` URI
    /// and its QR code.
    struct Setup {
        var secret: String
        var uri: String
        var qr: String?
        var action: String
        var csrf: String
        var next: String
        /// Named apart from a page's own `error`: Mustache looks a missing key up in the enclosing view.
        var setupError: String?
        var setupErrorCode: String?

        init(secret: String, account: String, action: String, csrf: String, next: String = "/", error: WebError? = nil) {
            self.secret = Base32.grouped(secret)
            let uri = TOTP(base32: secret).map { $0.uri(account: account, issuer: "GiamNgheo") } ?? ""
            self.uri = uri
            self.qr = try? QRCode(text: uri).svg(moduleSize: 4, title: "Mã QR để thêm tài khoản vào ứng dụng xác thực")
            self.action = action
            self.csrf = csrf
            self.next = next
            self.setupError = error?.message
            self.setupErrorCode = error?.code
        }
    }

    struct CodeView {
        var layout: Layout
        var username: String
        var csrf: String
        var next: String
        var error: String?
        var errorCode: String?
    }

    struct EnrolView {
        var layout: Layout
        var username: String
        var csrf: String
        var setup: Setup
    }

    func register(_ router: Router<AppContext>) {
        router.get("/login/code") { request, context in
            let (pending, account) = try pendingSignIn(context, .awaitingCode)
            return render(CodeView(layout: layout("Nhập mã xác thực"), username: account.username, csrf: pending.csrfToken,
                                   next: LoginPages.safeNext(request.query("next"))), "mfa-code")
        }
        router.post("/login/code") { request, context in
            var request = request
            let (pending, account, form) = try await posted(&request, context, .awaitingCode)
            let next = LoginPages.safeNext(form["next"])
            let access = context.access(request, user: nil)
            do {
                try login.verifyCode(form["code"] ?? "", account: account, access: access)
            } catch let error as WebError where error.code == WebError.badCredentials.code || error.code == WebError.throttled.code {
                // Locked by this failure, or too many from this address: the attempt ends.
                services.sessions.end(tokenHash: pending.tokenHash)
                let view = LoginPages.LoginView(layout: layout("Đăng nhập"), username: "", next: next, error: error.message, errorCode: error.code)
                return render(view, "login", status: error.status)
            } catch let error as WebError {
                return render(CodeView(layout: layout("Nhập mã xác thực"), username: account.username, csrf: pending.csrfToken, next: next,
                                       error: error.message, errorCode: error.code), "mfa-code", status: error.status)
            }
            return try signedIn(pending, account: account, next: next, access: access)
        }
        router.get("/login/enrol") { request, context in
            let (pending, account) = try pendingSignIn(context, .awaitingEnrolment)
            return render(enrolView(pending, account, next: LoginPages.safeNext(request.query("next"))), "mfa-enrol")
        }
        router.post("/login/enrol") { request, context in
            var request = request
            let (pending, account, form) = try await posted(&request, context, .awaitingEnrolment)
            let next = LoginPages.safeNext(form["next"])
            let access = context.access(request, user: nil)
            do {
                try login.confirmEnrolment(secret: pending.enrolmentSecret ?? "", code: form["code"] ?? "", account: account, access: access)
            } catch let error as WebError {
                return render(enrolView(pending, account, next: next, error: error), "mfa-enrol", status: error.status)
            }
            return try signedIn(pending, account: account, next: next, access: access)
        }
    }

    /// The half-signed-in session at `stage` and its account; anything else goes back to the
    /// login page (a signed-in user to the home page).
    func pendingSignIn(_ context: AppContext, _ stage: SignInStage) throws -> (WebSession, Account) {
        if context.user != nil { throw Redirect(to: "/") }
        guard let pending = context.pendingSignIn, pending.stage == stage,
              let account = try services.store.account(id: pending.accountID) else { throw Redirect(to: "/login") }
        return (pending, account)
    }

    /// The form posted by a half-signed-in session at `stage`, its CSRF token checked.
    func posted(_ request: inout Request, _ context: AppContext, _ stage: SignInStage) async throws -> (WebSession, Account, [String: String]) {
        let (pending, account) = try pendingSignIn(context, stage)
        let form = try await request.formFields(context: context)
        try CSRF.check(form["_csrf"], session: pending)
        return (pending, account, form)
    }

    func signedIn(_ pending: WebSession, account: Account, next: String, access: AccessContext) throws -> Response {
        let (token, session) = try login.complete(pending, account: account, access: access)
        var response = Reply.redirect(session.mustChangePassword ? "/account/password" : next)
        response.setCookie(services.sessionCookie(token))
        return response
    }

    func enrolView(_ pending: WebSession, _ account: Account, next: String, error: WebError? = nil) -> EnrolView {
        EnrolView(layout: layout("Đăng ký xác thực hai bước"), username: account.username, csrf: pending.csrfToken,
                  setup: Setup(secret: pending.enrolmentSecret ?? "", account: account.username, action: "/login/enrol",
                               csrf: pending.csrfToken, next: next, error: error))
    }

    func layout(_ title: String) -> Layout { Layout(title: title, user: nil, active: "") }

    func render(_ view: Any, _ template: String, status: HTTPResponse.Status = .ok) -> Response {
        Reply.html(services.render(view, template), status: status)
    }
}

/// A route's answer "go there instead", thrown from a helper (turned into 303 by the router's
/// error middleware).
struct Redirect: Error {
    var to: String
}
