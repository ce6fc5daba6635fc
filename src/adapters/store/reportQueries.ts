/**
 * Reading reports and items back from SQLite: lookups by identity and id, the listings the answer
 * layer reads, item batches for the indexes, and the store's index generation. ReportQueries holds
 * the read statements; ReportStore (reportStore.ts) extends it with saving and deleting, so every
 * importer still sees one class. Imports domain types and the row mappings only.
 */
import type Database from 'better-sqlite3';
import type { ReportVersion, StoredItem, StoredReport } from '../../domain/records';
import { SUBJECT_FEATURES_ID } from '../../domain/followup/subjectBigrams';
import {
  ITEM_COLUMNS,
  REPORT_ITEM_COLUMNS,
  reportItemMapper,
  type ReportItemRow,
  listedReport,
  REPORT_COLUMNS,
  REPORT_LISTING_SQL,
  splitSection,
  type ItemLine,
  rawStoredItem,
  type RawItemRow,
  toStoredItem,
  toStoredReport,
  type ItemRow,
  type ReportRow,
} from './reportRows';

/** Keys of meta rows holding derivedValue's values (meta also holds the index generation and the tokenizer). */
const DERIVED_PREFIX = 'derived:';

export class ReportQueries {
  /** The read statements; ReportStore's saving reuses the identity and id lookups. */
  protected readonly queries: ReturnType<typeof prepareQueries>;

  constructor(readonly db: Database.Database) {
    this.queries = prepareQueries(db);
  }

