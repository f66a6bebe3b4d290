import Foundation
import GRDB
import Registry
import Store

/// Group commit of personal-data read entries (ghi nhật ký theo lô): the reads of many requests
/// are appended to the audit log in one write transaction, and each request resumes once the
/// transaction holding its entry has committed.
///
/// Every household page and search of a user allowed to see personal data writes a
/// `read_personal` entry. One transaction per entry made the registry's single writer the
/// queue every such request waited in, and each commit also reset every reader connection's
/// page cache (SQLite drops a connection's cache when the file changed since its last read), so
/// the next reads went back to the OS. Batched, a burst of requests costs one commit. The
/// guarantee is unchanged: the caller gets its sealed entry only after it is durable in the
/// WAL, so no personal data leaves before its read is recorded; if the batch fails, every
/// caller in it gets the error.
///
/// Entries are appended on the pool's writer, in arrival order within a batch, so they chain
/// with the other writers' entries exactly as single appends do.
final class AuditGroupCommit: @unchecked Sendable {
    private let pool: DatabasePool
    private let lock = NSLock()
    private var pending: [(draft: AuditLog.Draft, done: CheckedContinuation<AuditEntry, any Error>)] = []
    private var scheduled = false

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Appends `draft` with the next batch; returns the entry once its batch has committed.
    func append(_ draft: AuditLog.Draft) async throws -> AuditEntry {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            pending.append((draft, continuation))
            let schedule = !scheduled
            scheduled = true
            lock.unlock()
            // One flush queued on the writer at a time: what arrives while it waits or runs joins
            // it, or the next flush, queued as soon as this one takes its batch.
            if schedule {
                pool.asyncWriteWithoutTransaction { db in self.flush(db) }
            }
        }
    }

    private func flush(_ db: Database) {
        lock.lock()
        let batch = pending
        pending = []
        scheduled = false
        lock.unlock()
        guard !batch.isEmpty else { return }
        var entries: [AuditEntry] = []
        entries.reserveCapacity(batch.count)
        do {
            try db.inTransaction(.immediate) {
                for item in batch { entries.append(try AuditLog.append(db, item.draft)) }
                return .commit
            }
        } catch {
            for item in batch { item.done.resume(throwing: error) }
            return
        }
        for (item, entry) in zip(batch, entries) { item.done.resume(returning: entry) }
    }
}
