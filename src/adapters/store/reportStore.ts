/**
 * Reports and their items in SQLite. A report is written whole or not at all: its row, its items,
 * their keyword-index rows, the replaced version's history and the index generation change in one
 * transaction. Identity: (team, week number, year of the report date, owner — the submitting member,
 * '' for the team's own report); see migrations.ts. Reading lives in reportQueries.ts (which this
 * class extends), the row layout and mappings in reportRows.ts.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SECTION_SEPARATOR, type ReportItem, type WeeklyReport } from '../../domain/reports/model';
import { segmentForIndex, tokenizerId } from '../../domain/text/segment';
import { defaultReportKind, type ReportKind, type SaveOutcome, type StoredReport } from '../../domain/records';
import { systemClock, type Clock } from '../../clock';
import { isIsoCalendarDate } from '../../domain/calendar';
import { teamIndexToken } from '../search/keywordIndex';
import { storedBigramsText, SUBJECT_FEATURES_ID } from '../../domain/followup/matchItems';
import { ReportQueries } from './reportQueries';
import { splitSection, toStoredReport, type ReportRow } from './reportRows';

// Importers (tests) take the listing query from here, where the store is.
export { REPORT_LISTING_SQL } from './reportRows';

export interface SaveReportInput {
  report: WeeklyReport;
  rawText: string;
  source: string;
  submittedBy?: string | null;
  /** Default: a submission when there is a submitter, else the team's own report */
  kind?: ReportKind;
}

export interface SaveReportHooks {
  /** Called after each item is inserted with the number inserted so far (tests use it to fail mid-write) */
  afterItemInserted?: (n: number) => void;
}

export interface SaveReportResult {
  report: StoredReport;
  outcome: SaveOutcome;
  /** Items now in the store that were not before (empty when unchanged) */
  addedItemIds: number[];
  /** Items that were in the store and no longer are (the replaced version's) */
  removedItemIds: number[];
}

export interface ReportStoreOptions {
  /** The clock for created/updated timestamps */
  now?: Clock;
}

/**
 * The text that decides "same submission": line endings, a BOM, trailing spaces and blank lines at
 * either end do not make a report different.
 */
export function normalizeRawText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u3000]+(?=\n|$)/g, '') // each line's trailing spaces (lines end at \n only)
    .replace(/^\n+|\n+$/g, '');
}

export function reportContentHash(report: { team: string; weekNumber: number; weekLabel: string; reportDate: string }, rawText: string): string {
  return createHash('sha256')
    .update(JSON.stringify([report.team, report.weekNumber, report.weekLabel, report.reportDate, normalizeRawText(rawText)]))
    .digest('hex');
}

/**
 * The store: ReportQueries' reading (reportQueries.ts) plus writing — saving a report whole,
 * deleting one, and keeping the keyword index's segmentation current.
 */
export class ReportStore extends ReportQueries {
  private readonly now: Clock;
  private readonly writes: ReturnType<typeof prepareWrites>;

