import Access
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import OneTimePassword
import PasswordHashing
import Registry
import RegistryTransfer
import Store
import StoreSQLite
import StoreTestSupport
import Testing
import VietnameseText
@testable import WebApp

/// A registry on a real SQLite file or PostgreSQL database with four households in three units,
/// one account per role, and the web application served on 127.0.0.1 (HummingbirdTesting's live
/// server). The accounts
/// whose roles require a second factor (ADM, PRV) are enrolled with a TOTP secret kept in
/// ``secrets``, which ``WebClient/login(_:password:)`` uses as an authenticator app would.
///
/// Households: HT-A1 (commune 18073, Thôn Một, head Nguyễn Văn Đức, Hội Nông dân), HT-A2
/// (18073, Thôn Hai, head Trần Thị Hoa, Hội Phụ nữ), HT-B1 (18100, another commune of Hà Tĩnh,
/// head Lê Văn Đức, Hội Nông dân), HN-X1 (00004, Hà Nội, head Phạm Đức Anh, Hội Nông dân).
final class WebFixture: @unchecked Sendable {
    static let password = "Mật khẩu thử nghiệm 2026"
    static let communeA = "18073", communeB = "18100"
    /// Fast hashing for tests; the product uses 64 MiB (roles.md §8).
    static let argon2 = Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1)

    let directory: URL
    let registry: TestRegistry
    let store: any FullStore
    let web: WebApplication
    var usernames: [Role: String] = [:]
    /// TOTP secrets (base32) of the enrolled accounts, by username.
    var secrets: [String: String] = [:]
    /// The application's clock, and whether a test moves it (then codes are never waited for).
    let clock: @Sendable () -> Date
    let movingClock: Bool

    /// - Parameters:
    ///   - clock: the application's clock (the review tests move it through a campaign);
    ///     assignments then start on 1 January of the year before the clock's year, and second
    ///     factors are computed at the clock's time.
    ///   - backend: the store the application runs on.
    init(sessions: Bool = true, mfa: MFAPolicy = MFAPolicy(), clock: (@Sendable () -> Date)? = nil, backend: StoreBackend = .sqlite) throws {
        self.clock = clock ?? Date.init
        self.movingClock = clock != nil
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        registry = try backend.makeRegistry(in: directory)
        store = try registry.open()
        web = try WebApplication(store: store, options: .init(host: "127.0.0.1", port: 0, argon2: Self.argon2, mfa: mfa, clock: self.clock))
        let h = directory.appendingPathComponent("households.csv"), m = directory.appendingPathComponent("members.csv")
        try Self.households.write(to: h, atomically: true, encoding: .utf8)
        try Self.members.write(to: m, atomically: true, encoding: .utf8)
        _ = try RegistryImporter.importFiles(households: h, members: m, into: store, options: ImportOptions(reviewYear: 2025),
                                             access: AccessContext(account: "test"))
        let hasher = PasswordHasher(parameters: Self.argon2)
        let today = CivilDate(self.clock(), secondsFromGMT: 7 * 3600)
        let from = CivilDate(year: today.year - 1, month: 1, day: 1)
        let legacyDistrict = AdminUnitCatalog.shared.legacySources(ofCommune2025: Self.communeA)
            .compactMap { AdminUnitCatalog.shared.commune(code: $0.legacyCommuneCode, in: .legacy)?.districtCode }.first!
        let assignments: [(Role, Assignment)] = [
            (.administrator, Assignment(role: .administrator, unitCode: "", validFrom: from)),
            (.province, Assignment(role: .province, unitCode: "42", validFrom: from)),
            (.district, Assignment(role: .district, unitCode: legacyDistrict, validFrom: from)),
            (.commune, Assignment(role: .commune, unitCode: Self.communeA, validFrom: from)),
            (.communeLeader, Assignment(role: .communeLeader, unitCode: Self.communeA, validFrom: from)),
            (.village, Assignment(role: .village, unitCode: Self.communeA, villages: ["Thôn Một"], validFrom: from)),
            (.organisation, Assignment(role: .organisation, unitCode: Self.communeA, organisation: .nongDan, validFrom: from)),
            (.lineDepartment, Assignment(role: .lineDepartment, unitCode: "42", validFrom: from)),
            (.partner, Assignment(role: .partner, unitCode: "42", validFrom: from)),
            (.auditor, Assignment(role: .auditor, unitCode: "42", validFrom: from, validTo: today.adding(days: 30))),
        ]
        for (role, a) in assignments {
            let name = "user.\(role.rawValue.lowercased())"
            let account = try store.createAccount(NewAccount(username: name, fullName: "Người dùng \(role.rawValue)", unitCode: a.unitCode,
                                                             passwordHash: hasher.hash(Self.password), mustChangePassword: false),
                                                  assignments: [a], context: AccessContext(account: "test"))
            usernames[role] = name
            if MFAPolicy().requiredRoles.contains(role) {
                let secret = TOTP.newSecret()
                try store.enrolMFA(accountID: account.id, secret: secret, confirmedStep: 0, context: AccessContext(account: "test"))
                secrets[name] = secret
            }
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
        registry.drop()
    }

    /// Runs `body` against the application listening on 127.0.0.1.
    func run(_ body: @Sendable @escaping (WebClient) async throws -> Void) async throws {
        try await web.application().test(.live) { client in try await body(WebClient(raw: client, fixture: self)) }
    }

    /// A code the server accepts now for an account with a second factor (``secrets``), as its
    /// authenticator app would give it, and that no sign-in used yet. The server accepts a step's
    /// code while its own step is at most one later: the previous step's code only until the
    /// current step ends, the current one's for 30–60 s more, the next one's for 60–90 s. So the
    /// previous step is used only with 20 s of the current step left (requests are slow on a loaded
    /// machine), then the current and the next; when all were used, the next step is waited for.
    func otp(_ username: String) throws -> String {
        let secret = try #require(secrets[username], "\(username) has no second factor in the fixture")
        let totp = try #require(TOTP(base32: secret))
        let account = try #require(try store.account(username: username))
        while true {
            let lastUsed = try store.mfaEnrolment(accountID: account.id)?.lastUsedStep ?? 0
            let now = clock()
            let step = totp.step(at: now)
            let left = Double((step + 1) * 30) - now.timeIntervalSince1970
            let candidates = (left > 20 || movingClock ? [step - 1] : []) + [step, step + 1]
            if let usable = candidates.first(where: { $0 > lastUsed }) { return totp.code(step: usable) }
            // A test's clock stands still between its moves: no later step will come.
            if movingClock { throw FixtureError("\(username): every code of the test clock's steps was used; move the clock") }
            Thread.sleep(forTimeInterval: left + 0.05)
        }
    }

    /// A refusal of the fixture itself.
    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let households = """
        household_code,commune_code,village,area_type,address,recognised_class,recognised_year
        HT-A1,18073,Thôn Một,rural,Số 1 Thôn Một,poor,2025
        HT-A2,18073,Thôn Hai,rural,Số 2 Thôn Hai,near_poor,2025
        HT-B1,18100,Tổ 1,urban,Số 3 Tổ 1,poor,2025
        HN-X1,00004,Tổ 5,urban,Số 4 Tổ 5,not_poor,2025

        """

    static let members = """
        household_code,member_no,full_name,relation,sex,birth_date,national_id,ethnicity,meritorious,mass_organisations
        HT-A1,1,Nguyễn Văn Đức,head,M,12/03/1975,042075000001,Kinh,1,nong_dan
        HT-A1,2,Lê Thị Mai,spouse,F,1978,042178000002,Kinh,0,phu_nu
        HT-A2,1,Trần Thị Hoa,head,F,05/06/1980,042180000003,Thái,0,phu_nu
        HT-B1,1,Lê Văn Đức,head,M,01/01/1970,042070000004,Kinh,0,nong_dan
        HN-X1,1,Phạm Đức Anh,head,M,02/02/1985,001085000005,Kinh,0,nong_dan

        """
}

