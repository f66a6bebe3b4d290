import ArgumentParser
import Foundation
import Hummingbird
import PasswordHashing
import Registry
import Store
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
            phân loại 3 năm gần nhất và một tài khoản cho mỗi vai trò; mật khẩu in ra một lần.
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
        let web = try WebApplication(store: store, options: .init(host: host, port: port, argon2: params))
        if isNew && demoHouseholds > 0 {
            say("Đang tạo dữ liệu trình diễn (\(VietnameseText.formatVND(demoHouseholds)) hộ, tỉnh Hà Tĩnh)…")
            let today = CivilDate(Date(), secondsFromGMT: 7 * 3600)
            let accounts = try DemoData.create(store: store, households: demoHouseholds, hasher: PasswordHasher(parameters: params), today: today)
            say("")
            say("Tài khoản trình diễn (mật khẩu chỉ hiện một lần — hãy ghi lại):")
            for a in accounts {
                say("  \(a.username.padding(toLength: 14, withPad: " ", startingAt: 0)) \(a.password)   \(a.role.rawValue) — \(a.role.vietnameseName), \(a.note)")
            }
            say("")
        }
        say("GiamNgheo đang chạy: http://\(host):\(port)  (Ctrl+C để dừng; dữ liệu: \(database.displayName))")
        try await web.application().runService()
    }
}

/// Writes a line to standard output at once (print is block-buffered when piped, and a service
/// log must show the address and the demo passwords immediately).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
