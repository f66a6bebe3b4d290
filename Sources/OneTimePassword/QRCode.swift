/// A QR code (mã QR, ISO/IEC 18004) of a short text, drawn as SVG: how an authenticator app is
/// given an `otpauth://` URI without typing 32 characters.
///
/// Only what that needs: byte mode, error correction level M (15 % of the symbol may be lost),
/// versions 1–10 (up to 213 bytes; the URI of a 64-character username is about 180). The mask is
/// chosen by the standard's penalty rules. Written here, like the SHA-1, so the package needs no
/// library and commits no third-party code.
public struct QRCode: Sendable, Hashable {
    /// Modules per side (17 + 4 × version).
    public let size: Int
    /// Version (1–10).
    public let version: Int
    /// Mask pattern applied (0–7).
    public let mask: Int
    /// Dark modules, row by row (`modules[y][x]`).
    public let modules: [[Bool]]

    /// The text is longer than version 10 at level M holds.
    public struct TooLong: Error, Sendable, CustomStringConvertible {
        /// Bytes of the text.
        public var bytes: Int
        /// What is wrong, for logs.
        public var description: String { "QR: \(bytes) bytes do not fit a version 10-M symbol (213 at most)" }
    }

    /// Error-correction blocks of level M per version: (EC codewords per block, [data codewords
    /// of each block]) — ISO/IEC 18004 Table 9.
    static let levelM: [(ec: Int, blocks: [Int])] = [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]), (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]),
        (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]), (26, [43, 43, 43, 43, 44]),
    ]

    /// Centres of alignment patterns per version (Annex E).
    static let alignment: [[Int]] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]]

    /// Encodes `text` (UTF-8) in the smallest version that holds it.
    public init(text: String) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...10).first(where: { v in
            let countBits = v < 10 ? 8 : 16
            return 4 + countBits + 8 * bytes.count <= 8 * Self.levelM[v - 1].blocks.reduce(0, +)
        }) else { throw TooLong(bytes: bytes.count) }
        var grid = Grid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(Self.codewords(bytes, version: version))
        var best: (penalty: Int, mask: Int, modules: [[Bool]])?
        for mask in 0..<8 {
            var candidate = grid
            candidate.apply(mask: mask)
            candidate.drawFormat(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (penalty, mask, candidate.modules) }
        }
        self.version = version
        self.size = grid.size
        self.mask = best!.mask
        self.modules = best!.modules
    }

    /// Data and error-correction codewords, interleaved as the symbol stores them.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let (ecLength, blocks) = levelM[version - 1]
        let capacity = blocks.reduce(0, +)
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)                                  // byte mode
        bits.append(bytes.count, count: version < 10 ? 8 : 16)
        for b in bytes { bits.append(Int(b), count: 8) }
        bits.append(0, count: min(4, capacity * 8 - bits.count))       // terminator
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        var dataBlocks: [[UInt8]] = [], ecBlocks: [[UInt8]] = []
        var offset = 0
        let generator = ReedSolomon.generator(degree: ecLength)
        for length in blocks {
            let block = Array(data[offset..<offset + length])
            offset += length
            dataBlocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(block, generator: generator))
        }
        var out: [UInt8] = []
        for i in 0..<(blocks.max() ?? 0) { for b in dataBlocks where i < b.count { out.append(b[i]) } }
        for i in 0..<ecLength { for b in ecBlocks { out.append(b[i]) } }
        return out
    }

    /// The symbol as an SVG image with the standard's 4-module quiet zone: one white square and
    /// one black path, `moduleSize` pixels per module, `title` for screen readers.
    public func svg(moduleSize: Int = 4, title: String) -> String {
        let side = size + 8
        var path = ""
        for (y, row) in modules.enumerated() {
            var x = 0
            while x < size {
                guard row[x] else { x += 1; continue }
                var run = 1
                while x + run < size && row[x + run] { run += 1 }
                path += "M\(x + 4) \(y + 4)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * moduleSize)\" "
            + "height=\"\(side * moduleSize)\" role=\"img\" shape-rendering=\"crispEdges\"><title>\(escapedTitle)</title>"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            (0..<8).reduce(UInt8(0)) { byte, i in byte << 1 | (start + i < bits.count && bits[start + i] ? 1 : 0) }
        }
    }
}

