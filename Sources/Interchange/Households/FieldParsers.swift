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

    /// A full date; a time part that spreadsheets append (`2020-09-01 00:00:00`, `…T00:00:00`)
    /// is ignored.
    static func date(_ bytes: Bytes) -> CivilDate? {
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
/// Lookups avoid hashing and `String`s for what real files contain: first the exact bytes of
/// each spelling in its usual case forms (`chủ hộ`, `Chủ hộ`, `CHỦ HỘ`, `chu ho`), then for ASCII
/// input a folded key compared as two machine words; only unusual spellings pay for a full fold.
struct SpellingTable<Value: Sendable>: Sendable {
    private var exact: [[(bytes: [UInt8], value: Value)]] = []
    private var folded: [(k0: UInt64, k1: UInt64, value: Value)] = []
    private var byKey: [String: Value] = [:]
    private let fallback: (@Sendable (String) -> Value?)?

    /// Builds the table; `fallback` resolves what the spellings miss (e.g. a catalogue's own parser).
    init(_ entries: [(String, Value)], fallback: (@Sendable (String) -> Value?)? = nil) {
        self.fallback = fallback
        var seenExact: Set<[UInt8]> = []
        for (spelling, value) in entries {
            let key = VietnameseText.foldKey(spelling)
            if byKey[key] == nil { byKey[key] = value }
            let keyBytes = Array(key.utf8)
            if keyBytes.count <= 16, !folded.contains(where: { $0.k0 == Self.pack(keyBytes).0 && $0.k1 == Self.pack(keyBytes).1 }) {
                let (k0, k1) = Self.pack(keyBytes)
                folded.append((k0, k1, value))
            }
            let nfc = VietnameseText.nfc(spelling)
            let plain = VietnameseText.fold(nfc)
            for variant in [nfc, nfc.lowercased(), nfc.uppercased(), Self.capitalisedFirst(nfc.lowercased()),
                            plain, Self.capitalisedFirst(plain), plain.uppercased()] {
                let bytes = Array(variant.utf8)
                guard !bytes.isEmpty, seenExact.insert(bytes).inserted else { continue }
                while exact.count <= bytes.count { exact.append([]) }
                exact[bytes.count].append((bytes, value))
            }
        }
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

    /// Byte equality of two buffers of the same length; inline because spellings are a few bytes
    /// and a `memcmp` call costs more than the comparison.
    @inline(__always)
    private static func equal(_ a: [UInt8], _ b: FieldParsers.Bytes) -> Bool {
        a.withUnsafeBufferPointer { a in
            for i in 0..<a.count where a[i] != b[i] { return false }
            return true
        }
    }

    /// The value `bytes` spell, or `nil`.
    func value(_ bytes: FieldParsers.Bytes) -> Value? {
        let n = bytes.count
        if n < exact.count {
            for entry in exact[n] where Self.equal(entry.bytes, bytes) { return entry.value }
        }
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
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
                for entry in folded where entry.k0 == key.0 && entry.k1 == key.1 { return entry.value }
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
