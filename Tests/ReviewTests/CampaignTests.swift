import Access
import Foundation
import Testing
import VietnameseText
@testable import Review

@Suite("The yearly campaign and its plans (đợt rà soát, kế hoạch)")
struct CampaignTests {
    typealias F = Fixture

    func plan(_ campaign: Campaign) -> ReviewPlan {
        ReviewPlan(campaignID: campaign.id, level: .province, unitCode: "42", number: "45/KH-UBND", date: F.day(1, 8, 2026), signer: "Lê Văn Tỉnh")
    }

    @Test("draft → planned → open → consolidating → closed, each by PRV of the province, refused from other states")
    func lifecycle() throws {
        var c = try Campaign.create(provinceCode: "42", year: 2026, by: F.prv, at: F.at(1, 8, 2026))
        #expect(c.state == .draft)
        #expect(throws: ReviewError.self) { try c.open(by: F.prv, at: F.at(2, 8, 2026)) }   // no plan yet
        for role in Role.allCases where role != .province {
            var copy = c
            #expect(throws: ReviewError.self) { try copy.registerProvincePlan(plan(c), by: F.actor(role)) }
        }
        var otherProvince = F.prv
        otherProvince.unitCode = "01"
        #expect(throws: ReviewError.self) { var copy = c; try copy.registerProvincePlan(plan(c), by: otherProvince) }
        try c.registerProvincePlan(plan(c), by: F.prv)
        #expect(c.state == .planned)
        #expect(throws: ReviewError.self) { try c.registerProvincePlan(plan(c), by: F.prv) }
        // The system opens only from the window start; PRV may open earlier.
        #expect(throws: ReviewError.self) { var copy = c; try copy.open(by: .system, at: F.at(31, 8, 2026)) }
        var bySystem = c
        try bySystem.open(by: .system, at: F.at(1, 9, 2026, hour: 6))
        #expect(bySystem.openedBy == "system")
        try c.open(by: F.prv, at: F.at(25, 8, 2026))
        #expect(c.state == .open)
        // Consolidation: refused while a commune has no decision and the window runs.
        #expect(throws: ReviewError.self) { try c.startConsolidation(by: F.prv, today: F.day(1, 12, 2026), communesWithoutDecision: ["18739"]) }
        #expect(throws: ReviewError.self) { try c.startConsolidation(by: F.com, today: F.day(15, 12, 2026), communesWithoutDecision: []) }
        try c.startConsolidation(by: F.prv, today: F.day(15, 12, 2026), communesWithoutDecision: ["18739"])
        #expect(c.state == .consolidating)
        #expect(throws: ReviewError.self) { try c.close(by: F.prv, at: F.at(31, 12, 2026), reconciliation: []) }  // no summary
        try c.registerProvinceSummary(DocumentReference(number: "12/BC-SNNMT", date: F.day(30, 12, 2026), signer: "Giám đốc"), by: F.prv)
        try c.close(by: F.prv, at: F.at(31, 12, 2026), reconciliation: [])
        #expect(c.state == .closed)
    }

