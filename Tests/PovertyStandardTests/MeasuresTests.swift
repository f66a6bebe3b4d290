import Testing
import PovertyStandard

// standards.md §7 (MPI, transitions, what-if) and §2 (low-income workers).

private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

@Suite("Multidimensional Poverty Index (standards.md §7)")
struct MPITests {
    /// Four ND07 households with complete profiles (n = 12, k = 3) and one with an unknown indicator.
    ///
    /// | household | persons | D | deprived in                                         |
    /// |-----------|---------|---|-----------------------------------------------------|
    /// | H1        | 2       | 0 | —                                                   |
    /// | H2        | 4       | 3 | employment, dependants, nutrition                    |
    /// | H3        | 3       | 6 | the same + health_insurance, adult_education, child_schooling |
    /// | H4        | 1       | 2 | employment, latrine                                  |
    /// | H5        | 5       | 4 | employment … + one unknown → left out                |
    private func nd07Sample() -> [(Classification, Int)] {
        let e = engine(Std.nd07)
        func c(_ deprived: [IndicatorID], unknown: [IndicatorID] = []) -> Classification {
            e.classify(surveyed(Std.nd07, .rural, income: 1_000_000, deprived: deprived, unknown: unknown))
        }
        return [
            (c([]), 2),
            (c([.employment, .dependants, .nutrition]), 4),
            (c([.employment, .dependants, .nutrition, .healthInsurance, .adultEducation, .childSchooling]), 3),
            (c([.employment, .latrine]), 1),
            (c([.employment, .dependants, .nutrition, .waterSource], unknown: [.telecom]), 5),
        ]
    }

    @Test("H, A, MPI and censored headcounts by hand")
    func householdWeighted() {
        var mpi = MultidimensionalPovertyIndex(standard: standard(Std.nd07))
        for (c, p) in nd07Sample() { mpi.add(c, persons: p) }
        #expect(mpi.households == 4)
        #expect(mpi.excludedIncomplete == 1)
        #expect(mpi.persons == 10)
        #expect(mpi.poorHouseholds == 2) // H2 (3/12 ≥ 3/12) and H3; H4 has 2/12 < 3/12
        #expect(mpi.poorPersons == 7)
        // H = 2/4; A = (3/12 + 6/12) / 2 = 0.375; MPI = 0.1875.
        #expect(close(mpi.headcountRatio, 0.5))
        #expect(close(mpi.intensity, 0.375))
        #expect(close(mpi.mpi, 0.1875))
        // Censored headcounts: deprived AND MPI-poor, over the 4 households (persons over 10).
        let censored = Dictionary(uniqueKeysWithValues: mpi.censoredHeadcounts.map { ($0.indicator, $0) })
        #expect(censored[.employment]?.households == 2)
        #expect(close(censored[.employment]!.ratio, 0.5))
        #expect(close(censored[.employment]!.personRatio, 0.7))
        #expect(censored[.healthInsurance]?.households == 1)
        #expect(close(censored[.healthInsurance]!.ratio, 0.25))
        #expect(close(censored[.healthInsurance]!.personRatio, 0.3))
        #expect(censored[.latrine]?.households == 0, "H4 is deprived in latrine but not MPI-poor")
        #expect(censored[.waterSource]?.households == 0, "H5 is left out")
        #expect(mpi.censoredHeadcounts.map(\.indicator) == standard(Std.nd07).indicatorIDs)
        // MPI = Σ (1/n) × censored headcount ratio: (0.5 + 0.5 + 0.5 + 0.25 + 0.25 + 0.25) / 12 = 0.1875.
        #expect(close(mpi.censoredHeadcounts.map(\.ratio).reduce(0, +) / 12, 0.1875))
        // Uncensored: employment 3/4 (H2, H3, H4), latrine 1/4.
        let uncensored = Dictionary(uniqueKeysWithValues: mpi.uncensoredHeadcounts.map { ($0.indicator, $0) })
        #expect(uncensored[.employment]?.households == 3)
        #expect(close(uncensored[.employment]!.ratio, 0.75))
        #expect(close(uncensored[.latrine]!.ratio, 0.25))
    }

    @Test("person-weighted variant by hand")
    func personWeighted() {
        var mpi = MultidimensionalPovertyIndex(standard: standard(Std.nd07))
        for (c, p) in nd07Sample() { mpi.add(c, persons: p) }
        // H_p = 7/10; A_p = (4 × 3/12 + 3 × 6/12) / 7 = 2.5/7; MPI_p = 0.25.
        #expect(close(mpi.personHeadcountRatio, 0.7))
        #expect(close(mpi.personIntensity, 2.5 / 7))
        #expect(close(mpi.personMPI, 0.25))
    }

