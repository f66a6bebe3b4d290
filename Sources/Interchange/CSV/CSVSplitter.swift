import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a CSV file into byte ranges that start at record boundaries (chia tệp CSV thành nhiều
/// phần), so that each part can be read by its own ``CSVReader`` on its own thread.
///
/// `"` bytes and line feeds are counted from the first byte of the file up to each split point,
/// eight bytes at a time and on several threads. A part ends just after the first line feed at or
/// past its share of the file that has an even number of quotes before it — outside any quoted
/// field, as RFC 4180 puts it — and the next part's first row number is one more than the number
/// of line feeds before it, so every part numbers its rows as a text editor shows them.
///
/// A quote inside an unquoted field (`5" screen`) is taken literally by ``CSVReader`` but still
/// counts here, so in such a file a split point can fall inside a record. The reader of the part
/// before it then meets the end of its range inside a quoted field and throws
/// ``InterchangeFileError/Code/csvUnterminatedQuote``: a wrong split is always detected, and the
/// caller reads the file in one piece instead.
enum CSVSplitter {
    /// One part: the bytes to read and the physical line number of its first byte.
    struct Part: Equatable, Sendable {
        var range: Range<Int64>
        var firstRowNumber: Int
    }

    /// Counts of `"` and line feeds in a stretch of the file.
    struct Counts: Sendable {
        var quotes = 0
        var lineFeeds = 0
    }

    /// The parts of the file at `path`, at most `parts` of them and each about `size / parts`
    /// bytes (fewer when the file has too few records), counting on up to `threads` threads.
    /// `nil` when the file cannot be read.
    static func split(path: String, parts: Int, threads: Int = 1) -> [Part]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { closeDescriptor(fd) }
        guard let size = PosixFile.size(fd) else { return nil }
        if parts <= 1 || size == 0 { return [Part(range: 0..<size, firstRowNumber: 1)] }

        // Counts up to each target, in stretches between targets split further for the threads.
        let targets = (1..<parts).map { size * Int64($0) / Int64(parts) }
        let perStretch = max(1, threads / targets.count)
        var stretchBounds: [Int64] = [0]
        for t in targets {
            let from = stretchBounds.last!
            for j in 1...perStretch { stretchBounds.append(from + (t - from) * Int64(j) / Int64(perStretch)) }
        }
        let bounds = stretchBounds
        let stretches = bounds.count - 1
        let results = CountSlots(stretches)
        let failed = CountSlots(1)
        DispatchQueue.concurrentPerform(iterations: stretches) { i in
            if let c = count(fd, bounds[i]..<bounds[i + 1]) { results[i] = c } else { failed[0] = Counts() }
        }
        if failed[0] != nil { return nil }

        // Counts before each target.
        var prefix: [Counts] = []
        var running = Counts()
        var stretch = 0
        for target in targets {
            while stretch + 1 < bounds.count && bounds[stretch + 1] <= target {
                running.quotes += results[stretch]!.quotes
                running.lineFeeds += results[stretch]!.lineFeeds
                stretch += 1
            }
            prefix.append(running)
        }

        var result: [Part] = []
        var partStart: Int64 = 0
        var partLine = 1
        var atEnd = Counts()  // counts before `partStart`
        for (k, target) in targets.enumerated() {
            // From the target, or from the last split when a long record carried it past the target.
            var counts = target >= partStart ? prefix[k] : atEnd
            guard let end = boundary(fd, from: max(target, partStart), size: size, counts: &counts) else { return nil }
            if end >= size { break }
            result.append(Part(range: partStart..<end, firstRowNumber: partLine))
            partStart = end
            partLine = 1 + counts.lineFeeds
            atEnd = counts
        }
        result.append(Part(range: partStart..<size, firstRowNumber: partLine))
        return result
    }

    /// Counts quotes and line feeds in `range` of the file.
    static func count(_ fd: Int32, _ range: Range<Int64>) -> Counts? {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 8)
        defer { buffer.deallocate() }
        var counts = Counts()
        var offset = range.lowerBound
        while offset < range.upperBound {
            let n = pread(fd, buffer, Int(min(Int64(chunk), range.upperBound - offset)), off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            var quotes = 0, lineFeeds = 0
            var i = 0
            while i &+ 8 <= n {
                let word = UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                quotes &+= SWAR.exactZeroBytes(word ^ SWAR.quotes).nonzeroBitCount
                lineFeeds &+= SWAR.exactZeroBytes(word ^ SWAR.lineFeeds).nonzeroBitCount
                i &+= 8
            }
            let bytes = buffer.assumingMemoryBound(to: UInt8.self)
            while i < n {
                if bytes[i] == 0x22 { quotes &+= 1 } else if bytes[i] == 0x0A { lineFeeds &+= 1 }
                i &+= 1
            }
            counts.quotes += quotes
            counts.lineFeeds += lineFeeds
            offset += Int64(n)
        }
        return counts
    }

    /// The offset just after the first line feed at or after `from` with an even number of
    /// quotes before it (`size` when there is none); `counts` holds the counts before `from` and
    /// is advanced to that offset.
    static func boundary(_ fd: Int32, from: Int64, size: Int64, counts: inout Counts) -> Int64? {
        let chunk = 64 << 10
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var offset = from
        while offset < size {
            let n = pread(fd, buffer, chunk, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            for i in 0..<n {
                let c = buffer[i]
                if c == 0x22 {
                    counts.quotes += 1
                } else if c == 0x0A {
                    counts.lineFeeds += 1
                    if counts.quotes & 1 == 0 { return offset + Int64(i) + 1 }
                }
            }
            offset += Int64(n)
        }
        return size
    }
}

/// One result slot per thread of a split; slot `i` is written only by iteration `i`.
private final class CountSlots: @unchecked Sendable {
    private var values: [CSVSplitter.Counts?]
    init(_ count: Int) { values = Array(repeating: nil, count: count) }
    subscript(i: Int) -> CSVSplitter.Counts? {
        get { values.withUnsafeBufferPointer { $0[i] } }
        set { values.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }
}
