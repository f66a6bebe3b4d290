import Foundation
import Testing
import PovertyStandard
import Registry
import VietnameseText
@testable import Interchange

/// Fixtures and helpers shared by the household import tests.
enum Fixture {
    static let today = CivilDate(year: 2026, month: 6, day: 1)

    static let householdHeader =
        "household_code,commune_code,village,address,area_type,reference_date,monthly_income_per_capita,income_score,housing_quality,floor_area_m2,clean_water,hygienic_latrine,internet,agricultural,poverty_causes,deprived_health_insurance,recognised_class,recognised_year"
    static let householdRows = [
        #"H001,00004,Thôn 1,,rural,,"1.200.000",,makeshift,30,1,không,,x,no_land;illness,x,poor,2024"#,
        #"H002,00001,Tổ 5,"12 Phố Huế, Hà Nội",thành thị,15/10/2025,"1,500,000",120,kiên cố,"45,5",yes,có,0,,,,,"#,
    ]
    static let memberHeader =
        "household_code,member_no,full_name,relation,sex,birth_date,national_id,ethnicity,health_insurance,education,in_school,employment,disability,malnourished,ill_untreated,meritorious,mass_organisations"
    static let memberRows = [
        "H001,1,Nguyễn Văn An,chủ hộ,nam,05/03/1970,001070000001,Kinh,1,primary,0,self_employed,none,,,0,nong_dan;cuu_chien_binh",
        "H001,2,Trần Thị Bình,vợ,nữ,1975,001175000002,Mông,,,,,,,,,phu_nu",
        "H001,3,Nguyễn Văn Cường,con,M,2015-09-02,,01,1,,1,,,không,,,",
        "H002,1,Lê Thị Dung,head,F,01/01/1980,079180000003,Khmer,có,college_plus,,contract,,,,có,",
    ]

    static func households(_ rows: [String]? = nil, header: String? = nil) -> String {
        ([header ?? householdHeader] + (rows ?? householdRows)).joined(separator: "\n") + "\n"
    }

    static func members(_ rows: [String]? = nil, header: String? = nil) -> String {
        ([header ?? memberHeader] + (rows ?? memberRows)).joined(separator: "\n") + "\n"
    }

    static func read(households: String = households(), members: String = members(), reviewYear: Int = 2025,
                     errorCapacity: Int = 10_000) throws -> RegistryFileSet {
        try RegistryFileSet.read(
            households: CSVReader(string: households, fileName: "households.csv"),
            members: CSVReader(string: members, fileName: "members.csv"),
            reviewYear: reviewYear, catalog: AdminUnitCatalog.shared, today: today, errorCapacity: errorCapacity)
    }

    /// The report the file set is rejected with (fails the test when it is accepted).
    static func report(households: String = households(), members: String = members(), reviewYear: Int = 2025,
                       errorCapacity: Int = 10_000) -> ImportErrorReport {
        do {
            _ = try read(households: households, members: members, reviewYear: reviewYear, errorCapacity: errorCapacity)
            Issue.record("the file set was accepted")
            return ImportErrorReport()
        } catch let report as ImportErrorReport {
            return report
        } catch {
            Issue.record("unexpected error \(error)")
            return ImportErrorReport()
        }
    }

    /// `row` with field `index` (0-based) replaced by `value`; fields must not contain quotes.
    static func replacing(_ row: String, _ index: Int, with value: String) -> String {
        var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[index] = value
        return fields.joined(separator: ",")
    }
}

@Suite("Household and member import (nhập hộ và thành viên)")
struct HouseholdImportTests {
    // MARK: Valid files

