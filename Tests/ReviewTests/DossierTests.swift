import Access
import Foundation
import PovertyStandard
import Registry
import Testing
import VietnameseText
@testable import Review

@Suite("The six steps on a commune's dossier, with their guards (sáu bước rà soát)")
struct DossierTests {
    typealias F = Fixture

    /// H1 poor (stays poor), H2 near-poor (escapes), H3 an add-request (becomes poor),
    /// H4 an add-request refused by Phiếu A, H5 in another village.
    func listed() throws -> CommuneDossier {
        var d = F.dossier()
        let now = F.at(5, 9, 2026)
        let r1 = try d.list([F.candidate("H1", .poor), F.candidate("H2", .nearPoor), F.candidate("H5", .poor, village: F.otherVillage)],
                            source: .currentList, by: F.com, at: now)
        #expect(r1.moved == ["H1", "H2", "H5"])
        _ = try d.list([F.candidate("H3", .notPoor)], source: .request, request: F.request("H3"), by: F.com, at: now)
        _ = try d.list([F.candidate("H4", .notPoor)], source: .request, request: F.request("H4"), by: F.com, at: now)
        let again = try d.list([F.candidate("H1", .poor), ListingCandidate(householdCode: "H9", village: F.village, activeInCommune: false, recognisedClass: .poor)],
                               source: .currentList, by: F.com, at: now)
        #expect(again.moved.isEmpty)
        #expect(Set(again.skipped.map(\.code)) == ["already_listed", "not_active"])
        return d
    }

    func lock(_ d: inout CommuneDossier, _ code: String, score: Int, deprived: Int, by actor: ReviewActor = Fixture.vil,
              reason: String? = nil, recheckID: String? = nil) throws -> SurveyResult {
        _ = try d.saveSurvey(F.survey(code, score: score, deprived: deprived, reason: reason, recheckID: recheckID), by: actor, at: F.at(20, 9, 2026))
        return try d.lockSurvey(code, by: actor, at: F.at(20, 9, 2026), environment: F.env)
    }

