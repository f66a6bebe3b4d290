import Access
import Foundation
import Hummingbird
import Interchange
import Registry
import Store
import VietnameseText

/// The household list with search and filters, the household page, and the edit forms
/// (danh sách hộ, trang hộ, sửa hộ).
struct HouseholdPages {
    let services: WebServices
    var households: HouseholdService { HouseholdService(services: services) }

    struct EditView {
        var layout: Layout
        var code: String
        var title: String
        var action: String
        var version: Int
        var fields: [RecordForm.Field]
        var errorCount: Int
        /// Whether to show the error summary (a mustache section on an `Int` renders even for 0).
        var hasErrors: Bool
        /// Problems that concern no single field (e.g. the household's head count).
        var general: [String] = []
        var conflict: Conflict?
        var cancel: String
    }

    struct Conflict {
        var message: String
        var changes: [Change]
    }

    struct Change { var at: String; var account: String; var field: String; var before: String; var after: String }

    func register(_ router: Router<AppContext>) {
        router.get("/households") { request, context in
            let user = try context.requireUser()
            let access = context.access(request, user: user)
            let page = max(1, Int(request.query("page") ?? "1") ?? 1)
            let filter = try households.filter(from: request.query)
            let q = request.query("q") ?? ""
            var view = HouseholdViews.ListView(
                layout: layout("Danh sách hộ", user, "households"), filter: filterView(request, filter: filter, page: page),
                rows: [], hits: [], isSearch: !q.isEmpty, total: "0", page: page, prevLink: nil, nextLink: nil,
                exportCSV: exportLink(request, "csv"), exportXLSX: exportLink(request, "xlsx"),
                canExport: services.policy.allows(.exportPersonal, user.assignments, on: services.today), empty: true)
            if !q.isEmpty {
                let result = try await households.search(user, text: q, page: page, pageSize: 20, access: access)
                view.hits = result.hits.map {
                    HouseholdViews.Hit(code: $0.householdCode, name: $0.fullName, relation: Relation(rawValue: $0.relation)?.vietnamese ?? $0.relation,
                                       birthYear: $0.birthYear, nationalID: $0.maskedNationalID ?? "", village: $0.village,
                                       match: matchName($0.match))
                }
                view.empty = view.hits.isEmpty
                view.total = "\(view.hits.count)"
                if page > 1 { view.prevLink = pageLink(request, page - 1) }
                if result.hasMore { view.nextLink = pageLink(request, page + 1) }
            } else {
                let result = try await households.list(user, filter: filter, page: page, pageSize: 50, access: access)
                view.rows = result.rows.map {
                    HouseholdViews.Row(code: $0.householdCode, communeName: HouseholdViews.communeName($0.communeCode, services.catalog),
                                       village: $0.village, head: $0.headName ?? "—", birthYear: $0.headBirthYear.map(String.init) ?? "",
                                       members: $0.members, className: $0.recognisedClass.povertyClass.vietnamese, classCode: $0.recognisedClass.rawValue)
                }
                view.empty = view.rows.isEmpty
                view.total = HouseholdViews.formatInt(result.total)
                if page > 1 { view.prevLink = pageLink(request, page - 1) }
                if page * result.pageSize < result.total { view.nextLink = pageLink(request, page + 1) }
            }
            return Reply.html(services.render(view, "households"))
        }

        router.get("/households/new") { request, context in
            let user = try context.requireUser()
            guard !households.scope(.editHousehold, user).isEmpty else { throw WebError.forbidden }
            var values: [String: String] = ["area_type": "rural"]
            if let only = user.assignments.first(where: { services.catalog.commune(code: $0.unitCode) != nil }) { values["commune_code"] = only.unitCode }
            return renderForm(user: user, title: "Thêm hộ mới", action: "/households/new", version: 0,
                              fields: RecordForm.newHouseholdFields(values), cancel: "/households")
        }
        router.post("/households/new") { request, context in
            var request = request
            let user = try context.requireUser()
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let (h, m) = RecordForm.split(form)
            switch try households.create(user, household: h, head: m, access: context.access(request, user: user)) {
            case .saved: return Reply.redirect("/households/\(HouseholdViews.urlPath(h["household_code"] ?? ""))?saved=1")
            case .invalid(let errors):
                return renderForm(user: user, title: "Thêm hộ mới", action: "/households/new", version: 0,
                                  fields: RecordForm.newHouseholdFields(form, errors: byField(errors)), cancel: "/households",
                                  status: .unprocessableContent, errors: errors)
            }
        }
        router.get("/households/:code/members/new") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            _ = try households.editable(user, code: code, access: context.access(request, user: user))
            return renderForm(user: user, title: "Thêm thành viên cho hộ \(code)", action: "/households/\(HouseholdViews.urlPath(code))/members/new",
                              version: 0, fields: RecordForm.newMemberFields(["member.relation": "child"]),
                              cancel: "/households/\(HouseholdViews.urlPath(code))")
        }
        router.post("/households/:code/members/new") { request, context in
            var request = request
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let (_, m) = RecordForm.split(form)
            let (result, _) = try households.addMember(user, code: code, values: m, access: context.access(request, user: user))
            switch result {
            case .saved: return Reply.redirect("/households/\(HouseholdViews.urlPath(code))?saved=1")
            case .invalid(let errors):
                return renderForm(user: user, title: "Thêm thành viên cho hộ \(code)", action: "/households/\(HouseholdViews.urlPath(code))/members/new",
                                  version: 0, fields: RecordForm.newMemberFields(form, errors: byField(errors)),
                                  cancel: "/households/\(HouseholdViews.urlPath(code))", status: .unprocessableContent, errors: errors)
            }
        }

