import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import Registry
import Store
@testable import StoreSQLite
import Testing
import VietnameseText
@testable import WebApp

@Suite("Dashboard warm-up at start")
struct DashboardWarmUpTests {
    @Test("the server prepares both days' tallies in the background; the dashboard then shows the SQL count")
    func warmUp() async throws {
        let fixture = try WebFixture()
        let store = try #require(fixture.store as? SQLiteRegistryStore)
        let services = fixture.web.services
        #expect(services.warmUp.current == .notStarted)
        try await fixture.run { client in
            // The listener answers while the warm-up runs (or after it finished).
            #expect(try await client.get("/login").status == .ok)
            let deadline = Date().addingTimeInterval(120)
            while case .running = services.warmUp.current, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            guard case .finished(let days, _) = services.warmUp.current else {
                Issue.record("warm-up did not finish: \(services.warmUp.current)")
                return
            }
            let expected = DashboardService.comparisonDays(today: services.today)
            #expect(days == [expected.today, expected.lastYear])

            let session = try await client.login("user.prv")
            let dashboard = try await client.get("/api/v1/dashboard", session)
            #expect(dashboard.status == .ok)
            let provinceCodes = AdminUnitCatalog.shared.recordedCommuneCodes(under: "42")
            for (key, day) in [("total", expected.today), ("total_last_year", expected.lastYear)] {
                let sql = try store.talliesBySQL(scope: .everything, on: day, communeCodes: provinceCodes, byVillage: false)
                let shown = try #require(dashboard.json[key] as? [String: Any])
                #expect(shown["households"] as? Int == sql.reduce(0) { $0 + $1.households }, "\(key)")
                #expect(shown["persons"] as? Int == sql.reduce(0) { $0 + $1.persons }, "\(key)")
                #expect(shown["poor"] as? Int == sql.reduce(0) { $0 + $1.poor }, "\(key)")
                #expect(shown["near_poor"] as? Int == sql.reduce(0) { $0 + $1.nearPoor }, "\(key)")
            }
            // The fixture's Hà Tĩnh households, counted without the store: three, two of them poor.
            let total = try #require(dashboard.json["total"] as? [String: Any])
            #expect(total["households"] as? Int == 3)
            #expect(total["poor"] as? Int == 2)
        }
    }
}
