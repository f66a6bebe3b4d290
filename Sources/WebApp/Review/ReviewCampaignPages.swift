import Access
import Foundation
import Hummingbird
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

extension ReviewPages {
    struct CampaignRow { var id: String, state: String, standard: String, chain: String, imported: Bool }
    struct BatchRow { var id: String, month: String, state: String, link: String }
    struct AlertRow { var unit: String, item: String, due: String, level: String, levelClass: String, from: String? }
    struct HomeView {
        var layout: Layout
        var msg: String?, error: String?
        var campaigns: [CampaignRow]
        var canCreate: Bool, province: String, year: Int
        var batches: [BatchRow]
        var commune: String?, canOpenBatch: Bool, month: Int
        var alerts: [AlertRow]
        var hasAlerts: Bool
        var reports: [ReportRow]
        var hasReports: Bool, canCompile: Bool
    }
    struct ReportRow { var id: String, unit: String, period: String, due: String, state: String, detail: String, submittable: Bool, reviewable: Bool }

    struct PlanRow { var level: String, unit: String, number: String, date: String, signer: String }
    struct CommuneLink { var code: String, name: String, link: String, counts: String }
    struct CampaignPageView {
        var layout: Layout
        var msg: String?, error: String?
        var id: String, provinceCode: String, state: String, standard: String, chain: String, window: String, referenceDate: String
        var summary: String?
        var plans: [PlanRow]
        var communes: [CommuneLink]
        var isProvince: Bool, isLeader: Bool, leaderCommune: String
        var back: String
        var items: [ItemOption]
    }
    struct ItemOption { var value: String, label: String }

    func actors(_ user: SignedInUser) -> [ReviewActor] {
        review.workflow.actors(account: user.account.username, assignments: user.assignments, on: services.today)
    }

    func alertRows(_ user: SignedInUser) throws -> [AlertRow] {
        let units = Set(user.assignments.filter { $0.isValid(on: services.today) }.map(\.unitCode))
        return try services.store.alerts(unitCodes: units, openOnly: true).map { a in
            AlertRow(unit: a.unitCode, item: a.itemLabel, due: VietnameseText.formatDate(a.dueDate),
                     level: a.level == .dueSoon ? "Sắp đến hạn" : a.level == .overdue ? "Quá hạn" : "Quá hạn (báo cáo cấp trên)",
                     levelClass: a.level.rawValue, from: a.escalatedFrom)
        }
    }

