import Foundation
import Testing
@testable import PersonalDataProtection

@Suite("Encrypted files (.gnenc)")
struct EncryptedFileTests {
    let passphrase = "mật khẩu đủ dài 2026"

    func bytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    @Test("round trip with a passphrase, for empty, small, one-chunk and many-chunk files", arguments: [0, 1, 65_536, 200_001])
    func roundTrip(size: Int) throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let plain = bytes(size)
        try plain.write(to: URL(fileURLWithPath: dir.path("in.csv")))
        try EncryptedFile.encrypt(input: dir.path("in.csv"), output: dir.path("in.csv.gnenc"), secret: .passphrase(passphrase))
        #expect(EncryptedFile.isEncrypted(path: dir.path("in.csv.gnenc")))
        #expect(!EncryptedFile.isEncrypted(path: dir.path("in.csv")))
        let sealed = try Data(contentsOf: URL(fileURLWithPath: dir.path("in.csv.gnenc")))
        #expect(sealed.count == EncryptedFile.headerSize + max(1, (size + 65_535) / 65_536) * 21 + size)
        if size >= 64 { #expect(sealed.range(of: plain.prefix(64)) == nil) }
        // The same passphrase in another Unicode normalisation (NFD) opens it too.
        try EncryptedFile.decrypt(input: dir.path("in.csv.gnenc"), output: dir.path("out.csv"),
                                  secret: .passphrase(passphrase.decomposedStringWithCanonicalMapping))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("out.csv"))) == plain)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["in.csv", "in.csv.gnenc", "out.csv"])
    }

    @Test("a wrong passphrase, an altered byte, a cut file or a short passphrase are refused, and nothing is written")
    func refusals() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        try bytes(150_000).write(to: URL(fileURLWithPath: dir.path("in.csv")))
        let sealedPath = dir.path("in.csv.gnenc")
        try EncryptedFile.encrypt(input: dir.path("in.csv"), output: sealedPath, secret: .passphrase(passphrase))
        #expect(throws: ProtectionError.wrongPassphrase(file: "in.csv.gnenc")) {
            try EncryptedFile.decrypt(input: sealedPath, output: dir.path("out.csv"), secret: .passphrase("another passphrase"))
        }
        let sealed = try Data(contentsOf: URL(fileURLWithPath: sealedPath))
        var altered = sealed
        altered[altered.count - 100] ^= 0x40
        try altered.write(to: URL(fileURLWithPath: dir.path("altered.gnenc")))
        #expect(throws: ProtectionError.self) {
            try EncryptedFile.decrypt(input: dir.path("altered.gnenc"), output: dir.path("out.csv"), secret: .passphrase(passphrase))
        }
        // Cut after the first record: every record authenticates, but the last one is missing.
        try sealed.prefix(EncryptedFile.headerSize + 5 + 65_536 + 16).write(to: URL(fileURLWithPath: dir.path("cut.gnenc")))
        do {
            try EncryptedFile.decrypt(input: dir.path("cut.gnenc"), output: dir.path("out.csv"), secret: .passphrase(passphrase))
            Issue.record("a truncated file decrypted")
        } catch let e as ProtectionError {
            #expect(e.code == "encrypted_file.invalid")
            #expect(e.message.contains("cắt ngắn"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("out.csv")))
        #expect(throws: ProtectionError.weakPassphrase(minimum: 10)) {
            try EncryptedFile.encrypt(input: dir.path("in.csv"), output: dir.path("weak.gnenc"), secret: .passphrase("short"))
        }
        #expect(throws: ProtectionError.self) {
            try EncryptedFile.decrypt(input: dir.path("in.csv"), output: dir.path("out.csv"), secret: .passphrase(passphrase))
        }
    }

    @Test("with the registry key (backups): round trip, another key refused by name")
    func registryKey() throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let key = PersonalDataKey.generate()
        let plain = bytes(70_000)
        try plain.write(to: URL(fileURLWithPath: dir.path("backup.db")))
        try EncryptedFile.encrypt(input: dir.path("backup.db"), output: dir.path("backup.db.gnenc"), secret: .registryKey(key))
        try EncryptedFile.decrypt(input: dir.path("backup.db.gnenc"), output: dir.path("restored.db"), secret: .registryKey(key))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("restored.db"))) == plain)
        #expect(throws: ProtectionError.keyMismatch(path: "backup.db.gnenc")) {
            try EncryptedFile.decrypt(input: dir.path("backup.db.gnenc"), output: dir.path("x.db"), secret: .registryKey(.generate()))
        }
        #expect(throws: ProtectionError.self) {
            try EncryptedFile.decrypt(input: dir.path("backup.db.gnenc"), output: dir.path("x.db"), secret: .passphrase(passphrase))
        }
    }
}
