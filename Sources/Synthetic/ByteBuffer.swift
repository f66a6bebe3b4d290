import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large reusable output buffer that writes raw bytes to a file descriptor (or only counts
/// them), so CSV rows are produced without per-field `String` allocation.
///
/// Rows are appended after ``ensure(_:)`` has guaranteed room, so the hot appends do no
/// capacity checks. Not copyable: one owner writes and closes it.
struct ByteBuffer: ~Copyable {
    /// Bytes of the buffer (1 MiB by default).
    let capacity: Int
    private let base: UnsafeMutablePointer<UInt8>
    /// Bytes waiting in the buffer.
    private(set) var count = 0
    /// Bytes flushed so far plus those waiting.
    var totalBytes: Int { flushed + count }
    private var flushed = 0
    private let fd: Int32  // -1: discard (count only)
    private let path: String

    /// A buffer writing to a new file at `url` (truncated if it exists).
    init(creating url: URL, capacity: Int = 1 << 20) throws {
        let path = url.path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw SyntheticRegistry.GenerationError.io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        self.init(fd: fd, path: path, capacity: capacity)
    }

    /// A buffer that only counts bytes (for in-memory benchmarks).
    init(discardingWithCapacity capacity: Int = 1 << 20) {
        self.init(fd: -1, path: "", capacity: capacity)
    }

    private init(fd: Int32, path: String, capacity: Int) {
        self.capacity = capacity
        self.base = .allocate(capacity: capacity)
        self.fd = fd
        self.path = path
    }

    deinit {
        if fd >= 0 { close(fd) }
        base.deallocate()
    }

    /// Makes room for `n` more bytes, flushing first if needed (`n` ≤ capacity).
    @inline(__always)
    mutating func ensure(_ n: Int) throws {
        if count &+ n > capacity { try flush() }
    }

    /// Writes the waiting bytes to the file.
    mutating func flush() throws {
        if fd >= 0 {
            var offset = 0
            while offset < count {
                let written = write(fd, base + offset, count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SyntheticRegistry.GenerationError.io("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        flushed += count
        count = 0
    }

    /// Flushes and closes the file.
    consuming func finish() throws -> Int {
        try flush()
        if fd >= 0 && fsync(fd) != 0 && errno != EINVAL {
            throw SyntheticRegistry.GenerationError.io("cannot sync \(path): \(String(cString: strerror(errno)))")
        }
        return flushed
    }

    // MARK: Appends (caller has ensured room)

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        base[count] = b
        count &+= 1
    }

    @inline(__always)
    mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let p = source.baseAddress else { return }
        copy(p, source.count)
    }

    /// Copies `n` bytes; short runs (names, codes) by hand, which beats a `memmove` call.
    @inline(__always)
    private mutating func copy(_ p: UnsafePointer<UInt8>, _ n: Int) {
        let d = base + count
        if n <= 16 {
            var i = 0
            while i < n {
                d[i] = p[i]
                i &+= 1
            }
        } else {
            d.update(from: p, count: n)
        }
        count &+= n
    }

    /// Offset of the next byte in the buffer (valid until the next flush).
    var position: Int { count }

    /// Appends a copy of `length` bytes already in the buffer at `start` (no flush may have
    /// happened since they were written).
    @inline(__always)
    mutating func repeatBytes(from start: Int, length: Int) {
        copy(UnsafePointer(base + start), length)
    }

    @inline(__always)
    mutating func bytes(_ source: UnsafeRawBufferPointer) {
        guard let p = source.baseAddress, source.count > 0 else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: p, byteCount: source.count)
        count &+= source.count
    }

    @inline(__always)
    mutating func bytes(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { bytes($0) }
    }

    @inline(__always)
    mutating func text(_ s: StaticString) {
        copy(s.utf8Start, s.utf8CodeUnitCount)
    }

    @inline(__always)
    mutating func comma() { byte(0x2C) }

    @inline(__always)
    mutating func newline() { byte(0x0A) }

    /// A boolean as `1`/`0`, nothing for unknown.
    @inline(__always)
    mutating func bool(_ value: Bool?) {
        if let value { byte(value ? 0x31 : 0x30) }
    }

    /// A non-negative integer in decimal.
    @inline(__always)
    mutating func decimal(_ value: Int) {
        decimal(UInt64(max(0, value)), width: 1)
    }

    /// "00" … "99": two ASCII digits per value.
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// A non-negative integer with at least `width` digits (leading zeros), written two digits
    /// at a time from a pair table.
    @inline(__always)
    mutating func decimal(_ value: UInt64, width: Int) {
        var digits = 1
        var probe = value
        while probe >= 100 { digits &+= 2; probe /= 100 }
        if probe >= 10 { digits &+= 1 }
        let n = max(width, digits)
        let d = base + count
        let pairs = Self.digitPairs.utf8Start
        var v = value
        var i = n
        while v >= 100 {
            let q = v / 100
            let r = Int(v &- q &* 100) &* 2
            i &-= 2
            d[i] = pairs[r]
            d[i &+ 1] = pairs[r &+ 1]
            v = q
        }
        if v >= 10 {
            let r = Int(v) &* 2
            i &-= 2
            d[i] = pairs[r]
            d[i &+ 1] = pairs[r &+ 1]
        } else {
            i &-= 1
            d[i] = 0x30 &+ UInt8(v)
        }
        while i > 0 {
            i &-= 1
            d[i] = 0x30
        }
        count &+= n
    }

    /// Two digits with a leading zero (days, months).
    @inline(__always)
    mutating func twoDigits(_ value: Int) {
        base[count] = 0x30 &+ UInt8(value / 10)
        base[count + 1] = 0x30 &+ UInt8(value % 10)
        count &+= 2
    }

    /// A field, quoted per RFC 4180 when it contains a comma, quote, CR or LF.
    mutating func field(_ source: [UInt8]) {
        if source.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            byte(0x22)
            for b in source {
                if b == 0x22 { byte(0x22) }
                byte(b)
            }
            byte(0x22)
        } else {
            bytes(source)
        }
    }
}
