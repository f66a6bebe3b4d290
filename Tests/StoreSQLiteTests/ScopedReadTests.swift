import Access
import Foundation
import Registry
import StoreCore
import Store
@testable import StorePostgres
@testable import StoreSQLite
import StoreTestSupport
import Testing
import VietnameseText

/// The household page's one-read file and scoped search (truy vấn theo phạm vi) on a real file:
/// the scope tested in Swift for a single household must agree with the SQL scope of the lists.
@Suite("Scoped reads: household file and scoped search")
struct ScopedReadTests {
    let alice = AccessContext(account: "alice", role: "COM", assignment: "COM@18739", purpose: "review")
    let otherCommune = "18742"

    func registry(_ dir: TempDir, _ backend: StoreBackend) throws -> any FullStore {
        var f = Fixture()
        f.family("H01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", child: "Nguyễn Văn Đức", recognisedClass: "poor",
                 recognisedYear: "2025")
        f.household("H02", village: "Thôn Đông Hà", referenceDate: "2024-11-15")
        f.member("H02", 1, "Lê Văn Đức", organisations: "nong_dan;cuu_chien_binh")
        f.family("H03", head: "Trần Văn Đức", commune: otherCommune)
        let store = try dir.store(backend)
        let (h, m) = try f.write(dir, "files")
        try importOK(store, h, m)
        return store
    }

    func commune(_ code: String, id: Int64 = 1) -> HouseholdScope.Clause {
        .init(assignmentID: id, role: .commune, communeCodes: [code])
    }

    @Test("household file: the same household, records and trail as the separate reads, and the read audited", arguments: backends)
    func fileMatchesSeparateReads(_ backend: StoreBackend) async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try registry(dir, backend)
        let scope = HouseholdScope([commune(testCommune, id: 7)])
        let before = try store.auditEntries(AuditFilter(limit: 1_000_000)).count

