import Access
import Foundation
import Hummingbird
import Store
import VietnameseText

extension Request {
    /// The body as `application/x-www-form-urlencoded` fields (the last value of a repeated name wins;
    /// ``formValues(_:)`` keeps them all).
    mutating func formFields(context: AppContext) async throws -> [String: String] {
        var fields: [String: String] = [:]
        for (k, v) in try await formPairs(context: context) { fields[k] = v }
        return fields
    }

    mutating func formPairs(context: AppContext) async throws -> [(String, String)] {
        let buffer = try await collectBody(upTo: context.maxUploadSize)
        return FormEncoding.decode(String(buffer: buffer))
    }

    /// Query parameter as text, `nil` when absent or blank (the first of a repeated name).
    func query(_ name: String) -> String? {
        guard let v = queryPairs.first(where: { $0.0 == name })?.1, !v.isEmpty else { return nil }
        return v
    }

    /// The query string decoded as a form (`+` is a space, as browsers send a GET form's fields;
    /// Hummingbird's `queryParameters` keeps the `+`).
    var queryPairs: [(String, String)] { FormEncoding.decode(uri.query ?? "") }

    /// Whether the client asked for JSON (API routes always answer JSON).
    var isAPI: Bool { uri.path.hasPrefix("/api/") }
}

/// `application/x-www-form-urlencoded` (mã hóa biểu mẫu).
enum FormEncoding {
    static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(pieces[0]), pieces.count > 1 ? unescape(pieces[1]) : "")
        }
    }

    /// One name or value: `+` is a space, `%XX` a byte, the bytes UTF-8, then NFC. Decoded byte by
    /// byte: every search's query goes through here, and Foundation's `replacingOccurrences` and
    /// `removingPercentEncoding` were a fiftieth of the search API's CPU under `perf`. Text that
    /// is not valid percent-encoded UTF-8 goes to ``foundationUnescape(_:)`` (`FormEncodingTests`
    /// compare both on valid and invalid text).
    static func unescape(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var i = s.utf8.startIndex
        let end = s.utf8.endIndex
        while i < end {
            let byte = s.utf8[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%") {
                let h = s.utf8.index(after: i)
                guard h < end, s.utf8.index(after: h) < end,
                      let high = hexValue(s.utf8[h]), let low = hexValue(s.utf8[s.utf8.index(after: h)])
                else { return foundationUnescape(s) }
                bytes.append(high << 4 | low)
                i = s.utf8.index(h, offsetBy: 2)
                continue
            } else {
                bytes.append(byte)
            }
            i = s.utf8.index(after: i)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return foundationUnescape(s) }
        return VietnameseText.nfc(text)
    }

    /// The same through Foundation, for text that is not valid percent-encoded UTF-8 (Foundation
    /// keeps some of it as sent and replaces some bytes with U+FFFD; this keeps its answer).
    static func foundationUnescape(_ s: Substring) -> String {
        VietnameseText.nfc(String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s))
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { k, v in escape(k) + "=" + escape(v) }.joined(separator: "&")
    }

    /// One name or value, percent-encoded (only unreserved characters stay).
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension AppContext {
    /// The signed-in user or a 401.
    func requireUser() throws -> SignedInUser {
        guard let user else { throw WebError.unauthenticated }
        return user
    }

    /// The audit context of this request: account, role and assignment, purpose, IP, user agent, request id.
    func access(_ request: Request, user: SignedInUser?, assignment: Assignment? = nil) -> AccessContext {
        let a = assignment ?? user?.primary
        var ip: String?
        if let address = remoteAddress { ip = address.ipAddress }
        return AccessContext(account: user?.account.username ?? "anonymous", role: a?.role.rawValue,
                             assignment: a.map { String($0.id) }, purpose: a?.role.defaultPurpose ?? "review",
                             ip: ip, userAgent: request.headers[.userAgent], requestID: id)
    }
}

/// Response builders.
enum Reply {
    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Content-Security-Policy")!] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        json(text: JSONBody.text(object), status: status, headers: extra)
    }

    /// An answer whose JSON text is already written (``JSONObjectWriter``).
    static func json(text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func file(_ data: Data, contentType: String, fileName: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentDisposition] = "attachment; filename=\"\(fileName)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
