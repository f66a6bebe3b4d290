/// The classification engine for one standard (standards.md §2–§6), compiled for speed.
///
/// Build it once per standard and reuse it for every household; it is an immutable value and
/// safe to share across tasks. It never allocates while classifying: the standard's lines and
/// indicators are flattened into plain fields and buffers, so the hot loop touches no
/// reference-counted storage.
public struct ClassificationEngine: Sendable {
    /// The standard it applies.
    public let standard: Standard
    @usableFromInline let compiled: [CompiledIndicator]
    @usableFromInline let bands: [CompiledIndicator.CompiledBand]
    @usableFromInline let k: Int
    @usableFromInline let lines: Lines
    @usableFromInline let memberPass: MemberPass?
    /// The indicators the member pass does not cover (household facts, dependants), or all of them without a pass.
    @usableFromInline let others: [CompiledIndicator]
    @usableFromInline let factRules: [FactRule]

    /// A `household_facts_false` indicator as masks: deprived when every fact is known false and
    /// none of `facts`/`ruledOut` is known true.
    @usableFromInline struct FactRule: Sendable {
        let bit: UInt32
        let facts: UInt16
        let ruledOut: UInt16
    }
    @usableFromInline let indicatorBits: UInt32

    /// The standard's amounts, flattened (index 0 rural, 1 urban); `-1` where absent.
    @usableFromInline struct Lines: Sendable {
        var rule: RuleShape
        var poverty: (Int, Int)
        var nearPoverty: (Int, Int)
        var averageUpper: (Int, Int)
        var hasScoreCutoffs: Bool
        var scorePoverty: (Int, Int)
        var scoreNear: (Int, Int)

        @inline(__always) static func pick(_ t: (Int, Int), _ area: AreaType) -> Int { area == .rural ? t.0 : t.1 }
    }

    /// Compiles `standard`.
    public init(standard: Standard) { self.init(standard: standard, bitParallel: true) }

    /// Compiles `standard`; `bitParallel: false` evaluates indicator by indicator (tests compare the two).
    init(standard: Standard, bitParallel: Bool) {
        self.standard = standard
        var bands: [CompiledIndicator.CompiledBand] = []
        var compiled: [CompiledIndicator] = []
        for d in standard.indicators {
            let start = bands.count
            for b in d.bands ?? [] {
                bands.append(.init(ageMin: b.age.min ?? Int.min, ageMaxExclusive: b.age.maxExclusive ?? Int.max,
                                   requiredRank: b.requiredEducation.rank, bornFromYear: b.bornFromYear ?? Int.min))
            }
            compiled.append(CompiledIndicator(d, bandStart: start, bandCount: bands.count - start))
        }
        self.compiled = compiled
        self.bands = bands
        self.k = standard.k
        let pass = bitParallel ? MemberPass(compiled) : nil
        self.memberPass = pass
        let remaining = compiled.filter { ind in pass.map { $0.covered & ind.bit == 0 } ?? true }
        // Yes/no household facts are a mask test each; keep them out of the generic switch.
        self.factRules = bitParallel
            ? remaining.filter { $0.kind == .householdFactsFalse }.map { FactRule(bit: $0.bit, facts: $0.factsMask, ruledOut: $0.notDeprivedMask) }
            : []
        self.others = bitParallel ? remaining.filter { $0.kind != .householdFactsFalse } : remaining
        self.indicatorBits = standard.indicatorSet.rawValue
        func pair(_ a: AreaAmounts?) -> (Int, Int) { a.map { ($0.rural, $0.urban) } ?? (-1, -1) }
        self.lines = Lines(
            rule: standard.rule, poverty: pair(standard.povertyLine), nearPoverty: pair(standard.nearPovertyLine),
            averageUpper: pair(standard.averageUpperBound), hasScoreCutoffs: standard.scoreCutoffs != nil,
            scorePoverty: pair(standard.scoreCutoffs?.poverty), scoreNear: pair(standard.scoreCutoffs?.nearPoverty))
    }

