import Foundation
import GRDB
import StoreTestSupport
import Testing

/// Everything the database file holds, table by table, row by row (a canonical text dump), for
/// comparing a file before and after an interrupted import.
func dump(_ path: String) throws -> String {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in
        var out = ""
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for table in tables {
            out += "## \(table)\n"
            out += try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted().joined(separator: "\n")
            out += "\n"
        }
        out += "## indexes\n"
        out += try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").joined(separator: "\n")
        return out
    }
}

/// Everything a PostgreSQL registry holds, table by table: row counts and a digest of the rows in
/// a fixed order (read with psql as the superuser), for comparing before and after an import.
func dump(_ registry: TestRegistry) throws -> String {
    let server = try TestPostgresServer.shared()
    let tables = try server.psql("""
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1
        """, database: registry.database!).split(separator: "\n").map(String.init)
    var out = ""
    for table in tables {
        out += table + " " + (try server.psql("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \(table) t",
                                            database: registry.database!))
    }
    out += try server.psql("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'",
                           database: registry.database!)
    return out
}

/// A registry for a command-line test: a file name in the test's directory, or a PostgreSQL URL.
func commandLineRegistry(_ backend: StoreBackend, _ dir: TempDir) throws -> (db: String, registry: TestRegistry?) {
    switch backend {
    case .sqlite: return ("r.db", nil)
    case .postgres:
        let registry = try backend.makeRegistry(in: dir.url)
        return (registry.location, registry)
    }
}

