import StoreCore

/// The review workflows' tables in the SQLite file (migration `v3-review`): StoreCore's
/// ``ReviewTables`` in SQLite's types, the view of closed rounds the triggers read, and the
/// immutability triggers (review.md §3.5).
enum ReviewSchema {
    static var v3: String {
        ReviewTables.tables(.sqlite) + """
            -- A round (campaign or batch) is closed: its records are frozen.
            CREATE VIEW review_round_closed AS
              SELECT id FROM review_campaign WHERE state = 'closed'
              UNION ALL SELECT id FROM review_batch WHERE state = 'closed';

            """ + ReviewTables.triggers(.sqlite)
    }
}
