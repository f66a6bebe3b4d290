import Foundation

/// Vietnamese text utilities (tiện ích văn bản tiếng Việt): diacritic folding for matching,
/// Unicode normalisation, and the number and date formats of Vietnamese documents.
///
/// Everything here is a pure function on values; nothing depends on the process locale, so results
/// are the same on a server in any country.
public enum VietnameseText {}

// MARK: - Folding

extension VietnameseText {
    /// Folds text for search and matching (so sánh không dấu): lowercase, every diacritic removed,
    /// `đ`/`Đ` → `d`, runs of whitespace (including no-break spaces) collapsed to one space, trimmed.
    ///
    /// `"  Nguyễn  Văn ĐỨC "` → `"nguyen van duc"`. Works the same on NFC and NFD input because
    /// combining marks are simply dropped. Foundation's diacritic-insensitive folding is not used:
    /// on Linux it leaves `đ` unfolded, and it is much slower.
    ///
    /// Diacritics are removed from Latin letters (U+00C0–U+024F, U+1E00–U+1EFF) and as combining
    /// marks; other scripts are only lowercased.
    public static func fold(_ text: String) -> String {
        var text = text
        if let ascii = text.withUTF8({ foldASCII($0, keyOnly: false) }) {
            return ascii.unchanged ? text : ascii.folded
        }
        return foldScalars(text, keyOnly: false)
    }

    /// Folds text to a matching key: like ``fold(_:)`` and then every character that is not a
    /// letter or digit is dropped; superscript digits become digits.
    ///
    /// Used to match column headers and their aliases however the user spaced or punctuated them:
    /// `"Thu nhập bình quân đầu người/tháng"` → `"thunhapbinhquandaunguoithang"`,
    /// `"Diện tích nhà ở (m²)"` → `"dientichnhaom2"`.
    public static func foldKey(_ text: String) -> String {
        var text = text
        if let ascii = text.withUTF8({ foldASCII($0, keyOnly: true) }) {
            return ascii.unchanged ? text : ascii.folded
        }
        return foldScalars(text, keyOnly: true)
    }

    /// ASCII fast path. Returns `nil` when the text has non-ASCII bytes; `unchanged` avoids
    /// allocating when the text is already folded (the common case for codes and English headers).
    private static func foldASCII(
        _ bytes: UnsafeBufferPointer<UInt8>, keyOnly: Bool
    ) -> (unchanged: Bool, folded: String)? {
        var clean = true
        var previousSpace = true  // so a leading space counts as "not clean"
        for b in bytes {
            if b >= 0x80 { return nil }
            if keyOnly {
                if !(isASCIILower(b) || isASCIIDigit(b)) { clean = false }
            } else if isASCIISpace(b) {
                if b != 0x20 || previousSpace { clean = false }
                previousSpace = true
            } else {
                if b >= 0x41 && b <= 0x5A { clean = false }
                previousSpace = false
            }
        }
        if !keyOnly && previousSpace && !bytes.isEmpty { clean = false }
        if clean { return (true, "") }

        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for b in bytes {
            var c = b
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if keyOnly {
                if isASCIILower(c) || isASCIIDigit(c) { out.append(c) }
            } else if isASCIISpace(c) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(c)
            }
        }
        return (false, String(decoding: out, as: UTF8.self))
    }

    /// General path over Unicode scalars.
    private static func foldScalars(_ text: String, keyOnly: Bool) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false

        func emit(_ scalar: Unicode.Scalar) {
            if pendingSpace { out.append(0x20); pendingSpace = false }
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { out.append($0) }
            }
        }

        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                var c = UInt8(v)
                if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                if keyOnly {
                    if isASCIILower(c) || isASCIIDigit(c) { out.append(c) }
                } else if isASCIISpace(c) {
                    pendingSpace = !out.isEmpty
                } else {
                    emit(Unicode.Scalar(c))
                }
                continue
            }
            if isCombiningMark(scalar) { continue }
            if let info = LatinTable.info(v), info.base != 0 {
                emit(Unicode.Scalar(info.base))
                continue
            }
            if scalar.properties.isWhitespace {
                if !keyOnly { pendingSpace = !out.isEmpty }
                continue
            }
            if keyOnly, let digit = superscriptDigit(v) {
                emit(Unicode.Scalar(digit))
                continue
            }
            if keyOnly && !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil) {
                continue
            }
            if scalar.properties.changesWhenLowercased {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars where !isCombiningMark(lower) {
                    emit(lower)
                }
            } else {
                emit(scalar)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func isASCIILower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isASCIIDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// Combining marks are what NFD splits diacritics into; U+0300–U+036F covers every Vietnamese
    /// mark, the property check catches the rest.
    @inline(__always)
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x0300 { return false }
        if v <= 0x036F { return true }
        return scalar.properties.generalCategory == .nonspacingMark
    }

    private static func superscriptDigit(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x00B9: return 0x31
        case 0x00B2: return 0x32
        case 0x00B3: return 0x33
        case 0x2070: return 0x30
        case 0x2074...0x2079: return UInt8(0x30 + v - 0x2070)
        default: return nil
        }
    }
}

// MARK: - Normalisation

extension VietnameseText {
    /// The text in Unicode Normalization Form C (dạng chuẩn NFC), the form names are stored in.
    ///
    /// Text typed on macOS or copied from some PDFs arrives decomposed (NFD: `e` + U+0302 + U+0301
    /// instead of `ế`), which would make equal names compare unequal. Most input is already NFC, so
    /// the input is returned as is (no allocation) when ``isNFC(_:)`` can tell from its bytes;
    /// only otherwise is Foundation's `precomposedStringWithCanonicalMapping` called.
    public static func nfc(_ text: String) -> String {
        var text = text
        let quick = text.withUTF8 { isNFC($0) }
        return quick ? text : text.precomposedStringWithCanonicalMapping
    }

    /// Quick check that UTF-8 `bytes` are certainly in NFC.
    ///
    /// `true` means the bytes are NFC. `false` means "not known to be": the bytes contain a
    /// combining mark (UTF-8 lead bytes 0xCC/0xCD for U+0300–U+036F), a scalar outside the ranges
    /// known to be stable under NFC, or invalid UTF-8. The stable ranges are U+0000–U+02FF (ASCII,
    /// Latin-1, Latin Extended A/B, IPA, spacing modifiers), U+1E00–U+1EFF (Latin Extended
    /// Additional, where the precomposed Vietnamese vowels live), U+2010–U+2027 and
    /// U+2030–U+205E (dashes, quotes, ellipsis; U+2000/U+2001 are not, they decompose) and the
    /// currency signs U+20A0–U+20C0 (`₫`). None of these have a non-zero combining class or can be
    /// the second half of a composition, so a sequence of them is NFC.
    public static func isNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            let b = base[i]
            if b < 0x80 { i += 1; continue }
            if b < 0xC2 { return false }
            if b < 0xCC {  // U+0080–U+02FF
                guard i + 1 < n, base[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
                continue
            }
            if b == 0xE1 || b == 0xE2 {
                guard i + 2 < n, base[i + 1] & 0xC0 == 0x80, base[i + 2] & 0xC0 == 0x80 else { return false }
                let v = (UInt32(b & 0x0F) << 12) | (UInt32(base[i + 1] & 0x3F) << 6) | UInt32(base[i + 2] & 0x3F)
                let stable = (0x1E00...0x1EFF).contains(v) || (0x2010...0x2027).contains(v)
                    || (0x2030...0x205E).contains(v) || (0x20A0...0x20C0).contains(v)
                if !stable { return false }
                i += 3
                continue
            }
            return false
        }
        return true
    }
}
