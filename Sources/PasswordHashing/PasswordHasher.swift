import Foundation

/// Hashes and checks login passwords (mật khẩu đăng nhập) as roles.md §6 requires: Argon2id,
/// passwords normalised to NFC, a fresh random salt per hash, PHC strings for storage.
///
/// Only the hash string is ever stored. Length and content rules (10–128 characters, not the
/// username, not a common password) belong to the account code, which knows the user; this type
/// accepts any string.
///
/// Each call fills ``Argon2Parameters/memoryKiB`` of memory and blocks the calling thread for
/// about a quarter of a second with the standard settings; that cost is the point (it is what each
/// guess costs an attacker), so server code should run it where blocking a thread is acceptable.
public struct PasswordHasher: Sendable {
    /// The settings new hashes are made with (`security.argon2`). Verification uses the settings
    /// stored in each hash instead, so changing these never locks anyone out.
    public let parameters: Argon2Parameters

    /// Bytes of random salt per hash: 128 bits, RFC 9106's recommendation, makes a repeated salt
    /// (and so a reusable precomputation) practically impossible.
    public static let saltLength = 16

    /// A hasher for new hashes with `parameters` (by default the project's standard settings).
    /// - Precondition: `parameters.isValid`; the settings are configuration, checked at start-up.
    public init(parameters: Argon2Parameters = .standard) {
        precondition(parameters.isValid, "PasswordHasher: Argon2 parameters outside RFC 9106's ranges: \(parameters)")
        self.parameters = parameters
    }

    /// The PHC string to store for `password`, e.g.
    /// `$argon2id$v=19$m=65536,t=3,p=1$<salt>$<tag>`.
    ///
    /// The password is normalised to NFC first: the same word typed as precomposed `ệ` (one code
    /// point, most keyboards) or as `e` plus combining marks (some Vietnamese input methods, macOS
    /// file names) is the same password to the person typing it. Two calls give different strings,
    /// because each gets a new salt from the system's secure random source.
    public func hash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        var salt = [UInt8]()
        salt.reserveCapacity(Self.saltLength)
        while salt.count < Self.saltLength {
            withUnsafeBytes(of: generator.next() as UInt64) { salt += $0.prefix(Self.saltLength - salt.count) }
        }
        return hash(password, salt: salt)
    }

    /// ``hash(_:)`` with a given salt, so tests can compare with other implementations.
    func hash(_ password: String, salt: [UInt8]) -> String {
        let tag = Argon2id.hash(password: Self.passwordBytes(password), salt: salt, parameters: parameters)
        return EncodedPasswordHash(parameters: parameters, salt: salt, tag: tag).encoded
    }

    /// Whether `password` is the one `encoded` was made from.
    ///
    /// The costs come from `encoded`, not from ``parameters``, so hashes made before a change of
    /// settings still verify. A string that is not a valid Argon2id PHC string gives `false`
    /// rather than an error: to the login screen it is simply a wrong password, and the reason is
    /// available from ``EncodedPasswordHash/init(parsing:)`` where it matters. The tags are
    /// compared in constant time, so response times reveal nothing about how close a guess was.
    public func verify(_ password: String, against encoded: String) -> Bool {
        guard let stored = try? EncodedPasswordHash(parsing: encoded) else { return false }
        let tag = Argon2id.hash(password: Self.passwordBytes(password), salt: stored.salt, parameters: stored.parameters)
        return Self.constantTimeEqual(tag, stored.tag)
    }

    /// Whether `encoded` should be replaced by a new hash of the same password, computed right
    /// after a successful ``verify(_:against:)``, the only moment the plain password is at hand.
    ///
    /// True when it was made with other settings than ``parameters`` (costs or tag length), with a
    /// shorter salt than ``saltLength``, or is not a valid Argon2id string at all. Settings
    /// are compared for equality, not "at least as strong", so lowering them (after a server was
    /// found too slow, say) also takes effect.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let stored = try? EncodedPasswordHash(parsing: encoded) else { return true }
        return stored.parameters != parameters || stored.salt.count < Self.saltLength
    }

    /// The UTF-8 of the NFC form of `password`: the bytes Argon2id sees.
    static func passwordBytes(_ password: String) -> [UInt8] {
        Array(password.precomposedStringWithCanonicalMapping.utf8)
    }

    /// Byte equality whose time depends only on the length (which the PHC string shows anyway),
    /// not on where the first difference is.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
