import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import Registry
import RegistryTransfer
import Review
import Store
import Synchronization
import Synthetic
import StoreTestSupport
import Testing
import VietnameseText
@testable import WebApp

/// A clock the test moves through a campaign (the application reads it for every date).
final class TestClock: Sendable {
    private let now: Mutex<Date>
    init(_ start: Date) { now = Mutex(start) }
    func set(_ d: Date) { now.withLock { $0 = d } }
    var read: @Sendable () -> Date { { [self] in now.withLock { $0 } } }
}

/// The review API on the real HTTP server: a whole periodic campaign for a generated commune,
/// from the province plan to certificates and closing, and who may call which step.
@Suite("Review API: a whole campaign over HTTP (rà soát qua API)")
struct ReviewAPITests {
    static func at(_ d: Int, _ m: Int, _ y: Int, _ h: Int = 9) -> Date { LocalTime.instant(CivilDate(year: y, month: m, day: d), hour: h) }
    static let dossier = "/api/v1/review/rounds/RS-42-2026/communes/\(WebFixture.communeA)"

    /// Generated households (Synthetic, Hà Tĩnh) placed in commune A's two villages, a quarter
    /// poor and a quarter near-poor on the 2025 lists.
    static func importGeneratedCommune(_ fixture: WebFixture, households: Int = 24) throws -> [String] {
        let dir = fixture.directory.appendingPathComponent("generated")
        _ = try SyntheticRegistry(configuration: .init(households: households, seed: 11, year: 2025, provinceCode: "42")).generate(to: dir)
        let lines = try String(contentsOf: dir.appendingPathComponent("households.csv"), encoding: .utf8).split(separator: "\n")
        var out = String(lines[0]) + "\n"
        var codes: [String] = []
        for (i, line) in lines.dropFirst().enumerated() {
            let parts = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
            let village = i % 2 == 0 ? "Thôn Một" : "Thôn Hai"
            let cls = i % 4 == 0 ? "poor,2025" : i % 4 == 1 ? "near_poor,2025" : ","
            out += "\(parts[0]),\(WebFixture.communeA),\(village),\(parts[3].dropLast(1))\(cls)\n"
            codes.append(String(parts[0]))
        }
        let h = dir.appendingPathComponent("households-a.csv")
        try out.write(to: h, atomically: true, encoding: .utf8)
        _ = try RegistryImporter.importFiles(households: h, members: dir.appendingPathComponent("members.csv"), into: fixture.store,
                                             options: ImportOptions(reviewYear: 2025), access: AccessContext(account: "test"))
        return codes
    }

    func logins(_ client: WebClient, _ fixture: WebFixture) async throws -> [Role: SignedSession] {
        var s: [Role: SignedSession] = [:]
        for role in [Role.administrator, .province, .district, .commune, .communeLeader, .village] {
            s[role] = try await client.login(fixture.usernames[role]!)
        }
        return s
    }

