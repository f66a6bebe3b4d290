import Foundation
import Registry
import VietnameseText

/// Tables of the records kept outside a commune's dossier (hồ sơ theo đơn vị): campaigns and
/// their plans, monthly batches and reports, alerts, transitions, status records, year outcomes,
/// certificates and the holiday calendar; and the plan and the monthly report as documents.
public enum ReviewSheets {
    static let no = SheetColumn("no", "STT")

    /// Campaigns (đợt rà soát định kỳ).
    public static func campaigns(_ list: [Campaign]) -> RecordSheet {
        var s = RecordSheet(kind: "campaigns", subject: "Các đợt rà soát định kỳ", columns: [
            no, SheetColumn("id", "Đợt"), SheetColumn("year", "Năm"), SheetColumn("province_code", "Mã tỉnh"), SheetColumn("standard_id", "Chuẩn nghèo"),
            SheetColumn("chain", "Chuỗi phê duyệt"), SheetColumn("window_start", "Bắt đầu"), SheetColumn("window_end", "Kết thúc"),
            SheetColumn("state", "Trạng thái"), SheetColumn("imported", "Dữ liệu cũ"), SheetColumn("summary_number", "Báo cáo tổng hợp (R2)"),
            SheetColumn("summary_date", "Ngày báo cáo"), SheetColumn("opened_at", "Mở lúc"), SheetColumn("closed_at", "Khóa sổ lúc"),
        ])
        for c in list {
            s.appendNumbered([.text(c.id), .integer(c.year), .text(c.provinceCode), .text(c.standardID), .text(c.chain.vietnamese), .date(c.window.start),
                              .date(c.window.end), .text(c.state.vietnamese), .flag(c.imported), .optional(c.provinceSummary?.number),
                              .optional(c.provinceSummary?.date), c.openedAt.map { .instant($0) } ?? .empty, c.closedAt.map { .instant($0) } ?? .empty])
        }
        return s
    }

    /// Plans of a campaign (kế hoạch), with each item's due date.
    public static func plans(_ list: [ReviewPlan], campaign: Campaign, settings: ReviewSettings) -> RecordSheet {
        let items = DeadlineItem.allCases.filter { $0.applies(to: campaign.chain) }
        var s = RecordSheet(kind: "plans", subject: "Kế hoạch rà soát đợt \(campaign.id)", columns: [
            no, SheetColumn("level", "Cấp"), SheetColumn("unit_code", "Đơn vị"), SheetColumn("number", "Số kế hoạch"), SheetColumn("date", "Ngày"),
            SheetColumn("signer", "Người ký"), SheetColumn("reviewers", "Rà soát viên theo thôn"),
        ] + items.map { SheetColumn("due_\($0.rawValue)", "Hạn: \($0.vietnamese)") })
        let province = list.first { $0.level == .province }
        for p in list.sorted(by: { ($0.level.rawValue, $0.unitCode) < ($1.level.rawValue, $1.unitCode) }) {
            let parent = p.level == .province ? nil : province
            s.appendNumbered([.text(p.level.vietnamese), .text(p.unitCode), .text(p.number), .date(p.date), .text(p.signer),
                              .text(p.reviewers.keys.sorted().map { "\($0): \(p.reviewers[$0]!.joined(separator: ", "))" }.joined(separator: "; "))]
                             + items.map { .date(p.dueDate($0, parent: parent, year: campaign.year, settings: settings)) })
        }
        return s
    }

