import Foundation
import Registry
import Review
import Store
import VietnameseText

extension ReviewWorkflow {
    /// What the daily job did.
    public struct DailyJobReport: Sendable, Hashable {
        /// Campaigns opened at their window start.
        public var campaignsOpened: [String] = []
        /// Households whose posting closed (row 9), by round.
        public var postingsClosed = 0
        /// Consultations marked `no_opinion_received`.
        public var silenceApplied = 0
        /// Batches closed because every case is terminal.
        public var batchesClosed: [String] = []
        /// Alerts open after the run.
        public var openAlerts = 0
    }

    /// The daily job (06:00, review.md §3.2) as the system: opens planned campaigns whose window
    /// started, closes postings whose end passed, applies the consultation silence rule, closes
    /// monthly batches whose cases are all terminal, and raises or closes the deadline alerts.
    public func runDailyJob(at now: Date, context: AccessContext) throws -> DailyJobReport {
        var report = DailyJobReport()
        let today = LocalTime.day(now)
        for campaign in try store.campaigns(provinceCode: nil) where !campaign.imported && campaign.state != .closed {
            var c = campaign
            if c.state == .planned && today >= c.window.start {
                try store.updateCampaign(id: c.id, context: context) { try $0.open(by: .system, at: now) }
                c.state = .open
                report.campaignsOpened.append(c.id)
            }
            guard c.acceptsHouseholdSteps else { continue }
            try closeAndWait(round: c.round(settings: settings), report: &report, now: now, context: context)
            try raiseAlerts(c, today: today, report: &report, context: context)
        }
        for b in try store.openBatches() {
            try closeAndWait(round: b.round(), report: &report, now: now, context: context)
            let d = try store.dossier(round: b.round(), communeCode: b.communeCode, communeName: "")
            let identificationsDone = d.avgAgri.values.allSatisfy { $0.state.isTerminal } && d.lowIncome.values.allSatisfy { $0.state.isTerminal }
            if !d.cases.isEmpty && d.cases.values.allSatisfy({ $0.state.isTerminal }) && identificationsDone && !d.decisions.isEmpty {
                try store.updateBatch(id: b.id, context: context) { $0.state = .closed }
                report.batchesClosed.append(b.id)
            }
        }
        return report
    }

    func closeAndWait(round: ReviewRound, report: inout DailyJobReport, now: Date, context: AccessContext) throws {
        for commune in try store.dossierCommunes(roundID: round.id) {
            let (closed, silent) = try step(round: round.id, commune: commune, context: context) { d, _ in
                (try d.closePostings(by: .system, at: now).moved.count + d.closeIdentificationPostings(at: now),
                 d.applySilenceRule(today: LocalTime.day(now)).count)
            }
            report.postingsClosed += closed
            report.silenceApplied += silent
        }
    }

    func raiseAlerts(_ campaign: Campaign, today: CivilDate, report: inout DailyJobReport, context: AccessContext) throws {
        let round = campaign.round(settings: settings)
        let plans = try store.plans(campaignID: campaign.id)
        let provincePlan = plans.first { $0.level == .province }
        var items: [DeadlineStatus] = []
        let withDossier = Set(try store.dossierCommunes(roundID: campaign.id))
        for commune in communes(of: campaign) {
            var d = withDossier.contains(commune) ? try store.dossier(round: round, communeCode: commune, communeName: "")
                : CommuneDossier(round: round, communeCode: commune)
            d.plan = plans.first { $0.level == .commune && $0.unitCode == commune }
            items += d.deadlineStatuses(parentUnitCode: campaign.provinceCode, parentPlan: provincePlan, settings: settings)
        }
        let existing = try store.alerts(roundID: campaign.id)
        let alerts = AlertJob.run(today: today, items: items, existing: existing, settings: settings)
        let changed = alerts.filter { a in existing.first { $0.id == a.id } != a }
        if !changed.isEmpty { try store.saveAlerts(changed, context: context) }
        report.openAlerts += alerts.filter(\.isOpen).count
    }
}