        router.get("/households/:code") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let detail = try await households.detail(user, code: code, access: context.access(request, user: user))
            let view = HouseholdViews.page(detail, layout: layout("Hộ \(code)", user, "households"), catalog: services.catalog,
                                           today: services.today, saved: request.query("saved") != nil)
            return Reply.html(services.render(view, "household"))
        }

        router.get("/households/:code/edit") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let stored = try households.editable(user, code: code, access: context.access(request, user: user))
            return renderEdit(user: user, code: code, version: stored.version,
                              fields: RecordForm.householdFields(RecordForm.values(stored.household.recordFields)), conflict: nil, memberNo: nil)
        }

        router.post("/households/:code/edit") { request, context in
            var request = request
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let version = Int(form["_version"] ?? "") ?? 0
            let access = context.access(request, user: user)
            do {
                switch try households.updateHousehold(user, code: code, values: form, version: version, access: access) {
                case .saved: return Reply.redirect("/households/\(HouseholdViews.urlPath(code))?saved=1")
                case .invalid(let errors):
                    return renderEdit(user: user, code: code, version: version, fields: RecordForm.householdFields(form, errors: byField(errors)),
                                      conflict: nil, memberNo: nil, status: .unprocessableContent)
                }
            } catch StoreError.staleVersion(_, let expected, let actual) {
                return try renderConflict(user: user, code: code, expected: expected, actual: actual, form: form, memberNo: nil, access: access)
            }
        }

        router.get("/households/:code/members/:no/edit") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let no = try context.parameters.require("no", as: Int.self)
            let stored = try households.editable(user, code: code, access: context.access(request, user: user))
            guard let member = stored.members.first(where: { $0.memberNo == no }) else { throw WebError.notFound }
            return renderEdit(user: user, code: code, version: stored.version,
                              fields: RecordForm.memberFields(RecordForm.values(member.recordFields)), conflict: nil, memberNo: no)
        }

        router.post("/households/:code/members/:no/edit") { request, context in
            var request = request
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            let no = try context.parameters.require("no", as: Int.self)
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            let version = Int(form["_version"] ?? "") ?? 0
            let access = context.access(request, user: user)
            do {
                switch try households.updateMember(user, code: code, memberNo: no, values: form, version: version, access: access) {
                case .saved: return Reply.redirect("/households/\(HouseholdViews.urlPath(code))?saved=1")
                case .invalid(let errors):
                    return renderEdit(user: user, code: code, version: version, fields: RecordForm.memberFields(form, errors: byField(errors)),
                                      conflict: nil, memberNo: no, status: .unprocessableContent)
                }
            } catch StoreError.staleVersion(_, let expected, let actual) {
                return try renderConflict(user: user, code: code, expected: expected, actual: actual, form: form, memberNo: no, access: access)
            }
        }
    }

    func layout(_ title: String, _ user: SignedInUser, _ active: String) -> Layout {
        Layout(title: title, user: user, active: active,
               canImport: !services.policy.scope(.editHousehold, user.assignments, on: services.today).isEmpty)
    }

    func byField(_ errors: [ImportError]) -> [String: (String, String)] {
        var map: [String: (String, String)] = [:]
        for e in errors {
            let name = HouseholdColumn(header: e.column)?.name ?? MemberColumn(header: e.column)?.rawValue ?? e.column
            if map[name] == nil { map[name] = (e.message, e.code) }
        }
        return map
    }

    func renderForm(user: SignedInUser, title: String, action: String, version: Int, fields: [RecordForm.Field], cancel: String,
                    status: HTTPResponse.Status = .ok, errors: [ImportError] = []) -> Response {
        let names = Set(fields.map(\.name))
        let general = errors.filter { !names.contains(byField([$0]).keys.first ?? "") }.map { "\($0.message) [\($0.code)]" }
        let errorCount = fields.filter { $0.error != nil }.count + general.count
        let view = EditView(layout: layout(title, user, "households"), code: "", title: title, action: action, version: version,
                            fields: fields, errorCount: errorCount, hasErrors: errorCount > 0, general: general, conflict: nil, cancel: cancel)
        return Reply.html(services.render(view, "edit"), status: status)
    }

    func renderEdit(user: SignedInUser, code: String, version: Int, fields: [RecordForm.Field], conflict: Conflict?, memberNo: Int?,
                    status: HTTPResponse.Status = .ok) -> Response {
        let path = "/households/\(HouseholdViews.urlPath(code))"
        let view = EditView(
            layout: layout(memberNo == nil ? "Sửa hộ \(code)" : "Sửa thành viên \(memberNo!) — hộ \(code)", user, "households"),
            code: code, title: memberNo == nil ? "Sửa thông tin hộ \(code)" : "Sửa thành viên STT \(memberNo!) của hộ \(code)",
            action: memberNo.map { "\(path)/members/\($0)/edit" } ?? "\(path)/edit", version: version, fields: fields,
            errorCount: fields.filter { $0.error != nil }.count, hasErrors: fields.contains { $0.error != nil },
            conflict: conflict, cancel: path)
        return Reply.html(services.render(view, "edit"), status: status)
    }

    /// A stale form (xung đột chỉnh sửa): nothing is saved; the user sees who changed what since
    /// the version the form was read at, and the form again on the current version with their input.
    func renderConflict(user: SignedInUser, code: String, expected: Int, actual: Int, form: [String: String], memberNo: Int?,
                        access: AccessContext) throws -> Response {
        var changes: [Change] = []
        if let history = try services.store.history(householdCode: code, context: access) {
            for event in history.events where (event.version ?? 0) > expected {
                for c in event.changes {
                    changes.append(Change(at: HouseholdViews.timestamp(event.at), account: event.account,
                                          field: (event.memberNo.map { "Thành viên \($0): " } ?? "") + label(c.field),
                                          before: c.before ?? "", after: c.after ?? ""))
                }
            }
        }
        let conflict = Conflict(message: StoreError.staleVersion(householdCode: code, expected: expected, actual: actual).message, changes: changes)
        let fields = memberNo == nil ? RecordForm.householdFields(form) : RecordForm.memberFields(form)
        return renderEdit(user: user, code: code, version: actual, fields: fields, conflict: conflict, memberNo: memberNo, status: .conflict)
    }

    func label(_ field: String) -> String {
        HouseholdColumn(header: field)?.vietnameseHeaders.first ?? MemberColumn(header: field)?.vietnameseHeaders.first ?? field
    }

    func matchName(_ m: SearchMatch) -> String {
        switch m {
        case .nationalID: "Số CCCD"
        case .householdCode: "Mã hộ"
        case .fullName: "Họ tên"
        case .namePrefix: "Họ tên (bắt đầu)"
        case .givenName: "Tên"
        case .nationalIDLast4: "Số CCCD (4 số cuối)"
        case .village: "Thôn"
        }
    }

    func filterView(_ request: Request, filter: HouseholdFilter, page: Int) -> HouseholdViews.Filter {
        let classes = filter.classes ?? []
        return HouseholdViews.Filter(
            q: request.query("q") ?? "", village: filter.village ?? "", page: page,
            classOptions: [RecordForm.Option(value: "", label: "Tất cả", selected: classes.isEmpty)]
                + [RecognisedClass.poor, .nearPoor, .average, .notPoor].map { RecordForm.Option(value: $0.rawValue, label: $0.povertyClass.vietnamese,
                                                                                                  selected: classes == [$0]) }
                + [RecordForm.Option(value: "poor,near_poor", label: "Nghèo và cận nghèo", selected: classes == [.poor, .nearPoor])],
            causeOptions: [RecordForm.Option(value: "", label: "Tất cả", selected: filter.cause == nil)]
                + PovertyCause.allCases.map { RecordForm.Option(value: $0.rawValue, label: $0.vietnamese, selected: filter.cause == $0) },
            emYes: filter.ethnicMinority == true, emNo: filter.ethnicMinority == false,
            meritYes: filter.meritorious == true, meritNo: filter.meritorious == false)
    }

    func pageLink(_ request: Request, _ page: Int) -> String {
        var pairs = request.queryPairs.filter { $0.0 != "page" }
        pairs.append(("page", String(page)))
        return "/households?" + FormEncoding.encode(pairs)
    }

    func exportLink(_ request: Request, _ format: String) -> String {
        var pairs = request.queryPairs.filter { $0.0 != "page" && $0.0 != "format" }
        pairs.append(("format", format))
        return "/export/households?" + FormEncoding.encode(pairs)
    }
}
