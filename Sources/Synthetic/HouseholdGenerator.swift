import Foundation
import Registry

/// Builds one household at a time from the plan; all randomness comes from a SplitMix64
/// stream seeded by (seed, household index), so households are independent and reproducible.
/// The only state carried from household to household is the CCCD serial counters.
struct HouseholdGenerator {
    let plan: GenerationPlan
    let names = NameBook.shared
    let year: Int
    let unknownFactsShare: Double
    let incomeScoreShare: Double
    private let sizeTable = AliasTable(weights: Calibration.householdSizeWeights)
    private let lowIncomeDeprived = AliasTable(weights: [0.38, 0.28, 0.17, 0.10, 0.05, 0.02])  // D = 3…8
    private let lowIncomeNotDeprived = AliasTable(weights: [0.22, 0.40, 0.38])  // D = 0…2
    private let aboveLineDeprived = AliasTable(weights: [0.60, 0.30, 0.10])  // D = 3…5
    private let aboveLineNotDeprived = AliasTable(weights: [0.55, 0.32, 0.13])  // D = 0…2
    private let seedMix: UInt64
    private let feistelKeys: (UInt64, UInt64, UInt64, UInt64)
    /// CCCD serials per (legacy province 0…99, century-sex digit 0…3, 2-digit birth year).
    private let serials = SerialCounters()
    private let people = PeopleBuffer()
    /// CCCD numbers that could not be issued because a serial block was exhausted.
    private(set) var exhaustedNationalIDs = 0

    /// Selection weights of the indicators a household can be deprived in (dependants is structural).
    private static let indicatorWeights: [Double] = [1.4, 0, 0.5, 1.0, 0.8, 0.35, 1.0, 0.6, 0.8, 1.3, 1.1, 0.5]

    struct Person {
        var relation: Relation
        var male: Bool
        var age: Int
        var student = false
        var ethnicity: UInt8 = 1
        var style = 0
        var disability: SyntheticMember.Disability = .none
        var severe: Bool { disability == .severe || disability == .particularlySevere }
    }

    /// Share of agricultural households among rural ones, by region.
    private static let agriculturalShare: (Double, Double, Double, Double, Double, Double) = (0.78, 0.55, 0.62, 0.80, 0.45, 0.60)

    init(plan: GenerationPlan, configuration: SyntheticRegistry.Configuration) {
        self.plan = plan
        year = configuration.year
        unknownFactsShare = configuration.unknownFactsHouseholdShare
        incomeScoreShare = configuration.incomeScoreShare
        seedMix = SplitMix64.mix(configuration.seed ^ 0x6A09_E667_F3BC_C909)
        var k = SplitMix64(seed: configuration.seed ^ 0xC3A5_C85C_97CB_3127)
        feistelKeys = (k.next(), k.next(), k.next(), k.next())
    }

    // MARK: - Household

