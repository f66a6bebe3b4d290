import Foundation
import Registry

/// The JSON text of an API answer (thân JSON), written by hand from the dictionaries and
/// arrays the routes build.
///
/// Foundation's `JSONSerialization` on Linux bridges every dictionary and array to `NSDictionary`
/// / `NSArray` and sorts keys with a locale-aware `NSString` compare; under `perf` on the search
/// API that was almost half of the request's CPU. This writes the same JSON: keys sorted (by
/// Unicode scalars, which for the API's ASCII snake-case keys is byte order), slashes not escaped,
/// strings as UTF-8 with quote, backslash, control characters and U+2028/U+2029 escaped
/// (``JSONText/appendString(_:to:)``). Accepted values: `String`, `Substring`, `Bool`, integers,
/// `Double` (integral values without a fraction, non-finite ones as `null`), `NSNull`, `nil`
/// optionals (`null`), arrays and `[String: …]` dictionaries of these. Anything else is
/// a programming error: it is written as `null` rather than failing the answer.
enum JSONBody {
    static func text(_ object: Any) -> String {
        var out = ""
        out.reserveCapacity(1024)
        append(object, to: &out)
        return out
    }

    static func append(_ value: Any, to out: inout String) {
        switch value {
        case let s as String: JSONText.appendString(s, to: &out)
        case let b as Bool: out += b ? "true" : "false"
        case let i as Int: out += String(i)
        case let dictionary as [String: Any]:
            out += "{"
            var first = true
            for (key, element) in dictionary.sorted(by: { $0.key < $1.key }) {
                if !first { out += "," }
                first = false
                JSONText.appendString(key, to: &out)
                out += ":"
                append(element, to: &out)
            }
            out += "}"
        case let array as [Any]:
            out += "["
            var first = true
            for element in array {
                if !first { out += "," }
                first = false
                append(element, to: &out)
            }
            out += "]"
        case let i as Int64: out += String(i)
        case let i as Int32: out += String(i)
        case let d as Double: appendNumber(d, to: &out)
        case let s as Substring: JSONText.appendString(String(s), to: &out)
        // Tested last: a test against a class (`is NSNull`) bridges a Swift dictionary or array to
        // Foundation first, which cost more than writing it.
        case is NSNull: out += "null"
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                append(wrapped, to: &out)
            } else {
                out += "null"
            }
        }
    }

    static func appendNumber(_ d: Double, to out: inout String) {
        guard d.isFinite else { out += "null"; return }
        if d == d.rounded(), abs(d) < 1e15 {
            out += String(Int64(d))
        } else {
            out += "\(d)"
        }
    }
}

/// A JSON object written member by member (đối tượng JSON ghi trực tiếp), for answers sent on
/// every request where building `[String: Any]` dictionaries for ``JSONBody`` and sorting their
/// keys cost more than writing them (the search API's items under `perf`).
///
/// The caller names the members in ``JSONBody``'s order (keys sorted by Unicode scalars), so the
/// text is the one ``JSONBody/text(_:)`` writes for the same dictionary; debug builds check the
/// order, and `JSONBodyTests` compares both on the search answer.
struct JSONObjectWriter {
    private(set) var text: String
    private var count = 0
    #if DEBUG
    private var lastKey: String?
    #endif

    /// Starts an object, reserving room for about `capacity` bytes.
    init(capacity: Int = 256) {
        text = "{"
        text.reserveCapacity(capacity)
    }

    private mutating func key(_ key: String) {
        #if DEBUG
        precondition(lastKey.map { $0.unicodeScalars.lexicographicallyPrecedes(key.unicodeScalars) } ?? true,
                     "JSON keys out of order: \(lastKey ?? "") before \(key)")
        lastKey = key
        #endif
        if count > 0 { text += "," }
        count += 1
        JSONText.appendString(key, to: &text)
        text += ":"
    }

    /// A string member; `nil` is `null`.
    mutating func add(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONText.appendString(value, to: &text) } else { text += "null" }
    }

    /// An integer member.
    mutating func add(_ key: String, _ value: Int) {
        self.key(key)
        text += String(value)
    }

    /// A Boolean member.
    mutating func add(_ key: String, _ value: Bool) {
        self.key(key)
        text += value ? "true" : "false"
    }

    /// An array member whose elements are objects written by `element`.
    mutating func add<S: Sequence>(_ key: String, objects: S, _ element: (S.Element, inout JSONObjectWriter) -> Void) {
        self.key(key)
        text += "["
        var first = true
        for item in objects {
            if !first { text += "," }
            first = false
            // The element writes into this text (moved, not copied) and hands it back closed.
            var object = JSONObjectWriter(capacity: 0)
            swap(&object.text, &text)
            object.text += "{"
            element(item, &object)
            text = object.finished()
        }
        text += "]"
    }

    /// The object's text, closed.
    consuming func finished() -> String {
        text += "}"
        return text
    }
}
