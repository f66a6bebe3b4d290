import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// The record kinds of a commune's dossier that print and export as tables (loại hồ sơ).
public enum DossierRecordKind: String, Sendable, CaseIterable, Hashable {
    /// The campaign list, step 1 (danh sách hộ cần rà soát).
    case cases
    /// Mẫu 01 requests routed to the round.
    case requests
    /// Phiếu A.
    case quickIDs = "quick-ids"
    /// Phiếu B versions.
    case surveys
    /// Village meeting minutes.
    case meetings
    /// Posting notices.
    case postings
    /// Complaints.
    case complaints
    /// Re-checks.
    case rechecks
    /// Consultation reports and opinions.
    case consultations
    /// Recognition decisions, one row per household decided.
    case decisions
    /// Avg-agri identifications (review.md §5).
    case avgAgri = "avg-agri"
    /// Low-income-worker identifications (review.md §7).
    case lowIncome = "low-income"

    /// Vietnamese name of the records.
    public var vietnamese: String {
        switch self {
        case .cases: "Danh sách hộ cần rà soát"
        case .requests: "Giấy đề nghị rà soát (Mẫu số 01)"
        case .quickIDs: "Phiếu A — nhận diện nhanh"
        case .surveys: "Phiếu B — phiếu rà soát hộ"
        case .meetings: "Biên bản họp dân"
        case .postings: "Thông báo niêm yết công khai"
        case .complaints: "Khiếu nại, kiến nghị"
        case .rechecks: "Phúc tra"
        case .consultations: "Báo cáo xin ý kiến cấp trên"
        case .decisions: "Quyết định công nhận"
        case .avgAgri: "Xác định hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình"
        case .lowIncome: "Xác định người lao động có thu nhập thấp"
        }
    }
}

/// Names shown next to household codes in printed lists (tên chủ hộ, tên người): read from the
/// registry by the caller, which audits the read.
public struct SheetNames: Sendable, Hashable {
    /// Head's name by household code.
    public var heads: [String: String]
    /// Member's name by household code and member number.
    public var members: [String: [Int: String]]

    /// Creates a lookup.
    public init(heads: [String: String] = [:], members: [String: [Int: String]] = [:]) {
        self.heads = heads
        self.members = members
    }

    /// The head's name of a household, or empty.
    public func head(_ code: String) -> SheetCell { .text(heads[code] ?? "") }
}

extension CommuneDossier {
    /// `Đợt RS-42-2026, Xã Tứ Mỹ (18202)`.
    var roundLine: String {
        "\(round.kind == .periodic ? "Rà soát định kỳ năm \(round.year)" : "Rà soát thường xuyên") — đợt \(round.id), \(communeName.isEmpty ? communeCode : communeName) (\(communeCode)); chuẩn \(round.standardID)"
    }

    /// Household codes a sheet of `kind` names (for the head-name lookup).
    public func householdCodes(_ kind: DossierRecordKind) -> [String] {
        let codes: [String] = switch kind {
        case .cases, .requests: Array(cases.keys) + requests.values.map(\.householdCode)
        case .quickIDs: quickIDs.values.map(\.householdCode)
        case .surveys: surveys.values.map(\.householdCode)
        case .meetings: meetings.values.flatMap { $0.outcomes.map(\.householdCode) }
        case .postings: postings.values.flatMap(\.households)
        case .complaints: complaints.values.map(\.householdCode)
        case .rechecks: rechecks.values.map(\.householdCode)
        case .consultations: consultations.values.flatMap(\.households)
        case .decisions: decisions.values.flatMap { $0.lines.map(\.householdCode) }
        case .avgAgri: avgAgri.values.map(\.householdCode)
        case .lowIncome: lowIncome.values.map(\.householdCode)
        }
        return Array(Set(codes)).sorted()
    }

