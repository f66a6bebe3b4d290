import Foundation
import GRDB
import Registry
import Review
import Store
import VietnameseText

/// JSON of the review records as stored in `body` columns: sorted keys, instants to the
/// millisecond in the registry's timestamp form, days as `yyyy-MM-dd`.
enum ReviewJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RowMapping.timestamp(date))
        }
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            return RowMapping.date(fromTimestamp: try c.decode(String.self))
        }
        return try d.decode(type, from: Data(text.utf8))
    }

    /// A short summary for the audit log's before/after: never the record itself, which may
    /// carry CCCD numbers and names (the audit log is not where personal data should spread).
    static func summary(_ fields: [String: String?]) -> String {
        var out = "{"
        for (i, (key, value)) in fields.compactMapValues({ $0 }).sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.appendString(value, to: &out)
        }
        return out + "}"
    }
}

/// Maps the database's immutability triggers (`RAISE(ABORT, 'review.…')`) to store errors.
func reviewStoreError(_ error: Error) -> Error {
    guard let db = error as? DatabaseError, let message = db.message, message.hasPrefix("review") else { return error }
    let code = String(message.prefix { $0 != ":" })
    return StoreError.constraint(code: code, message: "Hồ sơ rà soát đã khóa, không được sửa (\(message))")
}

