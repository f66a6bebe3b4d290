import Access
import Foundation
import Registry
import Store
import VietnameseText

/// The dashboard's figures (số liệu tổng quan) for a user's scope: totals, poor and near-poor
/// households with their rates (reports.md §0.2: rate = count ÷ T × 100, T = households of the
/// unit), today and on the same day a year earlier, per child unit: country → province →
/// commune → village. Legacy communes count under their default 2025 commune (review.md §6.4).
struct DashboardService: Sendable {
    let services: WebServices

    struct Figures: Sendable, Codable, Hashable {
        var households = 0, persons = 0, poor = 0, nearPoor = 0
        mutating func add(_ t: ClassTally) {
            households += t.households
            persons += t.persons
            poor += t.poor
            nearPoor += t.nearPoor
        }
        var poorRate: Double? { households == 0 ? nil : Double(poor) / Double(households) }
        var nearPoorRate: Double? { households == 0 ? nil : Double(nearPoor) / Double(households) }
    }

    struct UnitRow: Sendable {
        var code: String?, name: String
        var now: Figures, last: Figures
    }

    struct Dashboard: Sendable {
        var unitCode: String?, unitName: String
        /// Level of the rows: `province`, `commune` or `village`.
        var childLevel: String
        var year: Int, asOf: CivilDate, lastYearEnd: CivilDate
        var total: Figures, totalLast: Figures
        var rows: [UnitRow]
        var warnings: [String]
    }

    /// The two days every dashboard compares: today, and the same day a year earlier — classes
    /// are recognised on 14/12, so comparing with 31/12 of last year would compare the latest
    /// review with itself for most of the year. (29/02 compares with 28/02.)
    static func comparisonDays(today: CivilDate) -> (today: CivilDate, lastYear: CivilDate) {
        (today, CivilDate.validated(year: today.year - 1, month: today.month, day: today.day)
            ?? CivilDate(year: today.year - 1, month: today.month, day: 28))
    }

    func dashboard(_ user: SignedInUser, unit: String?, access: AccessContext) throws -> Dashboard {
        let today = services.today
        guard services.policy.allows(.viewAggregates, user.assignments, on: today) else { throw WebError.forbidden }
        let scope = services.policy.scope(.viewAggregates, user.assignments, on: today)
        let catalog = services.catalog
        var narrow: Set<String>?
        var unitName = "Toàn quốc"
        var childLevel = "province"
        if let unit {
            guard let codes = catalog.recordedCommuneCodes(under: unit) else {
                throw WebError.badRequest("dashboard.unit", "Không có đơn vị hành chính mã \(unit)", field: "unit")
            }
            narrow = codes
            if let p = catalog.province(code: unit) { unitName = p.name; childLevel = "commune" }
            else if let c = catalog.commune(code: unit) { unitName = c.name; childLevel = "village" }
            else { unitName = unit; childLevel = "village" }
        } else {
            // Start at the user's own level: one province → its communes, one commune → its villages.
            let units = Set(user.assignments.map(\.unitCode).filter { !$0.isEmpty })
            if units.count == 1, let only = units.first {
                if let p = catalog.province(code: only) { unitName = p.name; childLevel = "commune"; narrow = catalog.recordedCommuneCodes(under: only) }
                else if let c = catalog.commune(code: only) { unitName = c.name; childLevel = "village"; narrow = catalog.recordedCommuneCodes(under: only) }
            }
        }
        let lastYearEnd = Self.comparisonDays(today: today).lastYear
        let byVillage = childLevel == "village"
        let now = try services.store.tallies(scope: scope, on: today, communeCodes: narrow, byVillage: byVillage)
        let last = try services.store.tallies(scope: scope, on: lastYearEnd, communeCodes: narrow, byVillage: byVillage)
        var rows: [String: UnitRow] = [:]
        var total = Figures(), totalLast = Figures()
        func key(_ t: ClassTally) -> (String?, String) {
            let commune2025 = catalog.commune(code: t.communeCode) ?? catalog.defaultTarget(ofLegacyCommune: t.communeCode)
            switch childLevel {
            case "province":
                let p = commune2025.flatMap { catalog.province(code: $0.provinceCode) }
                return (p?.code, p?.name ?? "Khác")
            case "commune":
                return (commune2025?.code, commune2025?.name ?? t.communeCode)
            default:
                return (nil, t.village ?? "(không rõ thôn)")
            }
        }
        for t in now {
            let (code, name) = key(t)
            rows[name, default: UnitRow(code: code, name: name, now: Figures(), last: Figures())].now.add(t)
            total.add(t)
        }
        for t in last {
            let (code, name) = key(t)
            rows[name, default: UnitRow(code: code, name: name, now: Figures(), last: Figures())].last.add(t)
            totalLast.add(t)
        }
        let sorted = rows.values.sorted { VietnameseCollation.areInIncreasingOrder($0.name, $1.name) }
        return Dashboard(unitCode: unit, unitName: unitName, childLevel: childLevel, year: today.year, asOf: today,
                         lastYearEnd: lastYearEnd, total: total, totalLast: totalLast, rows: sorted, warnings: [])
    }
}
