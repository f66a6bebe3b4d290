import Foundation
import Registry
import VietnameseText

/// Where a transition was decided (nguồn biến động).
public enum TransitionSource: String, Sendable, Codable, Hashable {
    /// A periodic decision.
    case periodic
    /// A monthly batch decision.
    case regular
    /// A decision of past years loaded from files.
    case imported = "import"
}

/// A transition recorded at a decision (biến động ghi nhận khi ra quyết định), review.md §6.2:
/// the household's class before and after, the flow code, both standards.
///
/// Reuses ``PovertyFlow`` (the report column keys); `average` counts as not poor.
public struct TransitionRecord: Sendable, Hashable, Codable {
    /// Household, commune and village at the decision.
    public var householdCode: String, communeCode: String, village: String?
    /// Round and source.
    public var roundID: String, source: TransitionSource
    /// Decision number and date, effective date.
    public var decisionNumber: String?, decisionDate: CivilDate?, effectiveDate: CivilDate
    /// Classes before and after.
    public var from: RecognisedClass, to: RecognisedClass
    /// Flow code.
    public var flow: PovertyFlow
    /// Standards at both ends, and whether they differ.
    public var standardFrom: String?, standardTo: String?, standardChanged: Bool
    /// A household counted `new_poor` or `relapse` that had been poor and escaped in an earlier
    /// year (R9 re-entry after escape).
    public var reentryAfterEscape: Bool

    /// The transition from `from` (under `standardFrom`) to `to` (under `standardTo`).
    public init(householdCode: String, communeCode: String, village: String?, roundID: String, source: TransitionSource,
                decisionNumber: String?, decisionDate: CivilDate?, effectiveDate: CivilDate, from: RecognisedClass,
                to: RecognisedClass, standardFrom: String?, standardTo: String?, everPoor: Bool) {
        self.householdCode = householdCode
        self.communeCode = communeCode
        self.village = village
        self.roundID = roundID
        self.source = source
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.effectiveDate = effectiveDate
        self.from = from
        self.to = to
        self.flow = PovertyFlow.between(from, to)
        self.standardFrom = standardFrom
        self.standardTo = standardTo
        self.standardChanged = standardFrom != nil && standardTo != nil && standardFrom != standardTo
        self.reentryAfterEscape = everPoor && (flow == .newPoor || flow == .relapse)
    }
}
