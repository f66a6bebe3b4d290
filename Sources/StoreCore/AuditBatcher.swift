import Foundation
import Registry

/// Group commit of personal-data read entries (ghi nhật ký theo lô), for both stores: the reads
/// of many requests are appended to the audit log in one write transaction, and each request
/// resumes once the transaction holding its entry has committed.
///
/// Every household page and search of a user allowed to see personal data writes a
/// `read_personal` entry. One transaction per entry made the single writer (SQLite's writer, the
/// audit chain's lock in PostgreSQL) the queue every such request waited in; batched, a burst of
/// requests costs one commit. The guarantee is unchanged: the caller gets its sealed entry only
/// after it is durable, so no personal data leaves before its read is recorded; if a batch
/// fails, every caller in it gets the error.
package final class AuditBatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [(draft: AuditDraft, done: CheckedContinuation<AuditEntry, any Error>)] = []
    private var scheduled = false
    private let schedule: @Sendable (AuditBatcher) -> Void

    /// - Parameter schedule: starts a job (on the store's writer or thread pool) that calls
    ///   ``flush(_:)``; called when entries arrive and no job is queued or running.
    package init(schedule: @escaping @Sendable (AuditBatcher) -> Void) {
        self.schedule = schedule
    }

    /// Appends `draft` with the next batch; returns the entry once its batch has committed.
    package func append(_ draft: AuditDraft) async throws -> AuditEntry {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            pending.append((draft, continuation))
            let start = !scheduled
            scheduled = true
            lock.unlock()
            if start { schedule(self) }
        }
    }

    /// Writes the pending entries, a batch at a time, each with `write` (one transaction
    /// appending the drafts in order and returning them sealed), until none is left.
    package func flush(_ write: ([AuditDraft]) throws -> [AuditEntry]) {
        while true {
            lock.lock()
            let batch = pending
            pending = []
            if batch.isEmpty { scheduled = false }
            lock.unlock()
            guard !batch.isEmpty else { return }
            do {
                let entries = try write(batch.map(\.draft))
                for (item, entry) in zip(batch, entries) { item.done.resume(returning: entry) }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
