import Foundation
import GRDB
import Store

extension SQLiteRegistryStore: RegistryBackup {
    /// Copies the file with SQLite's online backup API: a consistent snapshot while readers and
    /// the writer go on (pages written meanwhile restart the copy of what changed).
    public func backup(to file: URL) throws -> BackupSummary {
        try? FileManager.default.removeItem(at: file)
        let destination = try DatabaseQueue(path: file.path)
        try pool.backup(to: destination)
        try destination.close()
        let copy = try DatabaseQueue(path: file.path)
        let (households, members, last) = try copy.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM household") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM member") ?? 0,
             try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM audit_log") ?? 0)
        }
        try copy.close()
        let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        return BackupSummary(file: file, bytes: bytes, households: households, members: members, lastAuditSequence: last, format: "sqlite")
    }

    /// Restores a backup into a new registry file at `path` (refused when a file is there):
    /// SQLite's backup API again, from the backup into the new file, which is then opened (and
    /// migrated, if the backup was taken by an older version).
    ///
    /// A backup holds the sealed CCCD numbers but never their key (kept and backed up apart,
    /// roles.md §6): the restored registry opens with `keyFile`, the key of the registry that was
    /// backed up (`nil`: ``KeyFileLocation``'s default for `path`), and keeps using it.
    public static func restore(from backup: URL, to path: String, keyFile: String? = nil) throws -> SQLiteRegistryStore {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.incompatibleDatabase("\(path) đã có; hãy khôi phục vào một tệp mới")
        }
        let source = try DatabaseQueue(path: backup.path, configuration: { var c = Configuration(); c.readonly = true; return c }())
        let destination = try DatabaseQueue(path: path)
        try source.backup(to: destination)
        try destination.close()
        try source.close()
        return try SQLiteRegistryStore(path: path, keyFile: keyFile)
    }
}
