import Access
import ArgumentParser
import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import OneTimePassword
import PasswordHashing
import Registry
import Review
import Store
import StoreSQLite
import VietnameseText
import WebApp

/// `giamngheo serve`: the web application on the embedded SQLite store. A new file is filled
/// with the demo province and demo accounts, whose passwords are printed once.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Chạy ứng dụng web (mặc định http://127.0.0.1:8080).",
        discussion: """
            Lần đầu (tệp --db chưa có) tạo dữ liệu trình diễn: các xã thật của tỉnh Hà Tĩnh với hộ giả lập,
            phân loại 3 năm gần nhất và một tài khoản cho mỗi vai trò; mật khẩu in ra một lần. Tài khoản
            có vai trò bắt buộc xác thực hai bước (mặc định ADM, PRV) được đăng ký sẵn: khóa bí mật TOTP in
            cạnh mật khẩu (thêm vào ứng dụng xác thực), hoặc lấy mã hiện tại bằng `giamngheo users otp TÊN --db TỆP`.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Địa chỉ lắng nghe.")
    var host = "127.0.0.1"

    @Option(help: "Cổng.")
    var port = 8080

    @Option(help: ArgumentHelp("Bản sao chỉ đọc (hot standby) của cơ sở dữ liệu PostgreSQL cho tìm kiếm, danh sách, báo cáo và xuất dữ liệu: postgres://…"))
    var readReplica: String?

    @Option(help: "Số hộ trình diễn khi tạo tệp mới (0 = không tạo dữ liệu trình diễn).")
    var demoHouseholds = 10_000

    @Option(help: "Vai trò bắt buộc xác thực hai bước (security.mfa.required_roles), phân cách bằng dấu phẩy.")
    var mfaRequiredRoles = "ADM,PRV"

    @Option(help: ArgumentHelp(
        "Chỉ để thử nghiệm: đọc giờ hệ thống từ tệp này (dd/MM/yyyy HH:mm giờ Việt Nam; giờ chạy tiếp từ lúc ghi tệp, ghi lại để dời giờ). Chỉ nhận với cơ sở dữ liệu trình diễn.",
        valueName: "tệp"))
    var clockFile: String?

    @Option(help: ArgumentHelp("Bộ nhớ Argon2id (KiB); mặc định 65536 theo roles.md §8.", visibility: .hidden))
    var argon2MemoryKib = Argon2Parameters.standard.memoryKiB

    @Option(help: ArgumentHelp("Số vòng Argon2id.", visibility: .hidden))
    var argon2Iterations = Argon2Parameters.standard.iterations

    func run() async throws {
        let fileIsNew = !database.isPostgres && !FileManager.default.fileExists(atPath: database.path)
        let store = try database.open(readReplica: readReplica)
        // A new registry: a new SQLite file, or a PostgreSQL database without accounts or households.
        let isNew = try fileIsNew || (database.isPostgres && store.accounts().isEmpty && store.counts().households == 0)
        var params = Argon2Parameters.standard
        params.memoryKiB = argon2MemoryKib
        params.iterations = argon2Iterations
        let mfa: MFAPolicy
        switch MFAPolicy.roles(from: mfaRequiredRoles) {
        case .success(let roles): mfa = MFAPolicy(requiredRoles: roles)
        case .failure(let error): printError(error.description); throw ExitCode(2)
        }
        var clock: @Sendable () -> Date = Date.init
        if let clockFile {
            // A moved clock would forge every date of the audit log and of the review's records:
            // only on a demonstration database (a new file filled with the demo, or one whose
            // accounts are all demo accounts).
            let demo = isNew ? demoHouseholds > 0 : try { let a = try store.accounts(); return !a.isEmpty && a.allSatisfy(\.isDemo) }()
            guard demo else {
                printError("--clock-file chỉ dùng với cơ sở dữ liệu trình diễn (tệp mới tạo dữ liệu trình diễn, hoặc mọi tài khoản là tài khoản trình diễn) [clock_file.not_demo]")
                throw ExitCode(2)
            }
            do { clock = try FileClock(path: clockFile).now } catch { printError("\(error)"); throw ExitCode(2) }
            say("Đồng hồ thử nghiệm: \(LocalTime.format(clock())) (tệp \(clockFile))")
        }
        let web = try WebApplication(store: store, options: .init(host: host, port: port, argon2: params, mfa: mfa, clock: clock,
                                                                  dailyJobCheckSeconds: clockFile == nil ? 60 : 1))
        if isNew && demoHouseholds > 0 {
            say("Đang tạo dữ liệu trình diễn (\(VietnameseText.formatVND(demoHouseholds)) hộ, tỉnh Hà Tĩnh)…")
            let today = CivilDate(clock(), secondsFromGMT: 7 * 3600)
            let accounts = try DemoData.create(store: store, households: demoHouseholds, hasher: PasswordHasher(parameters: params), mfa: mfa,
                                               today: today)
            say("")
            say("Tài khoản trình diễn (mật khẩu chỉ hiện một lần — hãy ghi lại):")
            for a in accounts {
                say("  \(a.username.padding(toLength: 14, withPad: " ", startingAt: 0)) \(a.password)   \(a.role.rawValue) — \(a.role.vietnameseName), \(a.note)")
                if let secret = a.mfaSecret {
                    // Not in the account line's shape, which scripts read: 2 spaces, name, password.
                    say("      khóa TOTP (xác thực hai bước): \(Base32.grouped(secret))")
                }
            }
            if accounts.contains(where: { $0.mfaSecret != nil }) {
                say("Tài khoản có khóa TOTP cần thêm mã 6 số khi đăng nhập: thêm khóa vào ứng dụng xác thực trên điện thoại,")
                say("hoặc in mã hiện tại: giamngheo users otp TÊN --db \(database.path)")
            }
            say("")
        }
        if ProcessInfo.processInfo.environment["GIAMNGHEO_EXECUTOR"] == "eventloops" {
            // The PostgreSQL store's synchronous calls wait for its own event loops, which NIO
            // forbids on any event loop thread (StorePostgres, Connections.swift): not with it.
            if database.isPostgres {
                say("GIAMNGHEO_EXECUTOR=eventloops không dùng với PostgreSQL; các yêu cầu chạy trên luồng của Swift.")
            } else {
                _ = ServeCommand.runTasksOnEventLoops
            }
        }
        let keyNote = (store as? SQLiteRegistryStore).map { "; khóa CCCD: \($0.keyFile) — sao lưu riêng" } ?? ""
        say("GiamNgheo đang chạy: http://\(host):\(port)  (Ctrl+C để dừng; dữ liệu: \(database.displayName)\(keyNote))")
        try await web.application().runService()
    }
}

extension ServeCommand {
    /// With `GIAMNGHEO_EXECUTOR=eventloops`, Swift concurrency's jobs run on NIO's event loop
    /// threads (the server's two I/O threads on this machine) instead of Swift's own pool: a
    /// request's handler then runs on the thread that read it, without two thread switches per
    /// request. Not the default: on the shared 2-core machine it took less CPU per household page
    /// (−12 % at 100k) but served fewer requests (1M: 612 against 1,125 req/s, p99 at 256
    /// connections 7.8 s against 0.9 s; BENCHMARKS.md), as two threads then do all the work and
    /// every blocking SQLite read stops a loop's I/O. Installed once (NIO allows it once per process).
    static let runTasksOnEventLoops: Bool = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

/// Writes a line to standard output at once (print is block-buffered when piped, and a service
/// log must show the address and the demo passwords immediately).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
