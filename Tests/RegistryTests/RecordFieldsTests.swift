import Foundation
import Testing
import PovertyStandard
import VietnameseText
@testable import Registry

@Suite("Record fields and changes (trường dữ liệu và thay đổi)")
struct RecordFieldsTests {
    /// The household columns of data-format.md, `deprived_<indicator_id>` standing for one
    /// column per indicator.
    static let householdColumns = [
        "household_code", "commune_code", "village", "address", "area_type", "reference_date",
        "monthly_income_per_capita", "income_score", "housing_quality", "floor_area_m2", "clean_water",
        "hygienic_latrine", "internet", "phone_or_internet", "information_device", "hears_loudspeaker",
        "waste_treated", "agricultural", "social_protection", "poverty_causes", "deprived_<indicator_id>",
        "recognised_class", "recognised_year",
    ]
    static let memberColumns = [
        "household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id",
        "ethnicity", "health_insurance", "education", "in_school", "employment", "disability",
        "malnourished", "ill_untreated", "meritorious", "mass_organisations",
    ]

    static func household() -> Household {
        var facts = HouseholdFactValues()
        facts[.cleanWater] = true
        facts[.internet] = false
        var survey = SurveyAnswers()
        survey[.healthInsurance] = true
        survey[.waste] = false
        return Household(
            householdCode: "00123", communeCode: "00004", village: "Thôn Đông", address: "Số 5, ngõ \"Hòa Bình\"",
            areaType: .urban, referenceDate: CivilDate(year: 2025, month: 10, day: 5),
            monthlyIncomePerCapita: 1_500_000, incomeScore: 120, housingQuality: .semiDurable, floorArea: 45.5,
            facts: facts, agricultural: false, socialProtection: true, povertyCauses: [.noLand, .illness],
            survey: survey, recognisedClass: .nearPoor, recognisedYear: 2024)
    }

    static func member() -> Member {
        Member(
            householdCode: "00123", memberNo: 2, fullName: "Trần Thị Bình", relation: .spouse, sex: .female,
            birth: .year(1975), nationalID: "001175000002", ethnicity: EthnicGroup(text: "Mông"),
            healthInsurance: true, education: .lowerSecondary, inSchool: false, employment: .selfEmployed,
            disability: Disability.none, malnourished: nil, illUntreated: nil, meritorious: false,
            massOrganisations: [.phuNu, .nongDan])
    }

    @Test("Household fields are the data-format.md columns, one deprived_<id> per indicator")
    func householdNames() {
        let names = Self.household().recordFields.map(\.name)
        let expected = Self.householdColumns.flatMap { column in
            column == "deprived_<indicator_id>" ? IndicatorID.allCases.map { "deprived_\($0.rawValue)" } : [column]
        }
        #expect(names == expected)
        #expect(Household.recordFieldNames == expected)
        #expect(Set(names).count == names.count)
    }

    @Test("Member fields are the data-format.md columns, household_code and member_no included")
    func memberNames() {
        #expect(Self.member().recordFields.map(\.name) == Self.memberColumns)
        #expect(Member.recordFieldNames == Self.memberColumns)
    }

