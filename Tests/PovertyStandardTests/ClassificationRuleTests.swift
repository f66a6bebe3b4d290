import Testing
import PovertyStandard

// standards.md §2: the classification rule at every line of every shipped standard.
// Lines (VND/person/month) and cut-offs are copied from the table of standards.md §1.

struct IncomeRow: Sendable, CustomTestStringConvertible {
    var std: String
    var area: AreaType
    var income: Int
    var d: Int
    var expected: PovertyClass
    var testDescription: String { "\(std) \(area.rawValue) income \(income) D=\(d) → \(expected.rawValue)" }
}

private func r(_ std: String, _ area: AreaType, _ income: Int, _ d: Int, _ expected: PovertyClass) -> IncomeRow {
    IncomeRow(std: std, area: area, income: income, d: d, expected: expected)
}

// Rule `both`, k = 3. ND07-2022: rural 1,500,000 / band ≤ 2,250,000; urban 2,000,000 / ≤ 3,000,000.
let nd07IncomeRows: [IncomeRow] = [
    r(Std.nd07, .rural, 0, 3, .poor),
    r(Std.nd07, .rural, 1_499_999, 2, .nearPoor), r(Std.nd07, .rural, 1_499_999, 3, .poor),
    r(Std.nd07, .rural, 1_500_000, 2, .nearPoor), r(Std.nd07, .rural, 1_500_000, 3, .poor),
    r(Std.nd07, .rural, 1_500_000, 0, .nearPoor), r(Std.nd07, .rural, 1_500_000, 12, .poor),
    r(Std.nd07, .rural, 1_500_001, 2, .average), r(Std.nd07, .rural, 1_500_001, 3, .average),
    r(Std.nd07, .rural, 2_249_999, 3, .average),
    r(Std.nd07, .rural, 2_250_000, 2, .average), r(Std.nd07, .rural, 2_250_000, 3, .average),
    r(Std.nd07, .rural, 2_250_001, 2, .notPoor), r(Std.nd07, .rural, 2_250_001, 3, .notPoor),
    r(Std.nd07, .urban, 1_999_999, 2, .nearPoor), r(Std.nd07, .urban, 1_999_999, 3, .poor),
    r(Std.nd07, .urban, 2_000_000, 2, .nearPoor), r(Std.nd07, .urban, 2_000_000, 3, .poor),
    r(Std.nd07, .urban, 2_000_001, 2, .average), r(Std.nd07, .urban, 2_000_001, 3, .average),
    r(Std.nd07, .urban, 2_999_999, 3, .average),
    r(Std.nd07, .urban, 3_000_000, 2, .average), r(Std.nd07, .urban, 3_000_000, 3, .average),
    r(Std.nd07, .urban, 3_000_001, 2, .notPoor), r(Std.nd07, .urban, 3_000_001, 3, .notPoor),
    // Urban lines applied to a rural household and vice versa.
    r(Std.nd07, .rural, 1_800_000, 3, .average), r(Std.nd07, .urban, 1_800_000, 3, .poor),
    r(Std.nd07, .rural, 2_500_000, 0, .notPoor), r(Std.nd07, .urban, 2_500_000, 0, .average),
]

// Rule `both`, k = 3. ND351-2027: rural 2,200,000 / ≤ 3,300,000; urban 2,800,000 / ≤ 4,200,000.
let nd351IncomeRows: [IncomeRow] = [
    r(Std.nd351, .rural, 2_199_999, 2, .nearPoor), r(Std.nd351, .rural, 2_199_999, 3, .poor),
    r(Std.nd351, .rural, 2_200_000, 2, .nearPoor), r(Std.nd351, .rural, 2_200_000, 3, .poor),
    r(Std.nd351, .rural, 2_200_001, 2, .average), r(Std.nd351, .rural, 2_200_001, 3, .average),
    r(Std.nd351, .rural, 3_299_999, 3, .average),
    r(Std.nd351, .rural, 3_300_000, 2, .average), r(Std.nd351, .rural, 3_300_000, 3, .average),
    r(Std.nd351, .rural, 3_300_001, 2, .notPoor), r(Std.nd351, .rural, 3_300_001, 3, .notPoor),
    r(Std.nd351, .urban, 2_799_999, 2, .nearPoor), r(Std.nd351, .urban, 2_799_999, 3, .poor),
    r(Std.nd351, .urban, 2_800_000, 2, .nearPoor), r(Std.nd351, .urban, 2_800_000, 3, .poor),
    r(Std.nd351, .urban, 2_800_001, 2, .average), r(Std.nd351, .urban, 2_800_001, 3, .average),
    r(Std.nd351, .urban, 4_199_999, 3, .average),
    r(Std.nd351, .urban, 4_200_000, 2, .average), r(Std.nd351, .urban, 4_200_000, 3, .average),
    r(Std.nd351, .urban, 4_200_001, 2, .notPoor), r(Std.nd351, .urban, 4_200_001, 3, .notPoor),
]

