import Foundation
import VietnameseText

/// What the household steps need to know of their campaign or monthly batch (đợt): its id, kind,
/// chain and standard, which optional steps it requires, and whether it is frozen.
public struct ReviewRound: Sendable, Hashable, Codable {
    /// Campaign id `RS-…` or batch id `RT-…`.
    public var id: String
    /// Periodic or regular.
    public var kind: RoundKind
    /// Chain (fixed at creation).
    public var chain: ApprovalChain
    /// Standard.
    public var standardID: String
    /// Year of the campaign or batch.
    public var year: Int
    /// Province code.
    public var provinceCode: String
    /// First day (window start or batch start).
    public var start: CivilDate
    /// Reference date for ages.
    public var referenceDate: CivilDate
    /// Whether step 3 (village meeting) and step 5 (consultation) run.
    public var requiresMeeting: Bool, requiresConsultation: Bool
    /// Posting period in working days.
    public var postingWorkingDays: Int
    /// Closed: everything read-only.
    public var frozen: Bool
    /// Household steps may run (campaign `open`/`consolidating`, batch open).
    public var acceptsSteps: Bool
    /// Loaded from past years (step records optional).
    public var imported: Bool

    /// Creates a round.
    public init(id: String, kind: RoundKind, chain: ApprovalChain, standardID: String, year: Int, provinceCode: String,
                start: CivilDate, referenceDate: CivilDate, requiresMeeting: Bool, requiresConsultation: Bool,
                postingWorkingDays: Int, frozen: Bool, acceptsSteps: Bool, imported: Bool = false) {
        self.id = id
        self.kind = kind
        self.chain = chain
        self.standardID = standardID
        self.year = year
        self.provinceCode = provinceCode
        self.start = start
        self.referenceDate = referenceDate
        self.requiresMeeting = requiresMeeting
        self.requiresConsultation = requiresConsultation
        self.postingWorkingDays = postingWorkingDays
        self.frozen = frozen
        self.acceptsSteps = acceptsSteps
        self.imported = imported
    }

    /// Throws unless household steps may run.
    public func requireSteps() throws {
        if frozen { throw ReviewError.frozen(id) }
        guard acceptsSteps else {
            throw ReviewError("review.round_not_open", "Đợt \(id) chưa mở hoặc đã kết thúc; chưa thể thực hiện các bước rà soát hộ")
        }
    }
}

extension Campaign {
    /// The campaign as a round of household steps.
    public func round(settings: ReviewSettings = .standard) -> ReviewRound {
        ReviewRound(id: id, kind: .periodic, chain: chain, standardID: standardID, year: year, provinceCode: provinceCode,
                    start: window.start, referenceDate: referenceDate, requiresMeeting: true, requiresConsultation: true,
                    postingWorkingDays: settings.periodicPostingWorkingDays, frozen: state == .closed,
                    acceptsSteps: acceptsHouseholdSteps, imported: imported)
    }
}

/// A row of the household state machine (review.md §3.5), with the states it leaves from and
/// the action (and so the roles) it needs. Rows 6 and 12–13 leave from other states in monthly
/// batches, which hold no village meeting and no consultation by default (§4).
public enum CaseTransition: Int, Sendable, CaseIterable, Hashable {
    /// 1: — → listed.
    case list = 1
    /// 2: listed → rejected by a confirmed Phiếu A.
    case quickIDReject = 2
    /// 3: listed → surveyed (lock a Phiếu B version).
    case lockSurvey = 3
    /// 4: surveyed → surveyed (new version, reason required).
    case newVersion = 4
    /// 5: surveyed → agreed (meeting outcome).
    case agree = 5
    /// 6: agreed → posted.
    case startPosting = 6
    /// 7: posted → rechecking (complaint).
    case complaint = 7
    /// 8: rechecking → posted (re-check result).
    case recheckResult = 8
    /// 9: posted → posting_closed (system).
    case closePosting = 9
    /// 10: posting_closed → reported.
    case report = 10
    /// 11: reported → rechecking (upper level asks).
    case upperRecheck = 11
    /// 12: reported → recognised.
    case recognise = 12
    /// 13: reported → rejected (decision; reply).
    case rejectAtDecision = 13
    /// 14: any non-terminal → withdrawn.
    case withdraw = 14

    /// States the row leaves from in `round` (`nil` = not yet in the round).
    public func from(_ round: ReviewRound) -> Set<CaseState?> {
        switch self {
        case .list: [nil]
        case .quickIDReject, .lockSurvey: [.listed]
        case .newVersion: [.surveyed]
        case .agree: [.surveyed]
        case .startPosting: [round.requiresMeeting ? .agreed : .surveyed]
        case .complaint: [.posted]
        case .recheckResult: [.rechecking]
        case .closePosting: [.posted]
        case .report: [.postingClosed]
        case .upperRecheck: [.reported]
        case .recognise, .rejectAtDecision: [round.requiresConsultation ? .reported : .postingClosed]
        case .withdraw: Set(CaseState.allCases.filter { !$0.isTerminal }.map { Optional($0) })
        }
    }

    /// The state the row leads to.
    public var to: CaseState {
        switch self {
        case .list: .listed
        case .quickIDReject, .rejectAtDecision: .rejected
        case .lockSurvey, .newVersion, .agree: self == .agree ? .agreed : .surveyed
        case .startPosting, .recheckResult: .posted
        case .complaint, .upperRecheck: .rechecking
        case .closePosting: .postingClosed
        case .report: .reported
        case .recognise: .recognised
        case .withdraw: .withdrawn
        }
    }

    /// The action the row needs (its roles are the action's).
    public var action: ReviewAction {
        switch self {
        case .list: .list
        case .quickIDReject: .confirmQuickID
        case .lockSurvey, .newVersion: .survey
        case .agree: .recordMeeting
        case .startPosting: .startPosting
        case .complaint: .registerComplaint
        case .recheckResult: .recheck
        case .closePosting: .closePosting
        case .report: .sendConsultation
        case .upperRecheck: .recordOpinion
        case .recognise, .rejectAtDecision: .issueDecision
        case .withdraw: .withdraw
        }
    }

    /// Whether the row exists in `round` (5, 10, 11 only with a meeting / consultation).
    public func exists(in round: ReviewRound) -> Bool {
        switch self {
        case .agree: round.requiresMeeting
        case .report, .upperRecheck: round.requiresConsultation
        default: true
        }
    }

    /// Throws unless `actor` may take the row on `c` (`nil` before listing) in `round`: the
    /// frozen and terminal rules first, then role, chain and scope, then the state.
    public func authorise(_ actor: ReviewActor, case c: HouseholdCase?, village: String, round: ReviewRound, commune: String) throws {
        try round.requireSteps()
        guard exists(in: round) else {
            throw ReviewError("review.step_absent", "Đợt \(round.id) không có bước này (rà soát thường xuyên không họp dân, không xin ý kiến)")
        }
        try ReviewAuthority.check(action, actor, chain: round.chain, commune: commune, village: village)
        let state = c?.state
        guard from(round).contains(state) else {
            if let state, state.isTerminal { throw ReviewError.immutable("Hồ sơ hộ \(c!.householdCode) (\(state.vietnamese))") }
            throw ReviewError.state("Hộ \(c?.householdCode ?? "")", is: state?.vietnamese ?? "chưa có trong đợt", action: action.vietnamese)
        }
    }
}
