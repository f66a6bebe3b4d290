import Testing
import PovertyStandard

// standards.md §3–§6: each indicator derived from registry facts, at its age and threshold edges,
// with three-valued logic. Each case starts from a household known not deprived in anything and
// changes one thing, then checks the whole result: the indicator under test has the expected state
// and no other indicator is deprived or unknown.

struct IndicatorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var standards: [String]
    var indicator: IndicatorID
    var expected: IndicatorState
    var household: HouseholdFacts
    /// Other indicators the change necessarily affects (e.g. a blank age is also blank for child_schooling).
    var alsoDeprived: IndicatorSet = []
    var alsoUnknown: IndicatorSet = []
    var testDescription: String { "\(indicator.rawValue): \(name) → \(expected)" }
}

/// The good household with extra members (after one good adult aged 35).
private func withMembers(_ extra: MemberFacts...) -> HouseholdFacts {
    goodHousehold(members: [goodMember()] + extra)
}

/// A good member aged `age` changed by `change`.
private func member(_ age: Int?, _ change: (inout MemberFacts) -> Void = { _ in }) -> MemberFacts {
    var m = goodMember(age: age ?? 35)
    m.age = age
    // With the age blank, only "in school" keeps child_schooling known (not deprived).
    if age == nil { m.inSchool = true }
    change(&m)
    return m
}

private func c(_ name: String, _ standards: [String], _ id: IndicatorID, _ expected: IndicatorState,
               _ h: HouseholdFacts, alsoDeprived: [IndicatorID] = [], alsoUnknown: [IndicatorID] = []) -> IndicatorCase {
    IndicatorCase(name: name, standards: standards, indicator: id, expected: expected, household: h,
                  alsoDeprived: IndicatorSet(alsoDeprived), alsoUnknown: IndicatorSet(alsoUnknown))
}

private let nd = [Std.nd07, Std.nd351]
private let all = Std.all

// MARK: health_insurance (all standards): a member aged ≥ 6 has no health insurance.
let healthInsuranceCases: [IndicatorCase] = [
    c("age 5 uninsured", all, .healthInsurance, .notDeprived, withMembers(member(5) { $0.healthInsurance = false })),
    c("age 6 uninsured", all, .healthInsurance, .deprived, withMembers(member(6) { $0.healthInsurance = false })),
    c("age 70 uninsured", all, .healthInsurance, .deprived, withMembers(member(70) { $0.healthInsurance = false })),
    c("age 6 insured", all, .healthInsurance, .notDeprived, withMembers(member(6))),
    c("age 6 insurance blank", all, .healthInsurance, .unknown, withMembers(member(6) { $0.healthInsurance = nil })),
    c("age 5 insurance blank (outside the age range)", all, .healthInsurance, .notDeprived,
      withMembers(member(5) { $0.healthInsurance = nil })),
    c("age blank, insured", all, .healthInsurance, .notDeprived, withMembers(member(nil))),
    c("age blank, uninsured", all, .healthInsurance, .unknown, withMembers(member(nil) { $0.healthInsurance = false })),
    c("one member uninsured, another blank", all, .healthInsurance, .deprived,
      withMembers(member(40) { $0.healthInsurance = false }, member(40) { $0.healthInsurance = nil })),
]

