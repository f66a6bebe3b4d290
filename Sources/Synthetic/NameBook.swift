import Foundation
import Registry

/// Interned name tokens (syllables or name parts) as UTF-8 NFC bytes in one permanent block,
/// so a full name is written by copying a few byte ranges. Token 0 is the empty token.
final class TokenTable: @unchecked Sendable {
    private let base: UnsafeMutablePointer<UInt8>
    private let offsets: [Int]
    private let lengths: [Int]
    let strings: [String]

    init(strings: [String]) {
        let nfc = strings.map { $0.precomposedStringWithCanonicalMapping }
        self.strings = nfc
        let total = nfc.reduce(0) { $0 + $1.utf8.count }
        base = .allocate(capacity: max(1, total))
        var offsets: [Int] = []
        var lengths: [Int] = []
        var cursor = 0
        for s in nfc {
            let bytes = Array(s.utf8)
            (base + cursor).update(from: bytes, count: bytes.count)
            offsets.append(cursor)
            lengths.append(bytes.count)
            cursor += bytes.count
        }
        self.offsets = offsets
        self.lengths = lengths
    }

    deinit { base.deallocate() }

    @inline(__always)
    func bytes(_ id: UInt16) -> UnsafeBufferPointer<UInt8> {
        let i = Int(id)
        return UnsafeBufferPointer(start: base + offsets[i], count: lengths[i])
    }

    @inline(__always)
    func length(_ id: UInt16) -> Int { lengths[Int(id)] }

    func string(_ id: UInt16) -> String { strings[Int(id)] }
}

/// A weighted choice among name tokens: an alias table in permanently allocated memory, so the
/// struct is trivially copyable (no reference counting in the hot loop). Only the process-wide
/// ``NameBook/shared`` creates them, so the memory lives as long as the process.
struct TokenChoice: @unchecked Sendable {
    private let ids: UnsafePointer<UInt16>
    private let thresholds: UnsafePointer<UInt64>
    private let aliases: UnsafePointer<Int32>
    private let count: Int

    fileprivate init(ids: [UInt16], weights: [Double]) {
        let table = AliasTable(weights: weights)
        let (t, a) = table.parts
        let idp = UnsafeMutablePointer<UInt16>.allocate(capacity: ids.count)
        idp.initialize(from: ids, count: ids.count)
        let tp = UnsafeMutablePointer<UInt64>.allocate(capacity: t.count)
        tp.initialize(from: t, count: t.count)
        let ap = UnsafeMutablePointer<Int32>.allocate(capacity: a.count)
        ap.initialize(from: a, count: a.count)
        self.ids = UnsafePointer(idp)
        self.thresholds = UnsafePointer(tp)
        self.aliases = UnsafePointer(ap)
        self.count = ids.count
    }

    @inline(__always)
    func sample(_ rng: inout SplitMix64) -> UInt16 {
        if count == 1 { return ids[0] }
        let r = rng.next()
        let column = Int(truncatingIfNeeded: r.multipliedFullWidth(by: UInt64(count)).high)
        let coin = SplitMix64.mix(r)
        return ids[coin <= thresholds[column] ? column : Int(aliases[column])]
    }
}

/// How a group composes a full name (cách đặt tên).
enum NamePattern: Sendable {
    /// Family + middle + given (Kinh and most groups): `Nguyễn Văn An`.
    case familyMiddleGiven
    /// Given + family, men prefixed `Y` (Ê-đê, Mnông): `Y Nguôn Niê`, `H'Hen Niê`.
    case givenFamily
    /// `A` / `Y` + given for half the people, otherwise family + middle + given (Ba-na, Xơ-đăng…): `A Thút`.
    case prefixGiven
}

/// The naming conventions of one group of ethnic groups.
struct NameStyle: Sendable {
    let pattern: NamePattern
    /// Children take the mother's family name (Ê-đê, Gia-rai, Chăm… are matrilineal).
    let matrilineal: Bool
    let family: TokenChoice
    let maleMiddle: TokenChoice
    let femaleMiddle: TokenChoice
    let maleGiven: TokenChoice
    let femaleGiven: TokenChoice
    /// Used for people born from 1985 on (Kinh style only); nil = same as older.
    let maleMiddleYoung: TokenChoice?
    let femaleMiddleYoung: TokenChoice?
    let maleGivenYoung: TokenChoice?
    let femaleGivenYoung: TokenChoice?

