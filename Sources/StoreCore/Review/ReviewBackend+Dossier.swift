import Foundation
import Registry
import Review
import Store
import VietnameseText

// A commune's dossier of a round: loaded whole, changed by a step, written back by difference,
// refusing what review.md §3.5 forbids even when a step would allow it.
extension ReviewBackend {
    public func dossier(round: ReviewRound, communeCode: String, communeName: String) throws -> CommuneDossier {
        try reviewRead { db in try ReviewRows.loadDossier(db, round: round, communeCode: communeCode, communeName: communeName) }
    }

    public func dossierRounds(communeCode: String) throws -> [String] {
        try reviewRead { db in
            try db.texts("SELECT DISTINCT round_id FROM review_case WHERE commune_code = ? ORDER BY round_id DESC", [.text(communeCode)])
        }
    }

    public func dossierCommunes(roundID: String) throws -> [String] {
        try reviewRead { db in
            try db.texts("SELECT DISTINCT commune_code FROM review_case WHERE round_id = ? ORDER BY commune_code", [.text(roundID)])
        }
    }

    public func withDossier<T>(round: ReviewRound, communeCode: String, communeName: String, context: AccessContext,
                               _ body: (inout CommuneDossier) throws -> T) throws -> T {
        try reviewWrite { db in
            if try ReviewRows.roundFrozen(db, round.id) == true { throw ReviewError.frozen(round.id) }
            let before = try ReviewRows.loadDossier(db, round: round, communeCode: communeCode, communeName: communeName)
            var after = before
            let result = try body(&after)
            try ReviewRows.saveDossier(db, before: before, after: after, context: context)
            return result
        }
    }
}

extension ReviewRows {
    static func loadDossier(_ db: any ReviewDatabase, round: ReviewRound, communeCode: String, communeName: String) throws -> CommuneDossier {
        var d = CommuneDossier(round: round, communeCode: communeCode, communeName: communeName)
        let key: [ReviewValue] = [.text(round.id), .text(communeCode)]
        d.plan = try db.bodies(ReviewPlan.self, "SELECT body FROM review_plan WHERE campaign_id = ? AND level = 'commune' AND unit_code = ?", key).first
        for c in try db.bodies(HouseholdCase.self, "SELECT body FROM review_case WHERE round_id = ? AND commune_code = ?", key) {
            d.cases[c.householdCode] = c
        }
        for s in try db.bodies(Survey.self, "SELECT body FROM review_survey WHERE round_id = ? AND commune_code = ?", key) {
            d.surveys[s.id] = s
        }
        let documents = try db.rows("SELECT kind, body FROM review_document WHERE round_id = ? AND commune_code = ?", key) {
            (ReviewDocumentKind(rawValue: $0.text() ?? ""), $0.text() ?? "")
        }
        for (kind, body) in documents {
            guard let kind else { continue }
            try d.load(kind, body)
        }
        for r in try db.bodies(ReviewRequest.self, "SELECT body FROM review_request WHERE round_id = ? AND commune_code = ?", key) {
            d.requests[r.id] = r
        }
        let standard: [ReviewValue] = [.text(communeCode), .text(round.standardID)]
        for c in try db.bodies(Certificate.self, """
            SELECT body FROM review_certificate WHERE commune_code = ? AND standard_id = ? AND closed_on IS NULL
            """, standard) {
            d.certificates[c.householdCode] = c
        }
        d.nextCertificateSequence = try db.rows("""
            SELECT coalesce(max(sequence), 0) + 1 FROM review_certificate WHERE commune_code = ? AND standard_id = ?
            """, standard) { $0.int() }.first.flatMap { $0 } ?? 1
        for (year, numberKey) in try db.rows("SELECT year, number_key FROM review_document WHERE kind = 'decision' AND commune_code = ?",
                                             [.text(communeCode)], { ($0.int() ?? 0, $0.text() ?? "") }) {
            d.usedDecisionNumbers.insert("\(year):\(numberKey)")
        }
        return d
    }

    /// Whether a round is closed in the store (`nil` when the store has no such round).
    static func roundFrozen(_ db: any ReviewDatabase, _ id: String) throws -> Bool? {
        if let state = try db.text("SELECT state FROM review_campaign WHERE id = ?", [.text(id)]) { return state == "closed" }
        if let state = try db.text("SELECT state FROM review_batch WHERE id = ?", [.text(id)]) { return state == "closed" }
        return nil
    }