// MARK: adult_education, QD59: a member aged ≥ 15 born in 1986 or later has not completed lower secondary
// and is not in school.
private func qd59Adult(_ age: Int?, born: Int?, _ edu: Education?, inSchool: Bool? = false) -> HouseholdFacts {
    withMembers(member(age) { $0.birthYear = born; $0.education = edu; $0.inSchool = inSchool })
}
let qd59AdultEducationCases: [IndicatorCase] = [
    c("age 30 born 1986, primary", [Std.qd59], .adultEducation, .deprived, qd59Adult(30, born: 1986, .primary)),
    c("age 31 born 1985, primary", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(31, born: 1985, .primary)),
    c("age 50 born 1985, no schooling", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(50, born: 1985, Education.none)),
    c("age 15, primary", [Std.qd59], .adultEducation, .deprived, qd59Adult(15, born: 2001, .primary)),
    c("age 14, primary (a child)", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(14, born: 2002, .primary, inSchool: true)),
    c("age 15, lower secondary", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(15, born: 2001, .lowerSecondary)),
    c("age 20, vocational", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(20, born: 1996, .vocational)),
    c("age 20, upper secondary", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(20, born: 1996, .upperSecondary)),
    c("age 20, primary, in school", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(20, born: 1996, .primary, inSchool: true)),
    c("age 20, primary, in_school blank", [Std.qd59], .adultEducation, .unknown, qd59Adult(20, born: 1996, .primary, inSchool: nil)),
    c("age 20, education blank", [Std.qd59], .adultEducation, .unknown, qd59Adult(20, born: 1996, nil)),
    c("born 1985, education blank", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(31, born: 1985, nil, inSchool: nil)),
    c("age 40, birth year blank, primary", [Std.qd59], .adultEducation, .unknown, qd59Adult(40, born: nil, .primary)),
    c("age blank, born 1990, primary", [Std.qd59], .adultEducation, .unknown, qd59Adult(nil, born: 1990, .primary),
      alsoUnknown: [.childSchooling]),
    c("age blank, college", [Std.qd59], .adultEducation, .notDeprived, qd59Adult(nil, born: nil, .collegePlus, inSchool: nil),
      alsoUnknown: [.childSchooling]),
]

// MARK: adult_education, ND07/ND351: 16 to < 18 without lower secondary, or 18–30 without upper secondary
// or vocational training, and not in school. The engine reads "18–30" as 18 ≤ age ≤ 30 (31 excluded).
private func ndAdult(_ age: Int?, _ edu: Education?, inSchool: Bool? = false) -> HouseholdFacts {
    withMembers(member(age) { $0.education = edu; $0.inSchool = inSchool })
}
let ndAdultEducationCases: [IndicatorCase] = [
    // Aged 15 and out of school: a child_schooling deprivation (3 to < 16), not an adult_education one.
    c("age 15, no schooling, not in school", nd, .adultEducation, .notDeprived, ndAdult(15, Education.none),
      alsoDeprived: [.childSchooling]),
    c("age 16, primary", nd, .adultEducation, .deprived, ndAdult(16, .primary)),
    c("age 16, lower secondary", nd, .adultEducation, .notDeprived, ndAdult(16, .lowerSecondary)),
    c("age 17, primary", nd, .adultEducation, .deprived, ndAdult(17, .primary)),
    c("age 17, lower secondary", nd, .adultEducation, .notDeprived, ndAdult(17, .lowerSecondary)),
    c("age 17, primary, in school", nd, .adultEducation, .notDeprived, ndAdult(17, .primary, inSchool: true)),
    c("age 18, lower secondary", nd, .adultEducation, .deprived, ndAdult(18, .lowerSecondary)),
    c("age 18, upper secondary", nd, .adultEducation, .notDeprived, ndAdult(18, .upperSecondary)),
    c("age 18, vocational", nd, .adultEducation, .notDeprived, ndAdult(18, .vocational)),
    c("age 18, college", nd, .adultEducation, .notDeprived, ndAdult(18, .collegePlus)),
    c("age 30, lower secondary", nd, .adultEducation, .deprived, ndAdult(30, .lowerSecondary)),
    c("age 31, lower secondary", nd, .adultEducation, .notDeprived, ndAdult(31, .lowerSecondary)),
    c("age 45, no schooling", nd, .adultEducation, .notDeprived, ndAdult(45, Education.none)),
    c("age 20, lower secondary, in school", nd, .adultEducation, .notDeprived, ndAdult(20, .lowerSecondary, inSchool: true)),
    // §6: "a member aged 20 with upper-secondary education is not deprived … even if in_school is blank".
    c("age 20, upper secondary, in_school blank", nd, .adultEducation, .notDeprived, ndAdult(20, .upperSecondary, inSchool: nil)),
    c("age 20, lower secondary, in_school blank", nd, .adultEducation, .unknown, ndAdult(20, .lowerSecondary, inSchool: nil)),
    c("age 20, education blank, not in school", nd, .adultEducation, .unknown, ndAdult(20, nil)),
    c("age 20, education blank, in school", nd, .adultEducation, .notDeprived, ndAdult(20, nil, inSchool: true)),
    c("age 40, education blank", nd, .adultEducation, .notDeprived, ndAdult(40, nil, inSchool: nil)),
    c("age blank, primary", nd, .adultEducation, .unknown, ndAdult(nil, .primary), alsoUnknown: [.childSchooling]),
    c("age blank, upper secondary", nd, .adultEducation, .notDeprived, ndAdult(nil, .upperSecondary, inSchool: nil),
      alsoUnknown: [.childSchooling]),
]

