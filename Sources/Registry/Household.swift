import PovertyStandard
import VietnameseText

/// A household (hộ gia đình): one row of `households.csv`.
///
/// Optional facts are `nil` when the file left them blank: blank means unknown, never "no".
/// Members are kept apart (``Member``, grouped by the caller) so a million households stream
/// without one growing array per household inside the value.
public struct Household: Sendable, Hashable {
    /// Household code (mã hộ), stable across years; the registry's key.
    public var householdCode: String
    /// 5-digit commune code (mã xã), leading zeros kept.
    public var communeCode: String
    /// Village or residential group (thôn / tổ dân phố), NFC.
    public var village: String
    /// Address (địa chỉ), NFC.
    public var address: String?
    /// Rural or urban (khu vực: nông thôn / thành thị).
    public var areaType: AreaType
    /// Review reference date (ngày rà soát); `nil` means 01/09 of the review year.
    public var referenceDate: CivilDate?
    /// Measured monthly income per capita in VND (thu nhập bình quân đầu người/tháng).
    public var monthlyIncomePerCapita: Int?
    /// Income-proxy score of the review form, B1 (điểm A).
    public var incomeScore: Int?
    /// Dwelling quality (chất lượng nhà ở).
    public var housingQuality: HousingQuality?
    /// Floor area of the dwelling in m² (diện tích nhà ở).
    public var floorArea: Double?
    /// Yes/no dwelling and service facts: clean water, latrine, internet… (each may be unknown).
    public var facts: HouseholdFactValues
    /// Lives from agriculture, forestry, fishery or salt making (hộ làm nông, lâm, ngư, diêm nghiệp).
    public var agricultural: Bool?
    /// Receives social protection (hộ bảo trợ xã hội).
    public var socialProtection: Bool?
    /// Causes of poverty (nguyên nhân nghèo); empty when none recorded.
    public var povertyCauses: [PovertyCause]
    /// The survey's B2 answers (phiếu B, phần B2) from the `deprived_<id>` columns.
    public var survey: SurveyAnswers
    /// Class in an existing official list (phân loại đã công nhận).
    public var recognisedClass: RecognisedClass?
    /// Year of that recognition (năm công nhận); present whenever ``recognisedClass`` is.
    public var recognisedYear: Int?

    /// Creates a household; facts not given are unknown.
    @inlinable public init(
        householdCode: String, communeCode: String, village: String, address: String? = nil,
        areaType: AreaType, referenceDate: CivilDate? = nil, monthlyIncomePerCapita: Int? = nil,
        incomeScore: Int? = nil, housingQuality: HousingQuality? = nil, floorArea: Double? = nil,
        facts: HouseholdFactValues = HouseholdFactValues(), agricultural: Bool? = nil,
        socialProtection: Bool? = nil, povertyCauses: [PovertyCause] = [],
        survey: SurveyAnswers = SurveyAnswers(), recognisedClass: RecognisedClass? = nil,
        recognisedYear: Int? = nil
    ) {
        self.householdCode = householdCode
        self.communeCode = communeCode
        self.village = village
        self.address = address
        self.areaType = areaType
        self.referenceDate = referenceDate
        self.monthlyIncomePerCapita = monthlyIncomePerCapita
        self.incomeScore = incomeScore
        self.housingQuality = housingQuality
        self.floorArea = floorArea
        self.facts = facts
        self.agricultural = agricultural
        self.socialProtection = socialProtection
        self.povertyCauses = povertyCauses
        self.survey = survey
        self.recognisedClass = recognisedClass
        self.recognisedYear = recognisedYear
    }

    /// The date ages are computed at (ngày rà soát): the household's own reference date, or
    /// 1 September of the review year, the default of standards.md §3.
    public func referenceDate(reviewYear: Int) -> CivilDate {
        referenceDate ?? Household.defaultReferenceDate(reviewYear: reviewYear)
    }

    /// 1 September of `reviewYear`, the reference date when a household gives none.
    public static func defaultReferenceDate(reviewYear: Int) -> CivilDate {
        CivilDate(year: reviewYear, month: 9, day: 1)
    }
}
