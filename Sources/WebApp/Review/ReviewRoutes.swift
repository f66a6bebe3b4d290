import Access
import Foundation
import Hummingbird
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// The review API under `/api/v1/review` (giao diện rà soát): campaigns and plans, monthly
/// batches, requests, each commune's steps, reports, alerts, the daily job and the holiday
/// calendar. Every route checks the permission matrix row of its action, acts under the
/// assignment that may take it (recorded in the audit entry), and leaves the rules of who may
/// do what, where and when to the Review module; the store audits every write.
struct ReviewRoutes {
    let services: WebServices
    var review: ReviewService { ReviewService(services: services) }

    typealias Handler = @Sendable (Request, AppContext) async throws -> Response

    func register(_ router: Router<AppContext>) {
        let api = router.group("api/v1/review")
        registerCampaigns(api)
        registerDossier(api)
        registerRegular(api)
    }

    /// A state-changing route: signed in, CSRF (session), body decoded.
    func write<In: Decodable & Sendable>(_ type: In.Type, _ body: @escaping @Sendable (Request, AppContext, SignedInUser, In) async throws -> Response) -> Handler {
        { request, context in
            var request = request
            let user = try context.requireUser()
            try CSRF.check(request.headers[.init("X-CSRF-Token")!], user: user)
            let input = try await ReviewJSONCoding.body(In.self, &request)
            return try await body(request, context, user, input)
        }
    }

    // MARK: Campaigns