    mutating func fill(_ h: inout SyntheticHousehold, index: Int, slotIndex: Int, slot c: GenerationPlan.CommuneSlot, sequence: Int) {
        let rp = plan.regions[c.regionIndex]
        var rng = SplitMix64(seed: seedMix ^ SplitMix64.mix(UInt64(truncatingIfNeeded: index) &+ 0x3C6E_F372_FE94_F82B))
        h.index = index
        h.sequence = sequence
        h.communeSlot = slotIndex
        h.region = c.region
        h.referenceYear = year
        h.members.removeAll(keepingCapacity: true)

        // Location.
        let v = rng.below(h.villages.names.count)
        h.villageIndex = v
        let urban = h.villages.urban[v]
        h.areaType = urban ? .urban : .rural
        h.houseNumber = urban ? rng.int(1...350) : 0
        h.hasAddress = !rng.chance(0.05)

        // Income (log-normal, calibrated per region and area type).
        let mu = urban ? rp.muUrban : rp.muRural
        let lnIncome = mu + Calibration.communeSigma * c.incomeEffect + Calibration.householdSigma * rng.normal()
        let income = max(100_000, Int((Foundation.exp(lnIncome) / 1000).rounded()) * 1000)
        let line = urban ? Calibration.povertyLineUrban : Calibration.povertyLineRural
        let low = income <= line
        h.latentMonthlyIncomePerCapita = income
        h.monthlyIncomePerCapita = income
        h.isIncomeAtOrBelowPovertyLine = low

        // Ethnicity and size.
        let minority = rng.chance(c.minorityShare)
        let ethnic: UInt8 = minority ? rp.minorities[rp.minorityTable.sample(&rng)] : 1
        var size = sizeTable.sample(&rng) + 1
        if minority && (c.regionIndex == 0 || c.regionIndex == 3) && rng.chance(0.35) { size += 1 }
        if ethnic == 8 && rng.chance(0.3) { size += 1 }
        if urban && size > 1 && rng.chance(0.15) { size -= 1 }
        if low && size < 7 && rng.chance(0.2) { size += 1 }

        compose(size: size, &rng)
        let householdStyle = names.styleIndex(ethnicity: ethnic, region: c.region)
        for i in 0..<people.count {
            people[i].ethnicity = ethnic
            people[i].style = householdStyle
        }
        if people.count > 1 && people[1].relation == .spouse {
            if minority && rng.chance(0.08) {
                people[1].ethnicity = 1
                people[1].style = names.styleIndex(ethnicity: 1, region: c.region)
            } else if !minority && rng.chance(0.01) {
                let e = rp.minorities[rp.minorityTable.sample(&rng)]
                people[1].ethnicity = e
                people[1].style = names.styleIndex(ethnicity: e, region: c.region)
            }
        }

        // Schooling before the deprivation draw (it decides who can be deprived in what).
        var applicable: UInt16 = (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11)
        var dependants = 0
        for i in 0..<people.count {
            let a = people[i].age
            switch a {
            case 3...15: people[i].student = true
            case 16...17: people[i].student = rng.chance(0.85)
            case 18...22: people[i].student = rng.chance(urban ? 0.45 : 0.22)
            case 23...24: people[i].student = rng.chance(0.06)
            default: people[i].student = false
            }
            if a >= 15 && a < 60 && !people[i].student { applicable |= 1 << 0 }
            if a < 16 { applicable |= 1 << 2 }
            if a >= 6 { applicable |= 1 << 3 }
            if a >= 16 && a <= 30 { applicable |= 1 << 4 }
            if a >= 3 && a <= 15 { applicable |= 1 << 5 }
        }

        // Disability (raises dependants).
        var severeDisability = false
        for i in 0..<people.count {
            let a = people[i].age
            var p = a < 15 ? 0.008 : a < 60 ? 0.02 : a < 80 ? 0.07 : 0.18
            if low { p *= 1.4 }
            if rng.chance(p) {
                let s = rng.uniform()
                people[i].disability = s < 0.6 ? .mild : s < 0.9 ? .severe : .particularlySevere
            }
            let severe = people[i].severe
            if severe { severeDisability = true }
            if a < 16 || a >= 60 || severe { dependants += 1 }
        }
        var deprived: UInt16 = dependants * 2 > people.count ? 1 << 1 : 0

        // Deprivation target D, then which indicators.
        let target: Int
        if low {
            target = rng.chance(rp.poorShareAmongLowIncome)
                ? 3 + lowIncomeDeprived.sample(&rng) : lowIncomeNotDeprived.sample(&rng)
        } else {
            target = rng.chance(rp.deprivedShareAboveLine)
                ? 3 + aboveLineDeprived.sample(&rng) : aboveLineNotDeprived.sample(&rng)
        }
        var picks = target - deprived.nonzeroBitCount
        while picks > 0 {
            var total = 0.0
            for i in 0..<12 where applicable & (1 << UInt16(i)) != 0 && deprived & (1 << UInt16(i)) == 0 {
                total += Self.indicatorWeights[i]
            }
            if total <= 0 { break }
            var r = rng.uniform() * total
            var chosen = -1
            for i in 0..<12 where applicable & (1 << UInt16(i)) != 0 && deprived & (1 << UInt16(i)) == 0
                && Self.indicatorWeights[i] > 0 {
                chosen = i
                r -= Self.indicatorWeights[i]
                if r < 0 { break }
            }
            deprived |= 1 << UInt16(chosen)
            picks -= 1
        }
        h.deprivations = SyntheticHousehold.Deprivations(rawValue: deprived)
        @inline(__always) func has(_ bit: Int) -> Bool { deprived & (1 << UInt16(bit)) != 0 }

        // Members deprived on purpose.
        let adultEducationVictim = has(4) ? pick(&rng) { $0.age >= 16 && $0.age <= 30 } : -1
        if adultEducationVictim >= 0 { people[adultEducationVictim].student = false }
        let schoolingVictim = has(5) ? pick(&rng) { $0.age >= 3 && $0.age <= 15 } : -1
        if schoolingVictim >= 0 { people[schoolingVictim].student = false }
        var employmentVictims = (-1, -1)
        if has(0) {
            employmentVictims.0 = pick(&rng) { $0.age >= 15 && $0.age < 60 && !$0.student }
            if rng.chance(0.25) {
                let second = pick(&rng) { $0.age >= 15 && $0.age < 60 && !$0.student }
                if second != employmentVictims.0 { employmentVictims.1 = second }
            }
        }
        var uninsuredAll = false
        var uninsuredOne = -1
        if has(3) {
            if rng.chance(0.4) { uninsuredAll = true } else { uninsuredOne = pick(&rng) { $0.age >= 6 } }
        }
        var malnourishedChild = -1
        if has(2) {
            if rng.chance(0.7) { malnourishedChild = pick(&rng) { $0.age < 5 } }
            if malnourishedChild < 0 { malnourishedChild = pick(&rng) { $0.age < 16 } }
        }
        var illMember = -1
        if (low && target >= 3 && rng.chance(0.06)) || rng.chance(0.004) {
            illMember = pick(&rng) { $0.age >= 15 }
        }

        // Household facts.
        let agriculturalShare: Double
        switch c.regionIndex {
        case 0: agriculturalShare = Self.agriculturalShare.0
        case 1: agriculturalShare = Self.agriculturalShare.1
        case 2: agriculturalShare = Self.agriculturalShare.2
        case 3: agriculturalShare = Self.agriculturalShare.3
        case 4: agriculturalShare = Self.agriculturalShare.4
        default: agriculturalShare = Self.agriculturalShare.5
        }
        let agricultural = urban ? rng.chance(0.05) : rng.chance(agriculturalShare)
        h.agricultural = agricultural
        if has(6) {
            h.housingQuality = rng.chance(0.7) ? .nonDurable : .makeshift
        } else {
            h.housingQuality = rng.chance(urban ? 0.8 : (low ? 0.35 : 0.55)) ? .durable : .semiDurable
        }
        let n = people.count
        if has(7) {
            h.floorAreaM2 = rng.int(max(3, 3 * n)...(8 * n - 1))
        } else {
            let perPerson = Foundation.exp(Foundation.log(22.0) + 0.4 * rng.normal())
            h.floorAreaM2 = min(600, max(8 * n, Int(perPerson * Double(n)) + (n == 1 ? 10 : 0)))
        }
        h.cleanWater = !has(8)
        h.hygienicLatrine = !has(9)
        h.internet = !has(10)
        h.phoneOrInternet = has(10) ? rng.chance(0.85) : true
        h.informationDevice = !has(11)
        h.hearsLoudspeaker = rng.chance(urban ? 0.5 : 0.78)
        h.wasteTreated = urban ? rng.chance(0.95) : rng.chance(low ? 0.45 : 0.68)
        let elderlyAlone = n == 1 && people[0].age >= 75
        h.socialProtection = (elderlyAlone || severeDisability) ? rng.chance(0.45) : rng.chance(0.01)

        // Members.
        let headStyle = people[0].style
        var familyOfHead: UInt16 = 0
        var lineage: UInt16 = 0
        let matrilineal = names.styles[headStyle].matrilineal
        var noLabour = true
        for i in 0..<people.count {
            let p = people[i]
            var m = SyntheticMember(
                memberNo: i + 1, relation: p.relation, sex: p.male ? .male : .female,
                birthYear: 0, birthMonth: 0, birthDay: 0, age: p.age)
            birthDate(&m, &rng)
            let young = m.birthYear >= 1985
            let inherited: UInt16
            switch p.relation {
            case .head, .spouse, .other: inherited = 0
            case .child, .grandchild: inherited = lineage
            case .sibling: inherited = familyOfHead
            case .parent: inherited = (p.male != matrilineal) ? familyOfHead : 0
            }
            m.name = names.name(style: p.style, male: p.male, young: young, family: inherited, &rng)
            if i == 0 {
                familyOfHead = names.familyToken(of: m.name, style: p.style)
                lineage = familyOfHead
            } else if p.relation == .spouse, p.male != matrilineal {
                // The spouse carries the lineage: the father (patrilineal) or the mother (matrilineal).
                let token = names.familyToken(of: m.name, style: p.style)
                if token != 0 && p.style == headStyle { lineage = token }
            }
            m.ethnicity = EthnicGroup(number: Int(p.ethnicity))
            m.disability = p.disability
            m.healthInsurance = !(uninsuredAll && p.age >= 6) && i != uninsuredOne
            m.inSchool = p.age >= 3 ? p.student : nil
            m.education = education(p, victim: i == adultEducationVictim, low: low, minority: minority, urban: urban, &rng)
            m.employment = employment(p, index: i, victims: employmentVictims, urban: urban, agricultural: agricultural,
                                      severe: p.severe, &rng)
            if let e = m.employment, e != .notInLabourForce, e != .unemployed, p.age < 60 { noLabour = false }
            m.malnourished = p.age < 16 ? (i == malnourishedChild) : nil
            m.illUntreated = i == illMember
            let meritorious = p.age >= 65 ? rng.chance(p.male ? 0.06 : 0.015) : (p.age >= 45 ? rng.chance(0.004) : false)
            m.meritorious = meritorious
            m.massOrganisationBits = organisations(p, employment: m.employment, agricultural: agricultural,
                                                   meritorious: meritorious, &rng)
            m.nationalIDNumber = nationalID(m, legacyProvince: c.legacyProvince, &rng)
            h.members.append(m)
        }

        // Causes of poverty for households near or below the line.
        h.causeBits = 0
        if Double(income) <= 1.3 * Double(line) {
            let count = rng.chance(0.5) ? 1 : (rng.chance(0.7) ? 2 : 3)
            let weights: [Double] = [
                agricultural ? 1.0 : 0.2, 2.5, noLabour ? 3.0 : 0.4, 0.8, 0.8, 1.2,
                (severeDisability || illMember >= 0) ? 3.0 : 0.6, has(1) ? 2.5 : 0.2, 0.3,
            ]
            for _ in 0..<count {
                var total = 0.0
                for (i, w) in weights.enumerated() where h.causeBits & (1 << UInt16(i)) == 0 { total += w }
                var r = rng.uniform() * total
                for (i, w) in weights.enumerated() where h.causeBits & (1 << UInt16(i)) == 0 {
                    r -= w
                    if r < 0 { h.causeBits |= 1 << UInt16(i); break }
                }
            }
        }

        // Income-proxy score B1 for part of the households, on the same side of the cut-off as the income.
        h.incomeScore = nil
        if rng.chance(incomeScoreShare) {
            h.incomeScore = score(income: income, line: line, urban: urban, &rng)
        }

        // Unknown facts (blank fields) in a minority of households.
        h.hasUnknownFacts = rng.chance(unknownFactsShare)
        if h.hasUnknownFacts { blank(&h, income: income, line: line, urban: urban, &rng) }
    }

