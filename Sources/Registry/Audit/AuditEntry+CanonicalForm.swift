import Foundation
import VietnameseText

extension AuditEntry {
    /// Deterministic canonical form hashed into the chain (dạng chuẩn để băm): a JSON object with
    /// keys in a fixed order, every field except `hash`, dates as ISO 8601 UTC with milliseconds.
    ///
    /// Keys, in order: `sequence`, `at`, `account`, `role`, `assignment`, `ip`, `user_agent`,
    /// `request_id`, `action`, `entity_type`, `entity_ids`, `before`, `after`, `purpose`,
    /// `row_count`, `file_hash`, `previous_hash`. Absent values are `null` rather than missing so
    /// the shape never varies. `before` and `after` are embedded as JSON *strings*, not parsed: the
    /// hash must cover the exact stored text, and re-serialising it could differ from one JSON
    /// library to the next. Strings are written as their UTF-8 bytes with only `"`, `\` and control
    /// characters escaped, and no Unicode normalisation, for the same reason. `at` is rounded to
    /// the nearest millisecond, so the store must keep at least millisecond precision.
    public var canonicalForm: String { String(decoding: canonicalBytes(), as: UTF8.self) }

    /// An entry chained after `previousHash` (niêm phong): `previousHash` set and `hash` computed.
    public static func sealed(_ entry: AuditEntry, after previousHash: String) -> AuditEntry {
        var sealed = entry
        sealed.previousHash = previousHash
        sealed.hash = sealed.computedHash()
        return sealed
    }

    /// SHA-256 of ``previousHash`` followed by ``canonicalForm``, fed in two parts so the two are
    /// never copied into one buffer.
    func computedHash() -> String {
        var hasher = SHA256.Hasher()
        hasher.update(previousHash.utf8)
        hasher.update(canonicalBytes())
        return hasher.finalizeHex()
    }

    func canonicalBytes() -> [UInt8] {
        var json = CanonicalJSON()
        json.key("sequence", first: true)
        json.number(sequence)
        json.key("at")
        json.timestamp(at)
        json.key("account")
        json.string(account)
        json.key("role")
        json.string(role)
        json.key("assignment")
        json.string(assignment)
        json.key("ip")
        json.string(ip)
        json.key("user_agent")
        json.string(userAgent)
        json.key("request_id")
        json.string(requestID)
        json.key("action")
        json.string(action.rawValue)
        json.key("entity_type")
        json.string(entityType)
        json.key("entity_ids")
        json.strings(entityIDs)
        json.key("before")
        json.string(before)
        json.key("after")
        json.string(after)
        json.key("purpose")
        json.string(purpose)
        json.key("row_count")
        json.number(rowCount.map(Int64.init))
        json.key("file_hash")
        json.string(fileHash)
        json.key("previous_hash")
        json.string(previousHash)
        json.bytes.append(0x7D)
        return json.bytes
    }
}

/// Writes the canonical JSON byte by byte; Foundation's encoder is not used because its key order,
/// escaping and date format are not promised to stay the same across platforms and versions.
private struct CanonicalJSON {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    var bytes: [UInt8]

    init() {
        bytes = [0x7B]
        bytes.reserveCapacity(512)
    }

    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(0x2C) }
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22)
        bytes.append(0x3A)
    }

    mutating func null() { bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    mutating func number(_ value: Int64?) {
        guard let value else { return null() }
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        bytes.append(0x22)
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: utf8)
        } else {
            for byte in utf8 {
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
                case ..<0x20:
                    let hex = CanonicalJSON.hexDigits
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }

    mutating func strings(_ values: [String]) {
        bytes.append(0x5B)
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(0x2C) }
            string(value)
        }
        bytes.append(0x5D)
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC.
    mutating func timestamp(_ date: Date) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let perDay: Int64 = 86_400_000
        var days = millis / perDay
        var ofDay = millis % perDay
        if ofDay < 0 {
            days -= 1
            ofDay += perDay
        }
        let day = CivilDate(daysSince1970: Int(days))
        bytes.append(0x22)
        if day.year < 0 { bytes.append(0x2D) }
        digits(abs(day.year), width: 4)
        bytes.append(0x2D)
        digits(day.month, width: 2)
        bytes.append(0x2D)
        digits(day.day, width: 2)
        bytes.append(0x54)
        let ms = Int(ofDay)
        digits(ms / 3_600_000, width: 2)
        bytes.append(0x3A)
        digits(ms / 60_000 % 60, width: 2)
        bytes.append(0x3A)
        digits(ms / 1000 % 60, width: 2)
        bytes.append(0x2E)
        digits(ms % 1000, width: 3)
        bytes.append(0x5A)
        bytes.append(0x22)
    }

    /// A non-negative number, zero-padded to `width`.
    private mutating func digits(_ value: Int, width: Int) {
        let text = String(value).utf8
        if text.count < width { bytes.append(contentsOf: repeatElement(0x30, count: width - text.count)) }
        bytes.append(contentsOf: text)
    }
}
