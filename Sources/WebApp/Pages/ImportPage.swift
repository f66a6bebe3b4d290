import Foundation
import Hummingbird
import Interchange
import Store
import VietnameseText

/// The import page (nhập dữ liệu): upload the two files, see the dry-run result and every error,
/// then commit exactly the files checked.
struct ImportPage {
    let services: WebServices

    struct ErrorRow { var file: String; var row: Int; var column: String; var value: String; var message: String; var code: String }
    struct CountRow { var label: String; var value: String }

    struct View {
        var layout: Layout
        var uploadID: String?
        var checked: Bool, committed: Bool, hasErrors: Bool
        var errors: [ErrorRow]
        var errorCount: String
        var truncated: Bool
        var counts: [CountRow]
        /// Whether there are counts (templates cannot test an array for emptiness without looping).
        var hasCounts = false
        var replaceMembers: Bool
        var fileNames: String
        /// Why a commit was refused (expired, registry changed, unknown).
        var problem: String? = nil
        var problemCode: String? = nil
    }

    func register(_ router: Router<AppContext>) {
        registerDiscard(router)
        router.get("/import") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.editHousehold, user.assignments, on: services.today) else { throw WebError.forbidden }
            return render(View(layout: layout(user), uploadID: nil, checked: false, committed: false, hasErrors: false, errors: [],
                               errorCount: "0", truncated: false, counts: [], replaceMembers: false, fileNames: ""))
        }
        router.post("/import") { request, context in
            var request = request
            let user = try context.requireUser()
            guard let type = request.headers[.contentType], let boundary = Multipart.boundary(contentType: type) else {
                throw WebError.badRequest("import.form", "Hãy chọn tệp hộ và tệp thành viên rồi bấm Kiểm tra")
            }
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let parts = Multipart.parse(Data(buffer: body), boundary: boundary)
            func field(_ name: String) -> String? { parts.first { $0.name == name }.map { String(decoding: $0.data, as: UTF8.self) } }
            try CSRF.check(field("_csrf"), user: user)
            guard let h = parts.first(where: { $0.name == "households" && !$0.data.isEmpty }),
                  let m = parts.first(where: { $0.name == "members" && !$0.data.isEmpty }) else {
                throw WebError.badRequest("import.files_missing", "Cần cả tệp danh sách hộ và tệp thành viên (CSV hoặc XLSX)")
            }
            let service = ImportService(services: services), access = context.access(request, user: user)
            let hFile = (h.fileName ?? "households.csv", h.data), mFile = (m.fileName ?? "members.csv", m.data)
            let replace = field("replace_members") == "on"
            let outcome = try await Offload.run { try service.stage(user, households: hFile, members: mFile, replaceMembers: replace, access: access) }
            return render(view(user, outcome), status: outcome.errors.isEmpty ? .ok : .unprocessableContent)
        }
        router.post("/import/:id/commit") { request, context in
            var request = request
            let user = try context.requireUser()
            let id = try context.parameters.require("id")
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            do {
                let service = ImportService(services: services), access = context.access(request, user: user)
                let outcome = try await Offload.run { try service.commit(user, id: id, access: access) }
                return render(view(user, outcome), status: outcome.errors.isEmpty ? .ok : .unprocessableContent)
            } catch let error as WebError where error.status != .forbidden {
                // Expired, changed registry, unknown id: said on the import page, which offers a new upload.
                var page = View(layout: layout(user), uploadID: nil, checked: false, committed: false, hasErrors: false, errors: [],
                                errorCount: "0", truncated: false, counts: [], replaceMembers: false, fileNames: "")
                page.problem = error.message
                page.problemCode = error.code
                return render(page, status: error.status)
            }
        }
    }

    func registerDiscard(_ router: Router<AppContext>) {
        router.post("/import/:id/discard") { request, context in
            var request = request
            let user = try context.requireUser()
            let form = try await request.formFields(context: context)
            try CSRF.check(form["_csrf"], user: user)
            try? ImportService(services: services).discard(user, id: try context.parameters.require("id"))
            return Reply.redirect("/import")
        }
    }

    func layout(_ user: SignedInUser) -> Layout { Layout(title: "Nhập dữ liệu", user: user, active: "import", canImport: true) }

    func view(_ user: SignedInUser, _ o: ImportService.Outcome) -> View {
        var counts: [CountRow] = []
        if let c = o.counts {
            let f = HouseholdViews.formatInt
            counts = [
                CountRow(label: "Hộ thêm mới", value: f(c.householdsCreated)), CountRow(label: "Hộ cập nhật", value: f(c.householdsUpdated)),
                CountRow(label: "Hộ không đổi", value: f(c.householdsUnchanged)), CountRow(label: "Thành viên thêm mới", value: f(c.membersCreated)),
                CountRow(label: "Thành viên cập nhật", value: f(c.membersUpdated)), CountRow(label: "Thành viên không đổi", value: f(c.membersUnchanged)),
                CountRow(label: "Thành viên bị xóa", value: f(c.membersRemoved)), CountRow(label: "Thôn mới", value: f(c.villagesCreated)),
            ]
        }
        return View(layout: layout(user), uploadID: o.errors.isEmpty && !o.committed ? o.id : nil, checked: true, committed: o.committed,
                    hasErrors: !o.errors.isEmpty,
                    errors: o.errors.prefix(1000).map { ErrorRow(file: $0.file, row: $0.row, column: $0.column, value: $0.value, message: $0.message, code: $0.code) },
                    errorCount: HouseholdViews.formatInt(o.totalErrors), truncated: o.totalErrors > 1000, counts: counts, hasCounts: !counts.isEmpty,
                    replaceMembers: o.replaceMembers, fileNames: "\(o.fileNames.households) + \(o.fileNames.members)")
    }

    func render(_ view: View, status: HTTPResponse.Status = .ok) -> Response {
        Reply.html(services.render(view, "import"), status: status)
    }
}
