import PovertyStandard
import VietnameseText

/// Date of birth (ngày sinh) as the registry knows it: a full date, or only the year.
///
/// Older registries often hold only the year of birth; for ages it counts as 1 July of that year
/// (data-format.md), the middle of the year, so the error is at most half a year either way.
public enum BirthDate: Sendable, Hashable {
    /// A full date of birth.
    case date(CivilDate)
    /// Only the year of birth is known (năm sinh).
    case year(Int)

    /// The year of birth.
    public var year: Int {
        switch self {
        case .date(let d): d.year
        case .year(let y): y
        }
    }

    /// The date used to compute ages: the date itself, or 1 July of a bare year.
    public var effectiveDate: CivilDate {
        switch self {
        case .date(let d): d
        case .year(let y): CivilDate(year: y, month: 7, day: 1)
        }
    }

    /// Completed years at `date`; a birth after `date` counts as age 0, because a child born
    /// after the review's reference date is still a member when the file is imported.
    public func age(at date: CivilDate) -> Int {
        let birth = effectiveDate
        guard birth < date else { return 0 }
        return max(0, birth.completedYears(until: date))
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
    public init(
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
