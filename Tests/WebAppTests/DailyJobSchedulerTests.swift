import Foundation
import Logging
import Review
import Store
import Testing
import VietnameseText
@testable import WebApp

/// The server's own daily job (06:00) and the test clock read from a file (`serve --clock-file`).
@Suite("Daily job in the server and the clock file (việc hằng ngày, đồng hồ thử nghiệm)")
struct DailyJobSchedulerTests {
    static func at(_ d: Int, _ m: Int, _ y: Int, _ h: Int, _ min: Int = 0) -> Date {
        LocalTime.instant(CivilDate(year: y, month: m, day: d), hour: h, minute: min)
    }

    @Test("Due once a day from 06:00 Viet Nam time; a start after 06:00 catches up; a clock moved by days runs at once")
    func due() {
        #expect(!DailyJobScheduler.isDue(now: Self.at(2, 3, 2026, 5, 59), lastRun: nil))
        #expect(DailyJobScheduler.isDue(now: Self.at(2, 3, 2026, 6), lastRun: nil))
        #expect(DailyJobScheduler.isDue(now: Self.at(2, 3, 2026, 14), lastRun: CivilDate(year: 2026, month: 3, day: 1)))
        #expect(!DailyJobScheduler.isDue(now: Self.at(2, 3, 2026, 23, 59), lastRun: CivilDate(year: 2026, month: 3, day: 2)))
        #expect(!DailyJobScheduler.isDue(now: Self.at(3, 3, 2026, 5), lastRun: CivilDate(year: 2026, month: 3, day: 2)))
        #expect(DailyJobScheduler.isDue(now: Self.at(20, 3, 2026, 8), lastRun: CivilDate(year: 2026, month: 3, day: 2)))
    }

    @Test("The clock file: dd/MM/yyyy HH:mm in Viet Nam time or ISO 8601; runs on from the file's time; rewriting moves it; a bad file is refused")
    func clockFile() throws {
        #expect(FileClock.parse("02/03/2026 08:00") == Self.at(2, 3, 2026, 8))
        #expect(FileClock.parse("2026-03-02T08:00:00+07:00") == Self.at(2, 3, 2026, 8))
        #expect(FileClock.parse("2026-03-02T01:00:00Z") == Self.at(2, 3, 2026, 8))
        #expect(FileClock.parse("16/03/2026") == Self.at(16, 3, 2026, 0))
        #expect(FileClock.parse("32/03/2026 08:00") == nil)
        #expect(FileClock.parse("02/03/2026 25:00") == nil)
        #expect(FileClock.parse("hôm nay") == nil)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("giamngheo-clock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("clock").path
        #expect(throws: FileClockError.self) { try FileClock(path: file) }
        try "không phải ngày".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: FileClockError.self) { try FileClock(path: file) }

        try "02/03/2026 08:00".write(toFile: file, atomically: true, encoding: .utf8)
        let clock = try FileClock(path: file)
        let first = clock.now()
        #expect(first >= Self.at(2, 3, 2026, 8) && first < Self.at(2, 3, 2026, 8, 5), "the file's time, plus the seconds since it was written")
        // Rewritten (with a later modification time): the clock follows.
        try "20/03/2026 08:00".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(1)], ofItemAtPath: file)
        #expect(LocalTime.day(clock.now()) == CivilDate(year: 2026, month: 3, day: 20))
        // A broken rewrite keeps the last good reading.
        try "???".write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(2)], ofItemAtPath: file)
        #expect(LocalTime.day(clock.now()) == CivilDate(year: 2026, month: 3, day: 20))
    }

    @Test("The scheduler runs the job once per day on the application's clock, as the system, and opens a planned campaign at its window start")
    func runsOnTheClock() async throws {
        let clock = TestClock(Self.at(20, 8, 2026, 9))
        let fixture = try WebFixture(clock: clock.read)
        let services = fixture.web.services
        let logger = Logger(label: "test")
        let access = AccessContext(account: "test")
        let actor = ReviewActor(account: "tinh", role: .province, unitCode: "42", communeCodes: nil)
        let campaign = try services.review.createCampaign(province: "42", year: 2026, by: actor, at: clock.read(), context: access)
        try services.review.registerPlan(ReviewPlan(campaignID: campaign.id, level: .province, unitCode: "42", number: "45/KH-UBND",
                                                    date: CivilDate(year: 2026, month: 8, day: 1), signer: "Chủ tịch"),
                                         by: actor, at: clock.read(), context: access)
        let scheduler = DailyJobScheduler()
        #expect(scheduler.runIfDue(services, logger: logger)?.campaignsOpened == [], "20/08 09:00: runs, nothing to open")
        #expect(scheduler.runIfDue(services, logger: logger) == nil, "once a day")
        clock.set(Self.at(1, 9, 2026, 5))
        #expect(scheduler.runIfDue(services, logger: logger) == nil, "not before 06:00")
        clock.set(Self.at(1, 9, 2026, 6, 1))
        #expect(scheduler.runIfDue(services, logger: logger)?.campaignsOpened == [campaign.id])
        #expect(try fixture.store.campaign(id: campaign.id)?.openedBy == "system")
    }
}
