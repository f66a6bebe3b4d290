import Access
import Foundation
import Hummingbird
import Registry
import Store
import VietnameseText

/// User management pages (quản lý người dùng): the accounts a manager may manage, a new account
/// with one assignment, disable / re-enable (unlock) and one-time passwords. Each change asks
/// for the manager's password when it was last proven more than 5 minutes ago (roles.md §6).
struct UserPages {
    let services: WebServices
    var accounts: AccountService { AccountService(services: services) }

    struct Row {
        var id: Int64, username: String, fullName: String, unit: String, roles: String, state: String, stateCode: String, lastLogin: String
    }

    struct ListView {
        var layout: Layout
        var q: String
        var rows: [Row]
        var count: String
        var empty: Bool
    }

    struct DetailView {
        var layout: Layout
        var id: Int64, username: String, fullName: String, unit: String, state: String, stateCode: String
        var lockedUntil: String?, lastLogin: String, created: String, mustChange: Bool
        var assignments: [AccountPages.AssignmentRow]
        var isSelf: Bool, canDisable: Bool, canEnable: Bool
        /// Second factor: enrolled or not, required by the account's roles, resettable by the viewer.
        var mfaEnrolled: Bool, mfaRequired: Bool, canResetMFA: Bool
        var needsPassword: Bool
        var message: String?
        var oneTimePassword: String?
        var error: String?, errorCode: String?
    }

    struct Option { var value: String, label: String, selected: Bool }

    struct NewView {
        var layout: Layout
        var username: String, fullName: String, unitCode: String, villages: String, validTo: String, reason: String
        var roles: [Option], organisations: [Option]
        var needsPassword: Bool
        var error: String?, errorCode: String?, errorField: String?
        var created: Bool
        var createdUsername: String?, oneTimePassword: String?, createdID: Int64?
    }

    func register(_ router: Router<AppContext>) {
        router.get("/users") { request, context in
            let user = try context.requireUser()
            let q = request.query("q") ?? ""
            let list = try accounts.accounts(user, query: q, access: context.access(request, user: user))
            let rows = list.map(row)
            return Reply.html(services.render(ListView(layout: layout("Người dùng", user), q: q, rows: rows,
                                                       count: HouseholdViews.formatInt(rows.count), empty: rows.isEmpty), "users"))
        }
        router.get("/users/new") { request, context in
            let user = try context.requireUser()
            try accounts.requireManager(user, access: context.access(request, user: user))
            return Reply.html(services.render(newView(user, form: [:]), "user-new"))
        }
        router.post("/users/new") { request, context in
            var request = request
            let user = try context.requireUser()
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let access = context.access(request, user: user)
            try accounts.requireManager(user, access: access)
            do {
                try accounts.requireRecentAuthentication(user, password: form["confirm_password"])
                let (account, password) = try accounts.create(user, Self.newAccountRequest(form), access: access)
                var view = newView(user, form: [:])
                view.created = true
                view.createdUsername = account.username
                view.oneTimePassword = password
                view.createdID = account.id
                return Reply.html(services.render(view, "user-new"), status: .created)
            } catch let e as WebError {
                var view = newView(user, form: form)
                view.error = e.message
                view.errorCode = e.code
                view.errorField = e.field
                return Reply.html(services.render(view, "user-new"), status: e.status)
            }
        }
        router.get("/users/:id") { request, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id", as: Int64.self)
            let target = try accounts.managed(user, id: id, access: context.access(request, user: user))
            return Reply.html(services.render(detailView(user, target), "user"))
        }
        for (action, label) in [("disable", "Đã vô hiệu hóa tài khoản; các phiên đăng nhập của tài khoản đã kết thúc."),
                                ("enable", "Đã mở lại tài khoản."),
                                ("reset-password", "Đã cấp mật khẩu dùng một lần; người dùng phải đổi mật khẩu khi đăng nhập."),
                                ("reset-mfa", "Đã đặt lại xác thực hai bước; các phiên đăng nhập của tài khoản đã kết thúc.")] {
            router.post("/users/:id/\(action)") { request, context in
                var request = request
                let user = try context.requireUser()
                let id = try context.parameters.require("id", as: Int64.self)
                let form = try await request.formFields(context: context)
                try CSRF.check(form["_csrf"], user: user)
                let access = context.access(request, user: user)
                let target = try accounts.managed(user, id: id, access: access)
                do {
                    try accounts.requireRecentAuthentication(user, password: form["confirm_password"])
                    var password: String?
                    switch action {
                    case "disable": _ = try accounts.setState(user, id: id, .disabled, access: access)
                    case "enable": _ = try accounts.setState(user, id: id, .active, access: access)
                    case "reset-mfa": try accounts.resetMFA(user, id: id, access: access)
                    default: password = try accounts.resetPassword(user, id: id, access: access).1
                    }
                    var view = detailView(user, try accounts.managed(user, id: id, access: access))
                    view.message = label
                    view.oneTimePassword = password
                    return Reply.html(services.render(view, "user"))
                } catch let e as WebError {
                    var view = detailView(user, target)
                    view.error = e.message
                    view.errorCode = e.code
                    return Reply.html(services.render(view, "user"), status: e.status)
                }
            }
        }
    }