    @Test("A valid file set decodes every field")
    func validSet() throws {
        let set = try Fixture.read()
        #expect(set.households.count == 2)
        #expect(set.members.map(\.count) == [3, 1])
        #expect(set.warnings.isEmpty)

        let h1 = set.households[0]
        #expect(h1.householdCode == "H001")
        #expect(h1.communeCode == "00004")
        #expect(h1.village == "Thôn 1")
        #expect(h1.address == nil)
        #expect(h1.areaType == .rural)
        #expect(h1.referenceDate == nil)
        #expect(h1.monthlyIncomePerCapita == 1_200_000)
        #expect(h1.incomeScore == nil)
        #expect(h1.housingQuality == .makeshift)
        #expect(h1.floorArea == 30)
        #expect(h1.facts[.cleanWater] == true)
        #expect(h1.facts[.hygienicLatrine] == false)  // "không" is a known no
        #expect(h1.facts[.internet] == nil)  // blank is unknown, never no
        #expect(h1.agricultural == true)  // "x"
        #expect(h1.socialProtection == nil)
        #expect(h1.povertyCauses == [.noLand, .illness])
        #expect(h1.survey[.healthInsurance] == true)
        #expect(h1.survey[.latrine] == nil)
        #expect(h1.recognisedClass == .poor)
        #expect(h1.recognisedYear == 2024)

        let h2 = set.households[1]
        #expect(h2.address == "12 Phố Huế, Hà Nội")
        #expect(h2.areaType == .urban)
        #expect(h2.referenceDate == CivilDate(year: 2025, month: 10, day: 15))
        #expect(h2.monthlyIncomePerCapita == 1_500_000)
        #expect(h2.incomeScore == 120)
        #expect(h2.housingQuality == .durable)
        #expect(h2.floorArea == 45.5)
        #expect(h2.facts[.cleanWater] == true)
        #expect(h2.facts[.hygienicLatrine] == true)
        #expect(h2.facts[.internet] == false)
        #expect(h2.recognisedClass == nil)

        let m = set.members[0]
        #expect(m.map(\.memberNo) == [1, 2, 3])
        #expect(m[0].fullName == "Nguyễn Văn An")
        #expect(m[0].relation == .head)
        #expect(m[0].sex == .male)
        #expect(m[0].birth == .date(CivilDate(year: 1970, month: 3, day: 5)))
        #expect(m[0].nationalID == "001070000001")
        #expect(m[0].ethnicity == .kinh)
        #expect(m[0].healthInsurance == true)
        #expect(m[0].education == .primary)
        #expect(m[0].inSchool == false)
        #expect(m[0].employment == .selfEmployed)
        #expect(m[0].disability == Disability.none)
        #expect(m[0].meritorious == false)
        #expect(m[0].massOrganisations == [.nongDan, .cuuChienBinh])
        #expect(m[1].relation == .spouse)
        #expect(m[1].sex == .female)
        #expect(m[1].birth == .year(1975))  // bare birth year
        #expect(m[1].ethnicity?.code == "08")
        #expect(m[1].healthInsurance == nil)
        #expect(m[2].birth == .date(CivilDate(year: 2015, month: 9, day: 2)))
        #expect(m[2].nationalID == nil)  // under 14: optional
        #expect(m[2].ethnicity == .kinh)
        #expect(m[2].malnourished == false)
        let d = set.members[1][0]
        #expect(d.ethnicity?.name == "Khơ-me")
        #expect(d.education == .collegePlus)
        #expect(d.meritorious == true)
    }

    @Test("Engine facts from imported files: ages at each household's reference date")
    func engineFactsFromFiles() throws {
        let set = try Fixture.read()
        let f1 = set.households[0].engineFacts(members: set.members[0], reviewYear: 2025)
        // 01/09/2025: born 05/03/1970 → 55; 1975 (01/07/1975) → 50; 02/09/2015 → 9.
        #expect(f1.members.map(\.age) == [55, 50, 9])
        let f2 = set.households[1].engineFacts(members: set.members[1], reviewYear: 2025)
        #expect(f2.members.map(\.age) == [45])  // at 15/10/2025
        #expect(f2.area == .urban)
    }

