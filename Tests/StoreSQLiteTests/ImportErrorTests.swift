import Foundation
import Interchange
import Registry
import RegistryTransfer
import Store
import StoreTestSupport
import Testing

/// One expected error: where, which rule, and words the Vietnamese message must contain.
struct ExpectedError: Sendable, CustomStringConvertible {
    var file: String
    var row: Int
    var column: String
    var code: String
    var value: String? = nil
    var says: [String]

    var description: String { "\(file):\(row) \(column) [\(code)]" }
}

/// A broken file set: the valid base files changed by `breakFiles`, and the errors it must give.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Only meaningful on a registry that already holds the seed households (S01, S02).
    var needsSeed = false
    var withoutHouseholdColumn: String? = nil
    var withoutMemberColumn: String? = nil
    var breakFiles: @Sendable (inout Fixture) -> Void
    var expected: @Sendable (Fixture) -> [ExpectedError]

    var testDescription: String { name }
}

/// The valid files every case starts from: three new households H01–H03.
func baseFixture() -> Fixture {
    var f = Fixture()
    f.family("H01", head: "Nguyễn Văn Hùng", spouse: "Trần Thị Lan", child: "Nguyễn Văn Đức")
    f.family("H02", head: "Lê Văn Tâm", spouse: "Phạm Thị Hoa")
    f.family("H03", head: "Hoàng Thị Mai")
    return f
}

/// Households already in the registry for the "store with data" runs.
func seedFixture() -> Fixture {
    var f = Fixture()
    f.family("S01", head: "Đỗ Văn Bình", spouse: "Vũ Thị Hạnh", recognisedClass: "poor", recognisedYear: "2025")
    f.family("S02", head: "Bùi Văn Long", village: "Thôn Mỹ Hòa")
    return f
}

let householdsFile = "households.csv", membersFile = "members.csv"