// MARK: child_schooling: QD59 5 to < 15; ND07/ND351 3 to < 16; a child not attending school.
private func child(_ age: Int?, inSchool: Bool?) -> HouseholdFacts {
    withMembers(member(age) { $0.inSchool = inSchool; $0.education = .primary })
}
let childSchoolingCases: [IndicatorCase] = [
    c("age 4, not in school", [Std.qd59], .childSchooling, .notDeprived, child(4, inSchool: false)),
    c("age 5, not in school", [Std.qd59], .childSchooling, .deprived, child(5, inSchool: false)),
    c("age 14, not in school", [Std.qd59], .childSchooling, .deprived, child(14, inSchool: false)),
    c("age 15, not in school", [Std.qd59], .childSchooling, .notDeprived,
      withMembers(member(15) { $0.inSchool = false; $0.education = .lowerSecondary })),
    c("age 2, not in school", nd, .childSchooling, .notDeprived, child(2, inSchool: false)),
    c("age 3, not in school", nd, .childSchooling, .deprived, child(3, inSchool: false)),
    c("age 15, not in school", nd, .childSchooling, .deprived, child(15, inSchool: false)),
    c("age 16, not in school", nd, .childSchooling, .notDeprived,
      withMembers(member(16) { $0.inSchool = false; $0.education = .lowerSecondary })),
    c("age 10, in school", all, .childSchooling, .notDeprived, child(10, inSchool: true)),
    c("age 10, in_school blank", all, .childSchooling, .unknown, child(10, inSchool: nil)),
    c("age 40, in_school blank (outside the age range)", all, .childSchooling, .notDeprived, child(40, inSchool: nil)),
    c("age blank, in school", all, .childSchooling, .notDeprived, withMembers(member(nil) { $0.inSchool = true })),
]

// MARK: nutrition (ND07/ND351): a child < 16 is stunted or underweight.
let nutritionCases: [IndicatorCase] = [
    c("age 0 malnourished", nd, .nutrition, .deprived, withMembers(member(0) { $0.malnourished = true })),
    c("age 15 malnourished", nd, .nutrition, .deprived, withMembers(member(15) { $0.malnourished = true })),
    c("age 16 malnourished", nd, .nutrition, .notDeprived,
      withMembers(member(16) { $0.malnourished = true; $0.education = .lowerSecondary })),
    c("age 10 well nourished", nd, .nutrition, .notDeprived, withMembers(member(10))),
    c("age 10 blank", nd, .nutrition, .unknown, withMembers(member(10) { $0.malnourished = nil })),
    c("age 40 blank", nd, .nutrition, .notDeprived, withMembers(member(40) { $0.malnourished = nil })),
    c("age blank, malnourished", nd, .nutrition, .unknown, withMembers(member(nil) { $0.malnourished = true })),
]

