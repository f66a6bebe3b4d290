import Foundation
import Registry

/// Everything fixed before the first household: the communes with their household counts,
/// income parameters and minority shares, and the regional calibration.
final class GenerationPlan: Sendable {
    struct CommuneSlot: Sendable {
        let code: String
        let codeBytes: [UInt8]
        let nameBytes: [UInt8]
        let provinceCode: String
        let provinceNameBytes: [UInt8]
        let type: CommuneType
        let region: SocioEconomicRegion
        let regionIndex: Int
        /// Legacy province number (1…96): the province-of-registration digits of CCCD numbers.
        let legacyProvince: Int
        let hash: UInt64
        /// Standard-normal commune income effect (lower = poorer, more remote).
        let incomeEffect: Double
        let minorityShare: Double
        let urbanProbability: Double
        let villageCount: Int
        let households: Int
        let firstIndex: Int
    }

    struct RegionParameters: Sendable {
        let muRural: Double
        let muUrban: Double
        let poorShareAmongLowIncome: Double
        let deprivedShareAboveLine: Double
        let minorities: [UInt8]
        let minorityTable: AliasTable
    }

    let seed: UInt64
    let year: Int
    let totalHouseholds: Int
    let communes: [CommuneSlot]
    let regions: [RegionParameters]
    let legacyProvinceNumbers: [Int]

