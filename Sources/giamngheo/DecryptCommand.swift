import ArgumentParser
import Foundation
import PersonalDataProtection

/// `giamngheo decrypt`: opens encrypted export files (`.gnenc`, see `export --encrypt`).
struct DecryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt",
        abstract: "Giải mã tệp xuất đã mã hóa (.gnenc) bằng mật khẩu hoặc tệp khóa của sổ.",
        discussion: """
            Ví dụ: giamngheo decrypt xuat/households.csv.gnenc xuat/members.csv.gnenc --out mo/
            Tệp giải mã chứa số CCCD đầy đủ: chỉ mở trên máy được phép, xóa khi dùng xong.
            Tệp bị sửa, bị cắt ngắn hoặc sai mật khẩu: báo lỗi, không ghi tệp nào.
            """)

    @Argument(help: "Các tệp .gnenc.")
    var files: [String]

    @Option(help: "Thư mục ghi tệp đã giải mã (mặc định: cùng thư mục với tệp mã hóa).")
    var out: String?

    @Option(name: .customLong("key-file"), help: "Giải mã bằng tệp khóa của sổ hộ (tệp được mã hóa bằng khóa, không phải mật khẩu).")
    var keyFile: String?

    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        let secret: EncryptedFile.Secret
        do {
            secret = try keyFile.map { .registryKey(try PersonalDataKey.load(path: $0)) } ?? .passphrase(passphrase.read(confirm: false))
        } catch let error as ProtectionError {
            printError(error.description)
            throw ExitCode(2)
        }
        for file in files {
            let url = URL(fileURLWithPath: file)
            var name = url.lastPathComponent
            if name.hasSuffix("." + EncryptedFile.fileExtension) { name.removeLast(EncryptedFile.fileExtension.count + 1) } else { name += ".decrypted" }
            let directory = out.map { URL(fileURLWithPath: $0) } ?? url.deletingLastPathComponent()
            let target = directory.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try EncryptedFile.decrypt(input: file, output: target.path, secret: secret)
            } catch let error as ProtectionError {
                printError("\(file): \(error.description)")
                throw ExitCode(2)
            }
            print("Đã giải mã \(file) → \(target.path)")
        }
    }
}
