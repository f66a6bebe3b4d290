import Access
import Foundation
import VietnameseText

/// State of an account (trạng thái tài khoản, roles.md §1).
public enum AccountState: String, Sendable, Hashable, Codable {
    /// May sign in.
    case active
    /// Locked after repeated failed logins, until ``Account/lockedUntil``.
    case locked
    /// Disabled by an administrator or after inactivity.
    case disabled
}

/// A user account (tài khoản người dùng) without its secrets.
public struct Account: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: Int64
    /// Sign-in name, unique, lowercase.
    public var username: String
    /// Full name (họ và tên), phone, email.
    public var fullName: String, phone: String?, email: String?
    /// The employing unit's code (đơn vị công tác).
    public var unitCode: String
    /// State.
    public var state: AccountState
    /// The password must be changed at the next login (after a reset).
    public var mustChangePassword: Bool
    /// When the lock ends (state `locked`).
    public var lockedUntil: Date?
    /// Created, last login.
    public var createdAt: Date, lastLogin: Date?
    /// A second factor is enrolled (xác thực hai bước đã bật): sign-in asks for a TOTP code. The
    /// secret itself is read only through ``AccountStore/mfaEnrolment(accountID:)``.
    public var mfaEnrolled: Bool
    /// Created by `giamngheo serve` as a demonstration account (tài khoản trình diễn): its TOTP
    /// code may be printed by `giamngheo users otp`, which refuses every other account.
    public var isDemo: Bool

    /// Creates an account value.
    public init(id: Int64, username: String, fullName: String, phone: String? = nil, email: String? = nil, unitCode: String,
                state: AccountState = .active, mustChangePassword: Bool = false, lockedUntil: Date? = nil,
                createdAt: Date = Date(), lastLogin: Date? = nil, mfaEnrolled: Bool = false, isDemo: Bool = false) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.phone = phone
        self.email = email
        self.unitCode = unitCode
        self.state = state
        self.mustChangePassword = mustChangePassword
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
        self.lastLogin = lastLogin
        self.mfaEnrolled = mfaEnrolled
        self.isDemo = isDemo
    }
}

/// An account to create.
public struct NewAccount: Sendable, Hashable {
    /// Sign-in name (stored lowercase, NFC).
    public var username: String
    /// Full name, phone, email.
    public var fullName: String, phone: String?, email: String?
    /// Employing unit.
    public var unitCode: String
    /// Hashed password (PHC string).
    public var passwordHash: String
    /// Forced change at first login.
    public var mustChangePassword: Bool
    /// A demonstration account (see ``Account/isDemo``).
    public var isDemo: Bool

    /// Creates it.
    public init(username: String, fullName: String, phone: String? = nil, email: String? = nil, unitCode: String,
                passwordHash: String, mustChangePassword: Bool, isDemo: Bool = false) {
        self.username = username
        self.fullName = fullName
        self.phone = phone
        self.email = email
        self.unitCode = unitCode
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.isDemo = isDemo
    }
}

/// The second factor of an account (xác thực hai bước, roles.md §6): a TOTP secret shared with
/// the user's authenticator app, and the last time step whose code was accepted.
public struct MFAEnrolment: Sendable, Hashable {
    /// The shared secret, base32 (RFC 4648, no padding).
    public var secret: String
    /// When the user confirmed it with a first code.
    public var enrolledAt: Date
    /// The last 30-second step whose code signed in (or confirmed the enrolment): a code of
    /// this step or an earlier one is refused, so a code seen over a shoulder cannot be replayed.
    public var lastUsedStep: Int64

    /// Creates a value.
    public init(secret: String, enrolledAt: Date, lastUsedStep: Int64) {
        self.secret = secret
        self.enrolledAt = enrolledAt
        self.lastUsedStep = lastUsedStep
    }
}

/// An API token's stored form (mã truy cập API): only a SHA-256 hash of the secret is kept;
/// the secret is shown once when created (roles.md §6).
public struct APIToken: Sendable, Hashable, Codable, Identifiable {
    /// Stable id.
    public var id: Int64
    /// Owner.
    public var accountID: Int64
    /// A label the user chose.
    public var name: String
    /// Expiry (≤ 1 year).
    public var expiresAt: Date
    /// Created, last used, revoked.
    public var createdAt: Date, lastUsed: Date?, revokedAt: Date?

