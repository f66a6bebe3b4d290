import Foundation
import PersonalDataProtection
import Registry

/// Reading back the before/after JSON objects of a version row.
package enum ChangeJSON {
    /// Every known field of a new member, as changes from nothing.
    package static func creation(of member: Member) -> [FieldChange] {
        member.recordFields.compactMap { f in f.value.map { FieldChange(field: f.name, before: nil, after: $0) } }
    }

    /// The field holding a CCCD, whose values a version row keeps sealed.
    package static let nationalIDField = "national_id"

    /// `changes` as a version row stores them: CCCD values sealed into tokens (`enc1:…`), so the
    /// history keeps them without the file holding them in clear.
    package static func sealed(_ changes: [FieldChange], cipher: NationalIDCipher) -> [FieldChange] {
        changes.map { c in
            guard c.field == nationalIDField else { return c }
            return FieldChange(field: c.field, before: c.before.map(cipher.token), after: c.after.map(cipher.token))
        }
    }

    /// `changes` read from a version row with their CCCD tokens opened (values of rows written
    /// before v4 were migrated to tokens; a plain value is returned as it is).
    package static func opened(_ changes: [FieldChange], cipher: NationalIDCipher) throws -> [FieldChange] {
        try changes.map { c in
            guard c.field == nationalIDField else { return c }
            return FieldChange(field: c.field, before: try c.before.map(cipher.openToken), after: try c.after.map(cipher.openToken))
        }
    }

    /// A version row's JSON object with its clear `"national_id":"…"` value sealed (migration of
    /// rows written before v4). The values are canonical 12-digit texts, written without escapes.
    package static func sealingNationalIDs(in json: String, cipher: NationalIDCipher) -> String {
        let key = "\"\(nationalIDField)\":\""
        var out = ""
        var rest = Substring(json)
        while let range = rest.range(of: key) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let value = String(rest[..<end])
            out += NationalIDCipher.isToken(value) ? value : cipher.token(value)
            rest = rest[end...]
        }
        return out + rest
    }

    /// The changes of a version row, in the order of the record's fields (data-format.md).
    package static func decode(before: String?, after: String?) -> [FieldChange] {
        let b = object(before), a = object(after)
        return Set(b.keys).union(a.keys)
            .sorted { (fieldOrder[$0] ?? Int.max, $0) < (fieldOrder[$1] ?? Int.max, $1) }
            .map { FieldChange(field: $0, before: b[$0] ?? nil, after: a[$0] ?? nil) }
    }

    /// Position of each household and member field name, for ordering decoded changes.
    private static let fieldOrder: [String: Int] = {
        var order: [String: Int] = [:]
        for (i, name) in (Household.recordFieldNames + Member.recordFieldNames).enumerated() where order[name] == nil {
            order[name] = i
        }
        return order
    }()

    private static func object(_ text: String?) -> [String: String?] {
        guard let text, let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var result: [String: String?] = [:]
        for (k, v) in object { result[k] = v is NSNull ? String?.none : (v as? String) ?? "\(v)" }
        return result
    }
}
