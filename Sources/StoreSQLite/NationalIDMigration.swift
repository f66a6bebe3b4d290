import Foundation
import GRDB
import PersonalDataProtection
import Registry
import Store
import StoreCore

/// Schema v4 (bảo vệ số CCCD): CCCD numbers stop being stored in clear (roles.md §6).
///
/// In one transaction (GRDB's migrator runs each migration in one), on the first open by this
/// version: every member's `national_id` becomes `national_id_sealed` (AES-256-GCM),
/// `national_id_hash` (HMAC-SHA256/128) and `national_id_last4` (unique index on both), and the clear column
/// and its index are dropped; the values inside version rows (`household_change.before/after`)
/// become sealed tokens (`enc1:…`), so the history still shows them to those allowed to see them;
/// the audit log's before/after texts keep only masked numbers (`********1234`).
///
/// The audit log is append-only and hash-chained, so masking its old entries means re-sealing the
/// chain from the first entry changed: the migration drops the append-only triggers for the
/// rewrite, recomputes every later hash, puts the triggers back and appends an entry recording the
/// re-seal with the previous head hash, so a holder of an old anchor can follow the chain across.
///
/// The store runs this with `PRAGMA secure_delete` on, so the clear numbers are overwritten in the
/// file's pages rather than left in free space. That is not enough: `member` is a WITHOUT ROWID
/// table, whose interior B-tree pages hold whole copies of some rows as dividers, and rewriting
/// the rows leaves those copies as they were (found at a million households: 3,310 numbers in
/// clear on interior pages after the migration). So a migration that changed anything marks the
/// file (`personal_data_key.clear_remnants`), and ``removeRemnants(_:)`` then rebuilds it with
/// `VACUUM` — every B-tree built afresh from the sealed rows — and truncates the WAL; an
/// interrupted rebuild is redone at the next open.
enum NationalIDMigration {
    static let identifier = "v4-national-id-protection"

    /// The stored key check table and the member columns.
    static let schema = """
        -- Which key the CCCD columns are sealed with: the key itself lives outside the database
        -- (PersonalDataKey); this only lets a wrong key file be refused.
        CREATE TABLE personal_data_key (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          key_check TEXT NOT NULL,
          scheme TEXT NOT NULL,           -- national_id: aes-256-gcm, hmac-sha256/128, last 4
          created_at TEXT NOT NULL,
          clear_remnants INTEGER NOT NULL DEFAULT 0  -- 1 until the file is rebuilt after sealing clear numbers
        );
        ALTER TABLE member ADD COLUMN national_id_sealed BLOB;   -- nonce ‖ ciphertext ‖ tag
        ALTER TABLE member ADD COLUMN national_id_hash BLOB;     -- HMAC-SHA256 under the lookup key, 16 bytes
        ALTER TABLE member ADD COLUMN national_id_last4 TEXT;    -- shown in masked lists anyway
        """

    static let scheme = "national_id: aes-256-gcm sealed, hmac-sha256/128 lookup, last 4 in clear"

    static func run(_ db: Database, cipher: NationalIDCipher) throws {
        try refuseDuplicates(db)
        try db.execute(sql: schema)
        try db.execute(sql: "INSERT INTO personal_data_key (id, key_check, scheme, created_at) VALUES (1, ?, ?, ?)",
                       arguments: [cipher.keyCheck, scheme, RowMapping.timestamp(Date())])
        let members = try sealMembers(db, cipher: cipher)
        try db.execute(sql: "DROP INDEX IF EXISTS member_national_id")
        try db.execute(sql: "ALTER TABLE member DROP COLUMN national_id")
        for index in Schema.bulkIndexes where index.name.hasPrefix("member_national_id_") {
            try db.execute(sql: index.sql)
        }
        let versions = try sealVersionRows(db, cipher: cipher)
        let audit = try maskAuditLog(db)
        if members + versions + audit.masked > 0 {
            try db.execute(sql: "UPDATE personal_data_key SET clear_remnants = 1")
            var after = "{\"members_sealed\":\(members),\"versions_sealed\":\(versions),\"audit_entries_masked\":\(audit.masked)"
            if let from = audit.resealedFrom {
                after += ",\"chain_resealed_from\":\(from),\"previous_head_hash\":\"\(audit.previousHead)\""
            }
            after += "}"
            // `v4-audit-entity-kind` ran before this migration (Schema.migrator), so today's audit
            // writer links the entry with its kind.
            try AuditLog.append(db, AuditLog.Draft(
                access: AccessContext(account: "system:migration"), action: .update, entityType: "registry",
                entityIDs: [identifier], after: after))
        }
    }

