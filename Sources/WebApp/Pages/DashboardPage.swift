import Foundation
import Hummingbird
import VietnameseText

/// The home dashboard (trang tổng quan).
struct DashboardPage {
    let services: WebServices

    struct Cell { var text: String }
    struct Row {
        var name: String, link: String?, households: String, poor: String, poorRate: String, nearPoor: String, nearPoorRate: String
        var poorLast: String, poorRateLast: String, change: String, changeClass: String
    }

    struct View {
        var layout: Layout
        var unitName: String, year: Int, lastYear: Int, asOf: String, lastYearEnd: String, childLevelName: String
        var total: Row
        var rows: [Row]
        var chart: String
        var chartTitle: String
        var up: String?
        var empty: Bool
        /// Review deadline alerts of the user's units, the copies escalated to them included
        /// (review.md §3.2: on the dashboards of the unit and its parent).
        var alerts: [ReviewPages.AlertRow]
        var hasAlerts: Bool
    }

    func register(_ router: Router<AppContext>) {
        router.get("/") { request, context in
            let user = try context.requireUser()
            let unit = request.query("unit")
            let access = context.access(request, user: user)
            let d = try await Offload.run { try DashboardService(services: services).dashboard(user, unit: unit, access: access) }
            let rows = d.rows.map { row($0.name, $0.now, $0.last, link: link(d.childLevel, $0.code, $0.name, d.unitCode)) }
            // The chart ranks the units (highest poverty rate first: where support is needed);
            // the table below keeps Vietnamese alphabetical order for finding a unit.
            let ranked = d.rows.filter { $0.now.households > 0 }.sorted {
                ($0.now.poorRate ?? 0, $0.now.nearPoorRate ?? 0) > ($1.now.poorRate ?? 0, $1.now.nearPoorRate ?? 0)
            }
            let chart = BarChart(title: "Tỷ lệ hộ nghèo, cận nghèo theo \(levelName(d.childLevel)), năm \(d.year) (cao nhất trước)",
                                 series: [("Tỷ lệ hộ nghèo", "poor"), ("Tỷ lệ hộ cận nghèo", "nearpoor")],
                                 bars: ranked.map { BarChart.Bar(label: $0.name, values: [$0.now.poorRate ?? 0, $0.now.nearPoorRate ?? 0]) })
            let alerts = try ReviewPages(services: services).alertRows(user)
            var up: String?
            if let unit, let c = services.catalog.commune(code: unit) { up = "/?unit=\(c.provinceCode)" } else if unit != nil { up = "/" }
            let view = View(
                layout: Layout(title: "Tổng quan", user: user, active: "dashboard",
                               canImport: !services.policy.scope(.editHousehold, user.assignments, on: services.today).isEmpty),
                unitName: d.unitName, year: d.year, lastYear: d.year - 1, asOf: VietnameseText.formatDate(d.asOf),
                lastYearEnd: VietnameseText.formatDate(d.lastYearEnd), childLevelName: levelName(d.childLevel),
                total: row("Tổng số", d.total, d.totalLast, link: nil), rows: rows, chart: chart.svg(), chartTitle: chart.title, up: up, empty: rows.isEmpty,
                alerts: alerts, hasAlerts: !alerts.isEmpty)
            return Reply.html(services.render(view, "dashboard"))
        }
    }

    func levelName(_ level: String) -> String {
        switch level { case "province": "tỉnh, thành phố"; case "commune": "xã, phường"; default: "thôn, tổ dân phố" }
    }

    func link(_ level: String, _ code: String?, _ name: String, _ parent: String?) -> String? {
        switch level {
        case "province", "commune": return code.map { "/?unit=\($0)" }
        default:
            guard let parent else { return "/households?village=" + (name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name) }
            return "/households?unit=\(parent)&village=" + (name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? name)
        }
    }

    func row(_ name: String, _ now: DashboardService.Figures, _ last: DashboardService.Figures, link: String?) -> Row {
        func pct(_ r: Double?) -> String { r.map { VietnameseText.formatPercent($0, fractionDigits: 2) } ?? "–" }
        let change: String
        var changeClass = ""
        if let a = now.poorRate, let b = last.poorRate {
            let d = (a - b) * 100
            change = (d > 0 ? "+" : "") + VietnameseText.formatDecimal(d, fractionDigits: 2) + " điểm %"
            changeClass = d > 0 ? "worse" : (d < 0 ? "better" : "")
        } else { change = "–" }
        return Row(name: name, link: link, households: HouseholdViews.formatInt(now.households), poor: HouseholdViews.formatInt(now.poor),
                   poorRate: pct(now.poorRate), nearPoor: HouseholdViews.formatInt(now.nearPoor), nearPoorRate: pct(now.nearPoorRate),
                   poorLast: HouseholdViews.formatInt(last.poor), poorRateLast: pct(last.poorRate), change: change, changeClass: changeClass)
    }
}
