import Foundation
import PersonalDataProtection

/// `crypto`: the per-number cost of CCCD protection (roles.md §6) that a bulk import pays on its
/// sealing stage — seal (AES-256-GCM) and keyed hash (HMAC-SHA256/128) — and that reads pay to
/// open, over N distinct 12-digit numbers, one thread.
enum CryptoBenchmark {
    static let options: Set<String> = ["count", "reps", "variants"]

    static func run(_ args: Arguments) throws -> Int32 {
        let count = try args.int("count", default: 1_000_000)
        if args.flag("variants") { CryptoVariants.run(count: count); return 0 }
        let reps = try args.int("reps", default: 3)
        let cipher = NationalIDCipher(key: .generate())
        let numbers = (0..<count).map { String(format: "%03d%09d", 1 + $0 % 96, $0) }
        var sealed: [[UInt8]] = []
        sealed.reserveCapacity(count)
        let batch = NationalIDBatchSealer(cipher: cipher)
        var seal = Samples(), batchSeal = Samples(), hash = Samples(), open = Samples()
        var sink = 0
        for _ in 0..<reps {
            sealed.removeAll(keepingCapacity: true)
            var t = now()
            for n in numbers { sealed.append(cipher.seal(n)) }
            seal.add(now() - t)
            t = now()
            for n in numbers { sink &+= batch.seal(n) { Int($0[0]) } }
            batchSeal.add(now() - t)
            t = now()
            for n in numbers { sink &+= cipher.lookupHash(n) { Int($0[0]) } }
            hash.add(now() - t)
            t = now()
            for s in sealed { sink &+= try cipher.open(s).utf8.count }
            open.add(now() - t)
        }
        print("CCCD protection, \(si(Double(count))) numbers, best of \(reps) (median), one thread:")
        printTable(["operation", "total s", "ns/number", "median s"], [seal, batchSeal, hash, open].enumerated().map { i, s in
            [["seal (AES-256-GCM, nonce per call)", "seal, batch sealer (pooled nonces, in place)", "keyed hash (HMAC-SHA256/128)", "open"][i],
             fixed(s.best), fixed(s.best / Double(count) * 1e9, 0),
             fixed(s.median)]
        })
        if sink == 42 { print("") }  // keeps the results alive
        return 0
    }
}