// Rule `either`, k = 3. QD59-2016: rural 700,000 / 1,000,000 / ≤ 1,500,000; urban 900,000 / 1,300,000 / ≤ 1,950,000.
let qd59IncomeRows: [IncomeRow] = [
    r(Std.qd59, .rural, 699_999, 0, .poor), r(Std.qd59, .rural, 699_999, 2, .poor),
    r(Std.qd59, .rural, 700_000, 0, .poor), r(Std.qd59, .rural, 700_000, 2, .poor), r(Std.qd59, .rural, 700_000, 3, .poor),
    r(Std.qd59, .rural, 700_001, 0, .nearPoor), r(Std.qd59, .rural, 700_001, 2, .nearPoor), r(Std.qd59, .rural, 700_001, 3, .poor),
    r(Std.qd59, .rural, 999_999, 2, .nearPoor), r(Std.qd59, .rural, 999_999, 3, .poor),
    r(Std.qd59, .rural, 1_000_000, 2, .nearPoor), r(Std.qd59, .rural, 1_000_000, 3, .poor),
    r(Std.qd59, .rural, 1_000_001, 2, .average), r(Std.qd59, .rural, 1_000_001, 3, .average),
    r(Std.qd59, .rural, 1_499_999, 3, .average),
    r(Std.qd59, .rural, 1_500_000, 2, .average), r(Std.qd59, .rural, 1_500_000, 3, .average),
    r(Std.qd59, .rural, 1_500_001, 2, .notPoor), r(Std.qd59, .rural, 1_500_001, 3, .notPoor),
    r(Std.qd59, .urban, 899_999, 2, .poor),
    r(Std.qd59, .urban, 900_000, 0, .poor), r(Std.qd59, .urban, 900_000, 2, .poor), r(Std.qd59, .urban, 900_000, 3, .poor),
    r(Std.qd59, .urban, 900_001, 2, .nearPoor), r(Std.qd59, .urban, 900_001, 3, .poor),
    r(Std.qd59, .urban, 1_299_999, 2, .nearPoor), r(Std.qd59, .urban, 1_299_999, 3, .poor),
    r(Std.qd59, .urban, 1_300_000, 2, .nearPoor), r(Std.qd59, .urban, 1_300_000, 3, .poor),
    r(Std.qd59, .urban, 1_300_001, 2, .average), r(Std.qd59, .urban, 1_300_001, 3, .average),
    r(Std.qd59, .urban, 1_949_999, 3, .average),
    r(Std.qd59, .urban, 1_950_000, 2, .average), r(Std.qd59, .urban, 1_950_000, 3, .average),
    r(Std.qd59, .urban, 1_950_001, 2, .notPoor), r(Std.qd59, .urban, 1_950_001, 3, .notPoor),
]

@Suite("Classification rule (standards.md §2)")
struct ClassificationRuleTests {
    @Test("income at, one below and one above every line", arguments: nd07IncomeRows + nd351IncomeRows + qd59IncomeRows)
    func incomeBoundaries(_ row: IncomeRow) {
        let c = classify(row.std, surveyed(row.std, row.area, income: row.income, deprived: firstIndicators(row.std, row.d)))
        #expect(c.povertyClass == row.expected)
        #expect(c.deprivationCount == row.d)
        #expect(c.unknown.count == 0)
        #expect(c.basis == .income)
        #expect(c.warnings == [])
    }

