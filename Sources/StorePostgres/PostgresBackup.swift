import Foundation
import Store

extension PostgresRegistryStore: RegistryBackup {
    /// `pg_dump --format=custom` of the database: a consistent snapshot (one repeatable-read
    /// transaction) taken while the registry is in use, compressed, restorable table by table.
    /// The dump carries the schema, the application role's privileges and the audit log's
    /// triggers with the data.
    public func backup(to file: URL) throws -> BackupSummary {
        try? FileManager.default.removeItem(at: file)
        try PostgresTools.run("pg_dump", PostgresTools.connectionArguments(location) + [
            "--format=custom", "--no-password", "--file=\(file.path)",
        ], location: location)
        let bytes = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        let listing = try PostgresTools.run("pg_restore", ["--list", file.path], location: nil)
        guard listing.contains("TABLE DATA public audit_log") else {
            throw StoreError.incompatibleDatabase("\(file.path): bản sao lưu không có nhật ký kiểm tra")
        }
        let (households, members) = try counts()
        let last = try pool.with { c in try c.row("SELECT coalesce(max(seq), 0) FROM audit_log")?.int64(0) ?? 0 }
        return BackupSummary(file: file, bytes: bytes, households: households, members: members, lastAuditSequence: last,
                             format: "pg_dump-custom")
    }

    /// Restores a `pg_dump` custom-format backup into the database at `url`, which must be empty
    /// (a new `CREATE DATABASE`), in one transaction (`pg_restore --single-transaction
    /// --exit-on-error`): all or nothing. Run as the role that will own the schema; the
    /// application's group role is created first when missing, since the dump grants to it.
    public static func restore(from backup: URL, to url: String) throws -> PostgresRegistryStore {
        let location = try PostgresLocation(url: url)
        let pool = try ConnectionPool(location)
        defer { pool.shutdown(wait: true) }
        try pool.with { c in
            if try c.row("SELECT to_regclass('schema_migration') IS NOT NULL")?.bool(0) == true {
                throw StoreError.incompatibleDatabase("\(location) đã có sổ hộ; hãy khôi phục vào một cơ sở dữ liệu mới")
            }
            try? c.script("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(PostgresSchema.applicationRole)') THEN
                    CREATE ROLE \(PostgresSchema.applicationRole) NOLOGIN;
                  END IF;
                END $$;
                """)
        }
        try PostgresTools.run("pg_restore", PostgresTools.connectionArguments(location, databaseFlag: "--dbname") + [
            "--single-transaction", "--exit-on-error", "--no-owner", "--no-password", backup.path,
        ], location: location)
        return try PostgresRegistryStore(url: url)
    }
}

/// PostgreSQL's own programs (`pg_dump`, `pg_restore`), found on `PATH` or in Debian's
/// `/usr/lib/postgresql/<version>/bin` (the newest).
enum PostgresTools {
    static func path(_ program: String) throws -> String {
        let fm = FileManager.default
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) where fm.isExecutableFile(atPath: "/usr/lib/postgresql/\(v)/bin/\(program)") {
                return "/usr/lib/postgresql/\(v)/bin/\(program)"
            }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where fm.isExecutableFile(atPath: "\(dir)/\(program)") {
            return "\(dir)/\(program)"
        }
        throw StoreError.incompatibleDatabase("không tìm thấy \(program) (cài gói postgresql-client)")
    }

    static func connectionArguments(_ l: PostgresLocation, databaseFlag: String = "--dbname") -> [String] {
        ["--host=\(l.host)", "--port=\(l.port)", "--username=\(l.user)", "\(databaseFlag)=\(l.database)"]
    }

    /// Runs a program; its standard output, or an error with what it printed.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], location: PostgresLocation?) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(program))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let password = location?.password { environment["PGPASSWORD"] = password }
        if let location { environment["PGSSLMODE"] = location.requireTLS ? "require" : "disable" }
        process.environment = environment
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-\(program)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let errors = output.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let err = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw StoreError.incompatibleDatabase("\(program) thất bại (mã \(process.terminationStatus)): \(err)")
        }
        return out
    }
}
