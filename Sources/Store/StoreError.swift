/// A registry store refused an operation (lỗi kho dữ liệu), with a message a user understands
/// (Vietnamese) and a stable English code for the API.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The household was changed by someone else since it was read (xung đột chỉnh sửa):
    /// optimistic version check.
    case staleVersion(householdCode: String, expected: Int, actual: Int)
    /// No household with this code (không tìm thấy hộ).
    case householdNotFound(code: String)
    /// No member with this number in the household.
    case memberNotFound(householdCode: String, memberNo: Int)
    /// The database file was written by a newer GiamNgheo (schema version too high) or is not ours.
    case incompatibleDatabase(String)
    /// A write violated a registry rule the store enforces (e.g. a national id used twice).
    case constraint(code: String, message: String)
    /// An administrative-unit list could not be loaded.
    case unitList(String)
    /// The personal-data key (khóa bảo vệ dữ liệu cá nhân) is missing, wrong or unreadable, or
    /// protected data does not open: the store is not opened rather than written with another key.
    case personalDataKey(code: String, message: String)

    /// Stable English code, e.g. `household.stale_version`.
    public var code: String {
        switch self {
        case .staleVersion: "household.stale_version"
        case .householdNotFound: "household.not_found"
        case .memberNotFound: "member.not_found"
        case .incompatibleDatabase: "database.incompatible"
        case .constraint(let code, _): code
        case .unitList: "admin_units.invalid"
        case .personalDataKey(let code, _): code
        }
    }

    /// Vietnamese message for the user.
    public var message: String {
        switch self {
        case .staleVersion(let code, let expected, let actual):
            "Hộ \(code) đã được người khác sửa (phiên bản \(actual), bạn sửa từ phiên bản \(expected)). Hãy mở lại hộ và sửa lại; thay đổi của bạn chưa được lưu."
        case .householdNotFound(let code): "Không tìm thấy hộ có mã \(code)"
        case .memberNotFound(let code, let no): "Hộ \(code) không có thành viên STT \(no)"
        case .incompatibleDatabase(let detail): "Tệp cơ sở dữ liệu không dùng được: \(detail)"
        case .constraint(_, let message): message
        case .unitList(let detail): "Danh mục đơn vị hành chính không hợp lệ: \(detail)"
        case .personalDataKey(_, let message): message
        }
    }

    public var description: String { "\(message) [\(code)]" }
}
