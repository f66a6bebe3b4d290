import ArgumentParser
import Foundation
import Store
import StoreSQLite

/// `--db FILE` and `--user NAME`: which registry file, and who acts (recorded in the audit log).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "Tệp cơ sở dữ liệu SQLite của sổ hộ (tạo mới nếu chưa có).")
    var path: String = "giamngheo.db"

    @Option(name: .customLong("key-file"), help: ArgumentHelp(
        "Tệp khóa mã hóa số CCCD, để ngoài cơ sở dữ liệu (mặc định: biến GIAMNGHEO_KEY_FILE, nếu không có thì <db>.key; tạo mới với quyền 600 khi sổ chưa có khóa). Sao lưu riêng.",
        valueName: "tệp"))
    var keyFile: String?

    @Option(help: "Tài khoản ghi vào nhật ký (mặc định: cli:<tên đăng nhập hệ điều hành>).")
    var user: String?

    /// Opens the store; a file that cannot be opened, or a missing or wrong key file, ends the
    /// command with its message.
    func open() throws -> SQLiteRegistryStore {
        do {
            return try SQLiteRegistryStore(path: path, keyFile: keyFile)
        } catch let error as StoreError {
            printError(error.description)
            throw ExitCode(3)
        }
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
