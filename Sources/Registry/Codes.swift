import PovertyStandard
import VietnameseText

/// Relation of a member to the head of household (quan hệ với chủ hộ).
///
/// Raw values are the codes of `members.csv` (data-format.md).
public enum Relation: String, Sendable, Codable, CaseIterable, Hashable {
    /// Head of household (chủ hộ).
    case head
    /// Spouse (vợ, chồng).
    case spouse
    /// Child (con).
    case child
    /// Parent (bố, mẹ).
    case parent
    /// Grandchild (cháu).
    case grandchild
    /// Sibling (anh, chị, em).
    case sibling
    /// Other relation (khác).
    case other

    /// Vietnamese label as written on the official lists, e.g. `vợ, chồng`.
    public var vietnamese: String {
        switch self {
        case .head: "chủ hộ"
        case .spouse: "vợ, chồng"
        case .child: "con"
        case .parent: "bố, mẹ"
        case .grandchild: "cháu"
        case .sibling: "anh, chị, em"
        case .other: "khác"
        }
    }
}

/// Sex of a member (giới tính); the raw values `M`/`F` are the file codes.
public enum Sex: String, Sendable, Codable, CaseIterable, Hashable {
    /// Male (nam).
    case male = "M"
    /// Female (nữ).
    case female = "F"

    /// Vietnamese label (`nam` / `nữ`).
    public var vietnamese: String { self == .male ? "nam" : "nữ" }
}

/// A household's class as recognised in an official list (phân loại đã công nhận).
///
/// Unlike ``PovertyStandard/PovertyClass`` it has no `incomplete`: a commune chairman's decision
/// always names a class, so loading an existing list never yields an undecided household.
public enum RecognisedClass: String, Sendable, Codable, CaseIterable, Hashable {
    /// Poor household (hộ nghèo).
    case poor
    /// Near-poor household (hộ cận nghèo).
    case nearPoor = "near_poor"
    /// Household with average living standard (hộ có mức sống trung bình).
    case average
    /// Not poor household (hộ không nghèo).
    case notPoor = "not_poor"

    /// Vietnamese label used in files (`nghèo`, `cận nghèo`, `trung bình`, `không nghèo`).
    public var vietnamese: String {
        switch self {
        case .poor: "nghèo"
        case .nearPoor: "cận nghèo"
        case .average: "trung bình"
        case .notPoor: "không nghèo"
        }
    }

    /// The engine's class with the same meaning, so recognised and computed classes compare directly.
    public var povertyClass: PovertyClass {
        switch self {
        case .poor: .poor
        case .nearPoor: .nearPoor
        case .average: .average
        case .notPoor: .notPoor
        }
    }
}

/// Cause of poverty (nguyên nhân nghèo), the catalogue of program.md §3.
public enum PovertyCause: String, Sendable, Codable, CaseIterable, Hashable {
    /// Lacks production land (thiếu đất sản xuất).
    case noLand = "no_land"
    /// Lacks capital (thiếu vốn).
    case noCapital = "no_capital"
    /// Lacks labour (thiếu lao động).
    case noLabour = "no_labour"
    /// Lacks tools and means of production (thiếu công cụ, phương tiện sản xuất).
    case noMeans = "no_means"
    /// Lacks production knowledge (thiếu kiến thức sản xuất).
    case noKnowledge = "no_knowledge"
    /// Lacks work skills (thiếu kỹ năng lao động).
    case noSkills = "no_skills"
    /// Illness or accident (ốm đau, tai nạn).
    case illness
    /// Many dependants (đông người phụ thuộc).
    case manyDependants = "many_dependants"
    /// Unwilling to work (chây lười lao động).
    case noWill = "no_will"
    /// Other cause (khác).
    case other

    /// Vietnamese name as in program.md §3.
    public var vietnamese: String {
        switch self {
        case .noLand: "thiếu đất sản xuất"
        case .noCapital: "thiếu vốn"
        case .noLabour: "thiếu lao động"
        case .noMeans: "thiếu công cụ, phương tiện sản xuất"
        case .noKnowledge: "thiếu kiến thức sản xuất"
        case .noSkills: "thiếu kỹ năng lao động"
        case .illness: "ốm đau, tai nạn"
        case .manyDependants: "đông người phụ thuộc"
        case .noWill: "chây lười lao động"
        case .other: "khác"
        }
    }

    /// Resolves a file value: the code, or the Vietnamese name in any case or without diacritics.
    public init?(text: String) {
        if let cause = PovertyCause(rawValue: text) {
            self = cause
            return
        }
        guard let cause = Self.byKey[VietnameseText.foldKey(text)] else { return nil }
        self = cause
    }

