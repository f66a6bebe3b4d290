/// A string as a dictionary key compared and hashed by its UTF-8 bytes.
///
/// Swift's `String` hashes and compares by canonical equivalence, which for Vietnamese text
/// means normalising on every lookup; the registry's text is already NFC (the decoders and
/// edits normalise it), so byte equality is the same equality at a fraction of the cost —
/// it matters for millions of name and village lookups in a bulk import.
struct TextKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: TextKey, rhs: TextKey) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