    @Test("the same deprivations counted on other indicators give the same class")
    func whichIndicatorsDoesNotMatter() {
        // D = 3 on the last three indicators instead of the first three.
        for id in Std.all {
            let n = standard(id).indicators.count
            let h = surveyed(id, .rural, income: 1_000_000, deprived: indicators(id, from: n - 3, count: 3))
            let c = classify(id, h)
            #expect(c.deprivationCount == 3)
            // ≤ every shipped rural poverty line except QD59's 700,000, where it is in the near-poverty band.
            #expect(c.povertyClass == .poor, "\(id)")
        }
    }

    @Test("neither income nor score → incomplete, whatever D is", arguments: Std.all, [0, 3, 12])
    func neitherIncomeNorScore(_ id: String, _ d: Int) {
        for area in AreaType.allCases {
            let dd = min(d, standard(id).indicators.count)
            let c = classify(id, surveyed(id, area, income: nil, score: nil, deprived: firstIndicators(id, dd)))
            #expect(c.povertyClass == .incomplete)
            #expect(c.basis == .none)
        }
    }
}

// MARK: - Score (B1 "điểm A")

struct ScoreRow: Sendable, CustomTestStringConvertible {
    var std: String
    var area: AreaType
    var score: Int
    var income: Int?
    var d: Int
    var expected: PovertyClass
    var disagree: Bool
    var testDescription: String {
        "\(std) \(area.rawValue) score \(score) income \(income.map(String.init) ?? "–") D=\(d) → \(expected.rawValue)\(disagree ? " (warning)" : "")"
    }
}

private func s(_ std: String, _ area: AreaType, _ score: Int, income: Int? = nil, _ d: Int, _ expected: PovertyClass,
               disagree: Bool = false) -> ScoreRow {
    ScoreRow(std: std, area: area, score: score, income: income, d: d, expected: expected, disagree: disagree)
}

// ND07: 140 rural / 175 urban ≙ the poverty line. QD59: rural 120 / 150, urban 140 / 175.
let scoreRows: [ScoreRow] = [
    // ND07, score alone.
    s(Std.nd07, .rural, 140, 3, .poor), s(Std.nd07, .rural, 140, 2, .nearPoor), s(Std.nd07, .rural, 139, 3, .poor),
    s(Std.nd07, .rural, 141, 3, .notPoor), s(Std.nd07, .rural, 141, 2, .notPoor),
    s(Std.nd07, .urban, 175, 3, .poor), s(Std.nd07, .urban, 175, 2, .nearPoor),
    s(Std.nd07, .urban, 176, 3, .notPoor), s(Std.nd07, .urban, 150, 2, .nearPoor),
    // ND07, score and income: the score decides the poverty line, the income only the average band.
    s(Std.nd07, .rural, 140, income: 1_500_000, 3, .poor),
    s(Std.nd07, .rural, 140, income: 2_000_000, 3, .poor, disagree: true),
    s(Std.nd07, .rural, 140, income: 2_000_000, 2, .nearPoor, disagree: true),
    s(Std.nd07, .rural, 141, income: 1_500_001, 3, .average),
    s(Std.nd07, .rural, 141, income: 2_250_000, 3, .average),
    s(Std.nd07, .rural, 141, income: 2_250_001, 3, .notPoor),
    s(Std.nd07, .rural, 141, income: 1_500_000, 3, .notPoor, disagree: true),
    s(Std.nd07, .rural, 141, income: 1_000_000, 0, .notPoor, disagree: true),
    s(Std.nd07, .urban, 175, income: 2_000_001, 3, .poor, disagree: true),
    s(Std.nd07, .urban, 176, income: 2_000_001, 0, .average),
    s(Std.nd07, .urban, 176, income: 3_000_000, 0, .average),
    s(Std.nd07, .urban, 176, income: 3_000_001, 0, .notPoor),
    s(Std.nd07, .urban, 176, income: 2_000_000, 0, .notPoor, disagree: true),
    // QD59, score alone: ≤ poverty cut-off → poor; ≤ near-poverty cut-off → by D; above → not poor.
    s(Std.qd59, .rural, 120, 0, .poor), s(Std.qd59, .rural, 121, 2, .nearPoor), s(Std.qd59, .rural, 121, 3, .poor),
    s(Std.qd59, .rural, 150, 2, .nearPoor), s(Std.qd59, .rural, 150, 3, .poor),
    s(Std.qd59, .rural, 151, 3, .notPoor), s(Std.qd59, .rural, 151, 0, .notPoor),
    s(Std.qd59, .urban, 140, 0, .poor), s(Std.qd59, .urban, 141, 2, .nearPoor), s(Std.qd59, .urban, 141, 3, .poor),
    s(Std.qd59, .urban, 175, 2, .nearPoor), s(Std.qd59, .urban, 175, 3, .poor),
    s(Std.qd59, .urban, 176, 3, .notPoor),
    // QD59, score and income.
    s(Std.qd59, .rural, 120, income: 700_000, 0, .poor),
    s(Std.qd59, .rural, 120, income: 800_000, 0, .poor, disagree: true),
    s(Std.qd59, .rural, 121, income: 800_000, 2, .nearPoor),
    s(Std.qd59, .rural, 121, income: 600_000, 2, .nearPoor, disagree: true),
    s(Std.qd59, .rural, 150, income: 1_200_000, 3, .poor, disagree: true),
    s(Std.qd59, .rural, 151, income: 1_000_001, 3, .average),
    s(Std.qd59, .rural, 151, income: 1_500_000, 0, .average),
    s(Std.qd59, .rural, 151, income: 1_500_001, 0, .notPoor),
    s(Std.qd59, .rural, 151, income: 1_000_000, 3, .notPoor, disagree: true),
    s(Std.qd59, .urban, 176, income: 1_300_001, 0, .average),
    s(Std.qd59, .urban, 176, income: 1_950_001, 0, .notPoor),
    s(Std.qd59, .urban, 176, income: 900_000, 3, .notPoor, disagree: true),
]

