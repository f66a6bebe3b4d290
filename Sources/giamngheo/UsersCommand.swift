import Access
import ArgumentParser
import Foundation
import PasswordHashing
import Registry
import Store
import VietnameseText
import WebApp

/// `giamngheo users add|list|disable|enable|reset-password` (quản lý người dùng).
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Quản lý tài khoản người dùng.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self])


    static func find(_ store: any WebStore, _ username: String) throws -> Account {
        guard let account = try store.account(username: username) else {
            printError("Không có tài khoản \(username) [account.not_found]")
            throw ExitCode(2)
        }
        return account
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tạo tài khoản với một phân công; in mật khẩu dùng một lần.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Tên đăng nhập.") var username: String
        @Option(help: "Họ và tên.") var name: String
        @Option(help: "Vai trò: ADM, PRV, DST, COM, CLD, VIL, ORG, LDP, PTN, AUD.") var role: String
        @Option(help: "Mã đơn vị (tỉnh hoặc xã danh mục 2025; huyện cũ cho DST).") var unit: String = ""
        @Option(help: "Thôn (VIL), có thể lặp lại.") var village: [String] = []
        @Option(help: "Tổ chức đoàn thể (ORG): nong_dan, phu_nu, cuu_chien_binh, thanh_nien, mat_tran, cong_doan, nguoi_cao_tuoi.")
        var organisation: String?
        @Option(help: "Hiệu lực đến ngày dd/MM/yyyy (bắt buộc với AUD, tối đa 90 ngày).") var validTo: String?
        @Option(help: "Lý do phân công.") var reason: String = ""

        func run() throws {
            guard let role = Role(rawValue: role.uppercased()) else {
                printError("Vai trò không hợp lệ: \(role) (ADM, PRV, DST, COM, CLD, VIL, ORG, LDP, PTN, AUD) [role.invalid]")
                throw ExitCode(2)
            }
            let catalog = AdminUnitCatalog.shared
            let policy = AccessPolicy(catalog: catalog)
            let today = CivilDate(Date(), secondsFromGMT: 7 * 3600)
            var org: MassOrganisation?
            if let o = organisation {
                guard let parsed = MassOrganisation(rawValue: o) else {
                    printError("Tổ chức không hợp lệ: \(o) [organisation.invalid]")
                    throw ExitCode(2)
                }
                org = parsed
            }
            var to: CivilDate?
            if let v = validTo {
                guard let d = VietnameseText.parseDate(v) else { printError("Ngày không hợp lệ: \(v) (dd/MM/yyyy) [valid_to.invalid]"); throw ExitCode(2) }
                to = d
            }
            let assignment = Assignment(role: role, unitCode: unit, villages: village, organisation: org, validFrom: today, validTo: to,
                                        reason: reason)
            if let problem = AssignmentRules.problem(assignment, policy: policy) {
                printError(problem)
                throw ExitCode(2)
            }
            let store = try database.open()
            let password = PasswordPolicy.oneTimePassword()
            do {
                _ = try store.createAccount(
                    NewAccount(username: username, fullName: name, unitCode: unit, passwordHash: PasswordHasher().hash(password), mustChangePassword: true),
                    assignments: [assignment], context: database.access())
            } catch let e as StoreError { throw failWith(e) }
            print("Đã tạo tài khoản \(username.lowercased()) (\(role.rawValue) — \(role.vietnameseName)). Mật khẩu dùng một lần: \(password)")
            print("Người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê tài khoản và phân công.")
        @OptionGroup var database: DatabaseOptions
        func run() throws {
            let store = try database.open()
            for a in try store.accounts() {
                let roles = try store.assignments(accountID: a.id).map { "\($0.role.rawValue)@\($0.unitCode.isEmpty ? "*" : $0.unitCode)" }
                print("\(a.username)\t\(a.fullName)\t\(a.state.rawValue)\t\(roles.joined(separator: ","))\t\(a.lastLogin.map { ISO8601DateFormatter().string(from: $0) } ?? "-")")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Vô hiệu hóa tài khoản.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        func run() throws {
            let store = try database.open()
            try store.setState(accountID: try UsersCommand.find(store, username).id, .disabled, context: database.access())
            print("Đã vô hiệu hóa \(username).")
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mở lại tài khoản (cũng mở khóa).")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        func run() throws {
            let store = try database.open()
            try store.setState(accountID: try UsersCommand.find(store, username).id, .active, context: database.access())
            print("Đã mở lại \(username).")
        }
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Cấp lại mật khẩu dùng một lần (mở khóa).")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        func run() throws {
            let store = try database.open()
            let password = PasswordPolicy.oneTimePassword()
            try store.setPassword(accountID: try UsersCommand.find(store, username).id, hash: PasswordHasher().hash(password), mustChange: true,
                                  context: database.access())
            print("Mật khẩu mới dùng một lần của \(username): \(password)")
        }
    }
}
