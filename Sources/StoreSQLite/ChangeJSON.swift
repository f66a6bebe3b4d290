import Foundation
import Registry

/// Reading back the before/after JSON objects of a version row.
enum ChangeJSON {
    /// Every known field of a new member, as changes from nothing.
    static func creation(of member: Member) -> [FieldChange] {
        member.recordFields.compactMap { f in f.value.map { FieldChange(field: f.name, before: nil, after: $0) } }
    }

    /// The changes of a version row, in the order the fields were written.
    static func decode(before: String?, after: String?) -> [FieldChange] {
        let b = object(before), a = object(after)
        var order: [String] = []
        for text in [before, after].compactMap({ $0 }) {
            for key in (b.keys.map { $0 } + a.keys.map { $0 }) where !order.contains(key) {
                if text.contains("\"\(key)\":") { order.append(key) }
            }
        }
        func position(_ key: String) -> String.Index {
            (before ?? after)?.range(of: "\"\(key)\":")?.lowerBound ?? (before ?? after ?? "").endIndex
        }
        order.sort { position($0) < position($1) }
        return order.map { FieldChange(field: $0, before: b[$0] ?? nil, after: a[$0] ?? nil) }
    }

    private static func object(_ text: String?) -> [String: String?] {
        guard let text, let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var result: [String: String?] = [:]
        for (k, v) in object { result[k] = v is NSNull ? String?.none : (v as? String) ?? "\(v)" }
        return result
    }
}
