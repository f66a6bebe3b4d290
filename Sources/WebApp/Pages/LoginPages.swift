import Access
import Foundation
import Hummingbird
import Store

/// Login, logout and the forced password change (đăng nhập, đăng xuất, đổi mật khẩu).
struct LoginPages {
    let services: WebServices
    let login: LoginService

    struct LoginView {
        var layout: Layout
        var username: String
        var next: String
        var error: String?
        var errorCode: String?
    }

    struct PasswordView {
        var layout: Layout
        var error: String?
        var forced: Bool
    }

    func register(_ router: Router<AppContext>) {
        router.get("/login") { request, context in
            if context.user != nil { return Reply.redirect("/") }
            if let pending = context.pendingSignIn {
                return Reply.redirect(SecondFactorPages.path(of: pending.stage, next: safeNext(request.query("next"))))
            }
            return render(LoginView(layout: Layout(title: "Đăng nhập", user: nil, active: ""), username: "",
                                    next: safeNext(request.query("next"))))
        }
        router.post("/login") { request, context in
            var request = request
            let form = try await request.formFields(context: context)
            let username = form["username"] ?? "", password = form["password"] ?? ""
            let next = safeNext(form["next"])
            do {
                let sharedDevice = form["shared_device"] == "on", access = context.access(request, user: nil)
                // Verifying a password (Argon2id, 64 MiB) takes a fifth of a second: off the event loop.
                let (token, session, _) = try await Offload.run {
                    try login.signIn(username: username, password: password, sharedDevice: sharedDevice, access: access)
                }
                let target = session.stage == .complete ? (session.mustChangePassword ? "/account/password" : next)
                    : SecondFactorPages.path(of: session.stage, next: next)
                var response = Reply.redirect(target)
                response.setCookie(sessionCookie(token))
                return response
            } catch let error as WebError {
                // A shared device never remembers the username (roles.md §4.1).
                let view = LoginView(layout: Layout(title: "Đăng nhập", user: nil, active: ""),
                                     username: form["shared_device"] == "on" ? "" : username, next: next,
                                     error: error.message, errorCode: error.code)
                return render(view, status: error.status)
            }
        }
        router.post("/logout") { request, context in
            var request = request
            let form = try await request.formFields(context: context)
            if context.user == nil, let pending = context.pendingSignIn {
                // Cancelling a sign-in that waits for its second factor.
                try CSRF.check(form["_csrf"], session: pending)
                services.sessions.end(tokenHash: pending.tokenHash)
                var response = Reply.redirect("/login")
                response.setCookie(expiredSessionCookie())
                return response
            }
            let user = try context.requireUser()
            try CSRF.check(form["_csrf"], user: user)
            if let session = user.session {
                services.sessions.end(tokenHash: session.tokenHash)
                try services.store.recordSecurityEvent("logout", entityType: "account", entityIDs: [user.account.username],
                                                       context: context.access(request, user: user))
            }
            var response = Reply.redirect("/login")
            response.setCookie(expiredSessionCookie())
            return response
        }
        router.get("/account/password") { _, context in
            let user = try context.requireUser()
            return render(PasswordView(layout: Layout(title: "Đổi mật khẩu", user: user, active: ""),
                                       forced: user.session?.mustChangePassword ?? false))
        }
        router.post("/account/password") { request, context in
            var request = request
            let user = try context.requireUser()
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let layout = Layout(title: "Đổi mật khẩu", user: user, active: "")
            let forced = user.session?.mustChangePassword ?? false
            let current = form["current_password"] ?? "", new = form["new_password"] ?? ""
            guard let hash = try services.store.passwordHash(accountID: user.account.id), services.hasher.verify(current, against: hash) else {
                return render(PasswordView(layout: layout, error: "Mật khẩu hiện tại không đúng", forced: forced), status: .unprocessableContent)
            }
            guard new == form["confirm_password"] else {
                return render(PasswordView(layout: layout, error: "Hai lần nhập mật khẩu mới không giống nhau", forced: forced),
                              status: .unprocessableContent)
            }
            if let problem = services.passwordPolicy.problem(new, username: user.account.username, fullName: user.account.fullName) {
                return render(PasswordView(layout: layout, error: problem.vietnameseMessage, forced: forced), status: .unprocessableContent)
            }
            try services.store.setPassword(accountID: user.account.id, hash: services.hasher.hash(new), mustChange: false,
                                           context: context.access(request, user: user))
            // Rights changed hands: rotate the session token (roles.md §6).
            services.sessions.endAll(accountID: user.account.id)
            services.principals.invalidate(accountID: user.account.id)
            let (token, _) = services.sessions.start(accountID: user.account.id, sharedDevice: user.session?.sharedDevice ?? false,
                                                     mustChangePassword: false, now: services.clock())
            var response = Reply.redirect("/")
            response.setCookie(sessionCookie(token))
            return response
        }
    }

    func sessionCookie(_ token: String) -> Cookie { services.sessionCookie(token) }

    func expiredSessionCookie() -> Cookie {
        Cookie(name: CookieName.session, value: "", maxAge: 0, path: "/", secure: services.secureCookies, httpOnly: true, sameSite: .lax)
    }

    func safeNext(_ next: String?) -> String { Self.safeNext(next) }

    /// Only local paths are followed after login (no open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    func render<V>(_ view: V, status: HTTPResponse.Status = .ok) -> Response {
        let name = view is LoginView ? "login" : "password"
        return Reply.html(services.render(view, name), status: status)
    }
}

extension WebServices {
    /// The session cookie: HttpOnly, SameSite=Lax, Secure off loopback (roles.md §6).
    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: CookieName.session, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

/// CSRF protection (chống giả mạo yêu cầu): every state-changing request of a cookie session
/// carries the session's token, as a form field `_csrf` or the `X-CSRF-Token` header.
/// Requests with an API token carry no cookie, so they need none.
enum CSRF {
    static func check(_ token: String?, user: SignedInUser) throws {
        guard let session = user.session else { return }
        try check(token, session: session)
    }

    /// The token of one session, signed in or half-signed-in (whose forms carry their own).
    static func check(_ token: String?, session: WebSession) throws {
        guard let token, Secrets.constantTimeEqual(token, session.csrfToken) else { throw WebError.csrf }
    }
}
