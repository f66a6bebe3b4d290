/// Socio-economic region (vùng kinh tế - xã hội), the six regions of the General Statistics
/// Office (Tổng cục Thống kê) used in the national poverty statistics (statistics.md §2).
///
/// The classification is defined on the 63 legacy provinces. A 2025 province may merge
/// provinces of different regions, so regions after the reform are assigned per commune
/// through the conversion table (see ``AdminUnitCatalog/region(ofCommune2025:)``).
public enum SocioEconomicRegion: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// Northern Midlands and Mountains (Trung du và miền núi phía Bắc).
    case northernMidlandsMountains = "northern_midlands_mountains"
    /// Red River Delta (Đồng bằng sông Hồng); includes Quảng Ninh in the GSO classification.
    case redRiverDelta = "red_river_delta"
    /// North Central and Central Coast (Bắc Trung Bộ và Duyên hải miền Trung).
    case northCentralCoast = "north_central_coast"
    /// Central Highlands (Tây Nguyên).
    case centralHighlands = "central_highlands"
    /// South-East (Đông Nam Bộ).
    case southEast = "south_east"
    /// Mekong River Delta (Đồng bằng sông Cửu Long).
    case mekongDelta = "mekong_delta"

    /// Vietnamese name (tên vùng).
    public var vietnameseName: String {
        switch self {
        case .northernMidlandsMountains: "Trung du và miền núi phía Bắc"
        case .redRiverDelta: "Đồng bằng sông Hồng"
        case .northCentralCoast: "Bắc Trung Bộ và Duyên hải miền Trung"
        case .centralHighlands: "Tây Nguyên"
        case .southEast: "Đông Nam Bộ"
        case .mekongDelta: "Đồng bằng sông Cửu Long"
        }
    }

    /// English name.
    public var englishName: String {
        switch self {
        case .northernMidlandsMountains: "Northern Midlands and Mountains"
        case .redRiverDelta: "Red River Delta"
        case .northCentralCoast: "North Central and Central Coast"
        case .centralHighlands: "Central Highlands"
        case .southEast: "South-East"
        case .mekongDelta: "Mekong River Delta"
        }
    }

    /// Order of the GSO tables (north to south).
    public var ordinal: Int {
        switch self {
        case .northernMidlandsMountains: 0
        case .redRiverDelta: 1
        case .northCentralCoast: 2
        case .centralHighlands: 3
        case .southEast: 4
        case .mekongDelta: 5
        }
    }

    /// Orders regions north to south, as in the GSO tables.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Region of a legacy province (tỉnh cũ) by its 2-digit code, or `nil` for an unknown code.
    ///
    /// GSO classification of the 63 provinces in force until 30 June 2025.
    public static func ofLegacyProvince(_ code: String) -> SocioEconomicRegion? {
        legacyProvinceRegions[code]
    }

    /// The GSO region of each of the 63 legacy provinces, by legacy province code.
    public static let legacyProvinceRegions: [String: SocioEconomicRegion] = {
        var table: [String: SocioEconomicRegion] = [:]
        // Trung du và miền núi phía Bắc (14): Hà Giang, Cao Bằng, Bắc Kạn, Tuyên Quang, Lào Cai,
        // Điện Biên, Lai Châu, Sơn La, Yên Bái, Hòa Bình, Thái Nguyên, Lạng Sơn, Bắc Giang, Phú Thọ.
        for code in ["02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "24", "25"] {
            table[code] = .northernMidlandsMountains
        }
        // Đồng bằng sông Hồng (11): Hà Nội, Quảng Ninh, Vĩnh Phúc, Bắc Ninh, Hải Dương, Hải Phòng,
        // Hưng Yên, Thái Bình, Hà Nam, Nam Định, Ninh Bình.
        for code in ["01", "22", "26", "27", "30", "31", "33", "34", "35", "36", "37"] {
            table[code] = .redRiverDelta
        }
        // Bắc Trung Bộ và Duyên hải miền Trung (14): Thanh Hóa, Nghệ An, Hà Tĩnh, Quảng Bình,
        // Quảng Trị, Thừa Thiên Huế, Đà Nẵng, Quảng Nam, Quảng Ngãi, Bình Định, Phú Yên,
        // Khánh Hòa, Ninh Thuận, Bình Thuận.
        for code in ["38", "40", "42", "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60"] {
            table[code] = .northCentralCoast
        }
        // Tây Nguyên (5): Kon Tum, Gia Lai, Đắk Lắk, Đắk Nông, Lâm Đồng.
        for code in ["62", "64", "66", "67", "68"] {
            table[code] = .centralHighlands
        }
        // Đông Nam Bộ (6): Bình Phước, Tây Ninh, Bình Dương, Đồng Nai, Bà Rịa - Vũng Tàu, TP. Hồ Chí Minh.
        for code in ["70", "72", "74", "75", "77", "79"] {
            table[code] = .southEast
        }
        // Đồng bằng sông Cửu Long (13): Long An, Tiền Giang, Bến Tre, Trà Vinh, Vĩnh Long, Đồng Tháp,
        // An Giang, Kiên Giang, Cần Thơ, Hậu Giang, Sóc Trăng, Bạc Liêu, Cà Mau.
        for code in ["80", "82", "83", "84", "86", "87", "89", "91", "92", "93", "94", "95", "96"] {
            table[code] = .mekongDelta
        }
        return table
    }()
}
