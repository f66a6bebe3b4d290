import Foundation

/// A string as a dictionary key compared and hashed by its UTF-8 bytes.
///
/// Swift's `String` hashes and compares by canonical equivalence, which for Vietnamese text
/// means normalising on every lookup; the registry's text is already NFC (the decoders and
/// edits normalise it), so byte equality is the same equality at a fraction of the cost —
/// it matters for millions of name and village lookups in a bulk import.
struct TextKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: TextKey, rhs: TextKey) -> Bool { sameBytes(lhs.text, rhs.text) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

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

/// A village by commune code and name, compared and hashed by bytes like ``TextKey``.
struct VillageKey: Hashable {
    var commune: String
    var name: String

    static func == (lhs: VillageKey, rhs: VillageKey) -> Bool {
        sameBytes(lhs.commune, rhs.commune) && sameBytes(lhs.name, rhs.name)
    }

    /// By bytes, as `TextKey`: the text is NFC already.
    func hash(into hasher: inout Hasher) {
        var c = commune, n = name
        c.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(0xFF as UInt8)
        n.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

