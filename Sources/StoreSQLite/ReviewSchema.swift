/// The review workflows' tables (bảng hồ sơ rà soát), appended to the schema as their own
/// migration (`v3-review`): each record is a row with the columns lists and checks use (ids,
/// round, commune, household, state, numbers, dates as `yyyy-MM-dd`) and `body`, the record
/// itself as JSON, so the file stays readable with `sqlite3` and a PostgreSQL store can keep
/// the same shape.
///
/// Triggers enforce review.md §3.5's immutability inside the database too: nothing of a closed
/// campaign or batch changes; terminal cases, locked surveys, registered minutes and issued
/// decisions never change; nothing is ever deleted.
enum ReviewSchema {
    static let v3 = """
        CREATE TABLE review_campaign (
          id TEXT PRIMARY KEY,
          province_code TEXT NOT NULL,
          year INTEGER NOT NULL,
          chain TEXT NOT NULL,
          standard_id TEXT NOT NULL,
          state TEXT NOT NULL,
          imported INTEGER NOT NULL,
          body TEXT NOT NULL,
          UNIQUE (province_code, year)
        );
        CREATE TABLE review_batch (
          id TEXT PRIMARY KEY,
          commune_code TEXT NOT NULL,
          province_code TEXT NOT NULL,
          year INTEGER NOT NULL,
          month INTEGER NOT NULL,
          chain TEXT NOT NULL,
          state TEXT NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX review_batch_commune ON review_batch(commune_code, year, month);
        -- A round (campaign or batch) is closed: its records are frozen.
        CREATE VIEW review_round_closed AS
          SELECT id FROM review_campaign WHERE state = 'closed'
          UNION ALL SELECT id FROM review_batch WHERE state = 'closed';

        CREATE TABLE review_plan (
          campaign_id TEXT NOT NULL,
          level TEXT NOT NULL,
          unit_code TEXT NOT NULL,
          number TEXT NOT NULL,
          plan_date TEXT NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (campaign_id, level, unit_code)
        );

        CREATE TABLE review_request (
          id TEXT PRIMARY KEY,
          commune_code TEXT NOT NULL,
          household_code TEXT NOT NULL,
          type TEXT NOT NULL,
          received_on TEXT NOT NULL,
          round_id TEXT,
          body TEXT NOT NULL
        );
        CREATE INDEX review_request_commune ON review_request(commune_code, received_on);

        CREATE TABLE review_case (
          round_id TEXT NOT NULL,
          commune_code TEXT NOT NULL,
          household_code TEXT NOT NULL,
          village TEXT NOT NULL,
          state TEXT NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (round_id, household_code)
        );
        CREATE INDEX review_case_commune ON review_case(commune_code, round_id);
        CREATE INDEX review_case_household ON review_case(household_code);

        CREATE TABLE review_survey (
          id TEXT PRIMARY KEY,
          round_id TEXT NOT NULL,
          commune_code TEXT NOT NULL,
          household_code TEXT NOT NULL,
          version INTEGER NOT NULL,
          state TEXT NOT NULL,
          class TEXT,
          b1 INTEGER,
          b2 INTEGER,
          survey_date TEXT NOT NULL,
          body TEXT NOT NULL,
          UNIQUE (round_id, household_code, version)
        );
        CREATE INDEX review_survey_round ON review_survey(round_id, commune_code);
        CREATE INDEX review_survey_household ON review_survey(household_code);

        -- Documents of the steps: Phiếu A, minutes, notices, complaints, re-checks,
        -- consultations, decisions, avg-agri and low-income identifications.
        CREATE TABLE review_document (
          kind TEXT NOT NULL,
          id TEXT NOT NULL,
          round_id TEXT NOT NULL,
          commune_code TEXT NOT NULL,
          number TEXT,
          number_key TEXT,
          year INTEGER,
          state TEXT,
          body TEXT NOT NULL,
          PRIMARY KEY (kind, id)
        );
        CREATE INDEX review_document_round ON review_document(round_id, commune_code);
        -- A decision number is unique per commune and year and never reused.
        CREATE UNIQUE INDEX review_decision_number ON review_document(commune_code, year, number_key) WHERE kind = 'decision';

        CREATE TABLE review_certificate (
          id TEXT PRIMARY KEY,
          commune_code TEXT NOT NULL,
          standard_id TEXT NOT NULL,
          sequence INTEGER NOT NULL,
          household_code TEXT NOT NULL,
          closed_on TEXT,
          body TEXT NOT NULL,
          UNIQUE (commune_code, standard_id, sequence)
        );
        CREATE INDEX review_certificate_household ON review_certificate(household_code);

        -- Transitions recorded at decisions (review.md §6.2), append-only.
        CREATE TABLE review_transition (
          seq INTEGER PRIMARY KEY,
          household_code TEXT NOT NULL,
          commune_code TEXT NOT NULL,
          round_id TEXT NOT NULL,
          source TEXT NOT NULL,
          decision TEXT,
          effective_date TEXT NOT NULL,
          from_class TEXT NOT NULL,
          to_class TEXT NOT NULL,
          flow TEXT NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX review_transition_commune ON review_transition(commune_code, effective_date);
        CREATE INDEX review_transition_household ON review_transition(household_code);

        -- Year outcomes written when a campaign closes (review.md §6.3), kept forever.
        CREATE TABLE year_outcome (
          year INTEGER NOT NULL,
          household_code TEXT NOT NULL,
          commune_code TEXT NOT NULL,
          class_start TEXT NOT NULL,
          class_end TEXT NOT NULL,
          flow TEXT NOT NULL,
          standard_start TEXT,
          standard_end TEXT,
          standard_changed INTEGER NOT NULL,
          PRIMARY KEY (year, household_code)
        ) WITHOUT ROWID;

        CREATE TABLE review_alert (
          id TEXT PRIMARY KEY,
          round_id TEXT NOT NULL,
          unit_code TEXT NOT NULL,
          level TEXT NOT NULL,
          closed_on TEXT,
          body TEXT NOT NULL
        );
        CREATE INDEX review_alert_unit ON review_alert(unit_code, closed_on);

        CREATE TABLE review_monthly_report (
          id TEXT PRIMARY KEY,
          unit_code TEXT NOT NULL,
          year INTEGER NOT NULL,
          month INTEGER NOT NULL,
          state TEXT NOT NULL,
          body TEXT NOT NULL
        );

        CREATE TABLE holiday_year (
          year INTEGER PRIMARY KEY,
          body TEXT NOT NULL,
          loaded_at TEXT NOT NULL,
          loaded_by TEXT NOT NULL
        );

        CREATE TRIGGER review_campaign_frozen BEFORE UPDATE ON review_campaign WHEN OLD.state = 'closed'
          BEGIN SELECT RAISE(ABORT, 'review.frozen: campaign is closed'); END;
        CREATE TRIGGER review_batch_frozen BEFORE UPDATE ON review_batch WHEN OLD.state = 'closed'
          BEGIN SELECT RAISE(ABORT, 'review.frozen: batch is closed'); END;
        CREATE TRIGGER review_case_frozen BEFORE UPDATE ON review_case
          WHEN OLD.state IN ('recognised', 'rejected', 'withdrawn') OR OLD.round_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.immutable: terminal case or closed round'); END;
        CREATE TRIGGER review_case_insert_frozen BEFORE INSERT ON review_case WHEN NEW.round_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.frozen: round is closed'); END;
        CREATE TRIGGER review_survey_locked BEFORE UPDATE ON review_survey
          WHEN OLD.state = 'locked' OR OLD.round_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.immutable: locked survey'); END;
        CREATE TRIGGER review_survey_insert_frozen BEFORE INSERT ON review_survey WHEN NEW.round_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.frozen: round is closed'); END;
        CREATE TRIGGER review_document_registered BEFORE UPDATE ON review_document
          WHEN OLD.kind IN ('minutes', 'decision') OR OLD.round_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.immutable: registered document'); END;
        CREATE TRIGGER review_document_insert_frozen BEFORE INSERT ON review_document WHEN NEW.round_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.frozen: round is closed'); END;
        CREATE TRIGGER review_plan_insert_frozen BEFORE INSERT ON review_plan WHEN NEW.campaign_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.frozen: campaign is closed'); END;
        CREATE TRIGGER review_plan_frozen BEFORE UPDATE ON review_plan WHEN OLD.campaign_id IN (SELECT id FROM review_round_closed)
          BEGIN SELECT RAISE(ABORT, 'review.frozen: campaign is closed'); END;
        CREATE TRIGGER review_request_immutable BEFORE UPDATE ON review_request
          BEGIN SELECT RAISE(ABORT, 'review.immutable: a registered request never changes'); END;
        CREATE TRIGGER review_transition_append_only BEFORE UPDATE ON review_transition
          BEGIN SELECT RAISE(ABORT, 'review_transition is append-only'); END;
        CREATE TRIGGER year_outcome_append_only BEFORE UPDATE ON year_outcome
          BEGIN SELECT RAISE(ABORT, 'year_outcome is kept forever'); END;
        CREATE TRIGGER review_monthly_report_accepted BEFORE UPDATE ON review_monthly_report WHEN OLD.state = 'accepted'
          BEGIN SELECT RAISE(ABORT, 'review.frozen: accepted monthly report'); END;
        """