    // MARK: - Composition

    private mutating func compose(size: Int, _ rng: inout SplitMix64) {
        people.removeAll()
        let headAge: Int
        if size == 1 {
            headAge = rng.chance(0.5) ? 60 + min(rng.int(0...20), rng.int(0...32)) : rng.int(20...59)
        } else {
            let r = rng.uniform()
            headAge = r < 0.4 ? rng.int(24...44) : r < 0.8 ? rng.int(45...64) : rng.int(65...88)
        }
        let headMale = rng.chance(size == 1 ? 0.45 : 0.78)
        people.append(Person(relation: .head, male: headMale, age: headAge))
        var remaining = size - 1
        var spouseAge: Int?
        if remaining > 0 && rng.chance(headAge < 70 ? 0.9 : 0.62) {
            let diff = rng.int(0...6)
            let a = min(100, max(18, headMale ? headAge - diff : headAge + diff))
            people.append(Person(relation: .spouse, male: !headMale, age: a))
            spouseAge = a
            remaining -= 1
        }
        if remaining >= 2 && headAge <= 55 && rng.chance(0.3) {
            let fatherAge = headAge + rng.int(24...34)
            let motherAge = fatherAge - rng.int(0...5)
            if remaining >= 3 && rng.chance(0.5) {
                if fatherAge <= 98 { people.append(Person(relation: .parent, male: true, age: fatherAge)); remaining -= 1 }
                if motherAge <= 98 { people.append(Person(relation: .parent, male: false, age: motherAge)); remaining -= 1 }
            } else {
                let female = rng.chance(0.65)
                let a = female ? motherAge : fatherAge
                if a <= 98 { people.append(Person(relation: .parent, male: !female, age: a)); remaining -= 1 }
            }
        }
        let motherAge = headMale ? (spouseAge ?? headAge - 3) : headAge
        if headAge >= 60 && remaining >= 2 {
            let childAge = max(18, motherAge - rng.int(22...34))
            let childMale = rng.chance(0.6)
            people.append(Person(relation: .child, male: childMale, age: childAge))
            remaining -= 1
            if remaining >= 2 && rng.chance(0.75) {
                let a = min(100, max(18, childMale ? childAge - rng.int(0...5) : childAge + rng.int(0...5)))
                people.append(Person(relation: .other, male: !childMale, age: a))
                remaining -= 1
            }
            var g = childAge - rng.int(20...30)
            while remaining > 0 {
                if g >= 0 {
                    people.append(Person(relation: .grandchild, male: rng.chance(0.512), age: g))
                    g -= rng.int(1...5)
                } else {
                    let upper = max(15, motherAge - 18)
                    people.append(Person(relation: .child, male: rng.chance(0.5), age: rng.int(min(15, upper)...upper)))
                }
                remaining -= 1
            }
        } else {
            var a = max(0, motherAge - rng.int(20...32))
            var first = true
            while remaining > 0 {
                if a >= 0 || first {
                    people.append(Person(relation: .child, male: rng.chance(0.512), age: max(0, a)))
                    a -= rng.int(1...5)
                    first = false
                } else {
                    let s = min(95, max(15, headAge + rng.int(-10...10)))
                    people.append(Person(relation: rng.chance(0.5) ? .sibling : .other, male: rng.chance(0.5), age: s))
                }
                remaining -= 1
            }
        }
    }