@Suite("Registry commands on a real SQLite file and PostgreSQL database", .serialized)
struct RegistryCommandTests {
    @Test("import, search, history, export, audit verify, backup and restore through the command line",
          arguments: StoreBackend.allCases)
    func commands(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (db, registry) = try commandLineRegistry(backend, dir)
        defer { registry?.drop() }
        let examples = packageRoot.appendingPathComponent("Examples")
        let imported = try giamngheo(["import", "--db", db, "--user", "can-bo-xa", "--year", "2026",
                                      examples.appendingPathComponent("households.csv").path,
                                      examples.appendingPathComponent("members.csv").path], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Hộ: 10 thêm mới"))
        // Searching is diacritic-insensitive; the CCCD is masked in lists.
        let members = try String(contentsOf: examples.appendingPathComponent("members.csv"), encoding: .utf8)
        let firstMember = members.split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        let fullName = String(firstMember[2])
        let folded = fullName.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d").lowercased()
        let found = try giamngheo(["search", "--db", db, "--user", "can-bo-xa", folded], in: dir.url)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains(fullName))
        #expect(found.stdout.contains(String(firstMember[0])))
        #expect(!found.stdout.contains(String(firstMember[6])) || firstMember[6].isEmpty, "CCCD must be masked")

        let history = try giamngheo(["history", "--db", db, String(firstMember[0])], in: dir.url)
        #expect(history.status == 0)
        #expect(history.stdout.contains("Tạo mới (lô nhập 1)"))

        let export = try giamngheo(["export", "--db", db, "--unit", "42", "--format", "xlsx", "--out", "xuat"], in: dir.url)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(dir.exists("xuat/households.xlsx") && dir.exists("xuat/members.xlsx"))
        let reimport = try giamngheo(["import", "--db", db, "xuat/households.xlsx", "xuat/members.xlsx"], in: dir.url)
        #expect(reimport.status == 0, "\(reimport.stderr)")
        #expect(reimport.stdout.contains("0 thêm mới, 0 cập nhật, 10 không đổi"))

        let audit = try giamngheo(["audit", "list", "--db", db, "--household", String(firstMember[0])], in: dir.url)
        #expect(audit.stdout.contains("can-bo-xa read_personal search"))
        #expect(audit.stdout.contains("read_personal household_history"))
        let verify = try giamngheo(["audit", "verify", "--db", db], in: dir.url)
        #expect(verify.status == 0 && verify.stdout.contains("toàn vẹn"))

        // A backup restored into a new registry holds the same households and an intact audit chain.
        let backup = try giamngheo(["backup", "--db", db, "--out", "sao-luu"], in: dir.url)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("10 hộ"))
        let target = backend == .sqlite ? "khoi-phuc.db" : try backend.restoreTarget()
        // The backup holds no CCCD key: a SQLite registry is restored with the old key file, and used with it.
        let keyOption = backend == .sqlite ? ["--key-file", db + ".key"] : []
        let restore = try giamngheo(["restore", "--db", target] + keyOption + ["sao-luu"], in: dir.url)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("10 hộ") && restore.stdout.contains("nguyên vẹn"))
        let again = try giamngheo(["search", "--db", target] + keyOption + [folded], in: dir.url)
        #expect(again.stdout.contains(fullName))
        // Restoring over a registry with data is refused, and changes nothing.
        let refused = try giamngheo(["restore", "--db", db, "sao-luu"], in: dir.url)
        #expect(refused.status == 3)
    }

    @Test("bad input: every error printed and written as CSV, nothing imported, exit 2")
    func errors() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try dir.write("h.csv", "household_code,commune_code,village,area_type\nH1,18739,Thôn 1,rural\nH2,99999,Thôn 1,núi\n")
        try dir.write("m.csv", "household_code,member_no,full_name,relation,sex,birth_date,national_id\nH1,1,Lê Văn A,head,M,01/01/1980,0123\nH2,1,Lê Văn B,head,M,01/01/1980,\n")
        let r = try giamngheo(["import", "--db", "r.db", "h.csv", "m.csv", "--errors", "loi.csv"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.errorLines.contains { $0.hasPrefix("h.csv:3 commune_code \"99999\"") && $0.hasSuffix("[commune_code.unknown]") })
        #expect(r.errorLines.contains { $0.hasPrefix("h.csv:3 area_type \"núi\"") })
        #expect(r.errorLines.contains { $0.hasPrefix("m.csv:2 national_id \"0123\"") && $0.contains("12 chữ số") })
        #expect(r.stderr.contains("không có thay đổi nào được ghi"))
        let csv = try String(contentsOfFile: dir.path("loi.csv"), encoding: .utf8)
        #expect(csv.split(whereSeparator: \.isNewline).count == r.errorLines.count + 1)
        let search = try giamngheo(["search", "--db", "r.db", "le van a"], in: dir.url)
        #expect(search.stdout.contains("Không tìm thấy"))
    }

    @Test("kill -9 during an import leaves the database exactly as before", arguments: StoreBackend.allCases)
    func killDuringImport(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        // A registry with data (so the import is an upsert with versions) and a large file set.
        let examples = packageRoot.appendingPathComponent("Examples")
        let gen = try giamngheo(["generate", "--households", "60000", "--seed", "3", "--year", "2026", "--out", "gen"], in: dir.url)
        #expect(gen.status == 0, "\(gen.stderr)")
        var registries: [String: (db: String, registry: TestRegistry?)] = [:]
        for name in ["empty", "full"] {
            registries[name] = backend == .sqlite ? ("\(name).db", nil) : try commandLineRegistry(backend, dir)
            let created = try giamngheo(["import", "--db", registries[name]!.db, "--dry-run",
                                         examples.appendingPathComponent("households.csv").path,
                                         examples.appendingPathComponent("members.csv").path], in: dir.url)
            #expect(created.status == 0)
        }
        defer { for r in registries.values { r.registry?.drop() } }
        func snapshot(_ name: String) throws -> String {
            let r = registries[name]!
            return try r.registry.map { try dump($0) } ?? dump(dir.path(r.db))
        }
        let seeded = try giamngheo(["import", "--db", registries["full"]!.db, examples.appendingPathComponent("households.csv").path,
                                    examples.appendingPathComponent("members.csv").path], in: dir.url)
        #expect(seeded.status == 0)

        // Kill at given moments of the import, recognised by its phase trace (GIAMNGHEO_TRACE=1
        // prints each phase to standard error as it ends): while households are written, while
        // members are written, after all rows are written, and (into an empty registry) while
        // the indexes are rebuilt just before the commit.
        let indexMoment = backend == .sqlite ? "import: index household_village built" : "import: household indexes built"
        let moments = ["import: households file read", "import: members file read", "import: rows written", indexMoment]
        for name in ["empty", "full"] {
            for moment in moments where name == "empty" || moment != indexMoment {
                let before = try snapshot(name)
                let process = Process()
                process.executableURL = try CLI.executable()
                process.arguments = ["import", "--db", registries[name]!.db, "gen/households.csv", "gen/members.csv"]
                process.currentDirectoryURL = dir.url
                var environment = ProcessInfo.processInfo.environment
                environment["GIAMNGHEO_TRACE"] = "1"
                process.environment = environment
                let pipe = Pipe()
                process.standardOutput = FileHandle.nullDevice
                process.standardError = pipe
                try process.run()
                var seen = ""
                var killed = false
                while true {
                    let data = pipe.fileHandleForReading.availableData
                    if data.isEmpty { break }  // end of file: the process ended
                    seen += String(decoding: data, as: UTF8.self)
                    if seen.contains(moment) {
                        kill(process.processIdentifier, SIGKILL)
                        killed = true
                        break
                    }
                }
                process.waitUntilExit()
                #expect(killed, "\(name): the import ended before \"\(moment)\": \(seen)")
                #expect(process.terminationReason == .uncaughtSignal)
                let after = try snapshot(name)
                #expect(after == before, "\(name) changed by an import killed after \"\(moment)\"")
            }
        }
        // The registry is still fully usable: the same import then succeeds (on PostgreSQL once
        // the server has ended the killed client's transaction and released its lock).
        let finished = try giamngheo(["import", "--db", registries["full"]!.db, "gen/households.csv", "gen/members.csv"], in: dir.url)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout.contains("Hộ: 60.000 thêm mới"))
    }
}

