import Foundation
import VietnameseText

/// The level of a plan (cấp kế hoạch).
public enum PlanLevel: String, Sendable, Codable, CaseIterable, Hashable {
    /// Province (cấp tỉnh).
    case province
    /// District, three-tier only (cấp huyện).
    case district
    /// Commune (cấp xã).
    case commune
}

/// A review plan (kế hoạch rà soát) of one level, review.md §3.2: the document, a due date for
/// each item of its level and below, and (commune) the reviewers assigned to each village.
///
/// A lower plan may set earlier dates, never later ones (``validate(against:chain:)``).
public struct ReviewPlan: Sendable, Hashable, Codable {
    /// Campaign id.
    public var campaignID: String
    /// Level.
    public var level: PlanLevel
    /// Unit code (province, legacy district or commune).
    public var unitCode: String
    /// Plan number (số kế hoạch), e.g. `45/KH-UBND`.
    public var number: String
    /// Date issued.
    public var date: CivilDate
    /// Signer.
    public var signer: String
    /// File reference.
    public var file: String?
    /// Due dates set by the plan; items not set inherit the parent plan's, else the defaults.
    public var dueDates: [DeadlineItem: CivilDate]
    /// Reviewers (rà soát viên) by village name, as account names (commune plans).
    public var reviewers: [String: [String]]
    /// Registered when and by whom.
    public var registeredAt: Date?, registeredBy: String?

    /// Creates a plan.
    public init(campaignID: String, level: PlanLevel, unitCode: String, number: String, date: CivilDate, signer: String,
                file: String? = nil, dueDates: [DeadlineItem: CivilDate] = [:], reviewers: [String: [String]] = [:]) {
        self.campaignID = campaignID
        self.level = level
        self.unitCode = unitCode
        self.number = number
        self.date = date
        self.signer = signer
        self.file = file
        self.dueDates = dueDates
        self.reviewers = reviewers
    }

    /// Throws naming the first missing document field.
    public func validateDocument() throws {
        try DocumentReference(number: number, date: date, signer: signer, file: file).validate(field: "plan")
    }

    /// The due date of `item` under this plan, `parent`'s, or the setting's default.
    public func dueDate(_ item: DeadlineItem, parent: ReviewPlan?, year: Int, settings: ReviewSettings) -> CivilDate {
        dueDates[item] ?? parent?.dueDate(item, parent: nil, year: year, settings: settings) ?? settings.dueDate(item, year: year)
    }

    /// Checks the plan against its parent: the level exists under the chain, every due date is on
    /// or before the parent's (or the default, when the parent does not set it), and the window
    /// end is not moved later. Throws naming the first offending item.
    public func validate(against parent: ReviewPlan?, chain: ApprovalChain, year: Int, settings: ReviewSettings) throws {
        try validateDocument()
        if level == .district && chain != .threeTier {
            throw ReviewError.invalid("level", "Đợt hai cấp không có kế hoạch cấp huyện")
        }
        for item in DeadlineItem.allCases where dueDates[item] != nil {
            let mine = dueDates[item]!
            guard item.applies(to: chain) else {
                throw ReviewError.invalid("due_dates.\(item.rawValue)", "Mốc \(item.vietnamese) chỉ có trong đợt ba cấp")
            }
            let limit = parent?.dueDate(item, parent: nil, year: year, settings: settings) ?? settings.dueDate(item, year: year)
            if mine > limit {
                throw ReviewError.invalid("due_dates.\(item.rawValue)",
                    "Mốc “\(item.vietnamese)” \(VietnameseText.formatDate(mine)) muộn hơn kế hoạch cấp trên (\(VietnameseText.formatDate(limit))); kế hoạch cấp dưới chỉ được đặt sớm hơn")
            }
        }
    }

    /// Reviewers assigned to `village` (folded match).
    public func reviewers(ofVillage village: String) -> [String] {
        let key = ReviewActor.villageKey(village)
        return reviewers.first { ReviewActor.villageKey($0.key) == key }?.value ?? []
    }
}
