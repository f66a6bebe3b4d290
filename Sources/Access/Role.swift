/// A role of roles.md §2 (vai trò): what kind of official an assignment makes an account.
///
/// The raw value is the code used in the permission matrix, the audit log and the API.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// System administrator (quản trị hệ thống): settings, users, logs, aggregates; never households.
    case administrator = "ADM"
    /// Province officer (cán bộ cấp tỉnh): the province subtree.
    case province = "PRV"
    /// Former district officer (cán bộ cấp huyện, historical): three-tier records of the district.
    case district = "DST"
    /// Commune poverty officer or board member (cán bộ giảm nghèo xã, Ban giảm nghèo).
    case commune = "COM"
    /// Commune leader who signs (lãnh đạo UBND xã).
    case communeLeader = "CLD"
    /// Village head or reviewer (trưởng thôn, rà soát viên): own villages only.
    case village = "VIL"
    /// Mass-organisation officer (cán bộ đoàn thể): households attributed to the organisation.
    case organisation = "ORG"
    /// Line department (sở, ngành): records of the projects it leads.
    case lineDepartment = "LDP"
    /// Partner (đối tác): only through a sharing agreement.
    case partner = "PTN"
    /// Inspector or auditor, read-only (thanh tra, kiểm toán).
    case auditor = "AUD"

    /// The Vietnamese name shown in the interface.
    public var vietnameseName: String {
        switch self {
        case .administrator: "Quản trị hệ thống"
        case .province: "Cán bộ cấp tỉnh"
        case .district: "Cán bộ cấp huyện (trước 01/07/2025)"
        case .commune: "Cán bộ giảm nghèo xã"
        case .communeLeader: "Lãnh đạo UBND xã"
        case .village: "Trưởng thôn / rà soát viên"
        case .organisation: "Cán bộ đoàn thể"
        case .lineDepartment: "Sở, ngành"
        case .partner: "Đối tác"
        case .auditor: "Thanh tra, kiểm toán"
        }
    }

    /// The purpose recorded with this role's personal-data reads unless another is given
    /// (roles.md §6: COM and VIL `review`, ORG `support`, AUD `inspection`).
    public var defaultPurpose: String {
        switch self {
        case .organisation: "support"
        case .auditor: "inspection"
        case .lineDepartment: "program_me"
        case .partner: "sharing"
        default: "review"
        }
    }

    /// Order of the matrix columns.
    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
