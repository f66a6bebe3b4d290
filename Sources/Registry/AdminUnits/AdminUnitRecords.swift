import Foundation

/// Edition of the administrative-unit list (danh mục đơn vị hành chính).
///
/// Viet Nam replaced its three-tier list (province → district → commune) by a two-tier list
/// (province → commune) on 1 July 2025 (Nghị quyết 202/2025/QH15, Quyết định 19/2025/QĐ-TTg).
public enum AdminUnitEdition: String, Sendable, Hashable, CaseIterable, Codable {
    /// The three-tier list in force until 30 June 2025 (danh mục 3 cấp cũ: tỉnh – huyện – xã).
    case legacy
    /// The two-tier list in force from 1 July 2025 (danh mục 2 cấp từ 01/7/2025: tỉnh – xã).
    case reform2025 = "2025"
}

/// Kind of province-level unit (loại đơn vị hành chính cấp tỉnh).
public enum ProvinceType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Province (tỉnh).
    case province = "Tỉnh"
    /// Centrally governed city (thành phố trực thuộc trung ương).
    case city = "Thành phố"
}

/// Kind of district-level unit (loại đơn vị hành chính cấp huyện), legacy list only.
public enum DistrictType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Rural district (huyện).
    case ruralDistrict = "Huyện"
    /// Urban district (quận).
    case urbanDistrict = "Quận"
    /// District-level town (thị xã).
    case town = "Thị xã"
    /// Provincial city (thành phố thuộc tỉnh / thuộc thành phố trực thuộc trung ương).
    case city = "Thành phố"
}

/// Kind of commune-level unit (loại đơn vị hành chính cấp xã).
public enum CommuneType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Rural commune (xã).
    case commune = "Xã"
    /// Urban ward (phường).
    case ward = "Phường"
    /// Township (thị trấn), legacy list only: abolished on 1 July 2025.
    case township = "Thị trấn"
    /// Special administrative zone on islands (đặc khu), 2025 list only.
    case specialZone = "Đặc khu"

    /// Whether the unit is urban by type (phường, thị trấn) — thành thị.
    public var isUrbanByType: Bool { self == .ward || self == .township }
}

/// Province or centrally governed city (tỉnh / thành phố trực thuộc trung ương).
public struct Province: Sendable, Hashable, Identifiable, Codable {
    /// Two-digit code with leading zero (mã tỉnh), e.g. `"01"`.
    public let code: String
    /// Official name in NFC (tên tỉnh), e.g. `"Thành phố Hà Nội"`.
    public let name: String
    /// Province or centrally governed city (loại).
    public let type: ProvinceType
    /// The list this record belongs to (danh mục).
    public let edition: AdminUnitEdition

    /// Identity within one edition: the code.
    public var id: String { code }

    /// Creates a province record.
    public init(code: String, name: String, type: ProvinceType, edition: AdminUnitEdition) {
        self.code = code
        self.name = name
        self.type = type
        self.edition = edition
    }
}

/// District (huyện / quận / thị xã / thành phố thuộc tỉnh), legacy list only.
public struct District: Sendable, Hashable, Identifiable, Codable {
    /// Three-digit code with leading zeros (mã huyện), e.g. `"001"`.
    public let code: String
    /// Official name in NFC (tên huyện), e.g. `"Quận Ba Đình"`.
    public let name: String
    /// Kind of district (loại).
    public let type: DistrictType
    /// Code of the legacy province it belongs to (mã tỉnh).
    public let provinceCode: String

    /// Identity: the code.
    public var id: String { code }

    /// Creates a district record.
    public init(code: String, name: String, type: DistrictType, provinceCode: String) {
        self.code = code
        self.name = name
        self.type = type
        self.provinceCode = provinceCode
    }
}

