import Dispatch
import Foundation
import Interchange
import PovertyStandard
import Registry
import Synthetic

/// What a pass over the registry produced; summed and compared so the optimiser must do the work.
struct Tally: Equatable {
    var poor = 0, nearPoor = 0, average = 0, notPoor = 0, incomplete = 0
    var deprived = 0
    var unknown = 0
    var checksum: UInt64 = 0

    @inline(__always) mutating func add(_ c: Classification) {
        switch c.povertyClass {
        case .poor: poor += 1
        case .nearPoor: nearPoor += 1
        case .average: average += 1
        case .notPoor: notPoor += 1
        case .incomplete: incomplete += 1
        }
        deprived &+= c.deprived.count
        unknown &+= c.unknown.count
        checksum = (checksum &* 31) &+ UInt64(c.deprived.rawValue) &+ (UInt64(c.unknown.rawValue) << 20)
            &+ UInt64(c.povertyClass.index) << 40
    }

    static func + (a: Tally, b: Tally) -> Tally {
        Tally(poor: a.poor + b.poor, nearPoor: a.nearPoor + b.nearPoor, average: a.average + b.average,
              notPoor: a.notPoor + b.notPoor, incomplete: a.incomplete + b.incomplete,
              deprived: a.deprived + b.deprived, unknown: a.unknown + b.unknown, checksum: 0)
    }

    var total: Int { poor + nearPoor + average + notPoor + incomplete }

    /// Counts only (checksums depend on how the work was split).
    func sameCounts(_ o: Tally) -> Bool {
        poor == o.poor && nearPoor == o.nearPoor && average == o.average && notPoor == o.notPoor
            && incomplete == o.incomplete && deprived == o.deprived && unknown == o.unknown
    }

    var classes: String {
        "poor \(poor), near_poor \(nearPoor), average \(average), not_poor \(notPoor), incomplete \(incomplete)"
    }
}

/// Runs `body(0)` … `body(n - 1)` on `n` new threads at once and waits for all of them
/// (plain threads rather than Dispatch's pool, so each half surely gets its own core).
func runOnThreads(_ n: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for i in 0..<n {
        let t = Thread {
            body(i)
            done.signal()
        }
        t.stackSize = 1 << 20
        t.start()
    }
    for _ in 0..<n { done.wait() }
}

/// Classifies every household of `facts` once.
@inline(never)
func classifyAll(_ engine: ClassificationEngine, _ facts: ArraySlice<HouseholdFacts>) -> Tally {
    var t = Tally()
    for h in facts { t.add(engine.classify(h)) }
    return t
}

/// Classifies and renders the Vietnamese explanation (what `classify --out` adds per row besides CSV).
@inline(never)
func classifyAndExplainAll(_ engine: ClassificationEngine, _ facts: ArraySlice<HouseholdFacts>) -> (Tally, Int) {
    var t = Tally()
    var bytes = 0
    let s = engine.standard
    for h in facts {
        let c = engine.classify(h)
        t.add(c)
        bytes &+= s.explanation(for: c).utf8.count
    }
    return (t, bytes)
}

enum EngineBenchmark {
    static let options: Set<String> = ["households", "seed", "year", "reps", "standard", "no-threads", "explain-reps", "help"]