extension SQLiteRegistryStore: ReviewStore {
    /// A write transaction whose trigger refusals become ``StoreError/constraint(code:message:)``.
    func reviewWrite<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw reviewStoreError(error) }
    }

    func audit(_ db: Database, _ context: AccessContext, _ action: AuditAction, _ type: String, _ ids: [String],
               before: String? = nil, after: String? = nil) throws {
        try AuditLog.append(db, AuditLog.Draft(access: context, action: action, entityType: type, entityIDs: ids, before: before, after: after))
    }

    // MARK: Campaigns and plans

    public func createCampaign(_ campaign: Campaign, context: AccessContext) throws {
        try reviewWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_campaign WHERE province_code = ? AND year = ?)",
                                 arguments: [campaign.provinceCode, campaign.year]) == true {
                throw StoreError.constraint(code: "campaign.exists", message: "Tỉnh \(campaign.provinceCode) đã có đợt rà soát năm \(campaign.year)")
            }
            try Self.writeCampaign(db, campaign, insert: true)
            try audit(db, context, .create, "review_campaign", [campaign.id],
                      after: ReviewJSON.summary(["state": campaign.state.rawValue, "chain": campaign.chain.rawValue, "standard": campaign.standardID]))
        }
    }

    static func writeCampaign(_ db: Database, _ c: Campaign, insert: Bool) throws {
        let body = try ReviewJSON.encode(c)
        if insert {
            try db.execute(sql: """
                INSERT INTO review_campaign (id, province_code, year, chain, standard_id, state, imported, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.id, c.provinceCode, c.year, c.chain.rawValue, c.standardID, c.state.rawValue, c.imported, body])
        } else {
            try db.execute(sql: "UPDATE review_campaign SET state = ?, standard_id = ?, body = ? WHERE id = ?",
                           arguments: [c.state.rawValue, c.standardID, body, c.id])
        }
    }

    public func campaign(id: String) throws -> Campaign? {
        try pool.read { db in try Self.campaign(db, id: id) }
    }

    static func campaign(_ db: Database, id: String) throws -> Campaign? {
        try String.fetchOne(db, sql: "SELECT body FROM review_campaign WHERE id = ?", arguments: [id]).map { try ReviewJSON.decode(Campaign.self, $0) }
    }

    public func campaigns(provinceCode: String?) throws -> [Campaign] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_campaign WHERE ?1 IS NULL OR province_code = ?1 ORDER BY year DESC, id",
                                arguments: [provinceCode]).map { try ReviewJSON.decode(Campaign.self, $0) }
        }
    }

    public func updateCampaign<T>(id: String, context: AccessContext, _ body: (inout Campaign) throws -> T) throws -> T {
        try reviewWrite { db in
            guard var c = try Self.campaign(db, id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            try c.requireNotFrozen()
            let before = c
            let result = try body(&c)
            guard c != before else { return result }
            guard c.id == before.id, c.chain == before.chain, c.provinceCode == before.provinceCode, c.year == before.year else {
                throw ReviewError.invalid("campaign", "Không được đổi mã, tỉnh, năm hay chuỗi phê duyệt của đợt rà soát")
            }
            try Self.writeCampaign(db, c, insert: false)
            try audit(db, context, c.state != before.state ? .transition : .update, "review_campaign", [id],
                      before: ReviewJSON.summary(["state": before.state.rawValue]), after: ReviewJSON.summary(["state": c.state.rawValue]))
            return result
        }
    }

    public func plans(campaignID: String) throws -> [ReviewPlan] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_plan WHERE campaign_id = ? ORDER BY level, unit_code", arguments: [campaignID])
                .map { try ReviewJSON.decode(ReviewPlan.self, $0) }
        }
    }

    public func savePlan(_ plan: ReviewPlan, context: AccessContext) throws {
        try reviewWrite { db in
            guard try Self.campaign(db, id: plan.campaignID) != nil else { throw ReviewError.notFound("đợt rà soát \(plan.campaignID)") }
            let existed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_plan WHERE campaign_id = ? AND level = ? AND unit_code = ?)",
                                            arguments: [plan.campaignID, plan.level.rawValue, plan.unitCode]) ?? false
            try db.execute(sql: """
                INSERT INTO review_plan (campaign_id, level, unit_code, number, plan_date, body) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (campaign_id, level, unit_code) DO UPDATE SET number = excluded.number, plan_date = excluded.plan_date, body = excluded.body
                """, arguments: [plan.campaignID, plan.level.rawValue, plan.unitCode, plan.number, plan.date.isoString, try ReviewJSON.encode(plan)])
            try audit(db, context, existed ? .update : .sign, "review_plan", [plan.campaignID, plan.unitCode],
                      after: ReviewJSON.summary(["level": plan.level.rawValue, "number": plan.number, "signer": plan.signer]))
        }
    }

    // MARK: Monthly batches

    public func createBatch(_ batch: MonthlyBatch, context: AccessContext) throws {
        try reviewWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_batch WHERE id = ?)", arguments: [batch.id]) == true {
                throw StoreError.constraint(code: "batch.exists", message: "Đợt \(batch.id) đã có")
            }
            try db.execute(sql: """
                INSERT INTO review_batch (id, commune_code, province_code, year, month, chain, state, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [batch.id, batch.communeCode, batch.provinceCode, batch.year, batch.month, batch.chain.rawValue,
                                 batch.state.rawValue, try ReviewJSON.encode(batch)])
            try audit(db, context, .create, "review_batch", [batch.id], after: ReviewJSON.summary(["state": batch.state.rawValue, "chain": batch.chain.rawValue]))
        }
    }

    public func batch(id: String) throws -> MonthlyBatch? {
        try pool.read { db in try Self.batch(db, id: id) }
    }

    static func batch(_ db: Database, id: String) throws -> MonthlyBatch? {
        try String.fetchOne(db, sql: "SELECT body FROM review_batch WHERE id = ?", arguments: [id]).map { try ReviewJSON.decode(MonthlyBatch.self, $0) }
    }

    public func batches(communeCode: String) throws -> [MonthlyBatch] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_batch WHERE commune_code = ? ORDER BY year DESC, month DESC", arguments: [communeCode])
                .map { try ReviewJSON.decode(MonthlyBatch.self, $0) }
        }
    }

    public func openBatches() throws -> [MonthlyBatch] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM review_batch WHERE state = 'open' ORDER BY id").map { try ReviewJSON.decode(MonthlyBatch.self, $0) }
        }
    }

    public func updateBatch<T>(id: String, context: AccessContext, _ body: (inout MonthlyBatch) throws -> T) throws -> T {
        try reviewWrite { db in
            guard var b = try Self.batch(db, id: id) else { throw ReviewError.notFound("đợt \(id)") }
            if b.state == .closed { throw ReviewError.frozen(id) }
            let before = b
            let result = try body(&b)
            guard b != before else { return result }
            guard b.id == before.id, b.chain == before.chain else { throw ReviewError.invalid("batch", "Không được đổi mã hay chuỗi phê duyệt của đợt") }
            try db.execute(sql: "UPDATE review_batch SET state = ?, body = ? WHERE id = ?", arguments: [b.state.rawValue, try ReviewJSON.encode(b), id])
            try audit(db, context, .transition, "review_batch", [id],
                      before: ReviewJSON.summary(["state": before.state.rawValue]), after: ReviewJSON.summary(["state": b.state.rawValue]))
            return result
        }
    }

    // MARK: Requests

    public func registerRequest(_ request: ReviewRequest, context: AccessContext) throws -> ReviewRequest {
        try request.validate()
        return try reviewWrite { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM household WHERE code = ?)", arguments: [request.householdCode]) == true else {
                throw StoreError.householdNotFound(code: request.householdCode)
            }
            var r = request
            if r.id.isEmpty {
                let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM review_request WHERE commune_code = ? AND substr(received_on, 1, 4) = ?",
                                         arguments: [r.communeCode, String(r.receivedOn.year)]) ?? 0
                r.id = "YC-\(r.communeCode)-\(r.receivedOn.year)-\(n + 1)"
            }
            if let w = r.withdraws, try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_request WHERE id = ?)", arguments: [w]) != true {
                throw ReviewError.notFound("đề nghị \(w)")
            }
            try db.execute(sql: """
                INSERT INTO review_request (id, commune_code, household_code, type, received_on, round_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.id, r.communeCode, r.householdCode, r.type.rawValue, r.receivedOn.isoString, r.roundID, try ReviewJSON.encode(r)])
            try audit(db, context, .create, "review_request", [r.id, r.householdCode],
                      after: ReviewJSON.summary(["type": r.type.rawValue, "round": r.roundID]))
            return r
        }
    }

    public func requests(communeCode: String, received: DaySpan?) throws -> [ReviewRequest] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM review_request WHERE commune_code = ? AND (?2 IS NULL OR received_on >= ?2) AND (?3 IS NULL OR received_on <= ?3)
                ORDER BY received_on, id
                """, arguments: [communeCode, received?.start.isoString, received?.end.isoString]).map { try ReviewJSON.decode(ReviewRequest.self, $0) }
        }
    }
}
