/// Argon2id, version 0x13 (RFC 9106): the memory-hard function that turns a password (mật khẩu)
/// into a tag that is expensive to guess from.
///
/// Argon2id is RFC 9106's first recommendation: its first half-pass uses data-independent
/// addressing, which resists side channels, and the rest is data-dependent, which resists
/// time–memory trade-offs. Most callers want ``PasswordHasher``, which adds salts, Unicode
/// normalisation and the PHC string format; this is the raw function for tests and other formats.
public enum Argon2id {
    /// The Argon2 version implemented (0x13 = 19, the one RFC 9106 standardises); it is the `v=19`
    /// of encoded hashes.
    public static let version = 0x13

    /// The tag of `password` under `salt` and `parameters` (RFC 9106 §3).
    ///
    /// - Parameters:
    ///   - password: The password bytes; ``PasswordHasher`` passes NFC-normalised UTF-8.
    ///   - salt: Random bytes unique to this password, at least 8 (16 recommended), so equal
    ///     passwords get different tags and precomputed tables are useless.
    ///   - parameters: Costs and tag length; must satisfy ``Argon2Parameters/isValid``.
    ///   - secret: An optional key (pepper, khóa bí mật) kept outside the database, so a stolen
    ///     database alone cannot be attacked.
    ///   - associatedData: Optional context bound into the tag.
    /// - Returns: `parameters.tagLength` bytes.
    /// - Precondition: valid parameters, a salt of 8 bytes or more, every input shorter than 2³² bytes.
    ///   These are programming errors, not user input, so they trap rather than throw.
    public static func hash(
        password: [UInt8], salt: [UInt8], parameters: Argon2Parameters,
        secret: [UInt8] = [], associatedData: [UInt8] = []
    ) -> [UInt8] {
        precondition(parameters.isValid, "Argon2id: parameters outside RFC 9106's ranges: \(parameters)")
        precondition(salt.count >= 8, "Argon2id: the salt must be at least 8 bytes")
        let limit = Int(UInt32.max)
        precondition(
            password.count <= limit && salt.count <= limit && secret.count <= limit && associatedData.count <= limit,
            "Argon2id: inputs must be shorter than 2^32 bytes")

        // H0 (RFC 9106 §3.2 step 1): every input and parameter, each length-prefixed.
        var h = BLAKE2b(outputLength: 64)
        for value in [parameters.parallelism, parameters.tagLength, parameters.memoryKiB, parameters.iterations,
                      version, Argon2Memory.typeArgon2id] {
            h.update(littleEndian: UInt32(value))
        }
        for field in [password, salt, secret, associatedData] {
            h.update(littleEndian: UInt32(field.count))
            h.update(field)
        }
        let h0 = h.finalize()

        let memory = Argon2Memory(
            memoryKiB: parameters.memoryKiB, lanes: parameters.parallelism, passes: parameters.iterations)
        defer { memory.wipeAndDeallocate() }
        memory.initialiseFirstBlocks(h0: h0)
        memory.fill()
        return variableLengthHash(memory.finalBlockBytes(), outputLength: parameters.tagLength)
    }

    /// H′, Argon2's variable-length hash (RFC 9106 §3.3): BLAKE2b chained in 32-byte steps for
    /// outputs longer than 64 bytes. Used for the 1 KiB first blocks and for the tag.
    static func variableLengthHash(_ input: [UInt8], outputLength: Int) -> [UInt8] {
        var first = BLAKE2b(outputLength: min(outputLength, 64))
        first.update(littleEndian: UInt32(outputLength))
        first.update(input)
        if outputLength <= 64 { return first.finalize() }

        let r = (outputLength + 31) / 32 - 2
        var v = first.finalize()
        var out = [UInt8]()
        out.reserveCapacity(outputLength)
        out += v[0..<32]
        for _ in 1..<r {
            v = BLAKE2b.hash(v, outputLength: 64)
            out += v[0..<32]
        }
        out += BLAKE2b.hash(v, outputLength: outputLength - 32 * r)
        return out
    }
}

