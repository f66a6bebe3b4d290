import Foundation

/// An audit log entry (bản ghi nhật ký kiểm tra), roles.md §5: who did what to which records,
/// chained to the previous entry by a SHA-256 hash so that any later edit or deletion shows.
///
/// Entries are append-only; the value is only built, sealed with
/// ``sealed(_:after:)`` and verified with ``AuditChain/verify(_:after:)``.
public struct AuditEntry: Sendable, Hashable {
    /// Sequence number (số thứ tự), assigned by the store in append order.
    public var sequence: Int64
    /// When it happened (thời điểm), an instant; shown in UTC and in Viet Nam time.
    public var at: Date
    /// Account (tài khoản) that acted, or the username tried for a failed login.
    public var account: String
    /// Role code used (vai trò), e.g. `COM`; `nil` before login.
    public var role: String?
    /// Assignment used (phân công), since one account may hold several.
    public var assignment: String?
    /// Client IP address (địa chỉ IP).
    public var ip: String?
    /// Client user agent (trình duyệt).
    public var userAgent: String?
    /// Request id (mã yêu cầu) tying the entry to server logs.
    public var requestID: String?
    /// Action (hành động).
    public var action: AuditAction
    /// Entity type (loại đối tượng), e.g. `household`.
    public var entityType: String
    /// Entity ids (mã đối tượng): one record, or every id a list or search returned.
    public var entityIDs: [String]
    /// Changed fields before the action (giá trị trước), as JSON text.
    public var before: String?
    /// Changed fields after the action (giá trị sau), as JSON text.
    public var after: String?
    /// Purpose code of a personal-data read (mục đích), e.g. `review`.
    public var purpose: String?
    /// Rows exported (số dòng).
    public var rowCount: Int?
    /// Hash of the exported file (mã băm tệp).
    public var fileHash: String?
    /// Hash of the previous entry (mã băm bản ghi trước) in lowercase hex;
    /// ``AuditChain/genesisHash`` for the first entry. Empty until sealed.
    public var previousHash: String
    /// This entry's hash (mã băm) in lowercase hex: SHA-256 of ``previousHash`` followed by
    /// ``canonicalForm``. Empty until sealed.
    public var hash: String

    /// Creates an entry; optional facts default to absent and the hashes to empty, to be set by
    /// ``sealed(_:after:)``.
    public init(
        sequence: Int64, at: Date, account: String, role: String? = nil, assignment: String? = nil,
        ip: String? = nil, userAgent: String? = nil, requestID: String? = nil, action: AuditAction,
        entityType: String, entityIDs: [String] = [], before: String? = nil, after: String? = nil,
        purpose: String? = nil, rowCount: Int? = nil, fileHash: String? = nil, previousHash: String = "",
        hash: String = ""
    ) {
        self.sequence = sequence
        self.at = at
        self.account = account
        self.role = role
        self.assignment = assignment
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
        self.action = action
        self.entityType = entityType
        self.entityIDs = entityIDs
        self.before = before
        self.after = after
        self.purpose = purpose
        self.rowCount = rowCount
        self.fileHash = fileHash
        self.previousHash = previousHash
        self.hash = hash
    }
}
