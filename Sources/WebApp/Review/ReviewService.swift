import Access
import Foundation
import Hummingbird
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// The review operations behind the API and the pages (nghiệp vụ rà soát trên web): the
/// permission matrix row of each action, the assignment that acts, the audit context naming it.
struct ReviewService: Sendable {
    let services: WebServices
    var workflow: ReviewWorkflow { services.review }
    var now: Date { services.clock() }

    /// The actor of `user` for `action` on `commune` and the audit context of its assignment, after
    /// the permission matrix allowed the action's row (a refusal is audited as `permission_denied`).
    func acting(_ user: SignedInUser, _ action: ReviewAction, chain: ApprovalChain, commune: String?, request: Request,
                context: AppContext) throws -> (ReviewActor, AccessContext) {
        let today = services.today
        guard services.policy.allows(action.matrixAction, user.assignments, on: today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "review_action", entityIDs: [action.rawValue],
                                                    context: context.access(request, user: user))
            throw WebError.forbidden
        }
        let actors = workflow.actors(account: user.account.username, assignments: user.assignments, on: today)
        guard let actor = workflow.pick(actors, for: action, chain: chain, commune: commune) else { throw WebError.forbidden }
        let assignment = user.assignments.first { $0.id == actor.assignmentID }
        return (actor, context.access(request, user: user, assignment: assignment))
    }

    /// Throws 404 unless one of the user's assignments covers `commune` (reads of a dossier);
    /// ORG and the roles without household rights never see dossiers; DST only three-tier ones
    /// (roles.md §3.3).
    func requireCovers(_ user: SignedInUser, commune: String, chain: ApprovalChain = .twoTier) throws {
        guard services.policy.allows(.readHousehold, user.assignments, on: services.today) else { throw WebError.forbidden }
        let actors = workflow.actors(account: user.account.username, assignments: user.assignments, on: services.today)
        let reviewRoles: Set<Role> = [.province, .district, .commune, .communeLeader, .village, .auditor]
        guard actors.contains(where: { a in
            a.role.map(reviewRoles.contains) == true && (a.role != .district || chain == .threeTier) && (a.communeCodes?.contains(commune) ?? true)
        }) else {
            throw WebError(status: .notFound, code: "review.not_found", message: "Không tìm thấy hồ sơ rà soát của xã \(commune)")
        }
    }

    /// What the Phiếu B form of a household needs: its round, the reviewer acting, the dossier,
    /// the case (checked in the reviewer's village) and a new form prefilled from the registry
    /// (an audited personal-data read).
    struct SurveyContext {
        var round: ReviewRound
        var actor: ReviewActor
        var access: AccessContext
        var dossier: CommuneDossier
        var householdCase: HouseholdCase
        var template: Survey
        var environment: ReviewEnvironment
    }

    func surveyContext(_ user: SignedInUser, request: Request, context: AppContext) throws -> SurveyContext {
        let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
        let code = try context.parameters.require("code")
        let round = try workflow.round(roundID)
        let (actor, access) = try acting(user, .survey, chain: round.chain, commune: commune, request: request, context: context)
        let d = try workflow.dossier(round: roundID, commune: commune)
        guard let c = d.cases[code] else { throw ReviewError.notFound("hộ \(code) trong đợt \(roundID)") }
        try ReviewAuthority.check(.survey, actor, chain: round.chain, commune: commune, village: c.village)
        let template = try workflow.surveyTemplate(round: roundID, commune: commune, householdCode: code, reviewer: actor.account, at: now, context: access)
        return SurveyContext(round: round, actor: actor, access: access, dossier: d, householdCase: c, template: template,
                             environment: try workflow.environment())
    }

    /// The villages a VIL user sees in a dossier (`nil` = all).
    func villageFilter(_ user: SignedInUser) -> Set<String>? {
        let actors = workflow.actors(account: user.account.username, assignments: user.assignments, on: services.today)
        if actors.contains(where: { $0.villageKeys == nil && $0.role != .organisation }) { return nil }
        return Set(actors.flatMap { $0.villageKeys ?? [] })
    }
}

/// JSON of review records (snake_case keys, instants ISO 8601, days `yyyy-MM-dd`).
enum ReviewJSONCoding {
    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// A JSON answer from an encodable value.
    static func reply<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request body decoded, or a 400 naming what is wrong.
    static func body<T: Decodable>(_ type: T.Type, _ request: inout Request) async throws -> T {
        let buffer = try await request.collectBody(upTo: 8 << 20)
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer: buffer)
        do { return try decoder().decode(type, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw WebError.badRequest("request.field_missing", "Thiếu trường \(snake(key.stringValue))", field: snake(key.stringValue))
        } catch let DecodingError.typeMismatch(_, c), let DecodingError.valueNotFound(_, c) {
            let field = c.codingPath.map { snake($0.stringValue) }.joined(separator: ".")
            throw WebError.badRequest("request.field_type", "Trường \(field) sai kiểu dữ liệu", field: field)
        } catch let DecodingError.dataCorrupted(c) {
            let field = c.codingPath.map { snake($0.stringValue) }.joined(separator: ".")
            throw WebError.badRequest("request.field_invalid", "Giá trị không hợp lệ ở \(field.isEmpty ? "nội dung" : field): \(c.debugDescription)", field: field)
        } catch {
            throw WebError.badRequest("request.invalid_json", "Nội dung yêu cầu phải là một đối tượng JSON hợp lệ")
        }
    }

    static func snake(_ s: String) -> String {
        var out = ""
        for ch in s { if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) } }
        return out
    }
}

/// An empty request body.
struct NoInput: Decodable, Sendable {}