    @Test("Vietnamese headers are accepted, with or without diacritics, any case and spacing")
    func vietnameseHeaders() throws {
        let households = Fixture.households(
            ["H001,00004,Thôn 1,nông thôn,1.200.000,có,x", "H002,00004,Thôn 2,Đô thị,900000,Không,"],
            header: "Mã hộ,MA XA,Thôn/tổ dân phố,Khu vực,Thu nhập bình quân đầu người/tháng,nuoc sach,Thiếu hụt: Hố xí/nhà tiêu hợp vệ sinh")
        let members = Fixture.members(
            ["H001,1,Nguyễn Văn An,chủ hộ,nam,05/03/1970,001070000001,Kinh",
             "H002,1,Lê Văn Bảy,Chủ Hộ,Nam,1960,001060000009,Tày"],
            header: "Ma ho, STT ,Họ và tên,Quan hệ với chủ hộ,Giới tính,Ngày sinh,Số CCCD/Định danh,dân tộc")
        let set = try Fixture.read(households: households, members: members)
        #expect(set.households.map(\.areaType) == [.rural, .urban])
        #expect(set.households[0].facts[.cleanWater] == true)
        #expect(set.households[1].facts[.cleanWater] == false)
        #expect(set.households[0].survey[.latrine] == true)
        #expect(set.households[1].survey[.latrine] == nil)
        #expect(set.households[1].monthlyIncomePerCapita == 900_000)
        #expect(set.members[1][0].nationalID == "001060000009")
        #expect(set.members[1][0].ethnicity?.code == "02")
    }

    @Test("Every canonical and Vietnamese header maps to its column")
    func headerCatalogue() {
        for column in HouseholdColumn.allCases {
            #expect(HouseholdColumn(header: column.name) == column)
            for alias in column.vietnameseHeaders {
                #expect(HouseholdColumn(header: alias) == column, "\(alias)")
                #expect(HouseholdColumn(header: VietnameseText.fold(alias).uppercased()) == column, "\(alias)")
            }
        }
        for column in MemberColumn.allCases {
            #expect(MemberColumn(header: column.name) == column)
            for alias in column.vietnameseHeaders { #expect(MemberColumn(header: alias) == column, "\(alias)") }
        }
        #expect(HouseholdColumn(header: "Thiếu hụt: Bảo hiểm y tế") == .deprived(.healthInsurance))
        #expect(HouseholdColumn(header: "deprived_waste") == .deprived(.waste))
        #expect(HouseholdColumn(header: "Diện tích nhà ở (m2)") == .floorArea)
        #expect(MemberColumn(header: "So CCCD/Dinh danh") == .nationalID)
        #expect(HouseholdColumn.allCases.count == 10 + HouseholdFact.allCases.count + 3 + IndicatorID.allCases.count + 2)
    }

    @Test("Members are grouped per household in input order even when not adjacent")
    func grouping() throws {
        let rows = [Fixture.memberRows[0], Fixture.memberRows[3], Fixture.memberRows[2], Fixture.memberRows[1]]
        let set = try Fixture.read(members: Fixture.members(rows))
        #expect(set.members[0].map(\.memberNo) == [1, 3, 2])
        #expect(set.members[1].map(\.fullName) == ["Lê Thị Dung"])
    }

    @Test("Names and text are stored NFC")
    func nfc() throws {
        let decomposed = "Nguyễn Văn An".decomposedStringWithCanonicalMapping
        #expect(decomposed.utf8.count != "Nguyễn Văn An".utf8.count)
        let rows = [Fixture.replacing(Fixture.memberRows[0], 2, with: decomposed)] + Fixture.memberRows.dropFirst()
        let set = try Fixture.read(members: Fixture.members(rows))
        #expect(Array(set.members[0][0].fullName.utf8) == Array("Nguyễn Văn An".precomposedStringWithCanonicalMapping.utf8))
    }

    @Test("Unknown columns are ignored with a warning")
    func unknownColumns() throws {
        let header = Fixture.householdHeader + ",Ghi chú"
        let rows = Fixture.householdRows.map { $0 + ",hello" }
        let set = try Fixture.read(households: Fixture.households(rows, header: header))
        #expect(set.households.count == 2)
        #expect(set.warnings.map(\.code) == ["header.unknown"])
        #expect(set.warnings.first?.value == "Ghi chú")
    }

    @Test("Files on disk, CSV with a byte-order mark and semicolons")
    func filesOnDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gn-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = dir.appendingPathComponent("households.csv")
        let m = dir.appendingPathComponent("members.csv")
        try ("\u{FEFF}" + Fixture.households()).write(to: h, atomically: true, encoding: .utf8)
        let semicolons = [
            "household_code;member_no;full_name;relation;sex;birth_date;national_id",
            "H001;1;Nguyễn Văn An;vợ, chồng;nam;1970;001070000001",
            "H001;2;Trần Thị Bình;chủ hộ;nữ;1975;001175000002",
            "H002;1;Lê Thị Dung;chủ hộ;nữ;01/01/1980;079180000003",
        ].joined(separator: "\r\n")
        try semicolons.write(to: m, atomically: true, encoding: .utf8)
        let set = try RegistryFileSet.read(households: h, members: m, reviewYear: 2025, today: Fixture.today)
        #expect(set.households.count == 2)
        #expect(set.members[0].map(\.relation) == [.spouse, .head])
    }

