import Foundation
import Hummingbird
import HummingbirdTesting
import Interchange
import NIOCore
import Store
import StoreTestSupport
import Testing
@testable import WebApp

/// Imports through the API, staged like the import page: upload → dry run with every error and an
/// id → commit of exactly that upload, or discard. Through the real HTTP server on 127.0.0.1.
@Suite("Import API: staged upload, commit, discard")
struct ImportAPITests {
    static let households = """
        household_code,commune_code,village,area_type,address
        HT-A9,18073,Thôn Một,rural,Số 9 Thôn Một
        HT-A1,18073,Thôn Một,rural,Số 1A Thôn Một (nhập)

        """
    static let members = """
        household_code,member_no,full_name,relation,sex,birth_date,national_id
        HT-A9,1,Đỗ Văn Chín,head,M,1990,042090000009
        HT-A1,1,Nguyễn Văn Đức,head,M,12/03/1975,042075000001

        """

    func address(_ fixture: WebFixture, _ code: String) throws -> String? {
        try fixture.store.household(code: code, context: .init(account: "t"))?.household.address
    }

    /// The commune officer signed in, and the check of the clean upload (households HT-A9, HT-A1).
    func stageClean(_ client: WebClient) async throws -> (SignedSession, TestResponse) {
        let com = try await client.login("user.com")
        return (com, try await client.upload("/api/v1/imports", households: Self.households, members: Self.members, session: com))
    }

