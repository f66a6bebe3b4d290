import Foundation
import Access
import Registry
import VietnameseText

/// State of a monthly report (trạng thái báo cáo tháng), review.md §4.
public enum MonthlyReportState: String, Sendable, Codable, Hashable {
    /// Being compiled (dự thảo).
    case draft
    /// Submitted to the next level (đã gửi).
    case submitted
    /// Accepted (đã tiếp nhận).
    case accepted
    /// Returned with a reason (trả lại); submitted again after correction.
    case returned
}

/// The figures of a monthly report (R5, reports.md): requests, decisions, gross events.
public struct MonthlyFigures: Sendable, Hashable, Codable {
    /// Requests received in the month: add, leave.
    public var requestsAdd = 0, requestsLeave = 0
    /// Requests decided in the month: recognised, rejected.
    public var decidedRecognised = 0, decidedRejected = 0
    /// Pending at month end (received, not terminal).
    public var pending = 0
    /// Gross events from regular decisions dated in the month, by flow code.
    public var events: [PovertyFlow: Int] = [:]
    /// Households poor, near-poor and in total at month end.
    public var poor = 0, nearPoor = 0, total = 0

    /// No figures.
    public init() {}

    /// Whether there is nothing to report (*không phát sinh*).
    public var isNil: Bool {
        requestsAdd == 0 && requestsLeave == 0 && decidedRecognised == 0 && decidedRejected == 0 && pending == 0
            && events.values.allSatisfy { $0 == 0 }
    }
}

/// A monthly regular-review report (báo cáo kết quả rà soát thường xuyên hằng tháng), review.md
/// §4 and R5: `draft` → `submitted` → `accepted` | `returned` (reason required) → `submitted`.
/// A submission is refused while the reconciliation of §6.4 fails.
public struct MonthlyReport: Sendable, Hashable, Codable, Identifiable {
    /// `BCT-{unit}-{yyyy}-{MM}`.
    public var id: String
    /// Unit and level (commune, district in three-tier, province).
    public var unitCode: String, level: PlanLevel
    /// Chain of the month.
    public var chain: ApprovalChain
    /// The month covered.
    public var year: Int, month: Int
    /// Due date (day 5 or 10 of the next month).
    public var dueDate: CivilDate
    /// Figures.
    public var figures: MonthlyFigures
    /// Nil report (*không phát sinh*).
    public var nilReport: Bool
    /// State and its dates.
    public var state: MonthlyReportState
    /// Submitted on, by; accepted or returned on, by, with the reason.
    public var submittedOn: CivilDate?, submittedBy: String?
    /// Reviewed on, by.
    public var reviewedOn: CivilDate?, reviewedBy: String?
    /// Reason of the last return.
    public var returnReason: String?

    /// The report id of a unit's month.
    public static func id(unitCode: String, year: Int, month: Int) -> String {
        "BCT-\(unitCode)-\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }

    /// A draft report, or `nil` when no report falls due for the month (March–December reports
    /// of September–November periods… see ``RegularCalendar/reportDue(year:month:level:settings:)``).
    public static func draft(unitCode: String, level: PlanLevel, year: Int, month: Int, figures: MonthlyFigures,
                             settings: ReviewSettings = .standard) -> MonthlyReport? {
        guard RegularCalendar.years.contains(year), (1...12).contains(month),
              let due = RegularCalendar.reportDue(year: year, month: month, level: level, settings: settings) else { return nil }
        let chain = ApprovalChain.chosen(start: CivilDate(year: year, month: month, day: 1), twoTierFrom: settings.twoTierFrom)
        return MonthlyReport(id: id(unitCode: unitCode, year: year, month: month), unitCode: unitCode, level: level, chain: chain,
                             year: year, month: month, dueDate: due, figures: figures,
                             nilReport: settings.regularNilReport && figures.isNil, state: .draft)
    }

    /// Whether it was submitted on time.
    public var onTime: Bool? { submittedOn.map { $0 <= dueDate } }

    /// The role that submits at this level: CLD (commune), DST (district), PRV (province).
    var submitterRole: Access.Role { level == .commune ? .communeLeader : level == .district ? .district : .province }

    /// Submits (from `draft` or `returned`), refused while `reconciliation` lists differences.
    public mutating func submit(by actor: ReviewActor, today: CivilDate, reconciliation: [UnitDiscrepancy]) throws {
        guard actor.role == submitterRole else { throw ReviewError.role(actor.role?.rawValue ?? "hệ thống", ReviewAction.submitMonthlyReport.vietnamese) }
        if level == .commune && !actor.covers(commune: unitCode) { throw ReviewError.scope("Xã \(unitCode)") }
        if level != .commune && actor.unitCode != unitCode { throw ReviewError.scope("Đơn vị \(unitCode)") }
        guard state == .draft || state == .returned else { throw ReviewError.state("Báo cáo \(id)", is: state.rawValue, action: "gửi") }
        guard reconciliation.isEmpty else { throw Reconciliation.refusal(reconciliation) }
        state = .submitted
        submittedOn = today
        submittedBy = actor.account
    }

    /// The next level accepts or returns (reason required).
    public mutating func review(accept: Bool, reason: String?, by actor: ReviewActor, today: CivilDate) throws {
        let reviewer: Access.Role = level == .commune ? chain.upperRole : .province
        guard actor.role == reviewer, level != .province else {
            throw ReviewError.role(actor.role?.rawValue ?? "hệ thống", ReviewAction.reviewMonthlyReport.vietnamese)
        }
        if level == .commune && !actor.covers(commune: unitCode) { throw ReviewError.scope("Xã \(unitCode)") }
        guard state == .submitted else { throw ReviewError.state("Báo cáo \(id)", is: state.rawValue, action: "tiếp nhận hoặc trả lại") }
        if !accept && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReviewError.invalid("reason", "Trả lại báo cáo phải nêu lý do")
        }
        state = accept ? .accepted : .returned
        returnReason = accept ? nil : reason
        reviewedOn = today
        reviewedBy = actor.account
    }
}
