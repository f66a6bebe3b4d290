import VietnameseText

/// The year outcome of a household (kết quả năm của hộ), review.md §6.3: its class on 31/12 of the
/// previous year and of the year, and the flow between them.
///
/// Written once when a campaign closes and kept forever, so reports of past years never have to
/// replay histories that later corrections may have changed.
public struct YearOutcome: Sendable, Hashable {
    /// Review year (năm).
    public var year: Int
    /// Household code (mã hộ).
    public var householdCode: String
    /// Class on 31/12 of the previous year (phân loại đầu kỳ).
    public var classAtStart: RecognisedClass
    /// Class on 31/12 of the year (phân loại cuối kỳ).
    public var classAtEnd: RecognisedClass
    /// Flow between the two (biến động).
    public var flow: PovertyFlow
    /// Standard of the record in force at the start (chuẩn nghèo đầu kỳ); `nil` when the household
    /// had no record yet or the record named none.
    public var standardAtStart: String?
    /// Standard of the record in force at the end (chuẩn nghèo cuối kỳ).
    public var standardAtEnd: String?
    /// The two ends were judged under different standards (thay đổi chuẩn nghèo), e.g. 2021 under
    /// `QD59-2016` and 2022 under `ND07-2022`; reports keep such flows in separate columns because
    /// they mix a change of rule with a change of living conditions.
    public var standardChanged: Bool

    /// Creates an outcome as stored; ``compute(householdCode:history:year:)`` derives one.
    public init(
        year: Int, householdCode: String, classAtStart: RecognisedClass, classAtEnd: RecognisedClass,
        flow: PovertyFlow, standardAtStart: String?, standardAtEnd: String?, standardChanged: Bool
    ) {
        self.year = year
        self.householdCode = householdCode
        self.classAtStart = classAtStart
        self.classAtEnd = classAtEnd
        self.flow = flow
        self.standardAtStart = standardAtStart
        self.standardAtEnd = standardAtEnd
        self.standardChanged = standardChanged
    }

    /// The outcome of a household that stayed in its unit all year, from its history on
    /// 31/12/(`year` − 1) and 31/12/`year`.
    ///
    /// `standardChanged` is true only when both ends name a standard and they differ: a household
    /// with no record at the start was never judged under the old standard, so its flow is not a
    /// product of the change.
    public static func compute(householdCode: String, history: StatusHistory, year: Int) -> YearOutcome {
        let start = history.record(on: CivilDate(year: year - 1, month: 12, day: 31))
        let end = history.record(on: CivilDate(year: year, month: 12, day: 31))
        let classAtStart = start?.recognisedClass ?? .notPoor
        let classAtEnd = end?.recognisedClass ?? .notPoor
        let standardAtStart = start?.standardID
        let standardAtEnd = end?.standardID
        let changed = standardAtStart != nil && standardAtEnd != nil && standardAtStart != standardAtEnd
        return YearOutcome(
            year: year, householdCode: householdCode, classAtStart: classAtStart, classAtEnd: classAtEnd,
            flow: .between(classAtStart, classAtEnd), standardAtStart: standardAtStart,
            standardAtEnd: standardAtEnd, standardChanged: changed)
    }
}
