import Access
import Foundation
import Hummingbird
import Registry
import Store

/// The API of user management and the audit log (`/api/v1/users`, `/api/v1/audit`): the same
/// ``AccountService`` the pages use. Changes need the caller's `password` in the body unless
/// its browser session proved the password within the last 5 minutes (roles.md §6).
struct AdminRoutes {
    let services: WebServices
    var accounts: AccountService { AccountService(services: services) }

    func register(_ api: RouterGroup<AppContext>, json: @escaping @Sendable (inout Request, AppContext) async throws -> [String: Any]) {
        api.get("users") { request, context in
            let user = try context.requireUser()
            let list = try accounts.accounts(user, query: request.query("q") ?? "", access: context.access(request, user: user))
            return Reply.json(["items": list.map(accountJSON)])
        }
        api.post("users") { request, context in
            var request = request
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let access = context.access(request, user: user)
            try accounts.requireManager(user, access: access)
            let body = try await json(&request, context)
            try accounts.requireRecentAuthentication(user, password: body["password"] as? String)
            let villages: [String] = (body["villages"] as? [String]) ?? ((body["villages"] as? String).map { [$0] } ?? [])
            let r = AccountService.NewAccountRequest(
                username: body["username"] as? String ?? "", fullName: body["full_name"] as? String ?? "", role: body["role"] as? String ?? "",
                unitCode: body["unit_code"] as? String ?? "", villages: villages, organisation: body["organisation"] as? String,
                validTo: body["valid_to"] as? String, reason: body["reason"] as? String ?? "")
            let (account, password) = try accounts.create(user, r, access: access)
            var out = accountJSON(try accounts.managed(user, id: account.id, access: access))
            out["one_time_password"] = password
            return Reply.json(out, status: .created)
        }
        api.get("users/:id") { request, context in
            let user = try context.requireUser()
            let id = try context.parameters.require("id", as: Int64.self)
            return Reply.json(accountJSON(try accounts.managed(user, id: id, access: context.access(request, user: user))))
        }
        for action in ["disable", "enable", "reset-password", "reset-mfa"] {
            api.post("users/:id/\(action)") { request, context in
                var request = request
                let user = try context.requireUser()
                try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
                let id = try context.parameters.require("id", as: Int64.self)
                let access = context.access(request, user: user)
                _ = try accounts.managed(user, id: id, access: access)
                let buffer = try await request.collectBody(upTo: 1 << 16)
                let body = buffer.readableBytes == 0 ? [:]
                    : (try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any]) ?? [:]
                try accounts.requireRecentAuthentication(user, password: body["password"] as? String)
                var password: String?
                switch action {
                case "disable": _ = try accounts.setState(user, id: id, .disabled, access: access)
                case "enable": _ = try accounts.setState(user, id: id, .active, access: access)
                case "reset-mfa": try accounts.resetMFA(user, id: id, access: access)
                default: password = try accounts.resetPassword(user, id: id, access: access).1
                }
                var out = accountJSON(try accounts.managed(user, id: id, access: access))
                if let password { out["one_time_password"] = password }
                return Reply.json(out)
            }
        }
        api.get("audit") { request, context in
            let user = try context.requireUser()
            let filter = try AuditPage.filter(request.query)
            let entries = try accounts.auditEntries(user, filter: filter, access: context.access(request, user: user))
            let iso = ISO8601DateFormatter()
            iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return Reply.json(["items": entries.map { e -> [String: Any] in
                ["seq": e.sequence, "at": iso.string(from: e.at), "account": e.account, "role": e.role as Any, "assignment": e.assignment as Any,
                 "ip": e.ip as Any, "user_agent": e.userAgent as Any, "request_id": e.requestID as Any, "action": e.action.rawValue,
                 "entity_type": e.entityType, "entity_ids": e.entityIDs, "before": e.before as Any, "after": e.after as Any,
                 "purpose": e.purpose as Any, "row_count": e.rowCount as Any, "file_hash": e.fileHash as Any, "hash": e.hash]
            }])
        }
    }

    func accountJSON(_ m: AccountService.ManagedAccount) -> [String: Any] {
        let iso = ISO8601DateFormatter()
        let a = m.account
        return [
            "id": a.id, "username": a.username, "full_name": a.fullName, "unit_code": a.unitCode, "state": a.state.rawValue,
            "must_change_password": a.mustChangePassword, "mfa_enrolled": a.mfaEnrolled, "locked_until": a.lockedUntil.map(iso.string(from:)) as Any,
            "created_at": iso.string(from: a.createdAt), "last_login": a.lastLogin.map(iso.string(from:)) as Any,
            "assignments": m.assignments.map { s -> [String: Any] in
                ["id": s.id, "role": s.role.rawValue, "unit_code": s.unitCode, "villages": s.villages, "organisation": s.organisation?.rawValue as Any,
                 "valid_from": s.validFrom.isoString, "valid_to": s.validTo?.isoString as Any]
            },
        ]
    }
}
