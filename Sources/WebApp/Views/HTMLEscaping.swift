import Mustache

/// HTML escaping of template values by bytes (échappement HTML), registered with swift-mustache
/// as the content type every page template is loaded with.
///
/// The library's own HTML content type escapes `Character` by `Character` through a dictionary
/// and always builds a new string; under `perf` on the household page that was a tenth of the
/// request's CPU. Almost every value (names, codes, dates) has nothing to escape, so this scans
/// the UTF-8 bytes once and returns the text itself when none of `< > & " '` occurs. The
/// replacements are the library's: `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#39;`.
struct HTMLEscaping: MustacheContentType {
    /// The name of the content type in the `{{% CONTENT_TYPE: … }}` pragma.
    static let name = "GIAMNGHEO_HTML"

    /// The pragma put before every template's text when the library is loaded.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"

    /// Registers the content type with swift-mustache (idempotent).
    static func register() {
        MustacheContentTypes.register(HTMLEscaping(), named: name)
    }

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            for byte in bytes {
                switch byte {
                case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                    // &lt;
                case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                    // &gt;
                case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])              // &amp;
                case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])        // &quot;
                case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])              // &#39;
                default: out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }
}

// Strings and numbers render themselves: swift-mustache then finds them on its second type test
// instead of falling through lambda, optional and `String(describing:)` tests for every tag.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheCustomRenderable {
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