/// The memory of one Argon2 computation and the filling of it (RFC 9106 §3.2–3.4).
///
/// A 64 MiB hash computes about 200,000 block compressions, so everything here works on raw
/// `UInt64` words through pointers, with no allocation, bounds check or overflow check per block:
/// login must stay well under a second, and the tests run in debug builds.
final class Argon2Memory {
    /// The `y` of RFC 9106 for Argon2id.
    static let typeArgon2id = 2
    /// 64-bit words per 1 KiB block.
    static let blockWords = 128
    /// Segments per lane per pass (the synchronisation points).
    static let syncPoints = 4
    /// Pseudo-random values per address block in data-independent addressing.
    static let addressesPerBlock = 128

    let lanes: Int
    let passes: Int
    let laneLength: Int
    let segmentLength: Int
    let blockCount: Int
    private let words: UnsafeMutableBufferPointer<UInt64>
    /// Five scratch blocks: compression state R, its copy, the zero block, the address input
    /// block and the address block, so that no block allocates.
    private let scratch: UnsafeMutableBufferPointer<UInt64>
    /// Every bit set, read from the instance at run time so the optimiser cannot tell (see
    /// `rotateRight(_:_:_:)`).
    private let ones: Pair

    init(memoryKiB: Int, lanes: Int, passes: Int) {
        self.lanes = lanes
        self.passes = passes
        // m' = 4p ⌊m / 4p⌋ blocks.
        segmentLength = memoryKiB / (Argon2Memory.syncPoints * lanes)
        laneLength = segmentLength * Argon2Memory.syncPoints
        blockCount = laneLength * lanes
        // Every block is written before it is read, so the memory needs no initialisation.
        words = .allocate(capacity: blockCount * Argon2Memory.blockWords)
        scratch = .allocate(capacity: 5 * Argon2Memory.blockWords)
        scratch.initialize(repeating: 0)
        ones = Pair(repeating: ~0)
    }

    /// Zeroes the password-derived memory before giving it back, so it does not linger in freed pages.
    func wipeAndDeallocate() {
        words.update(repeating: 0)
        scratch.update(repeating: 0)
        words.deallocate()
        scratch.deallocate()
    }

    private func block(lane: Int, column: Int) -> UnsafeMutablePointer<UInt64> {
        words.baseAddress! + (lane * laneLength + column) * Argon2Memory.blockWords
    }

    /// B[i][0] and B[i][1] of every lane: H′(H0 ‖ LE32(column) ‖ LE32(lane)).
    func initialiseFirstBlocks(h0: [UInt8]) {
        for lane in 0..<lanes {
            for column in 0..<2 {
                var input = h0
                for value in [UInt32(column), UInt32(lane)] {
                    withUnsafeBytes(of: value.littleEndian) { input += $0 }
                }
                let bytes = Argon2id.variableLengthHash(input, outputLength: 1024)
                let target = block(lane: lane, column: column)
                for w in 0..<Argon2Memory.blockWords {
                    var word: UInt64 = 0
                    for b in 0..<8 { word |= UInt64(bytes[8 * w + b]) << (8 * UInt64(b)) }
                    target[w] = word
                }
            }
        }
    }

    /// Every pass, slice and lane in order. Lanes within a slice only read each other's earlier
    /// slices, so filling them one after another gives exactly the result of parallel threads.
    func fill() {
        for pass in 0..<passes {
            for slice in 0..<Argon2Memory.syncPoints {
                for lane in 0..<lanes {
                    fillSegment(pass: pass, lane: lane, slice: slice)
                }
            }
        }
    }