@Suite("Classification and transitions kept in the registry")
struct RegistryClassificationTests {
    @Test("classify --db stores each household's class and explanation; transitions count the year's flows")
    func classifyAndTransitions() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let header = "household_code,commune_code,village,area_type,monthly_income_per_capita,recognised_class,recognised_year"
        let members = "household_code,member_no,full_name,relation,sex,birth_date,national_id\nA,1,Lê Văn A,head,M,1980,042080000001\nB,1,Lê Văn B,head,M,1980,042080000002\nC,1,Lê Văn C,head,M,1980,042080000003\n"
        try dir.write("m.csv", members)
        // 2024: A poor, B near-poor, C not recognised (not poor).
        try dir.write("h2024.csv", "\(header)\nA,18739,Thôn 1,rural,900000,poor,2024\nB,18739,Thôn 1,rural,1400000,near_poor,2024\nC,18739,Thôn 1,rural,5000000,,\n")
        // 2025: A escaped, B relapsed to poor, C newly near-poor.
        try dir.write("h2025.csv", "\(header)\nA,18739,Thôn 1,rural,900000,not_poor,2025\nB,18739,Thôn 1,rural,1400000,poor,2025\nC,18739,Thôn 1,rural,5000000,near_poor,2025\n")
        for f in ["h2024.csv", "h2025.csv"] {
            let r = try giamngheo(["import", "--db", "r.db", "--year", "2025", f, "m.csv"], in: dir.url)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let t = try giamngheo(["transitions", "--db", "r.db", "--year", "2025", "--by", "province"], in: dir.url)
        #expect(t.status == 0, "\(t.stderr)")
        func count(_ code: String) -> String? {
            t.stdout.split(separator: "\n").first { $0.contains(" \(code) ") }?.split(separator: " ").last.map(String.init)
        }
        #expect(count("escaped_poor") == "1")
        #expect(count("relapse") == "1")
        #expect(count("new_near_poor") == "1")
        #expect(count("new_poor") == "0")
        #expect(t.stdout.contains("Hà Tĩnh"))

        let c = try giamngheo(["classify", "--db", "r.db", "--year", "2025"], in: dir.url)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("Đã phân loại và lưu 3 hộ, năm 2025, chuẩn ND07-2022"))
        let h = try giamngheo(["history", "--db", "r.db", "A"], in: dir.url)
        #expect(h.stdout.contains("Kết quả phân loại: Năm 2025, ND07-2022"))
        #expect(h.stdout.contains("Phân loại đã công nhận: nghèo từ 14/12/2024"))
        #expect(h.stdout.contains("recognised_class: poor → not_poor"))
    }
}
