import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a store keeps CCCD numbers (bảo vệ số CCCD, roles.md §6): never in clear, as three values —
///
/// - ``seal(_:)``: the number encrypted with AES-256-GCM under the registry's encryption key, a
///   fresh random 96-bit nonce per value, stored as `nonce ‖ ciphertext ‖ tag` (40 bytes for
///   12 digits). Authenticated: a value altered in the file, or moved from another registry, does
///   not open. Random nonces: two members never show equal ciphertexts, so the ciphertext column
///   says nothing about who shares what (GCM's limit for random nonces, 2³² values per key, is
///   far above a national registry's 10⁸ numbers and their edits).
///   AES-GCM rather than ChaCha20-Poly1305 (both in swift-crypto): for values this short the cost
///   is swift-crypto's per-call work, and its AES-GCM path builds the sealed value with one
///   allocation where its ChaCha20-Poly1305 path appends piece by piece (1.4–2.5 against
///   1.6–3.0 µs a value in three runs of `GiamNgheoBenchmarks crypto --variants` on the shared
///   2-core machine); AES runs on the AES instructions of any x86-64 or ARMv8 processor of the
///   last decade, and in constant time without them (BoringSSL).
/// - ``lookupHash(_:)``: HMAC-SHA256 under the separate lookup key, truncated to 128 bits. Equal
///   numbers give equal hashes, so a **unique index** on it enforces "one CCCD, one person" and an
///   exact search is an index lookup (the SQLite store indexes it after the last four digits, so
///   one index also serves the last-4 search); without the key the hash cannot be recomputed from a guessed
///   number (a plain SHA-256 of 12 digits would be reversed by trying all 10¹² numbers).
///   128 bits: collisions are out of reach (2⁶⁴ values), and the index is half the size.
/// - ``last4(_:)``: the last four digits in clear, because masked lists show `********1234`
///   anyway (`security.mask.national_id`), so lists never decrypt.
///
/// Stores stay plaintext-facing: they seal on write and open on read, so callers only ever see
/// numbers. Used by the SQLite store, and meant for a PostgreSQL store too (same bytes, same key).
public struct NationalIDCipher: Sendable {
    let key: PersonalDataKey
    /// SHA-256 states with the lookup key's inner and outer pads already absorbed (RFC 2104):
    /// HMAC is then two short SHA-256 runs per number. swift-crypto's `HMAC` re-hashes the outer
    /// pad on every `finalize()` and goes through its generic byte-sequence paths, two to three
    /// times the cost (0.6–1.3 against 0.3–0.5 µs, `GiamNgheoBenchmarks crypto --variants`).
    /// Tested equal to `HMAC<SHA256>`.
    private let innerPad: SHA256, outerPad: SHA256

    /// Bytes of a sealed value beyond the text: nonce (12) and tag (16).
    public static let overhead = 28
    /// Bytes of ``lookupHash(_:)``.
    public static let lookupHashBytes = 16

    /// The cipher of a registry's key.
    public init(key: PersonalDataKey) {
        self.key = key
        var inner = SHA256(), outer = SHA256()
        key.lookupKey.withUnsafeBytes { k in
            // The key (32 bytes) is shorter than SHA-256's 64-byte block: padded with zeros.
            var ipad = [UInt8](repeating: 0x36, count: 64), opad = [UInt8](repeating: 0x5C, count: 64)
            for i in 0..<k.count {
                ipad[i] ^= k[i]
                opad[i] ^= k[i]
            }
            ipad.withUnsafeBytes { inner.update(bufferPointer: $0) }
            opad.withUnsafeBytes { outer.update(bufferPointer: $0) }
        }
        innerPad = inner
        outerPad = outer
    }

    /// The stored key check of the key (see ``PersonalDataKey/keyCheck``).
    public var keyCheck: String { key.keyCheck }

    /// `nonce ‖ ciphertext ‖ tag` of `nationalID`, under a fresh random nonce.
    public func seal(_ nationalID: String) -> [UInt8] {
        seal(nationalID, nonce: AES.GCM.Nonce())
    }

    func seal(_ nationalID: String, nonce: AES.GCM.Nonce) -> [UInt8] {
        seal(nationalID, nonce: nonce) { Array($0) }
    }

    /// `body` of the sealed bytes, read in place.
    func seal<R>(_ nationalID: String, nonce: AES.GCM.Nonce, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var text = nationalID
        do {
            return try text.withUTF8 { utf8 in
                try AES.GCM.seal(UnsafeRawBufferPointer(utf8), using: key.encryptionKey, nonce: nonce).combined!.withUnsafeBytes(body)
            }
        } catch {
            // Sealing fails only on a key of the wrong size: a programming error, not a data error.
            preconditionFailure("AES-GCM seal failed: \(error)")
        }
    }

