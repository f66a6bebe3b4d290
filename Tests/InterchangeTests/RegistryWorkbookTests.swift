import Foundation
import Testing
import PovertyStandard
import Registry
import VietnameseText
@testable import Interchange

@Suite("Household and member import from Excel workbooks (nhập từ tệp Excel)")
struct RegistryWorkbookTests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gn-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("One workbook with a households and a members sheet, Vietnamese headers, typed cells")
    func oneWorkbook() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("so-ho.xlsx")
        let writer = try XLSXWriter(path: url.path)
        try writer.beginSheet(named: "Hướng dẫn")
        try writer.writeRow(["Sổ theo dõi hộ nghèo"])
        try writer.beginSheet(named: "households")
        try writer.writeRow(["Mã hộ", "Mã xã", "Thôn/tổ dân phố", "Khu vực", "Thu nhập bình quân đầu người/tháng",
                             "Nước sạch", "Diện tích nhà ở (m²)", "Phân loại đã công nhận", "Năm công nhận"])
        try writer.writeRow([.text("H001"), .text("00004"), .text("Thôn Đông"), .text("nông thôn"),
                             .integer(1_200_000), .text("có"), .number(32.5), .text("cận nghèo"), .integer(2024)])
        try writer.writeRow([.text("H002"), .text("00004"), .text("Thôn Đông"), .text("nông thôn"),
                             .integer(2_600_000), .text("không"), .integer(60), .empty, .empty])
        try writer.beginSheet(named: "members")
        try writer.writeRow(["Mã hộ", "STT", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh",
                             "Số CCCD/Định danh", "Dân tộc", "Có BHYT"])
        try writer.writeRow([.text("H001"), .integer(1), .text("Hoàng Thị Mai"), .text("chủ hộ"), .text("nữ"),
                             .text("12/05/1982"), .text("001182000011"), .text("Tày"), .text("x")])
        try writer.writeRow([.text("H001"), .integer(2), .text("Hoàng Văn Nam"), .text("con"), .text("nam"),
                             .integer(2016), .empty, .text("02"), .empty])
        try writer.writeRow([.text("H002"), .integer(1), .text("Lý Văn Sáng"), .text("chủ hộ"), .text("nam"),
                             .text("1958-11-30"), .text("001058000022"), .text("Dao"), .text("1")])
        try writer.commit()

        let set = try RegistryFileSet.read(households: url, members: url, reviewYear: 2025, today: Fixture.today)
        #expect(set.households.map(\.householdCode) == ["H001", "H002"])
        #expect(set.households[0].monthlyIncomePerCapita == 1_200_000)
        #expect(set.households[0].floorArea == 32.5)
        #expect(set.households[0].facts[.cleanWater] == true)
        #expect(set.households[0].recognisedClass == .nearPoor)
        #expect(set.households[0].recognisedYear == 2024)
        #expect(set.households[1].facts[.cleanWater] == false)
        #expect(set.members.map(\.count) == [2, 1])
        #expect(set.members[0][1].birth == .year(2016))
        #expect(set.members[0][1].ethnicity?.name == "Tày")
        #expect(set.members[0][0].healthInsurance == true)
        #expect(set.members[0][1].healthInsurance == nil)
        #expect(set.members[1][0].ethnicity?.name == "Dao")

        // Errors in a two-sheet workbook name the sheet.
        let broken = dir.appendingPathComponent("loi.xlsx")
        let w = try XLSXWriter(path: broken.path)
        try w.beginSheet(named: "households")
        try w.writeRow(["Mã hộ", "Mã xã", "Thôn/tổ dân phố", "Khu vực"])
        try w.writeRow(["H001", "00004", "Thôn Đông", "miền núi"])
        try w.beginSheet(named: "members")
        try w.writeRow(["Mã hộ", "STT", "Họ và tên", "Quan hệ với chủ hộ", "Giới tính", "Ngày sinh"])
        try w.writeRow(["H001", "1", "Hoàng Thị Mai", "chủ hộ", "nữ", "2015"])
        try w.commit()
        do {
            _ = try RegistryFileSet.read(households: broken, members: broken, reviewYear: 2025, today: Fixture.today)
            Issue.record("accepted")
        } catch let report as ImportErrorReport {
            #expect(report.errors.map(\.description) == [
                #"loi.xlsx[households]:2 area_type "miền núi" — Khu vực phải là nông thôn hoặc thành thị (rural/urban) [area_type.invalid]"#,
            ])
        }
    }

    @Test("Separate workbooks report errors with Excel row numbers")
    func errorsInWorkbook() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let h = dir.appendingPathComponent("households.xlsx")
        let m = dir.appendingPathComponent("members.xlsx")
        let hw = try XLSXWriter(path: h.path)
        try hw.beginSheet(named: "Sheet1")
        try hw.writeRow(["household_code", "commune_code", "village", "area_type"])
        // A commune code typed as a number has lost its leading zeros.
        try hw.writeRow([.text("H001"), .integer(4), .text("Thôn 1"), .text("rural")])
        try hw.commit()
        let mw = try XLSXWriter(path: m.path)
        try mw.beginSheet(named: "Sheet1")
        try mw.writeRow(["household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id"])
        try mw.writeRow([.text("H001"), .integer(1), .text("A"), .text("head"), .text("M"), .text("01/01/1980"),
                         .integer(1_080_000_001)])
        try mw.commit()
        do {
            _ = try RegistryFileSet.read(households: h, members: m, reviewYear: 2025, today: Fixture.today)
            Issue.record("accepted")
        } catch let report as ImportErrorReport {
            #expect(report.errors.map(\.code) == ["commune_code.format", "national_id.length"])
            #expect(report.errors.map(\.row) == [2, 2])
            #expect(report.errors.map(\.file) == ["households.xlsx", "members.xlsx"])
            #expect(report.errors[0].value == "4")
        }
    }
}