        let limits = HouseholdAuditTrail.Limits(changes: 50, reads: 10)
        let file = try #require(try await store.householdFile(code: "H01", scope: scope, editScope: scope, audit: true, trail: limits,
                                                        context: alice))
        // The section shown is the stored one right after the read (which it includes).
        #expect(file.auditTrail == (try store.auditTrail(householdCode: "H01", limits: limits)))
        let separate = try #require(try store.household(code: "H01", context: tester))
        #expect(file.stored == separate)
        #expect(file.stored.members.map(\.fullName) == ["Nguyễn Văn Hùng", "Trần Thị Lan", "Nguyễn Văn Đức"])
        #expect(file.clause.assignmentID == 7)
        #expect(file.editable)
        #expect(file.statuses == (try store.statusRecords(householdCode: "H01")))
        #expect(file.classifications == (try store.classifications(householdCode: "H01")))
        #expect(!file.statuses.isEmpty)

        // Exactly one audit entry for this read, and the trail shown ends with it.
        let log = try store.auditEntries(AuditFilter(limit: 1_000_000))
        let appended = log.dropFirst(before).filter { $0.account == "alice" }
        #expect(appended.map(\.action) == [.readPersonal])
        #expect(appended.first?.entityIDs == ["H01"])
        #expect(file.auditTrail?.reads.first?.sequence == appended.first?.sequence)
        #expect(file.auditTrail?.readCount == 1)

        // No trail asked for, no audit asked for: nothing appended, nothing returned.
        let quiet = try #require(try await store.householdFile(code: "H01", scope: scope, editScope: .nothing, audit: false, trail: nil,
                                                         context: alice))
        #expect(quiet.auditTrail == nil)
        #expect(!quiet.editable)
        #expect(try store.auditEntries(AuditFilter(limit: 1_000_000)).count == log.count)

        // A limit keeps the newest reads, this read included; the count is of all reads.
        let short = try #require(try await store.householdFile(code: "H01", scope: scope, editScope: scope, audit: true,
                                                         trail: .init(changes: 1, reads: 1), context: alice))
        #expect(short.auditTrail?.reads.map(\.account) == ["alice"])
        #expect(short.auditTrail?.reads.first?.sequence == (try store.auditEntries(AuditFilter(limit: 1))).last?.sequence)
        // Alice's two reads and the tester's separate one above.
        #expect(short.auditTrail?.readCount == 3)
        #expect(short.auditTrail?.readCount == (try store.auditEntries(AuditFilter(kind: .personalRead, entityID: "H01", limit: 100))).count)
    }

    @Test("a household's audit section: its changes apart from its reads (page, search, list), newest first, reads counted",
          arguments: backends)
    func auditSection(_ backend: StoreBackend) async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try registry(dir, backend)
        let scope = HouseholdScope([commune(testCommune, id: 7)])
        // Two edits of H02 (a change of the household, one of a member), reads of H01 and H02 by every path.
        for (i, address) in ["Xóm 1", "Xóm 2"].enumerated() {
            let stored = try #require(try store.household(code: "H02", scope: scope, audit: false, context: alice)).household
            var household = stored.household
            household.address = address
            _ = try store.updateHousehold(household, expectedVersion: stored.version, context: i == 0 ? alice : tester)
        }
        let h02 = try #require(try store.household(code: "H02", scope: scope, audit: false, context: alice)).household
        var member = try #require(h02.members.first)
        member.healthInsurance = !(member.healthInsurance ?? false)
        _ = try store.updateMember(member, expectedVersion: h02.version, context: alice)
        _ = try await store.search(SearchQuery("duc", pageSize: 100), scope: scope, context: alice)        // shows H01 and H02
        _ = try await store.households(HouseholdFilter(on: CivilDate(year: 2026, month: 1, day: 1)), scope: scope, page: 1,
                                       pageSize: 50, withNames: true, context: alice)                       // shows both
        for _ in 0..<12 { _ = try await store.householdFile(code: "H02", scope: scope, editScope: scope, audit: true, trail: nil, context: alice) }
        try store.recordSecurityEvent("permission_denied", entityType: "household", entityIDs: ["H02"], context: alice)

        let section = try store.auditTrail(householdCode: "H02", limits: .init(changes: 50, reads: 10))
        let log = try store.auditEntries(AuditFilter(entityID: "H02", limit: 1000))
        #expect(section.changes.map(\.sequence) == log.filter { $0.action.kind == .change }.map(\.sequence).reversed())
        #expect(section.changes.map(\.action) == [.update, .update, .update])
        #expect(section.changes.first?.entityType == "member")
        #expect(section.readCount == 14)
        #expect(section.readCount == log.filter { $0.action.kind == .personalRead }.count)
        #expect(section.reads.map(\.sequence) == Array(log.filter { $0.action == .readPersonal }.map(\.sequence).reversed().prefix(10)))
        #expect(Set(log.map(\.entityType)).isSuperset(of: ["search", "household_list", "household", "member"]))
        // The filters the audit views use agree with the section.
        #expect(try store.auditEntries(AuditFilter(kind: .personalRead, entityID: "H02", limit: 3)).map(\.sequence)
                == section.reads.prefix(3).map(\.sequence).reversed())
        #expect(try store.auditEntries(AuditFilter(kind: .other, entityID: "H02", limit: 10)).map(\.action) == [.permissionDenied])
        #expect(try store.auditEntries(AuditFilter(kind: .change, limit: 1000)).allSatisfy { $0.action.kind == .change })
        let h01 = try store.auditTrail(householdCode: "H01", limits: .init(changes: 5, reads: 5))
        #expect(h01.changes.isEmpty && h01.readCount == 2)
        #expect(try store.verifyAuditChain() == nil)
    }

    @Test("concurrent reads are audited in shared commits: one entry each, returned sealed, the chain intact, interleaved with edits", arguments: backends)
    func groupCommit(_ backend: StoreBackend) async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try registry(dir, backend)
        let scope = HouseholdScope([commune(testCommune, id: 7)])
        let before = try store.auditEntries(AuditFilter(limit: 1_000_000)).count
        let readers = 200
        let entries = try await withThrowingTaskGroup(of: (Int, AuditEntry?).self) { group in
            for i in 0..<readers {
                group.addTask {
                    let reader = AccessContext(account: "reader\(i)", role: "COM", assignment: "COM@18739", purpose: "review")
                    let code = i % 2 == 0 ? "H01" : "H02"
                    let file = try await store.householdFile(code: code, scope: scope, editScope: scope, audit: true,
                                                             trail: .init(changes: 0, reads: 1), context: reader)
                    return (i, file?.auditTrail?.reads.first)
                }
            }
            // A write through the ordinary writer meanwhile: its entry chains with the batches.
            group.addTask {
                let stored = try #require(try store.household(code: "H02", context: tester))
                var household = stored.household
                household.address = "Xóm mới"
                _ = try store.updateHousehold(household, expectedVersion: stored.version, context: tester)
                return (-1, nil)
            }
            var found: [Int: AuditEntry] = [:]
            for try await (i, entry) in group where i >= 0 { found[i] = entry }
            return found
        }
        #expect(entries.count == readers)
        for (i, entry) in entries {
            #expect(entry.account == "reader\(i)")
            #expect(entry.action == .readPersonal)
            #expect(entry.entityIDs == [i % 2 == 0 ? "H01" : "H02"])
        }
        let log = try store.auditEntries(AuditFilter(limit: 1_000_000)).dropFirst(before)
        // The readers' entries, the edit's, and the edit's own read of the household (audited too).
        #expect(log.count == readers + 2)
        #expect(log.filter { $0.action == .update }.count == 1)
        #expect(Set(log.map(\.sequence)).count == log.count)
        #expect(Set(entries.values.map(\.sequence)) == Set(log.filter { $0.account.hasPrefix("reader") }.map(\.sequence)))
        #expect(try store.verifyAuditChain() == nil)
    }

    @Test("a scope's SQL condition is kept once made, and is the one made afresh")
    func scopeSQLKept() {
        let scopes = [HouseholdScope([commune(testCommune, id: 7)]), HouseholdScope([commune(otherCommune, id: 7)]),
                      HouseholdScope([commune(otherCommune, id: 2), commune(testCommune, id: 3)]), HouseholdScope([])]
        for scope in scopes {
            for asFilter in [false, true] {
                for _ in 0..<2 {
                    let kept = ScopeSQL.cached(scope, asFilter: asFilter), fresh = ScopeSQL(scope, asFilter: asFilter)
                    #expect(kept.condition == fresh.condition)
                    #expect(kept.arguments == fresh.arguments)
                }
            }
        }
        #expect(ScopeSQL.cached(scopes[0]).arguments != ScopeSQL.cached(scopes[1]).arguments)
        #expect(ScopeSQL.cached(scopes[0], asFilter: true).condition.contains("+h.commune_code IN"))
    }

    @Test("household file: every kind of clause admits and refuses as the SQL scope does; out of scope is not audited", arguments: backends)
    func fileScopeAgreesWithSQL(_ backend: StoreBackend) async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try registry(dir, backend)
        let scopes: [(String, HouseholdScope)] = [
            ("commune", HouseholdScope([commune(testCommune)])),
            ("other commune", HouseholdScope([commune(otherCommune)])),
            ("both", HouseholdScope([commune(otherCommune, id: 2), commune(testCommune, id: 3)])),
            ("village (folded)", HouseholdScope([.init(assignmentID: 4, role: .village, communeCodes: [testCommune],
                                                       villages: ["thon dong ha"])])),
            ("organisation", HouseholdScope([.init(assignmentID: 5, role: .organisation, communeCodes: [testCommune],
                                                   organisation: .cuuChienBinh)])),
            ("other organisation", HouseholdScope([.init(assignmentID: 6, role: .organisation, communeCodes: [testCommune],
                                                         organisation: .phuNu)])),
            ("before the reform", HouseholdScope([.init(assignmentID: 8, role: .district, communeCodes: [testCommune],
                                                        recordedBefore: CivilDate(year: 2025, month: 7, day: 1))])),
            ("nothing", .nothing),
        ]
        let expected: [String: Set<String>] = [
            "commune": ["H01", "H02"], "other commune": ["H03"], "both": ["H01", "H02", "H03"], "village (folded)": ["H02"],
            "organisation": ["H02"], "other organisation": [], "before the reform": ["H02"], "nothing": [],
        ]
        for (name, scope) in scopes {
            let before = try store.auditEntries(AuditFilter(limit: 1_000_000)).count
            var admitted: Set<String> = []
            for code in ["H01", "H02", "H03", "H99"] {
                if let file = try await store.householdFile(code: code, scope: scope, editScope: scope, audit: true,
                                                      trail: .init(changes: 5, reads: 5), context: alice) {
                    admitted.insert(code)
                    #expect(scope.clauses.contains(file.clause), "\(name): the admitting clause is one of the scope's")
                }
            }
            #expect(admitted == expected[name], "\(name)")
            let audited = try store.auditEntries(AuditFilter(limit: 1_000_000)).dropFirst(before).flatMap(\.entityIDs)
            #expect(Set(audited) == admitted && audited.count == admitted.count, "\(name): one read entry per admitted household")

            // The list's SQL scope admits the same households.
            let listed = try await store.search(SearchQuery("duc", pageSize: 100), scope: scope, context: alice).hits.map(\.householdCode)
            #expect(Set(listed) == admitted, "\(name): search 'duc' under the scope")
            // The older single-household read agrees too.
            for code in ["H01", "H02", "H03"] {
                let old = try store.household(code: code, scope: scope, audit: false, context: alice)
                #expect((old != nil) == admitted.contains(code), "\(name): household(code:scope:) for \(code)")
            }
        }
    }
}

