import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming CSV reader (đọc tệp CSV) for the interchange files: RFC 4180 with the leniencies
/// real spreadsheets need.
///
/// - **Encoding**: UTF-8 only; a UTF-8 byte-order mark is skipped. Anything else (TCVN3, VNI,
///   Windows-1258, UTF-16) is rejected with ``InterchangeFileError/Code/fileEncoding`` at the row
///   of the first bad byte — rows before it are still delivered — rather than silently producing
///   garbled names.
/// - **Delimiter**: detected from the header line — `,` unless the header has more `;` (Excel in
///   the vi-VN locale saves "CSV" with semicolons because `,` is the decimal separator there) or
///   more tabs (text pasted from a spreadsheet). Only characters outside quotes count.
/// - **Records**: lines end in `\n` or `\r\n`; fields may be quoted with `"`, a quote inside a
///   quoted field is written `""`, and quoted fields may contain delimiters and line breaks.
///   Text after a closing quote (`"ab"c`) is kept (`abc`) rather than rejected. A quote that is
///   never closed is an error (``InterchangeFileError/Code/csvUnterminatedQuote``) at the row where
///   its record starts.
/// - **Row numbers** are physical line numbers as a text editor shows them, header = row 1. A
///   record whose quoted field spans several lines reports the number of its **first** line, and
///   the next record's number counts all those lines, so numbers keep matching the editor. (Excel
///   shows such a record as one row, so below it Excel's numbers are smaller; this only affects
///   files with line breaks inside cells.)
/// - **Blank rows** — empty lines and lines of only delimiters and spaces — are skipped, and
///   counted for row numbers.
///
/// Performance: the file is read with `read(2)` into one reusable buffer (4 MiB by default) and
/// rows are handed out as byte ranges into it, so reading a row allocates nothing. The common
/// record — a whole line whose quoted fields, if any, hold no `""` or line break — is split with
/// `memchr` for the line end and an eight-bytes-at-a-time delimiter search; UTF-8 is validated
/// per record, and only for records that contain non-ASCII bytes. Quoted fields with `""` are unescaped in place. A record crossing
/// the end of the buffer is moved to the front and parsed again after the next read. A large file
/// can be read in parts on several threads: ``CSVSplitter`` finds record boundaries, and
/// `init(path:fileName:range:firstRowNumber:headers:delimiter:bufferSize:)` reads one part with
/// the whole file's row numbers.
public final class CSVReader: RowSource {
    /// File name shown in error messages.
    public let fileName: String
    /// The header row's cells, trimmed, in file order (empty for an empty file).
    public private(set) var headers: [String] = []
    /// The field delimiter in use (`,`, `;` or tab), detected from the header line unless given.
    public var delimiter: UInt8 { state.pointee.delimiter }

    /// Bytes consumed so far and the file size (when known).
    public var progress: (done: Int64, total: Int64?) {
        (state.pointee.bytesBeforeBuffer + Int64(state.pointee.start), totalSize)
    }

    /// Parser state lives behind a pointer: the hot loop then works on plain memory, without the
    /// dynamic exclusivity checks Swift adds to class stored properties.
    private let state: UnsafeMutablePointer<CSVScanner>
    private let row: CSVRow
    private let totalSize: Int64?

    /// Opens the CSV file at `path` and reads its header row.
    ///
    /// - Parameters:
    ///   - path: file system path.
    ///   - fileName: name for error messages; defaults to the last path component.
    ///   - delimiter: force a delimiter instead of detecting it.
    ///   - bufferSize: read buffer size; small values are only useful in tests.
    /// - Throws: ``InterchangeFileError`` when the file is missing, unreadable, not UTF-8 or has an
    ///   unterminated quote in the header.
    public convenience init(path: String, fileName: String? = nil, delimiter: UInt8? = nil, bufferSize: Int = 4 << 20) throws {
        let name = fileName ?? URL(fileURLWithPath: path).lastPathComponent
        let fd = try PosixFile.openForReading(path, fileName: name)
        try self.init(source: .file(fd), totalSize: PosixFile.size(fd), fileName: name, delimiter: delimiter, bufferSize: bufferSize)
    }

