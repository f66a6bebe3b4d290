import Foundation
import VietnameseText

extension CommuneDossier {
    // MARK: Row 5 — village meeting (step 3)

    /// Registers village meeting minutes and moves each household the meeting agreed:
    /// `surveyed` → `agreed`. An objection keeps the household `surveyed` until a newer version
    /// exists and a follow-up meeting — or the commune board (``MeetingMinutes/byCommuneBoard``,
    /// `review.meeting.followup_by_board`) — agrees it. Households not `surveyed`, or of another
    /// village, are skipped with the reason.
    public mutating func recordMeeting(_ minutes: MeetingMinutes, by actor: ReviewActor, at now: Date, settings: ReviewSettings) throws -> BatchResult {
        try round.requireSteps()
        guard round.requiresMeeting else { throw ReviewError("review.step_absent", "Đợt \(round.id) không họp dân") }
        let action: ReviewAction = minutes.byCommuneBoard ? .boardAgree : .recordMeeting
        try ReviewAuthority.check(action, actor, chain: round.chain, commune: communeCode,
                                  village: minutes.byCommuneBoard ? nil : minutes.village)
        if minutes.byCommuneBoard && !settings.meetingFollowupByBoard {
            throw ReviewError.guardFailed("board_followup_off", "Cấu hình không cho Ban giảm nghèo xã thống nhất thay họp dân")
        }
        try minutes.validate()
        if settings.meetingMinHouseholdShare > 0 && !minutes.byCommuneBoard {
            let inVillage = cases.values.filter { ReviewActor.villageKey($0.village) == ReviewActor.villageKey(minutes.village) }.count
            if Double(minutes.attendance.households) < settings.meetingMinHouseholdShare * Double(inVillage) {
                throw ReviewError.guardFailed("quorum", "Số hộ tham dự chưa đạt tỷ lệ tối thiểu \(Int(settings.meetingMinHouseholdShare * 100))%")
            }
        }
        var m = minutes
        m.id = nextID(minutes.byCommuneBoard ? "BBBGN" : "BB", meetings.count)
        m.roundID = round.id
        m.communeCode = communeCode
        m.registeredAt = now
        m.registeredBy = actor.account
        var result = BatchResult()
        result.recordID = m.id
        for (i, o) in minutes.outcomes.enumerated() {
            guard var c = cases[o.householdCode] else {
                result.skip("not_listed", o.householdCode, "Hộ không có trong đợt rà soát")
                continue
            }
            if !minutes.byCommuneBoard && ReviewActor.villageKey(c.village) != ReviewActor.villageKey(minutes.village) {
                result.skip("other_village", o.householdCode, "Hộ thuộc thôn \(c.village), không phải thôn \(minutes.village)")
                continue
            }
            guard c.state == .surveyed, let version = c.lockedVersion else {
                result.skip("state", o.householdCode, "Hộ đang ở trạng thái “\(c.state.vietnamese)”, cần “\(CaseState.surveyed.vietnamese)”")
                continue
            }
            m.outcomes[i].surveyVersion = version
            switch o.outcome {
            case .objection:
                c.objectionVersion = version
                c.events.append(CaseEvent(at: now, by: actor.account, row: 5, from: .surveyed, to: .surveyed,
                                          note: "Ý kiến không thống nhất (\(m.id)): \(o.note ?? "")"))
                cases[o.householdCode] = c
                result.skip("objection", o.householdCode, "Cuộc họp có ý kiến không thống nhất; cần phiếu mới và thống nhất lại")
            case .agreed:
                if let objected = c.objectionVersion, version <= objected {
                    result.skip("objection_pending", o.householdCode,
                                "Phiếu v\(version) đã bị phản đối; cần phiếu B mới hơn trước khi thống nhất lại")
                    continue
                }
                if minutes.byCommuneBoard && c.objectionVersion == nil {
                    result.skip("no_objection", o.householdCode, "Ban giảm nghèo chỉ thống nhất thay họp dân sau một ý kiến phản đối")
                    continue
                }
                c.objectionVersion = nil
                c.agreedVersion = version
                c.move(to: .agreed, row: 5, by: actor.account, at: now, note: m.id)
                cases[o.householdCode] = c
                result.moved.append(o.householdCode)
            }
        }
        meetings[m.id] = m
        return result
    }
}
