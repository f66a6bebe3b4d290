import Foundation
import GRDB
import Registry
import Review
import Store
import VietnameseText

/// The kinds of `review_document` rows and the dossier collection each comes from.
enum ReviewDocumentKind: String, CaseIterable {
    case quickID = "quick_id", minutes, notice, complaint, recheck, consultation, decision
    case avgAgri = "avg_agri", lowIncome = "low_income"
}

/// A document row as written: its key columns and body.
struct ReviewDocumentRow: Equatable {
    var kind: ReviewDocumentKind
    var id: String
    var number: String?
    var year: Int?
    var state: String?
    var householdCode: String?
    var body: String

    init<T: Encodable>(_ kind: ReviewDocumentKind, _ id: String, _ value: T, number: String? = nil, year: Int? = nil, state: String? = nil,
                       household: String? = nil) throws {
        self.kind = kind
        self.id = id
        self.number = number
        self.year = year
        self.state = state
        self.householdCode = household
        self.body = try ReviewJSON.encode(value)
    }
}

extension CommuneDossier {
    /// Every document of the dossier as rows, by kind and id.
    ///
    /// Written without a local generic function capturing the dictionary: that form crashed the
    /// debug build inside JSONEncoder (a corrupted string) on Swift 6.3 in one test, a compiler
    /// problem this shape avoids.
    func documentRows() throws -> [String: ReviewDocumentRow] {
        var list: [ReviewDocumentRow] = []
        for q in quickIDs.values {
            list.append(try .init(.quickID, q.id, q, state: q.confirmedBy == nil ? "entered" : "confirmed", household: q.householdCode))
        }
        for m in meetings.values { list.append(try .init(.minutes, m.id, m, number: m.number, year: m.date.year, state: "registered")) }
        for n in postings.values { list.append(try .init(.notice, n.id, n, number: n.number, year: LocalTime.day(n.start).year, state: n.state.rawValue)) }
        for k in complaints.values { list.append(try .init(.complaint, k.id, k, state: k.state.rawValue, household: k.householdCode)) }
        for r in rechecks.values { list.append(try .init(.recheck, r.id, r, state: r.result?.rawValue ?? "open", household: r.householdCode)) }
        for c in consultations.values { list.append(try .init(.consultation, c.id, c, number: c.number, year: c.date.year, state: c.state.rawValue)) }
        for d in decisions.values { list.append(try .init(.decision, d.id, d, number: d.number, year: d.date.year, state: "issued")) }
        for a in avgAgri.values { list.append(try .init(.avgAgri, a.id, a, state: a.state.rawValue, household: a.householdCode)) }
        for l in lowIncome.values { list.append(try .init(.lowIncome, l.id, l, state: l.state.rawValue, household: l.householdCode)) }
        return Dictionary(list.map { ("\($0.kind.rawValue)/\($0.id)", $0) }, uniquingKeysWith: { $1 })
    }

    /// Adds a stored document to its collection.
    mutating func load(_ kind: ReviewDocumentKind, _ body: String) throws {
        switch kind {
        case .quickID: let v = try ReviewJSON.decode(QuickIdentification.self, body); quickIDs[v.id] = v
        case .minutes: let v = try ReviewJSON.decode(MeetingMinutes.self, body); meetings[v.id] = v
        case .notice: let v = try ReviewJSON.decode(PostingNotice.self, body); postings[v.id] = v
        case .complaint: let v = try ReviewJSON.decode(Complaint.self, body); complaints[v.id] = v
        case .recheck: let v = try ReviewJSON.decode(Recheck.self, body); rechecks[v.id] = v
        case .consultation: let v = try ReviewJSON.decode(Consultation.self, body); consultations[v.id] = v
        case .decision: let v = try ReviewJSON.decode(RecognitionDecision.self, body); decisions[v.id] = v
        case .avgAgri: let v = try ReviewJSON.decode(AverageAgriDetermination.self, body); avgAgri[v.id] = v
        case .lowIncome: let v = try ReviewJSON.decode(LowIncomeWorkerDetermination.self, body); lowIncome[v.id] = v
        }
    }
}

