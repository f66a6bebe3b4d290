import Access
import Foundation
import PovertyStandard
import Registry
import Review
import ReviewWorkflow
import Store
import StoreTestSupport
import Testing
import VietnameseText

/// The review records on a real SQLite file and a real PostgreSQL database (one test body, both
/// backends): dossiers written and read back, the registry's status records from decisions,
/// audit entries, immutability enforced by the store and by the database's triggers, history
/// import, year outcomes and reconciliation inputs.
@Suite("Review store on both backends (kho hồ sơ rà soát)")
struct ReviewStoreTests {
    let com = AccessContext(account: "com", role: "COM", purpose: "review")
    let env = ReviewEnvironment()
    let comActor = ReviewActor(account: "com", role: .commune, unitCode: testCommune, communeCodes: [testCommune])
    let cldActor = ReviewActor(account: "cld", role: .communeLeader, unitCode: testCommune, communeCodes: [testCommune])
    let prvActor = ReviewActor(account: "prv", role: .province, unitCode: "42", communeCodes: [testCommune])

    static func at(_ d: Int, _ m: Int, _ y: Int, hour: Int = 9) -> Date { LocalTime.instant(CivilDate(year: y, month: m, day: d), hour: hour) }

    /// H01 poor since 2025, H02 near-poor since 2025, H03 not poor.
    func registry(_ dir: TempDir, _ backend: StoreBackend) throws -> (TestRegistry, any FullStore) {
        var f = Fixture()
        f.family("H01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", child: "Nguyễn Văn Đức", recognisedClass: "poor", recognisedYear: "2025")
        f.family("H02", head: "Lê Văn Tâm", recognisedClass: "near_poor", recognisedYear: "2025")
        f.family("H03", head: "Phạm Văn Bình")
        let registry = try dir.registry(backend)
        let store = try registry.open()
        let (h, m) = try f.write(dir, "files")
        try importOK(store, h, m)
        return (registry, store)
    }

