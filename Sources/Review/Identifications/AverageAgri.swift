import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// A source of net income (nguồn thu nhập), review.md §5.
public enum IncomeSource: String, Sendable, Codable, CaseIterable, Hashable, CodingKeyRepresentable {
    /// Crops (trồng trọt).
    case crops
    /// Livestock (chăn nuôi).
    case livestock
    /// Forestry (lâm nghiệp).
    case forestry
    /// Aquaculture and fishing (nuôi trồng, khai thác thủy sản).
    case aquacultureFishing = "aquaculture_fishing"
    /// Salt making (làm muối).
    case salt
    /// Wages (tiền lương, tiền công).
    case wages
    /// Non-farm business (kinh doanh phi nông nghiệp).
    case nonFarmBusiness = "non_farm_business"
    /// Pensions (lương hưu).
    case pensions
    /// Remittances (tiền gửi về).
    case remittances
    /// Other (khác).
    case other

    /// Whether it counts as agriculture, forestry, fishery or salt making.
    public var isAgricultural: Bool { [.crops, .livestock, .forestry, .aquacultureFishing, .salt].contains(self) }
}

/// State of a special identification (avg-agri, low-income worker), as in §4 without meeting
/// and consultation: `listed` → `determined` → `posted` → `posting_closed` → `recognised` |
/// `rejected`; `withdrawn` from any non-terminal state.
public enum IdentificationState: String, Sendable, Codable, Hashable {
    /// Requested (đã đề nghị).
    case listed
    /// Income determined by a reviewer (đã xác định thu nhập).
    case determined
    /// Posted (đang niêm yết).
    case posted
    /// Posting ended (hết niêm yết).
    case postingClosed = "posting_closed"
    /// Recognised by the chairman's decision (đã công nhận).
    case recognised
    /// Not qualifying (không đủ điều kiện).
    case rejected
    /// Stopped (dừng).
    case withdrawn

    /// Whether the identification is finished (decided or stopped).
    public var isTerminal: Bool { self == .recognised || self == .rejected || self == .withdrawn }
}

/// The identification of an agricultural, forestry, fishery or salt household with average
/// living standard (xác định hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình),
/// review.md §5: its own record and its own status, not a poverty class.
///
/// Per-capita monthly income = (total net income of the 12 months before the review −
/// state social-assistance transfers) ÷ members ÷ 12. Qualifies when the household is neither
/// poor nor near-poor, the income lies in the average band of the standard
/// (`review.avg_agri` bands; a standard without one disables the identification), and the
/// agricultural sources are at least `review.avg_agri.min_share` of net income.
public struct AverageAgriDetermination: SpecialIdentification {
    /// Id.
    public var id: String
    /// Batch, commune, household.
    public var roundID: String, communeCode: String, householdCode: String
    /// Request that started it.
    public var requestID: String?
    /// Current class of the household.
    public var currentClass: RecognisedClass
    /// Standard and area.
    public var standardID: String, area: AreaType
    /// Members counted.
    public var members: Int
    /// Net income of the 12 months before the review, by source (VND).
    public var incomes: [IncomeSource: Int]
    /// State social-assistance transfers (trợ cấp xã hội), entered, shown and subtracted.
    public var socialAssistance: Int
    /// Determined on, by (reviewer).
    public var determinedOn: CivilDate?, determinedBy: String?
    /// Computed per-capita monthly income and agricultural share.
    public var perCapitaMonthly: Int?, agriculturalShare: Double?
    /// Whether it qualifies, and why not.
    public var qualifies: Bool?, reason: String?
    /// Posting end, decision number, validity.
    public var postingEnd: Date?, decision: String?, validFrom: CivilDate?
    /// State.
    public var state: IdentificationState

    /// Creates a listed identification.
    public init(id: String, roundID: String, communeCode: String, householdCode: String, requestID: String?, currentClass: RecognisedClass,
                standardID: String, area: AreaType) {
        self.id = id
        self.roundID = roundID
        self.communeCode = communeCode
        self.householdCode = householdCode
        self.requestID = requestID
        self.currentClass = currentClass
        self.standardID = standardID
        self.area = area
        self.members = 0
        self.incomes = [:]
        self.socialAssistance = 0
        self.state = .listed
    }

