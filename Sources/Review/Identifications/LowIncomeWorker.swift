import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// The identification of a low-income worker (xác định người lao động có thu nhập thấp,
/// NĐ 30/2025/NĐ-CP), review.md §7: person level, optional per province
/// (`module.low_income_worker`), reusing the regular-review flow (request → income check →
/// posting 3 working days → commune decision) with person status records.
///
/// Qualifies: a working-age member (the standard's working age) of a household neither poor nor
/// near-poor whose per-capita income is at or below the standard's low-income-worker line. Only
/// standards defining the category (`ND07-2022`) allow it.
public struct LowIncomeWorkerDetermination: SpecialIdentification {
    /// Id.
    public var id: String
    /// Batch, commune, household, member.
    public var roundID: String, communeCode: String, householdCode: String, memberNo: Int
    /// Standard and area.
    public var standardID: String, area: AreaType
    /// Household class and per-capita income checked; member's age at the check.
    public var householdClass: RecognisedClass?, perCapitaIncome: Int?, age: Int?
    /// Whether the person qualifies, and why not.
    public var qualifies: Bool?, reason: String?
    /// Checked on, by.
    public var checkedOn: CivilDate?, checkedBy: String?
    /// Posting end, decision, validity.
    public var postingEnd: Date?, decision: String?, validFrom: CivilDate?
    /// State (same machine as avg-agri).
    public var state: IdentificationState

    /// Creates a listed identification.
    public init(id: String, roundID: String, communeCode: String, householdCode: String, memberNo: Int, standardID: String, area: AreaType) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.memberNo = memberNo
        self.standardID = standardID
        self.area = area
        self.state = .listed
    }

    /// The income check: household class, per-capita income, the member's age.
    public mutating func check(householdClass: RecognisedClass, perCapitaIncome: Int, age: Int, standard: Standard, enabled: Bool,
                               by actor: ReviewActor, on day: CivilDate, round: ReviewRound) throws {
        guard enabled else {
            throw ReviewError.guardFailed("low_income_disabled", "Tỉnh chưa bật chức năng xác định người lao động có thu nhập thấp (module.low_income_worker)")
        }
        try round.requireSteps()
        try ReviewAuthority.check(.determineIncome, actor, chain: round.chain, commune: communeCode,
                                  village: actor.villageKeys == nil ? nil : actor.villageKeys?.first)
        guard state == .listed || state == .determined else { throw ReviewError.state("Hồ sơ \(id)", is: state.rawValue, action: "kiểm tra thu nhập") }
        guard standard.id == standardID, let line = standard.lowIncomeWorkerLine else {
            throw ReviewError.guardFailed("low_income_standard", "Chuẩn \(standardID) không quy định người lao động có thu nhập thấp")
        }
        let working = standard.workingAge ?? AgeRange(min: 15, maxExclusive: 60)
        self.householdClass = householdClass
        self.perCapitaIncome = perCapitaIncome
        self.age = age
        if householdClass == .poor || householdClass == .nearPoor {
            qualifies = false
            reason = "Hộ đang là \(householdClass.vietnamese)"
        } else if (working.min.map { age < $0 } ?? false) || (working.maxExclusive.map { age >= $0 } ?? false) {
            qualifies = false
            reason = "Người \(age) tuổi không trong độ tuổi lao động"
        } else if perCapitaIncome > line[area] {
            qualifies = false
            reason = "Thu nhập bình quân \(VietnameseText.formatVND(perCapitaIncome)) đ > \(VietnameseText.formatVND(line[area])) đ"
        } else {
            qualifies = true
            reason = nil
        }
        checkedOn = day
        checkedBy = actor.account
        state = .determined
    }
}
