import ArgumentParser
import Foundation
import PersonalDataProtection

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the passphrase of an encrypted export comes from (mật khẩu mã hóa tệp): `--passphrase-file`
/// (its first line), else the `GIAMNGHEO_PASSPHRASE` environment variable, else typed on the
/// terminal without echo (twice when encrypting). Never a command-line value: arguments are
/// visible to every user of the machine in the process list.
struct PassphraseOptions: ParsableArguments {
    @Option(name: .customLong("passphrase-file"), help: ArgumentHelp(
        "Tệp chứa mật khẩu (dòng đầu) để mã hóa/giải mã; hoặc biến GIAMNGHEO_PASSPHRASE; nếu không có thì hỏi trên màn hình.",
        valueName: "tệp"))
    var passphraseFile: String?

    static let environmentVariable = "GIAMNGHEO_PASSPHRASE"

    /// The passphrase; `confirm` asks twice on a terminal.
    func read(confirm: Bool) throws -> String {
        if let passphraseFile {
            guard let data = FileManager.default.contents(atPath: passphraseFile) else {
                printError("Không đọc được tệp mật khẩu \(passphraseFile) [passphrase.unreadable]")
                throw ExitCode(2)
            }
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        if let value = ProcessInfo.processInfo.environment[Self.environmentVariable], !value.isEmpty { return value }
        guard isatty(STDIN_FILENO) != 0 else {
            printError("Cần mật khẩu: dùng --passphrase-file hoặc biến \(Self.environmentVariable) [passphrase.missing]")
            throw ExitCode(2)
        }
        let first = try Self.prompt("Mật khẩu mã hóa tệp: ")
        if confirm {
            guard try Self.prompt("Nhập lại mật khẩu: ") == first else {
                printError("Hai lần nhập mật khẩu không giống nhau [passphrase.mismatch]")
                throw ExitCode(2)
            }
        }
        return first
    }

    /// One line typed on the terminal with echo off.
    private static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var saved = termios()
        let hasTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if hasTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if hasTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
