import Access
import Foundation
import PasswordHashing
import Registry
import Store
import VietnameseText

/// Account management behind the users page and the API (quản lý tài khoản): who may see and
/// change which accounts (``AccessPolicy/mayManage(account:by:on:)``), one-time passwords,
/// and the re-authentication roles.md §6 asks for before user management.
struct AccountService: Sendable {
    let services: WebServices

    /// Re-authentication is asked for when the password was last proven longer ago than this
    /// (roles.md §6: "within the last 5 minutes" for user management and personal exports).
    static let reauthenticationWindow: TimeInterval = 5 * 60

    /// An account with its assignments, as a manager sees it.
    struct ManagedAccount {
        var account: Account
        var assignments: [Assignment]
    }

    /// A new account as typed on the form or sent to the API (one assignment).
    struct NewAccountRequest {
        var username: String
        var fullName: String
        var role: String
        var unitCode: String
        var villages: [String]
        var organisation: String?
        var validTo: String?
        var reason: String
    }

    func requireManager(_ user: SignedInUser, access: AccessContext) throws {
        guard services.policy.allows(.manageUsers, user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: [Action.manageUsers.rawValue],
                                                    context: access)
            throw WebError.forbidden
        }
    }

    /// Passes when the session proved its password within the window, or `password` is the
    /// account's password (then the session counts as freshly proven).
    func requireRecentAuthentication(_ user: SignedInUser, password: String?) throws {
        if let session = user.session, services.clock().timeIntervalSince(session.authenticatedAt) <= Self.reauthenticationWindow { return }
        guard let password, !password.isEmpty, let hash = try services.store.passwordHash(accountID: user.account.id),
              services.hasher.verify(password, against: hash)
        else {
            throw WebError(status: .forbidden, code: "auth.reauthentication_required",
                           message: "Hãy nhập lại mật khẩu của bạn để xác nhận thao tác quản lý tài khoản", field: "confirm_password")
        }
        if var session = user.session {
            session.authenticatedAt = services.clock()
            services.sessions.update(session)
        }
    }

    /// Whether the session must show the "your password" field on management forms.
    func needsReauthentication(_ user: SignedInUser) -> Bool {
        guard let session = user.session else { return true }
        return services.clock().timeIntervalSince(session.authenticatedAt) > Self.reauthenticationWindow
    }

    /// The accounts `user` may manage, sorted by username; `query` filters by a diacritic-
    /// insensitive part of the username or full name.
    func accounts(_ user: SignedInUser, query: String, access: AccessContext) throws -> [ManagedAccount] {
        try requireManager(user, access: access)
        let needle = VietnameseText.fold(VietnameseText.nfc(query.trimmingCharacters(in: .whitespaces)))
        var result: [ManagedAccount] = []
        for account in try services.store.accounts() {
            if !needle.isEmpty, !VietnameseText.fold(account.username).contains(needle),
               !VietnameseText.fold(VietnameseText.nfc(account.fullName)).contains(needle) { continue }
            let assignments = try services.store.assignments(accountID: account.id)
            guard services.policy.mayManage(account: assignments, by: user.assignments, on: services.today) else { continue }
            result.append(ManagedAccount(account: account, assignments: assignments))
        }
        return result.sorted { $0.account.username < $1.account.username }
    }

    /// The account if `user` may manage it, else 404 (one answer for missing and out of reach).
    func managed(_ user: SignedInUser, id: Int64, access: AccessContext) throws -> ManagedAccount {
        try requireManager(user, access: access)
        guard let account = try services.store.account(id: id) else { throw Self.notFound }
        let assignments = try services.store.assignments(accountID: id)
        guard services.policy.mayManage(account: assignments, by: user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "account", entityIDs: [account.username], context: access)
            throw Self.notFound
        }
        return ManagedAccount(account: account, assignments: assignments)
    }

    static let notFound = WebError(status: .notFound, code: "account.not_found", message: "Không tìm thấy tài khoản")

    /// Creates an account with one assignment; returns it and its one-time password.
    func create(_ user: SignedInUser, _ r: NewAccountRequest, access: AccessContext) throws -> (Account, String) {
        try requireManager(user, access: access)
        let username = r.username.trimmingCharacters(in: .whitespaces).lowercased()
        guard username.range(of: "^[a-z0-9][a-z0-9._-]{2,63}$", options: .regularExpression) != nil else {
            throw WebError(status: .unprocessableContent, code: "username.invalid",
                           message: "Tên đăng nhập gồm 3–64 ký tự a–z, 0–9, dấu chấm, gạch dưới hoặc gạch ngang", field: "username")
        }
        let fullName = VietnameseText.nfc(r.fullName.trimmingCharacters(in: .whitespaces))
        guard !fullName.isEmpty else {
            throw WebError(status: .unprocessableContent, code: "full_name.required", message: "Cần nhập họ và tên", field: "full_name")
        }
        guard let role = Role(rawValue: r.role.uppercased()) else {
            throw WebError(status: .unprocessableContent, code: "role.invalid",
                           message: "Vai trò không hợp lệ: \(r.role) (ADM, PRV, DST, COM, CLD, VIL, ORG, LDP, PTN, AUD)", field: "role")
        }
        var organisation: MassOrganisation?
        if let o = r.organisation, !o.isEmpty {
            guard let parsed = MassOrganisation(rawValue: o) else {
                throw WebError(status: .unprocessableContent, code: "organisation.invalid", message: "Tổ chức đoàn thể không hợp lệ: \(o)",
                               field: "organisation")
            }
            organisation = parsed
        }
        var validTo: CivilDate?
        if let v = r.validTo?.trimmingCharacters(in: .whitespaces), !v.isEmpty {
            guard let d = VietnameseText.parseDate(v) else {
                throw WebError(status: .unprocessableContent, code: "valid_to.invalid", message: "Ngày không hợp lệ: \(v) (dd/MM/yyyy)",
                               field: "valid_to")
            }
            validTo = d
        }
        let villages = r.villages.map { VietnameseText.nfc($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        let assignment = Assignment(role: role, unitCode: r.unitCode.trimmingCharacters(in: .whitespaces), villages: villages,
                                    organisation: organisation, validFrom: services.today, validTo: validTo, reason: r.reason)
        if let problem = AssignmentRules.problem(assignment, policy: services.policy) {
            // The rules' messages end with the English code in brackets.
            let code = problem.range(of: #"\[([a-z_.]+)\]$"#, options: .regularExpression).map { String(problem[$0].dropFirst().dropLast()) }
                ?? "assignment.invalid"
            throw WebError(status: .unprocessableContent, code: code, message: problem, field: code.split(separator: ".").first.map(String.init))
        }
        guard services.policy.mayManage(assignment, by: user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "account", entityIDs: [username], context: access)
            throw WebError(status: .forbidden, code: "permission_denied",
                           message: "Bạn không được cấp vai trò \(role.rawValue) cho đơn vị \(assignment.unitCode.isEmpty ? "toàn quốc" : assignment.unitCode)")
        }
        if try services.store.account(username: username) != nil {
            throw WebError(status: .conflict, code: "username.taken", message: "Tên đăng nhập \(username) đã có người dùng", field: "username")
        }
        let password = PasswordPolicy.oneTimePassword()
        do {
            let account = try services.store.createAccount(
                NewAccount(username: username, fullName: fullName, unitCode: assignment.unitCode, passwordHash: services.hasher.hash(password),
                           mustChangePassword: true),
                assignments: [assignment], context: access)
            return (account, password)
        } catch let e as StoreError { throw WebError(e) }
    }

    /// Disables or re-enables (which also unlocks) an account; its sessions end at once.
    func setState(_ user: SignedInUser, id: Int64, _ state: AccountState, access: AccessContext) throws -> Account {
        let target = try managed(user, id: id, access: access)
        guard target.account.id != user.account.id else {
            throw WebError(status: .unprocessableContent, code: "account.self", message: "Không thể tự vô hiệu hóa hoặc mở khóa tài khoản của mình")
        }
        try services.store.setState(accountID: id, state, context: access)
        services.sessions.endAll(accountID: id)
        services.principals.invalidate(accountID: id)
        return try services.store.account(id: id) ?? target.account
    }

    /// A one-time password for the account, to be changed at its next login; its sessions end.
    func resetPassword(_ user: SignedInUser, id: Int64, access: AccessContext) throws -> (Account, String) {
        let target = try managed(user, id: id, access: access)
        let password = PasswordPolicy.oneTimePassword()
        try services.store.setPassword(accountID: id, hash: services.hasher.hash(password), mustChange: true, context: access)
        if target.account.state == .locked { try services.store.setState(accountID: id, .active, context: access) }
        services.sessions.endAll(accountID: id)
        services.principals.invalidate(accountID: id)
        return (try services.store.account(id: id) ?? target.account, password)
    }

    /// Removes the second factor of a managed account (đặt lại xác thực hai bước): for a lost
    /// phone. Only ADM and PRV managers (``MFAPolicy/resettingRoles``); audited by the store; the
    /// account's sessions end, and it enrols again at its next sign-in when its roles require it.
    func resetMFA(_ user: SignedInUser, id: Int64, access: AccessContext) throws {
        let target = try managed(user, id: id, access: access)
        guard mayResetMFA(user) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "account", entityIDs: [target.account.username],
                                                    context: access)
            throw WebError(status: .forbidden, code: "permission_denied",
                           message: "Chỉ quản trị viên hoặc cán bộ cấp tỉnh được đặt lại xác thực hai bước")
        }
        guard target.account.mfaEnrolled else {
            throw WebError(status: .unprocessableContent, code: "mfa.not_enrolled", message: "Tài khoản chưa bật xác thực hai bước")
        }
        try services.store.resetMFA(accountID: id, context: access)
        services.sessions.endAll(accountID: id)
        services.principals.invalidate(accountID: id)
    }

    /// Whether `user` may reset other accounts' second factor (the button on the user page).
    func mayResetMFA(_ user: SignedInUser) -> Bool {
        user.assignments.contains { $0.isValid(on: services.today) && MFAPolicy.resettingRoles.contains($0.role) }
    }

    /// Audit entries `user` may read (roles.md §4 "Read audit log", note 27), newest first.
    ///
    /// ADM and AUD read every entry. A province officer reads the entries made by accounts
    /// assigned inside its province, and every entry about a household of its province when the
    /// view is filtered by that household (the interpretation of "actions within its province").
    func auditEntries(_ user: SignedInUser, filter: AuditFilter, access: AccessContext) throws -> [AuditEntry] {
        let today = services.today
        let full = user.assignments.contains { $0.isValid(on: today) && [.administrator, .auditor].contains($0.role) }
        guard full || services.policy.allows(.readAudit, user.assignments, on: today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: [Action.readAudit.rawValue], context: access)
            throw WebError.forbidden
        }
        var filter = filter
        if !full {
            let provinces = Set(user.assignments.filter { $0.role == .province }.map(\.unitCode))
            var inScopeHousehold = false
            if let code = filter.entityID {
                let scope = services.policy.scope(.readHousehold, user.assignments, on: today)
                inScopeHousehold = try services.store.household(code: code, scope: scope, audit: false, context: access) != nil
            }
            if !inScopeHousehold {
                var names: [String] = []
                for account in try services.store.accounts() {
                    let assignments = try services.store.assignments(accountID: account.id)
                    if assignments.contains(where: { services.policy.provinceCode(of: $0).map(provinces.contains) ?? false }) {
                        names.append(account.username)
                    }
                }
                filter.accounts = names
            }
        }
        return try services.store.auditEntries(filter).reversed()
    }
}
