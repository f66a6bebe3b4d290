import Access
import Foundation
import Hummingbird
import Interchange
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// Print view and CSV export of a posting notice, a consultation report or a recognition
/// decision with its attached lists (reports.md §0.5–§0.6: administrative header, lists with
/// STT, household, head, village, persons). The head's name is personal data: the print and the
/// export need the personal-read and personal-export rights, and each is audited.
extension ReviewPages {
    struct ListRow { var no: Int, code: String, head: String, village: String, persons: Int }
    struct ListView { var title: String, households: Int, persons: Int, rows: [ListRow] }
    struct DocumentView {
        var layout: Layout
        var province: String, issuer: String, number: String, place: String, day: String, month: String, year: String
        var type: String, subject: String, lead: String
        var lists: [ListView]
        var recipients: [String]
        var authority: [String], signer: String
        var back: String, export: String
    }

    /// The document `id` of a dossier with its lists, or 404.
    func document(_ d: CommuneDossier, id: String) throws -> (type: String, subject: String, lead: String, number: String, date: CivilDate,
                                                             signer: String, authority: [String], lists: [AttachedList]) {
        let year = d.round.year
        if let n = d.postings[id] {
            return ("THÔNG BÁO", "Niêm yết công khai kết quả rà soát hộ nghèo, hộ cận nghèo năm \(year)",
                    "Niêm yết tại \(n.places.map(\.name).joined(separator: "; ")) từ \(LocalTime.format(n.start)) đến hết ngày \(VietnameseText.formatDate(n.lastDay)) (\(n.workingDays) ngày làm việc).",
                    n.number, LocalTime.day(n.start), n.signer ?? "", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], n.lists)
        }
        if let k = d.consultations[id] {
            return ("BÁO CÁO", "Kết quả rà soát hộ nghèo, hộ cận nghèo năm \(year) và đề nghị cho ý kiến",
                    "Kính gửi: \(k.recipient). Số hộ đã rà soát: \(k.figures.householdsReviewed).", k.number, k.date, k.signer,
                    ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], k.figures.lists)
        }
        if let q = d.decisions[id] {
            return ("QUYẾT ĐỊNH", q.subject ?? "Công nhận hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo năm \(year)",
                    "Theo kết quả rà soát đợt \(q.roundID), chuẩn \(q.standardID); có hiệu lực từ ngày \(VietnameseText.formatDate(q.effectiveDate))."
                        + (q.corrects.map { " Đính chính quyết định \($0)." } ?? ""),
                    q.number, q.date, q.signer, q.capacity.authorityLines, q.annexes)
        }
        throw ReviewError.notFound("văn bản \(id)")
    }

    /// Head names and persons of the households on `lists`, read once for the commune and audited.
    func listViews(_ lists: [AttachedList], dossier d: CommuneDossier, access: AccessContext, action: String) throws -> [ListView] {
        let wanted = Set(lists.flatMap(\.households))
        var heads: [String: (String, String, Int)] = [:]
        try services.store.forEachHousehold(in: HouseholdSelection(communeCodes: review.workflow.recordedCodes(d.communeCode))) { h in
            guard wanted.contains(h.household.householdCode) else { return }
            heads[h.household.householdCode] = (h.members.first { $0.relation == .head }?.fullName ?? "", h.household.village, h.members.count)
        }
        if !wanted.isEmpty {
            try services.store.recordSecurityEvent(action, entityType: "review_list", entityIDs: wanted.sorted(), context: access)
        }
        return lists.map { list in
            ListView(title: list.kind.vietnamese, households: list.households.count, persons: list.persons,
                     rows: list.households.enumerated().map { i, code in
                        let h = heads[code]
                        return ListRow(no: i + 1, code: code, head: h?.0 ?? "", village: h?.1 ?? "", persons: d.persons(code) > 0 ? d.persons(code) : h?.2 ?? 0)
                     })
        }
    }

    func registerDocumentPages(_ router: Router<AppContext>) {
        let path = "/review/rounds/:round/communes/:commune/documents/:id"
        router.get(RouterPath(stringLiteral: path)) { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let id = try context.parameters.require("id")
            let round = try review.workflow.round(roundID)
            try review.requireCovers(user, commune: commune, chain: round.chain)
            guard services.policy.allows(.readPersonal, user.assignments, on: services.today) else { throw WebError.forbidden }
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            let doc = try document(d, id: id)
            let province = (round.chain == .threeTier ? services.catalog.province(code: round.provinceCode, in: .legacy) : services.catalog.province(code: round.provinceCode))?.name ?? ""
            let place = d.communeName.replacingOccurrences(of: "Xã ", with: "").replacingOccurrences(of: "Phường ", with: "")
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
            let base = "/review/rounds/\(roundID)/communes/\(commune)"
            let view = DocumentView(
                layout: layout(doc.type.capitalized + " " + doc.number, user), province: "UBND " + province.uppercased(),
                issuer: "ỦY BAN NHÂN DÂN " + d.communeName.uppercased(), number: doc.number, place: place, day: two(doc.date.day),
                month: two(doc.date.month), year: String(doc.date.year), type: doc.type, subject: doc.subject, lead: doc.lead,
                lists: try listViews(doc.lists, dossier: d, access: context.access(request, user: user), action: "read_personal"),
                recipients: ["Như trên", "Lưu: VT, \(d.communeName)"], authority: doc.authority, signer: doc.signer, back: base,
                export: "\(base)/documents/\(id)/export")
            return Reply.html(services.render(view, "review-document"))
        }
        router.get(RouterPath(stringLiteral: path + "/export")) { request, context in
            let user = try context.requireUser()
            let roundID = try context.parameters.require("round"), commune = try context.parameters.require("commune")
            let id = try context.parameters.require("id")
            let round = try review.workflow.round(roundID)
            try review.requireCovers(user, commune: commune, chain: round.chain)
            let access = context.access(request, user: user)
            guard services.policy.allows(.exportPersonal, user.assignments, on: services.today) else {
                try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: ["export_personal"], context: access)
                throw WebError.forbidden
            }
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            let doc = try document(d, id: id)
            let lists = try listViews(doc.lists, dossier: d, access: access, action: "read_personal")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-review-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("list.csv")
            let writer = try CSVWriter(path: file.path, byteOrderMark: true)
            try writer.writeRow(["Danh sách", "STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Số nhân khẩu"])
            var rows = 0
            for list in lists {
                for r in list.rows {
                    try writer.writeRow([list.title, String(r.no), r.code, r.head, r.village, String(r.persons)])
                    rows += 1
                }
            }
            try writer.commit()
            let data = try Data(contentsOf: file)
            try services.store.recordExport(ExportRecord(entityType: "review_list", description: "\(roundID) \(commune) \(doc.number)", rowCount: rows,
                                                         fileHash: SHA256.hex(data)), context: access)
            return Reply.file(data, contentType: "text/csv; charset=utf-8", fileName: "danh-sach-\(id).csv")
        }
    }
}