// MARK: employment (ND07/ND351): a member 15 to < 60 unemployed or wage worker without contract.
private func worker(_ age: Int?, _ e: Employment?) -> HouseholdFacts {
    withMembers(member(age) { $0.employment = e })
}
let employmentCases: [IndicatorCase] = [
    c("age 14 unemployed", nd, .employment, .notDeprived,
      withMembers(member(14) { $0.employment = .unemployed })),
    c("age 15 unemployed", nd, .employment, .deprived, withMembers(member(15) { $0.employment = .unemployed; $0.education = .lowerSecondary })),
    c("age 59 without contract", nd, .employment, .deprived, worker(59, .noContract)),
    c("age 59 unemployed", nd, .employment, .deprived, worker(59, .unemployed)),
    c("age 60 unemployed", nd, .employment, .notDeprived, worker(60, .unemployed)),
    c("age 30 with contract", nd, .employment, .notDeprived, worker(30, .contract)),
    c("age 30 self-employed", nd, .employment, .notDeprived, worker(30, .selfEmployed)),
    c("age 30 not in labour force", nd, .employment, .notDeprived, worker(30, .notInLabourForce)),
    c("age 30 blank", nd, .employment, .unknown, worker(30, nil)),
    c("age 70 blank", nd, .employment, .notDeprived, worker(70, nil)),
    c("age blank, contract", nd, .employment, .notDeprived, worker(nil, .contract)),
    c("age blank, unemployed", nd, .employment, .unknown, worker(nil, .unemployed)),
]

// MARK: dependants (ND07/ND351): dependants (child < 16, person ≥ 60, severe/particularly severe disability)
// are more than 50% of members. Unknown only when counting unknown-status members as dependants exceeds 50%.
private func family(_ members: MemberFacts...) -> HouseholdFacts { goodHousehold(members: members) }
private func adult(_ d: Disability?) -> MemberFacts { member(35) { $0.disability = d } }
let dependantsCases: [IndicatorCase] = [
    c("1 child of 2", nd, .dependants, .notDeprived, family(member(10), adult(Disability.none))),
    c("2 of 3 (child, elderly)", nd, .dependants, .deprived, family(member(10), member(70), adult(Disability.none))),
    c("1 of 3", nd, .dependants, .notDeprived, family(member(10), adult(Disability.none), adult(Disability.none))),
    c("2 of 4 is exactly 50%", nd, .dependants, .notDeprived,
      family(member(10), member(70), adult(Disability.none), adult(Disability.none))),
    c("3 of 5", nd, .dependants, .deprived,
      family(member(1), member(10), member(70), adult(Disability.none), adult(Disability.none))),
    c("two aged 15 of 3", nd, .dependants, .deprived,
      family(member(15), member(15), adult(Disability.none))),
    c("aged 16 and 15 of 3", nd, .dependants, .notDeprived,
      family(member(16) { $0.education = .lowerSecondary }, member(15), adult(Disability.none))),
    c("two aged 60 of 3", nd, .dependants, .deprived, family(member(60), member(60), adult(Disability.none))),
    c("two aged 59 of 3", nd, .dependants, .notDeprived, family(member(59), member(59), adult(Disability.none))),
    c("severe and particularly severe disability, 2 of 3", nd, .dependants, .deprived,
      family(adult(.severe), adult(.particularlySevere), adult(Disability.none))),
    c("mild disability is not a dependant", nd, .dependants, .notDeprived,
      family(adult(.mild), adult(.mild), adult(Disability.none))),
    c("child + adult of unknown disability: could exceed 50%", nd, .dependants, .unknown,
      family(member(10), adult(nil))),
    c("child + unknown adult of 4: at most 50%", nd, .dependants, .notDeprived,
      family(member(10), adult(nil), adult(Disability.none), adult(Disability.none))),
    c("2 of 3 known, one unknown", nd, .dependants, .deprived, family(member(10), member(70), adult(nil))),
    c("age blank but severely disabled counts", nd, .dependants, .deprived,
      family(member(nil) { $0.disability = .severe }, member(nil) { $0.disability = .severe }, adult(Disability.none))),
    c("child + age blank with mild disability: could be a child or elderly", nd, .dependants, .unknown,
      family(member(nil) { $0.disability = .mild }, member(10))),
    c("adult + age blank with mild disability: at most 50%", nd, .dependants, .notDeprived,
      family(member(nil) { $0.disability = .mild }, adult(Disability.none))),
    c("one age blank of 3", nd, .dependants, .notDeprived,
      family(member(nil), adult(Disability.none), adult(Disability.none))),
    c("elderly with unknown disability is a dependant anyway", nd, .dependants, .deprived,
      family(member(75) { $0.disability = nil }, member(8) { $0.disability = nil }, adult(Disability.none))),
]