    // MARK: Value parsers

    @Test("Booleans: 1/0, yes/no, true/false, có/không, x; blank is unknown", arguments: [
        ("1", true), ("0", false), ("yes", true), ("NO", false), ("True", true), ("false", false),
        ("có", true), ("Có", true), ("co", true), ("không", false), ("KHÔNG", false), ("khong", false),
        ("x", true), ("X", true),
    ])
    func booleans(text: String, value: Bool) {
        #expect(parse(text) { Spellings.bool.value($0) } == value)
    }

    @Test("Money: integer VND with thousands separators", arguments: [
        ("1500000", 1_500_000), ("1.500.000", 1_500_000), ("1,500,000", 1_500_000), ("0", 0), ("999", 999),
        ("1.000", 1000), ("12.345.678", 12_345_678), ("1.500.000 đ", 1_500_000), ("1500000VND", 1_500_000),
        ("2.000.000 ₫", 2_000_000),
    ])
    func money(text: String, value: Int) {
        #expect(parse(text) { FieldParsers.money($0) } == value)
    }

    @Test("Money rejects decimals, negatives and garbage", arguments: [
        "1.5", "1500000.50", "1,500.000", "-200", "1.5000", "12,34", "abc", "1 500 000", ".500", "1..000", "1.000.",
        "đ", "1,5 triệu",
    ])
    func moneyInvalid(text: String) {
        #expect(parse(text) { FieldParsers.money($0) } == nil)
    }

    @Test("Decimals read as the nearest Double, with . or , as the mark", arguments: [
        ("45.5", 45.5), ("45,5", 45.5), ("30", 30), ("0.3", 0.3), ("0,12", 0.12), ("0.29", 0.29), (".5", 0.5),
        ("5.", 5), ("0.30000000000000004", 0.1 + 0.2), ("123456.789012345678", 123456.789012345678),
        ("0.000000125", 1.25e-7),
    ])
    func decimals(text: String, value: Double) {
        #expect(parse(text) { FieldParsers.decimal($0) } == value)
    }

    @Test("Every two-decimal area up to 1000 m² reads as the nearest Double")
    func decimalsExhaustive() {
        var misread: [String] = []
        for hundredths in 0..<100_000 {
            let text = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
            if parse(text, { FieldParsers.decimal($0) }) != Double(text) { misread.append(text) }
        }
        #expect(misread == [])
    }

    @Test("Decimals reject signs, two marks and garbage", arguments: ["-1", "1.2.3", "1,2.3", "", ".", "1e5", "abc"])
    func decimalsInvalid(text: String) {
        #expect(parse(text) { FieldParsers.decimal($0) } == nil)
    }

