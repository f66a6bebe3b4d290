import Foundation
import Testing

@testable import PasswordHashing

/// The Vietnamese password used across these tests, in NFC.
private let password = "Mật khẩu của tôi: Hộ nghèo 2026!".precomposedStringWithCanonicalMapping
private let fixedSalt = Array("GiamNgheo-salt16".utf8)
/// Small costs so the suite stays fast in debug builds; the standard ones get one test of their own.
private let small = Argon2Parameters(memoryKiB: 256, iterations: 2, parallelism: 1)

@Suite("PasswordHasher")
struct PasswordHasherTests {
    /// The project's settings end to end (about a second in a debug build: three 64 MiB hashes).
    /// Expected string from argon2-cffi 25.1.0: `argon2.low_level.hash_secret(pw.encode(),
    /// b"GiamNgheo-salt16", time_cost=3, memory_cost=65536, parallelism=1, hash_len=32, type=Type.ID)`.
    @Test func standardParameters() {
        let hasher = PasswordHasher()
        #expect(hasher.parameters == .standard)
        let fixed = hasher.hash(password, salt: fixedSalt)
        #expect(
            fixed
                == "$argon2id$v=19$m=65536,t=3,p=1$R2lhbU5naGVvLXNhbHQxNg$zQxlbPA9OSWCebi2NFNGZhOJgYIW30SzMrLll0DM+Ts")
        #expect(!hasher.needsRehash(fixed))

        let encoded = hasher.hash(password)
        #expect(encoded.hasPrefix("$argon2id$v=19$m=65536,t=3,p=1$"))
        // 16-byte salt and 32-byte tag: 22 and 43 Base64 characters without padding.
        #expect(encoded.split(separator: "$").map(\.count) == [8, 4, 15, 22, 43])
        #expect(hasher.verify(password, against: encoded))
    }

    @Test func roundTrip() throws {
        let hasher = PasswordHasher(parameters: small)
        let encoded = hasher.hash(password)
        #expect(encoded.hasPrefix("$argon2id$v=19$m=256,t=2,p=1$"))
        #expect(hasher.verify(password, against: encoded))
        let parsed = try EncodedPasswordHash(parsing: encoded)
        #expect(parsed.parameters == small)
        #expect(parsed.salt.count == PasswordHasher.saltLength)
        #expect(parsed.encoded == encoded)
        // A new salt every time, so equal passwords do not give equal strings.
        #expect(hasher.hash(password) != encoded)
    }

    @Test func wrongPasswordFails() {
        let hasher = PasswordHasher(parameters: small)
        let encoded = hasher.hash(password)
        #expect(!hasher.verify("Mật khẩu của tôi: Hộ nghèo 2027!", against: encoded))
        #expect(!hasher.verify("Mat khau cua toi: Ho ngheo 2026!", against: encoded))  // diacritics matter
        #expect(!hasher.verify("mật khẩu của tôi: hộ nghèo 2026!", against: encoded))  // so does case
        #expect(!hasher.verify(password + " ", against: encoded))
        #expect(!hasher.verify("", against: encoded))
    }

    /// The same password typed precomposed (NFC) or decomposed (NFD, e.g. some input methods).
    @Test func nfcAndNfdVerifyAlike() {
        let nfd = password.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.utf8) != Array(password.utf8))
        let hasher = PasswordHasher(parameters: small)
        #expect(hasher.verify(nfd, against: hasher.hash(password)))
        #expect(hasher.verify(password, against: hasher.hash(nfd)))
        #expect(hasher.hash(nfd, salt: fixedSalt) == hasher.hash(password, salt: fixedSalt))
    }

    /// Hash strings written by argon2-cffi 25.1.0 (the reference C code) verify here, and the same
    /// salt gives the identical string. Obtained with `argon2.low_level.hash_secret(pw.encode(),
    /// salt, time_cost=t, memory_cost=m, parallelism=p, hash_len=n, type=Type.ID)`.
    @Test func interoperatesWithArgon2Cffi() {
        let cffi = "$argon2id$v=19$m=256,t=2,p=1$R2lhbU5naGVvLXNhbHQxNg$qDajAZV/NpfOvOqFhlpwrDbiL8nzyF9qSWkLexFQa64"
        let hasher = PasswordHasher(parameters: small)
        #expect(hasher.verify(password, against: cffi))
        #expect(hasher.verify(password.decomposedStringWithCanonicalMapping, against: cffi))
        #expect(hasher.hash(password, salt: fixedSalt) == cffi)

        // Two lanes and a 16-byte tag (salt b"0123456789abcdef", m=64, t=1, p=2, hash_len=16).
        let twoLanes = "$argon2id$v=19$m=64,t=1,p=2$MDEyMzQ1Njc4OWFiY2RlZg$yDdqLtLlWklMkrYlD3eEeg"
        #expect(hasher.verify("Đặng Thị Ánh Tuyết 1975", against: twoLanes))
        #expect(!hasher.verify("Đặng Thị Ánh Tuyết 1976", against: twoLanes))
    }

    /// Raising the settings must not lock anyone out; the old hashes are flagged for re-hashing.
    @Test func oldSettingsStillVerifyAndNeedRehash() {
        let old = PasswordHasher(parameters: small)
        let encoded = old.hash(password)
        let raised = PasswordHasher(parameters: Argon2Parameters(memoryKiB: 512, iterations: 3, parallelism: 1))
        #expect(raised.verify(password, against: encoded))
        #expect(raised.needsRehash(encoded))
        #expect(!old.needsRehash(encoded))
        let longerTag = PasswordHasher(parameters: Argon2Parameters(memoryKiB: 256, iterations: 2, parallelism: 1, tagLength: 64))
        #expect(longerTag.needsRehash(encoded))
        // A shorter salt than this hasher writes (8 bytes, argon2-cffi's "somesalt" style).
        let shortSalt = EncodedPasswordHash(parameters: small, salt: Array("8bytes!!".utf8), tag: [UInt8](repeating: 1, count: 32))
        #expect(old.needsRehash(shortSalt.encoded))
        #expect(old.needsRehash("not a hash"))
    }

    @Test(arguments: EncodedPasswordHashTests.malformed.map(\.string))
    func malformedStringsNeverVerify(_ encoded: String) {
        let hasher = PasswordHasher(parameters: small)
        #expect(!hasher.verify(password, against: encoded))
        #expect(hasher.needsRehash(encoded))
    }

    @Test func constantTimeEqual() {
        #expect(PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(PasswordHasher.constantTimeEqual([], []))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHasher.constantTimeEqual([0, 2, 3], [1, 2, 3]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2]))
    }
}