    /// The number sealed in `sealed`.
    /// - Throws: ``ProtectionError/damaged(_:)`` when it does not authenticate under this key.
    public func open<Bytes: DataProtocol>(_ sealed: Bytes) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plain = try AES.GCM.open(box, using: key.encryptionKey)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw ProtectionError.damaged("CCCD (\(sealed.count) byte)")
        }
    }

    /// The keyed hash of `nationalID` (16 bytes): HMAC-SHA256 under the lookup key, truncated.
    public func lookupHash(_ nationalID: String) -> [UInt8] {
        lookupHash(nationalID) { Array($0) }
    }

    /// `body` of the keyed hash's 16 bytes, read in place.
    public func lookupHash<R>(_ nationalID: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var inner = innerPad
        var text = nationalID
        text.withUTF8 { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var outer = outerPad
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0.prefix(Self.lookupHashBytes))) }
    }

    /// The last four characters, shown in masked lists (`********1234`).
    public static func last4(_ nationalID: String) -> String { String(nationalID.suffix(4)) }

    /// `********1234` from the last four digits (12 characters, as the full number has).
    public static func masked(last4: String) -> String { String(repeating: "*", count: 8) + last4 }

    // MARK: Text tokens

    /// Prefix of a sealed value written inside text (version rows' JSON): `enc1:<base64>`.
    public static let tokenPrefix = "enc1:"

    /// `nationalID` sealed and written as text, for places that hold text (a JSON value).
    public func token(_ nationalID: String) -> String { Self.tokenPrefix + Data(seal(nationalID)).base64EncodedString() }

    /// The number of a ``token(_:)``, or the text itself when it is not a token (older rows).
    public func openToken(_ text: String) throws -> String {
        guard text.hasPrefix(Self.tokenPrefix) else { return text }
        guard let data = Data(base64Encoded: String(text.dropFirst(Self.tokenPrefix.count))) else {
            throw ProtectionError.damaged("token")
        }
        return try open(data)
    }

    /// Whether `text` is a ``token(_:)``.
    public static func isToken(_ text: String) -> Bool { text.hasPrefix(tokenPrefix) }
}

/// Seals many numbers on one thread (niêm phong hàng loạt): exactly ``NationalIDCipher/seal(_:)``,
/// but the random nonces are read from the kernel 4 KiB at a time (340 nonces) instead of with
/// two system calls each, as swift-crypto's `AES.GCM.Nonce()` does (8 bytes per `getrandom`):
/// on a bulk import of 3.6M members those calls were most of the sealing time. Every nonce is
/// still 96 bits straight from the kernel's random source, never derived or reused.
/// Not thread-safe: used by one thread at a time (the import's serial sealing queue), hence
/// `@unchecked Sendable`, to be handed to that queue.
public final class NationalIDBatchSealer: @unchecked Sendable {
    /// The cipher sealed with.
    public let cipher: NationalIDCipher
    private var pool = [UInt8](repeating: 0, count: 12 * 340)
    private var next: Int
    private let random: Int32

    /// A sealer for `cipher`.
    public init(cipher: NationalIDCipher) {
        self.cipher = cipher
        random = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        next = pool.count
    }

    deinit {
        if random >= 0 { close(random) }
    }

    /// `nonce ‖ ciphertext ‖ tag` of `nationalID` (``NationalIDCipher/seal(_:)``).
    public func seal(_ nationalID: String) -> [UInt8] {
        seal(nationalID) { Array($0) }
    }

    /// `body` of the sealed bytes of `nationalID`, read in place (no array per number).
    public func seal<R>(_ nationalID: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if next == pool.count { refill() }
        defer { next += 12 }
        // The 12 bytes are copied into the nonce (a Data of inline storage): the pool may be refilled later.
        let bytes = pool.withUnsafeBytes { Data(bytes: $0.baseAddress! + next, count: 12) }
        let nonce: AES.GCM.Nonce
        do { nonce = try AES.GCM.Nonce(data: bytes) } catch { preconditionFailure("a 12-byte nonce refused: \(error)") }
        return cipher.seal(nationalID, nonce: nonce, body)
    }

    private func refill() {
        var filled = 0
        if random >= 0 {
            while filled < pool.count {
                let n = pool.withUnsafeMutableBytes { read(random, $0.baseAddress! + filled, $0.count - filled) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                filled += n
            }
        }
        // Without /dev/urandom (a sandbox), the system generator: slower, as random.
        if filled < pool.count {
            var generator = SystemRandomNumberGenerator()
            for i in filled..<pool.count { pool[i] = UInt8.random(in: 0...255, using: &generator) }
        }
        next = 0
    }
}

/// Masking of CCCD numbers inside free text (che số CCCD trong văn bản): every run of exactly 12
/// ASCII digits becomes `********` and its last 4 digits. Used on everything a store writes into
/// its audit log's before/after texts (search queries typed with a CCCD, export descriptions,
/// field changes), where the log keeps only what lists show. Runs of other lengths are left alone:
/// they are not CCCD numbers (amounts, years, codes).
public enum NationalIDMask {
    /// `text` with every 12-digit run masked; the same string when there is none.
    public static func maskingDigitRuns(in text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 12 else { return text }
        var out = bytes
        var changed = false
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]) else { i += 1; continue }
            var j = i
            while j < bytes.count && isDigit(bytes[j]) { j += 1 }
            if j - i == 12 {
                for k in i..<(i + 8) { out[k] = 0x2A }  // "*"
                changed = true
            }
            i = j
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// Whether `text` holds a run of exactly 12 digits.
    public static func containsNationalID(_ text: String) -> Bool { maskingDigitRuns(in: text) != text }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
