import Foundation
import Synchronization

/// A browser session (phiên đăng nhập), kept on the server only (roles.md §6): the cookie holds a
/// 256-bit random token, the server keeps its SHA-256 and the session's state.
struct WebSession: Sendable {
    /// SHA-256 of the cookie token (the token itself is never stored).
    var tokenHash: String
    /// The account.
    var accountID: Int64
    /// The CSRF token every form and state-changing request must carry.
    var csrfToken: String
    /// Started, last seen.
    var createdAt: Date, lastSeen: Date
    /// "This is a shared device" was ticked at login: idle timeout 10 minutes.
    var sharedDevice: Bool
    /// The password must be changed before anything else.
    var mustChangePassword: Bool
    /// When the password was last proven: at login, or re-entered for user management
    /// (roles.md §6, re-authentication within 5 minutes).
    var authenticatedAt: Date
    /// How far the sign-in went; only a ``SignInStage/complete`` session is a signed-in user.
    var stage: SignInStage = .complete
    /// A TOTP secret shown for enrolment and not yet confirmed by a code: the forced enrolment of
    /// a half-signed-in session, or one started from the account page. Kept in memory only.
    var enrolmentSecret: String?
}

/// How far a sign-in went (bước đăng nhập): the password alone leaves a *half-signed-in* session
/// that can only complete its second factor or be cancelled (roles.md §6, MFA).
enum SignInStage: Sendable, Equatable {
    /// Password and, when needed, second factor done: the account's rights apply.
    case complete
    /// Password accepted; the TOTP code of the enrolled factor is awaited.
    case awaitingCode
    /// Password accepted; the account's roles require a second factor it does not have yet,
    /// which it must enrol (``WebSession/enrolmentSecret``) before anything else.
    case awaitingEnrolment
}

/// Server-side sessions (kho phiên), in memory: a restart signs everybody out, which is the safe
/// failure. Idle timeout 30 minutes (10 on a shared device), absolute 12 hours, at most 3
/// concurrent sessions per account — the oldest is ended when a fourth starts (roles.md §6).
/// Half-signed-in sessions live at most ``Limits/pending`` (10 minutes) and are counted apart:
/// someone who knows only the password cannot push the account's signed-in sessions out.
final class SessionStore: Sendable {
    struct Limits: Sendable {
        var idle: TimeInterval = 30 * 60
        var sharedDeviceIdle: TimeInterval = 10 * 60
        var absolute: TimeInterval = 12 * 3600
        var maxConcurrent = 3
        /// Lifetime of a half-signed-in session (``MFAPolicy/pendingMinutes``).
        var pending: TimeInterval = 10 * 60
    }

    private let sessions = Mutex<[String: WebSession]>([:])
    let limits: Limits

    init(limits: Limits = Limits()) { self.limits = limits }

    /// Starts a session; returns the cookie token (shown to the browser only).
    func start(accountID: Int64, sharedDevice: Bool, mustChangePassword: Bool, stage: SignInStage = .complete,
               enrolmentSecret: String? = nil, now: Date = Date()) -> (token: String, session: WebSession) {
        let token = Secrets.randomToken()
        let session = WebSession(tokenHash: Secrets.sha256Hex(token), accountID: accountID, csrfToken: Secrets.randomToken(),
                                 createdAt: now, lastSeen: now, sharedDevice: sharedDevice, mustChangePassword: mustChangePassword,
                                 authenticatedAt: now, stage: stage, enrolmentSecret: enrolmentSecret)
        let complete = stage == .complete
        sessions.withLock { all in
            all[session.tokenHash] = session
            let mine = all.values.filter { $0.accountID == accountID && ($0.stage == .complete) == complete }.sorted { $0.createdAt < $1.createdAt }
            for old in mine.dropLast(limits.maxConcurrent) { all[old.tokenHash] = nil }
        }
        return (token, session)
    }

    /// The live session of a cookie token, touched; `nil` when unknown or expired (and then removed).
    func session(token: String, now: Date = Date()) -> WebSession? {
        let hash = Secrets.sha256Hex(token)
        return sessions.withLock { all in
            guard var s = all[hash] else { return nil }
            let idle = s.sharedDevice ? limits.sharedDeviceIdle : limits.idle
            let lifetime = s.stage == .complete ? limits.absolute : limits.pending
            if now.timeIntervalSince(s.lastSeen) > idle || now.timeIntervalSince(s.createdAt) > lifetime {
                all[hash] = nil
                return nil
            }
            s.lastSeen = now
            all[hash] = s
            return s
        }
    }

    /// Updates a session (e.g. after the password change).
    func update(_ session: WebSession) {
        sessions.withLock { all in if all[session.tokenHash] != nil { all[session.tokenHash] = session } }
    }

    /// Changes a live session in place (what other requests changed meanwhile is kept).
    func modify(tokenHash: String, _ change: (inout WebSession) -> Void) {
        sessions.withLock { all in
            guard var s = all[tokenHash] else { return }
            change(&s)
            all[tokenHash] = s
        }
    }

    /// Ends one session (logout).
    func end(tokenHash: String) {
        _ = sessions.withLock { $0.removeValue(forKey: tokenHash) }
    }

    /// Ends every session of an account (disabled, password reset, rights changed).
    func endAll(accountID: Int64) {
        sessions.withLock { all in all = all.filter { $0.value.accountID != accountID } }
    }
}
