/// A changed field of a household or member (trường thay đổi): its column name and its
/// canonical text before and after, as recorded in the audit log on re-import.
public struct FieldChange: Sendable, Hashable, Codable {
    /// Column name (tên cột), e.g. `monthly_income_per_capita`.
    public var field: String
    /// Canonical text before the change (giá trị cũ); `nil` when it was unknown.
    public var before: String?
    /// Canonical text after the change (giá trị mới); `nil` when it became unknown.
    public var after: String?

    /// Creates a change.
    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// The fields whose text differs, in the records' column order; both lists have the same names.
    static func between(_ older: [RecordField], _ newer: [RecordField]) -> [FieldChange] {
        var changes: [FieldChange] = []
        for (old, new) in zip(older, newer) where old.value != new.value {
            changes.append(FieldChange(field: old.name, before: old.value, after: new.value))
        }
        return changes
    }
}

extension Household {
    /// The fields that differ from `newer` (thay đổi so với bản mới), compared by canonical
    /// text in column order; `[]` when the two are the same household record.
    public func changes(to newer: Household) -> [FieldChange] {
        FieldChange.between(recordFields, newer.recordFields)
    }
}

extension Member {
    /// The fields that differ from `newer` (thay đổi so với bản mới), compared by canonical
    /// text in column order (`household_code` and `member_no` included); `[]` when equal.
    public func changes(to newer: Member) -> [FieldChange] {
        FieldChange.between(recordFields, newer.recordFields)
    }
}

/// JSON form of a list of changes (thay đổi dạng JSON) for the audit log's before/after columns.
public enum FieldChanges {
    /// Which value of each change to write (giá trị cũ hay mới).
    public enum Side: String, Sendable, Hashable, CaseIterable {
        /// The value before the change (giá trị cũ).
        case before
        /// The value after the change (giá trị mới).
        case after
    }

    /// One JSON object `{"field":"value",…}` with one side of each change, keys in the order of
    /// `changes` (column order for ``Household/changes(to:)``), so the same changes always give
    /// the same bytes; unknown values are `null`.
    ///
    /// Written by hand rather than with `JSONEncoder`, whose key order is not the column order
    /// and which escapes `/`.
    public static func json(_ changes: [FieldChange], side: Side) -> String {
        var out = "{"
        for (i, change) in changes.enumerated() {
            if i > 0 { out += "," }
            JSONText.appendString(change.field, to: &out)
            out += ":"
            switch side == .before ? change.before : change.after {
            case let value?: JSONText.appendString(value, to: &out)
            case nil: out += "null"
            }
        }
        return out + "}"
    }
}
