import Foundation
import Registry
import VietnameseText

extension CommuneDossier {
    // MARK: Row 10 — consultation (step 5)

    /// COM (or CLD) drafts the consultation report over the households whose posting closed.
    /// The recipient defaults to the chain's upper level (`review.consult.two_tier_recipient` in
    /// two-tier).
    public mutating func draftConsultation(number: String, date: CivilDate, signer: String, recipient: String?,
                                           by actor: ReviewActor, at now: Date, settings: ReviewSettings) throws -> String {
        try round.requireSteps()
        guard round.requiresConsultation else { throw ReviewError("review.step_absent", "Đợt \(round.id) không xin ý kiến cấp trên") }
        try ReviewAuthority.check(.draftConsultation, actor, chain: round.chain, commune: communeCode)
        let households = cases.values.filter { $0.state == .postingClosed }.map(\.householdCode).sorted()
        if households.isEmpty { throw ReviewError.guardFailed("nothing_to_report", "Chưa có hộ nào hết thời hạn niêm yết để báo cáo") }
        let to = recipient ?? (round.chain == .twoTier ? settings.consultTwoTierRecipient : "Chủ tịch UBND huyện")
        let k = Consultation(id: nextID("BC", consultations.count), roundID: round.id, communeCode: communeCode, number: number,
                             date: date, signer: signer, recipient: to,
                             figures: ConsultationFigures(lists: attachedLists(households), householdsReviewed: cases.count),
                             households: households)
        try DocumentReference(number: number, date: date, signer: signer).validate(field: "consultation")
        consultations[k.id] = k
        return k.id
    }

    /// Row 10: CLD signs and sends the report. Guard: every household of the commune batch is
    /// `posting_closed` or terminal — or already `reported`, for a supplementary report after an
    /// upper-level re-check (a decision taken where review.md is silent).
    public mutating func sendConsultation(_ id: String, by actor: ReviewActor, at now: Date, environment env: ReviewEnvironment) throws -> BatchResult {
        guard var k = consultations[id] else { throw ReviewError.notFound("báo cáo \(id)") }
        try round.requireSteps()
        try ReviewAuthority.check(.sendConsultation, actor, chain: round.chain, commune: communeCode)
        guard k.state == .draft else { throw ReviewError.immutable("Báo cáo \(k.number)") }
        let pending = cases.values.filter { !$0.state.isTerminal && $0.state != .postingClosed && $0.state != .reported }
            .map(\.householdCode).sorted()
        if !pending.isEmpty {
            throw ReviewError.guardFailed("households_pending",
                "Còn \(pending.count) hộ chưa hết thời hạn niêm yết hoặc đang phúc tra: \(pending.prefix(10).joined(separator: ", "))")
        }
        let today = LocalTime.day(now)
        k.state = .sent
        k.sentOn = today
        k.sentBy = actor.account
        k.waitUntil = try env.calendar.lastDay(ofWorkingDays: env.settings.consultWaitWorkingDays, after: today)
        consultations[id] = k
        var result = BatchResult()
        result.recordID = id
        for code in k.households {
            guard var c = cases[code], c.state == .postingClosed else {
                result.skip("state", code, "Hộ không còn ở trạng thái “\(CaseState.postingClosed.vietnamese)”")
                continue
            }
            c.consultationID = id
            c.move(to: .reported, row: 10, by: actor.account, at: now, note: k.number)
            cases[code] = c
            result.moved.append(code)
        }
        return result
    }

