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

    /// A decimal ≥ 0 with `.` or `,` as the decimal mark (`45.5`, `45,5`, `45`).
    static func decimal(_ bytes: Bytes) -> Double? {
        guard !bytes.isEmpty, bytes.count <= 24 else { return nil }
        var intPart = 0.0
        var frac = 0.0
        var scale = 1.0
        var seenMark = false
        var digits = 0
        for b in bytes {
            if isDigit(b) {
                digits += 1
                if seenMark {
                    scale /= 10
                    frac += Double(b - 0x30) * scale
                } else {
                    intPart = intPart * 10 + Double(b - 0x30)
                }
            } else if (b == 0x2E || b == 0x2C) && !seenMark {
                seenMark = true
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return intPart + frac
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
/// Lookups avoid hashing, reference counting and `String`s for what real files contain: first
/// the exact bytes of each spelling in its usual case forms (`chủ hộ`, `Chủ hộ`, `CHỦ HỘ`,
/// `chu ho`), then for ASCII input a folded key; both compare 16-byte keys as two machine words
/// in a flat array bucketed by length. Only unusual spellings pay for a full fold.
struct SpellingTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var k0: UInt64
        var k1: UInt64
        var value: Value
    }

    /// Exact spellings up to 16 bytes, sorted by length; `exactStart[n]..<exactStart[n+1]` have length n.
    private var exact: [Entry] = []
    private var exactStart: [Int] = []
    /// Folded ASCII keys up to 16 bytes (lowercase letters and digits only).
    private var folded: [Entry] = []
    private var byKey: [String: Value] = [:]
    private let fallback: (@Sendable (String) -> Value?)?

    /// Builds the table; `fallback` resolves what the spellings miss (e.g. a catalogue's own parser).
    init(_ entries: [(String, Value)], fallback: (@Sendable (String) -> Value?)? = nil) {
        self.fallback = fallback
        var exactByLength = [[Entry]](repeating: [], count: 17)
        var seenExact: Set<[UInt8]> = []
        var seenFolded: Set<[UInt8]> = []
        for (spelling, value) in entries {
            let key = VietnameseText.foldKey(spelling)
            if byKey[key] == nil { byKey[key] = value }
            let keyBytes = Array(key.utf8)
            if keyBytes.count <= 16, seenFolded.insert(keyBytes).inserted {
                let (k0, k1) = Self.pack(keyBytes)
                folded.append(Entry(k0: k0, k1: k1, value: value))
            }
            let nfc = VietnameseText.nfc(spelling)
            let plain = VietnameseText.fold(nfc)
            for variant in [nfc, nfc.lowercased(), nfc.uppercased(), Self.capitalisedFirst(nfc.lowercased()),
                            plain, Self.capitalisedFirst(plain), plain.uppercased()] {
                let bytes = Array(variant.utf8)
                guard !bytes.isEmpty, bytes.count <= 16, seenExact.insert(bytes).inserted else { continue }
                let (k0, k1) = Self.pack(bytes)
                exactByLength[bytes.count].append(Entry(k0: k0, k1: k1, value: value))
            }
        }
        for group in exactByLength {
            exactStart.append(exact.count)
            exact.append(contentsOf: group)
        }
        exactStart.append(exact.count)
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

    /// The value `bytes` spell, or `nil`.
    func value(_ bytes: FieldParsers.Bytes) -> Value? {
        let n = bytes.count
        guard n > 0 else { return nil }
        var ascii = true
        if n <= 16 {
            var key: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &key) { buf in
                for i in 0..<n {
                    buf[i] = bytes[i]
                    if bytes[i] >= 0x80 { ascii = false }
                }
            }
            let hit: Value? = exact.withUnsafeBufferPointer { e in
                for i in exactStart[n]..<exactStart[n + 1] where e[i].k0 == key.0 && e[i].k1 == key.1 {
                    return e[i].value
                }
                return nil
            }
            if let hit { return hit }
        } else {
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
    mutating func append(_ key: UInt64, _ payload: UInt64) { pairs.append((key, payload)) }

    /// Number of pairs recorded.
    var count: Int { pairs.count }

    /// Calls `body(key, first, repeat)` for each repeated key with the payloads of its first
    /// occurrence (in append order) and of each later one.
    mutating func forEachDuplicate(_ body: (_ key: UInt64, _ first: UInt64, _ again: UInt64) -> Void) {
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
/// file's decoding time in SipHash and in the cache misses of its separate key storage.
struct CodeIndex {
    /// `slots[2*i]` is a code's hash (0 = empty), `slots[2*i+1]` its entry number.
    private var slots: [UInt64]
    private var mask: Int
    private(set) var codes: [String] = []
    private(set) var entries: [(row: Int32, index: Int32)] = []

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size * 2 < capacity * 3 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: 2 * size)
        mask = size - 1
        codes.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
    }

    /// FNV-1a over the bytes with a final mix so that nearby codes (`H000001`, `H000002`) spread.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h | 1
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> (slot: Int, entry: Int?) {
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[2 &* i]
            if s == 0 { return (i, nil) }
            if s == h {
                let e = Int(slots[2 &* i &+ 1])
                if FieldParsers.equal(codes[e], bytes) { return (i, e) }
            }
            i = (i &+ 1) & mask
        }
    }

    /// The entry of `code`, or `nil`.
    func entry(_ code: String) -> (row: Int32, index: Int32)? {
        var code = code
        return code.withUTF8 { bytes in
            find(bytes, hash: Self.hash(bytes)).entry.map { entries[$0] }
        }
    }

    /// Adds `code` unless present; returns the existing entry when it was.
    mutating func insert(_ code: String, _ value: (row: Int32, index: Int32)) -> (row: Int32, index: Int32)? {
        // Load factor at most 2/3: linear probing stays short, the table stays small.
        if (codes.count + 1) * 3 > (mask + 1) * 2 { grow() }
        var code = code
        let (h, found) = code.withUTF8 { bytes -> (UInt64, (slot: Int, entry: Int?)) in
            let h = Self.hash(bytes)
            return (h, find(bytes, hash: h))
        }
        if let e = found.entry { return entries[e] }
        slots[2 &* found.slot] = h
        slots[2 &* found.slot &+ 1] = UInt64(codes.count)
        codes.append(code)
        entries.append(value)
        return nil
    }

    private mutating func grow() {
        let old = slots
        let size = (mask + 1) * 2
        slots = [UInt64](repeating: 0, count: 2 * size)
        mask = size - 1
        for j in stride(from: 0, to: old.count, by: 2) where old[j] != 0 {
            var i = Int(truncatingIfNeeded: old[j]) & mask
            while slots[2 &* i] != 0 { i = (i &+ 1) & mask }
            slots[2 &* i] = old[j]
            slots[2 &* i &+ 1] = old[j + 1]
        }
    }
}