    /// A plan as a document (KẾ HOẠCH) with its due dates and reviewers.
    public static func planDocument(_ p: ReviewPlan, campaign: Campaign, parent: ReviewPlan?, unitName: String, settings: ReviewSettings) -> RecordDocument {
        var due = RecordSheet(kind: "plan-deadlines", subject: "Thời hạn thực hiện", columns: [no, SheetColumn("item", "Công việc"), SheetColumn("due", "Hạn")])
        for item in DeadlineItem.allCases where item.applies(to: campaign.chain) {
            due.appendNumbered([.text(item.vietnamese), .date(p.dueDate(item, parent: parent, year: campaign.year, settings: settings))])
        }
        var reviewers = RecordSheet(kind: "plan-reviewers", subject: "Rà soát viên theo thôn", columns: [no, SheetColumn("village", "Thôn"),
                                                                                                        SheetColumn("reviewers", "Rà soát viên")])
        for v in p.reviewers.keys.sorted() { reviewers.appendNumbered([.text(v), .text(p.reviewers[v]!.joined(separator: ", "))]) }
        return RecordDocument(documentType: "KẾ HOẠCH", subject: "Rà soát hộ nghèo, hộ cận nghèo năm \(campaign.year) — \(unitName)", number: p.number,
                              date: p.date, fields: [
            DocumentField("Đợt", "\(campaign.id) (chuẩn \(campaign.standardID), chuỗi \(campaign.chain.vietnamese))"),
            DocumentField("Thời gian rà soát", "\(VietnameseText.formatDate(campaign.window.start)) – \(VietnameseText.formatDate(campaign.window.end))"),
            DocumentField("Cấp", p.level.vietnamese), DocumentField("Tệp đính kèm", p.file ?? ""),
        ], sheets: p.reviewers.isEmpty ? [due] : [due, reviewers], authority: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer: p.signer, personal: false)
    }

    /// Monthly batches of a commune (đợt rà soát thường xuyên).
    public static func batches(_ list: [MonthlyBatch]) -> RecordSheet {
        var s = RecordSheet(kind: "batches", subject: "Các đợt rà soát thường xuyên hằng tháng", columns: [
            no, SheetColumn("id", "Đợt"), SheetColumn("commune_code", "Mã xã"), SheetColumn("month", "Tháng"), SheetColumn("year", "Năm"),
            SheetColumn("start", "Bắt đầu"), SheetColumn("survey_due", "Hạn rà soát"), SheetColumn("chain", "Chuỗi phê duyệt"),
            SheetColumn("standard_id", "Chuẩn nghèo"), SheetColumn("posting_working_days", "Số ngày niêm yết"), SheetColumn("state", "Trạng thái"),
        ])
        for b in list {
            s.appendNumbered([.text(b.id), .text(b.communeCode), .integer(b.month), .integer(b.year), .date(b.start), .date(b.surveyDue),
                              .text(b.chain.vietnamese), .text(b.standardID), .integer(b.postingWorkingDays), .text(b.state == .open ? "Đang xử lý" : "Đã khóa")])
        }
        return s
    }

    /// Columns of the monthly report's figures (R5).
    static let figureColumns: [SheetColumn] = [
        SheetColumn("requests_add", "Đề nghị bổ sung"), SheetColumn("requests_leave", "Đề nghị ra khỏi danh sách"),
        SheetColumn("decided_recognised", "Đã công nhận"), SheetColumn("decided_rejected", "Không đủ điều kiện"), SheetColumn("pending", "Đang xử lý cuối tháng"),
    ] + [PovertyFlow.newPoor, .newNearPoor, .relapse, .poorToNearPoor, .escapedPoor, .escapedNearPoor, .entered, .left].map {
        SheetColumn($0.rawValue, $0.vietnameseName.prefix(1).uppercased() + $0.vietnameseName.dropFirst())
    } + [SheetColumn("poor", "Hộ nghèo cuối tháng"), SheetColumn("near_poor", "Hộ cận nghèo cuối tháng"), SheetColumn("total", "Tổng số hộ")]

    static func figureCells(_ f: MonthlyFigures) -> [SheetCell] {
        [.integer(f.requestsAdd), .integer(f.requestsLeave), .integer(f.decidedRecognised), .integer(f.decidedRejected), .integer(f.pending)]
            + [PovertyFlow.newPoor, .newNearPoor, .relapse, .poorToNearPoor, .escapedPoor, .escapedNearPoor, .entered, .left].map { .integer(f.events[$0] ?? 0) }
            + [.integer(f.poor), .integer(f.nearPoor), .integer(f.total)]
    }

