/// BLAKE2b (RFC 7693), unkeyed, with a digest of 1…64 bytes.
///
/// Argon2 is defined on top of BLAKE2b (RFC 9106 §3.2), and the project takes no cryptography
/// dependency for one hash function, so this is a plain implementation of the RFC. It is only used
/// to derive Argon2's first blocks and its tag (a few kilobytes per password), so it favours
/// clarity over speed; the memory-hard part of Argon2 does not use it.
struct BLAKE2b {
    /// The initialisation vector: the first 64 bits of the fractional parts of the square roots of
    /// the first eight primes (the same constants as SHA-512).
    static let iv: [UInt64] = [
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
    ]

    /// The message schedule: which message words each round mixes in (rounds 10 and 11 repeat 0 and 1).
    static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// Bytes per message block.
    static let blockLength = 128

    private var h: [UInt64]
    /// Bytes compressed so far (the RFC's 128-bit counter; passwords never need the high half,
    /// but it is kept so the function is BLAKE2b for every length).
    private var countLow: UInt64 = 0
    private var countHigh: UInt64 = 0
    /// Input not compressed yet. The last block must be compressed with the final flag, so a full
    /// buffer stays here until more input shows it was not the last.
    private var buffer: [UInt8] = []
    let outputLength: Int

    /// Starts a hash whose digest will be `outputLength` bytes (1…64).
    ///
    /// The length is part of the parameter block, so BLAKE2b-256 is not a prefix of BLAKE2b-512:
    /// the caller must know the length up front.
    init(outputLength: Int) {
        precondition((1...64).contains(outputLength), "BLAKE2b: digest length must be 1…64 bytes")
        self.outputLength = outputLength
        h = BLAKE2b.iv
        // Parameter block word 0: digest length, key length 0, fanout 1, depth 1.
        h[0] ^= 0x0101_0000 ^ UInt64(outputLength)
        buffer.reserveCapacity(BLAKE2b.blockLength)
    }

    /// Adds `bytes` to the message.
    mutating func update(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            if buffer.count == BLAKE2b.blockLength {
                compressBuffer(final: false)
                buffer.removeAll(keepingCapacity: true)
            }
            buffer.append(byte)
        }
    }

    /// Adds `value` as four little-endian bytes, the way Argon2 writes every length and parameter.
    mutating func update(littleEndian value: UInt32) {
        update([
            UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24),
        ])
    }

    /// The digest. The hash cannot be updated afterwards (the value is consumed).
    consuming func finalize() -> [UInt8] {
        compressBuffer(final: true)
        var out = [UInt8]()
        out.reserveCapacity(outputLength)
        for i in 0..<outputLength {
            out.append(UInt8(truncatingIfNeeded: h[i / 8] >> (8 * UInt64(i % 8))))
        }
        return out
    }

    /// The `outputLength`-byte digest of `message` in one call.
    static func hash(_ message: some Collection<UInt8>, outputLength: Int = 64) -> [UInt8] {
        var hasher = BLAKE2b(outputLength: outputLength)
        hasher.update(message)
        return hasher.finalize()
    }

    /// Compresses the buffered bytes (zero-padded to a block) into the state.
    private mutating func compressBuffer(final: Bool) {
        let (sum, carry) = countLow.addingReportingOverflow(UInt64(buffer.count))
        countLow = sum
        if carry { countHigh &+= 1 }
        var m = [UInt64](repeating: 0, count: 16)
        for (i, byte) in buffer.enumerated() {
            m[i / 8] |= UInt64(byte) << (8 * UInt64(i % 8))
        }
        var v = h + BLAKE2b.iv
        v[12] ^= countLow
        v[13] ^= countHigh
        if final { v[14] = ~v[14] }
        for round in 0..<12 {
            let s = BLAKE2b.sigma[round % 10]
            mix(&v, 0, 4, 8, 12, m[s[0]], m[s[1]])
            mix(&v, 1, 5, 9, 13, m[s[2]], m[s[3]])
            mix(&v, 2, 6, 10, 14, m[s[4]], m[s[5]])
            mix(&v, 3, 7, 11, 15, m[s[6]], m[s[7]])
            mix(&v, 0, 5, 10, 15, m[s[8]], m[s[9]])
            mix(&v, 1, 6, 11, 12, m[s[10]], m[s[11]])
            mix(&v, 2, 7, 8, 13, m[s[12]], m[s[13]])
            mix(&v, 3, 4, 9, 14, m[s[14]], m[s[15]])
        }
        for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
    }

    /// The mixing function G of RFC 7693 §3.1.
    @inline(__always)
    private func mix(_ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
        v[a] = v[a] &+ v[b] &+ x
        v[d] = rotateRight(v[d] ^ v[a], 32)
        v[c] = v[c] &+ v[d]
        v[b] = rotateRight(v[b] ^ v[c], 24)
        v[a] = v[a] &+ v[b] &+ y
        v[d] = rotateRight(v[d] ^ v[a], 16)
        v[c] = v[c] &+ v[d]
        v[b] = rotateRight(v[b] ^ v[c], 63)
    }
}

/// `x` rotated right by `n` bits (0 < n < 64); the compiler turns it into one rotate instruction.
@inline(__always)
private func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 {
    (x >> n) | (x << (64 - n))
}
