import Foundation
import Testing
import PovertyStandard
import Registry
import VietnameseText
@testable import Interchange

/// One broken cell and the error it must produce.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    enum File: Sendable { case households, members }
    var file: File
    /// Data row to change: 0 = the first data row (Excel row 2).
    var dataRow: Int
    var field: Int
    var value: String
    var code: String
    var row: Int
    var column: String
    var testDescription: String { "\(code) ← \(column) \"\(value)\"" }

    init(_ file: File, _ dataRow: Int, _ field: Int, _ value: String, _ code: String, row: Int? = nil, column: String) {
        self.file = file
        self.dataRow = dataRow
        self.field = field
        self.value = value
        self.code = code
        self.row = row ?? dataRow + 2
        self.column = column
    }
}

@Suite("Household and member validation (kiểm tra dữ liệu)")
struct HouseholdValidationTests {
    /// Rows without quoted fields, so a field can be replaced by position.
    static let households = [
        "H001,00004,Thôn 1,,rural,,1200000,,makeshift,30,1,không,,x,no_land;illness,x,poor,2024",
        "H002,00001,Tổ 5,12 Phố Huế,thành thị,15/10/2025,1500000,120,kiên cố,45.5,yes,có,0,,,,,",
    ]
    static let members = Fixture.memberRows

    static let cases: [ErrorCase] = [
        .init(.households, 0, 0, "", "household_code.required", column: "household_code"),
        .init(.households, 1, 0, "H001", "household_code.duplicate", column: "household_code"),
        .init(.households, 0, 1, "", "commune_code.required", column: "commune_code"),
        .init(.households, 0, 1, "4", "commune_code.format", column: "commune_code"),
        .init(.households, 0, 1, "0000A", "commune_code.format", column: "commune_code"),
        .init(.households, 0, 1, "99999", "commune_code.unknown", column: "commune_code"),
        .init(.households, 0, 2, "", "village.required", column: "village"),
        .init(.households, 0, 4, "", "area_type.required", column: "area_type"),
        .init(.households, 0, 4, "suburb", "area_type.invalid", column: "area_type"),
        .init(.households, 0, 5, "2025-13-01", "reference_date.invalid", column: "reference_date"),
        .init(.households, 0, 6, "1.5", "monthly_income_per_capita.invalid", column: "monthly_income_per_capita"),
        .init(.households, 0, 6, "-200000", "monthly_income_per_capita.invalid", column: "monthly_income_per_capita"),
        .init(.households, 0, 7, "abc", "income_score.invalid", column: "income_score"),
        .init(.households, 0, 8, "lều", "housing_quality.invalid", column: "housing_quality"),
        .init(.households, 0, 9, "-5", "floor_area_m2.invalid", column: "floor_area_m2"),
        .init(.households, 0, 10, "maybe", "clean_water.invalid", column: "clean_water"),
        .init(.households, 0, 13, "có lẽ", "agricultural.invalid", column: "agricultural"),
        .init(.households, 0, 14, "no_land;lazy", "poverty_causes.unknown", column: "poverty_causes"),
        .init(.households, 0, 15, "?", "deprived_health_insurance.invalid", column: "deprived_health_insurance"),
        .init(.households, 0, 16, "rich", "recognised_class.invalid", column: "recognised_class"),
        .init(.households, 0, 17, "", "recognised_year.required", column: "recognised_year"),
        .init(.households, 0, 17, "24", "recognised_year.invalid", column: "recognised_year"),

        .init(.members, 3, 0, "H999", "member.household_unknown", column: "household_code"),
        .init(.members, 0, 1, "", "member_no.required", column: "member_no"),
        .init(.members, 0, 1, "0", "member_no.invalid", column: "member_no"),
        .init(.members, 0, 1, "một", "member_no.invalid", column: "member_no"),
        .init(.members, 2, 1, "1", "member_no.duplicate", column: "member_no"),
        .init(.members, 0, 2, "", "full_name.required", column: "full_name"),
        .init(.members, 0, 3, "", "relation.required", column: "relation"),
        .init(.members, 0, 3, "boss", "relation.invalid", column: "relation"),
        // Two heads, or none: reported on the household's first member row.
        .init(.members, 1, 3, "chủ hộ", "relation.head_count", row: 2, column: "relation"),
        .init(.members, 0, 3, "con", "relation.head_count", row: 2, column: "relation"),
        .init(.members, 0, 4, "", "sex.required", column: "sex"),
        .init(.members, 0, 4, "?", "sex.invalid", column: "sex"),
        .init(.members, 0, 5, "", "birth_date.required", column: "birth_date"),
        .init(.members, 0, 5, "31/02/1970", "birth_date.invalid", column: "birth_date"),
        .init(.members, 0, 5, "01/01/2027", "birth_date.future", column: "birth_date"),
        .init(.members, 0, 5, "2027", "birth_date.future", column: "birth_date"),
        .init(.members, 0, 5, "1900", "birth_date.too_old", column: "birth_date"),
        .init(.members, 0, 6, "", "national_id.required", column: "national_id"),
        .init(.members, 0, 6, "0123", "national_id.length", column: "national_id"),
        .init(.members, 0, 6, "00107000000A", "national_id.length", column: "national_id"),
        .init(.members, 0, 6, "0010700000011", "national_id.length", column: "national_id"),
        .init(.members, 0, 6, "097070000001", "national_id.province", column: "national_id"),
        .init(.members, 0, 6, "000070000001", "national_id.province", column: "national_id"),
        .init(.members, 3, 6, "001070000001", "national_id.duplicate", column: "national_id"),
        .init(.members, 0, 7, "Klingon", "ethnicity.unknown", column: "ethnicity"),
        .init(.members, 0, 7, "55", "ethnicity.unknown", column: "ethnicity"),
        .init(.members, 0, 8, "maybe", "health_insurance.invalid", column: "health_insurance"),
        .init(.members, 0, 9, "phd", "education.invalid", column: "education"),
        .init(.members, 0, 10, "2", "in_school.invalid", column: "in_school"),
        .init(.members, 0, 11, "pirate", "employment.invalid", column: "employment"),
        .init(.members, 0, 12, "some", "disability.invalid", column: "disability"),
        .init(.members, 0, 13, "n/a", "malnourished.invalid", column: "malnourished"),
        .init(.members, 0, 14, "y", "ill_untreated.invalid", column: "ill_untreated"),
        .init(.members, 0, 15, "-", "meritorious.invalid", column: "meritorious"),
        .init(.members, 0, 16, "nong_dan;fc", "mass_organisations.unknown", column: "mass_organisations"),
    ]

