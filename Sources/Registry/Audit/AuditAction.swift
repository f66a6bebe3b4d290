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
