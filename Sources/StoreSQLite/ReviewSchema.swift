import StoreCore

/// The review workflows' tables in the SQLite file (migration `v3-review`): StoreCore's
/// ``ReviewTables`` in SQLite's types with the view of closed rounds the triggers read, and the
/// immutability triggers (review.md §3.5).
enum ReviewSchema {
    static var v3: String {
        ReviewTables.tables(.sqlite) + ReviewTables.triggers(.sqlite)
    }

    /// The second review migration (`v5-review-records`): StoreCore's ``ReviewTables/records(_:)``
    /// (status records of the identifications, province settings versions, survey photos) with
    /// their immutability and no-delete triggers.
    static var v5: String { ReviewTables.records(.sqlite) }
}
