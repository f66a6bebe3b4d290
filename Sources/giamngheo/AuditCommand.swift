import ArgumentParser
import Foundation
import Registry
import Store

/// `giamngheo audit`: read and verify the audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Nhật ký kiểm toán: xem, kiểm tra chuỗi băm.",
        subcommands: [AuditListCommand.self, AuditVerifyCommand.self])
}

/// `giamngheo audit list`.
struct AuditListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Các mục nhật ký (mới nhất ở cuối).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Chỉ các mục về hộ này (ai đã xem, sửa).")
    var household: String?

    @Option(help: "Chỉ tài khoản này.")
    var account: String?

    @Option(help: "Số mục tối đa.")
    var limit: Int = 50

    func run() throws {
        let store = try database.open()
        let entries = try store.auditEntries(AuditFilter(account: account, entityID: household, limit: limit))
        for e in entries {
            var line = "#\(e.sequence) \(HistoryCommand.format(e.at)) \(e.account) \(e.action.rawValue) \(e.entityType) \(e.entityIDs.prefix(10).joined(separator: ","))"
            if e.entityIDs.count > 10 { line += ",… (\(e.entityIDs.count))" }
            if let p = e.purpose { line += " mục đích=\(p)" }
            if let n = e.rowCount { line += " số dòng=\(n)" }
            print(line)
        }
    }
}

/// `giamngheo audit verify`.
struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Kiểm tra chuỗi băm của nhật ký; báo mục đầu tiên bị sửa.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open()
        if let broken = try store.verifyAuditChain() {
            printError("Nhật ký bị thay đổi: mục #\(broken) không khớp chuỗi băm [audit.chain_broken]")
            throw ExitCode(4)
        }
        print("Nhật ký toàn vẹn.")
    }
}
