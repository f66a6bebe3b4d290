import Access
import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import VietnameseText

/// Imports uploaded files (nhập tệp) with the command line's importer — all or nothing, every
/// error listed — after checking that every household lies in the uploader's units: a household
/// outside them, or a code that already belongs to a household outside them, is an error of
/// its row, so an upload can never overwrite another commune's records.
struct ImportService: Sendable {
    let services: WebServices

    struct Outcome {
        var dryRun: Bool
        var committed: Bool
        var counts: ImportCounts?
        var errors: [ImportError]
        var totalErrors: Int
        var warnings: [ImportError]
        var errorCSV: Data?
    }

    /// Uploaded files wait in a private folder under a random id until they are committed or
    /// an hour has passed, so the commit after a dry run imports exactly the files checked.
    static let uploads = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-uploads")

    func stage(accountID: Int64, households: (name: String, data: Data), members: (name: String, data: Data)) throws -> String {
        let id = Secrets.randomToken().prefix(32).description
        let dir = Self.uploads.appendingPathComponent("\(accountID)-\(id)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        func save(_ file: (name: String, data: Data), _ fallback: String) throws {
            let ext = file.name.lowercased().hasSuffix(".xlsx") ? "xlsx" : "csv"
            try file.data.write(to: dir.appendingPathComponent("\(fallback).\(ext)"))
            try Data(file.name.utf8).write(to: dir.appendingPathComponent("\(fallback).name"))
        }
        try save(households, "households")
        try save(members, "members")
        Self.sweep()
        return id
    }

    /// Removes uploads older than an hour.
    static func sweep() {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: uploads.path)) ?? [] {
            let url = uploads.appendingPathComponent(name)
            if let date = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, Date().timeIntervalSince(date) > 3600 {
                try? fm.removeItem(at: url)
            }
        }
    }

    func files(accountID: Int64, uploadID: String) throws -> (households: URL, members: URL, names: (String, String), dir: URL) {
        guard uploadID.allSatisfy({ $0.isHexDigit }), !uploadID.isEmpty else { throw WebError.notFound }
        let dir = Self.uploads.appendingPathComponent("\(accountID)-\(uploadID)")
        func find(_ base: String) throws -> (URL, String) {
            for ext in ["csv", "xlsx"] {
                let url = dir.appendingPathComponent("\(base).\(ext)")
                if FileManager.default.fileExists(atPath: url.path) {
                    let name = (try? String(contentsOf: dir.appendingPathComponent("\(base).name"), encoding: .utf8)) ?? base
                    return (url, name.isEmpty ? "\(base).\(ext)" : name)
                }
            }
            throw WebError(status: .notFound, code: "import.upload_expired", message: "Tệp đã tải lên không còn (quá 1 giờ). Hãy tải lên lại.")
        }
        let (h, hn) = try find("households"), (m, mn) = try find("members")
        return (h, m, (hn, mn), dir)
    }

    func run(_ user: SignedInUser, uploadID: String, dryRun: Bool, replaceMembers: Bool, access: AccessContext) throws -> Outcome {
        guard services.policy.allows(.editHousehold, user.assignments, on: services.today) else { throw WebError.forbidden }
        let scope = services.policy.scope(.editHousehold, user.assignments, on: services.today)
        guard !scope.isEmpty else { throw WebError.forbidden }
        let (hURL, mURL, names, dir) = try files(accountID: user.account.id, uploadID: uploadID)
        let scopeErrors = try checkScope(hURL: hURL, mURL: mURL, scope: scope, fileName: names.0)
        if !scopeErrors.isEmpty {
            var report = ImportErrorReport()
            for e in scopeErrors { report.add(e) }
            return Outcome(dryRun: dryRun, committed: false, counts: nil, errors: report.sortedErrors, totalErrors: report.totalErrorCount,
                           warnings: [], errorCSV: report.csvData())
        }
        do {
            let result = try RegistryImporter.importFiles(
                households: hURL, members: mURL, into: services.store,
                options: ImportOptions(reviewYear: services.today.year, dryRun: dryRun, replaceMembers: replaceMembers,
                                       catalog: try services.store.unitCatalog()),
                access: access)
            if !dryRun { try? FileManager.default.removeItem(at: dir) }
            return Outcome(dryRun: dryRun, committed: !dryRun, counts: result.counts, errors: [], totalErrors: 0, warnings: result.warnings,
                           errorCSV: nil)
        } catch var report as ImportErrorReport {
            report = renamed(report, names)
            return Outcome(dryRun: dryRun, committed: false, counts: nil, errors: report.sortedErrors, totalErrors: report.totalErrorCount,
                           warnings: report.warnings, errorCSV: report.csvData(includeWarnings: true))
        } catch let error as InterchangeFileError {
            return Outcome(dryRun: dryRun, committed: false, counts: nil,
                           errors: [ImportError(file: names.0, row: 0, column: "", message: "\(error)", code: "file.unreadable")],
                           totalErrors: 1, warnings: [], errorCSV: nil)
        }
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
