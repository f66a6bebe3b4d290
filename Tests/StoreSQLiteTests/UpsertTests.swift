import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreTestSupport
import Testing
import VietnameseText

@Suite("Re-import: upsert, versions, members, status records, villages")
struct UpsertTests {
    let officer = AccessContext(account: "can-bo-xa", role: "COM", purpose: "review")

    /// The status records of one household.
    func statusRecords(_ store: any RegistryStore, _ code: String) throws -> [StatusRecord] {
        var found: [StatusRecord] = []
        try store.forEachStatusHistory(in: .all) { c, _, records in if c == code { found = records } }
        return found
    }

    @Test("a changed household is updated: version +1, one history event with the fields before and after", arguments: backends)
    func changedHousehold(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend)
        let first = try baseFixture().write(dir, "v1")
        let batch1 = try importOK(store, first.0, first.1).batch?.id
        let before = try snapshot(store)
        #expect(before.map(\.version) == [1, 1, 1])

        var f = baseFixture()
        f.households[0][6] = "2.000.000"   // H01 income 1.500.000 → 2.000.000
        f.households[0][7] = "có"           // clean_water unknown → yes
        let second = try f.write(dir, "v2")
        let result = try importOK(store, second.0, second.1, access: officer)
        #expect(result.counts.householdsUpdated == 1)
        #expect(result.counts.householdsUnchanged == 2)
        #expect(result.counts.householdsCreated == 0)
        #expect(result.counts.membersUnchanged == 6)
        #expect(result.counts.membersCreated + result.counts.membersUpdated + result.counts.membersRemoved == 0)
        let batch2 = try #require(result.batch?.id)
        #expect(batch2 != batch1)

        let after = try snapshot(store)
        #expect(after.map(\.version) == [2, 1, 1])
        #expect(after[0].household.monthlyIncomePerCapita == 2_000_000)
        #expect(after[0].household.facts[.cleanWater] == true)
        #expect(after[0].updatedBy == "can-bo-xa")
        // The unchanged households are exactly as before.
        #expect(Array(after[1...]) == Array(before[1...]))

