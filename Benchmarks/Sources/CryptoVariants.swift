import Crypto
import Foundation

/// The alternatives compared when choosing how to seal and hash CCCD numbers
/// (`GiamNgheoBenchmarks crypto --variants`): for 12-byte values the cost is swift-crypto's
/// per-call work, which differs between its AEADs and between its HMAC and a prepared SHA-256.
enum CryptoVariants {
    static func run(count: Int) {
        let key = SymmetricKey(size: .bits256)
        let numbers = (0..<count).map { String(format: "%03d%09d", 1 + $0 % 96, $0) }
        let datas = numbers.map { Data($0.utf8) }
        let nonceData = Data((0..<12).map { UInt8($0) })
        let nonce = try! ChaChaPoly.Nonce(data: nonceData)
        var sink = 0
        var t = now()
        for d in datas { sink &+= try! ChaChaPoly.seal(d, using: key, nonce: nonce).combined.count }
        print("seal Data msg, fixed nonce: \(Int((now() - t) / Double(count) * 1e9)) ns")
        t = now()
        for d in datas { sink &+= try! ChaChaPoly.seal(d, using: key, nonce: try! ChaChaPoly.Nonce(data: nonceData)).combined.count }
        print("seal Data msg, Nonce(data: Data): \(Int((now() - t) / Double(count) * 1e9)) ns")
        t = now()
        for d in datas { sink &+= try! AES.GCM.seal(d, using: key, nonce: try! AES.GCM.Nonce(data: nonceData)).combined!.count }
        print("AES-GCM seal Data msg: \(Int((now() - t) / Double(count) * 1e9)) ns")
        let hmac = HMAC<SHA256>(key: key)
        t = now()
        for d in datas { var m = hmac; m.update(data: d); sink &+= m.finalize().withUnsafeBytes { Int($0[0]) } }
        print("HMAC template copy, Data: \(Int((now() - t) / Double(count) * 1e9)) ns")
        t = now()
        for d in datas { sink &+= HMAC<SHA256>.authenticationCode(for: d, using: key).withUnsafeBytes { Int($0[0]) } }
        print("HMAC one-shot: \(Int((now() - t) / Double(count) * 1e9)) ns")
        var inner = SHA256(), outer = SHA256()
        key.withUnsafeBytes { k in
            var ipad = [UInt8](repeating: 0x36, count: 64), opad = [UInt8](repeating: 0x5c, count: 64)
            for i in 0..<k.count { ipad[i] ^= k[i]; opad[i] ^= k[i] }
            inner.update(data: ipad); outer.update(data: opad)
        }
        t = now()
        for d in datas {
            var i = inner
            d.withUnsafeBytes { i.update(bufferPointer: $0) }
            let x = i.finalize()
            var o = outer
            x.withUnsafeBytes { o.update(bufferPointer: $0) }
            sink &+= o.finalize().withUnsafeBytes { Int($0[0]) }
        }
        print("SHA256 templates (manual HMAC): \(Int((now() - t) / Double(count) * 1e9)) ns")
        t = now()
        for d in datas { sink &+= SHA256.hash(data: d).withUnsafeBytes { Int($0[0]) } }
        print("SHA256 one-shot: \(Int((now() - t) / Double(count) * 1e9)) ns")
        if sink == 42 { print() }
    }
}
