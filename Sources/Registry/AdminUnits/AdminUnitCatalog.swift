import Foundation

/// Error loading an administrative-unit list (lỗi nạp danh mục đơn vị hành chính).
public enum AdminUnitCatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bundled resource folder was not found (không tìm thấy danh mục đi kèm).
    case bundledResourcesMissing
    /// A file could not be read (không đọc được tệp).
    case unreadableFile(String, underlying: String)
    /// A required column is missing from the header (thiếu cột).
    case missingColumn(String, column: String)
    /// A row is malformed: empty code, unknown type, bad number (dòng không hợp lệ).
    case malformedRow(String, line: Int, message: String)
    /// The conversion table names an unknown code or has no single default target (bảng chuyển đổi sai).
    case invalidConversion(String, line: Int, message: String)

    /// English description with file and line.
    public var description: String {
        switch self {
        case .bundledResourcesMissing:
            "admin-unit resources (AdminUnits) not found in the bundle"
        case let .unreadableFile(file, underlying):
            "\(file): cannot read (\(underlying))"
        case let .missingColumn(file, column):
            "\(file): missing column \(column)"
        case let .malformedRow(file, line, message):
            "\(file):\(line): \(message)"
        case let .invalidConversion(file, line, message):
            "\(file):\(line): \(message)"
        }
    }
}

/// Catalog of Viet Nam's administrative units (danh mục đơn vị hành chính): the 2025 two-tier
/// list, the legacy three-tier list, the conversion table between them, and the GSO
/// socio-economic regions.
///
/// Load the shipped lists with ``shared``; load a newer list with ``init(units2025:legacy:conversion:validFrom2025:)``.
public struct AdminUnitCatalog: Sendable {
    /// The two-tier list in force from 1 July 2025 (danh mục 2025, QĐ 19/2025/QĐ-TTg).
    public let current: AdminUnitList
    /// The three-tier list in force until 30 June 2025 (danh mục cũ).
    public let legacy: AdminUnitList
    /// Conversion rows legacy commune → 2025 commune in file order (bảng chuyển đổi).
    public let conversions: [CommuneConversion]

    private let conversionsByLegacy: [String: [Int]]
    private let conversionsBy2025: [String: [Int]]
    private let regionByCommune2025: [String: SocioEconomicRegion]
    private let legacyProvinceByCommune2025: [String: String]

    /// Day the 2025 list came into force: 1 July 2025, 00:00 Viet Nam time (UTC+7)
    /// (ngày danh mục 2025 có hiệu lực).
    public static let reformDate = Date(timeIntervalSince1970: 1_751_302_800)

    /// Last day the legacy list was in force: 30 June 2025, 00:00 Viet Nam time (ngày cuối của danh mục cũ).
    public static let legacyLastDay = Date(timeIntervalSince1970: 1_751_302_800 - 86_400)

    /// File names of the shipped lists, also expected by ``init(directory:validFrom2025:)``.
    public enum FileName {
        /// The 2025 list (danh mục 2025).
        public static let units2025 = "units-2025.csv"
        /// The legacy list (danh mục cũ).
        public static let legacy = "units-legacy.csv"
        /// The conversion table (bảng chuyển đổi).
        public static let conversion = "conversion-2025.csv"
    }

