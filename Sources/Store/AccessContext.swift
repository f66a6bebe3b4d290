import Foundation

/// Who is acting on the registry and why (người thao tác và mục đích), recorded with every write
/// and every read of personal data in the audit log (roles.md §5).
///
/// The command line acts as the operating-system user (`cli:<user>`) with no role; the web
/// application passes the signed-in account, the assignment and role that authorised the
/// request, its IP, user agent and request id.
public struct AccessContext: Sendable, Hashable {
    /// Account name (tài khoản).
    public var account: String
    /// Role code used (vai trò), e.g. `COM`; `nil` for the command line.
    public var role: String?
    /// Assignment that authorised the request (phân công).
    public var assignment: String?
    /// Purpose of a personal-data read (mục đích), e.g. `review`, `support`, `inspection`.
    public var purpose: String?
    /// Client IP address.
    public var ip: String?
    /// Client user agent.
    public var userAgent: String?
    /// Request id, to tie audit entries of one request together.
    public var requestID: String?

    /// Creates a context.
    public init(
        account: String, role: String? = nil, assignment: String? = nil, purpose: String? = nil,
        ip: String? = nil, userAgent: String? = nil, requestID: String? = nil
    ) {
        self.account = account
        self.role = role
        self.assignment = assignment
        self.purpose = purpose
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
    }

    /// The command-line operator: `cli:<login name>` from `$USER`, purpose `review`.
    public static func commandLine(user: String? = nil, purpose: String = "review") -> AccessContext {
        let env = ProcessInfo.processInfo.environment
        let login = ProcessInfo.processInfo.userName
        let name = user ?? env["USER"] ?? env["LOGNAME"] ?? (login.isEmpty ? "unknown" : login)
        return AccessContext(account: "cli:\(name)", purpose: purpose)
    }
}
