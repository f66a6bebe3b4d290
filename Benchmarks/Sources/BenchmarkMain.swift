import Foundation

enum BenchmarkMain {
    static let usage = """
        usage: GiamNgheoBenchmarks <command> [options]   (build with: swift build -c release)

          engine   --households N [--seed S] [--year Y] [--reps R] [--standard ID] [--explain-reps E] [--no-threads]
                   Generates N households, round-trips them through CSV and the CLI's decoder, then times
                   ClassificationEngine.classify over all of them for each shipped standard: one thread
                   (R reps, best and median) and two threads (households split in halves).
                   Defaults: N 1000000, S 42, Y 2026, R 15, E 3.
          generate --households N [--seed S] [--year Y] [--reps R] [--dir PATH] [--keep]
                   Times SyntheticRegistry: records only, CSV encoding (encodeDiscardingOutput) and
                   writing households.csv/members.csv (to PATH, default a tmpfs scratch directory).
                   Defaults: N 1000000, S 42, Y 2026, R 3.
          search   --db FILE [--queries Q] [--seed S]
                   Latency of the registry search for Q random full names of the registry's members,
                   typed folded (no diacritics, lower case): p50/p90/p99/max. Defaults: Q 1000, S 42.
          crypto   [--count N] [--reps R] [--variants]
                   Per-number cost of CCCD protection: seal, keyed hash, open; --variants: the alternatives
                   compared (ChaCha20-Poly1305 and AES-GCM, swift-crypto's HMAC and a prepared SHA-256).
                   Defaults: N 1000000, R 3.
        """

    static func run(_ argv: [String]) -> Int32 {
        guard let command = argv.first, !["-h", "--help", "help"].contains(command) else {
            print(usage)
            return argv.isEmpty ? 64 : 0
        }
        do {
            let args = try Arguments(Array(argv.dropFirst()))
            if args.flag("help") { print(usage); return 0 }
            let known: Set<String>
            switch command {
            case "engine": known = EngineBenchmark.options
            case "generate": known = GenerateBenchmark.options
            case "search": known = SearchBenchmark.options
            case "crypto": known = CryptoBenchmark.options
            default: throw UsageError("unknown command \"\(command)\"")
            }
            let bad = args.unknown(known)
            guard bad.isEmpty else { throw UsageError("unknown option(s): " + bad.map { "--" + $0 }.joined(separator: ", ")) }
            guard args.positional.isEmpty else { throw UsageError("unexpected argument(s): \(args.positional)") }
            switch command {
            case "engine": return try EngineBenchmark.run(args)
            case "search": return try SearchBenchmark.run(args)
            case "crypto": return try CryptoBenchmark.run(args)
            default: return try GenerateBenchmark.run(args)
            }
        } catch let e as UsageError {
            FileHandle.standardError.write(Data("error: \(e)\n\n\(usage)\n".utf8))
            return 64
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }
}
