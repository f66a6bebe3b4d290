import ArgumentParser
import Foundation
import Registry
import Store
import VietnameseText

/// `giamngheo history`: a household's timeline.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Lịch sử của một hộ: tạo mới, mọi thay đổi (trước/sau), phân loại đã công nhận, kết quả phân loại.",
        discussion: "Ví dụ: giamngheo history --db giamngheo.db 18739-000001")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Mã hộ.")
    var householdCode: String

    func run() throws {
        let store = try database.open()
        let history: HouseholdHistory
        do {
            guard let found = try store.history(householdCode: householdCode, context: database.access()) else {
                throw failWith(.householdNotFound(code: householdCode))
            }
            history = found
        } catch let error as StoreError {
            throw failWith(error)
        }
        let h = history.current
        print("Hộ \(h.household.householdCode) — thôn \(h.household.village), xã \(h.household.communeCode); phiên bản \(h.version); \(h.members.count) thành viên")
        for event in history.events {
            var line = "\(Self.format(event.at))  \(event.account)  "
            switch event.kind {
            case .created:
                line += "Tạo mới" + (event.batch.map { " (lô nhập \($0))" } ?? "")
            case .updated:
                line += "Cập nhật " + (event.memberNo.map { "thành viên STT \($0)" } ?? "thông tin hộ")
            case .memberAdded:
                line += "Thêm thành viên STT \(event.memberNo ?? 0)"
            case .memberRemoved:
                line += "Xóa thành viên STT \(event.memberNo ?? 0)"
            case .status:
                line += "Phân loại đã công nhận: \(event.detail ?? "")"
            case .classified:
                line += "Kết quả phân loại: \(event.detail ?? "")"
            }
            if let v = event.version, event.kind != .created { line += " → phiên bản \(v)" }
            if let batch = event.batch, event.kind != .created { line += " (lô nhập \(batch))" }
            print(line)
            for c in event.changes {
                print("    \(c.field): \(c.before ?? "(trống)") → \(c.after ?? "(trống)")")
            }
        }
    }

    /// `dd/MM/yyyy HH:mm` in Viet Nam time.
    static func format(_ date: Date) -> String {
        let local = date.addingTimeInterval(7 * 3600)
        let day = CivilDate(local)
        let s = Int(local.timeIntervalSince1970) % 86_400
        return VietnameseText.formatDate(day) + String(format: " %02d:%02d", s / 3600, s / 60 % 60)
    }
}