    func registerCampaigns(_ api: RouterGroup<AppContext>) {
        api.get("campaigns") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.viewAggregates, user.assignments, on: services.today) else { throw WebError.forbidden }
            let list = try services.store.campaigns(provinceCode: request.query("province"))
            return try ReviewJSONCoding.reply(["items": list])
        }
        api.post("campaigns", use: write(CampaignInput.self) { request, context, user, input in
            let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: input.year, month: 9), twoTierFrom: review.workflow.settings.twoTierFrom)
            let (actor, access) = try review.acting(user, .createCampaign, chain: chain, commune: nil, request: request, context: context)
            let c = try review.workflow.createCampaign(province: input.provinceCode, year: input.year, by: actor, at: review.now, context: access)
            return try ReviewJSONCoding.reply(c, status: .created)
        })
        api.get("campaigns/:id") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.viewAggregates, user.assignments, on: services.today) else { throw WebError.forbidden }
            let id = try context.parameters.require("id")
            guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            return try ReviewJSONCoding.reply(CampaignView(campaign: c, plans: try services.store.plans(campaignID: id),
                                                   communes: try services.store.dossierCommunes(roundID: id)))
        }
        api.post("campaigns/:id/plans", use: write(PlanInput.self) { request, context, user, input in
            let id = try context.parameters.require("id")
            guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            let action: ReviewAction = input.level == .province ? .registerProvincePlan : input.level == .district ? .registerDistrictPlan : .registerCommunePlan
            let (actor, access) = try review.acting(user, action, chain: c.chain, commune: input.level == .commune ? input.unitCode : nil,
                                                    request: request, context: context)
            let plan = ReviewPlan(campaignID: id, level: input.level, unitCode: input.unitCode, number: input.number, date: input.date,
                                  signer: input.signer, file: input.file, dueDates: try input.items(), reviewers: input.reviewers ?? [:])
            try review.workflow.registerPlan(plan, by: actor, at: review.now, context: access)
            return try ReviewJSONCoding.reply(["plans": try services.store.plans(campaignID: id)], status: .created)
        })
        for (path, action) in [("open", ReviewAction.openCampaign), ("consolidate", .startConsolidation), ("close", .closeCampaign)] {
            api.post("campaigns/:id/\(path)", use: write(NoInput.self) { request, context, user, _ in
                let id = try context.parameters.require("id")
                guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
                let (actor, access) = try review.acting(user, action, chain: c.chain, commune: nil, request: request, context: context)
                var yearOutcomes: Int?
                switch action {
                case .openCampaign: try review.workflow.openCampaign(id, by: actor, at: review.now, context: access)
                case .startConsolidation: try review.workflow.startConsolidation(id, by: actor, at: review.now, context: access)
                default: yearOutcomes = try review.workflow.closeCampaign(id, by: actor, at: review.now, context: access)
                }
                return try ReviewJSONCoding.reply(CampaignStateView(campaign: try services.store.campaign(id: id), yearOutcomes: yearOutcomes))
            })
        }
        api.post("campaigns/:id/summary", use: write(DocumentInput.self) { request, context, user, input in
            let id = try context.parameters.require("id")
            guard let c = try services.store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            let (actor, access) = try review.acting(user, .registerProvinceSummary, chain: c.chain, commune: nil, request: request, context: context)
            try review.workflow.registerSummary(id, DocumentReference(number: input.number, date: input.date, signer: input.signer, file: input.file),
                                                by: actor, context: access)
            return try ReviewJSONCoding.reply(try services.store.campaign(id: id))
        })
    }

    // MARK: A commune's dossier

    /// A step on the dossier of `:round` and `:commune`, under the actor of `action`.
    func step<In: Decodable & Sendable, Out: Encodable>(
        _ api: RouterGroup<AppContext>, _ path: String, _ action: ReviewAction, _ type: In.Type,
        _ body: @escaping @Sendable (inout CommuneDossier, ReviewEnvironment, In, ReviewActor, Date, Parameters) throws -> Out
    ) {
        api.post("rounds/:round/communes/:commune/\(path)", use: write(In.self) { request, context, user, input in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, action, chain: round.chain, commune: commune, request: request, context: context)
            let now = review.now
            let out = try review.workflow.step(round: roundID, commune: commune, context: access) { d, env in
                try body(&d, env, input, actor, now, context.parameters)
            }
            return try ReviewJSONCoding.reply(out)
        })
    }

    func registerDossier(_ api: RouterGroup<AppContext>) {
        api.get("rounds/:round/communes/:commune") { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            try review.requireCovers(user, commune: commune, chain: try review.workflow.round(roundID).chain)
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            return try ReviewJSONCoding.reply(DossierView(d, villages: review.villageFilter(user)))
        }
        api.post("rounds/:round/communes/:commune/list", use: write(NoInput.self) { request, context, user, _ in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, .list, chain: round.chain, commune: commune, request: request, context: context)
            return try ReviewJSONCoding.reply(StepView(try review.workflow.listCurrent(round: roundID, commune: commune, by: actor, at: review.now, context: access)))
        })
        api.get("rounds/:round/communes/:commune/households/:code") { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let code = try context.parameters.require("code")
            let access = context.access(request, user: user)
            // The household must be in the reader's scope (VIL: its villages); the read is audited.
            guard services.policy.allows(.readPersonal, user.assignments, on: services.today),
                  try services.store.household(code: code, scope: services.policy.scope(.readPersonal, user.assignments, on: services.today),
                                               audit: true, context: access) != nil else {
                throw WebError(status: .notFound, code: "household.not_found", message: "Không tìm thấy hộ có mã \(code)")
            }
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            guard let c = d.cases[code] else { throw ReviewError.notFound("hộ \(code) trong đợt \(roundID)") }
            return try ReviewJSONCoding.reply(HouseholdCaseView(
                householdCase: c, surveys: d.surveyVersions(of: code), quickIds: d.quickIDs.values.filter { $0.householdCode == code }.sorted { $0.id < $1.id },
                complaints: d.openComplaints(of: code), rechecks: d.rechecks.values.filter { $0.householdCode == code }.sorted { $0.id < $1.id },
                certificate: d.certificates[code]))
        }
        api.get("rounds/:round/communes/:commune/households/:code/survey-template") { request, context in
            let s = try review.surveyContext(try context.requireUser(), request: request, context: context)
            let env = s.environment
            return try ReviewJSONCoding.reply(SurveyTemplateView(survey: s.template, scoringTable: env.scoringTable(s.template.scoringTableID),
                                                   quickIdCriteria: s.householdCase.isAddRequest ? env.settings.quickIDCriteria : []))
        }
        step(api, "households/:code/quick-id", .enterQuickID, QuickIDInput.self) { d, env, input, actor, now, p in
            let code = try p.require("code")
            let q = QuickIdentification(id: "", roundID: d.round.id, householdCode: code, date: input.date ?? LocalTime.day(now),
                                        reviewer: actor.account, answers: input.answers)
            let id = try d.enterQuickID(q, by: actor, at: now, settings: env.settings)
            return d.quickIDs[id]
        }
        step(api, "households/:code/quick-id/confirm", .confirmQuickID, ReplyInput.self) { d, _, input, actor, now, p in
            try d.confirmQuickID(try p.require("code"), reply: input.reply, by: actor, at: now)
            return CaseView(try d.requireCase(try p.require("code")))
        }
        registerSurveyRoutes(api)
        step(api, "households/:code/rechecks", .recheck, TeamInput.self) { d, env, input, actor, now, p in
            let id = try d.startRecheck(try p.require("code"), team: input.team, by: actor, at: now, environment: env)
            return d.rechecks[id]
        }
        step(api, "households/:code/withdraw", .withdraw, WithdrawInput.self) { d, _, input, actor, now, p in
            try d.withdraw(try p.require("code"), reason: input.reason, note: input.note, by: actor, at: now)
            return CaseView(try d.requireCase(try p.require("code")))
        }
        step(api, "meetings", .recordMeeting, MeetingInput.self) { d, env, input, actor, now, _ in
            let m = MeetingMinutes(id: "", roundID: d.round.id, communeCode: d.communeCode, number: input.number, village: input.village,
                                   date: input.date, place: input.place, chair: input.chair, secretary: input.secretary ?? "",
                                   attendance: input.attendance, outcomes: input.outcomes, scan: input.scan, byCommuneBoard: input.byCommuneBoard ?? false)
            return StepView(try d.recordMeeting(m, by: actor, at: now, settings: env.settings))
        }
        step(api, "postings", .preparePosting, PostingInput.self) { d, env, input, actor, now, _ in
            StepView(try d.preparePosting(number: input.number, villages: input.villages ?? [], places: input.places, start: input.start,
                                          by: actor, at: now, environment: env))
        }
        step(api, "postings/:id/sign", .signPosting, SignInput.self) { d, _, input, actor, now, p in
            let id = try p.require("id")
            try d.signPosting(id, signer: input.signer, by: actor, at: now)
            return d.postings[id]
        }
        step(api, "postings/:id/start", .startPosting, NoInput.self) { d, _, _, actor, now, p in
            StepView(try d.startPosting(try p.require("id"), by: actor, at: now))
        }
        step(api, "complaints", .registerComplaint, ComplaintInput.self) { d, env, input, actor, now, _ in
            let k = Complaint(id: "", roundID: d.round.id, communeCode: d.communeCode, receivedAt: input.receivedAt ?? now, channel: input.channel,
                              complainant: input.complainant, contact: input.contact, householdCode: input.householdCode, type: input.type,
                              content: input.content, receivedBy: actor.account)
            switch try d.registerComplaint(k, by: actor, at: now) {
            case .registered(let id): return ComplaintView(complaintId: id, registeredAsRequest: false)
            case .registeredAsRequest(let r):
                // Received after the posting end: a regular-review request (review.md §3.4).
                var request = r
                request.id = "YC-\(d.communeCode)-KN-\(d.complaints.count + d.requests.count + 1)-\(Int(now.timeIntervalSince1970))"
                let next = RegularCalendar.batchMonth(receivedOn: request.receivedOn, settings: env.settings)
                request.roundID = MonthlyBatch.id(communeCode: d.communeCode, year: next.year, month: next.month)
                d.requests[request.id] = request
                return ComplaintView(complaintId: nil, registeredAsRequest: true)
            }
        }
        step(api, "complaints/:id/dismiss", .recheck, ReplyInput.self) { d, _, input, actor, now, p in
            let id = try p.require("id")
            try d.dismissComplaint(id, reply: input.reply, by: actor, at: now)
            return d.complaints[id]
        }
        step(api, "rechecks/:id/result", .recheck, RecheckResultInput.self) { d, env, input, actor, now, p in
            let id = try p.require("id")
            _ = try d.recordRecheckResult(id, reply: input.reply, minutesScan: input.minutesScan, by: actor, at: now, environment: env)
            return d.rechecks[id]
        }
        step(api, "consultations", .draftConsultation, ConsultationInput.self) { d, env, input, actor, now, _ in
            let id = try d.draftConsultation(number: input.number, date: input.date, signer: input.signer, recipient: input.recipient,
                                             by: actor, at: now, settings: env.settings)
            return d.consultations[id]
        }
        step(api, "consultations/:id/send", .sendConsultation, NoInput.self) { d, env, _, actor, now, p in
            StepView(try d.sendConsultation(try p.require("id"), by: actor, at: now, environment: env))
        }
        step(api, "consultations/:id/opinion", .recordOpinion, OpinionInput.self) { d, _, input, actor, now, p in
            StepView(try d.recordOpinion(try p.require("id"), ConsultationOpinion(
                date: input.date, number: input.number, from: input.from, type: input.type, recheckHouseholds: input.recheckHouseholds ?? [],
                text: input.text), by: actor, at: now))
        }
        step(api, "decisions", .issueDecision, DecisionInput.self) { d, env, input, actor, now, _ in
            StepView(try d.issueDecision(number: input.number, date: input.date, signer: input.signer, capacity: input.capacity ?? .chairman,
                                         scan: input.scan, corrects: input.corrects, by: actor, at: now, environment: env))
        }
        registerIdentificationRoutes(api)
        api.get("rounds/:round/communes/:commune/certificates") { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            try review.requireCovers(user, commune: commune, chain: try review.workflow.round(roundID).chain)
            guard services.policy.allows(.readPersonal, user.assignments, on: services.today) else { throw WebError.forbidden }
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            let codes = d.cases.values.filter { $0.decisionID != nil }.map(\.householdCode).sorted()
            var certificates: [Certificate] = []
            for code in codes { certificates += try services.store.certificates(householdCode: code) }
            let access = context.access(request, user: user)
            if !codes.isEmpty {
                try services.store.recordSecurityEvent("read_personal", entityType: "review_certificate", entityIDs: codes, context: access)
            }
            return try ReviewJSONCoding.reply(["items": certificates])
        }
    }

    /// The registry's side of an identification: the household's village, class and area, and
    /// the member (an audited read).
    func registryFacts(_ code: String, commune: String, access: AccessContext) throws -> (ListingCandidate, StoredHousehold) {
        guard let stored = try services.store.household(code: code, context: access),
              let candidate = try services.store.listingCandidates(communeCodes: review.workflow.recordedCodes(commune), on: services.today,
                                                                   classes: nil, householdCodes: [code]).first
        else { throw StoreError.householdNotFound(code: code) }
        return (candidate, stored)
    }

    func registerIdentificationRoutes(_ api: RouterGroup<AppContext>) {
        api.post("rounds/:round/communes/:commune/identifications/avg-agri", use: write(AverageAgriInput.self) { request, context, user, input in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, .determineIncome, chain: round.chain, commune: commune, request: request, context: context)
            let (candidate, stored) = try registryFacts(input.householdCode, commune: commune, access: access)
            let incomes: [IncomeSource: Int] = try keyed(input.incomes, field: "incomes", code: "avg_agri.source", what: "nguồn thu nhập")
            let now = review.now
            let out = try review.workflow.step(round: roundID, commune: commune, context: access) { d, env in
                try d.determineAverageAgri(householdCode: input.householdCode, village: candidate.village, currentClass: candidate.recognisedClass,
                                           area: stored.household.areaType, members: input.members, incomes: incomes,
                                           socialAssistance: input.socialAssistance ?? 0, by: actor, at: now, settings: env.settings)
            }
            return try ReviewJSONCoding.reply(out, status: .created)
        })
        api.post("rounds/:round/communes/:commune/identifications/low-income", use: write(LowIncomeInput.self) { request, context, user, input in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, .determineIncome, chain: round.chain, commune: commune, request: request, context: context)
            let (candidate, stored) = try registryFacts(input.householdCode, commune: commune, access: access)
            guard let member = stored.members.first(where: { $0.memberNo == input.memberNo }) else {
                throw StoreError.memberNotFound(householdCode: input.householdCode, memberNo: input.memberNo)
            }
            let now = review.now
            let out = try review.workflow.step(round: roundID, commune: commune, context: access) { d, env in
                try d.checkLowIncomeWorker(householdCode: input.householdCode, memberNo: input.memberNo, village: candidate.village,
                                           householdClass: candidate.recognisedClass, area: stored.household.areaType,
                                           perCapitaIncome: input.perCapitaIncome, age: member.birth.age(at: LocalTime.day(now)),
                                           standard: try env.engine(round.standardID).standard,
                                           enabled: env.settings.lowIncomeWorkerProvinces.contains(round.provinceCode), by: actor, at: now)
            }
            return try ReviewJSONCoding.reply(out, status: .created)
        })
        step(api, "identifications/post", .startPosting, StartInput.self) { d, env, input, actor, now, _ in
            StepView(try d.postIdentifications(start: input.start, by: actor, at: now, environment: env))
        }
        step(api, "identifications/decide", .issueDecision, DecisionInput.self) { d, env, input, actor, now, _ in
            StepView(try d.decideIdentifications(number: input.number, date: input.date, signer: input.signer, by: actor, at: now, environment: env))
        }
    }

    func registerSurveyRoutes(_ api: RouterGroup<AppContext>) {
        api.post("rounds/:round/communes/:commune/households/:code/surveys", use: write(SurveyInput.self) { request, context, user, input in
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let code = try context.parameters.require("code")
            let round = try review.workflow.round(roundID)
            let (actor, access) = try review.acting(user, .survey, chain: round.chain, commune: commune, request: request, context: context)
            var s = try review.workflow.surveyTemplate(round: roundID, commune: commune, householdCode: code, reviewer: actor.account,
                                                       at: review.now, context: access)
            s.date = input.date ?? s.date
            if let r = input.respondent { s.respondent = r }
            if input.scoringTableId != nil || input.b1Typed != nil { s.scoringTableID = input.scoringTableId }
            s.b1Answers = input.b1Answers ?? [:]
            s.b1Typed = input.b1Typed
            s.b2 = try input.answers()
            s.gps = try input.gps.map { try GeoPoint(latitude: $0.latitude, longitude: $0.longitude, accuracy: $0.accuracy) }
            s.photos = input.photos ?? []
            s.reason = input.reason
            s.recheckID = input.recheckId
            let now = review.now
            let saved = try review.workflow.step(round: roundID, commune: commune, context: access) { d, _ in
                let id = try d.saveSurvey(s, by: actor, at: now)
                return d.surveys[id]
            }
            return try ReviewJSONCoding.reply(saved, status: .created)
        })
        step(api, "households/:code/surveys/lock", .survey, NoInput.self) { d, env, _, actor, now, p in
            let code = try p.require("code")
            _ = try d.lockSurvey(code, by: actor, at: now, environment: env)
            return d.lockedSurveys(of: code).last
        }
    }

    // MARK: Requests, batches, reports, alerts, jobs, holidays

    func registerRegular(_ api: RouterGroup<AppContext>) {
        api.post("requests", use: write(RequestInput.self) { request, context, user, input in
            let chain = ApprovalChain.chosen(start: input.receivedOn, twoTierFrom: review.workflow.settings.twoTierFrom)
            let (actor, access) = try review.acting(user, .registerRequest, chain: chain, commune: input.communeCode, request: request, context: context)
            let r = ReviewRequest(id: "", householdCode: input.householdCode, communeCode: input.communeCode, type: input.type,
                                  receivedOn: input.receivedOn, channel: input.channel, reason: input.reason, signer: input.signer,
                                  receivedBy: actor.account, scan: input.scan, withdraws: input.withdraws, registeredAt: review.now)
            let out = try review.workflow.registerRequest(r, by: actor, at: review.now, context: access)
            return try ReviewJSONCoding.reply(RequestView(request: out.request, roundId: out.request.roundID, listing: out.listing.map(StepView.init)), status: .created)
        })
        api.get("requests") { request, context in
            let user = try context.requireUser()
            guard let commune = request.query("commune") else { throw WebError.badRequest("parameter.commune", "Cần mã xã (commune)", field: "commune") }
            try review.requireCovers(user, commune: commune)
            return try ReviewJSONCoding.reply(["items": try services.store.requests(communeCode: commune, received: nil)])
        }
        api.get("batches") { request, context in
            let user = try context.requireUser()
            guard let commune = request.query("commune") else { throw WebError.badRequest("parameter.commune", "Cần mã xã (commune)", field: "commune") }
            try review.requireCovers(user, commune: commune)
            return try ReviewJSONCoding.reply(["items": try services.store.batches(communeCode: commune)])
        }
        api.post("batches", use: write(BatchInput.self) { request, context, user, input in
            let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: input.year, month: input.month),
                                             twoTierFrom: review.workflow.settings.twoTierFrom)
            let (actor, access) = try review.acting(user, .openBatch, chain: chain, commune: input.communeCode, request: request, context: context)
            let (batch, listing) = try review.workflow.openBatch(commune: input.communeCode, year: input.year, month: input.month, by: actor,
                                                                 at: review.now, context: access)
            return try ReviewJSONCoding.reply(BatchView(batch: batch, listing: StepView(listing)), status: .created)
        })
        api.post("monthly-reports", use: write(MonthlyInput.self) { request, context, user, input in
            let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: input.year, month: input.month),
                                             twoTierFrom: review.workflow.settings.twoTierFrom)
            let (_, access) = try review.acting(user, .submitMonthlyReport, chain: chain, commune: input.communeCode, request: request, context: context)
            try review.requireCovers(user, commune: input.communeCode)
            let r = try review.workflow.compileMonthlyReport(commune: input.communeCode, year: input.year, month: input.month, context: access)
            return try ReviewJSONCoding.reply(r, status: .created)
        })
        api.post("monthly-reports/:id/submit", use: write(NoInput.self) { request, context, user, _ in
            let id = try context.parameters.require("id")
            guard let r = try services.store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
            let (actor, access) = try review.acting(user, .submitMonthlyReport, chain: r.chain, commune: r.unitCode, request: request, context: context)
            return try ReviewJSONCoding.reply(try review.workflow.submitMonthlyReport(id, by: actor, at: review.now, context: access))
        })
        api.post("monthly-reports/:id/review", use: write(ReportReviewInput.self) { request, context, user, input in
            let id = try context.parameters.require("id")
            guard let r = try services.store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
            let (actor, access) = try review.acting(user, .reviewMonthlyReport, chain: r.chain, commune: r.unitCode, request: request, context: context)
            return try ReviewJSONCoding.reply(try review.workflow.reviewMonthlyReport(id, accept: input.accept, reason: input.reason, by: actor,
                                                                                      at: review.now, context: access))
        })
        api.get("alerts") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.viewAggregates, user.assignments, on: services.today) else { throw WebError.forbidden }
            let units = Set(user.assignments.filter { $0.isValid(on: services.today) }.map(\.unitCode))
            return try ReviewJSONCoding.reply(["items": try services.store.alerts(unitCodes: units, openOnly: request.query("all") != "true")])
        }
        api.post("alerts/:id/acknowledge", use: write(NoInput.self) { request, context, user, _ in
            let id = try context.parameters.require("id")
            let units = Set(user.assignments.filter { $0.isValid(on: services.today) }.map(\.unitCode))
            guard var alert = try services.store.alerts(unitCodes: units, openOnly: false).first(where: { $0.id == id }) else {
                throw ReviewError.notFound("cảnh báo \(id)")
            }
            let chain = try review.workflow.round(alert.roundID).chain
            let (actor, access) = try review.acting(user, .acknowledgeAlert, chain: chain, commune: nil, request: request, context: context)
            try AlertJob.acknowledge(&alert, by: actor, at: review.now, chain: chain)
            try services.store.saveAlerts([alert], context: access)
            return try ReviewJSONCoding.reply(alert)
        })
        api.put("holidays/:year", use: write(HolidayYearInput.self) { request, context, user, body in
            let input = HolidayCalendar.Year(year: body.year, status: body.status, source: body.source, holidays: body.holidays,
                                             makeUpWorkdays: body.makeUpWorkdays ?? [])
            // The holiday calendar is the administrator's catalogue (roles.md §4 note 26).
            guard user.assignments.contains(where: { $0.isValid(on: services.today) && $0.role == .administrator }) else { throw WebError.forbidden }
            let year = try context.parameters.require("year", as: Int.self)
            guard input.year == year else { throw WebError.badRequest("holidays.year", "Năm trong nội dung (\(input.year)) khác năm trên đường dẫn (\(year))", field: "year") }
            let checked = try HolidayCalendar.decode(try JSONEncoder().encode(HolidayFile(name: "check", years: [input])))
            try services.store.saveHolidayYear(checked.years[year]!, context: context.access(request, user: user))
            return try ReviewJSONCoding.reply(try services.store.holidayCalendar().years[year])
        })
        api.post("jobs/daily", use: write(NoInput.self) { request, context, user, _ in
            // The daily job runs as the system; the operator (ADM) or a province officer may start it now.
            guard user.assignments.contains(where: { $0.isValid(on: services.today) && ($0.role == .administrator || $0.role == .province) }) else {
                throw WebError.forbidden
            }
            let report = try review.workflow.runDailyJob(at: review.now, context: context.access(request, user: user))
            return try ReviewJSONCoding.reply(DailyJobView(campaignsOpened: report.campaignsOpened, postingsClosed: report.postingsClosed,
                                                   silenceApplied: report.silenceApplied, batchesClosed: report.batchesClosed, openAlerts: report.openAlerts))
        })
        api.get("households/:code/timeline") { request, context in
            let user = try context.requireUser()
            let code = try context.parameters.require("code")
            guard services.policy.allows(.readHousehold, user.assignments, on: services.today),
                  try services.store.household(code: code, scope: services.policy.scope(.readHousehold, user.assignments, on: services.today),
                                               audit: false, context: context.access(request, user: user)) != nil else {
                throw WebError(status: .notFound, code: "household.not_found", message: "Không tìm thấy hộ có mã \(code)")
            }
            return try ReviewJSONCoding.reply(TimelineView(householdCode: code, years: try review.workflow.timeline(householdCode: code, through: services.today.year),
                                                   transitions: try services.store.transitions(householdCode: code)))
        }
        api.get("holidays") { _, context in
            _ = try context.requireUser()
            return try ReviewJSONCoding.reply(try services.store.holidayCalendar())
        }
    }
}

