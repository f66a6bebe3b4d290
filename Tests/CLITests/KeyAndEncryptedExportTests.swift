import Foundation
import PersonalDataProtection
import Testing

@Suite("CLI: the CCCD key file, encrypted exports and decrypt")
struct KeyAndEncryptedExportTests {
    static let members = "household_code,member_no,full_name,relation,sex,birth_date,national_id\nA,1,Lê Văn A,head,M,1980,042080000001\nB,1,Lê Văn B,head,M,1980,042080000002\n"
    static let households = "household_code,commune_code,village,area_type\nA,18739,Thôn 1,rural\nB,18739,Thôn 1,rural\n"

    @Test("--key-file and GIAMNGHEO_KEY_FILE choose the key; another key is refused with exit 3 and a clear message")
    func keyFile() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try dir.write("h.csv", Self.households)
        try dir.write("m.csv", Self.members)
        try FileManager.default.createDirectory(atPath: dir.path("keys"), withIntermediateDirectories: true)
        let imported = try giamngheo(["import", "--db", "r.db", "--key-file", "keys/r.key", "h.csv", "m.csv"], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(dir.exists("keys/r.key") && !dir.exists("r.db.key"))
        let viaEnvironment = try giamngheo(["search", "--db", "r.db", "042080000002"], in: dir.url,
                                          environment: ["GIAMNGHEO_KEY_FILE": dir.path("keys/r.key")])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
        #expect(viaEnvironment.stdout.contains("Lê Văn B") && viaEnvironment.stdout.contains("********0002"))
        #expect(!viaEnvironment.stdout.contains("042080000002"))

        let missing = try giamngheo(["search", "--db", "r.db", "le van"], in: dir.url)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("[key.missing]") && missing.stderr.contains("r.db.key"))
        #expect(!dir.exists("r.db.key"))
        _ = try PersonalDataKey.create(path: dir.path("other.key"))
        let wrong = try giamngheo(["search", "--db", "r.db", "--key-file", "other.key", "le van"], in: dir.url)
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("[key.mismatch]") && wrong.stderr.contains("wrong key file"))
    }

    @Test("export --encrypt leaves only .gnenc files; decrypt opens them to the plain export; a wrong passphrase writes nothing")
    func encryptedExport() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        try dir.write("h.csv", Self.households)
        try dir.write("m.csv", Self.members)
        try dir.write("pass.txt", "một mật khẩu đủ dài\n")
        try dir.write("wrong.txt", "một mật khẩu khác hẳn\n")
        #expect(try giamngheo(["import", "--db", "r.db", "h.csv", "m.csv"], in: dir.url).status == 0)
        let plain = try giamngheo(["export", "--db", "r.db", "--out", "plain"], in: dir.url)
        #expect(plain.status == 0, "\(plain.stderr)")
        let sealed = try giamngheo(["export", "--db", "r.db", "--out", "sealed", "--encrypt", "--passphrase-file", "pass.txt"], in: dir.url)
        #expect(sealed.status == 0, "\(sealed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("sealed")).sorted() == ["households.csv.gnenc", "members.csv.gnenc"])
        #expect(sealed.stdout.contains("members.csv.gnenc"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.path("sealed/members.csv.gnenc")))
        #expect(bytes.range(of: Data("042080000001".utf8)) == nil && bytes.range(of: Data("Lê Văn".utf8)) == nil)

        let refused = try giamngheo(["decrypt", "sealed/members.csv.gnenc", "--out", "opened", "--passphrase-file", "wrong.txt"], in: dir.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("[encrypted_file.wrong_passphrase]"))
        #expect(!dir.exists("opened/members.csv"))
        let opened = try giamngheo(["decrypt", "sealed/households.csv.gnenc", "sealed/members.csv.gnenc", "--out", "opened"], in: dir.url,
                                   environment: ["GIAMNGHEO_PASSPHRASE": "một mật khẩu đủ dài"])
        #expect(opened.status == 0, "\(opened.stderr)")
        for name in ["households.csv", "members.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path("opened/\(name)"))) == Data(contentsOf: URL(fileURLWithPath: dir.path("plain/\(name)"))))
        }
        // Without a passphrase and without a terminal: refused, nothing written.
        let none = try giamngheo(["export", "--db", "r.db", "--out", "none", "--encrypt"], in: dir.url)
        #expect(none.status == 2)
        #expect(none.stderr.contains("[passphrase.missing]"))
        #expect(!dir.exists("none/members.csv"))
    }
}
