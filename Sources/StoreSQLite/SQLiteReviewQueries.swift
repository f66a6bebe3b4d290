import Foundation
import GRDB
import Registry
import Review
import Store
import VietnameseText

extension SQLiteRegistryStore {
    // MARK: Registry side

    public func listingCandidates(communeCodes: Set<String>, on date: CivilDate, classes: Set<RecognisedClass>?,
                                  householdCodes: [String]?) throws -> [ListingCandidate] {
        try pool.read { db in
            var sql = """
                SELECT h.code, v.name, \(SelectionSQL.classOn) AS cls,
                  (SELECT s.standard_id FROM status_record s WHERE s.household_id = h.id AND s.effective_date <= ?
                   ORDER BY s.effective_date DESC, s.source = 'correction' DESC, s.seq DESC LIMIT 1) AS standard,
                  EXISTS (SELECT 1 FROM status_record p WHERE p.household_id = h.id AND p.class = 'poor' AND p.effective_date <= ?) AS ever_poor
                FROM household h JOIN village v ON v.id = h.village_id
                WHERE h.commune_code IN (SELECT value FROM json_each(?))
                """
            let day = date.isoString
            var arguments: StatementArguments = [day, day, day, AuditLog.jsonArray(communeCodes.sorted())]
            if let codes = householdCodes {
                sql += " AND h.code IN (SELECT value FROM json_each(?))"
                arguments += [AuditLog.jsonArray(codes)]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY h.code", arguments: arguments).compactMap { row in
                let cls = RecognisedClass(rawValue: row["cls"]) ?? .notPoor
                if let classes, !classes.contains(cls) { return nil }
                return ListingCandidate(householdCode: row["code"], village: row["name"], recognisedClass: cls, standardID: row["standard"],
                                        everPoor: row["ever_poor"])
            }
        }
    }

    public func unitCounts(units: [String: Set<String>], t0: CivilDate, t1: CivilDate) throws -> [UnitCounts] {
        try pool.read { db in
            var unitOf: [String: String] = [:]
            for (unit, codes) in units { for c in codes { unitOf[c] = unit } }
            var start: [String: [RecognisedClass: Int]] = [:], end: [String: [RecognisedClass: Int]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT h.commune_code, \(SelectionSQL.classOn) AS c0, \(SelectionSQL.classOn) AS c1, count(*) AS n
                FROM household h WHERE h.commune_code IN (SELECT value FROM json_each(?)) GROUP BY 1, 2, 3
                """, arguments: [t0.isoString, t1.isoString, AuditLog.jsonArray(unitOf.keys.sorted())])
            for row in rows {
                guard let unit = unitOf[row[0]] else { continue }
                let n: Int = row["n"]
                if let c = RecognisedClass(rawValue: row["c0"]) { start[unit, default: [:]][c, default: 0] += n }
                if let c = RecognisedClass(rawValue: row["c1"]) { end[unit, default: [:]][c, default: 0] += n }
            }
            return units.keys.sorted().map { UnitCounts(unitCode: $0, atStart: start[$0] ?? [:], atEnd: end[$0] ?? [:]) }
        }
    }

    // MARK: Transitions, timeline, year outcomes

    public func transitions(communeCodes: Set<String>?, after: CivilDate, through: CivilDate) throws -> [TransitionRecord] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM review_transition WHERE effective_date > ? AND effective_date <= ?
                  AND (?3 IS NULL OR commune_code IN (SELECT value FROM json_each(?3))) ORDER BY effective_date, seq
                """, arguments: [after.isoString, through.isoString, communeCodes.map { AuditLog.jsonArray($0.sorted()) }])
                .map { try ReviewJSON.decode(TransitionRecord.self, $0) }
        }
    }