        let history = try #require(try store.history(householdCode: "H01", context: officer))
        #expect(history.current == after[0])
        #expect(history.events.map(\.kind) == [.created, .updated])
        let created = history.events[0]
        #expect(created.batch == batch1)
        #expect(created.account == "tester")
        #expect(created.version == 1)
        let updated = history.events[1]
        #expect(updated.version == 2)
        #expect(updated.batch == batch2)
        #expect(updated.account == "can-bo-xa")
        #expect(updated.memberNo == nil)
        #expect(updated.changes == [
            FieldChange(field: "monthly_income_per_capita", before: "1500000", after: "2000000"),
            FieldChange(field: "clean_water", before: nil, after: "1"),
        ])
        // An unchanged household has only its creation.
        let h02 = try #require(try store.history(householdCode: "H02", context: officer))
        #expect(h02.events.map(\.kind) == [.created])

        // The batch is audited as an update by the officer; the chain holds.
        let batches = try store.auditEntries(AuditFilter(account: "can-bo-xa", action: .update))
        #expect(batches.map(\.entityType) == ["import_batch"])
        #expect(batches.first?.entityIDs == [String(batch2)])
        #expect(try store.verifyAuditChain() == nil)

        // The same files again: nothing changes, no version is kept.
        let again = try importOK(store, second.0, second.1, access: officer)
        #expect(again.counts.householdsUnchanged == 3)
        #expect(again.counts.membersUnchanged == 6)
        #expect(try snapshot(store) == after)
    }

    @Test("members: a changed member is versioned, a new one added; others stay unless replaceMembers", arguments: backends)
    func members(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend)
        let first = try baseFixture().write(dir, "v1")
        try importOK(store, first.0, first.1)

        // H01 without its child (#3), the spouse renamed, and a new grandchild #4.
        var f = baseFixture()
        f.members.remove(at: f.memberRow("H01", 3) - 2)
        f.members[f.memberRow("H01", 2) - 2][2] = "Trần Thị Lan Anh"
        f.member("H01", 4, "Nguyễn Thị Bích", relation: "cháu", sex: "nữ", birth: "2020")
        let files = try f.write(dir, "v2")

        let kept = try importOK(store, files.0, files.1, access: officer)
        #expect(kept.counts.membersCreated == 1)
        #expect(kept.counts.membersUpdated == 1)
        #expect(kept.counts.membersRemoved == 0)
        #expect(kept.counts.householdsUnchanged == 3)
        var h01 = try #require(try store.household(code: "H01", context: officer))
        #expect(h01.members.map(\.memberNo) == [1, 2, 3, 4])
        #expect(h01.members[1].fullName == "Trần Thị Lan Anh")
        #expect(h01.members[2].fullName == "Nguyễn Văn Đức")
        #expect(h01.members[3].relation == .grandchild)
        // One import, one new version, however many of the household's rows changed.
        #expect(h01.version == 2)

        var history = try #require(try store.history(householdCode: "H01", context: officer))
        let renamed = try #require(history.events.first { $0.kind == .updated && $0.memberNo == 2 })
        #expect(renamed.changes == [FieldChange(field: "full_name", before: "Trần Thị Lan", after: "Trần Thị Lan Anh")])
        #expect(renamed.version == 2)
        let added = try #require(history.events.first { $0.kind == .memberAdded })
        #expect(added.memberNo == 4)
        #expect(added.version == 2)
        #expect(added.changes.allSatisfy { $0.before == nil })
        let addedFields = Dictionary(uniqueKeysWithValues: added.changes.map { ($0.field, $0.after) })
        #expect(addedFields["full_name"] == "Nguyễn Thị Bích")
        #expect(addedFields["relation"] == "grandchild")
        #expect(addedFields["birth_date"] == "2020")
        #expect(addedFields["sex"] == "F")

        // The same files with replaceMembers: the child not in the file is removed.
        let replaced = try importOK(store, files.0, files.1, replaceMembers: true, access: officer)
        #expect(replaced.counts.membersRemoved == 1)
        #expect(replaced.counts.membersUnchanged == 6)
        h01 = try #require(try store.household(code: "H01", context: officer))
        #expect(h01.members.map(\.memberNo) == [1, 2, 4])
        #expect(h01.version == 3)
        #expect(try store.counts() == (3, 6))
        // Other households, all in the file, keep every member.
        #expect(try store.household(code: "H02", context: officer)?.members.count == 2)

        history = try #require(try store.history(householdCode: "H01", context: officer))
        let removed = try #require(history.events.first { $0.kind == .memberRemoved })
        #expect(removed.memberNo == 3)
        #expect(removed.version == 3)
        #expect(removed.account == "can-bo-xa")
        #expect(removed.changes.allSatisfy { $0.after == nil })
        let removedFields = Dictionary(uniqueKeysWithValues: removed.changes.map { ($0.field, $0.before) })
        #expect(removedFields["full_name"] == "Nguyễn Văn Đức")
        #expect(removedFields["relation"] == "child")
        #expect(removedFields["birth_date"] == "2015")
        #expect(removedFields["member_no"] == "3")
        #expect(history.events.map(\.kind).filter { $0 != .updated } == [.created, .memberAdded, .memberRemoved])
        #expect(try store.verifyAuditChain() == nil)
    }

    @Test("replaceMembers only touches households in the files", arguments: backends)
    func replaceMembersScope(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend)
        let first = try baseFixture().write(dir, "v1")
        try importOK(store, first.0, first.1)
        var f = Fixture()
        f.family("H03", head: "Hoàng Thị Mai")
        f.family("H04", head: "Ngô Văn Tuấn")
        let files = try f.write(dir, "v2")
        let result = try importOK(store, files.0, files.1, replaceMembers: true)
        #expect(result.counts.membersRemoved == 0)
        #expect(try store.counts() == (4, 7))
    }

    @Test("recognised_class/recognised_year: one status record effective 14/12 of the year, not duplicated", arguments: backends)
    func statusRecord(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend)
        var f = baseFixture()
        f.households[0][8] = "nghèo"
        f.households[0][9] = "2025"
        f.households[1][8] = "near_poor"
        f.households[1][9] = "2024"
        let files = try f.write(dir, "v1")
        let first = try importOK(store, files.0, files.1)
        #expect(first.counts.statusRecords == 2)

        let records = try statusRecords(store, "H01")
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.effectiveDate == CivilDate(year: 2025, month: 12, day: 14))
        #expect(record.recognisedClass == .poor)
        #expect(record.source == .imported)
        #expect(record.standardID == "ND07-2022")
        #expect(record.recordedBy == "tester")
        let history = StatusHistory(records)
        #expect(history.recognisedClass(on: CivilDate(year: 2025, month: 12, day: 13)) == .notPoor)
        #expect(history.recognisedClass(on: CivilDate(year: 2025, month: 12, day: 14)) == .poor)
        #expect(history.recognisedClass(on: CivilDate(year: 2026, month: 6, day: 1)) == .poor)
        #expect(try statusRecords(store, "H03").isEmpty)

        let timeline = try #require(try store.history(householdCode: "H01", context: tester))
        let status = timeline.events.filter { $0.kind == .status }
        #expect(status.count == 1)
        #expect(status.first?.detail?.contains("14/12/2025") == true)
        #expect(status.first?.detail?.contains("import") == true)

        // The same files again: no second record.
        let again = try importOK(store, files.0, files.1)
        #expect(again.counts.statusRecords == 0)
        #expect(try statusRecords(store, "H01") == records)
        #expect(try store.history(householdCode: "H01", context: tester)?.events.filter { $0.kind == .status }.count == 1)

        // A later recognition adds a record; the earlier one still answers for its dates.
        f.households[0][8] = "cận nghèo"
        f.households[0][9] = "2026"
        let later = try f.write(dir, "v2")
        let third = try importOK(store, later.0, later.1)
        #expect(third.counts.statusRecords == 1)
        #expect(third.counts.householdsUpdated == 1)
        let both = StatusHistory(try statusRecords(store, "H01"))
        #expect(both.records.count == 2)
        #expect(both.recognisedClass(on: CivilDate(year: 2026, month: 12, day: 13)) == .poor)
        #expect(both.recognisedClass(on: CivilDate(year: 2026, month: 12, day: 14)) == .nearPoor)
    }

    @Test("villages are created on first use, one per folded name and commune", arguments: backends)
    func villages(_ backend: StoreBackend) throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try dir.store(backend)
        var f = Fixture()
        f.family("V01", head: "Nguyễn Văn An", village: "Thôn 1")
        f.family("V02", head: "Trần Văn Bảo", village: "thon 1")
        f.family("V03", head: "Lê Văn Chung", village: "THÔN 1")
        f.family("V04", head: "Phạm Văn Dũng", village: "Thôn 2")
        f.family("V05", head: "Hoàng Văn Em", village: "thôn 1", commune: "11953")
        let files = try f.write(dir, "v1")
        let first = try importOK(store, files.0, files.1)
        // "Thôn 1", "thon 1" and "THÔN 1" fold to the same key in one commune: one village, named as first written.
        #expect(first.counts.villagesCreated == 3)
        #expect(try store.villages(communeCode: testCommune) == ["Thôn 1", "Thôn 2"])
        #expect(try store.villages(communeCode: "11953") == ["thôn 1"])
        let stored = try snapshot(store)
        // (Registry order is the import order within a province; PostgreSQL lists province by province.)
        #expect(stored.map(\.household.householdCode).sorted() == ["V01", "V02", "V03", "V04", "V05"])
        #expect(stored.sorted { $0.household.householdCode < $1.household.householdCode }.map(\.household.village)
                == ["Thôn 1", "Thôn 1", "Thôn 1", "Thôn 2", "thôn 1"])

        // The same files again change nothing: the spelling of a known village is not a change.
        let again = try importOK(store, files.0, files.1)
        #expect(again.counts.householdsUnchanged == 5)
        #expect(again.counts.householdsUpdated == 0)
        #expect(again.counts.villagesCreated == 0)
        #expect(try snapshot(store) == stored)

        // Into a registry with data: a known village is reused whatever its spelling, a new one created.
        var g = Fixture()
        g.family("V06", head: "Đỗ Văn Phúc", village: "THON 1")
        g.family("V07", head: "Vũ Văn Giang", village: "Thôn 3")
        let more = try g.write(dir, "v2")
        let second = try importOK(store, more.0, more.1)
        #expect(second.counts.villagesCreated == 1)
        #expect(try store.villages(communeCode: testCommune) == ["Thôn 1", "Thôn 2", "Thôn 3"])
        #expect(try store.household(code: "V06", context: tester)?.household.village == "Thôn 1")

        // An edit to a village spelled differently keeps the household in the same village: no change.
        let v02 = try #require(try store.household(code: "V02", context: tester))
        var edited = v02.household
        edited.village = "thôn 1"
        #expect(try store.updateHousehold(edited, expectedVersion: v02.version, context: tester) == v02.version)
        // An edit to a new village creates it.
        edited.village = "Thôn 4"
        #expect(try store.updateHousehold(edited, expectedVersion: v02.version, context: tester) == v02.version + 1)
        #expect(try store.villages(communeCode: testCommune) == ["Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4"])
        #expect(try store.household(code: "V02", context: tester)?.household.village == "Thôn 4")
    }
}
