import Foundation
import GRDB
import StoreTestSupport
import Testing

/// `giamngheo review …` on a real file and a real PostgreSQL database: history of past decisions, a campaign created, planned,
/// opened, listed, surveyed, agreed and posted, with refusals by role and scope.
@Suite("Review commands on a real SQLite file and PostgreSQL database", .serialized)
struct ReviewCommandTests {
    @Test("history import, then a campaign driven step by step from the command line", arguments: StoreBackend.allCases)
    func campaign(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (db, registry) = try commandLineRegistry(backend, dir)
        defer { registry?.drop() }
        let examples = packageRoot.appendingPathComponent("Examples")
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        func run(_ args: [String]) throws -> RunResult { try giamngheo(["review"] + args + ["--db", db], in: dir.url) }
        let imported = try giamngheo(["import", "--db", db, "--year", String(year),
                                      examples.appendingPathComponent("households.csv").path, examples.appendingPathComponent("members.csv").path], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")

        // History: a bad file writes nothing and names the row; a good one loads three-tier campaigns.
        try "Mã hộ,Mã xã,Năm,Phân loại\nHT-CD-0001,1873,2019,giàu\n".write(to: dir.url.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try run(["import-history", "bad.csv"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.csv:2"))
        try """
            Mã hộ,Mã xã,Năm,Phân loại,Số quyết định,Ngày quyết định
            HT-CD-0001,18739,2019,nghèo,101/QĐ-UBND,10/12/2019
            HT-CD-0001,18739,2021,cận nghèo,120/QĐ-UBND,12/12/2021
            HT-CD-0001,18739,2022,nghèo,130/QĐ-UBND,09/12/2022
            """.write(to: dir.url.appendingPathComponent("decisions.csv"), atomically: true, encoding: .utf8)
        let history = try run(["import-history", "decisions.csv"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("RS-42-2019"))
        let timeline = try run(["timeline", "HT-CD-0001"])
        #expect(timeline.stdout.contains("2019\tnot_poor\tpoor\tnew_poor\tQD59-2016\t101/QĐ-UBND"), "\(timeline.stdout)")
        #expect(timeline.stdout.contains("2022\tnear_poor\tpoor\trelapse"))
        let shown = try run(["campaign", "show"])
        #expect(shown.stdout.contains("RS-42-2019\tĐã khóa sổ\tQD59-2016\tthree_tier\tnhập từ dữ liệu cũ"), "\(shown.stdout)")

        // The campaign of this year: PRV only.
        let byCommune = try run(["campaign", "create", "--year", String(year), "--province", "42", "--as", "COM:18739"])
        #expect(byCommune.status == 2)
        #expect(byCommune.stderr.contains("[review.role]"))
        let created = try run(["campaign", "create", "--year", String(year), "--as", "PRV:42"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("RS-42-\(year)"))
        let c = "RS-42-\(year)"
        #expect(try run(["campaign", "plan", "--campaign", c, "--level", "province", "--unit", "42", "--number", "45/KH-UBND",
                         "--date", "01/08/\(year)", "--signer", "Chủ tịch", "--as", "PRV:42"]).status == 0)
        let opened = try run(["campaign", "move", "open", "--campaign", c, "--as", "PRV:42"])
        #expect(opened.stdout.contains("Đang rà soát"), "\(opened.stderr)")

        // Steps 1–4.
        let listed = try run(["list", "--round", c, "--commune", "18739", "--as", "COM:18739"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("✓ HT-CD-0001") && listed.stdout.contains("✓ HT-CD-0002"))
        let village = "VIL:18739:Thôn Trung Sơn"
        let otherVillage = try run(["survey", "--round", c, "--commune", "18739", "--household", "HT-CD-0001", "--b1", "100",
                                    "--deprived", "employment,dependants,latrine,water_source", "--lock", "--as", "VIL:18739:Thôn Mỹ Hòa"])
        #expect(otherVillage.status == 2)
        #expect(otherVillage.stderr.contains("[review.scope]"))
        let surveyed = try run(["survey", "--round", c, "--commune", "18739", "--household", "HT-CD-0001", "--b1", "100",
                                "--deprived", "employment,dependants,latrine,water_source", "--lock", "--as", village])
        #expect(surveyed.status == 0, "\(surveyed.stderr)")
        #expect(surveyed.stdout.contains("Hộ nghèo"))
        let meeting = try run(["meeting", "--round", c, "--commune", "18739", "--village", "Thôn Trung Sơn", "--number", "01/BB",
                               "--date", "01/11/\(year)", "--agreed", "HT-CD-0001,HT-CD-0002", "--as", village])
        #expect(meeting.status == 0, "\(meeting.stderr)")
        #expect(meeting.stdout.contains("✓ HT-CD-0001"))
        #expect(meeting.stdout.contains("– HT-CD-0002"))   // not surveyed yet: skipped with the reason
        let prepared = try run(["posting", "prepare", "--round", c, "--commune", "18739", "--number", "566/TB-UBND", "--village", "Thôn Trung Sơn",
                                "--as", "COM:18739"])
        #expect(prepared.status == 0, "\(prepared.stderr)")
        let notice = "TB-\(c)-18739-1"
        #expect(prepared.stdout.contains("— \(notice)"), "\(prepared.stdout)")
        #expect(try run(["posting", "sign", "--round", c, "--commune", "18739", "--notice", notice, "--signer", "Chủ tịch", "--as", "COM:18739"]).status == 2)
        let signed = try run(["posting", "sign", "--round", c, "--commune", "18739", "--notice", notice, "--signer", "Chủ tịch", "--as", "CLD:18739"])
        #expect(signed.stdout.contains("niêm yết đến hết ngày"), "\(signed.stderr)")
        let started = try run(["posting", "start", "--round", c, "--commune", "18739", "--notice", notice, "--as", "COM:18739"])
        #expect(started.stdout.contains("✓ HT-CD-0001"), "\(started.stderr)")
        let status = try run(["status", "--round", c, "--commune", "18739"])
        #expect(status.stdout.contains("HT-CD-0001\tThôn Trung Sơn\tposted\tpoor\tpoor\t100\t40"), "\(status.stdout)")
        // Audited with the role acted in.
        let rolesSQL = "SELECT DISTINCT role FROM audit_log WHERE entity_type LIKE 'review_%' AND role IS NOT NULL ORDER BY role"
        let roles = try registry.map { try $0.query(rolesSQL).split(separator: "\n").map(String.init) }
            ?? DatabaseQueue(path: dir.url.appendingPathComponent("r.db").path).read { try String.fetchAll($0, sql: rolesSQL) }
        #expect(roles == ["CLD", "COM", "PRV", "VIL"])
        #expect(try run(["holidays", "list"]).stdout.contains("2026"))
    }
}
