import StoreCore

/// The review workflows' tables in PostgreSQL (migration `v5-review`): StoreCore's
/// ``ReviewTables`` in PostgreSQL's types, with the same immutability triggers and messages as
/// the SQLite file, plus TRUNCATE refused on the append-only tables. PostgreSQL allows no
/// subquery in a trigger's `WHEN`: a round's closed state is read by a function. The
/// application's role gets SELECT, INSERT and UPDATE on these tables, never DELETE.
enum PostgresReviewSchema {
    static var v5: String {
        ReviewTables.tables(.postgres) + """
            -- Refuses the change with the message given to the trigger.
            CREATE FUNCTION giamngheo_review_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
            END $$;
            -- A round (campaign or batch) is closed: its records are frozen.
            CREATE FUNCTION giamngheo_review_round_closed(round text) RETURNS boolean LANGUAGE sql STABLE AS $$
              SELECT EXISTS (SELECT 1 FROM review_campaign WHERE id = round AND state = 'closed')
                  OR EXISTS (SELECT 1 FROM review_batch WHERE id = round AND state = 'closed')
            $$;

            """ + ReviewTables.triggers(.postgres)
            + guarded(appendOnly: ReviewTables.appendOnlyTables, other: ReviewTables.otherTables)
    }

    /// The second review migration (`v7-review-records`, SQLite's `v5-review-records`): status
    /// records of the identifications, province settings versions and survey photos, with the
    /// same triggers as SQLite's, TRUNCATE refused, and the same grants as `v5-review`.
    static var v7: String {
        ReviewTables.records(.postgres) + guarded(appendOnly: ReviewTables.recordsAppendOnlyTables, other: [])
    }

    /// TRUNCATE refused on the `appendOnly` tables; SELECT, INSERT and UPDATE on those and the
    /// `other` tables (never DELETE) and the sequences granted to the application's role.
    static func guarded(appendOnly: [String], other: [String]) -> String {
        let appRole = PostgresSchema.applicationRole
        return appendOnly.map { t in
            "CREATE TRIGGER \(t)_no_truncate BEFORE TRUNCATE ON \(t) FOR EACH STATEMENT "
                + "EXECUTE FUNCTION giamngheo_review_refuse('\(t): review records are never deleted');"
        }.joined(separator: "\n")
            + "\nGRANT SELECT, INSERT, UPDATE ON \((appendOnly + other).joined(separator: ", ")) TO \(appRole);"
            + "\nGRANT SELECT, USAGE ON ALL SEQUENCES IN SCHEMA public TO \(appRole);"
    }
}
