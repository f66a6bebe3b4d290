import Foundation
import Registry
import Review
import Store
import VietnameseText

// The second review migration's records in both stores: the identifications' status records,
// the province settings versions and the survey photos (SQLite `v5-review-records`, PostgreSQL
// `v7-review-records`).
extension ReviewBackend {
    // MARK: Identification statuses

    public func specialStatuses(communeCode: String) throws -> [SpecialStatusRecord] {
        try reviewRead { db in try ReviewRows.specialStatuses(db, where: "commune_code = ?", communeCode) }
    }

    public func specialStatuses(householdCode: String) throws -> [SpecialStatusRecord] {
        try reviewRead { db in try ReviewRows.specialStatuses(db, where: "household_code = ?", householdCode) }
    }

    // MARK: Province settings

    public func settingsVersions(provinceCode: String) throws -> [ReviewSettingsVersion] {
        try reviewRead { db in
            try db.bodies(ReviewSettingsVersion.self, "SELECT body FROM review_settings_version WHERE province_code = ? ORDER BY version DESC",
                          [.text(provinceCode)])
        }
    }

    public func proposeSettings(_ version: ReviewSettingsVersion, context: AccessContext) throws -> ReviewSettingsVersion {
        try reviewWrite { db in
            var v = version
            let last = try db.rows("SELECT MAX(version) FROM review_settings_version WHERE province_code = ?", [.text(v.provinceCode)]) { $0.int() }
            v.version = ((last.first ?? nil) ?? 0) + 1
            v.state = .pending
            try db.execute("INSERT INTO review_settings_version (province_code, version, state, body) VALUES (?, ?, ?, ?)",
                           [.text(v.provinceCode), .int(v.version), .text(v.state.rawValue), .text(try ReviewJSON.encode(v))])
            try db.audit(context, .settingChange, "review_settings", ["\(v.provinceCode):\(v.version)"],
                         after: ReviewJSON.summary(["state": "pending", "keys": v.changes.keys.sorted().joined(separator: ",")]))
            return v
        }
    }

    public func decideSettings(provinceCode: String, version: Int, approve: Bool, by account: String, at: Date, note: String?,
                               context: AccessContext) throws -> ReviewSettingsVersion {
        try reviewWrite { db in
            guard let body = try db.text("SELECT body FROM review_settings_version WHERE province_code = ? AND version = ?",
                                         [.text(provinceCode), .int(version)]) else {
                throw ReviewError.notFound("phiên bản cấu hình \(version) của tỉnh \(provinceCode)")
            }
            var v = try ReviewJSON.decode(ReviewSettingsVersion.self, body)
            guard v.state == .pending else { throw ReviewError.state("Phiên bản cấu hình \(version)", is: v.state.vietnamese, action: "duyệt") }
            if approve, let active = try db.text("SELECT body FROM review_settings_version WHERE province_code = ? AND state = 'active'",
                                                 [.text(provinceCode)]) {
                var old = try ReviewJSON.decode(ReviewSettingsVersion.self, active)
                old.state = .superseded
                try db.execute("UPDATE review_settings_version SET state = 'superseded', body = ? WHERE province_code = ? AND version = ?",
                               [.text(try ReviewJSON.encode(old)), .text(provinceCode), .int(old.version)])
            }
            v.state = approve ? .active : .rejected
            v.decidedBy = account
            v.decidedAt = at
            v.decisionNote = note
            try db.execute("UPDATE review_settings_version SET state = ?, body = ? WHERE province_code = ? AND version = ?",
                           [.text(v.state.rawValue), .text(try ReviewJSON.encode(v)), .text(provinceCode), .int(version)])
            try db.audit(context, .settingChange, "review_settings", ["\(provinceCode):\(version)"],
                         before: ReviewJSON.summary(["state": "pending"]), after: ReviewJSON.summary(["state": v.state.rawValue]))
            return v
        }
    }

    // MARK: Photos

