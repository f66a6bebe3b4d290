import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// Single records of a dossier as printed documents (bản in từng hồ sơ): Phiếu A, Phiếu B,
/// meeting minutes, complaints, re-checks, requests and the two identifications. Posting
/// notices, consultations, decisions and certificates have their own layouts.
extension CommuneDossier {
    /// The printed record `id` of `kind`, or `nil` when the dossier has none (or the kind prints
    /// with its own layout).
    public func document(_ kind: DossierRecordKind, id: String, names: SheetNames, indicatorNames: [IndicatorID: String] = [:],
                         table: ScoringTable? = nil, criteria: [QuickIDCriterion] = []) -> RecordDocument? {
        let where_ = "\(communeName.isEmpty ? communeCode : communeName) — đợt \(round.id)"
        switch kind {
        case .surveys:
            guard let v = surveys[id] else { return nil }
            return surveyDocument(v, names: names, indicatorNames: indicatorNames, table: table)
        case .quickIDs:
            guard let q = quickIDs[id] else { return nil }
            var answers = RecordSheet(kind: "quick-id-answers", subject: "Tiêu chí nhận diện nhanh", columns: [
                SheetColumn("no", "STT"), SheetColumn("criterion", "Tiêu chí"), SheetColumn("answer", "Trả lời")])
            for c in criteria { answers.appendNumbered([.text(c.text), .text(q.answers[c.id] == true ? "Có" : "Không")]) }
            return RecordDocument(documentType: "PHIẾU A", subject: "Nhận diện nhanh hộ đề nghị bổ sung vào danh sách", number: q.id, date: q.date, fields: [
                DocumentField("Hộ", "\(q.householdCode) — \(names.heads[q.householdCode] ?? "")"), DocumentField("Nơi rà soát", where_),
                DocumentField("Rà soát viên", q.reviewer), DocumentField("Kết quả", q.result.vietnamese),
                DocumentField("Xã xác nhận", q.confirmedBy.map { "\($0), \(q.confirmedAt.map(LocalTime.format) ?? "")" } ?? "chưa xác nhận"),
                DocumentField("Trả lời hộ", q.reply ?? ""),
            ], sheets: [answers], signer: q.reviewer)
        case .meetings:
            guard let m = meetings[id] else { return nil }
            var outcomes = RecordSheet(kind: "meeting-outcomes", subject: "Kết quả thống nhất từng hộ", columns: [
                SheetColumn("no", "STT"), SheetColumn("household_code", "Mã hộ"), SheetColumn("head_name", "Họ và tên chủ hộ"),
                SheetColumn("class", "Kết quả rà soát"), SheetColumn("outcome", "Ý kiến cuộc họp"), SheetColumn("note", "Ghi chú")], personal: true)
            for o in m.outcomes {
                let cls = cases[o.householdCode]?.result?.povertyClass.vietnamese ?? ""
                outcomes.appendNumbered([.text(o.householdCode), names.head(o.householdCode), .text(cls), .text(o.outcome.vietnamese), .optional(o.note)])
            }
            return RecordDocument(documentType: "BIÊN BẢN", subject: m.byCommuneBoard ? "Họp Ban giảm nghèo xã thống nhất kết quả rà soát"
                                    : "Họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo \(m.village)",
                                  number: m.number, date: m.date, fields: [
                DocumentField("Thôn", m.village), DocumentField("Địa điểm", m.place), DocumentField("Chủ trì", m.chair), DocumentField("Thư ký", m.secretary),
                DocumentField("Thành phần", "Ban chỉ đạo xã \(m.attendance.communeCommittee) người; đoàn thể \(m.attendance.massOrganisations) người; đại diện \(m.attendance.households) hộ"),
                DocumentField("Đợt", where_),
            ] + (m.corrects.map { [DocumentField("Đính chính biên bản", $0)] } ?? []), sheets: [outcomes], authority: ["CHỦ TRÌ"], signer: m.chair)
        case .complaints:
            guard let k = complaints[id] else { return nil }
            return RecordDocument(documentType: "PHIẾU TIẾP NHẬN", subject: "Khiếu nại, kiến nghị về kết quả rà soát", number: k.id, date: LocalTime.day(k.receivedAt),
                                  fields: [
                DocumentField("Thời điểm nhận", LocalTime.format(k.receivedAt)), DocumentField("Hình thức", k.channel.vietnamese),
                DocumentField("Người khiếu nại", k.anonymous ? "Ẩn danh" : "\(k.complainant ?? "")\(k.contact.map { " — \($0)" } ?? "")"),
                DocumentField("Hộ liên quan", "\(k.householdCode) — \(names.heads[k.householdCode] ?? "")"), DocumentField("Loại", k.type.vietnamese),
                DocumentField("Nội dung", k.content), DocumentField("Người tiếp nhận", k.receivedBy), DocumentField("Trạng thái", k.state.vietnamese),
                DocumentField("Trả lời", k.repliedOn.map { "\(VietnameseText.formatDate($0)): \(k.reply ?? "")" } ?? "chưa trả lời"),
            ], signer: k.receivedBy)
        case .rechecks:
            guard let r = rechecks[id] else { return nil }
            let versions = surveyVersions(of: r.householdCode)
            func line(_ n: Int?) -> String {
                guard let n, let v = versions.first(where: { $0.version == n }) else { return "" }
                return "phiên bản \(n): \(v.result?.explanation ?? "chưa khóa")"
            }
            return RecordDocument(documentType: "BIÊN BẢN", subject: "Phúc tra kết quả rà soát hộ \(r.householdCode)", number: r.id, date: r.date, fields: [
                DocumentField("Hộ", "\(r.householdCode) — \(names.heads[r.householdCode] ?? "")"),
                DocumentField("Căn cứ", r.trigger == .complaint ? "Khiếu nại \(r.complaintIDs.joined(separator: ", "))" : "Ý kiến của cấp trên"),
                DocumentField("Tổ phúc tra", r.team.joined(separator: ", ")), DocumentField("Hạn hoàn thành", VietnameseText.formatDate(r.dueDate)),
                DocumentField("Phiếu bị khiếu nại", line(r.surveyVersionUnderReview)), DocumentField("Phiếu phúc tra", line(r.newSurveyVersion)),
                DocumentField("Kết quả", r.result?.vietnamese ?? "chưa có"), DocumentField("Đợt", where_),
            ], authority: ["TỔ PHÚC TRA"], signer: r.team.first)
        case .requests:
            guard let r = requests[id] else { return nil }
            return Self.requestDocument(r, names: names)
        case .avgAgri:
            guard let a = avgAgri[id] else { return nil }
            var incomes = RecordSheet(kind: "incomes", subject: "Thu nhập 12 tháng trước thời điểm rà soát", columns: [
                SheetColumn("no", "STT"), SheetColumn("source", "Nguồn thu nhập"), SheetColumn("amount", "Số tiền (đồng)")])
            for src in IncomeSource.allCases { if let v = a.incomes[src] { incomes.appendNumbered([.text(src.vietnamese), .money(v)]) } }
            incomes.notes = ["Tổng: \(VietnameseText.formatVND(a.incomes.values.reduce(0, +))) đồng; trừ trợ cấp xã hội \(VietnameseText.formatVND(a.socialAssistance)) đồng"]
            return RecordDocument(documentType: "PHIẾU XÁC ĐỊNH", subject: DossierRecordKind.avgAgri.vietnamese, number: a.id, date: a.determinedOn, fields: [
                DocumentField("Hộ", "\(a.householdCode) — \(names.heads[a.householdCode] ?? "")"), DocumentField("Đang là", a.currentClass.vietnamese),
                DocumentField("Số nhân khẩu", String(a.members)), DocumentField("Khu vực", a.area.vietnamese),
                DocumentField("Thu nhập bình quân", a.perCapitaMonthly.map { "\(VietnameseText.formatVND($0)) đồng/người/tháng" } ?? ""),
                DocumentField("Tỷ lệ thu nhập từ nông, lâm, ngư, diêm nghiệp", a.agriculturalShare.map { VietnameseText.formatPercent($0) } ?? ""),
                DocumentField("Kết quả", a.qualifies.map { $0 ? "Đủ điều kiện" : "Không đủ điều kiện: \(a.reason ?? "")" } ?? "chưa xác định"),
                DocumentField("Người xác định", a.determinedBy ?? ""), DocumentField("Trạng thái", a.state.vietnamese),
                DocumentField("Quyết định", [a.decision, a.validFrom.map { "hiệu lực từ \(VietnameseText.formatDate($0))" }].compactMap { $0 }.joined(separator: ", ")),
                DocumentField("Đợt", where_),
            ], sheets: [incomes], signer: a.determinedBy)
        case .lowIncome:
            guard let l = lowIncome[id] else { return nil }
            return RecordDocument(documentType: "PHIẾU XÁC ĐỊNH", subject: DossierRecordKind.lowIncome.vietnamese, number: l.id, date: l.checkedOn, fields: [
                DocumentField("Người lao động", "\(names.members[l.householdCode]?[l.memberNo] ?? "") (thành viên số \(l.memberNo) của hộ \(l.householdCode))"),
                DocumentField("Tuổi", l.age.map(String.init) ?? ""), DocumentField("Hộ đang là", l.householdClass?.vietnamese ?? ""),
                DocumentField("Thu nhập bình quân của hộ", l.perCapitaIncome.map { "\(VietnameseText.formatVND($0)) đồng/người/tháng" } ?? ""),
                DocumentField("Khu vực", l.area.vietnamese),
                DocumentField("Kết quả", l.qualifies.map { $0 ? "Đủ điều kiện" : "Không đủ điều kiện: \(l.reason ?? "")" } ?? "chưa kiểm tra"),
                DocumentField("Người kiểm tra", l.checkedBy ?? ""), DocumentField("Trạng thái", l.state.vietnamese),
                DocumentField("Quyết định", [l.decision, l.validFrom.map { "hiệu lực từ \(VietnameseText.formatDate($0))" }].compactMap { $0 }.joined(separator: ", ")),
                DocumentField("Đợt", where_),
            ], signer: l.checkedBy)
        case .cases, .postings, .consultations, .decisions:
            return nil
        }
    }