    @Test("Closing is refused listing the units that do not reconcile; a closed campaign is frozen")
    func reconciliationAndFrozen() throws {
        var c = try Campaign.create(provinceCode: "42", year: 2026, by: F.prv, at: F.at(1, 8, 2026))
        try c.registerProvincePlan(plan(c), by: F.prv)
        try c.open(by: F.prv, at: F.at(25, 8, 2026))
        try c.startConsolidation(by: F.prv, today: F.day(15, 12, 2026), communesWithoutDecision: [])
        try c.registerProvinceSummary(DocumentReference(number: "12/BC", date: F.day(30, 12, 2026), signer: "GĐ"), by: F.prv)
        let t = TransitionRecord(householdCode: "H1", communeCode: "18739", village: nil, roundID: c.id, source: .periodic,
                                 decisionNumber: "1/QĐ-UBND", decisionDate: F.day(10, 12, 2026), effectiveDate: F.day(10, 12, 2026),
                                 from: .poor, to: .notPoor, standardFrom: "ND07-2022", standardTo: "ND07-2022", everPoor: true)
        // 18739: 10 poor at start, one escaped, but 10 still poor at the end → differs; 18740 balances.
        let counts = [UnitCounts(unitCode: "18739", atStart: [.poor: 10, .nearPoor: 4], atEnd: [.poor: 10, .nearPoor: 4]),
                      UnitCounts(unitCode: "18740", atStart: [.poor: 3], atEnd: [.poor: 3])]
        let differing = Reconciliation.check(counts: counts, transitions: [t])
        #expect(differing.map(\.unitCode) == ["18739"])
        #expect(differing[0].difference == -1)
        do {
            try c.close(by: F.prv, at: F.at(31, 12, 2026), reconciliation: differing)
            Issue.record("closing should be refused")
        } catch let e as ReviewError {
            #expect(e.code == "review.reconciliation")
            #expect(e.message.contains("18739"))
            #expect(!e.message.contains("18740"))
        }
        #expect(c.state == .consolidating)
        let balanced = Reconciliation.check(counts: [UnitCounts(unitCode: "18739", atStart: [.poor: 10], atEnd: [.poor: 9])], transitions: [t])
        try c.close(by: F.prv, at: F.at(31, 12, 2026), reconciliation: balanced)
        #expect(throws: ReviewError.self) { try c.registerProvinceSummary(DocumentReference(number: "13/BC", date: F.day(31, 12, 2026), signer: "GĐ"), by: F.prv) }
        do { try c.requireNotFrozen(); Issue.record("closed campaign must be frozen") } catch let e as ReviewError { #expect(e.code == "review.frozen") }
        // A frozen round refuses every household step.
        var d = CommuneDossier(round: c.round(), communeCode: F.commune)
        #expect(throws: ReviewError.self) { _ = try d.list([F.candidate("H1", .poor)], source: .currentList, by: F.com, at: F.at(31, 12, 2026)) }
    }

    @Test("A lower plan may set earlier dates, never later; no district plan in two-tier")
    func planDates() throws {
        let s = ReviewSettings.standard
        var province = ReviewPlan(campaignID: "RS-42-2026", level: .province, unitCode: "42", number: "1/KH", date: F.day(1, 8, 2026), signer: "A")
        province.dueDates[.surveyDone] = F.day(25, 10, 2026)
        try province.validate(against: nil, chain: .twoTier, year: 2026, settings: s)
        var commune = ReviewPlan(campaignID: "RS-42-2026", level: .commune, unitCode: F.commune, number: "2/KH", date: F.day(20, 8, 2026), signer: "B")
        commune.dueDates[.surveyDone] = F.day(20, 10, 2026)
        try commune.validate(against: province, chain: .twoTier, year: 2026, settings: s)
        commune.dueDates[.surveyDone] = F.day(26, 10, 2026)
        #expect(throws: ReviewError.self) { try commune.validate(against: province, chain: .twoTier, year: 2026, settings: s) }
        commune.dueDates[.surveyDone] = nil
        commune.dueDates[.decision] = F.day(15, 12, 2026)     // after the window end
        #expect(throws: ReviewError.self) { try commune.validate(against: province, chain: .twoTier, year: 2026, settings: s) }
        let district = ReviewPlan(campaignID: "RS-42-2026", level: .district, unitCode: "436", number: "3/KH", date: F.day(20, 8, 2026), signer: "C")
        #expect(throws: ReviewError.self) { try district.validate(against: province, chain: .twoTier, year: 2026, settings: s) }
        try district.validate(against: province, chain: .threeTier, year: 2026, settings: s)
        #expect(commune.dueDate(.surveyDone, parent: province, year: 2026, settings: s) == F.day(25, 10, 2026))
        #expect(commune.dueDate(.meetingsDone, parent: province, year: 2026, settings: s) == F.day(10, 11, 2026))
    }
}
