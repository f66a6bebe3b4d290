import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreTestSupport
import Testing

@Suite("Import and export on a real store")
struct ImportExportTests {
    @Test("generated registry: import, export, re-import changes nothing; export files equal the re-export", arguments: backends)
    func roundTrip(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let (h, m) = try generated(dir, households: 2_000)
        let store = try dir.store(backend, "a")
        let first = try importOK(store, h, m)
        let lines = try String(contentsOf: h, encoding: .utf8).split(separator: "\n").count - 1
        let memberLines = try String(contentsOf: m, encoding: .utf8).split(separator: "\n").count - 1
        #expect(first.counts.householdsCreated == lines)
        #expect(first.counts.membersCreated == memberLines)
        #expect(try store.counts() == (lines, memberLines))
        let before = try snapshot(store)

        // Export everything, in both formats, and import the export again: nothing changes.
        for format in ExportFormat.allCases {
            let out = dir.file("export-\(format.rawValue)")
            let exported = try RegistryExporter.export(
                from: store, selection: .all, description: "test", to: out, format: format, headers: .vietnamese, access: tester)
            #expect(exported.households == lines)
            #expect(exported.members == memberLines)
            let again = try importOK(store, exported.householdsFile, exported.membersFile)
            #expect(again.counts.householdsUnchanged == lines)
            #expect(again.counts.membersUnchanged == memberLines)
            #expect(again.counts.householdsCreated + again.counts.householdsUpdated + again.counts.membersCreated
                    + again.counts.membersUpdated + again.counts.membersRemoved == 0)
            #expect(try snapshot(store) == before)
        }

        // The export of a fresh store loaded from the export equals the first export byte for byte.
        let store2 = try dir.store(backend, "b")
        let e1 = try RegistryExporter.export(from: store, selection: .all, description: "t", to: dir.file("e1"), format: .csv, headers: .english, access: tester)
        try importOK(store2, e1.householdsFile, e1.membersFile)
        let e2 = try RegistryExporter.export(from: store2, selection: .all, description: "t", to: dir.file("e2"), format: .csv, headers: .english, access: tester)
        #expect(try Data(contentsOf: e1.householdsFile) == Data(contentsOf: e2.householdsFile))
        #expect(try Data(contentsOf: e1.membersFile) == Data(contentsOf: e2.membersFile))
        #expect(try store.verifyAuditChain() == nil)
    }

    @Test("the example files import and every field survives", arguments: backends)
    func examples(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend, "ex")
        let h = packageRoot.appendingPathComponent("Examples/households.csv")
        let m = packageRoot.appendingPathComponent("Examples/members.csv")
        try importOK(store, h, m)
        let set = try RegistryFileSet.read(households: h, members: m, reviewYear: 2026)
        let stored = try snapshot(store)
        #expect(stored.map(\.household) == set.households)
        #expect(stored.map(\.members) == set.members)
    }
}
