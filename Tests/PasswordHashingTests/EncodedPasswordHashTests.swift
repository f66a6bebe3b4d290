import Foundation
import Testing

@testable import PasswordHashing

@Suite("EncodedPasswordHash")
struct EncodedPasswordHashTests {
    /// A valid string (argon2-cffi's, see PasswordHasherTests) that the malformed cases alter.
    static let valid = "$argon2id$v=19$m=256,t=2,p=1$R2lhbU5naGVvLXNhbHQxNg$qDajAZV/NpfOvOqFhlpwrDbiL8nzyF9qSWkLexFQa64"
    static let salt = "R2lhbU5naGVvLXNhbHQxNg"
    static let tag = "qDajAZV/NpfOvOqFhlpwrDbiL8nzyF9qSWkLexFQa64"

    struct Case: Sendable, CustomTestStringConvertible {
        var string: String
        var error: EncodedPasswordHash.FormatError
        var testDescription: String { "\(string) → \(error)" }
    }

    static let malformed: [Case] = [
        Case(string: "", error: .malformed),
        Case(string: "not a hash", error: .malformed),
        Case(string: String(valid.dropFirst()), error: .malformed),
        Case(string: "$argon2id", error: .malformed),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)", error: .malformed),
        Case(string: valid + "$", error: .malformed),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)$\(tag)$extra", error: .malformed),
        Case(string: "$argon2i$v=19$m=256,t=2,p=1$\(salt)$\(tag)", error: .notArgon2id),
        Case(string: "$argon2d$v=19$m=256,t=2,p=1$\(salt)$\(tag)", error: .notArgon2id),
        Case(string: "$ARGON2ID$v=19$m=256,t=2,p=1$\(salt)$\(tag)", error: .notArgon2id),
        Case(string: "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", error: .notArgon2id),
        Case(string: "$argon2id$v=16$m=256,t=2,p=1$\(salt)$\(tag)", error: .unsupportedVersion),
        Case(string: "$argon2id$v=019$m=256,t=2,p=1$\(salt)$\(tag)", error: .unsupportedVersion),
        Case(string: "$argon2id$m=256,t=2,p=1$\(salt)$\(tag)", error: .unsupportedVersion),
        Case(string: "$argon2id$v=19$m=256,t=2$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$t=2,m=256,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1,keyid=abc$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=0256,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=+256,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m= 256,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=256,t=0,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=256,t=2,p=0$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=7,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=4294967296,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=99999999999999999999,t=2,p=1$\(salt)$\(tag)", error: .invalidParameters),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)==$\(tag)", error: .invalidSalt),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$c2FsdA$\(tag)", error: .invalidSalt),  // "salt": 4 bytes
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$$\(tag)", error: .invalidSalt),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$R2lhbU5naGVvLXNhbHQxN-$\(tag)", error: .invalidSalt),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)$\(tag)=", error: .invalidTag),
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)$\(tag.dropLast())5", error: .invalidTag),  // unused bits set
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)$\(tag)AA", error: .invalidTag),  // 4k + 1 characters
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)$AAAA", error: .invalidTag),  // 3 bytes
        Case(string: "$argon2id$v=19$m=256,t=2,p=1$\(salt)$", error: .invalidTag),
        Case(string: valid + "\n", error: .invalidTag),
    ]

    @Test func parsesAndRewritesTheSameString() throws {
        let parsed = try EncodedPasswordHash(parsing: Self.valid)
        #expect(parsed.parameters == Argon2Parameters(memoryKiB: 256, iterations: 2, parallelism: 1, tagLength: 32))
        #expect(parsed.salt == Array("GiamNgheo-salt16".utf8))
        #expect(parsed.tag.count == 32)
        #expect(parsed.encoded == Self.valid)
    }

    @Test(arguments: malformed)
    func malformedStringsAreRefusedWithTheirReason(_ c: Case) {
        #expect(throws: c.error) { try EncodedPasswordHash(parsing: c.string) }
    }

    /// The unpadded Base64 is Foundation's standard Base64 without the `=`.
    @Test func base64MatchesFoundationWithoutPadding() {
        for length in 0...40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
            #expect(PHCBase64.encode(bytes) == expected)
            #expect(PHCBase64.decode(Substring(expected)) == bytes)
        }
    }
}
