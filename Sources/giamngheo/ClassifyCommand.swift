import ArgumentParser
import Foundation
import Interchange
import PovertyStandard
import VietnameseText

/// `giamngheo classify`: classifies every household of a file set and writes `classification.csv`.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Phân loại hộ theo chuẩn nghèo đa chiều và giải thích lý do.",
        discussion: """
            Đọc households.csv/.xlsx và members.csv/.xlsx (data-format.md), phân loại từng hộ.
            Không có --out: in kết quả kèm lời giải thích ra màn hình. Có --out: ghi classification.csv
            (hoặc .xlsx), mỗi hộ một dòng theo thứ tự tệp đầu vào. Dữ liệu lỗi: liệt kê mọi lỗi, không ghi gì.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var standardOptions: StandardOptions

    @Option(help: "Mã chuẩn nghèo (QD59-2016, ND07-2022, ND351-2027 hoặc mã chuẩn địa phương); mặc định theo năm.")
    var standard: String?

    @Option(help: "Tệp kết quả .csv hoặc .xlsx (classification.csv).")
    var out: String?

    @Option(name: .customLong("db"), help: "Phân loại các hộ trong sổ (tệp SQLite hoặc postgres://…) thay cho tệp đầu vào, và lưu kết quả của năm và chuẩn vào sổ.")
    var database: String?

    @Option(help: "Tài khoản ghi vào nhật ký (với --db).")
    var user: String?

    @Option(name: .customLong("key-file"), help: "Tệp khóa mã hóa số CCCD của sổ (với --db; mặc định GIAMNGHEO_KEY_FILE hoặc <db>.key).")
    var keyFile: String?

    func run() throws {
        let standard = try standardOptions.resolve(standard)
        if let database {
            guard input.households == nil && input.members == nil else {
                throw ValidationError("Dùng --db hoặc --households/--members, không dùng cả hai.")
            }
            try RegistryClassification.run(
                database: database, keyFile: keyFile, user: user, standard: standard, reviewYear: standardOptions.reviewYear, out: out)
            return
        }
        let registry = try input.load(reviewYear: standardOptions.reviewYear)
        let engine = ClassificationEngine(standard: standard)
        if let out {
            try ClassificationOutput.write(registry.households, engine: engine, path: out)
            printError("Đã phân loại \(VietnameseText.formatVND(registry.households.count)) hộ theo chuẩn \(standard.id) → \(out)")
        } else {
            var counts = [Int](repeating: 0, count: PovertyClass.allCases.count)
            for h in registry.households {
                let c = engine.classify(h.facts)
                counts[c.povertyClass.index] += 1
                print("\(h.householdCode)\t\(c.povertyClass.rawValue)\tD = \(c.deprivationCount)/\(standard.indicators.count)")
                print("    " + standard.explanation(for: c))
                let workers = engine.lowIncomeWorkers(h.facts, classification: c)
                if !workers.isEmpty {
                    print("    Người lao động có thu nhập thấp: " + workers.map { h.memberNumbers[$0] }.map(String.init).joined(separator: ", "))
                }
                if !c.warnings.isEmpty {
                    print("    Cảnh báo dữ liệu: " + c.warnings.vietnamese)
                }
            }
            print("")
            print("Tổng: \(registry.households.count) hộ theo chuẩn \(standard.id) — "
                + PovertyClass.allCases.map { "\($0.vietnamese): \(counts[$0.index])" }.joined(separator: "; "))
        }
    }
}

extension ClassificationWarnings {
    /// Vietnamese description of the findings.
    var vietnamese: String {
        var parts: [String] = []
        if contains(.scoreIncomeDisagree) { parts.append("điểm B1 và thu nhập đo được không thống nhất") }
        if contains(.surveyDisagreesWithFacts) { parts.append("phiếu khảo sát khác thông tin trong sổ hộ") }
        return parts.joined(separator: "; ")
    }
}
