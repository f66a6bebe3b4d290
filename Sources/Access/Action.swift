/// An action of the permission matrix (roles.md §4, thao tác): one row of `permissions.csv`.
public enum Action: String, Sendable, Hashable, CaseIterable, Codable {
    /// Read a household record without identity (D1).
    case readHousehold = "read_household"
    /// Read basic personal data (D2): names, birth dates, relations, CCCD.
    case readPersonal = "read_personal"
    /// Read sensitive personal data (D3): ethnicity, health, disability, meritorious status.
    case readSensitive = "read_sensitive"
    /// Create or edit households and members (sửa hộ, thành viên), imports included.
    case editHousehold = "edit_household"
    /// Move a household through review states.
    case moveReview = "move_review"
    /// Approve, recognise, sign.
    case approve = "approve"
    /// Set targets.
    case setTargets = "set_targets"
    /// Support plans, helpers, visits.
    case supportPlans = "support_plans"
    /// Record benefits.
    case recordBenefits = "record_benefits"
    /// Edit projects, budget, models, training.
    case editProjects = "edit_projects"
    /// View aggregate reports (báo cáo tổng hợp), the dashboard included.
    case viewAggregates = "view_aggregates"
    /// Export personal lists (xuất danh sách).
    case exportPersonal = "export_personal"
    /// Manage users (quản lý người dùng).
    case manageUsers = "manage_users"
    /// Manage standards and catalogues.
    case manageStandards = "manage_standards"
    /// Read the audit log (nhật ký).
    case readAudit = "read_audit"
}