    /// A random person index matching `condition`, or -1.
    private func pick(_ rng: inout SplitMix64, where condition: (Person) -> Bool) -> Int {
        var count = 0
        for i in 0..<people.count where condition(people[i]) { count += 1 }
        if count == 0 { return -1 }
        var k = rng.below(count)
        for i in 0..<people.count where condition(people[i]) {
            if k == 0 { return i }
            k -= 1
        }
        return -1
    }

    // MARK: - Member facts

    private func birthDate(_ m: inout SyntheticMember, _ rng: inout SplitMix64) {
        if m.age >= 60 && rng.chance(0.02) {
            m.birthYear = year - m.age
            m.birthMonth = 0
            m.birthDay = 0
            return
        }
        let month = rng.int(1...12)
        let length = month == 2 ? 29 : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31
        var day = rng.int(1...length)
        let afterReference = month > 9 || (month == 9 && day > 1)
        let by = year - m.age - (afterReference ? 1 : 0)
        if month == 2 && day == 29 && !(by % 4 == 0 && (by % 100 != 0 || by % 400 == 0)) { day = 28 }
        m.birthYear = by
        m.birthMonth = month
        m.birthDay = day
    }

    private func education(_ p: Person, victim: Bool, low: Bool, minority: Bool, urban: Bool,
                           _ rng: inout SplitMix64) -> SyntheticMember.Education {
        let a = p.age
        if victim {
            return a <= 17 ? .primary : (rng.chance(0.6) ? .lowerSecondary : .primary)
        }
        switch a {
        case ..<11: return .none
        case 11...14: return .primary
        case 15: return rng.chance(0.5) ? .primary : .lowerSecondary
        case 16...17: return .lowerSecondary
        case 18...30:
            if p.student { return a >= 23 && rng.chance(0.5) ? .collegePlus : .upperSecondary }
            let r = rng.uniform()
            if low { return r < 0.6 ? .upperSecondary : r < 0.85 ? .vocational : .collegePlus }
            let college = urban ? 0.42 : 0.25
            return r < college ? .collegePlus : r < college + 0.17 ? .vocational : .upperSecondary
        default:
            // Cumulative shares of none, primary, lower secondary, upper secondary, vocational (rest: college).
            let t: (Double, Double, Double, Double, Double)
            switch a {
            case 31...45: t = (0.02, 0.10, 0.35, 0.70, 0.82)
            case 46...60: t = (0.04, 0.22, 0.57, 0.82, 0.90)
            default: t = (0.15, 0.50, 0.80, 0.92, 0.95)
            }
            let r = rng.uniform()
            var level = r < t.0 ? 0 : r < t.1 ? 1 : r < t.2 ? 2 : r < t.3 ? 3 : r < t.4 ? 4 : 5
            if (low || minority) && level > 0 && rng.chance(0.4) { level -= 1 }
            switch level {
            case 0: return .none
            case 1: return .primary
            case 2: return .lowerSecondary
            case 3: return .upperSecondary
            case 4: return .vocational
            default: return .collegePlus
            }
        }
    }

