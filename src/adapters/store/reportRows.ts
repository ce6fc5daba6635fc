/**
 * How reports and items are laid out in SQLite rows and turned back into records: the column lists
 * every query selects (REPORT_COLUMNS, ITEM_COLUMNS, REPORT_LISTING_SQL), the row shapes, and the
 * row → StoredReport / StoredItem mappings. No statements run here; reportQueries.ts and
 * reportStore.ts do that. Imports domain types only.
 */
import { SECTION_SEPARATOR, type ItemStatus } from '../../domain/reports/model';
import type { ReportKind, StoredItem, StoredReport } from '../../domain/records';

export const ITEM_COLUMNS = `
  i.id, i.report_id, i.ordinal, i.section_path, i.text, i.raw_line, i.line_no, i.status, i.dates_json, i.metrics_json,
  i.owner, r.team, r.week_label, r.week_number, r.report_date`;

export const REPORT_COLUMNS = `
  id, team, week_label, week_number, report_date, title, source, submitted_by, content_hash, item_count, version,
  created_at, updated_at, period_start, period_end, kind`;

/**
 * Every report, for the answer layer's view of the store. Served from the reports_listing index
 * alone (migration 8): these columns sit after raw_text in the table, so reading them from the rows
 * would read every report's whole text. A column added here must be added to that index too.
 */
export const REPORT_LISTING_SQL = `SELECT ${REPORT_COLUMNS} FROM reports ORDER BY team, report_date, id`;

export interface ReportRow {
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

export interface ItemRow {
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

/** A stored section path (SECTION_SEPARATOR-joined) as its headings. */
export function splitSection(path: string): string[] {
  return path ? path.split(SECTION_SEPARATOR) : [];
}

/** Where each of REPORT_COLUMNS sits in a raw listing row. */
const LISTED = Object.fromEntries(REPORT_COLUMNS.split(',').map((c, k) => [c.trim(), k])) as Record<keyof ReportRow, number>;

/** A raw REPORT_LISTING_SQL row as a report: toStoredReport's mapping, without an object per row in between. */
export function listedReport(v: unknown[]): StoredReport {
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

export function toStoredReport(r: ReportRow): StoredReport {
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

/** An item's own columns, for reading a report's items (the report's columns are read once: reportItemMapper). */
export const REPORT_ITEM_COLUMNS = 'id, report_id, section_path, text, raw_line, line_no, status, dates_json, metrics_json, owner, ordinal';

/**
 * A line of a report as read for comparing lines (getItemLinesForReport): its id, headings, text,
 * owner and team, the fields an item's text for matching is made of, and its subject bigrams when
 * the store holds them (items.subject_bigrams, migration 10). The headings array may be shared by
 * the report's lines under the same heading: read, never changed.
 */
export type ItemLine = Pick<StoredItem, 'id' | 'sectionPath' | 'text' | 'owner' | 'team'> & { storedBigrams?: string | null };

/** A raw row of REPORT_ITEM_COLUMNS. */
export type ReportItemRow = [number, number, string, string, string, number, string, string, string, string | null, number];

/**
 * Raw REPORT_ITEM_COLUMNS rows of one report as items, given that report's team, week label, week
 * number and date: toStoredItem's mapping, with one section path split per distinct heading (a
 * report's items share a handful) and the empty date and figure lists not parsed.
 */
export function reportItemMapper([team, weekLabel, weekNumber, reportDate]: [string, string, number, string]): (row: ReportItemRow) => StoredItem {
  const sections = new Map<string, string[]>();
  return ([id, reportId, sectionPath, text, rawLine, lineNo, status, datesJson, metricsJson, owner, ordinal]) => {
    let headings = sections.get(sectionPath);
    if (!headings) sections.set(sectionPath, (headings = splitSection(sectionPath)));
    return {
      id,
      reportId,
      ordinal,
      sectionPath: headings.slice(), // each item its own array, as toStoredItem gives them
      text,
      rawLine,
      lineNo,
      status: status as ItemStatus,
      dates: parseList(datesJson),
      metrics: parseList(metricsJson),
      owner: owner ?? null,
      team,
      weekLabel,
      weekNumber,
      reportDate,
    };
  };
}

/** A stored JSON list; most items have no dates or figures ('[]'), which need no parser. */
function parseList(json: string) {
  return json === '[]' ? [] : JSON.parse(json);
}

/** A raw row of ITEM_COLUMNS, in their order. */
export type RawItemRow = [number, number, number, string, string, string, number, string, string, string, string | null, string, string, number, string];

/**
 * A raw ITEM_COLUMNS row as an item: toStoredItem's mapping (the same fields in the same order),
 * without the driver's object per row, and the empty date and figure lists not parsed: a question
 * reads its search hits this way (getItemsByIds), a hundred or more at a million items.
 */
export function rawStoredItem([id, reportId, ordinal, sectionPath, text, rawLine, lineNo, status, datesJson, metricsJson, owner, team, weekLabel, weekNumber, reportDate]: RawItemRow): StoredItem {
  return {
    id,
    reportId,
    ordinal,
    sectionPath: splitSection(sectionPath),
    text,
    rawLine,
    lineNo,
    status: status as ItemStatus,
    dates: parseList(datesJson),
    metrics: parseList(metricsJson),
    owner: owner ?? null,
    team,
    weekLabel,
    weekNumber,
    reportDate,
  };
}

export function toStoredItem(r: ItemRow): StoredItem {
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
