/// A year-outcome row that breaks the reconciliation (hộ làm lệch cân đối số liệu), review.md §6.4.
///
/// Reported per row rather than as a wrong total, because the commune officer has to fix a
/// household, not a number.
public struct ReconciliationFailure: Sendable, Hashable {
    /// Why a row breaks the reconciliation (lý do lệch).
    public enum Reason: Sendable, Hashable {
        /// The stored flow is not the flow its two classes give (biến động không khớp phân loại), so
        /// the flow columns and the class counts disagree.
        case flowDisagrees(expected: PovertyFlow)
        /// `entered` or `left` (biến động hộ): the check covers one unit whose households stayed
        /// all year, and cannot place a household that was outside it at one end.
        case movement
        /// The household already had a row (hộ bị trùng), as when it holds two open residences;
        /// it would be counted twice.
        case duplicate
    }

    /// The offending row.
    public var outcome: YearOutcome
    /// Why it breaks the reconciliation.
    public var reason: Reason

    /// Household code (mã hộ) of the row.
    public var householdCode: String { outcome.householdCode }

    /// Creates a failure.
    public init(outcome: YearOutcome, reason: Reason) {
        self.outcome = outcome
        self.reason = reason
    }
}