    /// Step 5 opinion, by DST (three-tier) or PRV (two-tier); `request_recheck` moves each named
    /// `reported` household to `rechecking` (row 11), skipping the others with the reason.
    public mutating func recordOpinion(_ id: String, _ opinion: ConsultationOpinion, by actor: ReviewActor, at now: Date) throws -> BatchResult {
        guard var k = consultations[id] else { throw ReviewError.notFound("báo cáo \(id)") }
        try round.requireSteps()
        try ReviewAuthority.check(.recordOpinion, actor, chain: round.chain, commune: communeCode)
        guard k.state == .sent || k.state == .noOpinionReceived else {
            throw ReviewError.state("Báo cáo \(k.number)", is: k.state.rawValue, action: "ghi ý kiến")
        }
        if opinion.type == .requestRecheck && opinion.recheckHouseholds.isEmpty {
            throw ReviewError.invalid("recheck_households", "Ý kiến đề nghị phúc tra phải nêu các hộ")
        }
        var o = opinion
        o.recordedBy = actor.account
        k.opinion = o
        k.state = .answered
        consultations[id] = k
        var result = BatchResult()
        for code in opinion.recheckHouseholds {
            guard var c = cases[code] else { result.skip("not_listed", code, "Hộ không có trong đợt"); continue }
            guard c.state == .reported, k.households.contains(code) else {
                result.skip("state", code, "Hộ không ở trạng thái “\(CaseState.reported.vietnamese)” trong báo cáo này")
                continue
            }
            c.move(to: .rechecking, row: 11, by: actor.account, at: now, note: "Cấp trên đề nghị phúc tra (\(k.number))")
            cases[code] = c
            result.moved.append(code)
        }
        return result
    }

    /// The silence rule: a sent report without opinion after `review.consult.wait_working_days`
    /// is marked `no_opinion_received`. Returns the ids marked.
    public mutating func applySilenceRule(today: CivilDate) -> [String] {
        var marked: [String] = []
        for (id, k) in consultations where k.state == .sent {
            if let wait = k.waitUntil, today > wait {
                var k = k
                k.state = .noOpinionReceived
                consultations[id] = k
                marked.append(id)
            }
        }
        return marked
    }

    // MARK: Rows 12–13 — decision (step 6)

    /// The number's year scope key: numbers are unique per commune and year.
    public static func numberKey(_ number: String, year: Int) -> String { "\(year):\(VietnameseText.fold(number))" }

