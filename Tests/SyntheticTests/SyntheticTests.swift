import Foundation
import Testing
import Registry
@testable import Synthetic

/// Generated data shared by the tests (generated once per test process).
enum Fixture {
    static let catalog = AdminUnitCatalog.shared

    static func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("giamngheo-synthetic-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    }

    /// 4,000 households written to files, and the files parsed back.
    struct Files: Sendable {
        let summary: SyntheticRegistry.Summary
        let householdBytes: Data
        let memberBytes: Data
        let households: [[String]]
        let members: [[String]]
    }

    static let files: Files = {
        let dir = temporaryDirectory("files")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try! SyntheticRegistry(configuration: .init(households: 4_000, seed: 11, year: 2024))
        let summary = try! registry.generate(to: dir)
        let h = try! Data(contentsOf: dir.appendingPathComponent("households.csv"))
        let m = try! Data(contentsOf: dir.appendingPathComponent("members.csv"))
        return Files(summary: summary, householdBytes: h, memberBytes: m,
                     households: parseCSV(h), members: parseCSV(m))
    }()

    /// RFC 4180 parser for the tests (independent of the generator's writer).
    static func parseCSV(_ data: Data) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { quoted = false }
                } else { field.append(b) }
            } else if b == 0x22 {
                quoted = true
            } else if b == 0x2C {
                row.append(String(decoding: field, as: UTF8.self)); field.removeAll()
            } else if b == 0x0A {
                row.append(String(decoding: field, as: UTF8.self)); field.removeAll()
                rows.append(row); row.removeAll()
            } else if b != 0x0D {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
        return rows
    }

    /// Completed years at 01/09/year for a file birth date (`dd/MM/yyyy` or `yyyy` = 1 July).
    static func age(birthYear: Int, month: Int, day: Int, referenceYear: Int) -> Int {
        if month == 0 { return referenceYear - birthYear }
        return referenceYear - birthYear - ((month > 9 || (month == 9 && day > 1)) ? 1 : 0)
    }
}

@Suite("Synthetic registry generator")
struct SyntheticTests {
    static let householdHeader = [
        "household_code", "commune_code", "village", "address", "area_type", "reference_date",
        "monthly_income_per_capita", "income_score", "housing_quality", "floor_area_m2", "clean_water",
        "hygienic_latrine", "internet", "phone_or_internet", "information_device", "hears_loudspeaker",
        "waste_treated", "agricultural", "social_protection", "poverty_causes", "recognised_class", "recognised_year",
    ]
    static let memberHeader = [
        "household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id", "ethnicity",
        "health_insurance", "education", "in_school", "employment", "disability", "malnourished", "ill_untreated",
        "meritorious", "mass_organisations",
    ]

    @Test("same seed ⇒ identical bytes; another seed ⇒ different bytes")
    func determinism() throws {
        func run(_ seed: UInt64) throws -> (Data, Data) {
            let dir = Fixture.temporaryDirectory("det")
            defer { try? FileManager.default.removeItem(at: dir) }
            let registry = try SyntheticRegistry(configuration: .init(households: 1_500, seed: seed, year: 2024))
            var last: SyntheticRegistry.Progress?
            let summary = try registry.generate(to: dir) { last = $0 }
            #expect(last?.households == 1_500 && last?.fractionCompleted == 1)
            #expect(last?.bytesWritten == summary.bytesWritten)
            return (try Data(contentsOf: dir.appendingPathComponent("households.csv")),
                    try Data(contentsOf: dir.appendingPathComponent("members.csv")))
        }
        let a = try run(5)
        let b = try run(5)
        let c = try run(6)
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
        #expect(a.0 != c.0)
        #expect(a.1 != c.1)
        // Household codes are stable for the same seed and arguments.
        #expect(a.0.prefix(2_000) == b.0.prefix(2_000))
    }

