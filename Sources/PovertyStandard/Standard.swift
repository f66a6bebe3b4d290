/// How income and deprivations combine into a class (standards.md §2).
public enum RuleShape: String, Sendable, Codable, Hashable {
    /// QD59-2016: poor by income alone, or in the near-poverty band with enough deprivations.
    case either
    /// ND07-2022 and later: poor needs low income *and* enough deprivations.
    case both
}

/// An amount per area type, e.g. a poverty line in VND/person/month or a score cut-off.
public struct AreaAmounts: Sendable, Codable, Hashable {
    /// Value for rural areas (nông thôn).
    public var rural: Int
    /// Value for urban areas (thành thị).
    public var urban: Int

    /// Creates the pair.
    public init(rural: Int, urban: Int) {
        self.rural = rural
        self.urban = urban
    }

    /// The value for `area`.
    @inlinable public subscript(area: AreaType) -> Int { area == .rural ? rural : urban }
}

/// Score cut-offs of the review form's B1 income-proxy score (điểm A) equivalent to the lines.
public struct ScoreCutoffs: Sendable, Codable, Hashable {
    /// Score at or below which income counts as at or below the poverty line.
    public var poverty: AreaAmounts
    /// Score at or below which income counts as at or below the near-poverty line (QD59 only).
    public var nearPoverty: AreaAmounts?

    /// Creates the cut-offs.
    public init(poverty: AreaAmounts, nearPoverty: AreaAmounts? = nil) {
        self.poverty = poverty
        self.nearPoverty = nearPoverty
    }

    enum CodingKeys: String, CodingKey {
        case poverty
        case nearPoverty = "near_poverty"
    }
}

/// An age range in completed years: `min ≤ age < maxExclusive` (an open end when `nil`).
public struct AgeRange: Sendable, Codable, Hashable {
    /// Lowest age included.
    public var min: Int?
    /// First age no longer included.
    public var maxExclusive: Int?

    /// Creates the range.
    public init(min: Int? = nil, maxExclusive: Int? = nil) {
        self.min = min
        self.maxExclusive = maxExclusive
    }

    enum CodingKeys: String, CodingKey {
        case min
        case maxExclusive = "max_exclusive"
    }
}

/// The kind of rule that derives an indicator from registry facts (standards.md §3–§5).
///
/// The kind is code; its parameters (ages, thresholds, values) are data in the standard file.
public enum IndicatorRuleKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// A member in the age range was ill and got no treatment.
    case memberIllUntreated = "member_ill_untreated"
    /// A member in the age range has no health insurance.
    case memberNoHealthInsurance = "member_no_health_insurance"
    /// A member in one of the education bands lacks the band's required level and is not in school.
    case adultEducation = "adult_education"
    /// A child in the age range is not attending school.
    case childNotInSchool = "child_not_in_school"
    /// A child in the age range is stunted or underweight.
    case memberMalnourished = "member_malnourished"
    /// A working-age member has one of the deprived employment statuses.
    case memberEmployment = "member_employment"
    /// Dependants are more than a share of the members.
    case dependants
    /// The dwelling's quality is one of the deprived values.
    case housingQuality = "housing_quality"
    /// Floor area per member is below a threshold.
    case floorArea = "floor_area"
    /// Every listed household fact is false (and none of the facts that rule it out is true).
    case householdFactsFalse = "household_facts_false"
}

/// One band of the adult-education rule: members of `age` lacking `requiredEducation` and not in school.
public struct EducationBand: Sendable, Codable, Hashable {
    /// Ages the band covers.
    public var age: AgeRange
    /// Level the member must have completed to not be deprived.
    public var requiredEducation: Education
    /// Only members born in this year or later count (QD59: 1986).
    public var bornFromYear: Int?

    /// Creates a band.
    public init(age: AgeRange, requiredEducation: Education, bornFromYear: Int? = nil) {
        self.age = age
        self.requiredEducation = requiredEducation
        self.bornFromYear = bornFromYear
    }

