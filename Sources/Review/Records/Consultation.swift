import Foundation
import VietnameseText

/// Type of the upper level's opinion (loại ý kiến).
public enum OpinionType: String, Sendable, Codable, Hashable {
    /// Agree (thống nhất).
    case agree
    /// Agree with notes (thống nhất, có lưu ý).
    case agreeWithNotes = "agree_with_notes"
    /// Asks for a re-check of named households (đề nghị phúc tra).
    case requestRecheck = "request_recheck"
}

/// The upper level's opinion (ý kiến của cấp trên) on a consultation report.
public struct ConsultationOpinion: Sendable, Hashable, Codable {
    /// Date, number, from (unit).
    public var date: CivilDate, number: String?, from: String
    /// Type.
    public var type: OpinionType
    /// Households named for re-check.
    public var recheckHouseholds: [String]
    /// Text.
    public var text: String
    /// Recorded by (account).
    public var recordedBy: String?

    /// Creates an opinion.
    public init(date: CivilDate, number: String? = nil, from: String, type: OpinionType, recheckHouseholds: [String] = [], text: String) {
        self.date = date
        self.number = number
        self.from = from
        self.type = type
        self.recheckHouseholds = recheckHouseholds
        self.text = text
    }
}

/// The commune's R2 figures carried by a consultation report (số liệu báo cáo).
public struct ConsultationFigures: Sendable, Hashable, Codable {
    /// Households and persons per attached list.
    public var lists: [AttachedList]
    /// Households reviewed.
    public var householdsReviewed: Int

    /// Creates figures.
    public init(lists: [AttachedList], householdsReviewed: Int) {
        self.lists = lists
        self.householdsReviewed = householdsReviewed
    }
}

/// State of a consultation.
public enum ConsultationState: String, Sendable, Codable, Hashable {
    /// Drafted by COM (dự thảo).
    case draft
    /// Signed and sent by CLD (đã gửi).
    case sent
    /// Opinion recorded (đã có ý kiến).
    case answered
    /// No opinion within `review.consult.wait_working_days`: the commune may proceed.
    case noOpinionReceived = "no_opinion_received"
}

/// The report seeking the upper level's opinion (báo cáo, xin ý kiến), review.md §3.4 step 5:
/// to the district chairman (three-tier) or the provincial body (two-tier).
public struct Consultation: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Round and commune.
    public var roundID: String, communeCode: String
    /// Report number, date, signer.
    public var number: String, date: CivilDate, signer: String
    /// Recipient unit (đơn vị nhận).
    public var recipient: String
    /// Figures and lists.
    public var figures: ConsultationFigures
    /// Households reported.
    public var households: [String]
    /// Sent date, and by which account.
    public var sentOn: CivilDate?, sentBy: String?
    /// Opinion.
    public var opinion: ConsultationOpinion?
    /// State.
    public var state: ConsultationState
    /// Silence deadline: sent + `review.consult.wait_working_days`.
    public var waitUntil: CivilDate?

    /// Creates a draft.
    public init(id: String, roundID: String, communeCode: String, number: String, date: CivilDate, signer: String, recipient: String,
                figures: ConsultationFigures, households: [String]) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.number = number
        self.date = date
        self.signer = signer
        self.recipient = recipient
        self.figures = figures
        self.households = households
        self.state = .draft
    }

    /// Whether the decision may follow: an opinion recorded, or the silence rule met.
    public var allowsDecision: Bool { state == .answered || state == .noOpinionReceived }
}
