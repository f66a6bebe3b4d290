/// What an audited request did (hành động được ghi nhật ký), roles.md §5; raw values are the
/// stored codes.
public enum AuditAction: String, Sendable, Codable, CaseIterable, Hashable {
    /// Created a record (tạo mới).
    case create
    /// Changed a record (cập nhật).
    case update
    /// Deleted a record — always a soft delete (xóa mềm).
    case delete
    /// Moved a record to another workflow state (chuyển trạng thái).
    case transition
    /// Signed a document such as a decision or report (ký).
    case sign
    /// Read personal data: a household, a person, or a list showing names (xem dữ liệu cá nhân).
    case readPersonal = "read_personal"
    /// Exported data to a file or a partner (xuất dữ liệu).
    case export
    /// Logged in (đăng nhập).
    case login
    /// Failed a login attempt (đăng nhập thất bại).
    case loginFailed = "login_failed"
    /// Logged out (đăng xuất).
    case logout
    /// Was refused by the permission check (bị từ chối quyền).
    case permissionDenied = "permission_denied"
    /// Granted an assignment or a right (cấp quyền).
    case grant
    /// Revoked an assignment or a right (thu hồi quyền).
    case revoke
    /// Changed a setting (thay đổi cấu hình).
    case settingChange = "setting_change"
}

extension AuditAction {
    /// What an entry is to the records it names (loại mục nhật ký): a change of the record, a
    /// read of its personal data, or another event. A household's page shows its changes and its
    /// latest reads apart (roles.md §5: the commune can print who read a household's personal
    /// data), so the store keeps each entry's links to the records it names by kind.
    ///
    /// Raw values are stored (SQLite: `audit_entity.kind`); do not renumber.
    public enum Kind: Int, Sendable, Hashable, CaseIterable {
        /// The record was created, changed, soft-deleted, moved through a workflow or signed.
        case change = 0
        /// Personal data of the record was read or exported (đọc dữ liệu cá nhân).
        case personalRead = 1
        /// Anything else naming the record, e.g. a refused attempt (`permission_denied`).
        case other = 2
    }

    /// This action's kind.
    public var kind: Kind {
        switch self {
        case .create, .update, .delete, .transition, .sign: .change
        case .readPersonal, .export: .personalRead
        case .login, .loginFailed, .logout, .permissionDenied, .grant, .revoke, .settingChange: .other
        }
    }
}
