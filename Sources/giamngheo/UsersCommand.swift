import Access
import ArgumentParser
import Foundation
import OneTimePassword
import PasswordHashing
import Registry
import Store
import VietnameseText
import WebApp

/// `giamngheo users add|list|disable|enable|reset-password|mfa-reset|otp` (quản lý người dùng).
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Quản lý tài khoản người dùng.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, MFAReset.self, OTP.self])


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
                print("\(a.username)\t\(a.fullName)\t\(a.state.rawValue)\t\(roles.joined(separator: ","))\t\(a.mfaEnrolled ? "mfa" : "-")\t\(a.lastLogin.map { ISO8601DateFormatter().string(from: $0) } ?? "-")")
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

    struct MFAReset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mfa-reset",
            abstract: "Đặt lại xác thực hai bước (mất điện thoại): lần đăng nhập sau tài khoản đăng ký lại nếu vai trò bắt buộc.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        func run() throws {
            let store = try database.open()
            do {
                try store.resetMFA(accountID: try UsersCommand.find(store, username).id, context: database.access())
            } catch let e as StoreError {
                printError(e.description)
                throw ExitCode(2)
            }
            print("Đã đặt lại xác thực hai bước của \(username): lần đăng nhập sau, tài khoản đăng ký lại nếu vai trò bắt buộc.")
        }
    }

    /// `giamngheo users otp USER`: the current TOTP code of a demonstration account, for someone
    /// trying the demo without an authenticator app. Only accounts `serve` created as demo
    /// accounts (``Account/isDemo``): for a real account this would defeat the second factor.
    ///
    /// The code printed (alone on standard output, for scripts) is one the server accepts now: the
    /// current step's, or the next step's when the current one was already used (a second
    /// sign-in within 30 seconds), waiting for a new step when both were. A demo account of a
    /// required role that has no factor yet (a demo file made before MFA existed) is enrolled
    /// first, and its secret printed on standard error.
    struct OTP: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "In mã xác thực hiện tại của một tài khoản trình diễn (chỉ tài khoản do serve tạo).")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        func run() throws {
            let store = try database.open()
            let account = try UsersCommand.find(store, username)
            guard account.isDemo else {
                printError("\(account.username) không phải tài khoản trình diễn: mã xác thực chỉ có trên ứng dụng của người dùng [account.not_demo]")
                throw ExitCode(2)
            }
            var enrolment = try store.mfaEnrolment(accountID: account.id)
            if enrolment == nil {
                let today = CivilDate(Date(), secondsFromGMT: 7 * 3600)
                guard MFAPolicy().isRequired(for: try store.assignments(accountID: account.id), on: today) else {
                    printError("\(account.username) không dùng xác thực hai bước: chỉ cần mật khẩu [mfa.not_enrolled]")
                    throw ExitCode(2)
                }
                let secret = TOTP.newSecret()
                try store.enrolMFA(accountID: account.id, secret: secret, confirmedStep: 0, context: database.access())
                printError("Đã đăng ký xác thực hai bước cho \(account.username); khóa bí mật: \(Base32.grouped(secret))")
                enrolment = try store.mfaEnrolment(accountID: account.id)
            }
            guard let enrolment, let totp = TOTP(base32: enrolment.secret) else { throw ExitCode(3) }
            while true {
                let now = Date()
                let step = totp.step(at: now)
                if let usable = [step, step + 1].first(where: { $0 > enrolment.lastUsedStep }) {
                    // The server accepts a step's code until the step after it ends (±1 step).
                    let left = Int(Double((usable + 2) * Int64(totp.period)) - now.timeIntervalSince1970)
                    print(totp.code(step: usable))
                    printError("Mã của \(account.username), dùng được trong khoảng \(left) giây.")
                    return
                }
                printError("Mã hiện tại vừa được dùng; chờ mã mới…")
                Thread.sleep(forTimeInterval: Double((step + 1) * Int64(totp.period)) - now.timeIntervalSince1970 + 0.05)
            }
        }
    }
}
