import Access
import Foundation
import Hummingbird
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

extension ReviewPages {
    struct CaseRow {
        var code: String, village: String, state: String, stateCode: String, listed: String, computed: String, b1: String, b2: String
        var decided: String, surveyLink: String, surveyable: Bool, meetable: Bool
    }
    struct DocRow {
        var id: String, kind: String, number: String, state: String, detail: String, signable: Bool, startable: Bool, sendable: Bool, answerable: Bool
        var printable = true
    }
    struct VillageOption { var name: String }
    struct CodeOption { var value: String, label: String }
    struct DossierPageView {
        var layout: Layout
        var msg: String?, error: String?
        var roundID: String, communeCode: String, communeName: String, standard: String, chain: String, kind: String
        var frozen: Bool, requiresMeeting: Bool, requiresConsultation: Bool
        var counts: String
        var cases: [CaseRow]
        var documents: [DocRow]
        var villages: [VillageOption]
        var canList: Bool, canMeet: Bool, canPrepare: Bool, canSign: Bool, canConsult: Bool, canSend: Bool, canAnswer: Bool, canDecide: Bool
        /// Complaints, re-checks and withdrawals (COM).
        var canComplain: Bool
        var posted: [CodeOption], rechecking: [CodeOption], openRechecks: [CodeOption], active: [CodeOption]
        var back: String, base: String, today: String, now: String
        var hasDecisions: Bool
        /// Deadline items of the commune with their due date and status (R10).
        var deadlines: [DeadlineRow]
    }
    struct DeadlineRow { var item: String, due: String, status: String, statusClass: String }