@Suite("Income-proxy score (standards.md §2)")
struct ScoreTests {
    @Test("score cut-offs, and score with income", arguments: scoreRows)
    func scoreRow(_ row: ScoreRow) {
        let c = classify(row.std, surveyed(row.std, row.area, income: row.income, score: row.score,
                                           deprived: firstIndicators(row.std, row.d)))
        #expect(c.povertyClass == row.expected)
        #expect(c.basis == .score)
        #expect(c.score == row.score)
        #expect(c.income == row.income)
        #expect(c.warnings.contains(.scoreIncomeDisagree) == row.disagree)
        #expect(!c.warnings.contains(.surveyDisagreesWithFacts))
    }

    @Test("ND351 has no score cut-offs: the income alone decides, a lone score is not enough")
    func nd351IgnoresScore() {
        // Score 0 would be "at or below" any cut-off; ND351 has none, so the income 2,200,001 decides.
        let withIncome = classify(Std.nd351, surveyed(Std.nd351, .rural, income: 2_200_001, score: 0,
                                                      deprived: firstIndicators(Std.nd351, 5)))
        #expect(withIncome.povertyClass == .average)
        #expect(withIncome.basis == .income)
        #expect(withIncome.score == nil)
        #expect(withIncome.warnings == [])

        let atLine = classify(Std.nd351, surveyed(Std.nd351, .urban, income: 2_800_000, score: 999,
                                                  deprived: firstIndicators(Std.nd351, 3)))
        #expect(atLine.povertyClass == .poor)
        #expect(atLine.warnings == [])

        for score in [0, 140, 999] {
            let alone = classify(Std.nd351, surveyed(Std.nd351, .rural, income: nil, score: score,
                                                     deprived: firstIndicators(Std.nd351, 3)))
            #expect(alone.povertyClass == .incomplete)
            #expect(alone.basis == .none)
        }
    }
}

// MARK: - Unknown indicators (standards.md §6)

struct UnknownRow: Sendable, CustomTestStringConvertible {
    var std: String
    var area: AreaType
    var income: Int
    var d: Int
    var u: Int
    var expected: PovertyClass
    var testDescription: String { "\(std) \(area.rawValue) income \(income) D=\(d) unknown=\(u) → \(expected.rawValue)" }
}

