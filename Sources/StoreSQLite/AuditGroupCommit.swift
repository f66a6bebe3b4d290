import Foundation
import GRDB
import Registry
import Store
import StoreCore

/// Group commit of personal-data read entries (``AuditBatcher``) on the pool's writer: entries
/// are appended in arrival order within a batch, so they chain with the other writers' entries
/// exactly as single appends do.
enum AuditGroupCommit {
    static func make(pool: DatabasePool) -> AuditBatcher {
        AuditBatcher { batcher in
            pool.asyncWriteWithoutTransaction { db in
                batcher.flush { drafts in
                    var entries: [AuditEntry] = []
                    try db.inTransaction(.immediate) {
                        for draft in drafts { entries.append(try AuditLog.append(db, draft)) }
                        return .commit
                    }
                    return entries
                }
            }
        }
    }
}
