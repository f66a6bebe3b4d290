import Foundation
import PovertyStandard
import Registry
import VietnameseText

/// Byte-level value parsers for the household and member files.
///
/// They work on the row's raw UTF-8 bytes so the million-row hot path makes no `String` for
/// numbers, dates, booleans or codes; only values that are stored as text become `String`s.
enum FieldParsers {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// The bytes without surrounding spaces (also the no-break space U+00A0 that Excel exports).
    static func trim(_ bytes: Bytes) -> Bytes {
        guard let base = bytes.baseAddress else { return bytes }
        var lo = 0, hi = bytes.count
        while lo < hi {
            if isSpace(base[lo]) { lo += 1 } else if base[lo] == 0xC2, lo + 1 < hi, base[lo + 1] == 0xA0 { lo += 2 } else { break }
        }
        while hi > lo {
            if isSpace(base[hi - 1]) { hi -= 1 } else if hi - lo >= 2, base[hi - 2] == 0xC2, base[hi - 1] == 0xA0 { hi -= 2 } else { break }
        }
        return Bytes(start: base + lo, count: hi - lo)
    }

    /// The bytes as a `String` (used for error messages and stored text).
    @inline(__always)
    static func string(_ bytes: Bytes) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes as an NFC `String`; the common already-NFC case costs one scan and no extra copy.
    static func nfcString(_ bytes: Bytes) -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        return VietnameseText.isNFC(bytes) ? s : VietnameseText.nfc(s)
    }

    /// Whether `string`'s UTF-8 equals `bytes`.
    static func equal(_ string: String, _ bytes: Bytes) -> Bool {
        var string = string
        return string.withUTF8 { a in
            guard a.count == bytes.count else { return false }
            for i in 0..<a.count where a[i] != bytes[i] { return false }
            return true
        }
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whether every byte is an ASCII digit (and there is at least one).
    static func allDigits(_ bytes: Bytes) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isDigit)
    }

    /// A non-negative integer written with digits only (no sign, no separators), at most 18 digits.
    static func plainInt(_ bytes: Bytes) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var v = 0
        for b in bytes {
            guard isDigit(b) else { return nil }
            v = v &* 10 &+ Int(b &- 0x30)
        }
        return v
    }

    /// Integer VND (tiền đồng): digits, optionally grouped by thousands with `.` or `,`
    /// (`1.500.000`, `1,500,000`, `1500000`). One separator kind per value, every group after the
    /// first exactly three digits — so `1.5`, `1,500.00` and `-200` are rejected instead of being
    /// silently read as 15 or 150000.
    static func money(_ bytes: Bytes) -> Int? {
        var bytes = bytes
        if let last = bytes.last, !isDigit(last) { bytes = withoutCurrency(bytes) }
        guard !bytes.isEmpty, bytes.count <= 24 else { return nil }
        var v = 0
        var separator: UInt8 = 0
        var groupDigits = 0
        var firstGroup = true
        var digitCount = 0
        for b in bytes {
            if isDigit(b) {
                v = v &* 10 &+ Int(b &- 0x30)
                groupDigits += 1
                digitCount += 1
                if firstGroup ? false : groupDigits > 3 { return nil }
            } else if b == 0x2E || b == 0x2C {
                if separator == 0 { separator = b } else if b != separator { return nil }
                if firstGroup {
                    guard groupDigits >= 1, groupDigits <= 3 else { return nil }
                    firstGroup = false
                } else {
                    guard groupDigits == 3 else { return nil }
                }
                groupDigits = 0
            } else {
                return nil
            }
        }
        guard digitCount > 0, digitCount <= 18 else { return nil }
        if !firstGroup && groupDigits != 3 { return nil }
        return v
    }

    /// The amount without a trailing currency word people type after it: `đ`, `₫`, `VND`, `VNĐ`
    /// (any case, with or without a space before it).
    static func withoutCurrency(_ bytes: Bytes) -> Bytes {
        let suffixes: [[UInt8]] = [Array("đ".utf8), Array("₫".utf8), Array("VND".utf8), Array("VNĐ".utf8),
                                   Array("vnd".utf8), Array("vnđ".utf8), Array("Đ".utf8), Array("đồng".utf8)]
        for suffix in suffixes where bytes.count > suffix.count {
            let tail = Bytes(rebasing: bytes[(bytes.count - suffix.count)...])
            if tail.elementsEqual(suffix) {
                return trim(Bytes(rebasing: bytes[..<(bytes.count - suffix.count)]))
            }
        }
        return bytes
    }

    /// A decimal ≥ 0 with `.` or `,` as the decimal mark (`45.5`, `45,5`, `45`), read as the
    /// `Double` nearest to it, so that the text an export writes for a value reads back as that
    /// value (summing digit by digit would read `0.3` as `0.30000000000000004`).
    static func decimal(_ bytes: Bytes) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 24 else { return nil }
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        var seenMark = false
        var digits = 0
        for b in bytes {
            if isDigit(b) {
                digits += 1
                if seenMark { fractionDigits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(b &- 0x30)
            } else if (b == 0x2E || b == 0x2C) && !seenMark {
                seenMark = true
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        // Up to 15 digits both the mantissa and the power of ten are exact doubles, and one
        // division rounds correctly; longer numbers go to the standard library's parser.
        if digits <= 15 {
            var power = 1.0
            for _ in 0..<fractionDigits { power *= 10 }
            return Double(mantissa) / power
        }
        let text = String(decoding: bytes.map { $0 == 0x2C ? 0x2E : $0 }, as: UTF8.self)
        return Double(text)
    }

    /// A 4-digit year 1000…9999.
    static func year(_ bytes: Bytes) -> Int? {
        guard bytes.count == 4, let y = plainInt(bytes), y >= 1000 else { return nil }
        return y
    }

    /// A birth date: a full date (`dd/MM/yyyy`, `yyyy-MM-dd`, …) or a bare year `yyyy`.
    static func birthDate(_ bytes: Bytes) -> BirthDate? {
        if let y = year(bytes) { return .year(y) }
        return date(bytes).map { .date($0) }
    }

    /// The two 10-byte forms nearly every file uses, `dd/MM/yyyy` and `yyyy-MM-dd`, read with a
    /// few comparisons; anything else (or an impossible day) goes to the general parser.
    @inline(__always)
    static func tenByteDate(_ b: Bytes) -> CivilDate? {
        @inline(__always) func d(_ i: Int) -> Int? {
            let c = b[i] &- 0x30
            return c < 10 ? Int(c) : nil
        }
        let day: Int, month: Int, year: Int
        if b[2] == 0x2F && b[5] == 0x2F {
            guard let d0 = d(0), let d1 = d(1), let m0 = d(3), let m1 = d(4), let y0 = d(6), let y1 = d(7), let y2 = d(8),
                  let y3 = d(9) else { return nil }
            day = d0 * 10 + d1; month = m0 * 10 + m1; year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3
        } else if b[4] == 0x2D && b[7] == 0x2D {
            guard let y0 = d(0), let y1 = d(1), let y2 = d(2), let y3 = d(3), let m0 = d(5), let m1 = d(6), let d0 = d(8),
                  let d1 = d(9) else { return nil }
            day = d0 * 10 + d1; month = m0 * 10 + m1; year = ((y0 * 10 + y1) * 10 + y2) * 10 + y3
        } else {
            return nil
        }
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// A full date; a time part that spreadsheets append (`2020-09-01 00:00:00`, `…T00:00:00`)
    /// is ignored.
    static func date(_ bytes: Bytes) -> CivilDate? {
        if bytes.count == 10, let d = tenByteDate(bytes) { return d }
        if let d = VietnameseText.parseDate(bytes) { return d }
        // Cut at the first space or `T` after 8 bytes and try again.
        guard bytes.count > 10, let cut = bytes.indices.first(where: { $0 >= 8 && (bytes[$0] == 0x20 || bytes[$0] == 0x54) })
        else { return nil }
        return VietnameseText.parseDate(Bytes(rebasing: bytes[..<cut]))
    }
}

/// A table of accepted spellings for an enumerated value: its code and Vietnamese aliases,
/// matched by ``VietnameseText/foldKey(_:)`` (case, diacritics, spaces and punctuation ignored).
///
/// Lookups avoid reference counting and `String`s for what real files contain: first the exact
/// bytes of each spelling in its usual case forms (`chủ hộ`, `Chủ hộ`, `CHỦ HỘ`, `chu ho`), found
/// with one multiplication in a collision-free table of 16-byte keys read as two machine words;
/// then for ASCII input a folded key. Only unusual spellings pay for a full fold.
struct SpellingTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var k0: UInt64
        var k1: UInt64
        var length: Int
        var value: Value
    }

    /// Exact spellings up to 16 bytes; `slots[slot(key)]` is the only one a key can match (−1: none).
    private var exact: [Entry] = []
    private var slots: [Int32] = []
    private var multipliers: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var shift: UInt64 = 60
    /// Exact spellings longer than 16 bytes (`not_in_labour_force`, `không tham gia lực lượng lao động`).
    private var long: [(bytes: [UInt8], value: Value)] = []
    /// Folded ASCII keys up to 16 bytes (lowercase letters and digits only).
    private var folded: [Entry] = []
    private var byKey: [String: Value] = [:]
    private let fallback: (@Sendable (String) -> Value?)?

    /// Builds the table; `fallback` resolves what the spellings miss (e.g. a catalogue's own parser).
    init(_ entries: [(String, Value)], fallback: (@Sendable (String) -> Value?)? = nil) {
        self.fallback = fallback
        var seenExact: Set<[UInt8]> = []
        var seenFolded: Set<[UInt8]> = []
        for (spelling, value) in entries {
            let key = VietnameseText.foldKey(spelling)
            if byKey[key] == nil { byKey[key] = value }
            let keyBytes = Array(key.utf8)
            if keyBytes.count <= 16, seenFolded.insert(keyBytes).inserted {
                let (k0, k1) = Self.pack(keyBytes)
                folded.append(Entry(k0: k0, k1: k1, length: keyBytes.count, value: value))
            }
            let nfc = VietnameseText.nfc(spelling)
            let plain = VietnameseText.fold(nfc)
            for variant in [nfc, nfc.lowercased(), nfc.uppercased(), Self.capitalisedFirst(nfc.lowercased()),
                            plain, Self.capitalisedFirst(plain), plain.uppercased()] {
                let bytes = Array(variant.utf8)
                guard !bytes.isEmpty, seenExact.insert(bytes).inserted else { continue }
                if bytes.count > 16 {
                    long.append((bytes, value))
                    continue
                }
                let (k0, k1) = Self.pack(bytes)
                exact.append(Entry(k0: k0, k1: k1, length: bytes.count, value: value))
            }
        }
        // Multiply-shift hashing: try multipliers (from a fixed sequence, so every run builds the
        // same table) until no two spellings share a slot, with a bigger table after a while.
        var bits = 4
        while (1 << bits) < 4 * exact.count { bits += 1 }
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> UInt64 {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (z ^ (z >> 31)) | 1
        }
        search: while true {
            for _ in 0..<64 {
                multipliers = (random(), random(), random())
                shift = UInt64(64 - bits)
                slots = [Int32](repeating: -1, count: 1 << bits)
                var clash = false
                for (i, e) in exact.enumerated() {
                    let s = slot(e.k0, e.k1, e.length)
                    if slots[s] >= 0 {
                        clash = true
                        break
                    }
                    slots[s] = Int32(i)
                }
                if !clash { break search }
            }
            bits += 1
        }
    }

    @inline(__always)
    private func slot(_ k0: UInt64, _ k1: UInt64, _ length: Int) -> Int {
        let h = (k0 &* multipliers.0) ^ (k1 &* multipliers.1) ^ (UInt64(truncatingIfNeeded: length) &* multipliers.2)
        return Int(truncatingIfNeeded: h &>> shift)
    }

    private static func capitalisedFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }

    private static func pack(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        var key: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &key) { buf in
            for (i, b) in bytes.prefix(16).enumerated() { buf[i] = b }
        }
        return key
    }

    /// The `n` bytes (1…16) at `p` as the two words of ``pack(_:)``, zero-padded, read with
    /// two overlapping loads instead of byte by byte (every byte read is one of the `n`).
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        #if _endian(little)
            let raw = UnsafeRawPointer(p)
            if n >= 8 {
                let head = raw.loadUnaligned(as: UInt64.self)
                // Bytes 8..<n are the top n − 8 bytes of the word ending at n.
                let tail = raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
                return (head, n == 8 ? 0 : tail &>> UInt64((16 &- n) &* 8))
            }
            if n >= 4 {
                let head = UInt64(raw.loadUnaligned(as: UInt32.self))
                let tail = UInt64(raw.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self))
                return (n == 4 ? head : head | (tail &>> UInt64((8 &- n) &* 8)) &<< 32, 0)
            }
            var k = UInt64(p[0])
            if n > 1 { k |= UInt64(p[1]) &<< 8 }
            if n > 2 { k |= UInt64(p[2]) &<< 16 }
            return (k, 0)
        #else
            var key: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &key) { buf in
                for i in 0..<n { buf[i] = p[i] }
            }
            return key
        #endif
    }

    /// The value `bytes` spell, or `nil`.
    func value(_ bytes: FieldParsers.Bytes) -> Value? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var ascii = true
        if n <= 16 {
            let key = Self.key(bytes.baseAddress!, n)
            ascii = (key.0 | key.1) & 0x8080_8080_8080_8080 == 0
            let i = Int(slots.withUnsafeBufferPointer { $0[slot(key.0, key.1, n)] })
            if i >= 0 {
                let hit: Value? = exact.withUnsafeBufferPointer { e in
                    e[i].k0 == key.0 && e[i].k1 == key.1 && e[i].length == n ? e[i].value : nil
                }
                if let hit { return hit }
            }
        } else {
            for entry in long where entry.bytes.count == n {
                if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, n) == 0 }) {
                    return entry.value
                }
            }
            for b in bytes where b >= 0x80 { ascii = false; break }
        }
        if ascii {
            var key: (UInt64, UInt64) = (0, 0)
            let fits = withUnsafeMutableBytes(of: &key) { buf -> Bool in
                var k = 0
                for b in bytes {
                    let lower: UInt8
                    switch b {
                    case 0x30...0x39, 0x61...0x7A: lower = b
                    case 0x41...0x5A: lower = b | 0x20
                    default: continue
                    }
                    guard k < 16 else { return false }
                    buf[k] = lower
                    k += 1
                }
                return true
            }
            if fits {
                let hit: Value? = folded.withUnsafeBufferPointer { f in
                    for e in f where e.k0 == key.0 && e.k1 == key.1 { return e.value }
                    return nil
                }
                if let hit { return hit }
                if fallback == nil { return nil }
            }
        }
        let text = FieldParsers.string(bytes)
        if let v = byKey[VietnameseText.foldKey(text)] { return v }
        return fallback?(text)
    }
}