    /// The second review migration (`v5-review-records`): the identifications' status records
    /// (review.md §5, §7), the versions of each province's review settings (two accounts per
    /// change, roles.md §4 note 26), and the survey photos, kept in the database rather than in a
    /// folder the web server could serve.
    static let v5 = """
        CREATE TABLE special_status (
          seq INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          household_code TEXT NOT NULL,
          member_no INTEGER,
          commune_code TEXT NOT NULL,
          holds INTEGER NOT NULL,
          effective_date TEXT NOT NULL,
          valid_until TEXT,
          standard_id TEXT NOT NULL,
          source TEXT NOT NULL,
          decision TEXT NOT NULL,
          round_id TEXT NOT NULL,
          identification_id TEXT NOT NULL,
          recorded_at TEXT NOT NULL,
          recorded_by TEXT NOT NULL,
          supersedes INTEGER
        );
        CREATE INDEX special_status_commune ON special_status(commune_code, effective_date);
        CREATE INDEX special_status_household ON special_status(household_code);
        CREATE TRIGGER special_status_append_only BEFORE UPDATE ON special_status
          BEGIN SELECT RAISE(ABORT, 'special_status is append-only'); END;

        CREATE TABLE review_settings_version (
          province_code TEXT NOT NULL,
          version INTEGER NOT NULL,
          state TEXT NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (province_code, version)
        );
        -- One active version per province; a decided version only moves active -> superseded.
        CREATE UNIQUE INDEX review_settings_active ON review_settings_version(province_code) WHERE state = 'active';
        CREATE TRIGGER review_settings_decided BEFORE UPDATE ON review_settings_version
          WHEN OLD.state IN ('rejected', 'superseded') OR (OLD.state = 'active' AND NEW.state <> 'superseded')
          BEGIN SELECT RAISE(ABORT, 'review.immutable: a decided settings version never changes'); END;

        CREATE TABLE review_photo (
          id TEXT PRIMARY KEY,
          round_id TEXT NOT NULL,
          commune_code TEXT NOT NULL,
          household_code TEXT NOT NULL,
          content_type TEXT NOT NULL,
          size INTEGER NOT NULL,
          data BLOB NOT NULL,
          uploaded_at TEXT NOT NULL,
          uploaded_by TEXT NOT NULL
        );
        CREATE INDEX review_photo_household ON review_photo(household_code);
        CREATE TRIGGER review_photo_immutable BEFORE UPDATE ON review_photo
          BEGIN SELECT RAISE(ABORT, 'review.immutable: a stored photo never changes'); END;
        """

    /// Tables of the second migration no record is deleted from.
    static let v5AppendOnlyTables = ["special_status", "review_settings_version", "review_photo"]

    /// Tables no review record is ever deleted from.
    static let appendOnlyTables = ["review_campaign", "review_batch", "review_plan", "review_request", "review_case", "review_survey",
                                   "review_document", "review_certificate", "review_transition", "year_outcome", "review_monthly_report"]

    /// The no-delete triggers of ``appendOnlyTables``.
    static var noDelete: String { noDelete(appendOnlyTables) }

    /// The no-delete triggers of `tables`.
    static func noDelete(_ tables: [String]) -> String {
        tables.map { t in
            "CREATE TRIGGER \(t)_no_delete BEFORE DELETE ON \(t) BEGIN SELECT RAISE(ABORT, '\(t): review records are never deleted'); END;"
        }.joined(separator: "\n")
    }
}
