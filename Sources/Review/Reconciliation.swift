import Registry
import VietnameseText

/// A unit whose counts do not reconcile (đơn vị lệch số liệu), review.md §6.4.
public struct UnitDiscrepancy: Sendable, Hashable, Codable {
    /// Unit code.
    public var unitCode: String
    /// Class checked (poor or near-poor).
    public var recognisedClass: RecognisedClass
    /// count(t0), in, out, count(t1).
    public var start: Int, inflow: Int, outflow: Int, end: Int
    /// Households whose transitions disagree with their status (when known).
    public var households: [String]

    /// start + in − out − end (0 when balanced).
    public var difference: Int { start + inflow - outflow - end }
}

/// The counts of one unit for one period (số liệu cân đối của đơn vị).
public struct UnitCounts: Sendable, Hashable {
    /// Unit code.
    public var unitCode: String
    /// Households per class at t0 and t1 (from the status records).
    public var atStart: [RecognisedClass: Int], atEnd: [RecognisedClass: Int]

    /// Creates counts.
    public init(unitCode: String, atStart: [RecognisedClass: Int], atEnd: [RecognisedClass: Int]) {
        self.unitCode = unitCode
        self.atStart = atStart
        self.atEnd = atEnd
    }
}

/// The reconciliation of review.md §6.4: for every unit U, period (t0, t1] and class c ∈ {poor,
/// near-poor}, count(t1) = count(t0) + in − out, with *in* and *out* taken from the transitions
/// recorded at the decisions of the period (flows of §6.2, `entered`/`left` included) and the
/// counts from the status records. A status record written outside a decision (a correction, a
/// stray import) or a transition without its record makes the identity fail for its unit.
public enum Reconciliation {
    /// The units that do not reconcile, with the households whose class at t1 does not follow
    /// from their class at t0 and their transitions (`households` maps each household to its
    /// unit and its classes at t0 and t1).
    public static func check(counts: [UnitCounts], transitions: [TransitionRecord],
                             households: [String: (unit: String, start: RecognisedClass, end: RecognisedClass)] = [:]) -> [UnitDiscrepancy] {
        var inflow: [String: [RecognisedClass: Int]] = [:], outflow: [String: [RecognisedClass: Int]] = [:]
        var lastTo: [String: RecognisedClass] = [:]
        var firstFrom: [String: RecognisedClass] = [:]
        for t in transitions.sorted(by: { ($0.effectiveDate, $0.decisionDate ?? $0.effectiveDate) < ($1.effectiveDate, $1.decisionDate ?? $1.effectiveDate) }) {
            if firstFrom[t.householdCode] == nil { firstFrom[t.householdCode] = t.from }
            lastTo[t.householdCode] = t.to
            guard t.from != t.to else { continue }
            for c in [RecognisedClass.poor, .nearPoor] {
                let wasC = side(t.from) == c, isC = side(t.to) == c
                if isC && !wasC { inflow[t.communeCode, default: [:]][c, default: 0] += 1 }
                if wasC && !isC { outflow[t.communeCode, default: [:]][c, default: 0] += 1 }
            }
        }
        var out: [UnitDiscrepancy] = []
        for u in counts.sorted(by: { $0.unitCode < $1.unitCode }) {
            for c in [RecognisedClass.poor, .nearPoor] {
                let start = u.atStart[c, default: 0], end = u.atEnd[c, default: 0]
                let i = inflow[u.unitCode]?[c] ?? 0, o = outflow[u.unitCode]?[c] ?? 0
                guard start + i - o != end else { continue }
                let suspects = households.filter { code, h in
                    h.unit == u.unitCode && (side(h.start) == c || side(h.end) == c)
                        && side(lastTo[code] ?? h.start) != side(h.end)
                }.map(\.key).sorted()
                out.append(UnitDiscrepancy(unitCode: u.unitCode, recognisedClass: c, start: start, inflow: i, outflow: o, end: end,
                                           households: suspects))
            }
        }
        return out
    }

    /// `average` counts as not poor in flows.
    static func side(_ c: RecognisedClass) -> RecognisedClass { c == .average ? .notPoor : c }

    /// The refusal listing the differing units (closing or submitting is blocked).
    public static func refusal(_ discrepancies: [UnitDiscrepancy]) -> ReviewError {
        let units = discrepancies.map { d in
            "\(d.unitCode) (\(d.recognisedClass == .poor ? "hộ nghèo" : "hộ cận nghèo"): \(d.start) + \(d.inflow) − \(d.outflow) ≠ \(d.end)"
                + (d.households.isEmpty ? "" : "; hộ: \(d.households.prefix(5).joined(separator: ", "))") + ")"
        }
        return ReviewError("review.reconciliation",
                           "Số liệu không cân đối (đầu kỳ + tăng − giảm ≠ cuối kỳ) tại \(discrepancies.count) đơn vị: " + units.joined(separator: "; "))
    }
}