    @Test("Each rule reports its code at the right row and column", arguments: cases)
    func rule(_ c: ErrorCase) {
        var households = Self.households
        var members = Self.members
        switch c.file {
        case .households: households[c.dataRow] = Fixture.replacing(households[c.dataRow], c.field, with: c.value)
        case .members: members[c.dataRow] = Fixture.replacing(members[c.dataRow], c.field, with: c.value)
        }
        let report = Fixture.report(households: Fixture.households(households), members: Fixture.members(members))
        let file = c.file == .households ? "households.csv" : "members.csv"
        let match = report.errors.first { $0.code == c.code }
        #expect(match != nil, "got \(report.errors.map(\.description))")
        guard let match else { return }
        #expect(match.file == file)
        #expect(match.row == c.row)
        #expect(match.column == c.column)
        #expect(!match.message.isEmpty)
        // The broken cell's own error comes with the value the user typed.
        if c.code.hasSuffix(".invalid") || c.code.hasSuffix(".format") || c.code.hasSuffix(".length") {
            #expect(match.value == c.value)
        }
    }

    @Test("A valid base file set is accepted")
    func baseIsValid() throws {
        let set = try Fixture.read(households: Fixture.households(Self.households), members: Fixture.members(Self.members))
        #expect(set.households.count == 2)
    }

    @Test("A duplicated national id names both households and both rows")
    func duplicateNationalID() {
        var members = Self.members
        members[3] = Fixture.replacing(members[3], 6, with: "001070000001")
        let report = Fixture.report(households: Fixture.households(Self.households), members: Fixture.members(members))
        let e = report.errors.first { $0.code == "national_id.duplicate" }
        #expect(e?.row == 5)
        #expect(e?.message.contains("H001") == true)
        #expect(e?.message.contains("H002") == true)
        #expect(e?.message.contains("dòng 2") == true)
        #expect(e?.message.contains("dòng 5") == true)
    }

    @Test("A household without members breaks the one-head rule on its own row")
    func householdWithoutMembers() {
        let members = Array(Self.members.prefix(3))
        let report = Fixture.report(households: Fixture.households(Self.households), members: Fixture.members(members))
        #expect(report.errors.map(\.code) == ["relation.head_count"])
        #expect(report.errors.first?.file == "households.csv")
        #expect(report.errors.first?.row == 3)
        #expect(report.errors.first?.column == "household_code")
        #expect(report.errors.first?.value == "H002")
    }

    @Test("National id is optional under 14 and required from 14 at the reference date")
    func nationalIDAge() throws {
        // Household H001 uses 01/09/2025: born 02/09/2011 is 13, born 01/09/2011 is 14.
        var members = Self.members
        members[2] = Fixture.replacing(members[2], 5, with: "02/09/2011")
        _ = try Fixture.read(households: Fixture.households(Self.households), members: Fixture.members(members))
        members[2] = Fixture.replacing(members[2], 5, with: "01/09/2011")
        let report = Fixture.report(households: Fixture.households(Self.households), members: Fixture.members(members))
        #expect(report.errors.map(\.code) == ["national_id.required"])
        #expect(report.errors.first?.row == 4)
        // H002's own reference date 15/10/2025 counts for its members: born 10/10/2011 is 14 there.
        var more = Self.members
        more.append("H002,2,Lê Văn Em,con,nam,10/10/2011,,,,,,,,,,,")
        let r2 = Fixture.report(households: Fixture.households(Self.households), members: Fixture.members(more))
        #expect(r2.errors.map(\.code) == ["national_id.required"])
    }

