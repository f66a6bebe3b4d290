import Foundation
import PovertyStandard
import Registry
import VietnameseText

extension CommuneDossier {
    // MARK: Row 2 — quick identification (Phiếu A)

    /// Enters a Phiếu A for an `add` request from a household not currently poor or near-poor.
    public mutating func enterQuickID(_ q: QuickIdentification, by actor: ReviewActor, at now: Date, settings: ReviewSettings) throws -> String {
        let c = try requireCase(q.householdCode)
        try round.requireSteps()
        try ReviewAuthority.check(.enterQuickID, actor, chain: round.chain, commune: communeCode, village: c.village)
        guard c.state == .listed else {
            throw ReviewError.state("Hộ \(c.householdCode)", is: c.state.vietnamese, action: "nhập phiếu A")
        }
        guard c.isAddRequest else {
            throw ReviewError.guardFailed("quick_id_not_applicable",
                "Phiếu A chỉ áp dụng cho hộ có giấy đề nghị bổ sung và hiện không thuộc hộ nghèo, cận nghèo")
        }
        try q.validate(criteria: settings.quickIDCriteria)
        var q = q
        q.roundID = round.id
        q.reviewer = actor.account
        q.id = nextID("PA", quickIDs.count)
        quickIDs[q.id] = q
        return q.id
    }