/// The spellings of data-format.md for each enumerated column.
enum Spellings {
    /// Booleans: `1/0`, `yes/no`, `true/false`, `có/không`, `x` (blank is handled before: unknown).
    static let bool = SpellingTable<Bool>([
        ("1", true), ("0", false), ("yes", true), ("no", false), ("true", true), ("false", false),
        ("có", true), ("không", false), ("x", true),
    ])

    static let areaType = SpellingTable<AreaType>([
        ("rural", .rural), ("urban", .urban),
        ("nông thôn", .rural), ("thành thị", .urban), ("đô thị", .urban),
    ])

    static let housing = SpellingTable<HousingQuality>([
        ("durable", .durable), ("semi_durable", .semiDurable), ("non_durable", .nonDurable),
        ("makeshift", .makeshift),
        ("kiên cố", .durable), ("bán kiên cố", .semiDurable), ("thiếu kiên cố", .nonDurable),
        ("đơn sơ", .makeshift),
    ])

    static let recognisedClass = SpellingTable<RecognisedClass>([
        ("poor", .poor), ("near_poor", .nearPoor), ("average", .average), ("not_poor", .notPoor),
        ("nghèo", .poor), ("cận nghèo", .nearPoor), ("trung bình", .average), ("không nghèo", .notPoor),
        ("hộ nghèo", .poor), ("hộ cận nghèo", .nearPoor), ("mức sống trung bình", .average),
        ("hộ có mức sống trung bình", .average), ("hộ không nghèo", .notPoor),
    ])

