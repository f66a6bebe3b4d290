import Access
import Foundation
import Hummingbird
import Interchange
import PovertyStandard
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// Every record review.md names, printed and exported (in và xuất hồ sơ rà soát):
/// `/review/records/{kind}` shows the records of a kind as a printable list under the
/// administrative header (A4; reports.md §0.6), `?id=` one record as a document, `&format=csv`
/// or `xlsx` exports the list (reports.md §0.5: CSV UTF-8 with BOM, Vietnamese headers or
/// `&headers=en`; XLSX with numeric cells and a `Thông tin` sheet with the run record).
///
/// Parameters: `round` and `commune` for a dossier's records; `unit` (province or commune) for
/// R10, alerts and monthly reports; `year` and `month` for R10 of a month and year outcomes.
/// A list that shows names needs the personal-read right to print and the personal-export
/// right to export; each print is a `read_personal` audit entry with the households shown and
/// each export an `export` entry with its row count and file hash. A village head (VIL) prints
/// the single records of its own villages but no list with names (roles.md §4 note 23).
///
/// Decision: the XLSX puts the column headers in row 1 (frozen, bold) and the document header
/// (type, subject, period, unit, run time and account) in the `Thông tin` sheet, instead of
/// merged cells in rows 1–6, which the project's XLSX writer does not do; the print view is
/// the authoritative rendering (reports.md §0.5).
extension ReviewPages {
    struct CellView { var text: String, number: Bool }
    struct RowView { var cells: [CellView] }
    struct TableView {
        var title: String?
        var kind: String, headers: [String], rows: [RowView], width: Int, notes: [String]
    }
    struct ExportLinks { var csv: String, xlsx: String }
    struct RoundOption { var value: String, label: String, selected: Bool }
    struct R10Form { var rounds: [RoundOption], month: String, year: String, unit: String }
    struct RecordView {
        var layout: Layout
        var back: String, backLabel: String
        var exports: ExportLinks?
        var r10Form: R10Form?
        var landscape: Bool
        var superior: String, issuer: String, number: String, place: String, day: String, month: String, year: String
        var type: String, subject: String, period: String?
        var hasFields: Bool, fields: [DocumentField]
        var tables: [TableView]
        var recipients: [String], authority: [String], signer: String
    }

    /// Who issues a record: the commune's People's Committee, or the provincial department.
    struct Letterhead { var superior: String, issuer: String, place: String }

    /// What a record route produced: a list, one record, or a page of its own.
    enum Produced {
        case sheet(RecordSheet, households: [String])
        case document(RecordDocument, households: [String])
        case redirect(String)
    }

    /// The context of one records request.
    struct RecordRequest {
        var user: SignedInUser
        var query: (String) -> String?
        var access: AccessContext
        var letterhead: Letterhead
        var back: String, backLabel: String
        var r10Form: R10Form?
    }

    func letterhead(province: String, commune: String?, chain: ApprovalChain) -> Letterhead {
        let edition: AdminUnitEdition = chain == .threeTier ? .legacy : .reform2025
        let provinceName = services.catalog.province(code: province, in: edition)?.name ?? services.catalog.province(code: province)?.name ?? province
        guard let commune else {
            let recipient = ((try? review.workflow.provinceSettings(province)) ?? review.workflow.settings).consultTwoTierRecipient
            return Letterhead(superior: "UBND " + provinceName.uppercased(), issuer: recipient.uppercased(),
                              place: provinceName.replacingOccurrences(of: "Tỉnh ", with: "").replacingOccurrences(of: "Thành phố ", with: ""))
        }
        let name = review.workflow.communeName(commune, chain: chain)
        return Letterhead(superior: "UBND " + provinceName.uppercased(), issuer: "ỦY BAN NHÂN DÂN " + name.uppercased(),
                          place: name.replacingOccurrences(of: "Xã ", with: "").replacingOccurrences(of: "Phường ", with: ""))
    }

    /// Head names (and member names) of households of a commune, read from the registry; the
    /// caller audits what it shows.
    func sheetNames(_ codes: [String], commune: String, members: Bool = false) throws -> SheetNames {
        guard !codes.isEmpty else { return SheetNames() }
        let wanted = Set(codes)
        var names = SheetNames()
        try services.store.forEachHousehold(in: HouseholdSelection(communeCodes: review.workflow.recordedCodes(commune))) { h in
            let code = h.household.householdCode
            guard wanted.contains(code) else { return }
            names.heads[code] = h.members.first { $0.relation == .head }?.fullName ?? ""
            if members { names.members[code] = Dictionary(h.members.map { ($0.memberNo, $0.fullName) }, uniquingKeysWith: { a, _ in a }) }
        }
        return names
    }

