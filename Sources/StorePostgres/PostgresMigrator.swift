import Foundation
import PostgresNIO
import Registry
import Store
import StoreCore
import VietnameseText

/// Applies ``PostgresSchema/migrations`` and seeds a new database with the shipped units.
enum PostgresMigrator {
    static func migrate(_ pool: ConnectionPool, catalog: AdminUnitCatalog) throws {
        try pool.with { c in
            let known = Set(PostgresSchema.migrations.map(\.id))
            var applied = try appliedMigrations(c)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError.incompatibleDatabase("\(pool.location) được tạo bởi phiên bản GiamNgheo mới hơn (\(unknown))")
            }
            if applied.count < known.count {
                // Another process may be migrating the same database: wait for it, then look again.
                try c.execute("SELECT pg_advisory_lock(?)", [.int(PostgresLocks.migrationLock)])
                defer { _ = try? c.execute("SELECT pg_advisory_unlock(?)", [.int(PostgresLocks.migrationLock)]) }
                applied = try appliedMigrations(c)
                for migration in PostgresSchema.migrations where !applied.contains(migration.id) {
                    do {
                        try ConnectionPool.transaction(c) { c in
                            if applied.isEmpty && migration.id == PostgresSchema.migrations[0].id {
                                try c.script(PostgresSchema.collated("""
                                    CREATE TABLE IF NOT EXISTS schema_migration (id ctext PRIMARY KEY, applied_at ctext NOT NULL);
                                    """))
                            }
                            var sql = PostgresSchema.collated(migration.sql)
                            if migration.id == "v1-registry" { sql += PostgresSchema.partitions(catalog) }
                            try c.script(sql)
                            try c.execute("INSERT INTO schema_migration (id, applied_at) VALUES (?, ?)",
                                          [.text(migration.id), .text(RecordColumns.timestamp(Date()))])
                        }
                    } catch let error as PostgresStoreError where error.sqlState == "42501" {
                        throw StoreError.incompatibleDatabase("""
                            \(pool.location): tài khoản \(pool.location.user) không có quyền tạo lược đồ (\(error.message)). \
                            Hãy chạy lệnh lần đầu bằng tài khoản chủ sở hữu cơ sở dữ liệu.
                            """)
                    }
                }
            }
            try seedUnits(c, catalog: catalog)
        }
    }

    static func appliedMigrations(_ c: PGConnection) throws -> [String] {
        guard try c.row("SELECT to_regclass('schema_migration') IS NOT NULL")?.bool(0) == true else { return [] }
        return try c.query("SELECT id FROM schema_migration ORDER BY applied_at, id").map { $0.string(0) }
    }

    /// Loads the shipped lists into a new database: the 2025 list, the legacy 3-tier list and the
    /// conversion table, each unit with its validity dates (as the SQLite store does).
    static func seedUnits(_ c: PGConnection, catalog: AdminUnitCatalog) throws {
        guard try c.row("SELECT EXISTS (SELECT 1 FROM admin_unit)")?.bool(0) == false else { return }
        try ConnectionPool.transaction(c) { c in
            try c.execute("SELECT pg_advisory_xact_lock(?)", [.int(PostgresLocks.migrationLock)])
            guard try c.row("SELECT EXISTS (SELECT 1 FROM admin_unit)")?.bool(0) == false else { return }
            let units = CopyText()
            for row in UnitRows.seed(catalog) {
                units.bind(row.edition)
                units.bind(row.level)
                units.bind(row.code)
                units.bind(row.name)
                units.bind(row.type)
                units.bind(row.parent)
                units.bind(row.from)
                units.bind(row.to)
                units.endRow()
            }
            try c.copy(table: "admin_unit", columns: ["edition", "level", "code", "name", "unit_type", "parent_code", "valid_from", "valid_to"],
                       data: units.take())
            let conversions = CopyText()
            var seen: Set<String> = []
            for conversion in catalog.conversions where seen.insert("\(conversion.legacyCommuneCode) \(conversion.communeCode2025)").inserted {
                conversions.bind(conversion.legacyCommuneCode)
                conversions.bind(conversion.communeCode2025)
                conversions.bind(conversion.isDefault)
                conversions.endRow()
            }
            try c.copy(table: "unit_conversion", columns: ["legacy_commune_code", "commune_code_2025", "is_default"], data: conversions.take())
        }
    }
}

/// The rows the shipped unit lists are seeded as.
enum UnitRows {
    struct Row {
        var edition: String, level: String, code: String, name: String, type: String?, parent: String?, from: String?, to: String?
    }

    static func day(_ date: Date?) -> String? {
        date.map { CivilDate($0, secondsFromGMT: 7 * 3600).isoString }
    }

    static func seed(_ catalog: AdminUnitCatalog) -> [Row] {
        var rows: [Row] = []
        for list in [catalog.current, catalog.legacy] {
            let edition = list.edition == .legacy ? "legacy" : "2025"
            let from = day(list.validFrom), to = day(list.validUntil)
            for p in list.provinces {
                rows.append(Row(edition: edition, level: "province", code: p.code, name: p.name, type: p.type.rawValue, parent: nil, from: from, to: to))
            }
            for d in list.districts {
                rows.append(Row(edition: edition, level: "district", code: d.code, name: d.name, type: d.type.rawValue, parent: d.provinceCode,
                                from: from, to: to))
            }
            for c in list.communes {
                rows.append(Row(edition: edition, level: "commune", code: c.code, name: c.name, type: c.type.rawValue,
                                parent: c.districtCode ?? c.provinceCode, from: from, to: to))
            }
        }
        return rows
    }
}
