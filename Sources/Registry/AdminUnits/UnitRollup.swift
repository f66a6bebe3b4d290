import Foundation

extension AdminUnitCatalog {
    /// The commune codes data may be recorded under for a unit of the 2025 list (mã xã được
    /// ghi nhận thuộc đơn vị): the unit's own communes and every legacy commune that rolls up into
    /// them through its default conversion target, so that data entered before the reform stays
    /// reachable under the new unit.
    ///
    /// - Parameter code: a 2025 province code (2 digits) or commune code (5 digits); a legacy
    ///   commune code that is not a 2025 code names only itself.
    /// - Returns: `nil` when the code is unknown.
    public func recordedCommuneCodes(under code: String) -> Set<String>? {
        let communes2025: [Commune]
        if let province = current.province(code: code) {
            communes2025 = current.communesOfProvince(province.code)
        } else if let commune = current.commune(code: code) {
            communes2025 = [commune]
        } else if legacy.commune(code: code) != nil {
            return [code]
        } else {
            return nil
        }
        var codes = Set(communes2025.map(\.code))
        for c in communes2025 {
            for source in legacySources(ofCommune2025: c.code) where defaultTarget(ofLegacyCommune: source.legacyCommuneCode)?.code == c.code {
                codes.insert(source.legacyCommuneCode)
            }
        }
        return codes
    }
}

/// Counts recorded against commune codes (2025 or legacy) rolled up onto the 2025 unit tree
/// (tổng hợp theo đơn vị hành chính mới).
///
/// A legacy commune goes to its default 2025 target (conversion-2025.csv, `is_default` = 1).
/// When that legacy commune was split between several 2025 communes, the roll-up cannot know
/// which of its households went where, so the whole count goes to the default target and the
/// row names the split communes (``Row/splitLegacyCommunes``), as review.md §6.4 asks the
/// province to confirm the village mapping.
public struct UnitRollup: Sendable {
    /// Grouping level.
    public enum Level: String, Sendable, CaseIterable {
        /// By 2025 province (tỉnh, thành phố).
        case province
        /// By 2025 commune (xã, phường, đặc khu).
        case commune
    }

    /// One 2025 unit's totals.
    public struct Row: Sendable, Hashable {
        /// Unit code and name.
        public var code: String, name: String
        /// Count per key (e.g. class raw value).
        public var counts: [String: Int]
        /// Count recorded under legacy communes and converted.
        public var converted: Int
        /// Legacy communes split between several 2025 communes whose whole count was put here.
        public var splitLegacyCommunes: [String]
    }

    /// Rows in code order.
    public private(set) var rows: [Row] = []
    /// Counts under commune codes found in no list (kept, never dropped silently).
    public private(set) var unknown: [String: [String: Int]] = [:]

    /// Rolls `entries` (commune code as recorded, key, count) up to `level`.
    public init(_ entries: [(communeCode: String, key: String, count: Int)], level: Level,
                catalog: AdminUnitCatalog = .shared) {
        var byUnit: [String: Row] = [:]
        for e in entries {
            var commune = catalog.current.commune(code: e.communeCode)
            var converted = false
            var split: String?
            if commune == nil, catalog.legacy.commune(code: e.communeCode) != nil {
                commune = catalog.defaultTarget(ofLegacyCommune: e.communeCode)
                converted = true
                if catalog.isSplit(legacyCommune: e.communeCode) { split = e.communeCode }
            }
            guard let commune else {
                unknown[e.communeCode, default: [:]][e.key, default: 0] += e.count
                continue
            }
            let code = level == .province ? commune.provinceCode : commune.code
            let name = level == .province ? (catalog.current.province(code: code)?.name ?? code) : commune.name
            var row = byUnit[code] ?? Row(code: code, name: name, counts: [:], converted: 0, splitLegacyCommunes: [])
            row.counts[e.key, default: 0] += e.count
            if converted { row.converted += e.count }
            if let split, !row.splitLegacyCommunes.contains(split) { row.splitLegacyCommunes.append(split) }
            byUnit[code] = row
        }
        rows = byUnit.values.sorted { $0.code < $1.code }.map { r in
            var r = r
            r.splitLegacyCommunes.sort()
            return r
        }
    }
}
