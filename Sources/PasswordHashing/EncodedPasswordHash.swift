/// A stored password hash (mã băm mật khẩu đã lưu) in the PHC string format:
/// `$argon2id$v=19$m=65536,t=3,p=1$<salt>$<tag>`, salt and tag in Base64 without padding.
///
/// The format carries everything needed to check a password later (algorithm, version, costs,
/// salt), which is what lets the cost settings change without invalidating existing accounts. It
/// is the format of the Argon2 reference implementation, argon2-cffi, libsodium and PHP's
/// `password_hash`, so hashes can move between systems.
///
/// Deliberately not `CustomStringConvertible`: string interpolation of an account in a log line
/// should not copy the hash into the log. Use ``encoded`` where the string is really wanted.
public struct EncodedPasswordHash: Sendable, Hashable {
    /// Why a string is not an Argon2id hash this package can verify. ``PasswordHasher`` treats
    /// every case as a failed login; the cases exist for logs and for the code that migrates or
    /// audits stored hashes.
    public enum FormatError: Error, Sendable, Hashable {
        /// Not a `$…$…` PHC string at all, or with missing or extra fields.
        case malformed
        /// A PHC string for another algorithm (`argon2i`, `argon2d`, `bcrypt`, `scrypt`…).
        case notArgon2id
        /// An Argon2 version other than 19 (0x13), including none, which means the old 0x10.
        case unsupportedVersion
        /// The `m=…,t=…,p=…` field is not three decimal numbers in that order, or they are outside
        /// RFC 9106's ranges.
        case invalidParameters
        /// The salt is not strict unpadded Base64 or is shorter than RFC 9106's 8 bytes.
        case invalidSalt
        /// The tag is not strict unpadded Base64 or is shorter than RFC 9106's 4 bytes.
        case invalidTag
    }

    /// The costs the tag was computed with; ``Argon2Parameters/tagLength`` is the tag's length.
    public let parameters: Argon2Parameters
    /// The salt (muối) stored with the tag.
    public let salt: [UInt8]
    /// The Argon2id tag of the password under ``salt`` and ``parameters``.
    public let tag: [UInt8]

    /// A hash from its parts, for code that computed the tag itself.
    /// - Precondition: valid parameters whose tag length is `tag.count`, a salt of 8 bytes or more.
    public init(parameters: Argon2Parameters, salt: [UInt8], tag: [UInt8]) {
        precondition(parameters.isValid && parameters.tagLength == tag.count, "EncodedPasswordHash: bad parameters")
        precondition(salt.count >= 8, "EncodedPasswordHash: the salt must be at least 8 bytes")
        self.parameters = parameters
        self.salt = salt
        self.tag = tag
    }

    /// Parses a stored hash, accepting only the exact spelling that ``encoded`` writes, as the
    /// reference implementation does: one spelling per hash means a damaged or tampered string is
    /// refused instead of being read some other way.
    public init(parsing string: String) throws(FormatError) {
        let fields = string.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count >= 2, fields[0].isEmpty else { throw .malformed }
        guard fields[1] == "argon2id" else { throw .notArgon2id }
        guard fields.count == 6 || fields.count == 5 else { throw .malformed }
        // Without "v=" the reference implementation assumes version 0x10, which this one does not do.
        if !fields[2].hasPrefix("v=") { throw fields[2].hasPrefix("m=") ? .unsupportedVersion : .malformed }
        guard fields[2] == "v=19" else { throw .unsupportedVersion }
        guard fields.count == 6 else { throw .malformed }

        let costs = fields[3].split(separator: ",", omittingEmptySubsequences: false)
        guard costs.count == 3,
            let m = Self.decimal(costs[0], named: "m"),
            let t = Self.decimal(costs[1], named: "t"),
            let p = Self.decimal(costs[2], named: "p")
        else { throw .invalidParameters }
        guard let salt = PHCBase64.decode(fields[4]), salt.count >= 8 else { throw .invalidSalt }
        guard let tag = PHCBase64.decode(fields[5]), tag.count >= 4 else { throw .invalidTag }
        let parameters = Argon2Parameters(memoryKiB: m, iterations: t, parallelism: p, tagLength: tag.count)
        guard parameters.isValid else { throw .invalidParameters }
        self.init(parameters: parameters, salt: salt, tag: tag)
    }

    /// The PHC string, as stored in the account table.
    public var encoded: String {
        "$argon2id$v=\(Argon2id.version)$m=\(parameters.memoryKiB),t=\(parameters.iterations),p=\(parameters.parallelism)"
            + "$\(PHCBase64.encode(salt))$\(PHCBase64.encode(tag))"
    }

    /// The value of `name=digits`: decimal, no sign, no leading zero, below 2³² (every Argon2
    /// cost is a 32-bit number).
    private static func decimal(_ field: Substring, named name: String) -> Int? {
        guard field.hasPrefix(name + "=") else { return nil }
        let digits = field.utf8.dropFirst(name.utf8.count + 1)
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            digits.count == 1 || digits.first != 0x30
        else { return nil }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return value <= Int(UInt32.max) ? value : nil
    }
}
