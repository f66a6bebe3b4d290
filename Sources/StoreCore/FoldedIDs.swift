/// Ids of rows found by a folded key within a scope (a village by commune and folded name, a
/// person's name by its folded form), cached twice: by the exact text seen, so the millions of
/// rows repeating a text are not folded again, and by the folded key.
package struct FoldedIDs {
    private var byText = ScopedTextTable()
    private var byKey = ScopedTextTable()

    /// An empty table.
    package init() {}

    /// Records an existing row.
    package mutating func seed(scope: String, key: String, id: Int64) {
        byKey.set(scope: scope, text: key, id: id)
    }

    /// The hash to give ``prefetch(_:)`` and ``prefetchKey(_:)`` for `text` in `scope`.
    package static func hash(scope: String, text: String) -> UInt64 { ScopedTextTable.hash(scope: scope, text: text) }

    /// See ``ScopedTextTable/prefetchSlot(_:)``: for a run of lookups of texts seen before.
    package func prefetch(_ hash: UInt64) -> UInt64 { byText.prefetchSlot(hash) }

    /// See ``ScopedTextTable/prefetchKey(_:)``.
    package func prefetchKey(_ hash: UInt64) -> UInt64 { byText.prefetchKey(hash) }

    /// The id of `text` in `scope` when a cache has it, else `nil` (nothing is created).
    package mutating func lookup(scope: String, text: String, fold: (String) -> String) -> Int64? {
        if let id = byText.id(scope: scope, text: text) { return id }
        guard let id = byKey.id(scope: scope, text: fold(text)) else { return nil }
        byText.set(scope: scope, text: text, id: id)
        return id
    }

    /// The id of `text` in `scope`: from the caches, else `missing(folded key)` (which finds or
    /// creates the row).
    package mutating func id(scope: String, text: String, fold: (String) -> String, missing: (String) throws -> Int64) rethrows -> Int64 {
        if let id = byText.id(scope: scope, text: text) { return id }
        let key = fold(text)
        let id: Int64
        if let known = byKey.id(scope: scope, text: key) {
            id = known
        } else {
            id = try missing(key)
            byKey.set(scope: scope, text: key, id: id)
        }
        byText.set(scope: scope, text: text, id: id)
        return id
    }
}