    /// Rebuilds a file whose clear numbers were sealed (see above), if it has not been yet.
    static func removeRemnants(_ pool: DatabasePool) throws {
        let pending = try pool.read { db in
            try db.tableExists("personal_data_key")
                && (try Bool.fetchOne(db, sql: "SELECT clear_remnants FROM personal_data_key WHERE id = 1") ?? false)
        }
        guard pending else { return }
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            try db.execute(sql: "UPDATE personal_data_key SET clear_remnants = 0")
            _ = try? db.checkpoint(.truncate)
        }
    }

    /// A clear-text registry holding one number twice cannot get its unique index: name the
    /// households so they can be corrected with the earlier version.
    private static func refuseDuplicates(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT m.national_id, group_concat(h.code || ' STT ' || m.member_no, ', ') FROM member m
            JOIN household h ON h.id = m.household_id
            WHERE m.national_id IN (SELECT national_id FROM member WHERE national_id IS NOT NULL GROUP BY national_id HAVING count(*) > 1)
            GROUP BY m.national_id LIMIT 20
            """)
        guard !rows.isEmpty else { return }
        let list = rows.map { "\(NationalIDCipher.masked(last4: NationalIDCipher.last4($0[0]))): \($0[1] as String)" }
        throw StoreError.constraint(
            code: "national_id.duplicate",
            message: "Không mã hóa được số CCCD: sổ hộ có số CCCD trùng (\(list.joined(separator: "; "))). "
                + "Hãy sửa bằng phiên bản trước rồi mở lại — duplicate national ids block the encryption migration")
    }

    /// Seals every member's number; returns how many. Read in key order, 10,000 members at a
    /// time (memory stays flat on a national registry), sealed with nonces drawn in batches.
    private static func sealMembers(_ db: Database, cipher: NationalIDCipher) throws -> Int {
        let update = try RawStatement(db, sql: """
            UPDATE member SET national_id_sealed = ?, national_id_hash = ?, national_id_last4 = ?
            WHERE household_id = ? AND member_no = ?
            """)
        let select = try db.makeStatement(sql: """
            SELECT household_id, member_no, national_id FROM member
            WHERE national_id IS NOT NULL AND (household_id, member_no) > (?, ?)
            ORDER BY household_id, member_no LIMIT 10000
            """)
        let sealer = NationalIDBatchSealer(cipher: cipher)
        var count = 0
        var after: (Int64, Int) = (Int64.min, Int.min)
        while true {
            let rows = try Row.fetchAll(select, arguments: [after.0, after.1])
            guard let last = rows.last else { return count }
            for row in rows {
                let id: String = row[2]
                update.bind(blob: sealer.seal(id))
                update.bind(blob: cipher.lookupHash(id))
                update.bind(NationalIDCipher.last4(id))
                update.bind(row[0] as Int64)
                update.bind(row[1] as Int)
                try update.run()
            }
            count += rows.count
            after = (last[0], last[1])
        }
    }

    /// Seals the CCCD values inside version rows; returns how many rows changed.
    private static func sealVersionRows(_ db: Database, cipher: NationalIDCipher) throws -> Int {
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, before, after FROM household_change
            WHERE before LIKE '%"national_id":"%' OR after LIKE '%"national_id":"%'
            """)
        for row in rows {
            try db.execute(sql: "UPDATE household_change SET before = ?, after = ? WHERE id = ?", arguments: [
                (row[1] as String?).map { ChangeJSON.sealingNationalIDs(in: $0, cipher: cipher) },
                (row[2] as String?).map { ChangeJSON.sealingNationalIDs(in: $0, cipher: cipher) }, row[0] as Int64,
            ])
        }
        return rows.count
    }

    /// Masks 12-digit runs in the audit log's before/after texts and re-seals the chain from the
    /// first entry changed.
    private static func maskAuditLog(_ db: Database) throws -> (masked: Int, resealedFrom: Int64?, previousHead: String) {
        let digits = String(repeating: "[0-9]", count: 12)
        let candidates = try Int64.fetchAll(db, sql: """
            SELECT seq FROM audit_log WHERE before GLOB '*\(digits)*' OR after GLOB '*\(digits)*' ORDER BY seq
            """)
        var changed: [Int64: (before: String?, after: String?)] = [:]
        for seq in candidates {
            guard let row = try Row.fetchOne(db, sql: "SELECT before, after FROM audit_log WHERE seq = ?", arguments: [seq]) else { continue }
            let before: String? = row[0], after: String? = row[1]
            let maskedBefore = before.map(NationalIDMask.maskingDigitRuns), maskedAfter = after.map(NationalIDMask.maskingDigitRuns)
            if maskedBefore != before || maskedAfter != after { changed[seq] = (maskedBefore, maskedAfter) }
        }
        let previousHead = try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") ?? AuditChain.genesisHash
        guard let first = changed.keys.min() else { return (0, nil, previousHead) }
        try db.execute(sql: "DROP TRIGGER audit_log_no_update")
        var anchor = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                                         arguments: [first]) ?? AuditChain.genesisHash
        let update = try db.makeStatement(sql: "UPDATE audit_log SET before = ?, after = ?, prev_hash = ?, hash = ? WHERE seq = ?")
        var after: Int64 = first - 1
        while true {
            let chunk = try Row.fetchAll(db, sql: "SELECT \(AuditLog.columns) FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 10000",
                                         arguments: [after]).map(AuditLog.entry(from:))
            guard let last = chunk.last else { break }
            for var entry in chunk {
                if let masked = changed[entry.sequence] {
                    entry.before = masked.before
                    entry.after = masked.after
                }
                let sealed = AuditEntry.sealed(entry, after: anchor)
                try update.execute(arguments: [sealed.before, sealed.after, sealed.previousHash, sealed.hash, sealed.sequence])
                anchor = sealed.hash
            }
            after = last.sequence
        }
        try db.execute(sql: """
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
              BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """)
        return (changed.count, first, previousHead)
    }
}
