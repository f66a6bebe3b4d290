import Access
import Foundation
import Interchange
import PovertyStandard
import Registry
import Store
import VietnameseText

/// View models of the household pages (dữ liệu hiển thị trang hộ), shaped for the templates.
enum HouseholdViews {
    struct Row {
        var code: String, communeName: String, village: String, head: String, birthYear: String, members: Int
        var className: String, classCode: String
    }

    struct Filter {
        var q: String, village: String, page: Int
        var classOptions: [RecordForm.Option], causeOptions: [RecordForm.Option]
        var emYes: Bool, emNo: Bool, meritYes: Bool, meritNo: Bool
    }

    struct ListView {
        var layout: Layout
        var filter: Filter
        var rows: [Row]
        var hits: [Hit]
        var isSearch: Bool
        var total: String
        var page: Int
        var prevLink: String?, nextLink: String?
        var exportCSV: String, exportXLSX: String
        var canExport: Bool
        var empty: Bool
    }

    struct Hit {
        var code: String, name: String, relation: String, birthYear: Int, nationalID: String, village: String, match: String
    }

    struct Fact { var label: String; var value: String }

    struct MemberRow {
        var no: Int, name: String, relation: String, sex: String, birth: String, nationalID: String
        var ethnicity: String, disability: String, meritorious: String, healthInsurance: String, organisations: String
        var editLink: String?
    }

    struct ClassificationRow { var year: Int; var standard: String; var className: String; var explanation: String }
    /// One standard's live result: its id and name, whether it is the one in force, the class
    /// (with its code for styling) and the explanation sentence.
    struct LiveRow {
        var standard: String, standardName: String, inForce: Bool
        var className: String, classCode: String, explanation: String
    }
    struct StatusRow { var date: String; var className: String; var standard: String; var source: String; var decision: String }
    struct OutcomeRow { var year: Int; var from: String; var to: String; var flow: String }
    struct AuditRow { var at: String; var account: String; var role: String; var action: String; var entity: String }

    /// The page's audit section (nhật ký của hộ): changes, the latest reads and their count, and
    /// the link to the rest (``HouseholdService/AuditSection``).
    struct AuditView {
        var changes: [AuditRow]
        /// Whether only the latest changes are shown.
        var changesCapped: Bool
        var reads: [AuditRow]
        var readCount: String
        /// Whether there were more reads than those shown.
        var readsCapped: Bool
        var link: String, linkText: String
        var hasChanges: Bool { !changes.isEmpty }
        var hasReads: Bool { !reads.isEmpty }
        var readsShown: Int { reads.count }
    }

    struct PageView {
        var layout: Layout
        var code: String, communeName: String, village: String, version: Int
        var currentClass: String
        var facts: [Fact]
        var members: [MemberRow]
        var showSensitive: Bool, showNationalID: Bool
        var deprived: [String], notDeprived: [String]
        var classifications: [ClassificationRow]
        var liveYear: Int
        var live: [LiveRow]
        var statuses: [StatusRow]
        var outcomes: [OutcomeRow]
        var hasOutcomes = false
        var audit: AuditView?
        var canEdit: Bool
        var saved: Bool
    }

    static func communeName(_ code: String, _ catalog: AdminUnitCatalog) -> String {
        if let c = catalog.commune(code: code) { return c.name }
        if let c = catalog.commune(code: code, in: .legacy) { return c.name + " (cũ)" }
        return code
    }

    static func page(_ d: HouseholdService.Detail, layout: Layout, catalog: AdminUnitCatalog, today: CivilDate, saved: Bool) -> PageView {
        let h = d.stored.household
        let history = StatusHistory(d.statuses)
        var facts: [Fact] = []
        let skip: Set<String> = ["household_code", "commune_code", "village", "recognised_class", "recognised_year"]
        for f in h.recordFields where !skip.contains(f.name) && !f.name.hasPrefix("deprived_") {
            guard let v = f.value, !v.isEmpty else { continue }
            let label = HouseholdColumn(header: f.name)?.vietnameseHeaders.first ?? f.name
            facts.append(Fact(label: label, value: display(field: f.name, value: v)))
        }
        let v = d.visibility
        let members = d.stored.members.map { m in
            MemberRow(no: m.memberNo, name: v.names ? m.fullName : "—", relation: m.relation.vietnamese, sex: m.sex.vietnamese,
                      birth: v.birthDates ? (m.birth.date.map(VietnameseText.formatDate) ?? String(m.birth.year)) : String(m.birth.year),
                      nationalID: v.fullNationalID ? (m.nationalID ?? "") : (v.names ? (SearchHit.mask(m.nationalID) ?? "") : ""),
                      ethnicity: v.sensitive ? (m.ethnicity?.name ?? "") : "",
                      disability: v.sensitive ? (m.disability.map(disabilityName) ?? "") : "",
                      meritorious: v.sensitive ? (m.meritorious == true ? "Có" : "") : "",
                      healthInsurance: v.sensitive ? (m.healthInsurance.map { $0 ? "Có" : "Không" } ?? "") : "",
                      organisations: m.massOrganisations.map(\.vietnamese).joined(separator: ", "),
                      editLink: d.canEdit ? "/households/\(urlPath(h.householdCode))/members/\(m.memberNo)/edit" : nil)
        }
        var deprived: [String] = [], notDeprived: [String] = []
        for id in IndicatorID.allCases {
            guard let answer = h.survey[id] else { continue }
            let name = id.vietnameseNames.first ?? id.rawValue
            if answer { deprived.append(name) } else { notDeprived.append(name) }
        }
        return PageView(
            layout: layout, code: h.householdCode, communeName: communeName(h.communeCode, catalog), village: h.village,
            version: d.stored.version, currentClass: history.recognisedClass(on: today).povertyClass.vietnamese, facts: facts, members: members,
            showSensitive: v.sensitive, showNationalID: v.names, deprived: deprived, notDeprived: notDeprived,
            classifications: d.classifications.map {
                ClassificationRow(year: $0.year, standard: $0.standardID, className: $0.povertyClass.vietnamese, explanation: $0.explanation)
            },
            liveYear: d.live.first?.year ?? today.year,
            live: d.live.map {
                LiveRow(standard: $0.standard.id, standardName: $0.standard.name, inForce: $0.inForce,
                        className: $0.classification.povertyClass.vietnamese, classCode: $0.classification.povertyClass.rawValue,
                        explanation: $0.explanation)
            },
            statuses: d.statuses.reversed().map {
                StatusRow(date: VietnameseText.formatDate($0.effectiveDate), className: $0.recognisedClass.povertyClass.vietnamese,
                          standard: $0.standardID ?? "", source: $0.source.rawValue, decision: $0.decision ?? "")
            },
            outcomes: d.outcomes.map {
                OutcomeRow(year: $0.year, from: $0.classAtStart.povertyClass.vietnamese, to: $0.classAtEnd.povertyClass.vietnamese, flow: $0.flow.vietnameseName)
            },
            hasOutcomes: !d.outcomes.isEmpty,
            audit: auditView(d), canEdit: d.canEdit, saved: saved)
    }

