import Foundation
import Registry
import Review
import Store
import VietnameseText

// The registry's side of the review, transitions, year outcomes, certificates, alerts, monthly
// reports and the holiday calendar, in both stores.
extension ReviewBackend {
    // MARK: Registry side

    public func listingCandidates(communeCodes: Set<String>, on date: CivilDate, classes: Set<RecognisedClass>?,
                                  householdCodes: [String]?) throws -> [ListingCandidate] {
        try reviewRead { db in
            let day = date.isoString
            var sql = """
                SELECT h.code, v.name, \(classOnSQL) AS cls,
                  (SELECT s.standard_id FROM status_record s WHERE s.household_id = h.id AND s.effective_date <= ?
                   ORDER BY s.effective_date DESC, s.source = 'correction' DESC, s.seq DESC LIMIT 1) AS standard,
                  EXISTS (SELECT 1 FROM status_record p WHERE p.household_id = h.id AND p.class = 'poor' AND p.effective_date <= ?) AS ever_poor
                FROM household h JOIN village v ON v.id = h.village_id
                WHERE \(db.inList("h.commune_code"))
                """
            var arguments: [ReviewValue] = [.text(day), .text(day), .text(day), .textList(communeCodes.sorted())]
            if let codes = householdCodes {
                sql += " AND \(db.inList("h.code"))"
                arguments.append(.textList(codes))
            }
            return try db.rows(sql + " ORDER BY h.code", arguments) { r -> ListingCandidate? in
                let code = r.text() ?? "", village = r.text() ?? ""
                let cls = RecognisedClass(rawValue: r.text() ?? "") ?? .notPoor
                let standard = r.text(), everPoor = r.bool() ?? false
                if let classes, !classes.contains(cls) { return nil }
                return ListingCandidate(householdCode: code, village: village, recognisedClass: cls, standardID: standard, everPoor: everPoor)
            }.compactMap { $0 }
        }
    }

    public func unitCounts(units: [String: Set<String>], t0: CivilDate, t1: CivilDate) throws -> [UnitCounts] {
        try reviewRead { db in
            var unitOf: [String: String] = [:]
            for (unit, codes) in units { for c in codes { unitOf[c] = unit } }
            var start: [String: [RecognisedClass: Int]] = [:], end: [String: [RecognisedClass: Int]] = [:]
            let rows = try db.rows("""
                SELECT commune_code, c0, c1, count(*) FROM (
                  SELECT h.commune_code, \(classOnSQL) AS c0, \(classOnSQL) AS c1 FROM household h WHERE \(db.inList("h.commune_code"))
                ) AS t GROUP BY commune_code, c0, c1
                """, [.text(t0.isoString), .text(t1.isoString), .textList(unitOf.keys.sorted())]) {
                ($0.text() ?? "", $0.text() ?? "", $0.text() ?? "", $0.int() ?? 0)
            }
            for (commune, c0, c1, n) in rows {
                guard let unit = unitOf[commune] else { continue }
                if let c = RecognisedClass(rawValue: c0) { start[unit, default: [:]][c, default: 0] += n }
                if let c = RecognisedClass(rawValue: c1) { end[unit, default: [:]][c, default: 0] += n }
            }
            return units.keys.sorted().map { UnitCounts(unitCode: $0, atStart: start[$0] ?? [:], atEnd: end[$0] ?? [:]) }
        }
    }

    // MARK: Transitions, timeline, year outcomes

    public func transitions(communeCodes: Set<String>?, after: CivilDate, through: CivilDate) throws -> [TransitionRecord] {
        try reviewRead { db in
            var sql = "SELECT body FROM review_transition WHERE effective_date > ? AND effective_date <= ?"
            var arguments: [ReviewValue] = [.text(after.isoString), .text(through.isoString)]
            if let communeCodes {
                sql += " AND \(db.inList("commune_code"))"
                arguments.append(.textList(communeCodes.sorted()))
            }
            return try db.bodies(TransitionRecord.self, sql + " ORDER BY effective_date, seq", arguments)
        }
    }

