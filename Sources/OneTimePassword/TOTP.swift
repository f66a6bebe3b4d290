import Foundation

/// Time-based one-time passwords (mã xác thực theo thời gian) of RFC 6238 with HOTP (RFC 4226):
/// HMAC-SHA-1, 30-second steps counted from the Unix epoch — what every authenticator app
/// (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis…) computes from a shared secret.
public struct TOTP: Sendable, Hashable {
    /// The shared secret (khóa bí mật chung).
    public let secret: [UInt8]
    /// Digits of a code: 6 (roles.md §6; RFC 6238's test vectors use 8).
    public let digits: Int
    /// Seconds per step: 30.
    public let period: Int

    /// Codes for `secret`.
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30) {
        precondition((6...8).contains(digits) && period > 0, "TOTP: 6–8 digits and a positive period")
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// Codes for a base32 secret; `nil` when it is not base32.
    public init?(base32 secret: String) {
        guard let bytes = Base32.decode(secret), !bytes.isEmpty else { return nil }
        self.init(secret: bytes)
    }

    /// Bytes of a new secret: 160 bits, the length RFC 4226 §4 recommends for HMAC-SHA-1.
    public static let secretLength = 20

    /// A new random secret in base32 (32 characters), from the system's cryptographic generator.
    public static func newSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        return Base32.encode((0..<secretLength).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// The step of a moment: whole periods since 1970-01-01 00:00:00 UTC.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code of a step, zero-padded (`"004217"`): HOTP with the step as counter.
    public func code(step: Int64) -> String {
        var counter = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { counter[7 - i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: step) >> UInt64(8 * i)) }
        let mac = SHA1.hmac(key: secret, message: counter)
        let offset = Int(mac[19] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(binary % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The code at a moment.
    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step whose code `input` is, among the current step and `tolerance` steps either side
    /// (clocks of phones drift; roles.md's ±1 step = a code is good for 60–90 seconds), or `nil`.
    /// Spaces in the input are ignored; every candidate is compared in constant time. Whether the
    /// step was used before (replay) is the caller's question: it keeps the last step used.
    public func matchingStep(_ input: String, at date: Date, tolerance: Int = 1) -> Int64? {
        let typed = Array(input.utf8.filter { $0 != UInt8(ascii: " ") })
        guard typed.count == digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let now = step(at: date)
        var found: Int64?
        for candidate in (now - Int64(tolerance))...(now + Int64(tolerance)) {
            var diff: UInt8 = 0
            for (a, b) in zip(typed, code(step: candidate).utf8) { diff |= a ^ b }
            if diff == 0 && found == nil { found = candidate }
        }
        return found
    }

    /// The `otpauth://` URI authenticator apps read from a QR code or a link (Google's "Key Uri
    /// Format"): `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`.
    public func uri(account: String, issuer: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func escape(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(Base32.encode(secret))&issuer=\(escape(issuer))"
            + "&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}
