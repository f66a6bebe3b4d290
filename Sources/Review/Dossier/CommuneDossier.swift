import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// Everything one commune records in one campaign or monthly batch (hồ sơ rà soát của xã trong
/// đợt): its households' cases and every record of the six steps, with the methods that take
/// each step under review.md's guards.
///
/// A value: the store loads it, a step changes it (or throws and changes nothing), the store
/// writes back what changed in one transaction. Records the steps produce for the registry —
/// status records, transitions — are appended to ``newStatusRecords`` and ``newTransitions``.
public struct CommuneDossier: Sendable, Hashable {
    /// The round.
    public var round: ReviewRound
    /// Commune code and name (for printed residences).
    public var communeCode: String, communeName: String
    /// The commune plan (periodic), with the reviewers per village.
    public var plan: ReviewPlan?
    /// Cases by household code.
    public var cases: [String: HouseholdCase] = [:]
    /// Requests routed to this round, by id.
    public var requests: [String: ReviewRequest] = [:]
    /// Phiếu A by id.
    public var quickIDs: [String: QuickIdentification] = [:]
    /// Phiếu B versions by id.
    public var surveys: [String: Survey] = [:]
    /// Meeting minutes by id.
    public var meetings: [String: MeetingMinutes] = [:]
    /// Posting notices by id.
    public var postings: [String: PostingNotice] = [:]
    /// Complaints by id.
    public var complaints: [String: Complaint] = [:]
    /// Re-checks by id.
    public var rechecks: [String: Recheck] = [:]
    /// Consultations by id.
    public var consultations: [String: Consultation] = [:]
    /// Decisions by id.
    public var decisions: [String: RecognitionDecision] = [:]
    /// Avg-agri identifications by id (monthly batches, review.md §5).
    public var avgAgri: [String: AverageAgriDetermination] = [:]
    /// Low-income-worker identifications by id (review.md §7).
    public var lowIncome: [String: LowIncomeWorkerDetermination] = [:]
    /// Open certificates of the commune's households by household code (loaded across rounds).
    public var certificates: [String: Certificate] = [:]
    /// Next certificate sequence in the commune and standard period.
    public var nextCertificateSequence = 1
    /// Decision numbers already used by the commune this year (never reused).
    public var usedDecisionNumbers: Set<String> = []
    /// Status records produced by decisions, to append to the registry.
    public var newStatusRecords: [StatusRecord] = []
    /// Transitions produced by decisions.
    public var newTransitions: [TransitionRecord] = []

    /// An empty dossier.
    public init(round: ReviewRound, communeCode: String, communeName: String = "", plan: ReviewPlan? = nil) {
        self.round = round
        self.communeCode = communeCode
        self.communeName = communeName
        self.plan = plan
    }

    /// The case of a household, or a not-found error.
    public func requireCase(_ householdCode: String) throws -> HouseholdCase {
        guard let c = cases[householdCode] else { throw ReviewError.notFound("hộ \(householdCode) trong đợt \(round.id)") }
        return c
    }

    /// Locked versions of a household, oldest first.
    public func lockedSurveys(of householdCode: String) -> [Survey] {
        surveys.values.filter { $0.householdCode == householdCode && $0.state == .locked }.sorted { $0.version < $1.version }
    }

    /// All versions of a household, oldest first.
    public func surveyVersions(of householdCode: String) -> [Survey] {
        surveys.values.filter { $0.householdCode == householdCode }.sorted { $0.version < $1.version }
    }

    /// Persons of a household on its latest locked form (0 when none).
    public func persons(_ householdCode: String) -> Int {
        lockedSurveys(of: householdCode).last?.persons ?? 0
    }

    /// A new record id with `prefix` and the next number among `existing`.
    func nextID(_ prefix: String, _ existing: Int) -> String {
        "\(prefix)-\(round.id)-\(communeCode)-\(existing + 1)"
    }

    // MARK: Step 1 — listing

    /// Row 1: lists each candidate (current list, avg-agri households, or a request's
    /// household), skipping those not active in the commune or already in the round.
    public mutating func list(_ candidates: [ListingCandidate], source: ListingSource, request: ReviewRequest? = nil,
                              by actor: ReviewActor, at now: Date) throws -> BatchResult {
        try round.requireSteps()
        try ReviewAuthority.check(.list, actor, chain: round.chain, commune: communeCode)
        var result = BatchResult()
        for c in candidates {
            if !c.activeInCommune {
                result.skip("not_active", c.householdCode, "Hộ không còn hoạt động hoặc không thuộc xã \(communeCode)")
                continue
            }
            if var existing = cases[c.householdCode] {
                if let request, !existing.state.isTerminal, !existing.requestIDs.contains(request.id) {
                    existing.requestIDs.append(request.id)
                    existing.requestType = request.type
                    cases[c.householdCode] = existing
                }
                result.skip("already_listed", c.householdCode, "Hộ đã có trong đợt \(round.id) (\(existing.state.vietnamese))")
                continue
            }
            var new = HouseholdCase(
                roundID: round.id, communeCode: communeCode, householdCode: c.householdCode, village: c.village, source: source,
                requestIDs: request.map { [$0.id] } ?? [], requestType: request?.type, classAtListing: c.recognisedClass,
                standardAtListing: c.standardID, everPoor: c.everPoor, listedOn: LocalTime.day(now), listedBy: actor.account)
            new.events.append(CaseEvent(at: now, by: actor.account, row: 1, from: nil, to: .listed, note: source.rawValue))
            cases[c.householdCode] = new
            result.moved.append(c.householdCode)
        }
        if let request { requests[request.id] = request }
        return result
    }

    // MARK: Row 14 — withdrawal

    /// Row 14: stops reviewing a household for one of the allowed reasons.
    public mutating func withdraw(_ householdCode: String, reason: WithdrawalReason, note: String?, by actor: ReviewActor, at now: Date) throws {
        var c = try requireCase(householdCode)
        try CaseTransition.withdraw.authorise(actor, case: c, village: c.village, round: round, commune: communeCode)
        c.withdrawal = reason
        c.move(to: .withdrawn, row: 14, by: actor.account, at: now, note: note ?? reason.rawValue)
        cases[householdCode] = c
    }

    /// Counts of cases per state (R10).
    public var stateCounts: [CaseState: Int] {
        var counts: [CaseState: Int] = [:]
        for c in cases.values { counts[c.state, default: 0] += 1 }
        return counts
    }
}