    static let relation = SpellingTable<Relation>([
        ("head", .head), ("spouse", .spouse), ("child", .child), ("parent", .parent),
        ("grandchild", .grandchild), ("sibling", .sibling), ("other", .other),
        ("chủ hộ", .head), ("vợ, chồng", .spouse), ("vợ", .spouse), ("chồng", .spouse),
        ("vợ/chồng", .spouse), ("con", .child), ("bố, mẹ", .parent), ("bố", .parent), ("mẹ", .parent),
        ("cha", .parent), ("cha, mẹ", .parent), ("bố/mẹ", .parent), ("cháu", .grandchild),
        ("anh, chị, em", .sibling), ("anh", .sibling), ("chị", .sibling), ("em", .sibling),
        ("anh/chị/em", .sibling), ("khác", .other),
    ])

    static let sex = SpellingTable<Sex>([
        ("M", .male), ("F", .female), ("nam", .male), ("nữ", .female), ("male", .male), ("female", .female),
    ])

    static let education = SpellingTable<Education>(
        Education.allCases.map { ($0.rawValue, $0) } + [
            ("không", .none), ("chưa đi học", .none), ("tiểu học", .primary),
            ("trung học cơ sở", .lowerSecondary), ("THCS", .lowerSecondary),
            ("trung học phổ thông", .upperSecondary), ("THPT", .upperSecondary),
            ("giáo dục nghề nghiệp", .vocational), ("học nghề", .vocational), ("trung cấp", .vocational),
            ("cao đẳng", .collegePlus), ("đại học", .collegePlus), ("cao đẳng trở lên", .collegePlus),
            ("đại học trở lên", .collegePlus),
        ])

