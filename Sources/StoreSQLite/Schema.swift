import GRDB
import PersonalDataProtection
import Registry

/// The SQLite schema, as GRDB migrations (lược đồ cơ sở dữ liệu).
///
/// Plain tables with readable values (codes as text, dates as `yyyy-MM-dd`, booleans 0/1/NULL
/// with NULL = unknown) so the file can be inspected with the `sqlite3` tool. Search keys are
/// folded in Swift (`person_name.name_key`, `given_key`), not by a custom SQL function, for the
/// same reason.
enum Schema {
    /// The migrations; `cipher` seals the CCCD numbers of a registry written before v4.
    static func migrator(cipher: NationalIDCipher) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-accounts") { db in
            try db.execute(sql: v2Accounts)
        }
        migrator.registerMigration("v3-account-mfa") { db in
            try db.execute(sql: v3AccountMFA)
        }
        migrator.registerMigration("v3-review") { db in
            try db.execute(sql: ReviewSchema.v3)
        }
        // Audit links keyed by kind come first: the CCCD migration re-links the audit entries it
        // re-seals through today's audit writer, which writes the kind.
        migrator.registerMigration("v4-audit-entity-kind") { db in
            try db.execute(sql: v4AuditEntityKind)
        }
        migrator.registerMigration(NationalIDMigration.identifier) { db in
            try NationalIDMigration.run(db, cipher: cipher)
        }
        migrator.registerMigration("v5-review-records") { db in
            try db.execute(sql: ReviewSchema.v5)
        }
        migrator.registerMigration("v6-rollups") { db in
            try db.execute(sql: SQLiteRollups.migration)
        }
        return migrator
    }

    /// Identifiers of every migration, in order (to recognise a file from a newer version).
    static let migrationIdentifiers = ["v1-registry", "v2-accounts", "v3-account-mfa", "v3-review", "v4-audit-entity-kind", NationalIDMigration.identifier, "v5-review-records", "v6-rollups"]

    /// The audit log's links to the records it names keyed by kind as well (`AuditAction.Kind`:
    /// 0 change, 1 personal-data read, 2 other), so a household's page reads its changes, its
    /// latest reads and their count as three ranges of one index instead of every entry naming
    /// it (a household shown in lists and searches gathers thousands of reads over the years).
    static var v4AuditEntityKind: String {
        let cases = AuditAction.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.kind.rawValue)" }.joined(separator: " ")
        return """
            CREATE TABLE audit_entity_by_kind (
              entity_id TEXT NOT NULL,
              kind INTEGER NOT NULL,
              seq INTEGER NOT NULL,
              PRIMARY KEY (entity_id, kind, seq)
            ) WITHOUT ROWID;
            INSERT INTO audit_entity_by_kind (entity_id, kind, seq)
              SELECT e.entity_id, CASE a.action \(cases) ELSE 2 END, e.seq
              FROM audit_entity e JOIN audit_log a ON a.seq = e.seq ORDER BY 1, 2, 3;
            DROP TABLE audit_entity;
            ALTER TABLE audit_entity_by_kind RENAME TO audit_entity;
            """
    }

    /// Secondary indexes of the registry tables. A bulk load into an empty registry drops them
    /// and builds them once at the end (sorting is much faster than a million random B-tree
    /// inserts); `SQLiteImportSession` uses this list for both.
    static let bulkIndexes: [(name: String, sql: String)] = [
        ("household_commune", "CREATE INDEX household_commune ON household(commune_code)"),
        ("household_village", "CREATE INDEX household_village ON household(village_id)"),
        ("member_name", "CREATE INDEX member_name ON member(name_id)"),
        // One unique index serves the CCCD: the keyed hash makes it unique (equal hashes, equal
        // numbers, equal last four digits), and the last four digits lead so that the same index
        // also answers the last-4 search. A second index on the last four digits alone cost
        // ≈ 8% of a million-household import for its build.
        ("member_national_id_key",
         "CREATE UNIQUE INDEX member_national_id_key ON member(national_id_last4, national_id_hash) WHERE national_id_hash IS NOT NULL"),
    ]

    /// `sql` (a `CREATE [UNIQUE] INDEX`) made to do nothing when the index exists.
    static func ifNotExists(_ sql: String) -> String {
        sql.replacingOccurrences(of: " INDEX ", with: " INDEX IF NOT EXISTS ")
    }

    /// Accounts, assignments and API tokens (roles.md §1, §6). Passwords are stored as Argon2id
    /// PHC strings, API tokens as the SHA-256 of their secret; sessions live in the server's memory.
    static let v2Accounts = """
        CREATE TABLE account (
          id INTEGER PRIMARY KEY,
          username TEXT NOT NULL UNIQUE,  -- lowercase, NFC
          full_name TEXT NOT NULL,
          phone TEXT,
          email TEXT,
          unit_code TEXT NOT NULL,
          state TEXT NOT NULL,            -- active | locked | disabled
          password_hash TEXT NOT NULL,
          must_change_password INTEGER NOT NULL,
          failed_logins TEXT NOT NULL DEFAULT '',  -- times of the consecutive failures, ';'
          lock_count INTEGER NOT NULL DEFAULT 0,
          locked_until TEXT,
          created_at TEXT NOT NULL,
          last_login TEXT
        );
        CREATE TABLE assignment (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES account(id),
          role TEXT NOT NULL,
          unit_code TEXT NOT NULL,
          villages TEXT NOT NULL,         -- JSON array of village names (VIL)
          organisation TEXT,              -- mass organisation code (ORG)
          valid_from TEXT NOT NULL,
          valid_to TEXT,
          granted_by TEXT NOT NULL,
          reason TEXT NOT NULL,
          granted_at TEXT NOT NULL
        );
        CREATE INDEX assignment_account ON assignment(account_id);
        CREATE TABLE api_token (
          id INTEGER PRIMARY KEY,
          account_id INTEGER NOT NULL REFERENCES account(id),
          name TEXT NOT NULL,
          secret_hash TEXT NOT NULL UNIQUE,
          expires_at TEXT NOT NULL,
          created_at TEXT NOT NULL,
          last_used TEXT,
          revoked_at TEXT
        );
        """

    /// The second factor of an account (roles.md §1 "MFA secret (optional)", §6) and the demo flag.
    /// The TOTP secret is kept as base32 text (the authenticator app holds the same); the last
    /// accepted step refuses replays across processes. Accounts made by the demo generator before
    /// this migration are recognised by their assignments, which it grants as `demo`.
    static let v3AccountMFA = """
        ALTER TABLE account ADD COLUMN mfa_secret TEXT;            -- base32 TOTP secret, NULL = none
        ALTER TABLE account ADD COLUMN mfa_enrolled_at TEXT;
        ALTER TABLE account ADD COLUMN mfa_last_step INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE account ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;
        UPDATE account SET demo = 1 WHERE id IN (SELECT account_id FROM assignment WHERE granted_by = 'demo');
        """

    static let v1 = """
        CREATE TABLE admin_unit (
          edition TEXT NOT NULL,          -- '2025', 'legacy', or a later list's id
          level TEXT NOT NULL,            -- province | district | commune
          code TEXT NOT NULL,
          name TEXT NOT NULL,
          unit_type TEXT,
          parent_code TEXT,
          valid_from TEXT,                -- yyyy-MM-dd, NULL = since ever
          valid_to TEXT,                  -- yyyy-MM-dd, NULL = open
          PRIMARY KEY (edition, level, code)
        ) WITHOUT ROWID;
        CREATE INDEX admin_unit_code ON admin_unit(code, level);

        CREATE TABLE unit_conversion (
          legacy_commune_code TEXT NOT NULL,
          commune_code_2025 TEXT NOT NULL,
          is_default INTEGER NOT NULL,
          PRIMARY KEY (legacy_commune_code, commune_code_2025)
        ) WITHOUT ROWID;

        CREATE TABLE village (
          id INTEGER PRIMARY KEY,
          commune_code TEXT NOT NULL,
          name TEXT NOT NULL,
          name_key TEXT NOT NULL,
          created_at TEXT NOT NULL,
          created_batch INTEGER,
          UNIQUE (commune_code, name_key)
        );
        CREATE INDEX village_name_key ON village(name_key);

        CREATE TABLE import_batch (
          id INTEGER PRIMARY KEY,
          started_at TEXT NOT NULL,
          committed_at TEXT NOT NULL,
          account TEXT NOT NULL,
          households_file TEXT NOT NULL,
          members_file TEXT NOT NULL,
          households_sha256 TEXT NOT NULL,
          members_sha256 TEXT NOT NULL,
          review_year INTEGER NOT NULL,
          replace_members INTEGER NOT NULL,
          counts TEXT NOT NULL            -- JSON of the counts
        );

        CREATE TABLE household (
          id INTEGER PRIMARY KEY,
          code TEXT NOT NULL UNIQUE,
          commune_code TEXT NOT NULL,
          village_id INTEGER NOT NULL REFERENCES village(id),
          address TEXT,
          area_type TEXT NOT NULL,
          reference_date TEXT,
          monthly_income_per_capita INTEGER,
          income_score INTEGER,
          housing_quality TEXT,
          floor_area_m2 REAL,
          clean_water INTEGER, hygienic_latrine INTEGER, internet INTEGER, phone_or_internet INTEGER,
          information_device INTEGER, hears_loudspeaker INTEGER, waste_treated INTEGER,
          agricultural INTEGER,
          social_protection INTEGER,
          poverty_causes TEXT,            -- codes separated by ';'
          survey_deprived TEXT,           -- indicator ids the survey marked deprived, ';'
          survey_not_deprived TEXT,       -- indicator ids the survey marked not deprived, ';'
          recognised_class TEXT,
          recognised_year INTEGER,
          version INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_batch INTEGER,
          updated_at TEXT NOT NULL,
          updated_by TEXT NOT NULL
        );

        -- Distinct names, folded for search: a registry of millions of people has far fewer
        -- distinct names, so the search keys and their indexes stay small and members carry an id.
        CREATE TABLE person_name (
          id INTEGER PRIMARY KEY,
          name_key TEXT NOT NULL UNIQUE,  -- folded full name: 'nguyen van duc'
          given_key TEXT NOT NULL         -- folded, given name first: 'duc van nguyen'
        );
        CREATE INDEX person_name_given ON person_name(given_key);

        CREATE TABLE member (
          household_id INTEGER NOT NULL REFERENCES household(id),
          member_no INTEGER NOT NULL,
          full_name TEXT NOT NULL,
          name_id INTEGER NOT NULL REFERENCES person_name(id),
          relation TEXT NOT NULL,
          sex TEXT NOT NULL,
          birth_date TEXT NOT NULL,       -- yyyy-MM-dd, or yyyy when only the year is known
          national_id TEXT,
          ethnicity TEXT,
          health_insurance INTEGER,
          education TEXT,
          in_school INTEGER,
          employment TEXT,
          disability TEXT,
          malnourished INTEGER,
          ill_untreated INTEGER,
          meritorious INTEGER,
          mass_organisations TEXT,        -- codes separated by ';'
          PRIMARY KEY (household_id, member_no)
        ) WITHOUT ROWID;

        -- Versions: every change after creation, with the changed fields before and after (JSON).
        CREATE TABLE household_change (
          id INTEGER PRIMARY KEY,
          household_id INTEGER NOT NULL,
          version INTEGER NOT NULL,       -- household version after the change
          member_no INTEGER,              -- NULL for the household's own fields
          kind TEXT NOT NULL,             -- updated | member_added | member_removed
          at TEXT NOT NULL,
          account TEXT NOT NULL,
          batch_id INTEGER,
          before TEXT,
          after TEXT
        );
        CREATE INDEX household_change_household ON household_change(household_id, id);

        -- Status records (review.md §6.1), append-only.
        CREATE TABLE status_record (
          seq INTEGER PRIMARY KEY,
          household_id INTEGER NOT NULL,
          effective_date TEXT NOT NULL,
          class TEXT NOT NULL,
          standard_id TEXT,
          source TEXT NOT NULL,
          decision TEXT,
          campaign TEXT,
          recorded_at TEXT NOT NULL,
          recorded_by TEXT NOT NULL,
          supersedes INTEGER
        );
        CREATE INDEX status_record_household ON status_record(household_id, effective_date);
        CREATE TRIGGER status_record_no_update BEFORE UPDATE ON status_record
          BEGIN SELECT RAISE(ABORT, 'status_record is append-only'); END;

        -- The engine's classification per household, year and standard.
        CREATE TABLE classification (
          household_id INTEGER NOT NULL,
          year INTEGER NOT NULL,
          standard_id TEXT NOT NULL,
          class TEXT NOT NULL,
          deprivation_count INTEGER NOT NULL,
          deprived TEXT NOT NULL,
          unknown TEXT NOT NULL,
          explanation TEXT NOT NULL,
          computed_at TEXT NOT NULL,
          computed_by TEXT NOT NULL,
          PRIMARY KEY (household_id, year, standard_id)
        ) WITHOUT ROWID;

        -- Audit log (roles.md §5): append-only, hash-chained.
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          account TEXT NOT NULL,
          role TEXT,
          assignment TEXT,
          ip TEXT,
          user_agent TEXT,
          request_id TEXT,
          action TEXT NOT NULL,
          entity_type TEXT NOT NULL,
          entity_ids TEXT NOT NULL,       -- JSON array
          before TEXT,
          after TEXT,
          purpose TEXT,
          row_count INTEGER,
          file_hash TEXT,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        -- Personal-data reads and writes are looked up per household.
        CREATE TABLE audit_entity (
          seq INTEGER NOT NULL,
          entity_id TEXT NOT NULL,
          PRIMARY KEY (entity_id, seq)
        ) WITHOUT ROWID;

        CREATE INDEX household_commune ON household(commune_code);
        CREATE INDEX household_village ON household(village_id);
        CREATE INDEX member_name ON member(name_id);
        CREATE INDEX member_national_id ON member(national_id) WHERE national_id IS NOT NULL;
        """
}