// MARK: floor_area (all standards): floor area / members < 8 m²; blank area → unknown.
private func area(_ m2: Double?, members n: Int) -> HouseholdFacts {
    var h = goodHousehold(members: Array(repeating: goodMember(), count: n))
    h.floorArea = m2
    return h
}
let floorAreaCases: [IndicatorCase] = [
    c("16 m² for 2 members", all, .floorArea, .notDeprived, area(16, members: 2)),
    c("15.9 m² for 2 members", all, .floorArea, .deprived, area(15.9, members: 2)),
    c("8 m² for 1 member", all, .floorArea, .notDeprived, area(8, members: 1)),
    c("7.99 m² for 1 member", all, .floorArea, .deprived, area(7.99, members: 1)),
    c("24 m² for 3 members", all, .floorArea, .notDeprived, area(24, members: 3)),
    c("23.5 m² for 3 members", all, .floorArea, .deprived, area(23.5, members: 3)),
    c("0 m²", all, .floorArea, .deprived, area(0, members: 1)),
    c("blank area", all, .floorArea, .unknown, area(nil, members: 2)),
]

// MARK: housing_quality (all standards): makeshift (đơn sơ) or non-durable (thiếu kiên cố).
private func dwelling(_ q: HousingQuality?) -> HouseholdFacts {
    var h = goodHousehold()
    h.housingQuality = q
    return h
}
let housingCases: [IndicatorCase] = [
    c("durable", all, .housingQuality, .notDeprived, dwelling(.durable)),
    c("semi-durable", all, .housingQuality, .notDeprived, dwelling(.semiDurable)),
    c("non-durable", all, .housingQuality, .deprived, dwelling(.nonDurable)),
    c("makeshift", all, .housingQuality, .deprived, dwelling(.makeshift)),
    c("blank", all, .housingQuality, .unknown, dwelling(nil)),
]

