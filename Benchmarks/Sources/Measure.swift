import Foundation

/// Monotonic wall-clock time in seconds.
@inline(never)
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU time of the calling thread in seconds (user + system).
func threadCPUTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Peak resident set size of this process so far, in MiB.
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF_VALUE, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux: KiB
}

/// Timings of repeated runs of one measurement.
struct Samples {
    var seconds: [Double] = []

    mutating func add(_ s: Double) { seconds.append(s) }

    var best: Double { seconds.min() ?? .nan }
    var median: Double {
        let s = seconds.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    var worst: Double { seconds.max() ?? .nan }
}

/// `12.3M`, `456.7k`, `89` — rates and counts in a table.
func si(_ x: Double) -> String {
    if !x.isFinite { return "-" }
    if x >= 1e9 { return String(format: "%.2fG", x / 1e9) }
    if x >= 1e6 { return String(format: "%.2fM", x / 1e6) }
    if x >= 1e3 { return String(format: "%.1fk", x / 1e3) }
    return String(format: "%.0f", x)
}

func fixed(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

/// Prints rows as a left-aligned table with a header rule.
func printTable(_ header: [String], _ rows: [[String]]) {
    var width = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() where i < width.count { width[i] = max(width[i], c.count) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            i == 0 ? c.padding(toLength: width[i], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, width[i] - c.count)) + c
        }.joined(separator: "  ")
    }
    print(line(header))
    print(width.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for r in rows { print(line(r)) }
}

/// Machine-readable result lines (`RESULT key=value …`) for run.sh's summary.
func result(_ fields: KeyValuePairs<String, String>) {
    print("RESULT " + fields.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
}

/// A fresh scratch directory: under /dev/shm (RAM) when present, else the temporary directory.
func scratchDirectory(_ tag: String) throws -> URL {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm")
        : FileManager.default.temporaryDirectory
    let dir = base.appendingPathComponent("giamngheo-bench-\(tag)-\(getpid())")
    try? FileManager.default.removeItem(at: dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Shares a raw buffer between the two halves of a parallel run (each writes its own slot).
struct SharedSlots<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}

#if os(Linux)
private let RUSAGE_SELF_VALUE = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_VALUE = RUSAGE_SELF
#endif
