/// Area type of a household (khu vực): rural (nông thôn) or urban (thành thị / đô thị).
public enum AreaType: String, Sendable, Codable, CaseIterable, Hashable {
    /// Rural area (nông thôn).
    case rural
    /// Urban area (thành thị, đô thị).
    case urban

    /// Vietnamese label used in explanations.
    public var vietnamese: String { self == .rural ? "nông thôn" : "thành thị" }
}

/// Quality of the dwelling (chất lượng nhà ở).
public enum HousingQuality: String, Sendable, Codable, CaseIterable, Hashable {
    /// Durable (kiên cố).
    case durable
    /// Semi-durable (bán kiên cố).
    case semiDurable = "semi_durable"
    /// Non-durable (thiếu kiên cố).
    case nonDurable = "non_durable"
    /// Makeshift (đơn sơ).
    case makeshift
}

/// Highest completed education (trình độ học vấn).
///
/// Ordered by ``rank``: vocational training counts at the level of upper secondary, since in
/// Viet Nam it follows lower secondary and the ND07 rule treats the two as alternatives.
public enum Education: String, Sendable, Codable, CaseIterable, Hashable {
    /// No schooling completed (không đi học / chưa tốt nghiệp tiểu học).
    case none
    /// Primary (tiểu học).
    case primary
    /// Lower secondary (trung học cơ sở).
    case lowerSecondary = "lower_secondary"
    /// Upper secondary (trung học phổ thông).
    case upperSecondary = "upper_secondary"
    /// Vocational training (giáo dục nghề nghiệp).
    case vocational
    /// College or university (cao đẳng, đại học trở lên).
    case collegePlus = "college_plus"

    /// Rank used to compare with a required level.
    public var rank: Int {
        switch self {
        case .none: 0
        case .primary: 1
        case .lowerSecondary: 2
        case .upperSecondary, .vocational: 3
        case .collegePlus: 4
        }
    }
}

/// Employment status of a member (việc làm).
public enum Employment: String, Sendable, Codable, CaseIterable, Hashable {
    /// Wage worker with a labour contract (có hợp đồng lao động).
    case contract
    /// Wage worker without a labour contract (không có hợp đồng lao động).
    case noContract = "no_contract"
    /// Self-employed, own farm or business (tự làm).
    case selfEmployed = "self_employed"
    /// Unemployed: able and wanting to work, no job (thất nghiệp).
    case unemployed
    /// Not in the labour force: student, retired, homemaker… (không tham gia lực lượng lao động).
    case notInLabourForce = "not_in_labour_force"
}

/// Disability level (mức độ khuyết tật).
public enum Disability: String, Sendable, Codable, CaseIterable, Hashable {
    /// No disability (không khuyết tật).
    case none
    /// Mild (nhẹ).
    case mild
    /// Severe (nặng).
    case severe
    /// Particularly severe (đặc biệt nặng).
    case particularlySevere = "particularly_severe"
}

/// A household-level yes/no fact of the registry that indicators read (data-format.md).
public enum HouseholdFact: String, Sendable, Codable, CaseIterable, Hashable {
    /// Uses clean water (nước sạch).
    case cleanWater = "clean_water"
    /// Has a hygienic latrine (nhà tiêu hợp vệ sinh).
    case hygienicLatrine = "hygienic_latrine"
    /// A member uses the internet (sử dụng internet).
    case internet
    /// A member uses a phone or the internet (sử dụng điện thoại/internet) — QD59 telecom.
    case phoneOrInternet = "phone_or_internet"
    /// Owns a means of access to information (phương tiện tiếp cận thông tin).
    case informationDevice = "information_device"
    /// Can hear the village loudspeaker (nghe được loa truyền thanh) — QD59.
    case hearsLoudspeaker = "hears_loudspeaker"
    /// Household waste is collected or treated hygienically (rác thải được thu gom/xử lý) — ND351.
    case wasteTreated = "waste_treated"

    /// Bit position in ``HouseholdFactValues``.
    @inlinable public var bit: UInt16 {
        switch self {
        case .cleanWater: 1 << 0
        case .hygienicLatrine: 1 << 1
        case .internet: 1 << 2
        case .phoneOrInternet: 1 << 3
        case .informationDevice: 1 << 4
        case .hearsLoudspeaker: 1 << 5
        case .wasteTreated: 1 << 6
        }
    }
}

/// The household's yes/no facts, each true, false or unknown (blank), packed in two bit sets.
public struct HouseholdFactValues: Sendable, Hashable {
    /// Facts that are known.
    public var known: UInt16 = 0
    /// Facts known to be true (a subset of ``known``).
    public var trueBits: UInt16 = 0

