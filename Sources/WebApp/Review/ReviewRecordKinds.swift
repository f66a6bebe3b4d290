import Access
import Foundation
import Hummingbird
import PovertyStandard
import Registry
import Review
import ReviewWorkflow
import Store
import VietnameseText

/// Which records `/review/records/{kind}` shows, and to whom (see ``ReviewPages/registerRecordPages(_:)``).
extension ReviewPages {
    /// Kinds kept per unit rather than per dossier.
    static let unitKinds: [(kind: String, label: String)] = [
        ("r10", "Tiến độ đợt rà soát (R10)"), ("campaigns", "Các đợt rà soát định kỳ"), ("plans", "Kế hoạch rà soát"),
        ("batches", "Các đợt rà soát thường xuyên"), ("requests", "Giấy đề nghị (Mẫu 01) của xã"), ("monthly-reports", "Báo cáo tháng (R5)"),
        ("alerts", "Cảnh báo thời hạn"), ("transitions", "Biến động hộ nghèo, cận nghèo"), ("status-records", "Bản ghi trạng thái hộ"),
        ("special-status", "Trạng thái hộ có mức sống trung bình, người lao động thu nhập thấp"),
        ("year-outcomes", "Kết quả năm của từng hộ"), ("holidays", "Lịch nghỉ lễ, Tết"),
    ]

    func mine(_ user: SignedInUser) -> [ReviewActor] { actors(user) }

    /// The unit a user's reports default to: its province (PRV, AUD) or its commune.
    func defaultUnit(_ user: SignedInUser) -> String? {
        let a = mine(user)
        return (a.first { $0.role == .province || $0.role == .auditor } ?? a.first { [.commune, .communeLeader, .village].contains($0.role) })?.unitCode
    }

    /// Throws unless the user covers `unit` (a province it is PRV or AUD of, or a commune).
    func requireUnit(_ user: SignedInUser, _ unit: String) throws {
        if services.catalog.province(code: unit) != nil {
            guard mine(user).contains(where: { ($0.role == .province || $0.role == .auditor) && $0.unitCode == unit }) else {
                throw WebError(status: .notFound, code: "review.not_found", message: "Không tìm thấy số liệu của tỉnh \(unit)")
            }
        } else {
            try review.requireCovers(user, commune: unit)
        }
    }

    func provinceOf(_ unit: String) -> String {
        services.catalog.province(code: unit) != nil ? unit : services.catalog.commune(code: unit)?.provinceCode ?? unit
    }

    /// The household a record of a dossier is about.
    func recordHousehold(_ d: CommuneDossier, _ kind: DossierRecordKind, _ id: String) -> String? {
        switch kind {
        case .surveys: d.surveys[id]?.householdCode
        case .quickIDs: d.quickIDs[id]?.householdCode
        case .complaints: d.complaints[id]?.householdCode
        case .rechecks: d.rechecks[id]?.householdCode
        case .requests: d.requests[id]?.householdCode
        case .avgAgri: d.avgAgri[id]?.householdCode
        case .lowIncome: d.lowIncome[id]?.householdCode
        case .cases: d.cases[id]?.householdCode
        case .meetings, .postings, .consultations, .decisions: nil
        }
    }

    static let villageListRefusal = WebError(status: .forbidden, code: "review.records.village_list",
                                             message: "Trưởng thôn in từng phiếu của thôn mình; danh sách có họ tên do cán bộ xã in, xuất")