    @Test("merging per-unit accumulators equals one accumulator")
    func merge() {
        let sample = nd07Sample()
        var whole = MultidimensionalPovertyIndex(standard: standard(Std.nd07))
        var a = whole, b = whole
        for (i, (c, p)) in sample.enumerated() {
            whole.add(c, persons: p)
            if i % 2 == 0 { a.add(c, persons: p) } else { b.add(c, persons: p) }
        }
        a.merge(b)
        #expect(a == whole)
        #expect(close(a.mpi, 0.1875))
    }

    @Test("QD59 (n = 10): cut-off share 3/10")
    func qd59() {
        let e = engine(Std.qd59)
        var mpi = MultidimensionalPovertyIndex(standard: standard(Std.qd59))
        // D = 3, 5, 2 → poor: 3/10 and 5/10 → H = 2/3, A = 0.4, MPI = 4/15.
        for d in [3, 5, 2] {
            mpi.add(e.classify(surveyed(Std.qd59, .urban, income: 2_000_000, deprived: firstIndicators(Std.qd59, d))), persons: 1)
        }
        #expect(close(mpi.headcountRatio, 2.0 / 3))
        #expect(close(mpi.intensity, 0.4))
        #expect(close(mpi.mpi, 4.0 / 15))
        // Persons of weight 1: the person-weighted figures are the same.
        #expect(close(mpi.personMPI, 4.0 / 15))
    }

    @Test("empty and all-excluded accumulators are zero, not NaN")
    func empty() {
        var mpi = MultidimensionalPovertyIndex(standard: standard(Std.nd351))
        #expect(mpi.mpi == 0 && mpi.headcountRatio == 0 && mpi.intensity == 0 && mpi.personMPI == 0)
        mpi.add(classify(Std.nd351, surveyed(Std.nd351, .rural, income: nil, unknown: [.waste])), persons: 3)
        #expect(mpi.excludedIncomplete == 1)
        #expect(mpi.households == 0)
        #expect(mpi.mpi == 0)
        #expect(mpi.censoredHeadcounts.allSatisfy { $0.ratio == 0 && $0.personRatio == 0 })
    }
}

@Suite("Transitions and what-if (standards.md §7)")
struct TransitionTests {
    @Test("matrix counts, totals and changes")
    func totals() {
        var m = TransitionMatrix()
        m.add(from: .poor, to: .poor)
        m.add(from: .poor, to: .nearPoor)
        m.add(from: .nearPoor, to: .average)
        m.add(from: .average, to: .poor)
        m.add(from: .average, to: .poor)
        m.add(from: .incomplete, to: .notPoor)
        #expect(m.total == 6)
        #expect(m[.average, .poor] == 2)
        #expect(m[.poor, .average] == 0)
        #expect(m.fromTotal(.poor) == 2)
        #expect(m.fromTotal(.average) == 2)
        #expect(m.toTotal(.poor) == 3)
        #expect(m.toTotal(.notPoor) == 1)
        #expect(m.changed == 5)
        var other = TransitionMatrix()
        other.add(from: .notPoor, to: .notPoor)
        m.merge(other)
        #expect(m.total == 7)
        #expect(m.changed == 5)
        #expect(TransitionMatrix().total == 0)
    }

    @Test("what-if ND07-2022 → ND351-2027 on hand-classified households")
    func whatIf() {
        // Rural households with every fact known; deprivations through facts both standards share.
        func h(_ income: Int, noWater: Bool = false, noLatrine: Bool = false, makeshift: Bool = false) -> HouseholdFacts {
            var x = goodHousehold(.rural, income: income)
            if noWater { x.facts[.cleanWater] = false }
            if noLatrine { x.facts[.hygienicLatrine] = false }
            if makeshift { x.housingQuality = .makeshift }
            return x
        }
        let list: [(HouseholdFacts, PovertyClass, PovertyClass)] = [
            // income, deprivations           ND07 (1.5M / 2.25M)   ND351 (2.2M / 3.3M)
            (h(2_000_000, noWater: true, noLatrine: true, makeshift: true), .average, .poor),
            (h(2_100_000, noWater: true, noLatrine: true, makeshift: true), .average, .poor),
            (h(1_400_000, noWater: true, noLatrine: true), .nearPoor, .nearPoor),
            (h(1_400_000, noWater: true, noLatrine: true, makeshift: true), .poor, .poor),
            (h(2_300_000), .notPoor, .average),
            (h(3_400_000), .notPoor, .notPoor),
            (HouseholdFacts(area: .rural, members: [MemberFacts(age: nil)]), .incomplete, .incomplete),
        ]
        let from = engine(Std.nd07), to = engine(Std.nd351)
        var m = TransitionMatrix()
        for (x, a, b) in list {
            let ca = from.classify(x).povertyClass, cb = to.classify(x).povertyClass
            #expect(ca == a)
            #expect(cb == b)
            m.add(from: ca, to: cb)
        }
        #expect(m.total == 7)
        #expect(m[.average, .poor] == 2)
        #expect(m[.notPoor, .average] == 1)
        #expect(m[.nearPoor, .nearPoor] == 1)
        #expect(m.changed == 3)
    }
}

