import Foundation

/// SplitMix64 pseudo-random generator (Steele, Lea & Flood 2014): tiny, fast, and fully
/// deterministic for a seed, so a synthetic registry is byte-identical across runs.
///
/// Never replaced by `SystemRandomNumberGenerator`: the generator must be reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Internal state (trạng thái).
    public var state: UInt64

    /// Creates a generator from a seed (hạt giống).
    @inlinable public init(seed: UInt64) { state = seed }

    /// Next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective 64-bit mixing function.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() &>> 11) * 0x1.0p-53
    }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A uniform integer in `0..<n` (n > 0), by Lemire's multiply-shift (tiny bias is irrelevant here).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform integer in a closed range.
    @inline(__always)
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A standard normal variate (Box–Muller, one of the pair).
    @inline(__always)
    mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1.0p-60)
        let u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}

/// Walker–Vose alias table: O(1) draws from a fixed discrete distribution.
struct AliasTable: Sendable {
    private let probability: [UInt64]  // threshold scaled to 2^64 - 1
    private let alias: [Int32]

    /// Number of outcomes.
    var count: Int { probability.count }

    /// Thresholds and aliases, for tables copied elsewhere.
    var parts: ([UInt64], [Int32]) { (probability, alias) }

    init(weights: [Double]) {
        precondition(!weights.isEmpty, "alias table needs weights")
        let n = weights.count
        let total = weights.reduce(0, +)
        precondition(total > 0, "alias table needs a positive weight")
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int] = []
        var large: [Int] = []
        for (i, w) in scaled.enumerated() { if w < 1 { small.append(i) } else { large.append(i) } }
        var prob = [Double](repeating: 1, count: n)
        var alias = [Int32](repeating: 0, count: n)
        for i in 0..<n { alias[i] = Int32(i) }
        while let s = small.popLast() {
            guard let l = large.popLast() else { prob[s] = 1; continue }
            prob[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = scaled[l] + scaled[s] - 1
            if scaled[l] < 1 { small.append(l) } else { large.append(l) }
        }
        while let l = large.popLast() { prob[l] = 1 }
        self.probability = prob.map { p in p >= 1 ? UInt64.max : UInt64(p * 0x1.0p64) }
        self.alias = alias
    }

    @inline(__always)
    func sample(_ rng: inout SplitMix64) -> Int {
        let r = rng.next()
        let column = Int(truncatingIfNeeded: r.multipliedFullWidth(by: UInt64(probability.count)).high)
        let coin = SplitMix64.mix(r)
        return coin <= probability[column] ? column : Int(alias[column])
    }
}

/// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
func inverseNormalCDF(_ p: Double) -> Double {
    precondition(p > 0 && p < 1)
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
             6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    if p < low {
        let q = (-2 * log(p)).squareRoot()
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - low {
        let q = (-2 * log(1 - p)).squareRoot()
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let q = p - 0.5
    let r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}