  constructor(db: Database.Database, options: ReportStoreOptions = {}) {
    super(db);
    this.now = options.now ?? systemClock;
    this.writes = prepareWrites(db);
    this.ensureKeywordIndexTokenizer();
    this.ensureSubjectFeatures();
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  saveReport(input: SaveReportInput, hooks: SaveReportHooks = {}): SaveReportResult {
    const identity = requireIdentity(input.report);
    const contentHash = reportContentHash(identity, input.rawText);
    const year = Number(identity.reportDate.slice(0, 4));
    const owner = input.submittedBy ?? '';

    const before = this.queries.reportByIdentity.get(identity.team, identity.weekNumber, year, owner) as ReportRow | undefined;
    if (before && before.content_hash === contentHash) {
      return { report: toStoredReport(before), outcome: 'unchanged', addedItemIds: [], removedItemIds: [] };
    }

    let generation = -1; // the one this save's transaction made
    const write = this.db.transaction((): SaveReportResult => {
      // Re-read inside the write lock: another process may have saved this week meanwhile.
      const existing = this.queries.reportByIdentity.get(identity.team, identity.weekNumber, year, owner) as ReportRow | undefined;
      if (existing && existing.content_hash === contentHash) {
        return { report: toStoredReport(existing), outcome: 'unchanged', addedItemIds: [], removedItemIds: [] };
      }
      const timestamp = this.now().toISOString();
      const fields = {
        team: identity.team,
        week_label: identity.weekLabel,
        week_number: identity.weekNumber,
        report_year: year,
        report_date: identity.reportDate,
        title: input.report.title ?? null,
        source: input.source,
        submitted_by: input.submittedBy ?? null,
        kind: input.kind ?? defaultReportKind(input.submittedBy),
        owner,
        content_hash: contentHash,
        raw_text: input.rawText,
        item_count: input.report.items.length,
        period_start: input.report.period?.start ?? null,
        period_end: input.report.period?.end ?? null,
        now: timestamp,
      };

      let reportId: number;
      let removedItemIds: number[] = [];
      if (existing) {
        reportId = existing.id;
        this.writes.archiveVersion.run({ id: reportId, replaced_at: timestamp });
        removedItemIds = (this.writes.itemIdsOfReport.all(reportId) as Array<{ id: number }>).map((r) => r.id);
        this.writes.deleteItemsOfReport.run(reportId); // the trigger removes their keyword rows
        this.writes.replaceReport.run({ ...fields, id: reportId });
      } else {
        reportId = Number(this.writes.insertReport.run(fields).lastInsertRowid);
      }

      const addedItemIds: number[] = [];
      // A report's items share a handful of headings: each is segmented once.
      const sections = new Map<string, string>();
      const teamToken = teamIndexToken(identity.team);
      for (const item of input.report.items) {
        addedItemIds.push(this.insertItem(reportId, item, sections, teamToken));
        hooks.afterItemInserted?.(addedItemIds.length);
      }
      this.writes.bumpGeneration.run();
      generation = this.indexGeneration();
      const saved = this.queries.reportById.get(reportId) as ReportRow;
      return { report: toStoredReport(saved), outcome: existing ? 'replaced' : 'new', addedItemIds, removedItemIds };
    });
    // IMMEDIATE: take the write lock up front, so two writers queue on busy_timeout instead of one
    // failing when it upgrades a read lock.
    const result = write.immediate();
    // Inside a caller's transaction (a whole document) nothing is committed yet: the list is read anew.
    if (result.outcome !== 'unchanged') this.teamSaved(identity.team, this.db.inTransaction ? -1 : generation);
    return result;
  }

  /** Deletes a report with its items, versions and keyword rows; returns the removed item ids. */
  deleteReport(id: number): number[] {
    return this.db
      .transaction(() => {
        const ids = (this.writes.itemIdsOfReport.all(id) as Array<{ id: number }>).map((r) => r.id);
        const deleted = this.writes.deleteReport.run(id).changes;
        if (deleted) this.writes.bumpGeneration.run();
        return ids;
      })
      .immediate();
  }

  private insertItem(reportId: number, item: ReportItem, segmentedSections: Map<string, string>, teamToken: string): number {
    const id = Number(this.writes.insertItem.run(reportId, ...itemColumnValues(item)).lastInsertRowid);
    const section = sectionFieldOf(item.sectionPath, item.owner);
    let segmentedSection = segmentedSections.get(section);
    if (segmentedSection === undefined) segmentedSections.set(section, (segmentedSection = segmentForIndex(section)));
    this.writes.insertFts.run(id, segmentedSection, segmentForIndex(item.text), teamToken);
    return id;
  }

  /**
   * The keyword index stores segmented text; if it was segmented by another tokenizer version
   * (an upgrade changed segment.ts) or is new (migration 9), re-segment every item from the items
   * table, in one transaction.
   */
  private ensureKeywordIndexTokenizer(): void {
    const wanted = tokenizerId();
    const tokenizer = this.db.prepare("SELECT value FROM meta WHERE key = 'fts_tokenizer'").pluck();
    if (tokenizer.get() === wanted) return;
    this.db
      .transaction(() => {
        // Read again under the write lock: another process opening the store may have rebuilt it meanwhile.
        const row = tokenizer.get() as string | undefined;
        if (row === wanted) return;
        const hasItems = this.db.prepare('SELECT 1 FROM items LIMIT 1').get();
        if (row !== undefined || hasItems) {
          this.db.prepare("INSERT INTO items_fts (items_fts) VALUES ('delete-all')").run();
          // In batches of ids: a million items' text is never all in memory at once.
          const batch = this.db.prepare(`
            SELECT i.id, i.section_path, i.text, i.owner, r.team FROM items AS i JOIN reports AS r ON r.id = i.report_id
            WHERE i.id > ? ORDER BY i.id LIMIT 5000`);
          type Row = { id: number; section_path: string; text: string; owner: string | null; team: string };
          for (let rows = batch.all(0) as Row[]; rows.length; rows = batch.all(rows[rows.length - 1].id) as Row[]) {
            for (const r of rows) {
              const section = segmentForIndex(sectionFieldOf(splitSection(r.section_path), r.owner));
              this.writes.insertFts.run(r.id, section, segmentForIndex(r.text), teamIndexToken(r.team));
            }
          }
        }
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('fts_tokenizer', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(wanted);
        // Derived data and caches keyed on the generation (keyword statistics) must see the change.
        if (row !== undefined || hasItems) this.writes.bumpGeneration.run();
      })
      .immediate();
  }

  /**
   * Every item's subject bigrams (items.subject_bigrams) as the running code works them out: filled
   * for items written before the column existed (migration 10), and refilled when the matcher's rules
   * changed (meta.subject_features differs from SUBJECT_FEATURES_ID). Until then reads ignore the
   * column and chains work the bigrams out (reportQueries.ts), so answers never depend on it.
   * Batched transactions (about 5 s a million items), the meta row written last: a crash midway
   * leaves the column ignored and the next open starts again.
   */
  private ensureSubjectFeatures(): void {
    const recorded = this.db.prepare("SELECT value FROM meta WHERE key = 'subject_features'").pluck();
    if (recorded.get() === SUBJECT_FEATURES_ID || this.db.readonly) return;
    const hasItems = this.db.prepare('SELECT 1 FROM items LIMIT 1').get();
    if (hasItems) {
      const batch = this.db.prepare('SELECT id, text FROM items WHERE id > ? ORDER BY id LIMIT 5000').raw(true);
      const update = this.db.prepare('UPDATE items SET subject_bigrams = ? WHERE id = ?');
      const fill = this.db.transaction((rows: Array<[number, string]>) => {
        for (const [id, text] of rows) update.run(storedBigramsText(text), id);
      });
      for (let rows = batch.all(0) as Array<[number, string]>; rows.length; rows = batch.all(rows[rows.length - 1][0]) as Array<[number, string]>) {
        fill.immediate(rows);
      }
    }
    this.db
      .transaction(() => {
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('subject_features', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(SUBJECT_FEATURES_ID);
        // Readers take up the column when the generation moves (subjectFeaturesTrusted).
        if (hasItems) this.writes.bumpGeneration.run();
      })
      .immediate();
    this.subjectFeaturesChecked = NaN; // whether to trust the column is read again with the next lines
  }
}

function prepareWrites(db: Database.Database) {
  return {
    insertReport: db.prepare(`
      INSERT INTO reports (team, week_label, week_number, report_year, report_date, title, source, submitted_by, owner,
                           content_hash, raw_text, item_count, version, created_at, updated_at, period_start, period_end, kind)
      VALUES (@team, @week_label, @week_number, @report_year, @report_date, @title, @source, @submitted_by, @owner,
              @content_hash, @raw_text, @item_count, 1, @now, @now, @period_start, @period_end, @kind)`),
    replaceReport: db.prepare(`
      UPDATE reports SET week_label = @week_label, report_date = @report_date, title = @title, source = @source,
        submitted_by = @submitted_by, content_hash = @content_hash, raw_text = @raw_text, item_count = @item_count,
        period_start = @period_start, period_end = @period_end, kind = @kind, version = version + 1, updated_at = @now
      WHERE id = @id`),
    archiveVersion: db.prepare(`
      INSERT INTO report_versions (report_id, version, week_label, report_date, title, raw_text, content_hash, source,
                                   submitted_by, item_count, replaced_at)
      SELECT id, version, week_label, report_date, title, raw_text, content_hash, source, submitted_by, item_count, @replaced_at
      FROM reports WHERE id = @id`),
    deleteReport: db.prepare('DELETE FROM reports WHERE id = ?'),
    itemIdsOfReport: db.prepare('SELECT id FROM items WHERE report_id = ? ORDER BY id'),
    deleteItemsOfReport: db.prepare('DELETE FROM items WHERE report_id = ?'),
    insertItem: db.prepare(`
      INSERT INTO items (report_id, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner, subject_bigrams)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertFts: db.prepare('INSERT INTO items_fts (rowid, section, body, team) VALUES (?, ?, ?, ?)'),
    bumpGeneration: db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_generation'"),
  };
}

export function requireIdentity(report: WeeklyReport): { team: string; weekLabel: string; weekNumber: number; reportDate: string } {
  const missing: string[] = [];
  if (!report.team || !report.team.trim()) missing.push('team');
  if (!report.weekLabel) missing.push('weekLabel');
  if (report.weekNumber == null || !Number.isInteger(report.weekNumber)) missing.push('weekNumber');
  if (!report.reportDate) missing.push('reportDate');
  if (missing.length) {
    throw new Error(`cannot store a report without ${missing.join(', ')}: a stored report is identified by team, week number and report year`);
  }
  if (!isIsoCalendarDate(report.reportDate!)) {
    throw new Error(`cannot store a report dated "${report.reportDate}": reportDate must be an ISO date (YYYY-MM-DD)`);
  }
  return { team: report.team!.trim(), weekLabel: report.weekLabel!, weekNumber: report.weekNumber!, reportDate: report.reportDate! };
}

/**
 * An item's values for the items table, in column order after report_id (ordinal … owner,
 * subject_bigrams): shared by this store and a replica's copy (mirrorWrites.ts), which also writes the id.
 */
export function itemColumnValues(item: ReportItem): [number, string, string, string, number, string, string, string, string | null, string | null] {
  return [
    item.ordinal,
    item.sectionPath.join(SECTION_SEPARATOR),
    item.text,
    item.rawLine,
    item.lineNo,
    item.status,
    JSON.stringify(item.dates ?? []),
    JSON.stringify(item.metrics ?? []),
    item.owner ?? null,
    storedBigramsText(item.text),
  ];
}

/**
 * What the keyword index's `section` column holds: the section path and the item's owner, so a name
 * that appears only as a person heading or a table's owner column still finds the person's items.
 */
export function sectionFieldOf(sectionPath: readonly string[], owner: string | null | undefined): string {
  return owner && !sectionPath.includes(owner) ? [...sectionPath, owner].join(' ') : sectionPath.join(' ');
}