    static let employment = SpellingTable<Employment>(
        Employment.allCases.map { ($0.rawValue, $0) } + [
            ("có hợp đồng lao động", .contract), ("có hợp đồng", .contract),
            ("không có hợp đồng lao động", .noContract), ("không có hợp đồng", .noContract),
            ("không hợp đồng", .noContract), ("tự làm", .selfEmployed), ("thất nghiệp", .unemployed),
            ("không tham gia lực lượng lao động", .notInLabourForce),
        ])

    static let disability = SpellingTable<Disability>(
        Disability.allCases.map { ($0.rawValue, $0) } + [
            ("không", .none), ("không khuyết tật", .none), ("nhẹ", .mild), ("nặng", .severe),
            ("đặc biệt nặng", .particularlySevere),
        ])

    static let ethnicity = SpellingTable<EthnicGroup>(
        EthnicGroup.spellings.map { ($0.name, $0.group) } + EthnicGroup.all.map { ($0.code, $0) },
        fallback: { EthnicGroup(text: $0) })

    static let massOrganisation = SpellingTable<MassOrganisation>(
        MassOrganisation.allCases.map { ($0.rawValue, $0) } + MassOrganisation.allCases.map { ($0.vietnamese, $0) },
        fallback: { MassOrganisation(text: $0) })

