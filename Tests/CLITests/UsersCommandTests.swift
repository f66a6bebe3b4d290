import Foundation
import OneTimePassword
import Testing

/// `giamngheo serve` on a new registry (a file or a `postgres://` URL), stopped once it printed
/// the demo accounts and listens, or once `body` returned: what a new user sees. Returns the
/// printed lines.
@discardableResult
func serveDemo(_ dir: TempDir, db: String, port: Int = 0, arguments: [String] = [], while body: ([String]) throws -> Void = { _ in }) throws -> [String] {
    let process = Process()
    process.executableURL = try CLI.executable()
    process.arguments = ["serve", "--db", db, "--host", "127.0.0.1", "--port", String(port), "--demo-households", "60",
                         "--argon2-memory-kib", "64", "--argon2-iterations", "1"] + arguments
    process.currentDirectoryURL = dir.url
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
    var text = ""
    let deadline = Date().addingTimeInterval(300)
    while !text.contains("GiamNgheo đang chạy"), Date() < deadline {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        text += String(decoding: chunk, as: UTF8.self)
    }
    try #require(text.contains("GiamNgheo đang chạy"), "serve did not start: \(text)")
    let lines = text.split(separator: "\n").map(String.init)
    try body(lines)
    return lines
}

@Suite("users command: second factor", .serialized)
struct UsersCommandTests {
    @Test("serve pre-enrols the demo ADM and PRV and prints their TOTP secret; users otp prints a code the secret gives")
    func demoOTP() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let lines = try serveDemo(dir, db: "demo.db")
        // `  tinh.hatinh    PASSWORD   PRV — …` then `      khóa TOTP (xác thực hai bước): ABCD EFGH …`.
        let prvLine = try #require(lines.firstIndex { $0.hasPrefix("  tinh.hatinh ") })
        let secretLine = lines[prvLine + 1]
        #expect(secretLine.hasPrefix("      khóa TOTP"))
        let secret = try #require(secretLine.split(separator: ":").last).trimmingCharacters(in: .whitespaces)
        #expect(secret.range(of: "^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", options: .regularExpression) != nil, "grouped base32: \(secret)")
        let quantri = try #require(lines.firstIndex { $0.hasPrefix("  quantri ") })
        #expect(lines[quantri + 1].hasPrefix("      khóa TOTP"), "the ADM account is enrolled too")
        let canbo = try #require(lines.firstIndex { $0.hasPrefix("  xa.canbo ") })
        #expect(!lines[canbo + 1].contains("TOTP"), "a commune officer needs no second factor")
        #expect(lines.contains { $0.contains("giamngheo users otp TÊN --db demo.db") })

        let totp = try #require(TOTP(base32: secret))
        let before = totp.step(at: Date())
        let otp = try giamngheo(["users", "otp", "tinh.hatinh", "--db", "demo.db"], in: dir.url)
        #expect(otp.status == 0, "\(otp.stderr)")
        let code = otp.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let after = totp.step(at: Date())
        #expect(Set((before...after + 1).map { totp.code(step: $0) }).contains(code), "printed \(code)")
        #expect(otp.stderr.contains("dùng được trong khoảng"))

        let commune = try giamngheo(["users", "otp", "xa.canbo", "--db", "demo.db"], in: dir.url)
        #expect(commune.status == 2)
        #expect(commune.stderr.contains("[mfa.not_enrolled]"))
        let list = try giamngheo(["users", "list", "--db", "demo.db"], in: dir.url)
        let prvRow = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("tinh.hatinh\t") })
        #expect(prvRow.split(separator: "\t")[4] == "mfa")
    }

    @Test("users otp refuses accounts that are not demo accounts; mfa-reset removes a factor, audited")
    func resetAndRefusal() throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let added = try giamngheo(["users", "add", "--db", "u.db", "--username", "tinh.that", "--name", "Cán bộ tỉnh",
                                   "--role", "PRV", "--unit", "42"], in: dir.url)
        #expect(added.status == 0, "\(added.stderr)")
        let refused = try giamngheo(["users", "otp", "tinh.that", "--db", "u.db"], in: dir.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("[account.not_demo]"))
        #expect(refused.stdout.isEmpty, "no code printed")
        let notEnrolled = try giamngheo(["users", "mfa-reset", "tinh.that", "--db", "u.db"], in: dir.url)
        #expect(notEnrolled.status == 2)
        #expect(notEnrolled.stderr.contains("mfa.not_enrolled"))

        _ = try serveDemo(dir, db: "demo.db")
        let reset = try giamngheo(["users", "mfa-reset", "tinh.hatinh", "--db", "demo.db", "--user", "van.hanh"], in: dir.url)
        #expect(reset.status == 0, "\(reset.stderr)")
        let list = try giamngheo(["users", "list", "--db", "demo.db"], in: dir.url)
        let row = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("tinh.hatinh\t") })
        #expect(row.split(separator: "\t")[4] == "-")
        let audit = try giamngheo(["audit", "list", "--db", "demo.db", "--account", "van.hanh"], in: dir.url)
        #expect(audit.stdout.contains("update account"), "\(audit.stdout)")
        // A demo account of a required role without a factor (reset, or a demo file older than
        // MFA) is enrolled by `users otp`, which prints the new secret.
        let again = try giamngheo(["users", "otp", "tinh.hatinh", "--db", "demo.db"], in: dir.url)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("Đã đăng ký xác thực hai bước"))
        let secret = try #require(again.stderr.split(separator: "\n").first { $0.contains("khóa bí mật:") }?
            .components(separatedBy: "khóa bí mật:").last).trimmingCharacters(in: .whitespaces)
        let totp = try #require(TOTP(base32: secret))
        let step = totp.step(at: Date())
        #expect(Set((step - 1...step + 1).map { totp.code(step: $0) }).contains(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