    private static let byKey: [String: PovertyCause] = {
        var map: [String: PovertyCause] = [:]
        for cause in allCases {
            map[VietnameseText.foldKey(cause.rawValue)] = cause
            map[VietnameseText.foldKey(cause.vietnamese)] = cause
        }
        // Officers often shorten "ốm đau, tai nạn" to one of its halves.
        map[VietnameseText.foldKey("ốm đau")] = .illness
        map[VietnameseText.foldKey("tai nạn")] = .illness
        return map
    }()
}

/// Mass organisation (tổ chức đoàn thể) a member belongs to; codes of data-format.md.
public enum MassOrganisation: String, Sendable, Codable, CaseIterable, Hashable {
    /// Farmers' Union (Hội Nông dân).
    case nongDan = "nong_dan"
    /// Women's Union (Hội Liên hiệp Phụ nữ).
    case phuNu = "phu_nu"
    /// Veterans' Association (Hội Cựu chiến binh).
    case cuuChienBinh = "cuu_chien_binh"
    /// Youth Union (Đoàn Thanh niên).
    case thanhNien = "thanh_nien"
    /// Fatherland Front (Mặt trận Tổ quốc).
    case matTran = "mat_tran"
    /// Trade Union (Công đoàn).
    case congDoan = "cong_doan"
    /// Elderly Association (Hội Người cao tuổi).
    case nguoiCaoTuoi = "nguoi_cao_tuoi"

    /// Vietnamese name of the organisation.
    public var vietnamese: String {
        switch self {
        case .nongDan: "Hội Nông dân"
        case .phuNu: "Hội Liên hiệp Phụ nữ"
        case .cuuChienBinh: "Hội Cựu chiến binh"
        case .thanhNien: "Đoàn Thanh niên"
        case .matTran: "Mặt trận Tổ quốc"
        case .congDoan: "Công đoàn"
        case .nguoiCaoTuoi: "Hội Người cao tuổi"
        }
    }

    /// Resolves a file value: the code, or a Vietnamese name or abbreviation in any spelling.
    public init?(text: String) {
        if let org = MassOrganisation(rawValue: text) {
            self = org
            return
        }
        guard let org = Self.byKey[VietnameseText.foldKey(text)] else { return nil }
        self = org
    }

    private static let byKey: [String: MassOrganisation] = {
        var map: [String: MassOrganisation] = [:]
        for org in allCases {
            map[VietnameseText.foldKey(org.rawValue)] = org
            map[VietnameseText.foldKey(org.vietnamese)] = org
        }
        // Short names and abbreviations used on commune lists.
        let extra: [(String, MassOrganisation)] = [
            ("Nông dân", .nongDan), ("HND", .nongDan),
            ("Phụ nữ", .phuNu), ("Hội LHPN", .phuNu), ("LHPN", .phuNu), ("Hội Phụ nữ", .phuNu),
            ("Cựu chiến binh", .cuuChienBinh), ("CCB", .cuuChienBinh), ("Hội CCB", .cuuChienBinh),
            ("Thanh niên", .thanhNien), ("Đoàn TN", .thanhNien), ("Đoàn TNCS Hồ Chí Minh", .thanhNien),
            ("MTTQ", .matTran), ("Mặt trận", .matTran),
            ("Người cao tuổi", .nguoiCaoTuoi), ("NCT", .nguoiCaoTuoi), ("Hội NCT", .nguoiCaoTuoi),
        ]
        for (name, org) in extra { map[VietnameseText.foldKey(name)] = org }
        return map
    }()
}