    /// Classifies one household.
    public func classify(_ household: HouseholdFacts) -> Classification {
        var yes: UInt32 = 0
        var unknown: UInt32 = 0
        others.withUnsafeBufferPointer { inds in
            bands.withUnsafeBufferPointer { bands in
                household.members.withUnsafeBufferPointer { members in
                    if let pass = memberPass {
                        // All "a member …" indicators at once, one pass over the members.
                        let r = pass.evaluate(members, bands)
                        yes = r.yes
                        unknown = r.unknown
                    }
                    let known = household.facts.known
                    let trueBits = household.facts.trueBits & known
                    factRules.withUnsafeBufferPointer { rules in
                        for r in rules {
                            if (r.facts | r.ruledOut) & trueBits != 0 { continue }
                            if r.facts & known == r.facts { yes |= r.bit } else { unknown |= r.bit }
                        }
                    }
                    for i in inds.indices {
                        switch inds[i].evaluate(household, members, bands) {
                        case .yes: yes |= inds[i].bit
                        case .unknown: unknown |= inds[i].bit
                        case .no: break
                        }
                    }
                }
            }
        }
        // Survey answers (phiếu B, B2) decide; a known derived value that differs is a finding.
        let answered = household.survey.answered.rawValue & indicatorBits
        var disagreements: UInt32 = 0
        if answered != 0 {
            let surveyYes = household.survey.deprived.rawValue & answered
            let derivedKnown = answered & ~unknown
            disagreements = derivedKnown & (yes ^ surveyYes)
            yes = (yes & ~answered) | surveyYes
            unknown &= ~answered
        }
        return decide(household, deprived: yes, unknown: unknown, disagreements: disagreements)
    }

    /// Combines income (or score) with the deprivation count into the class (standards.md §2).
    @inline(__always)
    func decide(_ household: HouseholdFacts, deprived: UInt32, unknown: UInt32, disagreements: UInt32) -> Classification {
        var warnings: ClassificationWarnings = disagreements != 0 ? .surveyDisagreesWithFacts : []
        let d = deprived.nonzeroBitCount
        let u = unknown.nonzeroBitCount
        let deprivation: Tri = d >= k ? .yes : (d + u < k ? .no : .unknown)
        let area = household.area
        let income = household.monthlyIncomePerCapita
        let score = household.incomeScore
        let l = lines
        let pl = Lines.pick(l.poverty, area)
        let npl = Lines.pick(l.nearPoverty, area)
        let hasNear = npl >= 0

        // Which instrument decides "income at or below a line" (score wins when the standard has cut-offs).
        var basis = IncomeBasis.none
        var belowPoverty = Tri.unknown
        var belowNear = Tri.unknown
        if let sc = score, l.hasScoreCutoffs {
            basis = .score
            belowPoverty = sc <= Lines.pick(l.scorePoverty, area) ? .yes : .no
            if hasNear {
                let npCut = Lines.pick(l.scoreNear, area)
                if npCut >= 0 {
                    belowNear = sc <= npCut ? .yes : .no
                } else if let inc = income {
                    belowNear = inc <= npl ? .yes : .no
                }
            }
            if let inc = income {
                var disagree = (inc <= pl) != (belowPoverty == .yes)
                if hasNear, belowNear != .unknown, (inc <= npl) != (belowNear == .yes) { disagree = true }
                if disagree { warnings.insert(.scoreIncomeDisagree) }
            }
        } else if let inc = income {
            basis = .income
            belowPoverty = inc <= pl ? .yes : .no
            if hasNear { belowNear = inc <= npl ? .yes : .no }
        }

        // The average band is read from the measured income only (a score says nothing about it).
        let upper = Lines.pick(l.averageUpper, area)
        @inline(__always) func averageOrNotPoor(lowerBound: Int) -> PovertyClass {
            if let inc = income, inc > lowerBound, inc <= upper { return .average }
            return .notPoor
        }
        @inline(__always) func byDeprivation() -> PovertyClass {
            deprivation == .yes ? .poor : (deprivation == .no ? .nearPoor : .incomplete)
        }

        let cls: PovertyClass
        if basis == .none {
            cls = .incomplete
        } else if l.rule == .both {
            switch belowPoverty {
            case .yes: cls = byDeprivation()
            case .no: cls = averageOrNotPoor(lowerBound: pl)
            case .unknown: cls = .incomplete
            }
        } else if belowPoverty == .yes {
            cls = .poor
        } else if belowPoverty == .unknown {
            cls = .incomplete
        } else {
            switch belowNear {
            case .yes: cls = byDeprivation()
            case .no: cls = averageOrNotPoor(lowerBound: npl)
            case .unknown: cls = .incomplete
            }
        }
        return Classification(
            povertyClass: cls, area: area, basis: basis, income: income, score: basis == .score ? score : nil,
            deprived: IndicatorSet(rawValue: deprived), unknown: IndicatorSet(rawValue: unknown),
            surveyDisagreements: IndicatorSet(rawValue: disagreements), warnings: warnings)
    }