    init(configuration: SyntheticRegistry.Configuration, catalog: AdminUnitCatalog) throws {
        seed = configuration.seed
        year = configuration.year
        totalHouseholds = configuration.households

        // 1. Commune weights: deterministic per commune code (stable geography across seeds),
        //    denser wards, then rescaled so each region gets its share of the country's households.
        struct Draft {
            let commune: Commune
            let region: Int
            let legacyProvince: Int
            let hash: UInt64
            var weight: Double
            let incomeEffect: Double
        }
        var drafts: [Draft] = []
        drafts.reserveCapacity(catalog.current.communes.count)
        for commune in catalog.current.communes {
            let region = catalog.region(ofCommune2025: commune.code) ?? .redRiverDelta
            let legacy = Int(catalog.primaryLegacyProvinceCode(ofCommune2025: commune.code) ?? "") ?? 1
            let hash = SplitMix64.mix(UInt64(Int(commune.code) ?? 0) &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
            var r = SplitMix64(seed: hash)
            let size = r.normal()
            let income = r.normal()
            drafts.append(Draft(
                commune: commune, region: region.ordinal, legacyProvince: legacy, hash: hash,
                weight: Calibration.communeWeight(code: commune.code, type: commune.type) * Foundation.exp(0.45 * size),
                incomeEffect: income))
        }
        var regionWeight = [Double](repeating: 0, count: 6)
        for d in drafts { regionWeight[d.region] += d.weight }
        let totalTarget = Calibration.householdsMillions.reduce(0, +)
        let totalWeight = regionWeight.reduce(0, +)
        for i in drafts.indices {
            let r = drafts[i].region
            if regionWeight[r] > 0 {
                drafts[i].weight *= (Calibration.householdsMillions[r] / totalTarget) / (regionWeight[r] / totalWeight)
            }
        }

        // 2. Province filter (2-digit 2025 code).
        if let province = configuration.provinceCode {
            let code = province.count == 1 ? "0" + province : province
            guard catalog.current.province(code: code) != nil else {
                throw SyntheticRegistry.GenerationError.unknownProvince(province)
            }
            drafts = drafts.filter { $0.commune.provinceCode == code }
        }

        // 3. Household counts by largest remainder, in file order.
        let n = configuration.households
        var sumWeight = drafts.reduce(0) { $0 + $1.weight }
        if sumWeight <= 0 {  // only uninhabited units selected: spread evenly
            for i in drafts.indices { drafts[i].weight = 1 }
            sumWeight = Double(drafts.count)
        }
        var counts = [Int](repeating: 0, count: drafts.count)
        var remainders: [(Double, Int)] = []
        var assigned = 0
        for (i, d) in drafts.enumerated() {
            let exact = Double(n) * d.weight / sumWeight
            counts[i] = Int(exact.rounded(.down))
            assigned += counts[i]
            remainders.append((exact - Double(counts[i]), i))
        }
        remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var k = 0
        while assigned < n {
            counts[remainders[k % remainders.count].1] += 1
            assigned += 1
            k += 1
        }

        // 4. Slots.
        var provinceNames: [String: [UInt8]] = [:]
        for p in catalog.current.provinces { provinceNames[p.code] = Array(p.name.utf8) }
        var slots: [CommuneSlot] = []
        slots.reserveCapacity(drafts.count)
        var first = 0
        var expectedUrban = [Double](repeating: 0, count: 6)
        var expectedTotal = [Double](repeating: 0, count: 6)
        for (i, d) in drafts.enumerated() {
            let urban = Calibration.urbanProbability(d.commune.type, region: d.region)
            let isUrbanType = d.commune.type != .commune
            let villages = isUrbanType
                ? 10 + Int((d.hash >> 40) % 41)
                : 8 + Int((d.hash >> 20) % 33)
            let base = Calibration.minorityShare[d.region] * (isUrbanType ? 0.3 : 1)
            let logit = Foundation.log(base / (1 - base)) - 1.3 * d.incomeEffect
            let minority = 1 / (1 + Foundation.exp(-logit))
            slots.append(CommuneSlot(
                code: d.commune.code, codeBytes: Array(d.commune.code.utf8), nameBytes: Array(d.commune.name.utf8),
                provinceCode: d.commune.provinceCode, provinceNameBytes: provinceNames[d.commune.provinceCode] ?? [],
                type: d.commune.type, region: Calibration.regions[d.region], regionIndex: d.region,
                legacyProvince: d.legacyProvince, hash: d.hash, incomeEffect: d.incomeEffect,
                minorityShare: minority, urbanProbability: urban, villageCount: villages,
                households: counts[i], firstIndex: first))
            first += counts[i]
            expectedUrban[d.region] += urban * d.weight
            expectedTotal[d.region] += d.weight
        }
        communes = slots

        // 5. Regional income parameters: log-normal income with the share at or below the line
        //    equal to the published rate (urban rate = 0.2 × rural), solved in closed form.
        let sigma = (Calibration.communeSigma * Calibration.communeSigma
            + Calibration.householdSigma * Calibration.householdSigma).squareRoot()
        var regions: [RegionParameters] = []
        for r in 0..<6 {
            let u = expectedTotal[r] > 0 ? expectedUrban[r] / expectedTotal[r] : 0.3
            let target = Calibration.lowIncomeRate(r, year: configuration.year)
            let k = Calibration.urbanToRuralLowIncome
            let rural = min(0.95, max(1e-6, target / ((1 - u) + k * u)))
            let urbanRate = max(1e-7, k * rural)
            let muRural = Foundation.log(Double(Calibration.povertyLineRural)) - sigma * inverseNormalCDF(rural)
            let muUrban = Foundation.log(Double(Calibration.povertyLineUrban)) - sigma * inverseNormalCDF(urbanRate)
            let groups = Calibration.minorityGroups[r]
            regions.append(RegionParameters(
                muRural: muRural, muUrban: muUrban,
                poorShareAmongLowIncome: Calibration.poorShareAmongLowIncome(r, year: configuration.year),
                deprivedShareAboveLine: Calibration.deprivedShareAboveLine[r],
                minorities: groups.map(\.0), minorityTable: AliasTable(weights: groups.map(\.1))))
        }
        self.regions = regions
        legacyProvinceNumbers = catalog.legacy.provinces.compactMap { Int($0.code) }
    }

    /// The villages of a commune (thôn, bản, ấp, buôn, tổ dân phố), deterministic per commune.
    func villages(of slot: CommuneSlot) -> CommuneVillages {
        CommuneVillages(slot: slot)
    }
}

/// Village names and urban flags of one commune.
final class CommuneVillages: Sendable {
    let names: [[UInt8]]
    let urban: [Bool]

    static let empty = CommuneVillages(names: [Array("Thôn 1".utf8)], urban: [false])

    private init(names: [[UInt8]], urban: [Bool]) {
        self.names = names
        self.urban = urban
    }

