import Registry

/// A JSON array of strings written and read by hand (mảng chuỗi JSON): audit entity ids and the
/// `json_each` arguments of scoped queries go through it on every request, where Foundation's
/// JSON coders cost more than the query (measured under `Benchmarks/web.sh`). The output is
/// plain RFC 8259 JSON that SQLite's JSON functions and any JSON reader accept.
package enum JSONStringArray {
    /// `["a","b"]`, each string written by ``JSONText/appendString(_:to:)``.
    package static func encode(_ values: [String]) -> String {
        var out = "["
        out.reserveCapacity(values.reduce(2) { $0 + $1.utf8.count + 3 })
        for (i, value) in values.enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(value, to: &out)
        }
        return out + "]"
    }

    /// The strings of a JSON array of strings, or `nil` when the text is anything else.
    package static func decode(_ text: String) -> [String]? {
        var bytes = Array(text.utf8)[...]
        func skipSpace() { while let b = bytes.first, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { bytes.removeFirst() } }
        skipSpace()
        guard bytes.popFirst() == UInt8(ascii: "[") else { return nil }
        var result: [String] = []
        skipSpace()
        if bytes.first == UInt8(ascii: "]") { bytes.removeFirst(); skipSpace(); return bytes.isEmpty ? result : nil }
        while true {
            skipSpace()
            guard bytes.popFirst() == UInt8(ascii: "\"") else { return nil }
            var value: [UInt8] = []
            var scalars = ""
            func flush() { if !value.isEmpty { scalars += String(decoding: value, as: UTF8.self); value.removeAll(keepingCapacity: true) } }
            while true {
                guard let b = bytes.popFirst() else { return nil }
                if b == UInt8(ascii: "\"") { break }
                if b != UInt8(ascii: "\\") { value.append(b); continue }
                guard let e = bytes.popFirst() else { return nil }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): value.append(e)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "f"): value.append(0x0C)
                case UInt8(ascii: "u"):
                    func hex4() -> UInt32? {
                        guard bytes.count >= 4, let v = UInt32(String(decoding: bytes.prefix(4), as: UTF8.self), radix: 16) else { return nil }
                        bytes.removeFirst(4)
                        return v
                    }
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        guard bytes.popFirst() == UInt8(ascii: "\\"), bytes.popFirst() == UInt8(ascii: "u"), let low = hex4(),
                              (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    flush()
                    scalars.unicodeScalars.append(scalar)
                default: return nil
                }
            }
            flush()
            result.append(scalars)
            skipSpace()
            guard let next = bytes.popFirst() else { return nil }
            if next == UInt8(ascii: "]") { break }
            guard next == UInt8(ascii: ",") else { return nil }
        }
        skipSpace()
        return bytes.isEmpty ? result : nil
    }
}