    @Test("Canonical text of a household: dates, booleans, codes, money, decimals, lists")
    func householdValues() {
        let fields = Dictionary(uniqueKeysWithValues: Self.household().recordFields.map { ($0.name, $0.value) })
        #expect(fields["household_code"] == "00123")
        #expect(fields["commune_code"] == "00004")
        #expect(fields["address"] == "Số 5, ngõ \"Hòa Bình\"")
        #expect(fields["area_type"] == "urban")
        #expect(fields["reference_date"] == "05/10/2025")
        #expect(fields["monthly_income_per_capita"] == "1500000")
        #expect(fields["income_score"] == "120")
        #expect(fields["housing_quality"] == "semi_durable")
        #expect(fields["floor_area_m2"] == "45.5")
        #expect(fields["clean_water"] == "1")
        #expect(fields["internet"] == "0")
        #expect(fields["hygienic_latrine"] == .some(nil))
        #expect(fields["agricultural"] == "0")
        #expect(fields["social_protection"] == "1")
        #expect(fields["poverty_causes"] == "no_land;illness")
        #expect(fields["deprived_health_insurance"] == "1")
        #expect(fields["deprived_waste"] == "0")
        #expect(fields["deprived_nutrition"] == .some(nil))
        #expect(fields["recognised_class"] == "near_poor")
        #expect(fields["recognised_year"] == "2024")

        let bare = Household(householdCode: "H1", communeCode: "00004", village: "Thôn 1", address: "  ", areaType: .rural)
        let blank = bare.recordFields.filter { $0.value == nil }.map(\.name)
        #expect(blank == Household.recordFieldNames.filter {
            !["household_code", "commune_code", "village", "area_type"].contains($0)
        })
    }

    @Test("Canonical text of a member: year-only birth, ethnic group's name, lists")
    func memberValues() {
        var member = Self.member()
        #expect(member.recordFields.map(\.value) == [
            "00123", "2", "Trần Thị Bình", "spouse", "F", "1975", "001175000002", "Hmông", "1",
            "lower_secondary", "0", "self_employed", "none", nil, nil, "0", "phu_nu;nong_dan",
        ])
        member.birth = .date(CivilDate(year: 1975, month: 3, day: 7))
        member.nationalID = "1175000002"  // a number cell dropped the zeros
        member.massOrganisations = []
        let fields = Dictionary(uniqueKeysWithValues: member.recordFields.map { ($0.name, $0.value) })
        #expect(fields["birth_date"] == "07/03/1975")
        #expect(fields["national_id"] == "001175000002")
        #expect(fields["mass_organisations"] == .some(nil))
    }

    @Test("Free text is stored NFC and trimmed, as the importers read it")
    func textNormalised() {
        var member = Self.member()
        member.fullName = " Tra\u{0302}\u{0300}n Thị Bình\u{A0}"  // NFD "Trần" and a trailing no-break space
        #expect(member.recordFields[2].value == "Trần Thị Bình")
    }

    @Test(
        "Floor area: shortest digits, no trailing .0, never an exponent",
        arguments: [
            (30.0, "30"), (45.5, "45.5"), (0.0, "0"), (-0.0, "0"), (0.1 + 0.2, "0.30000000000000004"),
            (1e-05, "0.00001"), (1.25e-7, "0.000000125"), (1e16, "10000000000000000"),
            (1.2345678901234568e+16, "12345678901234568"), (123.456, "123.456"),
        ])
    func floorArea(value: Double, text: String) {
        #expect(CanonicalText.decimal(value) == text)
        #expect(Double(text) == value)
    }

    @Test("Non-finite floor areas have no text")
    func floorAreaNonFinite() {
        #expect(CanonicalText.decimal(.nan) == nil)
        #expect(CanonicalText.decimal(.infinity) == nil)
    }

    @Test("Two households that differ in three fields give exactly those three changes")
    func householdDiff() {
        let old = Self.household()
        var new = old
        new.monthlyIncomePerCapita = 2_100_000
        new.facts[.internet] = nil
        new.survey[.nutrition] = true
        #expect(old.changes(to: new) == [
            FieldChange(field: "monthly_income_per_capita", before: "1500000", after: "2100000"),
            FieldChange(field: "internet", before: "0", after: nil),
            FieldChange(field: "deprived_nutrition", before: nil, after: "1"),
        ])
        #expect(new.changes(to: old).map(\.field) == ["monthly_income_per_capita", "internet", "deprived_nutrition"])
    }

    @Test("Equal values give no changes, even when written differently")
    func noChanges() {
        let h = Self.household()
        #expect(h.changes(to: h) == [])
        var same = h
        same.address = "Số 5, ngõ \"Hòa Bình\"  "
        #expect(h.changes(to: same) == [])
        let m = Self.member()
        #expect(m.changes(to: m) == [])
        var other = m
        other.memberNo = 3
        other.ethnicity = .kinh
        #expect(m.changes(to: other) == [
            FieldChange(field: "member_no", before: "2", after: "3"),
            FieldChange(field: "ethnicity", before: "Hmông", after: "Kinh"),
        ])
    }

    @Test("JSON of changes: column order, null for unknown, escaped quotes and line breaks, Vietnamese kept")
    func json() throws {
        let changes = [
            FieldChange(field: "address", before: "Số 5, ngõ \"Hòa Bình\"\nThôn Đông", after: "Tổ 3\\Phường\t1"),
            FieldChange(field: "internet", before: "0", after: nil),
            FieldChange(field: "full_name", before: nil, after: "Nguyễn Văn \u{01}An\u{2028}"),
        ]
        let before = FieldChanges.json(changes, side: .before)
        let after = FieldChanges.json(changes, side: .after)
        #expect(before == #"{"address":"Số 5, ngõ \"Hòa Bình\"\nThôn Đông","internet":"0","full_name":null}"#)
        #expect(after == #"{"address":"Tổ 3\\Phường\t1","internet":null,"full_name":"Nguyễn Văn \u0001An\u2028"}"#)
        #expect(FieldChanges.json([], side: .before) == "{}")

        // A JSON parser reads back the same values.
        for (text, side) in [(before, FieldChanges.Side.before), (after, .after)] {
            let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            for change in changes {
                let expected = side == .before ? change.before : change.after
                if let expected {
                    #expect(object[change.field] as? String == expected)
                } else {
                    #expect(object[change.field] is NSNull)
                }
            }
        }
    }

    @Test("FieldChange is Codable")
    func codable() throws {
        let change = FieldChange(field: "village", before: "Thôn 1", after: nil)
        let data = try JSONEncoder().encode([change])
        #expect(try JSONDecoder().decode([FieldChange].self, from: data) == [change])
    }
}
