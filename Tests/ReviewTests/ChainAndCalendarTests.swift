import Foundation
import Testing
import VietnameseText
@testable import Review

@Suite("Approval chain by date and the working-day calendar (chuỗi phê duyệt, ngày làm việc)")
struct ChainAndCalendarTests {
    typealias F = Fixture

    @Test("The chain is three-tier strictly before 01/07/2025 and two-tier from it")
    func chainByDate() {
        let from = F.day(1, 7, 2025)
        #expect(ApprovalChain.chosen(start: F.day(30, 6, 2025), twoTierFrom: from) == .threeTier)
        #expect(ApprovalChain.chosen(start: F.day(1, 7, 2025), twoTierFrom: from) == .twoTier)
        #expect(ApprovalChain.threeTier.upperRole == .district)
        #expect(ApprovalChain.twoTier.upperRole == .province)
    }

    @Test("Campaigns 2019–2024 are three-tier on legacy units, 2025 on are two-tier; the chain never changes")
    func campaignChain() throws {
        for year in 2019...2027 {
            let c = try Campaign.create(provinceCode: "42", year: year, by: .system, at: Date())
            #expect(c.chain == (year <= 2024 ? .threeTier : .twoTier), "\(year)")
            #expect(c.unitListVersion == (year <= 2024 ? "legacy" : "2025"))
            #expect(c.id == "RS-42-\(year)")
        }
        #expect(try Campaign.create(provinceCode: "42", year: 2021, by: .system, at: Date()).standardID == "QD59-2016")
        #expect(try Campaign.create(provinceCode: "42", year: 2026, by: .system, at: Date()).standardID == "ND07-2022")
        #expect(try Campaign.create(provinceCode: "42", year: 2027, by: .system, at: Date()).standardID == "ND351-2027")
        // A setting moving the reform date moves the choice.
        var s = ReviewSettings()
        s.twoTierFrom = F.day(1, 1, 2026)
        #expect(try Campaign.create(provinceCode: "42", year: 2025, settings: s, by: .system, at: Date()).chain == .threeTier)
    }

    @Test("Monthly batches up to June 2025 are three-tier; from July 2025 two-tier")
    func batchChain() throws {
        let june = try MonthlyBatch.open(communeCode: "18739", provinceCode: "42", year: 2025, month: 6, by: .system, at: Date(),
                                         environment: F.env, imported: true)
        let july = try MonthlyBatch.open(communeCode: "18739", provinceCode: "42", year: 2025, month: 7, by: .system, at: Date(),
                                         environment: F.env, imported: true)
        #expect(june.chain == .threeTier)
        #expect(july.chain == .twoTier)
        #expect(june.id == "RT-18739-2025-06")
        #expect(june.start == F.day(15, 6, 2025))
    }

    @Test("Working days: weekends and holidays are off, make-up Saturdays are on")
    func workingDays() throws {
        let cal = WorkingDayCalendar()
        #expect(try cal.isWorkingDay(F.day(7, 12, 2026)))          // Monday
        #expect(try !cal.isWorkingDay(F.day(12, 12, 2026)))        // Saturday
        #expect(try !cal.isWorkingDay(F.day(13, 12, 2026)))        // Sunday
        #expect(try !cal.isWorkingDay(F.day(2, 9, 2025)))          // Quốc khánh
        #expect(try !cal.isWorkingDay(F.day(17, 2, 2026)))         // Tết Bính Ngọ
        #expect(try cal.isWorkingDay(F.day(26, 4, 2025)))          // Saturday worked for 02/05/2025
        #expect(try !cal.isWorkingDay(F.day(2, 5, 2025)))          // bridge day off
    }

    @Test("A posting of 3 working days ends at 24:00 of its third working day after the start day")
    func postingEnd() throws {
        let cal = WorkingDayCalendar()
        // Monday 07/12/2026: Tuesday, Wednesday, Thursday → ends 24:00 Thursday 10/12/2026.
        #expect(try cal.lastDay(ofWorkingDays: 3, after: F.day(7, 12, 2026)) == F.day(10, 12, 2026))
        // Thursday 10/12/2026: Friday, Monday, Tuesday.
        #expect(try cal.lastDay(ofWorkingDays: 3, after: F.day(10, 12, 2026)) == F.day(15, 12, 2026))
        // Wednesday 29/04/2026: 30/4 and 1/5 are holidays, then a weekend: 4, 5, 6 May.
        let end = try cal.end(ofWorkingDays: 3, startingAt: F.at(29, 4, 2026, hour: 15))
        #expect(end == LocalTime.startOfDay(F.day(7, 5, 2026)))
        #expect(LocalTime.day(end.addingTimeInterval(-1)) == F.day(6, 5, 2026))
        // Friday 13/02/2026 before Tết (16–20/02): 23, 24, 25 February.
        #expect(try cal.lastDay(ofWorkingDays: 3, after: F.day(13, 2, 2026)) == F.day(25, 2, 2026))
        // Over the new year 2027: 31/12/2026 Thursday → Friday 1/1/2027 is a holiday → 4, 5, 6 January.
        #expect(try cal.lastDay(ofWorkingDays: 3, after: F.day(31, 12, 2026)) == F.day(6, 1, 2027))
        // 25/4/2025 Friday: the make-up Saturday 26/4 counts, 28 and 29 April.
        #expect(try cal.lastDay(ofWorkingDays: 3, after: F.day(25, 4, 2025)) == F.day(29, 4, 2025))
    }

    @Test("A year without a holiday calendar is refused, and an administrator's file adds it")
    func missingYear() throws {
        let cal = WorkingDayCalendar()
        // The Cẩm Duệ notice 566/TB-UBND of 24/10/2022: 2022 is not shipped.
        #expect(throws: ReviewError.self) { try cal.lastDay(ofWorkingDays: 3, after: F.day(24, 10, 2022)) }
        let json = """
            {"name": "test", "years": [{"year": 2022, "status": "announced", "source": "test",
              "holidays": [{"date": "2022-10-26", "name": "Ngày nghỉ thử"}]}]}
            """
        let extra = try HolidayCalendar.decode(Data(json.utf8))
        let merged = WorkingDayCalendar(holidays: HolidayCalendar.vietnam.replacing(extra.years[2022]!))
        // 25/10, (26/10 off), 27/10, 28/10.
        #expect(try merged.lastDay(ofWorkingDays: 3, after: F.day(24, 10, 2022)) == F.day(28, 10, 2022))
        let bad = #"{"name": "x", "years": [{"year": 2022, "status": "a", "source": "s", "holidays": [{"date": "2023-01-01", "name": "x"}]}]}"#
        #expect(throws: ReviewError.self) { try HolidayCalendar.decode(Data(bad.utf8)) }
    }

    @Test("The shipped calendar names its source for every year")
    func shippedCalendar() {
        let cal = HolidayCalendar.vietnam
        for year in 2024...2027 {
            #expect(cal.covers(year))
            #expect(!(cal.years[year]?.source.isEmpty ?? true))
        }
        #expect(cal.years[2027]?.status == "provisional")
    }
}
