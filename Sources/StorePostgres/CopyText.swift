import Foundation
import NIOCore
import StoreCore

/// Rows in the text format of `COPY … FROM STDIN` (dòng cho COPY): tab-separated columns, one
/// line per row, `\N` for NULL, backslash escapes for tab, newline, carriage return and
/// backslash; booleans `t`/`f`. Written on the thread that reads the import files (a
/// ``ValueSink``, so households and members go through the shared ``RecordColumns``), sent as is.
final class CopyText: ValueSink, @unchecked Sendable {
    private(set) var buffer: ByteBuffer
    private var atRowStart = true
    /// Rows written since the last ``take()``.
    private(set) var rows = 0

    init(capacity: Int = 64 * 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// The bytes written so far, leaving an empty buffer.
    func take() -> ByteBuffer {
        let done = buffer
        buffer = ByteBufferAllocator().buffer(capacity: max(1024, done.readableBytes))
        rows = 0
        return done
    }

    var isEmpty: Bool { buffer.readableBytes == 0 }

    /// Ends the current row.
    func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        atRowStart = true
        rows += 1
    }

    @inline(__always) private func separate() {
        if atRowStart { atRowStart = false } else { buffer.writeInteger(UInt8(ascii: "\t")) }
    }

    @inline(__always) private func null() {
        buffer.writeInteger(UInt8(ascii: "\\"))
        buffer.writeInteger(UInt8(ascii: "N"))
    }

    func bind(_ text: String?) {
        separate()
        guard var text else { return null() }
        text.withUTF8 { writeEscaped($0) }
    }

    func bind(static text: StaticString?) {
        separate()
        guard let text else { return null() }
        writeEscaped(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Most values need no escape: one copy.
        if !bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            buffer.writeBytes(bytes)
            return
        }
        for b in bytes {
            switch b {
            case 0x5C: buffer.writeBytes([0x5C, 0x5C])
            case 0x09: buffer.writeBytes([0x5C, UInt8(ascii: "t")])
            case 0x0A: buffer.writeBytes([0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.writeBytes([0x5C, UInt8(ascii: "r")])
            default: buffer.writeInteger(b)
            }
        }
    }

    func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    func bind(_ value: Int64?) {
        separate()
        guard let value else { return null() }
        if value >= 0 && value < 10 {
            buffer.writeInteger(UInt8(48 + value))
        } else {
            buffer.writeString(String(value))
        }
    }

    func bind(_ value: Bool?) {
        separate()
        guard let value else { return null() }
        buffer.writeInteger(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    func bind(_ value: Double?) {
        separate()
        guard let value else { return null() }
        // Swift's shortest round-trip form; PostgreSQL reads it back to the same double.
        buffer.writeString(value.description)
    }
}
