import Access
import Foundation
import Hummingbird
import Logging
import PasswordHashing
import Registry
import Store

/// Builds the web application (ứng dụng web): the pages, the JSON API under `/api/v1`, and their
/// middleware, on any ``WebStore``.
public struct WebApplication {
    /// Where to listen and how.
    public struct Options: Sendable {
        /// Host and port.
        public var host: String, port: Int
        /// Password hashing parameters (Argon2id, roles.md §8).
        public var argon2: Argon2Parameters
        /// `Secure` cookies; default on unless the host is loopback.
        public var secureCookies: Bool?
        /// Second-factor rules (`security.mfa.required_roles`, default ADM and PRV).
        public var mfa: MFAPolicy
        /// The clock (tests move it to run a campaign's deadlines and posting periods).
        public var clock: @Sendable () -> Date

        /// Creates options.
        public init(host: String = "127.0.0.1", port: Int = 8080, argon2: Argon2Parameters = .standard, secureCookies: Bool? = nil,
                    mfa: MFAPolicy = MFAPolicy(), clock: @escaping @Sendable () -> Date = Date.init) {
            self.host = host
            self.port = port
            self.argon2 = argon2
            self.secureCookies = secureCookies
            self.mfa = mfa
            self.clock = clock
        }
    }

    let services: WebServices
    let options: Options

    /// Prepares the application on a store.
    public init(store: any WebStore, catalog: AdminUnitCatalog = .shared, options: Options = Options()) throws {
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(options.host)
        self.services = try WebServices(store: store, catalog: catalog, hasher: PasswordHasher(parameters: options.argon2),
                                        secureCookies: options.secureCookies ?? !loopback, mfa: options.mfa, clock: options.clock)
        self.options = options
    }

    /// The router with every route, for tests and for ``application(logger:)``.
    public func router() -> Router<AppContext> {
        let router = Router(context: AppContext.self)
        router.add(middleware: ErrorMiddleware(services: services))
        router.add(middleware: AuthenticationMiddleware(services: services))
        router.add(middleware: PasswordChangeGuard())
        StaticFiles.register(router)
        let login = LoginService(services: services, throttle: LoginThrottle())
        LoginPages(services: services, login: login).register(router)
        SecondFactorPages(services: services, login: login).register(router)
        DashboardPage(services: services).register(router)
        HouseholdPages(services: services).register(router)
        HouseholdReadsPage(services: services).register(router)
        ImportPage(services: services).register(router)
        ExportRoutes(services: services).register(router)
        AccountPages(services: services, login: login).register(router)
        UserPages(services: services).register(router)
        AuditPage(services: services).register(router)
        APIRoutes(services: services, login: login).register(router)
        ReviewRoutes(services: services).register(router)
        ReviewPages(services: services).register(router)
        return router
    }

    /// The Hummingbird application listening on the configured address.
    public func application(logger: Logger? = nil) -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "giamngheo.web")
        if logger == nil { log.logLevel = .notice }
        return Application(router: router(), configuration: .init(address: .hostname(options.host, port: options.port), serverName: "GiamNgheo"),
                           onServerRunning: { [services, log] _ in services.warmUp.start(services, logger: log) }, logger: log)
    }

    /// Hashes a password with this application's parameters (used to create accounts).
    public func hashPassword(_ password: String) -> String { services.hasher.hash(password) }
}

/// After a password reset nothing but the change form is reachable (roles.md §6: forced change at
/// the first login after a reset).
struct PasswordChangeGuard: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        if let session = context.user?.session, session.mustChangePassword,
           !["/account/password", "/logout", "/login"].contains(request.uri.path), !request.uri.path.hasPrefix("/static/") {
            if request.isAPI {
                throw WebError(status: .forbidden, code: "auth.password_change_required", message: "Bạn phải đổi mật khẩu trước khi tiếp tục")
            }
            return Reply.redirect("/account/password")
        }
        return try await next(request, context)
    }
}

/// Our own stylesheet and the small script, served from the bundle with a long cache life.
enum StaticFiles {
    static let files: [String: (Data, String)] = {
        var map: [String: (Data, String)] = [:]
        guard let dir = Bundle.module.resourceURL?.appendingPathComponent("Static") else { return map }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
            guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) else { continue }
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
            map[name] = (data, type)
        }
        return map
    }()

    static func register(_ router: Router<AppContext>) {
        router.get("/static/:name") { _, context in
            let name = try context.parameters.require("name")
            guard let (data, type) = files[name] else { throw WebError.notFound }
            var headers = HTTPFields()
            headers[.contentType] = type
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