    enum CodingKeys: String, CodingKey {
        case age
        case requiredEducation = "required_education"
        case bornFromYear = "born_from_year"
    }
}

/// A deprivation indicator of a standard (chỉ số thiếu hụt) with its rule and parameters.
public struct IndicatorDefinition: Sendable, Codable, Hashable {
    /// Stable id.
    public var id: IndicatorID
    /// Dimension (chiều thiếu hụt), e.g. `health`.
    public var dimension: String
    /// Vietnamese name used in explanations.
    public var name: String
    /// How the indicator is derived from facts.
    public var rule: IndicatorRuleKind
    /// Ages the member rules look at; members outside do not affect the indicator.
    public var age: AgeRange?
    /// `adult_education`: the bands.
    public var bands: [EducationBand]?
    /// `member_employment`: statuses that are deprived.
    public var deprivedEmployment: [Employment]?
    /// `housing_quality`: dwelling qualities that are deprived.
    public var deprivedHousing: [HousingQuality]?
    /// `floor_area`: m² per member below which the household is deprived (8 m²).
    public var thresholdM2: Double?
    /// `dependants`: children below this age are dependants (16).
    public var childAgeMaxExclusive: Int?
    /// `dependants`: people at or above this age are dependants (60).
    public var elderlyAgeMin: Int?
    /// `dependants`: disability levels that make a person a dependant.
    public var dependantDisabilities: [Disability]?
    /// `dependants`: deprived when the dependants' share is strictly greater than this (0.5).
    public var shareAbove: Double?
    /// `household_facts_false`: facts that must all be false for deprivation.
    public var facts: [HouseholdFact]?
    /// `household_facts_false`: facts any one of which, true, rules deprivation out
    /// (e.g. internet use rules out QD59 "no phone or internet").
    public var notDeprivedIfAny: [HouseholdFact]?

    /// Creates an indicator definition.
    public init(
        id: IndicatorID, dimension: String, name: String, rule: IndicatorRuleKind, age: AgeRange? = nil,
        bands: [EducationBand]? = nil, deprivedEmployment: [Employment]? = nil,
        deprivedHousing: [HousingQuality]? = nil, thresholdM2: Double? = nil,
        childAgeMaxExclusive: Int? = nil, elderlyAgeMin: Int? = nil,
        dependantDisabilities: [Disability]? = nil, shareAbove: Double? = nil,
        facts: [HouseholdFact]? = nil, notDeprivedIfAny: [HouseholdFact]? = nil
    ) {
        self.id = id
        self.dimension = dimension
        self.name = name
        self.rule = rule
        self.age = age
        self.bands = bands
        self.deprivedEmployment = deprivedEmployment
        self.deprivedHousing = deprivedHousing
        self.thresholdM2 = thresholdM2
        self.childAgeMaxExclusive = childAgeMaxExclusive
        self.elderlyAgeMin = elderlyAgeMin
        self.dependantDisabilities = dependantDisabilities
        self.shareAbove = shareAbove
        self.facts = facts
        self.notDeprivedIfAny = notDeprivedIfAny
    }

    enum CodingKeys: String, CodingKey {
        case id, dimension, name, rule, age, bands
        case deprivedEmployment = "deprived_employment"
        case deprivedHousing = "deprived_housing"
        case thresholdM2 = "threshold_m2"
        case childAgeMaxExclusive = "child_age_max_exclusive"
        case elderlyAgeMin = "elderly_age_min"
        case dependantDisabilities = "dependant_disabilities"
        case shareAbove = "share_above"
        case facts
        case notDeprivedIfAny = "not_deprived_if_any"
    }
}

/// Years a standard is used by reviews, inclusive.
public struct YearSpan: Sendable, Codable, Hashable {
    /// First review year.
    public var from: Int
    /// Last review year.
    public var to: Int

    /// Creates the span.
    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    /// Whether `year` is in the span.
    public func contains(_ year: Int) -> Bool { from <= year && year <= to }
}

