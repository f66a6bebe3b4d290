import Foundation
import Interchange
import PovertyStandard
import Registry
import VietnameseText

/// Edit forms of households and members (biểu mẫu sửa hộ, thành viên), validated by exactly the
/// decoders that read import files: the form's fields become a one-row CSV under the canonical
/// headers, so a value refused on import is refused here with the same message and code.
/// Problems of a submitted form, per field, as the import decoders report them.
struct FormErrors: Error {
    var errors: [ImportError]
}

enum RecordForm {
    /// One input of a form.
    struct Field {
        var name: String
        var label: String
        var value: String
        var isBool: Bool, isChoice: Bool, isText: Bool
        var options: [Option]
        var error: String?
        var errorCode: String?
        var readOnly: Bool
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    /// Household fields a person edits on the form; the code is the key, and the recognised class
    /// is a status record, changed by the review, not by an edit.
    static let householdEditable = Household.recordFieldNames.filter {
        !["household_code", "recognised_class", "recognised_year"].contains($0)
    }

    static let memberEditable = Member.recordFieldNames.filter { !["household_code", "member_no"].contains($0) }

    static let boolOptions = [("", "(chưa rõ)"), ("yes", "Có"), ("no", "Không")]

    static func householdFields(_ values: [String: String], errors: [String: (String, String)] = [:]) -> [Field] {
        householdEditable.map { name in
            let label = HouseholdColumn(header: name)?.vietnameseHeaders.first ?? name
            return field(name: name, label: label, value: values[name] ?? "", error: errors[name])
        }
    }

    static func memberFields(_ values: [String: String], errors: [String: (String, String)] = [:]) -> [Field] {
        memberEditable.map { name in
            let label = MemberColumn(header: name)?.vietnameseHeaders.first ?? name
            return field(name: name, label: label, value: values[name] ?? "", error: errors[name])
        }
    }

    /// The form of a new household: its code and fields, then its head's fields (`member.` names).
    static func newHouseholdFields(_ values: [String: String], errors: [String: (String, String)] = [:]) -> [Field] {
        [field(name: "household_code", label: "Mã hộ", value: values["household_code"] ?? "", error: errors["household_code"])]
            + householdFields(values, errors: errors)
            + memberEditable.filter { $0 != "relation" }.map { name in
                let label = "Chủ hộ — " + (MemberColumn(header: name)?.vietnameseHeaders.first ?? name)
                var f = field(name: name, label: label, value: values["member." + name] ?? "", error: errors["member." + name])
                f.name = "member." + name
                return f
            }
    }

    /// The form of a new member (`member.` names).
    static func newMemberFields(_ values: [String: String], errors: [String: (String, String)] = [:]) -> [Field] {
        memberEditable.map { name in
            let label = MemberColumn(header: name)?.vietnameseHeaders.first ?? name
            var f = field(name: name, label: label, value: values["member." + name] ?? "", error: errors["member." + name])
            f.name = "member." + name
            return f
        }
    }

    /// Splits posted fields into the household's and the member's (`member.` prefix).
    static func split(_ form: [String: String]) -> (household: [String: String], member: [String: String]) {
        var h: [String: String] = [:], m: [String: String] = [:]
        for (k, v) in form {
            if k.hasPrefix("member.") { m[String(k.dropFirst(7))] = v } else { h[k] = v }
        }
        return (h, m)
    }

    static func field(name: String, label: String, value: String, error: (String, String)?) -> Field {
        let choices = choiceOptions[name]
        let isBool = boolFields.contains(name)
        var options: [Option] = []
        if isBool {
            let normalised = normaliseBool(value)
            options = boolOptions.map { Option(value: $0.0, label: $0.1, selected: $0.0 == normalised) }
        } else if let choices {
            options = ([("", "(chưa rõ)")] + choices).map { Option(value: $0.0, label: $0.1, selected: $0.0 == value) }
        }
        return Field(name: name, label: label, value: value, isBool: isBool, isChoice: !isBool && choices != nil,
                     isText: !isBool && choices == nil, options: options, error: error?.0, errorCode: error?.1, readOnly: false)
    }