    private func employment(_ p: Person, index: Int, victims: (Int, Int), urban: Bool, agricultural: Bool,
                            severe: Bool, _ rng: inout SplitMix64) -> SyntheticMember.Employment? {
        let a = p.age
        if a < 15 { return nil }
        if index == victims.0 || index == victims.1 { return rng.chance(0.75) ? .noContract : .unemployed }
        if p.student { return .notInLabourForce }
        if a >= 60 {
            let r = rng.uniform()
            return r < 0.6 || severe ? .notInLabourForce : r < 0.95 ? .selfEmployed : r < 0.98 ? .contract : .noContract
        }
        if severe && rng.chance(0.7) { return .notInLabourForce }
        let r = rng.uniform()
        if urban { return r < 0.45 ? .contract : r < 0.83 ? .selfEmployed : .notInLabourForce }
        if agricultural { return r < 0.72 ? .selfEmployed : r < 0.88 ? .contract : .notInLabourForce }
        return r < 0.40 ? .contract : r < 0.85 ? .selfEmployed : .notInLabourForce
    }

    private func organisations(_ p: Person, employment: SyntheticMember.Employment?, agricultural: Bool,
                               meritorious: Bool, _ rng: inout SplitMix64) -> UInt8 {
        let a = p.age
        if a < 16 { return 0 }
        var bits: UInt8 = 0
        if a >= 18 && agricultural && rng.chance(0.55) { bits |= 1 << 0 }
        if !p.male && a >= 18 && rng.chance(0.5) { bits |= 1 << 1 }
        if p.male && a >= 50 && rng.chance(meritorious ? 0.8 : 0.12) { bits |= 1 << 2 }
        if a <= 30 && rng.chance(0.4) { bits |= 1 << 3 }
        if a >= 18 && rng.chance(0.03) { bits |= 1 << 4 }
        if employment == .contract && rng.chance(0.5) { bits |= 1 << 5 }
        if a >= 60 && rng.chance(0.7) { bits |= 1 << 6 }
        return bits
    }