    func produce(_ kind: String, _ r: inout RecordRequest) throws -> Produced {
        let q = r.query, user = r.user
        if let dk = DossierRecordKind(rawValue: kind), let roundID = q("round"), let commune = q("commune") {
            return try produceDossier(dk, roundID: roundID, commune: commune, &r)
        }
        let today = services.today
        switch kind {
        case "r10":
            return try produceProgress(&r)
        case "campaigns":
            let provinces = Set(mine(user).compactMap { a -> String? in
                a.role == .province || a.role == .auditor ? a.unitCode : services.catalog.commune(code: a.unitCode)?.provinceCode
            })
            let province = provinces.sorted().first ?? ""
            r.letterhead = letterhead(province: province, commune: nil, chain: .twoTier)
            return .sheet(ReviewSheets.campaigns(try services.store.campaigns(provinceCode: nil).filter { provinces.contains($0.provinceCode) }), households: [])
        case "plans":
            guard let id = q("round"), let c = try services.store.campaign(id: id) else { throw WebError.badRequest("parameter.round", "Cần mã đợt rà soát định kỳ (round)", field: "round") }
            guard mine(user).contains(where: { $0.role != .organisation && ($0.unitCode == c.provinceCode || services.catalog.commune(code: $0.unitCode)?.provinceCode == c.provinceCode) }) else {
                throw WebError.forbidden
            }
            let plans = try services.store.plans(campaignID: id)
            r.back = "/review/campaigns/\(id)"
            r.backLabel = "Đợt \(id)"
            if let key = q("id") {
                guard let p = plans.first(where: { "\($0.level.rawValue):\($0.unitCode)" == key }) else { throw ReviewError.notFound("kế hoạch \(key)") }
                r.letterhead = letterhead(province: c.provinceCode, commune: p.level == .commune ? p.unitCode : nil, chain: c.chain)
                if p.level != .commune { r.letterhead.issuer = "ỦY BAN NHÂN DÂN " + r.letterhead.superior.replacingOccurrences(of: "UBND ", with: "") }
                let unitName = p.level == .commune ? review.workflow.communeName(p.unitCode, chain: c.chain) : r.letterhead.place
                return .document(ReviewSheets.planDocument(p, campaign: c, parent: p.level == .province ? nil : plans.first { $0.level == .province },
                                                           unitName: unitName, settings: try review.workflow.provinceSettings(c.provinceCode)), households: [])
            }
            r.letterhead = letterhead(province: c.provinceCode, commune: nil, chain: c.chain)
            return .sheet(ReviewSheets.plans(plans, campaign: c, settings: try review.workflow.provinceSettings(c.provinceCode)), households: [])
        case "batches", "requests", "transitions", "status-records", "special-status":
            guard let commune = q("commune") ?? defaultUnit(user).flatMap({ services.catalog.commune(code: $0) != nil ? $0 : nil }) else {
                throw WebError.badRequest("parameter.commune", "Cần mã xã (commune)", field: "commune")
            }
            try review.requireCovers(user, commune: commune)
            if review.villageFilter(user) != nil && kind != "batches" { throw Self.villageListRefusal }
            r.letterhead = letterhead(province: provinceOf(commune), commune: commune, chain: .twoTier)
            return try produceCommune(kind, commune: commune, year: q("year").flatMap { Int($0) }, &r)
        case "monthly-reports":
            let unit = q("unit") ?? defaultUnit(user) ?? ""
            try requireUnit(user, unit)
            let units: Set<String> = services.catalog.province(code: unit) != nil ? Set(services.catalog.communesOfProvince(unit).map(\.code) + [unit]) : [unit]
            let reports = try services.store.monthlyReports(unitCodes: units)
            if let id = q("id") {
                guard let rep = reports.first(where: { $0.id == id }) else { throw ReviewError.notFound("báo cáo \(id)") }
                r.letterhead = letterhead(province: provinceOf(rep.unitCode), commune: rep.level == .commune ? rep.unitCode : nil, chain: rep.chain)
                return .document(ReviewSheets.monthlyReportDocument(rep, unitName: review.workflow.communeName(rep.unitCode, chain: rep.chain)), households: [])
            }
            r.letterhead = letterhead(province: provinceOf(unit), commune: services.catalog.province(code: unit) == nil ? unit : nil, chain: .twoTier)
            return .sheet(ReviewSheets.monthlyReports(reports), households: [])
        case "alerts":
            let units = Set(user.assignments.filter { $0.isValid(on: today) }.map(\.unitCode))
            r.letterhead = letterhead(province: provinceOf(defaultUnit(user) ?? ""), commune: nil, chain: .twoTier)
            return .sheet(ReviewSheets.alerts(try services.store.alerts(unitCodes: units, openOnly: q("all") != "true")), households: [])
        case "year-outcomes":
            let unit = q("unit") ?? defaultUnit(user) ?? ""
            try requireUnit(user, unit)
            let year = q("year").flatMap { Int($0) } ?? today.year - 1
            var codes = Set<String>()
            let communes = services.catalog.province(code: unit) != nil ? services.catalog.communesOfProvince(unit).map(\.code) : [unit]
            for c in communes { codes.formUnion(review.workflow.recordedCodes(c)) }
            r.letterhead = letterhead(province: provinceOf(unit), commune: services.catalog.province(code: unit) == nil ? unit : nil, chain: .twoTier)
            return .sheet(ReviewSheets.yearOutcomes(try services.store.yearOutcomes(year: year, communeCodes: codes), year: year), households: [])
        case "certificates":
            guard let roundID = q("round"), let commune = q("commune") else {
                throw WebError.badRequest("parameter.round", "Cần mã đợt (round) và mã xã (commune)", field: "round")
            }
            let round = try review.workflow.round(roundID)
            try review.requireCovers(user, commune: commune, chain: round.chain)
            if review.villageFilter(user) != nil { throw Self.villageListRefusal }
            let d = try review.workflow.dossier(round: roundID, commune: commune)
            var list: [Certificate] = []
            for code in d.cases.values.filter({ $0.decisionID != nil }).map(\.householdCode).sorted() {
                list += try services.store.certificates(householdCode: code).filter { $0.communeCode == commune }
            }
            r.letterhead = letterhead(province: round.provinceCode, commune: commune, chain: round.chain)
            r.back = "/review/rounds/\(roundID)/communes/\(commune)"
            r.backLabel = "Hồ sơ của xã"
            var s = ReviewSheets.certificates(list)
            s.period = "Đợt \(roundID) — \(d.communeName)"
            return .sheet(s, households: list.map(\.householdCode))
        case "holidays":
            r.letterhead = letterhead(province: provinceOf(defaultUnit(user) ?? ""), commune: nil, chain: .twoTier)
            return .sheet(ReviewSheets.holidays(try services.store.holidayCalendar()), households: [])
        default:
            throw WebError(status: .notFound, code: "review.records.unknown", message: "Không có loại hồ sơ \(kind) (hoặc thiếu đợt và xã)")
        }
    }

