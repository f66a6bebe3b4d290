import Foundation
import Review
import Synchronization
import VietnameseText

/// A clock set from a file (đồng hồ thử nghiệm), for demonstrations and browser tests that run a
/// whole campaign — plans in August, postings of three working days, decisions in December — in
/// minutes (`giamngheo serve --clock-file F`, refused unless the database is a demo database).
///
/// The file holds one instant: `dd/MM/yyyy HH:mm` in Viet Nam's time (or ISO 8601 with its
/// offset, `2026-03-02T08:00:00+07:00`). The clock reads that instant at the file's modification
/// time and runs on in real time from there, so second-factor codes, session timeouts and the
/// daily job see time pass as usual; writing the file again moves the clock (forward or back).
/// A file that cannot be read or parsed keeps the last good reading (and the first reading must
/// succeed, so a mistyped file fails at start-up, not at the first request).
public final class FileClock: Sendable {
    /// The file.
    public let path: String
    private struct Reading { var modified: Date; var instant: Date }
    private let last: Mutex<Reading>

    /// Reads the file once; throws when it is missing or does not hold an instant.
    public init(path: String) throws {
        self.path = path
        guard let r = Self.read(path) else { throw FileClockError(path: path) }
        last = Mutex(r)
    }

    /// The current instant: the file's instant plus the real time since the file was written.
    public func now() -> Date {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
        let reading = last.withLock { r -> Reading in
            if let modified, modified != r.modified, let fresh = Self.read(path) { r = fresh }
            return r
        }
        return reading.instant.addingTimeInterval(max(0, Date().timeIntervalSince(reading.modified)))
    }

    /// The instant a clock file's text names, or `nil`.
    public static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let iso = ISO8601DateFormatter().date(from: t) { return iso }
        let parts = t.split(separator: " ")
        guard let first = parts.first, let day = VietnameseText.parseDate(String(first)) else { return nil }
        var hour = 0, minute = 0
        if parts.count > 1 {
            let hm = parts[1].split(separator: ":").map { Int($0) }
            guard hm.count == 2, let h = hm[0], let m = hm[1], (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            (hour, minute) = (h, m)
        }
        return LocalTime.instant(day, hour: hour, minute: minute)
    }

    private static func read(_ path: String) -> Reading? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date,
              let text = try? String(contentsOfFile: path, encoding: .utf8), let instant = parse(text) else { return nil }
        return Reading(modified: modified, instant: instant)
    }
}

/// A clock file that is missing or does not hold an instant.
public struct FileClockError: Error, CustomStringConvertible {
    /// The file.
    public var path: String

    public var description: String {
        "Tệp đồng hồ \(path) không có hoặc không ghi một thời điểm (dd/MM/yyyy HH:mm giờ Việt Nam, hoặc ISO 8601) [clock_file.invalid]"
    }
}