    /// Folder of the lists shipped with the product (thư mục danh mục đi kèm), if present.
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "AdminUnits", withExtension: nil)
    }

    /// The lists shipped with the product, loaded once on first use (danh mục đi kèm).
    ///
    /// Traps if the bundled resources are missing or corrupt, which is a packaging error;
    /// use ``bundled()`` to handle that case.
    public static let shared: AdminUnitCatalog = {
        do {
            return try bundled()
        } catch {
            fatalError("GiamNgheo: cannot load the bundled admin-unit lists: \(error)")
        }
    }()

    /// Loads the lists shipped with the product (nạp danh mục đi kèm).
    public static func bundled() throws -> AdminUnitCatalog {
        guard let directory = bundledDirectory else { throw AdminUnitCatalogError.bundledResourcesMissing }
        return try AdminUnitCatalog(directory: directory)
    }

    /// Loads the three files named in ``FileName`` from a folder (nạp danh mục từ thư mục).
    public init(directory: URL, validFrom2025: Date = AdminUnitCatalog.reformDate) throws {
        try self.init(
            units2025: directory.appendingPathComponent(FileName.units2025),
            legacy: directory.appendingPathComponent(FileName.legacy),
            conversion: directory.appendingPathComponent(FileName.conversion),
            validFrom2025: validFrom2025
        )
    }

    /// Loads the lists from files with the columns of the shipped files (nạp danh mục từ tệp),
    /// e.g. a newer 2025 list imported with `giamngheo units import`.
    ///
    /// - Parameters:
    ///   - units2025: `province_code,province_name,commune_code,commune_name,commune_type[,lat,lon,area_km2]`.
    ///   - legacy: `province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type`.
    ///   - conversion: `legacy_commune_code,commune_code_2025,is_default`.
    ///   - validFrom2025: first day the 2025 list is in force; the legacy list ends the day before.
    /// - Throws: ``AdminUnitCatalogError`` naming the file and line of the first problem.
    public init(units2025: URL, legacy: URL, conversion: URL, validFrom2025: Date = AdminUnitCatalog.reformDate) throws {
        let currentList = try Self.loadCurrent(AdminUnitCSV(contentsOf: units2025), validFrom: validFrom2025)
        let legacyList = try Self.loadLegacy(
            AdminUnitCSV(contentsOf: legacy), validUntil: validFrom2025.addingTimeInterval(-86_400))
        let conversionCSV = try AdminUnitCSV(contentsOf: conversion)
        try self.init(current: currentList, legacy: legacyList, conversionCSV: conversionCSV)
    }

    /// Builds a catalog from lists already in memory (dựng danh mục từ bản ghi).
    ///
    /// - Throws: ``AdminUnitCatalogError/invalidConversion(_:line:message:)`` when a row names an
    ///   unknown code or a legacy commune has not exactly one default target.
    public init(current: AdminUnitList, legacy: AdminUnitList, conversions: [CommuneConversion]) throws {
        try self.init(current: current, legacy: legacy, rows: conversions.enumerated().map { ($0.offset + 2, $0.element) },
                      fileName: FileName.conversion)
    }

    private init(current: AdminUnitList, legacy: AdminUnitList, conversionCSV csv: AdminUnitCSV) throws {
        let legacyColumn = try csv.column("legacy_commune_code")
        let targetColumn = try csv.column("commune_code_2025")
        let defaultColumn = try csv.column("is_default")
        var rows: [(Int, CommuneConversion)] = []
        rows.reserveCapacity(csv.rows.count)
        for (line, fields) in csv.rows {
            let flag = fields.field(defaultColumn).lowercased()
            guard ["1", "0", "true", "false", ""].contains(flag) else {
                throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "is_default \"\(flag)\" is not 0/1")
            }
            rows.append((line, CommuneConversion(
                legacyCommuneCode: fields.field(legacyColumn), communeCode2025: fields.field(targetColumn),
                isDefault: flag == "1" || flag == "true")))
        }
        try self.init(current: current, legacy: legacy, rows: rows, fileName: csv.fileName)
    }

    private init(current: AdminUnitList, legacy: AdminUnitList, rows: [(Int, CommuneConversion)], fileName: String) throws {
        self.current = current
        self.legacy = legacy
        let conversions = rows.map(\.1)
        self.conversions = conversions
        var byLegacy: [String: [Int]] = [:]
        var by2025: [String: [Int]] = [:]
        for (i, (line, row)) in rows.enumerated() {
            guard legacy.commune(code: row.legacyCommuneCode) != nil else {
                throw AdminUnitCatalogError.invalidConversion(
                    fileName, line: line, message: "unknown legacy commune code \"\(row.legacyCommuneCode)\"")
            }
            guard current.commune(code: row.communeCode2025) != nil else {
                throw AdminUnitCatalogError.invalidConversion(
                    fileName, line: line, message: "unknown 2025 commune code \"\(row.communeCode2025)\"")
            }
            byLegacy[row.legacyCommuneCode, default: []].append(i)
            by2025[row.communeCode2025, default: []].append(i)
        }
        for (code, indices) in byLegacy {
            let defaults = indices.filter { conversions[$0].isDefault }.count
            if defaults != 1 && !(indices.count == 1) {
                throw AdminUnitCatalogError.invalidConversion(
                    fileName, line: rows[indices[0]].0,
                    message: "legacy commune \(code) has \(defaults) default targets (expected exactly 1)")
            }
        }
        conversionsByLegacy = byLegacy
        conversionsBy2025 = by2025

        // Regions and primary legacy province of each 2025 commune, through its legacy sources.
        var regions: [String: SocioEconomicRegion] = [:]
        var legacyProvinces: [String: String] = [:]
        var unresolved: [Commune] = []
        for commune in current.communes {
            let indices = by2025[commune.code] ?? []
            let defaults = indices.filter { conversions[$0].isDefault }
            let sources = (defaults.isEmpty ? indices : defaults).compactMap {
                legacy.commune(code: conversions[$0].legacyCommuneCode)?.provinceCode
            }
            if let province = Self.majority(sources) {
                legacyProvinces[commune.code] = province
                if let region = Self.majority(sources.compactMap { SocioEconomicRegion.ofLegacyProvince($0) }) {
                    regions[commune.code] = region
                }
            } else {
                unresolved.append(commune)
            }
        }
        // A 2025 unit without legacy communes (island districts without communes, e.g. Côn Đảo):
        // match a legacy district with the same bare name, else take the province majority.
        for commune in unresolved {
            let bare = Self.bareName(commune.name)
            if let district = legacy.districts.first(where: {
                Self.bareName($0.name) == bare && legacy.communesOfDistrict($0.code).isEmpty
            }) {
                legacyProvinces[commune.code] = district.provinceCode
                regions[commune.code] = SocioEconomicRegion.ofLegacyProvince(district.provinceCode)
            } else {
                let siblings = current.communesOfProvince(commune.provinceCode).map(\.code)
                if let province = Self.majority(siblings.compactMap { legacyProvinces[$0] }) {
                    legacyProvinces[commune.code] = province
                }
                regions[commune.code] = Self.majority(siblings.compactMap { regions[$0] })
            }
        }
        regionByCommune2025 = regions
        legacyProvinceByCommune2025 = legacyProvinces
    }

    // MARK: Lists

    /// The list of an edition (danh mục theo phiên bản).
    public func list(_ edition: AdminUnitEdition) -> AdminUnitList {
        edition == .legacy ? legacy : current
    }

    /// The list in force on a date (danh mục có hiệu lực vào ngày); `nil` = today.
    public func list(inForceOn date: Date?) -> AdminUnitList {
        (date ?? Date()) < current.validFrom ?? AdminUnitCatalog.reformDate ? legacy : current
    }

    /// The commune with this code in an edition (tra cứu xã theo mã), or `nil`.
    public func commune(code: String, in edition: AdminUnitEdition = .reform2025) -> Commune? {
        list(edition).commune(code: code)
    }

    /// The province with this code in an edition (tra cứu tỉnh theo mã), or `nil`.
    public func province(code: String, in edition: AdminUnitEdition = .reform2025) -> Province? {
        list(edition).province(code: code)
    }

    /// Communes of a province in an edition, in file order (các xã của tỉnh).
    public func communesOfProvince(_ provinceCode: String, in edition: AdminUnitEdition = .reform2025) -> [Commune] {
        list(edition).communesOfProvince(provinceCode)
    }

    // MARK: Conversion

    /// Conversion rows of a legacy commune in file order (các xã mới nhận xã cũ); empty if unknown.
    public func conversions(ofLegacyCommune code: String) -> [CommuneConversion] {
        (conversionsByLegacy[code] ?? []).map { conversions[$0] }
    }

    /// Conversion rows whose target is a 2025 commune (các xã cũ nhập vào xã mới).
    public func legacySources(ofCommune2025 code: String) -> [CommuneConversion] {
        (conversionsBy2025[code] ?? []).map { conversions[$0] }
    }

    /// The default 2025 commune of a legacy commune (xã mới mặc định, `is_default = 1`), or `nil`.
    public func defaultTarget(ofLegacyCommune code: String) -> Commune? {
        let rows = conversions(ofLegacyCommune: code)
        guard let row = rows.first(where: \.isDefault) ?? (rows.count == 1 ? rows.first : nil) else { return nil }
        return current.commune(code: row.communeCode2025)
    }

    /// Whether a legacy commune was split between several 2025 communes (xã cũ bị chia tách).
    public func isSplit(legacyCommune code: String) -> Bool {
        Set(conversions(ofLegacyCommune: code).map(\.communeCode2025)).count > 1
    }

    // MARK: Resolution

    /// Resolves a commune code against the list in force on a date (tra cứu mã xã theo ngày).
    ///
    /// - Before 1 July 2025 the code must be in the legacy list; the result also names the 2025
    ///   commune it rolls up into (its default conversion target).
    /// - On or after that day (or `date == nil`, meaning today) the code must be in the 2025 list,
    ///   or be a legacy code present in the conversion table, which is then mapped to its default
    ///   2025 commune and flagged ``ResolvedCommune/Resolution/converted``.
    /// - Returns: `nil` when the code is unknown for that date.
    public func resolveCommune(code: String, on date: Date?) -> ResolvedCommune? {
        let code = code.trimmingCharacters(in: .whitespaces)
        let day = date ?? Date()
        if day < (current.validFrom ?? AdminUnitCatalog.reformDate) {
            return resolveLegacy(code: code, resolution: .legacy)
        }
        if let commune = current.commune(code: code), let province = current.province(code: commune.provinceCode) {
            return ResolvedCommune(
                resolution: .current, commune: commune, province: province, legacyCommune: nil,
                legacyDistrict: nil, legacyProvince: nil, isSplit: false, region: regionByCommune2025[commune.code])
        }
        return resolveLegacy(code: code, resolution: .converted)
    }

    private func resolveLegacy(code: String, resolution: ResolvedCommune.Resolution) -> ResolvedCommune? {
        guard let old = legacy.commune(code: code),
              let target = defaultTarget(ofLegacyCommune: code),
              let province = current.province(code: target.provinceCode)
        else { return nil }
        return ResolvedCommune(
            resolution: resolution, commune: target, province: province, legacyCommune: old,
            legacyDistrict: old.districtCode.flatMap { legacy.district(code: $0) },
            legacyProvince: legacy.province(code: old.provinceCode),
            isSplit: isSplit(legacyCommune: code), region: regionByCommune2025[target.code])
    }

    // MARK: Regions

    /// Socio-economic region of a 2025 commune (vùng kinh tế - xã hội của xã mới), derived
    /// through the conversion table from the legacy communes that convert into it by default
    /// (majority, ties to the first in file order).
    public func region(ofCommune2025 code: String) -> SocioEconomicRegion? {
        regionByCommune2025[code]
    }

    /// Socio-economic region of a legacy province (vùng của tỉnh cũ).
    public func region(ofLegacyProvince code: String) -> SocioEconomicRegion? {
        SocioEconomicRegion.ofLegacyProvince(code)
    }

    /// Socio-economic region of a legacy commune (vùng của xã cũ), from its province.
    public func region(ofLegacyCommune code: String) -> SocioEconomicRegion? {
        legacy.commune(code: code).flatMap { SocioEconomicRegion.ofLegacyProvince($0.provinceCode) }
    }

    /// Legacy province most of a 2025 commune came from (tỉnh cũ chủ yếu của xã mới), e.g. for
    /// the province-of-registration digits of a citizen identity number; `nil` if unknown.
    public func primaryLegacyProvinceCode(ofCommune2025 code: String) -> String? {
        legacyProvinceByCommune2025[code]
    }

    // MARK: Loading helpers

    private static func majority<T: Hashable>(_ values: [T]) -> T? {
        guard !values.isEmpty else { return nil }
        var counts: [T: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        let best = counts.values.max()!
        return values.first { counts[$0] == best }
    }

    private static func bareName(_ name: String) -> String {
        for prefix in ["Đặc khu ", "Huyện ", "Xã ", "Phường ", "Thị trấn ", "Quận ", "Thị xã ", "Thành phố "]
        where name.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count))
        }
        return name
    }

    private static func provinceType(_ name: String) -> ProvinceType {
        name.hasPrefix("Thành phố") ? .city : .province
    }

    private static func code(_ value: String, digits: Int, _ csv: AdminUnitCSV, line: Int, column: String) throws -> String {
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.utf8.count <= digits else {
            throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "\(column) \"\(value)\" is not a code of \(digits) digits")
        }
        return String(repeating: "0", count: digits - value.utf8.count) + value
    }

    private static func number(_ value: String, _ csv: AdminUnitCSV, line: Int, column: String) throws -> Double? {
        if value.isEmpty { return nil }
        guard let number = Double(value) else {
            throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "\(column) \"\(value)\" is not a number")
        }
        return number
    }

    static func loadCurrent(_ csv: AdminUnitCSV, validFrom: Date) throws -> AdminUnitList {
        let pc = try csv.column("province_code"), pn = try csv.column("province_name")
        let cc = try csv.column("commune_code"), cn = try csv.column("commune_name"), ct = try csv.column("commune_type")
        let lat = csv.optionalColumn("lat"), lon = csv.optionalColumn("lon"), area = csv.optionalColumn("area_km2")
        var provinces: [Province] = []
        var seenProvinces: Set<String> = []
        var communes: [Commune] = []
        var seenCommunes: Set<String> = []
        communes.reserveCapacity(csv.rows.count)
        for (line, f) in csv.rows {
            let provinceCode = try code(f.field(pc), digits: 2, csv, line: line, column: "province_code")
            if seenProvinces.insert(provinceCode).inserted {
                let name = f.field(pn)
                provinces.append(Province(code: provinceCode, name: name, type: provinceType(name), edition: .reform2025))
            }
            let communeCode = try code(f.field(cc), digits: 5, csv, line: line, column: "commune_code")
            guard let type = CommuneType(rawValue: f.field(ct)) else {
                throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "unknown commune_type \"\(f.field(ct))\"")
            }
            guard seenCommunes.insert(communeCode).inserted else {
                throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "duplicate commune_code \(communeCode)")
            }
            communes.append(Commune(
                code: communeCode, name: f.field(cn), type: type, provinceCode: provinceCode, districtCode: nil,
                latitude: try lat.flatMap { try number(f.field($0), csv, line: line, column: "lat") },
                longitude: try lon.flatMap { try number(f.field($0), csv, line: line, column: "lon") },
                areaKm2: try area.flatMap { try number(f.field($0), csv, line: line, column: "area_km2") },
                edition: .reform2025))
        }
        return AdminUnitList(edition: .reform2025, validFrom: validFrom, validUntil: nil,
                             provinces: provinces, districts: [], communes: communes)
    }

    static func loadLegacy(_ csv: AdminUnitCSV, validUntil: Date) throws -> AdminUnitList {
        let pc = try csv.column("province_code"), pn = try csv.column("province_name")
        let dc = try csv.column("district_code"), dn = try csv.column("district_name"), dt = try csv.column("district_type")
        let cc = try csv.column("commune_code"), cn = try csv.column("commune_name"), ct = try csv.column("commune_type")
        var provinces: [Province] = []
        var seenProvinces: Set<String> = []
        var districts: [District] = []
        var seenDistricts: Set<String> = []
        var communes: [Commune] = []
        var seenCommunes: Set<String> = []
        communes.reserveCapacity(csv.rows.count)
        for (line, f) in csv.rows {
            let provinceCode = try code(f.field(pc), digits: 2, csv, line: line, column: "province_code")
            if seenProvinces.insert(provinceCode).inserted {
                let name = f.field(pn)
                provinces.append(Province(code: provinceCode, name: name, type: provinceType(name), edition: .legacy))
            }
            let districtCode = try code(f.field(dc), digits: 3, csv, line: line, column: "district_code")
            if seenDistricts.insert(districtCode).inserted {
                guard let type = DistrictType(rawValue: f.field(dt)) else {
                    throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "unknown district_type \"\(f.field(dt))\"")
                }
                districts.append(District(code: districtCode, name: f.field(dn), type: type, provinceCode: provinceCode))
            }
            // Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no commune.
            if f.field(cc).isEmpty { continue }
            let communeCode = try code(f.field(cc), digits: 5, csv, line: line, column: "commune_code")
            guard let type = CommuneType(rawValue: f.field(ct)) else {
                throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "unknown commune_type \"\(f.field(ct))\"")
            }
            guard seenCommunes.insert(communeCode).inserted else {
                throw AdminUnitCatalogError.malformedRow(csv.fileName, line: line, message: "duplicate commune_code \(communeCode)")
            }
            communes.append(Commune(
                code: communeCode, name: f.field(cn), type: type, provinceCode: provinceCode,
                districtCode: districtCode, edition: .legacy))
        }
        return AdminUnitList(edition: .legacy, validFrom: nil, validUntil: validUntil,
                             provinces: provinces, districts: districts, communes: communes)
    }
}
