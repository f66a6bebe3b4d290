import Foundation
import PovertyStandard
import Registry
import Review
import VietnameseText

/// The review workflows' system of record (kho hồ sơ rà soát): campaigns, plans, monthly
/// batches, each commune's dossier of a campaign or batch, requests, certificates, transitions,
/// alerts, monthly reports, the holiday calendar and the year outcomes.
///
/// Synchronous and plaintext-facing like ``RegistryStore``, so a PostgreSQL store can implement
/// it later. Every write is one transaction and records an audit entry (roles.md §5). The store
/// enforces immutability itself (review.md §3.5), whatever its caller does: a closed campaign or
/// batch refuses every write to its records; a terminal case, a locked survey, registered
/// minutes and decisions are never changed; a decision number is never used twice by a commune
/// in a year.
public protocol ReviewStore: Sendable {
    // MARK: Campaigns and plans

    /// Stores a new campaign; throws when the province already has one for the year.
    func createCampaign(_ campaign: Campaign, context: AccessContext) throws

    /// A campaign by id.
    func campaign(id: String) throws -> Campaign?

    /// Campaigns of a province (all when `nil`), newest first.
    func campaigns(provinceCode: String?) throws -> [Campaign]

    /// Reads a campaign, lets `body` change it, writes it back audited (one transaction).
    /// Refused when the campaign is closed.
    func updateCampaign<T>(id: String, context: AccessContext, _ body: (inout Campaign) throws -> T) throws -> T

    /// Plans of a campaign.
    func plans(campaignID: String) throws -> [ReviewPlan]

    /// Registers (or replaces, while the campaign is open) the plan of a unit.
    func savePlan(_ plan: ReviewPlan, context: AccessContext) throws

    // MARK: Monthly batches

    /// Stores a new batch; throws when it exists.
    func createBatch(_ batch: MonthlyBatch, context: AccessContext) throws

    /// A batch by id.
    func batch(id: String) throws -> MonthlyBatch?

    /// Batches of a commune, newest first.
    func batches(communeCode: String) throws -> [MonthlyBatch]

    /// Batches still open, in every commune.
    func openBatches() throws -> [MonthlyBatch]

    /// Reads a batch, lets `body` change it, writes it back audited. Refused when closed.
    func updateBatch<T>(id: String, context: AccessContext, _ body: (inout MonthlyBatch) throws -> T) throws -> T

    // MARK: Dossiers

    /// A commune's dossier of a campaign or batch as stored (empty when nothing was recorded).
    func dossier(round: ReviewRound, communeCode: String, communeName: String) throws -> CommuneDossier

    /// Loads the dossier, runs `body` (a review step) and writes back every record it added or
    /// changed — cases, surveys, documents, certificates — with the status records and
    /// transitions it produced, audited, in one transaction; nothing is written when `body` throws.
    func withDossier<T>(round: ReviewRound, communeCode: String, communeName: String, context: AccessContext,
                        _ body: (inout CommuneDossier) throws -> T) throws -> T

    /// Rounds (campaign or batch ids) with a dossier for the commune.
    func dossierRounds(communeCode: String) throws -> [String]

    /// Communes with a dossier in a round.
    func dossierCommunes(roundID: String) throws -> [String]

    // MARK: Requests

    /// Registers a Mẫu 01 request (immutable afterwards), assigning its id when empty.
    func registerRequest(_ request: ReviewRequest, context: AccessContext) throws -> ReviewRequest

    /// Requests of a commune received in a span (all when `nil`), oldest first.
    func requests(communeCode: String, received: DaySpan?) throws -> [ReviewRequest]

    // MARK: Registry side

    /// Households of the commune (recorded under any of `communeCodes`) as listing candidates with
    /// their class on `date`; only `classes` when given, only `householdCodes` when given.
    func listingCandidates(communeCodes: Set<String>, on date: CivilDate, classes: Set<RecognisedClass>?,
                           householdCodes: [String]?) throws -> [ListingCandidate]

    /// Households per class at two dates for each unit (unit code → the commune codes its
    /// households are recorded under), for the reconciliation.
    func unitCounts(units: [String: Set<String>], t0: CivilDate, t1: CivilDate) throws -> [UnitCounts]

    // MARK: Transitions, timeline, year outcomes

    /// Transitions recorded at decisions with an effective date in (`after`, `through`].
    func transitions(communeCodes: Set<String>?, after: CivilDate, through: CivilDate) throws -> [TransitionRecord]

    /// Transitions of one household, oldest first.
    func transitions(householdCode: String) throws -> [TransitionRecord]

    /// B1/B2 of a household's locked surveys per year.
    func surveyScores(householdCode: String) throws -> [HouseholdTimeline.Scores]

    /// Writes the year outcomes of a closing campaign (review.md §6.3): one row per household,
    /// kept forever; returns how many.
    @discardableResult
    func recordYearOutcomes(year: Int, communeCodes: Set<String>, context: AccessContext) throws -> Int

    /// Stored year outcomes of a year.
    func yearOutcomes(year: Int, communeCodes: Set<String>?) throws -> [YearOutcome]

    /// Avg-agri identifications recognised for households of a commune (review.md §5), newest
    /// first: the status the periodic list includes (`review.avg_agri.in_periodic_list`).
    func recognisedAverageAgri(communeCode: String) throws -> [AverageAgriDetermination]

    // MARK: Certificates

    /// Certificates of a household (all periods), oldest first.
    func certificates(householdCode: String) throws -> [Certificate]

    // MARK: Alerts and monthly reports

    /// Alerts shown to units (their own and the copies escalated to them).
    func alerts(unitCodes: Set<String>, openOnly: Bool) throws -> [ReviewAlert]

    /// All alerts of a round (for the daily job).
    func alerts(roundID: String) throws -> [ReviewAlert]

    /// Writes alerts (inserted or updated).
    func saveAlerts(_ alerts: [ReviewAlert], context: AccessContext) throws

    /// A monthly report by id.
    func monthlyReport(id: String) throws -> MonthlyReport?

    /// Monthly reports of units, newest first.
    func monthlyReports(unitCodes: Set<String>) throws -> [MonthlyReport]

    /// Writes a monthly report (insert or update); an accepted report is frozen.
    func saveMonthlyReport(_ report: MonthlyReport, context: AccessContext) throws

    // MARK: Holiday calendar

    /// The shipped calendar with the years the administrator loaded.
    func holidayCalendar() throws -> HolidayCalendar

    /// Stores (replaces) one year of the calendar.
    func saveHolidayYear(_ year: HolidayCalendar.Year, context: AccessContext) throws

    // MARK: History

    /// Loads decisions of past years all or nothing (item 8): per row a status record and its
    /// transition under an imported campaign `RS-{province}-{year}` (created closed, `imported`).
    func importDecisionHistory(_ rows: [DecisionHistoryRow], context: AccessContext) throws -> DecisionHistorySummary
}

/// What a history import wrote.
public struct DecisionHistorySummary: Sendable, Hashable {
    /// Status records and transitions written, rows already present (skipped), campaigns created.
    public var statusRecords: Int, transitions: Int, unchanged: Int, campaignsCreated: [String]

    /// Creates a summary.
    public init(statusRecords: Int, transitions: Int, unchanged: Int, campaignsCreated: [String]) {
        self.statusRecords = statusRecords
        self.transitions = transitions
        self.unchanged = unchanged
        self.campaignsCreated = campaignsCreated
    }
}
