import Crypto
import Foundation

/// How a store keeps CCCD numbers (bảo vệ số CCCD, roles.md §6): never in clear, as three values —
///
/// - ``seal(_:)``: the number encrypted with ChaCha20-Poly1305 under the registry's encryption key,
///   a fresh random 96-bit nonce per value, stored as `nonce ‖ ciphertext ‖ tag` (40 bytes for
///   12 digits). Authenticated: a value altered in the file, or moved from another registry, does
///   not open. Random nonces: two members never show equal ciphertexts, so the ciphertext column
///   says nothing about who shares what.
/// - ``lookupHash(_:)``: HMAC-SHA256 under the separate lookup key, truncated to 128 bits. Equal
///   numbers give equal hashes, so a **unique index** on it enforces "one CCCD, one person" and an
///   exact search is an index lookup; without the key the hash cannot be recomputed from a guessed
///   number (a plain SHA-256 of 12 digits would be reversed by trying all 10¹² numbers).
///   128 bits: collisions are out of reach (2⁶⁴ values), and the index is half the size.
/// - ``last4(_:)``: the last four digits in clear, because masked lists show `********1234`
///   anyway (`security.mask.national_id`), so lists never decrypt.
///
/// Stores stay plaintext-facing: they seal on write and open on read, so callers only ever see
/// numbers. Used by the SQLite store, and meant for a PostgreSQL store too (same bytes, same key).
public struct NationalIDCipher: Sendable {
    let key: PersonalDataKey
    /// HMAC state with the lookup key already absorbed: copied per value, so the key's two pads
    /// are not hashed again for each of millions of members.
    private let lookupTemplate: HMAC<SHA256>

    /// Bytes of a sealed value beyond the text: nonce (12) and tag (16).
    public static let overhead = 28
    /// Bytes of ``lookupHash(_:)``.
    public static let lookupHashBytes = 16

    /// The cipher of a registry's key.
    public init(key: PersonalDataKey) {
        self.key = key
        lookupTemplate = HMAC<SHA256>(key: key.lookupKey)
    }

    /// The stored key check of the key (see ``PersonalDataKey/keyCheck``).
    public var keyCheck: String { key.keyCheck }

    /// `nonce ‖ ciphertext ‖ tag` of `nationalID`.
    public func seal(_ nationalID: String) -> [UInt8] {
        do {
            return Array(try ChaChaPoly.seal(Array(nationalID.utf8), using: key.encryptionKey).combined)
        } catch {
            // Sealing fails only on a key of the wrong size or a failing random source: not data errors.
            preconditionFailure("ChaCha20-Poly1305 seal failed: \(error)")
        }
    }

    /// The number sealed in `sealed`.
    /// - Throws: ``ProtectionError/damaged(_:)`` when it does not authenticate under this key.
    public func open<Bytes: DataProtocol>(_ sealed: Bytes) throws -> String {
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealed)
            let plain = try ChaChaPoly.open(box, using: key.encryptionKey)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw ProtectionError.damaged("CCCD (\(sealed.count) byte)")
        }
    }

    /// The keyed hash of `nationalID` (16 bytes).
    public func lookupHash(_ nationalID: String) -> [UInt8] {
        var mac = lookupTemplate
        var text = nationalID
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Array(mac.finalize().prefix(Self.lookupHashBytes))
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
