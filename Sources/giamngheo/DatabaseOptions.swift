import ArgumentParser
import Foundation
import Store
import StorePostgres
import StoreSQLite
import WebApp

/// `--db FILE|URL` and `--user NAME`: which registry, and who acts (recorded in the audit log).
///
/// The registry is a SQLite file (the default, `giamngheo.db`) or a PostgreSQL database given
/// as `postgres://user[:password]@host[:port]/database` — on the command line or, when `--db`
/// is not given, in `GIAMNGHEO_DATABASE_URL` (which keeps a password out of the process list).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: """
        Sổ hộ: tệp SQLite (tạo mới nếu chưa có) hoặc cơ sở dữ liệu PostgreSQL postgres://người-dùng@máy:cổng/tên \
        (mặc định: biến GIAMNGHEO_DATABASE_URL, nếu không có thì giamngheo.db).
        """)
    var given: String?

    @Option(name: .customLong("key-file"), help: ArgumentHelp(
        "Tệp khóa mã hóa số CCCD, để ngoài cơ sở dữ liệu (mặc định: biến GIAMNGHEO_KEY_FILE, nếu không có thì <db>.key; tạo mới với quyền 600 khi sổ chưa có khóa). Sao lưu riêng.",
        valueName: "tệp"))
    var keyFile: String?

    @Option(help: "Tài khoản ghi vào nhật ký (mặc định: cli:<tên đăng nhập hệ điều hành>).")
    var user: String?

    /// The registry named by `--db`, the environment, or the default file.
    var path: String {
        given ?? ProcessInfo.processInfo.environment["GIAMNGHEO_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "giamngheo.db"
    }

    /// Whether the registry is a PostgreSQL database.
    var isPostgres: Bool { PostgresLocation.isURL(path) }

    /// The registry as the user may see it (a URL without its password).
    var displayName: String {
        isPostgres ? ((try? PostgresLocation(url: path).description) ?? path) : path
    }

    /// Opens the store; a registry that cannot be opened, or a missing or wrong key file, ends
    /// the command with its message.
    func open(readReplica: String? = nil) throws -> any WebStore {
        do {
            return try Self.open(path, keyFile: keyFile, readReplica: readReplica)
        } catch let error as StoreError {
            printError(error.description)
            throw ExitCode(3)
        }
    }

    static func open(_ location: String, keyFile: String? = nil, readReplica: String? = nil) throws -> any WebStore {
        if PostgresLocation.isURL(location) {
            return try PostgresRegistryStore(url: location, readReplica: readReplica)
        }
        if readReplica != nil {
            throw StoreError.incompatibleDatabase("--read-replica chỉ dùng với PostgreSQL (--db postgres://…)")
        }
        return try SQLiteRegistryStore(path: location, keyFile: keyFile)
    }

    /// The acting user.
    func access(purpose: String = "review") -> AccessContext {
        user.map { AccessContext(account: $0, purpose: purpose) } ?? .commandLine(purpose: purpose)
    }
}

/// Prints a store error as the user sees it and exits non-zero.
func failWith(_ error: StoreError) -> ExitCode {
    printError(error.description)
    return ExitCode(3)
}
