import Foundation
import NIOPosix
import Registry
import Store
import StoreCore

/// The append-only, hash-chained audit log in PostgreSQL (nhật ký kiểm toán, roles.md §5).
///
/// Entries are appended inside the caller's transaction, so an entry exists exactly when the
/// write it describes committed. The chain's order is an advisory lock taken before the last
/// entry is read and held to the end of the transaction: appends of concurrent transactions
/// queue there, so every entry chains to the one committed before it. The application's role
/// may only SELECT and INSERT (`PostgresSchema`), and triggers refuse UPDATE, DELETE and
/// TRUNCATE by anyone; `verify` still finds an entry edited by a superuser.
enum PostgresAuditLog {
    static let columns = "seq, at, account, role, assignment, ip, user_agent, request_id, action, entity_type, "
        + "entity_ids, before, after, purpose, row_count, file_hash, prev_hash, hash"

    /// Appends one entry; returns it sealed.
    @discardableResult
    static func append(_ c: PGConnection, _ draft: AuditDraft, at: Date = Date()) throws -> AuditEntry {
        try append(c, [draft], at: at)[0]
    }

    /// Appends entries in order, in one statement after the lock; returns them sealed.
    static func append(_ c: PGConnection, _ drafts: [AuditDraft], at: Date = Date()) throws -> [AuditEntry] {
        try c.execute("SELECT pg_advisory_xact_lock(?)", [.int(PostgresLocks.auditLock)])
        // A statement of its own after the lock: in READ COMMITTED it sees every entry committed
        // while this transaction waited.
        let last = try c.row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        var sequence = last?.int64(0) ?? 0
        var previous = last?.text(1) ?? AuditChain.genesisHash
        var entries: [AuditEntry] = []
        var links: [(String, Int, Int64)] = []
        for draft in drafts {
            sequence += 1
            let entry = draft.sealed(sequence: sequence, previousHash: previous, at: at)
            previous = entry.hash
            entries.append(entry)
            for id in draft.linkedEntityIDs { links.append((id, draft.action.kind.rawValue, sequence)) }
        }
        var arguments: [PGArg] = []
        var rows: [String] = []
        for e in entries {
            rows.append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            arguments += [.int(e.sequence), .text(RecordColumns.timestamp(e.at)), .text(e.account), .text(e.role), .text(e.assignment),
                          .text(e.ip), .text(e.userAgent), .text(e.requestID), .text(e.action.rawValue), .text(e.entityType),
                          .texts(e.entityIDs), .text(e.before), .text(e.after), .text(e.purpose), .int(e.rowCount),
                          .text(e.fileHash), .text(e.previousHash), .text(e.hash)]
        }
        arguments += [.texts(links.map(\.0)), .ints(links.map { Int64($0.1) }), .ints(links.map(\.2))]
        try c.execute("""
            WITH appended AS (INSERT INTO audit_log (\(columns)) VALUES \(rows.joined(separator: ", ")))
            INSERT INTO audit_entity (entity_id, kind, seq)
            SELECT e, k::smallint, s FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS l(e, k, s) ON CONFLICT DO NOTHING
            """, arguments)
        return entries
    }

    static func entry(from r: PGRow) -> AuditEntry {
        AuditEntry(
            sequence: r.int64(0) ?? 0, at: RecordColumns.date(fromTimestamp: r.string(1)), account: r.string(2), role: r.text(3),
            assignment: r.text(4), ip: r.text(5), userAgent: r.text(6), requestID: r.text(7),
            action: AuditAction(rawValue: r.string(8)) ?? .update, entityType: r.string(9), entityIDs: r.texts(10),
            before: r.text(11), after: r.text(12), purpose: r.text(13), rowCount: r.int(14),
            fileHash: r.text(15), previousHash: r.string(16), hash: r.string(17))
    }

    /// Audit entries, oldest first, filtered (the newest `limit`).
    static func entries(_ c: PGConnection, _ filter: AuditFilter) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: [PGArg] = []
        if let account = filter.account { conditions.append("a.account = ?"); arguments.append(.text(account)) }
        if let action = filter.action { conditions.append("a.action = ?"); arguments.append(.text(action.rawValue)) }
        if let kind = filter.kind {
            if filter.entityID != nil {
                // One range of the link index (entity, kind, seq).
                conditions.append("e.kind = ?")
                arguments.append(.int(Int64(kind.rawValue)))
            } else {
                conditions.append("a.action = ANY(?)")
                arguments.append(.texts(AuditAction.allCases.filter { $0.kind == kind }.map(\.rawValue)))
            }
        }
        if let accounts = filter.accounts { conditions.append("a.account = ANY(?)"); arguments.append(.texts(accounts.sorted())) }
        if let from = filter.from { conditions.append("a.at >= ?"); arguments.append(.text(RecordColumns.timestamp(from))) }
        if let until = filter.until { conditions.append("a.at < ?"); arguments.append(.text(RecordColumns.timestamp(until))) }
        if let before = filter.beforeSequence { conditions.append("a.seq < ?"); arguments.append(.int(before)) }
        var from = "audit_log a"
        if let entity = filter.entityID {
            from = "audit_entity e JOIN audit_log a ON a.seq = e.seq"
            conditions.append("e.entity_id = ?")
            arguments.append(.text(entity))
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        arguments.append(.int(filter.limit))
        let qualified = columns.split(separator: ",").map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        return try c.query("SELECT \(qualified) FROM \(from)\(whereClause) ORDER BY a.seq DESC LIMIT ?", arguments)
            .reversed().map(entry(from:))
    }

    /// The first entry whose hash does not recompute or whose link is broken, or `nil`; read in
    /// chunks so a long log is not held in memory.
    static func verify(_ c: PGConnection) throws -> Int64? {
        var anchor = AuditChain.genesisHash
        var after: Int64 = 0
        while true {
            let chunk = try c.query("SELECT \(columns) FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 10000", [.int(after)])
                .map(entry(from:))
            guard let last = chunk.last else { return nil }
            if let broken = AuditChain.verify(chunk, after: anchor) { return broken }
            anchor = last.hash
            after = last.sequence
        }
    }
}

/// Group commit of personal-data read entries (``AuditBatcher``) on the store's thread pool.
enum PostgresAuditGroupCommit {
    static func make(pool: ConnectionPool, threads: NIOThreadPool) -> AuditBatcher {
        AuditBatcher { batcher in
            threads.submit { _ in
                batcher.flush { drafts in try pool.transaction { c in try PostgresAuditLog.append(c, drafts) } }
            }
        }
    }
}
