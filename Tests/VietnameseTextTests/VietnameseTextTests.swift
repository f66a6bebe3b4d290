import Foundation
import Testing

@testable import VietnameseText

@Suite("Folding")
struct FoldingTests {
    @Test func foldsVietnameseNames() {
        #expect(VietnameseText.fold("Nguyễn Văn Đức") == "nguyen van duc")
        #expect(VietnameseText.fold("ĐẶNG") == "dang")
        #expect(VietnameseText.fold("Đặng Thị Ánh Tuyết") == "dang thi anh tuyet")
        #expect(VietnameseText.fold("Ưng Hoàng Phúc, Ơn, Ấn") == "ung hoang phuc, on, an")
    }

    @Test func foldsDecomposedInput() {
        let nfd = "Nguyễn Văn Đức".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > "Nguyễn Văn Đức".unicodeScalars.count)
        #expect(VietnameseText.fold(nfd) == "nguyen van duc")
        // Đ as D + combining short stroke is not how anyone types it, but D + dot below is NFD.
        #expect(VietnameseText.fold("D\u{0323}") == "d")
    }

    @Test func collapsesAndTrimsWhitespace() {
        #expect(VietnameseText.fold("  Thôn \t 3\u{00A0}\u{00A0}Bản  Mờ \n") == "thon 3 ban mo")
        #expect(VietnameseText.fold("   ") == "")
        #expect(VietnameseText.fold("") == "")
    }

    @Test func asciiFastPath() {
        #expect(VietnameseText.fold("household_code") == "household_code")
        #expect(VietnameseText.fold("  Household  CODE ") == "household code")
        #expect(VietnameseText.foldKey("Household_Code") == "householdcode")
        #expect(VietnameseText.foldKey("abc123") == "abc123")
    }

    @Test func foldKeyDropsPunctuation() {
        #expect(VietnameseText.foldKey("Thu nhập bình quân đầu người/tháng") == "thunhapbinhquandaunguoithang")
        #expect(VietnameseText.foldKey("Diện tích nhà ở (m²)") == "dientichnhaom2")
        #expect(VietnameseText.foldKey("Số CCCD/Định danh") == "socccddinhdanh")
        #expect(VietnameseText.foldKey("Điểm A (B1)") == "diema b1".replacingOccurrences(of: " ", with: ""))
        #expect(VietnameseText.foldKey("Mã hộ") == VietnameseText.foldKey("MA HO"))
    }

    @Test func otherScriptsAreLowercasedOnly() {
        #expect(VietnameseText.fold("ΑΒΓ Straße") == "αβγ straße")
        #expect(VietnameseText.fold("Ærø") == "ærø")
    }

    @Test func everyVietnameseVowelFoldsToItsBase() {
        let groups: [(Character, String)] = [
            ("a", "aàảãáạăằẳẵắặâầẩẫấậ"), ("e", "eèẻẽéẹêềểễếệ"), ("i", "iìỉĩíị"),
            ("o", "oòỏõóọôồổỗốộơờởỡớợ"), ("u", "uùủũúụưừửữứự"), ("y", "yỳỷỹýỵ"), ("d", "dđ"),
        ]
        for (base, forms) in groups {
            for form in forms {
                #expect(VietnameseText.fold(String(form)) == String(base))
                #expect(VietnameseText.fold(String(form).uppercased()) == String(base))
                #expect(VietnameseText.fold(String(form).decomposedStringWithCanonicalMapping) == String(base))
            }
        }
    }
}

@Suite("Normalisation")
struct NormalisationTests {
    @Test func composesDecomposedText() {
        let nfc = "Nguyễn Thị Hường"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(VietnameseText.nfc(nfd).unicodeScalars) == Array(nfc.unicodeScalars))
        #expect(Array(VietnameseText.nfc(nfc).unicodeScalars) == Array(nfc.unicodeScalars))
    }

    @Test func quickCheck() {
        func check(_ s: String) -> Bool {
            var s = s
            return s.withUTF8 { VietnameseText.isNFC($0) }
        }
        #expect(check("Nguyễn Văn Đức – “Bản Mờ” … 1.500.000 ₫"))
        #expect(check(""))
        #expect(!check("Nguye\u{0302}\u{0303}n"))
        #expect(!check("\u{212B}"))  // Angstrom sign: a singleton that NFC replaces.
        #expect(!check("\u{2000}"))
        let invalid: [UInt8] = [0x41, 0xC3]
        #expect(!invalid.withUnsafeBufferPointer { VietnameseText.isNFC($0) })
    }

    /// The quick check's "stable" ranges must really be unchanged by NFC, or `nfc(_:)` would
    /// return unnormalised text.
    @Test func quickCheckRangesAreStable() {
        let ranges: [ClosedRange<UInt32>] = [
            0x00...0x02FF, 0x1E00...0x1EFF, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0,
        ]
        for range in ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                var s = String(scalar)
                #expect(scalar.properties.canonicalCombiningClass == .notReordered)
                let composed = s.precomposedStringWithCanonicalMapping
                #expect(Array(composed.unicodeScalars) == [scalar], "U+\(String(v, radix: 16))")
                #expect(s.withUTF8 { VietnameseText.isNFC($0) })
            }
        }
    }
}

