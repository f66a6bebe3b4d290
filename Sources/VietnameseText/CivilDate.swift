import Foundation

/// A calendar date (ngày) in the proleptic Gregorian calendar, with no time of day and no time zone.
///
/// Birth dates and review dates (ngày rà soát) are civil dates: "01/09/2020" is the same day
/// everywhere, so storing them as `Date` instants would invite off-by-one-day bugs around
/// midnight UTC+7. The arithmetic is pure integer math (days-from-civil), which is also far faster
/// than `Calendar` on Linux when computing ages for millions of members.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Year, e.g. 2026.
    public let year: Int
    /// Month 1…12.
    public let month: Int
    /// Day of month 1…31.
    public let day: Int

    /// Creates a date the caller knows exists, such as 1 September of a review year.
    ///
    /// A day that does not exist (31/02, month 13) is a programming error and traps; for values
    /// that come from users or files use ``validated(year:month:day:)``.
    public init(year: Int, month: Int, day: Int) {
        precondition(
            (1...12).contains(month) && day >= 1 && day <= CivilDate.daysInMonth(year: year, month: month),
            "CivilDate: no such day \(day)/\(month)/\(year)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date, or `nil` when it does not exist (e.g. 31/02/2024, 29/02/2023, month 13) or the
    /// year is outside 1…9999, the range the text formats can write.
    public static func validated(year: Int, month: Int, day: Int) -> CivilDate? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= daysInMonth(year: year, month: month)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// Creates the date `days` days after 1970-01-01 (negative before it).
    public init(daysSince1970 days: Int) {
        // Howard Hinnant's civil_from_days: eras of 400 years starting 1 March 0000.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (negative before it); the inverse of ``init(daysSince1970:)``.
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Whether `year` is a Gregorian leap year (năm nhuận).
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` of `year` (0 for an invalid month).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSince1970: daysSince1970 + days)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int {
        other.daysSince1970 - daysSince1970
    }

    /// Completed years (tuổi tròn) from `self`, a birth date, to `reference`; 0 or more only when
    /// `reference` is not earlier, negative otherwise.
    ///
    /// A year completes on the anniversary: born 01/09/2020, on 01/09/2026 the age is 6, and on
    /// 31/08/2026 it is 5. Someone born on 29 February completes a year on 1 March in common years
    /// (the anniversary day does not exist, and the year is not complete on 28 February).
    public func completedYears(until reference: CivilDate) -> Int {
        var years = reference.year - year
        if (reference.month, reference.day) < (month, day) { years -= 1 }
        return years
    }

    /// ISO 8601 `yyyy-MM-dd`, for logs and machine-readable files.
    public var description: String { isoString }

    /// ISO 8601 `yyyy-MM-dd`.
    public var isoString: String {
        // Written in place (no intermediate array): registries format millions of dates.
        guard (0...9999).contains(year) else {
            var bytes = [UInt8]()
            appendDigits(&bytes, year, width: 4)
            bytes.append(0x2D)
            appendDigits(&bytes, month, width: 2)
            bytes.append(0x2D)
            appendDigits(&bytes, day, width: 2)
            return String(decoding: bytes, as: UTF8.self)
        }
        let (y, m, d) = (year, month, day)
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(48 + y / 1000); b[1] = UInt8(48 + y / 100 % 10); b[2] = UInt8(48 + y / 10 % 10); b[3] = UInt8(48 + y % 10)
            b[4] = 0x2D
            b[5] = UInt8(48 + m / 10 % 10); b[6] = UInt8(48 + m % 10)
            b[7] = 0x2D
            b[8] = UInt8(48 + d / 10 % 10); b[9] = UInt8(48 + d % 10)
            return 10
        }
    }

    /// Orders by year, then month, then day.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Foundation interop

    /// The calendar day of instant `date` in UTC.
    public init(_ date: Date) {
        self.init(date, secondsFromGMT: 0)
    }

    /// The calendar day of instant `date` at a fixed UTC offset, e.g. `7 * 3600` for Vietnam
    /// (giờ Việt Nam, UTC+7, no daylight saving) — what "today" means to a commune officer.
    public init(_ date: Date, secondsFromGMT offset: Int) {
        let seconds = date.timeIntervalSince1970 + Double(offset)
        self.init(daysSince1970: Int((seconds / 86_400).rounded(.down)))
    }

    /// Midnight UTC at the start of this day.
    public var date: Date {
        Date(timeIntervalSince1970: Double(daysSince1970) * 86_400)
    }

    // MARK: Codable

    /// Decodes from an ISO `yyyy-MM-dd` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = VietnameseText.parseDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Ngày không hợp lệ: \(text) (expected yyyy-MM-dd)")
        }
        self = date
    }

    /// Encodes as an ISO `yyyy-MM-dd` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(isoString)
    }
}

@inline(__always)
func appendDigits(_ bytes: inout [UInt8], _ value: Int, width: Int) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
    var v = value < 0 ? -value : value
    var n = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
        repeat {
            buffer[n] = UInt8(0x30 + v % 10)
            v /= 10
            n += 1
        } while v > 0 && n < 8
        while n < width && n < 8 {
            buffer[n] = 0x30
            n += 1
        }
        if value < 0 { bytes.append(0x2D) }
        while n > 0 {
            n -= 1
            bytes.append(buffer[n])
        }
    }
}

extension VietnameseText {
    /// Formats a date as `dd/MM/yyyy` (`01/09/2026`), the form used on Vietnamese documents.
    public static func formatDate(_ date: CivilDate) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(10)
        appendDigits(&bytes, date.day, width: 2)
        bytes.append(0x2F)
        appendDigits(&bytes, date.month, width: 2)
        bytes.append(0x2F)
        appendDigits(&bytes, date.year, width: 4)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses a full date: `dd/MM/yyyy`, `d/M/yyyy` (also with `-` or `.` between the parts, as
    /// spreadsheets in the vi-VN locale sometimes write them) or ISO `yyyy-MM-dd` (also `yyyy/MM/dd`).
    ///
    /// Surrounding spaces are ignored. Returns `nil` for anything else, including dates that do not
    /// exist (31/02/2024) and two-digit years; a bare year `yyyy` is not a date here — callers that
    /// accept a birth year handle it themselves.
    public static func parseDate(_ text: String) -> CivilDate? {
        var text = text
        return text.withUTF8 { parseDate($0) }
    }

    /// ``parseDate(_:)-(String)`` on UTF-8 bytes, for import hot paths that never make a `String`.
    public static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0D { hi -= 1 }
        // Up to three runs of digits separated by one separator each.
        var parts: (Int, Int, Int) = (0, 0, 0)
        var widths: (Int, Int, Int) = (0, 0, 0)
        var separator: UInt8 = 0
        var index = 0
        var i = lo
        while i < hi {
            let b = bytes[i]
            if b >= 0x30 && b <= 0x39 {
                let digit = Int(b - 0x30)
                switch index {
                case 0: parts.0 = parts.0 * 10 + digit; widths.0 += 1
                case 1: parts.1 = parts.1 * 10 + digit; widths.1 += 1
                default: parts.2 = parts.2 * 10 + digit; widths.2 += 1
                }
                if widths.0 > 4 || widths.1 > 4 || widths.2 > 4 { return nil }
            } else if b == 0x2F || b == 0x2D || b == 0x2E {
                if separator == 0 { separator = b } else if b != separator { return nil }
                index += 1
                if index > 2 { return nil }
            } else {
                return nil
            }
            i += 1
        }
        guard index == 2 else { return nil }
        if widths.0 == 4 && widths.1 >= 1 && widths.1 <= 2 && widths.2 >= 1 && widths.2 <= 2
            && separator != 0x2E
        {
            return CivilDate.validated(year: parts.0, month: parts.1, day: parts.2)
        }
        if widths.0 >= 1 && widths.0 <= 2 && widths.1 >= 1 && widths.1 <= 2 && widths.2 == 4 {
            return CivilDate.validated(year: parts.2, month: parts.1, day: parts.0)
        }
        return nil
    }
}