// MARK: household facts: water, latrine, telecom, information assets, digital services, waste.
private func facts(_ set: (inout HouseholdFactValues) -> Void) -> HouseholdFacts {
    var h = goodHousehold()
    set(&h.facts)
    return h
}
let householdFactCases: [IndicatorCase] = [
    c("clean water", all, .waterSource, .notDeprived, facts { $0[.cleanWater] = true }),
    c("no clean water", all, .waterSource, .deprived, facts { $0[.cleanWater] = false }),
    c("clean water blank", all, .waterSource, .unknown, facts { $0[.cleanWater] = nil }),
    c("no hygienic latrine", all, .latrine, .deprived, facts { $0[.hygienicLatrine] = false }),
    c("hygienic latrine blank", all, .latrine, .unknown, facts { $0[.hygienicLatrine] = nil }),
    // ND07 telecom: no member uses the internet.
    c("no internet", [Std.nd07], .telecom, .deprived, facts { $0[.internet] = false }),
    c("internet blank", [Std.nd07], .telecom, .unknown, facts { $0[.internet] = nil }),
    c("no internet though a phone", [Std.nd07], .telecom, .deprived,
      facts { $0[.internet] = false; $0[.phoneOrInternet] = true }),
    // ND07 information_assets: none of the devices.
    c("no information device", [Std.nd07], .informationAssets, .deprived, facts { $0[.informationDevice] = false }),
    c("no information device, hears loudspeaker (ND07 ignores it)", [Std.nd07], .informationAssets, .deprived,
      facts { $0[.informationDevice] = false; $0[.hearsLoudspeaker] = true }),
    c("information device blank", [Std.nd07], .informationAssets, .unknown, facts { $0[.informationDevice] = nil }),
    // ND351 digital_services: no member uses the internet or digital public services.
    c("no internet", [Std.nd351], .digitalServices, .deprived, facts { $0[.internet] = false }),
    c("internet blank", [Std.nd351], .digitalServices, .unknown, facts { $0[.internet] = nil }),
    // ND351 waste: neither collected nor treated hygienically.
    c("waste not treated", [Std.nd351], .waste, .deprived, facts { $0[.wasteTreated] = false }),
    c("waste blank", [Std.nd351], .waste, .unknown, facts { $0[.wasteTreated] = nil }),
    // QD59 telecom: no member uses a phone or the internet (internet use rules it out).
    c("no phone or internet", [Std.qd59], .telecom, .deprived,
      facts { $0[.phoneOrInternet] = false; $0[.internet] = nil }),
    c("no phone or internet, internet false", [Std.qd59], .telecom, .deprived,
      facts { $0[.phoneOrInternet] = false; $0[.internet] = false }),
    c("phone_or_internet false but internet true", [Std.qd59], .telecom, .notDeprived,
      facts { $0[.phoneOrInternet] = false; $0[.internet] = true }),
    c("phone_or_internet blank, internet true", [Std.qd59], .telecom, .notDeprived,
      facts { $0[.phoneOrInternet] = nil; $0[.internet] = true }),
    c("phone_or_internet blank, internet false", [Std.qd59], .telecom, .unknown,
      facts { $0[.phoneOrInternet] = nil; $0[.internet] = false }),
    c("phone_or_internet true, internet false", [Std.qd59], .telecom, .notDeprived,
      facts { $0[.phoneOrInternet] = true; $0[.internet] = false }),
    // QD59 information_assets: no device AND cannot hear the loudspeaker.
    c("no device, no loudspeaker", [Std.qd59], .informationAssets, .deprived,
      facts { $0[.informationDevice] = false; $0[.hearsLoudspeaker] = false }),
    c("no device, hears loudspeaker", [Std.qd59], .informationAssets, .notDeprived,
      facts { $0[.informationDevice] = false; $0[.hearsLoudspeaker] = true }),
    c("device, no loudspeaker", [Std.qd59], .informationAssets, .notDeprived,
      facts { $0[.informationDevice] = true; $0[.hearsLoudspeaker] = false }),
    c("no device, loudspeaker blank", [Std.qd59], .informationAssets, .unknown,
      facts { $0[.informationDevice] = false; $0[.hearsLoudspeaker] = nil }),
    c("device blank, no loudspeaker", [Std.qd59], .informationAssets, .unknown,
      facts { $0[.informationDevice] = nil; $0[.hearsLoudspeaker] = false }),
    c("device blank, hears loudspeaker", [Std.qd59], .informationAssets, .notDeprived,
      facts { $0[.informationDevice] = nil; $0[.hearsLoudspeaker] = true }),
]

