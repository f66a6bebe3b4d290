import Foundation
import StoreCore

/// A ``ValueSink`` that also takes blobs (a sealed CCCD and its keyed hash): a prepared
/// statement (bound at once) or a ``RowBuffer`` (kept for later).
protocol BlobSink: ValueSink {
    func bind(blob: [UInt8]?)
}

/// Row values encoded into flat storage on one thread, bound on another (lô dòng đã mã hóa).
///
/// A bulk load encodes on the thread that reads the files, so the thread that writes SQLite
/// only binds: no `String` bridging, formatting, dictionary lookups or reference counting per
/// value on the critical path. Text lives in one byte array; SQLite reads it in place.
final class RowBuffer: BlobSink, @unchecked Sendable {
    enum Kind: UInt8 {
        case null, int, double, text, staticText, blob
    }

    struct Slot {
        var kind: Kind
        /// The integer, the double's bits, the text's or blob's offset in `bytes`, or a static text's address.
        var value: Int64
        /// Text or blob length in bytes.
        var count: Int32
    }

    // Appended to for every value of millions of rows by one thread: no dynamic exclusivity
    // checks (they cost more than the append).
    @exclusivity(unchecked) var slots: [Slot] = []
    @exclusivity(unchecked) var bytes: [UInt8] = []

    init(slots: Int, bytes: Int) {
        reserve(slots: slots, bytes: bytes)
    }

    /// Makes room for `slots` values and `bytes` bytes of text.
    func reserve(slots: Int, bytes: Int) {
        self.slots.reserveCapacity(slots)
        self.bytes.reserveCapacity(bytes)
    }

    func bind(_ text: String?) {
        guard var text else { return slots.append(Slot(kind: .null, value: 0, count: 0)) }
        let offset = bytes.count
        text.withUTF8 { bytes.append(contentsOf: $0) }
        slots.append(Slot(kind: .text, value: Int64(offset), count: Int32(bytes.count - offset)))
    }

    func bind(static text: StaticString?) {
        guard let text else { return slots.append(Slot(kind: .null, value: 0, count: 0)) }
        slots.append(Slot(kind: .staticText, value: Int64(Int(bitPattern: text.utf8Start)), count: Int32(text.utf8CodeUnitCount)))
    }

    func bind(blob: [UInt8]?) {
        guard let blob else { return slots.append(Slot(kind: .null, value: 0, count: 0)) }
        slots.append(Slot(kind: .blob, value: Int64(bytes.count), count: Int32(blob.count)))
        bytes.append(contentsOf: blob)
    }

    /// Sets the value of an already bound slot to `blob` (its bytes appended to ``bytes``).
    func setBlob(_ blob: UnsafeRawBufferPointer, at slot: Int) {
        slots[slot] = Slot(kind: .blob, value: Int64(bytes.count), count: Int32(blob.count))
        bytes.append(contentsOf: blob)
    }

    func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    func bind(_ value: Int64?) {
        guard let value else { return slots.append(Slot(kind: .null, value: 0, count: 0)) }
        slots.append(Slot(kind: .int, value: value, count: 0))
    }

    func bind(_ value: Bool?) { bind(value.map { Int64($0 ? 1 : 0) }) }

    func bind(_ value: Double?) {
        guard let value else { return slots.append(Slot(kind: .null, value: 0, count: 0)) }
        slots.append(Slot(kind: .double, value: Int64(bitPattern: value.bitPattern), count: 0))
    }
}