    /// Creates a value.
    public init(id: Int64, accountID: Int64, name: String, expiresAt: Date, createdAt: Date, lastUsed: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.lastUsed = lastUsed
        self.revokedAt = revokedAt
    }
}

/// Accounts, assignments, login failures and API tokens (quản lý người dùng).
///
/// Every change is an audit entry (`create`, `update`, `grant`, `revoke`, `login`,
/// `login_failed`), recorded by the store in the same transaction. MFA secrets never appear in
/// an audit entry, only the fact of an enrolment or a reset.
public protocol AccountStore: Sendable {
    /// Creates an account with its assignments; throws `account.exists` when the name is taken.
    func createAccount(_ account: NewAccount, assignments: [Assignment], context: AccessContext) throws -> Account

    /// The account with this sign-in name (case-insensitive), or `nil`.
    func account(username: String) throws -> Account?

    /// The account with this id, or `nil`.
    func account(id: Int64) throws -> Account?

    /// The stored password hash of an account.
    func passwordHash(accountID: Int64) throws -> String?

    /// Every account, by username.
    func accounts() throws -> [Account]

    /// The account's assignments (valid or not), oldest first.
    func assignments(accountID: Int64) throws -> [Assignment]

    /// Adds an assignment (`grant` audit entry) and returns it with its id.
    @discardableResult
    func addAssignment(_ assignment: Assignment, accountID: Int64, context: AccessContext) throws -> Assignment

    /// Replaces the password hash; `mustChange` forces a change at the next login. Unlocks.
    func setPassword(accountID: Int64, hash: String, mustChange: Bool, context: AccessContext) throws

    /// Sets the state (`disabled` or back to `active`).
    func setState(accountID: Int64, _ state: AccountState, context: AccessContext) throws

    /// Records a failed login and applies `policy`; returns the account afterwards (locked or not).
    /// `reason` is recorded with the entry when the password was right but the second factor
    /// failed (`otp_invalid`, `otp_replayed`); a wrong password records none. Either counts
    /// toward the lockout (roles.md §6).
    func recordFailedLogin(accountID: Int64, at: Date, policy: LockoutPolicy, reason: String?, context: AccessContext) throws -> Account

    /// Records a successful login: clears the failures, stamps `lastLogin`.
    func recordLogin(accountID: Int64, at: Date, context: AccessContext) throws

    /// Records a login attempt for a name that has no account (`login_failed`, no account id).
    func recordUnknownLogin(username: String, context: AccessContext) throws

    /// Stores a new API token by the SHA-256 hex of its secret.
    func createAPIToken(accountID: Int64, name: String, secretHash: String, expiresAt: Date, context: AccessContext) throws -> APIToken

    /// The token with this secret hash, if it exists, with its account.
    func apiToken(secretHash: String) throws -> (token: APIToken, account: Account)?

    /// The account's tokens.
    func apiTokens(accountID: Int64) throws -> [APIToken]

    /// Revokes a token.
    func revokeAPIToken(id: Int64, accountID: Int64, context: AccessContext) throws

    /// The account's second factor, or `nil` when none is enrolled.
    func mfaEnrolment(accountID: Int64) throws -> MFAEnrolment?

    /// Enrols a second factor confirmed by the code of `confirmedStep` (which becomes the last
    /// used step, so that code cannot sign in afterwards); replaces any earlier one. Audited
    /// (`update`, without the secret).
    func enrolMFA(accountID: Int64, secret: String, confirmedStep: Int64, context: AccessContext) throws

    /// Removes the account's second factor (`update` audit entry); the account enrols again at its
    /// next sign-in when its roles require one. Throws `mfa.not_enrolled` when there is none.
    func resetMFA(accountID: Int64, context: AccessContext) throws

    /// Marks `step` used if it is later than the last used step, atomically across processes;
    /// `false` when it is not (a replayed code) or no second factor is enrolled.
    func useMFAStep(accountID: Int64, step: Int64) throws -> Bool

    /// Records an audit entry of an authentication event that no other method records
    /// (`logout`, `permission_denied`).
    func recordSecurityEvent(_ action: String, entityType: String, entityIDs: [String], context: AccessContext) throws
}