extension SQLiteRegistryStore {
    public func dossier(round: ReviewRound, communeCode: String, communeName: String) throws -> CommuneDossier {
        try pool.read { db in try Self.loadDossier(db, round: round, communeCode: communeCode, communeName: communeName) }
    }

    public func dossierRounds(communeCode: String) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT round_id FROM review_case WHERE commune_code = ? ORDER BY round_id DESC", arguments: [communeCode])
        }
    }

    public func dossierCommunes(roundID: String) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT commune_code FROM review_case WHERE round_id = ? ORDER BY commune_code", arguments: [roundID])
        }
    }

    static func loadDossier(_ db: Database, round: ReviewRound, communeCode: String, communeName: String) throws -> CommuneDossier {
        var d = CommuneDossier(round: round, communeCode: communeCode, communeName: communeName)
        let key: StatementArguments = [round.id, communeCode]
        d.plan = try String.fetchOne(db, sql: "SELECT body FROM review_plan WHERE campaign_id = ? AND level = 'commune' AND unit_code = ?",
                                     arguments: key).map { try ReviewJSON.decode(ReviewPlan.self, $0) }
        for body in try String.fetchAll(db, sql: "SELECT body FROM review_case WHERE round_id = ? AND commune_code = ?", arguments: key) {
            let c = try ReviewJSON.decode(HouseholdCase.self, body)
            d.cases[c.householdCode] = c
        }
        for body in try String.fetchAll(db, sql: "SELECT body FROM review_survey WHERE round_id = ? AND commune_code = ?", arguments: key) {
            let s = try ReviewJSON.decode(Survey.self, body)
            d.surveys[s.id] = s
        }
        for row in try Row.fetchAll(db, sql: "SELECT kind, body FROM review_document WHERE round_id = ? AND commune_code = ?", arguments: key) {
            guard let kind = ReviewDocumentKind(rawValue: row[0]) else { continue }
            try d.load(kind, row[1])
        }
        for body in try String.fetchAll(db, sql: "SELECT body FROM review_request WHERE round_id = ? AND commune_code = ?", arguments: key) {
            let r = try ReviewJSON.decode(ReviewRequest.self, body)
            d.requests[r.id] = r
        }
        for body in try String.fetchAll(db, sql: """
            SELECT body FROM review_certificate WHERE commune_code = ? AND standard_id = ? AND closed_on IS NULL
            """, arguments: [communeCode, round.standardID]) {
            let c = try ReviewJSON.decode(Certificate.self, body)
            d.certificates[c.householdCode] = c
        }
        d.nextCertificateSequence = try Int.fetchOne(db, sql: """
            SELECT coalesce(max(sequence), 0) + 1 FROM review_certificate WHERE commune_code = ? AND standard_id = ?
            """, arguments: [communeCode, round.standardID]) ?? 1
        for row in try Row.fetchAll(db, sql: "SELECT year, number_key FROM review_document WHERE kind = 'decision' AND commune_code = ?",
                                    arguments: [communeCode]) {
            d.usedDecisionNumbers.insert("\(row[0] as Int):\(row[1] as String)")
        }
        return d
    }

    public func withDossier<T>(round: ReviewRound, communeCode: String, communeName: String, context: AccessContext,
                               _ body: (inout CommuneDossier) throws -> T) throws -> T {
        try reviewWrite { db in
            if let frozen = try Self.roundFrozen(db, round.id), frozen { throw ReviewError.frozen(round.id) }
            let before = try Self.loadDossier(db, round: round, communeCode: communeCode, communeName: communeName)
            var after = before
            let result = try body(&after)
            try saveDossier(db, before: before, after: after, context: context)
            return result
        }
    }

    /// Whether a round is closed in the store (`nil` when the store has no such round).
    static func roundFrozen(_ db: Database, _ id: String) throws -> Bool? {
        if let state = try String.fetchOne(db, sql: "SELECT state FROM review_campaign WHERE id = ?", arguments: [id]) { return state == "closed" }
        if let state = try String.fetchOne(db, sql: "SELECT state FROM review_batch WHERE id = ?", arguments: [id]) { return state == "closed" }
        return nil
    }

    /// Writes what a step changed, refusing what review.md §3.5 forbids even if the step allowed it.
    func saveDossier(_ db: Database, before: CommuneDossier, after: CommuneDossier, context: AccessContext) throws {
        let round = after.round.id, commune = after.communeCode
        guard after.round.id == before.round.id, after.communeCode == before.communeCode else {
            throw ReviewError.invalid("dossier", "Không được đổi đợt hay xã của hồ sơ")
        }
        // Cases.
        for (code, c) in after.cases where before.cases[code] != c {
            let body = try ReviewJSON.encode(c)
            if let old = before.cases[code] {
                if old.state.isTerminal { throw ReviewError.immutable("Hồ sơ hộ \(code) (\(old.state.vietnamese))") }
                try db.execute(sql: "UPDATE review_case SET state = ?, village = ?, body = ? WHERE round_id = ? AND household_code = ?",
                               arguments: [c.state.rawValue, c.village, body, round, code])
                try audit(db, context, old.state != c.state ? .transition : .update, "review_case", [code, c.id],
                          before: ReviewJSON.summary(["state": old.state.rawValue]),
                          after: ReviewJSON.summary(["state": c.state.rawValue, "row": c.events.last.map { String($0.row) }]))
            } else {
                try db.execute(sql: """
                    INSERT INTO review_case (round_id, commune_code, household_code, village, state, body) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [round, commune, code, c.village, c.state.rawValue, body])
                try audit(db, context, .create, "review_case", [code, c.id], after: ReviewJSON.summary(["state": c.state.rawValue, "source": c.source.rawValue]))
            }
        }
        for code in before.cases.keys where after.cases[code] == nil {
            throw ReviewError.immutable("Hồ sơ hộ \(code) (không được xóa)")
        }
        // Surveys.
        for (id, s) in after.surveys where before.surveys[id] != s {
            if let old = before.surveys[id], old.state == .locked { throw ReviewError.immutable("Phiếu B \(id) đã khóa") }
            let body = try ReviewJSON.encode(s)
            try db.execute(sql: """
                INSERT INTO review_survey (id, round_id, commune_code, household_code, version, state, class, b1, b2, survey_date, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, class = excluded.class, b1 = excluded.b1, b2 = excluded.b2,
                  survey_date = excluded.survey_date, body = excluded.body
                """, arguments: [id, round, commune, s.householdCode, s.version, s.state.rawValue, s.result?.povertyClass.rawValue,
                                 s.result?.b1Score, s.result?.b2Score, s.date.isoString, body])
            try audit(db, context, s.state == .locked ? .sign : (before.surveys[id] == nil ? .create : .update), "review_survey",
                      [s.householdCode, id], after: ReviewJSON.summary(["version": String(s.version), "state": s.state.rawValue,
                                                                        "class": s.result?.povertyClass.rawValue]))
        }
        for id in before.surveys.keys where after.surveys[id] == nil { throw ReviewError.immutable("Phiếu B \(id) (không được xóa)") }
        // Documents.
        let old = try before.documentRows(), new = try after.documentRows()
        for (key, row) in new where old[key] != row {
            if let prior = old[key] { try checkDocumentChange(prior, row, before: before, after: after) }
            try db.execute(sql: """
                INSERT INTO review_document (kind, id, round_id, commune_code, number, number_key, year, state, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, id) DO UPDATE SET state = excluded.state, body = excluded.body
                """, arguments: [row.kind.rawValue, row.id, round, commune, row.number, row.number.map { VietnameseText.fold($0) },
                                 row.year, row.state, row.body])
            let action: AuditAction = row.kind == .decision || (row.kind == .notice && row.state == "signed") ? .sign
                : old[key] == nil ? .create : .update
            try audit(db, context, action, "review_\(row.kind.rawValue)", [row.id] + (row.householdCode.map { [$0] } ?? []),
                      before: old[key].map { ReviewJSON.summary(["state": $0.state]) },
                      after: ReviewJSON.summary(["state": row.state, "number": row.number]))
        }
        for key in old.keys where new[key] == nil { throw ReviewError.immutable("Văn bản \(key) (không được xóa)") }
        // Requests routed here.
        for (id, r) in after.requests where before.requests[id] == nil {
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_request WHERE id = ?)", arguments: [id]) != true {
                try db.execute(sql: """
                    INSERT INTO review_request (id, commune_code, household_code, type, received_on, round_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, commune, r.householdCode, r.type.rawValue, r.receivedOn.isoString, round, try ReviewJSON.encode(r)])
                try audit(db, context, .create, "review_request", [id, r.householdCode], after: ReviewJSON.summary(["round": round]))
            }
        }
        // Certificates.
        for (code, cert) in after.certificates where before.certificates[code] != cert {
            try db.execute(sql: """
                INSERT INTO review_certificate (id, commune_code, standard_id, sequence, household_code, closed_on, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET closed_on = excluded.closed_on, body = excluded.body
                """, arguments: [cert.id, cert.communeCode, cert.standardID, cert.sequence, code, cert.closedOn?.isoString, try ReviewJSON.encode(cert)])
            try audit(db, context, before.certificates[code] == nil ? .create : .update, "review_certificate", [cert.id, code],
                      after: ReviewJSON.summary(["number": cert.number, "closed_on": cert.closedOn?.isoString]))
        }
        // Status records and transitions the decisions produced.
        for s in after.newStatusRecords.dropFirst(before.newStatusRecords.count) { try Self.appendStatus(db, s) }
        for t in after.newTransitions.dropFirst(before.newTransitions.count) { try Self.appendTransition(db, t) }
        for r in after.newSpecialStatuses.dropFirst(before.newSpecialStatuses.count) {
            try Self.appendSpecialStatus(db, r)
            try audit(db, context, .create, "special_status", [r.householdCode] + (r.memberNo.map { ["\(r.householdCode)#\($0)"] } ?? []),
                      after: ReviewJSON.summary(["kind": r.kind.rawValue, "holds": r.holds ? "true" : "false", "decision": r.decision]))
        }
    }

    /// Registered documents change only as review.md allows: a notice once signed only in its
    /// state; a consultation once sent only in its state and opinion; a confirmed Phiếu A never.
    func checkDocumentChange(_ old: ReviewDocumentRow, _ new: ReviewDocumentRow, before: CommuneDossier, after: CommuneDossier) throws {
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
    static func appendStatus(_ db: Database, _ s: StatusRecord) throws {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM household WHERE code = ?", arguments: [s.householdCode]) else {
            throw StoreError.householdNotFound(code: s.householdCode)
        }
        try db.execute(sql: """
            INSERT INTO status_record (household_id, effective_date, class, standard_id, source, decision, campaign, recorded_at, recorded_by, supersedes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, s.effectiveDate.isoString, s.recognisedClass.rawValue, s.standardID, s.source.rawValue, s.decision, s.campaign,
                             RowMapping.timestamp(s.recordedAt), s.recordedBy, s.supersedes])
    }

    /// Appends a transition (append-only).
    static func appendTransition(_ db: Database, _ t: TransitionRecord) throws {
        try db.execute(sql: """
            INSERT INTO review_transition (household_code, commune_code, round_id, source, decision, effective_date, from_class, to_class, flow, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [t.householdCode, t.communeCode, t.roundID, t.source.rawValue, t.decisionNumber, t.effectiveDate.isoString,
                             t.from.rawValue, t.to.rawValue, t.flow.rawValue, try ReviewJSON.encode(t)])
    }
}
