import Access
import Foundation
import Registry
import Review
import Store
import VietnameseText

extension ReviewWorkflow {
    /// Where a request registered now goes, and what listing it did.
    public struct RegisteredRequest: Sendable {
        /// The request as stored (with its id and round).
        public var request: ReviewRequest
        /// Campaign or monthly batch.
        public var routing: RequestRouting
        /// The listing, when the round was open.
        public var listing: BatchResult?
    }

    /// Registers a Mẫu 01 request (COM) and routes it (review.md §4): into the open campaign
    /// between its window start and the commune's periodic posting, else into the monthly batch
    /// of its received date; listed at once when that round is open, otherwise when the batch opens.
    public func registerRequest(_ request: ReviewRequest, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> RegisteredRequest {
        let chain = ApprovalChain.chosen(start: request.receivedOn, twoTierFrom: settings.twoTierFrom)
        try ReviewAuthority.check(.registerRequest, actor, chain: chain, commune: request.communeCode)
        if request.type == .communeInitiated && !settings.regularCommuneInitiated {
            throw ReviewError.guardFailed("commune_initiated_off", "Cấu hình không cho xã tự mở hồ sơ rà soát")
        }
        let edition: AdminUnitEdition = chain == .threeTier ? .legacy : .reform2025
        guard let province = catalog.commune(code: request.communeCode, in: edition)?.provinceCode else {
            throw ReviewError.invalid("commune_code", "Không có xã \(request.communeCode)")
        }
        let campaign = try store.campaign(id: Campaign.id(provinceCode: province, year: request.receivedOn.year))
        var postingStart: CivilDate?
        if let campaign, campaign.acceptsHouseholdSteps {
            let d = try store.dossier(round: campaign.round(settings: settings), communeCode: request.communeCode, communeName: "")
            postingStart = d.postings.values.filter { $0.state == .posted && $0.repostOf == nil }.map { LocalTime.day($0.start) }.min()
        }
        let routing = RegularCalendar.route(receivedOn: request.receivedOn, campaign: campaign, periodicPostingStart: postingStart, settings: settings)
        var r = request
        r.receivedBy = actor.account
        r.registeredAt = now
        switch routing {
        case .campaign(let id): r.roundID = id
        case .batch(let y, let m): r.roundID = MonthlyBatch.id(communeCode: request.communeCode, year: y, month: m)
        }
        if request.type == .withdrawal { r.roundID = nil }
        let stored = try store.registerRequest(r, context: context)
        var listing: BatchResult?
        if let roundID = stored.roundID, let round = try? self.round(roundID), round.acceptsSteps, stored.type != .withdrawal {
            let candidates = try store.listingCandidates(communeCodes: recordedCodes(stored.communeCode), on: LocalTime.day(now), classes: nil,
                                                         householdCodes: [stored.householdCode])
            listing = try step(round: roundID, commune: stored.communeCode, context: context) { d, _ in
                try d.list(candidates, source: stored.type == .communeInitiated ? .communeInitiated : .request, request: stored, by: actor, at: now)
            }
        }
        return RegisteredRequest(request: stored, routing: routing, listing: listing)
    }

    /// COM opens the monthly batch of a commune and lists the requests routed to it.
    public func openBatch(commune: String, year: Int, month: Int, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> (MonthlyBatch, BatchResult) {
        let chain = ApprovalChain.chosen(start: try RegularCalendar.firstDay(year: year, month: month), twoTierFrom: settings.twoTierFrom)
        let edition: AdminUnitEdition = chain == .threeTier ? .legacy : .reform2025
        guard let province = catalog.commune(code: commune, in: edition)?.provinceCode else { throw ReviewError.invalid("commune_code", "Không có xã \(commune)") }
        let batch = try MonthlyBatch.open(communeCode: commune, provinceCode: province, year: year, month: month, by: actor, at: now,
                                          environment: environment())
        try store.createBatch(batch, context: context)
        let requests = try store.requests(communeCode: commune, received: nil).filter { $0.roundID == batch.id && $0.type != .withdrawal }
        var result = BatchResult()
        for r in requests {
            let c = try store.listingCandidates(communeCodes: recordedCodes(commune), on: LocalTime.day(now), classes: nil, householdCodes: [r.householdCode])
            let more = try step(round: batch.id, commune: commune, context: context) { d, _ in
                try d.list(c, source: r.type == .communeInitiated ? .communeInitiated : .request, request: r, by: actor, at: now)
            }
            result.moved += more.moved
            result.skipped += more.skipped
        }
        return (batch, result)
    }

    /// The R5 figures of a commune's month from its batches and requests.
    public func monthlyFigures(commune: String, year: Int, month: Int) throws -> MonthlyFigures {
        let first = try RegularCalendar.firstDay(year: year, month: month)
        let last = CivilDate(year: year, month: month, day: CivilDate.daysInMonth(year: year, month: month))
        var f = MonthlyFigures()
        let requests = try store.requests(communeCode: commune, received: nil)
        for r in requests where first <= r.receivedOn && r.receivedOn <= last {
            if r.type == .add { f.requestsAdd += 1 }
            if r.type == .leave { f.requestsLeave += 1 }
        }
        var decided: Set<String> = []
        for b in try store.batches(communeCode: commune) {
            let d = try store.dossier(round: b.round(), communeCode: commune, communeName: "")
            for decision in d.decisions.values where first <= decision.date && decision.date <= last {
                for line in decision.lines {
                    if line.rejected { f.decidedRejected += 1 } else { f.decidedRecognised += 1 }
                    decided.insert(line.householdCode)
                }
            }
            f.pending += d.cases.values.filter { !$0.state.isTerminal && $0.listedOn <= last }.count
        }
        for t in try store.transitions(communeCodes: [commune], after: first.adding(days: -1), through: last) where t.source == .regular {
            f.events[t.flow, default: 0] += 1
        }
        for c in try store.unitCounts(units: [commune: recordedCodes(commune)], t0: last, t1: last) {
            f.poor = c.atEnd[.poor, default: 0]
            f.nearPoor = c.atEnd[.nearPoor, default: 0]
            f.total = c.atEnd.values.reduce(0, +)
        }
        return f
    }

    /// Compiles (or recompiles, while a draft or returned) a commune's monthly report.
    public func compileMonthlyReport(commune: String, year: Int, month: Int, context: AccessContext) throws -> MonthlyReport {
        let id = MonthlyReport.id(unitCode: commune, year: year, month: month)
        if let existing = try store.monthlyReport(id: id), existing.state == .submitted || existing.state == .accepted { return existing }
        guard var report = MonthlyReport.draft(unitCode: commune, level: .commune, year: year, month: month,
                                               figures: try monthlyFigures(commune: commune, year: year, month: month), settings: settings) else {
            throw ReviewError.invalid("month", "Không có báo cáo tháng \(month)/\(year): báo cáo nộp ngày 5 các tháng 2–9")
        }
        if let existing = try store.monthlyReport(id: id) {
            report.state = existing.state
            report.returnReason = existing.returnReason
            report.reviewedOn = existing.reviewedOn
            report.reviewedBy = existing.reviewedBy
        }
        try store.saveMonthlyReport(report, context: context)
        return report
    }

    /// Submits a monthly report after the reconciliation of its month passes.
    public func submitMonthlyReport(_ id: String, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> MonthlyReport {
        guard var report = try store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
        let first = CivilDate(year: report.year, month: report.month, day: 1)
        let last = CivilDate(year: report.year, month: report.month, day: CivilDate.daysInMonth(year: report.year, month: report.month))
        let counts = try store.unitCounts(units: [report.unitCode: recordedCodes(report.unitCode)], t0: first.adding(days: -1), t1: last)
        let transitions = try store.transitions(communeCodes: [report.unitCode], after: first.adding(days: -1), through: last)
        try report.submit(by: actor, today: LocalTime.day(now), reconciliation: Reconciliation.check(counts: counts, transitions: transitions))
        try store.saveMonthlyReport(report, context: context)
        return report
    }

    /// The next level accepts or returns a monthly report.
    public func reviewMonthlyReport(_ id: String, accept: Bool, reason: String?, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> MonthlyReport {
        guard var report = try store.monthlyReport(id: id) else { throw ReviewError.notFound("báo cáo \(id)") }
        try report.review(accept: accept, reason: reason, by: actor, today: LocalTime.day(now))
        try store.saveMonthlyReport(report, context: context)
        return report
    }
}
