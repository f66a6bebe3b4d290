import Access
import Foundation
import Hummingbird
import OneTimePassword
import Store
import Synchronization

/// Names of the cookies.
enum CookieName {
    /// The session token.
    static let session = "gn_session"
}

/// Resolves who is calling (xác thực): a session cookie for the pages, or an
/// `Authorization: Bearer` API token, and loads the account's assignments in force.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: WebServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.user = try resolve(request, pending: &context.pendingSignIn)
        return try await next(request, context)
    }

    /// The signed-in user; a half-signed-in session goes to `pending` instead and is no user.
    func resolve(_ request: Request, pending: inout WebSession?) throws -> SignedInUser? {
        let now = services.clock()
        let cache = services.principals
        if let auth = request.headers[.authorization], auth.lowercased().hasPrefix("bearer ") {
            let secretHash = Secrets.sha256Hex(String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces))
            guard let (token, accountID) = try cache.token(secretHash: secretHash, now: now, load: {
                      try services.store.apiToken(secretHash: secretHash).map { ($0.token, $0.account.id) }
                  }),
                  token.revokedAt == nil, token.expiresAt > now,
                  let principal = try principal(accountID, now: now), principal.account.state == .active
            else { return nil }
            return SignedInUser(account: principal.account, assignments: inForce(principal), session: nil, tokenID: token.id)
        }
        guard let token = request.cookies[CookieName.session]?.value,
              let session = services.sessions.session(token: token, now: now),
              let principal = try principal(session.accountID, now: now), principal.account.state != .disabled
        else { return nil }
        if session.stage != .complete {
            pending = session
            return nil
        }
        return SignedInUser(account: principal.account, assignments: inForce(principal), session: session, tokenID: nil)
    }

    func principal(_ accountID: Int64, now: Date) throws -> PrincipalCache.Principal? {
        try services.principals.principal(accountID: accountID, now: now) {
            guard let account = try services.store.account(id: accountID) else { return nil }
            return PrincipalCache.Principal(account: account, assignments: try services.store.assignments(accountID: accountID))
        }
    }

    func inForce(_ principal: PrincipalCache.Principal) -> [Assignment] {
        let today = services.today
        return principal.assignments.filter { $0.isValid(on: today) }
    }
}

/// Failed logins per client address (giới hạn theo địa chỉ IP): at most 20 in 15 minutes, on top
/// of the per-account lockout, so one machine cannot try many accounts (roles.md §6).
final class LoginThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    let limit = 20
    let window: TimeInterval = 15 * 60

    func isBlocked(_ ip: String, now: Date) -> Bool {
        failures.withLock { all in
            let recent = (all[ip] ?? []).filter { now.timeIntervalSince($0) < window }
            all[ip] = recent
            return recent.count >= limit
        }
    }

    func recordFailure(_ ip: String, now: Date) {
        failures.withLock { $0[ip, default: []].append(now) }
    }
}

/// Signs people in and out (đăng nhập, đăng xuất).
struct LoginService: Sendable {
    let services: WebServices
    let throttle: LoginThrottle

    /// A precomputed hash verified when the username is unknown, so the answer takes as long as
    /// for a known one and timing does not reveal which names exist.
    let decoyHash: String

    init(services: WebServices, throttle: LoginThrottle) {
        self.services = services
        self.throttle = throttle
        self.decoyHash = services.hasher.hash("decoy password that never matches")
    }

    /// Checks the password; on success starts a session and returns its cookie token. When the
    /// account has or needs a second factor the session is half-signed-in (its ``WebSession/stage``
    /// says which step is awaited) and the login is recorded only once that step is done.
    func signIn(username: String, password: String, sharedDevice: Bool, access: AccessContext) throws
        -> (token: String, session: WebSession, account: Account) {
        let account = try authenticate(username: username, password: password, access: access)
        let stage = try secondFactor(account)
        if stage == .complete { return try complete(account: account, sharedDevice: sharedDevice, access: access) }
        let (token, session) = services.sessions.start(
            accountID: account.id, sharedDevice: sharedDevice, mustChangePassword: account.mustChangePassword, stage: stage,
            enrolmentSecret: stage == .awaitingEnrolment ? TOTP.newSecret() : nil, now: services.clock())
        return (token, session, account)
    }

    /// The JSON API's sign-in: password and, for an account with a second factor, its current
    /// code (`otp`) in one request. An account that must enrol cannot: enrolment shows a secret
    /// to a person, which the browser's sign-in does.
    func signIn(username: String, password: String, otp: String?, sharedDevice: Bool, access: AccessContext) throws
        -> (token: String, session: WebSession, account: Account) {
        let account = try authenticate(username: username, password: password, access: access)
        switch try secondFactor(account) {
        case .complete:
            break
        case .awaitingCode:
            guard let otp, !otp.isEmpty else { throw WebError.otpRequired }
            try verifyCode(otp, account: account, access: access)
        case .awaitingEnrolment:
            throw WebError.enrolmentRequired
        }
        return try complete(account: account, sharedDevice: sharedDevice, access: access)
    }

