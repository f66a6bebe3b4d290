import Access
import Foundation
import Hummingbird
import Interchange
import Registry
import RegistryTransfer
import Store

/// Export buttons of the lists (xuất danh sách): the households in the user's units matching the
/// list's unit and class filters, in the import format (households and members, as one ZIP), so
/// the file re-imports unchanged. Audited with row count and file hashes.
///
/// Not kept at rest on the server (roles.md §6): the files are written into a private temporary
/// folder (mode 0700), zipped in memory, the folder removed, and the ZIP sent to the browser; the
/// copy at rest is the user's, on their machine. The CLI's `export --encrypt` is for files that
/// stay on disk.
struct ExportRoutes {
    let services: WebServices

    func register(_ router: Router<AppContext>) {
        router.get("/export/households") { request, context in try await export(request, context) }
        router.get("/api/v1/export/households") { request, context in try await export(request, context) }
    }

    func export(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let access = context.access(request, user: user)
        guard services.policy.allows(.exportPersonal, user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: ["export_personal"], context: access)
            throw WebError.forbidden
        }
        let scope = services.policy.scope(.exportPersonal, user.assignments, on: services.today)
        // Exports select by commune; every role allowed to export has commune-wide clauses.
        var communes = Set<String>()
        for clause in scope.clauses {
            guard let codes = clause.communeCodes, clause.villages == nil, clause.organisation == nil else { throw WebError.forbidden }
            communes.formUnion(codes)
        }
        let filter = try HouseholdService(services: services).filter(from: request.query)
        if let narrow = filter.communeCodes { communes.formIntersection(narrow) }
        let format: ExportFormat = request.query("format") == "xlsx" ? .xlsx : .csv
        let headers: ExportHeaders = request.query("headers") == "en" ? .english : .vietnamese
        let selection = HouseholdSelection(communeCodes: communes, classes: filter.classes, classDate: filter.on)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let description = "web export \(request.uri.query ?? "")"
        let zip = try await Offload.run {
            let result = try RegistryExporter.export(from: services.store, selection: selection, description: description,
                                                     to: dir.appendingPathComponent("files"), format: format, headers: headers, access: access)
            return try ZipArchiveWriter.zip([result.householdsFile, result.membersFile])
        }
        return Reply.file(zip, contentType: "application/zip", fileName: "ho-gia-dinh-\(format == .xlsx ? "xlsx" : "csv").zip")
    }
}
