import Foundation
import Registry

/// Writes households and members as the CSV rows of data-format.md, straight into byte buffers
/// (codes come from static strings; names and places from precomputed byte tables).
struct CSVEncoding {
    let names = NameBook.shared
    private let ethnicNames: TokenTable
    private let year: Int

    static let householdColumns = [
        "household_code", "commune_code", "village", "address", "area_type", "reference_date",
        "monthly_income_per_capita", "income_score", "housing_quality", "floor_area_m2", "clean_water",
        "hygienic_latrine", "internet", "phone_or_internet", "information_device", "hears_loudspeaker",
        "waste_treated", "agricultural", "social_protection", "poverty_causes", "recognised_class", "recognised_year",
    ]
    static let memberColumns = [
        "household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id", "ethnicity",
        "health_insurance", "education", "in_school", "employment", "disability", "malnourished", "ill_untreated",
        "meritorious", "mass_organisations",
    ]

    init(year: Int) {
        self.year = year
        ethnicNames = TokenTable(strings: [""] + (1...54).map { EthnicGroup(number: $0)?.name ?? String($0) })
    }

    static func headerBytes(_ columns: [String]) -> [UInt8] {
        Array((columns.joined(separator: ",") + "\n").utf8)
    }

    @inline(__always)
    private func householdCode(_ h: SyntheticHousehold, slot: borrowing GenerationPlan.CommuneSlot, _ out: inout ByteBuffer) {
        out.bytes(slot.codeBytes)
        out.byte(0x2D)  // -
        out.decimal(UInt64(h.sequence), width: 6)
    }

    func writeHousehold(_ h: SyntheticHousehold, slot c: borrowing GenerationPlan.CommuneSlot,
                        village: [UInt8], to out: inout ByteBuffer) throws {
        try out.ensure(1024 + 2 * village.count + c.nameBytes.count + c.provinceNameBytes.count)
        householdCode(h, slot: c, &out)
        out.comma()
        out.bytes(c.codeBytes)
        out.comma()
        out.bytes(village)
        out.comma()
        if h.hasAddress {
            out.byte(0x22)
            if h.houseNumber > 0 {
                out.text("Số ")
                out.decimal(h.houseNumber)
                out.text(", ")
            }
            out.bytes(village)
            out.text(", ")
            out.bytes(c.nameBytes)
            out.text(", ")
            out.bytes(c.provinceNameBytes)
            out.byte(0x22)
        }
        out.comma()
        if h.areaType == .urban { out.text("urban") } else { out.text("rural") }
        out.text(",01/09/")
        out.decimal(year)
        out.comma()
        if let v = h.monthlyIncomePerCapita { out.decimal(v) }
        out.comma()
        if let v = h.incomeScore { out.decimal(v) }
        out.comma()
        if let v = h.housingQuality {
            switch v {
            case .durable: out.text("durable")
            case .semiDurable: out.text("semi_durable")
            case .nonDurable: out.text("non_durable")
            case .makeshift: out.text("makeshift")
            }
        }
        out.comma()
        if let v = h.floorAreaM2 { out.decimal(v) }
        out.comma()
        out.bool(h.cleanWater)
        out.comma()
        out.bool(h.hygienicLatrine)
        out.comma()
        out.bool(h.internet)
        out.comma()
        out.bool(h.phoneOrInternet)
        out.comma()
        out.bool(h.informationDevice)
        out.comma()
        out.bool(h.hearsLoudspeaker)
        out.comma()
        out.bool(h.wasteTreated)
        out.comma()
        out.bool(h.agricultural)
        out.comma()
        out.bool(h.socialProtection)
        out.comma()
        if h.causeBits != 0 {
            var first = true
            for i in 0..<9 where h.causeBits & (1 << UInt16(i)) != 0 {
                if !first { out.byte(0x3B) }
                first = false
                switch i {
                case 0: out.text("no_land")
                case 1: out.text("no_capital")
                case 2: out.text("no_labour")
                case 3: out.text("no_means")
                case 4: out.text("no_knowledge")
                case 5: out.text("no_skills")
                case 6: out.text("illness")
                case 7: out.text("many_dependants")
                default: out.text("other")
                }
            }
        }
        out.text(",,\n")  // recognised_class, recognised_year left blank
    }