    func registerDossierPages(_ router: Router<AppContext>) {
        router.get("/review/rounds/:round/communes/:commune") { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            try review.requireCovers(user, commune: commune, chain: round.chain)
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            let villages = review.villageFilter(user)
            let mine = actors(user)
            func may(_ action: ReviewAction) -> Bool {
                services.policy.allows(action.matrixAction, user.assignments, on: services.today)
                    && mine.contains { a in a.role.map(action.roles(round.chain).contains) == true && (a.communeCodes?.contains(commune) ?? true) }
            }
            let base = "/review/rounds/\(roundID)/communes/\(commune)"
            let visible = d.cases.values.filter { c in villages.map { $0.contains(ReviewActor.villageKey(c.village)) } ?? true }
                .sorted { ($0.village, $0.householdCode) < ($1.village, $1.householdCode) }
            let cases = visible.map { c in
                CaseRow(code: c.householdCode, village: c.village, state: c.state.vietnamese, stateCode: c.state.rawValue,
                        listed: c.classAtListing.vietnamese, computed: c.result.map { $0.povertyClass.vietnamese } ?? "",
                        b1: c.result?.b1Score.map(String.init) ?? "", b2: c.result.map { String($0.b2Score) } ?? "",
                        decided: [c.decidedClass?.vietnamese, c.reply].compactMap { $0 }.joined(separator: " — "), surveyLink: "\(base)/households/\(HouseholdViews.urlPath(c.householdCode))/survey",
                        surveyable: [.listed, .surveyed, .rechecking].contains(c.state), meetable: c.state == .surveyed)
            }
            var documents: [DocRow] = []
            for m in d.meetings.values.sorted(by: { $0.id < $1.id }) {
                documents.append(DocRow(id: m.id, kind: m.byCommuneBoard ? "Biên bản Ban giảm nghèo" : "Biên bản họp dân", number: m.number,
                                        state: "Đã đăng ký", detail: "\(m.village), \(VietnameseText.formatDate(m.date)), \(m.outcomes.count) hộ",
                                        signable: false, startable: false, sendable: false, answerable: false, printable: false))
            }
            for n in d.postings.values.sorted(by: { $0.id < $1.id }) {
                documents.append(DocRow(id: n.id, kind: n.repostOf == nil ? "Thông báo niêm yết" : "Niêm yết lại", number: n.number,
                                        state: n.state == .draft ? "Dự thảo" : n.state == .signed ? "Đã ký" : "Đang/đã niêm yết",
                                        detail: "\(n.households.count) hộ, từ \(LocalTime.format(n.start)) đến hết ngày \(VietnameseText.formatDate(n.lastDay))",
                                        signable: n.state == .draft, startable: n.state == .signed, sendable: false, answerable: false))
            }
            for k in d.consultations.values.sorted(by: { $0.id < $1.id }) {
                let state = ["draft": "Dự thảo", "sent": "Đã gửi, chờ ý kiến", "answered": "Đã có ý kiến", "no_opinion_received": "Không nhận được ý kiến"][k.state.rawValue] ?? k.state.rawValue
                documents.append(DocRow(id: k.id, kind: "Báo cáo xin ý kiến", number: k.number, state: state,
                                        detail: "gửi \(k.recipient), \(k.households.count) hộ" + (k.opinion.map { "; ý kiến: \($0.text)" } ?? ""),
                                        signable: false, startable: false, sendable: k.state == .draft, answerable: k.state == .sent))
            }
            for q in d.decisions.values.sorted(by: { $0.id < $1.id }) {
                let annex = q.annexes.map { "\($0.kind.vietnamese.replacingOccurrences(of: "Danh sách ", with: "")): \($0.households.count) hộ (\($0.persons) khẩu)" }.joined(separator: "; ")
                documents.append(DocRow(id: q.id, kind: "Quyết định công nhận", number: q.number, state: "Đã ban hành",
                                        detail: "ngày \(VietnameseText.formatDate(q.date)); \(annex)", signable: false, startable: false, sendable: false, answerable: false))
            }
            let allVillages = Set(d.cases.values.map(\.village)).sorted()
            let counts = CaseState.allCases.compactMap { s in
                let n = visible.filter { $0.state == s }.count
                return n > 0 ? "\(s.vietnamese): \(n)" : nil
            }.joined(separator: " · ")
            let now = LocalTime.format(review.now)
            var deadlines: [DeadlineRow] = []
            if round.kind == .periodic, let campaign = try services.store.campaign(id: roundID) {
                let provincePlan = try services.store.plans(campaignID: campaign.id).first { $0.level == .province }
                for s in d.deadlineStatuses(parentUnitCode: campaign.provinceCode, parentPlan: provincePlan, settings: review.workflow.settings) {
                    let left = services.today.days(until: s.dueDate)
                    let (status, cls) = s.complete ? ("Đã xong", "done") : left < 0 ? ("Quá hạn \(-left) ngày", "overdue")
                        : left <= review.workflow.settings.alertWarnDays ? ("Sắp đến hạn", "due_soon") : ("Chưa đến hạn", "")
                    deadlines.append(DeadlineRow(item: DeadlineItem(rawValue: s.item)?.vietnamese ?? s.item, due: VietnameseText.formatDate(s.dueDate),
                                                 status: status, statusClass: cls))
                }
            }
            let view = DossierPageView(
                layout: layout("Hồ sơ rà soát \(d.communeName)", user), msg: request.query("msg"), error: request.query("error"),
                roundID: roundID, communeCode: commune, communeName: d.communeName, standard: round.standardID, chain: round.chain.vietnamese,
                kind: round.kind == .periodic ? "Rà soát định kỳ" : "Rà soát thường xuyên", frozen: round.frozen,
                requiresMeeting: round.requiresMeeting, requiresConsultation: round.requiresConsultation, counts: counts.isEmpty ? "Chưa có hộ nào" : counts,
                cases: cases, documents: documents,
                villages: allVillages.filter { v in villages.map { $0.contains(ReviewActor.villageKey(v)) } ?? true }.map(VillageOption.init),
                canList: may(.list), canMeet: may(.recordMeeting) && round.requiresMeeting, canPrepare: may(.preparePosting), canSign: may(.signPosting),
                canConsult: may(.draftConsultation) && round.requiresConsultation, canSend: may(.sendConsultation), canAnswer: may(.recordOpinion),
                canDecide: may(.issueDecision), canComplain: may(.registerComplaint),
                posted: visible.filter { $0.state == .posted }.map { CodeOption(value: $0.householdCode, label: "\($0.householdCode) (\($0.village))") },
                rechecking: visible.filter { $0.state == .rechecking && d.openRecheck(of: $0.householdCode) == nil }
                    .map { CodeOption(value: $0.householdCode, label: $0.householdCode) },
                openRechecks: d.rechecks.values.filter { $0.result == nil }.sorted { $0.id < $1.id }
                    .map { CodeOption(value: $0.id, label: "\($0.id) — hộ \($0.householdCode), hạn \(VietnameseText.formatDate($0.dueDate))") },
                active: visible.filter { !$0.state.isTerminal }.map { CodeOption(value: $0.householdCode, label: $0.householdCode) },
                back: base, base: base, today: VietnameseText.formatDate(services.today), now: now,
                hasDecisions: !d.decisions.isEmpty, deadlines: deadlines)
            return Reply.html(services.render(view, "review-dossier"))
        }
        let base = "/review/rounds/:round/communes/:commune"
        /// A dossier step from a form: the round, the commune and the actor of `action`.
        func step(_ path: String, _ action: ReviewAction,
                  _ body: @escaping @Sendable (inout CommuneDossier, ReviewEnvironment, [String: String], [(String, String)], ReviewActor, Date) throws -> String) {
            post(router, base + path) { request, context, user, form, pairs in
                let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
                let round = try review.workflow.round(roundID)
                let (actor, access) = try review.acting(user, action, chain: round.chain, commune: commune, request: request, context: context)
                let now = review.now
                return try review.workflow.step(round: roundID, commune: commune, context: access) { d, env in try body(&d, env, form, pairs, actor, now) }
            }
        }
        post(router, base + "/list") { request, context, user, _, _ in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, .list, chain: round.chain, commune: commune, request: request, context: context)
            return Self.summary(try review.workflow.listCurrent(round: roundID, commune: commune, by: actor, at: review.now, context: access), "Đã lập danh sách")
        }
        step("/meeting", .recordMeeting) { d, env, form, pairs, actor, now in
            let agreed = pairs.filter { $0.0 == "agreed" }.map(\.1), objection = pairs.filter { $0.0 == "objection" }.map(\.1)
            let outcomes = agreed.map { MeetingOutcome(householdCode: $0, outcome: .agreed) }
                + objection.filter { !agreed.contains($0) }.map { MeetingOutcome(householdCode: $0, outcome: .objection, note: form["note"]) }
            let m = MeetingMinutes(id: "", roundID: d.round.id, communeCode: d.communeCode, number: form["number"] ?? "", village: form["village"] ?? "",
                                   date: try Self.day(form, "date", default: LocalTime.day(now)), place: form["place"] ?? "", chair: form["chair"] ?? "",
                                   secretary: form["secretary"] ?? "",
                                   attendance: Attendance(communeCommittee: Int(form["committee"] ?? "") ?? 0, massOrganisations: Int(form["organisations"] ?? "") ?? 0,
                                                          households: Int(form["households"] ?? "") ?? 0),
                                   outcomes: outcomes, byCommuneBoard: form["board"] == "1")
            return Self.summary(try d.recordMeeting(m, by: actor, at: now, settings: env.settings), "Đã thống nhất")
        }
        step("/posting", .preparePosting) { d, env, form, pairs, actor, now in
            let villages = pairs.filter { $0.0 == "village" }.map(\.1)
            let places = (form["places"] ?? "Trụ sở UBND xã").split(separator: ";").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                .map { PostingPlace(kind: $0.lowercased().contains("văn hóa") ? .villageCulturalHouse : .communeOffice, name: $0) }
            let startDay = try Self.day(form, "start_date", default: LocalTime.day(now))
            let hour = Int((form["start_time"] ?? "").split(separator: ":").first ?? "") ?? 8
            return Self.summary(try d.preparePosting(number: form["number"] ?? "", villages: villages, places: places,
                                                     start: LocalTime.instant(startDay, hour: hour), by: actor, at: now, environment: env), "Đã chuẩn bị thông báo")
        }
        step("/complaint", .registerComplaint) { d, _, form, _, actor, now in
            let k = Complaint(id: "", roundID: d.round.id, communeCode: d.communeCode, receivedAt: now, channel: RequestChannel(rawValue: form["channel"] ?? "") ?? .inPerson,
                              complainant: form["complainant"], contact: form["contact"], householdCode: form["household"] ?? "",
                              type: ComplaintType(rawValue: form["type"] ?? "") ?? .other, content: form["content"] ?? "", receivedBy: actor.account)
            switch try d.registerComplaint(k, by: actor, at: now) {
            case .registered(let id): return "Đã tiếp nhận khiếu nại \(id); hộ chuyển sang phúc tra"
            case .registeredAsRequest: throw ReviewError.guardFailed("posting_ended", "Đã hết thời hạn niêm yết của hộ: hãy tiếp nhận thành đề nghị rà soát thường xuyên")
            }
        }
        step("/recheck", .recheck) { d, env, form, _, actor, now in
            let team = (form["team"] ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            return "Đã lập tổ phúc tra \(try d.startRecheck(form["household"] ?? "", team: team, by: actor, at: now, environment: env))"
        }
        step("/recheck-result", .recheck) { d, env, form, _, actor, now in
            let r = try d.recordRecheckResult(form["id"] ?? "", reply: form["reply"] ?? "", by: actor, at: now, environment: env)
            return "Kết quả phúc tra: " + (r == .upheld ? "giữ nguyên" : "thay đổi, niêm yết lại")
        }
        step("/withdraw", .withdraw) { d, _, form, _, actor, now in
            guard let reason = WithdrawalReason(rawValue: form["reason"] ?? "") else { throw ReviewError.invalid("reason", "Chọn lý do dừng rà soát") }
            try d.withdraw(form["household"] ?? "", reason: reason, note: form["note"], by: actor, at: now)
            return "Đã dừng rà soát hộ \(form["household"] ?? "")"
        }
        step("/posting-sign", .signPosting) { d, _, form, _, actor, now in
            try d.signPosting(form["id"] ?? "", signer: form["signer"] ?? "", by: actor, at: now)
            return "Đã ký thông báo"
        }
        step("/posting-start", .startPosting) { d, _, form, _, actor, now in Self.summary(try d.startPosting(form["id"] ?? "", by: actor, at: now), "Bắt đầu niêm yết") }
        step("/consultation", .draftConsultation) { d, env, form, _, actor, now in
            let id = try d.draftConsultation(number: form["number"] ?? "", date: try Self.day(form, "date", default: LocalTime.day(now)), signer: form["signer"] ?? "",
                                             recipient: nil, by: actor, at: now, settings: env.settings)
            return "Đã dự thảo báo cáo \(id)"
        }
        step("/consultation-send", .sendConsultation) { d, env, form, _, actor, now in
            Self.summary(try d.sendConsultation(form["id"] ?? "", by: actor, at: now, environment: env), "Đã gửi báo cáo")
        }
        step("/opinion", .recordOpinion) { d, _, form, _, actor, now in
            let type = OpinionType(rawValue: form["type"] ?? "agree") ?? .agree
            let households = (form["households"] ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return Self.summary(try d.recordOpinion(form["id"] ?? "", ConsultationOpinion(date: LocalTime.day(now), number: form["number"], from: actor.unitCode,
                                                                                          type: type, recheckHouseholds: households, text: form["text"] ?? ""),
                                                    by: actor, at: now), "Đã ghi ý kiến")
        }
        step("/decision", .issueDecision) { d, env, form, _, actor, now in
            Self.summary(try d.issueDecision(number: form["number"] ?? "", date: try Self.day(form, "date", default: LocalTime.day(now)), signer: form["signer"] ?? "",
                                             capacity: form["vice"] == "1" ? .viceChairman : .chairman, by: actor, at: now, environment: env),
                         "Quyết định \(form["number"] ?? "")")
        }
        router.get("/review/rounds/:round/communes/:commune/certificates") { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            try review.requireCovers(user, commune: commune, chain: round.chain)
            guard services.policy.allows(.readPersonal, user.assignments, on: services.today) else { throw WebError.forbidden }
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            let codes = d.cases.values.filter { $0.decisionID != nil }.map(\.householdCode).sorted()
            var certificates: [CertificateView] = []
            for code in codes {
                for c in try services.store.certificates(householdCode: code) where c.communeCode == commune {
                    certificates.append(CertificateView(c, communeName: d.communeName, province: services.catalog.province(code: round.provinceCode)?.name ?? ""))
                }
            }
            if !codes.isEmpty {
                try services.store.recordSecurityEvent("read_personal", entityType: "review_certificate", entityIDs: codes, context: context.access(request, user: user))
            }
            struct View { var layout: Layout; var certificates: [CertificateView]; var back: String; var empty: Bool }
            return Reply.html(services.render(View(layout: layout("Giấy chứng nhận hộ nghèo, hộ cận nghèo", user), certificates: certificates,
                                                   back: "/review/rounds/\(roundID)/communes/\(commune)", empty: certificates.isEmpty), "review-certificates"))
        }
    }
}

/// A certificate as printed (Giấy chứng nhận hộ nghèo, hộ cận nghèo).
struct CertificateView {
    struct Member { var no: Int, name: String, relation: String, birth: String }
    struct Row { var year: Int, cls: String, decision: String, stamp: String }
    var number: String, province: String, commune: String, cls: String, head: String, ethnicity: String, nationalID: String, residence: String
    var issued: String, issuedDay: String, issuedMonth: String, issuedYear: String, decision: String
    var members: [Member]
    var rows: [Row]
    var closed: String?

    init(_ c: Certificate, communeName: String, province: String) {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        number = c.number
        self.province = province.uppercased()
        commune = communeName.uppercased()
        cls = c.recognisedClass == .poor ? "HỘ NGHÈO" : "HỘ CẬN NGHÈO"
        head = c.head.name
        ethnicity = c.head.ethnicity.flatMap { EthnicGroup(code: $0)?.name } ?? ""
        nationalID = c.head.nationalID ?? ""
        residence = c.head.residence
        issued = VietnameseText.formatDate(c.issuedOn)
        issuedDay = two(c.issuedOn.day)
        issuedMonth = two(c.issuedOn.month)
        issuedYear = String(c.issuedOn.year)
        decision = c.decision
        members = c.members.map { Member(no: $0.memberNo, name: $0.fullName, relation: $0.relation.vietnamese, birth: $0.birthDate.description) }
        rows = c.confirmations.map { Row(year: $0.year, cls: $0.recognisedClass.vietnamese, decision: $0.decision, stamp: VietnameseText.formatDate($0.stampDate)) }
        closed = c.closingNote
    }
}