  getReport(id: number): StoredReport | null {
    const row = this.queries.reportById.get(id) as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  /**
   * A team's report for a week; without `year`, the most recent year that has that week. `owner` is the
   * member whose submission is wanted; '' (the default) is the team's own report.
   */
  findReport(team: string, weekNumber: number, year?: number, owner = ''): StoredReport | null {
    const row = (
      year == null ? this.queries.reportByTeamWeek.get(team, weekNumber, owner) : this.queries.reportByIdentity.get(team, weekNumber, year, owner)
    ) as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  /** Reports ordered by team, then report date. */
  listReports(filter: { team?: string } = {}): StoredReport[] {
    if (!filter.team) return (this.queries.allReports.all() as unknown[][]).map(listedReport);
    return (this.queries.reportsOfTeam.all(filter.team) as ReportRow[]).map(toStoredReport);
  }

  /** Earlier texts of a report, oldest first. */
  reportVersions(reportId: number): ReportVersion[] {
    const rows = this.queries.versionsOfReport.all(reportId) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      reportId: r.report_id as number,
      version: r.version as number,
      weekLabel: r.week_label as string,
      reportDate: r.report_date as string,
      title: (r.title as string | null) ?? null,
      rawText: r.raw_text as string,
      contentHash: r.content_hash as string,
      source: r.source as string,
      submittedBy: (r.submitted_by as string | null) ?? null,
      itemCount: r.item_count as number,
      replacedAt: r.replaced_at as string,
    }));
  }

  /** The raw text of a stored report as submitted. */
  rawText(reportId: number): string | null {
    const row = this.queries.rawTextOfReport.get(reportId) as { raw_text: string } | undefined;
    return row ? row.raw_text : null;
  }

  /** Items by id, in the order of `ids`; unknown ids are skipped. */
  getItemsByIds(ids: number[]): StoredItem[] {
    if (!ids.length) return [];
    const rows = this.queries.itemsByIds.all(JSON.stringify(ids)) as RawItemRow[];
    const byId = new Map(rows.map((r) => [r[0], r]));
    const out: StoredItem[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row) out.push(rawStoredItem(row));
    }
    return out;
  }

  /**
   * A report's items in report order. Read as raw rows without the report's columns, which every
   * item shares (one lookup, the same strings): answering reads some fifty reports per question at a
   * million items (cross-week chains), and the per-row objects and strings were most of that cost.
   */
  getItemsForReport(reportId: number): StoredItem[] {
    const report = this.queries.reportOfItems.get(reportId) as [string, string, number, string] | undefined;
    if (!report) return [];
    const rows = this.queries.itemsOfReport.all(reportId) as ReportItemRow[];
    return rows.map(reportItemMapper(report));
  }

  /**
   * A report's lines in report order (as getItemsForReport), each with only its id, headings, text,
   * owner and team: what following an item across weeks compares and tests (identity.ts). A chain
   * passes some twenty reports per question at a million items and keeps a line of a few; reading
   * and building every line as a whole item was most of a question's time.
   */
  getItemLinesForReport(reportId: number): ItemLine[] {
    const report = this.queries.reportOfItems.get(reportId) as [string, string, number, string] | undefined;
    if (!report) return [];
    const team = report[0];
    if (Number.isNaN(this.subjectFeaturesChecked)) this.indexGeneration();
    const sections = new Map<string, string[]>();
    const headingsOf = (sectionPath: string): string[] => {
      let headings = sections.get(sectionPath);
      if (!headings) sections.set(sectionPath, (headings = splitSection(sectionPath)));
      return headings;
    };
    if (!this.subjectFeaturesTrusted) {
      const rows = this.queries.linesOfReport.all(reportId) as Array<[number, string, string, string | null]>;
      return rows.map(([id, sectionPath, text, owner]) => ({ id, sectionPath: headingsOf(sectionPath), text, owner: owner ?? null, team }));
    }
    // With each line's subject bigrams as stored (NULL: worked out when compared, as above).
    const rows = this.queries.linesWithBigrams.all(reportId) as Array<[number, string, string, string | null, string | null]>;
    return rows.map(([id, sectionPath, text, owner, storedBigrams]) => ({ id, sectionPath: headingsOf(sectionPath), text, owner: owner ?? null, team, storedBigrams }));
  }

  /** One item of a report, as getItemsForReport gives it (null when the report has no such item). */
  getItemOfReport(reportId: number, itemId: number): StoredItem | null {
    const report = this.queries.reportOfItems.get(reportId) as [string, string, number, string] | undefined;
    const row = this.queries.itemOfReport.get(itemId, reportId) as ReportItemRow | undefined;
    return report && row ? reportItemMapper(report)(row) : null;
  }

  /**
   * Every item, by id, streamed (for index rebuilds). The connection is busy while the iterator is
   * open: finish (or `return()`) it before writing.
   */
  *iterateItems(): IterableIterator<StoredItem> {
    for (const row of this.queries.allItems.iterate() as IterableIterator<ItemRow>) yield toStoredItem(row);
  }

  countItems(): number {
    return (this.queries.countItems.get() as { n: number }).n;
  }

  /**
   * The teams with reports, in SQLite's order. Remembered for the store generation it was read at:
   * every ingest asks (the parser matches known team names), and a save of an already known team's
   * report carries the list over to the generation it made (teamSaved).
   */
  teams(): string[] {
    const generation = this.indexGeneration();
    if (this.knownTeams?.generation !== generation) {
      this.knownTeams = { generation, teams: (this.queries.teams.all() as Array<{ team: string }>).map((r) => r.team) };
    }
    return [...this.knownTeams.teams];
  }

  /** The teams list and the generation it was read at (teams()). */
  protected knownTeams: { generation: number; teams: string[] } | null = null;

  /**
   * After a committed save of `team`'s report that moved the generation from `generation - 1` to
   * `generation`: the remembered list still holds when the team was in it (a new team is read anew).
   */
  protected teamSaved(team: string, generation: number): void {
    const known = this.knownTeams;
    this.knownTeams = known && known.generation === generation - 1 && known.teams.includes(team) ? { generation, teams: known.teams } : null;
  }

  /**
   * The distinct non-empty owners recorded on items, as stored, read by skipping through the
   * items_by_owner index: one index seek per distinct owner, however many items there are.
   */
  itemOwners(): string[] {
    return (this.queries.distinctOwners.all() as Array<{ owner: string }>).map((r) => r.owner);
  }

  /**
   * Texts of items that may name a person in the line itself (负责人：…, 由…完成, 由…负责), at most
   * `limit`: found through the keyword index, whose CJK bigrams cover every such line (负责人 → 负责
   * and 责人; 由 starts a bigram, or ends its run as a unigram), instead of a LIKE scan of every item.
   * The caller's pattern decides which of them really name someone.
   */
  textsNamingPeople(limit: number): string[] {
    return this.queries.textsNamingPeople.all(limit) as string[];
  }

  /** The report with the latest report date (of a team, or of all). */
  latestReport(team?: string): StoredReport | null {
    const row = (team == null ? this.queries.latestReport.get() : this.queries.latestReportOfTeam.get(team)) as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  /**
   * A value computed from the stored items (the number of items, the people they name), remembered in
   * the database for the index generation it was computed at: the first process to need it after a
   * write computes and records it, and every later one (each cold `zhoubao ask`, at a million items
   * ~150 ms) reads it back. Recording is best effort and never waits: with another process holding the
   * write lock, inside a transaction or on a read-only database, the value is just not recorded.
   */
  derivedValue<T>(key: string, compute: () => T): T {
    const generation = this.indexGeneration();
    const recorded = this.queries.derivedValue.get(DERIVED_PREFIX + key) as string | undefined;
    if (recorded !== undefined) {
      try {
        const saved = JSON.parse(recorded) as { generation: number; value: T };
        if (saved.generation === generation) return saved.value;
      } catch {
        // unreadable: computed again and overwritten below
      }
    }
    const value = compute();
    this.recordDerived(key, generation, value);
    return value;
  }

  private recordDerived(key: string, generation: number, value: unknown): void {
    if (this.db.readonly || this.db.inTransaction) return;
    const busyTimeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    try {
      this.db.pragma('busy_timeout = 0');
      this.queries.recordDerived.run(DERIVED_PREFIX + key, JSON.stringify({ generation, value }));
    } catch {
      // Busy (another process is writing) or not writable: the next reader computes it again.
    } finally {
      this.db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  /** Bumped by every write that changes items; derived indexes compare it with the value they were built at. */
  indexGeneration(): number {
    const generation = Number((this.queries.generation.get() as { value: string }).value);
    if (generation !== this.subjectFeaturesChecked) {
      // Whether items.subject_bigrams was filled by the rules this code runs (ReportStore's
      // ensureSubjectFeatures): a process with other rules refilling it moves the generation.
      this.subjectFeaturesTrusted = this.queries.derivedValue.get('subject_features') === SUBJECT_FEATURES_ID;
      this.subjectFeaturesChecked = generation;
    }
    return generation;
  }

  /** The generation at which subjectFeaturesTrusted was read (NaN: not yet). */
  protected subjectFeaturesChecked = NaN;
  /** Lines read for comparing carry their stored subject bigrams (getItemLinesForReport). */
  private subjectFeaturesTrusted = false;
}

function prepareQueries(db: Database.Database) {
  return {
    reportByIdentity: db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = ? AND week_number = ? AND report_year = ? AND owner = ?`),
    reportByTeamWeek: db.prepare(
      `SELECT ${REPORT_COLUMNS} FROM reports WHERE team = ? AND week_number = ? AND owner = ? ORDER BY report_year DESC LIMIT 1`,
    ),
    reportById: db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`),
    // Rows as arrays: no per-row object from the driver for the listing every cold ask reads (25,000 reports at 1M items).
    allReports: db.prepare(REPORT_LISTING_SQL).raw(true),
    reportsOfTeam: db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = ? ORDER BY report_date, id`),
    latestReport: db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports ORDER BY report_date DESC, id DESC LIMIT 1`),
    latestReportOfTeam: db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE team = ? ORDER BY report_date DESC, id DESC LIMIT 1`),
    rawTextOfReport: db.prepare('SELECT raw_text FROM reports WHERE id = ?'),
    // Skips through reports_by_team_date from one team to the next: every ingest asks (the parser
    // matches known team names), and a DISTINCT scan would read every report's index entry.
    teams: db.prepare(`
      WITH RECURSIVE t (team) AS (
        SELECT min(team) FROM reports
        UNION ALL
        SELECT (SELECT min(team) FROM reports WHERE team > t.team) FROM t WHERE t.team IS NOT NULL
      )
      SELECT team FROM t WHERE team IS NOT NULL`),
    versionsOfReport: db.prepare('SELECT * FROM report_versions WHERE report_id = ? ORDER BY version'),
    itemsByIds: db.prepare(`
      SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id
      WHERE i.id IN (SELECT value FROM json_each(?))`).raw(true),
    itemsOfReport: db.prepare(`SELECT ${REPORT_ITEM_COLUMNS} FROM items WHERE report_id = ? ORDER BY ordinal, id`).raw(true),
    linesOfReport: db.prepare('SELECT id, section_path, text, owner FROM items WHERE report_id = ? ORDER BY ordinal, id').raw(true),
    linesWithBigrams: db.prepare('SELECT id, section_path, text, owner, subject_bigrams FROM items WHERE report_id = ? ORDER BY ordinal, id').raw(true),
    itemOfReport: db.prepare(`SELECT ${REPORT_ITEM_COLUMNS} FROM items WHERE id = ? AND report_id = ?`).raw(true),
    reportOfItems: db.prepare('SELECT team, week_label, week_number, report_date FROM reports WHERE id = ?').raw(true),
    allItems: db.prepare(`SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id ORDER BY i.id`),
    countItems: db.prepare('SELECT count(*) AS n FROM items'),
    distinctOwners: db.prepare(`
      WITH RECURSIVE o (owner) AS (
        SELECT min(owner) FROM items WHERE owner > ''
        UNION ALL
        SELECT (SELECT min(owner) FROM items WHERE owner > o.owner) FROM o WHERE o.owner IS NOT NULL
      )
      SELECT owner FROM o WHERE owner IS NOT NULL`),
    textsNamingPeople: db
      .prepare(
        `SELECT i.text FROM items_fts AS f JOIN items AS i ON i.id = f.rowid
         WHERE items_fts MATCH 'body : (("负责" AND "责人") OR ("由" * AND ("完成" OR "负责")))' LIMIT ?`,
      )
      .pluck(),
    generation: db.prepare("SELECT value FROM meta WHERE key = 'index_generation'"),
    derivedValue: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    recordDerived: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
}