    convenience init(slot: GenerationPlan.CommuneSlot) {
        var rng = SplitMix64(seed: slot.hash ^ 0x7669_6C6C_6167_6573)
        let count = slot.villageCount
        let isUrbanType = slot.type == .ward || slot.type == .township
        let south = slot.region == .southEast || slot.region == .mekongDelta
        var names: [[UInt8]] = []
        var urban: [Bool] = []
        names.reserveCapacity(count)

        if isUrbanType {
            let prefix = south ? "Khu phố " : "Tổ dân phố "
            for j in 0..<count {
                names.append(Array((prefix + String(j + 1)).utf8))
                urban.append(rng.chance(slot.urbanProbability))
            }
            self.init(names: names, urban: urban)
            return
        }

        let numbered: String
        let named: String
        let pool: [String]
        switch slot.region {
        case .northernMidlandsMountains:
            numbered = "Thôn "
            named = rng.chance(0.6) ? "Bản " : "Thôn "
            pool = named == "Bản " ? VillageNames.highlandNorth : VillageNames.kinh
        case .redRiverDelta:
            numbered = rng.chance(0.15) ? "Xóm " : "Thôn "
            named = "Thôn "
            pool = VillageNames.kinh
        case .northCentralCoast:
            numbered = rng.chance(0.35) ? "Xóm " : "Thôn "
            named = rng.chance(0.15) ? "Bản " : "Thôn "
            pool = named == "Bản " ? VillageNames.highlandNorth : VillageNames.kinh
        case .centralHighlands:
            numbered = "Thôn "
            let r = rng.uniform()
            named = r < 0.4 ? "Buôn " : r < 0.65 ? "Làng " : r < 0.8 ? "Plei " : "Thôn "
            pool = named == "Thôn " ? VillageNames.kinh : VillageNames.highlandCentral
        case .southEast, .mekongDelta:
            numbered = "Ấp "
            named = "Ấp "
            pool = VillageNames.south
        }
        let namedCount = min(pool.count, Int((Double(count) * 0.35).rounded()))
        let offset = rng.below(pool.count)
        var nextNamed = 0
        var nextNumber = 1
        for j in 0..<count {
            if j % 3 == 1 && nextNamed < namedCount {
                names.append(Array((named + pool[(offset + nextNamed) % pool.count]).utf8))
                nextNamed += 1
            } else {
                names.append(Array((numbered + String(nextNumber)).utf8))
                nextNumber += 1
            }
            urban.append(rng.chance(slot.urbanProbability))
        }
        self.init(names: names, urban: urban)
    }
}

/// Real-looking village names (tên thôn, bản, ấp, buôn).
enum VillageNames {
    static let kinh = [
        "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đoài", "Tân Lập", "Đoàn Kết", "Quyết Tiến",
        "Thắng Lợi", "Hòa Bình", "Tân Tiến", "Thống Nhất", "Đồng Tâm", "Tiền Phong", "Hợp Nhất", "Phú Lợi",
        "An Thịnh", "Tân Hòa", "Phú Hòa", "Bình An", "Đông Hòa", "Yên Thịnh", "Phúc Lộc", "Đại Đồng",
        "Xuân Phong", "Lạc Thiện", "Trung Hậu", "Cao Xá", "Vân Cát", "Đình Thôn", "Thọ Vực", "Phượng Mao",
    ]
    static let highlandNorth = [
        "Na Hối", "Nậm Cang", "Pá Khoang", "Huổi Só", "Nà Lừa", "Cốc Ly", "Phìn Hồ", "Lũng Cú", "Khuổi Phầy",
        "Nà Sản", "Bó Mạ", "Pác Nặm", "Tả Van", "Sín Chải", "Lao Chải", "Mường Hum", "Nà Tấu", "Hua Pe",
        "Co Mạ", "Huổi Lèng", "Nặm Pồ", "Phiêng Luông", "Nà Phặc", "Bản Giốc", "Tà Xùa", "Mồ Dề", "Xín Mần",
        "Lùng Tám", "Sủng Là", "Pải Lủng",
    ]
    static let highlandCentral = [
        "Ea Sup", "Ko Tam", "Ako Dhông", "Tơ Nung", "Kon Hra", "Đăk Rơ Wa", "Ring", "Kon Klor", "Ea Kmat",
        "Yang Reh", "Ia Mơr", "Kon Đào", "Ja Lú", "Kon Jơ Ri", "Đăk Kia", "Ia Sao", "Ea Tu", "Drai Si",
        "M'Lăk", "Tung Kla", "Kép Ráh", "Bông Hoang", "Ea Nao", "Kroa", "Tơ Vơn",
    ]
    static let south = [
        "Phú Hòa", "Long Thạnh", "Mỹ Hòa", "Tân Phú", "Thạnh Lợi", "Vĩnh Hòa", "An Lạc", "Phước Thạnh",
        "Bình Phú", "Tân Thới", "Long Hưng", "Hòa Lợi", "Mỹ Thuận", "Sóc Xoài", "Trà Cuôn", "Phnôm Pi",
        "Cà Săng", "Bến Đình", "Rạch Gốc", "Kinh Tế", "Tân Quy", "Phú Thạnh", "Bàu Sen", "Xóm Mới",
        "Thạnh Hưng", "An Bình", "Chợ", "Giồng Trôm", "Cây Gáo", "Nhà Thờ",
    ]
}
