import Foundation

/// A standard file or id that cannot be used, with the field at fault.
///
/// ``code`` is stable English for programs; ``message`` is Vietnamese for people.
public struct StandardError: Error, Sendable, Hashable, LocalizedError, CustomStringConvertible {
    /// Stable code, e.g. `standard.field_invalid`.
    public var code: String
    /// File the problem is in, when it comes from a file.
    public var file: String?
    /// JSON path of the field at fault, e.g. `indicators[3].threshold_m2`.
    public var field: String?
    /// Vietnamese message.
    public var message: String

    /// Creates an error.
    public init(code: String, file: String? = nil, field: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.message = message
    }

    /// `file: field — message [code]`.
    public var description: String {
        var s = ""
        if let file { s += file + ": " }
        if let field { s += field + " — " }
        return s + message + " [\(code)]"
    }

    /// Same as ``description``.
    public var errorDescription: String? { description }
}