    /// Writes what a step changed, refusing what review.md §3.5 forbids even if the step allowed it.
    static func saveDossier(_ db: any ReviewDatabase, before: CommuneDossier, after: CommuneDossier, context: AccessContext) throws {
        let round = after.round.id, commune = after.communeCode
        guard after.round.id == before.round.id, after.communeCode == before.communeCode else {
            throw ReviewError.invalid("dossier", "Không được đổi đợt hay xã của hồ sơ")
        }
        try saveCases(db, before: before, after: after, context: context)
        try saveSurveys(db, before: before, after: after, context: context)
        try saveDocuments(db, before: before, after: after, context: context)
        // Requests routed here.
        for (id, r) in after.requests where before.requests[id] == nil {
            if try !db.exists("SELECT 1 FROM review_request WHERE id = ?", [.text(id)]) {
                try insertRequest(db, r, communeCode: commune, roundID: round)
                try db.audit(context, .create, "review_request", [id, r.householdCode], after: ReviewJSON.summary(["round": round]))
            }
        }
        // Certificates.
        for (code, cert) in after.certificates where before.certificates[code] != cert {
            try db.execute("""
                INSERT INTO review_certificate (id, commune_code, standard_id, sequence, household_code, closed_on, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET closed_on = excluded.closed_on, body = excluded.body
                """, [.text(cert.id), .text(cert.communeCode), .text(cert.standardID), .int(cert.sequence), .text(code), .text(cert.closedOn?.isoString),
                      .text(try ReviewJSON.encode(cert))])
            try db.audit(context, before.certificates[code] == nil ? .create : .update, "review_certificate", [cert.id, code],
                         after: ReviewJSON.summary(["number": cert.number, "closed_on": cert.closedOn?.isoString]))
        }
        // Status records and transitions the decisions produced.
        for s in after.newStatusRecords.dropFirst(before.newStatusRecords.count) { try appendStatus(db, s) }
        for t in after.newTransitions.dropFirst(before.newTransitions.count) { try appendTransition(db, t) }
        for r in after.newSpecialStatuses.dropFirst(before.newSpecialStatuses.count) {
            try appendSpecialStatus(db, r)
            try db.audit(context, .create, "special_status", [r.householdCode] + (r.memberNo.map { ["\(r.householdCode)#\($0)"] } ?? []),
                         after: ReviewJSON.summary(["kind": r.kind.rawValue, "holds": r.holds ? "true" : "false", "decision": r.decision]))
        }
    }

    static func saveCases(_ db: any ReviewDatabase, before: CommuneDossier, after: CommuneDossier, context: AccessContext) throws {
        let round = after.round.id, commune = after.communeCode
        for (code, c) in after.cases where before.cases[code] != c {
            let body = try ReviewJSON.encode(c)
            if let old = before.cases[code] {
                if old.state.isTerminal { throw ReviewError.immutable("Hồ sơ hộ \(code) (\(old.state.vietnamese))") }
                try db.execute("UPDATE review_case SET state = ?, village = ?, body = ? WHERE round_id = ? AND household_code = ?",
                               [.text(c.state.rawValue), .text(c.village), .text(body), .text(round), .text(code)])
                try db.audit(context, old.state != c.state ? .transition : .update, "review_case", [code, c.id],
                             before: ReviewJSON.summary(["state": old.state.rawValue]),
                             after: ReviewJSON.summary(["state": c.state.rawValue, "row": c.events.last.map { String($0.row) }]))
            } else {
                try db.execute("""
                    INSERT INTO review_case (round_id, commune_code, household_code, village, state, body) VALUES (?, ?, ?, ?, ?, ?)
                    """, [.text(round), .text(commune), .text(code), .text(c.village), .text(c.state.rawValue), .text(body)])
                try db.audit(context, .create, "review_case", [code, c.id], after: ReviewJSON.summary(["state": c.state.rawValue, "source": c.source.rawValue]))
            }
        }
        for code in before.cases.keys where after.cases[code] == nil {
            throw ReviewError.immutable("Hồ sơ hộ \(code) (không được xóa)")
        }
    }

    static func saveSurveys(_ db: any ReviewDatabase, before: CommuneDossier, after: CommuneDossier, context: AccessContext) throws {
        let round = after.round.id, commune = after.communeCode
        for (id, s) in after.surveys where before.surveys[id] != s {
            if let old = before.surveys[id], old.state == .locked { throw ReviewError.immutable("Phiếu B \(id) đã khóa") }
            try db.execute("""
                INSERT INTO review_survey (id, round_id, commune_code, household_code, version, state, class, b1, b2, survey_date, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, class = excluded.class, b1 = excluded.b1, b2 = excluded.b2,
                  survey_date = excluded.survey_date, body = excluded.body
                """, [.text(id), .text(round), .text(commune), .text(s.householdCode), .int(s.version), .text(s.state.rawValue),
                      .text(s.result?.povertyClass.rawValue), .int(s.result?.b1Score), .int(s.result?.b2Score), .text(s.date.isoString),
                      .text(try ReviewJSON.encode(s))])
            try db.audit(context, s.state == .locked ? .sign : (before.surveys[id] == nil ? .create : .update), "review_survey",
                         [s.householdCode, id], after: ReviewJSON.summary(["version": String(s.version), "state": s.state.rawValue,
                                                                           "class": s.result?.povertyClass.rawValue]))
        }
        for id in before.surveys.keys where after.surveys[id] == nil { throw ReviewError.immutable("Phiếu B \(id) (không được xóa)") }
    }

