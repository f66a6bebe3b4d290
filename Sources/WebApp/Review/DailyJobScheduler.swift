import Dispatch
import Foundation
import Logging
import Review
import ReviewWorkflow
import Store
import Synchronization
import VietnameseText

/// Runs the review's daily job inside the server (việc hằng ngày lúc 06:00, review.md §3.2):
/// opening campaigns at their window start, ending postings, the consultation silence rule,
/// closing finished monthly batches and the deadline alerts.
///
/// Every `interval` seconds it looks at the application's clock; the first look on a day at or
/// after 06:00 Viet Nam time runs the job once for that day. A server started after 06:00 (or
/// down at 06:00) therefore catches up at once, and a clock moved forward by days (a test clock,
/// ``FileClock``) runs the job at the next look. The job acts as `system` in the audit log and
/// runs on a Dispatch thread, not on the request threads.
final class DailyJobScheduler: Sendable {
    /// Hour (Viet Nam time) from which a day's run is due.
    static let hour = 6

    private let lastRun = Mutex<CivilDate?>(nil)
    private let started = Mutex(false)

    /// The day of the last run, if any.
    var lastRunDay: CivilDate? { lastRun.withLock { $0 } }

    /// Whether the job is due at `now` given the last run (pure, for tests).
    static func isDue(now: Date, lastRun: CivilDate?) -> Bool {
        let local = now.addingTimeInterval(TimeInterval(LocalTime.secondsFromGMT))
        let secondsInDay = Int(local.timeIntervalSince1970.rounded(.down)) % 86_400
        guard secondsInDay >= hour * 3600 else { return false }
        return lastRun.map { $0 < LocalTime.day(now) } ?? true
    }

    /// Starts looking every `interval` seconds (once per process).
    func start(_ services: WebServices, interval: TimeInterval, logger: Logger) {
        guard started.withLock({ s in defer { s = true }; return !s }) else { return }
        let queue = DispatchQueue(label: "giamngheo.review.daily", qos: .utility)
        queue.async { self.tick(services, queue: queue, interval: interval, logger: logger) }
    }

    private func tick(_ services: WebServices, queue: DispatchQueue, interval: TimeInterval, logger: Logger) {
        runIfDue(services, logger: logger)
        queue.asyncAfter(deadline: .now() + interval) { self.tick(services, queue: queue, interval: interval, logger: logger) }
    }

    /// Runs the job when due; returns the report when it ran.
    @discardableResult
    func runIfDue(_ services: WebServices, logger: Logger) -> ReviewWorkflow.DailyJobReport? {
        let now = services.clock()
        guard Self.isDue(now: now, lastRun: lastRunDay) else { return nil }
        do {
            let report = try services.review.runDailyJob(at: now, context: AccessContext(account: "system", purpose: "review"))
            lastRun.withLock { $0 = LocalTime.day(now) }
            logger.notice("review daily job \(LocalTime.format(now)): opened \(report.campaignsOpened), postings closed \(report.postingsClosed), silence \(report.silenceApplied), batches closed \(report.batchesClosed), open alerts \(report.openAlerts)")
            return report
        } catch {
            // Tried again at the next look; the job is idempotent.
            logger.error("review daily job failed: \(error)")
            return nil
        }
    }
}