    /// Phiếu B as printed: the form's answers, the roster snapshot and the engine's result.
    func surveyDocument(_ v: Survey, names: SheetNames, indicatorNames: [IndicatorID: String], table: ScoringTable?) -> RecordDocument {
        var b1 = RecordSheet(kind: "b1", subject: "B1 — thu nhập (điểm)", columns: [
            SheetColumn("no", "STT"), SheetColumn("item", "Câu hỏi"), SheetColumn("answer", "Trả lời"), SheetColumn("points", "Điểm")])
        if let table, v.scoringTableID == table.id {
            for item in table.items {
                let chosen = item.options.filter { (v.b1Answers[item.id] ?? []).contains($0.id) }
                b1.appendNumbered([.text(item.text), .text(chosen.map(\.text).joined(separator: "; ")), .integer(chosen.map(\.points).reduce(0, +))])
            }
            b1.notes = [table.label]
        } else {
            b1.appendNumbered([.text("Điểm B1 ghi trên phiếu giấy"), .empty, .optional(v.b1Typed)])
        }
        var b2 = RecordSheet(kind: "b2", subject: "B2 — thiếu hụt dịch vụ xã hội cơ bản", columns: [
            SheetColumn("no", "STT"), SheetColumn("indicator", "Chỉ số"), SheetColumn("answer", "Trả lời")])
        for id in v.b2.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            b2.appendNumbered([.text(indicatorNames[id] ?? id.rawValue), .text(v.b2[id]!.vietnamese)])
        }
        var roster = RecordSheet(kind: "roster", subject: "Thành viên hộ tại thời điểm rà soát", columns: [
            SheetColumn("no", "STT"), SheetColumn("name", "Họ và tên"), SheetColumn("relation", "Quan hệ với chủ hộ"), SheetColumn("sex", "Giới tính"),
            SheetColumn("birth", "Ngày/năm sinh")], personal: true)
        for m in v.roster { roster.append([.integer(m.memberNo), .text(m.fullName), .text(m.relation.vietnamese), .text(m.sex.vietnamese), .text(m.birthDate.description)]) }
        var fields = [
            DocumentField("Hộ", "\(v.householdCode) — \(names.heads[v.householdCode] ?? "")"),
            DocumentField("Đợt", "\(round.id), \(communeName.isEmpty ? communeCode : communeName)"),
            DocumentField("Phiên bản", "\(v.version) (\(v.state == .locked ? "đã khóa \(v.lockedAt.map(LocalTime.format) ?? "")" : "đang nhập"))"),
            DocumentField("Rà soát viên", v.reviewer), DocumentField("Người trả lời", "\(v.respondent.name) (\(v.respondent.relation.vietnamese))"),
            DocumentField("Chuẩn nghèo", v.standardID), DocumentField("Khu vực", v.area.vietnamese),
            DocumentField("Điểm B1", v.result?.b1Score.map(String.init) ?? v.b1Typed.map(String.init) ?? ""),
            DocumentField("Điểm B2", v.result.map { String($0.b2Score) } ?? ""),
            DocumentField("Phân loại (bộ phân loại tính)", v.result.map { "\($0.povertyClass.vietnamese) — \($0.explanation)" } ?? "chưa khóa phiếu"),
        ]
        if let gps = v.gps { fields.append(DocumentField("Tọa độ nhà ở", "\(gps.latitude), \(gps.longitude)")) }
        if !v.photos.isEmpty { fields.append(DocumentField("Ảnh nhà ở", "\(v.photos.count) ảnh")) }
        if let reason = v.reason { fields.append(DocumentField("Lý do lập phiên bản mới", reason)) }
        return RecordDocument(documentType: "PHIẾU B", subject: "Phiếu rà soát hộ nghèo, hộ cận nghèo", number: v.id, date: v.date, fields: fields,
                              sheets: [roster, b1, b2], signer: v.reviewer)
    }

    /// Mẫu 01 as printed (Giấy đề nghị rà soát).
    public static func requestDocument(_ r: ReviewRequest, names: SheetNames) -> RecordDocument {
        RecordDocument(documentType: "GIẤY ĐỀ NGHỊ", subject: "Rà soát, công nhận hộ nghèo, hộ cận nghèo (Mẫu số 01)", number: r.id, date: r.receivedOn, fields: [
            DocumentField("Hộ", "\(r.householdCode) — \(names.heads[r.householdCode] ?? "")"), DocumentField("Đề nghị", r.type.vietnamese),
            DocumentField("Lý do", r.reason), DocumentField("Người ký đơn", r.signer), DocumentField("Ngày nhận", VietnameseText.formatDate(r.receivedOn)),
            DocumentField("Hình thức", r.channel.vietnamese), DocumentField("Người tiếp nhận", r.receivedBy), DocumentField("Đợt xử lý", r.roundID ?? ""),
        ] + (r.withdraws.map { [DocumentField("Rút đề nghị số", $0)] } ?? []), authority: ["NGƯỜI LÀM ĐƠN"], signer: r.signer)
    }
}