@Suite("Collation")
struct CollationTests {
    @Test func alphabetOrder() {
        let expected = ["Anh", "Ánh", "Bình", "Chi", "Dũng", "Đạt", "Én"]
        #expect(expected.shuffled().sorted(by: VietnameseCollation.areInIncreasingOrder) == expected)
        for (a, b) in zip(expected, expected.dropFirst()) {
            #expect(VietnameseCollation.compare(a, b) == .orderedAscending, "\(a) < \(b)")
            #expect(VietnameseCollation.compare(b, a) == .orderedDescending)
        }
    }

    @Test func lettersWithMarksAreLettersOfTheirOwn() {
        let expected = ["an", "ăn", "ân", "bo", "bô", "bơ", "cu", "cư", "de", "đe", "em", "êm", "giang", "ương"]
        #expect(expected.shuffled().sorted(by: VietnameseCollation.areInIncreasingOrder) == expected)
        // Code point order would put Đ after Z.
        #expect(VietnameseCollation.compare("Đào", "Zô") == .orderedAscending)
    }

    @Test func tonesAreSecondaryInDictionaryOrder() {
        let expected = ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]
        #expect(expected.shuffled().sorted(by: VietnameseCollation.areInIncreasingOrder) == expected)
        // Syllable by syllable: the first word decides before the second.
        #expect(VietnameseCollation.compare("ba ba", "bà a") == .orderedAscending)
    }

    @Test func caseIsTertiary() {
        #expect(VietnameseCollation.compare("an", "An") == .orderedAscending)
        #expect(VietnameseCollation.compare("An", "ăn") == .orderedAscending)
        #expect(VietnameseCollation.compare("An", "an") == .orderedDescending)
        #expect(VietnameseCollation.compare("Bình", "Bình") == .orderedSame)
    }

    @Test func decomposedInputSortsLikeComposed() {
        let nfc = "Nguyễn Thị Ước"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(VietnameseCollation.sortKey(nfc) == VietnameseCollation.sortKey(nfd))
    }

    @Test func digitsBeforeLetters() {
        let expected = ["1", "10", "2", "a"]
        #expect(expected.shuffled().sorted(by: VietnameseCollation.areInIncreasingOrder) == expected)
    }

    @Test func personNamesSortByGivenName() {
        let names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê An", "Nguyễn Văn An", "Đỗ Minh Ánh"]
        let sorted = names.sorted { VietnameseCollation.personNameKey($0) < VietnameseCollation.personNameKey($1) }
        #expect(sorted == ["Lê An", "Trần Thị An", "Nguyễn Văn An", "Đỗ Minh Ánh", "Nguyễn Văn Bình"])
    }
}

@Suite("Number formatting")
struct NumberFormattingTests {
    @Test func vnd() {
        #expect(VietnameseText.formatVND(1_500_000) == "1.500.000")
        #expect(VietnameseText.formatVND(0) == "0")
        #expect(VietnameseText.formatVND(999) == "999")
        #expect(VietnameseText.formatVND(1000) == "1.000")
        #expect(VietnameseText.formatVND(-25_000) == "-25.000")
        #expect(VietnameseText.formatVND(Int.min) == "-9.223.372.036.854.775.808")
        #expect(VietnameseText.formatVNDWithUnit(1_500_000) == "1.500.000 đ")
    }

    @Test func decimals() {
        #expect(VietnameseText.formatDecimal(2.925, fractionDigits: 2) == "2,93")
        #expect(VietnameseText.formatDecimal(2.93, fractionDigits: 2) == "2,93")
        #expect(VietnameseText.formatDecimal(1234.5, fractionDigits: 1) == "1.234,5")
        #expect(VietnameseText.formatDecimal(1234.5, fractionDigits: 1, grouping: false) == "1234,5")
        #expect(VietnameseText.formatDecimal(-0.5, fractionDigits: 0) == "-1")
        #expect(VietnameseText.formatDecimal(-0.001, fractionDigits: 2) == "0,00")
        #expect(VietnameseText.formatDecimal(7, fractionDigits: 0) == "7")
        #expect(VietnameseText.formatDecimal(.nan, fractionDigits: 2) == "—")
    }

    @Test func percent() {
        #expect(VietnameseText.formatPercent(0.0293, fractionDigits: 2) == "2,93%")
        #expect(VietnameseText.formatPercent(0.5) == "50,0%")
        #expect(VietnameseText.formatPercent(1) == "100,0%")
    }
}

