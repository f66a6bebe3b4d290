import Foundation
import Store

/// A bounded hand-over between the thread that reads the files and the thread that writes the
/// store (kênh lô): the reader decodes the next batch while the writer stores the previous one,
/// so both cores work; the bound keeps memory flat whatever the file size.
final class BatchChannel<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Seconds `send` waited for room and `receive` for an item (with `GIAMNGHEO_TRACE=1`).
    private(set) var sendWaited = 0.0, receiveWaited = 0.0

    /// Waits for room; returns `false` when the consumer cancelled (stop producing).
    func send(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if items.count >= capacity && !cancelled && Trace.enabled {
            let start = Date()
            defer { sendWaited += Date().timeIntervalSince(start) }
            while items.count >= capacity && !cancelled { condition.wait() }
        }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// No more items.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops early: the producer's next `send` returns `false`.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or `nil` once closed and drained.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        if items.isEmpty && !closed && Trace.enabled {
            let start = Date()
            defer { receiveWaited += Date().timeIntervalSince(start) }
            while items.isEmpty && !closed { condition.wait() }
        }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }
}

/// Runs `body` on a new thread with a large stack; `join()` waits for it.
final class WorkerThread: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let thread: Thread

    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let done = self.done
        thread = Thread {
            body()
            done.signal()
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    func join() { done.wait() }
}
