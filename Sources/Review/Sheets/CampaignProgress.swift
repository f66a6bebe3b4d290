import Foundation
import Registry
import VietnameseText

/// Where a deadline item stands (tình trạng mốc thời hạn), R10.
public enum DeadlineProgress: String, Sendable, Hashable, Codable {
    /// Completed (đã xong).
    case done
    /// Incomplete, at most `review.alert.warn_days` left (sắp đến hạn).
    case dueSoon = "due_soon"
    /// Incomplete after its due date (quá hạn).
    case overdue
    /// Incomplete, not yet due (chưa đến hạn).
    case notDue = "not_due"

    /// The status of `s` on `today`.
    public static func of(_ s: DeadlineStatus, today: CivilDate, warnDays: Int) -> DeadlineProgress {
        if s.complete { return .done }
        let left = today.days(until: s.dueDate)
        return left < 0 ? .overdue : left <= warnDays ? .dueSoon : .notDue
    }

    /// Vietnamese label.
    public var vietnamese: String {
        switch self {
        case .done: "Đã xong"
        case .dueSoon: "Sắp đến hạn"
        case .overdue: "Quá hạn"
        case .notDue: "Chưa đến hạn"
        }
    }
}

/// One row of R10, *Tiến độ đợt rà soát* (reports.md R10): a child unit's households per review
/// state, its deadline items with due date and status, its open and overdue alerts, its
/// regular-review backlog and its complaints.
public struct ProgressRow: Sendable, Hashable {
    /// Unit code and name.
    public var unitCode: String, unitName: String
    /// Households per state.
    public var states: [CaseState: Int] = [:]
    /// Deadline items (key → due date and status), when the row is a responsible unit.
    public var deadlines: [String: (due: CivilDate, status: DeadlineProgress)] = [:]
    /// Open alerts, and those overdue or escalated.
    public var openAlerts = 0, overdueAlerts = 0
    /// Requests received and not decided (regular-review backlog), and the oldest one's date.
    public var pendingRequests = 0, oldestPending: CivilDate?
    /// Complaints open, and re-checks past their due date.
    public var openComplaints = 0, overdueRechecks = 0

    /// Creates an empty row.
    public init(unitCode: String, unitName: String) {
        self.unitCode = unitCode
        self.unitName = unitName
    }

    public static func == (a: ProgressRow, b: ProgressRow) -> Bool {
        a.unitCode == b.unitCode && a.states == b.states && a.openAlerts == b.openAlerts && a.pendingRequests == b.pendingRequests
            && a.deadlines.mapValues { "\($0.due)\($0.status)" } == b.deadlines.mapValues { "\($0.due)\($0.status)" }
    }

    public func hash(into h: inout Hasher) { h.combine(unitCode) }

    /// Adds the counts of a dossier's cases (only those of `villages` when given).
    public mutating func count(_ d: CommuneDossier, today: CivilDate, village: String? = nil) {
        for c in d.cases.values where village == nil || c.village == village { states[c.state, default: 0] += 1 }
        for k in d.complaints.values where k.state.isOpen && (village == nil || d.cases[k.householdCode]?.village == village) { openComplaints += 1 }
        for r in d.rechecks.values where r.result == nil && r.dueDate < today && (village == nil || d.cases[r.householdCode]?.village == village) {
            overdueRechecks += 1
        }
    }

    /// Adds the alerts shown to the unit.
    public mutating func count(alerts: [ReviewAlert]) {
        for a in alerts where a.isOpen {
            openAlerts += 1
            if a.level != .dueSoon { overdueAlerts += 1 }
        }
    }

    /// Adds a pending request received on `day`.
    public mutating func pending(receivedOn day: CivilDate) {
        pendingRequests += 1
        oldestPending = min(oldestPending ?? day, day)
    }

    /// Adds another row's counts (for a total row).
    public mutating func add(_ r: ProgressRow) {
        for (s, n) in r.states { states[s, default: 0] += n }
        openAlerts += r.openAlerts
        overdueAlerts += r.overdueAlerts
        pendingRequests += r.pendingRequests
        if let d = r.oldestPending { oldestPending = min(oldestPending ?? d, d) }
        openComplaints += r.openComplaints
        overdueRechecks += r.overdueRechecks
    }
}

/// R10 as a table (báo cáo tiến độ đợt rà soát).
public enum CampaignProgress {
    /// The table of `rows` and their `total`, with one due-date and one status column per item of
    /// `items` (keys with their Vietnamese labels).
    public static func sheet(rows: [ProgressRow], total: ProgressRow, items: [(key: String, label: String)], subject: String, period: String,
                             unitHeader: String) -> RecordSheet {
        var columns = [SheetColumn("no", "STT"), SheetColumn("unit_code", "Mã"), SheetColumn("unit_name", unitHeader)]
        columns += CaseState.allCases.map { SheetColumn("state_\($0.rawValue)", $0.vietnamese) }
        for item in items {
            columns.append(SheetColumn("\(item.key)_due", "Hạn: \(item.label)"))
            columns.append(SheetColumn("\(item.key)_status", "Tình trạng: \(item.label)"))
        }
        columns += [SheetColumn("open_alerts", "Cảnh báo đang mở"), SheetColumn("overdue_alerts", "Trong đó quá hạn"),
                    SheetColumn("pending_requests", "Đề nghị chưa giải quyết"), SheetColumn("oldest_pending", "Đề nghị cũ nhất nhận ngày"),
                    SheetColumn("open_complaints", "Khiếu nại đang xử lý"), SheetColumn("overdue_rechecks", "Phúc tra quá hạn")]
        var s = RecordSheet(kind: "r10", documentType: "BÁO CÁO", subject: subject, period: period, columns: columns, landscape: true)
        func cells(_ r: ProgressRow) -> [SheetCell] {
            var c: [SheetCell] = [.text(r.unitCode), .text(r.unitName)]
            c += CaseState.allCases.map { .integer(r.states[$0] ?? 0) }
            for item in items {
                if let d = r.deadlines[item.key] { c += [.date(d.due), .text(d.status.vietnamese)] } else { c += [.empty, .empty] }
            }
            c += [.integer(r.openAlerts), .integer(r.overdueAlerts), .integer(r.pendingRequests), .optional(r.oldestPending),
                  .integer(r.openComplaints), .integer(r.overdueRechecks)]
            return c
        }
        for r in rows { s.appendNumbered(cells(r)) }
        s.append([.text("")] + cells(total))
        let overdue = rows.filter { $0.deadlines.values.contains { $0.status == .overdue } }
        s.notes = ["Tổng số hộ trong đợt: \(VietnameseText.formatVND(total.states.values.reduce(0, +))); đơn vị có việc quá hạn: \(overdue.count)"
                   + (overdue.isEmpty ? "" : " (\(overdue.prefix(12).map(\.unitName).joined(separator: ", "))\(overdue.count > 12 ? "…" : ""))")]
        return s
    }
}