    public func transitions(householdCode: String) throws -> [TransitionRecord] {
        try reviewRead { db in
            try db.bodies(TransitionRecord.self, "SELECT body FROM review_transition WHERE household_code = ? ORDER BY effective_date, seq",
                          [.text(householdCode)])
        }
    }

    public func surveyScores(householdCode: String) throws -> [HouseholdTimeline.Scores] {
        try reviewRead { db in
            try db.rows("""
                SELECT CAST(substr(survey_date, 1, 4) AS INTEGER) AS year, b1, b2 FROM review_survey
                WHERE household_code = ? AND state = 'locked' ORDER BY survey_date, version
                """, [.text(householdCode)]) { HouseholdTimeline.Scores(year: $0.int() ?? 0, b1: $0.int(), b2: $0.int()) }
        }
    }

    public func recordYearOutcomes(year: Int, communeCodes: Set<String>, context: AccessContext) throws -> Int {
        var outcomes: [(String, YearOutcome)] = []
        try forEachStatusHistory(in: HouseholdSelection(communeCodes: communeCodes)) { code, commune, records in
            outcomes.append((commune, YearOutcome.compute(householdCode: code, history: StatusHistory(records), year: year)))
        }
        return try reviewWrite { db in
            var written = 0
            for (commune, o) in outcomes {
                written += try db.execute("""
                    INSERT INTO year_outcome (year, household_code, commune_code, class_start, class_end, flow, standard_start, standard_end, standard_changed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """, [.int(year), .text(o.householdCode), .text(commune), .text(o.classAtStart.rawValue), .text(o.classAtEnd.rawValue),
                          .text(o.flow.rawValue), .text(o.standardAtStart), .text(o.standardAtEnd), .bool(o.standardChanged)])
            }
            try db.audit(context, .create, "year_outcome", ["\(year)"], after: ReviewJSON.summary(["rows": String(written)]))
            return written
        }
    }

    public func yearOutcomes(year: Int, communeCodes: Set<String>?) throws -> [YearOutcome] {
        try reviewRead { db in
            var sql = """
                SELECT year, household_code, class_start, class_end, flow, standard_start, standard_end, standard_changed FROM year_outcome WHERE year = ?
                """
            var arguments: [ReviewValue] = [.int(year)]
            if let communeCodes {
                sql += " AND \(db.inList("commune_code"))"
                arguments.append(.textList(communeCodes.sorted()))
            }
            return try db.rows(sql + " ORDER BY household_code", arguments) { r in
                YearOutcome(year: r.int() ?? year, householdCode: r.text() ?? "", classAtStart: RecognisedClass(rawValue: r.text() ?? "") ?? .notPoor,
                            classAtEnd: RecognisedClass(rawValue: r.text() ?? "") ?? .notPoor, flow: PovertyFlow(rawValue: r.text() ?? "") ?? .unchanged,
                            standardAtStart: r.text(), standardAtEnd: r.text(), standardChanged: r.bool() ?? false)
            }
        }
    }

    public func recognisedAverageAgri(communeCode: String) throws -> [AverageAgriDetermination] {
        try reviewRead { db in
            try db.bodies(AverageAgriDetermination.self, """
                SELECT body FROM review_document WHERE kind = 'avg_agri' AND state = 'recognised' AND commune_code = ? ORDER BY id DESC
                """, [.text(communeCode)])
        }
    }

    // MARK: Certificates

    public func certificates(householdCode: String) throws -> [Certificate] {
        try reviewRead { db in
            try db.bodies(Certificate.self, "SELECT body FROM review_certificate WHERE household_code = ? ORDER BY \(db.certificateOrder)",
                          [.text(householdCode)])
        }
    }

    // MARK: Alerts and monthly reports

