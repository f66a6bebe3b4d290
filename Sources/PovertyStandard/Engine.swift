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
    public init(standard: Standard) {
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
        func pair(_ a: AreaAmounts?) -> (Int, Int) { a.map { ($0.rural, $0.urban) } ?? (-1, -1) }
        self.lines = Lines(
            rule: standard.rule, poverty: pair(standard.povertyLine), nearPoverty: pair(standard.nearPovertyLine),
            averageUpper: pair(standard.averageUpperBound), hasScoreCutoffs: standard.scoreCutoffs != nil,
            scorePoverty: pair(standard.scoreCutoffs?.poverty), scoreNear: pair(standard.scoreCutoffs?.nearPoverty))
    }

    /// Classifies one household.
    public func classify(_ household: HouseholdFacts) -> Classification {
        var deprived: UInt32 = 0
        var unknown: UInt32 = 0
        var disagreements: UInt32 = 0
        let answered = household.survey.answered.rawValue
        let surveyDeprived = household.survey.deprived.rawValue
        compiled.withUnsafeBufferPointer { inds in
            bands.withUnsafeBufferPointer { bands in
                household.members.withUnsafeBufferPointer { members in
                    for ind in inds {
                        let bit = ind.bit
                        let answer: Tri
                        if answered & bit != 0 {
                            answer = surveyDeprived & bit != 0 ? .yes : .no
                            let derived = ind.evaluate(household, members, bands)
                            if derived != .unknown && derived != answer { disagreements |= bit }
                        } else {
                            answer = ind.evaluate(household, members, bands)
                        }
                        switch answer {
                        case .yes: deprived |= bit
                        case .unknown: unknown |= bit
                        case .no: break
                        }
                    }
                }
            }
        }
        return decide(household, deprived: deprived, unknown: unknown, disagreements: disagreements)
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

    /// The indicator answers alone (deprived / unknown), survey answers applied.
    public func indicatorStates(_ household: HouseholdFacts) -> (deprived: IndicatorSet, unknown: IndicatorSet) {
        let c = classify(household)
        return (c.deprived, c.unknown)
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
