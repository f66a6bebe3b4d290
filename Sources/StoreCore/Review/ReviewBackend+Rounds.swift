import Foundation
import Registry
import Review
import Store
import VietnameseText

// Campaigns, plans, monthly batches and requests, in both stores.
extension ReviewBackend {
    // MARK: Campaigns and plans

    public func createCampaign(_ campaign: Campaign, context: AccessContext) throws {
        try reviewWrite { db in
            if try db.exists("SELECT 1 FROM review_campaign WHERE province_code = ? AND year = ?", [.text(campaign.provinceCode), .int(campaign.year)]) {
                throw StoreError.constraint(code: "campaign.exists", message: "Tỉnh \(campaign.provinceCode) đã có đợt rà soát năm \(campaign.year)")
            }
            try ReviewRows.writeCampaign(db, campaign, insert: true)
            try db.audit(context, .create, "review_campaign", [campaign.id],
                         after: ReviewJSON.summary(["state": campaign.state.rawValue, "chain": campaign.chain.rawValue, "standard": campaign.standardID]))
        }
    }

    public func campaign(id: String) throws -> Campaign? {
        try reviewRead { db in try ReviewRows.campaign(db, id: id) }
    }

    public func campaigns(provinceCode: String?) throws -> [Campaign] {
        try reviewRead { db in
            try db.bodies(Campaign.self, "SELECT body FROM review_campaign WHERE CAST(? AS TEXT) IS NULL OR province_code = ? ORDER BY year DESC, id",
                          [.text(provinceCode), .text(provinceCode)])
        }
    }

    public func updateCampaign<T>(id: String, context: AccessContext, _ body: (inout Campaign) throws -> T) throws -> T {
        try reviewWrite { db in
            guard var c = try ReviewRows.campaign(db, id: id) else { throw ReviewError.notFound("đợt rà soát \(id)") }
            try c.requireNotFrozen()
            let before = c
            let result = try body(&c)
            guard c != before else { return result }
            guard c.id == before.id, c.chain == before.chain, c.provinceCode == before.provinceCode, c.year == before.year else {
                throw ReviewError.invalid("campaign", "Không được đổi mã, tỉnh, năm hay chuỗi phê duyệt của đợt rà soát")
            }
            try ReviewRows.writeCampaign(db, c, insert: false)
            try db.audit(context, c.state != before.state ? .transition : .update, "review_campaign", [id],
                         before: ReviewJSON.summary(["state": before.state.rawValue]), after: ReviewJSON.summary(["state": c.state.rawValue]))
            return result
        }
    }

    public func plans(campaignID: String) throws -> [ReviewPlan] {
        try reviewRead { db in
            try db.bodies(ReviewPlan.self, "SELECT body FROM review_plan WHERE campaign_id = ? ORDER BY level, unit_code", [.text(campaignID)])
        }
    }

    public func savePlan(_ plan: ReviewPlan, context: AccessContext) throws {
        try reviewWrite { db in
            guard try ReviewRows.campaign(db, id: plan.campaignID) != nil else { throw ReviewError.notFound("đợt rà soát \(plan.campaignID)") }
            let key: [ReviewValue] = [.text(plan.campaignID), .text(plan.level.rawValue), .text(plan.unitCode)]
            let existed = try db.exists("SELECT 1 FROM review_plan WHERE campaign_id = ? AND level = ? AND unit_code = ?", key)
            try db.execute("""
                INSERT INTO review_plan (campaign_id, level, unit_code, number, plan_date, body) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (campaign_id, level, unit_code) DO UPDATE SET number = excluded.number, plan_date = excluded.plan_date, body = excluded.body
                """, key + [.text(plan.number), .text(plan.date.isoString), .text(try ReviewJSON.encode(plan))])
            try db.audit(context, existed ? .update : .sign, "review_plan", [plan.campaignID, plan.unitCode],
                         after: ReviewJSON.summary(["level": plan.level.rawValue, "number": plan.number, "signer": plan.signer]))
        }
    }

    // MARK: Monthly batches

    public func createBatch(_ batch: MonthlyBatch, context: AccessContext) throws {
        try reviewWrite { db in
            if try db.exists("SELECT 1 FROM review_batch WHERE id = ?", [.text(batch.id)]) {
                throw StoreError.constraint(code: "batch.exists", message: "Đợt \(batch.id) đã có")
            }
            try ReviewRows.insertBatch(db, batch)
            try db.audit(context, .create, "review_batch", [batch.id], after: ReviewJSON.summary(["state": batch.state.rawValue, "chain": batch.chain.rawValue]))
        }
    }

    public func batch(id: String) throws -> MonthlyBatch? {
        try reviewRead { db in try ReviewRows.batch(db, id: id) }
    }

    public func batches(communeCode: String) throws -> [MonthlyBatch] {
        try reviewRead { db in
            try db.bodies(MonthlyBatch.self, "SELECT body FROM review_batch WHERE commune_code = ? ORDER BY year DESC, month DESC", [.text(communeCode)])
        }
    }