    public func transitions(householdCode: String) throws -> [TransitionRecord] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_transition WHERE household_code = ? ORDER BY effective_date, seq",
                                arguments: [householdCode]).map { try ReviewJSON.decode(TransitionRecord.self, $0) }
        }
    }

    public func surveyScores(householdCode: String) throws -> [HouseholdTimeline.Scores] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT CAST(substr(survey_date, 1, 4) AS INTEGER) AS year, b1, b2 FROM review_survey
                WHERE household_code = ? AND state = 'locked' ORDER BY survey_date, version
                """, arguments: [householdCode]).map { HouseholdTimeline.Scores(year: $0["year"], b1: $0["b1"], b2: $0["b2"]) }
        }
    }

    public func recordYearOutcomes(year: Int, communeCodes: Set<String>, context: AccessContext) throws -> Int {
        var outcomes: [(String, YearOutcome)] = []
        try forEachStatusHistory(in: HouseholdSelection(communeCodes: communeCodes)) { code, commune, records in
            outcomes.append((commune, YearOutcome.compute(householdCode: code, history: StatusHistory(records), year: year)))
        }
        return try reviewWrite { db in
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO year_outcome (year, household_code, commune_code, class_start, class_end, flow, standard_start, standard_end, standard_changed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var written = 0
            for (commune, o) in outcomes {
                try insert.execute(arguments: [year, o.householdCode, commune, o.classAtStart.rawValue, o.classAtEnd.rawValue, o.flow.rawValue,
                                               o.standardAtStart, o.standardAtEnd, o.standardChanged])
                written += db.changesCount
            }
            try audit(db, context, .create, "year_outcome", ["\(year)"], after: ReviewJSON.summary(["rows": String(written)]))
            return written
        }
    }

    public func yearOutcomes(year: Int, communeCodes: Set<String>?) throws -> [YearOutcome] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM year_outcome WHERE year = ? AND (?2 IS NULL OR commune_code IN (SELECT value FROM json_each(?2))) ORDER BY household_code
                """, arguments: [year, communeCodes.map { AuditLog.jsonArray($0.sorted()) }]).map { r in
                YearOutcome(year: r["year"], householdCode: r["household_code"], classAtStart: RecognisedClass(rawValue: r["class_start"]) ?? .notPoor,
                            classAtEnd: RecognisedClass(rawValue: r["class_end"]) ?? .notPoor, flow: PovertyFlow(rawValue: r["flow"]) ?? .unchanged,
                            standardAtStart: r["standard_start"], standardAtEnd: r["standard_end"], standardChanged: r["standard_changed"])
            }
        }
    }

    public func recognisedAverageAgri(communeCode: String) throws -> [AverageAgriDetermination] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM review_document WHERE kind = 'avg_agri' AND state = 'recognised' AND commune_code = ? ORDER BY id DESC
                """, arguments: [communeCode]).map { try ReviewJSON.decode(AverageAgriDetermination.self, $0) }
        }
    }

    // MARK: Certificates

    public func certificates(householdCode: String) throws -> [Certificate] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_certificate WHERE household_code = ? ORDER BY rowid", arguments: [householdCode])
                .map { try ReviewJSON.decode(Certificate.self, $0) }
        }
    }

    // MARK: Alerts and monthly reports

    public func alerts(unitCodes: Set<String>, openOnly: Bool) throws -> [ReviewAlert] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM review_alert WHERE unit_code IN (SELECT value FROM json_each(?)) AND (? = 0 OR closed_on IS NULL) ORDER BY id
                """, arguments: [AuditLog.jsonArray(unitCodes.sorted()), openOnly]).map { try ReviewJSON.decode(ReviewAlert.self, $0) }
        }
    }

    public func alerts(roundID: String) throws -> [ReviewAlert] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_alert WHERE round_id = ? ORDER BY id", arguments: [roundID])
                .map { try ReviewJSON.decode(ReviewAlert.self, $0) }
        }
    }

    public func saveAlerts(_ alerts: [ReviewAlert], context: AccessContext) throws {
        try reviewWrite { db in
            for a in alerts {
                let body = try ReviewJSON.encode(a)
                if try String.fetchOne(db, sql: "SELECT body FROM review_alert WHERE id = ?", arguments: [a.id]) == body { continue }
                try db.execute(sql: """
                    INSERT INTO review_alert (id, round_id, unit_code, level, closed_on, body) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET level = excluded.level, closed_on = excluded.closed_on, body = excluded.body
                    """, arguments: [a.id, a.roundID, a.unitCode, a.level.rawValue, a.closedOn?.isoString, body])
                try audit(db, context, .update, "review_alert", [a.id], after: ReviewJSON.summary(["level": a.level.rawValue, "closed_on": a.closedOn?.isoString]))
            }
        }
    }

    public func monthlyReport(id: String) throws -> MonthlyReport? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM review_monthly_report WHERE id = ?", arguments: [id]).map { try ReviewJSON.decode(MonthlyReport.self, $0) }
        }
    }

    public func monthlyReports(unitCodes: Set<String>) throws -> [MonthlyReport] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM review_monthly_report WHERE unit_code IN (SELECT value FROM json_each(?)) ORDER BY year DESC, month DESC, unit_code
                """, arguments: [AuditLog.jsonArray(unitCodes.sorted())]).map { try ReviewJSON.decode(MonthlyReport.self, $0) }
        }
    }

    public func saveMonthlyReport(_ report: MonthlyReport, context: AccessContext) throws {
        try reviewWrite { db in
            let old = try String.fetchOne(db, sql: "SELECT state FROM review_monthly_report WHERE id = ?", arguments: [report.id])
            try db.execute(sql: """
                INSERT INTO review_monthly_report (id, unit_code, year, month, state, body) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body
                """, arguments: [report.id, report.unitCode, report.year, report.month, report.state.rawValue, try ReviewJSON.encode(report)])
            try audit(db, context, old == nil ? .create : .transition, "review_monthly_report", [report.id],
                      before: old.map { ReviewJSON.summary(["state": $0]) }, after: ReviewJSON.summary(["state": report.state.rawValue]))
        }
    }

    // MARK: Holiday calendar

    public func holidayCalendar() throws -> HolidayCalendar {
        try pool.read { db in
            var calendar = HolidayCalendar.vietnam
            for body in try String.fetchAll(db, sql: "SELECT body FROM holiday_year ORDER BY year") {
                calendar = calendar.replacing(try ReviewJSON.decode(HolidayCalendar.Year.self, body))
            }
            return calendar
        }
    }

    public func saveHolidayYear(_ year: HolidayCalendar.Year, context: AccessContext) throws {
        try reviewWrite { db in
            try db.execute(sql: """
                INSERT INTO holiday_year (year, body, loaded_at, loaded_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (year) DO UPDATE SET body = excluded.body, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by
                """, arguments: [year.year, try ReviewJSON.encode(year), RowMapping.timestamp(Date()), context.account])
            try audit(db, context, .settingChange, "holiday_year", [String(year.year)],
                      after: ReviewJSON.summary(["holidays": String(year.holidays.count), "status": year.status]))
        }
    }
}