    func writeMembers(_ h: SyntheticHousehold, slot c: borrowing GenerationPlan.CommuneSlot, to out: inout ByteBuffer) throws {
        let tokens = names.tokens
        // Room for the whole household, so the code written on the first row can be copied.
        try out.ensure(1024 * max(1, h.members.count))
        let codeStart = out.position
        householdCode(h, slot: c, &out)
        let codeLength = out.position - codeStart
        var firstRow = true
        for m in h.members {
            if !firstRow { out.repeatBytes(from: codeStart, length: codeLength) }
            firstRow = false
            out.comma()
            out.decimal(m.memberNo)
            out.comma()
            out.bytes(tokens.bytes(m.name.t0))
            if m.name.t1 != 0 { out.byte(0x20); out.bytes(tokens.bytes(m.name.t1)) }
            if m.name.t2 != 0 { out.byte(0x20); out.bytes(tokens.bytes(m.name.t2)) }
            if m.name.t3 != 0 { out.byte(0x20); out.bytes(tokens.bytes(m.name.t3)) }
            out.comma()
            switch m.relation {
            case .head: out.text("head")
            case .spouse: out.text("spouse")
            case .child: out.text("child")
            case .parent: out.text("parent")
            case .grandchild: out.text("grandchild")
            case .sibling: out.text("sibling")
            case .other: out.text("other")
            }
            out.text(m.sex == .male ? ",M," : ",F,")
            if m.birthMonth == 0 {
                out.decimal(m.birthYear)
            } else {
                out.twoDigits(m.birthDay)
                out.byte(0x2F)
                out.twoDigits(m.birthMonth)
                out.byte(0x2F)
                out.decimal(m.birthYear)
            }
            out.comma()
            if let id = m.nationalIDNumber { out.decimal(id, width: 12) }
            out.comma()
            if let e = m.ethnicity { out.bytes(ethnicNames.bytes(UInt16(e.number))) }
            out.comma()
            out.bool(m.healthInsurance)
            out.comma()
            if let e = m.education {
                switch e {
                case .none: out.text("none")
                case .primary: out.text("primary")
                case .lowerSecondary: out.text("lower_secondary")
                case .upperSecondary: out.text("upper_secondary")
                case .vocational: out.text("vocational")
                case .collegePlus: out.text("college_plus")
                }
            }
            out.comma()
            out.bool(m.inSchool)
            out.comma()
            if let e = m.employment {
                switch e {
                case .contract: out.text("contract")
                case .noContract: out.text("no_contract")
                case .selfEmployed: out.text("self_employed")
                case .unemployed: out.text("unemployed")
                case .notInLabourForce: out.text("not_in_labour_force")
                }
            }
            out.comma()
            if let d = m.disability {
                switch d {
                case .none: out.text("none")
                case .mild: out.text("mild")
                case .severe: out.text("severe")
                case .particularlySevere: out.text("particularly_severe")
                }
            }
            out.comma()
            out.bool(m.malnourished)
            out.comma()
            out.bool(m.illUntreated)
            out.comma()
            out.bool(m.meritorious)
            out.comma()
            let bits = m.massOrganisationBits
            if bits != 0 {
                var first = true
                for i in 0..<7 where bits & (1 << UInt8(i)) != 0 {
                    if !first { out.byte(0x3B) }
                    first = false
                    switch i {
                    case 0: out.text("nong_dan")
                    case 1: out.text("phu_nu")
                    case 2: out.text("cuu_chien_binh")
                    case 3: out.text("thanh_nien")
                    case 4: out.text("mat_tran")
                    case 5: out.text("cong_doan")
                    default: out.text("nguoi_cao_tuoi")
                    }
                }
            }
            out.newline()
        }
    }
}