    @Test("a clean upload is checked without writing; its commit imports it once", arguments: StoreBackend.allCases)
    func stagedCommit(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let (com, staged) = try await stageClean(client)
            #expect(staged.status == .ok, "\(staged.text)")
            #expect(staged.json["status"] as? String == "checked")
            #expect(staged.json["dry_run"] as? Bool == true)
            let id = try #require(staged.json["import_id"] as? String)
            #expect(staged.json["expires_at"] is String)
            let counts = try #require(staged.json["counts"] as? [String: Any])
            #expect(counts["households_created"] as? Int == 1)
            #expect(counts["households_updated"] as? Int == 1)
            #expect(try address(fixture, "HT-A9") == nil, "a check writes nothing")
            #expect(try address(fixture, "HT-A1") == "Số 1 Thôn Một")
            // Another account cannot commit it.
            let cld = try await client.login("user.cld")
            let foreign = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: cld, headers: [.init("X-CSRF-Token")!: cld.csrf])
            #expect(foreign.status == .notFound)
            #expect(foreign.errorCode == "import.not_found")
            // Commit: without the CSRF header of the session, refused; with it, imported.
            #expect(try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com).status == .forbidden)
            let committed = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com,
                                                     headers: [.init("X-CSRF-Token")!: com.csrf])
            #expect(committed.status == .ok, "\(committed.text)")
            #expect(committed.json["status"] as? String == "committed")
            #expect(committed.json["batch_id"] is Int)
            #expect((committed.json["counts"] as? [String: Any])?["households_created"] as? Int == 1)
            #expect(try address(fixture, "HT-A9") == "Số 9 Thôn Một")
            #expect(try address(fixture, "HT-A1") == "Số 1A Thôn Một (nhập)")
            let again = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com,
                                                 headers: [.init("X-CSRF-Token")!: com.csrf])
            #expect(again.status == .notFound, "a staged import commits once")
        }
    }

    @Test("errors: every one listed with row, column, value, Vietnamese message and code; such an upload cannot be committed", arguments: StoreBackend.allCases)
    func errors(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let members = """
                household_code,member_no,full_name,relation,sex,birth_date,national_id
                HT-A9,1,Đỗ Văn Chín,head,X,1990,042090000009
                HT-A9,2,Đỗ Thị Mười,spouse,F,31/02/1991,0123

                """
            let staged = try await client.upload("/api/v1/imports", households: Self.households, members: members, session: com)
            #expect(staged.status == .unprocessableContent)
            #expect(staged.json["status"] as? String == "invalid")
            #expect(staged.errorCode == "import.invalid")
            let errors = try #require(staged.json["errors"] as? [[String: Any]])
            #expect(staged.json["error_count"] as? Int == errors.count)
            let found = errors.map { "\($0["file"]!)|\($0["row"]!)|\($0["column"]!)|\($0["value"]!)|\($0["code"]!)" }
            #expect(found.contains("thanhvien.csv|2|sex|X|sex.invalid"), "\(found)")
            #expect(found.contains { $0.hasPrefix("thanhvien.csv|3|birth_date|31/02/1991|") }, "\(found)")
            #expect(found.contains("thanhvien.csv|3|national_id|0123|national_id.length"), "\(found)")
            #expect(errors.allSatisfy { ($0["message"] as? String).map { !$0.isEmpty && $0.unicodeScalars.contains { $0.value > 127 } } ?? false },
                    "Vietnamese messages")
            let id = try #require(staged.json["import_id"] as? String)
            let commit = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com, headers: [.init("X-CSRF-Token")!: com.csrf])
            #expect(commit.status == .unprocessableContent)
            #expect(commit.errorCode == "import.invalid")
            let discard = try await client.request(.delete, "/api/v1/imports/\(id)", session: com, headers: [.init("X-CSRF-Token")!: com.csrf])
            #expect(discard.status == .noContent)
            #expect(try await client.request(.delete, "/api/v1/imports/\(id)", session: com,
                                             headers: [.init("X-CSRF-Token")!: com.csrf]).status == .notFound)
            #expect(try address(fixture, "HT-A9") == nil)
        }
    }

    @Test("a household edited, or created, after the check makes the commit refuse and write nothing", arguments: StoreBackend.allCases)
    func registryChanged(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let (com, staged) = try await stageClean(client)
            let csrf: HTTPFields = [.init("X-CSRF-Token")!: com.csrf]
            let id = try #require(staged.json["import_id"] as? String)
            // Someone edits HT-A1 after the check.
            let version = try #require(try fixture.store.household(code: "HT-A1", context: .init(account: "t"))).version
            let edit = try await client.sendJSON(.put, "/api/v1/households/HT-A1", ["version": version, "fields": ["address": "Sửa sau khi kiểm tra"]],
                                                 session: com)
            #expect(edit.status == .ok)
            let refused = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com, headers: csrf)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "import.registry_changed")
            let details = try #require((refused.json["error"] as? [String: Any])?["details"] as? [[String: Any]])
            #expect(details.map { $0["value"] as? String } == ["HT-A1"])
            #expect(try address(fixture, "HT-A1") == "Sửa sau khi kiểm tra", "the edit is kept")
            #expect(try address(fixture, "HT-A9") == nil, "nothing of the upload written")

            // A household of the file created by another import after the check.
            let second = try await client.upload("/api/v1/imports", households: Self.households, members: Self.members, session: com)
            let secondID = try #require(second.json["import_id"] as? String)
            let only9 = "household_code,commune_code,village,area_type\nHT-A9,18073,Thôn Hai,rural\n"
            let members9 = "household_code,member_no,full_name,relation,sex,birth_date,national_id\nHT-A9,1,Đỗ Văn Chín,head,M,1990,042090000009\n"
            let other = try await client.upload("/api/v1/imports", households: only9, members: members9, session: com)
            let otherID = try #require(other.json["import_id"] as? String)
            let otherCommit = try await client.request(.post, "/api/v1/imports/\(otherID)/commit", session: com, headers: csrf)
            #expect(otherCommit.status == .ok, "\(other.text) \(otherCommit.text)")
            let late = try await client.request(.post, "/api/v1/imports/\(secondID)/commit", session: com, headers: csrf)
            #expect(late.status == .conflict)
            #expect(late.text.contains("HT-A9"))
        }
    }

    @Test("a file that is not a table is the upload's one error, not a server error", arguments: StoreBackend.allCases)
    func notATable(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xFE, 0x00])
        try await fixture.run { client in
            let com = try await client.login("user.com")
            for (h, m) in [(("anh.csv", png), ("thanhvien.csv", Data(Self.members.utf8))), (("ho.xlsx", png), ("thanhvien.xlsx", png))] {
                let staged = try await client.uploadFiles("/api/v1/imports", households: h, members: m, session: com)
                #expect(staged.status == .unprocessableContent, "\(staged.text)")
                let errors = try #require(staged.json["errors"] as? [[String: Any]])
                #expect(errors.count == 1)
                #expect(errors.first?["file"] as? String == h.0)
                #expect(["file.encoding", "xlsx.invalid", "file.unreadable"].contains(errors.first?["code"] as? String ?? ""), "\(errors)")
            }
        }
    }

    @Test("a staged import is refused after its hour", arguments: StoreBackend.allCases)
    func expired(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        try await fixture.run { client in
            let (com, staged) = try await stageClean(client)
            let id = try #require(staged.json["import_id"] as? String)
            // An hour passes: the manifest's expiry is moved into the past.
            let account = try #require(try fixture.store.account(username: "user.com"))
            let manifestURL = ImportService.uploads.appendingPathComponent("\(account.id)-\(id)/staged.json")
            var manifest = try JSONDecoder().decode(ImportService.Manifest.self, from: Data(contentsOf: manifestURL))
            manifest.expiresAt = Date().addingTimeInterval(-1)
            try JSONEncoder().encode(manifest).write(to: manifestURL)
            let commit = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com, headers: [.init("X-CSRF-Token")!: com.csrf])
            #expect(commit.status == .gone)
            #expect(commit.errorCode == "import.expired")
            #expect(try address(fixture, "HT-A9") == nil)
        }
    }

    @Test("XLSX files are staged and committed the same way", arguments: StoreBackend.allCases)
    func xlsx(_ backend: StoreBackend) async throws {
        let fixture = try WebFixture(backend: backend)
        func workbook(_ csv: String) throws -> Data {
            let url = fixture.directory.appendingPathComponent("\(UUID().uuidString).xlsx")
            let writer = try XLSXWriter(path: url.path)
            try writer.beginSheet(named: "Sheet1")
            for line in csv.split(separator: "\n") { try writer.writeRow(line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
            try writer.commit()
            return try Data(contentsOf: url)
        }
        let h = try workbook(Self.households), m = try workbook(Self.members)
        try await fixture.run { client in
            let com = try await client.login("user.com")
            let staged = try await client.uploadFiles("/api/v1/imports", households: ("ho.xlsx", h), members: ("thanhvien.xlsx", m), session: com)
            #expect(staged.status == .ok, "\(staged.text)")
            #expect((staged.json["files"] as? [String: Any])?["households"] as? String == "ho.xlsx")
            let id = try #require(staged.json["import_id"] as? String)
            let commit = try await client.request(.post, "/api/v1/imports/\(id)/commit", session: com, headers: [.init("X-CSRF-Token")!: com.csrf])
            #expect(commit.status == .ok)
            #expect(try address(fixture, "HT-A9") == "Số 9 Thôn Một")
        }
    }
}

extension WebClient {
    /// A multipart upload of two files given as bytes (XLSX).
    func uploadFiles(_ path: String, households: (String, Data), members: (String, Data), session: SignedSession) async throws -> TestResponse {
        let boundary = "----giamngheo\(UUID().uuidString)"
        var body = Data()
        for (name, (file, data)) in [("households", households), ("members", members)] {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(file)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
            body.append(data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = HTTPFields()
        headers[.cookie] = "gn_session=\(session.cookie)"
        headers[.init("X-CSRF-Token")!] = session.csrf
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await raw.executeRequest(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}
