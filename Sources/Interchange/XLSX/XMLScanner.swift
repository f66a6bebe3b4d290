import Foundation

/// A minimal pull tokenizer for the XML inside XLSX packages.
///
/// Foundation's `XMLParser` is not used: it is push-only (`parse()` runs to the end of the
/// document), which cannot back a pull-based ``RowSource`` without a helper thread, its
/// `init(data:)` needs the whole sheet in memory, and it builds a `String` and a dictionary for
/// every element — most of the cost of reading a large sheet. Sheet XML uses a small part of
/// XML: elements, attributes, text, the five predefined entities and character references,
/// occasionally CDATA, comments and processing instructions. DTDs are skipped and never expanded,
/// so entity-expansion attacks do not apply.
///
/// Tokens are byte ranges into the scanner's buffer, valid until the next call to ``next()``.
struct XMLScanner {
    enum Token: Equatable {
        /// `<name …>`; ``isSelfClosing`` tells `<name …/>`.
        case start
        /// `</name>`.
        case end
        /// Character data (raw: entities not yet decoded; see ``isCDATA``).
        case text
        /// End of the document.
        case eof
    }

    enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        case io(String)

        var description: String {
            switch self {
            case .malformed(let what): "malformed XML: \(what)"
            case .io(let what): what
            }
        }
    }

    private enum Source {
        case file(Int32)
        case memory
    }

    private var source: Source
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var filled = 0
    private var atEOF = false
    /// Bytes consumed before `buffer[0]`, for progress.
    private(set) var bytesBeforeBuffer: Int64 = 0

    /// Local name (prefix stripped) of the current start or end tag.
    private(set) var name = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Raw attribute text of the current start tag.
    private var attributes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Whether the current start tag is self-closing.
    private(set) var isSelfClosing = false
    /// Raw bytes of the current text token.
    private(set) var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// Whether the current text came from a CDATA section (no entity decoding).
    private(set) var isCDATA = false

    /// Scans the file open at `fd`; the scanner closes it.
    init(fileDescriptor fd: Int32, bufferSize: Int = 1 << 20) {
        source = .file(fd)
        capacity = max(64, bufferSize)
        buffer = .allocate(capacity: capacity)
    }

    /// Scans bytes held in memory.
    init(bytes: [UInt8]) {
        source = .memory
        capacity = max(64, bytes.count)
        buffer = .allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { if let base = $0.baseAddress { buffer.update(from: base, count: $0.count) } }
        filled = bytes.count
        atEOF = true
    }

    /// Frees the buffer and closes the file. The scanner must not be used afterwards.
    mutating func release() {
        if case .file(let fd) = source { closeDescriptor(fd) }
        buffer.deallocate()
        source = .memory
        filled = 0
        start = 0
        buffer = .allocate(capacity: 1)
        capacity = 1
    }

    /// Bytes consumed so far.
    var bytesConsumed: Int64 { bytesBeforeBuffer + Int64(start) }

    // MARK: Tokens

    /// Advances to the next token.
    mutating func next() throws -> Token {
        while true {
            if start >= filled {
                if atEOF { return .eof }
                try fill()
                continue
            }
            if buffer[start] != 0x3C {  // text up to the next '<'
                let end = filled
                if let lt = memchr(buffer + start, 0x3C, end - start) {
                    let at = lt.assumingMemoryBound(to: UInt8.self) - buffer
                    text = UnsafeBufferPointer(start: buffer + start, count: at - start)
                    isCDATA = false
                    start = at
                    return .text
                }
                if !atEOF {
                    try fill()
                    continue
                }
                text = UnsafeBufferPointer(start: buffer + start, count: end - start)
                isCDATA = false
                start = end
                return .text
            }
            if let token = try scanMarkup() { return token }
        }
    }

    /// Scans markup at `start` (which is `<`). Returns `nil` after skipping a comment,
    /// processing instruction or DOCTYPE, or after reading more input for an incomplete token.
    private mutating func scanMarkup() throws -> Token? {
        let p = start
        let end = filled
        guard p + 1 < end else { return try more() }
        let second = buffer[p + 1]
        if second == 0x3F {  // <? … ?>
            guard let close = find("?>", from: p + 2) else { return try more() }
            start = close + 2
            return nil
        }
        if second == 0x21 {  // <!
            if hasPrefix("<!--", at: p) {
                guard let close = find("-->", from: p + 4) else { return try more() }
                start = close + 3
                return nil
            }
            if hasPrefix("<![CDATA[", at: p) {
                guard let close = find("]]>", from: p + 9) else { return try more() }
                text = UnsafeBufferPointer(start: buffer + p + 9, count: close - p - 9)
                isCDATA = true
                start = close + 3
                return .text
            }
            if p + 9 > end && !atEOF { return try more() }
            // DOCTYPE or other declaration: skip to the matching '>' (internal subsets nest '<…>').
            var depth = 0
            var i = p + 1
            while i < end {
                let c = buffer[i]
                if c == 0x3C { depth += 1 } else if c == 0x3E {
                    if depth == 0 { break }
                    depth -= 1
                }
                i += 1
            }
            guard i < end else { return try more() }
            start = i + 1
            return nil
        }
        // Element tag: find the closing '>' outside attribute quotes.
        var i = p + 1
        var quote: UInt8 = 0
        while i < end {
            let c = buffer[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x3E {
                break
            }
            i += 1
        }
        guard i < end else { return try more() }
        let close = i
        start = close + 1
        if second == 0x2F {  // </name>
            var nameEnd = p + 2
            while nameEnd < close && !Self.isSpace(buffer[nameEnd]) { nameEnd += 1 }
            name = localName(from: p + 2, to: nameEnd)
            return .end
        }
        var contentEnd = close
        isSelfClosing = close > p + 1 && buffer[close - 1] == 0x2F
        if isSelfClosing { contentEnd -= 1 }
        var nameEnd = p + 1
        while nameEnd < contentEnd && !Self.isSpace(buffer[nameEnd]) { nameEnd += 1 }
        guard nameEnd > p + 1 else { throw XMLScanner.Failure.malformed("empty element name") }
        name = localName(from: p + 1, to: nameEnd)
        attributes = UnsafeBufferPointer(start: buffer + nameEnd, count: contentEnd - nameEnd)
        return .start
    }

    /// Reads more input for an incomplete token; a token cut by the end of input is an error.
    private mutating func more() throws -> Token? {
        if atEOF { throw XMLScanner.Failure.malformed("unexpected end of document") }
        try fill()
        return nil
    }

    private func localName(from: Int, to: Int) -> UnsafeBufferPointer<UInt8> {
        var s = from
        var i = from
        while i < to {
            if buffer[i] == 0x3A { s = i + 1 }
            i += 1
        }
        return UnsafeBufferPointer(start: buffer + s, count: to - s)
    }

    private func hasPrefix(_ literal: StaticString, at p: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard p + n <= filled else { return false }
        return memcmp(buffer + p, literal.utf8Start, n) == 0
    }

    private func find(_ literal: StaticString, from: Int) -> Int? {
        let n = literal.utf8CodeUnitCount
        let first = literal.utf8Start[0]
        var i = from
        while i + n <= filled {
            guard let hit = memchr(buffer + i, Int32(first), filled - i) else { return nil }
            let at = hit.assumingMemoryBound(to: UInt8.self) - buffer
            if at + n > filled { return nil }
            if memcmp(buffer + at, literal.utf8Start, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    private mutating func fill() throws {
        guard case .file(let fd) = source else {
            atEOF = true
            return
        }
        if start > 0 {
            let keep = filled - start
            if keep > 0 { buffer.update(from: buffer + start, count: keep) }
            bytesBeforeBuffer += Int64(start)
            filled = keep
            start = 0
        }
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        do {
            let n = try PosixFile.readSome(fd, into: buffer + filled, count: capacity - filled)
            if n == 0 { atEOF = true }
            filled += n
        } catch {
            throw XMLScanner.Failure.io(PosixFile.describe(error))
        }
    }

    // MARK: Attributes and names

    /// Whether the current tag's local name is `literal`.
    @inline(__always)
    func nameIs(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        return name.count == n && memcmp(name.baseAddress!, literal.utf8Start, n) == 0
    }

    /// Raw value of the current start tag's attribute whose local name is `localName`.
    func attribute(_ localName: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base = attributes.baseAddress else { return nil }
        let n = attributes.count
        let want = localName.utf8Start
        let wantCount = localName.utf8CodeUnitCount
        var i = 0
        while i < n {
            while i < n && Self.isSpace(base[i]) { i += 1 }
            let nameStart = i
            var local = i
            while i < n && base[i] != 0x3D && !Self.isSpace(base[i]) {
                if base[i] == 0x3A { local = i + 1 }
                i += 1
            }
            let nameEnd = i
            while i < n && Self.isSpace(base[i]) { i += 1 }
            guard i < n, base[i] == 0x3D else { return nil }
            i += 1
            while i < n && Self.isSpace(base[i]) { i += 1 }
            guard i < n, base[i] == 0x22 || base[i] == 0x27 else { return nil }
            let quote = base[i]
            i += 1
            let valueStart = i
            while i < n && base[i] != quote { i += 1 }
            let valueEnd = i
            i += 1
            _ = nameStart
            if nameEnd - local == wantCount && memcmp(base + local, want, wantCount) == 0 {
                return UnsafeBufferPointer(start: base + valueStart, count: valueEnd - valueStart)
            }
        }
        return nil
    }

    /// The attribute decoded as a `String`.
    func attributeString(_ localName: StaticString) -> String? {
        guard let raw = attribute(localName) else { return nil }
        var out: [UInt8] = []
        Self.appendDecoded(raw, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Entities

    /// Appends `raw` with entity and character references decoded. Unknown entities are kept as
    /// written rather than failing the whole file.
    static func appendDecoded(_ raw: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = raw.baseAddress else { return }
        let n = raw.count
        guard let amp = memchr(base, 0x26, n) else {
            out.append(contentsOf: raw)
            return
        }
        var i = 0
        var run = UnsafePointer(amp.assumingMemoryBound(to: UInt8.self)) - base
        while true {
            out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: run - i))
            i = run
            guard i < n else { return }
            // base[i] == '&'
            var j = i + 1
            while j < n && j - i <= 10 && base[j] != 0x3B { j += 1 }
            if j < n && base[j] == 0x3B, let scalar = entity(UnsafeBufferPointer(start: base + i + 1, count: j - i - 1)) {
                UTF8.encode(scalar) { out.append($0) }
                i = j + 1
            } else {
                out.append(0x26)
                i += 1
            }
            if let next = memchr(base + i, 0x26, n - i) {
                run = UnsafePointer(next.assumingMemoryBound(to: UInt8.self)) - base
            } else {
                run = n
            }
        }
    }

    private static func entity(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        switch name.count {
        case 2:
            if name[0] == 0x6C && name[1] == 0x74 { return "<" }
            if name[0] == 0x67 && name[1] == 0x74 { return ">" }
        case 3:
            if name[0] == 0x61 && name[1] == 0x6D && name[2] == 0x70 { return "&" }
        case 4:
            if name.elementsEqual("quot".utf8) { return "\"" }
            if name.elementsEqual("apos".utf8) { return "'" }
        default:
            break
        }
        guard name.count >= 2, name[0] == 0x23 else { return nil }  // '#'
        var value: UInt32 = 0
        if name[1] == 0x78 || name[1] == 0x58 {  // &#x…;
            guard name.count > 2 else { return nil }
            for c in name.dropFirst(2) {
                guard let d = hexValue(c), value < 0x110000 else { return nil }
                value = value * 16 + UInt32(d)
            }
        } else {
            for c in name.dropFirst() {
                guard c >= 0x30 && c <= 0x39, value < 0x110000 else { return nil }
                value = value * 10 + UInt32(c - 0x30)
            }
        }
        return Unicode.Scalar(value)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// OOXML's own escape for characters XML cannot carry (`_x000D_` for a carriage return,
/// `_x005F_` for a literal underscore before such a pattern), used in cell text.
enum OOXMLEscape {
    /// Decodes `_xHHHH_` sequences in `bytes[from...]` in place of the array's tail.
    static func decode(_ bytes: inout [UInt8], from: Int) {
        guard bytes[from...].contains(0x5F) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - from)
        var i = from
        let n = bytes.count
        while i < n {
            if bytes[i] == 0x5F, i + 6 < n, bytes[i + 1] == 0x78, bytes[i + 6] == 0x5F,
                let h1 = XMLScanner.hexValue(bytes[i + 2]), let h2 = XMLScanner.hexValue(bytes[i + 3]),
                let h3 = XMLScanner.hexValue(bytes[i + 4]), let h4 = XMLScanner.hexValue(bytes[i + 5])
            {
                let value = UInt32(h1) << 12 | UInt32(h2) << 8 | UInt32(h3) << 4 | UInt32(h4)
                if let scalar = Unicode.Scalar(value) {
                    UTF8.encode(scalar) { out.append($0) }
                    i += 7
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        bytes.replaceSubrange(from..., with: out)
    }

    /// Whether `bytes[i...]` starts with a `_xHHHH_` pattern (which must itself be escaped).
    static func looksLikeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        i + 6 < bytes.count && bytes[i] == 0x5F && bytes[i + 1] == 0x78 && bytes[i + 6] == 0x5F
            && XMLScanner.hexValue(bytes[i + 2]) != nil && XMLScanner.hexValue(bytes[i + 3]) != nil
            && XMLScanner.hexValue(bytes[i + 4]) != nil && XMLScanner.hexValue(bytes[i + 5]) != nil
    }
}
