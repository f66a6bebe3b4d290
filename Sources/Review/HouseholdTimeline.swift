import Registry
import VietnameseText

/// One year of a household's timeline (một năm trong diễn biến của hộ), R9 part E: class at the
/// year end, flow, decision number and date, standard, B1, B2.
public struct TimelineYear: Sendable, Hashable, Codable {
    /// Year.
    public var year: Int
    /// Class on 31/12 of the previous year and of the year.
    public var classAtStart: RecognisedClass, classAtEnd: RecognisedClass
    /// Flow.
    public var flow: PovertyFlow
    /// Standard at the year end, and whether it changed.
    public var standardID: String?, standardChanged: Bool
    /// Decisions of the year (numbers and effective dates), in order.
    public var decisions: [String]
    /// Effective date of the last decision.
    public var decisionDate: CivilDate?
    /// B1 and B2 of the year's last locked survey.
    public var b1: Int?, b2: Int?
    /// Re-entry after an earlier escape (R9 C).
    public var reentryAfterEscape: Bool
}

/// A household's timeline across years (diễn biến qua các năm), built from its status records
/// (the class on each 31/12, as ``YearOutcome`` computes it) and the scores of its surveys.
public enum HouseholdTimeline {
    /// Survey scores of a year, as stored.
    public struct Scores: Sendable, Hashable {
        /// Year, B1, B2.
        public var year: Int, b1: Int?, b2: Int?

        /// Creates scores.
        public init(year: Int, b1: Int?, b2: Int?) {
            self.year = year
            self.b1 = b1
            self.b2 = b2
        }
    }

    /// One row per year from the first record's year to `lastYear`.
    public static func build(householdCode: String, statuses: [StatusRecord], scores: [Scores], through lastYear: Int) -> [TimelineYear] {
        guard let first = statuses.map(\.effectiveDate.year).min(), first <= lastYear else { return [] }
        let history = StatusHistory(statuses)
        var everPoor = false
        var rows: [TimelineYear] = []
        for year in first...lastYear {
            let o = YearOutcome.compute(householdCode: householdCode, history: history, year: year)
            if o.classAtStart == .poor { everPoor = true }
            let ofYear = statuses.filter { $0.effectiveDate.year == year }.sorted { $0.effectiveDate < $1.effectiveDate }
            let s = scores.last { $0.year == year }
            rows.append(TimelineYear(
                year: year, classAtStart: o.classAtStart, classAtEnd: o.classAtEnd, flow: o.flow, standardID: o.standardAtEnd,
                standardChanged: o.standardChanged, decisions: ofYear.compactMap(\.decision), decisionDate: ofYear.last?.effectiveDate,
                b1: s?.b1, b2: s?.b2, reentryAfterEscape: everPoor && (o.flow == .newPoor || o.flow == .relapse) && o.classAtStart != .poor))
            if o.classAtEnd == .poor { everPoor = true }
        }
        return rows
    }
}