/// The hand-written JSON string arrays of audit ids and scope arguments.
@Suite("JSON string arrays")
struct JSONStringArrayTests {
    @Test("round trip, and the same text Foundation reads and writes")
    func roundTrip() throws {
        let samples: [[String]] = [
            [], [""], ["18739"], ["Nguyễn Văn Đức", "H01"], ["quote \" and \\ backslash", "tab\tnew\nline\r", "\u{01}\u{1F}"],
            ["emoji 🇻🇳 and 𝄞", "/slash/"],
        ]
        var random = SystemRandomNumberGenerator()
        var generated = samples
        for _ in 0..<200 {
            let count = Int.random(in: 0...4, using: &random)
            generated.append((0..<count).map { _ in
                String((0..<Int.random(in: 0...12, using: &random)).map { _ in
                    Character(Unicode.Scalar([0x0A, 0x22, 0x5C, 0x41, 0x1EA1, 0x111, 0x1F600, 0x07].randomElement(using: &random)!)!)
                })
            })
        }
        for values in generated {
            let text = JSONStringArray.encode(values)
            #expect(JSONStringArray.decode(text) == values, "\(values)")
            #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == values)
            let foundation = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
            #expect(JSONStringArray.decode(foundation) == values, "\(foundation)")
        }
        #expect(JSONStringArray.decode(" [ \"a\" , \"\\u00e9\\ud83d\\ude00\" ] ") == ["a", "é😀"])
    }

