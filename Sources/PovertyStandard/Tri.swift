/// Three-valued truth (standards.md §6): known false, known true, or unknown.
@usableFromInline
enum Tri: UInt8, Sendable {
    case no = 0
    case yes = 1
    case unknown = 2

    @inlinable init(_ b: Bool?) {
        switch b {
        case nil: self = .unknown
        case true?: self = .yes
        case false?: self = .no
        }
    }

    /// Kleene *and*: false as soon as one known part is false.
    @inlinable static func && (a: Tri, b: @autoclosure () -> Tri) -> Tri {
        if a == .no { return .no }
        let rb = b()
        if rb == .no { return .no }
        return (a == .yes && rb == .yes) ? .yes : .unknown
    }

    /// Kleene *or*: true as soon as one known part is true.
    @inlinable static func || (a: Tri, b: @autoclosure () -> Tri) -> Tri {
        if a == .yes { return .yes }
        let rb = b()
        if rb == .yes { return .yes }
        return (a == .no && rb == .no) ? .no : .unknown
    }

    @inlinable static prefix func ! (a: Tri) -> Tri {
        switch a {
        case .no: .yes
        case .yes: .no
        case .unknown: .unknown
        }
    }
}
