/// Alkire–Foster multidimensional poverty measures over any set of households (standards.md §7).
///
/// Weights are equal within the standard (1/n); a household is MPI-poor when its weighted
/// deprivation share is at least k/n, i.e. D ≥ k. Households with any *unknown* indicator are left
/// out of the measures (the Alkire–Foster method needs a complete deprivation profile) and counted
/// in ``excludedIncomplete`` so the coverage is visible. Both household-weighted and
/// person-weighted (by member count) variants are accumulated.
public struct MultidimensionalPovertyIndex: Sendable, Hashable {
    /// Indicators of the standard, in its order.
    public let indicators: [IndicatorID]
    /// Cut-off k.
    public let k: Int

    /// Households with a complete profile that entered the measures.
    public private(set) var households = 0
    /// Persons in those households.
    public private(set) var persons = 0
    /// Households left out because an indicator was unknown.
    public private(set) var excludedIncomplete = 0
    /// MPI-poor households.
    public private(set) var poorHouseholds = 0
    /// Persons in MPI-poor households.
    public private(set) var poorPersons = 0
    private var sumShareHouseholds = 0.0
    private var sumSharePersons = 0.0
    private var censoredHouseholds: [Int]
    private var censoredPersons: [Int]
    private var uncensoredHouseholds: [Int]

    /// An empty accumulator for `standard`.
    public init(standard: Standard) {
        indicators = standard.indicatorIDs
        k = standard.k
        censoredHouseholds = Array(repeating: 0, count: indicators.count)
        censoredPersons = Array(repeating: 0, count: indicators.count)
        uncensoredHouseholds = Array(repeating: 0, count: indicators.count)
    }

    /// Adds one household's result; `persons` is its member count (at least 1 is assumed for weights).
    public mutating func add(_ c: Classification, persons memberCount: Int) {
        if c.unknown.count > 0 {
            excludedIncomplete += 1
            return
        }
        let n = indicators.count
        let w = max(memberCount, 1)
        households += 1
        persons += w
        let d = c.deprived.count
        for (i, id) in indicators.enumerated() where c.deprived.contains(id) { uncensoredHouseholds[i] += 1 }
        guard d >= k else { return }
        poorHouseholds += 1
        poorPersons += w
        let share = Double(d) / Double(n)
        sumShareHouseholds += share
        sumSharePersons += share * Double(w)
        for (i, id) in indicators.enumerated() where c.deprived.contains(id) {
            censoredHouseholds[i] += 1
            censoredPersons[i] += w
        }
    }

    /// Combines two accumulators of the same standard (e.g. per-unit results into a parent).
    public mutating func merge(_ other: MultidimensionalPovertyIndex) {
        precondition(indicators == other.indicators && k == other.k, "merging MPI of different standards")
        households += other.households
        persons += other.persons
        excludedIncomplete += other.excludedIncomplete
        poorHouseholds += other.poorHouseholds
        poorPersons += other.poorPersons
        sumShareHouseholds += other.sumShareHouseholds
        sumSharePersons += other.sumSharePersons
        for i in indicators.indices {
            censoredHouseholds[i] += other.censoredHouseholds[i]
            censoredPersons[i] += other.censoredPersons[i]
            uncensoredHouseholds[i] += other.uncensoredHouseholds[i]
        }
    }

    /// H: share of households that are MPI-poor (household-weighted).
    public var headcountRatio: Double { households == 0 ? 0 : Double(poorHouseholds) / Double(households) }
    /// A: mean deprivation share among MPI-poor households.
    public var intensity: Double { poorHouseholds == 0 ? 0 : sumShareHouseholds / Double(poorHouseholds) }
    /// MPI = H × A.
    public var mpi: Double { headcountRatio * intensity }
    /// H weighted by persons.
    public var personHeadcountRatio: Double { persons == 0 ? 0 : Double(poorPersons) / Double(persons) }
    /// A weighted by persons.
    public var personIntensity: Double { poorPersons == 0 ? 0 : sumSharePersons / Double(poorPersons) }
    /// MPI weighted by persons.
    public var personMPI: Double { personHeadcountRatio * personIntensity }

    /// Censored headcount ratio per indicator: share of households both MPI-poor and deprived in it.
    public var censoredHeadcounts: [(indicator: IndicatorID, households: Int, ratio: Double, personRatio: Double)] {
        indicators.enumerated().map { i, id in
            (id, censoredHouseholds[i],
             households == 0 ? 0 : Double(censoredHouseholds[i]) / Double(households),
             persons == 0 ? 0 : Double(censoredPersons[i]) / Double(persons))
        }
    }

    /// Uncensored headcount ratio per indicator: share of households deprived in it.
    public var uncensoredHeadcounts: [(indicator: IndicatorID, households: Int, ratio: Double)] {
        indicators.enumerated().map { i, id in
            (id, uncensoredHouseholds[i], households == 0 ? 0 : Double(uncensoredHouseholds[i]) / Double(households))
        }
    }
}