    static func newAccountRequest(_ form: [String: String]) -> AccountService.NewAccountRequest {
        AccountService.NewAccountRequest(
            username: form["username"] ?? "", fullName: form["full_name"] ?? "", role: form["role"] ?? "", unitCode: form["unit_code"] ?? "",
            villages: (form["villages"] ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" }).map(String.init),
            organisation: form["organisation"], validTo: form["valid_to"], reason: form["reason"] ?? "")
    }

    func layout(_ title: String, _ user: SignedInUser) -> Layout {
        Layout(title: title, user: user, active: "users",
               canImport: !services.policy.scope(.editHousehold, user.assignments, on: services.today).isEmpty)
    }

    static func stateName(_ s: AccountState) -> String {
        switch s { case .active: "Đang hoạt động"; case .locked: "Tạm khóa"; case .disabled: "Vô hiệu hóa" }
    }

    func row(_ m: AccountService.ManagedAccount) -> Row {
        Row(id: m.account.id, username: m.account.username, fullName: m.account.fullName,
            unit: AccountPages.unitName(m.account.unitCode, services.catalog),
            roles: m.assignments.map { $0.role.rawValue }.joined(separator: ", "), state: Self.stateName(m.account.state),
            stateCode: m.account.state.rawValue, lastLogin: m.account.lastLogin.map(HouseholdViews.timestamp) ?? "—")
    }

    func detailView(_ user: SignedInUser, _ m: AccountService.ManagedAccount) -> DetailView {
        let a = m.account, isSelf = a.id == user.account.id
        return DetailView(
            layout: layout("Tài khoản \(a.username)", user), id: a.id, username: a.username, fullName: a.fullName,
            unit: AccountPages.unitName(a.unitCode, services.catalog), state: Self.stateName(a.state), stateCode: a.state.rawValue,
            lockedUntil: a.lockedUntil.flatMap { $0 > services.clock() ? HouseholdViews.timestamp($0) : nil },
            lastLogin: a.lastLogin.map(HouseholdViews.timestamp) ?? "—", created: AccountPages.day(a.createdAt), mustChange: a.mustChangePassword,
            assignments: m.assignments.map { AccountPages.assignmentRow($0, services.catalog) },
            isSelf: isSelf, canDisable: !isSelf && a.state != .disabled, canEnable: !isSelf && a.state != .active,
            mfaEnrolled: a.mfaEnrolled, mfaRequired: services.mfa.isRequired(for: m.assignments, on: services.today),
            canResetMFA: !isSelf && a.mfaEnrolled && accounts.mayResetMFA(user),
            needsPassword: accounts.needsReauthentication(user))
    }

    func newView(_ user: SignedInUser, form: [String: String]) -> NewView {
        let today = services.today
        let probe = user.assignments.first { $0.isValid(on: today) && services.policy.effectiveGrant(.manageUsers, $0.role) }
        let chosen = form["role"] ?? (probe?.role == .administrator ? "PRV" : (probe?.role == .province ? "COM" : "VIL"))
        let grantable = Role.allCases.filter { role in
            user.assignments.contains { m in
                guard m.isValid(on: today), services.policy.effectiveGrant(.manageUsers, m.role) else { return false }
                switch m.role {
                case .administrator: return true
                case .province: return ![.administrator, .district, .partner].contains(role)
                default: return role == .village
                }
            }
        }
        let unit = form["unit_code"] ?? (probe.map { $0.role == .administrator ? "" : $0.unitCode } ?? "")
        return NewView(
            layout: layout("Thêm tài khoản", user), username: form["username"] ?? "", fullName: form["full_name"] ?? "", unitCode: unit,
            villages: form["villages"] ?? "", validTo: form["valid_to"] ?? "", reason: form["reason"] ?? "",
            roles: grantable.map { Option(value: $0.rawValue, label: "\($0.rawValue) — \($0.vietnameseName)", selected: $0.rawValue == chosen) },
            organisations: [Option(value: "", label: "—", selected: (form["organisation"] ?? "").isEmpty)]
                + MassOrganisation.allCases.map { Option(value: $0.rawValue, label: $0.vietnamese, selected: form["organisation"] == $0.rawValue) },
            needsPassword: accounts.needsReauthentication(user), created: false)
    }
}