private func u(_ std: String, _ area: AreaType, _ income: Int, d: Int, u: Int, _ expected: PovertyClass) -> UnknownRow {
    UnknownRow(std: std, area: area, income: income, d: d, u: u, expected: expected)
}
private func u(_ std: String, _ income: Int, d: Int, u: Int, _ expected: PovertyClass) -> UnknownRow {
    UnknownRow(std: std, area: .rural, income: income, d: d, u: u, expected: expected)
}

let unknownRows: [UnknownRow] = [
    // `both`, income ≤ line: D ≥ k known → poor; D + unknown < k → near-poor; otherwise incomplete.
    u(Std.nd07, 1_000_000, d: 3, u: 2, .poor), u(Std.nd07, 1_000_000, d: 3, u: 9, .poor),
    u(Std.nd07, 1_000_000, d: 2, u: 0, .nearPoor), u(Std.nd07, 1_000_000, d: 1, u: 1, .nearPoor),
    u(Std.nd07, 1_000_000, d: 0, u: 2, .nearPoor),
    u(Std.nd07, 1_000_000, d: 2, u: 1, .incomplete), u(Std.nd07, 1_000_000, d: 1, u: 2, .incomplete),
    u(Std.nd07, 1_000_000, d: 0, u: 3, .incomplete), u(Std.nd07, 1_000_000, d: 0, u: 12, .incomplete),
    u(Std.nd07, .urban, 2_000_000, d: 2, u: 1, .incomplete), u(Std.nd07, .urban, 2_000_000, d: 2, u: 0, .nearPoor),
    // `both`, income above the line: unknown indicators do not matter.
    u(Std.nd07, 1_500_001, d: 0, u: 12, .average), u(Std.nd07, 2_250_001, d: 0, u: 12, .notPoor),
    u(Std.nd07, .urban, 2_000_001, d: 2, u: 10, .average),
    u(Std.nd351, 2_200_000, d: 3, u: 4, .poor), u(Std.nd351, 2_200_000, d: 1, u: 1, .nearPoor),
    u(Std.nd351, 2_200_000, d: 1, u: 2, .incomplete),
    u(Std.nd351, 2_200_001, d: 0, u: 12, .average), u(Std.nd351, 3_300_001, d: 0, u: 12, .notPoor),
    // `either`: at or below the poverty line the household is poor whatever the unknowns.
    u(Std.qd59, 700_000, d: 0, u: 10, .poor),
    u(Std.qd59, 700_001, d: 3, u: 7, .poor), u(Std.qd59, 700_001, d: 2, u: 1, .incomplete),
    u(Std.qd59, 1_000_000, d: 1, u: 1, .nearPoor), u(Std.qd59, 1_000_000, d: 0, u: 3, .incomplete),
    u(Std.qd59, 1_000_001, d: 0, u: 10, .average), u(Std.qd59, 1_500_001, d: 0, u: 10, .notPoor),
    u(Std.qd59, .urban, 900_000, d: 0, u: 10, .poor), u(Std.qd59, .urban, 1_300_000, d: 2, u: 1, .incomplete),
]

@Suite("Unknown indicators decide or not (standards.md §6)")
struct UnknownIndicatorTests {
    @Test("class with unknown indicators", arguments: unknownRows)
    func unknownRow(_ row: UnknownRow) {
        let dep = firstIndicators(row.std, row.d)
        let unk = indicators(row.std, from: row.d, count: row.u)
        let c = classify(row.std, surveyed(row.std, row.area, income: row.income, deprived: dep, unknown: unk))
        #expect(c.povertyClass == row.expected)
        #expect(c.deprived == IndicatorSet(dep))
        #expect(c.unknown == IndicatorSet(unk))
    }

