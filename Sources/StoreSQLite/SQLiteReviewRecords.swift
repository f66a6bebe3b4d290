import Foundation
import GRDB
import Registry
import Review
import Store
import VietnameseText

/// The second migration's records on SQLite: the identifications' status records, the province
/// settings versions and the survey photos (`v5-review-records`).
extension SQLiteRegistryStore {
    // MARK: Identification statuses

    /// Appends an identification's status record, linking it to the previous record of the same
    /// household (or person) and kind.
    static func appendSpecialStatus(_ db: Database, _ r: SpecialStatusRecord) throws {
        let previous = try Int64.fetchOne(db, sql: """
            SELECT seq FROM special_status WHERE kind = ? AND household_code = ? AND member_no IS ? ORDER BY seq DESC LIMIT 1
            """, arguments: [r.kind.rawValue, r.householdCode, r.memberNo])
        try db.execute(sql: """
            INSERT INTO special_status (kind, household_code, member_no, commune_code, holds, effective_date, valid_until, standard_id, source, decision,
                                        round_id, identification_id, recorded_at, recorded_by, supersedes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.kind.rawValue, r.householdCode, r.memberNo, r.communeCode, r.holds, r.effectiveDate.isoString, r.validUntil?.isoString,
                             r.standardID, r.source.rawValue, r.decision, r.roundID, r.identificationID, RowMapping.timestamp(r.recordedAt),
                             r.recordedBy, previous])
    }

    static func specialStatuses(_ db: Database, where clause: String, _ argument: String) throws -> [SpecialStatusRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM special_status WHERE \(clause) ORDER BY effective_date, seq", arguments: [argument]).map { row in
            var r = SpecialStatusRecord(
                kind: SpecialStatusKind(rawValue: row["kind"]) ?? .avgAgri, householdCode: row["household_code"], memberNo: row["member_no"],
                communeCode: row["commune_code"], holds: row["holds"], effectiveDate: RowMapping.parseISODate(row["effective_date"]) ?? CivilDate(year: 1970, month: 1, day: 1),
                validUntil: (row["valid_until"] as String?).flatMap(RowMapping.parseISODate), standardID: row["standard_id"],
                source: StatusSource(rawValue: row["source"]) ?? .regular, decision: row["decision"], roundID: row["round_id"],
                identificationID: row["identification_id"], recordedAt: RowMapping.date(fromTimestamp: row["recorded_at"]), recordedBy: row["recorded_by"])
            r.sequence = row["seq"]
            r.supersedes = row["supersedes"]
            return r
        }
    }

    public func specialStatuses(communeCode: String) throws -> [SpecialStatusRecord] {
        try pool.read { db in try Self.specialStatuses(db, where: "commune_code = ?", communeCode) }
    }

    public func specialStatuses(householdCode: String) throws -> [SpecialStatusRecord] {
        try pool.read { db in try Self.specialStatuses(db, where: "household_code = ?", householdCode) }
    }

    // MARK: Province settings

    public func settingsVersions(provinceCode: String) throws -> [ReviewSettingsVersion] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_settings_version WHERE province_code = ? ORDER BY version DESC", arguments: [provinceCode])
                .map { try ReviewJSON.decode(ReviewSettingsVersion.self, $0) }
        }
    }

    public func proposeSettings(_ version: ReviewSettingsVersion, context: AccessContext) throws -> ReviewSettingsVersion {
        try reviewWrite { db in
            var v = version
            v.version = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM review_settings_version WHERE province_code = ?",
                                          arguments: [v.provinceCode]) ?? 0) + 1
            v.state = .pending
            try db.execute(sql: "INSERT INTO review_settings_version (province_code, version, state, body) VALUES (?, ?, ?, ?)",
                           arguments: [v.provinceCode, v.version, v.state.rawValue, try ReviewJSON.encode(v)])
            try audit(db, context, .settingChange, "review_settings", ["\(v.provinceCode):\(v.version)"],
                      after: ReviewJSON.summary(["state": "pending", "keys": v.changes.keys.sorted().joined(separator: ",")]))
            return v
        }
    }

    public func decideSettings(provinceCode: String, version: Int, approve: Bool, by account: String, at: Date, note: String?,
                               context: AccessContext) throws -> ReviewSettingsVersion {
        try reviewWrite { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM review_settings_version WHERE province_code = ? AND version = ?",
                                                 arguments: [provinceCode, version]) else {
                throw ReviewError.notFound("phiên bản cấu hình \(version) của tỉnh \(provinceCode)")
            }
            var v = try ReviewJSON.decode(ReviewSettingsVersion.self, body)
            guard v.state == .pending else { throw ReviewError.state("Phiên bản cấu hình \(version)", is: v.state.vietnamese, action: "duyệt") }
            if approve, let active = try String.fetchOne(db, sql: "SELECT body FROM review_settings_version WHERE province_code = ? AND state = 'active'",
                                                         arguments: [provinceCode]) {
                var old = try ReviewJSON.decode(ReviewSettingsVersion.self, active)
                old.state = .superseded
                try db.execute(sql: "UPDATE review_settings_version SET state = 'superseded', body = ? WHERE province_code = ? AND version = ?",
                               arguments: [try ReviewJSON.encode(old), provinceCode, old.version])
            }
            v.state = approve ? .active : .rejected
            v.decidedBy = account
            v.decidedAt = at
            v.decisionNote = note
            try db.execute(sql: "UPDATE review_settings_version SET state = ?, body = ? WHERE province_code = ? AND version = ?",
                           arguments: [v.state.rawValue, try ReviewJSON.encode(v), provinceCode, version])
            try audit(db, context, .settingChange, "review_settings", ["\(provinceCode):\(version)"],
                      before: ReviewJSON.summary(["state": "pending"]), after: ReviewJSON.summary(["state": v.state.rawValue]))
            return v
        }
    }

    // MARK: Photos

    public func savePhoto(_ photo: ReviewPhoto, context: AccessContext) throws {
        try reviewWrite { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_photo WHERE id = ?)", arguments: [photo.id]) != true else { return }
            try db.execute(sql: """
                INSERT INTO review_photo (id, round_id, commune_code, household_code, content_type, size, data, uploaded_at, uploaded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [photo.id, photo.roundID, photo.communeCode, photo.householdCode, photo.contentType, photo.data.count, photo.data,
                                 RowMapping.timestamp(photo.uploadedAt), photo.uploadedBy])
            try audit(db, context, .create, "review_photo", [photo.id, photo.householdCode],
                      after: ReviewJSON.summary(["round": photo.roundID, "type": photo.contentType, "bytes": String(photo.data.count)]))
        }
    }

    public func photos(roundID: String, householdCode: String) throws -> [ReviewPhoto] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, round_id, commune_code, household_code, content_type, uploaded_at, uploaded_by FROM review_photo
                WHERE round_id = ? AND household_code = ? ORDER BY uploaded_at, id
                """, arguments: [roundID, householdCode]).map { row in
                ReviewPhoto(id: row["id"], roundID: row["round_id"], communeCode: row["commune_code"], householdCode: row["household_code"],
                            contentType: row["content_type"], data: Data(), uploadedAt: RowMapping.date(fromTimestamp: row["uploaded_at"]),
                            uploadedBy: row["uploaded_by"])
            }
        }
    }

    public func photo(id: String) throws -> ReviewPhoto? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM review_photo WHERE id = ?", arguments: [id]).map { row in
                ReviewPhoto(id: row["id"], roundID: row["round_id"], communeCode: row["commune_code"], householdCode: row["household_code"],
                            contentType: row["content_type"], data: row["data"], uploadedAt: RowMapping.date(fromTimestamp: row["uploaded_at"]),
                            uploadedBy: row["uploaded_by"])
            }
        }
    }
}
