import Foundation
import VietnameseText

/// Level of an alert (mức cảnh báo), review.md §3.2.
public enum AlertLevel: String, Sendable, Codable, Hashable {
    /// Incomplete with at most `review.alert.warn_days` left (sắp đến hạn).
    case dueSoon = "due_soon"
    /// Past its due date (quá hạn).
    case overdue
    /// Overdue longer than `review.alert.escalate_days`, copied to the parent unit (báo cáo cấp trên).
    case escalated
}

/// A deadline item of one unit as the daily job sees it (mốc của đơn vị).
public struct DeadlineStatus: Sendable, Hashable, Codable {
    /// Campaign or batch.
    public var roundID: String
    /// Responsible unit and its parent (for escalation).
    public var unitCode: String, parentUnitCode: String?
    /// Item, as a key: a ``DeadlineItem`` raw value, or a regular-review item (`regular_survey`…).
    public var item: String
    /// Due date.
    public var dueDate: CivilDate
    /// Whether it is complete.
    public var complete: Bool

    /// Creates a status.
    public init(roundID: String, unitCode: String, parentUnitCode: String?, item: String, dueDate: CivilDate, complete: Bool) {
        self.roundID = roundID
        self.unitCode = unitCode
        self.parentUnitCode = parentUnitCode
        self.item = item
        self.dueDate = dueDate
        self.complete = complete
    }
}

/// An alert (cảnh báo), review.md §3.2: id, unit, item, due date, level, created, acknowledged
/// by/at, closed at. The escalated copy lives on the parent unit and names the unit it came from.
public struct ReviewAlert: Sendable, Hashable, Codable, Identifiable {
    /// `{round}:{unit}:{item}` (`…:up` for the parent's copy).
    public var id: String
    /// Campaign or batch.
    public var roundID: String
    /// Unit whose dashboard shows it.
    public var unitCode: String
    /// For an escalated copy, the unit responsible.
    public var escalatedFrom: String?
    /// Item key and due date.
    public var item: String, dueDate: CivilDate
    /// Current level.
    public var level: AlertLevel
    /// Created on.
    public var createdOn: CivilDate
    /// Acknowledged by, at.
    public var acknowledgedBy: String?, acknowledgedAt: Date?
    /// Closed on (the item completed).
    public var closedOn: CivilDate?

    /// Whether it is still open.
    public var isOpen: Bool { closedOn == nil }

    /// Vietnamese label of the item.
    public var itemLabel: String {
        DeadlineItem(rawValue: item)?.vietnamese ?? [
            "regular_survey": "Rà soát hộ trong đợt tháng", "regular_decision": "Quyết định của đợt tháng",
            "monthly_report": "Báo cáo tháng", "recheck": "Phúc tra",
        ][item] ?? item
    }
}

/// The daily alert job (06:00), review.md §3.2: `due_soon` when an item is incomplete and at
/// most `warn_days` remain; `overdue` from the day after the due date; after `escalate_days`
/// days overdue (i.e. from the day `due + escalate_days + 1`) a copy goes to the parent unit.
/// Alerts close by themselves when their item completes.
public enum AlertJob {
    /// The alerts after the job runs on `today` over `items`, given the `existing` ones (kept
    /// with their acknowledgements; levels only go up).
    public static func run(today: CivilDate, items: [DeadlineStatus], existing: [ReviewAlert], settings: ReviewSettings) -> [ReviewAlert] {
        var byID = Dictionary(existing.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        for s in items {
            let id = "\(s.roundID):\(s.unitCode):\(s.item)"
            let upID = id + ":up"
            if s.complete {
                for key in [id, upID] where byID[key]?.isOpen == true { byID[key]!.closedOn = today }
                continue
            }
            let daysLeft = today.days(until: s.dueDate)
            let level: AlertLevel?
            if daysLeft < 0 {
                level = -daysLeft > settings.alertEscalateDays ? .escalated : .overdue
            } else if daysLeft <= settings.alertWarnDays {
                level = .dueSoon
            } else {
                level = nil
            }
            guard let level else { continue }
            let own: AlertLevel = level == .escalated ? .overdue : level
            upsert(&byID, id: id, unit: s.unitCode, from: nil, status: s, level: own, today: today)
            if level == .escalated, let parent = s.parentUnitCode {
                upsert(&byID, id: upID, unit: parent, from: s.unitCode, status: s, level: .escalated, today: today)
            }
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    static func upsert(_ byID: inout [String: ReviewAlert], id: String, unit: String, from: String?, status s: DeadlineStatus,
                       level: AlertLevel, today: CivilDate) {
        if var a = byID[id], a.isOpen {
            if rank(level) > rank(a.level) { a.level = level }
            a.dueDate = s.dueDate
            byID[id] = a
        } else if byID[id] == nil {
            byID[id] = ReviewAlert(id: id, roundID: s.roundID, unitCode: unit, escalatedFrom: from, item: s.item, dueDate: s.dueDate,
                                   level: level, createdOn: today)
        }
    }

    static func rank(_ l: AlertLevel) -> Int { l == .dueSoon ? 0 : l == .overdue ? 1 : 2 }

    /// Acknowledges an alert of a unit the actor covers (its own unit or the parent's copy).
    public static func acknowledge(_ alert: inout ReviewAlert, by actor: ReviewActor, at now: Date, chain: ApprovalChain) throws {
        try ReviewAuthority.check(.acknowledgeAlert, actor, chain: chain)
        let covers = actor.unitCode == alert.unitCode || actor.covers(commune: alert.unitCode)
        guard covers else { throw ReviewError.scope("Cảnh báo của đơn vị \(alert.unitCode)") }
        alert.acknowledgedBy = actor.account
        alert.acknowledgedAt = now
    }
}

extension CommuneDossier {
    /// The commune's deadline items of a periodic campaign with whether each is complete
    /// (review.md §3.2), against the due dates of its plan (or the parent's, or the defaults).
    public func deadlineStatuses(parentUnitCode: String?, parentPlan: ReviewPlan?, settings: ReviewSettings) -> [DeadlineStatus] {
        guard round.kind == .periodic else { return [] }
        let all = Array(cases.values)
        let active = all.filter { !$0.state.isTerminal }
        func done(_ item: DeadlineItem) -> Bool {
            switch item {
            case .communePlan: return plan != nil
            case .listDone: return !all.isEmpty
            case .surveyDone: return !all.isEmpty && !active.contains { $0.state == .listed }
            case .meetingsDone: return !all.isEmpty && !active.contains { $0.state == .listed || $0.state == .surveyed }
            case .postingDone: return !all.isEmpty && active.allSatisfy { [.postingClosed, .reported].contains($0.state) }
            case .consultSent: return consultations.values.contains { $0.state != .draft }
            case .decision: return !decisions.isEmpty
            default: return false
            }
        }
        let items: [DeadlineItem] = [.communePlan, .listDone, .surveyDone, .meetingsDone, .postingDone, .consultSent, .decision]
        return items.map { item in
            DeadlineStatus(roundID: round.id, unitCode: communeCode, parentUnitCode: parentUnitCode, item: item.rawValue,
                           dueDate: (plan ?? parentPlan).map { $0.dueDate(item, parent: parentPlan, year: round.year, settings: settings) }
                               ?? settings.dueDate(item, year: round.year),
                           complete: done(item))
        }
    }
}