    /// Monthly reports (R5, báo cáo rà soát thường xuyên hằng tháng).
    public static func monthlyReports(_ list: [MonthlyReport]) -> RecordSheet {
        var s = RecordSheet(kind: "monthly-reports", documentType: "BÁO CÁO", subject: "Kết quả rà soát thường xuyên hằng tháng (R5)", columns: [
            no, SheetColumn("id", "Báo cáo"), SheetColumn("unit_code", "Đơn vị"), SheetColumn("month", "Tháng"), SheetColumn("year", "Năm"),
            SheetColumn("due_date", "Hạn nộp"), SheetColumn("state", "Trạng thái"), SheetColumn("nil_report", "Không phát sinh"),
            SheetColumn("submitted_on", "Ngày gửi"), SheetColumn("on_time", "Đúng hạn"), SheetColumn("return_reason", "Lý do trả lại"),
        ] + figureColumns)
        for r in list {
            s.appendNumbered([.text(r.id), .text(r.unitCode), .integer(r.month), .integer(r.year), .date(r.dueDate), .text(r.state.vietnamese),
                              .flag(r.nilReport), .optional(r.submittedOn), r.onTime.map { .flag($0) } ?? .empty, .optional(r.returnReason)]
                             + figureCells(r.figures))
        }
        s.notes = ["Các biến động là số lượt (một hộ thay đổi hai lần trong tháng được tính hai lần), khác số hộ của báo cáo R2."]
        return s
    }