    static let povertyCause = SpellingTable<PovertyCause>(
        PovertyCause.allCases.map { ($0.rawValue, $0) } + PovertyCause.allCases.map { ($0.vietnamese, $0) },
        fallback: { PovertyCause(text: $0) })
}

/// Finds repeated keys among millions of `(key, payload)` pairs, e.g. national ids with the row
/// they came from.
///
/// Pairs are appended as rows stream by (sequential writes) and sorted once at the end with a
/// radix sort; a hash set would instead take a cache miss per row on a table of a hundred
/// megabytes, which costs more than the rest of decoding a member.
struct DuplicateFinder {
    private var pairs: [(key: UInt64, payload: UInt64)] = []
    /// Bits of the keys that can be non-zero (12-digit ids need 40).
    let keyBits: Int

    init(keyBits: Int = 40) { self.keyBits = keyBits }

    /// Records a pair.
    @inline(__always)
    mutating func append(_ key: UInt64, _ payload: UInt64) {
        pairs.append((key, payload))
        isSorted = false
    }

    /// Number of pairs recorded.
    var count: Int { pairs.count }

    /// Whether the pairs are sorted by key (after ``forEachDuplicate(_:)``).
    private(set) var isSorted = false

    /// Whether a key was recorded in both finders; both must be sorted (``isSorted``).
    static func haveCommonKey(_ a: DuplicateFinder, _ b: DuplicateFinder) -> Bool {
        precondition(a.isSorted && b.isSorted)
        return a.pairs.withUnsafeBufferPointer { x in
            b.pairs.withUnsafeBufferPointer { y in
                var i = 0, j = 0
                while i < x.count && j < y.count {
                    let k = x[i].key, l = y[j].key
                    if k == l { return true }
                    if k < l { i &+= 1 } else { j &+= 1 }
                }
                return false
            }
        }
    }

