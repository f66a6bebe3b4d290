import Foundation
import Hummingbird
import HummingbirdTesting
import PovertyStandard
import Registry
import Store
import StoreTestSupport
import Testing
import VietnameseText
@testable import WebApp

@Suite("Households: search, page, edit, conflicts, import, export")
struct HouseholdTests {
    @Test("an unaccented search finds the accented name; lists mask the CCCD; the read is audited", arguments: StoreBackend.allCases)
    func search(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let page = try await client.get("/households?q=nguyen%20van%20duc", session)
            #expect(page.status == .ok)
            #expect(page.text.contains("Nguyễn Văn Đức"))
            #expect(page.text.contains("********0001"))
            #expect(!page.text.contains("042075000001"))
            let api = try await client.get("/api/v1/households?q=NGUYEN%20VAN%20DUC", session)
            let items = api.json["items"] as? [[String: Any]] ?? []
            #expect(items.first?["full_name"] as? String == "Nguyễn Văn Đức")
            #expect(items.first?["national_id_masked"] as? String == "********0001")
        }
        let reads = try fixture.store.auditEntries(AuditFilter(account: "user.com", action: .readPersonal))
        #expect(reads.contains { $0.entityType == "search" && $0.entityIDs == ["HT-A1"] && $0.role == "COM" && $0.purpose == "review" })
    }

    @Test("the list filters by class, village, ethnic minority and meritorious household, with totals", arguments: StoreBackend.allCases)
    func filters(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.prv")
            func codes(_ query: String) async throws -> [String] {
                let r = try await client.get("/api/v1/households?\(query)", session)
                #expect(r.status == .ok, "\(query)")
                return (r.json["items"] as? [[String: Any]] ?? []).compactMap { $0["household_code"] as? String }
            }
            #expect(try await codes("class=poor") == ["HT-A1", "HT-B1"])
            #expect(try await codes("class=near_poor") == ["HT-A2"])
            #expect(try await codes("village=thon%20mot") == ["HT-A1"])
            #expect(try await codes("ethnic_minority=true") == ["HT-A2"])
            #expect(try await codes("meritorious=true") == ["HT-A1"])
            #expect(try await codes("unit=18100") == ["HT-B1"])
            let bad = try await client.get("/api/v1/households?class=rich", session)
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "filter.class")
            let html = try await client.get("/households?class=poor", session)
            #expect(html.text.contains("<span id=\"total-count\">2</span>"))
        }
    }

    @Test("the household page shows members, facts, class history; a province officer sees the full CCCD", arguments: StoreBackend.allCases)
    func page(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.prv")
            let page = try await client.get("/households/HT-A1", session)
            #expect(page.status == .ok)
            for text in ["Nguyễn Văn Đức", "Lê Thị Mai", "042075000001", "Số 1 Thôn Một", "Hộ nghèo", "Phường Thành Sen", "14/12/2025",
                         "Biến động qua các năm"] {
                #expect(page.text.contains(text), "\(text)")
            }
            let org = try await client.login("user.org")
            let limited = try await client.get("/api/v1/households/HT-A1", org)
            let members = limited.json["members"] as? [[String: Any]] ?? []
            let head = members.first?["fields"] as? [String: Any] ?? [:]
            #expect(head["full_name"] as? String == "Nguyễn Văn Đức")
            #expect(head["national_id"] as? String == "********0001")
            #expect(head["ethnicity"] == nil && head["meritorious"] == nil)
            #expect(head["birth_date"] as? String == "1975")
        }
    }

    @Test("the household page classifies this year's facts live under every national standard, the one in force marked", arguments: StoreBackend.allCases)
    func liveClassification(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let version = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t"))).version
            // An income below every standard's rural poverty line, no survey answers: the engines decide.
            let edit = try await client.sendJSON(.put, "/api/v1/households/HT-A1",
                                                 ["version": version, "fields": ["monthly_income_per_capita": 1_200_000]], session: session)
            #expect(edit.status == .ok)
            let year = CivilDate(Date(), secondsFromGMT: 7 * 3600).year
            let stored = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t")))
            let facts = stored.household.engineFacts(members: stored.members, reviewYear: year)
            let inForce = try StandardCatalog.shipped.standard(forYear: year).id
            let api = try await client.get("/api/v1/households/HT-A1", session)
            let live = api.json["live_classifications"] as? [[String: Any]] ?? []
            #expect(live.map { $0["standard"] as? String } == StandardCatalog.shipped.yearTable.map(\.standardID))
            let page = try await client.get("/households/HT-A1", session)
            for entry in live {
                let standard = try StandardCatalog.shipped.standard(id: try #require(entry["standard"] as? String))
                let expected = ClassificationEngine(standard: standard).classify(facts)
                #expect(entry["class"] as? String == expected.povertyClass.rawValue, "\(standard.id)")
                #expect(entry["explanation"] as? String == standard.explanation(for: expected), "\(standard.id)")
                #expect(entry["in_force"] as? Bool == (standard.id == inForce))
                #expect(entry["year"] as? Int == year)
                #expect(page.text.contains("data-standard=\"\(standard.id)\" data-class=\"\(expected.povertyClass.rawValue)\""), "\(standard.id)")
            }
            #expect(page.text.contains("class=\"classification in-force\" data-standard=\"\(inForce)\""))
            #expect(page.text.contains("Phân loại năm \(year) theo từng chuẩn"))
        }
    }

    @Test("an invalid edit shows the import's message next to the field and saves nothing", arguments: StoreBackend.allCases)
    func invalidEdit(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let version = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t"))).version
            let form = try await client.get("/households/HT-A1/edit", session)
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"_version\" value=\"\(version)\""))
            #expect(!form.text.contains("id=\"form-errors\""))
            let r = try await client.postForm("/households/HT-A1/edit", [("_version", "\(version)"), ("area_type", "sao hỏa"), ("floor_area_m2", "-5")],
                                              session: session)
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains("id=\"form-errors\""))
            #expect(r.text.contains("[area_type"))
            #expect(r.text.contains("field invalid"))
            let api = try await client.sendJSON(.put, "/api/v1/households/HT-A1/members/1", ["version": version, "fields": ["national_id": "0123"]],
                                                session: session)
            #expect(api.status == .unprocessableContent)
            #expect(api.errorCode == "national_id.length")
            #expect(((api.json["error"] as? [String: Any])?["field"] as? String) == "national_id")
            #expect(try fixture.store.household(code: "HT-A1", context: .init(account: "t"))?.version == version)
        }
    }

    @Test("a stale form is refused with 409 and the other person's changes are shown", arguments: StoreBackend.allCases)
    func staleEdit(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let a = try await client.login("user.com")
            let b = try await client.login("user.cld")
            let version = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t"))).version
            let first = try await client.postForm("/households/HT-A1/edit", [("_version", "\(version)"), ("address", "Địa chỉ của A")], session: a)
            #expect(first.status == .seeOther)
            let second = try await client.postForm("/households/HT-A1/edit", [("_version", "\(version)"), ("address", "Địa chỉ của B")], session: b)
            #expect(second.status == .conflict)
            #expect(second.text.contains("id=\"conflict\""))
            #expect(second.text.contains("user.com"))
            #expect(second.text.contains("Địa chỉ của A"))
            let apiStale = try await client.sendJSON(.put, "/api/v1/households/HT-A1", ["version": version, "fields": ["address": "B lần 2"]], session: b)
            #expect(apiStale.status == .conflict)
            #expect(apiStale.errorCode == "household.stale_version")
            let stored = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t")))
            #expect(stored.household.address == "Địa chỉ của A")
            #expect(stored.version == version + 1)
        }
    }

    @Test("import page: errors listed with file, row and column; a clean dry run then commit", arguments: StoreBackend.allCases)
    func importPage(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let bad = try await client.upload("/import", households: ImportFiles.validHouseholds,
                                              members: ImportFiles.validMembers.replacingOccurrences(of: ",M,", with: ",X,"),
                                              session: session, extraFields: [("_csrf", session.csrf)])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"import-errors\""))
            #expect(bad.text.contains("thanhvien.csv"))
            #expect(bad.text.contains("<code>sex"))
            #expect(try fixture.store.household(code: "HT-A9", context: .init(account: "t")) == nil)

            let good = try await client.upload("/import", households: ImportFiles.validHouseholds, members: ImportFiles.validMembers,
                                               session: session, extraFields: [("_csrf", session.csrf)])
            #expect(good.status == .ok)
            #expect(good.text.contains("id=\"import-checked\""))
            #expect(good.text.contains("id=\"import-counts\""))
            #expect(try fixture.store.household(code: "HT-A9", context: .init(account: "t")) == nil)
            let action = try #require(good.text.range(of: #"action="/import/[0-9a-f]+/commit""#, options: .regularExpression))
            let path = String(good.text[action].dropFirst("action=\"".count).dropLast())
            let commit = try await client.postForm(path, [], session: session)
            #expect(commit.status == .ok)
            #expect(commit.text.contains("id=\"import-committed\""))
            #expect(try fixture.store.household(code: "HT-A9", context: .init(account: "t"))?.members.first?.fullName == "Đỗ Văn Chín")
        }
    }

    @Test("export gives a ZIP of both files in the import format, audited with its row count", arguments: StoreBackend.allCases)
    func export(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let r = try await client.get("/export/households?format=csv", session)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/zip")
            let bytes = Array(Data(buffer: r.body))
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        }
        let exports = try fixture.store.auditEntries(AuditFilter(account: "user.com", action: .export))
        #expect(exports.count == 1)
        #expect(exports.first?.rowCount == 5)  // 2 households + 3 members of commune A
    }

    @Test("the dashboard shows counts, rates with a comma and an SVG chart; drill-down to villages", arguments: StoreBackend.allCases)
    func dashboard(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.prv")
            let home = try await client.get("/", session)
            #expect(home.status == .ok)
            #expect(home.text.contains("<svg"))
            #expect(home.text.contains("66,67%"))   // 2 poor of 3 households
            #expect(home.text.contains("href=\"/?unit=18073\""))
            let drill = try await client.get("/?unit=18073", session)
            #expect(drill.text.contains("Thôn Một") && drill.text.contains("Thôn Hai"))
            let outside = try await client.get("/api/v1/dashboard?unit=00004", session)
            #expect((outside.json["total"] as? [String: Any])?["households"] as? Int == 0)
        }
    }
}
