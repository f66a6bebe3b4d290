import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreSQLite
import Synthetic
import Testing

/// A fresh directory under the system temp folder, removed by `cleanup()`.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func write(_ name: String, _ text: String) throws -> URL {
        let u = file(name)
        try Data(text.utf8).write(to: u)
        return u
    }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root (…/Tests/StoreSQLiteTests/Support.swift → three levels up).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let tester = AccessContext(account: "tester", role: "COM", purpose: "review")

/// Imports a file set and returns the result, failing the test with every error when the files are invalid.
@discardableResult
func importOK(_ store: SQLiteRegistryStore, _ households: URL, _ members: URL, year: Int = 2026,
              replaceMembers: Bool = false, dryRun: Bool = false, access: AccessContext = tester) throws -> ImportResult {
    do {
        return try RegistryImporter.importFiles(
            households: households, members: members, into: store,
            options: ImportOptions(reviewYear: year, dryRun: dryRun, replaceMembers: replaceMembers), access: access)
    } catch let report as ImportErrorReport {
        Issue.record("import failed:\n\(report.description)")
        throw report
    }
}

/// Imports and expects an error report.
func importErrors(_ store: SQLiteRegistryStore, _ households: URL, _ members: URL, year: Int = 2026,
                  replaceMembers: Bool = false) throws -> ImportErrorReport {
    do {
        _ = try RegistryImporter.importFiles(
            households: households, members: members, into: store,
            options: ImportOptions(reviewYear: year, replaceMembers: replaceMembers), access: tester)
    } catch let report as ImportErrorReport {
        return report
    }
    Issue.record("import unexpectedly succeeded")
    return ImportErrorReport()
}

/// Generated registry files (deterministic).
func generated(_ dir: TempDir, households: Int, seed: UInt64 = 7, province: String? = nil) throws -> (URL, URL) {
    let out = dir.file("gen-\(seed)")
    _ = try SyntheticRegistry(configuration: .init(households: households, seed: seed, year: 2026, provinceCode: province)).generate(to: out)
    return (out.appendingPathComponent("households.csv"), out.appendingPathComponent("members.csv"))
}

/// Every household with members, as the store has them, in registry order.
func snapshot(_ store: SQLiteRegistryStore) throws -> [StoredHousehold] {
    var all: [StoredHousehold] = []
    try store.forEachHousehold(in: .all) { all.append($0) }
    return all
}

let householdHeader = "household_code,commune_code,village,address,area_type,reference_date,monthly_income_per_capita,clean_water,recognised_class,recognised_year"
let memberHeader = "household_code,member_no,full_name,relation,sex,birth_date,national_id,ethnicity,mass_organisations"