    @Test("exact header columns, RFC 4180 rows of the right width")
    func headers() throws {
        let f = Fixture.files
        #expect(f.households.first == Self.householdHeader)
        #expect(f.members.first == Self.memberHeader)
        #expect(SyntheticRegistry.householdColumns == Self.householdHeader)
        #expect(SyntheticRegistry.memberColumns == Self.memberHeader)
        #expect(f.households.count == 4_001)
        #expect(f.members.count == f.summary.members + 1)
        for row in f.households.dropFirst() { #expect(row.count == 22) }
        for row in f.members.dropFirst() { #expect(row.count == 17) }
        #expect(f.summary.householdBytes == f.householdBytes.count)
        #expect(f.summary.memberBytes == f.memberBytes.count)
        // UTF-8 without BOM, LF line ends, addresses with commas quoted.
        #expect(!f.householdBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: f.householdBytes, as: UTF8.self).contains("\",urban,") ||
                String(decoding: f.householdBytes, as: UTF8.self).contains("\",rural,"))
    }

    @Test("household rows hold valid codes and values")
    func householdValues() throws {
        let f = Fixture.files
        var codes = Set<String>()
        let bool: Set<String> = ["", "0", "1"]
        let causes: Set<String> = ["no_land", "no_capital", "no_labour", "no_means", "no_knowledge", "no_skills",
                                   "illness", "many_dependants", "other"]
        var withScore = 0
        var blankIncome = 0
        for r in f.households.dropFirst() {
            #expect(codes.insert(r[0]).inserted, "duplicate household_code \(r[0])")
            #expect(r[0].hasPrefix(r[1] + "-"))
            #expect(r[1].utf8.count == 5)
            #expect(Fixture.catalog.current.commune(code: r[1]) != nil, "unknown commune \(r[1])")
            #expect(!r[2].isEmpty)
            #expect(r[4] == "rural" || r[4] == "urban")
            #expect(r[5] == "01/09/2024")
            if r[6].isEmpty { blankIncome += 1 } else { #expect(Int(r[6]).map { $0 > 0 } == true) }
            if !r[7].isEmpty { withScore += 1; #expect(Int(r[7]) != nil) }
            #expect(["", "durable", "semi_durable", "non_durable", "makeshift"].contains(r[8]))
            #expect(r[9].isEmpty || Double(r[9]).map { $0 >= 0 } == true)
            for i in 10...18 { #expect(bool.contains(r[i]), "column \(Self.householdHeader[i]) = \(r[i])") }
            if !r[19].isEmpty {
                for c in r[19].split(separator: ";") { #expect(causes.contains(String(c))) }
            }
            #expect(r[20].isEmpty && r[21].isEmpty)
            // Income score on the same side of the ND07 cut-off as the income.
            if let income = Int(r[6]), let score = Int(r[7]) {
                let urban = r[4] == "urban"
                #expect((income <= (urban ? 2_000_000 : 1_500_000)) == (score <= (urban ? 175 : 140)))
            }
            #expect(r[2] == r[2].precomposedStringWithCanonicalMapping)
        }
        #expect(withScore > 900 && withScore < 1_500)  // ≈ 30% of 4,000
        #expect(blankIncome > 0 && blankIncome < 200)
    }

    @Test("member rows: one head, member_no 1…n, dates, ages, names, codes")
    func memberValues() throws {
        let f = Fixture.files
        let relations: Set<String> = ["head", "spouse", "child", "parent", "grandchild", "sibling", "other"]
        let educations: Set<String> = ["", "none", "primary", "lower_secondary", "upper_secondary", "vocational", "college_plus"]
        let employments: Set<String> = ["", "contract", "no_contract", "self_employed", "unemployed", "not_in_labour_force"]
        let disabilities: Set<String> = ["", "none", "mild", "severe", "particularly_severe"]
        let organisations: Set<String> = ["nong_dan", "phu_nu", "cuu_chien_binh", "thanh_nien", "mat_tran", "cong_doan", "nguoi_cao_tuoi"]
        let households = Set(f.households.dropFirst().map { $0[0] })
        var heads: [String: Int] = [:]
        var numbers: [String: [Int]] = [:]
        var ids = Set<String>()
        for r in f.members.dropFirst() {
            #expect(households.contains(r[0]))
            numbers[r[0], default: []].append(Int(r[1]) ?? -1)
            if r[3] == "head" { heads[r[0], default: 0] += 1 }
            #expect(!r[2].isEmpty && r[2] == r[2].precomposedStringWithCanonicalMapping)
            #expect(!r[2].contains("  ") && !r[2].hasPrefix(" ") && !r[2].hasSuffix(" "))
            #expect(relations.contains(r[3]))
            #expect(r[4] == "M" || r[4] == "F")
            // Birth date not after the reference date, age ≤ 120.
            let parts = r[5].split(separator: "/").compactMap { Int($0) }
            let (d, m, y) = parts.count == 3 ? (parts[0], parts[1], parts[2]) : (0, 0, parts.first ?? 0)
            #expect(parts.count == 3 || (parts.count == 1 && r[5].count == 4))
            if parts.count == 3 { #expect((1...12).contains(m) && (1...31).contains(d) && r[5].count == 10) }
            let age = Fixture.age(birthYear: y, month: m, day: d, referenceYear: 2024)
            #expect(age >= 0 && age <= 120, "age \(age) from \(r[5])")
            // CCCD: required from 14, 12 digits, province 001–096, century/sex and year digits.
            if age >= 14 { #expect(!r[6].isEmpty, "missing national_id at age \(age)") }
            if !r[6].isEmpty {
                #expect(r[6].utf8.count == 12 && r[6].allSatisfy(\.isASCII) && Int(r[6]) != nil)
                let province = Int(r[6].prefix(3)) ?? 0
                #expect((1...96).contains(province))
                let century = Int(String(r[6][r[6].index(r[6].startIndex, offsetBy: 3)])) ?? -1
                #expect(century == (y >= 2000 ? 2 : 0) + (r[4] == "F" ? 1 : 0))
                #expect(Int(r[6].dropFirst(4).prefix(2)) == y % 100)
                #expect(ids.insert(r[6]).inserted, "duplicate national_id \(r[6])")
            }
            #expect(r[7].isEmpty || EthnicGroup(text: r[7]) != nil, "ethnicity \(r[7])")
            for i in [8, 10, 13, 14, 15] { #expect(["", "0", "1"].contains(r[i])) }
            #expect(educations.contains(r[9]))
            #expect(employments.contains(r[11]))
            #expect(disabilities.contains(r[12]))
            if age >= 16 { #expect(r[13].isEmpty) }
            if age < 15 { #expect(r[11].isEmpty) }
            if !r[16].isEmpty {
                for o in r[16].split(separator: ";") { #expect(organisations.contains(String(o))) }
                #expect(age >= 16)
            }
        }
        #expect(heads.count == households.count)
        #expect(heads.values.allSatisfy { $0 == 1 })
        for (code, list) in numbers { #expect(list == Array(1...list.count), "member_no of \(code)") }
    }

    @Test("every commune exists in units-2025.csv; province filter; errors")
    func communesAndProvinceFilter() throws {
        let all = try SyntheticRegistry(configuration: .init(households: 10_000, seed: 3, year: 2024))
        let plan = all.householdsByCommune
        #expect(plan.count == 3_321)
        #expect(plan.reduce(0) { $0 + $1.households } == 10_000)
        for (code, _) in plan { #expect(Fixture.catalog.current.commune(code: code) != nil) }
        // Uninhabited Hoàng Sa gets no household; Phú Quốc more than an average commune.
        #expect(plan.first { $0.communeCode == "20333" }?.households == 0)
        #expect((plan.first { $0.communeCode == "31078" }?.households ?? 0) > 3 * 10_000 / 3_321)
        // Wards (phường) get more households than communes (xã) on average; urban areas exist.
        let registry = try SyntheticRegistry(configuration: .init(households: 3_000, seed: 3, year: 2024, provinceCode: "08"))
        #expect(registry.householdsByCommune.count == Fixture.catalog.communesOfProvince("08").count)
        var urban = 0
        let summary = registry.forEachHousehold { h in
            #expect(h.provinceCode == "08")
            #expect(Fixture.catalog.current.commune(code: h.communeCode)?.provinceCode == "08")
            if h.areaType == .urban { urban += 1 }
        }
        #expect(summary.households == 3_000)
        #expect(urban > 0 && urban < 3_000)
        #expect(summary.byRegion.keys.contains(.northernMidlandsMountains))  // Tuyên Quang + Hà Giang
        #expect(throws: SyntheticRegistry.GenerationError.unknownProvince("99")) {
            _ = try SyntheticRegistry(configuration: .init(households: 10, seed: 1, year: 2024, provinceCode: "99"))
        }
        #expect(throws: SyntheticRegistry.GenerationError.self) {
            _ = try SyntheticRegistry(configuration: .init(households: -1, seed: 1, year: 2024))
        }
        let empty = try SyntheticRegistry(configuration: .init(households: 0, seed: 1, year: 2024))
        #expect(empty.encodeDiscardingOutput().households == 0)
    }

    @Test("CCCD numbers unique over 50,000 households; streaming matches the files")
    func nationalIDsAndStreaming() throws {
        let registry = try SyntheticRegistry(configuration: .init(households: 50_000, seed: 99, year: 2025))
        var ids = Set<UInt64>()
        var duplicates = 0
        var adultsWithoutID = 0
        var codes = Set<String>()
        let summary = registry.forEachHousehold { h in
            if h.index % 97 == 0 { codes.insert(h.householdCode) }
            for m in h.members {
                if let id = m.nationalIDNumber, !ids.insert(id).inserted { duplicates += 1 }
                if m.age >= 14 && m.nationalIDNumber == nil { adultsWithoutID += 1 }
            }
        }
        #expect(duplicates == 0)
        #expect(adultsWithoutID == 0)
        #expect(ids.count > 100_000)
        #expect(codes.count == (50_000 + 96) / 97)
        #expect(summary.nationalIDsNotIssued == 0)
        // The file writer produces the same households as the stream.
        let encoded = registry.encodeDiscardingOutput()
        #expect(encoded.households == summary.households)
        #expect(encoded.members == summary.members)
        #expect(encoded.byRegion == summary.byRegion)
        #expect(encoded.bytesWritten > 0)
    }

    @Test("facts in the files derive exactly the deprivations the household was built with (ND07-2022)")
    func deprivationsMatchFacts() throws {
        let registry = try SyntheticRegistry(configuration: .init(households: 20_000, seed: 21, year: 2024))
        var checked = 0
        var mismatches = 0
        registry.forEachHousehold { h in
            guard !h.hasUnknownFacts else { return }
            checked += 1
            let ms = h.members
            var d: SyntheticHousehold.Deprivations = []
            if ms.contains(where: { (15..<60).contains($0.age) && ($0.employment == .unemployed || $0.employment == .noContract) }) {
                d.insert(.employment)
            }
            let dependants = ms.filter { $0.age < 16 || $0.age >= 60 || $0.disability == .severe || $0.disability == .particularlySevere }.count
            if dependants * 2 > ms.count { d.insert(.dependants) }
            if ms.contains(where: { $0.age < 16 && $0.malnourished == true }) { d.insert(.nutrition) }
            if ms.contains(where: { $0.age >= 6 && $0.healthInsurance == false }) { d.insert(.healthInsurance) }
            if ms.contains(where: {
                ((16..<18).contains($0.age) && [SyntheticMember.Education.none, .primary].contains($0.education) && $0.inSchool == false)
                    || ((18...30).contains($0.age) && [SyntheticMember.Education.none, .primary, .lowerSecondary].contains($0.education) && $0.inSchool == false)
            }) { d.insert(.adultEducation) }
            if ms.contains(where: { (3..<16).contains($0.age) && $0.inSchool == false }) { d.insert(.childSchooling) }
            if h.housingQuality == .nonDurable || h.housingQuality == .makeshift { d.insert(.housingQuality) }
            if let area = h.floorAreaM2, Double(area) / Double(ms.count) < 8 { d.insert(.floorArea) }
            if h.cleanWater == false { d.insert(.waterSource) }
            if h.hygienicLatrine == false { d.insert(.latrine) }
            if h.internet == false { d.insert(.telecom) }
            if h.informationDevice == false { d.insert(.informationAssets) }
            if d != h.deprivations { mismatches += 1 }
            // Ages agree with birth dates.
            for m in ms {
                #expect(Fixture.age(birthYear: m.birthYear, month: m.birthMonth, day: m.birthDay, referenceYear: 2024) == m.age)
            }
            let headCount = ms.filter { $0.relation == Relation.head }.count
            #expect(headCount == 1)
            #expect(ms.first?.relation == .head)
        }
        #expect(checked > 15_000)
        #expect(mismatches == 0)
    }

    @Test("calibration: poor and near-poor rates by region match statistics.md (2023)")
    func calibration() throws {
        let registry = try SyntheticRegistry(configuration: .init(households: 150_000, seed: 2023, year: 2023))
        let summary = registry.forEachHousehold { _ in }
        let n = summary.national
        #expect(n.households == 150_000)
        #expect((3.4...3.9).contains(n.averageHouseholdSize), "household size \(n.averageHouseholdSize)")
        // National 2023: poor 2.93%, near-poor 2.78% (statistics.md §1).
        #expect((0.02...0.04).contains(n.poorRate), "poor \(n.poorRate)")
        #expect((0.02...0.035).contains(n.nearPoorRate), "near-poor \(n.nearPoorRate)")
        #expect((0.045...0.07).contains(n.incomeAtOrBelowLineRate))
        #expect((0.04...0.10).contains(n.threeOrMoreDeprivationsRate))
        #expect((0.25...0.45).contains(Double(n.urbanHouseholds) / Double(n.households)))
        #expect((0.08...0.20).contains(Double(n.ethnicMinorityHouseholds) / Double(n.households)))
        let r = summary.byRegion
        let nmm = try #require(r[.northernMidlandsMountains])
        let rrd = try #require(r[.redRiverDelta])
        let ncc = try #require(r[.northCentralCoast])
        let ch = try #require(r[.centralHighlands])
        let se = try #require(r[.southEast])
        let md = try #require(r[.mekongDelta])
        #expect((0.09...0.14).contains(nmm.poorRate), "NMM poor \(nmm.poorRate)")
        #expect((0.05...0.08).contains(ch.poorRate), "CH poor \(ch.poorRate)")
        #expect((0.03...0.05).contains(ncc.poorRate), "NCC poor \(ncc.poorRate)")
        #expect((0.01...0.022).contains(md.poorRate), "MD poor \(md.poorRate)")
        #expect((0.004...0.011).contains(rrd.poorRate), "RRD poor \(rrd.poorRate)")
        #expect(se.poorRate < 0.004, "SE poor \(se.poorRate)")
        #expect(nmm.poorRate > 20 * se.poorRate)
        // Region household shares follow the implied counts (NMM ≈ 12%, RRD ≈ 25%).
        #expect((0.10...0.14).contains(Double(nmm.households) / Double(n.households)))
        #expect((0.22...0.28).contains(Double(rrd.households) / Double(n.households)))
        // Deprivations concentrate among low incomes.
        #expect(Double(n.poor) / Double(n.incomeAtOrBelowLine) > 4 * Double(n.threeOrMoreDeprivations - n.poor) / Double(n.households - n.incomeAtOrBelowLine))
        #expect(nmm.ethnicMinorityHouseholds * 2 > nmm.households * 2 / 3)  // > 33% minority households
        // Unknown facts in about 12% of households.
        #expect((0.10...0.14).contains(Double(n.withUnknownFacts) / Double(n.households)))
    }

    @Test("names are Vietnamese and NFC; family names follow frequencies")
    func names() throws {
        let registry = try SyntheticRegistry(configuration: .init(households: 5_000, seed: 8, year: 2024, provinceCode: "01"))
        var heads = 0
        var nguyen = 0
        registry.forEachHousehold { h in
            for m in h.members {
                #expect(m.fullName == m.fullName.precomposedStringWithCanonicalMapping)
                #expect(m.fullName.split(separator: " ").count >= 2)
            }
            if let head = h.members.first, head.ethnicity == .kinh {
                heads += 1
                if head.fullName.hasPrefix("Nguyễn ") { nguyen += 1 }
            }
            #expect(h.householdCode.count == 12)
            #expect(h.village.hasPrefix("Tổ dân phố ") || h.village.hasPrefix("Thôn ") || h.village.hasPrefix("Xóm "))
        }
        let share = Double(nguyen) / Double(heads)
        #expect((0.32...0.44).contains(share), "Nguyễn share \(share)")
    }
}
