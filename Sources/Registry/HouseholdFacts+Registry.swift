import PovertyStandard
import VietnameseText

extension Member {
    /// The member's facts for the engine (dữ kiện thành viên), with the age in completed years at
    /// `referenceDate`.
    public func engineFacts(referenceDate: CivilDate) -> MemberFacts {
        MemberFacts(
            age: birth.age(at: referenceDate), birthYear: birth.year, healthInsurance: healthInsurance,
            education: education, inSchool: inSchool, employment: employment, disability: disability,
            malnourished: malnourished, illUntreated: illUntreated
        )
    }
}

extension Household {
    /// Everything the engine needs to classify this household (dữ kiện phân loại hộ).
    ///
    /// Ages are taken at ``referenceDate(reviewYear:)`` so that one review compares all
    /// households at the same moment, whatever day each was surveyed on.
    /// - Parameters:
    ///   - members: the household's members (order does not matter to the engine).
    ///   - reviewYear: the review year, giving the default reference date 01/09.
    public func engineFacts(members: [Member], reviewYear: Int) -> HouseholdFacts {
        let date = referenceDate(reviewYear: reviewYear)
        var memberFacts: [MemberFacts] = []
        memberFacts.reserveCapacity(members.count)
        for member in members { memberFacts.append(member.engineFacts(referenceDate: date)) }
        return HouseholdFacts(
            area: areaType, monthlyIncomePerCapita: monthlyIncomePerCapita, incomeScore: incomeScore,
            housingQuality: housingQuality, floorArea: floorArea, facts: facts, survey: survey,
            members: memberFacts
        )
    }
}
