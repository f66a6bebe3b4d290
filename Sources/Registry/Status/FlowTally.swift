/// Counts of year outcomes per flow for one unit and one year (tổng hợp biến động), with the
/// reconciliation check of review.md §6.4: for c ∈ {poor, near-poor},
/// count(t1) = count(t0) + in − out.
///
/// The tally covers a unit whose households stayed all year: `entered` and `left` rows are counted
/// under their flow but left out of the class counts and reported by ``reconcile()``.
///
/// Counts at both ends come from the rows' classes and *in*/*out* from their flow codes, so the
/// identity holds exactly when every row's flow agrees with its classes; ``reconcile()`` therefore
/// checks rows, and names each one that unbalances the totals.
public struct FlowTally: Sendable, Hashable {
    private var flows: [PovertyFlow: Int] = [:]
    private var atStart: [RecognisedClass: Int] = [:]
    private var atEnd: [RecognisedClass: Int] = [:]
    private var seen: Set<String> = []
    private var failures: [ReconciliationFailure] = []

    /// An empty tally.
    public init() {}

    /// A tally of `outcomes`.
    public init(_ outcomes: some Sequence<YearOutcome>) {
        for outcome in outcomes { add(outcome) }
    }

    /// Counts one household's outcome.
    public mutating func add(_ outcome: YearOutcome) {
        flows[outcome.flow, default: 0] += 1
        if !seen.insert(outcome.householdCode).inserted {
            failures.append(ReconciliationFailure(outcome: outcome, reason: .duplicate))
        }
        if outcome.flow == .entered || outcome.flow == .left {
            failures.append(ReconciliationFailure(outcome: outcome, reason: .movement))
            return
        }
        atStart[outcome.classAtStart, default: 0] += 1
        atEnd[outcome.classAtEnd, default: 0] += 1
        let expected = PovertyFlow.between(outcome.classAtStart, outcome.classAtEnd)
        if outcome.flow != expected {
            failures.append(ReconciliationFailure(outcome: outcome, reason: .flowDisagrees(expected: expected)))
        }
    }

    /// Rows counted under `flow` (số hộ theo biến động).
    public subscript(flow: PovertyFlow) -> Int { flows[flow, default: 0] }

    /// Rows counted, all flows together.
    public var total: Int { flows.values.reduce(0, +) }

    /// Households in `recognisedClass` on 31/12 of the previous year (số hộ đầu kỳ).
    public func count(atStart recognisedClass: RecognisedClass) -> Int { atStart[recognisedClass, default: 0] }

    /// Households in `recognisedClass` on 31/12 of the year (số hộ cuối kỳ).
    public func count(atEnd recognisedClass: RecognisedClass) -> Int { atEnd[recognisedClass, default: 0] }

    /// Households that came into poor or near-poor from another class (số hộ vào), by flow code;
    /// 0 for average and not poor, which have no flows of their own.
    public func inflow(to recognisedClass: RecognisedClass) -> Int {
        switch recognisedClass {
        case .poor: self[.newPoor] + self[.relapse]
        case .nearPoor: self[.poorToNearPoor] + self[.newNearPoor]
        case .average, .notPoor: 0
        }
    }

    /// Households that left poor or near-poor for another class (số hộ ra), by flow code;
    /// 0 for average and not poor.
    public func outflow(from recognisedClass: RecognisedClass) -> Int {
        switch recognisedClass {
        case .poor: self[.escapedPoor] + self[.poorToNearPoor]
        case .nearPoor: self[.escapedNearPoor] + self[.relapse]
        case .average, .notPoor: 0
        }
    }

    /// Whether count(t1) = count(t0) + in − out holds for `recognisedClass` (poor or near-poor).
    public func isBalanced(_ recognisedClass: RecognisedClass) -> Bool {
        count(atEnd: recognisedClass)
            == count(atStart: recognisedClass) + inflow(to: recognisedClass) - outflow(from: recognisedClass)
    }

    /// The rows that break the reconciliation, in the order they were added; empty when it passes.
    ///
    /// Besides rows whose flow disagrees with their classes (the only ones that can unbalance
    /// the totals), duplicates and movements are reported: they pass the arithmetic yet make the
    /// counts wrong.
    public func reconcile() -> [ReconciliationFailure] { failures }
}
