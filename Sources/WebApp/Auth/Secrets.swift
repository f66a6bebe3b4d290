import Foundation
import Registry

/// Random tokens and their hashes (mã bí mật).
enum Secrets {
    /// 256 random bits as 64 hex digits, from the system's cryptographic generator.
    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let v = rng.next() as UInt64
            let hex = String(v, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// SHA-256 in hex, for storing token secrets.
    static func sha256Hex(_ text: String) -> String {
        SHA256.hex(SHA256.digest(Array(text.utf8)))
    }

    /// Compares two strings in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
