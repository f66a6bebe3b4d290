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

    /// 2025-09-01 03:04:05.123 UTC plus `seconds`.
    static func time(_ seconds: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_756_695_845.123 + seconds)
    }

    static func chain(_ count: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var previous = AuditChain.genesisHash
        for i in 1...count {
            let entry = AuditEntry.sealed(
                AuditEntry(sequence: Int64(i), at: time(Double(i)), account: "com.00004", role: "COM",
                           assignment: "A-17", action: i.isMultiple(of: 2) ? .readPersonal : .update,
                           entityType: "household", entityIDs: ["H\(i)"], before: #"{"village":"Thôn 1"}"#,
                           after: #"{"village":"Thôn 2"}"#, purpose: "review"),
                after: previous)
            previous = entry.hash
            entries.append(entry)
        }
        return entries
    }

    @Test("Canonical form: fixed key order, nulls kept, escaped strings, UTC milliseconds, no hash")
    func canonicalForm() {
        let entry = AuditEntry(
            sequence: 42, at: Self.time(), account: "com.00004", role: "COM", ip: "10.0.0.7",
            action: .export, entityType: "household", entityIDs: ["H001", "H002"],
            before: nil, after: "{\"note\":\"dòng 1\nđ\\\u{01}\"}", rowCount: 2,
            fileHash: "ab", previousHash: AuditChain.genesisHash, hash: "ignored")
        let expected = #"{"sequence":42,"at":"2025-09-01T03:04:05.123Z","account":"com.00004","role":"COM","#
            + #""assignment":null,"ip":"10.0.0.7","user_agent":null,"request_id":null,"action":"export","#
            + #""entity_type":"household","entity_ids":["H001","H002"],"before":null,"#
            + #""after":"{\"note\":\"dòng 1\nđ\\\u0001\"}","purpose":null,"row_count":2,"file_hash":"ab","#
            + #""previous_hash":"0000000000000000000000000000000000000000000000000000000000000000"}"#
        #expect(entry.canonicalForm == expected)
        var other = entry
        other.hash = "different"
        #expect(other.canonicalForm == entry.canonicalForm)
        // Dates before 1970 and sub-millisecond instants round to the nearest millisecond.
        other.at = Date(timeIntervalSince1970: -0.0004)
        #expect(other.canonicalForm.contains(#""at":"1970-01-01T00:00:00.000Z""#))
        other.at = Date(timeIntervalSince1970: -1.5)
        #expect(other.canonicalForm.contains(#""at":"1969-12-31T23:59:58.500Z""#))
    }

    @Test("The hash is SHA-256 of the previous hash's hex text followed by the canonical form")
    func hashDefinition() {
        let entry = AuditEntry.sealed(
            AuditEntry(sequence: 1, at: Self.time(), account: "admin", action: .login, entityType: "session"),
            after: AuditChain.genesisHash)
        #expect(entry.previousHash == AuditChain.genesisHash)
        #expect(entry.hash == SHA256.hex(Array((AuditChain.genesisHash + entry.canonicalForm).utf8)))
        #expect(entry.hash.count == 64)
    }

    @Test("An intact chain verifies")
    func intactChain() {
        #expect(AuditChain.verify(Self.chain(5)) == nil)
        #expect(AuditChain.verify([]) == nil)
        // Verifying a tail needs the hash it follows.
        let chain = Self.chain(5)
        #expect(AuditChain.verify(Array(chain[2...]), after: chain[1].hash) == nil)
        #expect(AuditChain.verify(Array(chain[2...])) == 3)
    }

    @Test("Verify reports the sequence of a modified, deleted or re-sealed entry")
    func brokenChain() {
        var modified = Self.chain(5)
        modified[2].after = #"{"village":"Thôn 9"}"#
        #expect(AuditChain.verify(modified) == 3)

        var deleted = Self.chain(5)
        deleted.remove(at: 1)
        #expect(AuditChain.verify(deleted) == 3)

        var swapped = Self.chain(5)
        swapped.swapAt(3, 4)
        #expect(AuditChain.verify(swapped) == 5)

        // Re-sealing the edited entry hides it only until the next link.
        var resealed = Self.chain(5)
        resealed[2].account = "someone.else"
        resealed[2] = AuditEntry.sealed(resealed[2], after: resealed[1].hash)
        #expect(AuditChain.verify(resealed) == 4)

        var sequence = Self.chain(5)
        sequence[0].sequence = 100
        #expect(AuditChain.verify(sequence) == 100)
    }
}
