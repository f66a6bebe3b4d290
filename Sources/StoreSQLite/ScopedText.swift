import Foundation

/// Whether two strings have the same UTF-8 bytes (memcmp, no normalisation).
@inline(__always)
func sameBytes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
        }
    }
}

/// A text within a scope (a village name within its commune; a name, with an empty scope) as a
/// dictionary key compared and hashed by its UTF-8 bytes.
///
/// Swift's `String` hashes and compares by canonical equivalence, which for Vietnamese text
/// means normalising on every lookup; the registry's text is already NFC (the decoders and
/// edits normalise it), so byte equality is the same equality at a fraction of the cost —
/// it matters for millions of name and village lookups in a bulk import.
struct ScopedText: Hashable {
    var scope: String
    var text: String

    static func == (lhs: ScopedText, rhs: ScopedText) -> Bool {
        sameBytes(lhs.scope, rhs.scope) && sameBytes(lhs.text, rhs.text)
    }

    func hash(into hasher: inout Hasher) {
        var s = scope, t = text
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)
        t.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

