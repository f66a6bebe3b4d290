import Access
import Registry
import Foundation

/// A dimension of the roll-ups (chiều tổng hợp): what a ``RollupCell`` counts. The table of
/// dimensions, periods and keys is in `StoreCore.RollupSQL`.
public enum RollupDimension: String, Sendable, Hashable, Codable, CaseIterable {
    /// Households and persons of a village (T, nhân khẩu).
    case total
    /// Net households entering (+) or leaving (−) a recognised class on a date.
    case classOn = "class_on"
    /// Net year-end flows `from>to` of a year (review.md §6.3).
    case flow
    /// Households recording a poverty cause.
    case cause
    /// Households per engine class, year and standard.
    case classified
    /// Households per engine class and deprived indicator (`class/indicator`), year and standard.
    case deprived
}

/// One row of the roll-ups: counts of one village of a recorded commune for one dimension,
/// period, standard and key (ô tổng hợp).
public struct RollupCell: Sendable, Hashable, Codable {
    public var dimension: RollupDimension
    public var communeCode: String
    public var villageID: Int64
    /// `''`, a year `yyyy` or a date `yyyy-MM-dd`, as the dimension says.
    public var period: String
    public var standardID: String
    public var key: String
    public var households: Int, persons: Int

    /// Creates a cell.
    public init(dimension: RollupDimension, communeCode: String, villageID: Int64, period: String, standardID: String, key: String,
                households: Int, persons: Int) {
        self.dimension = dimension
        self.communeCode = communeCode
        self.villageID = villageID
        self.period = period
        self.standardID = standardID
        self.key = key
        self.households = households
        self.persons = persons
    }
}

/// A roll-up row that the stored table and a full recomputation disagree on.
public struct RollupDifference: Sendable, Hashable, CustomStringConvertible {
    /// The row as stored (nil: none) and as recomputed (nil: none).
    public var stored: RollupCell?, recomputed: RollupCell?

    public init(stored: RollupCell?, recomputed: RollupCell?) {
        self.stored = stored
        self.recomputed = recomputed
    }

    public var description: String {
        let c = stored ?? recomputed!
        return "\(c.dimension.rawValue) \(c.communeCode)/\(c.villageID) \(c.period.isEmpty ? "-" : c.period) "
            + "\(c.standardID.isEmpty ? "-" : c.standardID) \(c.key.isEmpty ? "-" : c.key): stored "
            + (stored.map { "\($0.households) hh, \($0.persons) persons" } ?? "none") + ", recomputed "
            + (recomputed.map { "\($0.households) hh, \($0.persons) persons" } ?? "none")
    }
}

/// Aggregates kept up to date in the same transaction as every write (tổng hợp duy trì liên tục),
/// so that reports and dashboards read a few thousand rows instead of scanning households.
public protocol RollupStore: Sendable {
    /// The rows of the table that differ from a full recomputation (at most `limit`); empty when
    /// the roll-ups are exact.
    func verifyRollups(limit: Int) throws -> [RollupDifference]

    /// Replaces the table by a full recomputation, in one transaction; returns its row count.
    @discardableResult
    func rebuildRollups() throws -> Int

    /// The stored cells of `dimension` (zero rows left out), optionally of some communes only.
    func rollupCells(_ dimension: RollupDimension, communeCodes: Set<String>?) throws -> [RollupCell]
}

extension RollupCell {
    /// Households per recorded commune (and village id, when `byVillage`; else 0) and recognised
    /// class on `day`, from `class_on` cells (`ISO` day text): the sum of the net entries dated
    /// on or before it.
    public static func classCounts(_ cells: [RollupCell], on day: String, byVillage: Bool) -> [String: [Int64: [String: Int]]] {
        var out: [String: [Int64: [String: Int]]] = [:]
        for cell in cells where cell.dimension == .classOn && cell.period <= day {
            out[cell.communeCode, default: [:]][byVillage ? cell.villageID : 0, default: [:]][cell.key, default: 0] += cell.households
        }
        return out
    }
}