    /// Reads CSV text held in memory — for tests and small inputs.
    public convenience init(string: String, fileName: String = "input.csv", delimiter: UInt8? = nil, bufferSize: Int = 4 << 20) throws {
        let bytes = Array(string.utf8)
        try self.init(source: .memory(bytes, offset: 0), totalSize: Int64(bytes.count), fileName: fileName, delimiter: delimiter, bufferSize: bufferSize)
    }

    /// Reads one part of a CSV file split for reading on several threads (see ``CSVSplitter``):
    /// the records in the bytes `range` of the file at `path`.
    ///
    /// The first part (`range.lowerBound == 0`) is read like a whole file, header included, but
    /// ends at `range.upperBound`. A later part starts at a record boundary, has no header row
    /// of its own — `headers` and `delimiter` come from the first part — and numbers its rows
    /// from `firstRowNumber`, the physical line number of the byte at `range.lowerBound`, so row
    /// numbers are those of the whole file.
    ///
    /// A part ends where its range ends. When a record runs past that point (the split was not
    /// at a record boundary after all) its quote is never closed inside the part and reading
    /// throws ``InterchangeFileError/Code/csvUnterminatedQuote``.
    convenience init(
        path: String, fileName: String, range: Range<Int64>, firstRowNumber: Int, headers: [String],
        delimiter: UInt8, bufferSize: Int = 4 << 20
    ) throws {
        let fd = try PosixFile.openForReading(path, fileName: fileName)
        if range.lowerBound > 0 && lseek(fd, off_t(range.lowerBound), SEEK_SET) < 0 {
            let detail = String(cString: strerror(errno))
            closeDescriptor(fd)
            throw InterchangeFileError(code: .fileUnreadable, file: fileName, row: firstRowNumber, detail: detail)
        }
        if range.lowerBound == 0 {
            try self.init(
                source: .file(fd), totalSize: range.upperBound, fileName: fileName, delimiter: delimiter,
                bufferSize: bufferSize, limit: range.upperBound)
        } else {
            try self.init(
                source: .file(fd), totalSize: range.upperBound - range.lowerBound, fileName: fileName,
                delimiter: delimiter, bufferSize: bufferSize, limit: range.upperBound - range.lowerBound,
                continuing: (headers, firstRowNumber))
        }
    }

    private init(
        source: CSVScanner.Source, totalSize: Int64?, fileName: String, delimiter: UInt8?, bufferSize: Int,
        limit: Int64 = .max, continuing: (headers: [String], line: Int)? = nil
    ) throws {
        self.fileName = fileName
        self.totalSize = totalSize
        state = .allocate(capacity: 1)
        state.initialize(to: CSVScanner(source: source, fileName: fileName, capacity: max(16, bufferSize)))
        state.pointee.remaining = limit
        row = CSVRow(state)
        if let continuing, let delimiter {
            // A later part of a split file: no byte-order mark, no header, rows numbered on.
            state.pointee.delimiter = delimiter
            state.pointee.line = continuing.line
            headers = continuing.headers
            return
        }
        try state.pointee.begin(forcedDelimiter: delimiter)
        if try state.pointee.nextRecord() {
            headers = (0..<row.fieldCount).map { row.string($0) }
        }
    }

    deinit {
        state.pointee.release()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Calls `body` with the next non-blank data row; returns `false` at the end of the file.
    public func nextRow(_ body: (any TableRow) throws -> Void) throws -> Bool {
        guard try state.pointee.nextRecord() else { return false }
        try body(row)
        return true
    }

    /// ``nextRow(_:)`` with the row's concrete type, for decoders that inline their work per row.
    @inline(__always)
    func nextCSVRow(_ body: (CSVRow) throws -> Void) throws -> Bool {
        guard try state.pointee.nextRecord() else { return false }
        try body(row)
        return true
    }
}

/// The current record of a ``CSVReader``, reused for every row so handing a row to the decoder
/// allocates nothing. Reads the scanner's field bounds directly.
final class CSVRow: TableRow {
    private let scanner: UnsafeMutablePointer<CSVScanner>

    init(_ scanner: UnsafeMutablePointer<CSVScanner>) { self.scanner = scanner }

    var rowNumber: Int { scanner.pointee.recordLine }
    var fieldCount: Int { scanner.pointee.fieldCount }

    @inline(__always)
    func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let s = scanner
        guard index >= 0 && index < s.pointee.fieldCount else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let lo = s.pointee.bounds[2 &* index], hi = s.pointee.bounds[2 &* index &+ 1]
        return try body(UnsafeBufferPointer(start: s.pointee.buffer + lo, count: hi &- lo))
    }
}

