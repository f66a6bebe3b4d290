import PovertyStandard
import VietnameseText

/// One field of a household or member record (trường dữ liệu): the English column name of
/// data-format.md and the value's canonical text.
///
/// Canonical text is what an export writes and what the importers read back as the same value,
/// so two records are equal exactly when their fields are, and a change can be shown and stored
/// as text (audit log, diff).
public struct RecordField: Sendable, Hashable {
    /// Column name (tên cột), e.g. `household_code` or `deprived_health_insurance`.
    public var name: String
    /// Canonical text (giá trị chuẩn); `nil` when the value is unknown or blank.
    public var value: String?

    /// Creates a field.
    public init(name: String, value: String?) {
        self.name = name
        self.value = value
    }
}

extension Household {
    /// Column names of ``recordFields`` (tên cột hộ), in data-format.md order: the same list for
    /// every household, so a header can be written before the first row.
    public static let recordFieldNames: [String] =
        ["household_code", "commune_code", "village", "address", "area_type", "reference_date",
         "monthly_income_per_capita", "income_score", "housing_quality", "floor_area_m2"]
        + HouseholdFact.allCases.map(\.rawValue)
        + ["agricultural", "social_protection", "poverty_causes"]
        + IndicatorID.allCases.map { "deprived_\($0.rawValue)" }
        + ["recognised_class", "recognised_year"]

    /// The household's fields (các trường của hộ) as canonical text, one per column of
    /// `households.csv` in data-format.md order, `deprived_<id>` for every indicator included.
    public var recordFields: [RecordField] {
        zip(Self.recordFieldNames, recordValues).map { RecordField(name: $0, value: $1) }
    }

    /// The canonical texts of ``recordFields``, in ``recordFieldNames`` order.
    var recordValues: [String?] {
        var values: [String?] = []
        values.reserveCapacity(Self.recordFieldNames.count)
        values.append(CanonicalText.text(householdCode))
        values.append(CanonicalText.text(communeCode))
        values.append(CanonicalText.text(village))
        values.append(address.flatMap(CanonicalText.text))
        values.append(areaType.rawValue)
        values.append(referenceDate.map(VietnameseText.formatDate))
        values.append(monthlyIncomePerCapita.map { String($0) })
        values.append(incomeScore.map { String($0) })
        values.append(housingQuality?.rawValue)
        values.append(floorArea.flatMap(CanonicalText.decimal))
        for fact in HouseholdFact.allCases { values.append(CanonicalText.bool(facts[fact])) }
        values.append(CanonicalText.bool(agricultural))
        values.append(CanonicalText.bool(socialProtection))
        values.append(CanonicalText.list(povertyCauses.map(\.rawValue)))
        for id in IndicatorID.allCases { values.append(CanonicalText.bool(survey[id])) }
        values.append(recognisedClass?.rawValue)
        values.append(recognisedYear.map { String($0) })
        return values
    }
}

extension Member {
    /// Column names of ``recordFields`` (tên cột thành viên), in data-format.md order.
    public static let recordFieldNames: [String] = [
        "household_code", "member_no", "full_name", "relation", "sex", "birth_date", "national_id",
        "ethnicity", "health_insurance", "education", "in_school", "employment", "disability",
        "malnourished", "ill_untreated", "meritorious", "mass_organisations",
    ]

    /// The member's fields (các trường của thành viên) as canonical text, one per column of
    /// `members.csv` in data-format.md order, `household_code` and `member_no` included.
    public var recordFields: [RecordField] {
        zip(Self.recordFieldNames, recordValues).map { RecordField(name: $0, value: $1) }
    }

    /// The canonical texts of ``recordFields``, in ``recordFieldNames`` order.
    var recordValues: [String?] {
        [
            CanonicalText.text(householdCode),
            String(memberNo),
            CanonicalText.text(fullName),
            relation.rawValue,
            sex.rawValue,
            birth.description,
            nationalID.flatMap(CanonicalText.nationalID),
            // The official name rather than the 2-digit code: readable in a sheet, and every
            // official name reads back as its own group.
            ethnicity?.name,
            CanonicalText.bool(healthInsurance),
            education?.rawValue,
            CanonicalText.bool(inSchool),
            employment?.rawValue,
            disability?.rawValue,
            CanonicalText.bool(malnourished),
            CanonicalText.bool(illUntreated),
            CanonicalText.bool(meritorious),
            CanonicalText.list(massOrganisations.map(\.rawValue)),
        ]
    }
}

/// The canonical text of each kind of value (dạng văn bản chuẩn), chosen so that the importers
/// read it back as the same value.
enum CanonicalText {
    /// `1`, `0`, or `nil` for unknown: blank means unknown, never "no".
    static func bool(_ value: Bool?) -> String? {
        value.map { $0 ? "1" : "0" }
    }

    /// Free text as the importers store it: NFC, without the surrounding spaces and line breaks
    /// they trim (the no-break space Excel exports included); `nil` when nothing is left, since a
    /// blank cell reads back as unknown.
    static func text(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return nil }
        let trimmed = first == scalars.startIndex && last == scalars.index(before: scalars.endIndex)
            ? value : String(scalars[first...last])
        return VietnameseText.nfc(trimmed)
    }

    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\r", "\n", "\u{A0}": true
        default: false
        }
    }

    /// A `;`-separated list without repeats (the importers drop a repeated code), in its order.
    static func list(_ codes: [String]) -> String? {
        guard !codes.isEmpty else { return nil }
        var seen: [String] = []
        for code in codes where !seen.contains(code) { seen.append(code) }
        return seen.joined(separator: ";")
    }

    /// The 12 digits of a citizen id; an all-digit id that a number cell shortened gets its
    /// leading zeros back, because the importers accept only the 12-digit form.
    static func nationalID(_ value: String) -> String? {
        guard let id = text(value) else { return nil }
        guard id.utf8.count < 12, id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return id }
        return String(repeating: "0", count: 12 - id.utf8.count) + id
    }

    /// A decimal with `.` as the mark, the shortest digits that read back as the same `Double`,
    /// no trailing `.0` and never an exponent (`45.5`, `30`, `0.00001`), because the importers
    /// read plain digits only. `nil` for a non-finite value, which no cell can hold.
    static func decimal(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // also -0.0
        var text = "\(value)"
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            text = expandExponent(mantissa: text[..<e], exponent: Int(text[text.index(after: e)...]) ?? 0)
        }
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    /// `1.25`, `-3` → `0.00125`: Swift writes very small and very large values with an exponent.
    private static func expandExponent(mantissa: Substring, exponent: Int) -> String {
        let negative = mantissa.hasPrefix("-")
        let unsigned = negative ? mantissa.dropFirst() : mantissa
        let point = unsigned.firstIndex(of: ".").map { unsigned.distance(from: unsigned.startIndex, to: $0) }
            ?? unsigned.count
        let digits = String(unsigned.filter { $0 != "." })
        let position = point + exponent
        let out: String
        if position <= 0 {
            out = "0." + String(repeating: "0", count: -position) + digits
        } else if position >= digits.count {
            out = digits + String(repeating: "0", count: position - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: position)
            out = String(digits[..<i]) + "." + String(digits[i...])
        }
        return negative ? "-" + out : out
    }
}