    static func saveDocuments(_ db: any ReviewDatabase, before: CommuneDossier, after: CommuneDossier, context: AccessContext) throws {
        let round = after.round.id, commune = after.communeCode
        let old = try before.documentRows(), new = try after.documentRows()
        for (key, row) in new where old[key] != row {
            if let prior = old[key] { try checkDocumentChange(prior, row, before: before, after: after) }
            try db.execute("""
                INSERT INTO review_document (kind, id, round_id, commune_code, number, number_key, year, state, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, id) DO UPDATE SET state = excluded.state, body = excluded.body
                """, [.text(row.kind.rawValue), .text(row.id), .text(round), .text(commune), .text(row.number),
                      .text(row.number.map { VietnameseText.fold($0) }), .int(row.year), .text(row.state), .text(row.body)])
            let action: AuditAction = row.kind == .decision || (row.kind == .notice && row.state == "signed") ? .sign
                : old[key] == nil ? .create : .update
            try db.audit(context, action, "review_\(row.kind.rawValue)", [row.id] + (row.householdCode.map { [$0] } ?? []),
                         before: old[key].map { ReviewJSON.summary(["state": $0.state]) },
                         after: ReviewJSON.summary(["state": row.state, "number": row.number]))
        }
        for key in old.keys where new[key] == nil { throw ReviewError.immutable("Văn bản \(key) (không được xóa)") }
    }

    /// Registered documents change only as review.md allows: a notice once signed only in its
    /// state; a consultation once sent only in its state and opinion; a confirmed Phiếu A never.
    static func checkDocumentChange(_ old: ReviewDocumentRow, _ new: ReviewDocumentRow, before: CommuneDossier, after: CommuneDossier) throws {
        switch old.kind {
        case .minutes, .decision:
            throw ReviewError.immutable(old.kind == .minutes ? "Biên bản \(old.number ?? old.id)" : "Quyết định \(old.number ?? old.id)")
        case .notice:
            guard var a = before.postings[old.id], let b = after.postings[old.id], a.state != .draft else { return }
            a.state = b.state
            if a != b { throw ReviewError.immutable("Thông báo \(old.number ?? old.id)") }
        case .consultation:
            guard var a = before.consultations[old.id], let b = after.consultations[old.id], a.state != .draft else { return }
            a.state = b.state
            a.opinion = b.opinion
            if a != b { throw ReviewError.immutable("Báo cáo \(old.number ?? old.id)") }
        case .quickID:
            if before.quickIDs[old.id]?.confirmedBy != nil { throw ReviewError.immutable("Phiếu A \(old.id)") }
        default:
            return
        }
    }

    /// Appends a status record for a household by code (review.md §6.1, append-only).
    static func appendStatus(_ db: any ReviewDatabase, _ s: StatusRecord) throws {
        guard let id = try db.householdID(code: s.householdCode) else { throw StoreError.householdNotFound(code: s.householdCode) }
        try db.execute("""
            INSERT INTO status_record (household_id, effective_date, class, standard_id, source, decision, campaign, recorded_at, recorded_by, supersedes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.int(Int(id)), .text(s.effectiveDate.isoString), .text(s.recognisedClass.rawValue), .text(s.standardID), .text(s.source.rawValue),
                  .text(s.decision), .text(s.campaign), .text(RecordColumns.timestamp(s.recordedAt)), .text(s.recordedBy),
                  .int(s.supersedes.map { Int($0) })])
    }

    /// Appends a transition (append-only).
    static func appendTransition(_ db: any ReviewDatabase, _ t: TransitionRecord) throws {
        try db.execute("""
            INSERT INTO review_transition (household_code, commune_code, round_id, source, decision, effective_date, from_class, to_class, flow, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(t.householdCode), .text(t.communeCode), .text(t.roundID), .text(t.source.rawValue), .text(t.decisionNumber),
                  .text(t.effectiveDate.isoString), .text(t.from.rawValue), .text(t.to.rawValue), .text(t.flow.rawValue),
                  .text(try ReviewJSON.encode(t))])
    }
}