    static func run(_ args: Arguments) throws -> Int32 {
        let n = try args.int("households", default: 1_000_000)
        let seed = UInt64(try args.int("seed", default: 42))
        let year = try args.int("year", default: 2026)
        let reps = max(1, try args.int("reps", default: 15))
        let explainReps = try args.int("explain-reps", default: 3)
        let catalog = StandardCatalog.shipped
        let ids = args.string("standard").map { [$0] } ?? catalog.ids
        let standards = try ids.map { try catalog.standard(id: $0) }

        print("== engine: ClassificationEngine.classify over \(si(Double(n))) in-memory households (seed \(seed), year \(year))")
        print("   host: \(ProcessInfo.processInfo.activeProcessorCount) cores; facts built exactly as `giamngheo classify` builds them:")
        print("   SyntheticRegistry → households.csv/members.csv (tmpfs) → RegistryFileSet.read → Household.engineFacts")
        let facts = try loadFacts(households: n, seed: seed, year: year)
        let memberCount = facts.reduce(0) { $0 + $1.members.count }
        print(String(format: "   %d households, %d members (%.2f / household); peak RSS so far %.0f MiB",
                     facts.count, memberCount, Double(memberCount) / Double(max(1, facts.count)), peakRSSMiB()))
        print("")

        var rows: [[String]] = []
        var explainRows: [[String]] = []
        let all = facts[...]
        let half = facts.count / 2
        let halves = [facts[..<half], facts[half...]]
        for standard in standards {
            let engine = ClassificationEngine(standard: standard)
            // Warm-up pass (page faults, caches) and reference tally.
            let reference = classifyAll(engine, all)
            precondition(reference.total == facts.count)

            var single = Samples()
            var cpu = Samples()
            for _ in 0..<reps {
                let c0 = threadCPUTime()
                let t0 = now()
                let t = classifyAll(engine, all)
                let t1 = now()
                let c1 = threadCPUTime()
                precondition(t == reference, "classification changed between passes")
                single.add(t1 - t0)
                cpu.add(c1 - c0)
            }

            var dual = Samples()
            var dualCPU = Samples()
            if !args.flag("no-threads") {
                let slots = UnsafeMutablePointer<(Tally, Double)>.allocate(capacity: 2)
                slots.initialize(repeating: (Tally(), 0), count: 2)
                defer { slots.deallocate() }
                let shared = SharedSlots(base: slots)
                for _ in 0..<reps {
                    let t0 = now()
                    runOnThreads(2) { i in
                        let c0 = threadCPUTime()
                        let t = classifyAll(engine, halves[i])
                        shared.base[i] = (t, threadCPUTime() - c0)
                    }
                    let t1 = now()
                    precondition((slots[0].0 + slots[1].0).sameCounts(reference), "split run disagrees with single run")
                    dual.add(t1 - t0)
                    dualCPU.add(slots[0].1 + slots[1].1)
                }
            }

            let rateBest = Double(facts.count) / single.best
            let rateMedian = Double(facts.count) / single.median
            let dualBest = Double(facts.count) / dual.best
            let noDual = dual.seconds.isEmpty
            rows.append([
                standard.id, "\(reps)", fixed(single.best * 1e3, 1), fixed(single.median * 1e3, 1),
                fixed(single.best * 1e9 / Double(facts.count), 1),
                si(rateBest), si(rateMedian), si(Double(facts.count) / cpu.best),
                noDual ? "-" : fixed(dual.best * 1e3, 1),
                noDual ? "-" : si(dualBest),
                noDual ? "-" : si(Double(facts.count) / dualCPU.best),
                noDual ? "-" : String(format: "%.2fx", single.best / dual.best),
                rateBest >= 10e6 ? "yes" : "NO",
            ])
            print("   \(standard.id): \(reference.classes); Σ D = \(reference.deprived), Σ unknown = \(reference.unknown)")
            result(["bench": "engine", "standard": standard.id, "households": "\(facts.count)",
                    "best_s": fixed(single.best, 6), "median_s": fixed(single.median, 6),
                    "per_core_best": fixed(rateBest, 0), "per_core_median": fixed(rateMedian, 0),
                    "cpu_best_s": fixed(cpu.best, 6), "per_cpu_second": fixed(Double(facts.count) / cpu.best, 0),
                    "two_threads_best_s": dual.seconds.isEmpty ? "-" : fixed(dual.best, 6),
                    "two_threads_total": dual.seconds.isEmpty ? "-" : fixed(dualBest, 0)])

            if explainReps > 0 {
                var ex = Samples()
                var bytes = 0
                for _ in 0..<explainReps {
                    let t0 = now()
                    let (t, b) = classifyAndExplainAll(engine, all)
                    ex.add(now() - t0)
                    precondition(t == reference)
                    bytes = b
                }
                explainRows.append([standard.id, "\(explainReps)", fixed(ex.best * 1e3, 0), fixed(ex.median * 1e3, 0),
                                    fixed(ex.best * 1e9 / Double(facts.count), 0), si(Double(facts.count) / ex.best),
                                    fixed(Double(bytes) / Double(facts.count), 0)])
                result(["bench": "engine_explain", "standard": standard.id, "households": "\(facts.count)",
                        "best_s": fixed(ex.best, 6), "per_core_best": fixed(Double(facts.count) / ex.best, 0)])
            }
        }
        print("")
        print("classify only (one thread = one core; 2 threads = households split in halves):")
        print("(wall-clock rates; \"hh/CPU-s\" divides by the thread CPU time instead, which other jobs on the machine")
        print(" do not inflate; 2-thr hh/CPU-s sums both threads' CPU time, so it is also per core)")
        printTable(["standard", "reps", "best ms", "median ms", "ns/hh", "hh/s/core best", "hh/s/core median", "hh/CPU-s",
                    "2-thr best ms", "2-thr hh/s", "2-thr hh/CPU-s", "scaling", "≥10M/s/core"], rows)
        if !explainRows.isEmpty {
            print("")
            print("classify + Standard.explanation(for:) (the sentence classification.csv carries), one thread:")
            printTable(["standard", "reps", "best ms", "median ms", "ns/hh", "hh/s/core best", "sentence bytes"], explainRows)
        }
        print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
        return 0
    }

    /// Generates a registry, writes it as CSV to a RAM-backed scratch directory and reads it back
    /// through the same decoder and conversion the CLI uses.
    static func loadFacts(households n: Int, seed: UInt64, year: Int) throws -> [HouseholdFacts] {
        let dir = try scratchDirectory("engine")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = try SyntheticRegistry(configuration: .init(households: n, seed: seed, year: year))
        var t0 = now()
        let summary = try registry.generate(to: dir)
        print(String(format: "   generated %d households / %d members, %.1f MB CSV in %.2f s",
                     summary.households, summary.members, Double(summary.bytesWritten) / 1e6, now() - t0))
        t0 = now()
        let set: RegistryFileSet
        do {
            set = try RegistryFileSet.read(
                households: dir.appendingPathComponent(SyntheticRegistry.householdsFileName),
                members: dir.appendingPathComponent(SyntheticRegistry.membersFileName), reviewYear: year)
        } catch let report as ImportErrorReport {
            for e in report.sortedErrors.prefix(20) { FileHandle.standardError.write(Data((e.description + "\n").utf8)) }
            throw UsageError("the generated registry did not validate (\(report.totalErrorCount) errors)")
        }
        let tRead = now() - t0
        t0 = now()
        var facts: [HouseholdFacts] = []
        facts.reserveCapacity(set.households.count)
        for i in set.households.indices {
            facts.append(set.households[i].engineFacts(members: set.members[i], reviewYear: year))
        }
        print(String(format: "   read + validated in %.2f s, converted to HouseholdFacts in %.2f s", tRead, now() - t0))
        return facts
    }
}