extension [RollupDifference] {
    /// One difference per key: a `stored` row and a `recomputed` row of the same key joined.
    public func merged() -> [RollupDifference] {
        var order: [String] = []
        var byKey: [String: RollupDifference] = [:]
        for d in self {
            let c = d.stored ?? d.recomputed!
            let key = [c.dimension.rawValue, c.communeCode, String(c.villageID), c.period, c.standardID, c.key].joined(separator: "\u{1}")
            if var known = byKey[key] {
                known.stored = known.stored ?? d.stored
                known.recomputed = known.recomputed ?? d.recomputed
                byKey[key] = known
            } else {
                order.append(key)
                byKey[key] = d
            }
        }
        return order.map { byKey[$0]! }
    }
}

/// A sum of roll-up rows of one commune, village, dimension and key, as the stores read it for
/// the dashboard's tallies.
public struct RollupSum: Sendable, Hashable {
    public var communeCode: String, villageID: Int64, dimension: String, key: String
    public var households: Int, persons: Int

    public init(communeCode: String, villageID: Int64, dimension: String, key: String, households: Int, persons: Int) {
        self.communeCode = communeCode
        self.villageID = villageID
        self.dimension = dimension
        self.key = key
        self.households = households
        self.persons = persons
    }
}

extension ClassTally {
    /// The tallies of the communes `scope` admits (whole communes only), per commune or village,
    /// from `total` sums and `class_on` sums already limited to a day; villages without
    /// households are left out, as a count of households would.
    public static func fromRollups(_ sums: [RollupSum], scope: HouseholdScope, byVillage: Bool,
                                   villageName: (Int64) -> String?) -> [ClassTally] {
        struct Key: Hashable { var commune: String, village: Int64 }
        var grouped: [Key: ClassTally] = [:]
        for s in sums where scope.clauses.contains(where: { $0.communeCodes?.contains(s.communeCode) ?? true }) {
            let key = Key(commune: s.communeCode, village: byVillage ? s.villageID : 0)
            var tally = grouped[key] ?? ClassTally(communeCode: s.communeCode, village: byVillage ? villageName(s.villageID) : nil,
                                                   households: 0, persons: 0, poor: 0, nearPoor: 0)
            switch (s.dimension, s.key) {
            case ("total", _):
                tally.households += s.households
                tally.persons += s.persons
            case (_, "poor"): tally.poor += s.households
            case (_, "near_poor"): tally.nearPoor += s.households
            default: break
            }
            grouped[key] = tally
        }
        return grouped.values.filter { $0.households != 0 }
            .sorted { ($0.communeCode, $0.village ?? "") < ($1.communeCode, $1.village ?? "") }
    }

    /// Whether the tallies of `scope` can be read from the roll-ups: every clause covers whole
    /// communes (no village, organisation or recording-date limit).
    public static func readsRollups(_ scope: HouseholdScope) -> Bool {
        scope.clauses.allSatisfy { $0.villages == nil && $0.organisation == nil && $0.recordedBefore == nil }
    }
}

extension CommuneClassCount {
    /// Households per recorded commune and recognised class, from roll-up sums per commune
    /// (``RollupSum``, `class_on` limited to a day): not-poor households are the commune's total
    /// less the other classes (never recognised counts as not poor). Ordered by commune, then
    /// class code; empty counts left out.
    public static func fromRollups(_ sums: [RollupSum]) -> [CommuneClassCount] {
        var totals: [String: Int] = [:]
        var classes: [String: [RecognisedClass: Int]] = [:]
        for s in sums {
            if s.dimension == "total" {
                totals[s.communeCode, default: 0] += s.households
            } else if let cls = RecognisedClass(rawValue: s.key), cls != .notPoor {
                classes[s.communeCode, default: [:]][cls, default: 0] += s.households
            }
        }
        var out: [CommuneClassCount] = []
        for (commune, total) in totals {
            var counts = classes[commune] ?? [:]
            counts[.notPoor] = total - counts.values.reduce(0, +)
            for (cls, n) in counts where n != 0 {
                out.append(CommuneClassCount(communeCode: commune, recognisedClass: cls, households: n))
            }
        }
        return out.sorted { ($0.communeCode, $0.recognisedClass.rawValue) < ($1.communeCode, $1.recognisedClass.rawValue) }
    }
}