    /// C = XOR of the last block of every lane, as little-endian bytes: the input of the tag.
    func finalBlockBytes() -> [UInt8] {
        let c = scratch.baseAddress!
        let last = block(lane: 0, column: laneLength - 1)
        for w in 0..<Argon2Memory.blockWords { c[w] = last[w] }
        for lane in 1..<lanes {
            let other = block(lane: lane, column: laneLength - 1)
            for w in 0..<Argon2Memory.blockWords { c[w] ^= other[w] }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(1024)
        for w in 0..<Argon2Memory.blockWords {
            withUnsafeBytes(of: c[w].littleEndian) { bytes += $0 }
        }
        return bytes
    }

    /// Fills one segment (RFC 9106 §3.4), following the reference implementation's fill_segment.
    private func fillSegment(pass: Int, lane: Int, slice: Int) {
        let blockWords = Argon2Memory.blockWords
        let base = words.baseAddress!
        let zero = scratch.baseAddress! + 2 * blockWords
        let addressInput = scratch.baseAddress! + 3 * blockWords
        let addresses = scratch.baseAddress! + 4 * blockWords

        // Argon2id: data-independent addressing in the first half of the first pass only.
        let independent = pass == 0 && slice < Argon2Memory.syncPoints / 2
        if independent {
            for w in 0..<blockWords { zero[w] = 0; addressInput[w] = 0 }
            addressInput[0] = UInt64(pass)
            addressInput[1] = UInt64(lane)
            addressInput[2] = UInt64(slice)
            addressInput[3] = UInt64(blockCount)
            addressInput[4] = UInt64(passes)
            addressInput[5] = UInt64(Argon2Memory.typeArgon2id)
        }

        var startIndex = 0
        if pass == 0 && slice == 0 {
            startIndex = 2  // B[i][0] and B[i][1] come from H0
            if independent { nextAddresses(input: addressInput, zero: zero, into: addresses) }
        }

        var current = lane * laneLength + slice * segmentLength + startIndex
        var previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1

        for index in startIndex..<segmentLength {
            if current % laneLength == 1 { previous = current - 1 }
            let pseudoRandom: UInt64
            if independent {
                if index % Argon2Memory.addressesPerBlock == 0 {
                    nextAddresses(input: addressInput, zero: zero, into: addresses)
                }
                pseudoRandom = addresses[index % Argon2Memory.addressesPerBlock]
            } else {
                pseudoRandom = base[previous * blockWords]
            }
            // J2 picks the lane, J1 the block within it; the first slice of the first pass only
            // has its own lane to refer to.
            let referenceLane = pass == 0 && slice == 0 ? lane : Int((pseudoRandom >> 32) % UInt64(lanes))
            let referenceColumn = referenceIndex(
                pass: pass, slice: slice, index: index, j1: pseudoRandom & 0xFFFF_FFFF,
                sameLane: referenceLane == lane)
            compress(
                previous: base + previous * blockWords,
                reference: base + (referenceLane * laneLength + referenceColumn) * blockWords,
                into: base + current * blockWords,
                xorWithOld: pass > 0)  // version 0x13 XORs over the previous pass
            current += 1
            previous += 1
        }
    }

    /// The next block of pseudo-random addresses: G(0, G(0, input)) after bumping the counter.
    private func nextAddresses(
        input: UnsafeMutablePointer<UInt64>, zero: UnsafeMutablePointer<UInt64>, into addresses: UnsafeMutablePointer<UInt64>
    ) {
        input[6] &+= 1
        compress(previous: zero, reference: input, into: addresses, xorWithOld: false)
        compress(previous: zero, reference: addresses, into: addresses, xorWithOld: false)
    }

    /// The column of the reference block (RFC 9106 §3.4.2): J1 mapped non-uniformly onto the
    /// blocks that may be referenced, favouring recent ones.
    private func referenceIndex(pass: Int, slice: Int, index: Int, j1: UInt64, sameLane: Bool) -> Int {
        let areaSize: Int
        if pass == 0 {
            if slice == 0 {
                areaSize = index - 1
            } else if sameLane {
                areaSize = slice * segmentLength + index - 1
            } else {
                areaSize = slice * segmentLength + (index == 0 ? -1 : 0)
            }
        } else if sameLane {
            areaSize = laneLength - segmentLength + index - 1
        } else {
            areaSize = laneLength - segmentLength + (index == 0 ? -1 : 0)
        }
        let x = (j1 &* j1) >> 32
        let y = (UInt64(areaSize) &* x) >> 32
        let relative = Int(UInt64(areaSize) &- 1 &- y)
        let start =
            pass == 0 || slice == Argon2Memory.syncPoints - 1 ? 0 : (slice + 1) * segmentLength
        return (start + relative) % laneLength
    }

    /// The compression function G (RFC 9106 §3.5): R = X ⊕ Y, permuted by P on rows then on
    /// columns, XORed with R; with `xorWithOld` the old contents of the target too (version 0x13).
    /// `into` may be `reference` (address generation); it is only written at the end.
    private func compress(
        previous: UnsafeMutablePointer<UInt64>, reference: UnsafeMutablePointer<UInt64>,
        into target: UnsafeMutablePointer<UInt64>, xorWithOld: Bool
    ) {
        let blockWords = Argon2Memory.blockWords
        let r = scratch.baseAddress!
        let keep = scratch.baseAddress! + blockWords
        // The reference block is a random one of the 64 MiB, so its 16 cache lines (8 words each)
        // usually come from RAM. Reading the first word of every line first lets the CPU fetch all
        // 16 at once rather than a few at a time (a hash took 12% less time here than word by word).
        for offset in stride(from: 0, to: 8, by: 2) {
            for w in stride(from: offset, to: blockWords, by: 8) {
                let x = loadPair(previous, w) ^ loadPair(reference, w)
                storePair(x, r, w)
                storePair(x, keep, w)
            }
        }
        if xorWithOld {
            for w in 0..<blockWords { keep[w] ^= target[w] }
        }
        let ones = self.ones
        for row in 0..<8 { permuteRow(r + 16 * row, ones) }
        for column in 0..<8 { permuteColumn(r + 2 * column, ones) }
        for w in 0..<blockWords { target[w] = keep[w] ^ r[w] }
    }
}

/// Two 64-bit words, the unit P works on: one SSE or NEON register, so each GB below computes two
/// of RFC 9106's GB at once (a hash took about 20% less time here than with one word at a time).
typealias Pair = SIMD2<UInt64>

@inline(__always)
private func loadPair(_ p: UnsafeMutablePointer<UInt64>, _ offset: Int) -> Pair {
    Pair(p[offset], p[offset + 1])
}

@inline(__always)
private func storePair(_ v: Pair, _ p: UnsafeMutablePointer<UInt64>, _ offset: Int) {
    p[offset] = v[0]
    p[offset + 1] = v[1]
}

/// P on the 16 consecutive words of row `p` (8 pairs of 64-bit words).
@inline(__always)
private func permuteRow(_ p: UnsafeMutablePointer<UInt64>, _ ones: Pair) {
    var a0 = loadPair(p, 0), a1 = loadPair(p, 2), b0 = loadPair(p, 4), b1 = loadPair(p, 6)
    var c0 = loadPair(p, 8), c1 = loadPair(p, 10), d0 = loadPair(p, 12), d1 = loadPair(p, 14)
    permute(&a0, &a1, &b0, &b1, &c0, &c1, &d0, &d1, ones)
    storePair(a0, p, 0); storePair(a1, p, 2); storePair(b0, p, 4); storePair(b1, p, 6)
    storePair(c0, p, 8); storePair(c1, p, 10); storePair(d0, p, 12); storePair(d1, p, 14)
}

/// P on column `p`: word pairs (p[0], p[1]), (p[16], p[17]) … (p[112], p[113]).
@inline(__always)
private func permuteColumn(_ p: UnsafeMutablePointer<UInt64>, _ ones: Pair) {
    var a0 = loadPair(p, 0), a1 = loadPair(p, 16), b0 = loadPair(p, 32), b1 = loadPair(p, 48)
    var c0 = loadPair(p, 64), c1 = loadPair(p, 80), d0 = loadPair(p, 96), d1 = loadPair(p, 112)
    permute(&a0, &a1, &b0, &b1, &c0, &c1, &d0, &d1, ones)
    storePair(a0, p, 0); storePair(a1, p, 16); storePair(b0, p, 32); storePair(b1, p, 48)
    storePair(c0, p, 64); storePair(c1, p, 80); storePair(d0, p, 96); storePair(d1, p, 112)
}

/// The permutation P (RFC 9106 §3.6) on v0…v15 held as pairs: a0 = (v0, v1), a1 = (v2, v3),
/// b0 = (v4, v5) … d1 = (v14, v15). BLAKE2b's round with GB in place of G: the four column GBs
/// are two paired GBs; the diagonal ones need b, c and d rotated by one, two and three words.
@inline(__always)
private func permute(
    _ a0: inout Pair, _ a1: inout Pair, _ b0: inout Pair, _ b1: inout Pair,
    _ c0: inout Pair, _ c1: inout Pair, _ d0: inout Pair, _ d1: inout Pair, _ ones: Pair
) {
    // GB(v0, v4, v8, v12), GB(v1, v5, v9, v13); GB(v2, v6, v10, v14), GB(v3, v7, v11, v15).
    gb(&a0, &b0, &c0, &d0, ones)
    gb(&a1, &b1, &c1, &d1, ones)
    // GB(v0, v5, v10, v15), GB(v1, v6, v11, v12); GB(v2, v7, v8, v13), GB(v3, v4, v9, v14).
    var e0 = Pair(b0[1], b1[0]), e1 = Pair(b1[1], b0[0])
    var f0 = c1, f1 = c0
    var g0 = Pair(d1[1], d0[0]), g1 = Pair(d0[1], d1[0])
    gb(&a0, &e0, &f0, &g0, ones)
    gb(&a1, &e1, &f1, &g1, ones)
    b0 = Pair(e1[1], e0[0]); b1 = Pair(e0[1], e1[0])
    c0 = f1; c1 = f0
    d0 = Pair(g0[1], g1[0]); d1 = Pair(g1[1], g0[0])
}

/// GB (RFC 9106 §3.6) on two columns at once: BLAKE2b's G with each addition a + b replaced by
/// a + b + 2·lo(a)·lo(b), the multiplication that makes Argon2 as costly on custom hardware as on
/// a CPU.
@inline(__always)
private func gb(_ a: inout Pair, _ b: inout Pair, _ c: inout Pair, _ d: inout Pair, _ ones: Pair) {
    a = blaMka(a, b)
    d = rotateRight32(d ^ a)
    c = blaMka(c, d)
    b = rotateRight(b ^ c, 24, ones)
    a = blaMka(a, b)
    d = rotateRight(d ^ a, 16, ones)
    c = blaMka(c, d)
    b = rotateRight(b ^ c, 63, ones)
}

/// x + y + 2·lo(x)·lo(y); with the high halves masked off the multiplication is one PMULUDQ.
@inline(__always)
private func blaMka(_ x: Pair, _ y: Pair) -> Pair {
    let low = Pair(repeating: 0xFFFF_FFFF)
    let product = (x & low) &* (y & low)
    return x &+ y &+ product &+ product
}

/// Each word of `x` rotated right by `n` bits, with `ones` all ones.
///
/// Written as a plain rotation, LLVM recognises it and, since SSE2 has no 64-bit vector rotate,
/// moves both words to general registers and back for every rotation, which undoes the gain of
/// the vectors. Masking one half with a value it cannot prove to be all ones keeps it to two
/// vector shifts, an AND and an OR; if a later compiler sees through it, the result is the same,
/// only slower.
@inline(__always)
private func rotateRight(_ x: Pair, _ n: UInt64, _ ones: Pair) -> Pair {
    (x &>> Pair(repeating: n)) | ((x &<< Pair(repeating: 64 - n)) & ones)
}

/// Each word of `x` rotated by 32 bits: its two halves swapped, one shuffle (PSHUFD).
@inline(__always)
private func rotateRight32(_ x: Pair) -> Pair {
    let w = unsafeBitCast(x, to: SIMD4<UInt32>.self)
    return unsafeBitCast(SIMD4<UInt32>(w[1], w[0], w[3], w[2]), to: Pair.self)
}
