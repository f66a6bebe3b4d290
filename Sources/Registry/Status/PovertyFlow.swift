/// A flow (biến động) of a household between two dates, review.md §6.2; the codes are the stored
/// values and the column keys of the reports.
///
/// For flows ``RecognisedClass/average`` counts as not poor: the reports track poverty and
/// near-poverty, and a move between average and not poor changes neither count.
public enum PovertyFlow: String, Sendable, Codable, CaseIterable, Hashable {
    /// Poor → near-poor (hộ nghèo chuyển sang cận nghèo).
    case poorToNearPoor = "poor_to_near_poor"
    /// Poor → not poor: escaped poverty (thoát nghèo).
    case escapedPoor = "escaped_poor"
    /// Near-poor → not poor: escaped near-poverty (thoát cận nghèo).
    case escapedNearPoor = "escaped_near_poor"
    /// Near-poor → poor: relapse (tái nghèo).
    case relapse
    /// Not poor → poor: newly poor (hộ nghèo phát sinh); also a household that escaped earlier and
    /// comes back, which R9 singles out on its own.
    case newPoor = "new_poor"
    /// Not poor → near-poor: newly near-poor (hộ cận nghèo phát sinh).
    case newNearPoor = "new_near_poor"
    /// Same side at both dates (không đổi).
    case unchanged
    /// Joined the unit (biến động hộ: đến) — new or split household, move, merger, boundary change.
    case entered
    /// Left the unit (biến động hộ: đi) — move, merger, dissolution, boundary change.
    case left

    /// Vietnamese name as used in report headings.
    public var vietnameseName: String {
        switch self {
        case .poorToNearPoor: "hộ nghèo chuyển sang cận nghèo"
        case .escapedPoor: "thoát nghèo"
        case .escapedNearPoor: "thoát cận nghèo"
        case .relapse: "tái nghèo"
        case .newPoor: "hộ nghèo phát sinh"
        case .newNearPoor: "hộ cận nghèo phát sinh"
        case .unchanged: "không đổi"
        case .entered: "biến động hộ: đến"
        case .left: "biến động hộ: đi"
        }
    }

    /// The flow of a household that stays in the unit and holds `from` then `to`.
    ///
    /// Never ``entered`` or ``left``: those depend on where the household lives, which the classes
    /// alone do not tell.
    public static func between(_ from: RecognisedClass, _ to: RecognisedClass) -> PovertyFlow {
        switch (from, to) {
        case (.poor, .poor), (.nearPoor, .nearPoor): .unchanged
        case (.poor, .nearPoor): .poorToNearPoor
        case (.poor, _): .escapedPoor
        case (.nearPoor, .poor): .relapse
        case (.nearPoor, _): .escapedNearPoor
        case (_, .poor): .newPoor
        case (_, .nearPoor): .newNearPoor
        default: .unchanged
        }
    }
}