    /// What the account still owes after its password: a code, an enrolment, or nothing.
    func secondFactor(_ account: Account) throws -> SignInStage {
        if account.mfaEnrolled { return .awaitingCode }
        let assignments = try services.store.assignments(accountID: account.id)
        return services.mfa.isRequired(for: assignments, on: services.today) ? .awaitingEnrolment : .complete
    }

    /// Checks a TOTP code of the account's enrolled factor: within ±1 step, and of a later step
    /// than the last one used (no replay). A wrong or replayed code is a failed login: it counts
    /// toward the lockout and the address's throttle, like a wrong password.
    func verifyCode(_ code: String, account: Account, access: AccessContext) throws {
        let now = services.clock()
        let ip = access.ip ?? "?"
        let access = access.with(account: account.username)
        if throttle.isBlocked(ip, now: now) { throw WebError.throttled }
        guard let current = try services.store.account(id: account.id), current.state != .disabled,
              !(current.state == .locked && (current.lockedUntil.map { $0 > now } ?? true)) else {
            throw WebError.badCredentials
        }
        guard let enrolment = try services.store.mfaEnrolment(accountID: account.id), let totp = TOTP(base32: enrolment.secret) else {
            throw WebError.enrolmentRequired
        }
        let failure: WebError
        if let step = totp.matchingStep(code, at: now, tolerance: services.mfa.stepTolerance) {
            if try services.store.useMFAStep(accountID: account.id, step: step) { return }
            failure = .otpReplayed
        } else {
            failure = .otpInvalid
        }
        throttle.recordFailure(ip, now: now)
        let after = try services.store.recordFailedLogin(accountID: account.id, at: now, policy: services.lockout,
                                                         reason: failure.code.replacingOccurrences(of: "auth.", with: ""), context: access)
        // The failure that locks the account ends the attempt with the generic answer.
        throw after.state == .locked ? WebError.badCredentials : failure
    }

    /// Checks the first code of a secret being enrolled (no lockout: whoever sees the secret can
    /// make codes, so a wrong one proves nothing) and stores the factor; the code's step counts
    /// as used.
    func confirmEnrolment(secret: String, code: String, account: Account, access: AccessContext) throws {
        guard let totp = TOTP(base32: secret),
              let step = totp.matchingStep(code, at: services.clock(), tolerance: services.mfa.stepTolerance) else {
            throw WebError.otpInvalid
        }
        try services.store.enrolMFA(accountID: account.id, secret: secret, confirmedStep: step, context: access.with(account: account.username))
        services.principals.invalidate(accountID: account.id)
    }

    /// Ends a half-signed-in session once its second factor is done and starts the signed-in
    /// one: a new token and CSRF token (roles.md §6: rotated at login), the login recorded.
    func complete(_ pending: WebSession, account: Account, access: AccessContext) throws -> (token: String, session: WebSession) {
        services.sessions.end(tokenHash: pending.tokenHash)
        let signedIn = try complete(account: account, sharedDevice: pending.sharedDevice, access: access)
        return (signedIn.token, signedIn.session)
    }

    private func complete(account: Account, sharedDevice: Bool, access: AccessContext) throws
        -> (token: String, session: WebSession, account: Account) {
        try services.store.recordLogin(accountID: account.id, at: services.clock(), context: access.with(account: account.username))
        let (token, session) = services.sessions.start(accountID: account.id, sharedDevice: sharedDevice,
                                                       mustChangePassword: account.mustChangePassword, now: services.clock())
        return (token, session, account)
    }

    /// Verifies credentials, applying the IP throttle and the account lockout; the error never
    /// says whether the account exists.
    func authenticate(username: String, password: String, access: AccessContext) throws -> Account {
        let now = services.clock()
        let ip = access.ip ?? "?"
        if throttle.isBlocked(ip, now: now) { throw WebError.throttled }
        guard let account = try services.store.account(username: username) else {
            _ = services.hasher.verify(password, against: decoyHash)
            throttle.recordFailure(ip, now: now)
            try services.store.recordUnknownLogin(username: username, context: access)
            throw WebError.badCredentials
        }
        let access = access.with(account: account.username)
        let hash = try services.store.passwordHash(accountID: account.id) ?? decoyHash
        let passwordOK = services.hasher.verify(password, against: hash)
        let locked = account.state == .locked && (account.lockedUntil.map { $0 > now } ?? true)
        if account.state == .disabled || locked {
            throttle.recordFailure(ip, now: now)
            try services.store.recordSecurityEvent("login_failed", entityType: "account", entityIDs: [account.username], context: access)
            throw WebError.badCredentials
        }
        guard passwordOK else {
            throttle.recordFailure(ip, now: now)
            _ = try services.store.recordFailedLogin(accountID: account.id, at: now, policy: services.lockout, reason: nil, context: access)
            throw WebError.badCredentials
        }
        return account
    }
}

extension AccessContext {
    /// The same context acting as another account name.
    func with(account: String) -> AccessContext {
        var copy = self
        copy.account = account
        return copy
    }
}
