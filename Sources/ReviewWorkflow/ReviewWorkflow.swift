import Access
import Foundation
import PovertyStandard
import Registry
import Review
import Store
import VietnameseText

/// The store both the review module and the registry live in.
public typealias ReviewWorkflowStore = RegistryStore & ScopedRegistry & ReviewStore

/// The review steps on a store (nghiệp vụ rà soát), shared by the web application and the
/// command line: resolves a round id to its campaign or batch, loads the registry's side
/// (candidates, roster snapshots, unit lists), runs a ``CommuneDossier`` step inside the store's
/// transaction, and the province-level and daily jobs.
///
/// Every check of who may act is the Review module's; this type adds what needs the store: the
/// commune belongs to the campaign's province, the unit tree of the chain, the holiday years the
/// administrator loaded.
public struct ReviewWorkflow: Sendable {
    /// The store.
    public let store: any ReviewWorkflowStore
    /// Units, to check communes and expand a unit into recorded commune codes.
    public let catalog: AdminUnitCatalog
    /// `review.*` settings.
    public let settings: ReviewSettings
    /// The access policy on the catalog, kept so that its unit expansions are computed once.
    public let policy: AccessPolicy

    /// Creates a workflow.
    public init(store: any ReviewWorkflowStore, catalog: AdminUnitCatalog = .shared, settings: ReviewSettings = .standard) {
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.policy = AccessPolicy(catalog: catalog)
    }

    /// The environment of the steps, with the holiday years stored by the administrator.
    public func environment() throws -> ReviewEnvironment {
        ReviewEnvironment(settings: settings, calendar: WorkingDayCalendar(holidays: try store.holidayCalendar()))
    }

    /// The actors of a user's assignments valid on `day`.
    public func actors(account: String, assignments: [Assignment], on day: CivilDate) -> [ReviewActor] {
        assignments.filter { $0.isValid(on: day) }.map { ReviewActor(account: account, assignment: $0, policy: policy) }
    }

    /// The actor to use for `action` on `commune`: the first whose role may take it there, else
    /// the first at all (so the Review module's refusal names the reason).
    public func pick(_ actors: [ReviewActor], for action: ReviewAction, chain: ApprovalChain, commune: String? = nil) -> ReviewActor? {
        actors.first { a in
            guard let role = a.role, action.roles(chain).contains(role) else { return false }
            return commune.map { a.covers(commune: $0) || a.villageKeys != nil } ?? true
        } ?? actors.first
    }

    // MARK: Rounds

    /// The campaign (`RS-…`) or monthly batch (`RT-…`) of an id, as a round.
    public func round(_ id: String) throws -> ReviewRound {
        if let c = try store.campaign(id: id) { return c.round(settings: settings) }
        if let b = try store.batch(id: id) { return b.round() }
        throw ReviewError.notFound("đợt rà soát \(id)")
    }

    /// A commune's name in the list its chain uses.
    public func communeName(_ code: String, chain: ApprovalChain) -> String {
        let legacy = catalog.commune(code: code, in: .legacy)
        let current = catalog.commune(code: code)
        return (chain == .threeTier ? legacy ?? current : current ?? legacy)?.name ?? code
    }

    /// The commune codes households of a commune may be recorded under (the 2025 code and the
    /// legacy communes converted into it).
    public func recordedCodes(_ commune: String) -> Set<String> {
        catalog.recordedCommuneCodes(under: commune) ?? [commune]
    }

    /// The communes of a campaign's province in the list of its chain.
    public func communes(of campaign: Campaign) -> [String] {
        if campaign.chain == .threeTier {
            return catalog.list(.legacy).communes.filter { $0.provinceCode == campaign.provinceCode }.map(\.code)
        }
        return catalog.communesOfProvince(campaign.provinceCode).map(\.code)
    }

    /// Throws unless `commune` belongs to the round (the campaign's province, the batch's commune).
    func checkCommune(_ commune: String, in round: ReviewRound) throws {
        if round.kind == .regular {
            guard try store.batch(id: round.id)?.communeCode == commune else {
                throw ReviewError.notFound("xã \(commune) trong đợt \(round.id)")
            }
            return
        }
        let edition: AdminUnitEdition = round.chain == .threeTier ? .legacy : .reform2025
        guard catalog.commune(code: commune, in: edition)?.provinceCode == round.provinceCode else {
            throw ReviewError.notFound("xã \(commune) trong đợt \(round.id)")
        }
    }

    /// The dossier of a commune in a round (read only).
    public func dossier(round id: String, commune: String) throws -> CommuneDossier {
        let r = try round(id)
        try checkCommune(commune, in: r)
        return try store.dossier(round: r, communeCode: commune, communeName: communeName(commune, chain: r.chain))
    }