    /// Members flagged as low-income workers (người lao động có thu nhập thấp, Nghị định 30/2025/NĐ-CP):
    /// working-age members of a household that is neither poor nor near-poor whose measured per-capita
    /// income is at or below the standard's low-income-worker line. Returns member positions.
    ///
    /// Only a known class of `average` or `not_poor` qualifies (an `incomplete` household may yet be
    /// poor), and only a measured income (a score gives no amount).
    public func lowIncomeWorkers(_ household: HouseholdFacts, classification: Classification) -> [Int] {
        guard let line = standard.lowIncomeWorkerLine, let inc = household.monthlyIncomePerCapita,
              classification.povertyClass == .average || classification.povertyClass == .notPoor,
              inc <= line[household.area]
        else { return [] }
        let range = standard.workingAge ?? AgeRange(min: 15, maxExclusive: 60)
        var out: [Int] = []
        for (i, m) in household.members.enumerated() {
            guard let age = m.age else { continue }
            if let lo = range.min, age < lo { continue }
            if let hi = range.maxExclusive, age >= hi { continue }
            out.append(i)
        }
        return out
    }
}

/// An indicator compiled to flat fields so evaluation is a switch and a few compares.
@usableFromInline
struct CompiledIndicator: Sendable {
    @usableFromInline let bit: UInt32
    @usableFromInline let kind: IndicatorRuleKind
    @usableFromInline let ageMin: Int
    @usableFromInline let ageMaxExclusive: Int
    @usableFromInline let valueMask: UInt8
    @usableFromInline let factsMask: UInt16
    @usableFromInline let notDeprivedMask: UInt16
    @usableFromInline let threshold: Double
    @usableFromInline let childAgeMaxExclusive: Int
    @usableFromInline let elderlyAgeMin: Int
    @usableFromInline let share: Double
    @usableFromInline let bandStart: Int
    @usableFromInline let bandCount: Int

    @usableFromInline struct CompiledBand: Sendable {
        let ageMin: Int
        let ageMaxExclusive: Int
        let requiredRank: Int
        let bornFromYear: Int
    }

    init(_ d: IndicatorDefinition, bandStart: Int, bandCount: Int) {
        self.bandStart = bandStart
        self.bandCount = bandCount
        bit = 1 << UInt32(d.id.bitIndex)
        kind = d.rule
        ageMin = d.age?.min ?? Int.min
        ageMaxExclusive = d.age?.maxExclusive ?? Int.max
        var mask: UInt8 = 0
        switch d.rule {
        case .memberEmployment:
            for e in d.deprivedEmployment ?? [] { mask |= 1 << e.maskIndex }
        case .housingQuality:
            for h in d.deprivedHousing ?? [] { mask |= 1 << h.maskIndex }
        case .dependants:
            for x in d.dependantDisabilities ?? [] { mask |= 1 << x.maskIndex }
        default: break
        }
        valueMask = mask
        factsMask = (d.facts ?? []).reduce(0) { $0 | $1.bit }
        notDeprivedMask = (d.notDeprivedIfAny ?? []).reduce(0) { $0 | $1.bit }
        threshold = d.thresholdM2 ?? 8
        childAgeMaxExclusive = d.childAgeMaxExclusive ?? 16
        elderlyAgeMin = d.elderlyAgeMin ?? 60
        share = d.shareAbove ?? 0.5
    }