// Answers of the review API.

struct CampaignView: Encodable, Sendable { var campaign: Campaign; var plans: [ReviewPlan]; var communes: [String] }
struct CampaignStateView: Encodable, Sendable { var campaign: Campaign?; var yearOutcomes: Int? }
struct HouseholdCaseView: Encodable, Sendable {
    var householdCase: HouseholdCase; var surveys: [Survey]; var quickIds: [QuickIdentification]; var complaints: [Complaint]
    var rechecks: [Recheck]; var certificate: Certificate?
}
struct SurveyTemplateView: Encodable, Sendable { var survey: Survey; var scoringTable: ScoringTable?; var quickIdCriteria: [QuickIDCriterion] }
struct ComplaintView: Encodable, Sendable { var complaintId: String?; var registeredAsRequest: Bool }
struct RequestView: Encodable, Sendable { var request: ReviewRequest; var roundId: String?; var listing: StepView? }
struct BatchView: Encodable, Sendable { var batch: MonthlyBatch; var listing: StepView }
struct DailyJobView: Encodable, Sendable { var campaignsOpened: [String]; var postingsClosed: Int; var silenceApplied: Int; var batchesClosed: [String]; var openAlerts: Int }
struct TimelineView: Encodable, Sendable { var householdCode: String; var years: [TimelineYear]; var transitions: [TransitionRecord] }
struct HolidayFile: Encodable, Sendable { var name: String; var years: [HolidayCalendar.Year] }
