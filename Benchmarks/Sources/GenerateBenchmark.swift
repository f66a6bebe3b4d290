import Foundation
import Synthetic

enum GenerateBenchmark {
    static let options: Set<String> = ["households", "seed", "year", "reps", "dir", "keep", "help"]

    static func run(_ args: Arguments) throws -> Int32 {
        let n = try args.int("households", default: 1_000_000)
        let seed = UInt64(try args.int("seed", default: 42))
        let year = try args.int("year", default: 2026)
        let reps = max(1, try args.int("reps", default: 3))
        let registry = try SyntheticRegistry(configuration: .init(households: n, seed: seed, year: year))
        let dir: URL
        let isScratch: Bool
        if let d = args.string("dir") {
            dir = URL(fileURLWithPath: d)
            isScratch = false
        } else {
            dir = try scratchDirectory("generate")
            isScratch = true
        }
        defer { if isScratch && !args.flag("keep") { try? FileManager.default.removeItem(at: dir) } }

        print("== generate: SyntheticRegistry, \(si(Double(n))) households (seed \(seed), year \(year)), \(reps) reps each")

        // 1. Households and members only (no CSV): forEachHousehold.
        var gen = Samples()
        var members = 0
        for _ in 0..<reps {
            var sum = 0
            let t0 = now()
            let s = registry.forEachHousehold { h in sum &+= h.members.count }
            gen.add(now() - t0)
            precondition(sum == s.members)
            members = s.members
        }

        // 2. Generation + CSV encoding into discarded buffers: encodeDiscardingOutput.
        var enc = Samples()
        var bytes = 0
        for _ in 0..<reps {
            let t0 = now()
            let s = registry.encodeDiscardingOutput()
            enc.add(now() - t0)
            bytes = s.bytesWritten
        }

        // 3. Writing the two files (page cache; then fsync measured separately).
        var write = Samples()
        var writeSync = Samples()
        for _ in 0..<reps {
            let t0 = now()
            let s = try registry.generate(to: dir)
            let t1 = now()
            for name in [SyntheticRegistry.householdsFileName, SyntheticRegistry.membersFileName] {
                let fd = open(dir.appendingPathComponent(name).path, O_RDONLY)
                if fd >= 0 { fsync(fd); close(fd) }
            }
            let t2 = now()
            precondition(s.bytesWritten == bytes, "generate(to:) wrote other bytes than the encoder produced")
            write.add(t1 - t0)
            writeSync.add(t2 - t0)
        }

        let mb = Double(bytes) / 1e6
        let rows: [[String]] = [
            ["forEachHousehold (records only)", fixed(gen.best, 3), fixed(gen.median, 3), si(Double(n) / gen.best), "-"],
            ["encodeDiscardingOutput (CSV bytes)", fixed(enc.best, 3), fixed(enc.median, 3), si(Double(n) / enc.best),
             fixed(mb / enc.best, 0)],
            ["generate(to:) → \(dir.path)", fixed(write.best, 3), fixed(write.median, 3), si(Double(n) / write.best),
             fixed(mb / write.best, 0)],
            ["generate(to:) + fsync", fixed(writeSync.best, 3), fixed(writeSync.median, 3), si(Double(n) / writeSync.best),
             fixed(mb / writeSync.best, 0)],
        ]
        print(String(format: "   %d households, %d members, %.1f MB of CSV (%.0f bytes / household)",
                     n, members, mb, Double(bytes) / Double(max(1, n))))
        printTable(["measurement", "best s", "median s", "hh/s", "MB/s"], rows)
        let perHousehold = write.best / Double(max(1, n))
        print(String(format: "   extrapolated to 27M households (linear; memory is flat): encode %.0f s, write %.0f s, %.1f GB",
                     enc.best / Double(max(1, n)) * 27e6, perHousehold * 27e6, Double(bytes) / Double(max(1, n)) * 27e6 / 1e9))
        print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))
        result(["bench": "generate", "households": "\(n)", "members": "\(members)", "bytes": "\(bytes)",
                "records_best_s": fixed(gen.best, 4), "encode_best_s": fixed(enc.best, 4),
                "write_best_s": fixed(write.best, 4), "write_fsync_best_s": fixed(writeSync.best, 4),
                "peak_rss_mib": fixed(peakRSSMiB(), 0)])
        return 0
    }
}