    @Test("Phiếu A: only for add-requests; a yes answer, confirmed by COM with a reply, rejects the household")
    func quickID() throws {
        var d = try listed()
        let s = ReviewSettings.standard
        var answers = Dictionary(uniqueKeysWithValues: s.quickIDCriteria.map { ($0.id, false) })
        answers["owns_car"] = true
        let q = QuickIdentification(id: "", roundID: "", householdCode: "H4", date: F.day(12, 9, 2026), reviewer: "", answers: answers)
        #expect(throws: ReviewError.self) {   // H1 is on the list: no Phiếu A
            var q1 = q; q1.householdCode = "H1"; _ = try d.enterQuickID(q1, by: F.vil, at: F.at(12, 9, 2026), settings: s)
        }
        var partial = q
        partial.answers.removeValue(forKey: "pension")
        #expect(throws: ReviewError.self) { _ = try d.enterQuickID(partial, by: F.vil, at: F.at(12, 9, 2026), settings: s) }
        _ = try d.enterQuickID(q, by: F.vil, at: F.at(12, 9, 2026), settings: s)
        #expect(throws: ReviewError.self) { try d.confirmQuickID("H4", reply: "Hộ có ô tô", by: F.vil, at: F.at(13, 9, 2026)) }
        #expect(throws: ReviewError.self) { _ = try lock(&d, "H4", score: 100, deprived: 4) }  // a clear Phiếu A: no Phiếu B
        try d.confirmQuickID("H4", reply: "Hộ có ô tô, không thuộc diện rà soát", by: F.com, at: F.at(13, 9, 2026))
        #expect(d.cases["H4"]?.state == .rejected)
        // Terminal: read-only.
        #expect(throws: ReviewError.self) { try d.withdraw("H4", reason: .duplicate, note: nil, by: F.com, at: F.at(14, 9, 2026)) }
    }

    @Test("Phiếu B: the engine decides the class; incomplete cannot lock; a new version needs a reason; VIL only in its village")
    func surveys() throws {
        var d = try listed()
        _ = try d.saveSurvey(F.survey("H1", score: nil, deprived: 4), by: F.vil, at: F.at(20, 9, 2026))
        do {
            _ = try d.lockSurvey("H1", by: F.vil, at: F.at(20, 9, 2026), environment: F.env)
            Issue.record("an incomplete survey must not lock")
        } catch let e as ReviewError { #expect(e.code == "review.guard.incomplete") }
        _ = try d.saveSurvey(F.survey("H1", score: 120, deprived: 1, unknown: 3), by: F.vil, at: F.at(20, 9, 2026))
        #expect(throws: ReviewError.self) { try d.lockSurvey("H1", by: F.vil, at: F.at(20, 9, 2026), environment: F.env) }
        let r = try lock(&d, "H1", score: 120, deprived: 4)
        #expect(r.povertyClass == .poor)
        #expect(r.b2Score == 40)
        #expect(d.cases["H1"]?.state == .surveyed)
        #expect(d.surveyVersions(of: "H1").count == 1)   // drafts were the same version, overwritten
        // Locked versions are never edited: a new version needs a reason.
        #expect(throws: ReviewError.self) { _ = try lock(&d, "H1", score: 200, deprived: 0) }
        let v2 = try lock(&d, "H1", score: 130, deprived: 5, reason: "Bổ sung thông tin việc làm")
        #expect(v2.povertyClass == .poor)
        #expect(d.lockedSurveys(of: "H1").map(\.version) == [1, 2])
        #expect(d.lockedSurveys(of: "H1").first?.result?.b2Score == 40)
        // VIL of the other village cannot survey H1; VIL cannot survey H5 in another village.
        let vilOther = F.actor(.village, account: "vil2", villages: [F.otherVillage])
        #expect(throws: ReviewError.self) { _ = try d.saveSurvey(F.survey("H1", score: 1, deprived: 1, reason: "x"), by: vilOther, at: F.at(21, 9, 2026)) }
        #expect(throws: ReviewError.self) { _ = try d.saveSurvey(F.survey("H5", score: 1, deprived: 1), by: F.vil, at: F.at(21, 9, 2026)) }
        // The commune plan's reviewers bind VIL accounts.
        d.plan = ReviewPlan(campaignID: d.round.id, level: .commune, unitCode: F.commune, number: "2/KH", date: F.day(20, 8, 2026),
                            signer: "B", reviewers: [F.village: ["vil-a"]])
        #expect(throws: ReviewError.self) { _ = try d.saveSurvey(F.survey("H2", score: 1, deprived: 1), by: F.vil, at: F.at(21, 9, 2026)) }
        _ = try d.saveSurvey(F.survey("H2", score: 150, deprived: 0), by: F.actor(.village, account: "vil-a"), at: F.at(21, 9, 2026))
    }

    @Test("The whole periodic procedure: meeting with objection, posting on the calendar, complaint, re-check, consultation, decision")
    func wholeCampaign() throws {
        var d = try listed()
        #expect(try lock(&d, "H1", score: 120, deprived: 4).povertyClass == .poor)
        #expect(try lock(&d, "H2", score: 200, deprived: 1).povertyClass == .notPoor)
        #expect(try lock(&d, "H3", score: 100, deprived: 3).povertyClass == .poor)
        let settings = ReviewSettings.standard

        // Step 3: H2 draws an objection; H5 is of another village.
        let minutes = MeetingMinutes(id: "", roundID: "", communeCode: "", number: "01/BB", village: F.village, date: F.day(1, 11, 2026),
                                     place: "Nhà văn hóa", chair: "Trưởng thôn", secretary: "Thư ký",
                                     attendance: Attendance(communeCommittee: 2, massOrganisations: 3, households: 40),
                                     outcomes: [MeetingOutcome(householdCode: "H1", outcome: .agreed),
                                                MeetingOutcome(householdCode: "H2", outcome: .objection, note: "Hộ còn khó khăn"),
                                                MeetingOutcome(householdCode: "H3", outcome: .agreed),
                                                MeetingOutcome(householdCode: "H5", outcome: .agreed)])
        let m = try d.recordMeeting(minutes, by: F.vil, at: F.at(1, 11, 2026), settings: settings)
        #expect(m.moved == ["H1", "H3"])
        #expect(Set(m.skipped.map(\.code)) == ["objection", "other_village"])
        // The board cannot agree H2 before a newer version exists.
        var board = minutes
        board.byCommuneBoard = true
        board.outcomes = [MeetingOutcome(householdCode: "H2", outcome: .agreed)]
        #expect(try d.recordMeeting(board, by: F.com, at: F.at(2, 11, 2026), settings: settings).skipped.map(\.code) == ["objection_pending"])
        #expect(throws: ReviewError.self) { _ = try d.recordMeeting(board, by: F.vil, at: F.at(2, 11, 2026), settings: settings) }
        #expect(try lock(&d, "H2", score: 160, deprived: 2, reason: "Phúc đáp ý kiến họp dân").povertyClass == .notPoor)
        #expect(try d.recordMeeting(board, by: F.com, at: F.at(3, 11, 2026), settings: settings).moved == ["H2"])

        // Step 4: COM prepares, CLD signs, COM starts; the end falls on the working-day calendar.
        let start = F.at(4, 11, 2026, hour: 8)    // Wednesday
        let prep = try d.preparePosting(number: "566/TB-UBND", villages: [F.village],
                                        places: [PostingPlace(kind: .villageCulturalHouse, name: "Nhà văn hóa thôn Trung Hòa")],
                                        start: start, by: F.com, at: F.at(3, 11, 2026), environment: F.env)
        let noticeID = try #require(prep.recordID)
        let notice = try #require(d.postings[noticeID])
        #expect(Set(notice.households) == ["H1", "H2", "H3"])
        #expect(notice.lastDay == F.day(9, 11, 2026))   // Thu, Fri, Mon
        #expect(notice.lists.first { $0.kind == .escapedNearPoor }?.households == ["H2"])
        #expect(notice.lists.first { $0.kind == .newPoor }?.households == ["H3"])
        #expect(notice.lists.first { $0.kind == .poor }?.persons == 6)
        #expect(throws: ReviewError.self) { _ = try d.startPosting(notice.id, by: F.com, at: start) }        // unsigned
        #expect(throws: ReviewError.self) { try d.signPosting(notice.id, signer: "Chủ tịch", by: F.com, at: start) }
        try d.signPosting(notice.id, signer: "Nguyễn Chủ Tịch", by: F.cld, at: F.at(3, 11, 2026))
        #expect(throws: ReviewError.self) { _ = try d.startPosting(notice.id, by: F.com, at: F.at(3, 11, 2026)) } // before its start
        #expect(try d.startPosting(notice.id, by: F.com, at: start).moved.count == 3)

        // From posted on, the class changes only through a re-check.
        #expect(throws: ReviewError.self) { _ = try d.saveSurvey(F.survey("H1", score: 300, deprived: 0, reason: "x"), by: F.vil, at: start) }

        // Row 7: a complaint about H3 within the period.
        let k = Complaint(id: "", roundID: "", communeCode: "", receivedAt: F.at(5, 11, 2026), channel: .inPerson, complainant: nil,
                          householdCode: "H3", type: .shouldBeExcluded, content: "Hộ có xe tải", receivedBy: "")
        guard case .registered = try d.registerComplaint(k, by: F.com, at: F.at(5, 11, 2026)) else { Issue.record("registered"); return }
        #expect(d.cases["H3"]?.state == .rechecking)
        #expect(d.complaints.values.first?.anonymous == true)
        // The re-check team excludes the original reviewer and needs two people.
        #expect(throws: ReviewError.self) { _ = try d.startRecheck("H3", team: ["vil", "cán bộ A"], by: F.com, at: F.at(6, 11, 2026), environment: F.env) }
        #expect(throws: ReviewError.self) { _ = try d.startRecheck("H3", team: ["cán bộ A"], by: F.com, at: F.at(6, 11, 2026), environment: F.env) }
        let recheck = try d.startRecheck("H3", team: ["Cán bộ A", "Cán bộ B"], by: F.com, at: F.at(6, 11, 2026), environment: F.env)
        #expect(d.rechecks[recheck]?.dueDate == F.day(13, 11, 2026))
        #expect(throws: ReviewError.self) { _ = try d.recordRecheckResult(recheck, reply: "x", by: F.com, at: F.at(9, 11, 2026), environment: F.env) }
        #expect(try lock(&d, "H3", score: 170, deprived: 1, by: F.com, reason: "Phúc tra", recheckID: recheck).povertyClass == .notPoor)
        #expect(try d.recordRecheckResult(recheck, reply: "Hộ có xe tải, không thuộc diện", by: F.com, at: F.at(9, 11, 2026), environment: F.env) == .changed)
        #expect(d.cases["H3"]?.state == .posted)
        #expect(d.complaints.values.first?.state == .resolved)
        // Re-posted for a full period from 09/11: 10, 11, 12 November.
        let h3End = try #require(d.cases["H3"]?.postingEnd)
        #expect(h3End == LocalTime.startOfDay(F.day(13, 11, 2026)))

        // Row 9 (system): H1, H2 close on 10/11; H3 waits for its new end.
        #expect(throws: ReviewError.self) { _ = try d.closePostings(by: F.com, at: F.at(10, 11, 2026)) }
        let closed = try d.closePostings(by: .system, at: F.at(10, 11, 2026))
        #expect(closed.moved == ["H1", "H2"])
        // A complaint after the end becomes a regular-review request.
        let late = Complaint(id: "", roundID: "", communeCode: "", receivedAt: F.at(10, 11, 2026), channel: .post, complainant: "Ông B",
                             householdCode: "H1", type: .wrongClass, content: "Sai", receivedBy: "")
        guard case .registeredAsRequest(let req) = try d.registerComplaint(late, by: F.com, at: F.at(10, 11, 2026)) else {
            Issue.record("late complaint must become a request"); return
        }
        #expect(req.householdCode == "H1")

        // H4 (request withdrawn) and H5 (moved out) leave the campaign: row 14.
        try d.withdraw("H5", reason: .movedOut, note: "Chuyển đi Hà Nội", by: F.com, at: F.at(10, 11, 2026))
        #expect(throws: ReviewError.self) { try d.withdraw("H4", reason: .requestWithdrawn, note: nil, by: F.cld, at: F.at(10, 11, 2026)) }
        try d.withdraw("H4", reason: .requestWithdrawn, note: "Đơn rút đề nghị", by: F.com, at: F.at(10, 11, 2026))
        // Row 10: refused while H3 is still posted.
        let draft = try d.draftConsultation(number: "88/BC-UBND", date: F.day(10, 11, 2026), signer: "Chủ tịch", recipient: nil,
                                            by: F.com, at: F.at(10, 11, 2026), settings: settings)
        #expect(d.consultations[draft]?.recipient == "Sở Nông nghiệp và Môi trường")
        #expect(throws: ReviewError.self) { _ = try d.sendConsultation(draft, by: F.cld, at: F.at(10, 11, 2026), environment: F.env) }
        _ = try d.closePostings(by: .system, at: F.at(13, 11, 2026))
        let draft2 = try d.draftConsultation(number: "89/BC-UBND", date: F.day(13, 11, 2026), signer: "Chủ tịch", recipient: nil,
                                             by: F.com, at: F.at(13, 11, 2026), settings: settings)
        #expect(throws: ReviewError.self) { _ = try d.sendConsultation(draft2, by: F.com, at: F.at(13, 11, 2026), environment: F.env) }
        #expect(try d.sendConsultation(draft2, by: F.cld, at: F.at(13, 11, 2026), environment: F.env).moved.count == 3)

        // Step 6 needs the opinion or the silence rule.
        #expect(throws: ReviewError.self) {
            _ = try d.issueDecision(number: "125/QĐ-UBND", date: F.day(16, 11, 2026), signer: "Chủ tịch", capacity: .chairman,
                                    by: F.cld, at: F.at(16, 11, 2026), environment: F.env)
        }
        // Row 11: PRV (two-tier) asks to re-check H1.
        #expect(throws: ReviewError.self) {
            _ = try d.recordOpinion(draft2, ConsultationOpinion(date: F.day(17, 11, 2026), from: "Sở", type: .agree, text: ""), by: F.actor(.district), at: F.at(17, 11, 2026))
        }
        let op = try d.recordOpinion(draft2, ConsultationOpinion(date: F.day(17, 11, 2026), from: "Sở NN&MT", type: .requestRecheck,
                                                                 recheckHouseholds: ["H1", "H4"], text: "Đề nghị phúc tra hộ H1"),
                                     by: F.prv, at: F.at(17, 11, 2026))
        #expect(op.moved == ["H1"])
        #expect(op.skipped.map(\.householdCode) == ["H4"])
        let r2 = try d.startRecheck("H1", team: ["Cán bộ C", "Cán bộ D"], by: F.com, at: F.at(18, 11, 2026), environment: F.env)
        _ = try lock(&d, "H1", score: 120, deprived: 4, by: F.com, reason: "Phúc tra theo ý kiến cấp trên", recheckID: r2)
        #expect(try d.recordRecheckResult(r2, reply: "Giữ nguyên", by: F.com, at: F.at(19, 11, 2026), environment: F.env) == .upheld)
        _ = try d.closePostings(by: .system, at: F.at(19, 11, 2026, hour: 10))
        #expect(d.cases["H1"]?.state == .postingClosed)    // unchanged: no new period
        let supplementary = try d.draftConsultation(number: "95/BC-UBND", date: F.day(19, 11, 2026), signer: "Chủ tịch", recipient: nil,
                                                    by: F.cld, at: F.at(19, 11, 2026), settings: settings)
        _ = try d.sendConsultation(supplementary, by: F.cld, at: F.at(19, 11, 2026), environment: F.env)
        // Silence: 5 working days after 19/11 (20, 23, 24, 25, 26) — the decision may follow from 27/11.
        var early = d
        let partial = try early.issueDecision(number: "125/QĐ-UBND", date: F.day(26, 11, 2026), signer: "Chủ tịch", capacity: .chairman,
                                              by: F.cld, at: F.at(26, 11, 2026), environment: F.env)
        #expect(partial.moved == ["H2", "H3"])
        #expect(partial.skipped.map(\.code) == ["no_opinion"])
        d.usedDecisionNumbers.insert(CommuneDossier.numberKey("120/QĐ-UBND", year: 2026))
        #expect(throws: ReviewError.self) {
            var copy = d
            _ = try copy.issueDecision(number: "120/QĐ-UBND", date: F.day(27, 11, 2026), signer: "Chủ tịch", capacity: .chairman,
                                       by: F.cld, at: F.at(27, 11, 2026), environment: F.env)
        }
        #expect(throws: ReviewError.self) {
            var copy = d
            _ = try copy.issueDecision(number: "125/QĐ-UBND", date: F.day(27, 11, 2026), signer: "Chủ tịch", capacity: .chairman,
                                       by: F.com, at: F.at(27, 11, 2026), environment: F.env)
        }
        let dec = try d.issueDecision(number: "125/QĐ-UBND", date: F.day(27, 11, 2026), signer: "Phó Chủ tịch", capacity: .viceChairman,
                                      by: F.cld, at: F.at(27, 11, 2026), environment: F.env)
        #expect(Set(dec.moved) == ["H1", "H2", "H3"])
        #expect(d.cases["H1"]?.state == .recognised)
        #expect(d.cases["H2"]?.decidedClass == .notPoor)      // escaped near-poor
        #expect(d.cases["H3"]?.state == .rejected)            // add-request, not poor after the re-check
        #expect(d.consultations.values.contains { $0.state == .noOpinionReceived })
        let decisionID = try #require(dec.recordID)
        let decision = try #require(d.decisions[decisionID])
        #expect(decision.annexes.first { $0.kind == .escapedNearPoor }?.households == ["H2"])
        #expect(decision.effectiveDate == F.day(27, 11, 2026))
        // Status records only where class or standard changed; transitions at every recognition.
        #expect(d.newStatusRecords.map(\.householdCode) == ["H2"])
        #expect(d.newStatusRecords.first?.recognisedClass == .notPoor)
        #expect(d.newStatusRecords.first?.decision == "125/QĐ-UBND")
        #expect(d.newTransitions.map(\.flow) == [.unchanged, .escapedNearPoor])
        // Certificates: H1 gets one (first recognition in the period); numbers are sequential.
        #expect(d.certificates["H1"]?.number == "1/GCN-HN.HCN")
        #expect(d.certificates["H1"]?.head.name == "Nguyễn Văn Đức")
        #expect(d.certificates["H2"] == nil)
        // The number is never reused.
        #expect(throws: ReviewError.self) {
            _ = try d.issueDecision(number: "125/QĐ-UBND", date: F.day(28, 11, 2026), signer: "Chủ tịch", capacity: .chairman,
                                    by: F.cld, at: F.at(28, 11, 2026), environment: F.env)
        }
        // Terminal households are read-only for every role.
        for role in Role.allCases {
            #expect(throws: ReviewError.self) { try d.withdraw("H1", reason: .duplicate, note: nil, by: F.actor(role), at: F.at(28, 11, 2026)) }
        }
        #expect(d.cases["H5"]?.state == .withdrawn)
        #expect(d.cases["H5"]?.withdrawal == .movedOut)
        #expect(d.stateCounts[.recognised] == 2)
    }

    @Test("Certificates: confirmed each year, closed with an escaped note")
    func certificates() throws {
        var d = F.dossier(kind: .regular)
        d.certificates["H1"] = Certificate(sequence: 7, communeCode: F.commune, standardID: "ND07-2022", householdCode: "H1",
                                           issuedOn: F.day(10, 12, 2025), decision: "90/QĐ-UBND", recognisedClass: .poor,
                                           head: CertificateHead(name: "A", ethnicity: "01", nationalID: nil, residence: "x"), members: [])
        d.nextCertificateSequence = 8
        _ = try d.list([F.candidate("H1", .poor), F.candidate("H2", .nearPoor)], source: .communeInitiated, by: F.com, at: F.at(16, 3, 2026))
        _ = try d.saveSurvey(F.survey("H1", score: 200, deprived: 0), by: F.vil, at: F.at(17, 3, 2026))
        _ = try d.lockSurvey("H1", by: F.vil, at: F.at(17, 3, 2026), environment: F.env)
        _ = try d.saveSurvey(F.survey("H2", score: 120, deprived: 3), by: F.vil, at: F.at(17, 3, 2026))
        _ = try d.lockSurvey("H2", by: F.vil, at: F.at(17, 3, 2026), environment: F.env)
        // Monthly batch: no meeting, posting straight from surveyed, decision without consultation.
        let prep = try d.preparePosting(number: "30/TB-UBND", villages: [], places: [PostingPlace(kind: .communeOffice, name: "UBND xã")],
                                        start: F.at(18, 3, 2026), by: F.com, at: F.at(17, 3, 2026), environment: F.env)
        try d.signPosting(prep.recordID!, signer: "Chủ tịch", by: F.cld, at: F.at(17, 3, 2026))
        _ = try d.startPosting(prep.recordID!, by: F.com, at: F.at(18, 3, 2026))
        _ = try d.closePostings(by: .system, at: F.at(24, 3, 2026))
        #expect(throws: ReviewError.self) {   // a decision cannot be dated in the future
            var copy = d
            _ = try copy.issueDecision(number: "31/QĐ-UBND", date: F.day(26, 3, 2026), signer: "Chủ tịch", capacity: .chairman,
                                       by: F.cld, at: F.at(25, 3, 2026), environment: F.env)
        }
        _ = try d.issueDecision(number: "31/QĐ-UBND", date: F.day(25, 3, 2026), signer: "Chủ tịch", capacity: .chairman,
                                by: F.cld, at: F.at(25, 3, 2026), environment: F.env)
        #expect(d.certificates["H1"]?.closedOn == F.day(25, 3, 2026))
        #expect(d.certificates["H1"]?.closingNote?.contains("31/QĐ-UBND") == true)
        #expect(d.certificates["H2"]?.number == "8/GCN-HN.HCN")
        #expect(d.certificates["H2"]?.recognisedClass == .poor)
        #expect(d.newTransitions.map(\.flow) == [.escapedPoor, .relapse])
        #expect(d.newStatusRecords.allSatisfy { $0.source == .regular })
        try d.amendCertificate("H2", CertificateAmendment(date: F.day(1, 4, 2026), change: "Thêm con", paper: .birth,
                                                          paperReference: "GKS 12/2026", recordedBy: "com"), by: F.com)
        #expect(d.certificates["H2"]?.amendments.count == 1)
        #expect(throws: ReviewError.self) { try d.amendCertificate("H1", CertificateAmendment(date: F.day(1, 4, 2026), change: "x", paper: .death, paperReference: "y", recordedBy: "com"), by: F.com) }
    }
}