    @Test("a household with every fact blank but an income is still classified when income decides")
    func blankFactsIncomeDecides() {
        let blank = HouseholdFacts(area: .rural, monthlyIncomePerCapita: 5_000_000, members: [MemberFacts(age: nil)])
        for id in Std.all {
            let c = classify(id, blank)
            #expect(c.povertyClass == .notPoor)
            #expect(c.unknown == standard(id).indicatorSet, "every indicator is unknown with blank facts")
            #expect(c.deprivationCount == 0)
        }
        var poorQD59 = blank
        poorQD59.monthlyIncomePerCapita = 700_000
        #expect(classify(Std.qd59, poorQD59).povertyClass == .poor)
        #expect(classify(Std.nd07, poorQD59).povertyClass == .incomplete)
    }
}

// MARK: - Survey answers (standards.md §6)

@Suite("Survey answers override registry facts (standards.md §6)")
struct SurveyOverrideTests {
    /// The good household with clean water set to `fact` (derived water_source is the negation).
    private func household(cleanWater fact: Bool?, survey answer: Bool?) -> HouseholdFacts {
        var h = goodHousehold(.rural, income: 1_000_000)
        h.facts[.cleanWater] = fact
        h.survey[.waterSource] = answer
        return h
    }

    @Test("survey vs facts", arguments: [
        // (clean_water fact, deprived_water_source answer, expected state, disagreement?)
        (false as Bool?, nil as Bool?, IndicatorState.deprived, false),
        (true, nil, .notDeprived, false),
        (nil, nil, .unknown, false),
        (false, false, .notDeprived, true), // facts say deprived, survey says not: survey wins
        (true, true, .deprived, true), // facts say not deprived, survey says deprived: survey wins
        (false, true, .deprived, false),
        (true, false, .notDeprived, false),
        (nil, true, .deprived, false), // derived value unknown: nothing to disagree with
        (nil, false, .notDeprived, false),
    ])
    func surveyVersusFacts(_ fact: Bool?, _ answer: Bool?, _ expected: IndicatorState, _ disagrees: Bool) {
        for id in Std.all {
            let c = classify(id, household(cleanWater: fact, survey: answer))
            #expect(state(c, .waterSource) == expected, "\(id)")
            #expect(c.warnings.contains(.surveyDisagreesWithFacts) == disagrees, "\(id)")
            #expect(c.surveyDisagreements == (disagrees ? IndicatorSet(.waterSource) : []), "\(id)")
            #expect(c.unknown == (expected == .unknown ? IndicatorSet(.waterSource) : []))
        }
    }

    @Test("survey answers change the class and the disagreement is named per indicator")
    func surveyChangesClass() {
        // ND07 rural, income 1,000,000, facts: no clean water, no latrine, no internet → D = 3, poor.
        var h = goodHousehold(.rural, income: 1_000_000)
        h.facts[.cleanWater] = false
        h.facts[.hygienicLatrine] = false
        h.facts[.internet] = false
        #expect(classify(Std.nd07, h).povertyClass == .poor)
        // The survey says the latrine is fine: D = 2 → near-poor, with a finding on latrine only.
        h.survey[.latrine] = false
        var c = classify(Std.nd07, h)
        #expect(c.povertyClass == .nearPoor)
        #expect(c.deprived == IndicatorSet([.waterSource, .telecom]))
        #expect(c.surveyDisagreements == IndicatorSet(.latrine))
        // … and that the household is deprived in housing quality although the facts say durable: D = 3 again.
        h.survey[.housingQuality] = true
        c = classify(Std.nd07, h)
        #expect(c.povertyClass == .poor)
        #expect(c.surveyDisagreements == IndicatorSet([.latrine, .housingQuality]))
        #expect(c.warnings == .surveyDisagreesWithFacts)
    }

    @Test("a survey answer for an indicator the standard does not have is ignored")
    func foreignSurveyAnswer() {
        var h = goodHousehold(.rural, income: 1_000_000)
        h.survey[.waste] = true // ND351 only
        h.survey[.healthAccess] = true // QD59 only
        let c = classify(Std.nd07, h)
        #expect(c.deprivationCount == 0)
        #expect(c.povertyClass == .nearPoor)
        #expect(c.warnings == [])
        #expect(classify(Std.nd351, h).deprived == IndicatorSet(.waste))
        #expect(classify(Std.qd59, h).deprived == IndicatorSet(.healthAccess))
    }
}
