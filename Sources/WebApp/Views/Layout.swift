import Access
import Foundation
import Registry
import Store

/// What every page's header needs (khung trang): title, the user and their role, the CSRF token
/// for the logout form, and which menu entry is active.
struct Layout {
    var title: String
    var signedIn: Bool
    var userName: String
    var roleName: String
    var unitName: String
    var csrf: String
    var navDashboard: Bool, navHouseholds: Bool, navImport: Bool, navUsers: Bool, navAudit: Bool, navAccount: Bool, navReview: Bool
    var canImport: Bool
    /// Menu entries for user management and the audit log, shown to the roles the matrix lets
    /// manage users or read the log (the pages themselves check again, per account and entry).
    var canManageUsers: Bool, canReadAudit: Bool

    /// The matrix's role-level grants; the catalog is not consulted for them.
    private static let grants = AccessPolicy(catalog: .shared)

    init(title: String, user: SignedInUser?, active: String, unitName: String = "", canImport: Bool = false) {
        self.title = title
        self.signedIn = user != nil
        self.userName = user?.account.fullName ?? ""
        self.roleName = user?.primary?.role.vietnameseName ?? ""
        self.unitName = unitName
        self.csrf = user?.session?.csrfToken ?? ""
        self.navDashboard = active == "dashboard"
        self.navHouseholds = active == "households"
        self.navImport = active == "import"
        self.navUsers = active == "users"
        self.navAudit = active == "audit"
        self.navAccount = active == "account"
        self.navReview = active == "review"
        self.canImport = canImport
        let roles = user?.assignments.map(\.role) ?? []
        self.canManageUsers = roles.contains { Self.grants.effectiveGrant(.manageUsers, $0) }
        self.canReadAudit = roles.contains { Self.grants.effectiveGrant(.readAudit, $0) }
    }
}
