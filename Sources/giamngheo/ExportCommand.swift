import ArgumentParser
import Foundation
import Interchange
import PersonalDataProtection
import Registry
import RegistryTransfer
import Store
import VietnameseText

extension ExportFormat: ExpressibleByArgument {}
extension ExportHeaders: ExpressibleByArgument {}

/// `giamngheo export`: households of a unit in the import format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Xuất hộ và thành viên của một đơn vị theo đúng định dạng nhập (nhập lại không thay đổi gì).",
        discussion: """
            Ví dụ: giamngheo export --db giamngheo.db --unit 33 --class poor,near_poor --format xlsx --out xuat/
            --unit: mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số) theo danh mục 2025; dữ liệu ghi theo xã cũ
            (trước 01/07/2025) được tính vào đơn vị mới qua bảng chuyển đổi. Bỏ trống: cả sổ.
            Tệp xuất chứa số CCCD đầy đủ: --encrypt ghi households.<csv|xlsx>.gnenc và members….gnenc đã mã hóa
            bằng mật khẩu (--passphrase-file, biến GIAMNGHEO_PASSPHRASE, hoặc nhập trên màn hình); mở bằng giamngheo decrypt.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Mã đơn vị (tỉnh hoặc xã, danh mục 2025; hoặc mã xã cũ).")
    var unit: String?

    @Option(name: .customLong("class"), help: "Chỉ các hộ thuộc phân loại (đã công nhận): poor,near_poor,average,not_poor.")
    var classes: String?

    @Option(help: "Phân loại tính tại ngày (dd/MM/yyyy; mặc định hôm nay).")
    var on: String?

    @Option(help: "Định dạng: csv hoặc xlsx.")
    var format: ExportFormat = .csv

    @Option(help: "Ngôn ngữ tiêu đề cột: vi (mặc định) hoặc en.")
    var headers: ExportHeaders = .vietnamese

    @Option(help: "Thư mục ghi households.<csv|xlsx> và members.<csv|xlsx>.")
    var out: String

    @Flag(help: "Mã hóa tệp xuất bằng mật khẩu (ChaCha20-Poly1305, khóa từ Argon2id): không để lại tệp chưa mã hóa.")
    var encrypt = false

    @OptionGroup var passphrase: PassphraseOptions

    func run() throws {
        var selection = HouseholdSelection()
        let store = try database.open()
        if let unit {
            guard let codes = try store.unitCatalog().recordedCommuneCodes(under: unit) else {
                printError("Không có đơn vị hành chính mã \(unit) (mã tỉnh 2 chữ số hoặc mã xã 5 chữ số) [unit.unknown]")
                throw ExitCode(2)
            }
            selection.communeCodes = codes
        }
        if let classes {
            var set = Set<RecognisedClass>()
            for part in classes.split(separator: ",") {
                let text = part.trimmingCharacters(in: .whitespaces)
                guard let c = RecognisedClass(rawValue: text) ?? RecognisedClass.allCases.first(where: { VietnameseText.fold($0.vietnamese) == VietnameseText.fold(text) }) else {
                    printError("--class \"\(text)\": phải là poor, near_poor, average hoặc not_poor [class.invalid]")
                    throw ExitCode(2)
                }
                set.insert(c)
            }
            selection.classes = set
        }
        if let on {
            guard let d = VietnameseText.parseDate(on) else {
                printError("--on \"\(on)\": ngày phải theo dạng dd/MM/yyyy [date.invalid]")
                throw ExitCode(2)
            }
            selection.classDate = d
        }
        let description = "unit=\(unit ?? "*") class=\(classes ?? "*") format=\(format.rawValue)"
        let encryption = try encrypt ? EncryptedFile.Secret.passphrase(passphrase.read(confirm: true)) : nil
        do {
            let result = try RegistryExporter.export(
                from: store, selection: selection, description: description, to: URL(fileURLWithPath: out),
                format: format, headers: headers, access: database.access(), encryption: encryption)
            print("Đã xuất \(VietnameseText.formatVND(result.households)) hộ, \(VietnameseText.formatVND(result.members)) thành viên:")
            print("  \(result.householdsFile.path)")
            print("  \(result.membersFile.path)")
        } catch let error as StoreError {
            throw failWith(error)
        } catch let error as ProtectionError {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
