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
        for offset in 0..<8 {
            for w in stride(from: offset, to: blockWords, by: 8) {
                let x = previous[w] ^ reference[w]
                r[w] = x
                keep[w] = x
            }
        }
        if xorWithOld {
            for w in 0..<blockWords { keep[w] ^= target[w] }
        }
        for row in 0..<8 { permuteRow(r + 16 * row) }
        for column in 0..<8 { permuteColumn(r + 2 * column) }
        for w in 0..<blockWords { target[w] = keep[w] ^ r[w] }
    }
}

/// P on the 16 consecutive words of row `p` (8 pairs of 64-bit words).
@inline(__always)
private func permuteRow(_ p: UnsafeMutablePointer<UInt64>) {
    var v0 = p[0], v1 = p[1], v2 = p[2], v3 = p[3], v4 = p[4], v5 = p[5], v6 = p[6], v7 = p[7]
    var v8 = p[8], v9 = p[9], v10 = p[10], v11 = p[11], v12 = p[12], v13 = p[13], v14 = p[14], v15 = p[15]
    permute(&v0, &v1, &v2, &v3, &v4, &v5, &v6, &v7, &v8, &v9, &v10, &v11, &v12, &v13, &v14, &v15)
    p[0] = v0; p[1] = v1; p[2] = v2; p[3] = v3; p[4] = v4; p[5] = v5; p[6] = v6; p[7] = v7
    p[8] = v8; p[9] = v9; p[10] = v10; p[11] = v11; p[12] = v12; p[13] = v13; p[14] = v14; p[15] = v15
}

/// P on column `p`: word pairs (p[0], p[1]), (p[16], p[17]) … (p[112], p[113]).
@inline(__always)
private func permuteColumn(_ p: UnsafeMutablePointer<UInt64>) {
    var v0 = p[0], v1 = p[1], v2 = p[16], v3 = p[17], v4 = p[32], v5 = p[33], v6 = p[48], v7 = p[49]
    var v8 = p[64], v9 = p[65], v10 = p[80], v11 = p[81], v12 = p[96], v13 = p[97], v14 = p[112], v15 = p[113]
    permute(&v0, &v1, &v2, &v3, &v4, &v5, &v6, &v7, &v8, &v9, &v10, &v11, &v12, &v13, &v14, &v15)
    p[0] = v0; p[1] = v1; p[16] = v2; p[17] = v3; p[32] = v4; p[33] = v5; p[48] = v6; p[49] = v7
    p[64] = v8; p[65] = v9; p[80] = v10; p[81] = v11; p[96] = v12; p[97] = v13; p[112] = v14; p[113] = v15
}

/// The permutation P (RFC 9106 §3.6): BLAKE2b's round with GB in place of G, columns then diagonals.
@inline(__always)
private func permute(
    _ v0: inout UInt64, _ v1: inout UInt64, _ v2: inout UInt64, _ v3: inout UInt64,
    _ v4: inout UInt64, _ v5: inout UInt64, _ v6: inout UInt64, _ v7: inout UInt64,
    _ v8: inout UInt64, _ v9: inout UInt64, _ v10: inout UInt64, _ v11: inout UInt64,
    _ v12: inout UInt64, _ v13: inout UInt64, _ v14: inout UInt64, _ v15: inout UInt64
) {
    gb(&v0, &v4, &v8, &v12)
    gb(&v1, &v5, &v9, &v13)
    gb(&v2, &v6, &v10, &v14)
    gb(&v3, &v7, &v11, &v15)
    gb(&v0, &v5, &v10, &v15)
    gb(&v1, &v6, &v11, &v12)
    gb(&v2, &v7, &v8, &v13)
    gb(&v3, &v4, &v9, &v14)
}

/// GB (RFC 9106 §3.6): BLAKE2b's G with each addition a + b replaced by a + b + 2·lo(a)·lo(b),
/// the multiplication that makes Argon2 as costly on custom hardware as on a CPU.
@inline(__always)
private func gb(_ a: inout UInt64, _ b: inout UInt64, _ c: inout UInt64, _ d: inout UInt64) {
    a = blaMka(a, b)
    d = rotr(d ^ a, 32)
    c = blaMka(c, d)
    b = rotr(b ^ c, 24)
    a = blaMka(a, b)
    d = rotr(d ^ a, 16)
    c = blaMka(c, d)
    b = rotr(b ^ c, 63)
}

@inline(__always)
private func blaMka(_ x: UInt64, _ y: UInt64) -> UInt64 {
    x &+ y &+ 2 &* (x & 0xFFFF_FFFF) &* (y & 0xFFFF_FFFF)
}

/// A copy of BLAKE2b's rotation, here so that it inlines without whole-module optimisation
/// (debug builds compile each file on its own).
@inline(__always)
private func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 {
    (x >> n) | (x << (64 - n))
}