/// A signed-in browser or program: the session cookie and its CSRF token.
struct SignedSession: Sendable {
    var cookie: String
    var csrf: String
}

/// Requests against the live server, with cookies and CSRF handled like a browser would.
struct WebClient: Sendable {
    let raw: any TestClientProtocol
    /// The fixture whose accounts sign in (their second factors).
    var fixture: WebFixture? = nil

    func request(_ method: HTTPRequest.Method, _ path: String, session: SignedSession? = nil, headers: HTTPFields = [:],
                 body: String? = nil, contentType: String? = nil, bearer: String? = nil) async throws -> TestResponse {
        var h = headers
        if let session { h[.cookie] = "gn_session=\(session.cookie)" }
        if let contentType { h[.contentType] = contentType }
        if let bearer { h[.authorization] = "Bearer \(bearer)" }
        return try await raw.executeRequest(uri: path, method: method, headers: h, body: body.map { ByteBuffer(string: $0) })
    }

    func get(_ path: String, _ session: SignedSession? = nil) async throws -> TestResponse {
        try await request(.get, path, session: session)
    }

    /// A form post with the session's CSRF token unless `csrf` says otherwise.
    func postForm(_ path: String, _ fields: [(String, String)], session: SignedSession?, csrf: String? = nil) async throws -> TestResponse {
        var pairs = fields
        if let session { pairs.append(("_csrf", csrf ?? session.csrf)) }
        return try await request(.post, path, session: session, body: FormEncoding.encode(pairs), contentType: "application/x-www-form-urlencoded")
    }

    /// JSON with the CSRF header of the session.
    func sendJSON(_ method: HTTPRequest.Method, _ path: String, _ object: [String: Any], session: SignedSession?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let session { headers[.init("X-CSRF-Token")!] = session.csrf }
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await request(method, path, session: session, headers: headers, body: String(decoding: data, as: UTF8.self),
                                 contentType: "application/json")
    }

    /// Signs in through the JSON API, with the current TOTP code for an account the fixture
    /// enrolled; fails the test when refused.
    func login(_ username: String, password: String = WebFixture.password) async throws -> SignedSession {
        var body: [String: Any] = ["username": username, "password": password]
        if let fixture, fixture.secrets[username] != nil { body["otp"] = try fixture.otp(username) }
        let response = try await sendJSON(.post, "/api/v1/session", body, session: nil)
        try #require(response.status == .ok, "login \(username): \(response.status) \(String(buffer: response.body))")
        let cookie = try #require(Self.sessionCookie(response))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        return SignedSession(cookie: cookie, csrf: try #require(json["csrf_token"] as? String))
    }

    /// Signs in through the login form (as a browser does).
    func formLogin(_ username: String, password: String = WebFixture.password) async throws -> TestResponse {
        try await postForm("/login", [("username", username), ("password", password)], session: nil)
    }

    static func sessionCookie(_ response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix("gn_session=") {
            let token = value.dropFirst("gn_session=".count).prefix { $0 != ";" }
            if !token.isEmpty { return String(token) }
        }
        return nil
    }
}

extension TestResponse {
    /// The body as JSON.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    var text: String { String(buffer: body) }

    /// The error code of a JSON error body.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}