    @Test("Dates: dd/MM/yyyy, yyyy-MM-dd and a bare birth year")
    func dates() {
        #expect(parse("05/03/1970") { FieldParsers.birthDate($0) } == .date(CivilDate(year: 1970, month: 3, day: 5)))
        #expect(parse("1970-03-05") { FieldParsers.birthDate($0) } == .date(CivilDate(year: 1970, month: 3, day: 5)))
        #expect(parse("1970") { FieldParsers.birthDate($0) } == .year(1970))
        #expect(parse("31/02/1970") { FieldParsers.birthDate($0) } == nil)
        #expect(parse("70") { FieldParsers.birthDate($0) } == nil)
        #expect(parse("2025") { FieldParsers.date($0) } == nil)  // reference dates need a day
        #expect(parse("2025-09-01 00:00:00") { FieldParsers.date($0) } == CivilDate(year: 2025, month: 9, day: 1))
    }

    @Test("Enumerations accept codes and Vietnamese spellings")
    func enums() {
        #expect(parse("thiếu kiên cố") { Spellings.housing.value($0) } == .nonDurable)
        #expect(parse("Bán kiên cố") { Spellings.housing.value($0) } == .semiDurable)
        #expect(parse("don so") { Spellings.housing.value($0) } == .makeshift)
        #expect(parse("semi_durable") { Spellings.housing.value($0) } == .semiDurable)
        #expect(parse("đô thị") { Spellings.areaType.value($0) } == .urban)
        #expect(parse("vợ, chồng") { Spellings.relation.value($0) } == .spouse)
        #expect(parse("chồng") { Spellings.relation.value($0) } == .spouse)
        #expect(parse("bố, mẹ") { Spellings.relation.value($0) } == .parent)
        #expect(parse("cha") { Spellings.relation.value($0) } == .parent)
        #expect(parse("anh, chị, em") { Spellings.relation.value($0) } == .sibling)
        #expect(parse("cháu") { Spellings.relation.value($0) } == .grandchild)
        #expect(parse("Khác") { Spellings.relation.value($0) } == .other)
        #expect(parse("cận nghèo") { Spellings.recognisedClass.value($0) } == .nearPoor)
        #expect(parse("không nghèo") { Spellings.recognisedClass.value($0) } == .notPoor)
        #expect(parse("near_poor") { Spellings.recognisedClass.value($0) } == .nearPoor)
        #expect(parse("trung bình") { Spellings.recognisedClass.value($0) } == .average)
        #expect(parse("nữ") { Spellings.sex.value($0) } == .female)
        #expect(parse("m") { Spellings.sex.value($0) } == .male)
    }

    // MARK: Error reporting

    @Test("Errors render as file:row column \"value\" — message [code]")
    func rendering() {
        let e = ImportError(file: "members.csv", row: 17, column: "national_id", value: "0123",
                            message: "Số CCCD phải có 12 chữ số", code: "national_id.length")
        #expect(e.description == #"members.csv:17 national_id "0123" — Số CCCD phải có 12 chữ số [national_id.length]"#)
    }

    @Test("The CSV report is UTF-8 with a byte-order mark and quotes where needed")
    func csvReport() {
        var report = ImportErrorReport()
        report.add(ImportError(file: "households.csv", row: 3, column: "address", value: "a, \"b\"",
                               message: "Sai, rồi", code: "x.y"))
        let data = report.csvData()
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == "file,row,column,value,message,code\r\nhouseholds.csv,3,address,\"a, \"\"b\"\"\",\"Sai, rồi\",x.y\r\n")
    }

    @Test("Errors beyond the cap are counted but not stored")
    func cap() {
        let rows = (0..<30).map { "H\($0),0004,Thôn,rural" }
        let report = Fixture.report(
            households: Fixture.households(rows, header: "household_code,commune_code,village,area_type"),
            errorCapacity: 10)
        #expect(report.errors.count == 10)
        #expect(report.totalErrorCount >= 30)
        #expect(report.isTruncated)
        #expect(report.description.contains("lỗi khác"))
    }
}

/// Runs a byte parser on `text`.
func parse<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
    var text = text
    return text.withUTF8 { body($0) }
}