    /// Rows 12–13: CLD issues the recognition decision over the households ready for it
    /// (`reported` with the opinion recorded or the silence rule met on the report that carried
    /// them, or `posting_closed` without consultation); the others are skipped with the reason. Each is recognised with its
    /// computed class (unchanged, escaped or new), except an add-request household whose class is
    /// `average` or `not_poor`, which is rejected with a reply; a `leave` request still `poor` or
    /// `near_poor` keeps its class and is answered `not_granted` (unless
    /// `review.regular.voluntary_exit`). Writes the status records (class or standard changed),
    /// the transitions, and issues, confirms or closes certificates.
    public mutating func issueDecision(number: String, date: CivilDate, signer: String, capacity: SignerCapacity, scan: String? = nil,
                                       corrects: String? = nil, by actor: ReviewActor, at now: Date,
                                       environment env: ReviewEnvironment) throws -> BatchResult {
        try round.requireSteps()
        try ReviewAuthority.check(.issueDecision, actor, chain: round.chain, commune: communeCode)
        let today = LocalTime.day(now)
        if round.requiresConsultation {
            _ = applySilenceRule(today: today)
            guard consultations.values.contains(where: { $0.allowsDecision }) else {
                throw ReviewError.guardFailed("no_opinion",
                    "Chưa có ý kiến của cấp trên và chưa hết \(env.settings.consultWaitWorkingDays) ngày làm việc chờ ý kiến")
            }
        }
        func opinionPending(_ c: HouseholdCase) -> Bool {
            round.requiresConsultation && c.consultationID.flatMap { consultations[$0]?.allowsDecision } != true
        }
        if date > today {
            throw ReviewError.invalid("date", "Ngày quyết định \(VietnameseText.formatDate(date)) chưa đến")
        }
        let key = Self.numberKey(number, year: date.year)
        if usedDecisionNumbers.contains(key) {
            throw ReviewError.guardFailed("decision_number_used", "Số quyết định \(number) năm \(date.year) đã dùng; số quyết định không được dùng lại", field: "number")
        }
        let ready: CaseState = round.requiresConsultation ? .reported : .postingClosed
        let effective = RecognitionDecision.effectiveDate(signedOn: date, rule: env.settings.decisionEffective)
        var decision = RecognitionDecision(
            id: nextID("QD", decisions.count), number: number, date: date, communeCode: communeCode, signer: signer,
            capacity: capacity, roundID: round.id, kind: round.kind, standardID: round.standardID, effectiveDate: effective,
            scan: scan, corrects: corrects)
        try decision.validate()
        var result = BatchResult()
        result.recordID = decision.id
        for code in cases.keys.sorted() {
            guard var c = cases[code] else { continue }
            if c.state.isTerminal { continue }
            guard c.state == ready, let computed = c.result?.recognisedClass else {
                result.skip("state", code, "Hộ đang ở trạng thái “\(c.state.vietnamese)”, chưa thể quyết định")
                continue
            }
            if opinionPending(c) {
                result.skip("no_opinion", code, "Báo cáo xin ý kiến của hộ chưa có ý kiến cấp trên và chưa hết thời gian chờ")
                continue
            }
            let persons = self.persons(code)
            let poorSide = computed == .poor || computed == .nearPoor
            if !poorSide && !c.wasOnList {
                // Row 13 (add-request not qualifying), and any other household off the lists
                // whose class does not qualify: nothing to recognise.
                let reply = "Hộ không đủ điều kiện công nhận hộ nghèo, hộ cận nghèo (\(computed.vietnamese))"
                decision.lines.append(DecisionLine(householdCode: code, recognisedClass: c.classAtListing, previousClass: c.classAtListing,
                                                   persons: persons, rejected: true, reply: reply))
                c.decisionID = decision.id
                c.reply = reply
                c.move(to: .rejected, row: 13, by: actor.account, at: now, note: number)
                cases[code] = c
                result.moved.append(code)
                continue
            }
            var decided = computed
            var reply: String?
            if c.requestType == .leave && poorSide {
                reply = env.settings.regularVoluntaryExit && round.kind == .regular ? nil
                    : "not_granted: kết quả rà soát hộ vẫn là \(computed.vietnamese)"
                if env.settings.regularVoluntaryExit && round.kind == .regular { decided = .notPoor }
            }
            decision.lines.append(DecisionLine(householdCode: code, recognisedClass: decided, previousClass: c.classAtListing,
                                               persons: persons, reply: reply))
            record(c, decided: decided, decision: decision, actor: actor, now: now, environment: env)
            c.decisionID = decision.id
            c.decidedClass = decided
            c.reply = reply
            c.move(to: .recognised, row: 12, by: actor.account, at: now, note: number)
            cases[code] = c
            result.moved.append(code)
        }
        if decision.lines.isEmpty { throw ReviewError.guardFailed("nothing_to_decide", "Không có hộ nào sẵn sàng để ra quyết định") }
        decision.annexes = annexes(decision.lines)
        decision.issuedBy = actor.account
        decision.issuedAt = now
        decisions[decision.id] = decision
        usedDecisionNumbers.insert(key)
        return result
    }

    /// Annexes of a decision: poor, near-poor, escaped poor, escaped near-poor, newly poor, newly near-poor.
    func annexes(_ lines: [DecisionLine]) -> [AttachedList] {
        var byKind: [ListKind: [DecisionLine]] = [:]
        for l in lines where !l.rejected {
            for kind in Self.listKinds(from: l.previousClass, to: l.recognisedClass) { byKind[kind, default: []].append(l) }
        }
        return ListKind.allCases.compactMap { kind in
            byKind[kind].map { AttachedList(kind: kind, households: $0.map(\.householdCode), persons: $0.reduce(0) { $0 + $1.persons }) }
        }
    }

