import Access
import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import Synchronization
import VietnameseText

/// Imports uploaded files (nhập tệp) in two steps, for the import page and the API alike:
///
/// 1. ``stage(_:households:members:replaceMembers:access:)``: the two files are kept under a
///    random id and checked by a dry run of the command line's importer — every error listed,
///    nothing written — after checking that every household lies in the uploader's units (a
///    household outside them, or a code that already belongs to a household outside them, is an
///    error of its row, so an upload can never overwrite another commune's records).
/// 2. ``commit(_:id:access:)`` imports exactly the files checked, with the options of the check,
///    or ``discard(_:id:)`` drops them.
///
/// Choices where the spec is silent:
/// - A staged import lives one hour (``lifetime``); after that its commit is refused
///   (`import.expired`) and its files are removed at the next upload.
/// - Only the account that uploaded sees its staged import; another's id is "not found".
/// - The commit is refused (`import.registry_changed`, nothing written) when a household the files
///   name was changed, created or removed since the dry run: the dry run's counts would no longer
///   be what the commit does, and the import's upsert would overwrite an edit the uploader never
///   saw. The versions are compared just before the import starts, not inside its transaction:
///   an edit landing in those milliseconds is not detected (the window of any import beside
///   edits). Everything else that changed is caught by the import validating again, all or nothing.
struct ImportService: Sendable {
    let services: WebServices

    struct Outcome {
        var id: String?
        var dryRun: Bool
        var committed: Bool
        var counts: ImportCounts?
        var batchID: Int64?
        var errors: [ImportError]
        var totalErrors: Int
        var warnings: [ImportError]
        var expiresAt: Date?
        var replaceMembers: Bool
        var fileNames: (households: String, members: String)
    }

    /// What the dry run found, kept beside the files (`staged.json`).
    struct Manifest: Codable {
        var householdsFile: String, membersFile: String
        var householdsSHA256: String, membersSHA256: String
        var replaceMembers: Bool
        var checkedAt: Date, expiresAt: Date
        var valid: Bool
        /// Version of every household the files name that existed at the dry run…
        var versions: [String: Int]
        /// …and the codes that did not exist then.
        var absent: [String]
    }

    /// How long a staged import may be committed.
    static let lifetime: TimeInterval = 3600

    /// Uploaded files wait in a private folder, one per account and id.
    static let uploads = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-uploads")

    /// Ids being committed in this process (a second commit of the same id waits its turn).
    static let committing = Mutex<Set<String>>([])

    static let notFound = WebError(status: .notFound, code: "import.not_found",
                                   message: "Không có lô nhập này (đã nhập, đã hủy, quá hạn hoặc không phải của bạn). Hãy tải tệp lên lại.")

    /// Stages two uploaded files and checks them (dry run); the outcome carries the id to commit.
    func stage(_ user: SignedInUser, households: (name: String, data: Data), members: (name: String, data: Data), replaceMembers: Bool,
               access: AccessContext) throws -> Outcome {
        let scope = try editScope(user)
        let id = Secrets.randomToken().prefix(32).description
        let dir = directory(accountID: user.account.id, id: id)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func save(_ file: (name: String, data: Data), _ base: String) throws -> URL {
            let url = dir.appendingPathComponent("\(base).\(file.name.lowercased().hasSuffix(".xlsx") ? "xlsx" : "csv")")
            try file.data.write(to: url)
            return url
        }
        let hURL = try save(households, "households"), mURL = try save(members, "members")
        Self.sweep()
        let names = (households.name, members.name)
        var outcome = try run(hURL: hURL, mURL: mURL, names: names, scope: scope, dryRun: true, replaceMembers: replaceMembers, access: access)
        let now = services.clock()
        // Files the check could not read are not committable anyway: no households to remember.
        let codes = outcome.errors.isEmpty ? try Self.householdCodes(households: hURL, members: mURL) : []
        let versions = try services.store.householdVersions(codes: codes)
        let manifest = Manifest(householdsFile: names.0, membersFile: names.1,
                                householdsSHA256: SHA256.hex(households.data), membersSHA256: SHA256.hex(members.data),
                                replaceMembers: replaceMembers, checkedAt: now, expiresAt: now.addingTimeInterval(Self.lifetime),
                                valid: outcome.errors.isEmpty, versions: versions, absent: codes.filter { versions[$0] == nil })
        try JSONEncoder().encode(manifest).write(to: dir.appendingPathComponent("staged.json"))
        outcome.id = id
        outcome.expiresAt = manifest.expiresAt
        return outcome
    }