let errorCases: [ErrorCase] = [
    ErrorCase(name: "commune code not 5 digits", breakFiles: { f in
        f.household("H04", commune: "1873")
        f.member("H04", 1, "Đặng Văn Khoa")
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H04"), column: "commune_code",
                                       code: "commune_code.format", value: "1873", says: ["Mã xã", "5 chữ số"])] }),
    ErrorCase(name: "commune code not in the unit list", breakFiles: { f in
        f.household("H04", commune: "99999")
        f.member("H04", 1, "Đặng Văn Khoa")
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H04"), column: "commune_code",
                                       code: "commune_code.unknown", value: "99999", says: ["Mã xã", "danh mục đơn vị hành chính"])] }),
    ErrorCase(name: "2025 commune code on a reference date before the reform", breakFiles: { f in
        // 11948 (Đặc khu Bạch Long Vĩ) exists only in the 2025 list, in force from 01/07/2025.
        f.household("H04", commune: "11948", referenceDate: "01/09/2024")
        f.member("H04", 1, "Đặng Văn Khoa")
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H04"), column: "commune_code",
                                       code: "commune_code.unknown", value: "11948", says: ["Mã xã", "01/09/2024"])] }),
    ErrorCase(name: "unknown area type", breakFiles: { f in
        f.households[1][4] = "miền núi"
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H02"), column: "area_type",
                                       code: "area_type.invalid", value: "miền núi", says: ["nông thôn", "thành thị"])] }),
    ErrorCase(name: "bad reference date", breakFiles: { f in
        f.households[2][5] = "31/02/2026"
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H03"), column: "reference_date",
                                       code: "reference_date.invalid", value: "31/02/2026", says: ["Ngày rà soát", "dd/MM/yyyy"])] }),
    ErrorCase(name: "bad birth date", breakFiles: { f in
        f.member("H01", 4, "Nguyễn Thị Ngọc", relation: "child", sex: "F", birth: "30/02/2010")
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H01", 4), column: "birth_date",
                                       code: "birth_date.invalid", value: "30/02/2010", says: ["Ngày sinh", "dd/MM/yyyy"])] }),
    ErrorCase(name: "birth in the future", breakFiles: { f in
        f.member("H01", 4, "Nguyễn Thị Ngọc", relation: "child", sex: "F", birth: "01/01/2099")
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H01", 4), column: "birth_date",
                                       code: "birth_date.future", says: ["Ngày sinh", "tương lai"])] }),
    ErrorCase(name: "national id not 12 digits", breakFiles: { f in
        f.members[f.memberRow("H02", 2) - 2][6] = "0123"
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H02", 2), column: "national_id",
                                       code: "national_id.length", value: "0123", says: ["CCCD", "12 chữ số"])] }),
    ErrorCase(name: "national id with a province prefix above 096", breakFiles: { f in
        f.members[f.memberRow("H02", 1) - 2][6] = "099123456789"
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H02", 1), column: "national_id",
                                       code: "national_id.province", value: "099123456789", says: ["CCCD", "001 đến 096"])] }),
    ErrorCase(name: "national id twice in the file", breakFiles: { f in
        f.members[f.memberRow("H02", 1) - 2][6] = Fixture.nationalID("H01", 1)
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H02", 1), column: "national_id",
                                       code: "national_id.duplicate", value: Fixture.nationalID("H01", 1),
                                       says: ["CCCD", "H01", "H02", "dòng \(f.memberRow("H01", 1))"])] }),
    ErrorCase(name: "member of an unknown household", breakFiles: { f in
        f.member("H99", 1, "Đinh Văn Sơn")
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H99", 1), column: "household_code",
                                       code: "member.household_unknown", value: "H99", says: ["Mã hộ", "tệp hộ gia đình"])] }),
    ErrorCase(name: "member_no twice in a household", breakFiles: { f in
        f.member("H01", 2, "Nguyễn Thị Ngọc", relation: "child", sex: "F", birth: "2016")
    }, expected: { f in [ExpectedError(file: membersFile, row: f.members.count + 1, column: "member_no",
                                       code: "member_no.duplicate", value: "2", says: ["STT 2", "trùng", "H01"])] }),
    ErrorCase(name: "household without a head", breakFiles: { f in
        f.members[f.memberRow("H02", 1) - 2][3] = "other"
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H02", 1), column: "relation",
                                       code: "relation.head_count", says: ["H02", "chủ hộ"])] }),
    ErrorCase(name: "household with two heads", breakFiles: { f in
        f.members[f.memberRow("H02", 2) - 2][3] = "chủ hộ"
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H02", 1), column: "relation",
                                       code: "relation.head_count", says: ["H02", "2 chủ hộ"])] }),
    ErrorCase(name: "household without any member", breakFiles: { f in
        f.household("H04")
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H04"), column: "household_code",
                                       code: "relation.head_count", value: "H04", says: ["chủ hộ"])] }),
    ErrorCase(name: "recognised_class without recognised_year", breakFiles: { f in
        f.households[2][8] = "nghèo"
    }, expected: { f in [ExpectedError(file: householdsFile, row: f.householdRow("H03"), column: "recognised_year",
                                       code: "recognised_year.required", says: ["năm công nhận"])] }),
    ErrorCase(name: "households file without the village column", withoutHouseholdColumn: "village", breakFiles: { _ in },
              expected: { _ in [ExpectedError(file: householdsFile, row: 1, column: "village", code: "header.missing",
                                              says: ["Thiếu cột bắt buộc", "village"])] }),
    ErrorCase(name: "members file without the birth_date column", withoutMemberColumn: "birth_date", breakFiles: { _ in },
              expected: { _ in [ExpectedError(file: membersFile, row: 1, column: "birth_date", code: "header.missing",
                                              says: ["Thiếu cột bắt buộc", "birth_date"])] }),
    // Rules on the registry as it will be after the import.
    ErrorCase(name: "national id already held by another household of the registry", needsSeed: true, breakFiles: { f in
        f.members[f.memberRow("H02", 1) - 2][6] = Fixture.nationalID("S01", 1)
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("H02", 1), column: "national_id",
                                       code: "national_id.duplicate", value: Fixture.nationalID("S01", 1),
                                       says: ["CCCD", "đã có trong sổ", "S01", "H02"])] }),
    ErrorCase(name: "a second head added to a registry household (members file only)", needsSeed: true, breakFiles: { f in
        f.member("S01", 3, "Đỗ Văn Cường", relation: "head", birth: "1990")
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("S01", 3), column: "relation",
                                       code: "relation.head_count", says: ["S01", "2 chủ hộ"])] }),
    ErrorCase(name: "a second head added to a registry household re-imported in both files", needsSeed: true, breakFiles: { f in
        f.household("S01", recognisedClass: "poor", recognisedYear: "2025")
        f.member("S01", 3, "Đỗ Văn Cường", relation: "head", birth: "1990")
    }, expected: { f in [ExpectedError(file: membersFile, row: f.memberRow("S01", 3), column: "relation",
                                       code: "relation.head_count", says: ["S01", "2 chủ hộ"])] }),
]

@Suite("Import errors: located, in Vietnamese, and nothing written")
struct ImportErrorTests {
    /// A store, empty or holding the seed households.
    static func store(_ dir: TempDir, _ backend: StoreBackend, seeded: Bool) throws -> any FullStore {
        let store = try dir.store(backend)
        if seeded {
            let (h, m) = try seedFixture().write(dir, "seed")
            try importOK(store, h, m)
        }
        return store
    }

    /// An empty or seeded registry of a backend.
    struct Variant: Sendable, CustomTestStringConvertible {
        var backend: StoreBackend
        var seeded: Bool
        var testDescription: String { "\(backend)\(seeded ? ", seeded" : "")" }
        static let all = backends.flatMap { b in [false, true].map { Variant(backend: b, seeded: $0) } }
    }