    func expect(_ r: TestResponse, _ status: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Int(r.status.code) == status, "\(what): \(r.status.code) \(r.text.prefix(400))", sourceLocation: sourceLocation)
    }

    @Test("A province officer and a commune run a whole campaign through the API, from the plan to certificates and closing", arguments: StoreBackend.allCases)
    func wholeCampaign(_ backend: StoreBackend) async throws {
        let clock = TestClock(Self.at(20, 8, 2026))
        let fixture = try WebFixture(clock: clock.read, backend: backend)
        let generated = try Self.importGeneratedCommune(fixture)
        let d = Self.dossier
        try await fixture.run { client in
            var s = try await logins(client, fixture)
            // Plans: PRV creates the campaign and its plan; the commune plan may only be earlier.
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns", ["province_code": "42", "year": 2026], session: s[.commune]), 403, "COM creates")
            let created = try await client.sendJSON(.post, "/api/v1/review/campaigns", ["province_code": "42", "year": 2026], session: s[.province])
            expect(created, 201, "create campaign")
            #expect(created.json["chain"] as? String == "two_tier")
            #expect(created.json["standard_id"] as? String == "ND07-2022")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns", ["province_code": "42", "year": 2026], session: s[.province]), 422, "twice")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/plans", [
                "level": "province", "unit_code": "42", "number": "45/KH-UBND", "date": "2026-08-01", "signer": "Chủ tịch UBND tỉnh",
                "due_dates": ["survey_done": "2026-10-25"]], session: s[.province]), 201, "province plan")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/plans", [
                "level": "commune", "unit_code": WebFixture.communeA, "number": "12/KH-UBND", "date": "2026-08-25", "signer": "Chủ tịch xã",
                "due_dates": ["survey_done": "2026-10-30"]], session: s[.communeLeader]), 422, "commune plan later than the province's")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/plans", [
                "level": "commune", "unit_code": WebFixture.communeA, "number": "12/KH-UBND", "date": "2026-08-25", "signer": "Chủ tịch xã",
                "due_dates": ["survey_done": "2026-10-20"], "reviewers": ["Thôn Một": [fixture.usernames[.village]!]]], session: s[.communeLeader]),
                   201, "commune plan")
            #expect(try await client.get("/api/v1/review/campaigns/RS-42-2026", s[.province]).json["campaign"].flatMap { ($0 as? [String: Any])?["state"] as? String } == "planned")

            // 01/09 06:00: the daily job opens the campaign at the window start.
            clock.set(Self.at(1, 9, 2026, 6))
            s = try await logins(client, fixture)
            expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: s[.commune]), 403, "COM runs the job")
            let job = try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: s[.administrator])
            expect(job, 200, "daily job")
            #expect(job.json["campaigns_opened"] as? [String] == ["RS-42-2026"])

            // Step 1: the current lists, then an add-request from a household not on them.
            expect(try await client.sendJSON(.post, d + "/list", [:], session: s[.village]), 403, "VIL lists")
            let listed = try await client.sendJSON(.post, d + "/list", [:], session: s[.commune])
            expect(listed, 200, "list")
            let moved = Set(listed.json["moved"] as? [String] ?? [])
            #expect(moved.contains("HT-A1") && moved.contains("HT-A2"))
            #expect(moved.count == 2 + generated.indices.filter { $0 % 4 < 2 }.count)
            let outsider = generated[2]
            let request = try await client.sendJSON(.post, "/api/v1/review/requests", [
                "household_code": outsider, "commune_code": WebFixture.communeA, "type": "add", "received_on": "2026-09-01",
                "channel": "in_person", "reason": "Chồng mất việc, con ốm", "signer": "Chủ hộ"], session: s[.commune])
            expect(request, 201, "request")
            #expect(request.json["round_id"] as? String == "RS-42-2026")

            // Step 2: every household surveyed by its village's reviewer (VIL in Thôn Một, COM elsewhere).
            clock.set(Self.at(20, 9, 2026))
            s = try await logins(client, fixture)
            let view = try await client.get(d, s[.commune])
            expect(view, 200, "dossier")
            let cases = (view.json["cases"] as? [[String: Any]]) ?? []
            #expect(cases.count == moved.count + 1)
            var expected: [String: String] = [:]
            var params: [String: (Int, Int)] = [:]
            for (i, c) in cases.enumerated() {
                let code = c["household_code"] as! String
                let village = c["village"] as! String
                let who = village == "Thôn Một" ? s[.village]! : s[.commune]!
                let template = try await client.get(d + "/households/\(code)/survey-template", who)
                expect(template, 200, "template \(code)")
                let survey = template.json["survey"] as? [String: Any] ?? [:]
                #expect((survey["roster"] as? [Any])?.isEmpty == false)
                let ids = ((survey["b2"] as? [String: Any]) ?? [:]).keys.sorted()
                #expect(ids.count == 12)
                // A third stay poor, a third become near-poor, a third escape.
                let (score, deprived, cls) = i % 3 == 0 ? (100, 4, "poor") : i % 3 == 1 ? (120, 1, "near_poor") : (200, 0, "not_poor")
                var b2: [String: String] = [:]
                for (k, id) in ids.enumerated() { b2[id] = k < deprived ? "deprived" : "not_deprived" }
                params[code] = (score, deprived)
                if code == "HT-A1" {
                    // No B1 score and no measured income: the engine cannot classify, the form cannot lock.
                    expect(try await client.sendJSON(.post, d + "/households/\(code)/surveys", ["b2": b2], session: who), 201, "draft without B1")
                    let lock = try await client.sendJSON(.post, d + "/households/\(code)/surveys/lock", [:], session: who)
                    expect(lock, 422, "lock incomplete")
                    #expect(lock.errorCode == "review.guard.incomplete")
                }
                expect(try await client.sendJSON(.post, d + "/households/\(code)/surveys", ["b1_typed": score, "b2": b2], session: who), 201, "survey \(code)")
                let lock = try await client.sendJSON(.post, d + "/households/\(code)/surveys/lock", [:], session: who)
                expect(lock, 200, "lock \(code)")
                #expect((lock.json["result"] as? [String: Any])?["poverty_class"] as? String == cls)
                expected[code] = cls
            }
            // VIL cannot survey in another village: not found, not forbidden.
            let other = cases.first { $0["village"] as? String == "Thôn Hai" }!["household_code"] as! String
            expect(try await client.get(d + "/households/\(other)/survey-template", s[.village]), 404, "VIL other village")

            // Step 3: the village meetings agree every result.
            for village in ["Thôn Một", "Thôn Hai"] {
                let who = village == "Thôn Một" ? s[.village]! : s[.commune]!
                let inVillage = cases.filter { $0["village"] as? String == village }.map { ["household_code": $0["household_code"]!, "outcome": "agreed"] }
                let m = try await client.sendJSON(.post, d + "/meetings", [
                    "number": "BB-\(village)", "village": village, "date": "2026-10-28", "place": "Nhà văn hóa \(village)", "chair": "Trưởng thôn",
                    "secretary": "Thư ký", "attendance": ["commune_committee": 2, "mass_organisations": 3, "households": 30],
                    "outcomes": inVillage], session: who)
                expect(m, 200, "meeting \(village)")
                #expect((m.json["moved"] as? [String])?.count == inVillage.count)
            }

            // Step 4: posting from Monday 02/11 08:00 for 3 working days (ends 24:00 Thursday 05/11).
            clock.set(Self.at(2, 11, 2026, 8))
            s = try await logins(client, fixture)
            let prepared = try await client.sendJSON(.post, d + "/postings", [
                "number": "566/TB-UBND", "villages": ["Thôn Một", "Thôn Hai"],
                "places": [["kind": "commune_office", "name": "Trụ sở UBND xã"], ["kind": "village_cultural_house", "name": "Nhà văn hóa thôn Một"]],
                "start": "2026-11-02T01:00:00Z"], session: s[.commune])
            expect(prepared, 200, "prepare posting")
            let notice = try #require(prepared.json["record_id"] as? String)
            expect(try await client.sendJSON(.post, d + "/postings/\(notice)/start", [:], session: s[.commune]), 422, "start unsigned")
            expect(try await client.sendJSON(.post, d + "/postings/\(notice)/sign", ["signer": "Nguyễn Văn Chủ"], session: s[.commune]), 403, "COM signs")
            let signed = try await client.sendJSON(.post, d + "/postings/\(notice)/sign", ["signer": "Nguyễn Văn Chủ"], session: s[.communeLeader])
            expect(signed, 200, "sign")
            #expect((signed.json["last_day"] as? String) == "2026-11-05")
            expect(try await client.sendJSON(.post, d + "/postings/\(notice)/start", [:], session: s[.commune]), 200, "start posting")

            // A complaint, a re-check team (not the reviewer), a new version: upheld.
            let target = cases.first { $0["village"] as? String == "Thôn Một" }!["household_code"] as! String
            let complaint = try await client.sendJSON(.post, d + "/complaints", [
                "channel": "in_person", "complainant": "Ông B", "household_code": target, "type": "wrong_class", "content": "Hộ có xe máy mới"],
                session: s[.commune])
            expect(complaint, 200, "complaint")
            #expect(complaint.json["registered_as_request"] as? Bool == false)
            expect(try await client.sendJSON(.post, d + "/households/\(target)/rechecks", ["team": [fixture.usernames[.village]!, "Cán bộ A"]],
                                             session: s[.commune]), 422, "team with the reviewer")
            let recheck = try await client.sendJSON(.post, d + "/households/\(target)/rechecks", ["team": ["Cán bộ A", "Cán bộ B"]], session: s[.commune])
            expect(recheck, 200, "recheck team")
            let recheckID = try #require(recheck.json["id"] as? String)
            let tpl = try await client.get(d + "/households/\(target)/survey-template", s[.commune])
            let ids = ((tpl.json["survey"] as? [String: Any])?["b2"] as? [String: Any] ?? [:]).keys.sorted()
            var b2: [String: String] = [:]
            let (score, deprived) = params[target]!
            for (k, id) in ids.enumerated() { b2[id] = k < deprived ? "deprived" : "not_deprived" }
            expect(try await client.sendJSON(.post, d + "/households/\(target)/surveys", [
                "b1_typed": score, "b2": b2, "reason": "Phúc tra theo khiếu nại", "recheck_id": recheckID], session: s[.commune]), 201, "recheck survey")
            expect(try await client.sendJSON(.post, d + "/households/\(target)/surveys/lock", [:], session: s[.commune]), 200, "lock recheck survey")
            let result = try await client.sendJSON(.post, d + "/rechecks/\(recheckID)/result", ["reply": "Giữ nguyên kết quả"], session: s[.commune])
            expect(result, 200, "recheck result")
            #expect(result.json["result"] as? String == "upheld")

            // Friday 06/11 06:00: the posting has ended; the daily job closes it.
            clock.set(Self.at(6, 11, 2026, 6))
            s = try await logins(client, fixture)
            let job2 = try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: s[.province])
            expect(job2, 200, "daily job 2")
            #expect(job2.json["postings_closed"] as? Int == cases.count)

            // Step 5: COM drafts, CLD sends, the province answers (two-tier: not the district).
            let draft = try await client.sendJSON(.post, d + "/consultations", ["number": "88/BC-UBND", "date": "2026-11-06", "signer": "Chủ tịch xã"],
                                                  session: s[.commune])
            expect(draft, 200, "consultation draft")
            #expect(draft.json["recipient"] as? String == "Sở Nông nghiệp và Môi trường")
            let consultation = try #require(draft.json["id"] as? String)
            expect(try await client.sendJSON(.post, d + "/consultations/\(consultation)/send", [:], session: s[.commune]), 403, "COM sends")
            expect(try await client.sendJSON(.post, d + "/consultations/\(consultation)/send", [:], session: s[.communeLeader]), 200, "send")
            clock.set(Self.at(12, 11, 2026))
            s = try await logins(client, fixture)
            let opinion = ["date": "2026-11-10", "from": "Sở Nông nghiệp và Môi trường", "type": "agree", "text": "Thống nhất"]
            expect(try await client.sendJSON(.post, d + "/consultations/\(consultation)/opinion", opinion, session: s[.district]), 403, "DST in two-tier")
            expect(try await client.sendJSON(.post, d + "/consultations/\(consultation)/opinion", opinion, session: s[.province]), 200, "opinion")

            // Step 6: the chairman's decision; certificates for the poor and near-poor.
            let decisionBody: [String: Any] = ["number": "125/QĐ-UBND", "date": "2026-11-12", "signer": "Nguyễn Văn Chủ", "capacity": "chairman"]
            expect(try await client.sendJSON(.post, d + "/decisions", decisionBody, session: s[.commune]), 403, "COM decides")
            let decision = try await client.sendJSON(.post, d + "/decisions", decisionBody, session: s[.communeLeader])
            expect(decision, 200, "decision")
            #expect(Set(decision.json["moved"] as? [String] ?? []) == Set(expected.keys))
            expect(try await client.sendJSON(.post, d + "/decisions", decisionBody, session: s[.communeLeader]), 422, "same number again")
            let after = try await client.get(d, s[.communeLeader])
            for c in after.json["cases"] as? [[String: Any]] ?? [] {
                let code = c["household_code"] as! String
                let state = c["state"] as? String
                if code == outsider && expected[code] == "not_poor" { #expect(state == "rejected") } else { #expect(state == "recognised", "\(code)") }
            }
            let certificates = try await client.get(d + "/certificates", s[.commune])
            expect(certificates, 200, "certificates")
            let certs = certificates.json["items"] as? [[String: Any]] ?? []
            #expect(certs.count == expected.values.filter { $0 != "not_poor" }.count)
            #expect(Set(certs.compactMap { $0["sequence"] as? Int }) == Set(1...certs.count))
            let timeline = try await client.get("/api/v1/review/households/\(target)/timeline", s[.commune])
            expect(timeline, 200, "timeline")
            #expect(timeline.json["special_statuses"] is [Any])
            let progress = try await client.get("/api/v1/review/progress?unit=42&campaign=RS-42-2026", s[.province])
            expect(progress, 200, "R10")
            #expect((progress.json["rows"] as? [[String]])?.contains { $0.contains(WebFixture.communeA) } == true)
            expect(try await client.get("/api/v1/review/progress?unit=42&campaign=RS-42-2026", s[.commune]), 404, "R10 of a province for a commune officer")
            #expect((timeline.json["years"] as? [[String: Any]])?.last?["decisions"] as? [String] == ["125/QĐ-UBND"] || expected[target] == "poor")

            // Consolidation waits for the window end (other communes of the province have no decision).
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/consolidate", [:], session: s[.province]), 422, "consolidate early")
            clock.set(Self.at(15, 12, 2026))
            s = try await logins(client, fixture)
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/consolidate", [:], session: s[.province]), 200, "consolidate")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/close", [:], session: s[.province]), 422, "close without R2")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/summary",
                                             ["number": "300/BC-SNNMT", "date": "2026-12-15", "signer": "Giám đốc Sở"], session: s[.province]), 200, "R2")
            let closed = try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/close", [:], session: s[.province])
            expect(closed, 200, "close")
            #expect(((closed.json["campaign"] as? [String: Any])?["state"] as? String) == "closed")
            #expect((closed.json["year_outcomes"] as? Int ?? 0) >= cases.count)
            // Frozen: every step refused.
            let frozen = try await client.sendJSON(.post, d + "/households/\(target)/withdraw", ["reason": "duplicate"], session: s[.commune])
            expect(frozen, 409, "frozen")
            #expect(frozen.errorCode == "review.frozen")
            // Every step was audited.
            let audit = try fixture.store.auditEntries(AuditFilter(limit: 100_000))
            #expect(audit.contains { $0.entityType == "review_decision" && $0.action == .sign && $0.account == fixture.usernames[.communeLeader] })
            #expect(audit.contains { $0.entityType == "review_case" && $0.action == .transition && $0.role == "VIL" })
            #expect(try fixture.store.verifyAuditChain() == nil)
        }
    }

    @Test("Monthly batches through the API: a request, the batch from the 15th, posting, decision, the monthly report", arguments: StoreBackend.allCases)
    func monthlyBatch(_ backend: StoreBackend) async throws {
        let clock = TestClock(Self.at(10, 3, 2026))
        let fixture = try WebFixture(clock: clock.read, backend: backend)
        try await fixture.run { client in
            var s = try await logins(client, fixture)
            let r = try await client.sendJSON(.post, "/api/v1/review/requests", [
                "household_code": "HT-A1", "commune_code": WebFixture.communeA, "type": "leave", "received_on": "2026-03-10",
                "channel": "post", "reason": "Hộ đã có việc làm ổn định", "signer": "Nguyễn Văn Đức"], session: s[.commune])
            expect(r, 201, "request")
            #expect(r.json["round_id"] as? String == "RT-\(WebFixture.communeA)-2026-03")
            expect(try await client.sendJSON(.post, "/api/v1/review/batches", ["commune_code": WebFixture.communeA, "year": 2026, "month": 3],
                                             session: s[.commune]), 422, "before the 15th")
            clock.set(Self.at(16, 3, 2026))
            s = try await logins(client, fixture)
            let batch = try await client.sendJSON(.post, "/api/v1/review/batches", ["commune_code": WebFixture.communeA, "year": 2026, "month": 3],
                                                  session: s[.commune])
            expect(batch, 201, "open batch")
            #expect((batch.json["listing"] as? [String: Any])?["moved"] as? [String] == ["HT-A1"])
            let d = "/api/v1/review/rounds/RT-\(WebFixture.communeA)-2026-03/communes/\(WebFixture.communeA)"
            let tpl = try await client.get(d + "/households/HT-A1/survey-template", s[.village])
            let ids = ((tpl.json["survey"] as? [String: Any])?["b2"] as? [String: Any] ?? [:]).keys.sorted()
            var b2: [String: String] = [:]
            for id in ids { b2[id] = "not_deprived" }
            expect(try await client.sendJSON(.post, d + "/households/HT-A1/surveys", ["b1_typed": 220, "b2": b2], session: s[.village]), 201, "survey")
            expect(try await client.sendJSON(.post, d + "/households/HT-A1/surveys/lock", [:], session: s[.village]), 200, "lock")
            // No village meeting in a monthly batch.
            expect(try await client.sendJSON(.post, d + "/meetings", [
                "number": "x", "village": "Thôn Một", "date": "2026-03-17", "place": "x", "chair": "x", "secretary": "x",
                "attendance": ["commune_committee": 1, "mass_organisations": 1, "households": 1],
                "outcomes": [["household_code": "HT-A1", "outcome": "agreed"]]], session: s[.village]), 409, "no meeting")
            let prepared = try await client.sendJSON(.post, d + "/postings", [
                "number": "30/TB-UBND", "places": [["kind": "commune_office", "name": "UBND xã"]], "start": "2026-03-17T01:00:00Z"], session: s[.commune])
            let notice = try #require(prepared.json["record_id"] as? String)
            expect(try await client.sendJSON(.post, d + "/postings/\(notice)/sign", ["signer": "Chủ tịch"], session: s[.communeLeader]), 200, "sign")
            clock.set(Self.at(17, 3, 2026, 10))
            s = try await logins(client, fixture)
            expect(try await client.sendJSON(.post, d + "/postings/\(notice)/start", [:], session: s[.commune]), 200, "start")
            clock.set(Self.at(21, 3, 2026, 6))
            s = try await logins(client, fixture)
            #expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: s[.administrator]).json["postings_closed"] as? Int == 1)
            let decision = try await client.sendJSON(.post, d + "/decisions", ["number": "31/QĐ-UBND", "date": "2026-03-21", "signer": "Chủ tịch"],
                                                     session: s[.communeLeader])
            expect(decision, 200, "decision")
            #expect(decision.json["moved"] as? [String] == ["HT-A1"])
            // The same batch identifies HT-A1, no longer poor, as an agricultural household with average living standard.
            let agri = try await client.sendJSON(.post, d + "/identifications/avg-agri", [
                "household_code": "HT-A1", "members": 3, "incomes": ["crops": 30_000_000, "livestock": 40_000_000, "social_assistance": 1],
                "social_assistance": 0], session: s[.village])
            expect(agri, 400, "unknown income source")
            let agri2 = try await client.sendJSON(.post, d + "/identifications/avg-agri", [
                "household_code": "HT-A1", "members": 3, "incomes": ["crops": 30_000_000, "livestock": 40_000_000, "wages": 6_000_000],
                "social_assistance": 6_000_000], session: s[.village])
            expect(agri2, 201, "avg-agri")
            #expect(agri2.json["per_capita_monthly"] as? Int == 1_944_444)
            #expect(agri2.json["qualifies"] as? Bool == true)
            let lowIncome = try await client.sendJSON(.post, d + "/identifications/low-income", [
                "household_code": "HT-A1", "member_no": 2, "per_capita_income": 1_900_000], session: s[.village])
            expect(lowIncome, 422, "low-income module off")
            #expect(lowIncome.errorCode == "review.guard.low_income_disabled")
            expect(try await client.sendJSON(.post, d + "/identifications/post", ["start": "2026-03-20T23:00:00Z"], session: s[.commune]), 200, "post identifications")
            clock.set(Self.at(26, 3, 2026, 6))
            s = try await logins(client, fixture)
            #expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: s[.administrator]).json["postings_closed"] as? Int == 1)
            expect(try await client.sendJSON(.post, d + "/identifications/decide", ["number": "31/QĐ-UBND", "date": "2026-03-26", "signer": "Chủ tịch"],
                                             session: s[.communeLeader]), 422, "a number already used")
            let agriDecision = try await client.sendJSON(.post, d + "/identifications/decide", ["number": "32/QĐ-UBND", "date": "2026-03-26", "signer": "Chủ tịch"],
                                                         session: s[.communeLeader])
            expect(agriDecision, 200, "decide identifications")
            #expect((agriDecision.json["moved"] as? [String])?.count == 1)
            // The household escaped: its class changed in the registry and the transition is recorded.
            let household = try await client.get("/api/v1/households/HT-A1", s[.commune])
            #expect(household.json["recognised_class"] as? String == "not_poor")
            let timeline = try await client.get("/api/v1/review/households/HT-A1/timeline", s[.commune])
            #expect((timeline.json["transitions"] as? [[String: Any]])?.last?["flow"] as? String == "escaped_poor")
            // The job closes the batch once every case is decided; the monthly report of March is due 05/04.
            clock.set(Self.at(4, 4, 2026, 6))
            s = try await logins(client, fixture)
            #expect(try await client.sendJSON(.post, "/api/v1/review/jobs/daily", [:], session: s[.administrator]).json["batches_closed"] as? [String]
                    == ["RT-\(WebFixture.communeA)-2026-03"])
            let report = try await client.sendJSON(.post, "/api/v1/review/monthly-reports", ["commune_code": WebFixture.communeA, "year": 2026, "month": 3],
                                                   session: s[.communeLeader])
            expect(report, 201, "compile report")
            #expect(report.json["due_date"] as? String == "2026-04-05")
            let figures = report.json["figures"] as? [String: Any] ?? [:]
            #expect(figures["requests_leave"] as? Int == 1 && figures["decided_recognised"] as? Int == 1)
            let id = try #require(report.json["id"] as? String)
            let submitted = try await client.sendJSON(.post, "/api/v1/review/monthly-reports/\(id)/submit", [:], session: s[.communeLeader])
            expect(submitted, 200, "submit")
            #expect(submitted.json["on_time"] as? Bool == nil || submitted.json["state"] as? String == "submitted")
            expect(try await client.sendJSON(.post, "/api/v1/review/monthly-reports/\(id)/review", ["accept": false], session: s[.province]), 422, "return without reason")
            expect(try await client.sendJSON(.post, "/api/v1/review/monthly-reports/\(id)/review", ["accept": true], session: s[.province]), 200, "accept")
        }
    }

    /// Who may call which review step (roles.md §4.1: every role against the endpoints).
    @Test("Every role against the review endpoints: only the roles review.md names act", arguments: StoreBackend.allCases)
    func roles(_ backend: StoreBackend) async throws {
        let clock = TestClock(Self.at(20, 8, 2026))
        let fixture = try WebFixture(clock: clock.read, backend: backend)
        try await fixture.run { client in
            var sessions: [Role: SignedSession] = [:]
            for role in Role.allCases { sessions[role] = try await client.login(fixture.usernames[role]!) }
            // Creating the campaign: PRV only.
            for role in Role.allCases where role != .province {
                let r = try await client.sendJSON(.post, "/api/v1/review/campaigns", ["province_code": "42", "year": 2026], session: sessions[role])
                #expect(r.status == .forbidden, "\(role) creates a campaign: \(r.status)")
            }
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns", ["province_code": "42", "year": 2026], session: sessions[.province]), 201, "PRV")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/plans", [
                "level": "province", "unit_code": "42", "number": "1/KH", "date": "2026-08-01", "signer": "A"], session: sessions[.province]), 201, "plan")
            expect(try await client.sendJSON(.post, "/api/v1/review/campaigns/RS-42-2026/open", [:], session: sessions[.province]), 200, "open")
            // Listing: COM only; the others are refused by the matrix (403) or by the step's roles (403).
            for role in Role.allCases {
                let r = try await client.sendJSON(.post, Self.dossier + "/list", [:], session: sessions[role])
                #expect(Int(r.status.code) == (role == .commune ? 200 : 403), "\(role) lists: \(r.status)")
            }
            // Reading a dossier: the review roles of the unit; ORG, LDP, PTN, ADM are refused; HN is another province.
            let reads: [Role: Int] = [.administrator: 403, .province: 200, .district: 404, .commune: 200, .communeLeader: 200, .village: 200,
                                      .organisation: 404, .lineDepartment: 403, .partner: 403, .auditor: 200]
            for (role, status) in reads {
                expect(try await client.get(Self.dossier, sessions[role]), status, "\(role) reads the dossier")
            }
            expect(try await client.get("/api/v1/review/rounds/RS-42-2026/communes/00004", sessions[.commune]), 404, "another province's commune")
            // The holiday calendar is the administrator's.
            let year: [String: Any] = ["year": 2028, "status": "announced", "source": "test", "holidays": [["date": "2028-01-03", "name": "Nghỉ bù"]]]
            expect(try await client.sendJSON(.put, "/api/v1/review/holidays/2028", year, session: sessions[.province]), 403, "PRV holidays")
            expect(try await client.sendJSON(.put, "/api/v1/review/holidays/2028", year, session: sessions[.administrator]), 200, "ADM holidays")
        }
    }
}