    /// A reviewer determines the income: computes the per-capita income and whether it qualifies.
    public mutating func determine(members: Int, incomes: [IncomeSource: Int], socialAssistance: Int, by actor: ReviewActor,
                                   on day: CivilDate, round: ReviewRound, settings: ReviewSettings) throws {
        try round.requireSteps()
        try ReviewAuthority.check(.determineIncome, actor, chain: round.chain, commune: communeCode,
                                  village: actor.villageKeys == nil ? nil : actor.villageKeys?.first)
        guard state == .listed || state == .determined else { throw ReviewError.state("Hồ sơ \(id)", is: state.rawValue, action: "xác định thu nhập") }
        guard let band = settings.avgAgriBands[standardID] else {
            throw ReviewError.guardFailed("avg_agri_disabled", "Chuẩn \(standardID) chưa có khoảng thu nhập của hộ có mức sống trung bình: chưa thể xác định")
        }
        guard members > 0 else { throw ReviewError.invalid("members", "Số nhân khẩu phải lớn hơn 0") }
        // Amounts of a year of a household, in VND: bounded so that sums never overflow.
        let limit = 1_000_000_000_000
        if incomes.values.contains(where: { $0 < 0 || $0 > limit }) || socialAssistance < 0 || socialAssistance > limit || members > 100 {
            throw ReviewError.invalid("incomes", "Thu nhập, trợ cấp phải từ 0 đến 1.000 tỷ đồng; số nhân khẩu tối đa 100")
        }
        self.members = members
        self.incomes = incomes
        self.socialAssistance = socialAssistance
        let total = incomes.values.reduce(0, +)
        let net = total - socialAssistance
        let perCapita = net / members / 12
        let agri = incomes.filter { $0.key.isAgricultural }.values.reduce(0, +)
        let share = net > 0 ? Double(agri) / Double(net) : 0
        perCapitaMonthly = perCapita
        agriculturalShare = share
        if currentClass == .poor || currentClass == .nearPoor {
            qualifies = false
            reason = "Hộ đang là \(currentClass.vietnamese)"
        } else if !band.contains(perCapita, urban: area == .urban) {
            qualifies = false
            let b = area == .urban ? band.urban : band.rural
            reason = "Thu nhập bình quân \(VietnameseText.formatVND(perCapita)) đ/người/tháng ngoài khoảng > \(VietnameseText.formatVND(b.lowerBound)) đến \(VietnameseText.formatVND(b.upperBound))"
        } else if share < settings.avgAgriMinShare {
            qualifies = false
            reason = "Thu nhập từ nông, lâm, ngư, diêm nghiệp chỉ chiếm \(Int((share * 100).rounded()))% (cần ≥ \(Int(settings.avgAgriMinShare * 100))%)"
        } else {
            qualifies = true
            reason = nil
        }
        determinedOn = day
        determinedBy = actor.account
        state = .determined
    }
}

/// A household's avg-agri status record (trạng thái hộ có mức sống trung bình làm nông…):
/// yes/no with effective dates, valid until the next periodic decision (**[U]**).
public struct AverageAgriStatus: Sendable, Hashable, Codable {
    /// Household.
    public var householdCode: String
    /// Yes or no.
    public var avgAgri: Bool
    /// Effective from; until (the next periodic decision), when known.
    public var effectiveFrom: CivilDate, effectiveUntil: CivilDate?
    /// Decision.
    public var decision: String

    /// Creates a status.
    public init(householdCode: String, avgAgri: Bool, effectiveFrom: CivilDate, effectiveUntil: CivilDate? = nil, decision: String) {
        self.householdCode = householdCode
        self.avgAgri = avgAgri
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
        self.decision = decision
    }
}

/// What the avg-agri and low-income-worker identifications share after the income check: the
/// posting (3 working days **[U]**), its end, and the commune chairman's decision.
public protocol SpecialIdentification: Sendable, Hashable, Codable, Identifiable where ID == String {
    /// Record id.
    var id: String { get }
    /// Commune.
    var communeCode: String { get }
    /// Whether the income check found it qualifying.
    var qualifies: Bool? { get }
    /// State.
    var state: IdentificationState { get set }
    /// End of the posting.
    var postingEnd: Date? { get set }
    /// Decision number.
    var decision: String? { get set }
    /// Effective date of the decision.
    var validFrom: CivilDate? { get set }
}

extension SpecialIdentification {
    /// The posting starts (after the income was determined).
    public mutating func post(start: Date, workingDays: Int, calendar: WorkingDayCalendar) throws {
        guard state == .determined else { throw ReviewError.state("Hồ sơ \(id)", is: state.rawValue, action: "niêm yết") }
        postingEnd = try calendar.end(ofWorkingDays: workingDays, startingAt: start)
        state = .posted
    }

    /// The posting ends (system); `true` when it did.
    public mutating func closePosting(at now: Date) -> Bool {
        guard state == .posted, let end = postingEnd, end <= now else { return false }
        state = .postingClosed
        return true
    }

    /// The commune chairman's decision: `recognised` when qualifying, else `rejected`.
    public mutating func decide(decision: String, effective: CivilDate, by actor: ReviewActor, round: ReviewRound) throws {
        try ReviewAuthority.check(.issueDecision, actor, chain: round.chain, commune: communeCode)
        guard state == .postingClosed else { throw ReviewError.state("Hồ sơ \(id)", is: state.rawValue, action: "ra quyết định") }
        self.decision = decision
        validFrom = effective
        state = qualifies == true ? .recognised : .rejected
    }
}
