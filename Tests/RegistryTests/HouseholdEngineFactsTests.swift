import Testing
import PovertyStandard
import VietnameseText
@testable import Registry

@Suite("Household → engine facts (dữ kiện phân loại)")
struct HouseholdEngineFactsTests {
    func household(referenceDate: CivilDate? = nil) -> Household {
        var facts = HouseholdFactValues()
        facts[.cleanWater] = true
        facts[.hygienicLatrine] = false
        var survey = SurveyAnswers()
        survey[.healthInsurance] = true
        return Household(
            householdCode: "H001", communeCode: "00004", village: "Thôn 1", areaType: .rural,
            referenceDate: referenceDate, monthlyIncomePerCapita: 1_200_000, incomeScore: 130,
            housingQuality: .makeshift, floorArea: 30, facts: facts, survey: survey)
    }

    func member(_ no: Int, _ birth: BirthDate, relation: Relation = .child) -> Member {
        Member(householdCode: "H001", memberNo: no, fullName: "Thành viên \(no)", relation: relation, sex: .female,
               birth: birth, healthInsurance: true, education: .primary, inSchool: nil)
    }

    @Test("The reference date defaults to 01/09 of the review year")
    func defaultReferenceDate() {
        #expect(household().referenceDate(reviewYear: 2025) == CivilDate(year: 2025, month: 9, day: 1))
        let own = CivilDate(year: 2025, month: 10, day: 15)
        #expect(household(referenceDate: own).referenceDate(reviewYear: 2025) == own)
    }

    @Test("Ages are completed years at the reference date")
    func agesAtReferenceDate() {
        let members = [
            member(1, .date(CivilDate(year: 1980, month: 9, day: 1)), relation: .head),  // birthday on the day: 45
            member(2, .date(CivilDate(year: 1980, month: 9, day: 2))),  // one day short: 44
            member(3, .year(2019)),  // counts as 01/07/2019: 6 on 01/09/2025
            member(4, .year(2025)),  // 01/07/2025: 0
            member(5, .date(CivilDate(year: 2025, month: 10, day: 3))),  // born after the reference date: 0
            member(6, .date(CivilDate(year: 2012, month: 2, day: 29))),  // 13 on 01/09/2025
        ]
        let facts = household().engineFacts(members: members, reviewYear: 2025)
        #expect(facts.members.map(\.age) == [45, 44, 6, 0, 0, 13])
        #expect(facts.members.map(\.birthYear) == [1980, 1980, 2019, 2025, 2025, 2012])
    }

    @Test("A bare birth year counts as 1 July")
    func bareYearIsFirstJuly() {
        let early = household(referenceDate: CivilDate(year: 2025, month: 6, day: 30))
        let late = household(referenceDate: CivilDate(year: 2025, month: 7, day: 1))
        let m = [member(1, .year(2010), relation: .head)]
        #expect(early.engineFacts(members: m, reviewYear: 2025).members[0].age == 14)
        #expect(late.engineFacts(members: m, reviewYear: 2025).members[0].age == 15)
    }

    @Test("Household facts, survey answers and member facts are all carried over")
    func factsMapped() {
        var m = member(1, .year(1990), relation: .head)
        m.employment = .noContract
        m.disability = .severe
        m.malnourished = false
        m.illUntreated = true
        let facts = household().engineFacts(members: [m], reviewYear: 2025)
        #expect(facts.area == .rural)
        #expect(facts.monthlyIncomePerCapita == 1_200_000)
        #expect(facts.incomeScore == 130)
        #expect(facts.housingQuality == .makeshift)
        #expect(facts.floorArea == 30)
        #expect(facts.facts[.cleanWater] == true)
        #expect(facts.facts[.hygienicLatrine] == false)
        #expect(facts.facts[.internet] == nil)
        #expect(facts.survey[.healthInsurance] == true)
        #expect(facts.survey[.latrine] == nil)
        let mf = facts.members[0]
        #expect(mf.healthInsurance == true)
        #expect(mf.education == .primary)
        #expect(mf.inSchool == nil)
        #expect(mf.employment == .noContract)
        #expect(mf.disability == .severe)
        #expect(mf.malnourished == false)
        #expect(mf.illUntreated == true)
    }
}
