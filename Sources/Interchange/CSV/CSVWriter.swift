import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming CSV writer (ghi tệp CSV) that publishes its file only on ``commit()``.
///
/// Rows go through one reusable 1 MiB byte buffer. A field is quoted only when it contains the
/// delimiter, a quote, or a line break; quotes inside are doubled. Lines end in `\n` (not the
/// RFC's `\r\n`): every spreadsheet and tool reads both, and `\n` keeps files diff-friendly.
///
/// A file destination is written to a hidden temporary file in the same directory and renamed
/// over `path` by ``commit()``, so a run that fails half-way — or never calls `commit()` — leaves
/// no partial file behind (the CLI must write nothing on error). ``discard()``, or releasing an
/// uncommitted writer, removes the temporary file.
public final class CSVWriter {
    /// Name used in error messages (the destination's last path component or `stdout`).
    public let fileName: String
    /// The field delimiter written.
    public let delimiter: UInt8
    /// Rows finished with ``endRow()`` or ``writeRow(_:)``.
    public private(set) var rowsWritten = 0

    private let fd: Int32
    private let finalPath: String?
    private let tempPath: String?
    private var buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var used = 0
    private var fieldsInRow = 0
    private var finished = false

    /// Creates a writer to the file at `path` (published on ``commit()``).
    ///
    /// - Parameters:
    ///   - path: destination; an existing file is replaced atomically on commit.
    ///   - delimiter: field separator, `,` by default.
    ///   - byteOrderMark: start with a UTF-8 BOM. Off by default (tools and `diff` prefer plain
    ///     UTF-8); turn it on for files meant to be double-clicked open in Excel, which otherwise
    ///     reads UTF-8 CSV as the Windows code page and garbles Vietnamese.
    ///   - bufferCapacity: size of the byte buffer.
    /// - Throws: ``InterchangeFileError`` (`file.write_failed`) when the directory is not writable.
    public init(path: String, delimiter: UInt8 = 0x2C, byteOrderMark: Bool = false, bufferCapacity: Int = 1 << 20) throws {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let directory = url.deletingLastPathComponent().path
        let temp = directory + "/." + name + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InterchangeFileError(code: .fileWriteFailed, file: name, detail: String(cString: strerror(errno)))
        }
        self.fileName = name
        self.delimiter = delimiter
        self.fd = fd
        self.finalPath = url.path
        self.tempPath = temp
        self.capacity = max(64, bufferCapacity)
        self.buffer = .allocate(capacity: capacity)
        if byteOrderMark { appendBOM() }
    }

    /// A writer to standard output (đầu ra chuẩn); ``commit()`` only flushes.
    public static func standardOutput(delimiter: UInt8 = 0x2C, byteOrderMark: Bool = false, bufferCapacity: Int = 1 << 20) -> CSVWriter {
        CSVWriter(standardOutputWithDelimiter: delimiter, byteOrderMark: byteOrderMark, bufferCapacity: bufferCapacity)
    }

    private init(standardOutputWithDelimiter delimiter: UInt8, byteOrderMark: Bool, bufferCapacity: Int) {
        self.fileName = "stdout"
        self.delimiter = delimiter
        self.fd = STDOUT_FILENO
        self.finalPath = nil
        self.tempPath = nil
        self.capacity = max(64, bufferCapacity)
        self.buffer = .allocate(capacity: capacity)
        if byteOrderMark { appendBOM() }
    }

    deinit {
        if !finished { discard() }
        buffer.deallocate()
    }

    private func appendBOM() {
        buffer[0] = 0xEF
        buffer[1] = 0xBB
        buffer[2] = 0xBF
        used = 3
    }

    // MARK: Rows

    /// Writes a whole row of text fields.
    public func writeRow(_ fields: [String]) throws {
        for field in fields { try writeField(field) }
        try endRow()
    }

    /// Writes one text field of the current row, quoting it if needed.
    public func writeField(_ text: String) throws {
        var text = text
        try text.withUTF8 { try writeField($0) }
    }

    /// Writes one field given as UTF-8 bytes, quoting it if needed.
    public func writeField(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        try separate()
        guard needsQuotes(bytes) else {
            try append(bytes)
            return
        }
        var quotes = 0
        for b in bytes where b == 0x22 { quotes += 1 }
        try reserve(bytes.count + quotes + 2)
        if bytes.count + quotes + 2 > capacity {
            // Larger than the buffer: write in pieces, doubling quotes as we go.
            try appendByte(0x22)
            for b in bytes {
                if b == 0x22 { try appendByte(0x22) }
                try appendByte(b)
            }
            try appendByte(0x22)
            return
        }
        buffer[used] = 0x22
        used += 1
        for b in bytes {
            if b == 0x22 {
                buffer[used] = 0x22
                used += 1
            }
            buffer[used] = b
            used += 1
        }
        buffer[used] = 0x22
        used += 1
    }

    /// Whether the field holds the delimiter, a quote or a line break; eight bytes at a time.
    @inline(__always)
    private func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        let raw = UnsafeRawPointer(base)
        let delimiters = SWAR.broadcast(delimiter)
        var i = 0
        while i &+ 8 <= n {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if SWAR.exactZeroBytes(word ^ delimiters) | SWAR.exactZeroBytes(word ^ SWAR.quotes)
                | SWAR.exactZeroBytes(word ^ SWAR.lineFeeds) | SWAR.exactZeroBytes(word ^ SWAR.carriageReturns) != 0
            {
                return true
            }
            i &+= 8
        }
        while i < n {
            let b = base[i]
            if b == delimiter || b == 0x22 || b == 0x0A || b == 0x0D { return true }
            i &+= 1
        }
        return false
    }

    /// Writes one integer field (never quoted) without making a `String`.
    public func writeField(_ value: Int) throws {
        try separate()
        try reserve(20)
        var v = value.magnitude
        if value < 0 {
            buffer[used] = 0x2D
            used += 1
        }
        var digits = 1
        var probe = v
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var i = used + digits
        used = i
        repeat {
            i -= 1
            buffer[i] = UInt8(0x30 + v % 10)
            v /= 10
        } while v > 0
    }

    /// Writes complete rows already encoded by a ``CSVRowEncoder`` (each ending in `\n`).
    ///
    /// Lets callers render rows on several threads and write them in order from one.
    public func writeEncodedRows(_ encoder: CSVRowEncoder) throws {
        precondition(fieldsInRow == 0, "writeEncodedRows inside an unfinished row")
        try encoder.bytes.withUnsafeBufferPointer { try append($0) }
        rowsWritten += encoder.rows
    }

    /// Writes an empty field.
    public func writeEmptyField() throws {
        try separate()
    }

    /// Ends the current row with `\n`.
    public func endRow() throws {
        try appendByte(0x0A)
        fieldsInRow = 0
        rowsWritten += 1
    }

    // MARK: Finishing

    /// Writes buffered bytes to the destination (still the temporary file for a file writer).
    public func flush() throws {
        guard used > 0 else { return }
        do {
            try PosixFile.writeAll(fd, buffer, count: used)
        } catch {
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: PosixFile.describe(error))
        }
        used = 0
    }

    /// Flushes and publishes the file: syncs the temporary file to disk and renames it over the
    /// destination. For standard output, only flushes. The writer cannot be used afterwards.
    public func commit() throws {
        precondition(!finished, "CSVWriter used after commit() or discard()")
        do {
            try flush()
        } catch {
            discard()
            throw error
        }
        guard let tempPath, let finalPath else {
            finished = true
            return
        }
        finished = true
        if fsync(fd) != 0 || closeDescriptor(fd) != 0 {
            let message = String(cString: strerror(errno))
            unlink(tempPath)
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: message)
        }
        if rename(tempPath, finalPath) != 0 {
            let message = String(cString: strerror(errno))
            unlink(tempPath)
            throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: message)
        }
    }

    /// Same as ``commit()``: for a file, this publishes it. Provided for callers that think of
    /// standard output as something to close.
    public func close() throws {
        try commit()
    }

    /// Abandons the output: the temporary file is removed and the destination is left as it was.
    /// Bytes already flushed to standard output cannot be taken back.
    public func discard() {
        guard !finished else { return }
        finished = true
        used = 0
        if let tempPath {
            closeDescriptor(fd)
            unlink(tempPath)
        }
    }

    // MARK: Buffer

    @inline(__always)
    private func separate() throws {
        if fieldsInRow > 0 { try appendByte(delimiter) }
        fieldsInRow += 1
    }

    @inline(__always)
    private func reserve(_ count: Int) throws {
        if used + count > capacity { try flush() }
    }

    @inline(__always)
    private func appendByte(_ b: UInt8) throws {
        if used == capacity { try flush() }
        buffer[used] = b
        used += 1
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if used + bytes.count > capacity {
            try flush()
            if bytes.count > capacity {
                do {
                    try PosixFile.writeAll(fd, base, count: bytes.count)
                } catch {
                    throw InterchangeFileError(code: .fileWriteFailed, file: fileName, detail: PosixFile.describe(error))
                }
                return
            }
        }
        (buffer + used).update(from: base, count: bytes.count)
        used += bytes.count
    }
}

/// `close(2)`, reachable from inside types that have a `close()` method of their own.
@discardableResult
func closeDescriptor(_ fd: Int32) -> Int32 {
    close(fd)
}