/// Reed–Solomon error correction over GF(2⁸) with the QR polynomial x⁸+x⁴+x³+x²+1.
enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var result: UInt8 = 0, a = a, b = b
        while b != 0 {
            if b & 1 != 0 { result ^= a }
            let carry = a & 0x80 != 0
            a <<= 1
            if carry { a ^= 0x1D }
            b >>= 1
        }
        return result
    }

    /// Coefficients of ∏(x − αⁱ), i < degree, highest power first without the leading 1.
    static func generator(degree: Int) -> [UInt8] {
        var poly = [UInt8](repeating: 0, count: degree)
        poly[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                poly[j] = multiply(poly[j], root)
                if j + 1 < degree { poly[j] ^= poly[j + 1] }
            }
            root = multiply(root, 2)
        }
        return poly
    }

    /// The error-correction codewords of `data`: its remainder modulo the generator.
    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(generator[i], factor) }
        }
        return result
    }
}

/// The module grid while it is drawn: which modules are function patterns (finders, timing,
/// alignment, format and version information) and which carry data.
struct Grid {
    let version: Int
    let size: Int
    var modules: [[Bool]]
    var isFunction: [[Bool]]

    init(version: Int) {
        self.version = version
        self.size = 17 + 4 * version
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
    }

    mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        isFunction[y][x] = true
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(cx + dx) && (0..<size).contains(cy + dy) {
                    let d = max(abs(dx), abs(dy))
                    set(cx + dx, cy + dy, d != 2 && d != 4)
                }
            }
        }
        let centres = QRCode.alignment[version - 1]
        for (i, cy) in centres.enumerated() {
            for (j, cx) in centres.enumerated() {
                let last = centres.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormat(mask: 0)   // reserves the format areas; redrawn once the mask is chosen
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                set(size - 11 + i % 3, i / 3, dark)
                set(i / 3, size - 11 + i % 3, dark)
            }
        }
    }

    /// Format information: level M (00) and the mask, BCH-coded, in both copies, and the dark module.
    mutating func drawFormat(mask: Int) {
        let data = mask   // level M's bits are 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    /// Codewords in the zigzag of two-module columns from the bottom right, skipping the
    /// vertical timing pattern; remainder bits stay light.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var i = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    guard !isFunction[y][x] else { continue }
                    if i < total { modules[y][x] = (codewords[i >> 3] >> (7 - UInt8(i & 7))) & 1 == 1 }
                    i += 1
                }
            }
            right -= 2
        }
    }

    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] {
                let flip: Bool
                switch mask {
                case 0: flip = (x + y) % 2 == 0
                case 1: flip = y % 2 == 0
                case 2: flip = x % 3 == 0
                case 3: flip = (x + y) % 3 == 0
                case 4: flip = (x / 3 + y / 2) % 2 == 0
                case 5: flip = x * y % 2 + x * y % 3 == 0
                case 6: flip = (x * y % 2 + x * y % 3) % 2 == 0
                default: flip = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if flip { modules[y][x].toggle() }
            }
        }
    }

    /// The standard's penalty (rules N1–N4): runs of one colour, 2×2 blocks, finder-like
    /// 1:1:3:1:1 patterns, and imbalance of dark and light.
    func penalty() -> Int {
        var score = 0
        let lines = modules + (0..<size).map { x in modules.map { $0[x] } }
        let finder: [Bool] = [true, false, true, true, true, false, true]
        let light4 = [Bool](repeating: false, count: 4)
        for line in lines {
            var run = 1
            for i in 1..<size {
                if line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { score += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { score += run - 2 }
            for i in 0...(size - 11) {
                let window = Array(line[i..<i + 11])
                if window == finder + light4 || window == light4 + finder { score += 40 }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = modules[y][x]
                if modules[y][x + 1] == c && modules[y + 1][x] == c && modules[y + 1][x + 1] == c { score += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        score += ((abs(dark * 20 - total * 10) + total - 1) / total - 1) * 10
        return score
    }
}
