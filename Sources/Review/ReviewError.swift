/// A review action refused (thao tác rà soát bị từ chối), with a stable English code for the API
/// and a Vietnamese message for the officer.
///
/// One type for every refusal so that the pages, the API and the command line show the same
/// words: the code says what kind of rule stopped the action (`review.role`, `review.state`,
/// `review.frozen`…), the message says which household, record or field and what is expected.
public struct ReviewError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable English code, e.g. `review.state`.
    public var code: String
    /// Vietnamese message naming the record and what was expected.
    public var message: String
    /// The input field concerned, when one is (API `field`).
    public var field: String?

    /// Creates an error.
    public init(_ code: String, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(message) [\(code)]" }

    /// The role may not take this action at all (vai trò không được phép).
    public static func role(_ role: String, _ action: String) -> ReviewError {
        ReviewError("review.role", "Vai trò \(role) không được thực hiện thao tác “\(action)”")
    }

    /// The unit or village lies outside the actor's assignment (ngoài phạm vi).
    public static func scope(_ what: String) -> ReviewError {
        ReviewError("review.scope", "\(what) nằm ngoài phạm vi được phân công")
    }

    /// The record is not in a state that allows the action (sai trạng thái).
    public static func state(_ what: String, is state: String, action: String) -> ReviewError {
        ReviewError("review.state", "\(what) đang ở trạng thái “\(state)”, không thể \(action)")
    }

    /// A guard of review.md failed (chưa đủ điều kiện).
    public static func guardFailed(_ code: String, _ message: String, field: String? = nil) -> ReviewError {
        ReviewError("review.guard.\(code)", message, field: field)
    }

    /// The campaign or batch is closed: everything in it is read-only (đã khóa sổ).
    public static func frozen(_ roundID: String) -> ReviewError {
        ReviewError("review.frozen", "Đợt \(roundID) đã khóa sổ; mọi hồ sơ chỉ được xem. Sửa sai qua rà soát thường xuyên (đính chính).")
    }

    /// A registered record may not be edited; a correcting document must reference it.
    public static func immutable(_ what: String) -> ReviewError {
        ReviewError("review.immutable", "\(what) đã đăng ký, không được sửa; hãy lập văn bản đính chính tham chiếu văn bản gốc")
    }

    /// Input missing or malformed (dữ liệu không hợp lệ).
    public static func invalid(_ field: String, _ message: String) -> ReviewError {
        ReviewError("review.invalid", message, field: field)
    }

    /// No such record (không tìm thấy).
    public static func notFound(_ what: String) -> ReviewError {
        ReviewError("review.not_found", "Không tìm thấy \(what)")
    }
}
