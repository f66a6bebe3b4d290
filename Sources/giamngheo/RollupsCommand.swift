import ArgumentParser
import Foundation
import Store
import VietnameseText

/// `giamngheo rollups verify|rebuild`: the roll-ups kept by every write (bảng tổng hợp), checked
/// against a full recomputation or rebuilt from it (operations).
struct RollupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollups",
        abstract: "Bảng tổng hợp (cập nhật theo từng lần ghi): kiểm tra với phép tính lại toàn bộ, hoặc tính lại.",
        subcommands: [RollupsVerifyCommand.self, RollupsRebuildCommand.self])

    /// The store's roll-ups (both stores keep them).
    static func rollups(_ database: DatabaseOptions) throws -> any RollupStore {
        guard let store = try database.open() as? any RollupStore else {
            printError("\(database.displayName): kho dữ liệu không có bảng tổng hợp [rollups.unsupported]")
            throw ExitCode(3)
        }
        return store
    }
}

/// `giamngheo rollups verify`: exit 0 when the stored roll-ups equal a full recomputation, 1 with
/// the differing rows otherwise.
struct RollupsVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "So sánh bảng tổng hợp với phép tính lại toàn bộ từ hộ, bản ghi trạng thái và kết quả phân loại.",
        discussion: "Ví dụ: giamngheo rollups verify --db giamngheo.db (mã thoát 1 khi có sai lệch)")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Số dòng sai lệch tối đa được liệt kê.")
    var limit: Int = 50

    func run() throws {
        let store = try RollupsCommand.rollups(database)
        let start = Date()
        let differences = try store.verifyRollups(limit: max(1, limit))
        let seconds = String(format: "%.2f", Date().timeIntervalSince(start))
        if differences.isEmpty {
            print("Bảng tổng hợp khớp với phép tính lại toàn bộ (\(seconds) giây).")
            return
        }
        for d in differences { print(d.description) }
        printError("Bảng tổng hợp sai lệch ở \(differences.count)\(differences.count >= limit ? "+" : "") dòng; chạy `giamngheo rollups rebuild` để tính lại [rollups.mismatch]")
        throw ExitCode(1)
    }
}

/// `giamngheo rollups rebuild`: the table replaced by a full recomputation, in one transaction.
struct RollupsRebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Tính lại toàn bộ bảng tổng hợp (một giao dịch).",
        discussion: "Ví dụ: giamngheo rollups rebuild --db giamngheo.db")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try RollupsCommand.rollups(database)
        let start = Date()
        let rows = try store.rebuildRollups()
        print("Đã tính lại bảng tổng hợp: \(VietnameseText.formatVND(rows)) dòng (\(String(format: "%.2f", Date().timeIntervalSince(start))) giây).")
    }
}