    @inline(__always) func inAge(_ age: Int?) -> Tri {
        guard let age else {
            return (ageMin == Int.min && ageMaxExclusive == Int.max) ? .yes : .unknown
        }
        return (age >= ageMin && age < ageMaxExclusive) ? .yes : .no
    }

    /// "A member …": deprived when one member is known deprived, unknown when none is but one is unknown.
    @inline(__always) func anyMember(_ members: UnsafeBufferPointer<MemberFacts>, _ test: (MemberFacts) -> Tri) -> Tri {
        var sawUnknown = false
        for m in members {
            switch test(m) {
            case .yes: return .yes
            case .unknown: sawUnknown = true
            case .no: break
            }
        }
        return sawUnknown ? .unknown : .no
    }

    @inline(__always)
    func evaluate(_ h: HouseholdFacts, _ members: UnsafeBufferPointer<MemberFacts>,
                  _ allBands: UnsafeBufferPointer<CompiledBand>) -> Tri {
        switch kind {
        case .memberIllUntreated:
            return anyMember(members) { m in inAge(m.age) && Tri(m.illUntreated) }
        case .memberNoHealthInsurance:
            return anyMember(members) { m in inAge(m.age) && !Tri(m.healthInsurance) }
        case .childNotInSchool:
            return anyMember(members) { m in inAge(m.age) && !Tri(m.inSchool) }
        case .memberMalnourished:
            return anyMember(members) { m in inAge(m.age) && Tri(m.malnourished) }
        case .memberEmployment:
            let mask = valueMask
            return anyMember(members) { m in
                inAge(m.age) && {
                    guard let e = m.employment else { return Tri.unknown }
                    return mask & (1 << e.maskIndex) != 0 ? .yes : .no
                }()
            }
        case .adultEducation:
            return anyMember(members) { m in
                var result = Tri.no
                for b in allBands[bandStart..<(bandStart + bandCount)] {
                    let inBand: Tri
                    if let age = m.age { inBand = (age >= b.ageMin && age < b.ageMaxExclusive) ? .yes : .no } else { inBand = .unknown }
                    let born: Tri
                    if b.bornFromYear == Int.min { born = .yes } else if let y = m.birthYear { born = y >= b.bornFromYear ? .yes : .no } else { born = .unknown }
                    let lacks: Tri
                    if let e = m.education { lacks = e.rank < b.requiredRank ? .yes : .no } else { lacks = .unknown }
                    let t = inBand && born && lacks && !Tri(m.inSchool)
                    result = result || t
                    if result == .yes { break }
                }
                return result
            }
        case .dependants:
            let n = members.count
            guard n > 0 else { return .unknown }
            var known = 0
            var maybe = 0
            for m in members {
                guard let age = m.age else {
                    // Age unknown: a severe disability still makes a dependant.
                    if let dis = m.disability, valueMask & (1 << dis.maskIndex) != 0 { known += 1 } else { maybe += 1 }
                    continue
                }
                if age < childAgeMaxExclusive || age >= elderlyAgeMin {
                    known += 1
                } else if let dis = m.disability {
                    if valueMask & (1 << dis.maskIndex) != 0 { known += 1 }
                } else {
                    maybe += 1
                }
            }
            let limit = share * Double(n)
            if Double(known) > limit { return .yes }
            if Double(known + maybe) > limit { return .unknown }
            return .no
        case .housingQuality:
            guard let q = h.housingQuality else { return .unknown }
            return valueMask & (1 << q.maskIndex) != 0 ? .yes : .no
        case .floorArea:
            guard let area = h.floorArea, !members.isEmpty else { return .unknown }
            return area / Double(members.count) < threshold ? .yes : .no
        case .householdFactsFalse:
            let f = h.facts
            if notDeprivedMask & f.known & f.trueBits != 0 { return .no }
            if factsMask & f.known & f.trueBits != 0 { return .no }
            if factsMask & f.known == factsMask { return .yes }
            return .unknown
        }
    }
}