    public func openBatches() throws -> [MonthlyBatch] {
        try reviewRead { db in try db.bodies(MonthlyBatch.self, "SELECT body FROM review_batch WHERE state = 'open' ORDER BY id") }
    }

    public func updateBatch<T>(id: String, context: AccessContext, _ body: (inout MonthlyBatch) throws -> T) throws -> T {
        try reviewWrite { db in
            guard var b = try ReviewRows.batch(db, id: id) else { throw ReviewError.notFound("đợt \(id)") }
            if b.state == .closed { throw ReviewError.frozen(id) }
            let before = b
            let result = try body(&b)
            guard b != before else { return result }
            guard b.id == before.id, b.chain == before.chain else { throw ReviewError.invalid("batch", "Không được đổi mã hay chuỗi phê duyệt của đợt") }
            try db.execute("UPDATE review_batch SET state = ?, body = ? WHERE id = ?", [.text(b.state.rawValue), .text(try ReviewJSON.encode(b)), .text(id)])
            try db.audit(context, .transition, "review_batch", [id],
                         before: ReviewJSON.summary(["state": before.state.rawValue]), after: ReviewJSON.summary(["state": b.state.rawValue]))
            return result
        }
    }

    // MARK: Requests

    public func registerRequest(_ request: ReviewRequest, context: AccessContext) throws -> ReviewRequest {
        try request.validate()
        return try reviewWrite { db in
            guard try db.householdID(code: request.householdCode) != nil else { throw StoreError.householdNotFound(code: request.householdCode) }
            var r = request
            if r.id.isEmpty {
                let n = try db.rows("SELECT count(*) FROM review_request WHERE commune_code = ? AND substr(received_on, 1, 4) = ?",
                                    [.text(r.communeCode), .text(String(r.receivedOn.year))]) { $0.int() ?? 0 }.first ?? 0
                r.id = "YC-\(r.communeCode)-\(r.receivedOn.year)-\(n + 1)"
            }
            if let w = r.withdraws, try !db.exists("SELECT 1 FROM review_request WHERE id = ?", [.text(w)]) {
                throw ReviewError.notFound("đề nghị \(w)")
            }
            try ReviewRows.insertRequest(db, r, communeCode: r.communeCode, roundID: r.roundID)
            try db.audit(context, .create, "review_request", [r.id, r.householdCode], after: ReviewJSON.summary(["type": r.type.rawValue, "round": r.roundID]))
            return r
        }
    }

    public func requests(communeCode: String, received: DaySpan?) throws -> [ReviewRequest] {
        let start = received?.start.isoString, end = received?.end.isoString
        return try reviewRead { db in
            try db.bodies(ReviewRequest.self, """
                SELECT body FROM review_request WHERE commune_code = ? AND (CAST(? AS TEXT) IS NULL OR received_on >= ?) AND (CAST(? AS TEXT) IS NULL OR received_on <= ?)
                ORDER BY received_on, id
                """, [.text(communeCode), .text(start), .text(start), .text(end), .text(end)])
        }
    }
}

/// Row writes and reads the review records share (hàng dữ liệu rà soát).
enum ReviewRows {
    static func writeCampaign(_ db: any ReviewDatabase, _ c: Campaign, insert: Bool) throws {
        let body = try ReviewJSON.encode(c)
        if insert {
            try db.execute("""
                INSERT INTO review_campaign (id, province_code, year, chain, standard_id, state, imported, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(c.id), .text(c.provinceCode), .int(c.year), .text(c.chain.rawValue), .text(c.standardID), .text(c.state.rawValue),
                      .bool(c.imported), .text(body)])
        } else {
            try db.execute("UPDATE review_campaign SET state = ?, standard_id = ?, body = ? WHERE id = ?",
                           [.text(c.state.rawValue), .text(c.standardID), .text(body), .text(c.id)])
        }
    }

    static func campaign(_ db: any ReviewDatabase, id: String) throws -> Campaign? {
        try db.bodies(Campaign.self, "SELECT body FROM review_campaign WHERE id = ?", [.text(id)]).first
    }

    static func batch(_ db: any ReviewDatabase, id: String) throws -> MonthlyBatch? {
        try db.bodies(MonthlyBatch.self, "SELECT body FROM review_batch WHERE id = ?", [.text(id)]).first
    }

    static func insertBatch(_ db: any ReviewDatabase, _ b: MonthlyBatch) throws {
        try db.execute("""
            INSERT INTO review_batch (id, commune_code, province_code, year, month, chain, state, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(b.id), .text(b.communeCode), .text(b.provinceCode), .int(b.year), .int(b.month), .text(b.chain.rawValue),
                  .text(b.state.rawValue), .text(try ReviewJSON.encode(b))])
    }

    static func insertRequest(_ db: any ReviewDatabase, _ r: ReviewRequest, communeCode: String, roundID: String?) throws {
        try db.execute("""
            INSERT INTO review_request (id, commune_code, household_code, type, received_on, round_id, body) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(r.id), .text(communeCode), .text(r.householdCode), .text(r.type.rawValue), .text(r.receivedOn.isoString), .text(roundID),
                  .text(try ReviewJSON.encode(r))])
    }
}
