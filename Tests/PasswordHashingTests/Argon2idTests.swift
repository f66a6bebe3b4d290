import Foundation
import Testing

@testable import PasswordHashing

@Suite("Argon2id")
struct Argon2idTests {
    /// RFC 9106 §5.3: the Argon2id test vector (p = 4 lanes, secret and associated data).
    @Test func rfc9106TestVector() {
        let tag = Argon2id.hash(
            password: [UInt8](repeating: 0x01, count: 32),
            salt: [UInt8](repeating: 0x02, count: 16),
            parameters: Argon2Parameters(memoryKiB: 32, iterations: 3, parallelism: 4, tagLength: 32),
            secret: [UInt8](repeating: 0x03, count: 8),
            associatedData: [UInt8](repeating: 0x04, count: 12))
        #expect(hex(tag) == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659")
    }

    /// A Vietnamese password (NFC UTF-8) with one lane, as logins use.
    /// Expected value from Python's argon2-cffi 25.1.0 (bindings 26.2.0, the reference C code):
    /// `argon2.low_level.hash_secret_raw(pw.encode(), b"GiamNgheo-salt16", time_cost=2,
    /// memory_cost=256, parallelism=1, hash_len=32, type=Type.ID, version=19)`.
    @Test func vietnamesePasswordMatchesArgon2Cffi() {
        let password = "Mật khẩu của tôi: Hộ nghèo 2026!".precomposedStringWithCanonicalMapping
        let tag = Argon2id.hash(
            password: Array(password.utf8), salt: Array("GiamNgheo-salt16".utf8),
            parameters: Argon2Parameters(memoryKiB: 256, iterations: 2, parallelism: 1, tagLength: 32))
        #expect(hex(tag) == "a836a301957f3697cebcea85865a70ac36e22fc9f3c85f6a49690b7b11506bae")
    }

    /// A tag longer than 64 bytes (H′ chaining), memory not a multiple of 4p blocks (37 → 32) and
    /// two lanes with one pass. Expected value from argon2-cffi as above, with time_cost=1,
    /// memory_cost=37, parallelism=2, hash_len=100.
    @Test func longTagAndRoundedMemoryMatchArgon2Cffi() {
        let password = "Mật khẩu của tôi: Hộ nghèo 2026!".precomposedStringWithCanonicalMapping
        let tag = Argon2id.hash(
            password: Array(password.utf8), salt: Array("GiamNgheo-salt16".utf8),
            parameters: Argon2Parameters(memoryKiB: 37, iterations: 1, parallelism: 2, tagLength: 100))
        #expect(
            hex(tag)
                == "ec56b221b80d1b392456de3843db5cea80fd9084f59eb6a82721df4df70faa55"
                + "3eb274fdd3ed3590359acce03aebc2bb7c6570f261fb885da9665fa58bd0f483"
                + "6264a9e5fe5612aec9f4733dad2d06544f0bed1317751eeeca8a706ef6d72076"
                + "05dafc3a")
    }

    @Test func parameterRanges() {
        #expect(Argon2Parameters.standard.isValid)
        #expect(Argon2Parameters.standard == Argon2Parameters(memoryKiB: 65_536, iterations: 3, parallelism: 1))
        #expect(!Argon2Parameters(memoryKiB: 31, iterations: 1, parallelism: 4).isValid)  // < 8p
        #expect(!Argon2Parameters(memoryKiB: 64, iterations: 0, parallelism: 1).isValid)
        #expect(!Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 0).isValid)
        #expect(!Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1, tagLength: 3).isValid)
        #expect(!Argon2Parameters(memoryKiB: 1 << 32, iterations: 1, parallelism: 1).isValid)
    }
}
