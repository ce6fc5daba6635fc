/**
 * Versioned schema migrations. `PRAGMA user_version` records the last applied version; each
 * migration runs in its own transaction together with the version bump, so a crash mid-migration
 * leaves the database at the previous version, never half-migrated. Append new migrations; never
 * edit one that has shipped.
 *
 * Report identity: a team's week is (team, week_number, year of report_date). The same team and
 * week submitted again is the same report (replaced, earlier text kept in report_versions); week
 * numbers restart every year, so the year keeps 第1周 of 2024 apart from 第1周 of 2025. The year is
 * stored in its own column (report_year) so the UNIQUE constraint can enforce the identity.
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
        content_hash  TEXT    NOT NULL,
        raw_text      TEXT    NOT NULL,
        item_count    INTEGER NOT NULL DEFAULT 0,
        version       INTEGER NOT NULL DEFAULT 1,
        created_at    TEXT    NOT NULL,
        updated_at    TEXT    NOT NULL,
        UNIQUE (team, week_number, report_year)
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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
