import Foundation
import VietnameseText

/// Working days (ngày làm việc) as review.md defines them: Monday–Friday minus the
/// public-holiday calendar; a make-up Saturday of the calendar (ngày làm bù) is a working day
/// too, since the commune office is open that day.
///
/// Periods "of N working days" follow the civil code's counting (Bộ luật Dân sự 2015, Điều 147–148):
/// the day of the event does not count, the period starts the next day and ends at 24:00 of its
/// last (working) day. So a notice posted on Monday 24/10/2022 for 3 working days runs Tuesday,
/// Wednesday, Thursday and ends at 24:00 on Thursday 27/10/2022.
public struct WorkingDayCalendar: Sendable, Hashable {
    /// The holidays.
    public var holidays: HolidayCalendar

    /// A calendar over `holidays`.
    public init(holidays: HolidayCalendar = .vietnam) { self.holidays = holidays }

    /// Whether `day` is a working day. Throws when the day's year has no holiday calendar: a
    /// period computed without the year's holidays could end too early, and a posting shorter
    /// than the law asks is the worse error.
    public func isWorkingDay(_ day: CivilDate) throws -> Bool {
        guard holidays.covers(day.year) else {
            throw ReviewError("review.calendar.missing_year",
                              "Chưa có lịch nghỉ lễ, Tết năm \(day.year); quản trị hệ thống cần nạp lịch năm \(day.year) trước khi tính thời hạn")
        }
        if holidays.holiday(on: day) != nil { return false }
        if holidays.isMakeUpWorkday(day) { return true }
        // 1970-01-01 was a Thursday: weekday 0 = Monday … 6 = Sunday.
        let weekday = ((day.daysSince1970 + 3) % 7 + 7) % 7
        return weekday < 5
    }

    /// The last day of a period of `count` working days after `day` (the day itself not
    /// counted); `count` = 0 gives `day`.
    public func lastDay(ofWorkingDays count: Int, after day: CivilDate) throws -> CivilDate {
        var d = day
        var left = count
        while left > 0 {
            d = d.adding(days: 1)
            if try isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// When a period of `count` working days started at `start` ends: 24:00 (Viet Nam) of its
    /// last day, i.e. midnight starting the next day.
    public func end(ofWorkingDays count: Int, startingAt start: Date) throws -> Date {
        let last = try lastDay(ofWorkingDays: count, after: LocalTime.day(start))
        return LocalTime.startOfDay(last.adding(days: 1))
    }

    /// Working days strictly after `from` up to and including `to` (0 when `to` ≤ `from`).
    public func workingDays(after from: CivilDate, through to: CivilDate) throws -> Int {
        var n = 0
        var d = from
        while d < to {
            d = d.adding(days: 1)
            if try isWorkingDay(d) { n += 1 }
        }
        return n
    }
}
