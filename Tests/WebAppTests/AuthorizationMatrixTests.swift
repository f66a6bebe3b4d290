import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import StoreTestSupport
import Testing
@testable import WebApp

/// Every role × every endpoint × an in-scope and out-of-scope household, against the answers
/// roles.md §3–§4 allow — written out by hand here, not computed by the policy under test.
///
/// 200 = allowed; 404 = not found (out of scope looks like missing, roles.md §3.4);
/// 403 = the role may not do this at all (the same answer for every household, so nothing leaks).
@Suite("Authorisation matrix")
struct AuthorizationMatrixTests {
    static let codes = ["HT-A1", "HT-A2", "HT-B1", "HN-X1"]

    /// Reading a household (D1), API and page: expected status per household code.
    static let read: [Role: [Int]] = [
        .administrator: [403, 403, 403, 403],
        .province: [200, 200, 200, 404],
        .district: [404, 404, 404, 404],   // three-tier records only; these are recorded under 2025 codes
        .commune: [200, 200, 404, 404],
        .communeLeader: [200, 200, 404, 404],
        .village: [200, 404, 404, 404],    // own village only
        .organisation: [200, 404, 404, 404], // head is a Hội Nông dân member, inside the unit
        .lineDepartment: [403, 403, 403, 403],
        .partner: [403, 403, 403, 403],
        .auditor: [200, 200, 200, 404],
    ]

    /// Editing a household through the API.
    static let edit: [Role: [Int]] = [
        .administrator: [403, 403, 403, 403],
        .province: [403, 403, 403, 403],
        .district: [403, 403, 403, 403],
        .commune: [200, 200, 404, 404],
        .communeLeader: [200, 200, 404, 404],
        .village: [403, 403, 403, 403],    // needs an open campaign (note 9); none exists
        .organisation: [403, 403, 403, 403],
        .lineDepartment: [403, 403, 403, 403],
        .partner: [403, 403, 403, 403],
        .auditor: [403, 403, 403, 403],
    ]

    /// Search for "van duc": the households whose people it may see, or 403.
    static let search: [Role: Set<String>?] = [
        .administrator: nil, .province: ["HT-A1", "HT-B1"], .district: [], .commune: ["HT-A1"], .communeLeader: ["HT-A1"],
        .village: ["HT-A1"], .organisation: ["HT-A1"], .lineDepartment: nil, .partner: nil, .auditor: ["HT-A1", "HT-B1"],
    ]

    /// Dashboard: total households counted, or 403.
    static let dashboard: [Role: Int?] = [
        .administrator: 4, .province: 3, .district: 0, .commune: 2, .communeLeader: 2, .village: 1, .organisation: 1,
        .lineDepartment: 3, .partner: nil, .auditor: 3,
    ]

    /// Exporting personal lists, and importing (dry run) into commune A.
    static let export: Set<Role> = [.province, .commune, .communeLeader]
    static let importing: Set<Role> = [.commune, .communeLeader]

    /// User management (notes 24–25): the accounts listed, or 403.
    static let users: [Role: Set<String>?] = [
        .administrator: Set(Role.allCases.map { "user.\($0.rawValue.lowercased())" }),
        .province: ["user.prv", "user.com", "user.cld", "user.vil", "user.org", "user.ldp", "user.aud"],
        .district: nil, .commune: ["user.vil"], .communeLeader: ["user.vil"], .village: nil, .organisation: nil,
        .lineDepartment: nil, .partner: nil, .auditor: nil,
    ]

    /// Reading the audit log.
    static let audit: Set<Role> = [.administrator, .province, .auditor]

