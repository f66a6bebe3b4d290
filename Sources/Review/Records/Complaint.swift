import Foundation
import VietnameseText

/// Type of a complaint (loại khiếu nại, kiến nghị).
public enum ComplaintType: String, Sendable, Codable, CaseIterable, Hashable {
    /// The household should be included (cần bổ sung).
    case shouldBeIncluded = "should_be_included"
    /// The household should be excluded (cần đưa ra).
    case shouldBeExcluded = "should_be_excluded"
    /// Wrong class (phân loại sai).
    case wrongClass = "wrong_class"
    /// Wrong data (thông tin sai).
    case wrongData = "wrong_data"
    /// Other (khác).
    case other
}

/// State of a complaint (trạng thái khiếu nại).
public enum ComplaintState: String, Sendable, Codable, Hashable {
    /// Registered, no re-check team yet (mới tiếp nhận).
    case open
    /// A re-check team is working on it (đang phúc tra).
    case rechecking
    /// Handled by a re-check; reply sent (đã giải quyết).
    case resolved
    /// Rejected without re-check, e.g. unfounded or about no listed household (không thụ lý).
    case dismissed

    /// Whether it still blocks the end of the household's posting.
    public var isOpen: Bool { self == .open || self == .rechecking }
}

/// A complaint or petition (khiếu nại, kiến nghị), review.md §3.4 step 4. State `open` →
/// `rechecking` → `resolved` | `dismissed`.
///
/// Decision taken where review.md is silent: a re-check whose result is `upheld` still
/// *resolves* the complaint (it was examined and answered); `dismissed` is kept for complaints
/// closed without a re-check.
public struct Complaint: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Round and commune.
    public var roundID: String, communeCode: String
    /// Received at (date-time).
    public var receivedAt: Date
    /// Channel.
    public var channel: RequestChannel
    /// Complainant's name and contact, `nil` when anonymous.
    public var complainant: String?, contact: String?
    /// Anonymous (ẩn danh).
    public var anonymous: Bool
    /// Household concerned.
    public var householdCode: String
    /// Type.
    public var type: ComplaintType
    /// Content.
    public var content: String
    /// Received by.
    public var receivedBy: String
    /// State.
    public var state: ComplaintState
    /// Reply date and text.
    public var repliedOn: CivilDate?, reply: String?

    /// Creates an open complaint.
    public init(id: String, roundID: String, communeCode: String, receivedAt: Date, channel: RequestChannel, complainant: String?,
                contact: String? = nil, householdCode: String, type: ComplaintType, content: String, receivedBy: String) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.receivedAt = receivedAt
        self.channel = channel
        self.complainant = complainant
        self.contact = contact
        self.anonymous = complainant?.trimmingCharacters(in: .whitespaces).isEmpty ?? true
        self.householdCode = householdCode
        self.type = type
        self.content = content
        self.receivedBy = receivedBy
        self.state = .open
    }
}

/// Result of a re-check (kết quả phúc tra).
public enum RecheckResult: String, Sendable, Codable, Hashable {
    /// The class stands (giữ nguyên).
    case upheld
    /// The class changed (thay đổi).
    case changed
}

/// Why a re-check runs.
public enum RecheckTrigger: String, Sendable, Codable, Hashable {
    /// Complaints during the posting (khiếu nại).
    case complaint
    /// The upper level's opinion asked for it (cấp trên yêu cầu, row 11).
    case upperLevel = "upper_level"
}

/// A re-check (phúc tra), review.md §3.4: a team of at least `review.recheck.min_team` persons,
/// none of them the reviewer of the version under complaint, makes a new Phiếu B version.
public struct Recheck: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Round, commune, household.
    public var roundID: String, communeCode: String, householdCode: String
    /// Complaints handled.
    public var complaintIDs: [String]
    /// Trigger.
    public var trigger: RecheckTrigger
    /// Team members (accounts or names).
    public var team: [String]
    /// Date the team was formed, and the due date (`review.recheck.working_days`).
    public var date: CivilDate, dueDate: CivilDate
    /// The version under complaint.
    public var surveyVersionUnderReview: Int
    /// The new version, its result, the minutes scan.
    public var newSurveyVersion: Int?, result: RecheckResult?, minutesScan: String?
    /// When the result was recorded.
    public var completedAt: Date?

    /// Creates a re-check without a result.
    public init(id: String, roundID: String, communeCode: String, householdCode: String, complaintIDs: [String], trigger: RecheckTrigger,
                team: [String], date: CivilDate, dueDate: CivilDate, surveyVersionUnderReview: Int) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.complaintIDs = complaintIDs
        self.trigger = trigger
        self.team = team
        self.date = date
        self.dueDate = dueDate
        self.surveyVersionUnderReview = surveyVersionUnderReview
    }

    /// The team rule: at least `minTeam` distinct persons, none of them `originalReviewer`.
    public static func checkTeam(_ team: [String], minTeam: Int, originalReviewer: String) throws {
        let members = Set(team.map { VietnameseText.fold(VietnameseText.nfc($0)) }.filter { !$0.isEmpty })
        if members.count < minTeam {
            throw ReviewError.guardFailed("recheck_team_size", "Tổ phúc tra cần ít nhất \(minTeam) người khác nhau", field: "team")
        }
        if members.contains(VietnameseText.fold(VietnameseText.nfc(originalReviewer))) {
            throw ReviewError.guardFailed("recheck_team_reviewer",
                "Tổ phúc tra không được có người đã rà soát phiếu bị khiếu nại (\(originalReviewer))", field: "team")
        }
    }
}