@Suite("Low-income workers (standards.md §2, Nghị định 30/2025/NĐ-CP)")
struct LowIncomeWorkerTests {
    /// Members aged 14, 15, 59, 60 and blank: only positions 1 (15) and 2 (59) are of working age (15 to < 60).
    static let members: [MemberFacts] = [goodMember(age: 14), goodMember(age: 15), goodMember(age: 59),
                                         goodMember(age: 60), { var m = goodMember(); m.age = nil; return m }()]

    @Test("flags by class and income", arguments: [
        // (standard, area, income, score, D, expected class, flagged positions)
        (Std.nd07, AreaType.rural, 2_000_000 as Int?, nil as Int?, 0, PovertyClass.average, [1, 2]),
        (Std.nd07, .rural, 2_250_000, nil, 0, .average, [1, 2]),
        (Std.nd07, .rural, 2_250_001, nil, 0, .notPoor, []),
        (Std.nd07, .rural, 1_500_001, nil, 5, .average, [1, 2]),
        (Std.nd07, .rural, 1_500_000, nil, 0, .nearPoor, []),
        (Std.nd07, .rural, 1_500_000, nil, 3, .poor, []),
        (Std.nd07, .urban, 3_000_000, nil, 0, .average, [1, 2]),
        (Std.nd07, .urban, 3_000_001, nil, 0, .notPoor, []),
        (Std.nd07, .urban, 2_000_000, nil, 0, .nearPoor, []),
        // Scored above the cut-off: not poor although the income is low → neither poor nor near-poor, flagged.
        (Std.nd07, .rural, 1_000_000, 150, 0, .notPoor, [1, 2]),
        // Scored above the cut-off with no income: no per-capita income to compare.
        (Std.nd07, .rural, nil, 150, 0, .notPoor, []),
        // Scored at the cut-off: poor / near-poor by the score, whatever the income.
        (Std.nd07, .rural, 2_000_000, 140, 0, .nearPoor, []),
        // Incomplete households are not flagged (they may yet be poor).
        (Std.nd07, .rural, nil, nil, 0, .incomplete, []),
        // ND351: the same Nghị định 30 line applies.
        (Std.nd351, .rural, 2_250_000, nil, 0, .average, [1, 2]),
        (Std.nd351, .rural, 2_250_001, nil, 0, .average, []),
        (Std.nd351, .urban, 3_000_000, nil, 0, .average, [1, 2]),
        (Std.nd351, .rural, 2_200_000, nil, 0, .nearPoor, []),
        // QD59 predates the decree: never flagged.
        (Std.qd59, .rural, 1_200_000, nil, 0, .average, []),
    ])
    func flags(_ id: String, _ area: AreaType, _ income: Int?, _ score: Int?, _ d: Int,
               _ expected: PovertyClass, _ flagged: [Int]) {
        var h = surveyed(id, area, income: income, score: score, deprived: firstIndicators(id, d))
        h.members = Self.members
        let e = engine(id)
        let c = e.classify(h)
        #expect(c.povertyClass == expected)
        #expect(e.lowIncomeWorkers(h, classification: c) == flagged)
    }

    @Test("incomplete with an income below the line is not flagged")
    func incompleteWithIncome() {
        var h = surveyed(Std.nd07, .rural, income: 1_000_000, deprived: [.latrine, .waterSource], unknown: [.telecom])
        h.members = Self.members
        let e = engine(Std.nd07)
        let c = e.classify(h)
        #expect(c.povertyClass == .incomplete)
        #expect(e.lowIncomeWorkers(h, classification: c).isEmpty)
    }
}
