import Foundation
import GRDB
import Registry
import RegistryTransfer
import Store
@testable import StoreSQLite
import StoreTestSupport
import Testing

@Suite("Search: folded names, CCCD, codes, villages, pages, audit, indexes")
struct SearchTests {
    /// A small registry with Vietnamese names that fold alike.
    static func registry(_ dir: TempDir, _ backend: StoreBackend = .sqlite) throws -> any FullStore {
        var f = Fixture()
        f.household("TK-001", village: "Thôn Đoài")
        f.member("TK-001", 1, "Nguyễn Văn Đức", birth: "1975")
        f.member("TK-001", 2, "Trần Thị Đào", relation: "spouse", sex: "F", birth: "1978")
        f.household("TK-002", village: "Thôn Đoài")
        f.member("TK-002", 1, "Nguyễn Văn Đức Anh", birth: "1990")
        f.member("TK-002", 2, "Đào Thị Nga", relation: "spouse", sex: "F", birth: "1992")
        f.household("TK-003", village: "Thôn Hạ")
        f.member("TK-003", 1, "Lê Đức Thọ", birth: "1960")
        f.member("TK-003", 2, "Nguyễn Thị Hương", relation: "spouse", sex: "F", birth: "1962")
        f.household("TK-004", village: "Thôn Hạ")
        f.member("TK-004", 1, "Đỗ Văn Đức", birth: "1985")
        f.member("TK-004", 2, "Đỗ Thị Hà", relation: "child", sex: "F", birth: "2016")
        f.household("TK-005", village: "Đức Phong")
        f.member("TK-005", 1, "Phạm Minh Đức", birth: "1970")
        f.member("TK-005", 2, "Nguyễn Thị Lý", relation: "spouse", sex: "F", birth: "1972")
        f.household("TK-006", village: "Đức Phong")
        f.member("TK-006", 1, "Hoàng Văn Nam", birth: "1965")
        f.household("TK-007", village: "Thôn Hạ")
        f.member("TK-007", 1, "Nguyễn Văn Bình", birth: "1950")
        f.member("TK-007", 2, "Nguyễn Văn Cường", relation: "child", birth: "1980")
        f.member("TK-007", 3, "Nguyễn Thị Dung", relation: "child", sex: "F", birth: "1983")
        f.household("TK-008", village: "đức phong")
        f.member("TK-008", 1, "Vũ Thị Mai", sex: "F", birth: "1988")
        let store = try dir.store(backend, "search")
        let (h, m) = try f.write(dir, "files")
        try importOK(store, h, m)
        return store
    }

    /// `code#no match` of each hit, for compact comparisons.
    func keys(_ page: SearchPage) -> [String] { page.hits.map { "\($0.householdCode)#\($0.memberNo) \($0.match.rawValue)" } }

    func search(_ store: any FullStore, _ text: String, page: Int = 1, size: Int = 20) throws -> SearchPage {
        try store.search(SearchQuery(text, page: page, pageSize: size), context: tester)
    }

    @Test("a whole name first, then names starting with it; case, diacritics and spaces do not matter", arguments: backends)
    func fullName(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.registry(dir, backend)
        let page = try search(store, "nguyen van duc")
        #expect(keys(page) == ["TK-001#1 full_name", "TK-002#1 name_prefix"])
        #expect(page.hits.map(\.fullName) == ["Nguyễn Văn Đức", "Nguyễn Văn Đức Anh"])
        #expect(page.hasMore == false)
        for text in ["NGUYỄN VĂN ĐỨC", "Nguyen  Van  Duc", "  nguyễn văn đức ", "Nguyễn Văn Đức"] {
            #expect(try search(store, text).hits == page.hits, "\(text)")
        }
        let hit = page.hits[0]
        #expect(hit.relation == "head")
        #expect(hit.birthYear == 1975)
        #expect(hit.village == "Thôn Đoài")
        #expect(hit.communeCode == testCommune)
        #expect(hit.maskedNationalID == "********" + Fixture.nationalID("TK-001", 1).suffix(4))
    }

