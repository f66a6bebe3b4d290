import Foundation
import GRDB
import Registry
import Store
import StoreCore
import VietnameseText

/// Administrative units and villages in SQLite (đơn vị hành chính, thôn).
enum UnitTables {
    static func day(_ date: Date?) -> String? {
        date.map { CivilDate($0, secondsFromGMT: 7 * 3600).isoString }
    }

    /// Loads the shipped lists into a new file: the 2025 list, the legacy 3-tier list and the
    /// conversion table, each unit with its validity dates.
    static func seed(_ db: Database, catalog: AdminUnitCatalog) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO admin_unit (edition, level, code, name, unit_type, parent_code, valid_from, valid_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for list in [catalog.current, catalog.legacy] {
            let edition = list.edition == .legacy ? "legacy" : "2025"
            let from = day(list.validFrom), to = day(list.validUntil)
            for p in list.provinces {
                try insert.execute(arguments: [edition, "province", p.code, p.name, p.type.rawValue, nil, from, to])
            }
            for d in list.districts {
                try insert.execute(arguments: [edition, "district", d.code, d.name, d.type.rawValue, d.provinceCode, from, to])
            }
            for c in list.communes {
                try insert.execute(arguments: [edition, "commune", c.code, c.name, c.type.rawValue,
                                               c.districtCode ?? c.provinceCode, from, to])
            }
        }
        let conversion = try db.makeStatement(sql: "INSERT OR IGNORE INTO unit_conversion VALUES (?, ?, ?)")
        for c in catalog.conversions {
            try conversion.execute(arguments: [c.legacyCommuneCode, c.communeCode2025, c.isDefault])
        }
    }

    /// The id of a village of a commune, created on first use (thôn được tạo khi dùng lần đầu).
    static func village(_ db: Database, commune: String, name: String) throws -> Int64 {
        let key = VietnameseText.fold(name)
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM village WHERE commune_code = ? AND name_key = ?", arguments: [commune, key]) {
            return id
        }
        try db.execute(sql: "INSERT INTO village (commune_code, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [commune, name, key, RowMapping.timestamp(Date())])
        return db.lastInsertedRowID
    }
}

extension SQLiteRegistryStore {
    public func importUnitList(_ list: UnitListImport, context: AccessContext) throws -> UnitListImportSummary {
        try pool.write { db in
            let from = list.validFrom.isoString
            let dayBefore = list.validFrom.adding(days: -1).isoString
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM admin_unit WHERE edition = ?)", arguments: [list.edition]) == true {
                throw StoreError.unitList("danh mục \(list.edition) đã được nạp")
            }
            // The list in force until now: the edition with open units and the latest start.
            let previous = try String.fetchOne(db, sql: """
                SELECT edition FROM admin_unit WHERE valid_to IS NULL AND edition != 'legacy' AND level = 'commune'
                GROUP BY edition ORDER BY max(coalesce(valid_from, '')) DESC LIMIT 1
                """)
            let newCodes = Set(list.communes.map(\.code))
            var closed = 0
            if let previous {
                closed = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM admin_unit WHERE edition = ? AND level = 'commune' AND valid_to IS NULL
                      AND code NOT IN (SELECT value FROM json_each(?))
                    """, arguments: [previous, AuditLog.jsonArray(newCodes.sorted())]) ?? 0
                try db.execute(sql: "UPDATE admin_unit SET valid_to = ? WHERE edition = ? AND valid_to IS NULL",
                               arguments: [dayBefore, previous])
            }
            let insert = try db.makeStatement(sql: """
                INSERT INTO admin_unit (edition, level, code, name, unit_type, parent_code, valid_from, valid_to)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                """)
            for row in list.unitRows { try insert.execute(arguments: StatementArguments(row)) }
            try AuditLog.append(db, list.auditDraft(context))
            return UnitListImportSummary(provinces: list.provinces.count, communes: list.communes.count, closed: closed)
        }
    }

    /// Builds the catalog from the latest list loaded into the store when there is one; the
    /// shipped catalog otherwise. The later list stands in for the 2025 list from 01/07/2025 on
    /// (the catalog keeps one current list); conversion rows whose 2025 target is no longer in
    /// it are left out, so legacy communes mapped only to removed units no longer resolve.
    public func unitCatalog() throws -> AdminUnitCatalog {
        let base = catalog
        return try pool.read { db in
            let today = CivilDate(Date(), secondsFromGMT: 7 * 3600).isoString
            guard let edition = try String.fetchOne(db, sql: """
                SELECT edition FROM admin_unit WHERE edition NOT IN ('legacy', '2025') AND level = 'commune'
                  AND coalesce(valid_from, '') <= ? AND (valid_to IS NULL OR valid_to >= ?)
                GROUP BY edition ORDER BY max(valid_from) DESC LIMIT 1
                """, arguments: [today, today]) else { return base }
            let rows = try Row.fetchAll(db, sql: "SELECT level, code, name, unit_type, parent_code FROM admin_unit WHERE edition = ? ORDER BY rowid",
                                        arguments: [edition])
            return try AdminUnitCatalog.loaded(
                edition: edition, base: base,
                units: rows.map { (level: $0["level"], code: $0["code"], name: $0["name"], type: $0["unit_type"], parent: $0["parent_code"]) })
        }
    }

    public func units(edition: String) throws -> [StoredUnit] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM admin_unit WHERE edition = ? ORDER BY level DESC, code", arguments: [edition]).map {
                StoredUnit(edition: $0["edition"], level: $0["level"], code: $0["code"], name: $0["name"],
                           parentCode: $0["parent_code"],
                           validFrom: ($0["valid_from"] as String?).flatMap(RowMapping.parseISODate),
                           validTo: ($0["valid_to"] as String?).flatMap(RowMapping.parseISODate))
            }
        }
    }

    public func villages(communeCode: String) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM village WHERE commune_code = ?", arguments: [communeCode])
                .sorted(by: VietnameseCollation.areInIncreasingOrder)
        }
    }

    public func communeClassCounts(on date: CivilDate) throws -> [CommuneClassCount] {
        // Read from the roll-ups (no household is read).
        try pool.read { db in
            CommuneClassCount.fromRollups(try Self.rollupSums(db, on: date, communeCodes: nil, byVillage: false))
        }
    }
}
