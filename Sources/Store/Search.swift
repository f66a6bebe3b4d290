import Foundation
import VietnameseText

/// A search of the registry (tìm kiếm): free text typed by a user, and the page wanted.
///
/// The text is folded (lowercase, diacritics removed, `đ` → `d`, spaces collapsed), so
/// `nguyen van duc`, `NGUYỄN VĂN ĐỨC` and `Nguyễn  Văn Đức` find the same people.
public struct SearchQuery: Sendable, Hashable {
    /// The text as typed.
    public var text: String
    /// Page number from 1.
    public var page: Int
    /// Hits per page (1…200).
    public var pageSize: Int

    /// Creates a query.
    public init(_ text: String, page: Int = 1, pageSize: Int = 20) {
        self.text = text
        self.page = max(1, page)
        self.pageSize = min(200, max(1, pageSize))
    }

    /// The folded text the indexes are searched with.
    public var folded: String { VietnameseText.fold(VietnameseText.nfc(text)) }

    /// The folded text with spaces and separators removed when it is all digits (a CCCD typed
    /// `0010 8678 5868`), else `nil`.
    public var digits: String? {
        let compact = folded.filter { $0 != " " && $0 != "." && $0 != "-" }
        return !compact.isEmpty && compact.allSatisfy(\.isASCII) && compact.allSatisfy(\.isNumber) ? compact : nil
    }

    /// The folded name with its last word first, as names are sorted and matched by given name
    /// (tên) first: `van duc` → `duc van`.
    public var givenNameFirst: String {
        var words = folded.split(separator: " ").map(String.init)
        guard words.count > 1 else { return folded }
        let given = words.removeLast()
        return ([given] + words).joined(separator: " ")
    }
}

/// Keys a store keeps for a member's name so searches use an index, not a scan.
public enum NameSearchKey {
    /// Folded full name: `Nguyễn Văn Đức` → `nguyen van duc`.
    public static func fullName(_ name: String) -> String { VietnameseText.fold(name) }

    /// Folded name ordered the Vietnamese way for sorting and for given-name search: given name,
    /// then middle names, then family name — `Nguyễn Văn Đức` → `duc van nguyen`, which matches
    /// the order of `VietnameseCollation.personNameKey` at the primary level.
    public static func givenNameFirst(_ name: String) -> String {
        var words = VietnameseText.fold(name).split(separator: " ").map(String.init)
        guard words.count >= 2 else { return words.joined(separator: " ") }
        let family = words.removeFirst()
        let given = words.removeLast()
        return ([given] + words + [family]).joined(separator: " ")
    }
}

/// Why a search hit matched, in rank order (best first).
public enum SearchMatch: String, Sendable, Hashable, Comparable {
    /// The whole CCCD (số CCCD trùng khớp).
    case nationalID = "national_id"
    /// The household code, exactly or as a prefix (mã hộ).
    case householdCode = "household_code"
    /// The whole name (trùng họ tên).
    case fullName = "full_name"
    /// The name starts with the text (họ tên bắt đầu bằng…).
    case namePrefix = "name_prefix"
    /// The given name, with middle names typed after it or before it (tên, tên đệm).
    case givenName = "given_name"
    /// The last four digits of the CCCD, when exactly four digits are typed (4 số cuối CCCD).
    ///
    /// Stores keep CCCD numbers encrypted (roles.md §6), so the "starts with" search of earlier
    /// versions cannot work any more; the last four digits are what masked lists show
    /// (`********1234`), so a user who read them there can find the person again. Ranked low: four
    /// digits match many people nationally, a few in a commune.
    case nationalIDLast4 = "national_id_last4"
    /// The village name (thôn): the head of each household of the village.
    case village

    /// Rank order.
    public var rank: Int {
        switch self {
        case .nationalID: 0
        case .householdCode: 1
        case .fullName: 2
        case .namePrefix: 3
        case .givenName: 4
        case .nationalIDLast4: 5
        case .village: 6
        }
    }

    public static func < (lhs: SearchMatch, rhs: SearchMatch) -> Bool { lhs.rank < rhs.rank }
}

/// One person found (kết quả tìm kiếm).
public struct SearchHit: Sendable, Hashable {
    /// Why it matched.
    public var match: SearchMatch
    /// Household code.
    public var householdCode: String
    /// Member number.
    public var memberNo: Int
    /// Full name.
    public var fullName: String
    /// Relation to the head.
    public var relation: String
    /// Year of birth (lists show the year, not the date).
    public var birthYear: Int
    /// CCCD masked to its last 4 digits (`********1234`), as lists show it (roles.md §6).
    public var maskedNationalID: String?
    /// Village and commune code of the household.
    public var village: String, communeCode: String

    /// Creates a hit.
    public init(match: SearchMatch, householdCode: String, memberNo: Int, fullName: String, relation: String,
                birthYear: Int, maskedNationalID: String?, village: String, communeCode: String) {
        self.match = match
        self.householdCode = householdCode
        self.memberNo = memberNo
        self.fullName = fullName
        self.relation = relation
        self.birthYear = birthYear
        self.maskedNationalID = maskedNationalID
        self.village = village
        self.communeCode = communeCode
    }

    /// `********1234` (the whole number is never needed to show it: stores keep the last four digits).
    public static func mask(_ nationalID: String?) -> String? {
        guard let id = nationalID, id.count > 4 else { return nationalID }
        return String(repeating: "*", count: id.count - 4) + id.suffix(4)
    }
}

/// A page of hits (một trang kết quả).
public struct SearchPage: Sendable, Hashable {
    /// The query.
    public var query: SearchQuery
    /// Hits of the page, best first.
    public var hits: [SearchHit]
    /// Whether a next page exists.
    public var hasMore: Bool

    /// Creates a page.
    public init(query: SearchQuery, hits: [SearchHit], hasMore: Bool) {
        self.query = query
        self.hits = hits
        self.hasMore = hasMore
    }
}
