import ArgumentParser
import Foundation
import Interchange
import RegistryTransfer
import Store
import VietnameseText

/// `giamngheo import`: loads a household file and a member file into the registry, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Nhập hộ và thành viên vào sổ (cập nhật theo mã hộ; lỗi ở bất kỳ dòng nào thì không ghi gì).",
        discussion: """
            Ví dụ: giamngheo import --db giamngheo.db households.csv members.csv
            Tệp CSV hoặc XLSX, tiêu đề tiếng Anh hoặc tiếng Việt (data-format.md).
            Mã thoát: 0 thành công, 2 dữ liệu có lỗi (không ghi gì), 3 lỗi cơ sở dữ liệu.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Tệp hộ gia đình (households.csv / .xlsx).")
    var households: String

    @Argument(help: "Tệp thành viên (members.csv / .xlsx).")
    var members: String

    @Option(help: "Năm rà soát: hộ không có ngày rà soát lấy 01/09 của năm này (mặc định: năm nay).")
    var year: Int = CivilDate(Date(), secondsFromGMT: 7 * 3600).year

    @Flag(help: "Chỉ kiểm tra và báo cáo, không ghi.")
    var dryRun = false

    @Flag(help: "Thành viên của hộ trong tệp mà không có trong tệp thành viên sẽ bị xóa khỏi hộ.")
    var replaceMembers = false

    @Option(help: "Khi dữ liệu có lỗi: ghi danh sách lỗi ra tệp CSV này.")
    var errors: String?

    func run() throws {
        let store = try database.open()
        let progress = ProgressLine()
        let started = Date()
        let result: ImportResult
        do {
            result = try readingInput(errorsFile: errors, nothingWritten: "không có thay đổi nào được ghi vào sổ.", progress: progress) {
                try RegistryImporter.importFiles(
                    households: URL(fileURLWithPath: households), members: URL(fileURLWithPath: members), into: store,
                    options: ImportOptions(reviewYear: year, dryRun: dryRun, replaceMembers: replaceMembers, catalog: try store.unitCatalog()),
                    access: database.access(), progress: { progress.update($0) })
            }
        } catch let error as StoreError {
            progress.finish()
            throw failWith(error)
        }
        for w in result.warnings { printError("Cảnh báo: " + w.description) }
        let c = result.counts
        let n = VietnameseText.formatVND
        let seconds = Date().timeIntervalSince(started)
        print(dryRun ? "Kiểm tra xong (chưa ghi gì):" : "Đã nhập lô \(result.batch?.id ?? 0) vào \(database.displayName) trong \(String(format: "%.1f", seconds)) giây:")
        print("  Hộ: \(n(c.householdsCreated)) thêm mới, \(n(c.householdsUpdated)) cập nhật, \(n(c.householdsUnchanged)) không đổi")
        print("  Thành viên: \(n(c.membersCreated)) thêm mới, \(n(c.membersUpdated)) cập nhật, \(n(c.membersUnchanged)) không đổi, \(n(c.membersRemoved)) xóa")
        if c.villagesCreated > 0 { print("  Thôn mới: \(n(c.villagesCreated))") }
        if c.statusRecords > 0 { print("  Phân loại đã công nhận ghi nhận: \(n(c.statusRecords))") }
    }
}
