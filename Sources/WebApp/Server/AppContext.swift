import Access
import Foundation
import Hummingbird
import NIOCore
import Store

/// Per-request context (ngữ cảnh yêu cầu): the client's address and, once the authentication
/// middleware ran, who is signed in.
public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's socket address.
    public var remoteAddress: SocketAddress?
    /// The signed-in user, or `nil`.
    var user: SignedInUser?
    /// A half-signed-in session (password accepted, second factor pending): never a ``user``,
    /// so every route that needs one refuses it; only the second-factor pages read it.
    var pendingSignIn: WebSession?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Imports and edits carry files bigger than Hummingbird's 2 MB default.
    public var maxUploadSize: Int { 64 << 20 }
}

/// Who made a request and with which rights (người dùng đã đăng nhập).
struct SignedInUser: Sendable {
    /// The account.
    var account: Account
    /// Its assignments in force.
    var assignments: [Assignment]
    /// The browser session, or `nil` for an API token.
    var session: WebSession?
    /// The API token used, if any.
    var tokenID: Int64?

    /// The role shown and recorded when several assignments exist: the first in force.
    var primary: Assignment? { assignments.first }
}
