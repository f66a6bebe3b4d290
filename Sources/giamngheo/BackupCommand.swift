import ArgumentParser
import Foundation
import Store
import StorePostgres
import StoreSQLite
import VietnameseText

/// `giamngheo backup`: a consistent copy of the whole registry while it is in use (SQLite's online
/// backup API for a file, `pg_dump --format=custom` for PostgreSQL).
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Sao lưu toàn bộ sổ hộ (kể cả nhật ký kiểm toán và tài khoản) vào một tệp.",
        discussion: """
            Tệp SQLite: bản sao bằng API sao lưu trực tuyến của SQLite (một tệp SQLite).
            PostgreSQL: pg_dump --format=custom (cần pg_dump cùng phiên bản máy chủ).
            Khôi phục: giamngheo restore --db <sổ mới> <tệp>.
            Bản sao lưu của tệp SQLite không chứa khóa CCCD (tệp .key): sao lưu khóa riêng; khi khôi phục, \
            chỉ tệp khóa của sổ cũ bằng --key-file (và dùng tiếp --key-file đó với sổ mới).
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Tệp sao lưu (ghi đè nếu đã có).")
    var out: String

    func run() throws {
        let store = try database.open()
        guard let backup = store as? any RegistryBackup else { throw ExitCode(3) }
        do {
            let summary = try backup.backup(to: URL(fileURLWithPath: out))
            print("Đã sao lưu \(database.displayName) → \(summary.file.path) (\(summary.format), \(VietnameseText.formatVND(Int(summary.bytes))) byte): "
                + "\(VietnameseText.formatVND(summary.households)) hộ, \(VietnameseText.formatVND(summary.members)) nhân khẩu, "
                + "nhật ký đến mục #\(summary.lastAuditSequence)")
        } catch let e as StoreError { throw failWith(e) }
    }
}

/// `giamngheo restore`: a backup into a new registry (a new SQLite file, or an empty PostgreSQL
/// database), all or nothing; the audit chain is verified afterwards.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Khôi phục bản sao lưu vào một sổ hộ mới (tệp chưa có, hoặc cơ sở dữ liệu PostgreSQL trống).")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Tệp sao lưu (từ giamngheo backup).")
    var file: String

    func run() throws {
        let backup = URL(fileURLWithPath: file)
        do {
            let store: any RegistryStore = database.isPostgres
                ? try PostgresRegistryStore.restore(from: backup, to: database.path)
                : try SQLiteRegistryStore.restore(from: backup, to: database.path, keyFile: database.keyFile)
            let (households, members) = try store.counts()
            if let broken = try store.verifyAuditChain() {
                printError("Chuỗi băm nhật ký bị đứt tại mục #\(broken) trong bản khôi phục.")
                throw ExitCode(3)
            }
            print("Đã khôi phục vào \(database.displayName): \(VietnameseText.formatVND(households)) hộ, "
                + "\(VietnameseText.formatVND(members)) nhân khẩu; chuỗi băm nhật ký nguyên vẹn.")
        } catch let e as StoreError { throw failWith(e) }
    }
}
