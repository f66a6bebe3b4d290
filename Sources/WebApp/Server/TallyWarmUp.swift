import Access
import Dispatch
import Foundation
import Logging
import Store
import Synchronization
import VietnameseText

/// The dashboard's figures prepared in the background when the server starts (làm nóng số liệu
/// tổng quan), so that the first user does not wait for them.
///
/// Every dashboard of whole communes (province, commune, the country) reads the store's tallies
/// of the whole registry on two days, today and the same day a year earlier
/// (``DashboardService/comparisonDays(today:)``). The SQLite store computes them in one pass over
/// the registry and keeps them until the registry changes — a pass of about ten seconds at a
/// million households, which without this the first province dashboard after each start waited
/// for. The warm-up asks the store for exactly those tallies once the server listens, on a
/// Dispatch queue rather than Swift's cooperative pool, whose few threads (two on a two-core
/// server) the synchronous read would otherwise hold: requests are served meanwhile, and a
/// dashboard requested before the pass finishes waits for it instead of starting a second one
/// (the store's tally cache computes one pass at a time).
final class TallyWarmUp: Sendable {
    enum State: Sendable, Equatable {
        case notStarted
        case running
        /// The days prepared and how long it took.
        case finished(days: [CivilDate], seconds: Double)
        case failed(String)
    }

    private let state = Mutex<State>(.notStarted)

    /// Where the warm-up is.
    var current: State { state.withLock { $0 } }

    /// Starts the warm-up once per process; returns at once.
    func start(_ services: WebServices, logger: Logger) {
        let first = state.withLock { s -> Bool in
            guard s == .notStarted else { return false }
            s = .running
            return true
        }
        guard first else { return }
        DispatchQueue.global(qos: .utility).async {
            let started = DispatchTime.now()
            let days = DashboardService.comparisonDays(today: services.today)
            do {
                for day in [days.today, days.lastYear] {
                    _ = try services.store.tallies(scope: .everything, on: day, communeCodes: nil, byVillage: false)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                self.state.withLock { $0 = .finished(days: [days.today, days.lastYear], seconds: seconds) }
                logger.notice("dashboard tallies ready (\(days.today.isoString), \(days.lastYear.isoString)) in \(String(format: "%.1f", seconds)) s")
            } catch {
                self.state.withLock { $0 = .failed("\(error)") }
                logger.error("dashboard warm-up failed: \(error)")
            }
        }
    }
}