/// The CSV parser proper: buffer management and record splitting.
///
/// `buffer[0..<filled]` holds bytes read from the source; the next record begins at `start`.
/// The current record's fields are `bounds[2*i] ..< bounds[2*i+1]`.
struct CSVScanner {
    enum Source {
        case file(Int32)
        case memory([UInt8], offset: Int)
    }

    /// Largest record accepted; a bigger one is nearly always a quote that is never closed.
    static let maximumRecordSize = 64 << 20

    var source: Source
    let fileName: String
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var start = 0
    var filled = 0
    var atEOF = false
    var bytesBeforeBuffer: Int64 = 0
    /// Bytes of the source still to be read; the input ends when it reaches 0 (a part of a split file).
    var remaining: Int64 = .max
    /// Physical line number of the byte at `start`.
    var line = 1
    var delimiter: UInt8 = 0x2C

    var bounds: UnsafeMutablePointer<Int>
    var boundsCapacity: Int  // in fields
    var fieldCount = 0
    var recordLine = 0
    /// Fields of the record being parsed that need unquoting (escaped quotes or text after the
    /// closing quote).
    var fixups: [Int] = []

    init(source: Source, fileName: String, capacity: Int) {
        self.source = source
        self.fileName = fileName
        self.capacity = capacity
        self.buffer = .allocate(capacity: capacity)
        self.boundsCapacity = 64
        self.bounds = .allocate(capacity: 2 * 64)
    }

    mutating func release() {
        if case .file(let fd) = source { closeDescriptor(fd) }
        buffer.deallocate()
        bounds.deallocate()
    }

    // MARK: Start

