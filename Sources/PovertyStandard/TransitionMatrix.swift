/// Counts of households moving between classes under two standards or two years (what-if, standards.md §7).
///
/// Row = class under the *from* standard, column = class under the *to* standard.
public struct TransitionMatrix: Sendable, Hashable {
    /// `counts[from.index][to.index]`.
    public private(set) var counts: [[Int]] = Array(repeating: Array(repeating: 0, count: 5), count: 5)

    /// An empty matrix.
    public init() {}

    /// Records one household.
    public mutating func add(from: PovertyClass, to: PovertyClass) {
        counts[from.index][to.index] += 1
    }

    /// Adds another matrix (e.g. a commune's into its province).
    public mutating func merge(_ other: TransitionMatrix) {
        for i in 0..<5 { for j in 0..<5 { counts[i][j] += other.counts[i][j] } }
    }

    /// The count for a pair.
    public subscript(from: PovertyClass, to: PovertyClass) -> Int { counts[from.index][to.index] }

    /// Households counted.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    /// Households in `c` under the *from* standard.
    public func fromTotal(_ c: PovertyClass) -> Int { counts[c.index].reduce(0, +) }
    /// Households in `c` under the *to* standard.
    public func toTotal(_ c: PovertyClass) -> Int { counts.reduce(0) { $0 + $1[c.index] } }
    /// Households whose class changes.
    public var changed: Int { total - (0..<5).reduce(0) { $0 + counts[$1][$1] } }
}
