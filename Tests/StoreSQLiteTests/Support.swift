import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreSQLite
import StoreTestSupport
import Synthetic
import Testing

/// A fresh directory under the system temp folder, and the registries a test made in it, all
/// removed by `cleanup()` (PostgreSQL databases dropped).
final class TempDir: @unchecked Sendable {
    let url: URL
    private var registries: [TestRegistry] = []

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

    /// A new, empty registry of `backend`.
    func registry(_ backend: StoreBackend, _ name: String = "r") throws -> TestRegistry {
        let registry = try backend.makeRegistry(in: url, name: name)
        registries.append(registry)
        return registry
    }

    /// A store on a new, empty registry of `backend`.
    func store(_ backend: StoreBackend, _ name: String = "r") throws -> any FullStore {
        try registry(backend, name).open()
    }

    func cleanup() {
        for r in registries { r.drop() }
        try? FileManager.default.removeItem(at: url)
    }
}

/// Both backends, for `@Test(arguments:)`.
let backends = StoreBackend.allCases

/// The repository root (…/Tests/StoreSQLiteTests/Support.swift → three levels up).
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let tester = AccessContext(account: "tester", role: "COM", purpose: "review")

/// Imports a file set and returns the result, failing the test with every error when the files are invalid.
@discardableResult
func importOK(_ store: any RegistryStore, _ households: URL, _ members: URL, year: Int = 2026,
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
func importErrors(_ store: any RegistryStore, _ households: URL, _ members: URL, year: Int = 2026,
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
func snapshot(_ store: any RegistryStore) throws -> [StoredHousehold] {
    var all: [StoredHousehold] = []
    try store.forEachHousehold(in: .all) { all.append($0) }
    return all
}

let householdHeader = "household_code,commune_code,village,address,area_type,reference_date,monthly_income_per_capita,clean_water,recognised_class,recognised_year"
let memberHeader = "household_code,member_no,full_name,relation,sex,birth_date,national_id,ethnicity,mass_organisations"

// MARK: Small hand-written registries

/// A commune of the 2025 list (Hà Tĩnh), valid for review year 2026, as in `Examples/`.
let testCommune = "18739"

/// A household file and a member file written row by row, with the headers
/// ``householdHeader`` and ``memberHeader``. Row numbers follow Excel: the header is row 1.
struct Fixture {
    var households: [[String]] = []
    var members: [[String]] = []

    /// A valid 12-digit national id, stable for a household and member number (province 001–096).
    static func nationalID(_ code: String, _ no: Int) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "\(code)#\(no)".utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        let province = 1 + Int(h % 96)
        let rest = (h / 96) % 1_000_000_000
        return String(format: "%03d%09llu", province, rest)
    }

    mutating func household(_ code: String, commune: String = testCommune, village: String = "Thôn Trung Sơn",
                            area: String = "rural", referenceDate: String = "", income: String = "",
                            cleanWater: String = "", recognisedClass: String = "", recognisedYear: String = "") {
        households.append([code, commune, village, "", area, referenceDate, income, cleanWater, recognisedClass, recognisedYear])
    }

    /// A member; `nationalID` "auto" gives ``nationalID(_:_:)`` to people born before 2012 (14 or older in 2026), blank to children.
    mutating func member(_ code: String, _ no: Int, _ name: String, relation: String = "head", sex: String = "M",
                         birth: String = "1980", nationalID: String = "auto", ethnicity: String = "Kinh",
                         organisations: String = "") {
        let year = Int(birth.suffix(4)) ?? Int(birth.prefix(4)) ?? 1980
        let nid = nationalID == "auto" ? (year < 2012 ? Self.nationalID(code, no) : "") : nationalID
        members.append([code, String(no), name, relation, sex, birth, nid, ethnicity, organisations])
    }

    /// A household with a head and, optionally, a spouse and a child.
    mutating func family(_ code: String, head: String, spouse: String? = nil, child: String? = nil,
                         village: String = "Thôn Trung Sơn", commune: String = testCommune, referenceDate: String = "",
                         income: String = "1.500.000", recognisedClass: String = "", recognisedYear: String = "") {
        household(code, commune: commune, village: village, referenceDate: referenceDate, income: income,
                  recognisedClass: recognisedClass, recognisedYear: recognisedYear)
        member(code, 1, head)
        if let spouse { member(code, 2, spouse, relation: "spouse", sex: "F", birth: "1982") }
        if let child { member(code, 3, child, relation: "child", birth: "2015") }
    }

    /// Excel row of the first member row of `code` (header = 1).
    func memberRow(_ code: String, _ no: Int) -> Int {
        2 + members.firstIndex { $0[0] == code && $0[1] == String(no) }!
    }

    /// Excel row of the household `code`.
    func householdRow(_ code: String) -> Int { 2 + households.firstIndex { $0[0] == code }! }

    /// Writes `households.csv` and `members.csv` into a fresh sub-folder `name` of `dir`, leaving
    /// out the named columns (header and cells) when asked.
    func write(_ dir: TempDir, _ name: String, withoutHouseholdColumn: String? = nil,
               withoutMemberColumn: String? = nil) throws -> (URL, URL) {
        let folder = dir.file(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func csv(_ header: String, _ rows: [[String]], without: String?) -> String {
            let names = header.split(separator: ",").map(String.init)
            let keep = names.indices.filter { names[$0] != without }
            let lines = [keep.map { names[$0] }] + rows.map { r in keep.map { r[$0] } }
            return lines.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
        }
        let h = folder.appendingPathComponent("households.csv"), m = folder.appendingPathComponent("members.csv")
        try Data(csv(householdHeader, households, without: withoutHouseholdColumn).utf8).write(to: h)
        try Data(csv(memberHeader, members, without: withoutMemberColumn).utf8).write(to: m)
        return (h, m)
    }

    private static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// Everything an import could change, to compare before and after a refused one.
struct StoreState: Equatable {
    var counts: [Int]
    var households: [StoredHousehold]
    var status: [String: [StatusRecord]]
    var villages: [String]
    var auditSequences: [Int64]
}

func state(_ store: any RegistryStore, communes: [String] = [testCommune]) throws -> StoreState {
    let c = try store.counts()
    var status: [String: [StatusRecord]] = [:]
    try store.forEachStatusHistory(in: .all) { code, _, records in status[code] = records }
    return StoreState(
        counts: [c.households, c.members], households: try snapshot(store), status: status,
        villages: try communes.flatMap { try store.villages(communeCode: $0) },
        auditSequences: try store.auditEntries(AuditFilter(limit: 1_000_000)).map(\.sequence))
}

/// Whether a text is Vietnamese: it has letters with Vietnamese diacritics (ă, â, đ, ê, ô, ơ, ư or a tone mark).
func isVietnamese(_ text: String) -> Bool {
    let marks = Set("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    return text.contains { marks.contains($0) }
}

/// A minimal RFC 4180 reader (quoted fields, CRLF or LF), for checking written CSV files.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, i = text.startIndex
    var text = text
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    i = text.startIndex
    while i < text.endIndex {
        let c = text[i]
        if quoted {
            if c == "\"" {
                let n = text.index(after: i)
                if n < text.endIndex && text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
            } else { field.append(c) }
        } else if c == "\"" { quoted = true }
        else if c == "," { row.append(field); field = "" }
        else if c == "\r\n" || c == "\n" || c == "\r" { row.append(field); rows.append(row); row = []; field = "" }
        else { field.append(c) }
        i = text.index(after: i)
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