    /// The status record, transition and certificate change of one recognised household.
    mutating func record(_ c: HouseholdCase, decided: RecognisedClass, decision: RecognitionDecision, actor: ReviewActor,
                         now: Date, environment env: ReviewEnvironment) {
        let source: StatusSource = round.kind == .periodic ? .periodic : .regular
        if decided != c.classAtListing || c.standardAtListing != round.standardID {
            newStatusRecords.append(StatusRecord(
                householdCode: c.householdCode, effectiveDate: decision.effectiveDate, recognisedClass: decided,
                standardID: round.standardID, source: decision.corrects == nil ? source : .correction, decision: decision.number,
                campaign: round.id, recordedAt: now, recordedBy: actor.account))
        }
        newTransitions.append(TransitionRecord(
            householdCode: c.householdCode, communeCode: communeCode, village: c.village, roundID: round.id,
            source: round.kind == .periodic ? .periodic : .regular, decisionNumber: decision.number, decisionDate: decision.date,
            effectiveDate: decision.effectiveDate, from: c.classAtListing, to: decided, standardFrom: c.standardAtListing,
            standardTo: round.standardID, everPoor: c.everPoor))
        updateCertificate(c, decided: decided, decision: decision, settings: env.settings)
    }

    /// Issues a certificate at the first recognition as poor or near-poor within the standard
    /// period, adds a yearly confirmation to an open one, or closes it with an "escaped" note.
    mutating func updateCertificate(_ c: HouseholdCase, decided: RecognisedClass, decision: RecognitionDecision, settings: ReviewSettings) {
        let poorSide = decided == .poor || decided == .nearPoor
        if var cert = certificates[c.householdCode], cert.isOpen, cert.standardID == round.standardID {
            if poorSide {
                if let i = cert.confirmations.firstIndex(where: { $0.year == decision.date.year }) {
                    cert.confirmations[i] = CertificateConfirmation(year: decision.date.year, recognisedClass: decided, decision: decision.number,
                                                                   stampDate: decision.date)
                } else {
                    cert.confirmations.append(CertificateConfirmation(year: decision.date.year, recognisedClass: decided,
                                                                      decision: decision.number, stampDate: decision.date))
                }
            } else {
                cert.closedOn = decision.date
                cert.closingNote = "Hộ đã thoát nghèo, thoát cận nghèo theo Quyết định số \(decision.number) ngày \(VietnameseText.formatDate(decision.date))"
            }
            certificates[c.householdCode] = cert
            return
        }
        guard poorSide else { return }
        let roster = lockedSurveys(of: c.householdCode).last?.roster ?? []
        let head = roster.first { $0.relation == .head }
        let residence = ["Thôn \(c.village)", communeName.isEmpty ? "xã \(communeCode)" : communeName].joined(separator: ", ")
        let cert = Certificate(
            sequence: nextCertificateSequence, communeCode: communeCode, standardID: round.standardID, householdCode: c.householdCode,
            issuedOn: decision.date, decision: decision.number, recognisedClass: decided,
            head: CertificateHead(name: head?.fullName ?? "", ethnicity: head?.ethnicity, nationalID: head?.nationalID, residence: residence),
            members: roster)
        nextCertificateSequence += 1
        certificates[c.householdCode] = cert
    }

    /// COM adds an amendment row for a member change to a household's open certificate.
    public mutating func amendCertificate(_ householdCode: String, _ amendment: CertificateAmendment, by actor: ReviewActor) throws {
        if round.frozen { throw ReviewError.frozen(round.id) }
        try ReviewAuthority.check(.amendCertificate, actor, chain: round.chain, commune: communeCode)
        guard var cert = certificates[householdCode], cert.isOpen else { throw ReviewError.notFound("giấy chứng nhận còn hiệu lực của hộ \(householdCode)") }
        if amendment.paperReference.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReviewError.invalid("paper_reference", "Cần số giấy tờ chứng minh thay đổi thành viên")
        }
        cert.amendments.append(amendment)
        certificates[householdCode] = cert
    }
}