    public func alerts(unitCodes: Set<String>, openOnly: Bool) throws -> [ReviewAlert] {
        try reviewRead { db in
            try db.bodies(ReviewAlert.self, """
                SELECT body FROM review_alert WHERE \(db.inList("unit_code"))\(openOnly ? " AND closed_on IS NULL" : "") ORDER BY id
                """, [.textList(unitCodes.sorted())])
        }
    }

    public func alerts(roundID: String) throws -> [ReviewAlert] {
        try reviewRead { db in try db.bodies(ReviewAlert.self, "SELECT body FROM review_alert WHERE round_id = ? ORDER BY id", [.text(roundID)]) }
    }

    public func saveAlerts(_ alerts: [ReviewAlert], context: AccessContext) throws {
        try reviewWrite { db in
            for a in alerts {
                let body = try ReviewJSON.encode(a)
                if try db.text("SELECT body FROM review_alert WHERE id = ?", [.text(a.id)]) == body { continue }
                try db.execute("""
                    INSERT INTO review_alert (id, round_id, unit_code, level, closed_on, body) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET level = excluded.level, closed_on = excluded.closed_on, body = excluded.body
                    """, [.text(a.id), .text(a.roundID), .text(a.unitCode), .text(a.level.rawValue), .text(a.closedOn?.isoString), .text(body)])
                try db.audit(context, .update, "review_alert", [a.id], after: ReviewJSON.summary(["level": a.level.rawValue, "closed_on": a.closedOn?.isoString]))
            }
        }
    }

    public func monthlyReport(id: String) throws -> MonthlyReport? {
        try reviewRead { db in try db.bodies(MonthlyReport.self, "SELECT body FROM review_monthly_report WHERE id = ?", [.text(id)]).first }
    }

    public func monthlyReports(unitCodes: Set<String>) throws -> [MonthlyReport] {
        try reviewRead { db in
            try db.bodies(MonthlyReport.self, """
                SELECT body FROM review_monthly_report WHERE \(db.inList("unit_code")) ORDER BY year DESC, month DESC, unit_code
                """, [.textList(unitCodes.sorted())])
        }
    }

    public func saveMonthlyReport(_ report: MonthlyReport, context: AccessContext) throws {
        try reviewWrite { db in
            let old = try db.text("SELECT state FROM review_monthly_report WHERE id = ?", [.text(report.id)])
            try db.execute("""
                INSERT INTO review_monthly_report (id, unit_code, year, month, state, body) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body
                """, [.text(report.id), .text(report.unitCode), .int(report.year), .int(report.month), .text(report.state.rawValue),
                      .text(try ReviewJSON.encode(report))])
            try db.audit(context, old == nil ? .create : .transition, "review_monthly_report", [report.id],
                         before: old.map { ReviewJSON.summary(["state": $0]) }, after: ReviewJSON.summary(["state": report.state.rawValue]))
        }
    }

    // MARK: Holiday calendar

    public func holidayCalendar() throws -> HolidayCalendar {
        try reviewRead { db in
            var calendar = HolidayCalendar.vietnam
            for year in try db.bodies(HolidayCalendar.Year.self, "SELECT body FROM holiday_year ORDER BY year") {
                calendar = calendar.replacing(year)
            }
            return calendar
        }
    }

    public func saveHolidayYear(_ year: HolidayCalendar.Year, context: AccessContext) throws {
        try reviewWrite { db in
            try db.execute("""
                INSERT INTO holiday_year (year, body, loaded_at, loaded_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET body = excluded.body, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by
                """, [.int(year.year), .text(try ReviewJSON.encode(year)), .text(RecordColumns.timestamp(Date())), .text(context.account)])
            try db.audit(context, .settingChange, "holiday_year", [String(year.year)],
                         after: ReviewJSON.summary(["holidays": String(year.holidays.count), "status": year.status]))
        }
    }
}
