import PovertyStandard
import VietnameseText

/// Date of birth (ngày sinh) as the registry knows it: a full date, or only the year.
///
/// Older registries often hold only the year of birth; for ages it counts as 1 July of that year
/// (data-format.md), the middle of the year, so the error is at most half a year either way.
/// Stored packed in 32 bits (`yyyymmdd`, day and month 0 for a bare year) because a registry
/// holds millions of members.
public struct BirthDate: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline let packed: Int32

    @inlinable init(packed: Int32) { self.packed = packed }

    /// A full date of birth.
    @inlinable public static func date(_ date: CivilDate) -> BirthDate {
        BirthDate(packed: Int32(truncatingIfNeeded: date.year * 10_000 + date.month * 100 + date.day))
    }

    /// Only the year of birth is known (năm sinh).
    @inlinable public static func year(_ year: Int) -> BirthDate {
        BirthDate(packed: Int32(truncatingIfNeeded: year * 10_000))
    }

    /// The year of birth.
    @inlinable public var year: Int { Int(packed / 10_000) }

    /// The full date, or `nil` when only the year is known.
    @inlinable public var date: CivilDate? {
        let md = Int(packed % 10_000)
        guard md != 0 else { return nil }
        return CivilDate(year: year, month: md / 100, day: md % 100)
    }

    /// Whether only the year is known.
    @inlinable public var isYearOnly: Bool { packed % 10_000 == 0 }

    /// The date used to compute ages: the date itself, or 1 July of a bare year.
    @inlinable public var effectiveDate: CivilDate {
        date ?? CivilDate(year: year, month: 7, day: 1)
    }

    /// Completed years at `date`; a birth after `date` counts as age 0, because a child born
    /// after the review's reference date is still a member when the file is imported.
    @inlinable public func age(at date: CivilDate) -> Int {
        let md = Int(packed % 10_000)
        // A bare year is 1 July (month-day 0701).
        let (bm, bd) = md == 0 ? (7, 1) : (md / 100, md % 100)
        var years = date.year - year
        if (date.month, date.day) < (bm, bd) { years -= 1 }
        return max(0, years)
    }

    /// `dd/MM/yyyy`, or `yyyy` for a bare year.
    public var description: String {
        guard let d = date else { return String(year) }
        return VietnameseText.formatDate(d)
    }
}

/// A member of a household (thành viên hộ gia đình): one row of `members.csv`.
///
/// Optional facts are `nil` when the file left them blank: blank means unknown, never "no",
/// so the engine can tell an indicator it cannot decide from one that is not deprived.
public struct Member: Sendable, Hashable {
    /// Code of the household the member belongs to (mã hộ).
    public var householdCode: String
    /// Number of the member within the household, from 1 (số thứ tự, STT).
    public var memberNo: Int
    /// Full name, NFC-normalised (họ và tên).
    public var fullName: String
    /// Relation to the head of household (quan hệ với chủ hộ).
    public var relation: Relation
    /// Sex (giới tính).
    public var sex: Sex
    /// Date or year of birth (ngày sinh / năm sinh).
    public var birth: BirthDate
    /// Citizen identity number, 12 digits (số CCCD / số định danh cá nhân); optional under 14.
    public var nationalID: String?
    /// Ethnic group (dân tộc).
    public var ethnicity: EthnicGroup?
    /// Has health insurance (có bảo hiểm y tế, BHYT).
    public var healthInsurance: Bool?
    /// Highest completed education (trình độ học vấn).
    public var education: Education?
    /// Currently attends school (đang đi học).
    public var inSchool: Bool?
    /// Employment status (việc làm).
    public var employment: Employment?
    /// Disability level (khuyết tật).
    public var disability: Disability?
    /// Stunted or underweight child under 16 (suy dinh dưỡng).
    public var malnourished: Bool?
    /// Was ill and got no treatment (ốm đau không khám chữa bệnh) — QD59.
    public var illUntreated: Bool?
    /// Person with revolutionary merit (người có công với cách mạng).
    public var meritorious: Bool?
    /// Mass organisations the member belongs to (hội viên đoàn thể); empty when none recorded.
    public var massOrganisations: [MassOrganisation]

    /// Creates a member; facts not given are unknown.
    @inlinable public init(
        householdCode: String, memberNo: Int, fullName: String, relation: Relation, sex: Sex,
        birth: BirthDate, nationalID: String? = nil, ethnicity: EthnicGroup? = nil,
        healthInsurance: Bool? = nil, education: Education? = nil, inSchool: Bool? = nil,
        employment: Employment? = nil, disability: Disability? = nil, malnourished: Bool? = nil,
        illUntreated: Bool? = nil, meritorious: Bool? = nil, massOrganisations: [MassOrganisation] = []
    ) {
        self.householdCode = householdCode
        self.memberNo = memberNo
        self.fullName = fullName
        self.relation = relation
        self.sex = sex
        self.birth = birth
        self.nationalID = nationalID
        self.ethnicity = ethnicity
        self.healthInsurance = healthInsurance
        self.education = education
        self.inSchool = inSchool
        self.employment = employment
        self.disability = disability
        self.malnourished = malnourished
        self.illUntreated = illUntreated
        self.meritorious = meritorious
        self.massOrganisations = massOrganisations
    }

    /// Completed years at `date` (a birth after `date` counts as 0).
    public func age(at date: CivilDate) -> Int { birth.age(at: date) }
}
