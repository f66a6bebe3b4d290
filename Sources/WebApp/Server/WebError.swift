import Foundation
import Hummingbird
import Review
import Store

/// An error answered to a client (lỗi trả về): HTTP status, a stable English code for programs,
/// a Vietnamese message for people, and the field it concerns when there is one.
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?
    /// Field-level problems (form validation), each with its own code and message.
    var details: [FieldProblem] = []

    struct FieldProblem: Sendable, Codable, Hashable {
        var field: String
        var code: String
        var message: String
        var value: String?
    }

    static let unauthenticated = WebError(status: .unauthorized, code: "auth.required", message: "Bạn cần đăng nhập")
    static let notFound = WebError(status: .notFound, code: "not_found", message: "Không tìm thấy")
    static let forbidden = WebError(status: .forbidden, code: "permission_denied", message: "Bạn không có quyền thực hiện thao tác này")
    static let csrf = WebError(status: .forbidden, code: "csrf.invalid",
                               message: "Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.")
    static let badCredentials = WebError(
        status: .unauthorized, code: "auth.invalid_credentials",
        message: "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa. Hãy thử lại sau ít phút hoặc liên hệ quản trị viên.")
    static let throttled = WebError(status: .tooManyRequests, code: "auth.throttled",
                                    message: "Có quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau 15 phút.")

    static let otpRequired = WebError(status: .unauthorized, code: "auth.otp_required",
                                      message: "Tài khoản này dùng xác thực hai bước: hãy gửi kèm mã 6 số của ứng dụng xác thực (otp)", field: "otp")
    static let otpInvalid = WebError(status: .unauthorized, code: "auth.otp_invalid",
                                     message: "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng xác thực.", field: "otp")
    static let otpReplayed = WebError(status: .unauthorized, code: "auth.otp_replayed",
                                      message: "Mã xác thực này vừa được dùng. Hãy chờ ứng dụng hiện mã mới (tối đa 30 giây) rồi nhập lại.", field: "otp")
    static let enrolmentRequired = WebError(
        status: .forbidden, code: "auth.mfa_enrolment_required",
        message: "Tài khoản phải đăng ký xác thực hai bước trước: hãy đăng nhập một lần trên trình duyệt để đăng ký.")

    static func badRequest(_ code: String, _ message: String, field: String? = nil) -> WebError {
        WebError(status: .badRequest, code: code, message: message, field: field)
    }

    /// A store error as the client sees it.
    init(_ error: StoreError) {
        switch error {
        case .staleVersion: self.init(status: .conflict, code: error.code, message: error.message)
        case .householdNotFound, .memberNotFound: self.init(status: .notFound, code: error.code, message: error.message)
        case .constraint: self.init(status: .unprocessableContent, code: error.code, message: error.message)
        default: self.init(status: .internalServerError, code: error.code, message: error.message)
        }
    }

    /// A refused review step: 403 for a role that may not act, 404 out of scope or missing
    /// (existence does not leak, roles.md §3.4), 409 for a record in the wrong state or frozen,
    /// 422 for a guard or invalid input.
    init(_ error: ReviewError) {
        let status: HTTPResponse.Status
        switch error.code {
        case "review.role": status = .forbidden
        case "review.scope", "review.not_found": status = .notFound
        case "review.state", "review.frozen", "review.immutable", "review.round_not_open", "review.step_absent": status = .conflict
        default: status = .unprocessableContent
        }
        self.init(status: status, code: error.code, message: error.message, field: error.field)
    }

    init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, details: [FieldProblem] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
    }

    /// The JSON body of an API error: `{"error": {"code", "message", "field", "details"}}`.
    var jsonBody: [String: Any] {
        var error: [String: Any] = ["code": code, "message": message]
        if let field { error["field"] = field }
        if !details.isEmpty {
            error["details"] = details.map { d -> [String: Any] in
                var o: [String: Any] = ["field": d.field, "code": d.code, "message": d.message]
                if let v = d.value { o["value"] = v }
                return o
            }
        }
        return ["error": error]
    }
}