@Suite("Dates")
struct DateTests {
    @Test func formatAndParseRoundTrip() throws {
        let date = try #require(CivilDate.validated(year: 2026, month: 9, day: 1))
        #expect(VietnameseText.formatDate(date) == "01/09/2026")
        #expect(VietnameseText.parseDate("01/09/2026") == date)
        #expect(VietnameseText.parseDate("1/9/2026") == date)
        #expect(VietnameseText.parseDate(" 2026-09-01 ") == date)
        #expect(VietnameseText.parseDate("2026/09/01") == date)
        #expect(VietnameseText.parseDate("01-09-2026") == date)
        #expect(VietnameseText.parseDate("01.09.2026") == date)
        #expect(date.isoString == "2026-09-01")
        var day = try #require(CivilDate.validated(year: 1899, month: 12, day: 25))
        for _ in 0..<(366 * 150) {
            #expect(VietnameseText.parseDate(VietnameseText.formatDate(day)) == day)
            day = day.adding(days: 1)
        }
    }

    @Test func rejectsInvalidDates() {
        for text in [
            "31/02/2024", "29/02/2023", "00/01/2020", "01/13/2020", "32/01/2020", "2024", "1/9/26",
            "01/09/2026/1", "01/09-2026", "ab/09/2026", "", "2026-9-1x", "01092026", "2026.09.01",
        ] {
            #expect(VietnameseText.parseDate(text) == nil, "\(text)")
        }
        #expect(VietnameseText.parseDate("29/02/2024") != nil)
        #expect(VietnameseText.parseDate("29/02/2000") != nil)
        #expect(VietnameseText.parseDate("29/02/1900") == nil)
        #expect(CivilDate.validated(year: 2024, month: 2, day: 30) == nil)
        #expect(CivilDate.validated(year: 0, month: 1, day: 1) == nil)
    }

    @Test func agesAtBirthdays() throws {
        let reference = try #require(CivilDate.validated(year: 2026, month: 9, day: 1))
        #expect(try #require(CivilDate.validated(year: 2020, month: 9, day: 1)).completedYears(until: reference) == 6)
        #expect(try #require(CivilDate.validated(year: 2020, month: 9, day: 2)).completedYears(until: reference) == 5)
        #expect(try #require(CivilDate.validated(year: 2020, month: 8, day: 31)).completedYears(until: reference) == 6)
        #expect(reference.completedYears(until: reference) == 0)
    }

    @Test func leapDayBirths() throws {
        let born = try #require(CivilDate.validated(year: 2020, month: 2, day: 29))
        #expect(born.completedYears(until: try #require(CivilDate.validated(year: 2021, month: 2, day: 28))) == 0)
        #expect(born.completedYears(until: try #require(CivilDate.validated(year: 2021, month: 3, day: 1))) == 1)
        #expect(born.completedYears(until: try #require(CivilDate.validated(year: 2024, month: 2, day: 28))) == 3)
        #expect(born.completedYears(until: try #require(CivilDate.validated(year: 2024, month: 2, day: 29))) == 4)
    }

    @Test func dayArithmetic() throws {
        let epoch = try #require(CivilDate.validated(year: 1970, month: 1, day: 1))
        #expect(epoch.daysSince1970 == 0)
        #expect(CivilDate(daysSince1970: 0) == epoch)
        let leap = try #require(CivilDate.validated(year: 2024, month: 2, day: 28))
        #expect(leap.adding(days: 1) == CivilDate.validated(year: 2024, month: 2, day: 29))
        #expect(leap.adding(days: 2) == CivilDate.validated(year: 2024, month: 3, day: 1))
        #expect(leap.adding(days: -59) == CivilDate.validated(year: 2023, month: 12, day: 31))
        let a = try #require(CivilDate.validated(year: 2000, month: 1, day: 1))
        let b = try #require(CivilDate.validated(year: 2026, month: 9, day: 1))
        #expect(a.days(until: b) == 9740)
        #expect(a < b)
        // Excel's serial day 1 is 1900-01-01; checks the pre-1970 branch.
        #expect(try #require(CivilDate.validated(year: 1899, month: 12, day: 30)).daysSince1970 == -25569)
    }

    @Test func foundationInterop() throws {
        let date = try #require(CivilDate.validated(year: 2026, month: 9, day: 1))
        #expect(date.date == Date(timeIntervalSince1970: 1_788_220_800))
        #expect(CivilDate(date.date) == date)
        #expect(CivilDate(date.date.addingTimeInterval(86_399)) == date)
        // 20:00 UTC on 31 August is already 1 September in Vietnam.
        let evening = try #require(CivilDate.validated(year: 2026, month: 8, day: 31)).date.addingTimeInterval(20 * 3600)
        #expect(CivilDate(evening, secondsFromGMT: 7 * 3600) == date)
        #expect(CivilDate(Date(timeIntervalSince1970: -1)) == CivilDate.validated(year: 1969, month: 12, day: 31))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = calendar.dateComponents([.year, .month, .day], from: date.date)
        #expect(components.year == 2026 && components.month == 9 && components.day == 1)
    }

    @Test func codableAsISO() throws {
        let date = try #require(CivilDate.validated(year: 2026, month: 9, day: 1))
        let json = try JSONEncoder().encode([date])
        #expect(String(decoding: json, as: UTF8.self) == #"["2026-09-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: json) == [date])
    }
}
