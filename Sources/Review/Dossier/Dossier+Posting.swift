import Foundation
import Registry
import VietnameseText

extension CommuneDossier {
    // MARK: Row 6 — posting (step 4)

    /// The attached lists of a set of households, from their computed class against the class
    /// held when listed (R1 `proposed` basis): poor, near-poor, escaped, newly poor, newly near-poor.
    public func attachedLists(_ householdCodes: [String]) -> [AttachedList] {
        var byKind: [ListKind: [String]] = [:]
        for code in householdCodes {
            guard let c = cases[code], let to = c.result?.recognisedClass else { continue }
            for kind in CommuneDossier.listKinds(from: c.classAtListing, to: to) { byKind[kind, default: []].append(code) }
        }
        return ListKind.allCases.compactMap { kind in
            byKind[kind].map { AttachedList(kind: kind, households: $0.sorted(), persons: $0.reduce(0) { $0 + persons($1) }) }
        }
    }

    /// The lists a household of class `from` that is now `to` appears on.
    static func listKinds(from: RecognisedClass, to: RecognisedClass) -> [ListKind] {
        var kinds: [ListKind] = []
        if to == .poor { kinds.append(.poor) }
        if to == .nearPoor { kinds.append(.nearPoor) }
        switch PovertyFlow.between(from, to) {
        case .escapedPoor, .poorToNearPoor: kinds.append(.escapedPoor)
        case .escapedNearPoor: kinds.append(.escapedNearPoor)
        case .newPoor, .relapse: kinds.append(.newPoor)
        case .newNearPoor: kinds.append(.newNearPoor)
        default: break
        }
        return kinds
    }

    /// COM prepares a posting notice for the households of `villages` ready to post (`agreed`,
    /// or `surveyed` in a batch without meeting); the others are skipped with the reason. The
    /// end is computed on the working-day calendar.
    public mutating func preparePosting(number: String, villages: [String], places: [PostingPlace], start: Date,
                                        by actor: ReviewActor, at now: Date, environment env: ReviewEnvironment) throws -> BatchResult {
        try round.requireSteps()
        try ReviewAuthority.check(.preparePosting, actor, chain: round.chain, commune: communeCode)
        let keys = Set(villages.map(ReviewActor.villageKey))
        let ready: CaseState = round.requiresMeeting ? .agreed : .surveyed
        var result = BatchResult()
        var households: [String] = []
        for c in cases.values.sorted(by: { $0.householdCode < $1.householdCode }) where keys.isEmpty || keys.contains(ReviewActor.villageKey(c.village)) {
            if c.state == ready && c.postingID.map({ postings[$0]?.state == .draft }) != true {
                households.append(c.householdCode)
            } else if !c.state.isTerminal && c.state != .posted && c.state != .postingClosed && c.state != .reported {
                result.skip("state", c.householdCode, "Hộ đang ở trạng thái “\(c.state.vietnamese)”, cần “\(ready.vietnamese)”")
            }
        }
        var notice = try PostingNotice(
            id: nextID("TB", postings.count), roundID: round.id, communeCode: communeCode, number: number, villages: villages,
            places: places, start: start, workingDays: round.postingWorkingDays, households: households,
            lists: attachedLists(households), preparedBy: actor.account, calendar: env.calendar)
        try notice.validate()
        notice.state = .draft
        postings[notice.id] = notice
        for code in households { cases[code]?.postingID = notice.id }
        result.recordID = notice.id
        return result
    }

