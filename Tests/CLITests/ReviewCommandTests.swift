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

extension ReviewCommandTests {
    @Test("a monthly batch from the command line: avg-agri identification posted, alerts, R10 progress, the monthly report sent and accepted")
    func monthly() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let examples = packageRoot.appendingPathComponent("Examples")
        func run(_ args: [String]) throws -> RunResult { try giamngheo(["review"] + args + ["--db", "r.db"], in: dir.url) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        let today = (year: parts.year!, month: parts.month!, day: parts.day!)
        let imported = try giamngheo(["import", "--db", "r.db", "--year", String(today.year),
                                      examples.appendingPathComponent("households.csv").path, examples.appendingPathComponent("members.csv").path], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        // The latest batch that has started: this month's from the 15th, else last month's.
        let (year, month) = today.day >= 15 ? (today.year, today.month) : today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
        let round = "RT-18739-\(year)-\(month < 10 ? "0" : "")\(month)"
        let opened = try run(["batch", "--commune", "18739", "--year", String(year), "--month", String(month), "--as", "COM:18739"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains(round))
        let dossier = ["--round", round, "--commune", "18739"]
        let badIncome = try run(["identify", "avg-agri"] + dossier + ["--household", "HT-CD-0004", "--members", "4", "--income", "lúa=5", "--as", "COM:18739"])
        #expect(badIncome.status == 2 && badIncome.stderr.contains("[avg_agri.source]"))
        let otherVillage = try run(["identify", "avg-agri"] + dossier + ["--household", "HT-CD-0004", "--members", "4", "--income", "crops=60000000",
                                                                          "--as", "VIL:18739:Thôn Trung Sơn"])
        #expect(otherVillage.status == 2 && otherVillage.stderr.contains("[review.scope]"), "\(otherVillage.stderr)")
        // 80.000.000 đ over 4 persons and 12 months: 1.666.666 đ, in the ND07 rural band; 75% from farming.
        let determined = try run(["identify", "avg-agri"] + dossier + ["--household", "HT-CD-0004", "--members", "4", "--income", "crops=60000000",
                                                                       "--income", "wages=20000000", "--as", "VIL:18739:Thôn Mỹ Hòa"])
        #expect(determined.status == 0, "\(determined.stderr)")
        #expect(determined.stdout.contains("1.666.666\tđủ điều kiện"), "\(determined.stdout)")
        let offModule = try run(["identify", "low-income"] + dossier + ["--household", "HT-CD-0004", "--member", "1", "--income", "1000000", "--as", "COM:18739"])
        #expect(offModule.status == 2, "\(offModule.stdout)")
        // Posting cannot start before the determination; from now it runs 3 working days, so nothing is decided yet.
        let early = try run(["identify", "post"] + dossier + ["--start", "01/01/\(year) 08:00", "--as", "COM:18739"])
        #expect(early.stdout.contains("[posting_before_determination]"), "\(early.stdout)")
        let posted = try run(["identify", "post"] + dossier + ["--as", "COM:18739"])
        #expect(posted.status == 0 && posted.stdout.contains("Niêm yết kết quả xác định: 1 hộ"), "\(posted.stdout)\(posted.stderr)")
        let tooEarly = try run(["identify", "decide"] + dossier + ["--number", "40/QĐ-UBND", "--signer", "Chủ tịch", "--as", "CLD:18739"])
        #expect(tooEarly.status == 2 && tooEarly.stderr.contains("nothing_to_decide"), "\(tooEarly.stderr)")
        // R10 of the month, per village of the commune and per commune of the province.
        let progress = try run(["progress", "--unit", "18739", "--year", String(year), "--month", String(month)])
        #expect(progress.status == 0, "\(progress.stderr)")
        #expect(progress.stdout.contains("Tiến độ rà soát thường xuyên tháng \(month)/\(year)"))
        #expect(try run(["progress", "--unit", "42", "--year", String(year), "--month", String(month)]).stdout.contains("18739"))
        #expect(try run(["alerts", "--unit", "18739"]).stdout.hasPrefix("unit\tround\titem"))
        // March's report (nothing decided in March: a nil report), sent by the leader, accepted by the province.
        let report = ["--commune", "18739", "--year", String(today.year), "--month", "3"]
        #expect(try run(["monthly-report", "compile"] + report + ["--as", "VIL:18739:Thôn Mỹ Hòa"]).status == 2)
        let compiled = try run(["monthly-report", "compile"] + report + ["--as", "CLD:18739"])
        #expect(compiled.status == 0 && compiled.stdout.contains("không phát sinh"), "\(compiled.stdout)\(compiled.stderr)")
        #expect(try run(["monthly-report", "submit"] + report + ["--as", "CLD:18739"]).stdout.contains("Đã gửi"))
        let returned = try run(["monthly-report", "return"] + report + ["--as", "PRV:42"])
        #expect(returned.status == 2, "\(returned.stdout)")   // a return needs its reason
        let accepted = try run(["monthly-report", "accept"] + report + ["--as", "PRV:42"])
        #expect(accepted.status == 0 && accepted.stdout.contains("Đã tiếp nhận"), "\(accepted.stdout)\(accepted.stderr)")
        let november = try run(["monthly-report", "compile", "--commune", "18739", "--year", String(today.year), "--month", "11", "--as", "CLD:18739"])
        #expect(november.status == 2 && november.stderr.contains("tháng 2–9"), "\(november.stderr)")
        // The province's settings: proposed by one account, approved by another, then in force.
        let proposed = try run(["settings", "propose", "--province", "42", "--set", "review.posting.periodic_working_days=5", "--reason", "QĐ của tỉnh",
                                "--user", "prv1", "--as", "PRV:42"])
        #expect(proposed.status == 0 && proposed.stdout.contains("phiên bản 1"), "\(proposed.stdout)\(proposed.stderr)")
        #expect(try run(["settings", "propose", "--province", "42", "--set", "review.posting.periodic_working_days=5", "--reason", "x",
                         "--as", "COM:18739"]).stderr.contains("[review.role]"))
        let ownApproval = try run(["settings", "approve", "--province", "42", "--version", "1", "--user", "prv1", "--as", "PRV:42"])
        #expect(ownApproval.status == 2 && ownApproval.stderr.contains("settings_second_approver"), "\(ownApproval.stderr)")
        #expect(try run(["settings", "approve", "--province", "42", "--version", "1", "--user", "adm1", "--as", "ADM:VN"]).status == 0)
        #expect(try run(["settings", "show", "--province", "42", "--as", "PRV:42"]).stdout.contains("review.posting.periodic_working_days\t5\t3"))
    }
}