    /// A monthly report as a document (R5).
    public static func monthlyReportDocument(_ r: MonthlyReport, unitName: String) -> RecordDocument {
        var t = RecordSheet(kind: "r5", documentType: "BÁO CÁO", subject: "Số liệu", columns: [no, SheetColumn("item", "Chỉ tiêu"), SheetColumn("value", "Số hộ")])
        for (c, v) in zip(figureColumns, figureCells(r.figures)) { t.appendNumbered([.text(c.header), v]) }
        t.notes = ["Các biến động là số lượt (một hộ thay đổi hai lần trong tháng được tính hai lần)."]
        return RecordDocument(documentType: "BÁO CÁO", subject: "Kết quả rà soát thường xuyên hộ nghèo, hộ cận nghèo tháng \(r.month)/\(r.year) — \(unitName)",
                              number: r.id, date: r.submittedOn, fields: [
            DocumentField("Hạn nộp", VietnameseText.formatDate(r.dueDate)), DocumentField("Trạng thái", r.state.vietnamese),
            DocumentField("Không phát sinh", r.nilReport ? "Có (không phát sinh)" : "Không"),
            DocumentField("Ngày gửi", r.submittedOn.map(VietnameseText.formatDate) ?? ""),
            DocumentField("Tiếp nhận", r.reviewedOn.map { "\(VietnameseText.formatDate($0)) (\(r.reviewedBy ?? ""))" } ?? ""),
        ] + (r.returnReason.map { [DocumentField("Lý do trả lại", $0)] } ?? []), sheets: [t], authority: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], personal: false)
    }

    /// Alerts (cảnh báo thời hạn).
    public static func alerts(_ list: [ReviewAlert]) -> RecordSheet {
        var s = RecordSheet(kind: "alerts", subject: "Cảnh báo thời hạn rà soát", columns: [
            no, SheetColumn("id", "Mã"), SheetColumn("round_id", "Đợt"), SheetColumn("unit_code", "Đơn vị"), SheetColumn("escalated_from", "Chuyển lên từ"),
            SheetColumn("item", "Việc"), SheetColumn("due_date", "Hạn"), SheetColumn("level", "Mức"), SheetColumn("created_on", "Ngày phát sinh"),
            SheetColumn("acknowledged_by", "Người xác nhận"), SheetColumn("closed_on", "Ngày đóng"),
        ])
        for a in list {
            s.appendNumbered([.text(a.id), .text(a.roundID), .text(a.unitCode), .optional(a.escalatedFrom), .text(a.itemLabel), .date(a.dueDate),
                              .text(a.level.vietnamese), .date(a.createdOn), .optional(a.acknowledgedBy), .optional(a.closedOn)])
        }
        return s
    }

    /// Transitions recorded at decisions (biến động, review.md §6.2).
    public static func transitions(_ list: [TransitionRecord], names: SheetNames) -> RecordSheet {
        var s = RecordSheet(kind: "transitions", subject: "Biến động hộ nghèo, hộ cận nghèo", columns: [
            no, SheetColumn("household_code", "Mã hộ"), SheetColumn("head_name", "Họ và tên chủ hộ"), SheetColumn("commune_code", "Mã xã"),
            SheetColumn("village", "Thôn"), SheetColumn("effective_date", "Ngày hiệu lực"), SheetColumn("from_class", "Từ"), SheetColumn("to_class", "Sang"),
            SheetColumn("flow", "Biến động"), SheetColumn("decision_number", "Quyết định"), SheetColumn("decision_date", "Ngày quyết định"),
            SheetColumn("round_id", "Đợt"), SheetColumn("source", "Nguồn"), SheetColumn("standard_changed", "Đổi chuẩn"),
            SheetColumn("reentry_after_escape", "Tái nghèo sau thoát nghèo"),
        ], personal: !names.heads.isEmpty)
        for t in list {
            s.appendNumbered([.text(t.householdCode), names.head(t.householdCode), .text(t.communeCode), .optional(t.village), .date(t.effectiveDate),
                              .text(t.from.vietnamese), .text(t.to.vietnamese), .text(t.flow.vietnameseName), .optional(t.decisionNumber),
                              .optional(t.decisionDate), .text(t.roundID), .text(t.source.vietnamese), .flag(t.standardChanged), .flag(t.reentryAfterEscape)])
        }
        return s
    }

    /// Status records (bản ghi trạng thái, review.md §6.1), append-only.
    public static func statusRecords(_ list: [StatusRecord], names: SheetNames) -> RecordSheet {
        var s = RecordSheet(kind: "status-records", subject: "Bản ghi trạng thái hộ (lịch sử phân loại)", columns: [
            no, SheetColumn("household_code", "Mã hộ"), SheetColumn("head_name", "Họ và tên chủ hộ"), SheetColumn("effective_date", "Ngày hiệu lực"),
            SheetColumn("class", "Phân loại"), SheetColumn("standard_id", "Chuẩn nghèo"), SheetColumn("source", "Nguồn"), SheetColumn("decision", "Quyết định"),
            SheetColumn("campaign", "Đợt"), SheetColumn("recorded_at", "Ghi lúc"), SheetColumn("recorded_by", "Người ghi"), SheetColumn("supersedes", "Thay bản ghi"),
        ], personal: !names.heads.isEmpty)
        for r in list {
            s.appendNumbered([.text(r.householdCode), names.head(r.householdCode), .date(r.effectiveDate), .text(r.recognisedClass.vietnamese),
                              .optional(r.standardID), .text(r.source.vietnamese), .optional(r.decision), .optional(r.campaign), .instant(r.recordedAt),
                              .text(r.recordedBy), r.supersedes.map { .integer(Int($0)) } ?? .empty])
        }
        return s
    }

    /// Year outcomes (kết quả năm của hộ, review.md §6.3).
    public static func yearOutcomes(_ list: [YearOutcome], year: Int) -> RecordSheet {
        var s = RecordSheet(kind: "year-outcomes", subject: "Kết quả năm \(year) của từng hộ", columns: [
            no, SheetColumn("household_code", "Mã hộ"), SheetColumn("class_start", "Phân loại 31/12/\(year - 1)"), SheetColumn("class_end", "Phân loại 31/12/\(year)"),
            SheetColumn("flow", "Biến động"), SheetColumn("standard_start", "Chuẩn đầu kỳ"), SheetColumn("standard_end", "Chuẩn cuối kỳ"),
            SheetColumn("standard_changed", "Đổi chuẩn"),
        ])
        for o in list.sorted(by: { $0.householdCode < $1.householdCode }) {
            s.appendNumbered([.text(o.householdCode), .text(o.classAtStart.vietnamese), .text(o.classAtEnd.vietnamese), .text(o.flow.vietnameseName),
                              .optional(o.standardAtStart), .optional(o.standardAtEnd), .flag(o.standardChanged)])
        }
        var flows: [PovertyFlow: Int] = [:]
        for o in list { flows[o.flow, default: 0] += 1 }
        s.notes = PovertyFlow.allCases.compactMap { f in flows[f].map { "\(f.vietnameseName): \($0) hộ" } }
        return s
    }

    /// Certificates (giấy chứng nhận hộ nghèo, hộ cận nghèo).
    public static func certificates(_ list: [Certificate]) -> RecordSheet {
        var s = RecordSheet(kind: "certificates", subject: "Giấy chứng nhận hộ nghèo, hộ cận nghèo", columns: [
            no, SheetColumn("number", "Số"), SheetColumn("household_code", "Mã hộ"), SheetColumn("head_name", "Họ và tên chủ hộ"),
            SheetColumn("class", "Phân loại"), SheetColumn("standard_id", "Chuẩn nghèo"), SheetColumn("issued_on", "Ngày cấp"),
            SheetColumn("decision", "Quyết định"), SheetColumn("members", "Số thành viên"), SheetColumn("confirmations", "Số lần xác nhận"),
            SheetColumn("closed_on", "Ngày đóng"), SheetColumn("closing_note", "Ghi chú"),
        ], personal: true)
        for c in list {
            s.appendNumbered([.text(c.number), .text(c.householdCode), .text(c.head.name), .text(c.recognisedClass.vietnamese), .text(c.standardID),
                              .date(c.issuedOn), .text(c.decision), .integer(c.members.count), .integer(c.confirmations.count), .optional(c.closedOn),
                              .optional(c.closingNote)])
        }
        return s
    }

    /// The holiday calendar (lịch nghỉ lễ, Tết), one row per day.
    public static func holidays(_ calendar: HolidayCalendar) -> RecordSheet {
        var s = RecordSheet(kind: "holidays", subject: "Lịch nghỉ lễ, Tết dùng để tính ngày làm việc", columns: [
            no, SheetColumn("year", "Năm"), SheetColumn("date", "Ngày"), SheetColumn("kind", "Loại"), SheetColumn("name", "Tên"),
            SheetColumn("status", "Tình trạng xác nhận"), SheetColumn("source", "Nguồn"),
        ])
        for y in calendar.years.keys.sorted() {
            let year = calendar.years[y]!
            for d in year.holidays { s.appendNumbered([.integer(y), .date(d.date), .text("Nghỉ"), .text(d.name), .text(HolidayCalendar.statusLabel(year.status)), .text(year.source)]) }
            for d in year.makeUpWorkdays { s.appendNumbered([.integer(y), .date(d.date), .text("Làm bù"), .text(d.name), .text(HolidayCalendar.statusLabel(year.status)), .text(year.source)]) }
        }
        return s
    }
}

extension HolidayCalendar {
    /// Vietnamese label of a year's confirmation state.
    public static func statusLabel(_ status: String) -> String {
        switch status {
        case "announced": "Đã công bố"
        case "partly_announced": "Công bố một phần"
        case "provisional": "Tạm tính, chưa công bố"
        default: status
        }
    }
}