    static func auditView(_ d: HouseholdService.Detail) -> AuditView? {
        guard let trail = d.audit, let section = d.auditSection else { return nil }
        let code = d.stored.household.householdCode
        let row = { (e: AuditEntry) in
            AuditRow(at: timestamp(e.at), account: e.account, role: e.role ?? "", action: actionName(e.action.rawValue), entity: entityName(e))
        }
        let link: (String, String) = switch section {
        case .log: ("/audit?household=" + FormEncoding.escape(code), "Xem toàn bộ nhật ký")
        case .reads: ("/households/\(urlPath(code))/reads", "Xem và in danh sách người đã xem thông tin cá nhân")
        }
        return AuditView(changes: trail.changes.map(row), changesCapped: trail.changes.count >= HouseholdService.AuditSection.limits.changes,
                         reads: trail.reads.map(row), readCount: formatInt(trail.readCount), readsCapped: trail.readCount > trail.reads.count,
                         link: link.0, linkText: link.1)
    }

    /// What an entry names, as officials say it: the household's page, a list or a search showing
    /// it, its history, a member (`H01#3` → "Thành viên 3").
    static func entityName(_ e: AuditEntry) -> String {
        switch e.entityType {
        case "household": "Hộ"
        case "household_list": "Danh sách hộ"
        case "search": "Tìm kiếm"
        case "household_history": "Lịch sử hộ"
        case "review_list": "Danh sách rà soát"
        case "member":
            e.entityIDs.first.flatMap { id in id.lastIndex(of: "#").map { "Thành viên " + id[id.index(after: $0)...] } } ?? "Thành viên"
        default: e.entityType
        }
    }

    static func display(field: String, value: String) -> String {
        if RecordForm.boolFields.contains(field) { return RecordForm.normaliseBool(value) == "yes" ? "Có" : "Không" }
        if let choice = RecordForm.choiceOptions[field]?.first(where: { $0.0 == value }) { return choice.1 }
        if field == "monthly_income_per_capita", let n = Int(value) { return VietnameseText.formatVNDWithUnit(n) }
        if field == "poverty_causes" {
            return value.split(separator: ";").map { PovertyCause(rawValue: String($0))?.vietnamese ?? String($0) }.joined(separator: "; ")
        }
        return value
    }

    static func disabilityName(_ d: Disability) -> String {
        switch d {
        case .none: "Không"
        case .mild: "Nhẹ"
        case .severe: "Nặng"
        case .particularlySevere: "Đặc biệt nặng"
        }
    }

    static func actionName(_ a: String) -> String {
        switch a {
        case "read_personal": "Xem thông tin cá nhân"
        case "update": "Sửa"
        case "create": "Tạo"
        case "export": "Xuất dữ liệu"
        case "transition": "Chuyển trạng thái"
        case "permission_denied": "Bị từ chối"
        case "delete": "Xóa (mềm)"
        case "sign": "Ký"
        case "login": "Đăng nhập"
        case "login_failed": "Đăng nhập sai"
        case "logout": "Đăng xuất"
        case "grant": "Cấp quyền"
        case "revoke": "Thu hồi quyền"
        case "setting_change": "Đổi cấu hình"
        default: a
        }
    }

    static func timestamp(_ date: Date) -> String {
        let local = date.addingTimeInterval(7 * 3600)
        let day = CivilDate(local, secondsFromGMT: 0)
        let seconds = Int(local.timeIntervalSince1970) % 86_400
        let hh = seconds / 3600, mm = seconds / 60 % 60
        return VietnameseText.formatDate(day) + " " + (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
    }

    static func urlPath(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }

    static func formatInt(_ n: Int) -> String { VietnameseText.formatVND(n) }
}
