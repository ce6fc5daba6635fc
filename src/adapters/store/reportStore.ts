/**
 * Reports and their items in SQLite. A report is written whole or not at all: its row, its items,
 * their keyword-index rows, the replaced version's history and the index generation change in one
 * transaction. Identity: (team, week number, year of the report date, owner — the submitting member,
 * '' for the team's own report); see migrations.ts.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SECTION_SEPARATOR, type ItemStatus, type ReportItem, type WeeklyReport } from '../../domain/reports/model';
import { segmentForIndex, tokenizerId } from '../../domain/text/segment';
import { defaultReportKind, type ReportKind, type ReportVersion, type SaveOutcome, type StoredItem, type StoredReport } from '../../domain/records';
import { systemClock, type Clock } from '../../clock';
import { isIsoCalendarDate } from '../../domain/calendar';

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

const ITEM_COLUMNS = `
  i.id, i.report_id, i.ordinal, i.section_path, i.text, i.raw_line, i.line_no, i.status, i.dates_json, i.metrics_json,
  i.owner, r.team, r.week_label, r.week_number, r.report_date`;

const REPORT_COLUMNS = `
  id, team, week_label, week_number, report_date, title, source, submitted_by, content_hash, item_count, version,
  created_at, updated_at, period_start, period_end, kind`;

/**
 * Every report, for the answer layer's view of the store. Served from the reports_listing index
 * alone (migration 8): these columns sit after raw_text in the table, so reading them from the rows
 * would read every report's whole text. A column added here must be added to that index too.
 */
export const REPORT_LISTING_SQL = `SELECT ${REPORT_COLUMNS} FROM reports ORDER BY team, report_date, id`;

interface ReportRow {
  id: number;
  team: string;
  week_label: string;
  week_number: number;
  report_date: string;
  title: string | null;
  source: string;
  submitted_by: string | null;
  content_hash: string;
  item_count: number;
  version: number;
  created_at: string;
  updated_at: string;
  period_start: string | null;
  period_end: string | null;
  kind: ReportKind;
}

