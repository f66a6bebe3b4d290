import Foundation
import VietnameseText

/// Days and instants in Viet Nam's time zone (giờ Việt Nam, Asia/Ho_Chi_Minh, UTC+7 all year,
/// no daylight saving), as review.md's conventions require for every date of the procedure.
public enum LocalTime {
    /// Offset of Asia/Ho_Chi_Minh from UTC, in seconds.
    public static let secondsFromGMT = 7 * 3600

    /// The calendar day in Viet Nam at `instant`.
    public static func day(_ instant: Date) -> CivilDate {
        CivilDate(instant, secondsFromGMT: secondsFromGMT)
    }

    /// Midnight at the start of `day` in Viet Nam (0 giờ).
    public static func startOfDay(_ day: CivilDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.daysSince1970 * 86_400 - secondsFromGMT))
    }

    /// The instant at `hour`:`minute` of `day` in Viet Nam.
    public static func instant(_ day: CivilDate, hour: Int, minute: Int = 0) -> Date {
        startOfDay(day).addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
    }

    /// `dd/MM/yyyy HH:mm` in Viet Nam, as notices print a posting's start.
    public static func format(_ instant: Date) -> String {
        let seconds = Int((instant.timeIntervalSince1970 + TimeInterval(secondsFromGMT)).rounded(.down))
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        let h = inDay / 3600, m = (inDay % 3600) / 60
        return VietnameseText.formatDate(day(instant)) + " " + (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// A span of days, both ends included (khoảng ngày), e.g. a campaign window 01/09–14/12.
public struct DaySpan: Sendable, Hashable, Codable {
    /// First day.
    public var start: CivilDate
    /// Last day, included.
    public var end: CivilDate

    /// Creates a span; `start` must not be after `end`.
    public init(start: CivilDate, end: CivilDate) {
        precondition(start <= end, "DaySpan: start after end")
        self.start = start
        self.end = end
    }

    /// Whether `day` lies in the span.
    public func contains(_ day: CivilDate) -> Bool { start <= day && day <= end }
}

/// A day of a month without its year (ngày/tháng), as the settings give deadlines.
public struct DayOfYear: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Day of month.
    public var day: Int
    /// Month 1…12.
    public var month: Int

    /// Creates a day of the year.
    public init(day: Int, month: Int) {
        self.day = day
        self.month = month
    }

    /// This day in `year` (29/02 becomes 28/02 in a common year).
    public func inYear(_ year: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: min(day, CivilDate.daysInMonth(year: year, month: month)))
    }

    public var description: String { (day < 10 ? "0" : "") + "\(day)/" + (month < 10 ? "0" : "") + "\(month)" }
}
