import ArgumentParser
import Foundation
import Registry
import Store
import VietnameseText

/// `giamngheo search`: find people by name, CCCD, household code or village.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Tìm theo họ tên (không cần dấu), số CCCD, mã hộ hoặc tên thôn.",
        discussion: "Ví dụ: giamngheo search --db giamngheo.db nguyen van duc")

    @OptionGroup var database: DatabaseOptions

    @Argument(parsing: .remaining, help: "Nội dung tìm.")
    var text: [String]

    @Option(help: "Trang (từ 1).")
    var page: Int = 1

    @Option(help: "Số kết quả mỗi trang.")
    var pageSize: Int = 20

    func run() throws {
        let store = try database.open()
        let query = SearchQuery(text.joined(separator: " "), page: page, pageSize: pageSize)
        let result: SearchPage
        do {
            result = try store.search(query, context: database.access())
        } catch let error as StoreError {
            throw failWith(error)
        }
        guard !result.hits.isEmpty else {
            print(page > 1 ? "Không còn kết quả ở trang \(page)." : "Không tìm thấy \"\(query.text)\".")
            return
        }
        let table = TextTable(headers: ["Mã hộ", "STT", "Họ và tên", "Quan hệ", "Năm sinh", "CCCD", "Thôn", "Mã xã", "Khớp theo"])
        for h in result.hits {
            table.add([h.householdCode, String(h.memberNo), h.fullName, Relation(rawValue: h.relation)?.vietnamese ?? h.relation,
                       String(h.birthYear), h.maskedNationalID ?? "", h.village, h.communeCode, h.match.vietnameseName])
        }
        print(table.render(), terminator: "")
        print("Trang \(page)\(result.hasMore ? " — còn trang sau (--page \(page + 1))" : "").")
    }
}

extension SearchMatch {
    /// How the hit matched, for the user.
    var vietnameseName: String {
        switch self {
        case .nationalID: "số CCCD"
        case .householdCode: "mã hộ"
        case .fullName: "trùng họ tên"
        case .namePrefix: "họ tên bắt đầu bằng"
        case .givenName: "tên"
        case .nationalIDLast4: "4 số cuối CCCD"
        case .village: "thôn (chủ hộ)"
        }
    }
}

/// A plain text table with columns padded to their widest cell (in characters).
final class TextTable {
    private let headers: [String]
    private var rows: [[String]] = []
    init(headers: [String]) { self.headers = headers }
    func add(_ row: [String]) { rows.append(row) }
    func render() -> String {
        var widths = headers.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c + String(repeating: " ", count: max(0, widths[i] - c.count)) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return line(headers) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }
}
