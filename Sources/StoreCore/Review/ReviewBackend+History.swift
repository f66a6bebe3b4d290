import Foundation
import PovertyStandard
import Registry
import Review
import Store
import VietnameseText

extension ReviewBackend {
    /// Loads decisions of past years all or nothing (issue 6 item 8). Per row: a status record
    /// (source `import`, with the decision number and the campaign or batch id) unless the same
    /// class is already recorded for that household and date, and the transition from the class
    /// the household held the day before. Imported campaigns `RS-{province}-{year}` and batches
    /// `RT-{commune}-{yyyy}-{MM}` are created closed with `imported` = true (review.md §3.1: their
    /// step records are optional); the chain follows the date as always.
    ///
    /// The registry import's `recognised_class` (one class per household, effective 14/12) stays
    /// as it is: this file carries what it cannot — several years, decision numbers and the unit
    /// codes of the three-tier period.
    public func importDecisionHistory(_ rows: [DecisionHistoryRow], context: AccessContext) throws -> DecisionHistorySummary {
        let catalog = try unitCatalog()
        let settings = ReviewSettings.standard
        return try reviewWrite { db in
            var problems: [String] = []
            var ids: [String: Int64] = [:]
            for r in rows where ids[r.householdCode] == nil {
                if let id = try db.householdID(code: r.householdCode) {
                    ids[r.householdCode] = id
                } else {
                    problems.append("dòng \(r.row): không có hộ \(r.householdCode) trong sổ hộ [household_code.unknown]")
                }
            }
            func province(of r: DecisionHistoryRow, on day: CivilDate) -> String? {
                let legacy = day < settings.twoTierFrom
                return legacy ? catalog.list(.legacy).commune(code: r.communeCode)?.provinceCode
                    : catalog.commune(code: r.communeCode)?.provinceCode
            }
            for r in rows {
                let day = r.effectiveDate
                if day.year != r.year { problems.append("dòng \(r.row): ngày quyết định \(VietnameseText.formatDate(day)) không thuộc năm \(r.year) [decision_date.year]") }
                if province(of: r, on: day) == nil {
                    problems.append("dòng \(r.row): mã xã \(r.communeCode) không có trong danh mục \(day < settings.twoTierFrom ? "trước" : "từ") 01/07/2025 [commune_code.unknown]")
                }
            }
            guard problems.isEmpty else {
                throw StoreError.constraint(code: "history.invalid", message: "Tệp lịch sử quyết định có \(problems.count) lỗi; chưa ghi gì: " + problems.joined(separator: "; "))
            }
            var summary = DecisionHistorySummary(statusRecords: 0, transitions: 0, unchanged: 0, campaignsCreated: [])
            let now = Date()
            let byHousehold = Dictionary(grouping: rows, by: \.householdCode)
            for code in byHousehold.keys.sorted() {
                let id = ids[code]!
                var records = try db.statusRecords(householdID: id, code: code)
                for r in byHousehold[code]!.sorted(by: { ($0.effectiveDate, $0.row) < ($1.effectiveDate, $1.row) }) {
                    let day = r.effectiveDate
                    let roundID = try ensureImportedRound(db, r, day: day, province: province(of: r, on: day)!, summary: &summary, context: context)
                    if records.contains(where: { $0.effectiveDate == day && $0.recognisedClass == r.recognisedClass }) {
                        summary.unchanged += 1
                        continue
                    }
                    let history = StatusHistory(records)
                    let before = history.record(on: day.adding(days: -1))
                    let everPoor = records.contains { $0.recognisedClass == .poor && $0.effectiveDate < day }
                    let status = StatusRecord(householdCode: code, effectiveDate: day, recognisedClass: r.recognisedClass, standardID: r.standardID,
                                              source: .imported, decision: r.decisionNumber, campaign: roundID, recordedAt: now, recordedBy: context.account)
                    try ReviewRows.appendStatus(db, status)
                    records.append(status)
                    summary.statusRecords += 1
                    try ReviewRows.appendTransition(db, TransitionRecord(
                        householdCode: code, communeCode: r.communeCode, village: nil, roundID: roundID, source: .imported,
                        decisionNumber: r.decisionNumber, decisionDate: r.decisionDate, effectiveDate: day,
                        from: before?.recognisedClass ?? .notPoor, to: r.recognisedClass, standardFrom: before?.standardID,
                        standardTo: r.standardID, everPoor: everPoor))
                    summary.transitions += 1
                }
            }
            try db.audit(context, .create, "decision_history", summary.campaignsCreated,
                      after: ReviewJSON.summary(["status_records": String(summary.statusRecords), "rows": String(rows.count)]))
            return summary
        }
    }

    /// The imported campaign (periodic) or batch (regular) of a history row, created closed when missing.
    private func ensureImportedRound(_ db: any ReviewDatabase, _ r: DecisionHistoryRow, day: CivilDate, province: String,
                                     summary: inout DecisionHistorySummary, context: AccessContext) throws -> String {
        switch r.source {
        case .periodic, .imported, .correction:
            let id = Campaign.id(provinceCode: province, year: r.year)
            if try ReviewRows.campaign(db, id: id) == nil {
                var c = try Campaign.create(provinceCode: province, year: r.year, by: .system, at: Date(), imported: true)
                c.createdBy = context.account
                try ReviewRows.writeCampaign(db, c, insert: true)
                summary.campaignsCreated.append(id)
            }
            return id
        case .regular:
            let id = MonthlyBatch.id(communeCode: r.communeCode, year: day.year, month: day.month)
            if try ReviewRows.batch(db, id: id) == nil {
                let b = try MonthlyBatch.open(communeCode: r.communeCode, provinceCode: province, year: day.year, month: day.month, by: .system,
                                              at: Date(), environment: ReviewEnvironment(calendar: WorkingDayCalendar(holidays: .vietnam)), imported: true)
                try ReviewRows.insertBatch(db, b)
                summary.campaignsCreated.append(id)
            }
            return id
        }
    }
}
