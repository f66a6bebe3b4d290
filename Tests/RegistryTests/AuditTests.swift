import Foundation
import Testing
@testable import Registry

@Suite("SHA-256 and the audit chain (nhật ký kiểm tra)")
struct AuditTests {
    @Test("SHA-256: FIPS 180-2 test vectors")
    func fipsVectors() {
        #expect(SHA256.hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let abc = SHA256.digest(Array("abc".utf8))
        #expect(abc.count == 32 && abc.prefix(4) == [0xba, 0x78, 0x16, 0xbf] && abc.last == 0xad)
    }

    @Test("SHA-256: any split of the input, and a non-contiguous sequence, give the same digest")
    func incrementalMatchesOneShot() {
        let message = Array((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 300] {
            let input = Array(message.prefix(length))
            let oneShot = SHA256.hex(input)
            #expect(SHA256.hex(input.lazy.map { $0 }) == oneShot)
            for chunk in [1, 3, 63, 64, 65] {
                var hasher = SHA256.Hasher()
                var start = 0
                while start < input.count {
                    let end = min(start + chunk, input.count)
                    input[start..<end].withUnsafeBytes { hasher.update($0) }
                    start = end
                }
                #expect(hasher.finalizeHex() == oneShot, "length \(length), chunks of \(chunk)")
                #expect(hasher.finalize() == SHA256.digest(input))
            }
        }
    }
}
