import Access
import Foundation
import PovertyStandard
import Registry
import Review
import Store
import VietnameseText

extension ReviewWorkflow {
    /// The registry's side of an identification (review.md §5, §7): the household's village and
    /// recognised class on the round's day, and the household read in full (an audited read).
    func identificationFacts(_ code: String, commune: String, on day: CivilDate, context: AccessContext) throws -> (ListingCandidate, StoredHousehold) {
        guard let stored = try store.household(code: code, context: context),
              let candidate = try store.listingCandidates(communeCodes: recordedCodes(commune), on: day, classes: nil, householdCodes: [code]).first
        else { throw StoreError.householdNotFound(code: code) }
        return (candidate, stored)
    }

    /// A reviewer determines a household's income for the avg-agri identification (hộ làm nông,
    /// lâm, ngư, diêm nghiệp có mức sống trung bình, review.md §5) in a monthly batch; the
    /// household's class, village and area come from the registry, never from the form.
    public func determineAverageAgri(round id: String, commune: String, householdCode: String, members: Int, incomes: [IncomeSource: Int],
                                     socialAssistance: Int, by actor: ReviewActor, at now: Date, context: AccessContext) throws -> AverageAgriDetermination {
        let (candidate, stored) = try identificationFacts(householdCode, commune: commune, on: LocalTime.day(now), context: context)
        return try step(round: id, commune: commune, context: context) { d, env in
            try d.determineAverageAgri(householdCode: householdCode, village: candidate.village, currentClass: candidate.recognisedClass,
                                       area: stored.household.areaType, members: members, incomes: incomes, socialAssistance: socialAssistance,
                                       by: actor, at: now, settings: env.settings)
        }
    }

    /// A reviewer checks one member as a low-income worker (người lao động có thu nhập thấp,
    /// review.md §7): age from the registry's birth date, refused while the province has the
    /// module off.
    public func checkLowIncomeWorker(round id: String, commune: String, householdCode: String, memberNo: Int, perCapitaIncome: Int,
                                     by actor: ReviewActor, at now: Date, context: AccessContext) throws -> LowIncomeWorkerDetermination {
        let (candidate, stored) = try identificationFacts(householdCode, commune: commune, on: LocalTime.day(now), context: context)
        guard let member = stored.members.first(where: { $0.memberNo == memberNo }) else {
            throw StoreError.memberNotFound(householdCode: householdCode, memberNo: memberNo)
        }
        let r = try round(id)
        return try step(round: id, commune: commune, context: context) { d, env in
            try d.checkLowIncomeWorker(householdCode: householdCode, memberNo: memberNo, village: candidate.village, householdClass: candidate.recognisedClass,
                                       area: stored.household.areaType, perCapitaIncome: perCapitaIncome, age: member.birth.age(at: LocalTime.day(now)),
                                       standard: try env.engine(r.standardID).standard,
                                       enabled: env.settings.lowIncomeWorkerProvinces.contains(r.provinceCode), by: actor, at: now)
        }
    }
}
