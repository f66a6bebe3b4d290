import Foundation

/// Vietnamese alphabetical order (thứ tự chữ cái tiếng Việt) for lists and reports.
///
/// Primary order is the Vietnamese alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư
/// v x y (foreign f, j, w, z in their Latin places; digits before letters). Unicode code point
/// order gets this wrong (`Đ` after `Z`, `Ă` after `Z`), and ICU collation is not available on
/// every Linux build.
///
/// Comparison is **word by word** (syllable by syllable), as in Vietnamese dictionaries: within a
/// word the letters decide first, then the tone (thanh điệu) as a secondary key in the common
/// dictionary order ngang, huyền, hỏi, ngã, sắc, nặng (`ba` < `bà` < `bả` < `bã` < `bá` < `bạ`);
/// only when all words are equal does letter case decide (lowercase first), and finally the
/// NFC text, so the order is total and stable. Spaces and punctuation separate words and are
/// otherwise ignored.
public enum VietnameseCollation {
    /// A precomputed sort key: comparing keys gives the same result as ``compare(_:_:)``.
    ///
    /// Compute keys once when sorting many rows (`O(n)` key builds instead of `O(n log n)`).
    public struct SortKey: Hashable, Comparable, Sendable {
        /// The weights, compared lexicographically.
        public let weights: [UInt32]

        /// Lexicographic order of ``weights``.
        public static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            lhs.weights.lexicographicallyPrecedes(rhs.weights)
        }
    }

    /// The collation key of `text`.
    public static func sortKey(_ text: String) -> SortKey {
        let words = splitWords(text)
        return makeKey(words: words, tieBreak: text)
    }

    /// The collation key of a person's full name (họ và tên) ordered the Vietnamese way: by given
    /// name (tên, the last word) first, then middle name(s) (tên đệm), then family name (họ, the
    /// first word) — "Trần Văn An" before "Nguyễn Thị Bình".
    public static func personNameKey(_ fullName: String) -> SortKey {
        var words = splitWords(fullName)
        if words.count >= 2 {
            let family = words.removeFirst()
            let given = words.removeLast()
            words = [given] + words + [family]
        }
        return makeKey(words: words, tieBreak: fullName)
    }

    /// Compares two texts in Vietnamese order.
    public static func compare(_ lhs: String, _ rhs: String) -> ComparisonResult {
        let a = sortKey(lhs), b = sortKey(rhs)
        return a < b ? .orderedAscending : (b < a ? .orderedDescending : .orderedSame)
    }

    /// Whether `lhs` sorts before `rhs`; usable directly as `sorted(by:)`'s predicate.
    public static func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        sortKey(lhs) < sortKey(rhs)
    }

    // MARK: Key layout
    //
    // For each word: its letter/digit weights (all >= letterBase), then `wordEnd`, then the tone
    // weight (toneBase + 0…5). `wordEnd` sorts below every letter, so a word that is a prefix of
    // another sorts first whatever the tones. After the last word: `levelSeparator`, one case
    // weight per letter, `levelSeparator`, then the NFC scalars of the original text.

    static let levelSeparator: UInt32 = 0
    static let wordEnd: UInt32 = 1
    static let toneBase: UInt32 = 2
    static let digitBase: UInt32 = 0x10
    static let letterBase: UInt32 = 0x20
    static let otherBase: UInt32 = 0x100

    /// One analysed character: its primary weight and whether it was uppercase.
    struct Unit {
        var weight: UInt32
        var isUpper: Bool
    }

    /// One word: its characters and its tone.
    struct Word {
        var units: [Unit] = []
        var tone: UInt8 = 0
    }

    static func splitWords(_ text: String) -> [Word] {
        var words: [Word] = []
        var current = Word()
        func endWord() {
            if !current.units.isEmpty { words.append(current) }
            current = Word()
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if b >= 0x30 && b <= 0x39 {
                    current.units.append(Unit(weight: digitBase + UInt32(b - 0x30), isUpper: false))
                } else if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
                    let letter = VietnameseAlphabet.asciiWeights[Int((b | 0x20) - 0x61)]
                    current.units.append(Unit(weight: letterBase + UInt32(letter), isUpper: b < 0x61))
                } else {
                    endWord()
                }
                continue
            }
            if VietnameseText.isCombiningMark(scalar) {
                // Decomposed (NFD) input: tone marks set the word's tone, the breve, circumflex and
                // horn turn the previous letter into ă, â, ê, ô, ơ, ư.
                if let tone = VietnameseTone.weight(ofMark: v) {
                    if current.tone == 0 { current.tone = tone }
                } else if let last = current.units.last, last.weight > letterBase,
                    last.weight < letterBase + 0x40
                {
                    let modified = VietnameseAlphabet.modified(UInt8(last.weight - letterBase), by: v)
                    current.units[current.units.count - 1].weight = letterBase + UInt32(modified)
                }
                continue
            }
            if let info = LatinTable.info(v), info.letter != 0 {
                current.units.append(Unit(weight: letterBase + UInt32(info.letter), isUpper: info.isUpper))
                if info.tone != 0 && current.tone == 0 { current.tone = info.tone }
                continue
            }
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                // Other scripts: after Latin, in code point order of their lowercase form.
                let lower = properties.lowercaseMapping.unicodeScalars.first ?? scalar
                current.units.append(Unit(weight: otherBase + lower.value, isUpper: properties.isUppercase))
            } else {
                endWord()
            }
        }
        endWord()
        return words
    }

    static func makeKey(words: [Word], tieBreak: String) -> SortKey {
        var weights: [UInt32] = []
        weights.reserveCapacity(words.reduce(0) { $0 + 2 * $1.units.count + 2 } + tieBreak.utf8.count + 2)
        for word in words {
            for unit in word.units { weights.append(unit.weight) }
            weights.append(wordEnd)
            weights.append(toneBase + UInt32(word.tone))
        }
        weights.append(levelSeparator)
        for word in words {
            for unit in word.units { weights.append(unit.isUpper ? 2 : 1) }
        }
        weights.append(levelSeparator)
        for scalar in VietnameseText.nfc(tieBreak).unicodeScalars { weights.append(scalar.value) }
        return SortKey(weights: weights)
    }
}