    mutating func begin(forcedDelimiter: UInt8?) throws {
        _ = try fill()
        // Byte-order marks: UTF-8 is skipped, UTF-16 is an encoding error straight away.
        if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            start = 3
        } else if filled >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
            throw InterchangeFileError(code: .fileEncoding, file: fileName, row: 1, detail: "UTF-16")
        }
        delimiter = forcedDelimiter ?? detectDelimiter()
    }

    /// Counts `,` `;` and tabs outside quotes on the first non-blank line in the buffer.
    func detectDelimiter() -> UInt8 {
        var commas = 0, semicolons = 0, tabs = 0
        var inQuote = false
        var i = start
        while i < filled {
            let c = buffer[i]
            if c == 0x22 {
                inQuote.toggle()
            } else if !inQuote {
                if c == 0x0A {
                    if commas + semicolons + tabs > 0 { break }
                } else if c == 0x2C {
                    commas += 1
                } else if c == 0x3B {
                    semicolons += 1
                } else if c == 0x09 {
                    tabs += 1
                }
            }
            i += 1
        }
        if semicolons > commas && semicolons >= tabs { return 0x3B }
        if tabs > commas && tabs > semicolons { return 0x09 }
        return 0x2C
    }

    // MARK: Input

    /// Moves the unparsed tail to the front, grows the buffer when one record fills it, and reads
    /// until the buffer is full or the input ends. Returns whether bytes were added.
    mutating func fill() throws -> Bool {
        if start > 0 {
            let keep = filled - start
            if keep > 0 { buffer.update(from: buffer + start, count: keep) }
            bytesBeforeBuffer += Int64(start)
            filled = keep
            start = 0
        }
        if filled == capacity {
            guard capacity < Self.maximumRecordSize else { return false }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let before = filled
        switch source {
        case .file(let fd):
            do {
                while filled < capacity {
                    let want = Int(min(Int64(capacity - filled), remaining))
                    let n = want == 0 ? 0 : try PosixFile.readSome(fd, into: buffer + filled, count: want)
                    if n == 0 {
                        atEOF = true
                        break
                    }
                    filled += n
                    remaining -= Int64(n)
                }
            } catch {
                throw InterchangeFileError(code: .fileUnreadable, file: fileName, row: line, detail: PosixFile.describe(error))
            }
        case .memory(let bytes, let offset):
            let n = min(capacity - filled, bytes.count - offset)
            if n > 0 {
                bytes.withUnsafeBufferPointer { (buffer + filled).update(from: $0.baseAddress! + offset, count: n) }
            }
            filled += n
            source = .memory(bytes, offset: offset + n)
            if offset + n == bytes.count { atEOF = true }
        }
        return filled > before
    }

    // MARK: Records

    enum Outcome {
        /// A complete record; `next` is where the following one starts.
        /// `checkUTF8From` is where non-ASCII bytes may start (`Int.max` when there are none).
        case record(next: Int, newlines: Int, checkUTF8From: Int)
        /// The record runs past the bytes read so far.
        case needMore(inQuote: Bool)
    }

    /// Parses the next non-blank record; `false` at the end of the input.
    mutating func nextRecord() throws -> Bool {
        while true {
            if start >= filled {
                if atEOF { return false }
                _ = try fill()
                continue
            }
            let outcome = parseSimpleLine() ?? parseRecord(final: atEOF)
            switch outcome {
            case .record(let next, let newlines, let checkFrom):
                if checkFrom < next {
                    let bad = UTF8Check.firstInvalid(buffer, from: checkFrom, to: next)
                    if bad < next { throw encodingError(at: bad) }
                }
                recordLine = line
                line += newlines
                start = next
                if !fixups.isEmpty { applyFixups() }
                if isBlankRecord() { continue }
                return true
            case .needMore(let inQuote):
                fixups.removeAll(keepingCapacity: true)
                if atEOF {
                    // Only an open quote gets here: at the end of input a record otherwise ends.
                    throw InterchangeFileError(code: .csvUnterminatedQuote, file: fileName, row: line)
                }
                if try !fill() && !atEOF {
                    throw InterchangeFileError(
                        code: inQuote ? .csvUnterminatedQuote : .csvRecordTooLarge, file: fileName, row: line)
                }
            }
        }
    }

    /// Row of the byte at `position` in the record starting at `start`.
    func encodingError(at position: Int) -> InterchangeFileError {
        var row = line
        var i = start
        while i < position {
            if buffer[i] == 0x0A { row += 1 }
            i += 1
        }
        return InterchangeFileError(code: .fileEncoding, file: fileName, row: row)
    }

    /// Fast path for the common record: one complete line in the buffer whose quoted fields, if
    /// any, are simple (`"a, b"`: no `""` inside, nothing after the closing quote). `nil` when the
    /// line is incomplete or has another kind of quote; the general parser then handles it.
    @inline(__always)
    mutating func parseSimpleLine() -> Outcome? {
        let buf = buffer
        let p = start
        guard let found = memchr(buf + p, 0x0A, filled &- p) else { return nil }
        let lineEnd = found.assumingMemoryBound(to: UInt8.self) - buf
        let delim = delimiter
        let delimiterPattern = SWAR.broadcast(delim)
        let raw = UnsafeRawPointer(buf)
        var bounds = self.bounds
        var count = 0
        var fieldStart = p
        var q = p
        var firstNonASCII = Int.max  // where UTF-8 validation has to start, if anywhere
        @inline(__always)
        func addField(_ from: Int, _ to: Int) {
            if count == boundsCapacity {
                growBounds()
                bounds = self.bounds
            }
            bounds[2 &* count] = from
            bounds[2 &* count &+ 1] = to
            count &+= 1
        }
        // A quote at `at`: a quoted field when it opens the field and closes before a delimiter
        // or the line end. Returns where scanning goes on (at most `lineEnd`), `lineEnd + 1` when
        // the record ended with it, or `nil` (bail out to the general parser).
        @inline(__always)
        func quoted(_ at: Int) -> Int? {
            guard at == fieldStart, let close = memchr(buf + (at &+ 1), 0x22, lineEnd &- at &- 1) else { return nil }
            let closing = close.assumingMemoryBound(to: UInt8.self) - buf
            let after = closing &+ 1
            if at < firstNonASCII { firstNonASCII = at }  // the quoted text was not checked for high bits
            if after == lineEnd || (after &+ 1 == lineEnd && buf[after] == 0x0D) {
                addField(at &+ 1, closing)
                return lineEnd &+ 1
            }
            guard buf[after] == delim else { return nil }
            addField(at &+ 1, closing)
            fieldStart = after &+ 1
            return after &+ 1
        }
        scan: while true {
            while q &+ 8 <= lineEnd {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: q, as: UInt64.self))
                let quoteHits = SWAR.exactZeroBytes(word ^ SWAR.quotes)
                if word & SWAR.highs != 0 && firstNonASCII == Int.max { firstNonASCII = q }
                var hits = SWAR.exactZeroBytes(word ^ delimiterPattern)
                // Delimiters before the first quote only; the quote decides what follows.
                if quoteHits != 0 { hits &= (quoteHits & (0 &- quoteHits)) &- 1 }
                while hits != 0 {
                    let at = q &+ (hits.trailingZeroBitCount &>> 3)
                    addField(fieldStart, at)
                    fieldStart = at &+ 1
                    hits &= hits &- 1
                }
                if quoteHits != 0 {
                    guard let next = quoted(q &+ (quoteHits.trailingZeroBitCount &>> 3)) else { return nil }
                    if next > lineEnd { break scan }
                    q = next
                    continue
                }
                q &+= 8
            }
            while q < lineEnd {
                let c = buf[q]
                if c == 0x22 {
                    guard let next = quoted(q) else { return nil }
                    if next > lineEnd { break scan }
                    q = next
                    continue
                }
                if c >= 0x80 && firstNonASCII == Int.max { firstNonASCII = q }
                if c == delim {
                    addField(fieldStart, q)
                    fieldStart = q &+ 1
                }
                q &+= 1
            }
            // The last field, unquoted.
            var fieldEnd = lineEnd
            if fieldEnd > fieldStart && buf[fieldEnd &- 1] == 0x0D { fieldEnd &-= 1 }
            addField(fieldStart, fieldEnd)
            break
        }
        fieldCount = count
        return .record(next: lineEnd &+ 1, newlines: 1, checkUTF8From: firstNonASCII)
    }

    /// General parser for one record starting at `start`. With `final`, the end of the input
    /// ends the record; otherwise running into it asks for more input.
    mutating func parseRecord(final: Bool) -> Outcome {
        let buf = buffer
        let end = filled
        let delim = delimiter
        var p = start
        var count = 0
        var newlines = 0
        if !fixups.isEmpty { fixups.removeAll(keepingCapacity: true) }

        while true {
            if count == boundsCapacity { growBounds() }
            let fieldStart = p
            if p < end && buf[p] == 0x22 {
                // Quoted field: find the closing quote, skipping `""`.
                var q = p + 1
                var escaped = false
                let raw = UnsafeRawPointer(buf)
                while true {
                    while q < end {
                        // Eight bytes at a time to the next quote or line feed.
                        while q &+ 8 <= end {
                            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: q, as: UInt64.self))
                            let hits = SWAR.exactZeroBytes(word ^ SWAR.quotes) | SWAR.exactZeroBytes(word ^ SWAR.lineFeeds)
                            if hits != 0 {
                                q &+= hits.trailingZeroBitCount &>> 3
                                break
                            }
                            q &+= 8
                        }
                        if q >= end { break }
                        let c = buf[q]
                        if c == 0x22 { break }
                        if c == 0x0A { newlines += 1 }
                        q += 1
                    }
                    if q >= end { return .needMore(inQuote: true) }
                    if q + 1 < end {
                        if buf[q + 1] == 0x22 {
                            escaped = true
                            q += 2
                            continue
                        }
                    } else if !final {
                        return .needMore(inQuote: true)  // the `"` could be the first half of `""`
                    }
                    break
                }
                // q is the closing quote.
                var r = q + 1
                var junk = false
                if r < end {
                    let c = buf[r]
                    if c != delim && c != 0x0A {
                        if c == 0x0D && r + 1 < end && buf[r + 1] == 0x0A {
                            // CRLF after the quote: the record ends.
                        } else if c == 0x0D && r + 1 == end && !final {
                            return .needMore(inQuote: false)
                        } else {
                            // Text after the closing quote: keep it, up to the delimiter.
                            junk = true
                            while r < end && buf[r] != delim && buf[r] != 0x0A { r += 1 }
                            if r == end && !final { return .needMore(inQuote: false) }
                        }
                    }
                }
                if escaped || junk {
                    var rawEnd = r
                    if junk && rawEnd > q + 1 && buf[rawEnd - 1] == 0x0D && (rawEnd == end || buf[rawEnd] == 0x0A) {
                        rawEnd -= 1
                    }
                    bounds[2 * count] = fieldStart
                    bounds[2 * count + 1] = rawEnd
                    fixups.append(count)
                } else {
                    bounds[2 * count] = p + 1
                    bounds[2 * count + 1] = q
                }
                count += 1
                p = r
                if p < end && buf[p] == 0x0D && p + 1 < end && buf[p + 1] == 0x0A { p += 1 }
            } else {
                // Unquoted field: up to the delimiter or the end of the line, eight bytes at a time.
                var q = p
                let raw = UnsafeRawPointer(buf)
                let delimiterPattern = SWAR.broadcast(delim)
                while q &+ 8 <= end {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: q, as: UInt64.self))
                    let hits = SWAR.exactZeroBytes(word ^ delimiterPattern) | SWAR.exactZeroBytes(word ^ SWAR.lineFeeds)
                    if hits != 0 {
                        q &+= hits.trailingZeroBitCount &>> 3
                        break
                    }
                    q &+= 8
                }
                while q < end {
                    let c = buf[q]
                    if c == delim || c == 0x0A { break }
                    q &+= 1
                }
                if q == end && !final { return .needMore(inQuote: false) }
                var fieldEnd = q
                if fieldEnd > fieldStart && buf[fieldEnd - 1] == 0x0D && (q == end || buf[q] == 0x0A) {
                    fieldEnd -= 1
                }
                bounds[2 * count] = fieldStart
                bounds[2 * count + 1] = fieldEnd
                count += 1
                p = q
            }
            // p is at a delimiter, a line feed or the end.
            if p < end && buf[p] == delim {
                p += 1
                continue
            }
            if p < end {  // line feed
                newlines += 1
                p += 1
            }
            fieldCount = count
            return .record(next: p, newlines: newlines, checkUTF8From: start)
        }
    }

    mutating func growBounds() {
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * boundsCapacity)
        bigger.update(from: bounds, count: 2 * boundsCapacity)
        bounds.deallocate()
        bounds = bigger
        boundsCapacity *= 2
    }

    /// Unquotes the raw fields listed in `fixups` in place: `""` → `"`, the enclosing quotes
    /// dropped, text after the closing quote kept.
    mutating func applyFixups() {
        for field in fixups {
            let s = bounds[2 * field], e = bounds[2 * field + 1]
            var w = s, i = s + 1  // skip the opening quote
            var inQuote = true
            while i < e {
                let c = buffer[i]
                if inQuote && c == 0x22 {
                    if i + 1 < e && buffer[i + 1] == 0x22 {
                        buffer[w] = 0x22
                        w += 1
                        i += 2
                    } else {
                        inQuote = false
                        i += 1
                    }
                    continue
                }
                buffer[w] = c
                w += 1
                i += 1
            }
            bounds[2 * field + 1] = w
        }
        fixups.removeAll(keepingCapacity: true)
    }

    /// Whether every field of the current record is empty or spaces.
    @inline(__always)
    func isBlankRecord() -> Bool {
        for f in 0..<fieldCount {
            var i = bounds[2 &* f]
            let e = bounds[2 &* f &+ 1]
            while i < e {
                let c = buffer[i]
                if c != 0x20 && c != 0x09 && c != 0x0D { return false }
                i &+= 1
            }
        }
        return true
    }
}

/// Eight-bytes-at-a-time byte search ("SIMD within a register").
enum SWAR {
    static let highs: UInt64 = 0x8080_8080_8080_8080
    static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let quotes: UInt64 = 0x2222_2222_2222_2222
    static let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    static let carriageReturns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

    /// `byte` in every lane.
    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// High bit set in exactly the lanes of `x` that are zero (no false positives, so every
    /// match in a word can be visited by clearing the lowest bit).
    @inline(__always)
    static func exactZeroBytes(_ x: UInt64) -> UInt64 {
        let y = (x & lows) &+ lows
        return ~(y | x | lows)
    }
}

/// Calls `csv` with `row` as the concrete ``CSVRow`` when it is one, else `other`, so CSV rows are
/// decoded by a copy of the decoder specialised for them (no dynamic dispatch per field).
@inline(__always)
func specialisingCSV<Row: TableRow, R>(_ row: Row, csv: (CSVRow) -> R, other: (Row) -> R) -> R {
    if Row.self == CSVRow.self {
        // Same type, so reinterpreting the reference is exact (and skips a dynamic cast per row).
        return csv(withUnsafePointer(to: row) { $0.withMemoryRebound(to: CSVRow.self, capacity: 1) { $0.pointee } })
    }
    return other(row)
}
