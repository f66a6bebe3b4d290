import Foundation
import VietnameseText

/// A place where a notice is posted (địa điểm niêm yết).
public struct PostingPlace: Sendable, Hashable, Codable {
    /// Kind of place.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Commune People's Committee office (trụ sở UBND xã).
        case communeOffice = "commune_office"
        /// Village cultural house (nhà văn hóa thôn).
        case villageCulturalHouse = "village_cultural_house"
        /// Other community point (điểm sinh hoạt cộng đồng).
        case communityPoint = "community_point"
    }
    /// Kind.
    public var kind: Kind
    /// Name, e.g. `Nhà văn hóa thôn Trung Hòa`.
    public var name: String

    /// Creates a place.
    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// A list attached to a notice or decision (danh sách kèm theo) with its counts.
public enum ListKind: String, Sendable, Codable, CaseIterable, Hashable, CodingKeyRepresentable {
    /// Poor (hộ nghèo).
    case poor
    /// Near-poor (hộ cận nghèo).
    case nearPoor = "near_poor"
    /// Escaped poor (hộ thoát nghèo).
    case escapedPoor = "escaped_poor"
    /// Escaped near-poor (hộ thoát cận nghèo).
    case escapedNearPoor = "escaped_near_poor"
    /// Newly poor (hộ nghèo phát sinh).
    case newPoor = "new_poor"
    /// Newly near-poor (hộ cận nghèo phát sinh).
    case newNearPoor = "new_near_poor"

    /// Vietnamese heading.
    public var vietnamese: String {
        switch self {
        case .poor: "Danh sách hộ nghèo"
        case .nearPoor: "Danh sách hộ cận nghèo"
        case .escapedPoor: "Danh sách hộ thoát nghèo"
        case .escapedNearPoor: "Danh sách hộ thoát cận nghèo"
        case .newPoor: "Danh sách hộ nghèo phát sinh"
        case .newNearPoor: "Danh sách hộ cận nghèo phát sinh"
        }
    }
}

/// One attached list: its households and persons (số hộ, số khẩu).
public struct AttachedList: Sendable, Hashable, Codable {
    /// Kind.
    public var kind: ListKind
    /// Household codes.
    public var households: [String]
    /// Persons in them.
    public var persons: Int

    /// Creates a list.
    public init(kind: ListKind, households: [String], persons: Int) {
        self.kind = kind
        self.households = households
        self.persons = persons
    }
}

/// State of a notice (trạng thái thông báo).
public enum PostingState: String, Sendable, Codable, Hashable {
    /// Prepared by COM, not yet signed (dự thảo).
    case draft
    /// Signed by CLD (đã ký).
    case signed
    /// Posted: the period runs (đang niêm yết).
    case posted
}

/// A posting notice (thông báo niêm yết công khai), review.md §3.4 step 4, e.g. `566/TB-UBND`.
///
/// Its end is computed on the working-day calendar from the start and the duration, never typed.
/// Read-only once signed; a correction is a new notice that references it.
public struct PostingNotice: Sendable, Hashable, Codable, Identifiable {
    /// Id.
    public var id: String
    /// Round and commune.
    public var roundID: String, communeCode: String
    /// Notice number.
    public var number: String
    /// Villages covered (the batch of step 4 is per village).
    public var villages: [String]
    /// Places posted.
    public var places: [PostingPlace]
    /// Start date-time.
    public var start: Date
    /// Duration in working days.
    public var workingDays: Int
    /// End: 24:00 of the last working day (computed).
    public var end: Date
    /// Last day of the period (computed).
    public var lastDay: CivilDate
    /// Households posted.
    public var households: [String]
    /// Attached lists with counts.
    public var lists: [AttachedList]
    /// Photos of the posting.
    public var photos: [String]
    /// A re-posting after a changed re-check (niêm yết lại) or a correction.
    public var repostOf: String?
    /// Prepared by, signed by (signer's name and account), state.
    public var preparedBy: String, signer: String?, signedBy: String?, signedAt: Date?
    /// State.
    public var state: PostingState

    /// Creates a draft notice with its end computed on `calendar`.
    public init(id: String, roundID: String, communeCode: String, number: String, villages: [String], places: [PostingPlace],
                start: Date, workingDays: Int, households: [String], lists: [AttachedList], preparedBy: String,
                calendar: WorkingDayCalendar, photos: [String] = [], repostOf: String? = nil) throws {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.number = number
        self.villages = villages
        self.places = places
        self.start = start
        self.workingDays = workingDays
        self.households = households
        self.lists = lists
        self.photos = photos
        self.repostOf = repostOf
        self.preparedBy = preparedBy
        self.state = .draft
        lastDay = try calendar.lastDay(ofWorkingDays: workingDays, after: LocalTime.day(start))
        end = LocalTime.startOfDay(lastDay.adding(days: 1))
    }

    /// Throws naming the first missing field.
    public func validate() throws {
        if number.trimmingCharacters(in: .whitespaces).isEmpty { throw ReviewError.invalid("number", "Thiếu số thông báo") }
        if places.isEmpty { throw ReviewError.invalid("places", "Cần ít nhất một địa điểm niêm yết") }
        if households.isEmpty { throw ReviewError.invalid("households", "Thông báo chưa có hộ nào") }
        if workingDays < 1 { throw ReviewError.invalid("working_days", "Thời gian niêm yết phải ít nhất 1 ngày làm việc") }
    }

    /// Whether `instant` lies in the posting period.
    public func isRunning(at instant: Date) -> Bool { state == .posted && start <= instant && instant < end }
}
