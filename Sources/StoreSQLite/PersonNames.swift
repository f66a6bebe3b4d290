import Foundation
import GRDB
import Store
import StoreCore

/// The `person_name` table: one row per distinct folded name, with the keys search uses.
///
/// Members point to their name by id. Names are looked up by their exact text first (no
/// folding for the millions of members whose name was seen before), then by folded key.
final class PersonNames {
    private var ids = FoldedIDs()
    private let insert: RawStatement
    private let find: Statement
    private let loadedAll: Bool

    /// - Parameter preload: load every existing name (for a large import); otherwise names are
    ///   looked up one by one.
    init(_ db: Database, preload: Bool) throws {
        insert = try RawStatement(db, sql: "INSERT INTO person_name (name_key, given_key) VALUES (?, ?)")
        find = try db.makeStatement(sql: "SELECT id FROM person_name WHERE name_key = ?")
        loadedAll = preload
        if preload {
            for row in try Row.fetchAll(db, sql: "SELECT id, name_key FROM person_name") { ids.seed(scope: "", key: row[1], id: row[0]) }
        }
    }

    /// The id of `fullName`'s folded key, created when new.
    func id(of fullName: String, _ db: Database) throws -> Int64 {
        try ids.id(scope: "", text: fullName, fold: NameSearchKey.fullName) { key in
            if !loadedAll, let found = try Int64.fetchOne(find, arguments: [key]) { return found }
            insert.bind(key)
            insert.bind(NameSearchKey.givenNameFirst(fullName))
            try insert.run()
            return db.lastInsertedRowID
        }
    }

    /// One lookup without a cache, for single edits.
    static func id(of fullName: String, _ db: Database) throws -> Int64 {
        try PersonNames(db, preload: false).id(of: fullName, db)
    }
}
