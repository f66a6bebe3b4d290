import PovertyStandard
import VietnameseText

/// A column of `households.csv` (cột của tệp hộ gia đình), data-format.md.
public enum HouseholdColumn: Hashable, Sendable, CaseIterable {
    /// `household_code` (Mã hộ).
    case householdCode
    /// `commune_code` (Mã xã).
    case communeCode
    /// `village` (Thôn/tổ dân phố).
    case village
    /// `address` (Địa chỉ).
    case address
    /// `area_type` (Khu vực).
    case areaType
    /// `reference_date` (Ngày rà soát).
    case referenceDate
    /// `monthly_income_per_capita` (Thu nhập bình quân đầu người/tháng).
    case monthlyIncomePerCapita
    /// `income_score` (Điểm A (B1)).
    case incomeScore
    /// `housing_quality` (Chất lượng nhà ở).
    case housingQuality
    /// `floor_area_m2` (Diện tích nhà ở (m²)).
    case floorArea
    /// One of the yes/no household facts, e.g. `clean_water` (Nước sạch).
    case fact(HouseholdFact)
    /// `agricultural` (Hộ làm nông, lâm, ngư, diêm nghiệp).
    case agricultural
    /// `social_protection` (Hộ bảo trợ xã hội).
    case socialProtection
    /// `poverty_causes` (Nguyên nhân nghèo).
    case povertyCauses
    /// `deprived_<indicator_id>` (Thiếu hụt: <tên chỉ số>), the survey's B2 answer.
    case deprived(IndicatorID)
    /// `recognised_class` (Phân loại đã công nhận).
    case recognisedClass
    /// `recognised_year` (Năm công nhận).
    case recognisedYear

    /// All columns in the order of data-format.md (the order exports write them in).
    public static let allCases: [HouseholdColumn] =
        [.householdCode, .communeCode, .village, .address, .areaType, .referenceDate,
         .monthlyIncomePerCapita, .incomeScore, .housingQuality, .floorArea]
        + HouseholdFact.allCases.map { .fact($0) }
        + [.agricultural, .socialProtection, .povertyCauses]
        + IndicatorID.allCases.map { .deprived($0) }
        + [.recognisedClass, .recognisedYear]

    /// The canonical English header, e.g. `household_code`.
    public var name: String {
        switch self {
        case .householdCode: "household_code"
        case .communeCode: "commune_code"
        case .village: "village"
        case .address: "address"
        case .areaType: "area_type"
        case .referenceDate: "reference_date"
        case .monthlyIncomePerCapita: "monthly_income_per_capita"
        case .incomeScore: "income_score"
        case .housingQuality: "housing_quality"
        case .floorArea: "floor_area_m2"
        case .fact(let f): f.rawValue
        case .agricultural: "agricultural"
        case .socialProtection: "social_protection"
        case .povertyCauses: "poverty_causes"
        case .deprived(let id): "deprived_\(id.rawValue)"
        case .recognisedClass: "recognised_class"
        case .recognisedYear: "recognised_year"
        }
    }

    /// The Vietnamese headers accepted as aliases; the first is the one exports write.
    public var vietnameseHeaders: [String] {
        switch self {
        case .householdCode: ["Mã hộ"]
        case .communeCode: ["Mã xã"]
        case .village: ["Thôn/tổ dân phố"]
        case .address: ["Địa chỉ"]
        case .areaType: ["Khu vực"]
        case .referenceDate: ["Ngày rà soát"]
        case .monthlyIncomePerCapita: ["Thu nhập bình quân đầu người/tháng"]
        case .incomeScore: ["Điểm A (B1)"]
        case .housingQuality: ["Chất lượng nhà ở"]
        case .floorArea: ["Diện tích nhà ở (m²)", "Diện tích nhà ở (m2)"]
        case .fact(let f):
            switch f {
            case .cleanWater: ["Nước sạch"]
            case .hygienicLatrine: ["Nhà tiêu hợp vệ sinh"]
            case .internet: ["Sử dụng internet"]
            case .phoneOrInternet: ["Sử dụng điện thoại/internet"]
            case .informationDevice: ["Phương tiện tiếp cận thông tin"]
            case .hearsLoudspeaker: ["Nghe được loa truyền thanh"]
            case .wasteTreated: ["Rác thải được thu gom/xử lý"]
            }
        case .agricultural: ["Hộ làm nông, lâm, ngư, diêm nghiệp"]
        case .socialProtection: ["Hộ bảo trợ xã hội"]
        case .povertyCauses: ["Nguyên nhân nghèo"]
        case .deprived(let id): id.vietnameseNames.map { "Thiếu hụt: \($0)" }
        case .recognisedClass: ["Phân loại đã công nhận"]
        case .recognisedYear: ["Năm công nhận"]
        }
    }