    /// CLD signs a prepared notice.
    public mutating func signPosting(_ noticeID: String, signer: String, by actor: ReviewActor, at now: Date) throws {
        try round.requireSteps()
        try ReviewAuthority.check(.signPosting, actor, chain: round.chain, commune: communeCode)
        guard var n = postings[noticeID] else { throw ReviewError.notFound("thông báo \(noticeID)") }
        guard n.state == .draft else { throw ReviewError.immutable("Thông báo \(n.number)") }
        if signer.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("signer", "Thiếu người ký thông báo") }
        n.signer = signer
        n.signedBy = actor.account
        n.signedAt = now
        n.state = .signed
        postings[noticeID] = n
    }

    /// Row 6: the posting starts (notice signed; start ≤ now): the notice's households move
    /// `agreed` → `posted` (those that moved on meanwhile are skipped).
    public mutating func startPosting(_ noticeID: String, by actor: ReviewActor, at now: Date) throws -> BatchResult {
        guard var n = postings[noticeID] else { throw ReviewError.notFound("thông báo \(noticeID)") }
        try round.requireSteps()
        try ReviewAuthority.check(.startPosting, actor, chain: round.chain, commune: communeCode)
        guard n.state == .signed else {
            throw ReviewError.guardFailed("notice_unsigned", n.state == .draft ? "Thông báo \(n.number) chưa được ký" : "Thông báo \(n.number) đã niêm yết")
        }
        guard n.start <= now else {
            throw ReviewError.guardFailed("notice_future", "Thời điểm bắt đầu niêm yết \(LocalTime.format(n.start)) chưa đến")
        }
        n.state = .posted
        postings[noticeID] = n
        var result = BatchResult()
        result.recordID = noticeID
        for code in n.households {
            guard var c = cases[code] else { continue }
            guard CaseTransition.startPosting.from(round).contains(c.state) else {
                result.skip("state", code, "Hộ đang ở trạng thái “\(c.state.vietnamese)”")
                continue
            }
            c.postingID = noticeID
            c.postingEnd = n.end
            c.move(to: .posted, row: 6, by: actor.account, at: now, note: n.number)
            cases[code] = c
            result.moved.append(code)
        }
        return result
    }

    // MARK: Rows 7–8 — complaints and re-checks

    /// What registering a complaint did.
    public enum ComplaintOutcome: Sendable, Hashable {
        /// Registered against the household's posting (id).
        case registered(String)
        /// Received after the posting end: to be registered as a regular-review request instead
        /// (review.md §3.4, **[U]**) — the request is returned for the caller to register.
        case registeredAsRequest(ReviewRequest)
    }

    /// Row 7: registers a complaint. Within the household's posting period it moves the household
    /// `posted` → `rechecking` (a household already rechecking keeps its state and gains the
    /// complaint); after the period ends — or about a household not in the round — it becomes a
    /// regular-review request.
    public mutating func registerComplaint(_ complaint: Complaint, by actor: ReviewActor, at now: Date) throws -> ComplaintOutcome {
        try round.requireSteps()
        try ReviewAuthority.check(.registerComplaint, actor, chain: round.chain, commune: communeCode)
        if complaint.content.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("content", "Thiếu nội dung khiếu nại") }
        func asRequest() -> ComplaintOutcome {
            let type: RequestType = complaint.type == .shouldBeExcluded ? .leave : .add
            return .registeredAsRequest(ReviewRequest(
                id: "", householdCode: complaint.householdCode, communeCode: communeCode, type: type,
                receivedOn: LocalTime.day(complaint.receivedAt), channel: complaint.channel,
                reason: "Khiếu nại sau thời hạn niêm yết: \(complaint.content)", signer: complaint.complainant ?? "Ẩn danh",
                receivedBy: actor.account, registeredAt: now))
        }
        guard var c = cases[complaint.householdCode], !c.state.isTerminal else { return asRequest() }
        var k = complaint
        k.id = nextID("KN", complaints.count)
        k.roundID = round.id
        k.communeCode = communeCode
        k.receivedBy = actor.account
        switch c.state {
        case .posted:
            guard let end = c.postingEnd, complaint.receivedAt < end else { return asRequest() }
            c.move(to: .rechecking, row: 7, by: actor.account, at: now, note: k.id)
            cases[c.householdCode] = c
        case .rechecking:
            c.events.append(CaseEvent(at: now, by: actor.account, row: 7, from: .rechecking, to: .rechecking, note: k.id))
            cases[c.householdCode] = c
        case .postingClosed, .reported:
            return asRequest()
        default:
            throw ReviewError.state("Hộ \(c.householdCode)", is: c.state.vietnamese, action: "tiếp nhận khiếu nại (hộ chưa niêm yết)")
        }
        complaints[k.id] = k
        return .registered(k.id)
    }

    /// Open complaints of a household.
    public func openComplaints(of householdCode: String) -> [Complaint] {
        complaints.values.filter { $0.householdCode == householdCode && $0.state.isOpen }.sorted { $0.id < $1.id }
    }

    /// Forms a re-check team for a `rechecking` household (complaints, or the upper level's
    /// request): at least `review.recheck.min_team` persons, none of them the reviewer of the
    /// version under complaint; due within `review.recheck.working_days`.
    public mutating func startRecheck(_ householdCode: String, team: [String], by actor: ReviewActor, at now: Date,
                                      environment env: ReviewEnvironment) throws -> String {
        let c = try requireCase(householdCode)
        try round.requireSteps()
        try ReviewAuthority.check(.recheck, actor, chain: round.chain, commune: communeCode)
        guard c.state == .rechecking else { throw ReviewError.state("Hộ \(householdCode)", is: c.state.vietnamese, action: "lập tổ phúc tra") }
        if openRecheck(of: householdCode) != nil { throw ReviewError.guardFailed("recheck_running", "Hộ \(householdCode) đang có tổ phúc tra") }
        guard let version = c.lockedVersion, let reviewer = c.reviewer else { throw ReviewError.guardFailed("no_survey", "Hộ chưa có phiếu B") }
        try Recheck.checkTeam(team, minTeam: env.settings.recheckMinTeam, originalReviewer: reviewer)
        let open = openComplaints(of: householdCode)
        let today = LocalTime.day(now)
        let r = Recheck(id: nextID("PT", rechecks.count), roundID: round.id, communeCode: communeCode, householdCode: householdCode,
                        complaintIDs: open.map(\.id), trigger: open.isEmpty ? .upperLevel : .complaint, team: team, date: today,
                        dueDate: try env.calendar.lastDay(ofWorkingDays: env.settings.recheckWorkingDays, after: today),
                        surveyVersionUnderReview: version)
        rechecks[r.id] = r
        for k in open {
            var k = k
            k.state = .rechecking
            complaints[k.id] = k
        }
        return r.id
    }

    /// Row 8: records the re-check result once its Phiếu B version is locked: `changed` when the
    /// class differs from the version under review, else `upheld`. The complaints are resolved
    /// with `reply`; the household returns to `posted`, and with a changed class and
    /// `review.recheck.repost_on_change` its posting restarts for a full period. The re-posting
    /// is recorded as a notice referencing the original (``PostingNotice/repostOf``) under the
    /// original's signature — review.md asks for the full period, not for a new signature.
    public mutating func recordRecheckResult(_ recheckID: String, reply: String, minutesScan: String? = nil, by actor: ReviewActor,
                                             at now: Date, environment env: ReviewEnvironment) throws -> RecheckResult {
        guard var r = rechecks[recheckID], r.result == nil else { throw ReviewError.notFound("tổ phúc tra \(recheckID) chưa có kết quả") }
        var c = try requireCase(r.householdCode)
        try CaseTransition.recheckResult.authorise(actor, case: c, village: c.village, round: round, commune: communeCode)
        guard let newest = lockedSurveys(of: r.householdCode).last, newest.recheckID == r.id, let newResult = newest.result else {
            throw ReviewError.guardFailed("recheck_survey", "Tổ phúc tra chưa khóa phiếu B mới của hộ \(r.householdCode)")
        }
        let before = lockedSurveys(of: r.householdCode).first { $0.version == r.surveyVersionUnderReview }?.result?.povertyClass
        let result: RecheckResult = before == newResult.povertyClass ? .upheld : .changed
        r.newSurveyVersion = newest.version
        r.result = result
        r.minutesScan = minutesScan
        r.completedAt = now
        rechecks[recheckID] = r
        for id in r.complaintIDs {
            guard var k = complaints[id] else { continue }
            k.state = .resolved
            k.repliedOn = LocalTime.day(now)
            k.reply = reply
            complaints[id] = k
        }
        if result == .changed && env.settings.recheckRepostOnChange, let originalID = c.postingID, let original = postings[originalID] {
            var repost = try PostingNotice(
                id: nextID("TB", postings.count), roundID: round.id, communeCode: communeCode, number: original.number,
                villages: [c.village], places: original.places, start: now, workingDays: round.postingWorkingDays,
                households: [c.householdCode], lists: attachedLists([c.householdCode]), preparedBy: actor.account,
                calendar: env.calendar, repostOf: original.id)
            repost.signer = original.signer
            repost.signedBy = original.signedBy
            repost.signedAt = original.signedAt
            repost.state = .posted
            postings[repost.id] = repost
            c.postingID = repost.id
            c.postingEnd = repost.end
        }
        c.move(to: .posted, row: 8, by: actor.account, at: now, note: "\(r.id): \(result.rawValue)")
        cases[c.householdCode] = c
        return result
    }

    /// Dismisses an open complaint without re-check (unfounded, duplicate…): `dismissed`, with
    /// the reply; the household returns to `posted` when nothing else holds it.
    public mutating func dismissComplaint(_ complaintID: String, reply: String, by actor: ReviewActor, at now: Date) throws {
        guard var k = complaints[complaintID], k.state == .open else { throw ReviewError.notFound("khiếu nại \(complaintID) đang mở") }
        var c = try requireCase(k.householdCode)
        try CaseTransition.recheckResult.authorise(actor, case: c, village: c.village, round: round, commune: communeCode)
        if reply.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("reply", "Cần nội dung trả lời") }
        k.state = .dismissed
        k.repliedOn = LocalTime.day(now)
        k.reply = reply
        complaints[complaintID] = k
        if openComplaints(of: c.householdCode).isEmpty && openRecheck(of: c.householdCode) == nil && c.decisionID == nil
            && c.consultationID == nil {
            c.move(to: .posted, row: 8, by: actor.account, at: now, note: "\(complaintID): dismissed")
            cases[c.householdCode] = c
        }
    }

    // MARK: Row 9 — end of posting

    /// Row 9, the system job: households whose posting ended with no open complaint move
    /// `posted` → `posting_closed`; those with an open complaint are listed as skipped.
    public mutating func closePostings(by actor: ReviewActor, at now: Date) throws -> BatchResult {
        try round.requireSteps()
        try ReviewAuthority.check(.closePosting, actor, chain: round.chain, commune: communeCode)
        var result = BatchResult()
        for code in cases.keys.sorted() {
            guard var c = cases[code], c.state == .posted, let end = c.postingEnd else { continue }
            if end > now { continue }
            if !openComplaints(of: code).isEmpty {
                result.skip("open_complaint", code, "Còn khiếu nại chưa giải quyết")
                continue
            }
            c.move(to: .postingClosed, row: 9, by: actor.account, at: now)
            cases[code] = c
            result.moved.append(code)
        }
        return result
    }
}
