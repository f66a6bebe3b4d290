import Foundation
import VietnameseText

/// A household's outcome at a village meeting (kết quả thống nhất của hộ).
public enum MeetingOutcomeKind: String, Sendable, Codable, Hashable {
    /// The meeting agreed the result (thống nhất).
    case agreed
    /// An objection was raised (có ý kiến không thống nhất).
    case objection
}

/// One household discussed at a meeting.
public struct MeetingOutcome: Sendable, Hashable, Codable {
    /// Household code.
    public var householdCode: String
    /// Outcome.
    public var outcome: MeetingOutcomeKind
    /// Note (the objection's content).
    public var note: String?
    /// The survey version discussed (set when the minutes are registered).
    public var surveyVersion: Int?

    /// Creates an outcome.
    public init(householdCode: String, outcome: MeetingOutcomeKind, note: String? = nil, surveyVersion: Int? = nil) {
        self.householdCode = householdCode
        self.outcome = outcome
        self.note = note
        self.surveyVersion = surveyVersion
    }
}

/// Attendance by group (thành phần tham dự).
public struct Attendance: Sendable, Hashable, Codable {
    /// Commune committee members (Ban chỉ đạo xã).
    public var communeCommittee: Int
    /// Mass organisations' representatives (đoàn thể).
    public var massOrganisations: Int
    /// Household representatives (đại diện hộ gia đình).
    public var households: Int

    /// Creates an attendance.
    public init(communeCommittee: Int, massOrganisations: Int, households: Int) {
        self.communeCommittee = communeCommittee
        self.massOrganisations = massOrganisations
        self.households = households
    }
}

/// Village meeting minutes (biên bản họp dân thống nhất kết quả rà soát), review.md §3.4 step 3.
/// Read-only once registered; an error is fixed by a correcting document (``corrects``).
public struct MeetingMinutes: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Round and commune.
    public var roundID: String, communeCode: String
    /// Minutes number (số biên bản).
    public var number: String
    /// Village.
    public var village: String
    /// Date and place.
    public var date: CivilDate, place: String
    /// Chair (village head) and secretary.
    public var chair: String, secretary: String
    /// Attendance.
    public var attendance: Attendance
    /// Households discussed.
    public var outcomes: [MeetingOutcome]
    /// Scan.
    public var scan: String?
    /// Meeting of the commune board agreeing after an objection (`review.meeting.followup_by_board`).
    public var byCommuneBoard: Bool
    /// Minutes this one corrects.
    public var corrects: String?
    /// Registered when and by whom.
    public var registeredAt: Date?, registeredBy: String?

    /// Creates minutes.
    public init(id: String, roundID: String, communeCode: String, number: String, village: String, date: CivilDate, place: String,
                chair: String, secretary: String, attendance: Attendance, outcomes: [MeetingOutcome], scan: String? = nil,
                byCommuneBoard: Bool = false, corrects: String? = nil) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.number = number
        self.village = village
        self.date = date
        self.place = place
        self.chair = chair
        self.secretary = secretary
        self.attendance = attendance
        self.outcomes = outcomes
        self.scan = scan
        self.byCommuneBoard = byCommuneBoard
        self.corrects = corrects
    }

    /// Throws naming the first missing field.
    public func validate() throws {
        if number.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("number", "Thiếu số biên bản") }
        if chair.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("chair", "Thiếu người chủ trì") }
        if !byCommuneBoard && secretary.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("secretary", "Thiếu thư ký") }
        if outcomes.isEmpty { throw ReviewError.invalid("outcomes", "Biên bản chưa có hộ nào được thảo luận") }
    }
}
