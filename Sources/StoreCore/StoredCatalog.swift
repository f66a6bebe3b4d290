import Foundation
import Registry
import Store

extension AdminUnitCatalog {
    /// The catalog with a list loaded into a store (`admin_unit` rows of one edition, in load
    /// order) standing in for the 2025 list from 01/07/2025 on (the catalog keeps one current
    /// list); conversion rows whose 2025 target is no longer in it are left out, so legacy
    /// communes mapped only to removed units no longer resolve.
    package static func loaded(edition: String, base: AdminUnitCatalog,
                               units: [(level: String, code: String, name: String, type: String?, parent: String?)]) throws -> AdminUnitCatalog {
        var provinces: [Province] = [], communes: [Commune] = []
        for r in units {
            if r.level == "province" {
                provinces.append(Province(code: r.code, name: r.name, type: r.name.hasPrefix("Thành phố") ? .city : .province,
                                          edition: .reform2025))
            } else {
                communes.append(Commune(code: r.code, name: r.name, type: CommuneType(rawValue: r.type ?? "") ?? .commune,
                                        provinceCode: r.parent ?? "", districtCode: nil, latitude: nil, longitude: nil,
                                        areaKm2: nil, edition: .reform2025))
            }
        }
        let current = AdminUnitList(edition: .reform2025, validFrom: AdminUnitCatalog.reformDate, validUntil: nil,
                                    provinces: provinces, districts: [], communes: communes)
        let codes = Set(communes.map(\.code))
        do {
            return try AdminUnitCatalog(current: current, legacy: base.legacy,
                                        conversions: base.conversions.filter { codes.contains($0.communeCode2025) })
        } catch {
            throw StoreError.unitList("\(edition): \(error)")
        }
    }
}