/// A multidimensional poverty standard (chuẩn nghèo đa chiều): lines, rule, cut-off and indicators.
///
/// Standards are data (standards.md §1): the shipped national ones are bundled JSON files, and a
/// province's local standard is a file that overrides fields of a national one.
public struct Standard: Sendable, Codable, Hashable, Identifiable {
    /// Stable id, e.g. `ND07-2022`.
    public var id: String
    /// Vietnamese name.
    public var name: String
    /// Legal basis (căn cứ pháp lý), e.g. `Nghị định 07/2021/NĐ-CP`.
    public var legalBasis: String
    /// National standard this one was derived from, for a local standard.
    public var base: String?
    /// Province (2-digit code) a local standard applies to.
    public var provinceCode: String?
    /// Review years that use it.
    public var years: YearSpan
    /// Rule shape.
    public var rule: RuleShape
    /// Deprivation cut-off k: poor needs at least k deprived indicators.
    public var k: Int
    /// Poverty line (chuẩn nghèo), VND/person/month.
    public var povertyLine: AreaAmounts
    /// Near-poverty line (chuẩn cận nghèo), VND/person/month; `either` rule only.
    public var nearPovertyLine: AreaAmounts?
    /// Upper bound of the average-living-standard band (mức sống trung bình), VND/person/month.
    public var averageUpperBound: AreaAmounts
    /// B1 score cut-offs equivalent to the lines; `nil` when not (yet) published.
    public var scoreCutoffs: ScoreCutoffs?
    /// Low-income worker line (Nghị định 30/2025/NĐ-CP); `nil` when the decree does not apply.
    public var lowIncomeWorkerLine: AreaAmounts?
    /// Working age for the low-income worker flag.
    public var workingAge: AgeRange?
    /// Indicators in the standard's order (the order of explanations and files).
    public var indicators: [IndicatorDefinition]

    enum CodingKeys: String, CodingKey {
        case id, name, base, years, rule, k, indicators
        case legalBasis = "legal_basis"
        case provinceCode = "province_code"
        case povertyLine = "poverty_line"
        case nearPovertyLine = "near_poverty_line"
        case averageUpperBound = "average_upper_bound"
        case scoreCutoffs = "score_cutoffs"
        case lowIncomeWorkerLine = "low_income_worker_line"
        case workingAge = "working_age"
    }

    /// Creates a standard.
    public init(
        id: String, name: String, legalBasis: String, base: String? = nil, provinceCode: String? = nil,
        years: YearSpan, rule: RuleShape, k: Int, povertyLine: AreaAmounts, nearPovertyLine: AreaAmounts? = nil,
        averageUpperBound: AreaAmounts, scoreCutoffs: ScoreCutoffs? = nil, lowIncomeWorkerLine: AreaAmounts? = nil,
        workingAge: AgeRange? = nil, indicators: [IndicatorDefinition]
    ) {
        self.id = id
        self.name = name
        self.legalBasis = legalBasis
        self.base = base
        self.provinceCode = provinceCode
        self.years = years
        self.rule = rule
        self.k = k
        self.povertyLine = povertyLine
        self.nearPovertyLine = nearPovertyLine
        self.averageUpperBound = averageUpperBound
        self.scoreCutoffs = scoreCutoffs
        self.lowIncomeWorkerLine = lowIncomeWorkerLine
        self.workingAge = workingAge
        self.indicators = indicators
    }

    /// The indicator ids in the standard's order.
    public var indicatorIDs: [IndicatorID] { indicators.map(\.id) }

    /// The set of the standard's indicators.
    public var indicatorSet: IndicatorSet {
        var s = IndicatorSet()
        for i in indicators { s.insert(i.id) }
        return s
    }

    /// The definition of `id`, if the standard has it.
    public func indicator(_ id: IndicatorID) -> IndicatorDefinition? { indicators.first { $0.id == id } }
}
