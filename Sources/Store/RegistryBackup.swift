import Foundation

/// A consistent copy of a whole registry in one file (bản sao lưu), taken while the registry is
/// in use: every table, the audit log with its hash chain, accounts.
public protocol RegistryBackup: Sendable {
    /// Writes the copy to `file` (replaced if it exists) and returns what it holds.
    func backup(to file: URL) throws -> BackupSummary
}

/// What a backup holds, for the operator's log.
public struct BackupSummary: Sendable, Hashable {
    /// The file written and its size in bytes.
    public var file: URL, bytes: Int64
    /// Households and members copied, and the last audit entry's sequence number.
    public var households: Int, members: Int, lastAuditSequence: Int64
    /// The format: `sqlite` (a SQLite database file) or `pg_dump-custom`.
    public var format: String

    /// Creates a value.
    public init(file: URL, bytes: Int64, households: Int, members: Int, lastAuditSequence: Int64, format: String) {
        self.file = file
        self.bytes = bytes
        self.households = households
        self.members = members
        self.lastAuditSequence = lastAuditSequence
        self.format = format
    }
}