    /// A unique CCCD: province of registration (3) + century/sex (1) + birth year (2) + 6 digits.
    /// The 6 digits are a keyed Feistel permutation of a serial counter per
    /// (province, century/sex, year), so numbers are unique by construction with flat memory.
    private mutating func nationalID(_ m: SyntheticMember, legacyProvince: Int, _ rng: inout SplitMix64) -> UInt64? {
        let issue: Bool
        switch m.age {
        case 14...: issue = true
        case 6..<14: issue = rng.chance(0.12)
        default: issue = rng.chance(0.03)
        }
        guard issue else { return nil }
        let province = rng.chance(0.07)
            ? plan.legacyProvinceNumbers[rng.below(plan.legacyProvinceNumbers.count)] : legacyProvince
        let female = m.sex == .female
        let centurySex = (m.birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0)
        let yy = ((m.birthYear % 100) + 100) % 100
        let bucket = (province * 4 + centurySex) * 100 + yy
        let serial = serials.next(bucket)
        guard serial < 1_000_000 else {
            exhaustedNationalIDs += 1
            return nil
        }
        let six = permute(UInt64(serial), tweak: UInt64(bucket))
        return UInt64(province) * 1_000_000_000 + UInt64(centurySex) * 100_000_000 + UInt64(yy) * 1_000_000 + six
    }