    /// All facts unknown.
    public init() {}

    /// The value of a fact: `nil` when unknown.
    @inlinable public subscript(fact: HouseholdFact) -> Bool? {
        get {
            let b = fact.bit
            guard known & b != 0 else { return nil }
            return trueBits & b != 0
        }
        set {
            let b = fact.bit
            switch newValue {
            case nil: known &= ~b; trueBits &= ~b
            case true?: known |= b; trueBits |= b
            case false?: known |= b; trueBits &= ~b
            }
        }
    }
}

/// The facts about one member that indicators read (thành viên hộ).
///
/// Ages are completed years at the household's reference date (ngày rà soát).
public struct MemberFacts: Sendable, Hashable {
    /// Completed years at the reference date; `nil` when the birth date is unknown.
    public var age: Int?
    /// Year of birth (QD59 adult education counts members born in 1986 or later).
    public var birthYear: Int?
    /// Has health insurance (có BHYT).
    public var healthInsurance: Bool?
    /// Highest completed education (trình độ học vấn).
    public var education: Education?
    /// Currently attends school (đang đi học).
    public var inSchool: Bool?
    /// Employment status (việc làm).
    public var employment: Employment?
    /// Disability level (khuyết tật).
    public var disability: Disability?
    /// Stunted or underweight child (suy dinh dưỡng).
    public var malnourished: Bool?
    /// Was ill and got no treatment (ốm đau không khám chữa) — QD59.
    public var illUntreated: Bool?

    /// Creates a member's facts; every fact defaults to unknown.
    public init(
        age: Int?, birthYear: Int? = nil, healthInsurance: Bool? = nil, education: Education? = nil,
        inSchool: Bool? = nil, employment: Employment? = nil, disability: Disability? = nil,
        malnourished: Bool? = nil, illUntreated: Bool? = nil
    ) {
        self.age = age
        self.birthYear = birthYear
        self.healthInsurance = healthInsurance
        self.education = education
        self.inSchool = inSchool
        self.employment = employment
        self.disability = disability
        self.malnourished = malnourished
        self.illUntreated = illUntreated
    }
}

/// Everything the engine needs to classify one household (hộ gia đình) under a standard.
public struct HouseholdFacts: Sendable, Hashable {
    /// Rural or urban.
    public var area: AreaType
    /// Measured monthly income per capita in VND (thu nhập bình quân đầu người/tháng).
    public var monthlyIncomePerCapita: Int?
    /// Income-proxy score of the review form, B1 "điểm A".
    public var incomeScore: Int?
    /// Dwelling quality (chất lượng nhà ở).
    public var housingQuality: HousingQuality?
    /// Floor area of the dwelling in m² (diện tích nhà ở).
    public var floorArea: Double?
    /// Yes/no household facts.
    public var facts: HouseholdFactValues
    /// The survey's B2 answers (`deprived_<id>`), which override registry facts.
    public var survey: SurveyAnswers
    /// Members (thành viên); their order never changes the result.
    public var members: [MemberFacts]

    /// Creates the facts of a household.
    public init(
        area: AreaType, monthlyIncomePerCapita: Int? = nil, incomeScore: Int? = nil,
        housingQuality: HousingQuality? = nil, floorArea: Double? = nil,
        facts: HouseholdFactValues = HouseholdFactValues(), survey: SurveyAnswers = SurveyAnswers(),
        members: [MemberFacts] = []
    ) {
        self.area = area
        self.monthlyIncomePerCapita = monthlyIncomePerCapita
        self.incomeScore = incomeScore
        self.housingQuality = housingQuality
        self.floorArea = floorArea
        self.facts = facts
        self.survey = survey
        self.members = members
    }
}

/// Survey answers of the review form part B2 (phiếu B, phần B2): per indicator, deprived or not.
public struct SurveyAnswers: Sendable, Hashable {
    /// Indicators the survey answered.
    public var answered: IndicatorSet = []
    /// Indicators the survey marked deprived (a subset of ``answered``).
    public var deprived: IndicatorSet = []

    /// No answers.
    public init() {}

    /// The answer for an indicator: `nil` when not answered.
    public subscript(id: IndicatorID) -> Bool? {
        get { answered.contains(id) ? deprived.contains(id) : nil }
        set {
            switch newValue {
            case nil: answered.remove(id); deprived.remove(id)
            case true?: answered.insert(id); deprived.insert(id)
            case false?: answered.insert(id); deprived.remove(id)
            }
        }
    }
}
