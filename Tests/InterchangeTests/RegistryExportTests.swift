import Foundation
import Testing
import PovertyStandard
import Registry
import VietnameseText
@testable import Interchange

@Suite("Registry export in the import format (xuất hộ và thành viên)")
struct RegistryExportTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")
    /// The examples' review date: no birth in them is later.
    static let today = CivilDate(year: 2026, month: 9, day: 1)
    static let combinations = ExportFormat.allCases.flatMap { f in ExportHeaders.allCases.map { (f, $0) } }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gn-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `set` household by household, each followed by its members, as an export does.
    func export(_ set: RegistryFileSet, to dir: URL, format: ExportFormat, headers: ExportHeaders) throws
        -> (households: URL, members: URL, householdRows: Int, memberRows: Int)
    {
        let writer = try RegistryFileWriter(directory: dir, format: format, headers: headers)
        for (household, members) in zip(set.households, set.members) {
            try writer.write(household)
            for member in members { try writer.write(member) }
        }
        return try writer.commit()
    }

    @Test("Examples round-trip through CSV and XLSX, Vietnamese and English headers", arguments: combinations)
    func examplesRoundTrip(format: ExportFormat, headers: ExportHeaders) throws {
        let original = try RegistryFileSet.read(
            households: Self.examples.appendingPathComponent("households.csv"),
            members: Self.examples.appendingPathComponent("members.csv"), reviewYear: 2026, today: Self.today)
        #expect(original.households.count == 10)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("xuat/2026")  // created by the writer
        let result = try export(original, to: out, format: format, headers: headers)
        #expect(result.households == out.appendingPathComponent("households.\(format.rawValue)"))
        #expect(result.members == out.appendingPathComponent("members.\(format.rawValue)"))
        #expect(result.householdRows == original.households.count)
        #expect(result.memberRows == original.members.joined().count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
                == ["households.\(format.rawValue)", "members.\(format.rawValue)"])

        let back = try RegistryFileSet.read(
            households: result.households, members: result.members, reviewYear: 2026, today: Self.today)
        #expect(back.households == original.households)
        #expect(back.members == original.members)
        #expect(back.warnings.isEmpty)
    }

    @Test("Headers are the first Vietnamese alias by default, the English names on request", arguments: combinations)
    func headers(format: ExportFormat, headers: ExportHeaders) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try RegistryFileWriter(directory: dir, format: format, headers: headers).commit()
        #expect(result.householdRows == 0 && result.memberRows == 0)
        let householdSource = try RegistryFileSet.openTable(result.households)
        let memberSource = try RegistryFileSet.openTable(result.members)
        let vietnamese = headers == .vietnamese
        #expect(householdSource.headers == HouseholdColumn.allCases.map { vietnamese ? $0.vietnameseHeaders[0] : $0.name })
        #expect(memberSource.headers == MemberColumn.allCases.map { vietnamese ? $0.vietnameseHeaders[0] : $0.name })
        if vietnamese {
            #expect(householdSource.headers.first == "Mã hộ")
            #expect(householdSource.headers.contains("Thiếu hụt: Bảo hiểm y tế"))
            #expect(memberSource.headers.prefix(3) == ["Mã hộ", "STT", "Họ và tên"])
        }
        // The decoders accept them as they are: every column recognised, nothing missing or unknown.
        let householdMapping = HouseholdColumn.mapHeaders(householdSource.headers, fileName: "households")
        #expect(householdMapping.errors.isEmpty && householdMapping.unknownHeaders.isEmpty)
        #expect(householdMapping.columns.map(\.column) == HouseholdColumn.allCases)
        let memberMapping = MemberColumn.mapHeaders(memberSource.headers, fileName: "members")
        #expect(memberMapping.errors.isEmpty && memberMapping.unknownHeaders.isEmpty)
        #expect(memberMapping.columns.map(\.column) == MemberColumn.allCases)
    }

    /// Values that break naive writers: separators, quotes and line breaks in text, leading
    /// zeros, unknown booleans, survey answers, recognised classes, causes, year-only births.
    static func tricky() -> RegistryFileSet {
        var facts = HouseholdFactValues()
        facts[.cleanWater] = true
        facts[.hygienicLatrine] = false
        facts[.wasteTreated] = true
        var survey = SurveyAnswers()
        survey[.healthInsurance] = true
        survey[.waste] = false
        survey[.nutrition] = true
        let first = Household(
            householdCode: "00123", communeCode: "00004", village: "Thôn Đông, xóm \"Mới\"",
            address: "Số 5, ngõ \"Hòa Bình\"\nThôn Đông; xã Tân Lập\r\ntầng 2", areaType: .rural,
            referenceDate: CivilDate(year: 2025, month: 10, day: 15), monthlyIncomePerCapita: 0, incomeScore: 95,
            housingQuality: .makeshift, floorArea: 0.3, facts: facts, agricultural: true, socialProtection: nil,
            povertyCauses: [.noLand, .illness, .manyDependants], survey: survey, recognisedClass: .nearPoor,
            recognisedYear: 2024)
        let second = Household(
            householdCode: "H-02", communeCode: "00001", village: "Tổ dân phố 5", address: "=SUM(A1:A2), _x000D_ <b>&amp;",
            areaType: .urban, monthlyIncomePerCapita: 12_500_000, floorArea: 1234.5678,
            recognisedClass: .notPoor, recognisedYear: 2025)
        let third = Household(householdCode: "3", communeCode: "00004", village: "Bản Pả Vi", areaType: .rural, floorArea: 45)
        let members: [[Member]] = [
            [
                Member(householdCode: "00123", memberNo: 1, fullName: "Nguyễn Văn \"Tư\" Hùng", relation: .head, sex: .male,
                       birth: .date(CivilDate(year: 1958, month: 3, day: 12)), nationalID: "001058000001",
                       ethnicity: EthnicGroup(text: "Hmông"), healthInsurance: nil, education: Education.none,
                       inSchool: nil, employment: .selfEmployed, disability: Disability.none, malnourished: nil,
                       illUntreated: true, meritorious: false, massOrganisations: [.nongDan, .cuuChienBinh]),
                Member(householdCode: "00123", memberNo: 2, fullName: "Lò Thị Ểnh, con dâu", relation: .other,
                       sex: .female, birth: .year(1990), nationalID: "096190000002",
                       ethnicity: EthnicGroup(text: "Ê-đê"), healthInsurance: false),
                Member(householdCode: "00123", memberNo: 3, fullName: "Nguyễn Thị Út", relation: .grandchild,
                       sex: .female, birth: .year(2024), inSchool: false, malnourished: true),
            ],
            [
                Member(householdCode: "H-02", memberNo: 1, fullName: "Đặng Quốc Bảo", relation: .head, sex: .male,
                       birth: .date(CivilDate(year: 1980, month: 1, day: 1)), nationalID: "079080000003",
                       ethnicity: .kinh, healthInsurance: true, education: .collegePlus, employment: .contract,
                       disability: .particularlySevere, meritorious: true,
                       massOrganisations: MassOrganisation.allCases),
            ],
            [
                Member(householdCode: "3", memberNo: 7, fullName: "Hà Văn Páo", relation: .head, sex: .male,
                       birth: .year(1970), nationalID: "011070000004", ethnicity: EthnicGroup(text: "Rơ-măm")),
                Member(householdCode: "3", memberNo: 2, fullName: "Hà Thị Mỷ", relation: .spouse, sex: .female,
                       birth: .date(CivilDate(year: 1972, month: 2, day: 29)), nationalID: "011172000005",
                       ethnicity: EthnicGroup(text: "Bru-Vân Kiều"), employment: .notInLabourForce),
            ],
        ]
        return RegistryFileSet(households: [first, second, third], members: members)
    }

    @Test("Tricky values round-trip unchanged", arguments: combinations)
    func trickyRoundTrip(format: ExportFormat, headers: ExportHeaders) throws {
        let original = Self.tricky()
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try export(original, to: dir, format: format, headers: headers)
        #expect(result.householdRows == 3 && result.memberRows == 6)
        let back = try RegistryFileSet.read(
            households: result.households, members: result.members, reviewYear: 2025, catalog: nil, today: Self.today)
        #expect(back.households == original.households)
        #expect(back.members == original.members)
        for (old, new) in zip(original.households, back.households) { #expect(old.changes(to: new) == []) }
    }

    @Test("CSV rows are the canonical texts, quoted only where needed")
    func csvText() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let set = Self.tricky()
        let result = try export(set, to: dir, format: .csv, headers: .english)
        let lines = try String(contentsOf: result.members, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == MemberColumn.allCases.map(\.name).joined(separator: ","))
        #expect(lines[1] == #"00123,1,"Nguyễn Văn ""Tư"" Hùng",head,M,12/03/1958,001058000001,Hmông,,none,,self_employed,none,,1,0,nong_dan;cuu_chien_binh"#)
        #expect(lines[3] == "00123,3,Nguyễn Thị Út,grandchild,F,2024,,,,,0,,,1,,,")
        let households = try String(contentsOf: result.households, encoding: .utf8)
        #expect(households.hasPrefix(HouseholdColumn.allCases.map(\.name).joined(separator: ",") + "\n00123,00004,"))
    }

    @Test("Nothing appears before commit, and nothing after discard")
    func discard() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ExportFormat.allCases {
            // An earlier export stays as it was.
            try Data("old\n".utf8).write(to: dir.appendingPathComponent("households.\(format.rawValue)"))
            let writer = try RegistryFileWriter(directory: dir, format: format)
            let set = Self.tricky()
            try writer.write(set.households[0])
            try writer.write(set.members[0][0])
            writer.discard()
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["households.\(format.rawValue)"])
            #expect(try Data(contentsOf: dir.appendingPathComponent("households.\(format.rawValue)")) == Data("old\n".utf8))
            try FileManager.default.removeItem(at: dir.appendingPathComponent("households.\(format.rawValue)"))

            // A writer released without commit leaves nothing either.
            do {
                let abandoned = try RegistryFileWriter(directory: dir, format: format)
                try abandoned.write(set.households[1])
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [])
        }
    }

    @Test("An unwritable directory is a file error")
    func unwritable() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("not-a-directory")
        try Data().write(to: file)
        #expect(throws: InterchangeFileError.self) {
            _ = try RegistryFileWriter(directory: file, format: .csv)
        }
    }
}
