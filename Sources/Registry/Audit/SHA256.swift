/// SHA-256 (hàm băm SHA-256) of FIPS 180-4, in pure Swift.
///
/// Written here rather than taken from CryptoKit or swift-crypto because the package runs on Linux
/// without extra dependencies, and the audit chain only needs a digest, not a crypto library.
/// Each 64-byte block is compressed straight from the caller's memory, so hashing millions of
/// short audit entries costs no allocation beyond the result.
public enum SHA256 {
    /// The 32-byte digest of `data` (giá trị băm).
    public static func digest(_ data: [UInt8]) -> [UInt8] {
        var hasher = Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest of `bytes` as 64 lowercase hex digits (chuỗi băm dạng hex), e.g.
    /// `SHA256.hex("abc".utf8)`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// An incremental SHA-256 (băm từng phần), for input that arrives in pieces such as an export
    /// file written row by row, or a hash over two strings that should not be concatenated first.
    public struct Hasher: Sendable {
        private var state = State()
        private var block = Block()
        private var buffered = 0
        private var length: UInt64 = 0

        /// A hasher that has seen no input.
        public init() {}

        /// Feeds `bytes`.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard var source = bytes.baseAddress, bytes.count > 0 else { return }
            var remaining = bytes.count
            length &+= UInt64(remaining)
            if buffered > 0 {
                let offset = buffered
                let take = Swift.min(64 - offset, remaining)
                withUnsafeMutableBytes(of: &block) { $0.baseAddress!.advanced(by: offset).copyMemory(from: source, byteCount: take) }
                buffered += take
                source += take
                remaining -= take
                guard buffered == 64 else { return }
                let full = block
                withUnsafeBytes(of: full) { state.compress($0.baseAddress!) }
                buffered = 0
            }
            while remaining >= 64 {
                state.compress(source)
                source += 64
                remaining -= 64
            }
            if remaining > 0 {
                let count = remaining
                withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: source, byteCount: count) }
                buffered = count
            }
        }

        /// Feeds `bytes`; contiguous storage (arrays, native strings' UTF-8) is read in place.
        public mutating func update(_ bytes: some Sequence<UInt8>) {
            let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
            if done == nil {
                Array(bytes).withUnsafeBytes { update($0) }
            }
        }

        /// The digest of everything fed so far; the hasher itself is left as it was, so more input
        /// may follow.
        public func finalize() -> [UInt8] {
            var digest = [UInt8]()
            digest.reserveCapacity(32)
            finalState().forEachWord { word in
                digest.append(UInt8(truncatingIfNeeded: word >> 24))
                digest.append(UInt8(truncatingIfNeeded: word >> 16))
                digest.append(UInt8(truncatingIfNeeded: word >> 8))
                digest.append(UInt8(truncatingIfNeeded: word))
            }
            return digest
        }

        /// ``finalize()`` as 64 lowercase hex digits, built without an intermediate byte array.
        public func finalizeHex() -> String {
            let state = finalState()
            return String(unsafeUninitializedCapacity: 64) { out in
                var i = 0
                state.forEachWord { word in
                    var shift: UInt32 = 28
                    while true {
                        let nibble = UInt8(truncatingIfNeeded: (word >> shift) & 0xF)
                        out[i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                        i += 1
                        if shift == 0 { break }
                        shift -= 4
                    }
                }
                return 64
            }
        }

        /// The state after padding: a 1 bit, zeros, and the message length in bits, big-endian,
        /// filling the last block.
        private func finalState() -> State {
            var copy = self
            let bitLength = length &* 8
            let padLength = buffered < 56 ? 56 - buffered : 120 - buffered
            var padding = (Block(), Block())
            withUnsafeMutableBytes(of: &padding) { bytes in
                bytes[0] = 0x80
                for i in 0..<8 {
                    bytes[padLength + i] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(i)))
                }
            }
            withUnsafeBytes(of: padding) { copy.update(UnsafeRawBufferPointer(rebasing: $0[0..<(padLength + 8)])) }
            return copy.state
        }
    }

    /// 64 bytes of block storage that lives inline in the hasher.
    struct Block: Sendable {
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// The eight working hash values H0…H7.
    struct State: Sendable {
        var h0: UInt32 = 0x6a09_e667
        var h1: UInt32 = 0xbb67_ae85
        var h2: UInt32 = 0x3c6e_f372
        var h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f
        var h5: UInt32 = 0x9b05_688c
        var h6: UInt32 = 0x1f83_d9ab
        var h7: UInt32 = 0x5be0_cd19

        /// Calls `body` with H0…H7 in order, the digest's big-endian word order.
        @inline(__always)
        func forEachWord(_ body: (UInt32) -> Void) {
            body(h0); body(h1); body(h2); body(h3); body(h4); body(h5); body(h6); body(h7)
        }

        /// Processes the 64-byte block at `block` (any alignment).
        mutating func compress(_ block: UnsafeRawPointer) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for i in 0..<16 {
                    w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                }
                for i in 16..<64 {
                    let x = w[i &- 15], y = w[i &- 2]
                    let s0 = rotate(x, 7) ^ rotate(x, 18) ^ (x &>> 3)
                    let s1 = rotate(y, 17) ^ rotate(y, 19) ^ (y &>> 10)
                    w[i] = w[i &- 16] &+ s0 &+ w[i &- 7] &+ s1
                }
                var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                SHA256.roundConstants.withUnsafeBufferPointer { k in
                    for i in 0..<64 {
                        let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                        let choose = (e & f) ^ (~e & g)
                        let t1 = h &+ sum1 &+ choose &+ k[i] &+ w[i]
                        let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = sum0 &+ majority
                        h = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ t2
                    }
                }
                h0 &+= a
                h1 &+= b
                h2 &+= c
                h3 &+= d
                h4 &+= e
                h5 &+= f
                h6 &+= g
                h7 &+= h
            }
        }

        @inline(__always)
        private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }
    }

    /// K0…K63: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