    /// The staged import `id` of this user, as checked.
    func staged(_ user: SignedInUser, id: String) throws -> (manifest: Manifest, households: URL, members: URL, dir: URL) {
        guard !id.isEmpty, id.count <= 64, id.allSatisfy(\.isHexDigit) else { throw Self.notFound }
        let dir = directory(accountID: user.account.id, id: id)
        guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent("staged.json").path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { throw Self.notFound }
        func file(_ base: String) throws -> URL {
            for ext in ["csv", "xlsx"] where FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(base).\(ext)").path) {
                return dir.appendingPathComponent("\(base).\(ext)")
            }
            throw Self.notFound
        }
        return (manifest, try file("households"), try file("members"), dir)
    }

    /// Imports exactly the files checked under `id`, with the options of the check; the staged
    /// files are removed once committed.
    func commit(_ user: SignedInUser, id: String, access: AccessContext) throws -> Outcome {
        let scope = try editScope(user)
        let claimed = Self.committing.withLock { $0.insert(id).inserted }
        guard claimed else {
            throw WebError(status: .conflict, code: "import.in_progress", message: "Lô nhập này đang được ghi; hãy chờ kết quả.")
        }
        defer { _ = Self.committing.withLock { $0.remove(id) } }
        let s = try staged(user, id: id)
        let m = s.manifest
        let names = (m.householdsFile, m.membersFile)
        guard services.clock() < m.expiresAt else {
            try? FileManager.default.removeItem(at: s.dir)
            throw WebError(status: .gone, code: "import.expired",
                           message: "Lô nhập đã quá hạn (kiểm tra lúc \(HouseholdViews.timestamp(m.checkedAt)), giữ 1 giờ). Hãy tải tệp lên lại.")
        }
        guard m.valid else {
            throw WebError(status: .unprocessableContent, code: "import.invalid",
                           message: "Lần kiểm tra lô nhập này có lỗi; hãy sửa tệp rồi tải lên lại.")
        }
        guard (try? SHA256.hex(Data(contentsOf: s.households))) == m.householdsSHA256,
              (try? SHA256.hex(Data(contentsOf: s.members))) == m.membersSHA256 else { throw Self.notFound }
        let codes = Array(m.versions.keys) + m.absent
        let now = try services.store.householdVersions(codes: codes)
        let changed = codes.filter { now[$0] != m.versions[$0] }.sorted()
        if !changed.isEmpty {
            throw WebError(
                status: .conflict, code: "import.registry_changed",
                message: "Sổ hộ đã thay đổi từ lúc kiểm tra: \(changed.count) hộ trong tệp vừa được sửa, thêm hoặc xóa (\(changed.prefix(5).joined(separator: ", "))"
                    + "\(changed.count > 5 ? ", …" : "")). Chưa ghi gì; hãy tải tệp lên và kiểm tra lại.",
                details: changed.prefix(1000).map { code in
                    WebError.FieldProblem(field: "household_code", code: "household.changed",
                                          message: "Hộ \(code): phiên bản lúc kiểm tra \(m.versions[code].map(String.init) ?? "chưa có"), nay "
                                              + "\(now[code].map(String.init) ?? "không còn")", value: code)
                })
        }
        var outcome = try run(hURL: s.households, mURL: s.members, names: names, scope: scope, dryRun: false, replaceMembers: m.replaceMembers,
                              access: access)
        outcome.id = id
        if outcome.committed { try? FileManager.default.removeItem(at: s.dir) }
        return outcome
    }

    /// Drops a staged import.
    func discard(_ user: SignedInUser, id: String) throws {
        let s = try staged(user, id: id)
        try FileManager.default.removeItem(at: s.dir)
    }

    func editScope(_ user: SignedInUser) throws -> HouseholdScope {
        guard services.policy.allows(.editHousehold, user.assignments, on: services.today) else { throw WebError.forbidden }
        let scope = services.policy.scope(.editHousehold, user.assignments, on: services.today)
        guard !scope.isEmpty else { throw WebError.forbidden }
        return scope
    }

    func directory(accountID: Int64, id: String) -> URL { Self.uploads.appendingPathComponent("\(accountID)-\(id)") }

    /// Removes staged imports older than their lifetime.
    static func sweep() {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: uploads.path)) ?? [] {
            let url = uploads.appendingPathComponent(name)
            if let date = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, Date().timeIntervalSince(date) > lifetime {
                try? fm.removeItem(at: url)
            }
        }
    }

    /// Every household code the two files name (household rows, and the households of member rows).
    static func householdCodes(households: URL, members: URL) throws -> [String] {
        let (h, m) = try RegistryFileSet.openSources(households: households, members: members)
        var codes = Set<String>()
        func collect(_ source: any RowSource, _ index: Int?) throws {
            guard let index else { return }
            while try source.nextRow({ row in
                let code = VietnameseText.nfc(row.string(index))
                if !code.isEmpty { codes.insert(code) }
            }) {}
        }
        try collect(h, h.headers.firstIndex { HouseholdColumn(header: $0) == .householdCode })
        try collect(m, m.headers.firstIndex { MemberColumn(header: $0) == .householdCode })
        return codes.sorted()
    }

    func run(hURL: URL, mURL: URL, names: (String, String), scope: HouseholdScope, dryRun: Bool, replaceMembers: Bool,
             access: AccessContext) throws -> Outcome {
        var outcome = Outcome(id: nil, dryRun: dryRun, committed: false, counts: nil, batchID: nil, errors: [], totalErrors: 0, warnings: [],
                              expiresAt: nil, replaceMembers: replaceMembers, fileNames: names)
        do {
            let scopeErrors = try checkScope(hURL: hURL, mURL: mURL, scope: scope, fileName: names.0)
            if !scopeErrors.isEmpty {
                var report = ImportErrorReport()
                for e in scopeErrors { report.add(e) }
                outcome.errors = report.sortedErrors
                outcome.totalErrors = report.totalErrorCount
                return outcome
            }
            let result = try RegistryImporter.importFiles(
                households: hURL, members: mURL, into: services.store,
                options: ImportOptions(reviewYear: services.today.year, dryRun: dryRun, replaceMembers: replaceMembers,
                                       catalog: try services.store.unitCatalog()),
                access: access)
            outcome.committed = !dryRun
            outcome.counts = result.counts
            outcome.batchID = result.batch?.id
            outcome.warnings = result.warnings
        } catch var report as ImportErrorReport {
            report = renamed(report, names)
            outcome.errors = report.sortedErrors
            outcome.totalErrors = report.totalErrorCount
            outcome.warnings = report.warnings
        } catch let error as InterchangeFileError {
            // Not a table at all (another kind of file, a broken workbook, not UTF-8): the file's one error.
            let file = error.file.hasPrefix("members.") ? names.1 : names.0
            outcome.errors = [ImportError(file: file, row: error.row ?? 0, column: "", message: error.message + (error.detail.map { " (\($0))" } ?? ""),
                                          code: error.code.rawValue)]
            outcome.totalErrors = 1
        }
        return outcome
    }

    /// Errors name the files as the user uploaded them.
    func renamed(_ report: ImportErrorReport, _ names: (String, String)) -> ImportErrorReport {
        var out = ImportErrorReport(capacity: report.capacity)
        func fix(_ e: ImportError) -> ImportError {
            var e = e
            if e.file.hasPrefix("households.") { e.file = names.0 } else if e.file.hasPrefix("members.") { e.file = names.1 }
            return e
        }
        for e in report.sortedErrors { out.add(fix(e)) }
        for w in report.warnings { out.addWarning(fix(w)) }
        return out
    }

    /// Rows whose commune, or whose existing household, is outside the uploader's units.
    func checkScope(hURL: URL, mURL: URL, scope: HouseholdScope, fileName: String) throws -> [ImportError] {
        let (source, _) = try RegistryFileSet.openSources(households: hURL, members: mURL)
        let decoder = HouseholdFileDecoder(source: source, reviewYear: services.today.year)
        var errors: [ImportError] = []
        while let h = try decoder.next() {
            let inUnits = scope.clauses.contains { $0.communeCodes?.contains(h.communeCode) ?? true }
            if !inUnits {
                errors.append(ImportError(file: fileName, row: decoder.rowNumber, column: "commune_code", value: h.communeCode,
                                          message: "Xã \(h.communeCode) nằm ngoài địa bàn bạn được phân công", code: "commune_code.out_of_scope"))
                continue
            }
            let system = AccessContext(account: "system")
            if try services.store.household(code: h.householdCode, scope: .everything, audit: false, context: system) != nil,
               try services.store.household(code: h.householdCode, scope: scope, audit: false, context: system) == nil {
                errors.append(ImportError(file: fileName, row: decoder.rowNumber, column: "household_code", value: h.householdCode,
                                          message: "Mã hộ \(h.householdCode) đã thuộc một hộ ngoài địa bàn bạn được phân công",
                                          code: "household_code.out_of_scope"))
            }
        }
        return errors
    }
}