    var hasYoungNames: Bool { maleMiddleYoung != nil }
}

/// Name tokens of one person: up to four token ids, 0 = none.
struct PersonName: Sendable, Hashable {
    var t0: UInt16 = 0
    var t1: UInt16 = 0
    var t2: UInt16 = 0
    var t3: UInt16 = 0
}

/// Vietnamese name data: family names with realistic frequencies, middle and given names by
/// sex and generation, and the conventions of the main ethnic minorities. All NFC.
final class NameBook: @unchecked Sendable {
    // Never deallocated: `shared` lives for the whole process.
    let tokens: TokenTable
    /// Styles: 0 Kinh (north), 1 Kinh (south), 2 Kinh (centre), then minority styles.
    /// Permanently allocated (the book is a process-wide singleton) so reading one is ARC-free.
    let styles: UnsafePointer<NameStyle>
    let styleCount: Int
    let tokenY: UInt16
    let tokenA: UInt16
    let tokenDinh: UInt16
    let tokenVan: UInt16
    let tokenThi: UInt16

    static let shared = NameBook()

    /// Style index for a household: Kinh by region, minorities by group.
    func styleIndex(ethnicity: UInt8, region: SocioEconomicRegion) -> Int {
        switch ethnicity {
        case 1:
            switch region {
            case .northernMidlandsMountains, .redRiverDelta: return 0
            case .southEast, .mekongDelta, .centralHighlands: return 1
            case .northCentralCoast: return 2
            }
        case 2: return 3  // Tày
        case 7: return 4  // Nùng
        case 3, 37, 42: return 5  // Thái, Lào, Lự
        case 6, 24, 44: return 6  // Mường, Thổ, Chứt
        case 8: return 7  // Hmông
        case 9, 46: return 8  // Dao, Pà Thẻn
        case 5: return 9  // Khơ-me
        case 4, 11: return 10  // Hoa, Ngái
        case 17, 21, 36: return 11  // Chăm, Ra-glai, Chu-ru
        case 12, 20: return 12  // Ê-đê, Mnông
        case 10: return 13  // Gia-rai
        case 13, 14, 19, 30, 27, 16, 28, 22, 32, 52, 54, 26, 31, 23, 53: return 14  // Ba-na and Mon-Khmer groups of the highlands
        default: return 15  // other northern groups
        }
    }

