import Foundation
import PersonalDataProtection
import Testing

@Suite("CLI: the CCCD key file")
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
}