    func produceDossier(_ dk: DossierRecordKind, roundID: String, commune: String, _ r: inout RecordRequest) throws -> Produced {
        let user = r.user
        let round = try review.workflow.round(roundID)
        try review.requireCovers(user, commune: commune, chain: round.chain)
        let d = try review.workflow.dossier(round: roundID, commune: commune)
        let base = "/review/rounds/\(roundID)/communes/\(commune)"
        r.letterhead = letterhead(province: round.provinceCode, commune: commune, chain: round.chain)
        r.back = base
        r.backLabel = "Hồ sơ của xã"
        let villages = review.villageFilter(user)
        if let id = r.query("id") {
            switch dk {
            case .postings, .consultations, .decisions: return .redirect("\(base)/documents/\(id)")
            default: break
            }
            guard let household = recordHousehold(d, dk, id) ?? (dk == .meetings && d.meetings[id] != nil ? "" : nil) else {
                throw ReviewError.notFound("hồ sơ \(id)")
            }
            if let villages {
                let village = dk == .meetings ? d.meetings[id]!.village : d.cases[household]?.village ?? ""
                guard villages.contains(ReviewActor.villageKey(village)) else { throw ReviewError.notFound("hồ sơ \(id)") }
            }
            let codes = dk == .meetings ? d.meetings[id]!.outcomes.map(\.householdCode) : [household]
            let names = try sheetNames(codes, commune: commune, members: dk == .lowIncome)
            let env = try review.workflow.environment()
            let standard = try env.engine(round.standardID).standard
            guard let doc = d.document(dk, id: id, names: names, indicatorNames: Dictionary(standard.indicators.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                                       table: env.scoringTable(d.surveys[id]?.scoringTableID), criteria: env.settings.quickIDCriteria) else {
                throw ReviewError.notFound("hồ sơ \(id)")
            }
            return .document(doc, households: codes)
        }
        let probe = d.sheet(dk, names: SheetNames())
        guard probe.personal else { return .sheet(probe, households: []) }
        if villages != nil { throw Self.villageListRefusal }
        let codes = d.householdCodes(dk)
        return .sheet(d.sheet(dk, names: try sheetNames(codes, commune: commune, members: dk == .lowIncome)), households: codes)
    }

    func produceCommune(_ kind: String, commune: String, year: Int?, _ r: inout RecordRequest) throws -> Produced {
        switch kind {
        case "batches":
            return .sheet(ReviewSheets.batches(try services.store.batches(communeCode: commune)), households: [])
        case "requests":
            let requests = try services.store.requests(communeCode: commune, received: nil)
            if let id = r.query("id") {
                guard let req = requests.first(where: { $0.id == id }) else { throw ReviewError.notFound("giấy đề nghị \(id)") }
                return .document(CommuneDossier.requestDocument(req, names: try sheetNames([req.householdCode], commune: commune)), households: [req.householdCode])
            }
            let codes = Array(Set(requests.map(\.householdCode))).sorted()
            var s = CommuneDossier.requestsSheet(requests, names: try sheetNames(codes, commune: commune),
                                                 subject: "Giấy đề nghị rà soát (Mẫu số 01) của \(review.workflow.communeName(commune, chain: .twoTier))")
            s.period = "Tất cả giấy đề nghị đã tiếp nhận"
            return .sheet(s, households: codes)
        case "transitions":
            let y = year ?? services.today.year
            let list = try services.store.transitions(communeCodes: [commune], after: CivilDate(year: y - 1, month: 12, day: 31),
                                                      through: CivilDate(year: y, month: 12, day: 31))
            let codes = Array(Set(list.map(\.householdCode))).sorted()
            var s = ReviewSheets.transitions(list, names: try sheetNames(codes, commune: commune))
            s.period = "Năm \(y) — \(review.workflow.communeName(commune, chain: .twoTier))"
            return .sheet(s, households: codes)
        case "status-records":
            var records: [StatusRecord] = []
            var codes: [String] = []
            var heads: [String: String] = [:]
            try services.store.forEachHousehold(in: HouseholdSelection(communeCodes: review.workflow.recordedCodes(commune))) { h in
                codes.append(h.household.householdCode)
                heads[h.household.householdCode] = h.members.first { $0.relation == .head }?.fullName ?? ""
            }
            for code in codes {
                records += try services.store.statusRecords(householdCode: code).filter { year == nil || $0.effectiveDate.year == year }
            }
            records.sort { ($0.householdCode, $0.effectiveDate) < ($1.householdCode, $1.effectiveDate) }
            let shown = Array(Set(records.map(\.householdCode))).sorted()
            var s = ReviewSheets.statusRecords(records, names: SheetNames(heads: heads.filter { shown.contains($0.key) }))
            s.period = (year.map { "Năm \($0)" } ?? "Toàn bộ lịch sử") + " — \(review.workflow.communeName(commune, chain: .twoTier))"
            return .sheet(s, households: shown)
        case "special-status":
            let list = try services.store.specialStatuses(communeCode: commune)
            let codes = Array(Set(list.map(\.householdCode))).sorted()
            var s = ReviewSheets.specialStatuses(list, names: try sheetNames(codes, commune: commune, members: true))
            s.period = review.workflow.communeName(commune, chain: .twoTier)
            return .sheet(s, households: codes)
        default:
            throw WebError.notFound
        }
    }

    func produceProgress(_ r: inout RecordRequest) throws -> Produced {
        let user = r.user, today = services.today
        guard let unit = r.query("unit").flatMap({ $0.isEmpty ? nil : $0 }) ?? defaultUnit(user) else { throw WebError.forbidden }
        try requireUnit(user, unit)
        let province = provinceOf(unit)
        let campaigns = try services.store.campaigns(provinceCode: province).filter { !$0.imported }
        let roundID = r.query("round").flatMap { $0.isEmpty ? nil : $0 }
        let month = r.query("month").flatMap { Int($0) }
        let year = r.query("year").flatMap { Int($0) } ?? today.year
        let chosen = roundID ?? (month == nil ? campaigns.first?.id : nil)
        r.r10Form = R10Form(rounds: campaigns.map { RoundOption(value: $0.id, label: "\($0.id) — \($0.state.vietnamese)", selected: $0.id == chosen) },
                            month: month.map(String.init) ?? "", year: String(year), unit: unit)
        r.letterhead = letterhead(province: province, commune: services.catalog.province(code: unit) == nil ? unit : nil, chain: .twoTier)
        if let chosen {
            guard let c = campaigns.first(where: { $0.id == chosen }) else { throw ReviewError.notFound("đợt rà soát \(chosen)") }
            r.back = "/review/campaigns/\(c.id)"
            r.backLabel = "Đợt \(c.id)"
            return .sheet(try review.workflow.campaignProgress(c, unit: unit, today: today), households: [])
        }
        return .sheet(try review.workflow.monthProgress(unit: unit, year: year, month: month ?? today.month, today: today), households: [])
    }

    struct RecordLink { var label: String, print: String, csv: String?, xlsx: String? }
    struct RecordIndexView { var layout: Layout; var title: String; var back: String; var groups: [RecordGroup] }
    struct RecordGroup { var title: String; var links: [RecordLink] }

    /// The index of what can be printed and exported: a dossier's records, or the unit's.
    func recordIndex(_ user: SignedInUser, request: Request) throws -> RecordIndexView {
        func link(_ label: String, _ path: String, export: Bool = true) -> RecordLink {
            let sep = path.contains("?") ? "&" : "?"
            return RecordLink(label: label, print: path, csv: export ? path + sep + "format=csv" : nil, xlsx: export ? path + sep + "format=xlsx" : nil)
        }
        var groups: [RecordGroup] = []
        var back = "/review"
        var title = "In, xuất hồ sơ rà soát"
        if let roundID = request.query("round"), let commune = request.query("commune") {
            let round = try review.workflow.round(roundID)
            try review.requireCovers(user, commune: commune, chain: round.chain)
            let q = "round=\(roundID)&commune=\(commune)"
            var links = DossierRecordKind.allCases.filter { round.kind == .regular || ($0 != .avgAgri && $0 != .lowIncome) }
                .map { link($0.vietnamese, "/review/records/\($0.rawValue)?\(q)") }
            links.append(link("Giấy chứng nhận hộ nghèo, hộ cận nghèo (bản in)", "/review/rounds/\(roundID)/communes/\(commune)/certificates", export: false))
            links.append(link("Giấy chứng nhận (danh sách)", "/review/records/certificates?\(q)"))
            if round.kind == .periodic {
                links.append(link("Tiến độ đợt rà soát của xã (R10)", "/review/records/r10?round=\(roundID)&unit=\(commune)"))
                links.append(link("Kế hoạch của đợt", "/review/records/plans?round=\(roundID)"))
            } else {
                links.append(link("Tiến độ rà soát thường xuyên tháng (R10)", "/review/records/r10?unit=\(commune)&year=\(round.year)&month=\(round.start.month)"))
            }
            groups.append(RecordGroup(title: "Hồ sơ của đợt \(roundID) — \(review.workflow.communeName(commune, chain: round.chain))", links: links))
            back = "/review/rounds/\(roundID)/communes/\(commune)"
            title = "In, xuất hồ sơ của xã trong đợt \(roundID)"
        }
        if let unit = defaultUnit(user) {
            let isCommune = services.catalog.commune(code: unit) != nil
            var links: [RecordLink] = []
            for (kind, label) in Self.unitKinds {
                let communeOnly = ["batches", "requests", "transitions", "status-records", "special-status"].contains(kind)
                if communeOnly && !isCommune { continue }
                let path: String = switch kind {
                case "plans": (try services.store.campaigns(provinceCode: provinceOf(unit)).first).map { "/review/records/plans?round=\($0.id)" } ?? ""
                case "year-outcomes": "/review/records/year-outcomes?unit=\(unit)&year=\(services.today.year - 1)"
                case "r10", "monthly-reports": "/review/records/\(kind)?unit=\(unit)"
                default: communeOnly ? "/review/records/\(kind)?commune=\(unit)" : "/review/records/\(kind)"
                }
                if !path.isEmpty { links.append(link(label, path)) }
            }
            groups.append(RecordGroup(title: "Hồ sơ, báo cáo của đơn vị \(isCommune ? review.workflow.communeName(unit, chain: .twoTier) : provinceOf(unit))", links: links))
        }
        return RecordIndexView(layout: layout(title, user), title: title, back: back, groups: groups)
    }
}