    private init() {
        var strings: [String] = [""]
        var index: [String: UInt16] = ["": 0]
        func id(_ s: String) -> UInt16 {
            if let i = index[s] { return i }
            let i = UInt16(strings.count)
            strings.append(s)
            index[s] = i
            return i
        }
        func choice(_ entries: [(String, Double)]) -> TokenChoice {
            TokenChoice(ids: entries.map { id($0.0) }, weights: entries.map(\.1))
        }
        func uniform(_ names: [String]) -> TokenChoice {
            choice(names.map { ($0, 1.0) })
        }

        // Kinh family names (họ), frequencies after the usual estimates (Nguyễn ≈ 38%).
        let kinhCommon: [(String, Double)] = [
            ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7.1), ("Phan", 4.5), ("Đặng", 2.1),
            ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5),
            ("Đào", 0.7), ("Đinh", 0.7), ("Trương", 0.7), ("Đoàn", 0.6), ("Trịnh", 0.5), ("Lương", 0.5),
            ("Mai", 0.5), ("Lâm", 0.4), ("Cao", 0.4), ("Hà", 0.5), ("Tạ", 0.3), ("Tô", 0.3),
            ("Chu", 0.3), ("Lưu", 0.3), ("Phùng", 0.3), ("Kiều", 0.2), ("Quách", 0.2), ("Thái", 0.2),
            ("Vương", 0.2), ("Châu", 0.2), ("Triệu", 0.2), ("Nghiêm", 0.1), ("Tăng", 0.1), ("La", 0.1),
            ("Văn", 0.1), ("Khúc", 0.05), ("Lại", 0.15), ("Hứa", 0.1),
        ]
        let kinhNorth = choice(kinhCommon + [("Hoàng", 3.4), ("Vũ", 3.6), ("Huỳnh", 0.1), ("Võ", 0.4)])
        let kinhSouth = choice(kinhCommon + [("Huỳnh", 3.4), ("Võ", 3.4), ("Hoàng", 0.6), ("Vũ", 0.5)])
        let kinhCentre = choice(kinhCommon + [("Hoàng", 2.0), ("Võ", 2.6), ("Huỳnh", 1.2), ("Vũ", 1.0)])

        let maleMiddleOld = choice([
            ("Văn", 60), ("Đức", 6), ("Minh", 5), ("Quang", 4), ("Hữu", 5), ("Công", 4), ("Xuân", 3),
            ("Thanh", 4), ("Ngọc", 3), ("Đình", 4), ("Trọng", 2), ("Viết", 1), ("Bá", 1), ("Tiến", 1),
        ])
        let maleMiddleYoung = choice([
            ("Văn", 25), ("Đức", 10), ("Minh", 12), ("Quang", 7), ("Hoàng", 5), ("Anh", 6), ("Gia", 8),
            ("Tuấn", 4), ("Bảo", 4), ("Hữu", 4), ("Thành", 5), ("Đăng", 4), ("Nhật", 3), ("Trung", 3),
            ("Thanh", 3), ("Xuân", 2),
        ])
        let femaleMiddleOld = choice([
            ("Thị", 75), ("Ngọc", 5), ("Thu", 3), ("Thanh", 4), ("Kim", 4), ("Hồng", 3), ("Bích", 2),
            ("Minh", 2), ("Xuân", 2),
        ])
        let femaleMiddleYoung = choice([
            ("Thị", 30), ("Ngọc", 10), ("Thu", 5), ("Thanh", 6), ("Phương", 6), ("Khánh", 6), ("Bảo", 5),
            ("Minh", 6), ("Hoài", 3), ("Diệu", 3), ("Thùy", 6), ("Mai", 4), ("Hồng", 3), ("Kim", 3),
            ("Gia", 3), ("Quỳnh", 2),
        ])
        let maleGivenOld = uniform([
            "Hùng", "Dũng", "Thắng", "Minh", "Tuấn", "Hải", "Sơn", "Cường", "Hòa", "Bình", "Thành", "Long",
            "Nam", "Trung", "Quang", "Hiếu", "Tâm", "Toàn", "Phong", "Tùng", "Đức", "Hưng", "Lâm", "Thịnh",
            "Vinh", "Tiến", "Hoàng", "Khánh", "Lợi", "Nghĩa", "Phúc", "Tài", "Thanh", "Tú", "Việt", "Chiến",
            "Công", "Đông", "Hà", "Hậu", "Kiên", "Lộc", "Mạnh", "Quý", "Sáng", "Tân", "Thuận", "Trường",
            "Xuân", "Bảo", "Châu", "Định", "Giang", "Khải", "Luân", "Phương", "Quyết", "Sinh", "Thọ", "Vượng",
        ])
        let maleGivenYoung = uniform([
            "Anh", "Huy", "Khang", "Bảo", "Phúc", "Minh", "Nam", "Khoa", "Kiên", "Duy", "Đạt", "Hiếu",
            "Long", "Quân", "Tuấn", "Hoàng", "Khôi", "Lâm", "Nhật", "Phong", "Quang", "Sơn", "Thái", "Thịnh",
            "Trí", "Tùng", "Vinh", "Vũ", "An", "Bách", "Hải", "Hùng", "Dũng", "Tâm", "Thắng", "Toàn",
            "Trung", "Việt", "Đăng", "Hưng", "Khải", "Khánh", "Lộc", "Nguyên", "Phát", "Tài", "Thành", "Tiến",
        ])
        let femaleGivenOld = uniform([
            "Lan", "Hương", "Hoa", "Hồng", "Mai", "Hà", "Thủy", "Nga", "Hạnh", "Hằng", "Liên", "Loan",
            "Lý", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thanh", "Thu", "Thúy", "Trang",
            "Tuyết", "Vân", "Xuân", "Yến", "Bích", "Cúc", "Dung", "Huệ", "Huyền", "Lệ", "Linh", "Minh",
            "Nguyệt", "Nhàn", "Sen", "Thơm", "Thắm", "Chi", "Đào", "Hải", "Hiền", "Hòa", "Lành", "Luyến",
            "Mận", "Nụ", "Gấm", "Hợi", "Khuyên", "Lụa", "Mơ", "Na", "Phượng", "Quế", "Tươi", "Vui",
        ])
        let femaleGivenYoung = uniform([
            "Anh", "Linh", "Trang", "Ngọc", "Hà", "Hương", "Thảo", "Vy", "Nhi", "Chi", "My", "Ngân",
            "Quỳnh", "Trâm", "Thư", "Hân", "Uyên", "Giang", "Hạnh", "Huyền", "Mai", "Nhung", "Phương", "Thùy",
            "Trinh", "Vân", "Yến", "An", "Diệp", "Hiền", "Lan", "Loan", "Ly", "Nga", "Oanh", "Tâm", "Thu",
            "Tuyết", "Hằng", "Châu", "Diễm", "Hoa", "Khánh", "Lam", "Ngân", "Như", "Tiên", "Trúc", "Vi",
        ])
        func kinhStyle(_ family: TokenChoice, matrilineal: Bool = false) -> NameStyle {
            NameStyle(pattern: .familyMiddleGiven, matrilineal: matrilineal, family: family,
                      maleMiddle: maleMiddleOld, femaleMiddle: femaleMiddleOld,
                      maleGiven: maleGivenOld, femaleGiven: femaleGivenOld,
                      maleMiddleYoung: maleMiddleYoung, femaleMiddleYoung: femaleMiddleYoung,
                      maleGivenYoung: maleGivenYoung, femaleGivenYoung: femaleGivenYoung)
        }
        let vanThi = (male: choice([("Văn", 1)]), female: choice([("Thị", 1)]))
        func style(_ pattern: NamePattern, matrilineal: Bool = false, family: TokenChoice,
                   maleMiddle: TokenChoice, femaleMiddle: TokenChoice,
                   maleGiven: TokenChoice, femaleGiven: TokenChoice) -> NameStyle {
            NameStyle(pattern: pattern, matrilineal: matrilineal, family: family,
                      maleMiddle: maleMiddle, femaleMiddle: femaleMiddle,
                      maleGiven: maleGiven, femaleGiven: femaleGiven,
                      maleMiddleYoung: nil, femaleMiddleYoung: nil, maleGivenYoung: nil, femaleGivenYoung: nil)
        }

        var styles: [NameStyle] = []
        styles.append(kinhStyle(kinhNorth))  // 0
        styles.append(kinhStyle(kinhSouth))  // 1
        styles.append(kinhStyle(kinhCentre))  // 2
        // 3 Tày
        styles.append(kinhStyle(choice([
            ("Hoàng", 20), ("Nông", 15), ("Lục", 6), ("Lương", 6), ("Triệu", 5), ("Ma", 5), ("Hà", 5),
            ("Đàm", 4), ("Bế", 4), ("Lăng", 3), ("Hứa", 3), ("Nguyễn", 8), ("Vi", 3), ("Mông", 2), ("Lý", 4),
            ("Đinh", 2), ("Dương", 2),
        ])))
        // 4 Nùng
        styles.append(kinhStyle(choice([
            ("Hoàng", 15), ("Nông", 10), ("Lương", 8), ("Lăng", 6), ("Triệu", 6), ("Vi", 6), ("Lý", 6),
            ("Chu", 4), ("Hứa", 5), ("Mã", 4), ("Lục", 4), ("Nguyễn", 5), ("Sầm", 2), ("Mạc", 2),
        ])))
        // 5 Thái
        styles.append(style(.familyMiddleGiven, family: choice([
            ("Lò", 18), ("Cầm", 10), ("Lường", 12), ("Quàng", 8), ("Vi", 10), ("Hà", 10), ("Tòng", 6),
            ("Điêu", 4), ("Lừ", 4), ("Sầm", 3), ("Lê", 3), ("Lộc", 3), ("Mè", 2), ("Bạc", 2),
        ]), maleMiddle: vanThi.male, femaleMiddle: vanThi.female,
        maleGiven: uniform(["Ún", "Xôm", "Pọm", "Chăn", "Khăm", "Piêng", "Inh", "Ơn", "Pánh", "Lả", "Xiển",
                            "Tiến", "Hùng", "Dũng", "Thanh", "Muôn", "Phanh", "Thương", "Kim", "Quyết"]),
        femaleGiven: uniform(["Ún", "Xôm", "Ín", "Lả", "Piêng", "Phương", "Hương", "Mai", "Ngọc", "Xuân",
                              "Hoa", "Bích", "Hiên", "Duyên", "Lả", "Panh", "Ính", "Thơ", "Lan", "Nhất"])))
        // 6 Mường
        styles.append(kinhStyle(choice([
            ("Bùi", 35), ("Đinh", 25), ("Quách", 10), ("Hà", 8), ("Xa", 5), ("Nguyễn", 5), ("Phạm", 5),
            ("Cao", 3), ("Trương", 2),
        ])))
        // 7 Hmông
        styles.append(style(.familyMiddleGiven, family: choice([
            ("Giàng", 16), ("Sùng", 14), ("Thào", 14), ("Vàng", 14), ("Lầu", 8), ("Lý", 8), ("Mùa", 7),
            ("Hạng", 6), ("Vừ", 6), ("Hờ", 3), ("Cứ", 2), ("Tráng", 2), ("Ly", 2), ("Mua", 2),
        ]), maleMiddle: choice([("A", 40), ("Seo", 25), ("Mí", 15), ("Văn", 20)]),
        femaleMiddle: choice([("Thị", 90), ("Mí", 5), ("Seo", 5)]),
        maleGiven: uniform(["Páo", "Sính", "Chứ", "Dế", "Say", "Chía", "Pó", "Dua", "Già", "Súa", "Lử", "Tủa",
                            "Dính", "Chù", "Pà", "Sùng", "Của", "Nhìa", "Vư", "Lềnh", "Chinh", "Thề"]),
        femaleGiven: uniform(["Mỷ", "Máy", "Dợ", "Mai", "Sua", "Dở", "Pà", "Chá", "Súa", "Lan", "Sông", "Và",
                              "Mua", "Xua", "Dung", "Chở", "Dinh", "Ly", "Say", "Cở"])))
        // 8 Dao
        styles.append(style(.familyMiddleGiven, family: choice([
            ("Bàn", 25), ("Triệu", 25), ("Đặng", 15), ("Lý", 12), ("Chảo", 8), ("Tẩn", 6), ("Phùn", 4),
            ("Hoàng", 5), ("Chìu", 2),
        ]), maleMiddle: choice([("Văn", 55), ("Tả", 15), ("Quẩy", 10), ("Láo", 8), ("Kiều", 7), ("Chòi", 5)]),
        femaleMiddle: choice([("Thị", 75), ("Mẩy", 15), ("Nái", 10)]),
        maleGiven: uniform(["Phin", "Chòi", "Sài", "Tài", "Lở", "Vần", "Kiềm", "Chiêm", "Phú", "Sinh", "Quý",
                            "Dần", "Phấu", "Tiến", "Chàn", "Kháng", "Lìn", "Sơn"]),
        femaleGiven: uniform(["Mẩy", "Nái", "Phấy", "Chòi", "Lìn", "Kiều", "Xuân", "Dín", "Lai", "Chiều",
                              "Nhất", "Mai", "Hoa", "Lan", "Mùi"])))
        // 9 Khơ-me
        styles.append(style(.familyMiddleGiven, family: choice([
            ("Thạch", 25), ("Sơn", 20), ("Danh", 15), ("Kim", 10), ("Lâm", 8), ("Chau", 6), ("Trần", 4),
            ("Huỳnh", 4), ("Lý", 4), ("Dương", 2),
        ]), maleMiddle: choice([("", 75), ("Văn", 25)]), femaleMiddle: choice([("Thị", 85), ("", 15)]),
        maleGiven: uniform(["Sô Phol", "Sa Rươne", "Sóc", "Phol", "Chanh", "Sang", "Thi", "Đa Ra", "Sa Rinh",
                            "Sóc Kha", "Pho", "Ni", "Ren", "Thol", "Sa Phiên", "Kha", "Rinh", "Sà Rương"]),
        femaleGiven: uniform(["Sa Ry", "Sô Phia", "Kim Hoa", "Srey", "Mây", "Na", "Ta", "Ne", "Sa Vin", "Phaly",
                              "Thi Da", "Sóc Thy", "Sa Rết", "Sa Ni", "Mo Ni", "Chanh Thy"])))
        // 10 Hoa
        styles.append(kinhStyle(choice([
            ("Lý", 12), ("Trần", 10), ("Lâm", 12), ("Quách", 8), ("Mã", 8), ("Hứa", 8), ("Tăng", 6),
            ("Hồng", 5), ("Lưu", 6), ("Trương", 6), ("Dương", 5), ("La", 4), ("Vương", 5), ("Hoàng", 5),
            ("Diệp", 3), ("Thái", 3),
        ])))
        // 11 Chăm, Ra-glai, Chu-ru
        styles.append(style(.familyMiddleGiven, matrilineal: true, family: choice([
            ("Đàng", 20), ("Thiên", 10), ("Quảng", 10), ("Báo", 8), ("Trượng", 8), ("Từ", 6), ("Châu", 6),
            ("Lộ", 5), ("Pinăng", 8), ("Katơr", 5), ("Mai", 4), ("Ya", 5), ("Sô", 5), ("Bá", 3),
        ]), maleMiddle: vanThi.male, femaleMiddle: vanThi.female,
        maleGiven: maleGivenOld, femaleGiven: femaleGivenOld))
        // 12 Ê-đê, Mnông
        styles.append(style(.givenFamily, matrilineal: true, family: choice([
            ("Niê", 20), ("Êban", 12), ("Mlô", 10), ("Adrơng", 8), ("Byă", 8), ("Ayŭn", 8), ("Ksơr", 6),
            ("Hmok", 6), ("Knul", 5), ("Mđrăng", 5), ("Bon", 6), ("Điểu", 6),
        ]), maleMiddle: choice([("", 1)]), femaleMiddle: choice([("", 1)]),
        maleGiven: uniform(["Nguôn", "Bhiăp", "Tlang", "Khu", "Blơng", "Jơn", "Sơn", "Kô", "Yơn", "Hiăp",
                            "Wưn", "Dhông", "Bhin", "Kuăn", "Thuột", "Mlô"]),
        femaleGiven: uniform(["H'Hen", "H'Linh", "H'Năm", "H'Ngân", "H'Blông", "H'Nhi", "H'Duyên", "H'Xíu",
                              "H'Loan", "H'Yâm", "H'Bia", "H'Zuin", "H'Nga", "H'Lê"])))
        // 13 Gia-rai
        styles.append(style(.familyMiddleGiven, matrilineal: true, family: choice([
            ("Ksor", 20), ("Rơ Châm", 15), ("Siu", 15), ("Rah Lan", 12), ("Nay", 10), ("Kpă", 10),
            ("Rơ Mah", 8), ("Puih", 6), ("Rơ Lan", 4),
        ]), maleMiddle: choice([("", 1)]), femaleMiddle: choice([("", 1)]),
        maleGiven: uniform(["Blơi", "Hyun", "Tlang", "Dút", "Khăm", "Hiăo", "Kơn", "Blóh", "Thuih", "Yơr",
                            "Dơng", "Phin", "Jơn", "Nhum", "Ái"]),
        femaleGiven: uniform(["H'Bơn", "H'Nhiên", "H'Lý", "H'Ngăm", "H'Plin", "H'Drao", "H'Yan", "H'Miang",
                              "H'Ben", "H'Lan", "H'Wit"])))
        // 14 Ba-na, Xơ-đăng, Hrê, Co, Cơ-tu, Cơ-ho, Mạ, Xtiêng… (A / Y prefix, or Đinh/Hồ + Văn/Thị)
        styles.append(style(.prefixGiven, family: choice([
            ("Đinh", 50), ("Hồ", 20), ("Điểu", 10), ("Bhling", 5),
            ("Alăng", 5), ("Nguyễn", 10),
        ]), maleMiddle: vanThi.male, femaleMiddle: vanThi.female,
        maleGiven: uniform(["Thút", "Tuấn", "Sơ", "Blưk", "Đoen", "Hyơk", "Bôn", "Nhơn", "Ngưi", "Kim",
                            "Hnưn", "Rơ", "Pơng", "Byưt", "Tơ", "Đức", "Hùng", "Quang"]),
        femaleGiven: uniform(["Blưm", "Hơ", "Bliêng", "Hnưk", "Kiăm", "Rin", "Bơ", "Giang", "Kly", "Lan",
                              "Hoa", "Thu", "Hồng", "Mai"])))
        // 15 other northern groups (Sán Chay, Sán Dìu, Giáy, Khơ-mú, Hà Nhì, La Chí, Lô Lô…)
        styles.append(kinhStyle(choice([
            ("Hoàng", 10), ("Lý", 10), ("Lò", 8), ("Vi", 6), ("Giàng", 4), ("Lù", 6), ("Chẻo", 3),
            ("Nông", 5), ("Triệu", 6), ("Đặng", 5), ("Hà", 5), ("Sần", 3), ("Lục", 3), ("Nguyễn", 8),
            ("Trần", 4), ("Lưu", 4), ("Vàng", 4), ("Ma", 3),
        ])))

        let stylePointer = UnsafeMutablePointer<NameStyle>.allocate(capacity: styles.count)
        stylePointer.initialize(from: styles, count: styles.count)
        self.styles = UnsafePointer(stylePointer)
        styleCount = styles.count
        tokenY = id("Y")
        tokenA = id("A")
        tokenDinh = id("Đinh")
        tokenVan = id("Văn")
        tokenThi = id("Thị")
        tokens = TokenTable(strings: strings)
    }

    /// Picks a person's name. `family` is the inherited family name (0 = draw one).
    @inline(__always)
    func name(style s: Int, male: Bool, young: Bool, family inherited: UInt16, _ rng: inout SplitMix64) -> PersonName {
        let style = styles + s  // read fields in place: copying the whole style costs more than sampling
        let family = inherited != 0 ? inherited : style.pointee.family.sample(&rng)
        let middle: UInt16
        var given: UInt16
        if young && style.pointee.hasYoungNames {
            middle = male ? style.pointee.maleMiddleYoung!.sample(&rng) : style.pointee.femaleMiddleYoung!.sample(&rng)
            given = male ? style.pointee.maleGivenYoung!.sample(&rng) : style.pointee.femaleGivenYoung!.sample(&rng)
        } else {
            middle = male ? style.pointee.maleMiddle.sample(&rng) : style.pointee.femaleMiddle.sample(&rng)
            given = male ? style.pointee.maleGiven.sample(&rng) : style.pointee.femaleGiven.sample(&rng)
        }
        if given == middle && given != 0 {
            given = male ? style.pointee.maleGiven.sample(&rng) : style.pointee.femaleGiven.sample(&rng)
        }
        switch style.pointee.pattern {
        case .familyMiddleGiven:
            return PersonName(t0: family, t1: middle, t2: given, t3: 0)
        case .givenFamily:
            return male ? PersonName(t0: tokenY, t1: given, t2: family, t3: 0)
                        : PersonName(t0: given, t1: family, t2: 0, t3: 0)
        case .prefixGiven:
            if rng.chance(0.5) {
                return PersonName(t0: male ? tokenA : tokenY, t1: given, t2: 0, t3: 0)
            }
            return PersonName(t0: family, t1: male ? tokenVan : tokenThi, t2: given, t3: 0)
        }
    }

    /// The family-name token of a name, for children to inherit (0 if the pattern has none).
    @inline(__always)
    func familyToken(of name: PersonName, style s: Int) -> UInt16 {
        switch styles[s].pattern {
        case .familyMiddleGiven: return name.t0
        case .givenFamily: return name.t1 == 0 ? 0 : (name.t0 == tokenY ? name.t2 : name.t1)
        case .prefixGiven: return name.t0 == tokenA || name.t0 == tokenY ? 0 : name.t0
        }
    }

    /// The name as a String.
    func string(_ name: PersonName) -> String {
        [name.t0, name.t1, name.t2, name.t3].filter { $0 != 0 }.map { tokens.string($0) }.joined(separator: " ")
    }
}