    @Test("Commune codes are checked against the list in force at the reference date")
    func communeByDate() throws {
        var households = Self.households
        // 11948 exists only in the 2025 list; 00001 only in the legacy list (converted in 2025).
        households[0] = Fixture.replacing(households[0], 1, with: "11948")
        _ = try Fixture.read(households: Fixture.households(households), members: Fixture.members(Self.members))
        households[0] = Fixture.replacing(households[0], 5, with: "15/06/2025")
        var report = Fixture.report(households: Fixture.households(households), members: Fixture.members(Self.members))
        #expect(report.errors.map(\.code) == ["commune_code.unknown"])
        households[0] = Fixture.replacing(households[0], 1, with: "00001")
        _ = try Fixture.read(households: Fixture.households(households), members: Fixture.members(Self.members))
        // With no catalog only the format is checked.
        households[0] = Fixture.replacing(households[0], 1, with: "99999")
        report = ImportErrorReport()
        _ = try RegistryFileSet.read(
            households: CSVReader(string: Fixture.households(households), fileName: "households.csv"),
            members: CSVReader(string: Fixture.members(Self.members), fileName: "members.csv"),
            reviewYear: 2025, catalog: nil, today: Fixture.today)
    }

    @Test("Every error is reported, not just the first, sorted by file and row")
    func multipleErrors() {
        var households = Self.households
        households[0] = Fixture.replacing(households[0], 4, with: "suburb")
        households[0] = Fixture.replacing(households[0], 6, with: "abc")
        households[1] = Fixture.replacing(households[1], 2, with: "")
        var members = Self.members
        members[1] = Fixture.replacing(members[1], 6, with: "12")
        members[2] = Fixture.replacing(members[2], 4, with: "?")
        members[2] = Fixture.replacing(members[2], 7, with: "Klingon")
        let report = Fixture.report(households: Fixture.households(households), members: Fixture.members(members))
        #expect(report.errors.map(\.code) == [
            "area_type.invalid", "monthly_income_per_capita.invalid", "village.required",
            "national_id.length", "sex.invalid", "ethnicity.unknown",
        ])
        #expect(report.errors.map(\.row) == [2, 2, 3, 3, 4, 4])
        #expect(report.totalErrorCount == 6)
        // Members of rejected households are checked but not blamed for the household.
        #expect(!report.errors.contains { $0.code == "member.household_unknown" || $0.code == "relation.head_count" })
        #expect(report.description.contains(#"households.csv:2 area_type "suburb" — "#))
        #expect(report.description.contains("Tổng cộng 6 lỗi."))
    }

    @Test("A missing required column is reported on row 1 and no row is read")
    func missingColumn() {
        let header = Fixture.householdHeader.replacingOccurrences(of: "commune_code,", with: "")
        let rows = Self.households.map { row -> String in
            var f = row.split(separator: ",", omittingEmptySubsequences: false)
            f.remove(at: 1)
            return f.joined(separator: ",")
        }
        let report = Fixture.report(households: Fixture.households(rows, header: header), members: Fixture.members(Self.members))
        #expect(report.errors.map(\.code) == ["header.missing"])
        #expect(report.errors.first?.row == 1)
        #expect(report.errors.first?.column == "commune_code")
    }

    @Test("A column given twice (canonical and alias) is an error")
    func duplicateColumn() {
        let header = Fixture.memberHeader + ",Mã hộ"
        let rows = Self.members.map { $0 + ",H001" }
        let report = Fixture.report(households: Fixture.households(Self.households), members: Fixture.members(rows, header: header))
        #expect(report.errors.map(\.code) == ["header.duplicate"])
        #expect(report.errors.first?.file == "members.csv")
        #expect(report.errors.first?.column == "household_code")
        #expect(report.errors.first?.value == "Mã hộ")
    }

    @Test("Without a national_id column, adults produce one header error")
    func missingNationalIDColumn() {
        let header = "household_code,member_no,full_name,relation,sex,birth_date"
        let rows = Self.members.map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: ",") }
        let report = Fixture.report(households: Fixture.households(Self.households), members: Fixture.members(rows, header: header))
        #expect(report.errors.map(\.code) == ["national_id.required"])
        #expect(report.errors.first?.row == 1)
    }

    @Test("The streaming decoders work on their own")
    func streaming() throws {
        let decoder = HouseholdFileDecoder(
            source: try CSVReader(string: Fixture.households(Self.households), fileName: "households.csv"),
            reviewYear: 2025, catalog: nil)
        var codes: [String] = []
        try decoder.forEach { codes.append($0.householdCode) }
        #expect(codes == ["H001", "H002"])
        #expect(decoder.report.isEmpty)

        let members = MemberFileDecoder(
            source: try CSVReader(string: Fixture.members(), fileName: "members.csv"), reviewYear: 2025,
            today: Fixture.today)
        var count = 0
        while let m = try members.next() {
            count += 1
            #expect(members.rowNumber == count + 1)
            #expect(!m.fullName.isEmpty)
        }
        #expect(count == 4)
    }
}
