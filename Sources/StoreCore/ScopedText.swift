import Foundation

/// Whether two strings have the same UTF-8 bytes (memcmp, no normalisation).
@inline(__always)
package func sameBytes(_ a: String, _ b: String) -> Bool {
    withUTF8Bytes(a) { x in
        withUTF8Bytes(b) { y in
            x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
        }
    }
}

/// `body` with the UTF-8 bytes of `s`, in place when the string is native (no copy, no retain).
@inline(__always)
package func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return r }
    var copy = s
    return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
}

/// Ids of texts within a scope (a village name within its commune; a name, with an empty scope),
/// keyed by their UTF-8 bytes (bảng id theo byte).
///
/// Swift's `String` hashes and compares by canonical equivalence, which for Vietnamese text
/// means normalising on every lookup; the registry's text is already NFC (the decoders and
/// edits normalise it), so byte equality is the same equality at a fraction of the cost. A
/// `Dictionary` keyed by a pair of strings still pays SipHash, retains and a pointer chase to
/// each stored key per probe; this table keeps the keys' bytes in one array and compares them
/// in place — it matters for millions of name and village lookups in a bulk import.
package struct ScopedTextTable {
    private struct Entry {
        /// Full hash of the key; 0 marks an empty slot (hashes are never 0).
        var hash: UInt64 = 0
        /// Offset of the scope's bytes in `bytes`, the text's following them.
        var offset = 0
        var id: Int64 = 0
        var scopeCount: UInt32 = 0
        var textCount: UInt32 = 0
    }

    private var entries = [Entry](repeating: Entry(), count: 64)
    private var bytes: [UInt8] = []
    package private(set) var count = 0

    /// Per process, so a file cannot be crafted to collide.
    private static let seed = UInt64.random(in: 1...UInt64.max)

    /// The id of `text` in `scope`, if recorded.
    package func id(scope: String, text: String) -> Int64? {
        withUTF8Bytes(scope) { s in
            withUTF8Bytes(text) { t in
                let slot = find(s, t, Self.hash(s, t))
                return entries[slot].hash == 0 ? nil : entries[slot].id
            }
        }
    }

    /// The hash ``prefetch(_:)`` takes.
    package static func hash(scope: String, text: String) -> UInt64 {
        withUTF8Bytes(scope) { s in withUTF8Bytes(text) { t in hash(s, t) } }
    }

    /// Reads the first slot a lookup of the key with hash `h` reads, returning a value that
    /// depends on it. A table of a hundred thousand names is larger than the CPU caches, so a
    /// lookup is a cache miss on the slot, then one on the stored key: reading the slots of a run
    /// of keys first, then their stored keys (``prefetchKey(_:)``), lets those misses overlap
    /// instead of waiting for each in turn, and the lookups that follow find everything cached.
    @inline(__always)
    package func prefetchSlot(_ h: UInt64) -> UInt64 {
        entries.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: h >> 7) & ($0.count - 1)].hash }
    }

    /// Reads the stored key of the first slot of hash `h` when it holds that hash (see
    /// ``prefetchSlot(_:)``).
    @inline(__always)
    package func prefetchKey(_ h: UInt64) -> UInt64 {
        entries.withUnsafeBufferPointer { table in
            let e = table[Int(truncatingIfNeeded: h >> 7) & (table.count - 1)]
            guard e.hash == h, e.offset < bytes.count else { return 0 }
            return UInt64(bytes.withUnsafeBufferPointer { $0[e.offset] })
        }
    }

    /// Records `id` for `text` in `scope` (replacing any earlier id).
    package mutating func set(scope: String, text: String, id: Int64) {
        withUTF8Bytes(scope) { s in
            withUTF8Bytes(text) { t in
                let h = Self.hash(s, t)
                let slot = find(s, t, h)
                if entries[slot].hash != 0 {
                    entries[slot].id = id
                    return
                }
                let offset = bytes.count
                bytes.append(contentsOf: s)
                bytes.append(contentsOf: t)
                entries[slot] = Entry(hash: h, offset: offset, id: id, scopeCount: UInt32(s.count), textCount: UInt32(t.count))
                count += 1
                if count * 2 > entries.count { grow() }
            }
        }
    }

    /// The slot holding the key, or the empty slot where it would go.
    @inline(__always)
    private func find(_ s: UnsafeRawBufferPointer, _ t: UnsafeRawBufferPointer, _ h: UInt64) -> Int {
        entries.withUnsafeBufferPointer { table in
            bytes.withUnsafeBufferPointer { stored in
                let mask = table.count - 1
                var i = Int(truncatingIfNeeded: h >> 7) & mask
                while true {
                    let e = table[i]
                    if e.hash == 0 { return i }
                    if e.hash == h, Int(e.scopeCount) == s.count, Int(e.textCount) == t.count,
                       Self.equal(stored.baseAddress! + e.offset, s),
                       Self.equal(stored.baseAddress! + e.offset + s.count, t)
                    {
                        return i
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    @inline(__always)
    private static func equal(_ stored: UnsafePointer<UInt8>, _ key: UnsafeRawBufferPointer) -> Bool {
        key.count == 0 || memcmp(stored, key.baseAddress!, key.count) == 0
    }

    private mutating func grow() {
        let old = entries
        entries = [Entry](repeating: Entry(), count: old.count * 2)
        let mask = entries.count - 1
        for e in old where e.hash != 0 {
            var i = Int(truncatingIfNeeded: e.hash >> 7) & mask
            while entries[i].hash != 0 { i = (i + 1) & mask }
            entries[i] = e
        }
    }

    /// A fast multiply-mix hash of the scope's bytes, then the text's (never 0).
    @inline(__always)
    static func hash(_ s: UnsafeRawBufferPointer, _ t: UnsafeRawBufferPointer) -> UInt64 {
        var h = mix(seed, s)
        h = mix(h ^ 0xFF, t)
        // Final avalanche (murmur3's fmix64), so every bit of the slot index depends on every byte.
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h == 0 ? 1 : h
    }

    @inline(__always)
    private static func mix(_ seed: UInt64, _ b: UnsafeRawBufferPointer) -> UInt64 {
        var h = seed ^ (UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        let n = b.count
        while i + 8 <= n {
            let w = b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(b[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        return h
    }
}
