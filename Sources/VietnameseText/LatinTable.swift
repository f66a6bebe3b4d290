import Foundation

/// What the text routines need to know about one precomposed Latin letter.
///
/// Derived once from Unicode canonical decompositions rather than typed by hand, so the 134
/// Vietnamese vowel forms (and the other Latin letters with marks) cannot be mistyped.
struct LatinLetterInfo: Sendable {
    /// Lowercase ASCII base letter (`ệ` → `e`, `đ` → `d`), or 0 when the scalar is not a letter with one.
    var base: UInt8
    /// Position in ``VietnameseAlphabet`` (1-based; `ă`, `â`, `đ`, `ê`, `ô`, `ơ`, `ư` are letters of
    /// their own), or 0 when the scalar is not a Latin letter.
    var letter: UInt8
    /// Vietnamese tone (thanh điệu) carried by the scalar, see ``VietnameseTone``.
    var tone: UInt8
    /// Whether the scalar is an uppercase letter.
    var isUpper: Bool
}

/// The Vietnamese alphabet (bảng chữ cái) extended with the foreign letters f, j, w, z in their
/// Latin positions, so loanwords and ethnic-minority names still sort sensibly.
enum VietnameseAlphabet {
    /// Letters in collation order; a letter's weight is its index + 1.
    static let letters: [String] = [
        "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
        "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
    ]

    /// Weight of a plain ASCII lowercase letter `a`…`z` (index by `byte - 0x61`).
    static let asciiWeights: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26)
        for (i, name) in letters.enumerated() {
            let scalars = Array(name.unicodeScalars)
            if scalars.count == 1, scalars[0].isASCII {
                table[Int(scalars[0].value) - 0x61] = UInt8(i + 1)
            }
        }
        return table
    }()

    static let aBreve: UInt8 = 2, aCircumflex: UInt8 = 3, dStroke: UInt8 = 7, eCircumflex: UInt8 = 9
    static let oCircumflex: UInt8 = 20, oHorn: UInt8 = 21, uHorn: UInt8 = 28

    /// The letter that `letter` becomes with the combining modifier `mark` (breve, circumflex,
    /// horn), or `letter` unchanged when Vietnamese has no such letter.
    static func modified(_ letter: UInt8, by mark: UInt32) -> UInt8 {
        let a = asciiWeights[0], e = asciiWeights[4], o = asciiWeights[14], u = asciiWeights[20]
        switch (letter, mark) {
        case (a, 0x0306): return aBreve
        case (a, 0x0302): return aCircumflex
        case (e, 0x0302): return eCircumflex
        case (o, 0x0302): return oCircumflex
        case (o, 0x031B): return oHorn
        case (u, 0x031B): return uHorn
        default: return letter
        }
    }
}

/// Vietnamese tones (thanh điệu) as secondary collation weights, in the common dictionary order
/// ngang, huyền, hỏi, ngã, sắc, nặng.
enum VietnameseTone {
    /// Tone weight of a combining tone mark, or `nil` when `mark` is not one.
    static func weight(ofMark mark: UInt32) -> UInt8? {
        switch mark {
        case 0x0300, 0x0340: return 1  // huyền (grave)
        case 0x0309: return 2  // hỏi (hook above)
        case 0x0303: return 3  // ngã (tilde)
        case 0x0301, 0x0341: return 4  // sắc (acute)
        case 0x0323: return 5  // nặng (dot below)
        default: return nil
        }
    }
}

/// Lookup for the precomposed Latin ranges U+00C0–U+024F and U+1E00–U+1EFF, which cover
/// Vietnamese and the Latin orthographies of Vietnam's ethnic minorities.
enum LatinTable {
    static let lowRange: ClosedRange<UInt32> = 0x00C0...0x024F
    static let highRange: ClosedRange<UInt32> = 0x1E00...0x1EFF

    /// Info for `scalar`, or `nil` outside the two ranges.
    @inline(__always)
    static func info(_ scalar: UInt32) -> LatinLetterInfo? {
        if scalar >= lowRange.lowerBound, scalar <= lowRange.upperBound {
            return low[Int(scalar - lowRange.lowerBound)]
        }
        if scalar >= highRange.lowerBound, scalar <= highRange.upperBound {
            return high[Int(scalar - highRange.lowerBound)]
        }
        return nil
    }

    private static let low: [LatinLetterInfo] = build(lowRange)
    private static let high: [LatinLetterInfo] = build(highRange)

    private static func build(_ range: ClosedRange<UInt32>) -> [LatinLetterInfo] {
        range.map { value in
            guard let scalar = Unicode.Scalar(value) else {
                return LatinLetterInfo(base: 0, letter: 0, tone: 0, isUpper: false)
            }
            let isUpper = scalar.properties.isUppercase
            // Đ/đ have no decomposition (the stroke is part of the letter), so they are special.
            if value == 0x0110 || value == 0x0111 {
                return LatinLetterInfo(base: 0x64, letter: VietnameseAlphabet.dStroke, tone: 0, isUpper: isUpper)
            }
            let parts = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            guard let first = parts.first, first.isASCII, first.properties.isAlphabetic else {
                return LatinLetterInfo(base: 0, letter: 0, tone: 0, isUpper: isUpper)
            }
            let base = UInt8(first.value) | 0x20
            var letter = VietnameseAlphabet.asciiWeights[Int(base) - 0x61]
            var tone: UInt8 = 0
            for mark in parts.dropFirst() {
                if let t = VietnameseTone.weight(ofMark: mark.value) {
                    tone = t
                } else {
                    letter = VietnameseAlphabet.modified(letter, by: mark.value)
                }
            }
            return LatinLetterInfo(base: base, letter: letter, tone: tone, isUpper: isUpper)
        }
    }
}
