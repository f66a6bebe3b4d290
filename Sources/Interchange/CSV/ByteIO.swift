import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over POSIX file calls shared by the CSV and XLSX code.
///
/// `read(2)`/`write(2)` on a descriptor are used instead of `FileHandle` because the readers move
/// hundreds of megabytes through one reusable buffer and `FileHandle` would hand back a fresh
/// `Data` per chunk.
enum PosixFile {
    /// Opens `path` for reading, mapping failures to ``InterchangeFileError``.
    static func openForReading(_ path: String, fileName: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let err = errno
            throw InterchangeFileError(
                code: err == ENOENT || err == ENOTDIR ? .fileNotFound : .fileUnreadable,
                file: fileName, detail: String(cString: strerror(err)))
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InterchangeFileError(code: .fileUnreadable, file: fileName, detail: "is a directory")
        }
        return fd
    }

    /// Size of the open file, or `nil` for pipes and other streams.
    static func size(_ fd: Int32) -> Int64? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(st.st_size)
    }

    /// Size of the regular file at `path`, or `nil`.
    static func size(path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(st.st_size)
    }

    /// Reads up to `count` bytes, retrying on `EINTR`; returns 0 at end of file.
    static func readSome(_ fd: Int32, into pointer: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        while true {
            let n = read(fd, pointer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// Writes all `count` bytes, retrying on `EINTR` and short writes.
    static func writeAll(_ fd: Int32, _ pointer: UnsafePointer<UInt8>, count: Int) throws {
        var done = 0
        while done < count {
            let n = write(fd, pointer + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            done += n
        }
    }

    /// Human-readable text of a thrown system error, for ``InterchangeFileError/detail``.
    static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return String(describing: error)
    }
}

/// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    /// Index of the first byte in `[from, to)` that starts an invalid sequence (including one cut
    /// off by `to`), or `to` when all are valid.
    ///
    /// Eight bytes at a time while they are ASCII, which is most of a registry file.
    static func firstInvalid(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
        var i = from
        let raw = UnsafeRawPointer(p)
        while i < to {
            if i + 8 <= to {
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
                if high == 0 {
                    i += 8
                    continue
                }
                i += high.trailingZeroBitCount >> 3  // straight to the first non-ASCII byte
            }
            let b = p[i]
            if b < 0x80 {
                i += 1
                continue
            }
            // Branches ordered by frequency in Vietnamese text: 3-byte (ạ…ỹ), then 2-byte (ă đ ơ ư).
            if b >= 0xE0 && b < 0xF0 {
                guard i + 2 < to else { return i }
                let b1 = p[i + 1], b2 = p[i + 2]
                guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return i }
                if b == 0xE0 && b1 < 0xA0 { return i }  // overlong
                if b == 0xED && b1 > 0x9F { return i }  // surrogate
                i += 3
                continue
            }
            if b >= 0xC2 && b < 0xE0 {
                guard i + 1 < to, p[i + 1] & 0xC0 == 0x80 else { return i }
                i += 2
                continue
            }
            guard b >= 0xF0 && b <= 0xF4, i + 3 < to else { return i }
            let b1 = p[i + 1]
            guard b1 & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return i }
            if b == 0xF0 && b1 < 0x90 { return i }  // overlong
            if b == 0xF4 && b1 > 0x8F { return i }  // above U+10FFFF
            i += 4
        }
        return to
    }
}