    @Test("a given name alone finds every person with that given name; đ folds to d", arguments: backends)
    func givenName(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.registry(dir, backend)
        // Given-name hits in Vietnamese order (given name, middle, family), then the heads of the village
        // "Đức Phong" not already listed (Phạm Minh Đức is head there and was found by his given name).
        let duc = try search(store, "đức")
        #expect(keys(duc) == ["TK-005#1 given_name", "TK-004#1 given_name", "TK-001#1 given_name",
                              "TK-006#1 village", "TK-008#1 village"])
        #expect(try search(store, "duc").hits == duc.hits)
        #expect(try search(store, "ĐỨC").hits == duc.hits)
        // Lê Đức Thọ has Đức as a middle name only: not a given-name match.
        #expect(!duc.hits.contains { $0.householdCode == "TK-003" })
        // Middle and given name typed in order.
        #expect(keys(try search(store, "van duc")) == ["TK-004#1 given_name", "TK-001#1 given_name"])

        // "dao": the family name Đào first (name prefix), then the given name Đào.
        let dao = try search(store, "dao")
        #expect(keys(dao) == ["TK-002#2 name_prefix", "TK-001#2 given_name"])
        #expect(dao.hits.map(\.fullName) == ["Đào Thị Nga", "Trần Thị Đào"])
    }

    @Test("a whole CCCD finds its owner, masked; digits typed with spaces too; the last 4 digits list owners; no prefix search",
          arguments: [StoreBackend.sqlite])
    func nationalID(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.registry(dir, backend)
        let nid = Fixture.nationalID("TK-003", 1)
        let page = try search(store, nid)
        #expect(keys(page) == ["TK-003#1 national_id"])
        #expect(page.hits[0].fullName == "Lê Đức Thọ")
        #expect(page.hits[0].maskedNationalID == "********" + nid.suffix(4))
        #expect(page.hits[0].maskedNationalID?.count == 12)
        let spaced = "\(nid.prefix(4)) \(nid.dropFirst(4).prefix(4)) \(nid.suffix(4))"
        #expect(try search(store, spaced).hits == page.hits)
        // No hit shows a whole CCCD.
        let last4 = try search(store, String(nid.suffix(4)))
        #expect(last4.hits.contains { $0.householdCode == "TK-003" && $0.memberNo == 1 && $0.match == .nationalIDLast4 })
        #expect(last4.hits.allSatisfy { $0.maskedNationalID?.hasSuffix(String(nid.suffix(4))) == true })
        #expect(last4.hits.allSatisfy { $0.maskedNationalID?.hasPrefix("********") == true })
        // The numbers are stored encrypted: a prefix finds no CCCD.
        #expect(try search(store, String(nid.prefix(5))).hits.allSatisfy { $0.match != .nationalID && $0.match != .nationalIDLast4 })
        // A child without CCCD shows none.
        #expect(try search(store, "do thi ha").hits.first?.maskedNationalID == nil)
    }

    @Test("a household code finds its head; a village name finds the heads of the village", arguments: backends)
    func codesAndVillages(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.registry(dir, backend)
        #expect(keys(try search(store, "TK-003")) == ["TK-003#1 household_code"])
        #expect(keys(try search(store, "tk-003")) == ["TK-003#1 household_code"])
        #expect(keys(try search(store, "TK-00")).count == 8)
        #expect(try search(store, "TK-00").hits.map(\.householdCode) == (1...8).map { "TK-00\($0)" })
        #expect(try search(store, "TK-00").hits.allSatisfy { $0.relation == "head" })

        let doai = try search(store, "thon doai")
        #expect(keys(doai) == ["TK-001#1 village", "TK-002#1 village"])
        #expect(try search(store, "Thôn Đoài").hits == doai.hits)
        // "Đức Phong" and "đức phong" are one village; its heads in household order.
        #expect(keys(try search(store, "duc phong")) == ["TK-005#1 village", "TK-006#1 village", "TK-008#1 village"])
        #expect(try store.villages(communeCode: testCommune).count == 3)
        #expect(try search(store, "khong co ai").hits.isEmpty)
    }

    @Test("pages of 2 are disjoint, in the order of one large page, with hasMore right", arguments: ["nguyen", "duc", "TK-0"], backends)
    func pagination(_ text: String, backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.registry(dir, backend)
        let all = try search(store, text, size: 200)
        #expect(all.hits.count >= 5)
        #expect(all.hasMore == false)
        var union: [SearchHit] = []
        var page = 1
        while true {
            let p = try search(store, text, page: page, size: 2)
            union += p.hits
            #expect(p.hits.count == min(2, all.hits.count - (page - 1) * 2))
            #expect(p.hasMore == (page * 2 < all.hits.count), "page \(page)")
            if !p.hasMore { break }
            page += 1
            if page > 20 { Issue.record("too many pages"); break }
        }
        #expect(union == all.hits)
        #expect(Set(union.map { "\($0.householdCode)#\($0.memberNo)" }).count == union.count)
        // A page beyond the end is empty.
        #expect(try search(store, text, page: page + 1, size: 2).hits.isEmpty)
        if text == "nguyen" {
            #expect(all.hits.map(\.fullName) == ["Nguyễn Thị Dung", "Nguyễn Thị Hương", "Nguyễn Thị Lý", "Nguyễn Văn Bình",
                                                 "Nguyễn Văn Cường", "Nguyễn Văn Đức", "Nguyễn Văn Đức Anh"])
        }
    }

    @Test("every search with hits appends one read_personal entry naming the households shown", arguments: backends)
    func audited(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.registry(dir, backend)
        let reads = { try store.auditEntries(AuditFilter(action: .readPersonal)) }
        #expect(try reads().isEmpty)

        let page = try search(store, "nguyen", page: 2, size: 3)
        var entries = try reads()
        #expect(entries.count == 1)
        let entry = try #require(entries.last)
        #expect(entry.entityType == "search")
        #expect(entry.entityIDs == Array(Set(page.hits.map(\.householdCode))).sorted())
        #expect(entry.rowCount == page.hits.count)
        #expect(entry.account == "tester")
        #expect(entry.purpose == "review")
        #expect(entry.after?.contains("nguyen") == true)

        _ = try search(store, "khong co ai")
        #expect(try reads().count == 1)
        _ = try search(store, "dao")
        entries = try reads()
        #expect(entries.count == 2)
        #expect(entries.last?.entityIDs == ["TK-001", "TK-002"])
        // Found per household too.
        #expect(try store.auditEntries(AuditFilter(action: .readPersonal, entityID: "TK-002")).count >= 1)
        #expect(try store.verifyAuditChain() == nil)
    }

    @Test("name, given-name and CCCD searches use their indexes, not a scan of member (SQLite)")
    func indexes() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try #require(try Self.registry(dir) as? SQLiteRegistryStore)
        let sources = SQLiteRegistryStore.searchSources(SearchQuery("nguyen van duc"), cipher: store.cipher)
        let db = try DatabaseQueue(path: dir.file("search.db").path)
        // Names are found in the small person_name table by its keys, then their members through member(name_id).
        let wanted: [SearchMatch: String] = [
            .fullName: "sqlite_autoindex_person_name_1", .namePrefix: "sqlite_autoindex_person_name_1", .givenName: "person_name_given",
        ]
        #expect(Set(sources.map(\.match)).isSuperset(of: wanted.keys))
        for source in sources {
            guard let index = wanted[source.match] else { continue }
            let plan = try db.read { db in
                try Row.fetchAll(db, sql: """
                    EXPLAIN QUERY PLAN SELECT h.code, m.member_no, m.full_name, v.name \(source.from) JOIN village v ON v.id = h.village_id
                    WHERE \(source.condition) ORDER BY \(source.order) LIMIT 21 OFFSET 0
                    """, arguments: source.arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("USING INDEX \(index)") || $0.contains("USING COVERING INDEX \(index)") },
                    "\(source.match): \(plan)")
            #expect(plan.contains { $0.contains("member_name") && $0.hasPrefix("SEARCH m") }, "\(source.match): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN m") || $0.hasPrefix("SCAN member") || $0.hasPrefix("SCAN p") }, "\(source.match): \(plan)")
        }
        // A whole CCCD and its last four digits through the unique index on (last 4 digits, keyed hash).
        let cccd: [SearchMatch: String] = [.nationalID: "member_national_id_key", .nationalIDLast4: "member_national_id_key"]
        for (text, match) in [(Fixture.nationalID("TK-003", 1), SearchMatch.nationalID), ("5868", .nationalIDLast4)] {
            let source = try #require(SQLiteRegistryStore.searchSources(SearchQuery(text), cipher: store.cipher).first { $0.match == match })
            let plan = try db.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT m.member_no \(source.from) WHERE \(source.condition) ORDER BY \(source.order) LIMIT 21",
                                 arguments: source.arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains(cccd[match]!) }, "\(match): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN m") }, "\(match): \(plan)")
        }
    }
}

@Suite("Search: spelling")
struct SearchSpellingTests {
    @Test("typed with diacritics, the exact spelling comes before other spellings of the same folded name", arguments: backends)
    func exactSpellingFirst(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        var f = Fixture()
        f.household("SP-001", village: "Thôn 1")
        f.member("SP-001", 1, "Nguyễn Văn Dục", birth: "1970")
        f.household("SP-002", village: "Thôn 1")
        f.member("SP-002", 1, "Nguyễn Văn Đức", birth: "1971")
        let store = try dir.store(backend, "s")
        let (h, m) = try f.write(dir, "files")
        try importOK(store, h, m)
        let typed = try store.search(SearchQuery("Nguyễn  Văn Đức"), context: tester).hits.map(\.fullName)
        #expect(typed == ["Nguyễn Văn Đức", "Nguyễn Văn Dục"])
        let folded = try store.search(SearchQuery("nguyen van duc"), context: tester).hits.map(\.fullName)
        #expect(folded == ["Nguyễn Văn Dục", "Nguyễn Văn Đức"])  // registry order when nothing tells them apart
    }
}
