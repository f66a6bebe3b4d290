import Access
import Foundation
import Mustache
import PasswordHashing
import PovertyStandard
import Registry
import ReviewWorkflow
import Store
import VietnameseText

/// The store the web application needs: the registry, its scoped queries and the accounts.
/// The application never knows which database implements it.
public typealias WebStore = RegistryStore & ScopedRegistry & AccountStore & ReviewStore

/// Everything the routes share (dịch vụ dùng chung): the store, the access policy, the password
/// hasher, the sessions and the templates.
final class WebServices: Sendable {
    let store: any WebStore
    let policy: AccessPolicy
    let hasher: PasswordHasher
    let lockout: LockoutPolicy
    let passwordPolicy: PasswordPolicy
    /// Who needs a second factor (`security.mfa.required_roles`).
    let mfa: MFAPolicy
    let sessions: SessionStore
    /// Accounts, assignments and API tokens as recently read.
    let principals: PrincipalCache
    let templates: MustacheLibrary
    let catalog: AdminUnitCatalog
    /// The national poverty standards (chuẩn nghèo) and one compiled engine for each, in year
    /// order: the household page classifies live under every one of them.
    let standards: StandardCatalog
    let engines: [ClassificationEngine]
    /// Cookies carry `Secure` unless the server listens on loopback only (roles.md §6: plain
    /// HTTP only on 127.0.0.1).
    let secureCookies: Bool
    /// The dashboard's tallies prepared when the server starts.
    let warmUp = TallyWarmUp()
    /// Clock, replaceable in tests of timeouts and lockouts.
    let clock: @Sendable () -> Date
    /// The review workflows on the same store (rà soát).
    let review: ReviewWorkflow

    init(store: any WebStore, catalog: AdminUnitCatalog, hasher: PasswordHasher, secureCookies: Bool, mfa: MFAPolicy = MFAPolicy(),
         sessions: SessionStore? = nil, clock: @escaping @Sendable () -> Date = Date.init) throws {
        self.store = store
        self.catalog = catalog
        self.standards = .shipped
        self.engines = StandardCatalog.shipped.yearTable.compactMap { try? StandardCatalog.shipped.standard(id: $0.standardID) }
            .map(ClassificationEngine.init(standard:))
        self.policy = AccessPolicy(catalog: catalog)
        self.hasher = hasher
        self.lockout = LockoutPolicy()
        self.passwordPolicy = PasswordPolicy()
        self.mfa = mfa
        var limits = SessionStore.Limits()
        limits.pending = TimeInterval(mfa.pendingMinutes * 60)
        self.sessions = sessions ?? SessionStore(limits: limits)
        self.principals = PrincipalCache()
        self.secureCookies = secureCookies
        self.clock = clock
        self.review = ReviewWorkflow(store: store, catalog: catalog)
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw WebAppError.missingResources
        }
        // Loaded synchronously at start-up (the library's directory loader is async).
        HTMLEscaping.register()
        var library = MustacheLibrary()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            try library.register(HTMLEscaping.pragma + text, named: String(name.dropLast(".mustache".count)))
        }
        self.templates = library
    }

    /// Today in Viet Nam (UTC+7), for assignment validity and class-on-date.
    var today: CivilDate { CivilDate(clock(), secondsFromGMT: 7 * 3600) }
}

/// The web application could not start.
public enum WebAppError: Error, CustomStringConvertible {
    /// Templates or static files are missing from the bundle.
    case missingResources

    public var description: String { "WebApp: templates or static files are missing from the bundle" }
}