    /// Row 2: COM confirms a `clearly_not_poor` Phiếu A and records the reply: `listed` → `rejected`.
    public mutating func confirmQuickID(_ householdCode: String, reply: String, by actor: ReviewActor, at now: Date) throws {
        var c = try requireCase(householdCode)
        try CaseTransition.quickIDReject.authorise(actor, case: c, village: c.village, round: round, commune: communeCode)
        guard var q = quickIDs.values.filter({ $0.householdCode == householdCode }).max(by: { $0.id < $1.id }) else {
            throw ReviewError.guardFailed("quick_id_missing", "Hộ \(householdCode) chưa có phiếu A")
        }
        guard q.result == .clearlyNotPoor else {
            throw ReviewError.guardFailed("quick_id_not_clear", "Phiếu A của hộ \(householdCode) không có tiêu chí nào “có”: hộ phải được rà soát bằng phiếu B")
        }
        guard c.isAddRequest else { throw ReviewError.guardFailed("quick_id_not_applicable", "Hộ \(householdCode) không phải hộ đề nghị bổ sung") }
        if reply.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("reply", "Cần nội dung trả lời hộ") }
        q.confirmedBy = actor.account
        q.confirmedAt = now
        q.reply = reply
        quickIDs[q.id] = q
        c.reply = reply
        c.move(to: .rejected, row: 2, by: actor.account, at: now, note: q.id)
        cases[householdCode] = c
    }

    // MARK: Rows 3–4 — Phiếu B

    /// Throws unless a VIL actor is among the reviewers the commune plan assigned to `village`
    /// (when the plan names any): "VIL (assigned village)".
    func checkAssignedReviewer(_ actor: ReviewActor, village: String) throws {
        guard actor.role == .village, let plan else { return }
        let assigned = plan.reviewers(ofVillage: village)
        if !assigned.isEmpty && !assigned.contains(actor.account) {
            throw ReviewError.scope("Thôn \(village) (chưa được phân công rà soát theo kế hoạch của xã)")
        }
    }

    /// Saves a draft Phiếu B version (new, or the household's current draft). Versions after a
    /// locked one need a reason (row 4); from `posted` on, only a re-check's version is accepted.
    public mutating func saveSurvey(_ draft: Survey, by actor: ReviewActor, at now: Date) throws -> String {
        let c = try requireCase(draft.householdCode)
        try round.requireSteps()
        try ReviewAuthority.check(.survey, actor, chain: round.chain, commune: communeCode, village: c.village)
        try checkAssignedReviewer(actor, village: c.village)
        let versions = surveyVersions(of: draft.householdCode)
        let locked = versions.filter { $0.state == .locked }
        var s = draft
        s.roundID = round.id
        s.standardID = round.standardID
        s.state = .draft
        s.result = nil
        s.lockedAt = nil
        s.lockedBy = nil
        if let current = versions.last, current.state == .draft {
            s.version = current.version
        } else {
            s.version = (versions.last?.version ?? 0) + 1
        }
        s.id = Survey.id(roundID: round.id, householdCode: s.householdCode, version: s.version)
        switch c.state {
        case .listed, .surveyed:
            if c.state == .listed && c.isAddRequest, let q = quickIDs.values.first(where: { $0.householdCode == c.householdCode }),
               q.result == .clearlyNotPoor {
                throw ReviewError.guardFailed("quick_id_clear", "Phiếu A của hộ \(c.householdCode) kết luận không nghèo: xác nhận và trả lời hộ thay vì lập phiếu B")
            }
        case .rechecking:
            guard let r = openRecheck(of: c.householdCode), s.recheckID == r.id else {
                throw ReviewError.guardFailed("recheck_required", "Hộ \(c.householdCode) đang phúc tra: phiếu mới phải gắn với tổ phúc tra đã lập")
            }
        default:
            throw ReviewError.state("Hộ \(c.householdCode)", is: c.state.vietnamese,
                                    action: "lập phiếu B mới (từ khi niêm yết, chỉ thay đổi qua phúc tra)")
        }
        if !locked.isEmpty && (s.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReviewError.invalid("reason", "Phiếu B phiên bản \(s.version) cần nêu lý do lập phiếu mới")
        }
        if s.respondent.name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReviewError.invalid("respondent.name", "Thiếu tên người trả lời phỏng vấn")
        }
        s.reviewer = actor.account
        surveys[s.id] = s
        return s.id
    }

    /// Rows 3–4 (and a re-check's version): locks the household's draft version. The engine
    /// computes the class from the form; a version whose class is `incomplete` is refused.
    @discardableResult
    public mutating func lockSurvey(_ householdCode: String, by actor: ReviewActor, at now: Date, environment env: ReviewEnvironment) throws -> SurveyResult {
        var c = try requireCase(householdCode)
        guard var s = surveyVersions(of: householdCode).last, s.state == .draft else {
            throw ReviewError.guardFailed("no_draft", "Hộ \(householdCode) không có phiếu B đang nhập để khóa")
        }
        let row: CaseTransition = c.state == .listed ? .lockSurvey : .newVersion
        if c.state == .rechecking {
            try round.requireSteps()
            try ReviewAuthority.check(.survey, actor, chain: round.chain, commune: communeCode, village: c.village)
        } else {
            try row.authorise(actor, case: c, village: c.village, round: round, commune: communeCode)
        }
        try checkAssignedReviewer(actor, village: c.village)
        let result = try s.evaluate(engine: env.engine(round.standardID), table: env.scoringTable(s.scoringTableID))
        guard result.povertyClass != .incomplete else {
            let unknown = result.unknown.map(\.rawValue).joined(separator: ", ")
            throw ReviewError.guardFailed("incomplete",
                "Chưa thể khóa phiếu: chưa đủ thông tin để phân loại (\(result.b1Score == nil ? "thiếu điểm B1" : "chỉ số chưa xác định: \(unknown)"))")
        }
        s.state = .locked
        s.lockedAt = now
        s.lockedBy = actor.account
        s.result = result
        surveys[s.id] = s
        c.lockedVersion = s.version
        c.reviewer = s.reviewer
        c.result = result
        if c.state != .rechecking {
            c.move(to: .surveyed, row: row.rawValue, by: actor.account, at: now, note: "Phiếu B v\(s.version): \(result.povertyClass.rawValue)")
        } else {
            c.events.append(CaseEvent(at: now, by: actor.account, row: 8, from: .rechecking, to: .rechecking,
                                      note: "Phiếu B phúc tra v\(s.version): \(result.povertyClass.rawValue)"))
        }
        cases[householdCode] = c
        return result
    }

    /// The re-check of a household still without a result, if any.
    public func openRecheck(of householdCode: String) -> Recheck? {
        rechecks.values.first { $0.householdCode == householdCode && $0.result == nil }
    }
}
