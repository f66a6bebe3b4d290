import Access
import Foundation
import Hummingbird
import Registry
import Store
import VietnameseText

/// The audit log view (nhật ký kiểm toán, roles.md §5): entries newest first, filtered by
/// account, household or person, action and date range, 100 to a page.
struct AuditPage {
    let services: WebServices

    struct Row {
        var seq: Int64, at: String, account: String, role: String, ip: String, action: String, actionCode: String
        var entity: String, ids: String, purpose: String, rows: String
    }

    struct View {
        var layout: Layout
        var account: String, household: String, from: String, to: String
        var actions: [UserPages.Option]
        var rows: [Row]
        var empty: Bool
        var olderLink: String?
        var error: String?
    }

    static let pageSize = 100

    func register(_ router: Router<AppContext>) {
        router.get("/audit") { request, context in
            let user = try context.requireUser()
            let access = context.access(request, user: user)
            var view = View(layout: Layout(title: "Nhật ký", user: user, active: "audit",
                                           canImport: !services.policy.scope(.editHousehold, user.assignments, on: services.today).isEmpty),
                            account: request.query("account") ?? "", household: request.query("household") ?? "",
                            from: request.query("from") ?? "", to: request.query("to") ?? "",
                            actions: [UserPages.Option(value: "", label: "Tất cả thao tác", selected: (request.query("action") ?? "").isEmpty)]
                                + AuditAction.allCases.map {
                                    UserPages.Option(value: $0.rawValue, label: HouseholdViews.actionName($0.rawValue),
                                                     selected: request.query("action") == $0.rawValue)
                                },
                            rows: [], empty: true)
            do {
                let filter = try Self.filter(request.query)
                let entries = try AccountService(services: services).auditEntries(user, filter: filter, access: access)
                view.rows = entries.map(Self.row)
                view.empty = entries.isEmpty
                if entries.count == Self.pageSize, let last = entries.last {
                    view.olderLink = Self.link(request, before: last.sequence)
                }
            } catch let e as WebError where e.status == .badRequest {
                view.error = e.message
                return Reply.html(services.render(view, "audit"), status: .badRequest)
            }
            return Reply.html(services.render(view, "audit"))
        }
    }

    /// The store filter from query parameters (shared with the API).
    static func filter(_ query: (String) -> String?) throws -> AuditFilter {
        func nonEmpty(_ name: String) -> String? { query(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var filter = AuditFilter(account: nonEmpty("account")?.lowercased(), entityID: nonEmpty("household"), limit: pageSize)
        if let a = nonEmpty("action") {
            guard let action = AuditAction(rawValue: a) else {
                throw WebError.badRequest("audit.action", "Thao tác không hợp lệ: \(a)", field: "action")
            }
            filter.action = action
        }
        // Dates are Vietnamese calendar days (UTC+7): from the start of `from` to the end of `to`.
        func day(_ name: String) throws -> Date? {
            guard let text = nonEmpty(name) else { return nil }
            guard let d = VietnameseText.parseDate(text) else {
                throw WebError.badRequest("audit.\(name)", "Ngày không hợp lệ: \(text) (dd/MM/yyyy)", field: name)
            }
            return Date(timeIntervalSince1970: Double(d.daysSince1970) * 86_400 - 7 * 3600)
        }
        filter.from = try day("from")
        filter.until = try day("to").map { $0.addingTimeInterval(86_400) }
        if let before = nonEmpty("before") {
            guard let seq = Int64(before) else { throw WebError.badRequest("audit.before", "Số thứ tự không hợp lệ: \(before)", field: "before") }
            filter.beforeSequence = seq
        }
        if let size = nonEmpty("limit") {
            guard let n = Int(size), (1...1000).contains(n) else {
                throw WebError.badRequest("audit.limit", "Số dòng mỗi trang từ 1 đến 1000", field: "limit")
            }
            filter.limit = n
        }
        return filter
    }

    static func row(_ e: AuditEntry) -> Row {
        let ids = e.entityIDs.prefix(5).joined(separator: ", ") + (e.entityIDs.count > 5 ? " … (+\(e.entityIDs.count - 5))" : "")
        return Row(seq: e.sequence, at: HouseholdViews.timestamp(e.at), account: e.account, role: e.role ?? "", ip: e.ip ?? "",
                   action: HouseholdViews.actionName(e.action.rawValue), actionCode: e.action.rawValue, entity: e.entityType, ids: ids,
                   purpose: e.purpose ?? "", rows: e.rowCount.map(HouseholdViews.formatInt) ?? "")
    }

    static func link(_ request: Request, before: Int64) -> String {
        var parts: [String] = []
        for name in ["account", "household", "action", "from", "to"] {
            if let v = request.query(name), !v.isEmpty {
                parts.append("\(name)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? v)")
            }
        }
        parts.append("before=\(before)")
        return "/audit?" + parts.joined(separator: "&")
    }
}
