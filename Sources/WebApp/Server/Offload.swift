import Dispatch

/// Long blocking work off the server's threads (việc dài chạy riêng): an import, an export, the
/// first dashboard of a registry (seconds to minutes at a million households).
///
/// Request handlers run on a few threads: Swift's pool has one per core, and with
/// `GIAMNGHEO_EXECUTOR=eventloops` (`giamngheo serve`) they are NIO's event loops, which also read
/// and write every connection of their loop. Work that blocks one of them for seconds would hold
/// half the server (or every client of that loop). A short store read (a household, a search)
/// stays where it is; work that may take long runs here, on a thread of the system's pool.
enum Offload {
    /// Runs `body` on another thread and returns its result; the caller waits (suspended) until
    /// it is done, so `body` may use what the caller holds.
    static func run<T>(_ body: @escaping () throws -> T) async throws -> T {
        let work = Unchecked(value: body)
        let result: Unchecked<T> = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do { continuation.resume(returning: Unchecked(value: try work.value())) } catch { continuation.resume(throwing: error) }
            }
        }
        return result.value
    }

    /// A value handed to the other thread and back: only one side uses it at a time.
    private struct Unchecked<Value>: @unchecked Sendable { var value: Value }
}