interface ItemRow {
  id: number;
  report_id: number;
  ordinal: number;
  section_path: string;
  text: string;
  raw_line: string;
  line_no: number;
  status: string;
  dates_json: string;
  metrics_json: string;
  owner: string | null;
  team: string;
  week_label: string;
  week_number: number;
  report_date: string;
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
    .split('\n')
    .map((line) => line.replace(/[ \t\u3000]+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

export function reportContentHash(report: { team: string; weekNumber: number; weekLabel: string; reportDate: string }, rawText: string): string {
  return createHash('sha256')
    .update(JSON.stringify([report.team, report.weekNumber, report.weekLabel, report.reportDate, normalizeRawText(rawText)]))
    .digest('hex');
}

export class ReportStore {
  private readonly now: Clock;
  private readonly stmt: ReturnType<typeof prepareStatements>;

  constructor(
    readonly db: Database.Database,
    options: ReportStoreOptions = {},
  ) {
    this.now = options.now ?? systemClock;
    this.stmt = prepareStatements(db);
    this.ensureKeywordIndexTokenizer();
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  saveReport(input: SaveReportInput, hooks: SaveReportHooks = {}): SaveReportResult {
    const identity = requireIdentity(input.report);
    const contentHash = reportContentHash(identity, input.rawText);
    const year = Number(identity.reportDate.slice(0, 4));
    const owner = input.submittedBy ?? '';

    const before = this.stmt.reportByIdentity.get(identity.team, identity.weekNumber, year, owner) as ReportRow | undefined;
    if (before && before.content_hash === contentHash) {
      return { report: toStoredReport(before), outcome: 'unchanged', addedItemIds: [], removedItemIds: [] };
    }

    const write = this.db.transaction((): SaveReportResult => {
      // Re-read inside the write lock: another process may have saved this week meanwhile.
      const existing = this.stmt.reportByIdentity.get(identity.team, identity.weekNumber, year, owner) as ReportRow | undefined;
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
        this.stmt.archiveVersion.run({ id: reportId, replaced_at: timestamp });
        removedItemIds = (this.stmt.itemIdsOfReport.all(reportId) as Array<{ id: number }>).map((r) => r.id);
        this.stmt.deleteItemsOfReport.run(reportId); // the trigger removes their keyword rows
        this.stmt.replaceReport.run({ ...fields, id: reportId });
      } else {
        reportId = Number(this.stmt.insertReport.run(fields).lastInsertRowid);
      }

      const addedItemIds: number[] = [];
      // A report's items share a handful of headings: each is segmented once.
      const sections = new Map<string, string>();
      for (const item of input.report.items) {
        addedItemIds.push(this.insertItem(reportId, item, sections));
        hooks.afterItemInserted?.(addedItemIds.length);
      }
      this.stmt.bumpGeneration.run();
      const saved = this.stmt.reportById.get(reportId) as ReportRow;
      return { report: toStoredReport(saved), outcome: existing ? 'replaced' : 'new', addedItemIds, removedItemIds };
    });
    // IMMEDIATE: take the write lock up front, so two writers queue on busy_timeout instead of one
    // failing when it upgrades a read lock.
    return write.immediate();
  }

  /** Deletes a report with its items, versions and keyword rows; returns the removed item ids. */
  deleteReport(id: number): number[] {
    return this.db
      .transaction(() => {
        const ids = (this.stmt.itemIdsOfReport.all(id) as Array<{ id: number }>).map((r) => r.id);
        const deleted = this.stmt.deleteReport.run(id).changes;
        if (deleted) this.stmt.bumpGeneration.run();
        return ids;
      })
      .immediate();
  }

  private insertItem(reportId: number, item: ReportItem, segmentedSections: Map<string, string>): number {
    const sectionPath = item.sectionPath.join(SECTION_SEPARATOR);
    const id = Number(
      this.stmt.insertItem.run(
        reportId,
        item.ordinal,
        sectionPath,
        item.text,
        item.rawLine,
        item.lineNo,
        item.status,
        JSON.stringify(item.dates ?? []),
        JSON.stringify(item.metrics ?? []),
        item.owner ?? null,
      ).lastInsertRowid,
    );
    const section = sectionFieldOf(item.sectionPath, item.owner);
    let segmentedSection = segmentedSections.get(section);
    if (segmentedSection === undefined) segmentedSections.set(section, (segmentedSection = segmentForIndex(section)));
    this.stmt.insertFts.run(id, segmentedSection, segmentForIndex(item.text));
    return id;
  }

  /**
   * The keyword index stores segmented text; if it was segmented by another tokenizer version
   * (an upgrade changed segment.ts), re-segment every item from the items table, in one transaction.
   */
  private ensureKeywordIndexTokenizer(): void {
    const wanted = tokenizerId();
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'fts_tokenizer'").get() as { value: string } | undefined;
    if (row?.value === wanted) return;
    this.db
      .transaction(() => {
        const hasItems = this.db.prepare('SELECT 1 FROM items LIMIT 1').get();
        if (row || hasItems) {
          this.db.prepare("INSERT INTO items_fts (items_fts) VALUES ('delete-all')").run();
          const all = this.db.prepare('SELECT id, section_path, text, owner FROM items').all() as Array<{ id: number; section_path: string; text: string; owner: string | null }>;
          for (const r of all) {
            this.stmt.insertFts.run(r.id, segmentForIndex(sectionFieldOf(splitSection(r.section_path), r.owner)), segmentForIndex(r.text));
          }
        }
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('fts_tokenizer', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(wanted);
        // Derived data and caches keyed on the generation (keyword statistics) must see the change.
        if (row || hasItems) this.stmt.bumpGeneration.run();
      })
      .immediate();
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  getReport(id: number): StoredReport | null {
    const row = this.stmt.reportById.get(id) as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  /**
   * A team's report for a week; without `year`, the most recent year that has that week. `owner` is the
   * member whose submission is wanted; '' (the default) is the team's own report.
   */
  findReport(team: string, weekNumber: number, year?: number, owner = ''): StoredReport | null {
    const row = (
      year == null ? this.stmt.reportByTeamWeek.get(team, weekNumber, owner) : this.stmt.reportByIdentity.get(team, weekNumber, year, owner)
    ) as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  /** Reports ordered by team, then report date. */
  listReports(filter: { team?: string } = {}): StoredReport[] {
    if (!filter.team) return (this.stmt.allReports.all() as unknown[][]).map(listedReport);
    return (this.stmt.reportsOfTeam.all(filter.team) as ReportRow[]).map(toStoredReport);
  }

  /** Earlier texts of a report, oldest first. */
  reportVersions(reportId: number): ReportVersion[] {
    const rows = this.stmt.versionsOfReport.all(reportId) as Array<Record<string, unknown>>;
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
    const row = this.stmt.rawTextOfReport.get(reportId) as { raw_text: string } | undefined;
    return row ? row.raw_text : null;
  }

  /** Items by id, in the order of `ids`; unknown ids are skipped. */
  getItemsByIds(ids: number[]): StoredItem[] {
    if (!ids.length) return [];
    const rows = this.stmt.itemsByIds.all(JSON.stringify(ids)) as ItemRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const out: StoredItem[] = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (row) out.push(toStoredItem(row));
    }
    return out;
  }

  /** A report's items in report order. */
  getItemsForReport(reportId: number): StoredItem[] {
    return (this.stmt.itemsOfReport.all(reportId) as ItemRow[]).map(toStoredItem);
  }

  /**
   * Every item, by id, streamed (for index rebuilds). The connection is busy while the iterator is
   * open: finish (or `return()`) it before writing.
   */
  *iterateItems(): IterableIterator<StoredItem> {
    for (const row of this.stmt.allItems.iterate() as IterableIterator<ItemRow>) yield toStoredItem(row);
  }

  countItems(): number {
    return (this.stmt.countItems.get() as { n: number }).n;
  }

  teams(): string[] {
    return (this.stmt.teams.all() as Array<{ team: string }>).map((r) => r.team);
  }

  /**
   * The distinct non-empty owners recorded on items, as stored, read by skipping through the
   * items_by_owner index: one index seek per distinct owner, however many items there are.
   */
  itemOwners(): string[] {
    return (this.stmt.distinctOwners.all() as Array<{ owner: string }>).map((r) => r.owner);
  }

  /**
   * Texts of items that may name a person in the line itself (负责人：…, 由…完成, 由…负责), at most
   * `limit`: found through the keyword index, whose CJK bigrams cover every such line (负责人 → 负责
   * and 责人; 由 starts a bigram, or ends its run as a unigram), instead of a LIKE scan of every item.
   * The caller's pattern decides which of them really name someone.
   */
  textsNamingPeople(limit: number): string[] {
    return this.stmt.textsNamingPeople.all(limit) as string[];
  }

  /** The report with the latest report date (of a team, or of all). */
  latestReport(team?: string): StoredReport | null {
    const row = (team == null ? this.stmt.latestReport.get() : this.stmt.latestReportOfTeam.get(team)) as ReportRow | undefined;
    return row ? toStoredReport(row) : null;
  }

  /** Bumped by every write that changes items; derived indexes compare it with the value they were built at. */
  indexGeneration(): number {
    return Number((this.stmt.generation.get() as { value: string }).value);
  }
}

function prepareStatements(db: Database.Database) {
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
    versionsOfReport: db.prepare('SELECT * FROM report_versions WHERE report_id = ? ORDER BY version'),
    deleteReport: db.prepare('DELETE FROM reports WHERE id = ?'),
    itemIdsOfReport: db.prepare('SELECT id FROM items WHERE report_id = ? ORDER BY id'),
    deleteItemsOfReport: db.prepare('DELETE FROM items WHERE report_id = ?'),
    insertItem: db.prepare(`
      INSERT INTO items (report_id, ordinal, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertFts: db.prepare('INSERT INTO items_fts (rowid, section, body) VALUES (?, ?, ?)'),
    itemsByIds: db.prepare(`
      SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id
      WHERE i.id IN (SELECT value FROM json_each(?))`),
    itemsOfReport: db.prepare(`
      SELECT ${ITEM_COLUMNS} FROM items AS i JOIN reports AS r ON r.id = i.report_id
      WHERE i.report_id = ? ORDER BY i.ordinal, i.id`),
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
    bumpGeneration: db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_generation'"),
  };
}

function requireIdentity(report: WeeklyReport): { team: string; weekLabel: string; weekNumber: number; reportDate: string } {
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
 * What the keyword index's `section` column holds: the section path and the item's owner, so a name
 * that appears only as a person heading or a table's owner column still finds the person's items.
 */
function sectionFieldOf(sectionPath: readonly string[], owner: string | null | undefined): string {
  return owner && !sectionPath.includes(owner) ? [...sectionPath, owner].join(' ') : sectionPath.join(' ');
}

function splitSection(path: string): string[] {
  return path ? path.split(SECTION_SEPARATOR) : [];
}

/** Where each of REPORT_COLUMNS sits in a raw listing row. */
const LISTED = Object.fromEntries(REPORT_COLUMNS.split(',').map((c, k) => [c.trim(), k])) as Record<keyof ReportRow, number>;

/** A raw REPORT_LISTING_SQL row as a report: toStoredReport's mapping, without an object per row in between. */
function listedReport(v: unknown[]): StoredReport {
  const periodStart = v[LISTED.period_start] as string | null;
  const periodEnd = v[LISTED.period_end] as string | null;
  return {
    id: v[LISTED.id] as number,
    team: v[LISTED.team] as string,
    weekLabel: v[LISTED.week_label] as string,
    weekNumber: v[LISTED.week_number] as number,
    reportDate: v[LISTED.report_date] as string,
    title: v[LISTED.title] as string | null,
    source: v[LISTED.source] as string,
    submittedBy: v[LISTED.submitted_by] as string | null,
    kind: v[LISTED.kind] as ReportKind,
    contentHash: v[LISTED.content_hash] as string,
    itemCount: v[LISTED.item_count] as number,
    version: v[LISTED.version] as number,
    createdAt: v[LISTED.created_at] as string,
    updatedAt: v[LISTED.updated_at] as string,
    period: periodStart && periodEnd ? { start: periodStart, end: periodEnd } : null,
  };
}

function toStoredReport(r: ReportRow): StoredReport {
  return {
    id: r.id,
    team: r.team,
    weekLabel: r.week_label,
    weekNumber: r.week_number,
    reportDate: r.report_date,
    title: r.title,
    source: r.source,
    submittedBy: r.submitted_by,
    kind: r.kind,
    contentHash: r.content_hash,
    itemCount: r.item_count,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    period: r.period_start && r.period_end ? { start: r.period_start, end: r.period_end } : null,
  };
}

function toStoredItem(r: ItemRow): StoredItem {
  return {
    id: r.id,
    reportId: r.report_id,
    ordinal: r.ordinal,
    sectionPath: splitSection(r.section_path),
    text: r.text,
    rawLine: r.raw_line,
    lineNo: r.line_no,
    status: r.status as ItemStatus,
    dates: JSON.parse(r.dates_json),
    metrics: JSON.parse(r.metrics_json),
    owner: r.owner ?? null,
    team: r.team,
    weekLabel: r.week_label,
    weekNumber: r.week_number,
    reportDate: r.report_date,
  };
}
