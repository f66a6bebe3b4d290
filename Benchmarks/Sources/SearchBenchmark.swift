import Foundation
import GRDB
import Store
import StoreSQLite
import VietnameseText

/// `search --db FILE [--queries Q] [--seed S]`: latency of `SQLiteRegistryStore.search` for Q
/// name queries drawn at random from the registry's own members (the full name typed without
/// diacritics in lower case, as a commune officer types it), first page of 20, each query a
/// complete search including its `read_personal` audit entry. Prints p50/p90/p99/max.
enum SearchBenchmark {
    static let options: Set<String> = ["db", "queries", "seed"]

    static func run(_ args: Arguments) throws -> Int32 {
        guard let path = args.string("db") else { throw UsageError("--db FILE is required") }
        let count = try args.int("queries", default: 1_000)
        var rng = UInt64(try args.int("seed", default: 42))
        func next() -> UInt64 {
            rng &+= 0x9E37_79B9_7F4A_7C15
            var z = rng
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        // Names drawn uniformly over members: random household ids, then one of its members.
        let queue = try DatabaseQueue(path: path)
        let names: [String] = try queue.read { db in
            let maxID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM household") ?? 0
            guard maxID > 0 else { return [] }
            var names: [String] = []
            let statement = try db.makeStatement(sql: "SELECT full_name FROM member WHERE household_id = ? ORDER BY member_no")
            while names.count < count {
                let id = Int64(next() % UInt64(maxID)) + 1
                let members = try String.fetchAll(statement, arguments: [id])
                guard !members.isEmpty else { continue }
                names.append(members[Int(next() % UInt64(members.count))])
            }
            return names
        }
        try queue.close()
        guard !names.isEmpty else { throw UsageError("the registry is empty") }
        let store = try SQLiteRegistryStore(path: path)
        let context = AccessContext(account: "benchmark", role: "COM", purpose: "review")
        // Warm-up: the first queries load the index pages from disk.
        for name in names.prefix(20) { _ = try store.search(SearchQuery(VietnameseText.fold(name)), context: context) }
        let (h, m) = try store.counts()
        // Two passes: typed without diacritics in lower case (the common way), and as written.
        for (label, typed) in [("folded, no diacritics", names.map(VietnameseText.fold)), ("as written, with diacritics", names)] {
            var latencies: [Double] = []
            var hits = 0, firstIsWhole = 0
            for (name, text) in zip(names, typed) {
                let query = SearchQuery(text)
                let t0 = now()
                let page = try store.search(query, context: context)
                latencies.append(now() - t0)
                hits += page.hits.count
                if page.hits.first.map({ $0.match == .fullName && VietnameseText.fold($0.fullName) == VietnameseText.fold(name) }) == true {
                    firstIsWhole += 1
                }
            }
            latencies.sort()
            func p(_ q: Double) -> Double { latencies[min(latencies.count - 1, Int((Double(latencies.count) * q).rounded(.up)) - 1)] * 1000 }
            print("search: \(names.count) random full-name queries (\(label)) on \(h) households / \(m) members")
            print("  p50 \(fixed(p(0.5), 2)) ms  p90 \(fixed(p(0.9), 2)) ms  p99 \(fixed(p(0.99), 2)) ms  max \(fixed(latencies.last! * 1000, 2)) ms")
            print("  hits per page \(fixed(Double(hits) / Double(names.count), 1)); first hit is a whole-name match: \(firstIsWhole)/\(names.count)")
        }
        return 0
    }
}