extension Employment {
    @usableFromInline var maskIndex: UInt8 {
        switch self {
        case .contract: 0
        case .noContract: 1
        case .selfEmployed: 2
        case .unemployed: 3
        case .notInLabourForce: 4
        }
    }
}

extension HousingQuality {
    @usableFromInline var maskIndex: UInt8 {
        switch self {
        case .durable: 0
        case .semiDurable: 1
        case .nonDurable: 2
        case .makeshift: 3
        }
    }
}

extension Disability {
    @usableFromInline var maskIndex: UInt8 {
        switch self {
        case .none: 0
        case .mild: 1
        case .severe: 2
        case .particularlySevere: 3
        }
    }
}

/// The member-level indicators of a standard evaluated together, one bit per indicator.
///
/// For each member, the age gives (through a table) the indicators whose age range holds it,
/// and each fact sets the "condition true / unknown" bits of the indicators that read it; the
/// three-valued *and* of the two and the *any member* combination are then a few bit operations.
/// Built only when every member indicator has a rule this pass knows and employment indicators
/// share one status list; otherwise the engine evaluates indicator by indicator.
@usableFromInline
struct MemberPass: Sendable {
    /// Bits of every "a member …" indicator the pass evaluates.
    let members: UInt32
    /// ``members`` plus the dependants indicator when the pass decides it too.
    let covered: UInt32
    /// The dependants rule (người phụ thuộc), counted in the same pass.
    let dependants: Dependants?

    struct Dependants: Sendable {
        let bit: UInt32
        let childAgeMaxExclusive: Int
        let elderlyAgeMin: Int
        let disabilities: UInt8
        let share: Double
    }
    /// `byAge[a]`: indicators whose age range holds completed age `a` (ages clamped to 0…150).
    let byAge: [UInt32]
    /// Indicators with no age limit (in range even when the age is unknown).
    let ageless: UInt32
    let ill: UInt32
    let insurance: UInt32
    let school: UInt32
    let malnourished: UInt32
    let employment: UInt32
    let employmentValues: UInt8
    /// Adult-education indicators: their bit and band range (checked by their own bands).
    let education: [(bit: UInt32, start: Int, count: Int)]

    static let maxAge = 150

    init?(_ compiled: [CompiledIndicator]) {
        var members: UInt32 = 0, ageless: UInt32 = 0
        var ill: UInt32 = 0, insurance: UInt32 = 0, school: UInt32 = 0, mal: UInt32 = 0, emp: UInt32 = 0
        var empValues: UInt8? = nil
        var education: [(UInt32, Int, Int)] = []
        var dependants: Dependants? = nil
        var byAge = [UInt32](repeating: 0, count: MemberPass.maxAge + 1)
        for ind in compiled {
            switch ind.kind {
            case .memberIllUntreated: ill |= ind.bit
            case .memberNoHealthInsurance: insurance |= ind.bit
            case .childNotInSchool: school |= ind.bit
            case .memberMalnourished: mal |= ind.bit
            case .memberEmployment:
                if let v = empValues, v != ind.valueMask { return nil }
                empValues = ind.valueMask
                emp |= ind.bit
            case .adultEducation:
                education.append((ind.bit, ind.bandStart, ind.bandCount))
            case .dependants where dependants == nil:
                dependants = Dependants(bit: ind.bit, childAgeMaxExclusive: ind.childAgeMaxExclusive,
                                        elderlyAgeMin: ind.elderlyAgeMin, disabilities: ind.valueMask, share: ind.share)
                continue
            default:
                continue
            }
            members |= ind.bit
            if ind.kind == .adultEducation {
                // Bands carry their own ages; the table lets every age through.
                ageless |= ind.bit
                for a in 0...MemberPass.maxAge { byAge[a] |= ind.bit }
                continue
            }
            if ind.ageMin == Int.min && ind.ageMaxExclusive == Int.max { ageless |= ind.bit }
            for a in 0...MemberPass.maxAge where a >= ind.ageMin && a < ind.ageMaxExclusive { byAge[a] |= ind.bit }
        }
        self.members = members
        self.dependants = dependants
        self.covered = members | (dependants?.bit ?? 0)
        self.byAge = byAge
        self.ageless = ageless
        self.ill = ill
        self.insurance = insurance
        self.school = school
        self.malnourished = mal
        self.employment = emp
        self.employmentValues = empValues ?? 0
        self.education = education
    }

