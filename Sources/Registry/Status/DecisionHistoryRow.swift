import VietnameseText

/// One recognised class of a past year (kết quả công nhận của năm trước), as the decision
/// history file carries it: several years per household, with the decision and the unit code
/// valid on its date (legacy codes before 01/07/2025).
public struct DecisionHistoryRow: Sendable, Hashable {
    /// Row number in the file as Excel shows it (for messages).
    public var row: Int
    /// Household code (must exist in the registry).
    public var householdCode: String
    /// Commune code of the list valid on the decision date.
    public var communeCode: String
    /// Year of the review.
    public var year: Int
    /// Class recognised.
    public var recognisedClass: RecognisedClass
    /// Standard id the class was determined under.
    public var standardID: String
    /// Decision number (số quyết định), when known.
    public var decisionNumber: String?
    /// Decision date, used as the effective date; 14/12 of the year when absent.
    public var decisionDate: CivilDate?
    /// `periodic` (campaign) or `regular` (monthly batch).
    public var source: StatusSource

    /// Creates a row.
    public init(row: Int, householdCode: String, communeCode: String, year: Int, recognisedClass: RecognisedClass, standardID: String,
                decisionNumber: String?, decisionDate: CivilDate?, source: StatusSource = .periodic) {
        self.row = row
        self.householdCode = householdCode
        self.communeCode = communeCode
        self.year = year
        self.recognisedClass = recognisedClass
        self.standardID = standardID
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.source = source
    }

    /// The effective date: the decision date, or 14/12 of the year (review.md §6.1).
    public var effectiveDate: CivilDate { decisionDate ?? CivilDate(year: year, month: 12, day: 14) }
}
