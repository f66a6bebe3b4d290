import Foundation

/// Phase timings on standard error when `GIAMNGHEO_TRACE=1` (đo thời gian từng bước), for
/// finding where a bulk operation spends its time without a profiler.
public enum Trace {
    /// Whether tracing is on.
    public static let enabled = ProcessInfo.processInfo.environment["GIAMNGHEO_TRACE"] == "1"
    private static let start = Date()

    /// Prints `message` with the seconds since the process started.
    public static func mark(_ message: @autoclosure () -> String) {
        guard enabled else { return }
        let t = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data(String(format: "[%7.2f s] ", t).appending(message() + "\n").utf8))
    }
}