    /// Calls `body(key, first, repeat)` for each repeated key with the payloads of its first
    /// occurrence (in append order) and of each later one.
    mutating func forEachDuplicate(_ body: (_ key: UInt64, _ first: UInt64, _ again: UInt64) -> Void) {
        isSorted = true
        guard pairs.count > 1 else { return }
        // LSD radix sort, 8 bits a pass; stable, so equal keys keep their append order.
        var buffer = pairs
        let passes = (keyBits + 7) / 8
        pairs.withUnsafeMutableBufferPointer { a in
            buffer.withUnsafeMutableBufferPointer { b in
                var src = a, dst = b
                var counts = [Int](repeating: 0, count: 256)
                for pass in 0..<passes {
                    let shift = UInt64(pass * 8)
                    for i in 0..<256 { counts[i] = 0 }
                    for p in src { counts[Int((p.key >> shift) & 0xFF)] += 1 }
                    var total = 0
                    for i in 0..<256 {
                        let c = counts[i]
                        counts[i] = total
                        total += c
                    }
                    for p in src {
                        let d = Int((p.key >> shift) & 0xFF)
                        dst[counts[d]] = p
                        counts[d] += 1
                    }
                    swap(&src, &dst)
                }
                if passes % 2 == 1 {
                    // The sorted data ended in the scratch buffer.
                    for i in 0..<a.count { a[i] = b[i] }
                }
            }
        }
        var i = 0
        while i < pairs.count {
            var j = i + 1
            while j < pairs.count && pairs[j].key == pairs[i].key {
                body(pairs[i].key, pairs[i].payload, pairs[j].payload)
                j += 1
            }
            i = j
        }
    }
}

