/// Base32 of RFC 4648 §6 (mã base32): how TOTP secrets are written for people and in `otpauth://`
/// URIs — upper-case letters and the digits 2–7, no padding.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// The text of `bytes`, without `=` padding (authenticator apps expect none).
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, ignoring case, spaces, hyphens and trailing `=`; `nil` when another
    /// character occurs or the length cannot be base32.
    public static func decode(_ text: String) -> [UInt8]? {
        var buffer = 0, bits = 0
        var out: [UInt8] = []
        var symbols = 0
        for c in text.utf8 where c != UInt8(ascii: " ") && c != UInt8(ascii: "-") && c != UInt8(ascii: "=") {
            let value: Int
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = Int(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = Int(c - UInt8(ascii: "a"))
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = Int(c - UInt8(ascii: "2")) + 26
            default: return nil
            }
            symbols += 1
            buffer = (buffer << 5 | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        // A valid encoding leaves 0, 2, 4, 5 or 7 symbols in its last group of eight.
        guard [0, 2, 4, 5, 7].contains(symbols % 8) else { return nil }
        return out
    }

    /// `text` in groups of four separated by spaces, for typing by hand (`JBSW Y3DP EHPK 3PXP`).
    public static func grouped(_ text: String) -> String {
        var out = ""
        for (i, c) in text.enumerated() {
            if i > 0 && i % 4 == 0 { out.append(" ") }
            out.append(c)
        }
        return out
    }
}
