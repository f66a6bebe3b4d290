import Foundation
import Hummingbird
import Review
import Store

/// Turns errors into answers (xử lý lỗi): JSON `{"error": {...}}` with a stable code under
/// `/api/`, a Vietnamese page elsewhere; an unauthenticated page request goes to the login page.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: WebServices

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return render(error, request: request, context: context)
        } catch let error as StoreError {
            return render(WebError(error), request: request, context: context)
        } catch let error as ReviewError {
            return render(WebError(error), request: request, context: context)
        } catch let redirect as Redirect {
            return Reply.redirect(redirect.to)
        } catch let error as HTTPError {
            let web = WebError(status: error.status, code: error.status == .notFound ? "not_found" : "http.\(error.status.code)",
                               message: error.status == .notFound ? "Không tìm thấy trang" : (error.body ?? "Yêu cầu không hợp lệ"))
            return render(web, request: request, context: context)
        } catch {
            context.logger.error("request failed: \(error)")
            return render(WebError(status: .internalServerError, code: "internal", message: "Lỗi hệ thống, thao tác chưa được thực hiện."),
                          request: request, context: context)
        }
    }

    func render(_ error: WebError, request: Request, context: AppContext) -> Response {
        if request.isAPI { return Reply.json(error.jsonBody, status: error.status) }
        if error.status == .unauthorized && error.code == "auth.required" {
            let back = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")
            return Reply.redirect("/login" + back)
        }
        let page = Layout(title: "Lỗi", user: context.user, active: "")
        let view = ErrorView(layout: page, message: error.message, code: error.code, status: Int(error.status.code))
        return Reply.html(services.render(view, "error"), status: error.status)
    }
}

struct ErrorView {
    var layout: Layout
    var message: String
    var code: String
    var status: Int
}
