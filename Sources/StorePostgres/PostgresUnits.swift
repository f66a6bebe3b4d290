import Foundation
import Registry
import Store
import StoreCore
import VietnameseText

/// Person names (`person_name`): one row per distinct folded name, with the keys search uses.
enum PostgresNames {
    /// The id of `fullName`'s folded key, created when new.
    static func id(of fullName: String, _ c: PGConnection) throws -> Int64 {
        let key = NameSearchKey.fullName(fullName)
        if let id = try c.row("SELECT id FROM person_name WHERE name_key = ?", [.text(key)])?.int64(0) { return id }
        let row = try c.row("""
            INSERT INTO person_name (name_key, given_key) VALUES (?, ?)
            ON CONFLICT (name_key) DO UPDATE SET given_key = EXCLUDED.given_key RETURNING id
            """, [.text(key), .text(NameSearchKey.givenNameFirst(fullName))])
        return row?.int64(0) ?? 0
    }
}

/// Administrative units and villages in PostgreSQL (đơn vị hành chính, thôn).
enum PostgresUnits {
    /// The id of a village of a commune, created on first use (thôn được tạo khi dùng lần đầu).
    /// One village per commune and folded name: another spelling finds the same village, which
    /// keeps the name it was created with.
    static func village(_ c: PGConnection, commune: String, name: String, batch: Int64? = nil) throws -> Int64 {
        let key = VietnameseText.fold(name)
        if let id = try c.row("SELECT id FROM village WHERE commune_code = ? AND name_key = ?", [.text(commune), .text(key)])?.int64(0) {
            return id
        }
        let row = try c.row("""
            INSERT INTO village (commune_code, name, name_key, created_at, created_batch) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (commune_code, name_key) DO UPDATE SET commune_code = EXCLUDED.commune_code RETURNING id
            """, [.text(commune), .text(name), .text(key), .text(RecordColumns.timestamp(Date())), .int(batch)])
        return row?.int64(0) ?? 0
    }
}

extension PostgresRegistryStore {
    public func importUnitList(_ list: UnitListImport, context: AccessContext) throws -> UnitListImportSummary {
        try pool.transaction { c in
            let from = list.validFrom.isoString
            let dayBefore = list.validFrom.adding(days: -1).isoString
            if try c.row("SELECT EXISTS (SELECT 1 FROM admin_unit WHERE edition = ?)", [.text(list.edition)])?.bool(0) == true {
                throw StoreError.unitList("danh mục \(list.edition) đã được nạp")
            }
            // The list in force until now: the edition with open units and the latest start.
            let previous = try c.row("""
                SELECT edition FROM admin_unit WHERE valid_to IS NULL AND edition <> 'legacy' AND level = 'commune'
                GROUP BY edition ORDER BY max(coalesce(valid_from, '')) DESC LIMIT 1
                """)?.text(0)
            var closed = 0
            if let previous {
                closed = try c.row("""
                    SELECT count(*) FROM admin_unit WHERE edition = ? AND level = 'commune' AND valid_to IS NULL AND NOT (code = ANY(?))
                    """, [.text(previous), .texts(Set(list.communes.map(\.code)).sorted())])?.int(0) ?? 0
                try c.execute("UPDATE admin_unit SET valid_to = ? WHERE edition = ? AND valid_to IS NULL", [.text(dayBefore), .text(previous)])
            }
            let rows = CopyText()
            for row in list.unitRows {
                for v in row { rows.bind(v) }
                rows.endRow()
            }
            try c.copy(table: "admin_unit", columns: ["edition", "level", "code", "name", "unit_type", "parent_code", "valid_from"],
                       data: rows.take())
            try PostgresAuditLog.append(c, list.auditDraft(context))
            return UnitListImportSummary(provinces: list.provinces.count, communes: list.communes.count, closed: closed)
        }
    }

    /// Builds the catalog from the latest list loaded into the store when there is one; the
    /// shipped catalog otherwise (as the SQLite store: see its documentation).
    public func unitCatalog() throws -> AdminUnitCatalog {
        let base = catalog
        return try pool.with { c in
            let today = CivilDate(Date(), secondsFromGMT: 7 * 3600).isoString
            guard let edition = try c.row("""
                SELECT edition FROM admin_unit WHERE edition NOT IN ('legacy', '2025') AND level = 'commune'
                  AND coalesce(valid_from, '') <= ? AND (valid_to IS NULL OR valid_to >= ?)
                GROUP BY edition ORDER BY max(valid_from) DESC LIMIT 1
                """, [.text(today), .text(today)])?.text(0) else { return base }
            let rows = try c.query("SELECT level, code, name, unit_type, parent_code FROM admin_unit WHERE edition = ? ORDER BY position",
                                   [.text(edition)])
            return try AdminUnitCatalog.loaded(
                edition: edition, base: base,
                units: rows.map { (level: $0.string(0), code: $0.string(1), name: $0.string(2), type: $0.text(3), parent: $0.text(4)) })
        }
    }

    public func units(edition: String) throws -> [StoredUnit] {
        try pool.with { c in
            try c.query("""
                SELECT edition, level, code, name, parent_code, valid_from, valid_to FROM admin_unit WHERE edition = ?
                ORDER BY level DESC, code
                """, [.text(edition)]).map {
                StoredUnit(edition: $0.string(0), level: $0.string(1), code: $0.string(2), name: $0.string(3), parentCode: $0.text(4),
                           validFrom: $0.text(5).flatMap(RecordColumns.parseISODate), validTo: $0.text(6).flatMap(RecordColumns.parseISODate))
            }
        }
    }

    public func villages(communeCode: String) throws -> [String] {
        try pool.with { c in
            try c.query("SELECT name FROM village WHERE commune_code = ?", [.text(communeCode)]).map { $0.string(0) }
                .sorted(by: VietnameseCollation.areInIncreasingOrder)
        }
    }

    public func communeClassCounts(on date: CivilDate) throws -> [CommuneClassCount] {
        // Read from the roll-ups (no household is read).
        try readPool.with { c in
            CommuneClassCount.fromRollups(try Self.rollupSums(c, on: date, communeCodes: nil, byVillage: false))
        }
    }
}