    static func normaliseBool(_ value: String) -> String {
        switch VietnameseText.fold(value) {
        case "1", "yes", "true", "co", "x": "yes"
        case "0", "no", "false", "khong": "no"
        default: ""
        }
    }

    static let boolFields: Set<String> = Set(HouseholdFact.allCases.map(\.rawValue) + ["agricultural", "social_protection"]
        + IndicatorID.allCases.map { "deprived_\($0.rawValue)" }
        + ["health_insurance", "in_school", "malnourished", "ill_untreated", "meritorious"])

    static let choiceOptions: [String: [(String, String)]] = [
        "area_type": AreaType.allCases.map { ($0.rawValue, $0.vietnamese) },
        "housing_quality": [("durable", "kiên cố"), ("semi_durable", "bán kiên cố"), ("non_durable", "thiếu kiên cố"), ("makeshift", "đơn sơ")],
        "relation": Relation.allCases.map { ($0.rawValue, $0.vietnamese) },
        "sex": Sex.allCases.map { ($0.rawValue, $0.vietnamese) },
        "education": Education.allCases.map { ($0.rawValue, $0.rawValue) },
        "employment": Employment.allCases.map { ($0.rawValue, $0.rawValue) },
        "disability": Disability.allCases.map { ($0.rawValue, $0.rawValue) },
    ]

    /// Decodes a household from form values (canonical field names), or the problems per field.
    static func household(code: String, values: [String: String], reviewYear: Int, catalog: AdminUnitCatalog,
                          keeping existing: Household) -> Result<Household, FormErrors> {
        var row = values
        row["household_code"] = code
        row["recognised_class"] = existing.recognisedClass?.rawValue ?? ""
        row["recognised_year"] = existing.recognisedYear.map(String.init) ?? ""
        let names = Household.recordFieldNames
        let csv = csvLine(names) + "\n" + csvLine(names.map { row[$0] ?? "" }) + "\n"
        do {
            let decoder = HouseholdFileDecoder(source: try CSVReader(string: csv, fileName: "form"), reviewYear: reviewYear, catalog: catalog)
            let household = try decoder.next()
            if let household, decoder.report.isEmpty { return .success(household) }
            return .failure(FormErrors(errors: decoder.report.sortedErrors))
        } catch {
            return .failure(FormErrors(errors: [ImportError(file: "form", row: 2, column: "", message: "\(error)", code: "form.unreadable")]))
        }
    }

    /// Decodes a member from form values, or the problems per field.
    static func member(householdCode: String, memberNo: Int, values: [String: String], reviewYear: Int,
                       referenceDate: CivilDate?) -> Result<Member, FormErrors> {
        var row = values
        row["household_code"] = householdCode
        row["member_no"] = String(memberNo)
        let names = Member.recordFieldNames
        let csv = csvLine(names) + "\n" + csvLine(names.map { row[$0] ?? "" }) + "\n"
        do {
            let reference = referenceDate ?? Household.defaultReferenceDate(reviewYear: reviewYear)
            let decoder = MemberFileDecoder(source: try CSVReader(string: csv, fileName: "form"), reviewYear: reviewYear,
                                            household: { _ in .known(referenceDate: reference) })
            let member = try decoder.next()
            if let member, decoder.report.isEmpty { return .success(member) }
            return .failure(FormErrors(errors: decoder.report.sortedErrors))
        } catch {
            return .failure(FormErrors(errors: [ImportError(file: "form", row: 2, column: "", message: "\(error)", code: "form.unreadable")]))
        }
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",")
    }

    /// Canonical values of a record as a dictionary.
    static func values(_ fields: [RecordField]) -> [String: String] {
        var d: [String: String] = [:]
        for f in fields { d[f.name] = f.value ?? "" }
        return d
    }
}
