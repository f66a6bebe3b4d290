/// JSON text written by hand (văn bản JSON) where Foundation's coders would cost more than the
/// work around them: the audit log's field changes and entity ids, written on every change and
/// every personal-data read.
public enum JSONText {
    /// Appends `text` as a JSON string: quote, backslash and control characters escaped;
    /// Vietnamese letters are kept as UTF-8, which JSON allows and people can read.
    public static func appendString(_ text: String, to out: inout String) {
        out.unicodeScalars.append("\"")
        // Most text (codes, names) needs no escape: copied whole. 0xE2 leads U+2028 and U+2029.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += text
            out.unicodeScalars.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}", "\u{2028}", "\u{2029}":
                // Line and paragraph separators are valid JSON but end a line in JavaScript.
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out.unicodeScalars.append("\"")
    }
}
