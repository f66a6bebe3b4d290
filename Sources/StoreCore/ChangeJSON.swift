import Foundation
import Registry

/// Reading back the before/after JSON objects of a version row.
package enum ChangeJSON {
    /// Every known field of a new member, as changes from nothing.
    package static func creation(of member: Member) -> [FieldChange] {
        member.recordFields.compactMap { f in f.value.map { FieldChange(field: f.name, before: nil, after: $0) } }
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
