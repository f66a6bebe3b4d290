import Crypto
import Foundation
import Testing
@testable import PersonalDataProtection

/// A fresh directory under the system temp folder.
struct Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-pdp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

@Suite("Personal-data key file")
struct KeyFileTests {
    @Test("a new key file is 0600, reads back as the same key, and is never replaced")
    func createAndLoad() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let path = dir.path("registry.db.key")
        let created = try PersonalDataKey.create(path: path)
        #expect(try mode(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("giamngheo-key-v1:"))
        #expect(text.contains("SAO LƯU RIÊNG") || text.contains("sao lưu RIÊNG"))
        let loaded = try PersonalDataKey.load(path: path)
        #expect(loaded.keyCheck == created.keyCheck)
        #expect(created.keyCheck.hasPrefix("v1:") && created.keyCheck.count == 35)
        // Creating again reads the existing key (another process won the race), never a new one.
        let again = try PersonalDataKey.create(path: path)
        #expect(again.keyCheck == created.keyCheck)
        #expect(PersonalDataKey.generate().keyCheck != created.keyCheck)
    }

    @Test("a missing, unreadable, foreign or world-readable key file is refused with its own code")
    func refusals() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        #expect(throws: ProtectionError.keyMissing(path: dir.path("none.key"))) { try PersonalDataKey.load(path: dir.path("none.key")) }

        let open = dir.path("open.key")
        _ = try PersonalDataKey.create(path: open)
        chmod(open, 0o644)
        do {
            _ = try PersonalDataKey.load(path: open)
            Issue.record("a world-readable key file was accepted")
        } catch let e as ProtectionError {
            #expect(e.code == "key.permissions")
            #expect(e.message.contains("chmod 600"))
        }

        let junk = dir.path("junk.key")
        FileManager.default.createFile(atPath: junk, contents: Data("not a key\n".utf8), attributes: [.posixPermissions: 0o600])
        do {
            _ = try PersonalDataKey.load(path: junk)
            Issue.record("a foreign file was accepted as a key")
        } catch let e as ProtectionError {
            #expect(e.code == "key.unreadable")
        }
    }

    @Test("the key file location: explicit, then GIAMNGHEO_KEY_FILE, then beside the database")
    func location() {
        #expect(KeyFileLocation.resolve(explicit: "/k/a.key", databasePath: "x.db", environment: ["GIAMNGHEO_KEY_FILE": "/k/b.key"]) == "/k/a.key")
        #expect(KeyFileLocation.resolve(explicit: nil, databasePath: "x.db", environment: ["GIAMNGHEO_KEY_FILE": "/k/b.key"]) == "/k/b.key")
        #expect(KeyFileLocation.resolve(explicit: nil, databasePath: "/data/x.db", environment: [:]) == "/data/x.db.key")
    }
}

@Suite("National id cipher")
struct NationalIDCipherTests {
    let cipher = NationalIDCipher(key: .generate())
    let number = "001086785868"

    @Test("sealed numbers open to the number, differ each time, and do not contain it")
    func roundTrip() throws {
        let a = cipher.seal(number), b = cipher.seal(number)
        #expect(a.count == number.utf8.count + NationalIDCipher.overhead)
        #expect(a != b)
        #expect(try cipher.open(a) == number)
        #expect(try cipher.open(Data(b)) == number)
        #expect(!String(decoding: a, as: UTF8.self).contains(number))
        #expect(try cipher.openToken(cipher.token(number)) == number)
        #expect(NationalIDCipher.isToken(cipher.token(number)))
        #expect(try cipher.openToken("plain") == "plain")
    }

    @Test("another key or one altered byte does not open")
    func authenticity() throws {
        var sealed = cipher.seal(number)
        let other = NationalIDCipher(key: .generate())
        #expect(throws: ProtectionError.self) { try other.open(sealed) }
        sealed[20] ^= 0x01
        #expect(throws: ProtectionError.self) { try cipher.open(sealed) }
        #expect(throws: ProtectionError.self) { try cipher.open([1, 2, 3]) }
    }

    @Test("the keyed hash: 16 bytes, equal for equal numbers, different under another key or number")
    func lookupHash() {
        let h = cipher.lookupHash(number)
        #expect(h.count == 16)
        #expect(cipher.lookupHash(number) == h)
        #expect(cipher.lookupHash("001086785869") != h)
        #expect(NationalIDCipher(key: .generate()).lookupHash(number) != h)
        // Same key bytes, same hash: the unique index survives a restart.
        let bytes = [UInt8](repeating: 7, count: 32)
        #expect(NationalIDCipher(key: PersonalDataKey(bytes: bytes)).lookupHash(number)
            == NationalIDCipher(key: PersonalDataKey(bytes: bytes)).lookupHash(number))
    }

    @Test("the keyed hash is HMAC-SHA256 under the lookup key (swift-crypto's HMAC), truncated to 16 bytes")
    func lookupHashIsHMAC() {
        let key = PersonalDataKey.generate()
        let cipher = NationalIDCipher(key: key)
        var generator = SystemRandomNumberGenerator()
        var texts = ["", "0", number, "Nguyễn Văn Đức", String(repeating: "9", count: 55), String(repeating: "x", count: 64),
                     String(repeating: "y", count: 200)]
        for _ in 0..<200 {
            texts.append(String((0..<Int.random(in: 1...80, using: &generator)).map { _ in Character(UnicodeScalar(UInt8.random(in: 32...126, using: &generator))) }))
        }
        for text in texts {
            let expected = Array(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key.lookupKey)).prefix(16)
            #expect(cipher.lookupHash(text) == Array(expected), "\(text)")
        }
    }

    @Test("the batch sealer seals as the cipher does, with distinct nonces across refills")
    func batchSealer() throws {
        let sealer = NationalIDBatchSealer(cipher: cipher)
        var nonces = Set<[UInt8]>()
        for i in 0..<1_000 {
            let id = String(format: "%012d", i)
            let sealed = sealer.seal(id)
            #expect(try cipher.open(sealed) == id)
            nonces.insert(Array(sealed.prefix(12)))
        }
        #expect(nonces.count == 1_000)
    }

    @Test("last four digits and the mask of lists")
    func masks() {
        #expect(NationalIDCipher.last4(number) == "5868")
        #expect(NationalIDCipher.masked(last4: "5868") == "********5868")
        #expect(NationalIDMask.maskingDigitRuns(in: "{\"national_id\":\"001086785868\"}") == "{\"national_id\":\"********5868\"}")
        #expect(NationalIDMask.maskingDigitRuns(in: "q=001086785868&x=0010867858681&y=00108678586") == "q=********5868&x=0010867858681&y=00108678586")
        #expect(NationalIDMask.maskingDigitRuns(in: "a 001086785868 b 001086785869") == "a ********5868 b ********5869")
        #expect(!NationalIDMask.containsNationalID("{\"monthly_income_per_capita\":\"1500000\"}"))
        #expect(NationalIDMask.containsNationalID("001086785868"))
    }
}
