import Foundation
import Hummingbird
import HummingbirdTesting
import Registry
import Store
import Testing
@testable import WebApp

@Suite("Household audit section and the list of its personal-data reads")
struct HouseholdAuditTests {
    /// The rows of the table with this id in a page (its header row left out).
    static func rows(_ html: String, table id: String) -> Int {
        guard let start = html.range(of: "id=\"\(id)\""), let end = html[start.upperBound...].range(of: "</table>") else { return 0 }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr").count - 2
    }

    @Test("the page shows the household's changes, its last 10 reads and their count, and links to the rest by role")
    func section() async throws {
        let fixture = try WebFixture()
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let version = try #require(try fixture.store.household(code: "HT-A2", context: .init(account: "t"))).version
            let edit = try await client.sendJSON(.put, "/api/v1/households/HT-A2", ["version": version, "fields": ["address": "Số 2C"]], session: com)
            #expect(edit.status == .ok)
            for _ in 0..<11 { #expect(try await client.get("/households/HT-A2", com).status == .ok) }
            let page = try await client.get("/households/HT-A2", com)
            let reads = try fixture.store.auditEntries(AuditFilter(kind: .personalRead, entityID: "HT-A2", limit: 1000))
            #expect(reads.count >= 12)
            #expect(page.text.contains("id=\"household-audit\""))
            #expect(page.text.contains("<span id=\"audit-read-count\">\(reads.count)</span> lượt, 10 lượt gần nhất"))
            #expect(Self.rows(page.text, table: "audit-reads") == 10)
            #expect(Self.rows(page.text, table: "audit-changes") == 1)
            // The commune may not read the audit log: its link leads to the list of reads.
            #expect(page.text.contains("href=\"/households/HT-A2/reads\" id=\"audit-full\""))

            let api = try await client.get("/api/v1/households/HT-A2", com)
            let audit = try #require(api.json["audit"] as? [String: Any])
            #expect(audit["reads_total"] as? Int == reads.count + 1)
            #expect((audit["reads"] as? [[String: Any]])?.count == 10)
            #expect((audit["changes"] as? [[String: Any]])?.first?["action"] as? String == "update")
            #expect(audit["more"] as? String == "/api/v1/households/HT-A2/reads")

            // The province officer reads the log: its link leads there.
            let prv = try await client.login("user.prv")
            let prvPage = try await client.get("/households/HT-A2", prv)
            #expect(prvPage.text.contains("href=\"/audit?household=HT-A2\" id=\"audit-full\""))
            // A village officer sees no section, and may not list the reads.
            let vil = try await client.login("user.vil")
            let vilPage = try await client.get("/households/HT-A1", vil)
            #expect(vilPage.status == .ok)
            #expect(!vilPage.text.contains("household-audit"))
            #expect(try await client.get("/api/v1/households/HT-A1/reads", vil).status == .forbidden)
            #expect(try await client.get("/households/HT-A1/reads", vil).status == .forbidden)
        }
    }

    @Test("the list of reads: every read newest first with the reader's unit, paged by sequence, 404 outside the scope")
    func readsList() async throws {
        let fixture = try WebFixture()
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let cld = try await client.login("user.cld")
            for i in 0..<7 { _ = try await client.get("/households/HT-A1", i % 2 == 0 ? com : cld) }
            _ = try await client.get("/api/v1/households?q=duc", com)
            let log = try fixture.store.auditEntries(AuditFilter(kind: .personalRead, entityID: "HT-A1", limit: 1000))
            #expect(log.count >= 8)

            let first = try await client.get("/api/v1/households/HT-A1/reads?limit=5", cld)
            #expect(first.status == .ok)
            #expect(first.json["total"] as? Int == log.count)
            let items = try #require(first.json["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["seq"] as? Int64 } == log.reversed().prefix(5).map(\.sequence))
            #expect(items.contains { $0["entity_type"] as? String == "search" && $0["account"] as? String == "user.com" })
            #expect(items.allSatisfy { $0["unit_code"] as? String == WebFixture.communeA })
            #expect(items.first?["full_name"] as? String == "Người dùng CLD" || items.first?["full_name"] as? String == "Người dùng COM")
            let last = try #require(items.last?["seq"] as? Int64)
            let next = try await client.get("/api/v1/households/HT-A1/reads?limit=100&before=\(last)", cld)
            let older = (next.json["items"] as? [[String: Any]] ?? []).compactMap { $0["seq"] as? Int64 }
            #expect(older == log.reversed().dropFirst(5).map(\.sequence))
            #expect(try await client.get("/api/v1/households/HT-A1/reads?before=abc", cld).status == .badRequest)
            #expect(try await client.get("/api/v1/households/HT-A1/reads?limit=0", cld).status == .badRequest)
            try OpenAPITests.check(first, "/api/v1/households/{code}/reads")

            let page = try await client.get("/households/HT-A1/reads", com)
            #expect(page.status == .ok)
            #expect(page.text.contains("<strong id=\"reads-total\">\(log.count)</strong>"))
            #expect(Self.rows(page.text, table: "reads") == log.count)
            #expect(page.text.contains("data-seq=\"\(log.last!.sequence)\""))
            #expect(page.text.contains("Tìm kiếm"))
            #expect(!page.text.contains("id=\"reads-older\""))
            // Outside the commune's scope: not found, as the household itself.
            #expect(try await client.get("/households/HT-B1/reads", com).status == .notFound)
            #expect(try await client.get("/api/v1/households/HT-B1/reads", com).status == .notFound)
        }
    }
}
