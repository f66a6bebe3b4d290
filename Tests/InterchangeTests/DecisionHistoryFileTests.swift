import Foundation
import Registry
import Testing
import VietnameseText
@testable import Interchange

@Suite("Decision history file (tệp lịch sử công nhận)")
struct DecisionHistoryFileTests {
    func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("decisions-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("Vietnamese headers, three-tier codes, default standard and date, regular rows")
    func reads() throws {
        let url = try write("""
            Mã hộ,Mã xã,Năm,Phân loại,Số quyết định,Ngày quyết định,Loại rà soát
            HT-01,18739,2019,nghèo,101/QĐ-UBND,10/12/2019,định kỳ
            HT-01,18739,2022,cận nghèo,130/QĐ-UBND,,
            HT-01,18739,2025,Hộ nghèo,12/QĐ-UBND,20/03/2025,thường xuyên
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        let rows = try DecisionHistoryFile.read(url, currentYear: 2026)
        #expect(rows.count == 3)
        #expect(rows[0].standardID == "QD59-2016" && rows[0].recognisedClass == .poor && rows[0].row == 2)
        #expect(rows[1].standardID == "ND07-2022" && rows[1].effectiveDate == CivilDate(year: 2022, month: 12, day: 14))
        #expect(rows[2].source == .regular && rows[2].decisionDate == CivilDate(year: 2025, month: 3, day: 20))
    }

    @Test("Every problem listed with row and column; nothing returned")
    func errors() throws {
        let url = try write("""
            household_code,commune_code,year,recognised_class,standard,decision_date,review_kind
            ,1873,2030,rich,XX-1,31/02/2019,monthly
            HT-02,18739,2020,poor,,01/05/2021,
            """)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try DecisionHistoryFile.read(url, currentYear: 2026)
            Issue.record("errors expected")
        } catch let report as ImportErrorReport {
            let codes = Set(report.errors.map(\.code))
            #expect(codes.isSuperset(of: ["household_code.required", "commune_code.format", "year.range", "recognised_class.invalid",
                                          "standard.unknown", "decision_date.format", "review_kind.invalid", "decision_date.year"]))
            #expect(report.errors.first { $0.code == "decision_date.year" }?.row == 3)
        }
        let missing = try write("household_code,year\nHT-01,2020\n")
        defer { try? FileManager.default.removeItem(at: missing) }
        #expect(throws: ImportErrorReport.self) { _ = try DecisionHistoryFile.read(missing, currentYear: 2026) }
    }
}
