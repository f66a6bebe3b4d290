import Foundation
import GRDB
import Registry
import Store
import StoreCore

/// The append-only, hash-chained audit log in SQLite (nhật ký kiểm toán, roles.md §5).
///
/// Entries are appended inside the caller's transaction, so an audit entry exists exactly when
/// the write it describes committed. Triggers in the schema reject UPDATE and DELETE; each
/// entry's `hash` chains the previous entry's hash with its canonical form
/// (`AuditEntry.canonicalForm`), so editing the file by hand is detected by `verify`.
///
/// The before/after texts never hold a whole CCCD (roles.md §6): every run of 12 digits in them is
/// masked on the way in (``AuditDraft/sealed(sequence:previousHash:at:)``, `NationalIDMask`) — field changes, search queries typed with a number,
/// export descriptions alike — so the log shows what lists show (`********1234`). The exact old and
/// new numbers of an edit stay, sealed, in the household's version rows.
enum AuditLog {
    /// What the caller knows of an entry; sequence, time and hashes are added here.
    typealias Draft = AuditDraft

    /// Appends one entry; returns it sealed. `linked`: whether to add its `audit_entity` links
    /// here (a migration running before `v4-audit-entity-kind` adds them in the old shape itself).
    @discardableResult
    static func append(_ db: Database, _ draft: Draft, at: Date = Date(), linked: Bool = true) throws -> AuditEntry {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        let previousHash: String = last?["hash"] ?? AuditChain.genesisHash
        let sequence: Int64 = (last?["seq"] ?? 0) + 1
        let entry = draft.sealed(sequence: sequence, previousHash: previousHash, at: at)
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (\(columns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [entry.sequence, RowMapping.timestamp(entry.at), entry.account, entry.role, entry.assignment,
                             entry.ip, entry.userAgent, entry.requestID, entry.action.rawValue, entry.entityType,
                             jsonArray(entry.entityIDs), entry.before, entry.after, entry.purpose, entry.rowCount,
                             entry.fileHash, entry.previousHash, entry.hash])
        guard linked else { return entry }
        let link = try db.cachedStatement(sql: "INSERT OR IGNORE INTO audit_entity (entity_id, kind, seq) VALUES (?, ?, ?)")
        let kind = draft.action.kind.rawValue
        for id in draft.linkedEntityIDs { try link.execute(arguments: [id, kind, sequence]) }
        return entry
    }

    /// The columns of `audit_log` in the order ``entry(from:)`` reads them.
    static let columns = "seq, at, account, role, assignment, ip, user_agent, request_id, action, entity_type, "
        + "entity_ids, before, after, purpose, row_count, file_hash, prev_hash, hash"

    /// ``columns`` qualified by the alias `a` (`a.seq, a.at, …`), as the audit queries name the log.
    static let columnsOfA = columns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: ", ")

    /// An entry from a row selecting ``columns`` in order. Read by position: looking columns up
    /// by name lower-cases each name on every read (GRDB), which was most of the cost of the
    /// household page's audit trail under `perf`.
    static func entry(from row: Row) -> AuditEntry {
        let ids: String = row[10]
        let entityIDs = JSONStringArray.decode(ids) ?? []
        return AuditEntry(
            sequence: row[0], at: RowMapping.date(fromTimestamp: row[1]), account: row[2], role: row[3],
            assignment: row[4], ip: row[5], userAgent: row[6], requestID: row[7],
            action: AuditAction(rawValue: row[8]) ?? .update, entityType: row[9], entityIDs: entityIDs,
            before: row[11], after: row[12], purpose: row[13], rowCount: row[14],
            fileHash: row[15], previousHash: row[16], hash: row[17])
    }

    /// The first entry whose hash does not recompute or whose link is broken, or `nil`
    /// (`AuditChain.verify`, read in chunks so a long log is not held in memory).
    static func verify(_ db: Database) throws -> Int64? {
        var anchor = AuditChain.genesisHash
        var after: Int64 = 0
        while true {
            let chunk = try Row.fetchAll(db, sql: "SELECT \(columns) FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 10000", arguments: [after])
                .map(entry(from:))
            guard let last = chunk.last else { return nil }
            if let broken = AuditChain.verify(chunk, after: anchor) { return broken }
            anchor = last.hash
            after = last.sequence
        }
    }

    static func jsonArray(_ values: [String]) -> String { JSONStringArray.encode(values) }
}
