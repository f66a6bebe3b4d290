import Access
import Foundation
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
    var navDashboard: Bool, navHouseholds: Bool, navImport: Bool
    var canImport: Bool

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
        self.canImport = canImport
    }
}
