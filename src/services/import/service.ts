/**
 * Storing imported reports: each page or document goes through the same ingest as a file or a
 * Slack submission, so the store decides new / replaced / unchanged by the report's identity and
 * content hash. Re-importing an unchanged page is therefore `unchanged`; an edited one is a new
 * version. One failing document never stops the others.
 */
import type { IngestResult, IngestTextOptions, KnowledgeBaseApi, ReportSummary } from '../knowledgeBaseTypes';
import { ReportParseError } from '../../domain/reports/model';
import { DEFAULT_TIME_ZONE, isIsoCalendarDate, localDateIn } from '../../domain/calendar';
import type { ImportDocument } from '../../adapters/import/importDocument';

export type { ImportDocument } from '../../adapters/import/importDocument';

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
 * What the knowledge base is given: the document-aware ingest's options (`date` wins over what the
 * text says, `fileName` is a last source for the date), plus the week fields kb.ingestText falls back
 * on when a text states no date.
 */
export interface ImportIngestOptions extends IngestTextOptions {
  date?: string;
  fileName?: string;
}

/** How one text is stored: kb.ingestDocument (several weeks in one text, `date`), else kb.ingestText. */
export type IngestFunction = (text: string | Buffer, options: ImportIngestOptions) => Promise<IngestResult | IngestResult[]>;

export interface ImportOptions {
  /** Store under this team whatever the text says (`--team`) */
  team?: string;
  /** `--date YYYY-MM-DD`: any day of the reported week, for every document */
  date?: string;
  /** The team's time zone, for the day a metadata timestamp falls on (default Asia/Shanghai) */
  timeZone?: string;
  /** Default: kb.ingestDocument when the knowledge base has it, else kb.ingestText */
  ingest?: IngestFunction;
}

type ImportKb = Pick<KnowledgeBaseApi, 'ingestText' | 'currentWeek' | 'ingestDocument'>;

function defaultIngest(kb: ImportKb): IngestFunction {
  const { ingestDocument } = kb;
  if (!ingestDocument) return (text, o) => kb.ingestText(text, o);
  return (text, o) =>
    ingestDocument.call(kb, text, {
      source: o.source,
      ...(o.team ? { team: o.team, forceTeam: o.forceTeam } : {}),
      ...(o.date ? { date: o.date } : {}),
      ...(o.fileName ? { fileName: o.fileName } : {}),
    });
}

export async function importDocuments(kb: ImportKb, docs: ImportDocument[], options: ImportOptions = {}): Promise<ImportResult[]> {
  const ingest = options.ingest ?? defaultIngest(kb);
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
    return stored(doc, await ingest(doc.text, base));
  } catch (error) {
    const fallback = !options.date && isNoWeek(error) ? fallbackDay(doc, options.timeZone) : null;
    if (!fallback) return [failed(doc, messageOf(error))];
    // The text states no date: the page's metadata date stands in for --date (and, for kb.ingestText,
    // its week for the week fields), and the user is told.
    const week = kb.currentWeek(options.team ?? '', fallback.when, options.timeZone);
    const retry: ImportIngestOptions = { ...base, date: fallback.day, weekLabel: week.weekLabel, weekNumber: week.weekNumber, reportDate: week.reportDate };
    try {
      const results = stored(doc, await ingest(doc.text, retry));
      for (const r of results) r.warnings.unshift(fallbackWarning(doc, fallback.day, r.report));
      return results;
    } catch (retryError) {
      return [failed(doc, messageOf(retryError))];
    }
  }
}

/** The day (in the team's time zone) of the page's metadata date, or null when it has none. */
function fallbackDay(doc: ImportDocument, timeZone = DEFAULT_TIME_ZONE): { day: string; when: Date } | null {
  if (!doc.fallbackDate) return null;
  if (isIsoCalendarDate(doc.fallbackDate)) return { day: doc.fallbackDate, when: new Date(`${doc.fallbackDate}T12:00:00Z`) };
  const when = new Date(doc.fallbackDate);
  return Number.isNaN(when.getTime()) ? null : { day: localDateIn(when, timeZone), when };
}

function fallbackWarning(doc: ImportDocument, day: string, report: ReportSummary | undefined): string {
  const label = doc.fallbackDateLabel ?? '页面的最后编辑时间';
  const where = report ? `归入${report.weekLabel}（${report.reportDate}）` : '存入';
  return `正文没有写明日期：按${label}（${day}）${where}，如不对请用 --date 指定。`;
}

function stored(doc: ImportDocument, result: IngestResult | IngestResult[]): ImportResult[] {
  const all = Array.isArray(result) ? result : [result];
  return all.map((r) => ({
    source: doc.source,
    title: doc.title,
    outcome: r.outcome,
    report: r.report,
    warnings: parserWarnings(r),
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
