import PovertyStandard
import Registry

/// One synthetic member (thành viên hộ) as written to `members.csv`.
///
/// Optional properties are `nil` where the file leaves the field blank (unknown fact, or not
/// applicable for the member's age).
public struct SyntheticMember: Sendable, Hashable {
    /// Highest completed level of education (trình độ học vấn); raw values are the file codes.
    public typealias Education = PovertyStandard.Education

    /// Employment status (việc làm); raw values are the file codes.
    public typealias Employment = PovertyStandard.Employment

    /// Disability level (mức độ khuyết tật); raw values are the file codes.
    public typealias Disability = PovertyStandard.Disability

    /// Number within the household, 1…n (STT).
    public var memberNo: Int
    /// Relation to the head (quan hệ với chủ hộ).
    public var relation: Relation
    /// Sex (giới tính).
    public var sex: Sex
    /// Birth year (năm sinh).
    public var birthYear: Int
    /// Birth month 1…12, or 0 when only the year is recorded (chỉ có năm sinh).
    public var birthMonth: Int
    /// Birth day of month, or 0 when only the year is recorded.
    public var birthDay: Int
    /// Completed years at the reference date 01/09 of the review year (tuổi).
    public var age: Int
    /// The 12-digit citizen identity number as an integer (số CCCD), `nil` if none.
    public var nationalIDNumber: UInt64?
    /// Ethnic group (dân tộc).
    public var ethnicity: EthnicGroup?
    /// Has health insurance (có BHYT).
    public var healthInsurance: Bool?
    /// Education (trình độ học vấn).
    public var education: Education?
    /// Attends school (đang đi học); `nil` under 3.
    public var inSchool: Bool?
    /// Employment (việc làm); `nil` under 15.
    public var employment: Employment?
    /// Disability (khuyết tật).
    public var disability: Disability?
    /// Stunted or underweight (suy dinh dưỡng); `nil` from 16.
    public var malnourished: Bool?
    /// Ill without treatment (ốm đau không khám chữa).
    public var illUntreated: Bool?
    /// Person with revolutionary merit (người có công).
    public var meritorious: Bool?
    var massOrganisationBits: UInt8 = 0
    var name = PersonName()

    /// Full name in NFC (họ và tên).
    public var fullName: String { NameBook.shared.string(name) }

    /// Citizen identity number, 12 digits with leading zeros (số CCCD).
    public var nationalID: String? {
        guard let n = nationalIDNumber else { return nil }
        let digits = String(n)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// Birth date as written to the file: `dd/MM/yyyy`, or `yyyy` when only the year is known (ngày sinh).
    public var birthDateText: String {
        birthMonth == 0 ? String(birthYear)
            : "\(birthDay < 10 ? "0" : "")\(birthDay)/\(birthMonth < 10 ? "0" : "")\(birthMonth)/\(birthYear)"
    }

    /// Mass organisations (hội viên đoàn thể), in the order of data-format.md.
    public var massOrganisations: [MassOrganisation] {
        SyntheticMember.organisationOrder.enumerated().compactMap { i, org in
            massOrganisationBits & (1 << UInt8(i)) != 0 ? org : nil
        }
    }

    static let organisationOrder: [MassOrganisation] = [
        .nongDan, .phuNu, .cuuChienBinh, .thanhNien, .matTran, .congDoan, .nguoiCaoTuoi,
    ]
}

/// One synthetic household (hộ gia đình) as written to `households.csv`, with its members.
///
/// Besides the file fields it carries the generator's ground truth: the latent income, whether
/// it is at or below the `ND07-2022` poverty line, and the deprivations it was built with.
public struct SyntheticHousehold: Sendable {
    /// Area type (khu vực); raw values are the file codes.
    public typealias AreaType = PovertyStandard.AreaType

    /// Dwelling quality (chất lượng nhà ở); raw values are the file codes.
    public typealias HousingQuality = PovertyStandard.HousingQuality

    /// The 12 indicators of `ND07-2022` (chỉ số thiếu hụt) the household was generated to be
    /// deprived in, in the standard's order.
    public struct Deprivations: OptionSet, Sendable, Hashable {
        /// Bit set.
        public let rawValue: UInt16
        /// Creates a set from bits.
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        /// Việc làm.
        public static let employment = Deprivations(rawValue: 1 << 0)
        /// Người phụ thuộc.
        public static let dependants = Deprivations(rawValue: 1 << 1)
        /// Dinh dưỡng.
        public static let nutrition = Deprivations(rawValue: 1 << 2)
        /// Bảo hiểm y tế.
        public static let healthInsurance = Deprivations(rawValue: 1 << 3)
        /// Trình độ giáo dục của người lớn.
        public static let adultEducation = Deprivations(rawValue: 1 << 4)
        /// Tình trạng đi học của trẻ em.
        public static let childSchooling = Deprivations(rawValue: 1 << 5)
        /// Chất lượng nhà ở.
        public static let housingQuality = Deprivations(rawValue: 1 << 6)
        /// Diện tích nhà ở bình quân đầu người.
        public static let floorArea = Deprivations(rawValue: 1 << 7)
        /// Nguồn nước sinh hoạt.
        public static let waterSource = Deprivations(rawValue: 1 << 8)
        /// Nhà tiêu hợp vệ sinh.
        public static let latrine = Deprivations(rawValue: 1 << 9)
        /// Sử dụng dịch vụ viễn thông.
        public static let telecom = Deprivations(rawValue: 1 << 10)
        /// Phương tiện phục vụ tiếp cận thông tin.
        public static let informationAssets = Deprivations(rawValue: 1 << 11)