    /// The table of the dossier's records of `kind`, with names from `names`.
    public func sheet(_ kind: DossierRecordKind, names: SheetNames) -> RecordSheet {
        let no = SheetColumn("no", "STT"), code = SheetColumn("household_code", "Mã hộ"), head = SheetColumn("head_name", "Họ và tên chủ hộ")
        func sorted<T>(_ d: [String: T]) -> [T] { d.keys.sorted().map { d[$0]! } }
        var s: RecordSheet
        switch kind {
        case .cases:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, code, head, SheetColumn("village", "Thôn"), SheetColumn("source", "Nguồn"), SheetColumn("class_at_listing", "Đang là"),
                SheetColumn("state", "Trạng thái"), SheetColumn("computed_class", "Kết quả rà soát"), SheetColumn("b1", "Điểm B1"),
                SheetColumn("b2", "Điểm B2"), SheetColumn("decided_class", "Được công nhận"), SheetColumn("listed_on", "Ngày đưa vào danh sách"),
            ], personal: true)
            for c in cases.values.sorted(by: { ($0.village, $0.householdCode) < ($1.village, $1.householdCode) }) {
                s.appendNumbered([.text(c.householdCode), names.head(c.householdCode), .text(c.village), .text(c.source.vietnamese),
                                  .text(c.classAtListing.vietnamese), .text(c.state.vietnamese), .optional(c.result?.povertyClass.vietnamese),
                                  .optional(c.result?.b1Score), .optional(c.result?.b2Score), .optional(c.decidedClass?.vietnamese), .date(c.listedOn)])
            }
            s.notes = CaseState.allCases.compactMap { st in stateCounts[st].map { "\(st.vietnamese): \($0) hộ" } }
        case .requests:
            s = Self.requestsSheet(sorted(requests), names: names, subject: kind.vietnamese)
        case .quickIDs:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("id", "Số phiếu"), code, head, SheetColumn("date", "Ngày"), SheetColumn("reviewer", "Rà soát viên"),
                SheetColumn("yes_answers", "Số tiêu chí \"Có\""), SheetColumn("result", "Kết quả"), SheetColumn("confirmed_by", "Xã xác nhận"),
                SheetColumn("reply", "Trả lời hộ"),
            ], personal: true)
            for q in sorted(quickIDs) {
                s.appendNumbered([.text(q.id), .text(q.householdCode), names.head(q.householdCode), .date(q.date), .text(q.reviewer),
                                  .integer(q.answers.values.filter { $0 }.count), .text(q.result.vietnamese), .optional(q.confirmedBy), .optional(q.reply)])
            }
        case .surveys:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("id", "Số phiếu"), code, head, SheetColumn("version", "Phiên bản"), SheetColumn("date", "Ngày rà soát"),
                SheetColumn("reviewer", "Rà soát viên"), SheetColumn("respondent", "Người trả lời"), SheetColumn("state", "Trạng thái"),
                SheetColumn("b1", "Điểm B1"), SheetColumn("b2", "Điểm B2"), SheetColumn("class", "Phân loại"), SheetColumn("deprived", "Chỉ số thiếu hụt"),
                SheetColumn("persons", "Số nhân khẩu"), SheetColumn("photos", "Số ảnh"), SheetColumn("reason", "Lý do lập phiên bản mới"),
            ], personal: true)
            for v in surveys.values.sorted(by: { ($0.householdCode, $0.version) < ($1.householdCode, $1.version) }) {
                s.appendNumbered([.text(v.id), .text(v.householdCode), names.head(v.householdCode), .integer(v.version), .date(v.date), .text(v.reviewer),
                                  .text(v.respondent.name), .text(v.state == .locked ? "Đã khóa" : "Đang nhập"), .optional(v.result?.b1Score),
                                  .optional(v.result?.b2Score), .optional(v.result?.povertyClass.vietnamese),
                                  .text(v.result?.deprived.map(\.rawValue).joined(separator: ", ") ?? ""), .integer(v.persons), .integer(v.photos.count),
                                  .optional(v.reason)])
            }
        case .meetings:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("number", "Số biên bản"), SheetColumn("village", "Thôn"), SheetColumn("date", "Ngày họp"), SheetColumn("place", "Địa điểm"),
                SheetColumn("chair", "Chủ trì"), SheetColumn("secretary", "Thư ký"), SheetColumn("attendees_committee", "Ban chỉ đạo xã"),
                SheetColumn("attendees_organisations", "Đoàn thể"), SheetColumn("attendees_households", "Hộ dự họp"),
                SheetColumn("agreed", "Số hộ thống nhất"), SheetColumn("objection", "Số hộ không thống nhất"), SheetColumn("by_board", "Ban giảm nghèo xã"),
            ])
            for m in sorted(meetings) {
                s.appendNumbered([.text(m.number), .text(m.village), .date(m.date), .text(m.place), .text(m.chair), .text(m.secretary),
                                  .integer(m.attendance.communeCommittee), .integer(m.attendance.massOrganisations), .integer(m.attendance.households),
                                  .integer(m.outcomes.filter { $0.outcome == .agreed }.count), .integer(m.outcomes.filter { $0.outcome == .objection }.count),
                                  .flag(m.byCommuneBoard)])
            }
        case .postings:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("number", "Số thông báo"), SheetColumn("villages", "Thôn"), SheetColumn("places", "Địa điểm niêm yết"),
                SheetColumn("start", "Bắt đầu"), SheetColumn("working_days", "Số ngày làm việc"), SheetColumn("last_day", "Hết ngày"),
                SheetColumn("households", "Số hộ"), SheetColumn("signer", "Người ký"), SheetColumn("state", "Trạng thái"), SheetColumn("repost_of", "Niêm yết lại của"),
            ])
            for n in sorted(postings) {
                s.appendNumbered([.text(n.number), .text(n.villages.joined(separator: "; ")), .text(n.places.map(\.name).joined(separator: "; ")),
                                  .instant(n.start), .integer(n.workingDays), .date(n.lastDay), .integer(n.households.count), .optional(n.signer),
                                  .text(n.state.vietnamese), .optional(n.repostOf)])
            }
        case .complaints:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("id", "Số"), SheetColumn("received_at", "Thời điểm nhận"), SheetColumn("channel", "Hình thức"),
                SheetColumn("complainant", "Người khiếu nại"), code, head, SheetColumn("type", "Loại"), SheetColumn("content", "Nội dung"),
                SheetColumn("state", "Trạng thái"), SheetColumn("replied_on", "Ngày trả lời"), SheetColumn("reply", "Trả lời"),
            ], personal: true)
            for k in sorted(complaints) {
                s.appendNumbered([.text(k.id), .instant(k.receivedAt), .text(k.channel.vietnamese), .text(k.anonymous ? "Ẩn danh" : k.complainant ?? ""),
                                  .text(k.householdCode), names.head(k.householdCode), .text(k.type.vietnamese), .text(k.content), .text(k.state.vietnamese),
                                  .optional(k.repliedOn), .optional(k.reply)])
            }
        case .rechecks:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("id", "Số"), code, SheetColumn("trigger", "Căn cứ"), SheetColumn("complaints", "Khiếu nại"), SheetColumn("team", "Tổ phúc tra"),
                SheetColumn("date", "Ngày lập"), SheetColumn("due_date", "Hạn"), SheetColumn("version_under_review", "Phiếu bị khiếu nại (phiên bản)"),
                SheetColumn("new_version", "Phiếu mới (phiên bản)"), SheetColumn("result", "Kết quả"),
            ])
            for r in sorted(rechecks) {
                s.appendNumbered([.text(r.id), .text(r.householdCode), .text(r.trigger == .complaint ? "Khiếu nại" : "Ý kiến cấp trên"),
                                  .text(r.complaintIDs.joined(separator: ", ")), .text(r.team.joined(separator: ", ")), .date(r.date), .date(r.dueDate),
                                  .integer(r.surveyVersionUnderReview), .optional(r.newSurveyVersion), .optional(r.result?.vietnamese)])
            }
        case .consultations:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("number", "Số báo cáo"), SheetColumn("date", "Ngày"), SheetColumn("signer", "Người ký"), SheetColumn("recipient", "Nơi nhận"),
                SheetColumn("households", "Số hộ"), SheetColumn("sent_on", "Ngày gửi"), SheetColumn("state", "Trạng thái"),
                SheetColumn("opinion_date", "Ngày ý kiến"), SheetColumn("opinion_type", "Ý kiến"), SheetColumn("opinion_text", "Nội dung ý kiến"),
            ])
            for k in sorted(consultations) {
                s.appendNumbered([.text(k.number), .date(k.date), .text(k.signer), .text(k.recipient), .integer(k.households.count), .optional(k.sentOn),
                                  .text(k.state.vietnamese), .optional(k.opinion?.date), .optional(k.opinion?.type.vietnamese), .optional(k.opinion?.text)])
            }
        case .decisions:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("decision_number", "Số quyết định"), SheetColumn("decision_date", "Ngày quyết định"),
                SheetColumn("effective_date", "Ngày hiệu lực"), SheetColumn("signer", "Người ký"), code, head,
                SheetColumn("previous_class", "Trước đây"), SheetColumn("recognised_class", "Được công nhận"), SheetColumn("persons", "Số nhân khẩu"),
                SheetColumn("rejected", "Không đủ điều kiện"), SheetColumn("reply", "Trả lời"),
            ], personal: true)
            for q in decisions.values.sorted(by: { ($0.date, $0.number) < ($1.date, $1.number) }) {
                for l in q.lines {
                    s.appendNumbered([.text(q.number), .date(q.date), .date(q.effectiveDate), .text(q.signer), .text(l.householdCode), names.head(l.householdCode),
                                      .text(l.previousClass.vietnamese), .text(l.recognisedClass.vietnamese), .integer(l.persons), .flag(l.rejected), .optional(l.reply)])
                }
            }
            s.notes = decisions.values.sorted { $0.number < $1.number }.map { q in
                "Quyết định \(q.number) ngày \(VietnameseText.formatDate(q.date)): " + q.annexes.map { "\($0.kind.vietnamese.replacingOccurrences(of: "Danh sách ", with: "")) \($0.households.count) hộ (\($0.persons) khẩu)" }.joined(separator: "; ")
            }
        case .avgAgri:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("id", "Số hồ sơ"), code, head, SheetColumn("current_class", "Đang là"), SheetColumn("members", "Số nhân khẩu"),
                SheetColumn("net_income", "Tổng thu nhập 12 tháng (đồng)"), SheetColumn("social_assistance", "Trợ cấp xã hội (đồng)"),
                SheetColumn("per_capita_monthly", "Thu nhập bình quân/người/tháng (đồng)"), SheetColumn("agricultural_share_pct", "Tỷ lệ nông, lâm, ngư, diêm nghiệp (%)"),
                SheetColumn("qualifies", "Đủ điều kiện"), SheetColumn("reason", "Lý do"), SheetColumn("state", "Trạng thái"), SheetColumn("decision", "Quyết định"),
                SheetColumn("valid_from", "Hiệu lực từ"),
            ], personal: true)
            for a in sorted(avgAgri) {
                s.appendNumbered([.text(a.id), .text(a.householdCode), names.head(a.householdCode), .text(a.currentClass.vietnamese), .integer(a.members),
                                  .money(a.incomes.values.reduce(0, +)), .money(a.socialAssistance), a.perCapitaMonthly.map { .money($0) } ?? .empty,
                                  a.agriculturalShare.map { .integer(Int(($0 * 100).rounded())) } ?? .empty, a.qualifies.map { .flag($0) } ?? .empty,
                                  .optional(a.reason), .text(a.state.vietnamese), .optional(a.decision), .optional(a.validFrom)])
            }
        case .lowIncome:
            s = RecordSheet(kind: kind.rawValue, subject: kind.vietnamese, columns: [
                no, SheetColumn("id", "Số hồ sơ"), code, SheetColumn("member_no", "Số thứ tự thành viên"), SheetColumn("person_name", "Họ và tên"),
                SheetColumn("age", "Tuổi"), SheetColumn("household_class", "Hộ đang là"), SheetColumn("per_capita_income", "Thu nhập bình quân/người/tháng (đồng)"),
                SheetColumn("qualifies", "Đủ điều kiện"), SheetColumn("reason", "Lý do"), SheetColumn("state", "Trạng thái"), SheetColumn("decision", "Quyết định"),
                SheetColumn("valid_from", "Hiệu lực từ"),
            ], personal: true)
            for l in sorted(lowIncome) {
                s.appendNumbered([.text(l.id), .text(l.householdCode), .integer(l.memberNo), .text(names.members[l.householdCode]?[l.memberNo] ?? ""),
                                  .optional(l.age), .optional(l.householdClass?.vietnamese), l.perCapitaIncome.map { .money($0) } ?? .empty,
                                  l.qualifies.map { .flag($0) } ?? .empty, .optional(l.reason), .text(l.state.vietnamese), .optional(l.decision), .optional(l.validFrom)])
            }
        }
        s.period = roundLine
        return s
    }

    /// Requests as a table (also for a commune's requests outside a round).
    public static func requestsSheet(_ requests: [ReviewRequest], names: SheetNames, subject: String) -> RecordSheet {
        var s = RecordSheet(kind: DossierRecordKind.requests.rawValue, subject: subject, columns: [
            SheetColumn("no", "STT"), SheetColumn("id", "Số"), SheetColumn("household_code", "Mã hộ"), SheetColumn("head_name", "Họ và tên chủ hộ"),
            SheetColumn("type", "Loại đề nghị"), SheetColumn("received_on", "Ngày nhận"), SheetColumn("channel", "Hình thức"), SheetColumn("reason", "Lý do"),
            SheetColumn("signer", "Người ký đơn"), SheetColumn("received_by", "Người tiếp nhận"), SheetColumn("round", "Đợt xử lý"),
            SheetColumn("withdraws", "Rút đề nghị số"),
        ], personal: true)
        for r in requests {
            s.appendNumbered([.text(r.id), .text(r.householdCode), names.head(r.householdCode), .text(r.type.vietnamese), .date(r.receivedOn),
                              .text(r.channel.vietnamese), .text(r.reason), .text(r.signer), .text(r.receivedBy), .optional(r.roundID), .optional(r.withdraws)])
        }
        return s
    }
}
