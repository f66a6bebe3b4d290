import Access
import Foundation
import Hummingbird
import Registry
import Review
import ReviewWorkflow
import Store

/// A province's review settings (cấu hình rà soát của tỉnh, the `review.*` keys of review.md and
/// `module.low_income_worker`): the values in force, the versions, a proposal and the second
/// account's approval (roles.md §4 note 26). The page `/review/settings` and the API
/// `/api/v1/review/settings/{province}` share these checks.
extension ReviewService {
    /// The role and unit a user changes `province`'s settings in (PRV of the province, or ADM),
    /// with the audit context; 403 without the standards right or such an assignment.
    func settingsActor(_ user: SignedInUser, province: String, request: Request, context: AppContext) throws -> (Role, String, AccessContext) {
        let today = services.today
        guard services.policy.allows(.manageStandards, user.assignments, on: today) else { throw WebError.forbidden }
        let valid = user.assignments.filter { $0.isValid(on: today) }
        if let a = valid.first(where: { $0.role == .province && $0.unitCode == province }) ?? valid.first(where: { $0.role == .administrator }) {
            return (a.role, a.unitCode, context.access(request, user: user, assignment: a))
        }
        throw WebError.forbidden
    }

    /// The settings page's data: each key's value in force and its national default, and the versions.
    func settingsView(province: String) throws -> SettingsView {
        guard services.catalog.province(code: province) != nil else { throw ReviewError.notFound("tỉnh \(province)") }
        let inForce = try workflow.provinceSettings(province), defaults = workflow.settings
        let keys = ReviewSettings.provinceKeys.map { k in
            SettingsView.Key(key: k.key, label: k.label, kind: k.kind.rawValue, value: k.value(in: inForce, province: province),
                             defaultValue: k.value(in: defaults, province: province), choices: k.choices)
        }
        return SettingsView(provinceCode: province, keys: keys, versions: try services.store.settingsVersions(provinceCode: province))
    }

    /// The changes a submitted set of values makes to the national defaults, each value written
    /// as the key writes it; throws naming the first invalid key.
    func settingsChanges(_ submitted: [String: String], province: String) throws -> [String: String] {
        let defaults = workflow.settings
        var changes: [String: String] = [:]
        for k in ReviewSettings.provinceKeys {
            guard let text = submitted[k.key] else { continue }
            var s = defaults
            try k.apply(text, to: &s, province: province)
            let value = k.value(in: s, province: province)
            if value != k.value(in: defaults, province: province) { changes[k.key] = value }
        }
        if let unknown = submitted.keys.first(where: { key in !ReviewSettings.provinceKeys.contains { $0.key == key } }) {
            throw ReviewError.invalid(unknown, "Không có khóa cấu hình \(unknown)")
        }
        return changes
    }
}

/// A province's settings as the page and the API show them.
struct SettingsView: Encodable, Sendable {
    struct Key: Encodable, Sendable {
        var key: String, label: String, kind: String, value: String, defaultValue: String, choices: [String]
    }
    var provinceCode: String
    var keys: [Key]
    var versions: [ReviewSettingsVersion]
}

struct SettingsProposalInput: Decodable, Sendable { var changes: [String: String]; var reason: String }
struct SettingsDecisionInput: Decodable, Sendable { var note: String? }

extension ReviewRoutes {
    func registerSettingsRoutes(_ api: RouterGroup<AppContext>) {
        api.get("settings/:province") { request, context in
            let user = try context.requireUser()
            let province = try context.parameters.require("province")
            _ = try review.settingsActor(user, province: province, request: request, context: context)
            return try ReviewJSONCoding.reply(try review.settingsView(province: province))
        }
        api.post("settings/:province/versions", use: write(SettingsProposalInput.self) { request, context, user, input in
            let province = try context.parameters.require("province")
            let (role, unit, access) = try review.settingsActor(user, province: province, request: request, context: context)
            let v = try review.workflow.proposeSettings(province: province, changes: try review.settingsChanges(input.changes, province: province),
                                                        reason: input.reason, by: user.account.username, role: role, unit: unit, at: review.now,
                                                        context: access)
            return try ReviewJSONCoding.reply(v, status: .created)
        })
        for (path, approve) in [("approve", true), ("reject", false)] {
            api.post("settings/:province/versions/:version/\(path)", use: write(SettingsDecisionInput.self) { request, context, user, input in
                let province = try context.parameters.require("province")
                guard let version = Int(try context.parameters.require("version")) else {
                    throw WebError.badRequest("parameter.version", "Số phiên bản phải là số nguyên", field: "version")
                }
                let (role, unit, access) = try review.settingsActor(user, province: province, request: request, context: context)
                let v = try review.workflow.decideSettings(province: province, version: version, approve: approve, note: input.note,
                                                           by: user.account.username, role: role, unit: unit, at: review.now, context: access)
                return try ReviewJSONCoding.reply(v)
            })
        }
    }
}

