import Foundation
import Registry
import Review
import Store
import VietnameseText

extension ReviewWorkflow {
    /// The requests of a commune not decided yet (regular-review backlog): registered, not a
    /// withdrawal, not withdrawn by a later entry, and whose household's case in its round is
    /// missing (the batch has not opened) or not terminal.
    public func pendingRequests(commune: String) throws -> [ReviewRequest] {
        let all = try store.requests(communeCode: commune, received: nil)
        let withdrawn = Set(all.compactMap(\.withdraws))
        var dossiers: [String: CommuneDossier] = [:]
        var out: [ReviewRequest] = []
        for r in all where r.type != .withdrawal && !withdrawn.contains(r.id) {
            guard let roundID = r.roundID else { out.append(r); continue }
            if dossiers[roundID] == nil, let round = try? round(roundID) {
                dossiers[roundID] = try store.dossier(round: round, communeCode: commune, communeName: "")
            }
            let state = dossiers[roundID]?.cases[r.householdCode]?.state
            if !(state?.isTerminal ?? false) { out.append(r) }
        }
        return out
    }

    /// R10 (reports.md) of a campaign for `unit`: a province (or the campaign's province) gets a
    /// row per commune, a commune a row per village; the total row carries the unit's own items
    /// (the province plan and report; for a commune its deadlines, alerts and backlog).
    public func campaignProgress(_ campaign: Campaign, unit: String, today: CivilDate) throws -> RecordSheet {
        let settings = try provinceSettings(campaign.provinceCode)
        let round = campaign.round(settings: settings)
        let plans = try store.plans(campaignID: campaign.id)
        let provincePlan = plans.first { $0.level == .province }
        let withDossier = Set(try store.dossierCommunes(roundID: campaign.id))
        let alerts = Dictionary(grouping: try store.alerts(roundID: campaign.id).filter(\.isOpen), by: \.unitCode)
        let communeItems: [DeadlineItem] = [.communePlan, .listDone, .surveyDone, .meetingsDone, .postingDone, .consultSent, .decision]
        let provinceName = (campaign.chain == .threeTier ? catalog.province(code: campaign.provinceCode, in: .legacy) : catalog.province(code: campaign.provinceCode))?.name
            ?? campaign.provinceCode
        func communeRow(_ code: String) throws -> (ProgressRow, CommuneDossier) {
            var d = withDossier.contains(code) ? try store.dossier(round: round, communeCode: code, communeName: communeName(code, chain: campaign.chain))
                : CommuneDossier(round: round, communeCode: code, communeName: communeName(code, chain: campaign.chain))
            d.plan = plans.first { $0.level == .commune && $0.unitCode == code }
            var row = ProgressRow(unitCode: code, unitName: d.communeName)
            row.count(d, today: today)
            for s in d.deadlineStatuses(parentUnitCode: campaign.provinceCode, parentPlan: provincePlan, settings: settings) {
                row.deadlines[s.item] = (s.dueDate, DeadlineProgress.of(s, today: today, warnDays: settings.alertWarnDays))
            }
            row.count(alerts: alerts[code] ?? [])
            for r in try pendingRequests(commune: code) { row.pending(receivedOn: r.receivedOn) }
            return (row, d)
        }
        let period = "Đợt \(campaign.id) (\(VietnameseText.formatDate(campaign.window.start)) – \(VietnameseText.formatDate(campaign.window.end))), chuẩn \(campaign.standardID); số liệu đến ngày \(VietnameseText.formatDate(today))"
        if unit == campaign.provinceCode {
            var rows: [ProgressRow] = []
            var total = ProgressRow(unitCode: campaign.provinceCode, unitName: "Toàn tỉnh \(provinceName)")
            for code in communes(of: campaign) {
                let (row, _) = try communeRow(code)
                rows.append(row)
                total.add(row)
            }
            total.openAlerts = 0
            total.overdueAlerts = 0
            total.count(alerts: alerts[campaign.provinceCode] ?? [])
            let planStatus = DeadlineStatus(roundID: campaign.id, unitCode: campaign.provinceCode, parentUnitCode: nil, item: DeadlineItem.provincePlan.rawValue,
                                            dueDate: settings.dueDate(.provincePlan, year: campaign.year), complete: provincePlan != nil)
            let reportStatus = DeadlineStatus(roundID: campaign.id, unitCode: campaign.provinceCode, parentUnitCode: nil,
                                              item: DeadlineItem.provinceReport.rawValue,
                                              dueDate: provincePlan.map { $0.dueDate(.provinceReport, parent: nil, year: campaign.year, settings: settings) }
                                                  ?? settings.dueDate(.provinceReport, year: campaign.year),
                                              complete: campaign.provinceSummary != nil)
            for s in [planStatus, reportStatus] { total.deadlines[s.item] = (s.dueDate, DeadlineProgress.of(s, today: today, warnDays: settings.alertWarnDays)) }
            let items = ([.provincePlan] + communeItems + [.provinceReport]).map { (key: $0.rawValue, label: $0.vietnamese) }
            return CampaignProgress.sheet(rows: rows, total: total, items: items, subject: "Tiến độ đợt rà soát \(campaign.id) — \(provinceName)",
                                          period: period, unitHeader: "Xã, phường")
        }
        guard communes(of: campaign).contains(unit) else { throw ReviewError.notFound("xã \(unit) trong đợt \(campaign.id)") }
        let (communeTotal, d) = try communeRow(unit)
        var rows: [ProgressRow] = []
        for village in Set(d.cases.values.map(\.village)).sorted() {
            var row = ProgressRow(unitCode: unit, unitName: village)
            row.count(d, today: today, village: village)
            rows.append(row)
        }
        return CampaignProgress.sheet(rows: rows, total: communeTotal, items: communeItems.map { (key: $0.rawValue, label: $0.vietnamese) },
                                      subject: "Tiến độ đợt rà soát \(campaign.id) — \(d.communeName)", period: period, unitHeader: "Thôn")
    }

