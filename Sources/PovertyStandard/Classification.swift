/// A household's class under a standard (phân loại hộ); the raw values are used everywhere.
public enum PovertyClass: String, Sendable, Codable, CaseIterable, Hashable {
    /// Poor household (hộ nghèo).
    case poor
    /// Near-poor household (hộ cận nghèo).
    case nearPoor = "near_poor"
    /// Household with average living standard (hộ có mức sống trung bình).
    case average
    /// Not poor (hộ không nghèo).
    case notPoor = "not_poor"
    /// Not enough information to classify (chưa đủ thông tin).
    case incomplete

    /// Vietnamese label, e.g. `Hộ cận nghèo`.
    public var vietnamese: String {
        switch self {
        case .poor: "Hộ nghèo"
        case .nearPoor: "Hộ cận nghèo"
        case .average: "Hộ có mức sống trung bình"
        case .notPoor: "Hộ không nghèo"
        case .incomplete: "Chưa đủ thông tin để phân loại"
        }
    }

    /// Position used in matrices and tables.
    @inlinable public var index: Int {
        switch self {
        case .poor: 0
        case .nearPoor: 1
        case .average: 2
        case .notPoor: 3
        case .incomplete: 4
        }
    }
}

/// What decided whether income is at or below the lines.
public enum IncomeBasis: UInt8, Sendable, Hashable {
    /// The measured monthly income per capita.
    case income
    /// The B1 income-proxy score (điểm A), the legal instrument of the review.
    case score
    /// Neither was usable.
    case none
}

/// Data-quality findings raised while classifying.
public struct ClassificationWarnings: OptionSet, Sendable, Hashable {
    /// Raw bits.
    public var rawValue: UInt8
    /// Creates the set.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The score and the measured income disagree about a line.
    public static let scoreIncomeDisagree = ClassificationWarnings(rawValue: 1)
    /// A survey answer disagrees with the registry facts (B4 "indicator disagrees with registry facts").
    public static let surveyDisagreesWithFacts = ClassificationWarnings(rawValue: 2)

    /// Stable codes of the findings, e.g. `score_income_disagree`.
    public var codes: [String] {
        var c: [String] = []
        if contains(.scoreIncomeDisagree) { c.append("score_income_disagree") }
        if contains(.surveyDisagreesWithFacts) { c.append("survey_disagrees_with_facts") }
        return c
    }
}

/// The engine's result for one household under one standard, with everything its explanation needs.
///
/// Plain value with no allocation, so a registry can be classified at memory speed; render the
/// sentence with ``Standard/explanation(for:)``.
public struct Classification: Sendable, Hashable {
    /// The class.
    public var povertyClass: PovertyClass
    /// Area type used for the lines.
    public var area: AreaType
    /// What decided the income side.
    public var basis: IncomeBasis
    /// Measured income, when known.
    public var income: Int?
    /// Score, when known and used.
    public var score: Int?
    /// Indicators known deprived.
    public var deprived: IndicatorSet
    /// Indicators whose answer is unknown.
    public var unknown: IndicatorSet
    /// Indicators where a survey answer disagrees with the registry facts.
    public var surveyDisagreements: IndicatorSet
    /// Data-quality findings.
    public var warnings: ClassificationWarnings

    /// Creates a result.
    public init(
        povertyClass: PovertyClass, area: AreaType, basis: IncomeBasis, income: Int?, score: Int?,
        deprived: IndicatorSet, unknown: IndicatorSet, surveyDisagreements: IndicatorSet = [],
        warnings: ClassificationWarnings = []
    ) {
        self.povertyClass = povertyClass
        self.area = area
        self.basis = basis
        self.income = income
        self.score = score
        self.deprived = deprived
        self.unknown = unknown
        self.surveyDisagreements = surveyDisagreements
        self.warnings = warnings
    }

    /// D: the number of indicators known deprived.
    public var deprivationCount: Int { deprived.count }
}