    /// Whether a file without this column is rejected (`header.missing`).
    public var isRequired: Bool {
        switch self {
        case .householdCode, .communeCode, .village, .areaType: true
        default: false
        }
    }
}

/// A column of `members.csv` (cột của tệp thành viên), data-format.md.
public enum MemberColumn: String, Hashable, Sendable, CaseIterable {
    /// `household_code` (Mã hộ).
    case householdCode = "household_code"
    /// `member_no` (STT).
    case memberNo = "member_no"
    /// `full_name` (Họ và tên).
    case fullName = "full_name"
    /// `relation` (Quan hệ với chủ hộ).
    case relation
    /// `sex` (Giới tính).
    case sex
    /// `birth_date` (Ngày sinh).
    case birthDate = "birth_date"
    /// `national_id` (Số CCCD/Định danh).
    case nationalID = "national_id"
    /// `ethnicity` (Dân tộc).
    case ethnicity
    /// `health_insurance` (Có BHYT).
    case healthInsurance = "health_insurance"
    /// `education` (Trình độ học vấn).
    case education
    /// `in_school` (Đang đi học).
    case inSchool = "in_school"
    /// `employment` (Việc làm).
    case employment
    /// `disability` (Khuyết tật).
    case disability
    /// `malnourished` (Suy dinh dưỡng (trẻ < 16)).
    case malnourished
    /// `ill_untreated` (Ốm đau không khám chữa).
    case illUntreated = "ill_untreated"
    /// `meritorious` (Người có công).
    case meritorious
    /// `mass_organisations` (Hội viên đoàn thể).
    case massOrganisations = "mass_organisations"

    /// The canonical English header, e.g. `national_id`.
    public var name: String { rawValue }

    /// The Vietnamese headers accepted as aliases; the first is the one exports write.
    public var vietnameseHeaders: [String] {
        switch self {
        case .householdCode: ["Mã hộ"]
        case .memberNo: ["STT"]
        case .fullName: ["Họ và tên"]
        case .relation: ["Quan hệ với chủ hộ"]
        case .sex: ["Giới tính"]
        case .birthDate: ["Ngày sinh"]
        case .nationalID: ["Số CCCD/Định danh"]
        case .ethnicity: ["Dân tộc"]
        case .healthInsurance: ["Có BHYT"]
        case .education: ["Trình độ học vấn"]
        case .inSchool: ["Đang đi học"]
        case .employment: ["Việc làm"]
        case .disability: ["Khuyết tật"]
        case .malnourished: ["Suy dinh dưỡng (trẻ < 16)"]
        case .illUntreated: ["Ốm đau không khám chữa"]
        case .meritorious: ["Người có công"]
        case .massOrganisations: ["Hội viên đoàn thể"]
        }
    }

    /// Whether a file without this column is rejected (`header.missing`).
    public var isRequired: Bool {
        switch self {
        case .householdCode, .memberNo, .fullName, .relation, .sex, .birthDate: true
        default: false
        }
    }
}