    /// Runs a step on a commune's dossier inside one store transaction.
    public func step<T>(round id: String, commune: String, context: AccessContext,
                        _ body: (inout CommuneDossier, ReviewEnvironment) throws -> T) throws -> T {
        let r = try round(id)
        try checkCommune(commune, in: r)
        let env = try environment()
        return try store.withDossier(round: r, communeCode: commune, communeName: communeName(commune, chain: r.chain), context: context) { d in
            try body(&d, env)
        }
    }

    /// Step 1: in a campaign, every household of the commune that is poor or near-poor on the
    /// listing day, and the households recognised as agricultural with average living standard
    /// since the previous campaign (`review.avg_agri.in_periodic_list`, valid until the next
    /// periodic decision); in both kinds of round, the requests routed to it not yet listed (a
    /// monthly batch reviews only what was asked, review.md §4).
    public func listCurrent(round id: String, commune: String, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> BatchResult {
        let day = LocalTime.day(now)
        let codes = recordedCodes(commune)
        let periodic = try round(id).kind == .periodic
        let current = periodic ? try store.listingCandidates(communeCodes: codes, on: day, classes: [.poor, .nearPoor], householdCodes: nil) : []
        let pending = try store.requests(communeCode: commune, received: nil).filter { $0.roundID == id && $0.type != .withdrawal }
        return try step(round: id, commune: commune, context: context) { d, _ in
            var result = current.isEmpty ? BatchResult() : try d.list(current, source: .currentList, by: actor, at: now)
            if periodic && settings.avgAgriInPeriodicList {
                let since = CivilDate(year: d.round.year - 1, month: 12, day: 15)
                let codes = Set(try store.recognisedAverageAgri(communeCode: commune).filter { ($0.validFrom ?? since) >= since }.map(\.householdCode))
                    .subtracting(current.map(\.householdCode))
                if !codes.isEmpty {
                    let agri = try store.listingCandidates(communeCodes: recordedCodes(commune), on: day, classes: nil,
                                                           householdCodes: codes.sorted()).map { c -> ListingCandidate in
                        var c = c
                        c.avgAgri = true
                        return c
                    }
                    let more = try d.list(agri, source: .avgAgri, by: actor, at: now)
                    result.moved += more.moved
                    result.skipped += more.skipped
                }
            }
            for r in pending where d.cases[r.householdCode].map({ !$0.requestIDs.contains(r.id) }) ?? true {
                let c = try store.listingCandidates(communeCodes: codes, on: day, classes: nil, householdCodes: [r.householdCode])
                let more = try d.list(c, source: r.type == .communeInitiated ? .communeInitiated : .request, request: r, by: actor, at: now)
                result.moved += more.moved
                result.skipped += more.skipped
            }
            return result
        }
    }

    /// A new Phiếu B for a household, prefilled from the registry (audited read): the roster
    /// snapshot, the household facts, the region's B1 table, and B2 answers as the registry facts
    /// give them (the reviewer confirms or changes each).
    public func surveyTemplate(round id: String, commune: String, householdCode: String, reviewer: String, at now: Date,
                               context: AccessContext) throws -> Survey {
        let r = try round(id)
        try checkCommune(commune, in: r)
        guard let stored = try store.household(code: householdCode, context: context) else { throw StoreError.householdNotFound(code: householdCode) }
        let h = stored.household
        let env = try environment()
        let engine = try env.engine(r.standardID)
        let region = catalog.region(ofCommune2025: commune) ?? catalog.region(ofLegacyCommune: commune)
        let table = env.scoringTables.first { $0.applies(standardID: r.standardID, area: h.areaType, region: region) }
        let c = engine.classify(h.engineFacts(members: stored.members, reviewYear: r.year))
        var b2: [IndicatorID: B2Answer] = [:]
        for id in engine.standard.indicatorIDs {
            b2[id] = c.deprived.contains(id) ? .deprived : c.unknown.contains(id) ? .unknown : .notDeprived
        }
        let head = stored.members.first { $0.relation == .head }
        return Survey(id: "", roundID: r.id, householdCode: householdCode, version: 0, date: LocalTime.day(now), reviewer: reviewer,
                      respondent: Respondent(name: head?.fullName ?? "", relation: .head), standardID: r.standardID, area: h.areaType,
                      region: region, scoringTableID: table?.id, b1Typed: table == nil ? h.incomeScore : nil, b2: b2,
                      roster: stored.members.map(RosterMember.init), household: SurveyHouseholdFacts(h), referenceDate: r.referenceDate)
    }

    /// A household's timeline across years (R9 E) with its transitions' decisions.
    public func timeline(householdCode: String, through year: Int) throws -> [TimelineYear] {
        let statuses = try store.statusRecords(householdCode: householdCode)
        return HouseholdTimeline.build(householdCode: householdCode, statuses: statuses, scores: try store.surveyScores(householdCode: householdCode),
                                       through: year)
    }
}
