import Foundation
import Testing
import PovertyStandard

// Shared fixtures. Every expected value in this suite is derived by hand from
// spec/standards.md; these helpers only build inputs, they never compute expectations.

enum Std {
    static let qd59 = "QD59-2016"
    static let nd07 = "ND07-2022"
    static let nd351 = "ND351-2027"
    static let all = [qd59, nd07, nd351]
}

/// The shipped standard with `id`.
func standard(_ id: String) -> Standard {
    do { return try StandardCatalog.shipped.standard(id: id) } catch {
        fatalError("shipped standard \(id) missing: \(error)")
    }
}

/// A compiled engine for a shipped standard.
func engine(_ id: String) -> ClassificationEngine { ClassificationEngine(standard: standard(id)) }

/// Classifies `h` under the shipped standard `id`.
func classify(_ id: String, _ h: HouseholdFacts) -> Classification { engine(id).classify(h) }

/// A member who is known not deprived in any indicator of any standard (all facts present).
func goodMember(age: Int = 35, birthYear: Int? = nil) -> MemberFacts {
    MemberFacts(
        age: age, birthYear: birthYear ?? (2020 - age), healthInsurance: true, education: .upperSecondary,
        inSchool: age < 18, employment: age >= 15 && age < 60 ? .contract : .notInLabourForce,
        disability: Disability.none, malnourished: false, illUntreated: false)
}

/// All household facts known and favourable (every fact true).
func goodFacts() -> HouseholdFactValues {
    var f = HouseholdFactValues()
    for fact in HouseholdFact.allCases { f[fact] = true }
    return f
}

/// A household known not deprived in any indicator of any shipped standard.
func goodHousehold(
    _ area: AreaType = .rural, income: Int? = 10_000_000, score: Int? = nil,
    members: [MemberFacts] = [goodMember()]
) -> HouseholdFacts {
    HouseholdFacts(
        area: area, monthlyIncomePerCapita: income, incomeScore: score, housingQuality: .durable,
        floorArea: 100, facts: goodFacts(), members: members)
}

/// A household whose indicator answers are fixed by the survey (phiếu B, B2): `deprived` ticked
/// deprived, `unknown` left unanswered with no registry facts, every other indicator of the
/// standard answered "not deprived". No registry facts are present, so no disagreement arises.
func surveyed(
    _ id: String, _ area: AreaType, income: Int?, score: Int? = nil,
    deprived: [IndicatorID] = [], unknown: [IndicatorID] = []
) -> HouseholdFacts {
    // One member with every fact blank: every indicator derived from facts is unknown.
    var h = HouseholdFacts(area: area, monthlyIncomePerCapita: income, incomeScore: score,
                           members: [MemberFacts(age: nil)])
    for ind in standard(id).indicatorIDs where !unknown.contains(ind) {
        h.survey[ind] = deprived.contains(ind)
    }
    return h
}

/// The first `d` indicators of a standard, in its order.
func firstIndicators(_ id: String, _ d: Int) -> [IndicatorID] { Array(standard(id).indicatorIDs.prefix(d)) }

/// The indicators after the first `skip`, `count` of them.
func indicators(_ id: String, from skip: Int, count: Int) -> [IndicatorID] {
    Array(standard(id).indicatorIDs.dropFirst(skip).prefix(count))
}

/// State of one indicator in a result.
enum IndicatorState: String, Sendable, CustomStringConvertible {
    case deprived, notDeprived = "not_deprived", unknown
    var description: String { rawValue }
}

func state(_ c: Classification, _ id: IndicatorID) -> IndicatorState {
    if c.deprived.contains(id) { return .deprived }
    if c.unknown.contains(id) { return .unknown }
    return .notDeprived
}

/// Order used by the monotonicity properties: poor < near_poor < average < not_poor.
func rank(_ c: PovertyClass) -> Int? {
    switch c {
    case .poor: 0
    case .nearPoor: 1
    case .average: 2
    case .notPoor: 3
    case .incomplete: nil
    }
}

extension IndicatorSet {
    init(_ ids: [IndicatorID]) {
        self.init()
        for i in ids { insert(i) }
    }
}