/// Column mapping of a file (ánh xạ cột): which file column feeds which field, worked out once
/// per file from its header row.
public struct HeaderMapping<Column: Hashable & Sendable>: Sendable {
    /// Recognised columns with their 0-based index in the file, in file order.
    public var columns: [(index: Int, column: Column)]
    /// Headers that matched no known column; their data is ignored (reported as warnings).
    public var unknownHeaders: [(index: Int, header: String)]
    /// Header errors: missing required columns (`header.missing`) and duplicates (`header.duplicate`).
    public var errors: [ImportError]

    /// The 0-based file index of `column`, or `nil` when the file lacks it.
    public func index(of column: Column) -> Int? {
        columns.first(where: { $0.column == column })?.index
    }
}

/// Matches header rows against a column catalogue, ignoring case, spaces, punctuation and
/// diacritics (via ``VietnameseText/foldKey(_:)``) so a commune's own workbook imports as is.
enum HeaderMatcher {
    static func lookup<Column>(_ columns: [Column], name: (Column) -> String, aliases: (Column) -> [String])
        -> [String: Column]
    {
        var map: [String: Column] = [:]
        for c in columns {
            map[VietnameseText.foldKey(name(c))] = c
            for a in aliases(c) { map[VietnameseText.foldKey(a)] = c }
        }
        return map
    }

    static func resolve<Column: Hashable & Sendable>(
        headers: [String], fileName: String, lookup: [String: Column], all: [Column],
        name: (Column) -> String, isRequired: (Column) -> Bool
    ) -> HeaderMapping<Column> {
        var mapping = HeaderMapping<Column>(columns: [], unknownHeaders: [], errors: [])
        var seen: [Column: Int] = [:]
        for (i, raw) in headers.enumerated() {
            // A UTF-8 BOM left on the first header would otherwise hide `household_code`.
            let header = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
            let key = VietnameseText.foldKey(header)
            if key.isEmpty { continue }
            guard let column = lookup[key] else {
                mapping.unknownHeaders.append((i, header))
                continue
            }
            if let first = seen[column] {
                mapping.errors.append(ImportError(
                    file: fileName, row: 1, column: name(column), value: header,
                    message: "Cột \(name(column)) bị lặp lại (cột thứ \(first + 1) và cột thứ \(i + 1))",
                    code: "header.duplicate"))
                continue
            }
            seen[column] = i
            mapping.columns.append((i, column))
        }
        for column in all where isRequired(column) && seen[column] == nil {
            mapping.errors.append(ImportError(
                file: fileName, row: 1, column: name(column),
                message: "Thiếu cột bắt buộc \(name(column))", code: "header.missing"))
        }
        return mapping
    }
}

extension HouseholdColumn {
    private static let lookup = HeaderMatcher.lookup(allCases, name: \.name, aliases: \.vietnameseHeaders)

    /// The column a header cell names (canonical or Vietnamese alias), or `nil`.
    public init?(header: String) {
        guard let c = Self.lookup[VietnameseText.foldKey(header)] else { return nil }
        self = c
    }

    /// Maps a header row of `households.csv` to columns.
    public static func mapHeaders(_ headers: [String], fileName: String) -> HeaderMapping<HouseholdColumn> {
        HeaderMatcher.resolve(
            headers: headers, fileName: fileName, lookup: lookup, all: allCases, name: \.name,
            isRequired: \.isRequired)
    }
}

extension MemberColumn {
    private static let lookup = HeaderMatcher.lookup(allCases, name: \.name, aliases: \.vietnameseHeaders)

    /// The column a header cell names (canonical or Vietnamese alias), or `nil`.
    public init?(header: String) {
        guard let c = Self.lookup[VietnameseText.foldKey(header)] else { return nil }
        self = c
    }

    /// Maps a header row of `members.csv` to columns.
    public static func mapHeaders(_ headers: [String], fileName: String) -> HeaderMapping<MemberColumn> {
        HeaderMatcher.resolve(
            headers: headers, fileName: fileName, lookup: lookup, all: allCases, name: \.name,
            isRequired: \.isRequired)
    }
}