    @inline(__always)
    func evaluate(_ ms: UnsafeBufferPointer<MemberFacts>, _ bands: UnsafeBufferPointer<CompiledIndicator.CompiledBand>)
        -> (yes: UInt32, unknown: UInt32)
    {
        var anyYes: UInt32 = 0
        var anyUnknown: UInt32 = 0
        var dependantsKnown = 0
        var dependantsMaybe = 0
        let dep = dependants
        byAge.withUnsafeBufferPointer { table in
            education.withUnsafeBufferPointer { education in
                for m in ms {
                    if let dep {
                        // A child or an elderly person is a dependant whatever the disability field says.
                        if let a = m.age, a < dep.childAgeMaxExclusive || a >= dep.elderlyAgeMin {
                            dependantsKnown += 1
                        } else if let d = m.disability {
                            if dep.disabilities & (1 << d.maskIndex) != 0 {
                                dependantsKnown += 1
                            } else if m.age == nil {
                                dependantsMaybe += 1
                            }
                        } else {
                            dependantsMaybe += 1
                        }
                    }
                    let inRange: UInt32
                    var inRangeUnknown: UInt32 = 0
                    if let a = m.age {
                        inRange = table[a < 0 ? 0 : (a > MemberPass.maxAge ? MemberPass.maxAge : a)]
                    } else {
                        inRange = ageless
                        inRangeUnknown = members & ~ageless
                    }
                    var y: UInt32 = 0
                    var u: UInt32 = 0
                    switch m.healthInsurance {
                    case false?: y |= insurance
                    case nil: u |= insurance
                    default: break
                    }
                    switch m.inSchool {
                    case false?: y |= school
                    case nil: u |= school
                    default: break
                    }
                    switch m.malnourished {
                    case true?: y |= malnourished
                    case nil: u |= malnourished
                    default: break
                    }
                    switch m.illUntreated {
                    case true?: y |= ill
                    case nil: u |= ill
                    default: break
                    }
                    if let e = m.employment {
                        if employmentValues & (1 << e.maskIndex) != 0 { y |= employment }
                    } else {
                        u |= employment
                    }
                    // Kleene and(age in range, condition).
                    anyYes |= inRange & y
                    anyUnknown |= (inRange & u) | (inRangeUnknown & (y | u))
                    for edu in education {
                        var r = Tri.no
                        for b in bands[edu.start..<(edu.start + edu.count)] {
                            let inBand: Tri
                            if let age = m.age {
                                guard age >= b.ageMin && age < b.ageMaxExclusive else { continue }
                                inBand = .yes
                            } else {
                                inBand = .unknown
                            }
                            let born: Tri
                            if b.bornFromYear == Int.min { born = .yes } else if let y = m.birthYear { born = y >= b.bornFromYear ? .yes : .no } else { born = .unknown }
                            let lacks: Tri
                            if let e = m.education { lacks = e.rank < b.requiredRank ? .yes : .no } else { lacks = .unknown }
                            r = r || (inBand && born && lacks && !Tri(m.inSchool))
                            if r == .yes { break }
                        }
                        if r == .yes { anyYes |= edu.bit } else if r == .unknown { anyUnknown |= edu.bit }
                    }
                }
            }
        }
        if let dep {
            let n = ms.count
            let limit = dep.share * Double(n)
            if n == 0 {
                anyUnknown |= dep.bit
            } else if Double(dependantsKnown) > limit {
                anyYes |= dep.bit
            } else if Double(dependantsKnown + dependantsMaybe) > limit {
                anyUnknown |= dep.bit
            }
        }
        return (anyYes, anyUnknown & ~anyYes)
    }
}
