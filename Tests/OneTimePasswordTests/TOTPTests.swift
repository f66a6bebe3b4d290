import Foundation
import Testing
@testable import OneTimePassword

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

@Suite("SHA-1 and HMAC-SHA-1")
struct SHA1Tests {
    @Test("FIPS 180 examples")
    func digests() {
        #expect(hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("RFC 2202 test cases")
    func hmac() {
        #expect(hex(SHA1.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
            == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(hex(SHA1.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(hex(SHA1.hmac(key: [UInt8](repeating: 0xaa, count: 80), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }
}

@Suite("Base32 (RFC 4648)")
struct Base32Tests {
    @Test("RFC 4648 §10 vectors, without padding, and back")
    func vectors() {
        let cases = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in cases {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("MZXW6YTBOI======") == Array("foobar".utf8))
        #expect(Base32.decode("mzxw 6ytb-oi") == Array("foobar".utf8), "case, spaces and hyphens ignored")
    }

    @Test("invalid text is refused")
    func invalid() {
        #expect(Base32.decode("MZXW6YTB1") == nil, "1 is not base32")
        #expect(Base32.decode("M") == nil, "one symbol cannot be a byte")
        #expect(Base32.decode("MZX") == nil)
    }

    @Test("grouped by four for typing")
    func grouping() {
        #expect(Base32.grouped("JBSWY3DPEHPK3PXP") == "JBSW Y3DP EHPK 3PXP")
        #expect(Base32.grouped("ABCDEF") == "ABCD EF")
    }
}

@Suite("TOTP (RFC 6238)")
struct TOTPTests {
    /// The SHA-1 seed of RFC 6238 Appendix B.
    static let seed = Array("12345678901234567890".utf8)

    @Test("RFC 6238 Appendix B, SHA-1, 8 digits")
    func rfc6238() {
        let totp = TOTP(secret: Self.seed, digits: 8)
        let vectors: [(TimeInterval, String)] = [(59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
                                                 (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130")]
        for (seconds, code) in vectors {
            #expect(totp.code(at: Date(timeIntervalSince1970: seconds)) == code, "T = \(seconds)")
        }
    }

    @Test("RFC 4226 Appendix D, HOTP with 6 digits (the counter is the step)")
    func rfc4226() {
        let totp = TOTP(secret: Self.seed)
        let codes = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        for (counter, code) in codes.enumerated() { #expect(totp.code(step: Int64(counter)) == code) }
    }

    @Test("a code is accepted one step either side, not two")
    func tolerance() throws {
        let totp = try #require(TOTP(base32: "JBSWY3DPEHPK3PXP"))
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let step = totp.step(at: now)
        #expect(step == 56_666_667)
        #expect(totp.matchingStep(totp.code(step: step), at: now) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(step: step + 2), at: now) == nil)
        let code = totp.code(step: step)
        #expect(totp.matchingStep(String(code.prefix(3)) + " " + String(code.dropFirst(3)), at: now) == step, "a space is ignored")
        #expect(totp.matchingStep(String(code.dropLast()), at: now) == nil, "five digits")
        #expect(totp.matchingStep("12345a", at: now) == nil)
    }

    @Test("new secrets: 160 random bits in base32")
    func newSecret() throws {
        let a = TOTP.newSecret(), b = TOTP.newSecret()
        #expect(a.count == 32)
        #expect(a != b)
        #expect(try #require(Base32.decode(a)).count == 20)
    }

    @Test("otpauth URI of the key-URI format")
    func uri() throws {
        let totp = try #require(TOTP(base32: "JBSWY3DPEHPK3PXP"))
        #expect(totp.uri(account: "tinh.hatinh", issuer: "GiamNgheo")
            == "otpauth://totp/GiamNgheo:tinh.hatinh?secret=JBSWY3DPEHPK3PXP&issuer=GiamNgheo&algorithm=SHA1&digits=6&period=30")
        #expect(totp.uri(account: "a b", issuer: "Giảm nghèo").hasPrefix("otpauth://totp/Gi%E1%BA%A3m%20ngh%C3%A8o:a%20b?"))
    }
}
