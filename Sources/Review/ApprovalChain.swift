import Access
import VietnameseText

/// The approval chain of a campaign or batch (chuỗi phê duyệt), review.md §2: set once at
/// creation from the start date, never changed.
public enum ApprovalChain: String, Sendable, Codable, CaseIterable, Hashable {
    /// Commune → district → province (ba cấp), before the 2025 reform.
    case threeTier = "three_tier"
    /// Commune → province (hai cấp), from `review.two_tier_from` (01/07/2025).
    case twoTier = "two_tier"

    /// The chain for a campaign window start or a batch start: three-tier strictly before
    /// `twoTierFrom`, two-tier on and after it.
    public static func chosen(start: CivilDate, twoTierFrom: CivilDate) -> ApprovalChain {
        start < twoTierFrom ? .threeTier : .twoTier
    }

    /// The role that gives the upper level's opinion and acts for "the district" of review.md:
    /// DST in three-tier, PRV in two-tier (where every district action is done by the province).
    public var upperRole: Role { self == .threeTier ? .district : .province }

    /// Vietnamese label.
    public var vietnamese: String { self == .threeTier ? "ba cấp (xã – huyện – tỉnh)" : "hai cấp (xã – tỉnh)" }
}