        /// Indicator ids of `ND07-2022` in bit order.
        public static let indicatorIDs = [
            "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
            "housing_quality", "floor_area", "water_source", "latrine", "telecom", "information_assets",
        ]

        /// Number of indicators in the set (D).
        public var count: Int { rawValue.nonzeroBitCount }

        /// Indicator ids in the set, in the standard's order.
        public var indicatorIDs: [String] {
            Self.indicatorIDs.enumerated().compactMap { rawValue & (1 << UInt16($0.offset)) != 0 ? $0.element : nil }
        }
    }

    /// 0-based position in the generated registry (thứ tự).
    public var index: Int = 0
    /// 1-based sequence number within the commune (số thứ tự trong xã).
    public var sequence: Int = 0
    /// Commune code, 5 digits (mã xã), in the 2025 list.
    public var communeCode: String { plan.communes[communeSlot].code }
    /// Province code, 2 digits (mã tỉnh), in the 2025 list.
    public var provinceCode: String { plan.communes[communeSlot].provinceCode }
    /// Household code (mã hộ): commune code, `-`, sequence in the commune, e.g. `00004-000123`.
    public var householdCode: String {
        let s = String(sequence)
        return communeCode + "-" + String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
    /// Village or residential group (thôn / tổ dân phố).
    public var village: String { String(decoding: villages.names[villageIndex], as: UTF8.self) }
    /// Postal address (địa chỉ), `nil` when blank.
    public var address: String? {
        guard hasAddress else { return nil }
        let c = plan.communes[communeSlot]
        let prefix = houseNumber > 0 ? "Số \(houseNumber), " : ""
        return prefix + village + ", " + String(decoding: c.nameBytes, as: UTF8.self) + ", "
            + String(decoding: c.provinceNameBytes, as: UTF8.self)
    }
    /// Area type (khu vực).
    public var areaType: AreaType = .rural
    /// Review year; the reference date is 01/09 of it (năm rà soát).
    public var referenceYear: Int = 0
    /// Monthly income per capita in VND as reported (thu nhập bình quân đầu người/tháng), `nil` when blank.
    public var monthlyIncomePerCapita: Int?
    /// The generator's income, never blank (ground truth).
    public var latentMonthlyIncomePerCapita: Int = 0
    /// Income-proxy score B1 (điểm A).
    public var incomeScore: Int?
    /// Dwelling quality (chất lượng nhà ở).
    public var housingQuality: HousingQuality?
    /// Dwelling floor area in m² (diện tích nhà ở).
    public var floorAreaM2: Int?
    /// Clean water (nước sạch).
    public var cleanWater: Bool?
    /// Hygienic latrine (nhà tiêu hợp vệ sinh).
    public var hygienicLatrine: Bool?
    /// Uses the internet (sử dụng internet).
    public var internet: Bool?
    /// Uses a phone or the internet (sử dụng điện thoại/internet), QD59.
    public var phoneOrInternet: Bool?
    /// Has a TV, radio, computer, smartphone or tablet (phương tiện tiếp cận thông tin).
    public var informationDevice: Bool?
    /// Hears the village loudspeaker (nghe được loa truyền thanh), QD59.
    public var hearsLoudspeaker: Bool?
    /// Household waste collected or treated (rác thải được thu gom/xử lý), ND351.
    public var wasteTreated: Bool?
    /// Farming, forestry, fishery or salt household (hộ làm nông, lâm, ngư, diêm nghiệp).
    public var agricultural: Bool?
    /// Social-protection household (hộ bảo trợ xã hội).
    public var socialProtection: Bool?
    var causeBits: UInt16 = 0
    /// Socio-economic region of the commune (vùng kinh tế - xã hội).
    public var region: SocioEconomicRegion = .redRiverDelta
    /// Whether the latent income is at or below the `ND07-2022` poverty line for the area type
    /// (1,500,000 rural / 2,000,000 urban VND) — ground truth.
    public var isIncomeAtOrBelowPovertyLine = false
    /// The deprivations the household was built with (ground truth, ignoring blanks).
    public var deprivations: Deprivations = []
    /// Whether some optional facts were left blank (unknown) on purpose.
    public var hasUnknownFacts = false
    /// Members, head first (thành viên).
    public var members: [SyntheticMember] = []

    /// Causes of poverty (nguyên nhân nghèo), in catalogue order.
    public var povertyCauses: [PovertyCause] {
        SyntheticHousehold.causeOrder.enumerated().compactMap { causeBits & (1 << UInt16($0.offset)) != 0 ? $0.element : nil }
    }

    /// Poor under `ND07-2022` by the ground truth (income ≤ line and D ≥ 3).
    public var isPoorByConstruction: Bool { isIncomeAtOrBelowPovertyLine && deprivations.count >= 3 }
    /// Near-poor under `ND07-2022` by the ground truth (income ≤ line and D < 3).
    public var isNearPoorByConstruction: Bool { isIncomeAtOrBelowPovertyLine && deprivations.count < 3 }

    static let causeOrder: [PovertyCause] = [
        .noLand, .noCapital, .noLabour, .noMeans, .noKnowledge, .noSkills, .illness, .manyDependants, .other,
    ]

    let plan: GenerationPlan
    var communeSlot = 0
    var villages: CommuneVillages
    var villageIndex = 0
    var houseNumber = 0
    var hasAddress = true

    init(plan: GenerationPlan, villages: CommuneVillages) {
        self.plan = plan
        self.villages = villages
    }
}