/// Commune-level unit (xã / phường / thị trấn / đặc khu).
public struct Commune: Sendable, Hashable, Identifiable, Codable {
    /// Five-digit code with leading zeros (mã xã), e.g. `"00004"`.
    ///
    /// Codes of the two editions overlap (the 2025 list reuses legacy codes for other units),
    /// so a code only identifies a commune together with its ``edition``.
    public let code: String
    /// Official name in NFC (tên xã), e.g. `"Phường Ba Đình"`.
    public let name: String
    /// Kind of commune (loại).
    public let type: CommuneType
    /// Code of the province it belongs to in the same edition (mã tỉnh).
    public let provinceCode: String
    /// Code of the district it belongs to (mã huyện); legacy list only, `nil` in the 2025 list.
    public let districtCode: String?
    /// Latitude of the centroid in degrees (vĩ độ); 2025 list only.
    public let latitude: Double?
    /// Longitude of the centroid in degrees (kinh độ); 2025 list only.
    public let longitude: Double?
    /// Area in km² (diện tích); 2025 list only, `nil` when the source leaves it blank.
    public let areaKm2: Double?
    /// The list this record belongs to (danh mục).
    public let edition: AdminUnitEdition

    /// Identity within one edition: the code.
    public var id: String { code }

    /// Creates a commune record.
    public init(
        code: String, name: String, type: CommuneType, provinceCode: String,
        districtCode: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        areaKm2: Double? = nil, edition: AdminUnitEdition
    ) {
        self.code = code
        self.name = name
        self.type = type
        self.provinceCode = provinceCode
        self.districtCode = districtCode
        self.latitude = latitude
        self.longitude = longitude
        self.areaKm2 = areaKm2
        self.edition = edition
    }
}

/// One row of the conversion table (bảng chuyển đổi mã xã cũ → mã xã mới 2025).
public struct CommuneConversion: Sendable, Hashable, Codable {
    /// Legacy commune code (mã xã cũ).
    public let legacyCommuneCode: String
    /// 2025 commune code that receives all or part of the legacy commune (mã xã mới).
    public let communeCode2025: String
    /// Whether this is the default target of the legacy commune (`is_default = 1`, xã nhận mặc định).
    public let isDefault: Bool

    /// Creates a conversion row.
    public init(legacyCommuneCode: String, communeCode2025: String, isDefault: Bool) {
        self.legacyCommuneCode = legacyCommuneCode
        self.communeCode2025 = communeCode2025
        self.isDefault = isDefault
    }
}

/// A commune code resolved against the list in force on a date (kết quả tra cứu mã xã).
///
/// Always names the 2025 commune and province the unit rolls up into, so reports after the
/// reform can aggregate old and new codes together; carries the legacy unit when the code was
/// a legacy one.
public struct ResolvedCommune: Sendable, Hashable {
    /// How the code was resolved (cách tra cứu).
    public enum Resolution: String, Sendable, Hashable, Codable {
        /// A 2025 code on or after 1 July 2025 (mã xã mới).
        case current
        /// A legacy code for a date before 1 July 2025 (mã xã cũ, còn hiệu lực vào ngày đó).
        case legacy
        /// A legacy code used on or after 1 July 2025, mapped through the conversion table
        /// to its default 2025 commune (mã cũ đã chuyển đổi).
        case converted
    }

    /// How the code was resolved.
    public let resolution: Resolution
    /// The 2025 commune it rolls up into (xã mới).
    public let commune: Commune
    /// The 2025 province it rolls up into (tỉnh mới).
    public let province: Province
    /// The legacy commune, when the code was a legacy code (xã cũ).
    public let legacyCommune: Commune?
    /// The legacy district of ``legacyCommune`` (huyện cũ).
    public let legacyDistrict: District?
    /// The legacy province of ``legacyCommune`` (tỉnh cũ).
    public let legacyProvince: Province?
    /// Whether the legacy commune was split between several 2025 communes (xã cũ bị chia tách);
    /// ``commune`` is then its default target.
    public let isSplit: Bool
    /// Socio-economic region of ``commune`` (vùng kinh tế - xã hội).
    public let region: SocioEconomicRegion?

    /// Whether a legacy code was mapped through the conversion table (mã cũ đã chuyển đổi).
    public var isConverted: Bool { resolution == .converted }

    /// Creates a resolution result.
    public init(
        resolution: Resolution, commune: Commune, province: Province, legacyCommune: Commune?,
        legacyDistrict: District?, legacyProvince: Province?, isSplit: Bool, region: SocioEconomicRegion?
    ) {
        self.resolution = resolution
        self.commune = commune
        self.province = province
        self.legacyCommune = legacyCommune
        self.legacyDistrict = legacyDistrict
        self.legacyProvince = legacyProvince
        self.isSplit = isSplit
        self.region = region
    }
}
