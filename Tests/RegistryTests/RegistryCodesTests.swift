import Testing
import PovertyStandard
import VietnameseText
@testable import Registry

@Suite("Registry codes (mã danh mục)")
struct RegistryCodesTests {
    @Test("54 ethnic groups with 2-digit codes in the statistics office's order")
    func ethnicCatalogue() {
        #expect(EthnicGroup.all.count == 54)
        #expect(EthnicGroup.kinh.code == "01")
        #expect(EthnicGroup.kinh.name == "Kinh")
        #expect(EthnicGroup(code: "08")?.name == "Hmông")
        #expect(EthnicGroup(code: "54")?.name == "Rơ-măm")
        #expect(EthnicGroup(code: "55") == nil)
        #expect(EthnicGroup(code: "00") == nil)
        // A spreadsheet turns 01 into 1.
        #expect(EthnicGroup(code: "1") == .kinh)
        #expect(!EthnicGroup.kinh.isMinority)
        #expect(EthnicGroup(code: "02")!.isMinority)
        #expect(Set(EthnicGroup.all.map(\.code)).count == 54)
    }

    @Test(
        "Ethnic names match ignoring diacritics, case, spaces and hyphens, plus aliases",
        arguments: [
            ("Kinh", "01"), ("kinh", "01"), ("Tày", "02"), ("tay", "02"), ("Khơ-me", "05"), ("Khơ Me", "05"),
            ("Khmer", "05"), ("Mông", "08"), ("H'Mông", "08"), ("Hmong", "08"), ("HMÔNG", "08"),
            ("Gia Rai", "10"), ("Gia-rai", "10"), ("Ê Đê", "12"), ("ê-đê", "12"), ("Ede", "12"), ("Ba Na", "13"),
            ("Xơ Đăng", "14"), ("Giáy", "25"), ("Dáy", "25"), ("Bru", "23"), ("Vân Kiều", "23"),
            ("Bru-Vân Kiều", "23"), ("Bru Van Kieu", "23"), ("Sán Chay", "15"), ("Hà Nhì", "35"),
            ("Ơ-đu", "53"), ("O Du", "53"), ("Co", "30"), ("Cơ Lao", "47"), ("Lào", "37"), ("Thái", "03"),
            ("Thổ", "24"), ("Lự", "42"), ("14", "14"),
        ])
    func ethnicNames(text: String, code: String) {
        #expect(EthnicGroup(text: text)?.code == code)
    }

    @Test("Unknown ethnic names are rejected")
    func ethnicUnknown() {
        #expect(EthnicGroup(text: "Klingon") == nil)
        #expect(EthnicGroup(text: "") == nil)
        #expect(EthnicGroup(text: "99") == nil)
    }

    @Test("Every official ethnic name resolves to itself")
    func ethnicRoundTrip() {
        for group in EthnicGroup.all {
            #expect(EthnicGroup(text: group.name) == group)
            #expect(EthnicGroup(text: VietnameseText.fold(group.name)) == group)
        }
    }

    @Test("Poverty causes: codes and Vietnamese names")
    func povertyCauses() {
        #expect(PovertyCause.allCases.count == 10)
        #expect(PovertyCause(text: "no_land") == .noLand)
        #expect(PovertyCause(text: "Thiếu vốn") == .noCapital)
        #expect(PovertyCause(text: "thieu von") == .noCapital)
        #expect(PovertyCause(text: "ốm đau, tai nạn") == .illness)
        #expect(PovertyCause(text: "many_dependants") == .manyDependants)
        #expect(PovertyCause(text: "lazy") == nil)
    }

    @Test("Mass organisations: codes, names and abbreviations")
    func massOrganisations() {
        #expect(MassOrganisation.allCases.map(\.rawValue) == [
            "nong_dan", "phu_nu", "cuu_chien_binh", "thanh_nien", "mat_tran", "cong_doan", "nguoi_cao_tuoi",
        ])
        #expect(MassOrganisation(text: "Hội Nông dân") == .nongDan)
        #expect(MassOrganisation(text: "Hội LHPN") == .phuNu)
        #expect(MassOrganisation(text: "ccb") == .cuuChienBinh)
        #expect(MassOrganisation(text: "MTTQ") == .matTran)
        #expect(MassOrganisation(text: "football club") == nil)
    }

    @Test("Recognised classes map to the engine's classes")
    func recognisedClass() {
        #expect(RecognisedClass.allCases.map(\.rawValue) == ["poor", "near_poor", "average", "not_poor"])
        #expect(RecognisedClass.nearPoor.povertyClass == .nearPoor)
        #expect(RecognisedClass.notPoor.vietnamese == "không nghèo")
    }

    @Test("Relation and sex codes")
    func relationSex() {
        #expect(Relation.allCases.map(\.rawValue) == ["head", "spouse", "child", "parent", "grandchild", "sibling", "other"])
        #expect(Sex(rawValue: "M") == .male)
        #expect(Sex.female.vietnamese == "nữ")
    }
}