    func registerRecordPages(_ router: Router<AppContext>) {
        router.get("/review/records") { request, context in
            let user = try context.requireUser()
            return Reply.html(services.render(try recordIndex(user, request: request), "review-records"))
        }
        router.get("/review/records/:kind") { request, context in
            let user = try context.requireUser()
            guard services.policy.allows(.viewAggregates, user.assignments, on: services.today) else { throw WebError.forbidden }
            let kind = try context.parameters.require("kind")
            let access = context.access(request, user: user)
            var r = RecordRequest(user: user, query: { request.query($0) }, access: access,
                                  letterhead: Letterhead(superior: "", issuer: "", place: ""), back: "/review", backLabel: "Rà soát")
            let produced = try produce(kind, &r)
            let format = request.query("format")
            switch produced {
            case .redirect(let to):
                return Reply.redirect(to)
            case .document(let doc, let households):
                if doc.personal { try requirePersonal(user, read: households, kind: kind, access: access) }
                return Reply.html(services.render(recordView(doc, r), "review-record"))
            case .sheet(let sheet, let households):
                if let format, format == "csv" || format == "xlsx" {
                    return try await exportSheet(sheet, format: format, english: request.query("headers") == "en", households: households, r)
                }
                if sheet.personal { try requirePersonal(user, read: households, kind: kind, access: access) }
                var query = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("format=") && !$0.hasPrefix("headers=") }.joined(separator: "&")
                if !query.isEmpty { query += "&" }
                let base = "/review/records/\(kind)?\(query)"
                var view = recordView(RecordDocument(documentType: sheet.documentType, subject: sheet.subject, sheets: [sheet], personal: sheet.personal), r)
                view.period = sheet.period
                view.tables[0].title = nil
                view.exports = ExportLinks(csv: base + "format=csv", xlsx: base + "format=xlsx")
                return Reply.html(services.render(view, "review-record"))
            }
        }
    }

    /// Throws unless the user may read personal data; records the read with the households shown.
    func requirePersonal(_ user: SignedInUser, read households: [String], kind: String, access: AccessContext) throws {
        guard services.policy.allows(.readPersonal, user.assignments, on: services.today) else {
            try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: ["read_personal"], context: access)
            throw WebError.forbidden
        }
        if !households.isEmpty {
            try services.store.recordSecurityEvent("read_personal", entityType: "review_\(kind)", entityIDs: households, context: access)
        }
    }

    func recordView(_ doc: RecordDocument, _ r: RecordRequest) -> RecordView {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let date = doc.date ?? services.today
        let tables = doc.sheets.map { s in
            TableView(title: s.subject, kind: s.kind, headers: s.columns.map(\.header),
                      rows: s.rows.map { RowView(cells: $0.map { CellView(text: $0.printed, number: $0.isNumber) }) }, width: s.columns.count, notes: s.notes)
        }
        return RecordView(
            layout: layout(doc.documentType.capitalized + " — " + doc.subject, r.user), back: r.back, backLabel: r.backLabel, exports: nil, r10Form: r.r10Form,
            landscape: doc.sheets.contains { $0.landscape }, superior: r.letterhead.superior, issuer: r.letterhead.issuer,
            number: doc.number ?? "      ", place: r.letterhead.place, day: two(date.day), month: two(date.month), year: String(date.year),
            type: doc.documentType, subject: doc.subject, period: nil, hasFields: !doc.fields.isEmpty, fields: doc.fields, tables: tables,
            recipients: ["Như trên", "Lưu: VT"], authority: doc.authority.isEmpty ? ["NGƯỜI LẬP"] : doc.authority, signer: doc.signer ?? "")
    }

    /// The list as CSV or XLSX, audited as an export (personal lists need the export right).
    func exportSheet(_ sheet: RecordSheet, format: String, english: Bool, households: [String], _ r: RecordRequest) async throws -> Response {
        if sheet.personal {
            guard services.policy.allows(.exportPersonal, r.user.assignments, on: services.today) else {
                try? services.store.recordSecurityEvent("permission_denied", entityType: "action", entityIDs: ["export_personal"], context: r.access)
                throw WebError.forbidden
            }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("\(sheet.kind).\(format)")
        let headers = sheet.columns.map { english ? $0.key : $0.header }
        let data: Data = try await Offload.run {
            if format == "csv" {
                let w = try CSVWriter(path: file.path, byteOrderMark: true)
                try w.writeRow(headers)
                for row in sheet.rows { try w.writeRow(row.map(\.plain)) }
                try w.commit()
            } else {
                let w = try XLSXWriter(path: file.path)
                try w.beginSheet(named: sheet.subject)
                try w.writeRow(headers)
                for row in sheet.rows {
                    try w.writeRow(row.map { c -> XLSXCell in
                        switch c {
                        case .integer(let n), .money(let n): .integer(n)
                        case .empty: .empty
                        default: .text(c.printed)
                        }
                    })
                }
                try w.beginSheet(named: "Thông tin", header: false)
                for (k, v) in [("Loại văn bản", sheet.documentType), ("Nội dung", sheet.subject), ("Kỳ, đợt", sheet.period ?? ""),
                               ("Đơn vị", r.letterhead.issuer), ("Lập lúc", LocalTime.format(review.now)), ("Người lập", r.access.account),
                               ("Số dòng", String(sheet.rows.count))] + sheet.notes.map({ ("Ghi chú", $0) }) {
                    try w.writeRow([k, v])
                }
                try w.commit()
            }
            return try Data(contentsOf: file)
        }
        try services.store.recordExport(ExportRecord(entityType: "review_\(sheet.kind)",
                                                     description: "\(sheet.subject) — \(sheet.period ?? "") (\(format))", rowCount: sheet.rows.count,
                                                     fileHash: SHA256.hex(data)), context: r.access)
        let type = format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Reply.file(data, contentType: type, fileName: "\(sheet.kind)-\(VietnameseText.formatDate(services.today).replacingOccurrences(of: "/", with: "-")).\(format)")
    }
}