/// The household codes of a file with, for each, the row of its first occurrence and its position
/// among the valid households (−1 when that row was rejected).
///
/// An open-addressing table keyed by a 64-bit hash of the code's bytes, checked against the stored
/// code on a hit. A `Dictionary<String, …>` of a million codes spends most of the household
/// file's decoding time in SipHash and in the cache misses of its separate key storage. A slot is
/// 8 bytes — the hash's high 32 bits as a tag, and the entry number — so the table of a million
/// codes (16 MB) stays in the processor's last-level cache.
struct CodeIndex {
    /// High 32 bits: the code's tag (never 0; 0 is an empty slot); low 32 bits: its entry number.
    private var slots: [UInt64]
    private var mask: Int
    private(set) var codes: [String] = []
    private(set) var entries: [(row: Int32, index: Int32)] = []

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size * 2 < capacity * 3 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        codes.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
    }

    /// Number of codes.
    var count: Int { codes.count }

    /// FNV-1a over the bytes with a final mix so that nearby codes (`H000001`, `H000002`) spread.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    /// The hash of a code's UTF-8.
    @inline(__always)
    static func hash(_ code: String) -> UInt64 {
        var code = code
        return code.withUTF8 { hash($0) }
    }

    @inline(__always)
    private static func tag(_ h: UInt64) -> UInt64 { (h | 0x1_0000_0000) & 0xFFFF_FFFF_0000_0000 }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, entry: Int?) {
        let tag = Self.tag(h)
        return slots.withUnsafeBufferPointer { slots in
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = slots[i]
                if s == 0 { return (i, nil) }
                if s & 0xFFFF_FFFF_0000_0000 == tag {
                    let e = Int(s & 0xFFFF_FFFF)
                    if FieldParsers.equal(codes[e], bytes) { return (i, e) }
                }
                i = (i &+ 1) & mask
            }
        }
    }

    /// Reads the slot where a search for `hash` starts and returns its value, so that a run of
    /// calls for several codes brings their slots into the cache in parallel before inserting
    /// them one by one (each cold slot is otherwise a full memory latency, and a TLB miss).
    @inline(__always)
    func touch(_ hash: UInt64) -> UInt64 {
        slots.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: hash) & mask] }
    }

    /// Every code with its entry, in insertion order.
    func forEach(_ body: (String, (row: Int32, index: Int32)) throws -> Void) rethrows {
        for (code, entry) in zip(codes, entries) { try body(code, entry) }
    }

    /// The entry of `code`, or `nil`.
    func entry(_ code: String) -> (row: Int32, index: Int32)? {
        entry(code, hash: Self.hash(code))
    }

    /// The entry of `code` whose ``hash(_:)-swift.type.method`` is `hash`, or `nil`.
    func entry(_ code: String, hash: UInt64) -> (row: Int32, index: Int32)? {
        var code = code
        return code.withUTF8 { bytes in find(bytes, hash: hash).entry.map { entries[$0] } }
    }

    /// The entry number and entry of `code`, comparing with entry number `hint` first.
    func entry(_ code: String, hint: Int) -> (number: Int, entry: (row: Int32, index: Int32))? {
        var code = code
        return code.withUTF8 { bytes in
            if hint >= 0 && hint < codes.count && FieldParsers.equal(codes[hint], bytes) { return (hint, entries[hint]) }
            return find(bytes, hash: Self.hash(bytes)).entry.map { ($0, entries[$0]) }
        }
    }

    /// Adds `code` unless present; returns the existing entry when it was.
    mutating func insert(_ code: String, _ value: (row: Int32, index: Int32)) -> (row: Int32, index: Int32)? {
        insert(code, hash: Self.hash(code), value)
    }

    /// Adds `code`, whose ``hash(_:)-swift.type.method`` is `hash`, unless present; returns the
    /// existing entry when it was.
    mutating func insert(
        _ code: String, hash h: UInt64, _ value: (row: Int32, index: Int32)
    ) -> (row: Int32, index: Int32)? {
        // Load factor at most 2/3: linear probing stays short, the table stays small.
        if (codes.count + 1) * 3 > (mask + 1) * 2 { grow() }
        var code = code
        let found = code.withUTF8 { bytes in find(bytes, hash: h) }
        if let e = found.entry { return entries[e] }
        slots[found.slot] = Self.tag(h) | UInt64(codes.count)
        codes.append(code)
        entries.append(value)
        return nil
    }

    private mutating func grow() {
        let size = (mask + 1) * 2
        var bigger = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for (e, code) in codes.enumerated() {
            let h = Self.hash(code)
            var i = Int(truncatingIfNeeded: h) & newMask
            while bigger[i] != 0 { i = (i &+ 1) & newMask }
            bigger[i] = Self.tag(h) | UInt64(e)
        }
        slots = bigger
        mask = newMask
    }
}
