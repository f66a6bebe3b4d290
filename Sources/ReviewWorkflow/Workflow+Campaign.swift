import Access
import Foundation
import Registry
import Review
import Store
import VietnameseText

extension ReviewWorkflow {
    /// PRV creates the year's campaign of its province (`draft`).
    public func createCampaign(province: String, year: Int, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> Campaign {
        let c = try Campaign.create(provinceCode: province, year: year, settings: settings, by: actor, at: now)
        try store.createCampaign(c, context: context)
        return c
    }

    /// Registers a plan: checked against its parent plan (a lower plan may only set earlier
    /// dates); the province plan moves the campaign `draft` → `planned`. District plans are DST's
    /// (three-tier), commune plans CLD's, each in its own unit.
    public func registerPlan(_ plan: ReviewPlan, by actor: ReviewActor, at now: Date, context: AccessContext) throws {
        guard let campaign = try store.campaign(id: plan.campaignID) else { throw ReviewError.notFound("đợt rà soát \(plan.campaignID)") }
        try campaign.requireNotFrozen()
        let plans = try store.plans(campaignID: campaign.id)
        let province = plans.first { $0.level == .province }
        var p = plan
        p.registeredAt = now
        p.registeredBy = actor.account
        switch plan.level {
        case .province:
            try plan.validate(against: nil, chain: campaign.chain, year: campaign.year, settings: settings)
            try store.updateCampaign(id: campaign.id, context: context) { c in
                if c.state == .draft { try c.registerProvincePlan(plan, by: actor) } else { try c.checkProvince(.registerProvincePlan, actor) }
            }
        case .district:
            try ReviewAuthority.check(.registerDistrictPlan, actor, chain: campaign.chain)
            guard actor.unitCode == plan.unitCode else { throw ReviewError.scope("Huyện \(plan.unitCode)") }
            try plan.validate(against: province, chain: campaign.chain, year: campaign.year, settings: settings)
        case .commune:
            try ReviewAuthority.check(.registerCommunePlan, actor, chain: campaign.chain, commune: plan.unitCode)
            try checkCommune(plan.unitCode, in: campaign.round(settings: settings))
            let district = campaign.chain == .threeTier
                ? catalog.commune(code: plan.unitCode, in: .legacy)?.districtCode.flatMap { d in plans.first { $0.level == .district && $0.unitCode == d } }
                : nil
            try plan.validate(against: district ?? province, chain: campaign.chain, year: campaign.year, settings: settings)
        }
        try store.savePlan(p, context: context)
    }

    /// `planned` → `open` by PRV before the window start.
    public func openCampaign(_ id: String, by actor: ReviewActor, at now: Date, context: AccessContext) throws {
        try store.updateCampaign(id: id, context: context) { try $0.open(by: actor, at: now) }
    }

    /// Communes of the campaign's province with no recognition decision in it.
    public func communesWithoutDecision(_ campaign: Campaign) throws -> [String] {
        let decided = Set(try store.dossierCommunes(roundID: campaign.id).filter { commune in
            !(try store.dossier(round: campaign.round(settings: settings), communeCode: commune, communeName: "").decisions.isEmpty)
        })
        return communes(of: campaign).filter { !decided.contains($0) }
    }

    /// `open` → `consolidating`: every commune decided, or the window ended.
    public func startConsolidation(_ id: String, by actor: ReviewActor, at now: Date, context: AccessContext) throws {
        guard let campaign = try store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
        let pending = try communesWithoutDecision(campaign)
        try store.updateCampaign(id: id, context: context) { c in
            try c.startConsolidation(by: actor, today: LocalTime.day(now), communesWithoutDecision: pending)
        }
    }

    /// Registers the province summary (R2).
    public func registerSummary(_ id: String, _ document: DocumentReference, by actor: ReviewActor, context: AccessContext) throws {
        try store.updateCampaign(id: id, context: context) { try $0.registerProvinceSummary(document, by: actor) }
    }

    /// The reconciliation of review.md §6.4 for the communes of a campaign over its year: counts
    /// from the status records on 31/12 of the previous year and on `through`, flows from the
    /// transitions recorded at decisions in between.
    public func reconciliation(_ campaign: Campaign, through: CivilDate) throws -> [UnitDiscrepancy] {
        let communes = communes(of: campaign)
        var units: [String: Set<String>] = [:]
        for c in communes { units[c] = campaign.chain == .threeTier ? [c] : recordedCodes(c) }
        let t0 = CivilDate(year: campaign.year - 1, month: 12, day: 31)
        let counts = try store.unitCounts(units: units, t0: t0, t1: through)
        let transitions = try store.transitions(communeCodes: Set(communes), after: t0, through: through)
        return Reconciliation.check(counts: counts, transitions: transitions)
    }

    /// `consolidating` → `closed`: refused with the differing units when the reconciliation
    /// fails; on success the year outcomes of the province are written (review.md §6.3).
    public func closeCampaign(_ id: String, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> Int {
        guard let campaign = try store.campaign(id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
        let through = min(LocalTime.day(now), CivilDate(year: campaign.year, month: 12, day: 31))
        let differing = try reconciliation(campaign, through: through)
        try store.updateCampaign(id: id, context: context) { try $0.close(by: actor, at: now, reconciliation: differing) }
        var codes = Set<String>()
        for c in communes(of: campaign) { codes.formUnion(campaign.chain == .threeTier ? [c] : recordedCodes(c)) }
        return try store.recordYearOutcomes(year: campaign.year, communeCodes: codes, context: context)
    }
}
