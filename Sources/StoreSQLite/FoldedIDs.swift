/// Ids of rows found by a folded key within a scope (a village by commune and folded name, a
/// person's name by its folded form), cached twice: by the exact text seen, so the millions of
/// rows repeating a text are not folded again, and by the folded key.
struct FoldedIDs {
    private var byText: [ScopedText: Int64] = [:]
    private var byKey: [ScopedText: Int64] = [:]

    /// Records an existing row.
    mutating func seed(scope: String, key: String, id: Int64) {
        byKey[ScopedText(scope: scope, text: key)] = id
    }

    /// The id of `text` in `scope`: from the caches, else `missing(folded key)` (which finds or
    /// creates the row).
    mutating func id(scope: String, text: String, fold: (String) -> String, missing: (String) throws -> Int64) rethrows -> Int64 {
        let exact = ScopedText(scope: scope, text: text)
        if let id = byText[exact] { return id }
        let key = fold(text)
        let folded = ScopedText(scope: scope, text: key)
        let id: Int64
        if let known = byKey[folded] {
            id = known
        } else {
            id = try missing(key)
            byKey[folded] = id
        }
        byText[exact] = id
        return id
    }
}
