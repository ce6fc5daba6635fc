/**
 * Storing imported reports: each page or document goes through the same ingest as a file or a
 * Slack submission, so the store decides new / replaced / unchanged by the report's identity and
 * content hash. Re-importing an unchanged page is therefore `unchanged`; an edited one is a new
 * version. One failing document never stops the others.
 */
import type { IngestResult, IngestTextOptions, KnowledgeBaseApi, ReportSummary } from '../kbTypes';
import { ReportParseError } from '../reports/model';

/** One page or document to import, as the readers (Notion, Confluence, files) produce it. */
export interface ImportDocument {
  /** Stable key of where it lives: `notion:<page id>`, `confluence:<page id>`, or a file's absolute path */
  source: string;
  /** What the user knows it by: the page title or the file name */
  title: string;
  /** The report text; '' when `error` is set */
  text: string | Buffer;
  /** The file's name (no directory): a last source for the report's date */
  fileName?: string;
  /**
   * A date the page's metadata gives (a Notion date property, else its last-edited time), as an ISO
   * date or timestamp: used, with a warning, only when the text itself states no date.
   */
  fallbackDate?: string;
  /** Where `fallbackDate` came from, for the warning ("最后编辑时间", "「日期」属性") */
  fallbackDateLabel?: string;
  /** The document could not be read (corrupt file, API error for this page): nothing is stored */
  error?: string;
}

export type ImportOutcome = 'new' | 'replaced' | 'unchanged' | 'error';

export interface ImportResult {
  source: string;
  title: string;
  outcome: ImportOutcome;
  /** Why nothing was stored (Chinese, user-facing), when outcome is 'error' */
  error?: string;
  report?: ReportSummary;
  /** Guesses the reader should check (a date taken from the page's metadata, the parser's own) */
  warnings: string[];
}

/**
 * What the knowledge base is given. The extra fields are for the document-aware ingest (a text that
 * holds several weeks, `--date`): `date` wins over what the text says, `fileName` is a last source.
 */
export interface ImportIngestOptions extends IngestTextOptions {
  date?: string;
  fileName?: string;
}

/** kb.ingestText, or a replacement that may store several weeks from one text. */
export type IngestFunction = (text: string | Buffer, options: ImportIngestOptions) => Promise<IngestResult | IngestResult[]>;

export interface ImportOptions {
  /** Store under this team whatever the text says (`--team`) */
  team?: string;
  /** `--date YYYY-MM-DD`: any day of the reported week, for every document */
  date?: string;
  /** Default: kb.ingestText */
  ingest?: IngestFunction;
}

/** A page's title is kept apart from its body (Notion property, Confluence field): it goes on top, where the parser looks for team and week. */
export function withTitle(title: string, markdown: string): string {
  const body = markdown.replace(/^\s+/, '');
  const firstLine = body.split('\n', 1)[0] ?? '';
  if (!title.trim() || (/^#{1,6}\s/.test(firstLine) && firstLine.includes(title.trim()))) return body;
  return `# ${title.trim()}\n\n${body}`;
}

type ImportKb = Pick<KnowledgeBaseApi, 'ingestText' | 'currentWeek'>;

export async function importDocuments(kb: ImportKb, docs: ImportDocument[], options: ImportOptions = {}): Promise<ImportResult[]> {
  const ingest: IngestFunction = options.ingest ?? ((text, o) => kb.ingestText(text, o));
  const results: ImportResult[] = [];
  for (const doc of docs) results.push(...(await importOne(kb, ingest, doc, options)));
  return results;
}

async function importOne(kb: ImportKb, ingest: IngestFunction, doc: ImportDocument, options: ImportOptions): Promise<ImportResult[]> {
  if (doc.error) return [failed(doc, doc.error)];
  const base: ImportIngestOptions = {
    source: doc.source,
    ...(options.team ? { team: options.team, forceTeam: true } : {}),
    ...(options.date ? { date: options.date } : {}),
    ...(doc.fileName ? { fileName: doc.fileName } : {}),
  };
  try {
    return stored(doc, await ingest(doc.text, base), []);
  } catch (error) {
    const fallback = !options.date && isNoWeek(error) ? fallbackWeek(kb, doc, options.team) : null;
    if (!fallback) return [failed(doc, messageOf(error))];
    try {
      return stored(doc, await ingest(doc.text, { ...base, ...fallback.week }), [fallback.warning]);
    } catch (retryError) {
      return [failed(doc, messageOf(retryError))];
    }
  }
}

/**
 * The week of the page's metadata date, for a page whose text states none. The team's own week
 * numbering applies when the team is known (`--team`); otherwise the calendar's.
 */
function fallbackWeek(kb: ImportKb, doc: ImportDocument, team: string | undefined) {
  if (!doc.fallbackDate) return null;
  const when = new Date(/^\d{4}-\d{2}-\d{2}$/.test(doc.fallbackDate) ? `${doc.fallbackDate}T12:00:00Z` : doc.fallbackDate);
  if (Number.isNaN(when.getTime())) return null;
  const week = kb.currentWeek(team ?? '', when);
  const label = doc.fallbackDateLabel ?? '页面的最后编辑时间';
  return {
    week: { weekLabel: week.weekLabel, weekNumber: week.weekNumber, reportDate: week.reportDate },
    warning: `正文没有写明日期：按${label}（${doc.fallbackDate.slice(0, 10)}）归入${week.weekLabel}（${week.reportDate}），如不对请用 --date 指定。`,
  };
}

function stored(doc: ImportDocument, result: IngestResult | IngestResult[], warnings: string[]): ImportResult[] {
  const all = Array.isArray(result) ? result : [result];
  return all.map((r) => ({
    source: doc.source,
    title: doc.title,
    outcome: r.outcome,
    report: r.report,
    warnings: [...warnings, ...parserWarnings(r)],
  }));
}

function parserWarnings(result: IngestResult): string[] {
  const warnings = (result.parsed as { warnings?: unknown }).warnings;
  return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
}

function failed(doc: ImportDocument, error: string): ImportResult {
  return { source: doc.source, title: doc.title, outcome: 'error', error, warnings: [] };
}

function isNoWeek(error: unknown): boolean {
  return error instanceof ReportParseError && error.code === 'no_week';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
