import Foundation
import Registry
import VietnameseText

/// State of a household in a campaign or batch (trạng thái hộ trong đợt), review.md §3.5.
public enum CaseState: String, Sendable, Codable, CaseIterable, Hashable {
    /// On the campaign list.
    case listed
    /// A locked Phiếu B exists; class known.
    case surveyed
    /// The village meeting agreed the result.
    case agreed
    /// On a running posting notice.
    case posted
    /// A complaint or an upper-level request is being re-checked.
    case rechecking
    /// Posting ended with no open complaint.
    case postingClosed = "posting_closed"
    /// Included in the consultation report.
    case reported
    /// In the decision: class set (including unchanged or escaped) — terminal.
    case recognised
    /// Add-request not qualifying; reply sent — terminal.
    case rejected
    /// Request withdrawn, household dissolved, moved out, merged or duplicate — terminal.
    case withdrawn

    /// The label shown in the interface (review.md §3.5).
    public var vietnamese: String {
        switch self {
        case .listed: "Trong danh sách rà soát"
        case .surveyed: "Đã rà soát, phân loại"
        case .agreed: "Đã thống nhất tại họp dân"
        case .posted: "Đang niêm yết"
        case .rechecking: "Đang phúc tra"
        case .postingClosed: "Hết thời hạn niêm yết"
        case .reported: "Đã báo cáo, xin ý kiến"
        case .recognised: "Đã công nhận"
        case .rejected: "Không đủ điều kiện"
        case .withdrawn: "Dừng rà soát"
        }
    }

    /// Whether the state is terminal: the case and everything attached are read-only.
    public var isTerminal: Bool { self == .recognised || self == .rejected || self == .withdrawn }
}

/// Why a household leaves a campaign early (lý do dừng rà soát), row 14.
public enum WithdrawalReason: String, Sendable, Codable, CaseIterable, Hashable {
    /// The request was withdrawn in writing (rút đề nghị bằng văn bản).
    case requestWithdrawn = "request_withdrawn"
    /// The household dissolved (hộ giải thể).
    case dissolved
    /// Moved out of the commune (chuyển khỏi xã).
    case movedOut = "moved_out"
    /// Merged into another household (nhập hộ).
    case merged
    /// Listed twice (trùng).
    case duplicate
}

/// Why a household is on the list (nguồn đưa vào danh sách).
public enum ListingSource: String, Sendable, Codable, CaseIterable, Hashable {
    /// On the commune's current poor or near-poor list (danh sách hiện hành).
    case currentList = "current_list"
    /// A Mẫu 01 request (giấy đề nghị).
    case request
    /// A current avg-agri household (`review.avg_agri.in_periodic_list`).
    case avgAgri = "avg_agri"
    /// Opened by the commune (xã chủ động).
    case communeInitiated = "commune_initiated"
}

/// One step in a case's life, kept with the case (diễn biến).
public struct CaseEvent: Sendable, Hashable, Codable {
    /// When, by whom.
    public var at: Date, by: String
    /// Row of review.md §3.5.
    public var row: Int
    /// From and to.
    public var from: CaseState?, to: CaseState
    /// Note (reason, document number…).
    public var note: String?

    /// Creates an event.
    public init(at: Date, by: String, row: Int, from: CaseState?, to: CaseState, note: String? = nil) {
        self.at = at
        self.by = by
        self.row = row
        self.from = from
        self.to = to
        self.note = note
    }
}

/// A household in a campaign or monthly batch (hồ sơ rà soát của hộ), the record the state
/// machine of review.md §3.5 moves. Read-only for every role once terminal.
public struct HouseholdCase: Sendable, Hashable, Codable, Identifiable {
    /// `{round}/{household}`.
    public var id: String { "\(roundID)/\(householdCode)" }
    /// Round, commune, household, village.
    public var roundID: String, communeCode: String, householdCode: String, village: String
    /// Why it was listed.
    public var source: ListingSource
    /// Requests that brought it (Mẫu 01), and the type of the latest.
    public var requestIDs: [String], requestType: RequestType?
    /// Recognised class and its standard when listed (đang là hộ …).
    public var classAtListing: RecognisedClass, standardAtListing: String?
    /// The household was poor in an earlier year (for R9 re-entry after escape).
    public var everPoor: Bool
    /// State.
    public var state: CaseState
    /// Listed on, by.
    public var listedOn: CivilDate, listedBy: String
    /// Latest locked Phiếu B version, its reviewer and result.
    public var lockedVersion: Int?, reviewer: String?, result: SurveyResult?
    /// Version objected to at a meeting, pending a newer version and a follow-up agreement.
    public var objectionVersion: Int?
    /// Version the meeting agreed.
    public var agreedVersion: Int?
    /// Current posting and its end.
    public var postingID: String?, postingEnd: Date?
    /// Consultation it was reported in.
    public var consultationID: String?
    /// Decision, class decided, reply to the household.
    public var decisionID: String?, decidedClass: RecognisedClass?, reply: String?
    /// Why it was withdrawn.
    public var withdrawal: WithdrawalReason?
    /// History of moves.
    public var events: [CaseEvent]

    /// Creates a listed case.
    public init(roundID: String, communeCode: String, householdCode: String, village: String, source: ListingSource,
                requestIDs: [String] = [], requestType: RequestType? = nil, classAtListing: RecognisedClass,
                standardAtListing: String? = nil, everPoor: Bool = false, listedOn: CivilDate, listedBy: String) {
        self.roundID = roundID
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.village = village
        self.source = source
        self.requestIDs = requestIDs
        self.requestType = requestType
        self.classAtListing = classAtListing
        self.standardAtListing = standardAtListing
        self.everPoor = everPoor
        self.state = .listed
        self.listedOn = listedOn
        self.listedBy = listedBy
        self.events = []
    }

    /// Whether the household is on the poor or near-poor list (đang trong danh sách).
    public var wasOnList: Bool { classAtListing == .poor || classAtListing == .nearPoor }

    /// Whether the case is an add-request from a household not on a list (row 2, row 13).
    public var isAddRequest: Bool { requestType == .add && !wasOnList }

    /// Moves the case, recording the event.
    mutating func move(to state: CaseState, row: Int, by: String, at: Date, note: String? = nil) {
        events.append(CaseEvent(at: at, by: by, row: row, from: self.state, to: state, note: note))
        self.state = state
    }
}

/// What a batch action did (kết quả thao tác hàng loạt): the households it moved, and those it
/// skipped with the reason, as review.md §3.3 requires.
public struct BatchResult: Sendable, Hashable, Codable {
    /// A household skipped and why.
    public struct Skip: Sendable, Hashable, Codable {
        /// Household code.
        public var householdCode: String
        /// Why, in Vietnamese.
        public var reason: String
        /// Stable code, e.g. `state`, `open_complaint`.
        public var code: String

        /// Creates a skip.
        public init(householdCode: String, reason: String, code: String) {
            self.householdCode = householdCode
            self.reason = reason
            self.code = code
        }
    }

    /// Households moved.
    public var moved: [String] = []
    /// Households skipped.
    public var skipped: [Skip] = []
    /// The record the action created (notice, minutes, decision…), if any.
    public var recordID: String?

    /// An empty result.
    public init() {}

    mutating func skip(_ code: String, _ household: String, _ reason: String) {
        skipped.append(Skip(householdCode: household, reason: reason, code: code))
    }
}
