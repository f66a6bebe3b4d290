/// One cell of the permission matrix (quyền): allowed in scope, limited by a numbered note of
/// roles.md §4, or refused.
public enum Grant: Sendable, Hashable {
    /// ● Allowed in the assignment's scope.
    case allowed
    /// ◐ Allowed under the condition of roles.md §4 note `n`.
    case limited(note: Int)
    /// – Refused (deny by default).
    case refused

    /// Whether anything at all is allowed.
    public var permitsSomething: Bool { self != .refused }

    /// Parses a matrix cell: `allow`, `deny`, or `note:N`.
    public init?(cell: String) {
        switch cell {
        case "allow": self = .allowed
        case "deny", "": self = .refused
        default:
            guard cell.hasPrefix("note:"), let n = Int(cell.dropFirst(5)) else { return nil }
            self = .limited(note: n)
        }
    }
}