    @Test("anything but an array of strings is nil")
    func rejects() {
        for text in ["", "[", "]", "[1]", "[\"a\",]", "[\"a\"] x", "{\"a\":1}", "[\"\\x\"]", "[\"\\ud83d\"]", "\"a\"", "[\"a"] {
            #expect(JSONStringArray.decode(text) == nil, "\(text)")
        }
    }
}

/// The dashboard's tallies: the cached whole-registry pass must count exactly what the SQL
/// household-by-household count does, and see every change.
@Suite("Class tallies")
struct TallyTests {
    /// Tallies counted household by household in SQL (each store's reference for its fast path).
    func talliesBySQL(_ store: any FullStore, scope: HouseholdScope, on day: CivilDate, communeCodes: Set<String>?,
                      byVillage: Bool) throws -> [ClassTally] {
        if let sqlite = store as? SQLiteRegistryStore {
            return try sqlite.talliesBySQL(scope: scope, on: day, communeCodes: communeCodes, byVillage: byVillage)
        }
        return try (store as! PostgresRegistryStore).talliesBySQL(scope: scope, on: day, communeCodes: communeCodes, byVillage: byVillage)
    }

    func compare(_ store: any FullStore, scopes: [HouseholdScope], days: [CivilDate], narrow: [Set<String>?]) throws {
        for scope in scopes {
            for day in days {
                for communes in narrow {
                    for byVillage in [false, true] {
                        let fast = try store.tallies(scope: scope, on: day, communeCodes: communes, byVillage: byVillage)
                        let sql = try talliesBySQL(store, scope: scope, on: day, communeCodes: communes, byVillage: byVillage)
                        func key(_ t: ClassTally) -> String { "\(t.communeCode)|\(t.village ?? "")" }
                        #expect(Dictionary(uniqueKeysWithValues: fast.map { (key($0), $0) })
                                == Dictionary(uniqueKeysWithValues: sql.map { (key($0), $0) }),
                                "scope \(scope.clauses.count) clauses, \(day), narrow \(communes?.count ?? -1), byVillage \(byVillage)")
                    }
                }
            }
        }
    }

    @Test("the cached pass equals the SQL count on a generated registry, before and after changes", arguments: backends)
    func cachedEqualsSQL(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let registry = try dir.registry(backend, "t")
        let store = try registry.open()
        let (h, m) = try generated(dir, households: 1_500, seed: 11, province: "42")
        try importOK(store, h, m)
        let communes = Set(try snapshot(store).map(\.household.communeCode)).sorted()
        #expect(communes.count > 3)
        // Recognised classes over three years (generated files carry none), some households
        // recognised again with another class: several status records each.
        let classes = ["poor", "near_poor", "not_poor", "poor"]
        for (year, range) in [(2024, 0..<40), (2025, 20..<50), (2026, 0..<30)] {
            var y = Fixture()
            for i in range {
                y.family("Y\(i)", head: "Phạm Văn Bình", spouse: i % 2 == 0 ? "Đỗ Thị Hoa" : nil, village: i % 3 == 0 ? "Thôn Bắc" : "Thôn Nam",
                         commune: communes[i % 4], recognisedClass: classes[(i + year) % 4], recognisedYear: String(year))
            }
            let (hy, my) = try y.write(dir, "year-\(year)")
            try importOK(store, hy, my, year: year)
        }
        #expect(try store.statusRecords(householdCode: "Y25").count == 3)
        let some = Set(communes.prefix(2))
        let scopes = [
            HouseholdScope.everything, .nothing,
            HouseholdScope([.init(assignmentID: 1, role: .commune, communeCodes: some)]),
            HouseholdScope([.init(assignmentID: 1, role: .commune, communeCodes: [communes[0]]),
                            .init(assignmentID: 2, role: .province, communeCodes: Set(communes.suffix(2)))]),
        ]
        let days = [CivilDate(year: 2024, month: 12, day: 31), CivilDate(year: 2025, month: 12, day: 14),
                    CivilDate(year: 2026, month: 12, day: 31)]
        let narrow: [Set<String>?] = [nil, some, [communes.last!]]
        let before = try store.tallies(scope: .everything, on: days[2], communeCodes: nil, byVillage: false)
        #expect(before.reduce(0) { $0 + $1.households } == 1_550)
        #expect(before.reduce(0) { $0 + $1.poor } > 0)
        try compare(store, scopes: scopes, days: days, narrow: narrow)

        // New households, a second year of recognised classes: the next tallies count them.
        var f = Fixture()
        f.family("X01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", commune: communes[0], recognisedClass: "poor",
                 recognisedYear: "2026")
        f.family("X02", head: "Lê Văn Tâm", commune: communes[0], recognisedClass: "near_poor", recognisedYear: "2026")
        let (h2, m2) = try f.write(dir, "more")
        try importOK(store, h2, m2)
        let after = try store.tallies(scope: .everything, on: days[2], communeCodes: [communes[0]], byVillage: false)
        let was = before.filter { $0.communeCode == communes[0] }
        #expect(after.reduce(0) { $0 + $1.households } == was.reduce(0) { $0 + $1.households } + 2)
        #expect(after.reduce(0) { $0 + $1.persons } == was.reduce(0) { $0 + $1.persons } + 3)
        #expect(after.reduce(0) { $0 + $1.poor } == was.reduce(0) { $0 + $1.poor } + 1)
        #expect(after.reduce(0) { $0 + $1.nearPoor } == was.reduce(0) { $0 + $1.nearPoor } + 1)
        try compare(store, scopes: scopes, days: days, narrow: narrow)

        // A second store on the file (another process) writing: the first one's cache sees it.
        let other = try registry.open()
        var g = Fixture()
        g.family("X01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", child: "Nguyễn Văn Đức", commune: communes[0],
                 recognisedClass: "poor", recognisedYear: "2026")
        let (h3, m3) = try g.write(dir, "third")
        try importOK(other, h3, m3)
        let x01 = try #require(try other.household(code: "X01", context: tester))
        #expect(x01.members.count == 3)
        let third = try store.tallies(scope: .everything, on: days[2], communeCodes: [communes[0]], byVillage: false)
        #expect(third.reduce(0) { $0 + $1.persons } == was.reduce(0) { $0 + $1.persons } + 4)
        try compare(store, scopes: scopes, days: days, narrow: narrow)
    }
}
