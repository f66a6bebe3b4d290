import ArgumentParser
import PovertyStandard
import VietnameseText

/// `giamngheo standards`: lists the shipped standards and the year table.
struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards", abstract: "Liệt kê các chuẩn nghèo có sẵn và năm áp dụng.")

    @OptionGroup var standardOptions: StandardOptions

    func run() throws {
        let (catalog, _) = try standardOptions.catalog()
        for id in catalog.ids {
            let s = try catalog.standard(id: id)
            print("\(s.id)  \(s.legalBasis)  năm \(s.years.from)–\(s.years.to)  quy tắc \(s.rule.rawValue)  k = \(s.k)")
            print("    chuẩn nghèo: nông thôn \(VietnameseText.formatVND(s.povertyLine.rural)) đ, thành thị \(VietnameseText.formatVND(s.povertyLine.urban)) đ")
            if let n = s.nearPovertyLine {
                print("    chuẩn cận nghèo: nông thôn \(VietnameseText.formatVND(n.rural)) đ, thành thị \(VietnameseText.formatVND(n.urban)) đ")
            }
            print("    mức sống trung bình đến: nông thôn \(VietnameseText.formatVND(s.averageUpperBound.rural)) đ, thành thị \(VietnameseText.formatVND(s.averageUpperBound.urban)) đ")
            print("    \(s.indicators.count) chỉ số: " + s.indicators.map(\.id.rawValue).joined(separator: ", "))
        }
    }
}