/// One of the 54 ethnic groups of Viet Nam (dân tộc), in the statistics office's list (danh mục
/// các dân tộc Việt Nam) where `01` is Kinh.
///
/// Stored as its number so that a member costs one byte for it; ``code`` is the 2-digit file code.
public struct EthnicGroup: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The group's number, 1…54.
    public let number: UInt8

    /// The group with number `number` (1…54), or `nil` outside the list.
    public init?(number: Int) {
        guard (1...Self.names.count).contains(number) else { return nil }
        self.number = UInt8(number)
    }

    /// The group with 2-digit code `code` (`01`…`54`; a dropped leading zero is tolerated because
    /// spreadsheets turn `01` into `1`).
    public init?(code: String) {
        guard !code.isEmpty, code.utf8.count <= 2, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let n = Int(code)
        else { return nil }
        self.init(number: n)
    }

    /// Resolves a file value: a code, the official name, or a common alias, ignoring case,
    /// diacritics, spaces, hyphens and apostrophes (so `Hmong`, `H'Mông` and `Mông` all match).
    public init?(text: String) {
        if let group = EthnicGroup(code: text) {
            self = group
            return
        }
        guard let n = Self.byKey[VietnameseText.foldKey(text)] else { return nil }
        self.number = n
    }

    /// The 2-digit code, e.g. `08`.
    public var code: String { number < 10 ? "0\(number)" : "\(number)" }
    /// The official Vietnamese name, e.g. `Hmông`.
    public var name: String { Self.names[Int(number) - 1] }
    /// The name, for messages.
    public var description: String { name }

    /// Kinh, the majority group (dân tộc Kinh).
    public static let kinh = EthnicGroup(uncheckedNumber: 1)
    /// All 54 groups in code order.
    public static let all: [EthnicGroup] = (1...names.count).map { EthnicGroup(uncheckedNumber: UInt8($0)) }

    /// Whether the group is an ethnic minority (dân tộc thiểu số): every group but Kinh.
    public var isMinority: Bool { number != 1 }

    /// Orders groups by code.
    public static func < (lhs: EthnicGroup, rhs: EthnicGroup) -> Bool { lhs.number < rhs.number }

    private init(uncheckedNumber: UInt8) { self.number = uncheckedNumber }

    /// Official names, index = number − 1.
    static let names: [String] = [
        "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Hmông", "Dao", "Gia-rai",
        "Ngái", "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
        "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co",
        "Ta-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá",
        "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La",
        "Pu Péo", "Brâu", "Ơ-đu", "Rơ-măm",
    ]

    /// Spellings seen in registries besides the official names; folding already makes
    /// `Khơ Me`, `Ê Đê`, `Gia Rai`, `Ba Na`, `Xơ Đăng`… equal to the official forms.
    private static let aliases: [(String, UInt8)] = [
        ("Việt", 1),
        ("Tầy", 2),
        ("Thái đen", 3), ("Thái trắng", 3),
        ("Người Hoa", 4),
        ("Khmer", 5), ("Khơ-me Krôm", 5), ("Khmer Krom", 5),
        ("Mông", 8), ("H'Mông", 8), ("Hmong", 8), ("H'mong", 8), ("Mong", 8),
        ("Jarai", 10), ("Giơ-rai", 10),
        ("Rhade", 12), ("Ra-đê", 12),
        ("Bahnar", 13),
        ("Sedang", 14), ("Xê-đăng", 14),
        ("Cao Lan", 15), ("Sán Chỉ", 15),
        ("Kơ-ho", 16), ("K'ho", 16), ("Koho", 16),
        ("Chăm Pa", 17), ("Chàm", 17), ("Cham", 17),
        ("Hre", 19),
        ("M'nông", 20), ("Mnong", 20),
        ("Raglai", 21), ("Ra-glay", 21),
        ("Stiêng", 22), ("Xa-điêng", 22),
        ("Bru", 23), ("Vân Kiều", 23), ("Bru Vân Kiều", 23), ("Vân-Kiều", 23),
        ("Dáy", 25), ("Nhắng", 25),
        ("Katu", 26), ("Ca-tu", 26),
        ("Gié Triêng", 27), ("Giẻ-Triêng", 27), ("Giẻ", 27), ("Triêng", 27),
        ("Khmu", 29), ("Khơ mú", 29), ("Xá Cẩu", 29),
        ("Tà Ôi", 31), ("Ta Oi", 31), ("Pa Cô", 31), ("Pa-kô", 31),
        ("Châu Ro", 32),
        ("Xinh Mun", 34),
        ("Hà Nhì Già", 35),
        ("Chu Ru", 36),
        ("Lư", 42),
        ("Lolo", 43),
        ("Pà Hưng", 46),
        ("Bố Y", 49), ("Bu-y", 49),
        ("Pu Péo", 51), ("Pu-péo", 51),
        ("Brao", 52),
        ("Ơ Đu", 53), ("Tày Hạt", 53),
        ("Rơ Măm", 54), ("Romam", 54),
    ]

    /// Every accepted spelling with its group: official names, then aliases. Matching is by
    /// ``VietnameseText/foldKey(_:)``, so each spelling also stands for its unaccented and
    /// differently spaced or hyphenated forms; importers use this list to build exact-match tables.
    public static let spellings: [(name: String, group: EthnicGroup)] =
        names.enumerated().map { ($0.element, EthnicGroup(uncheckedNumber: UInt8($0.offset + 1))) }
        + aliases.map { ($0.0, EthnicGroup(uncheckedNumber: $0.1)) }

    private static let byKey: [String: UInt8] = {
        var map: [String: UInt8] = [:]
        for (i, name) in names.enumerated() { map[VietnameseText.foldKey(name)] = UInt8(i + 1) }
        for (alias, n) in aliases where map[VietnameseText.foldKey(alias)] == nil {
            map[VietnameseText.foldKey(alias)] = n
        }
        return map
    }()
}