    public func savePhoto(_ photo: ReviewPhoto, context: AccessContext) throws {
        try reviewWrite { db in
            guard try !db.exists("SELECT 1 FROM review_photo WHERE id = ?", [.text(photo.id)]) else { return }
            try db.execute("""
                INSERT INTO review_photo (id, round_id, commune_code, household_code, content_type, size, data, uploaded_at, uploaded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(photo.id), .text(photo.roundID), .text(photo.communeCode), .text(photo.householdCode), .text(photo.contentType),
                      .int(photo.data.count), .data(photo.data), .text(RecordColumns.timestamp(photo.uploadedAt)), .text(photo.uploadedBy)])
            try db.audit(context, .create, "review_photo", [photo.id, photo.householdCode],
                         after: ReviewJSON.summary(["round": photo.roundID, "type": photo.contentType, "bytes": String(photo.data.count)]))
        }
    }

    public func photos(roundID: String, householdCode: String) throws -> [ReviewPhoto] {
        try reviewRead { db in
            try db.rows("""
                SELECT id, round_id, commune_code, household_code, content_type, uploaded_at, uploaded_by FROM review_photo
                WHERE round_id = ? AND household_code = ? ORDER BY uploaded_at, id
                """, [.text(roundID), .text(householdCode)]) { r in
                ReviewPhoto(id: r.text() ?? "", roundID: r.text() ?? "", communeCode: r.text() ?? "", householdCode: r.text() ?? "",
                            contentType: r.text() ?? "", data: Data(), uploadedAt: RecordColumns.date(fromTimestamp: r.text() ?? ""),
                            uploadedBy: r.text() ?? "")
            }
        }
    }

    public func photo(id: String) throws -> ReviewPhoto? {
        try reviewRead { db in
            try db.rows("""
                SELECT id, round_id, commune_code, household_code, content_type, data, uploaded_at, uploaded_by FROM review_photo WHERE id = ?
                """, [.text(id)]) { r in
                ReviewPhoto(id: r.text() ?? "", roundID: r.text() ?? "", communeCode: r.text() ?? "", householdCode: r.text() ?? "",
                            contentType: r.text() ?? "", data: r.data() ?? Data(), uploadedAt: RecordColumns.date(fromTimestamp: r.text() ?? ""),
                            uploadedBy: r.text() ?? "")
            }.first
        }
    }
}

extension ReviewRows {
    /// Appends an identification's status record, linking it to the previous record of the same
    /// household (or person) and kind.
    static func appendSpecialStatus(_ db: any ReviewDatabase, _ r: SpecialStatusRecord) throws {
        let previous = try db.rows("""
            SELECT seq FROM special_status WHERE kind = ? AND household_code = ? AND COALESCE(member_no, -1) = COALESCE(?, -1)
            ORDER BY seq DESC LIMIT 1
            """, [.text(r.kind.rawValue), .text(r.householdCode), .int(r.memberNo)]) { $0.int64() }.first ?? nil
        try db.execute("""
            INSERT INTO special_status (kind, household_code, member_no, commune_code, holds, effective_date, valid_until, standard_id, source, decision,
                                        round_id, identification_id, recorded_at, recorded_by, supersedes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(r.kind.rawValue), .text(r.householdCode), .int(r.memberNo), .text(r.communeCode), .bool(r.holds),
                  .text(r.effectiveDate.isoString), .text(r.validUntil?.isoString), .text(r.standardID), .text(r.source.rawValue),
                  .text(r.decision), .text(r.roundID), .text(r.identificationID), .text(RecordColumns.timestamp(r.recordedAt)),
                  .text(r.recordedBy), .int(previous.map { Int($0) })])
    }

    /// The status records matching `clause` (one `?`), oldest first.
    static func specialStatuses(_ db: any ReviewDatabase, where clause: String, _ argument: String) throws -> [SpecialStatusRecord] {
        try db.rows("""
            SELECT seq, kind, household_code, member_no, commune_code, holds, effective_date, valid_until, standard_id, source, decision,
                   round_id, identification_id, recorded_at, recorded_by, supersedes
            FROM special_status WHERE \(clause) ORDER BY effective_date, seq
            """, [.text(argument)]) { row in
            let seq = row.int64()
            var r = SpecialStatusRecord(
                kind: SpecialStatusKind(rawValue: row.text() ?? "") ?? .avgAgri, householdCode: row.text() ?? "", memberNo: row.int(),
                communeCode: row.text() ?? "", holds: row.bool() ?? false,
                effectiveDate: RecordColumns.parseISODate(row.text() ?? "") ?? CivilDate(year: 1970, month: 1, day: 1),
                validUntil: row.text().flatMap(RecordColumns.parseISODate), standardID: row.text() ?? "",
                source: StatusSource(rawValue: row.text() ?? "") ?? .regular, decision: row.text() ?? "", roundID: row.text() ?? "",
                identificationID: row.text() ?? "", recordedAt: RecordColumns.date(fromTimestamp: row.text() ?? ""), recordedBy: row.text() ?? "")
            r.sequence = seq
            r.supersedes = row.int64()
            return r
        }
    }
}