// MARK: health_access (QD59): a member was ill and got no treatment (any age).
let healthAccessCases: [IndicatorCase] = [
    c("ill, untreated", [Std.qd59], .healthAccess, .deprived, withMembers(member(70) { $0.illUntreated = true })),
    c("ill, untreated, age blank", [Std.qd59], .healthAccess, .deprived, withMembers(member(nil) { $0.illUntreated = true })),
    c("child ill, untreated", [Std.qd59], .healthAccess, .deprived, withMembers(member(2) { $0.illUntreated = true })),
    c("treated", [Std.qd59], .healthAccess, .notDeprived, withMembers(member(70))),
    c("blank", [Std.qd59], .healthAccess, .unknown, withMembers(member(70) { $0.illUntreated = nil })),
]

@Suite("Indicators derived from facts (standards.md §3–§6)")
struct IndicatorTests {
    @Test("the good household is known not deprived in every indicator of every standard")
    func goodHouseholdBaseline() {
        for id in Std.all {
            let c = classify(id, goodHousehold())
            #expect(c.deprived == [], "\(id)")
            #expect(c.unknown == [], "\(id)")
            #expect(c.povertyClass == .notPoor)
        }
    }

    @Test("indicator edges", arguments: healthInsuranceCases + qd59AdultEducationCases + ndAdultEducationCases
          + childSchoolingCases + nutritionCases + employmentCases + dependantsCases + floorAreaCases
          + housingCases + householdFactCases + healthAccessCases)
    func indicatorEdge(_ t: IndicatorCase) {
        for id in t.standards {
            #expect(standard(id).indicatorIDs.contains(t.indicator), "\(id) has \(t.indicator.rawValue)")
            let c = classify(id, t.household)
            #expect(state(c, t.indicator) == t.expected, "\(id)")
            // Nothing else moved.
            var deprived = t.alsoDeprived
            var unknown = t.alsoUnknown
            if t.expected == .deprived { deprived.insert(t.indicator) }
            if t.expected == .unknown { unknown.insert(t.indicator) }
            #expect(c.deprived == deprived, "\(id)")
            #expect(c.unknown == unknown, "\(id)")
        }
    }

    @Test("indicators a standard does not have are never counted")
    func foreignIndicators() {
        var h = goodHousehold()
        h.members = [goodMember(), member(30) { $0.employment = .unemployed; $0.illUntreated = true; $0.malnourished = true }]
        h.facts[.wasteTreated] = false
        h.facts[.informationDevice] = false
        h.facts[.hearsLoudspeaker] = false
        // QD59 has health_access and information_assets (device and loudspeaker both false).
        #expect(classify(Std.qd59, h).deprived == IndicatorSet([.healthAccess, .informationAssets]))
        // ND07 has employment and information_assets; malnourished at 30 is outside nutrition's age range.
        #expect(classify(Std.nd07, h).deprived == IndicatorSet([.employment, .informationAssets]))
        // ND351 has employment and waste; information_assets is dropped.
        #expect(classify(Std.nd351, h).deprived == IndicatorSet([.employment, .waste]))
    }

    @Test("members outside an indicator's age range never make it unknown")
    func outsideAgeRangeNeverUnknown() {
        // A 70-year-old with every member fact blank except age, birth year and disability.
        let elderly = MemberFacts(age: 70, birthYear: 1950, disability: Disability.none)
        let h = goodHousehold(members: [goodMember(), goodMember(), elderly])
        // In range: health_insurance (≥ 6) and, in QD59, health_access (no age range). Out of range:
        // employment (15 to < 60), nutrition (< 16), child_schooling, ND adult_education (16–30);
        // QD59 adult_education is ruled out by the birth year (1950 < 1986) although education is blank.
        let expected: [String: IndicatorSet] = [
            Std.qd59: IndicatorSet([.healthAccess, .healthInsurance]),
            Std.nd07: IndicatorSet(.healthInsurance),
            Std.nd351: IndicatorSet(.healthInsurance),
        ]
        for id in Std.all {
            let c = classify(id, h)
            #expect(c.unknown == expected[id], "\(id)")
            #expect(c.deprived == [], "\(id)") // 1 dependant of 3
        }
    }
}
