import Access
import Foundation
import Hummingbird
import Registry
import Store
import VietnameseText

/// Who read a household's personal data (ai đã xem thông tin cá nhân của hộ), roles.md §5: "on
/// request, the commune can print who read a household's personal data (accounts shown with unit
/// and role)". Every personal-data read naming the household — its page, a list or a search that
/// showed it, its history, an export — newest first, 100 to a page, for the roles shown the
/// household's audit section (``HouseholdService/AuditSection``). The page prints as it is.
struct HouseholdReadsPage {
    let services: WebServices
    var households: HouseholdService { HouseholdService(services: services) }

    static let pageSize = 100

    struct Row {
        var seq: Int64, at: String, account: String, fullName: String, role: String, unit: String, entity: String, purpose: String
    }

    struct View {
        var layout: Layout
        var code: String, householdLink: String
        var total: String
        var rows: [Row]
        var empty: Bool
        var olderLink: String?
    }

    /// The `before` parameter (older than this sequence number: the next page), shared with the API.
    static func before(_ request: Request) throws -> Int64? {
        try request.query("before").map { text in
            guard let seq = Int64(text) else { throw WebError.badRequest("audit.before", "Số thứ tự không hợp lệ: \(text)", field: "before") }
            return seq
        }
    }

    func register(_ router: Router<AppContext>) {
        router.get("/households/:code/reads") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let before = try Self.before(request)
            let listing = try households.reads(user, code: code, before: before, limit: Self.pageSize, access: context.access(request, user: user))
            let path = "/households/\(HouseholdViews.urlPath(code))"
            let view = View(
                layout: Layout(title: "Người đã xem thông tin cá nhân của hộ \(code)", user: user, active: "households",
                               canImport: !households.scope(.editHousehold, user).isEmpty),
                code: code, householdLink: path, total: HouseholdViews.formatInt(listing.total),
                rows: listing.entries.map { e in
                    Row(seq: e.sequence, at: HouseholdViews.timestamp(e.at), account: e.account, fullName: listing.accounts[e.account]?.fullName ?? "",
                        role: e.role.flatMap { Role(rawValue: $0) }.map { "\($0.rawValue) — \($0.vietnameseName)" } ?? (e.role ?? ""),
                        unit: listing.unitCode(e).map { AccountPages.unitName($0, services.catalog) } ?? "",
                        entity: HouseholdViews.entityName(e), purpose: e.purpose ?? "")
                },
                empty: listing.entries.isEmpty,
                olderLink: listing.entries.count == Self.pageSize ? listing.entries.last.map { "\(path)/reads?before=\($0.sequence)" } : nil)
            return Reply.html(services.render(view, "household-reads"))
        }
    }
}