    /// Runs `sql` on the registry without the store (as its owner) and expects the database's
    /// own refusal, a review trigger's message (`message` in it), not any other error.
    func expectRefused(_ registry: TestRegistry, _ sql: String, containing message: String = "review",
                       sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try registry.execute(sql)
            Issue.record("the database accepted: \(sql)", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }

    func survey(_ store: any FullStore, _ code: String, score: Int, deprived: Int, round: ReviewRound) throws -> Survey {
        let stored = try #require(try store.household(code: code, context: com))
        let ids = try StandardCatalog.shipped.standard(id: "ND07-2022").indicatorIDs
        var b2: [IndicatorID: B2Answer] = [:]
        for (i, id) in ids.enumerated() { b2[id] = i < deprived ? .deprived : .notDeprived }
        return Survey(id: "", roundID: round.id, householdCode: code, version: 0, date: CivilDate(year: 2026, month: 3, day: 17), reviewer: "",
                      respondent: Respondent(name: stored.members[0].fullName, relation: .head), standardID: "ND07-2022", area: .rural,
                      b1Typed: score, b2: b2, roster: stored.members.map(RosterMember.init), household: SurveyHouseholdFacts(stored.household),
                      referenceDate: round.referenceDate)
    }

    @Test("A monthly batch end to end: records persist, decisions write status records and transitions, everything audited", arguments: backends)
    func monthlyBatch(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, store) = try registry(dir, backend)
        let batch = try MonthlyBatch.open(communeCode: testCommune, provinceCode: "42", year: 2026, month: 3, by: comActor,
                                          at: Self.at(16, 3, 2026), environment: env)
        try store.createBatch(batch, context: com)
        #expect(throws: StoreError.self) { try store.createBatch(batch, context: com) }
        let round = batch.round()
        let candidates = try store.listingCandidates(communeCodes: [testCommune], on: CivilDate(year: 2026, month: 3, day: 16),
                                                     classes: [.poor, .nearPoor], householdCodes: nil)
        #expect(candidates.map(\.householdCode) == ["H01", "H02"])
        #expect(candidates.first?.recognisedClass == .poor)
        #expect(candidates.first?.everPoor == true)
        let request = try store.registerRequest(ReviewRequest(id: "", householdCode: "H03", communeCode: testCommune, type: .add,
                                                              receivedOn: CivilDate(year: 2026, month: 3, day: 10), channel: .inPerson,
                                                              reason: "Mất việc", signer: "Phạm Văn Bình", receivedBy: "com", roundID: batch.id,
                                                              registeredAt: Self.at(10, 3, 2026)), context: com)
        #expect(request.id == "YC-\(testCommune)-2026-1")
        let h03 = try store.listingCandidates(communeCodes: [testCommune], on: CivilDate(year: 2026, month: 3, day: 16), classes: nil, householdCodes: ["H03"])
        let s1 = try survey(store, "H01", score: 200, deprived: 0, round: round)
        let s2 = try survey(store, "H02", score: 120, deprived: 3, round: round)
        let s3 = try survey(store, "H03", score: 110, deprived: 1, round: round)

        let name = "Xã Cẩm Duệ"
        try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
            _ = try d.list(candidates, source: .currentList, by: comActor, at: Self.at(16, 3, 2026))
            _ = try d.list(h03, source: .request, request: request, by: comActor, at: Self.at(16, 3, 2026))
        }
        // A step that throws writes nothing.
        #expect(throws: ReviewError.self) {
            try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
                _ = try d.list(h03, source: .request, by: comActor, at: Self.at(16, 3, 2026))
                try d.withdraw("H01", reason: .duplicate, note: nil, by: cldActor, at: Self.at(16, 3, 2026))
            }
        }
        for s in [s1, s2, s3] {
            try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
                _ = try d.saveSurvey(s, by: comActor, at: Self.at(17, 3, 2026))
                try d.lockSurvey(s.householdCode, by: comActor, at: Self.at(17, 3, 2026), environment: env)
            }
        }
        let noticeID = try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
            try d.preparePosting(number: "30/TB-UBND", villages: [], places: [PostingPlace(kind: .communeOffice, name: "UBND xã")],
                                 start: Self.at(18, 3, 2026), by: comActor, at: Self.at(17, 3, 2026), environment: env).recordID!
        }
        try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
            try d.signPosting(noticeID, signer: "Nguyễn Chủ Tịch", by: cldActor, at: Self.at(17, 3, 2026))
        }
        // The store refuses a change to a signed notice even when a step would make it.
        #expect(throws: ReviewError.self) {
            try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in d.postings[noticeID]?.number = "31/TB-UBND" }
        }
        try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
            _ = try d.startPosting(noticeID, by: comActor, at: Self.at(18, 3, 2026))
            _ = try d.closePostings(by: .system, at: Self.at(24, 3, 2026))
        }
        let decision = try store.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { d in
            try d.issueDecision(number: "31/QĐ-UBND", date: CivilDate(year: 2026, month: 3, day: 25), signer: "Nguyễn Chủ Tịch",
                                capacity: .chairman, by: cldActor, at: Self.at(25, 3, 2026), environment: env)
        }
        #expect(Set(decision.moved) == ["H01", "H02", "H03"])

        // Read back from a fresh connection to the file.
        let reopened = try registry.open()
        let d = try reopened.dossier(round: round, communeCode: testCommune, communeName: name)
        #expect(d.cases["H01"]?.state == .recognised && d.cases["H01"]?.decidedClass == .notPoor)
        #expect(d.cases["H02"]?.decidedClass == .poor)
        #expect(d.cases["H03"]?.decidedClass == .nearPoor)     // the add-request qualifies as near-poor
        #expect(d.postings[noticeID]?.state == .posted)
        #expect(d.decisions.values.first?.number == "31/QĐ-UBND")
        #expect(d.usedDecisionNumbers.contains(CommuneDossier.numberKey("31/QĐ-UBND", year: 2026)))
        #expect(d.lockedSurveys(of: "H01").first?.roster.count == 3)
        #expect(d.requests[request.id]?.type == .add)
        // Status records in the registry: H01 escaped, H02 relapsed, from 25/03/2026.
        let h01 = StatusHistory(try reopened.statusRecords(householdCode: "H01"))
        #expect(h01.recognisedClass(on: CivilDate(year: 2026, month: 3, day: 25)) == .notPoor)
        #expect(h01.record(on: CivilDate(year: 2026, month: 3, day: 25))?.decision == "31/QĐ-UBND")
        #expect(h01.recognisedClass(on: CivilDate(year: 2026, month: 3, day: 24)) == .poor)
        let transitions = try reopened.transitions(communeCodes: [testCommune], after: CivilDate(year: 2026, month: 1, day: 1),
                                                   through: CivilDate(year: 2026, month: 12, day: 31))
        #expect(transitions.map(\.flow) == [.escapedPoor, .relapse, .newNearPoor])
        #expect(try reopened.certificates(householdCode: "H02").first?.number == "1/GCN-HN.HCN")
        #expect(try reopened.certificates(householdCode: "H03").first?.number == "2/GCN-HN.HCN")
        #expect(try reopened.surveyScores(householdCode: "H02").first?.b2 == 30)
        // Reconciliation on the stored data passes: counts from status records, flows from transitions.
        let counts = try reopened.unitCounts(units: [testCommune: [testCommune]], t0: CivilDate(year: 2026, month: 2, day: 28),
                                             t1: CivilDate(year: 2026, month: 3, day: 31))
        #expect(counts.first?.atStart[.poor] == 1 && counts.first?.atEnd[.poor] == 1)
        #expect(Reconciliation.check(counts: counts, transitions: transitions).isEmpty)
        // Audit: every write recorded, the household's trail shows its case and survey.
        let trail = try reopened.auditEntries(AuditFilter(entityID: "H02", limit: 100))
        #expect(trail.contains { $0.entityType == "review_case" && $0.action == .transition })
        #expect(trail.contains { $0.entityType == "review_survey" && $0.action == .sign })
        #expect(try reopened.auditEntries(AuditFilter(limit: 1000)).contains { $0.entityType == "review_decision" && $0.action == .sign })
        #expect(try reopened.verifyAuditChain() == nil)
        // Terminal cases and decisions are frozen by the database itself.
        expectRefused(registry, "UPDATE review_case SET state = 'listed' WHERE household_code = 'H01'")
        expectRefused(registry, "UPDATE review_document SET state = 'x' WHERE kind = 'decision'")
        expectRefused(registry, "DELETE FROM review_survey")
        // A decision number used twice by the commune in a year: the unique index refuses it.
        #expect(throws: (any Error).self) {
            try registry.execute("""
                INSERT INTO review_document (kind, id, round_id, commune_code, number, number_key, year, state, body)
                VALUES ('decision', 'other', 'RT-x', '\(testCommune)', '31/QĐ-UBND', '\(VietnameseText.fold("31/QĐ-UBND"))', 2026, 'issued', '{}')
                """)
        }
        // Closing the batch freezes its records in the store.
        try reopened.updateBatch(id: batch.id, context: com) { $0.state = .closed }
        #expect(throws: ReviewError.self) { try reopened.updateBatch(id: batch.id, context: com) { $0.state = .open } }
        #expect(throws: ReviewError.self) {
            try reopened.withDossier(round: round, communeCode: testCommune, communeName: name, context: com) { _ in }
        }
        expectRefused(registry, "UPDATE review_survey SET b1 = 1")
        expectRefused(registry, "INSERT INTO review_case (round_id, commune_code, household_code, village, state, body) VALUES ('\(batch.id)', 'x', 'H9', 'v', 'listed', '{}')")
    }

    @Test("A household recognised as avg-agri in a monthly batch joins the next campaign's list", arguments: backends)
    func avgAgriInPeriodicList(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, store) = try registry(dir, backend)
        let workflow = ReviewWorkflow(store: store)
        let batch = try MonthlyBatch.open(communeCode: testCommune, provinceCode: "42", year: 2026, month: 3, by: comActor, at: Self.at(16, 3, 2026),
                                          environment: env)
        try store.createBatch(batch, context: com)
        let vil = ReviewActor(account: "vil", role: .village, unitCode: testCommune, communeCodes: [testCommune], villages: ["Thôn Trung Sơn"])
        try store.withDossier(round: batch.round(), communeCode: testCommune, communeName: "", context: com) { d in
            try d.determineAverageAgri(householdCode: "H03", village: "Thôn Trung Sơn", currentClass: .notPoor, area: .rural, members: 3,
                                       incomes: [.crops: 70_000_000], socialAssistance: 0, by: vil, at: Self.at(16, 3, 2026), settings: env.settings)
            _ = try d.postIdentifications(start: Self.at(17, 3, 2026), by: comActor, at: Self.at(17, 3, 2026), environment: env)
            #expect(d.closeIdentificationPostings(at: Self.at(21, 3, 2026)) == 1)
            _ = try d.decideIdentifications(number: "40/QĐ-UBND", date: CivilDate(year: 2026, month: 3, day: 23), signer: "Chủ tịch", by: cldActor,
                                            at: Self.at(23, 3, 2026), environment: env)
        }
        #expect(try store.recognisedAverageAgri(communeCode: testCommune).map(\.householdCode) == ["H03"])
        // The decision left an append-only status record of the identification.
        let statuses = try store.specialStatuses(householdCode: "H03")
        #expect(statuses.map(\.kind) == [.avgAgri])
        #expect(statuses.first?.holds == true && statuses.first?.decision == "40/QĐ-UBND" && statuses.first?.memberNo == nil)
        #expect(statuses.first?.holds(on: CivilDate(year: 2026, month: 4, day: 1)) == true)
        #expect(statuses.first?.holds(on: CivilDate(year: 2026, month: 3, day: 1)) == false)
        #expect(try store.specialStatuses(communeCode: testCommune).count == 1)
        expectRefused(registry, "UPDATE special_status SET source = 'correction'", containing: "append-only")
        expectRefused(registry, "DELETE FROM special_status")
        var c = try workflow.createCampaign(province: "42", year: 2026, by: prvActor, at: Self.at(1, 8, 2026), context: com)
        c.state = .open
        try store.updateCampaign(id: c.id, context: com) { $0.state = .open }
        let listed = try workflow.listCurrent(round: c.id, commune: testCommune, by: comActor, at: Self.at(5, 9, 2026), context: com)
        #expect(Set(listed.moved) == ["H01", "H02", "H03"])
        #expect(try store.dossier(round: c.round(), communeCode: testCommune, communeName: "").cases["H03"]?.source == .avgAgri)
    }

    @Test("Province settings: a version proposed by one account, approved by another, then in force; decided versions never change",
          arguments: backends)
    func settingsVersions(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, store) = try registry(dir, backend)
        let workflow = ReviewWorkflow(store: store)
        #expect(try workflow.provinceSettings("42").periodicPostingWorkingDays == 3)
        #expect(throws: ReviewError.self) {
            try ReviewSettingsVersion(provinceCode: "42", changes: ["review.posting.periodic_working_days": "abc"], reason: "x", proposedBy: "prv1",
                                      proposedAt: Self.at(1, 7, 2026))
        }
        #expect(throws: ReviewError.self) {
            try ReviewSettingsVersion(provinceCode: "42", changes: ["review.no_such_key": "1"], reason: "x", proposedBy: "prv1", proposedAt: Self.at(1, 7, 2026))
        }
        let proposed = try ReviewSettingsVersion(provinceCode: "42", changes: ["review.posting.periodic_working_days": "5", "module.low_income_worker": "có"],
                                                 reason: "Nghị quyết HĐND tỉnh", proposedBy: "prv1", proposedAt: Self.at(1, 7, 2026))
        let v1 = try store.proposeSettings(proposed, context: com)
        #expect(v1.version == 1 && v1.state == .pending)
        #expect(try workflow.provinceSettings("42").periodicPostingWorkingDays == 3)   // pending: not in force
        #expect(throws: ReviewError.self) { try v1.checkDecider("prv1") }            // the proposer cannot approve
        try v1.checkDecider("prv2")
        let active = try store.decideSettings(provinceCode: "42", version: 1, approve: true, by: "prv2", at: Self.at(2, 7, 2026), note: nil, context: com)
        #expect(active.state == .active && active.decidedBy == "prv2")
        let s = try workflow.provinceSettings("42")
        #expect(s.periodicPostingWorkingDays == 5 && s.lowIncomeWorkerProvinces.contains("42"))
        #expect(try workflow.provinceSettings("48").periodicPostingWorkingDays == 3)   // another province keeps the defaults
        #expect(throws: ReviewError.self) {
            try store.decideSettings(provinceCode: "42", version: 1, approve: false, by: "prv2", at: Self.at(2, 7, 2026), note: nil, context: com)
        }
        let v2 = try store.proposeSettings(try ReviewSettingsVersion(provinceCode: "42", changes: ["review.posting.periodic_working_days": "4"],
                                                                     reason: "Sửa", proposedBy: "prv2", proposedAt: Self.at(3, 7, 2026)), context: com)
        _ = try store.decideSettings(provinceCode: "42", version: v2.version, approve: true, by: "prv1", at: Self.at(4, 7, 2026), note: "đồng ý", context: com)
        #expect(try store.settingsVersions(provinceCode: "42").map(\.state) == [.active, .superseded])
        #expect(try workflow.provinceSettings("42").periodicPostingWorkingDays == 4)
        expectRefused(registry, "UPDATE review_settings_version SET state = 'active' WHERE version = 1")
        expectRefused(registry, "DELETE FROM review_settings_version")
        #expect(try registry.query("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'review_settings'").trimmingCharacters(in: .whitespacesAndNewlines) == "4")
    }

    @Test("Survey photos: only JPEG, PNG or WebP by their bytes, bounded, stored once in the database", arguments: backends)
    func photos(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, store) = try registry(dir, backend)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 64))
        #expect(throws: ReviewError.self) {
            try ReviewPhoto(roundID: "RT-x", communeCode: testCommune, householdCode: "H01", data: Data("<svg/>".utf8), uploadedAt: Self.at(1, 3, 2026), uploadedBy: "vil")
        }
        #expect(throws: ReviewError.self) {
            try ReviewPhoto(roundID: "RT-x", communeCode: testCommune, householdCode: "H01", data: Data(), uploadedAt: Self.at(1, 3, 2026), uploadedBy: "vil")
        }
        let photo = try ReviewPhoto(roundID: "RT-x", communeCode: testCommune, householdCode: "H01", data: png, uploadedAt: Self.at(1, 3, 2026), uploadedBy: "vil")
        #expect(photo.contentType == "image/png" && photo.id.hasPrefix("PH-"))
        try store.savePhoto(photo, context: com)
        try store.savePhoto(photo, context: com)   // the same photo again: one kept
        let back = try #require(try store.photo(id: photo.id))
        #expect(back.data == png && back.householdCode == "H01")
        #expect(try store.photo(id: "PH-none") == nil)
        #expect(try registry.query("SELECT COUNT(*) FROM review_photo").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        expectRefused(registry, "UPDATE review_photo SET size = 0")
        expectRefused(registry, "DELETE FROM review_photo")
    }

    @Test("Campaigns: one per province and year, plans, a closed campaign is frozen in the store and the database", arguments: backends)
    func campaignFrozen(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (registry, store) = try registry(dir, backend)
        let c = try Campaign.create(provinceCode: "42", year: 2026, by: prvActor, at: Self.at(1, 8, 2026))
        try store.createCampaign(c, context: com)
        #expect(throws: StoreError.self) { try store.createCampaign(c, context: com) }
        let plan = ReviewPlan(campaignID: c.id, level: .province, unitCode: "42", number: "45/KH-UBND",
                              date: CivilDate(year: 2026, month: 8, day: 1), signer: "Chủ tịch tỉnh")
        try store.savePlan(plan, context: com)
        try store.updateCampaign(id: c.id, context: com) { try $0.registerProvincePlan(plan, by: prvActor) }
        try store.updateCampaign(id: c.id, context: com) { try $0.open(by: prvActor, at: Self.at(20, 8, 2026)) }
        let round = try #require(try store.campaign(id: c.id)).round()
        try store.withDossier(round: round, communeCode: testCommune, communeName: "", context: com) { d in
            _ = try d.list([ListingCandidate(householdCode: "H01", village: "Thôn Trung Sơn", recognisedClass: .poor)], source: .currentList,
                           by: comActor, at: Self.at(5, 9, 2026))
        }
        try store.updateCampaign(id: c.id, context: com) { c in
            try c.startConsolidation(by: prvActor, today: CivilDate(year: 2026, month: 12, day: 15), communesWithoutDecision: [])
            try c.registerProvinceSummary(DocumentReference(number: "1/BC", date: CivilDate(year: 2026, month: 12, day: 30), signer: "GĐ"), by: prvActor)
            try c.close(by: prvActor, at: Self.at(31, 12, 2026), reconciliation: [])
        }
        #expect(try store.campaign(id: c.id)?.state == .closed)
        #expect(throws: ReviewError.self) { try store.updateCampaign(id: c.id, context: com) { $0.window = $0.window } }
        #expect(throws: ReviewError.self) {
            try store.withDossier(round: round, communeCode: testCommune, communeName: "", context: com) { d in
                try d.withdraw("H01", reason: .duplicate, note: nil, by: comActor, at: Self.at(31, 12, 2026))
            }
        }
        #expect(throws: (any Error).self) { try store.savePlan(plan, context: com) }
        expectRefused(registry, "UPDATE review_case SET state = 'withdrawn'")
        expectRefused(registry, "UPDATE review_campaign SET state = 'open'")
        #expect(try store.recordYearOutcomes(year: 2026, communeCodes: [testCommune], context: com) == 3)
        #expect(try store.recordYearOutcomes(year: 2026, communeCodes: [testCommune], context: com) == 0)   // kept, never rewritten
        #expect(try store.yearOutcomes(year: 2026, communeCodes: nil).map(\.classAtStart) == [.poor, .nearPoor, .notPoor])
    }

    @Test("History 2019–2025 loads all or nothing, with three-tier campaigns, decisions and transitions", arguments: backends)
    func history(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (_, store) = try registry(dir, backend)
        func row(_ n: Int, _ code: String, _ year: Int, _ cls: RecognisedClass, _ decision: String?, kind: StatusSource = .periodic,
                 date: CivilDate? = nil) -> DecisionHistoryRow {
            DecisionHistoryRow(row: n, householdCode: code, communeCode: testCommune, year: year, recognisedClass: cls,
                               standardID: year <= 2021 ? "QD59-2016" : "ND07-2022", decisionNumber: decision, decisionDate: date, source: kind)
        }
        let rows = [row(2, "H03", 2019, .poor, "101/QĐ-UBND"), row(3, "H03", 2021, .nearPoor, "120/QĐ-UBND"),
                    row(4, "H03", 2022, .nearPoor, "130/QĐ-UBND"), row(5, "H03", 2023, .notPoor, "140/QĐ-UBND"),
                    row(6, "H03", 2025, .poor, "12/QĐ-UBND", kind: .regular, date: CivilDate(year: 2025, month: 3, day: 20)),
                    row(7, "H01", 2025, .poor, nil)]
        #expect(throws: StoreError.self) { _ = try store.importDecisionHistory(rows + [row(8, "NOPE", 2024, .poor, nil)], context: com) }
        #expect(try store.transitions(householdCode: "H03").isEmpty)
        let summary = try store.importDecisionHistory(rows, context: com)
        #expect(summary.statusRecords == 5)
        #expect(summary.unchanged == 1)     // H01 poor on 14/12/2025 came with the registry import
        #expect(summary.campaignsCreated.sorted() == ["RS-42-2019", "RS-42-2021", "RS-42-2022", "RS-42-2023", "RS-42-2025", "RT-\(testCommune)-2025-03"])
        let c2019 = try #require(try store.campaign(id: "RS-42-2019"))
        #expect(c2019.imported && c2019.state == .closed && c2019.chain == .threeTier)
        #expect(try store.batch(id: "RT-\(testCommune)-2025-03")?.chain == .threeTier)
        let flows = try store.transitions(householdCode: "H03")
        #expect(flows.map(\.flow) == [.newPoor, .poorToNearPoor, .unchanged, .escapedNearPoor, .newPoor])
        #expect(flows[2].standardChanged)
        #expect(flows.last?.reentryAfterEscape == true)
        let again = try store.importDecisionHistory(rows, context: com)
        #expect(again.statusRecords == 0 && again.unchanged == rows.count)
        let timeline = HouseholdTimeline.build(householdCode: "H03", statuses: try store.statusRecords(householdCode: "H03"), scores: [], through: 2026)
        #expect(timeline.first { $0.year == 2022 }?.standardChanged == true)
        #expect(timeline.first { $0.year == 2025 }?.decisions == ["12/QĐ-UBND"])
    }

    @Test("The holiday calendar: shipped years, a year loaded by the administrator replaces its shipped one", arguments: backends)
    func holidays(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend, "h")
        #expect(try store.holidayCalendar().covers(2026))
        #expect(try !store.holidayCalendar().covers(2028))
        let y2028 = HolidayCalendar.Year(year: 2028, status: "announced", source: "test",
                                         holidays: [.init(date: CivilDate(year: 2028, month: 1, day: 3), name: "Nghỉ bù Tết Dương lịch")])
        try store.saveHolidayYear(y2028, context: com)
        let cal = WorkingDayCalendar(holidays: try store.holidayCalendar())
        #expect(try !cal.isWorkingDay(CivilDate(year: 2028, month: 1, day: 3)))
        #expect(try store.auditEntries(AuditFilter(limit: 10)).last?.action == .settingChange)
    }
}
