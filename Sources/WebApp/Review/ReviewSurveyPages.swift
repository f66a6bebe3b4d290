import Access
import Foundation
import Hummingbird
import PovertyStandard
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

extension ReviewPages {
    struct OptionView { var name: String, value: String, label: String, points: Int, checked: Bool, inputType: String }
    struct B1ItemView { var id: String, text: String, options: [OptionView] }
    struct B2View { var id: String, name: String, deprived: Bool, notDeprived: Bool, unknown: Bool }
    struct MemberView { var no: Int, name: String, relation: String, birth: String }
    struct VersionView { var version: Int, state: String, result: String, reviewer: String, date: String }
    struct CriterionView { var id: String, text: String }
    struct SurveyPageView {
        var layout: Layout
        var msg: String?, error: String?
        var code: String, village: String, state: String, back: String, action: String
        var respondent: String, relations: [OptionView]
        var table: String?, tableLabel: String?, b1Items: [B1ItemView], b1Typed: String
        var b2: [B2View]
        var members: [MemberView]
        var versions: [VersionView]
        var hasVersions: Bool
        var needsReason: Bool, recheck: String?
        var lat: String, lon: String
        var quickID: Bool, criteria: [CriterionView], quickIDAction: String
        var editable: Bool
    }

    func registerSurveyPages(_ router: Router<AppContext>) {
        let path = "/review/rounds/:round/communes/:commune/households/:code/survey"
        router.get(RouterPath(stringLiteral: path)) { request, context in
            let user = try context.requireUser()
            let sc = try review.surveyContext(user, request: request, context: context)
            let (round, d, c, template, env) = (sc.round, sc.dossier, sc.householdCase, sc.template, sc.environment)
            let (roundID, commune, code) = (round.id, d.communeCode, c.householdCode)
            let versions = d.surveyVersions(of: code)
            let draft = versions.last.flatMap { $0.state == .draft ? $0 : nil }
            let shown = draft ?? versions.last ?? template
            let table = env.scoringTable(shown.scoringTableID ?? template.scoringTableID)
            let engine = try env.engine(round.standardID)
            let base = "/review/rounds/\(roundID)/communes/\(commune)"
            let open = d.rechecks.values.first { $0.householdCode == code && $0.result == nil }
            let view = SurveyPageView(
                layout: layout("Phiếu B — hộ \(code)", user), msg: request.query("msg"), error: request.query("error"),
                code: code, village: c.village, state: c.state.vietnamese, back: base,
                action: "\(base)/households/\(HouseholdViews.urlPath(code))/survey",
                respondent: shown.respondent.name,
                relations: Relation.allCases.map { OptionView(name: "respondent_relation", value: $0.rawValue, label: $0.vietnamese, points: 0,
                                                              checked: $0 == shown.respondent.relation, inputType: "") },
                table: table?.id, tableLabel: table?.label,
                b1Items: table?.items.map { item in
                    B1ItemView(id: item.id, text: item.text, options: item.options.map { o in
                        OptionView(name: "b1.\(item.id)", value: o.id, label: o.text, points: o.points,
                                   checked: shown.b1Answers[item.id]?.contains(o.id) ?? false, inputType: item.kind == .single ? "radio" : "checkbox")
                    })
                } ?? [],
                b1Typed: shown.b1Typed.map(String.init) ?? "",
                b2: engine.standard.indicators.map { i in
                    let a = shown.b2[i.id] ?? .unknown
                    return B2View(id: i.id.rawValue, name: i.name, deprived: a == .deprived, notDeprived: a == .notDeprived, unknown: a == .unknown)
                },
                members: template.roster.map { MemberView(no: $0.memberNo, name: $0.fullName, relation: $0.relation.vietnamese, birth: $0.birthDate.description) },
                versions: versions.map { v in
                    VersionView(version: v.version, state: v.state == .locked ? "Đã khóa" : "Đang nhập", result: v.result?.explanation ?? "",
                                reviewer: v.reviewer, date: VietnameseText.formatDate(v.date))
                },
                hasVersions: !versions.isEmpty,
                needsReason: versions.contains { $0.state == .locked }, recheck: open?.id,
                lat: shown.gps.map { String($0.latitude) } ?? "", lon: shown.gps.map { String($0.longitude) } ?? "",
                quickID: c.isAddRequest && c.state == .listed,
                criteria: env.settings.quickIDCriteria.map { CriterionView(id: $0.id, text: $0.text) },
                quickIDAction: "\(base)/households/\(HouseholdViews.urlPath(code))/quick-id",
                editable: [.listed, .surveyed, .rechecking].contains(c.state) && !round.frozen)
            return Reply.html(services.render(view, "review-survey"))
        }
        post(router, path) { request, context, user, form, pairs in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let code = try context.parameters.require("code")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, .survey, chain: round.chain, commune: commune, request: request, context: context)
            var s = try review.workflow.surveyTemplate(round: roundID, commune: commune, householdCode: code, reviewer: actor.account, at: review.now, context: access)
            if let name = form["respondent"], !name.isEmpty { s.respondent.name = VietnameseText.nfc(name) }
            if let r = Relation(rawValue: form["respondent_relation"] ?? "") { s.respondent.relation = r }
            var answers: [String: [String]] = [:]
            for (k, v) in pairs where k.hasPrefix("b1.") { answers[String(k.dropFirst(3)), default: []].append(v) }
            if let typed = form["b1_typed"], !typed.isEmpty {
                guard let n = Int(typed.replacingOccurrences(of: ".", with: "")) else { throw ReviewError.invalid("b1_typed", "Điểm B1 phải là số") }
                s.scoringTableID = nil
                s.b1Typed = n
            } else {
                s.b1Answers = answers
                s.b1Typed = nil
            }
            for id in s.b2.keys { if let a = B2Answer(rawValue: form["b2.\(id.rawValue)"] ?? "") { s.b2[id] = a } }
            if let lat = Double(form["lat"] ?? ""), let lon = Double(form["lon"] ?? "") { s.gps = try GeoPoint(latitude: lat, longitude: lon) }
            s.reason = form["reason"].flatMap { $0.isEmpty ? nil : $0 }
            s.recheckID = form["recheck"].flatMap { $0.isEmpty ? nil : $0 }
            let lock = form["lock"] == "1"
            let now = review.now
            return try review.workflow.step(round: roundID, commune: commune, context: access) { d, env in
                _ = try d.saveSurvey(s, by: actor, at: now)
                guard lock else { return "Đã lưu phiếu B của hộ \(code) (chưa khóa)" }
                return "Đã khóa phiếu: " + (try d.lockSurvey(code, by: actor, at: now, environment: env)).explanation
            }
        }
        post(router, "/review/rounds/:round/communes/:commune/households/:code/quick-id") { request, context, user, form, _ in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let code = try context.parameters.require("code")
            let round = try review.workflow.round(roundID)
            let confirm = form["confirm"] == "1"
            let (actor, access) = try review.acting(user, confirm ? .confirmQuickID : .enterQuickID, chain: round.chain, commune: commune,
                                                    request: request, context: context)
            let now = review.now
            return try review.workflow.step(round: roundID, commune: commune, context: access) { d, env in
                if confirm {
                    try d.confirmQuickID(code, reply: form["reply"] ?? "", by: actor, at: now)
                    return "Hộ \(code) không đủ điều kiện; đã ghi trả lời"
                }
                var answers: [String: Bool] = [:]
                for c in env.settings.quickIDCriteria { answers[c.id] = form["q.\(c.id)"] == "yes" }
                let id = try d.enterQuickID(QuickIdentification(id: "", roundID: d.round.id, householdCode: code, date: LocalTime.day(now),
                                                                reviewer: actor.account, answers: answers), by: actor, at: now, settings: env.settings)
                return d.quickIDs[id]?.result == .clearlyNotPoor ? "Phiếu A: hộ không nghèo rõ ràng — chờ cán bộ xã xác nhận" : "Phiếu A: tiếp tục rà soát bằng phiếu B"
            }
        }
    }
}
