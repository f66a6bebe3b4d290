import Foundation
import VietnameseText

/// The public-holiday calendar (lịch nghỉ lễ, Tết) as data kept per year by the system
/// administrator (review.md conventions), with its source for each year.
///
/// Shipped: `Resources/Holidays/vietnam.json` (2024–2027, each year marked `announced`,
/// `partly_announced` or `provisional` with the notice or rule it follows). A year is replaced
/// whole by ``replacing(_:)`` when its notice is published.
public struct HolidayCalendar: Sendable, Hashable, Codable {
    /// One named day (ngày nghỉ or ngày làm bù).
    public struct Day: Sendable, Hashable, Codable {
        /// The date.
        public var date: CivilDate
        /// What it is, in Vietnamese.
        public var name: String

        /// Creates a day.
        public init(date: CivilDate, name: String) {
            self.date = date
            self.name = name
        }
    }

    /// The days of one year and where they come from (lịch một năm).
    public struct Year: Sendable, Hashable, Codable {
        /// Calendar year.
        public var year: Int
        /// `announced`, `partly_announced` or `provisional`.
        public var status: String
        /// The notice or rule followed.
        public var source: String
        /// Days off (ngày nghỉ lễ, Tết, nghỉ bù, nghỉ hoán đổi).
        public var holidays: [Day]
        /// Saturdays or Sundays worked in exchange for a bridge day (ngày làm bù): working days.
        public var makeUpWorkdays: [Day]

        /// Creates a year.
        public init(year: Int, status: String, source: String, holidays: [Day], makeUpWorkdays: [Day] = []) {
            self.year = year
            self.status = status
            self.source = source
            self.holidays = holidays
            self.makeUpWorkdays = makeUpWorkdays
        }

        enum CodingKeys: String, CodingKey {
            case year, status, source, holidays
            case makeUpWorkdays = "make_up_workdays"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            year = try c.decode(Int.self, forKey: .year)
            status = try c.decode(String.self, forKey: .status)
            source = try c.decode(String.self, forKey: .source)
            holidays = try c.decode([Day].self, forKey: .holidays)
            makeUpWorkdays = try c.decodeIfPresent([Day].self, forKey: .makeUpWorkdays) ?? []
        }
    }

    /// Calendar name.
    public var name: String
    /// The years held, by year.
    public private(set) var years: [Int: Year]

    /// Creates a calendar from years.
    public init(name: String, years: [Year]) {
        self.name = name
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { $1 })
    }

    /// The calendar shipped with GiamNgheo.
    public static let vietnam: HolidayCalendar = {
        guard let url = Bundle.module.url(forResource: "Holidays/vietnam", withExtension: "json")
                ?? Bundle.module.url(forResource: "vietnam", withExtension: "json", subdirectory: "Holidays"),
              let data = try? Data(contentsOf: url), let calendar = try? HolidayCalendar.decode(data)
        else { fatalError("Review: Resources/Holidays/vietnam.json is missing or malformed") }
        return calendar
    }()

    /// Reads the JSON file format (`calendar`, `name`, `years[]`), checking each year: every date
    /// in its own year, no day both a holiday and a make-up day.
    public static func decode(_ data: Data) throws -> HolidayCalendar {
        struct File: Decodable { var name: String; var years: [Year] }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ReviewError.invalid("holidays", "Tệp lịch nghỉ lễ không hợp lệ: \(error)")
        }
        for y in file.years {
            for d in y.holidays + y.makeUpWorkdays where d.date.year != y.year {
                throw ReviewError.invalid("holidays", "Năm \(y.year): ngày \(VietnameseText.formatDate(d.date)) không thuộc năm \(y.year)")
            }
            let off = Set(y.holidays.map(\.date))
            if let both = y.makeUpWorkdays.first(where: { off.contains($0.date) }) {
                throw ReviewError.invalid("holidays", "Năm \(y.year): ngày \(VietnameseText.formatDate(both.date)) vừa là ngày nghỉ vừa là ngày làm bù")
            }
        }
        return HolidayCalendar(name: file.name, years: file.years)
    }

    /// The calendar with `year` replaced (or added).
    public func replacing(_ year: Year) -> HolidayCalendar {
        var copy = self
        copy.years[year.year] = year
        return copy
    }

    /// Whether the year is held.
    public func covers(_ year: Int) -> Bool { years[year] != nil }

    /// The holiday named for `day`, or `nil`.
    public func holiday(on day: CivilDate) -> Day? { years[day.year]?.holidays.first { $0.date == day } }

    /// Whether `day` is a make-up working day (ngày làm bù).
    public func isMakeUpWorkday(_ day: CivilDate) -> Bool {
        years[day.year]?.makeUpWorkdays.contains { $0.date == day } ?? false
    }
}