    func registerCampaignPages(_ router: Router<AppContext>) {
        router.get("/review") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.viewAggregates, user.assignments, on: services.today) else { throw WebError.forbidden }
            let mine = actors(user)
            let province = mine.first { $0.role == .province }?.unitCode
            let communeActor = mine.first { [.commune, .communeLeader, .village].contains($0.role) }
            let provinces = Set(mine.compactMap { a -> String? in
                a.role == .province ? a.unitCode : services.catalog.commune(code: a.unitCode)?.provinceCode
            })
            let campaigns = try services.store.campaigns(provinceCode: nil).filter { provinces.contains($0.provinceCode) || mine.contains { $0.role == .auditor } }
            let batches = try communeActor.map { a in try services.store.batches(communeCode: a.unitCode) } ?? []
            let today = services.today
            let alerts = try alertRows(user)
            // Monthly reports (R5): the commune's own, and those a province or district officer receives.
            var reportUnits = Set(mine.filter { [.commune, .communeLeader].contains($0.role) }.map(\.unitCode))
            let reviewers = mine.filter { $0.role == .province || $0.role == .district }
            for a in reviewers { reportUnits.formUnion(a.communeCodes ?? []) }
            let stateNames: [MonthlyReportState: String] = [.draft: "Dự thảo", .submitted: "Đã gửi", .accepted: "Đã tiếp nhận", .returned: "Bị trả lại"]
            let reports = try services.store.monthlyReports(unitCodes: reportUnits).prefix(60).map { r in
                ReportRow(id: r.id, unit: r.unitCode, period: "\(r.month)/\(r.year)", due: VietnameseText.formatDate(r.dueDate),
                          state: stateNames[r.state] ?? r.state.rawValue,
                          detail: r.nilReport ? "không phát sinh" : "đề nghị \(r.figures.requestsAdd + r.figures.requestsLeave), quyết định \(r.figures.decidedRecognised + r.figures.decidedRejected), đang xử lý \(r.figures.pending)"
                              + (r.returnReason.map { "; trả lại: \($0)" } ?? ""),
                          submittable: (r.state == .draft || r.state == .returned) && mine.contains { $0.role == .communeLeader && $0.unitCode == r.unitCode },
                          reviewable: r.state == .submitted && reviewers.contains { $0.role == r.chain.upperRole && ($0.communeCodes?.contains(r.unitCode) ?? false) })
            }
            let view = HomeView(
                layout: layout("Rà soát hộ nghèo, hộ cận nghèo", user), msg: request.query("msg"), error: request.query("error"),
                campaigns: campaigns.map { CampaignRow(id: $0.id, state: $0.state.vietnamese, standard: $0.standardID, chain: $0.chain.vietnamese, imported: $0.imported) },
                canCreate: province != nil, province: province ?? "", year: today.year,
                batches: batches.map { b in
                    BatchRow(id: b.id, month: "\(b.month)/\(b.year)", state: b.state == .open ? "Đang xử lý" : "Đã khóa",
                             link: "/review/rounds/\(b.id)/communes/\(b.communeCode)")
                },
                commune: communeActor?.unitCode, canOpenBatch: mine.contains { $0.role == .commune }, month: today.month,
                alerts: alerts, hasAlerts: !alerts.isEmpty, reports: Array(reports), hasReports: !reports.isEmpty,
                canCompile: mine.contains { $0.role == .communeLeader })
            return Reply.html(services.render(view, "review-home"))
        }
        post(router, "/review/campaigns") { request, context, user, form, _ in
            let year = Int(form["year"] ?? "") ?? services.today.year
            let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: year, month: 9), twoTierFrom: review.workflow.settings.twoTierFrom)
            let (actor, access) = try review.acting(user, .createCampaign, chain: chain, commune: nil, request: request, context: context)
            let c = try review.workflow.createCampaign(province: actor.unitCode, year: year, by: actor, at: review.now, context: access)
            return "Đã tạo đợt \(c.id)"
        }
        post(router, "/review/requests") { request, context, user, form, _ in
            let commune = form["commune"] ?? ""
            let received = try Self.day(form, "received", default: services.today)
            let chain = ApprovalChain.chosen(start: received, twoTierFrom: review.workflow.settings.twoTierFrom)
            let (actor, access) = try review.acting(user, .registerRequest, chain: chain, commune: commune, request: request, context: context)
            guard let type = RequestType(rawValue: form["type"] ?? "") else { throw ReviewError.invalid("type", "Chọn loại đề nghị") }
            let r = ReviewRequest(id: "", householdCode: form["household"] ?? "", communeCode: commune, type: type, receivedOn: received,
                                  channel: RequestChannel(rawValue: form["channel"] ?? "") ?? .inPerson, reason: form["reason"] ?? "",
                                  signer: form["signer"] ?? "", receivedBy: actor.account, registeredAt: review.now)
            let out = try review.workflow.registerRequest(r, by: actor, at: review.now, context: access)
            return "Đã tiếp nhận \(out.request.id) → đợt \(out.request.roundID ?? "—")" + (out.listing.map { "; đưa vào danh sách \($0.moved.count) hộ" } ?? "")
        }
        post(router, "/review/batches") { request, context, user, form, _ in
            let commune = form["commune"] ?? ""
            let year = Int(form["year"] ?? "") ?? services.today.year, month = Int(form["month"] ?? "") ?? services.today.month
            let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: year, month: month), twoTierFrom: review.workflow.settings.twoTierFrom)
            let (actor, access) = try review.acting(user, .openBatch, chain: chain, commune: commune, request: request, context: context)
            let (batch, listing) = try review.workflow.openBatch(commune: commune, year: year, month: month, by: actor, at: review.now, context: access)
            return Self.summary(listing, "Đã mở đợt \(batch.id)")
        }
        post(router, "/review/monthly-reports") { request, context, user, form, _ in
            let commune = form["commune"] ?? "", year = Int(form["year"] ?? "") ?? 0, month = Int(form["month"] ?? "") ?? 0
            let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: year, month: month), twoTierFrom: review.workflow.settings.twoTierFrom)
            let (_, access) = try review.acting(user, .submitMonthlyReport, chain: chain, commune: commune, request: request, context: context)
            let r = try review.workflow.compileMonthlyReport(commune: commune, year: year, month: month, context: access)
            return "Đã lập báo cáo \(r.id)" + (r.nilReport ? " (không phát sinh)" : "")
        }
        post(router, "/review/monthly-reports/:id/submit") { request, context, user, _, _ in
            let id = try context.parameters.require("id")
            guard let r = try services.store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
            let (actor, access) = try review.acting(user, .submitMonthlyReport, chain: r.chain, commune: r.unitCode, request: request, context: context)
            _ = try review.workflow.submitMonthlyReport(id, by: actor, at: review.now, context: access)
            return "Đã gửi báo cáo \(id)"
        }
        post(router, "/review/monthly-reports/:id/review") { request, context, user, form, _ in
            let id = try context.parameters.require("id")
            guard let r = try services.store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
            let (actor, access) = try review.acting(user, .reviewMonthlyReport, chain: r.chain, commune: r.unitCode, request: request, context: context)
            let accept = form["accept"] == "1"
            _ = try review.workflow.reviewMonthlyReport(id, accept: accept, reason: form["reason"], by: actor, at: review.now, context: access)
            return accept ? "Đã tiếp nhận báo cáo \(id)" : "Đã trả lại báo cáo \(id)"
        }
        router.get("/review/campaigns/:id") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.viewAggregates, user.assignments, on: services.today) else { throw WebError.forbidden }
            let id = try context.parameters.require("id")
            guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            let mine = actors(user)
            let covered = review.workflow.communes(of: c).filter { commune in mine.contains { $0.role != .organisation && $0.communeCodes?.contains(commune) ?? true } }
            let withDossier = Set(try services.store.dossierCommunes(roundID: id))
            // A province officer sees the communes with a dossier; a commune official its own commune.
            let shown = covered.count <= 3 ? covered : covered.filter(withDossier.contains)
            let communes = try shown.map { code -> CommuneLink in
                var counts = ""
                if withDossier.contains(code) {
                    let d = try services.store.dossier(round: c.round(), communeCode: code, communeName: "")
                    counts = CaseState.allCases.compactMap { s in d.stateCounts[s].map { "\(s.vietnamese): \($0)" } }.joined(separator: " · ")
                }
                return CommuneLink(code: code, name: review.workflow.communeName(code, chain: c.chain), link: "/review/rounds/\(id)/communes/\(code)",
                                   counts: counts.isEmpty ? "chưa có hồ sơ" : counts)
            }
            let leader = mine.first { $0.role == .communeLeader }
            let view = CampaignPageView(
                layout: layout("Đợt \(id)", user), msg: request.query("msg"), error: request.query("error"), id: id, provinceCode: c.provinceCode, state: c.state.vietnamese,
                standard: c.standardID, chain: c.chain.vietnamese,
                window: "\(VietnameseText.formatDate(c.window.start)) – \(VietnameseText.formatDate(c.window.end))",
                referenceDate: VietnameseText.formatDate(c.referenceDate),
                summary: c.provinceSummary.map { "\($0.number) ngày \(VietnameseText.formatDate($0.date))" },
                plans: try services.store.plans(campaignID: id).map {
                    PlanRow(level: $0.level == .province ? "Tỉnh" : $0.level == .district ? "Huyện" : "Xã", unit: $0.unitCode, number: $0.number,
                            date: VietnameseText.formatDate($0.date), signer: $0.signer)
                },
                communes: communes, isProvince: mine.contains { $0.role == .province && $0.unitCode == c.provinceCode },
                isLeader: leader != nil, leaderCommune: leader?.unitCode ?? "", back: "/review/campaigns/\(id)",
                items: DeadlineItem.allCases.filter { $0.applies(to: c.chain) }.map { ItemOption(value: $0.rawValue, label: $0.vietnamese) })
            return Reply.html(services.render(view, "review-campaign"))
        }
        post(router, "/review/campaigns/:id/plan") { request, context, user, form, _ in
            let id = try context.parameters.require("id")
            guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            guard let level = PlanLevel(rawValue: form["level"] ?? "") else { throw ReviewError.invalid("level", "Chọn cấp kế hoạch") }
            let action: ReviewAction = level == .province ? .registerProvincePlan : level == .district ? .registerDistrictPlan : .registerCommunePlan
            let unit = form["unit"] ?? ""
            let (actor, access) = try review.acting(user, action, chain: c.chain, commune: level == .commune ? unit : nil, request: request, context: context)
            var due: [DeadlineItem: CivilDate] = [:]
            if let item = DeadlineItem(rawValue: form["due_item"] ?? ""), let text = form["due_date"], !text.isEmpty {
                due[item] = try Self.day(form, "due_date", default: services.today)
            }
            var reviewers: [String: [String]] = [:]
            for line in (form["reviewers"] ?? "").split(whereSeparator: \.isNewline) {
                let kv = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                if kv.count == 2 { reviewers[VietnameseText.nfc(kv[0])] = kv[1].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            }
            let plan = ReviewPlan(campaignID: id, level: level, unitCode: unit, number: form["number"] ?? "", date: try Self.day(form, "date", default: services.today),
                                  signer: form["signer"] ?? "", dueDates: due, reviewers: reviewers)
            try review.workflow.registerPlan(plan, by: actor, at: review.now, context: access)
            return "Đã đăng ký kế hoạch \(plan.number)"
        }
        for (path, action) in [("open", ReviewAction.openCampaign), ("consolidate", .startConsolidation), ("close", .closeCampaign), ("summary", .registerProvinceSummary)] {
            post(router, "/review/campaigns/:id/\(path)") { request, context, user, form, _ in
                let id = try context.parameters.require("id")
                guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
                let (actor, access) = try review.acting(user, action, chain: c.chain, commune: nil, request: request, context: context)
                switch action {
                case .openCampaign: try review.workflow.openCampaign(id, by: actor, at: review.now, context: access)
                case .startConsolidation: try review.workflow.startConsolidation(id, by: actor, at: review.now, context: access)
                case .registerProvinceSummary:
                    try review.workflow.registerSummary(id, DocumentReference(number: form["number"] ?? "", date: try Self.day(form, "date", default: services.today),
                                                                              signer: form["signer"] ?? ""), by: actor, context: access)
                default:
                    let n = try review.workflow.closeCampaign(id, by: actor, at: review.now, context: access)
                    return "Đã khóa sổ đợt \(id); ghi kết quả năm của \(VietnameseText.formatVND(n)) hộ"
                }
                return "Đợt \(id): \(try services.store.campaign(id: id)?.state.vietnamese ?? "")"
            }
        }
    }
}