    /// A bijection of 0..<1,000,000: four Feistel rounds on (thousands, units).
    private func permute(_ x: UInt64, tweak: UInt64) -> UInt64 {
        var l = x / 1000
        var r = x % 1000
        @inline(__always) func round(_ k: UInt64) {
            let f = SplitMix64.mix(k ^ (r &* 0x9E37_79B9) ^ (tweak << 32)).multipliedFullWidth(by: 1000).high
            let t = l + f
            (l, r) = (r, t >= 1000 ? t - 1000 : t)
        }
        round(feistelKeys.0)
        round(feistelKeys.1)
        round(feistelKeys.2)
        round(feistelKeys.3)
        return l * 1000 + r
    }

    // MARK: - Score and blanks

    private func score(income: Int, line: Int, urban: Bool, _ rng: inout SplitMix64) -> Int {
        let cutoff = urban ? Calibration.scoreCutoffUrban : Calibration.scoreCutoffRural
        var s = Int((Double(cutoff) * Foundation.pow(Double(income) / Double(line), 0.55) + 3 * rng.normal()).rounded())
        if income <= line { s = min(s, cutoff) } else { s = max(s, cutoff + 1) }
        return min(400, max(5, s))
    }

    private func blank(_ h: inout SyntheticHousehold, income: Int, line: Int, urban: Bool, _ rng: inout SplitMix64) {
        let p = 0.15
        if rng.chance(p) { h.hasAddress = false }
        if rng.chance(p) {
            h.monthlyIncomePerCapita = nil
            if h.incomeScore == nil && rng.chance(0.5) { h.incomeScore = score(income: income, line: line, urban: urban, &rng) }
        }
        if rng.chance(p) { h.housingQuality = nil }
        if rng.chance(p) { h.floorAreaM2 = nil }
        if rng.chance(p) { h.cleanWater = nil }
        if rng.chance(p) { h.hygienicLatrine = nil }
        if rng.chance(p) { h.internet = nil }
        if rng.chance(p) { h.phoneOrInternet = nil }
        if rng.chance(p) { h.informationDevice = nil }
        if rng.chance(p) { h.hearsLoudspeaker = nil }
        if rng.chance(p) { h.wasteTreated = nil }
        if rng.chance(p) { h.agricultural = nil }
        if rng.chance(p) { h.socialProtection = nil }
        let q = 0.08
        for i in h.members.indices {
            if rng.chance(q) { h.members[i].ethnicity = nil }
            if rng.chance(q) { h.members[i].healthInsurance = nil }
            if rng.chance(q) { h.members[i].education = nil }
            if rng.chance(q) { h.members[i].inSchool = nil }
            if rng.chance(q) { h.members[i].employment = nil }
            if rng.chance(q) { h.members[i].disability = nil }
            if rng.chance(q) { h.members[i].malnourished = nil }
            if rng.chance(q) { h.members[i].illUntreated = nil }
            if rng.chance(q) { h.members[i].meritorious = nil }
            if h.members[i].age < 14 && rng.chance(q) { h.members[i].nationalIDNumber = nil }
        }
    }
}

/// Fixed-capacity scratch storage for the people of one household (at most 16), so the hot
/// loop mutates them in place without copy-on-write checks.
final class PeopleBuffer {
    private let base = UnsafeMutablePointer<HouseholdGenerator.Person>.allocate(capacity: 16)
    private(set) var count = 0

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(i: Int) -> HouseholdGenerator.Person {
        unsafeAddress { UnsafePointer(base + i) }
        unsafeMutableAddress { base + i }
    }

    func append(_ p: HouseholdGenerator.Person) {
        precondition(count < 16, "household too large")
        (base + count).initialize(to: p)
        count += 1
    }

    func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }
}

/// The CCCD serial counters (40,000 of them, flat memory whatever the registry size).
final class SerialCounters {
    private let base: UnsafeMutablePointer<Int32>
    static let count = 100 * 4 * 100

    init() {
        base = .allocate(capacity: Self.count)
        base.initialize(repeating: 0, count: Self.count)
    }

    deinit { base.deallocate() }

    /// Returns the bucket's next serial and advances it (saturating at 1,000,000).
    @inline(__always)
    func next(_ bucket: Int) -> Int {
        let v = base[bucket]
        if v < 1_000_000 { base[bucket] = v + 1 }
        return Int(v)
    }
}