extension ReviewPages {
    struct SettingsKeyRow { var key: String, label: String, value: String, defaultValue: String, changed: Bool, lines: Bool }
    struct SettingsVersionRow {
        var version: Int, state: String, changes: String, reason: String, proposed: String, decided: String, decidable: Bool
    }
    struct SettingsPageView {
        var layout: Layout
        var msg: String?, error: String?
        var province: String, provinceName: String
        var keys: [SettingsKeyRow]
        var versions: [SettingsVersionRow]
        var hasVersions: Bool
    }

    func registerSettingsPages(_ router: Router<AppContext>) {
        router.get("/review/settings") { request, context in
            let user = try context.requireUser()
            let mine = user.assignments.filter { $0.isValid(on: services.today) }
            let fallback = try services.store.campaigns(provinceCode: nil).first?.provinceCode
            guard let province = request.query("province") ?? mine.first(where: { $0.role == .province })?.unitCode ?? fallback else {
                throw WebError.badRequest("parameter.province", "Cần mã tỉnh (province)", field: "province")
            }
            _ = try review.settingsActor(user, province: province, request: request, context: context)
            let view = try review.settingsView(province: province)
            let page = SettingsPageView(
                layout: layout("Cấu hình rà soát của tỉnh", user), msg: request.query("msg"), error: request.query("error"), province: province,
                provinceName: services.catalog.province(code: province)?.name ?? province,
                keys: view.keys.map { SettingsKeyRow(key: $0.key, label: $0.label, value: $0.value, defaultValue: $0.defaultValue,
                                                     changed: $0.value != $0.defaultValue, lines: $0.kind == "lines") },
                versions: view.versions.map { v in
                    SettingsVersionRow(version: v.version, state: v.state.vietnamese,
                                       changes: v.changes.keys.sorted().map { "\($0) = \(v.changes[$0]!)" }.joined(separator: "; "),
                                       reason: v.reason, proposed: "\(v.proposedBy), \(LocalTime.format(v.proposedAt))",
                                       decided: v.decidedBy.map { "\($0), \(v.decidedAt.map(LocalTime.format) ?? "")" + (v.decisionNote.map { ": \($0)" } ?? "") } ?? "",
                                       decidable: v.state == .pending && v.proposedBy != user.account.username)
                },
                hasVersions: !view.versions.isEmpty)
            return Reply.html(services.render(page, "review-settings"))
        }
        post(router, "/review/settings/:province/versions") { request, context, user, form, _ in
            let province = try context.parameters.require("province")
            let (role, unit, access) = try review.settingsActor(user, province: province, request: request, context: context)
            var submitted: [String: String] = [:]
            for (k, v) in form where k.hasPrefix("key:") { submitted[String(k.dropFirst(4))] = v }
            let v = try review.workflow.proposeSettings(province: province, changes: try review.settingsChanges(submitted, province: province),
                                                        reason: form["reason"] ?? "", by: user.account.username, role: role, unit: unit,
                                                        at: review.now, context: access)
            return "Đã đề xuất phiên bản \(v.version) (\(v.changes.count) thay đổi so với mặc định); chờ một tài khoản khác duyệt"
        }
        post(router, "/review/settings/:province/versions/:version") { request, context, user, form, _ in
            let province = try context.parameters.require("province")
            guard let version = Int(try context.parameters.require("version")) else { throw ReviewError.invalid("version", "Số phiên bản phải là số nguyên") }
            let (role, unit, access) = try review.settingsActor(user, province: province, request: request, context: context)
            let approve = form["approve"] == "1"
            _ = try review.workflow.decideSettings(province: province, version: version, approve: approve, note: form["note"], by: user.account.username,
                                                   role: role, unit: unit, at: review.now, context: access)
            return approve ? "Phiên bản \(version) đã được duyệt và đang áp dụng" : "Đã từ chối phiên bản \(version)"
        }
    }
}
