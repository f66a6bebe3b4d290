import ArgumentParser
import Foundation
import Registry
import Synthetic
import VietnameseText

/// `giamngheo generate`: writes a realistic synthetic registry for the real communes.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Sinh dữ liệu hộ, thành viên giả lập (households.csv, members.csv) cho các xã thật.",
        discussion: """
            Phân bố hộ, nhân khẩu, tỷ lệ nghèo theo vùng được hiệu chỉnh theo số liệu chính thức
            (statistics.md). Cùng --seed cho cùng tệp. Ghi trực tiếp ra đĩa, bộ nhớ không tăng theo số hộ.
            """)

    @Option(help: "Số hộ cần sinh.")
    var households: Int

    @Option(help: "Hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu).")
    var seed: UInt64 = 1

    @Option(help: "Năm rà soát (ngày rà soát 01/09 của năm này).")
    var year: Int = Calendar(identifier: .gregorian).component(.year, from: Date())

    @Option(help: "Chỉ sinh cho một tỉnh (mã tỉnh 2 chữ số, danh mục 2025).")
    var province: String?

    @Option(help: "Thư mục ghi households.csv và members.csv.")
    var out: String

    func run() throws {
        var config = SyntheticRegistry.Configuration(households: households, seed: seed, year: year, provinceCode: province)
        config.provinceCode = province
        let generator: SyntheticRegistry
        do {
            generator = try SyntheticRegistry(configuration: config)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tty = isatty(2) != 0
        var last = Date.distantPast
        let start = Date()
        let summary = try generator.generate(to: dir) { p in
            guard tty else { return }
            let now = Date()
            guard now.timeIntervalSince(last) > 0.25 else { return }
            last = now
            FileHandle.standardError.write(Data(String(format: "\r%@ / %@ hộ (%.0f%%)   ",
                VietnameseText.formatVND(p.households), VietnameseText.formatVND(p.totalHouseholds), p.fractionCompleted * 100).utf8))
        }
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let seconds = Date().timeIntervalSince(start)
        let n = summary.national
        print("Đã sinh \(VietnameseText.formatVND(summary.households)) hộ, \(VietnameseText.formatVND(summary.members)) nhân khẩu → \(dir.path)")
        print(String(format: "  %.1f MB trong %.1f giây; thu nhập ≤ chuẩn nghèo: %.2f%% (nghèo theo cấu tạo %.2f%%, cận nghèo %.2f%%)",
                     Double(summary.bytesWritten) / 1e6, seconds, n.incomeAtOrBelowLineRate * 100, n.poorRate * 100, n.nearPoorRate * 100))
    }
}
