import Access
import PovertyStandard
import Foundation
import Registry
import Testing
import VietnameseText
@testable import Review

@Suite("Monthly regular review, alerts and the special identifications (rà soát thường xuyên)")
struct RegularReviewTests {
    typealias F = Fixture

    @Test("A request joins the batch of its month up to the 14th, else the next month's")
    func batchMonth() {
        #expect(RegularCalendar.batchMonth(receivedOn: F.day(14, 3, 2026)) == (2026, 3))
        #expect(RegularCalendar.batchMonth(receivedOn: F.day(15, 3, 2026)) == (2026, 4))
        #expect(RegularCalendar.batchMonth(receivedOn: F.day(20, 12, 2026)) == (2027, 1))
        #expect(RegularCalendar.batchMonth(receivedOn: F.day(1, 1, 2027)) == (2027, 1))
    }

    @Test("Between the window start and the commune's periodic posting a request folds into the campaign")
    func routing() throws {
        var c = try Campaign.create(provinceCode: "42", year: 2026, by: .system, at: F.at(1, 8, 2026))
        c.state = .open
        #expect(RegularCalendar.route(receivedOn: F.day(10, 9, 2026), campaign: c, periodicPostingStart: nil) == .campaign("RS-42-2026"))
        #expect(RegularCalendar.route(receivedOn: F.day(10, 11, 2026), campaign: c, periodicPostingStart: F.day(4, 11, 2026))
                == .batch(year: 2026, month: 11))
        #expect(RegularCalendar.route(receivedOn: F.day(20, 8, 2026), campaign: c, periodicPostingStart: nil) == .batch(year: 2026, month: 9))
        var off = ReviewSettings()
        off.regularFoldIntoCampaign = false
        #expect(RegularCalendar.route(receivedOn: F.day(10, 9, 2026), campaign: c, periodicPostingStart: nil, settings: off) == .batch(year: 2026, month: 9))
    }

    @Test("Years and months from people and programs are checked before they become dates")
    func boundedPeriods() throws {
        #expect(try RegularCalendar.firstDay(year: 2026, month: 3) == F.day(1, 3, 2026))
        for (y, m) in [(2026, 0), (2026, 13), (1999, 5), (2101, 1), (Int.max, 1)] {
            #expect(throws: ReviewError.self) { _ = try RegularCalendar.firstDay(year: y, month: m) }
        }
        #expect(throws: ReviewError.self) { _ = try Campaign.create(provinceCode: "42", year: 99_999, by: .system, at: Date()) }
        #expect(throws: ReviewError.self) {
            _ = try MonthlyBatch.open(communeCode: F.commune, provinceCode: "42", year: 2026, month: 13, by: .system, at: Date(), environment: F.env, imported: true)
        }
        #expect(MonthlyReport.draft(unitCode: F.commune, level: .commune, year: 2026, month: 0, figures: MonthlyFigures()) == nil)
        var a = AverageAgriDetermination(id: "A", roundID: "RT", communeCode: F.commune, householdCode: "H1", requestID: nil, currentClass: .notPoor,
                                         standardID: "ND07-2022", area: .rural)
        #expect(throws: ReviewError.self) {
            try a.determine(members: 3, incomes: [.crops: Int.max, .wages: Int.max], socialAssistance: 0, by: F.vil, on: F.day(16, 3, 2026),
                            round: F.round(kind: .regular), settings: .standard)
        }
    }

    @Test("Monthly reports: due on the 5th (commune) and 10th (next level), February to September, covering the previous month")
    func reportDates() {
        let periods = RegularCalendar.reportPeriods(year: 2026)
        #expect(periods.map(\.month) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(RegularCalendar.reportDue(year: 2026, month: 1, level: .commune) == F.day(5, 2, 2026))
        #expect(RegularCalendar.reportDue(year: 2026, month: 8, level: .commune) == F.day(5, 9, 2026))
        #expect(RegularCalendar.reportDue(year: 2026, month: 8, level: .province) == F.day(10, 9, 2026))
        #expect(RegularCalendar.reportDue(year: 2026, month: 9, level: .commune) == nil)
        #expect(RegularCalendar.reportDue(year: 2026, month: 12, level: .commune) == nil)
        #expect(MonthlyReport.draft(unitCode: F.commune, level: .commune, year: 2026, month: 10, figures: MonthlyFigures()) == nil)
    }

    @Test("A monthly batch opens from the 15th; its survey is due 7 working days later")
    func batchOpen() throws {
        #expect(throws: ReviewError.self) {
            _ = try MonthlyBatch.open(communeCode: F.commune, provinceCode: "42", year: 2026, month: 3, by: F.com, at: F.at(14, 3, 2026), environment: F.env)
        }
        #expect(throws: ReviewError.self) {
            _ = try MonthlyBatch.open(communeCode: F.commune, provinceCode: "42", year: 2026, month: 3, by: F.vil, at: F.at(16, 3, 2026), environment: F.env)
        }
        let b = try MonthlyBatch.open(communeCode: F.commune, provinceCode: "42", year: 2026, month: 3, by: F.com, at: F.at(16, 3, 2026), environment: F.env)
        #expect(b.start == F.day(15, 3, 2026))
        #expect(b.surveyDue == F.day(24, 3, 2026))   // Sunday 15/3: 16–20, 23, 24
        #expect(!b.requiresMeeting && !b.requiresConsultation)
        #expect(try RegularCalendar.decisionDue(postingLastDay: F.day(27, 3, 2026), environment: F.env) == F.day(1, 4, 2026))
    }

    @Test("Monthly report: draft → submitted → returned (reason) → submitted → accepted; nil report; reconciliation blocks")
    func reportStates() throws {
        var r = try #require(MonthlyReport.draft(unitCode: F.commune, level: .commune, year: 2026, month: 3, figures: MonthlyFigures()))
        #expect(r.nilReport)
        #expect(r.dueDate == F.day(5, 4, 2026))
        #expect(throws: ReviewError.self) { try r.submit(by: F.com, today: F.day(3, 4, 2026), reconciliation: []) }
        let bad = [UnitDiscrepancy(unitCode: F.commune, recognisedClass: .poor, start: 3, inflow: 0, outflow: 0, end: 2, households: [])]
        #expect(throws: ReviewError.self) { try r.submit(by: F.cld, today: F.day(3, 4, 2026), reconciliation: bad) }
        try r.submit(by: F.cld, today: F.day(3, 4, 2026), reconciliation: [])
        #expect(r.onTime == true)
        #expect(throws: ReviewError.self) { try r.review(accept: false, reason: "", by: F.prv, today: F.day(6, 4, 2026)) }
        #expect(throws: ReviewError.self) { try r.review(accept: true, reason: nil, by: F.actor(.district), today: F.day(6, 4, 2026)) }
        try r.review(accept: false, reason: "Thiếu số liệu", by: F.prv, today: F.day(6, 4, 2026))
        #expect(r.state == .returned)
        try r.submit(by: F.cld, today: F.day(7, 4, 2026), reconciliation: [])
        #expect(r.onTime == false)
        try r.review(accept: true, reason: nil, by: F.prv, today: F.day(8, 4, 2026))
        #expect(r.state == .accepted)
        // Three-tier months report to the district.
        var old = try #require(MonthlyReport.draft(unitCode: F.commune, level: .commune, year: 2025, month: 2, figures: MonthlyFigures()))
        try old.submit(by: F.cld, today: F.day(5, 3, 2025), reconciliation: [])
        #expect(throws: ReviewError.self) { try old.review(accept: true, reason: nil, by: F.prv, today: F.day(6, 3, 2025)) }
        try old.review(accept: true, reason: nil, by: F.actor(.district), today: F.day(6, 3, 2025))
    }

    @Test("Alerts: due soon within 5 days, overdue the day after, escalated to the parent after 7 days overdue, closed when done")
    func alerts() {
        let s = ReviewSettings.standard
        func status(complete: Bool = false) -> DeadlineStatus {
            DeadlineStatus(roundID: "RS-42-2026", unitCode: F.commune, parentUnitCode: "42", item: "survey_done", dueDate: F.day(31, 10, 2026), complete: complete)
        }
        #expect(AlertJob.run(today: F.day(25, 10, 2026), items: [status()], existing: [], settings: s).isEmpty)
        var alerts = AlertJob.run(today: F.day(26, 10, 2026), items: [status()], existing: [], settings: s)
        #expect(alerts.map(\.level) == [.dueSoon])
        alerts = AlertJob.run(today: F.day(31, 10, 2026), items: [status()], existing: alerts, settings: s)
        #expect(alerts.map(\.level) == [.dueSoon])
        alerts = AlertJob.run(today: F.day(1, 11, 2026), items: [status()], existing: alerts, settings: s)
        #expect(alerts.map(\.level) == [.overdue])
        alerts = AlertJob.run(today: F.day(7, 11, 2026), items: [status()], existing: alerts, settings: s)
        #expect(alerts.count == 1)
        alerts = AlertJob.run(today: F.day(8, 11, 2026), items: [status()], existing: alerts, settings: s)
        #expect(alerts.count == 2)
        let up = alerts.first { $0.unitCode == "42" }
        #expect(up?.level == .escalated)
        #expect(up?.escalatedFrom == F.commune)
        var mine = alerts.first { $0.unitCode == F.commune }!
        #expect(throws: ReviewError.self) { try AlertJob.acknowledge(&mine, by: F.vil, at: F.at(8, 11, 2026), chain: .twoTier) }
        try? AlertJob.acknowledge(&mine, by: F.com, at: F.at(8, 11, 2026), chain: .twoTier)
        #expect(mine.acknowledgedBy == "com")
        alerts = AlertJob.run(today: F.day(9, 11, 2026), items: [status(complete: true)], existing: alerts, settings: s)
        #expect(alerts.allSatisfy { $0.closedOn == F.day(9, 11, 2026) })
    }

    @Test("Avg-agri households: income by source minus social assistance, the ND07 band, the 50% share")
    func averageAgri() throws {
        let round = F.round(kind: .regular)
        var a = AverageAgriDetermination(id: "TB1", roundID: round.id, communeCode: F.commune, householdCode: "H1", requestID: nil,
                                         currentClass: .notPoor, standardID: "ND07-2022", area: .rural)
        // (30M crops + 40M livestock + 10M wages + 6M assistance − 6M) / 4 / 12 = 1.666.666
        try a.determine(members: 4, incomes: [.crops: 30_000_000, .livestock: 40_000_000, .wages: 10_000_000, .other: 6_000_000],
                        socialAssistance: 6_000_000, by: F.vil, on: F.day(16, 3, 2026), round: round, settings: .standard)
        #expect(a.perCapitaMonthly == 1_666_666)
        #expect(a.qualifies == true)
        var wagesOnly = a
        try wagesOnly.determine(members: 4, incomes: [.crops: 20_000_000, .wages: 60_000_000], socialAssistance: 0, by: F.vil,
                                on: F.day(16, 3, 2026), round: round, settings: .standard)
        #expect(wagesOnly.qualifies == false)   // 25% agricultural
        var rich = a
        try rich.determine(members: 2, incomes: [.crops: 80_000_000], socialAssistance: 0, by: F.vil, on: F.day(16, 3, 2026), round: round, settings: .standard)
        #expect(rich.qualifies == false)        // 3.333.333 > 2.250.000
        var poor = a
        poor.currentClass = .poor
        try poor.determine(members: 4, incomes: [.crops: 80_000_000], socialAssistance: 0, by: F.vil, on: F.day(16, 3, 2026), round: round, settings: .standard)
        #expect(poor.qualifies == false)
        var nd351 = AverageAgriDetermination(id: "TB2", roundID: round.id, communeCode: F.commune, householdCode: "H2", requestID: nil,
                                             currentClass: .notPoor, standardID: "ND351-2027", area: .rural)
        #expect(throws: ReviewError.self) {
            try nd351.determine(members: 4, incomes: [.crops: 80_000_000], socialAssistance: 0, by: F.vil, on: F.day(16, 3, 2026), round: round, settings: .standard)
        }
        try a.post(start: F.at(17, 3, 2026), workingDays: 3, calendar: WorkingDayCalendar())
        let early = a.closePosting(at: F.at(20, 3, 2026))
        #expect(!early)
        let closed = a.closePosting(at: F.at(21, 3, 2026))
        #expect(closed)
        #expect(throws: ReviewError.self) { try a.decide(decision: "40/QĐ-UBND", effective: F.day(23, 3, 2026), by: F.com, round: round) }
        try a.decide(decision: "40/QĐ-UBND", effective: F.day(23, 3, 2026), by: F.cld, round: round)
        #expect(a.state == .recognised)
    }

    @Test("Identifications in a monthly batch: determined in the reviewer's village, posted, closed by the system, decided by CLD")
    func identificationsInBatch() throws {
        var d = F.dossier(kind: .regular)
        let env = F.env
        #expect(throws: ReviewError.self) {   // another village
            try d.determineAverageAgri(householdCode: "H1", village: F.otherVillage, currentClass: .notPoor, area: .rural, members: 3,
                                       incomes: [.crops: 70_000_000], socialAssistance: 0, by: F.vil, at: F.at(16, 3, 2026), settings: env.settings)
        }
        let a = try d.determineAverageAgri(householdCode: "H1", village: F.village, currentClass: .notPoor, area: .rural, members: 3,
                                           incomes: [.crops: 70_000_000], socialAssistance: 0, by: F.vil, at: F.at(16, 3, 2026), settings: env.settings)
        #expect(a.qualifies == true)
        var periodic = F.dossier()
        #expect(throws: ReviewError.self) {   // monthly only
            try periodic.determineAverageAgri(householdCode: "H1", village: F.village, currentClass: .notPoor, area: .rural, members: 3,
                                              incomes: [.crops: 70_000_000], socialAssistance: 0, by: F.vil, at: F.at(16, 3, 2026), settings: env.settings)
        }
        #expect(throws: ReviewError.self) { _ = try d.postIdentifications(start: F.at(17, 3, 2026), by: F.vil, at: F.at(17, 3, 2026), environment: env) }
        #expect(try d.postIdentifications(start: F.at(17, 3, 2026), by: F.com, at: F.at(17, 3, 2026), environment: env).moved == [a.id])
        #expect(d.closeIdentificationPostings(at: F.at(20, 3, 2026)) == 0)
        #expect(d.closeIdentificationPostings(at: F.at(21, 3, 2026)) == 1)
        #expect(throws: ReviewError.self) {
            _ = try d.decideIdentifications(number: "40/QĐ-UBND", date: F.day(23, 3, 2026), signer: "Chủ tịch", by: F.com, at: F.at(23, 3, 2026), environment: env)
        }
        let r = try d.decideIdentifications(number: "40/QĐ-UBND", date: F.day(23, 3, 2026), signer: "Chủ tịch", by: F.cld, at: F.at(23, 3, 2026), environment: env)
        #expect(r.moved == [a.id])
        #expect(d.avgAgri[a.id]?.state == .recognised && d.avgAgri[a.id]?.validFrom == F.day(23, 3, 2026))
        #expect(d.decisions[r.recordID!]?.subject != nil)
        #expect(d.usedDecisionNumbers.contains(CommuneDossier.numberKey("40/QĐ-UBND", year: 2026)))
    }

    @Test("Low-income workers: working age, household neither poor nor near-poor, income at or below the line; module off refuses")
    func lowIncome() throws {
        let round = F.round(kind: .regular)
        let nd07 = try StandardCatalogFixture.nd07()
        var p = LowIncomeWorkerDetermination(id: "L1", roundID: round.id, communeCode: F.commune, householdCode: "H1", memberNo: 2,
                                             standardID: "ND07-2022", area: .rural)
        #expect(throws: ReviewError.self) {
            try p.check(householdClass: .notPoor, perCapitaIncome: 2_000_000, age: 30, standard: nd07, enabled: false, by: F.vil, on: F.day(16, 3, 2026), round: round)
        }
        try p.check(householdClass: .notPoor, perCapitaIncome: 2_250_000, age: 30, standard: nd07, enabled: true, by: F.vil, on: F.day(16, 3, 2026), round: round)
        #expect(p.qualifies == true)
        try p.check(householdClass: .notPoor, perCapitaIncome: 2_250_001, age: 30, standard: nd07, enabled: true, by: F.vil, on: F.day(16, 3, 2026), round: round)
        #expect(p.qualifies == false)
        try p.check(householdClass: .nearPoor, perCapitaIncome: 1_000_000, age: 30, standard: nd07, enabled: true, by: F.vil, on: F.day(16, 3, 2026), round: round)
        #expect(p.qualifies == false)
        try p.check(householdClass: .average, perCapitaIncome: 1_000_000, age: 70, standard: nd07, enabled: true, by: F.vil, on: F.day(16, 3, 2026), round: round)
        #expect(p.qualifies == false)
    }

    @Test("Transitions and the household timeline across years, with re-entry after escape")
    func timeline() {
        let t0 = Date(timeIntervalSince1970: 0)
        let records = [
            StatusRecord(householdCode: "H1", effectiveDate: F.day(14, 12, 2021), recognisedClass: .poor, standardID: "QD59-2016", source: .imported, decision: "90/QĐ-UBND", recordedAt: t0, recordedBy: "x"),
            StatusRecord(householdCode: "H1", effectiveDate: F.day(10, 12, 2022), recognisedClass: .poor, standardID: "ND07-2022", source: .imported, decision: "91/QĐ-UBND", recordedAt: t0, recordedBy: "x"),
            StatusRecord(householdCode: "H1", effectiveDate: F.day(10, 12, 2023), recognisedClass: .notPoor, standardID: "ND07-2022", source: .imported, decision: "92/QĐ-UBND", recordedAt: t0, recordedBy: "x"),
            StatusRecord(householdCode: "H1", effectiveDate: F.day(20, 3, 2025), recognisedClass: .poor, standardID: "ND07-2022", source: .regular, decision: "12/QĐ-UBND", recordedAt: t0, recordedBy: "x"),
        ]
        let rows = HouseholdTimeline.build(householdCode: "H1", statuses: records, scores: [.init(year: 2025, b1: 110, b2: 40)], through: 2026)
        #expect(rows.map(\.year) == [2021, 2022, 2023, 2024, 2025, 2026])
        #expect(rows.map(\.flow) == [.newPoor, .unchanged, .escapedPoor, .unchanged, .newPoor, .unchanged])
        #expect(rows[1].standardChanged)
        #expect(rows[4].reentryAfterEscape)
        #expect(!rows[0].reentryAfterEscape)
        #expect(rows[4].b1 == 110 && rows[4].decisions == ["12/QĐ-UBND"])
        let t = TransitionRecord(householdCode: "H1", communeCode: F.commune, village: nil, roundID: "RT", source: .regular, decisionNumber: "12/QĐ-UBND",
                                 decisionDate: F.day(20, 3, 2025), effectiveDate: F.day(20, 3, 2025), from: .notPoor, to: .poor,
                                 standardFrom: "ND07-2022", standardTo: "ND07-2022", everPoor: true)
        #expect(t.flow == .newPoor && t.reentryAfterEscape && !t.standardChanged)
    }

    @Test("The shipped B1 tables are labelled samples; totals add the chosen options; wrong answers name the item")
    func scoringTables() throws {
        let tables = ScoringTable.shipped
        #expect(tables.count == 2)
        #expect(tables.allSatisfy { $0.sample && $0.label.contains("MẪU") && $0.standardID == "ND07-2022" })
        let rural = try #require(tables.first { $0.area == .rural })
        #expect(rural.applies(standardID: "ND07-2022", area: .rural, region: .northCentralCoast))
        var answers: [String: [String]] = [:]
        for item in rural.items where item.kind == .single { answers[item.id] = [item.options[0].id] }
        answers["assets"] = ["motorbike", "tv"]
        let expected = rural.items.filter { $0.kind == .single }.map { $0.options[0].points }.reduce(0, +) + 15
        #expect(try rural.total(answers) == expected)
        answers["dwelling"] = []
        #expect(throws: ReviewError.self) { try rural.total(answers) }
        answers["dwelling"] = ["palace"]
        #expect(throws: ReviewError.self) { try rural.total(answers) }
        // A survey scored by the table.
        var s = Fixture.survey("H1", score: nil, deprived: 4)
        s.scoringTableID = rural.id
        answers["dwelling"] = ["makeshift"]
        s.b1Answers = answers
        let r = try s.evaluate(engine: Fixture.env.engine("ND07-2022"), table: rural)
        #expect(r.b1Score == expected)
        #expect(r.povertyClass == .poor)
    }
}

enum StandardCatalogFixture {
    static func nd07() throws -> PovertyStandard.Standard { try PovertyStandard.StandardCatalog.shipped.standard(id: "ND07-2022") }
}
