/**
 * Versioned schema migrations. `PRAGMA user_version` records the last applied version; each
 * migration runs in its own transaction together with the version bump, so a crash mid-migration
 * leaves the database at the previous version, never half-migrated. Append new migrations; never
 * edit one that has shipped.
 *
 * Report identity: (team, week_number, year of report_date, owner). The owner is the member who
 * submitted it ('' for a team's own report: an ingested file, the compiled report), so each member's
 * DM submission is their own report for the week and a member's second submission replaces their
 * first (earlier text kept in report_versions). Week numbers restart every year, so the year keeps
 * 第1周 of 2024 apart from 第1周 of 2025. Year and owner are columns of their own so the UNIQUE
 * constraint can enforce the identity.
 */

export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction */
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reports, versions, items, full-text index, meta',
    up: `
      CREATE TABLE reports (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        team          TEXT    NOT NULL,
        week_label    TEXT    NOT NULL,
        week_number   INTEGER NOT NULL,
        report_year   INTEGER NOT NULL,
        report_date   TEXT    NOT NULL,
        title         TEXT,
        source        TEXT    NOT NULL,
        submitted_by  TEXT,
        owner         TEXT    NOT NULL DEFAULT '',
        content_hash  TEXT    NOT NULL,
        raw_text      TEXT    NOT NULL,
        item_count    INTEGER NOT NULL DEFAULT 0,
        version       INTEGER NOT NULL DEFAULT 1,
        created_at    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        UNIQUE (team, week_number, report_year, owner)
      );
      CREATE INDEX reports_by_team_date ON reports (team, report_date);
      CREATE INDEX reports_by_source ON reports (source);

      -- Earlier texts of a report, kept when a newer submission for the same team and week replaces it.
      CREATE TABLE report_versions (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        version       INTEGER NOT NULL,
        week_label    TEXT    NOT NULL,
        report_date   TEXT    NOT NULL,
        title         TEXT,
        raw_text      TEXT    NOT NULL,
        content_hash  TEXT    NOT NULL,
        source        TEXT    NOT NULL,
        submitted_by  TEXT,
        item_count    INTEGER NOT NULL,
        replaced_at   TEXT    NOT NULL,
        UNIQUE (report_id, version)
      );

      -- AUTOINCREMENT: item ids are the vector index's labels, so an id is never reused for another item.
      CREATE TABLE items (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        report_id     INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        ordinal       INTEGER NOT NULL,
        section_path  TEXT    NOT NULL,
        text          TEXT    NOT NULL,
        raw_line      TEXT    NOT NULL,
        line_no       INTEGER NOT NULL,
        status        TEXT    NOT NULL,
        dates_json    TEXT    NOT NULL DEFAULT '[]',
        metrics_json  TEXT    NOT NULL DEFAULT '[]'
      );
      CREATE INDEX items_by_report ON items (report_id, ordinal);

      -- Keyword index over pre-segmented text (space-separated words and CJK bigrams, see
      -- search/segment.ts), so the default unicode61 tokenizer sees Chinese words. Contentless:
      -- the text lives in items; rowid = items.id.
      CREATE VIRTUAL TABLE items_fts USING fts5 (
        section, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      -- Deleting an item (directly or through ON DELETE CASCADE) deletes its keyword row in the same transaction.
      CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
      END;

      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      -- Bumped by every write transaction that changes items; derived indexes record the value they reflect.
      INSERT INTO meta (key, value) VALUES ('index_generation', '0');
    `,
  },
  {
    version: 2,
    name: 'processed Slack events and answer feedback',
    up: `
      CREATE TABLE processed_events (
        key         TEXT PRIMARY KEY,
        claimed_at  TEXT NOT NULL
      );
      CREATE TABLE feedback (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        verdict         TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
        question        TEXT NOT NULL,
        answer          TEXT NOT NULL,
        citations_json  TEXT NOT NULL DEFAULT '[]',
        user_id         TEXT NOT NULL,
        channel         TEXT,
        message_ts      TEXT,
        created_at      TEXT NOT NULL
      );
      CREATE INDEX feedback_by_message ON feedback (user_id, channel, message_ts);
    `,
  },
  {
    version: 3,
    name: 'follow-ups: teams, members, weeks off, reminder log, follow-up prompts and replies, compiled posts',
    // Weeks are identified by their report date (the ISO Friday the week ends), which is unique
    // across years, unlike a week number. Unset team columns fall back to the environment defaults.
    up: `
      CREATE TABLE teams (
        name                TEXT PRIMARY KEY,
        channel             TEXT,
        time_zone           TEXT,
        reminder_cron       TEXT,
        nudge_cron          TEXT,
        deadline_cron       TEXT,
        week_anchor_number  INTEGER,
        week_anchor_date    TEXT,
        sections_json       TEXT,
        admins_json         TEXT NOT NULL DEFAULT '[]',
        updated_at          TEXT NOT NULL
      );
      -- Per-member overrides of the channel's membership.
      CREATE TABLE team_members (
        team        TEXT NOT NULL,
        user_id     TEXT NOT NULL,
        membership  TEXT NOT NULL CHECK (membership IN ('included', 'excluded')),
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (team, user_id)
      );
      CREATE TABLE member_away (
        team     TEXT NOT NULL,
        user_id  TEXT NOT NULL,
        week     TEXT NOT NULL,
        PRIMARY KEY (team, user_id, week)
      );
      CREATE TABLE team_weeks_off (
        team    TEXT NOT NULL,
        week    TEXT NOT NULL,
        reason  TEXT,
        PRIMARY KEY (team, week)
      );
      -- Each reminder at most once per member, week and stage; the row is written before the message is sent.
      CREATE TABLE reminder_log (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        team           TEXT NOT NULL,
        week           TEXT NOT NULL,
        user_id        TEXT NOT NULL DEFAULT '',
        stage          TEXT NOT NULL CHECK (stage IN ('first', 'nudge', 'deadline')),
        scheduled_for  TEXT NOT NULL,
        sent_at        TEXT NOT NULL,
        channel        TEXT,
        message_ts     TEXT,
        UNIQUE (team, week, user_id, stage)
      );
      -- An item asked about in a thread, once per owner, week and item.
      CREATE TABLE followup_prompts (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        team           TEXT NOT NULL,
        week           TEXT NOT NULL,
        user_id        TEXT NOT NULL,
        item_key       TEXT NOT NULL,
        reason         TEXT NOT NULL,
        ordinal        INTEGER NOT NULL,
        prompt         TEXT NOT NULL,
        previous_json  TEXT NOT NULL,
        channel        TEXT,
        thread_ts      TEXT,
        message_ts     TEXT,
        created_at     TEXT NOT NULL,
        answered_at    TEXT,
        UNIQUE (team, week, user_id, item_key)
      );
      CREATE INDEX followup_prompts_by_thread ON followup_prompts (channel, thread_ts, user_id);
      -- The owner's answer, as the line stored in their report for the week; a later answer replaces it.
      CREATE TABLE item_updates (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        team          TEXT NOT NULL,
        week          TEXT NOT NULL,
        user_id       TEXT NOT NULL,
        item_key      TEXT NOT NULL,
        prompt_id     INTEGER REFERENCES followup_prompts (id) ON DELETE SET NULL,
        section_path  TEXT NOT NULL,
        line          TEXT NOT NULL,
        reply_text    TEXT NOT NULL,
        reply_ts      TEXT,
        created_at    TEXT NOT NULL,
        UNIQUE (team, week, user_id, item_key)
      );
      -- Where a team's compiled report for a week was posted (its thread asks the missing owners).
      CREATE TABLE compiled_posts (
        team        TEXT NOT NULL,
        week        TEXT NOT NULL,
        channel     TEXT NOT NULL,
        message_ts  TEXT NOT NULL,
        posted_at   TEXT NOT NULL,
        PRIMARY KEY (team, week)
      );
    `,
  },
  {
    version: 4,
    name: 'item owners and report periods',
    // owner: who an item belongs to when the report says (a per-person section, a table's owner
    // column, an @handle). period_*: the dates a report covers when it states a range (a biweekly
    // report is found by questions about either of its weeks). NULL for rows written before.
    up: `
      ALTER TABLE items ADD COLUMN owner TEXT;
      ALTER TABLE reports ADD COLUMN period_start TEXT;
      ALTER TABLE reports ADD COLUMN period_end TEXT;
    `,
  },
  {
    version: 5,
    name: 'change digest posts',
    // One row per team and week once the week's changes were claimed for posting: the claim is the
    // INSERT (ON CONFLICT DO NOTHING), so a restart or a second process never posts the digest twice.
    up: `
      CREATE TABLE changes_digest_posts (
        team        TEXT NOT NULL,
        week        TEXT NOT NULL,
        channel     TEXT,
        message_ts  TEXT,
        claimed_at  TEXT NOT NULL,
        PRIMARY KEY (team, week)
      );
    `,
  },
  {
    version: 6,
    name: 'per-team stall threshold',
    // After how many weeks without news an item counts as stalled in the team's change digest;
    // NULL = the default (2).
    up: `
      ALTER TABLE teams ADD COLUMN stalled_after_weeks INTEGER;
    `,
  },
  {
    version: 7,
    name: 'report kind',
    // What a report is, as data instead of a prefix of its source: a team's own report ('report'), a
    // member's submission ('submission'), a member's week made from follow-up answers alone
    // ('followup'), the compiled team report ('compiled'). Existing rows are read from the prefixes
    // their sources were written with; `source` itself is left as it was.
    up: `
      ALTER TABLE reports ADD COLUMN kind TEXT NOT NULL DEFAULT 'report'
        CHECK (kind IN ('report', 'submission', 'followup', 'compiled'));
      UPDATE reports SET kind = CASE
        WHEN source LIKE 'compiled:%' THEN 'compiled'
        WHEN source LIKE 'followup:%' THEN 'followup'
        WHEN submitted_by IS NOT NULL THEN 'submission'
        ELSE 'report'
      END;
      CREATE INDEX reports_by_team_kind ON reports (team, kind);
    `,
  },
  {
    version: 8,
    name: 'indexes for answering at a million items',
    // reports_listing: listing every report (what the answer layer reads) needs only these columns, and
    // in the table they sit after raw_text (kilobytes in overflow pages), so the listing read every
    // report's whole text; holding them in an index answers it from the index alone. Keep it in step
    // with REPORT_COLUMNS in reportRows.ts (a test checks the plan says COVERING INDEX).
    // items_by_owner: the distinct item owners (the people questions may name) by skipping through
    // the index instead of scanning every item.
    up: `
      CREATE INDEX reports_listing ON reports (team, report_date, id, week_label, week_number, title, source, submitted_by,
        content_hash, item_count, version, created_at, updated_at, period_start, period_end, kind);
      CREATE INDEX items_by_owner ON items (owner) WHERE owner IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: "keyword index: one token per item's team",
    // items_fts gains a third column holding teamIndexToken(team) (search/keywordIndex.ts), so that a
    // team-scoped search lets FTS5 seek to the team's rows. The index is derived from items and
    // reports: it is recreated empty here, and forgetting its tokenizer makes the next ReportStore
    // re-segment every item into it (ensureKeywordIndexTokenizer, which also writes the team token).
    up: `
      DROP TRIGGER items_fts_after_delete;
      DROP TABLE items_fts;
      CREATE VIRTUAL TABLE items_fts USING fts5 (
        section, body, team,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_fts WHERE rowid = old.id;
      END;
      DELETE FROM meta WHERE key = 'fts_tokenizer';
    `,
  },
  {
    version: 10,
    name: "items: the matcher's subject bigrams of each line",
    // subject_bigrams: the line's subject bigrams as the follow-up matcher compares them
    // (storedBigramsText in domain/followup/matchItems.ts: two characters a bigram), worked out when
    // the line is written, so a chain following an item across weeks only compares. TEXT, not BLOB:
    // the driver makes a Buffer of a BLOB at several times a string's cost, on every line a chain
    // reads. Derived data, like the keyword index:
    // rows written before are NULL (worked out when compared) until the next ReportStore fills them
    // (ensureSubjectFeatures), which also refills them when meta.subject_features names other rules.
    up: `
      ALTER TABLE items ADD COLUMN subject_bigrams TEXT;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