    @Test("each error kind", arguments: errorCases, Variant.all)
    func errorKind(_ c: ErrorCase, variant: Variant) throws {
        let seeded = variant.seeded
        guard seeded || !c.needsSeed else { return }
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.store(dir, variant.backend, seeded: seeded)
        // The base files are valid on their own.
        let valid = try baseFixture().write(dir, "valid")
        _ = try importOK(store, valid.0, valid.1, dryRun: true)

        var f = baseFixture()
        c.breakFiles(&f)
        let (h, m) = try f.write(dir, "broken", withoutHouseholdColumn: c.withoutHouseholdColumn,
                                 withoutMemberColumn: c.withoutMemberColumn)
        let before = try state(store)
        let report = try importErrors(store, h, m)
        let expected = c.expected(f)

        #expect(report.totalErrorCount == expected.count, "\(report.description)")
        #expect(report.warnings.isEmpty)
        let found = report.errors.map { "\($0.file):\($0.row) \($0.column) [\($0.code)]" }.sorted()
        #expect(found == expected.map(\.description).sorted(), "\(report.description)")
        for e in expected {
            guard let error = report.errors.first(where: { $0.file == e.file && $0.row == e.row && $0.code == e.code }) else { continue }
            #expect(isVietnamese(error.message), "not Vietnamese: \(error.message)")
            for word in e.says { #expect(error.message.contains(word), "\(error.message) should say \(word)") }
            if let value = e.value { #expect(error.value == value) }
        }
        // Nothing written: same households, members, versions, status records, villages, audit log.
        #expect(try state(store) == before)
        #expect(try store.counts() == (seeded ? (2, 3) : (0, 0)))
        #expect(try store.verifyAuditChain() == nil)
    }

    @Test("dry run reports what it would do and writes nothing", arguments: Variant.all)
    func dryRun(_ variant: Variant) throws {
        let seeded = variant.seeded
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.store(dir, variant.backend, seeded: seeded)
        var f = baseFixture()
        if seeded {
            // One seed household changed, one given unchanged, plus the three new ones.
            f.family("S01", head: "Đỗ Văn Bình", spouse: "Vũ Thị Hạnh", income: "2.000.000",
                     recognisedClass: "poor", recognisedYear: "2025")
            f.family("S02", head: "Bùi Văn Long", village: "Thôn Mỹ Hòa")
        }
        let (h, m) = try f.write(dir, "files")
        let before = try state(store)
        let result = try importOK(store, h, m, dryRun: true)
        #expect(result.dryRun)
        #expect(result.batch == nil)
        #expect(result.counts.householdsCreated == 3)
        #expect(result.counts.membersCreated == 6)
        #expect(result.counts.householdsUpdated == (seeded ? 1 : 0))
        #expect(result.counts.householdsUnchanged == (seeded ? 1 : 0))
        #expect(result.counts.membersUnchanged == (seeded ? 3 : 0))
        #expect(try state(store) == before)

        // The same files then import for real with the counts the dry run announced.
        let real = try importOK(store, h, m)
        #expect(real.counts == result.counts)
        #expect(try store.counts() == (seeded ? 5 : 3, seeded ? 9 : 6))
    }

    @Test("every error is reported, and the CSV report has one row per error", arguments: Variant.all)
    func errorCSV(_ variant: Variant) throws {
        let seeded = variant.seeded
        let dir = try TempDir()
        defer { dir.cleanup() }
        let store = try Self.store(dir, variant.backend, seeded: seeded)
        var f = baseFixture()
        f.households[0][1] = "99999"                                  // H01: unknown commune
        f.households[1][4] = "núi"                                    // H02: area type
        f.members[f.memberRow("H03", 1) - 2][6] = "12345"             // H03 head: national id length
        f.member("H03", 2, "Hoàng Văn An", relation: "child", birth: "01/01/2099")  // future birth
        f.member("H77", 1, "Lý Văn Bảy")                              // unknown household
        let (h, m) = try f.write(dir, "broken")
        let before = try state(store)
        let report = try importErrors(store, h, m)
        #expect(report.totalErrorCount == 5, "\(report.description)")
        #expect(Set(report.errors.map(\.code)) == ["commune_code.unknown", "area_type.invalid", "national_id.length",
                                                     "birth_date.future", "member.household_unknown"])
        #expect(try state(store) == before)

        let url = dir.file("errors.csv")
        try report.writeCSV(to: url)
        let rows = parseCSV(try String(contentsOf: url, encoding: .utf8))
        #expect(rows.first == ["file", "row", "column", "value", "message", "code"])
        #expect(rows.count == 1 + report.totalErrorCount)
        let data = rows.dropFirst().map { $0 }
        let fromReport = report.errors.map { [$0.file, String($0.row), $0.column, $0.value, $0.message, $0.code] }
        #expect(data == fromReport)
        // The text form has one line per error and a total.
        let lines = report.description.split(separator: "\n")
        #expect(lines.count == report.totalErrorCount + 1)
        #expect(lines.last == "Tổng cộng 5 lỗi.")
    }
}