    @Test("every role against every endpoint", arguments: Role.allCases, StoreBackend.allCases)
    func role(_ role: Role, backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        let username = fixture.usernames[role]!
        try await fixture.run { client in
            let session = try await client.login(username)
            for (i, code) in Self.codes.enumerated() {
                let api = try await client.get("/api/v1/households/\(code)", session)
                #expect(Int(api.status.code) == Self.read[role]![i], "\(role.rawValue) GET /api/v1/households/\(code)")
                let page = try await client.get("/households/\(code)", session)
                #expect(Int(page.status.code) == Self.read[role]![i], "\(role.rawValue) GET /households/\(code)")
                if api.status == .notFound { #expect(api.errorCode == "household.not_found") }
                if api.status == .forbidden { #expect(api.errorCode == "permission_denied") }

                let version = try #require(try fixture.store.household(code: code, context: .init(account: "t"))).version
                let put = try await client.sendJSON(.put, "/api/v1/households/\(code)",
                                                    ["version": version, "fields": ["address": "Sửa bởi \(role.rawValue)"]], session: session)
                #expect(Int(put.status.code) == Self.edit[role]![i], "\(role.rawValue) PUT /api/v1/households/\(code): \(put.text)")
                let stored = try #require(try fixture.store.household(code: code, context: .init(account: "t")))
                #expect((stored.household.address == "Sửa bởi \(role.rawValue)") == (put.status == .ok))
            }

            let search = try await client.get("/api/v1/households?q=van%20duc", session)
            if let expected = Self.search[role]! {
                #expect(search.status == .ok, "\(role.rawValue) search")
                let found = Set((search.json["items"] as? [[String: Any]] ?? []).compactMap { $0["household_code"] as? String })
                #expect(found == expected, "\(role.rawValue) search")
            } else {
                #expect(search.status == .forbidden, "\(role.rawValue) search")
            }

            let list = try await client.get("/api/v1/households?page_size=50", session)
            if let expected = Self.search[role]! {
                let readable = Set(Self.codes.enumerated().filter { Self.read[role]![$0.offset] == 200 }.map(\.element))
                #expect(list.status == .ok)
                #expect(list.json["total"] as? Int == readable.count, "\(role.rawValue) list total")
                _ = expected
            } else {
                #expect(list.status == .forbidden, "\(role.rawValue) list")
            }

            let dashboard = try await client.get("/api/v1/dashboard", session)
            if let total = Self.dashboard[role]! {
                #expect(dashboard.status == .ok, "\(role.rawValue) dashboard")
                #expect((dashboard.json["total"] as? [String: Any])?["households"] as? Int == total, "\(role.rawValue) dashboard total")
            } else {
                #expect(dashboard.status == .forbidden, "\(role.rawValue) dashboard")
            }

            let export = try await client.get("/api/v1/export/households?format=csv", session)
            #expect((export.status == .ok) == Self.export.contains(role), "\(role.rawValue) export: \(export.status)")
            if !Self.export.contains(role) { #expect(export.status == .forbidden) }

            let users = try await client.get("/api/v1/users", session)
            let usersPage = try await client.get("/users", session)
            if let expected = Self.users[role]! {
                #expect(users.status == .ok && usersPage.status == .ok, "\(role.rawValue) users")
                #expect(Set((users.json["items"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }) == expected,
                        "\(role.rawValue) users")
                for (other, name) in fixture.usernames {
                    let id = try #require(try fixture.store.account(username: name)).id
                    let one = try await client.get("/api/v1/users/\(id)", session)
                    #expect(Int(one.status.code) == (expected.contains(name) ? 200 : 404), "\(role.rawValue) GET user of \(other.rawValue)")
                }
            } else {
                #expect(users.status == .forbidden && usersPage.status == .forbidden, "\(role.rawValue) users")
                let id = try #require(try fixture.store.account(username: "user.vil")).id
                #expect(try await client.get("/api/v1/users/\(id)", session).status == .forbidden)
                #expect(try await client.sendJSON(.post, "/api/v1/users/\(id)/disable", [:], session: session).status == .forbidden)
            }
            let audit = try await client.get("/api/v1/audit", session)
            #expect((audit.status == .ok) == Self.audit.contains(role), "\(role.rawValue) audit: \(audit.status)")
            if !Self.audit.contains(role) { #expect(audit.status == .forbidden) }

            let upload = try await client.upload("/api/v1/imports?dry_run=true", households: ImportFiles.validHouseholds,
                                                 members: ImportFiles.validMembers, session: session)
            #expect((upload.status == .ok) == Self.importing.contains(role), "\(role.rawValue) import: \(upload.text)")
            if !Self.importing.contains(role) { #expect(upload.status == .forbidden) }
        }
    }

    @Test("a commune officer cannot import or edit households of another commune", arguments: StoreBackend.allCases)
    func importOutsideScope(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let session = try await client.login("user.com")
            let other = try await client.upload("/api/v1/imports", households: ImportFiles.otherCommuneHouseholds,
                                                members: ImportFiles.otherCommuneMembers, session: session)
            #expect(other.status == .unprocessableContent)
            let codes = (other.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(codes.contains("commune_code.out_of_scope"))
            #expect(codes.contains("household_code.out_of_scope"))
            #expect(try fixture.store.household(code: "HT-B1", context: .init(account: "t"))?.household.address == "Số 3 Tổ 1")
            // Moving an own household into another commune is refused too.
            let version = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t"))).version
            let move = try await client.sendJSON(.put, "/api/v1/households/HT-A1", ["version": version, "fields": ["commune_code": "18100"]],
                                                 session: session)
            #expect(move.status == .unprocessableContent)
            #expect(move.errorCode == "commune_code.out_of_scope")
        }
    }

    @Test("the permission matrix file has every action and role of roles.md §4")
    func matrixFile() {
        let m = PermissionMatrix.standard
        #expect(m.grant(.readHousehold, for: .commune) == .allowed)
        #expect(m.grant(.readHousehold, for: .organisation) == .limited(note: 3))
        #expect(m.grant(.readPersonal, for: .auditor) == .limited(note: 8))
        #expect(m.grant(.editHousehold, for: .province) == .refused)
        #expect(m.grant(.manageUsers, for: .administrator) == .allowed)
        #expect(m.grant(.viewAggregates, for: .partner) == .refused)
        for action in Action.allCases {
            #expect(Role.allCases.contains { m.grant(action, for: $0) != .refused }, "\(action) granted to nobody")
        }
    }
}

/// Small import files for the authorisation and import tests.
enum ImportFiles {
    static let validHouseholds = """
        household_code,commune_code,village,area_type
        HT-A9,18073,Thôn Một,rural

        """
    static let validMembers = """
        household_code,member_no,full_name,relation,sex,birth_date,national_id
        HT-A9,1,Đỗ Văn Chín,head,M,1990,042090000009

        """
    static let otherCommuneHouseholds = """
        household_code,commune_code,village,area_type
        HT-B9,18100,Tổ 1,urban
        HT-B1,18073,Thôn Một,rural

        """
    static let otherCommuneMembers = """
        household_code,member_no,full_name,relation,sex,birth_date,national_id
        HT-B9,1,Đỗ Văn Chín,head,M,1990,042090000019
        HT-B1,1,Lê Văn Đức,head,M,01/01/1970,042070000004

        """
}

extension WebClient {
    /// A multipart upload of the two import files, as the import form sends them.
    func upload(_ path: String, households: String, members: String, session: SignedSession, extraFields: [(String, String)] = [])
        async throws -> TestResponse {
        let boundary = "----giamngheo\(UUID().uuidString)"
        var body = ""
        for (name, value) in extraFields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"households\"; filename=\"ho.csv\"\r\nContent-Type: text/csv\r\n\r\n\(households)\r\n"
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"members\"; filename=\"thanhvien.csv\"\r\nContent-Type: text/csv\r\n\r\n\(members)\r\n"
        body += "--\(boundary)--\r\n"
        return try await request(.post, path, session: session, headers: [.init("X-CSRF-Token")!: session.csrf], body: body,
                                 contentType: "multipart/form-data; boundary=\(boundary)")
    }
}
