import Access
import Foundation
import Hummingbird
import PovertyStandard
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// The review pages (trang rà soát), server-rendered Vietnamese: campaigns, a commune's dossier
/// with the forms of each step for the roles that take it, the Phiếu B form (usable on a phone),
/// and the certificates' print view. The steps are the API's: the same workflow and checks.
struct ReviewPages {
    let services: WebServices
    var review: ReviewService { ReviewService(services: services) }

    func layout(_ title: String, _ user: SignedInUser) -> Layout {
        Layout(title: title, user: user, active: "review",
               canImport: !services.policy.scope(.editHousehold, user.assignments, on: services.today).isEmpty)
    }

    /// A form post: signed in, CSRF checked; a refused step comes back to `back` with its message.
    func post(_ router: Router<AppContext>, _ path: String,
              _ body: @escaping @Sendable (Request, AppContext, SignedInUser, [String: String], [(String, String)]) async throws -> String) {
        router.post(RouterPath(stringLiteral: path)) { request, context in
            var request = request
            let user = try context.requireUser()
            let pairs = try await request.formPairs(context: context)
            var form: [String: String] = [:]
            for (k, v) in pairs { form[k] = v }
            try CSRF.check(form["_csrf"], user: user)
            let back = form["_back"].flatMap { $0.hasPrefix("/review") ? $0 : nil } ?? "/review"
            do {
                let message = try await body(request, context, user, form, pairs)
                return Reply.redirect(Self.with(back, "msg", message))
            } catch let e as ReviewError {
                return Reply.redirect(Self.with(back, "error", "\(e.message) [\(e.code)]"))
            } catch let e as StoreError {
                return Reply.redirect(Self.with(back, "error", e.description))
            }
        }
    }

    static func with(_ path: String, _ key: String, _ text: String) -> String {
        let base = path.split(separator: "?").first.map(String.init) ?? path
        return base + "?" + FormEncoding.encode([(key, text)])
    }

    static func day(_ form: [String: String], _ key: String, default value: CivilDate) throws -> CivilDate {
        guard let text = form[key], !text.isEmpty else { return value }
        guard let d = VietnameseText.parseDate(text) else { throw ReviewError.invalid(key, "Ngày không hợp lệ: \(text) (dd/MM/yyyy)") }
        return d
    }

    static func summary(_ r: BatchResult, _ what: String) -> String {
        var text = "\(what): \(r.moved.count) hộ"
        if !r.skipped.isEmpty { text += "; bỏ qua \(r.skipped.count): " + r.skipped.prefix(8).map { "\($0.householdCode) (\($0.reason))" }.joined(separator: "; ") }
        return text
    }

    func register(_ router: Router<AppContext>) {
        registerCampaignPages(router)
        registerDossierPages(router)
        registerSurveyPages(router)
        registerDocumentPages(router)
    }
}
