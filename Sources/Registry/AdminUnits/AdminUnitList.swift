import Foundation

/// One edition of the administrative-unit list (danh mục đơn vị hành chính), with lookups.
///
/// Immutable value; lookups are dictionary-backed.
public struct AdminUnitList: Sendable {
    /// Which list this is (danh mục cũ / danh mục 2025).
    public let edition: AdminUnitEdition
    /// First day in force (ngày có hiệu lực), midnight in Viet Nam time; `nil` = no lower bound.
    public let validFrom: Date?
    /// Last day in force (ngày hết hiệu lực, inclusive), midnight in Viet Nam time; `nil` = still in force.
    public let validUntil: Date?
    /// Provinces in file order (tỉnh, thành phố).
    public let provinces: [Province]
    /// Districts in file order (huyện); empty for the 2025 list.
    public let districts: [District]
    /// Communes in file order (xã, phường, thị trấn, đặc khu).
    public let communes: [Commune]

    private let provinceIndex: [String: Int]
    private let districtIndex: [String: Int]
    private let communeIndex: [String: Int]
    private let communesByProvince: [String: [Int]]
    private let communesByDistrict: [String: [Int]]

    /// Creates a list from records. Duplicate codes keep the first record.
    public init(
        edition: AdminUnitEdition, validFrom: Date?, validUntil: Date?,
        provinces: [Province], districts: [District], communes: [Commune]
    ) {
        self.edition = edition
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.provinces = provinces
        self.districts = districts
        self.communes = communes
        var p: [String: Int] = [:]
        for (i, x) in provinces.enumerated() where p[x.code] == nil { p[x.code] = i }
        var d: [String: Int] = [:]
        for (i, x) in districts.enumerated() where d[x.code] == nil { d[x.code] = i }
        var c: [String: Int] = [:]
        var byProvince: [String: [Int]] = [:]
        var byDistrict: [String: [Int]] = [:]
        for (i, x) in communes.enumerated() where c[x.code] == nil {
            c[x.code] = i
            byProvince[x.provinceCode, default: []].append(i)
            if let dc = x.districtCode { byDistrict[dc, default: []].append(i) }
        }
        provinceIndex = p
        districtIndex = d
        communeIndex = c
        communesByProvince = byProvince
        communesByDistrict = byDistrict
    }

    /// The commune with this 5-digit code in this list (tra cứu xã theo mã), or `nil`.
    public func commune(code: String) -> Commune? {
        communeIndex[code].map { communes[$0] }
    }

    /// The province with this 2-digit code in this list (tra cứu tỉnh theo mã), or `nil`.
    public func province(code: String) -> Province? {
        provinceIndex[code].map { provinces[$0] }
    }

    /// The district with this 3-digit code (tra cứu huyện theo mã); legacy list only.
    public func district(code: String) -> District? {
        districtIndex[code].map { districts[$0] }
    }

    /// Communes of a province in file order (các xã của tỉnh); empty for an unknown code.
    public func communesOfProvince(_ provinceCode: String) -> [Commune] {
        (communesByProvince[provinceCode] ?? []).map { communes[$0] }
    }

    /// Communes of a district in file order (các xã của huyện); legacy list only.
    public func communesOfDistrict(_ districtCode: String) -> [Commune] {
        (communesByDistrict[districtCode] ?? []).map { communes[$0] }
    }

    /// Districts of a legacy province in file order (các huyện của tỉnh).
    public func districtsOfProvince(_ provinceCode: String) -> [District] {
        districts.filter { $0.provinceCode == provinceCode }
    }

    /// Whether the list is in force on a date (còn hiệu lực), comparing calendar days in Viet Nam time.
    public func isInForce(on date: Date) -> Bool {
        if let validFrom, date < validFrom { return false }
        if let validUntil, date >= validUntil.addingTimeInterval(86_400) { return false }
        return true
    }
}