    /// R10 of a month's regular review for a province (a row per commune) or a commune (a row per
    /// village): households of the month's batches per state, the batch's survey due date and
    /// the monthly report of the month (due on the 5th of the next), alerts, backlog, complaints.
    public func monthProgress(unit: String, year: Int, month: Int, today: CivilDate) throws -> RecordSheet {
        _ = try RegularCalendar.firstDay(year: year, month: month)
        let province = catalog.province(code: unit) != nil
        let communes = province ? catalog.communesOfProvince(unit).map(\.code) : [unit]
        guard province || catalog.commune(code: unit) != nil else { throw ReviewError.notFound("đơn vị \(unit)") }
        let settings = try provinceSettings(province ? unit : catalog.commune(code: unit)?.provinceCode ?? unit)
        let items = [(key: "regular_survey", label: "Rà soát hộ trong đợt tháng"), (key: "monthly_report", label: "Báo cáo tháng")]
        let reports = Dictionary(try store.monthlyReports(unitCodes: Set(communes)).filter { $0.year == year && $0.month == month }.map { ($0.unitCode, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let reportDue = RegularCalendar.reportDue(year: year, month: month, level: .commune, settings: settings)
        var rows: [ProgressRow] = []
        var total = ProgressRow(unitCode: unit, unitName: province ? "Toàn tỉnh \(catalog.province(code: unit)?.name ?? unit)" : communeName(unit, chain: .twoTier))
        for code in communes {
            var row = ProgressRow(unitCode: code, unitName: communeName(code, chain: .twoTier))
            let batches = try store.batches(communeCode: code).filter { $0.year == year && $0.month == month }
            var villageRows: [String: ProgressRow] = [:]
            for b in batches {
                let d = try store.dossier(round: b.round(), communeCode: code, communeName: "")
                row.count(d, today: today)
                let s = DeadlineStatus(roundID: b.id, unitCode: code, parentUnitCode: nil, item: "regular_survey", dueDate: b.surveyDue,
                                       complete: !d.cases.values.contains { $0.state == .listed })
                row.deadlines[s.item] = (s.dueDate, DeadlineProgress.of(s, today: today, warnDays: settings.alertWarnDays))
                row.count(alerts: try store.alerts(roundID: b.id).filter { $0.unitCode == code })
                if !province {
                    for v in Set(d.cases.values.map(\.village)) {
                        var vr = villageRows[v] ?? ProgressRow(unitCode: code, unitName: v)
                        vr.count(d, today: today, village: v)
                        villageRows[v] = vr
                    }
                }
            }
            if let due = reportDue {
                let state = reports[code]?.state
                let s = DeadlineStatus(roundID: "", unitCode: code, parentUnitCode: nil, item: "monthly_report", dueDate: due,
                                       complete: state == .submitted || state == .accepted)
                row.deadlines[s.item] = (s.dueDate, DeadlineProgress.of(s, today: today, warnDays: settings.alertWarnDays))
            }
            for r in try pendingRequests(commune: code) { row.pending(receivedOn: r.receivedOn) }
            if province {
                rows.append(row)
                total.add(row)
            } else {
                rows = villageRows.keys.sorted().map { villageRows[$0]! }
                total = row
            }
        }
        return CampaignProgress.sheet(rows: rows, total: total, items: items,
                                      subject: "Tiến độ rà soát thường xuyên tháng \(month)/\(year) — \(total.unitName.replacingOccurrences(of: "Toàn tỉnh ", with: "tỉnh "))",
                                      period: "Tháng \(month)/\(year); số liệu đến ngày \(VietnameseText.formatDate(today))", unitHeader: province ? "Xã, phường" : "Thôn")
    }
}
