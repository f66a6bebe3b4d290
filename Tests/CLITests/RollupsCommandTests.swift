import Foundation
import GRDB
import StoreTestSupport
import Testing

/// `giamngheo rollups verify|rebuild` on a real file and database: equal after an import, a
/// tampered row reported with exit 1, then mended by rebuild.
@Suite("Roll-ups command")
struct RollupsCommandTests {
    @Test("verify passes after an import, fails on a tampered row, passes after rebuild", arguments: StoreBackend.allCases)
    func verifyAndRebuild(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (db, registry) = try commandLineRegistry(backend, dir)
        defer { registry?.drop() }
        let examples = packageRoot.appendingPathComponent("Examples")
        let imported = try giamngheo(["import", "--db", db, examples.appendingPathComponent("households.csv").path,
                                      examples.appendingPathComponent("members.csv").path], in: dir.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let verified = try giamngheo(["rollups", "verify", "--db", db], in: dir.url)
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("khớp"))

        let tamper = "UPDATE rollup SET persons = persons + 7 WHERE dimension = 'total'"
        if let registry { try registry.execute(tamper) } else { try DatabaseQueue(path: dir.url.appendingPathComponent(db).path).write { try $0.execute(sql: tamper) } }
        let broken = try giamngheo(["rollups", "verify", "--db", db], in: dir.url)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("total"))
        #expect(broken.stderr.contains("[rollups.mismatch]"))

        let rebuilt = try giamngheo(["rollups", "rebuild", "--db", db], in: dir.url)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try giamngheo(["rollups", "verify", "--db", db], in: dir.url).status == 0)
    }
}
