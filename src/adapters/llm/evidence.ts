/**
 * The retrieved items as the model sees them: numbered sources inside one fence. Report text is
 * data written by anyone who can submit a report, so it never leaves the fence:
 *
 * - the fence's markers carry a random nonce per request, so a report line cannot guess them and
 *   close the fence early; anything shaped like a marker (`<<<`, `>>>`) is defanged anyway;
 * - each source is one header line `[n] team · week · date · section` and one line of text; line
 *   breaks and control characters inside report text are flattened, so a line cannot pose as the
 *   next source's header or as a new instruction paragraph.
 *
 * The prompt (prompts/answer.md) tells the model that everything between the markers is data.
 * The fence is the second line of defence: items that read as instructions, in their text or in a
 * heading, are never handed to it (injection.ts, applied by modelWriter.ts).
 */
import { randomBytes } from 'node:crypto';
import { SECTION_SEPARATOR } from '../../domain/reports/model';
import type { StoredItem, StoredReport } from '../../domain/records';

export interface FencedSources {
  /** The fence with every source inside it, ready to go into the user message */
  text: string;
  /** The opening and closing marker lines */
  open: string;
  close: string;
  /** items[n - 1] is source [n] */
  items: StoredItem[];
}

export interface FenceOptions {
  /** Hex nonce for the markers; random by default (tests pass one) */
  nonce?: string;
  /** Each team's latest report, so the model can tell "not mentioned since" */
  latestReportByTeam?: Map<string, StoredReport>;
  /** Stop adding sources beyond this many characters (the first source always goes in). Default 24,000. */
  maxChars?: number;
}

const DEFAULT_MAX_CHARS = 24_000;
/** A single report line longer than this is cut: no real item is, and the budget is shared. */
const MAX_LINE_CHARS = 600;

export function newNonce(): string {
  return randomBytes(6).toString('hex');
}

export function fenceSources(items: StoredItem[], options: FenceOptions = {}): FencedSources {
  const nonce = options.nonce ?? newNonce();
  const open = `<<<REPORT_DATA ${nonce}>>>`;
  const close = `<<<END_REPORT_DATA ${nonce}>>>`;
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const lines: string[] = [];
  const latest = [...(options.latestReportByTeam?.values() ?? [])];
  if (latest.length) {
    lines.push(`（各团队最新一期周报：${latest.map((r) => `${flatten(r.team)} ${flatten(r.weekLabel)} ${r.reportDate}`).join('；')}）`);
  }
  const included: StoredItem[] = [];
  let size = lines.join('\n').length;
  for (const item of items) {
    const n = included.length + 1;
    const header = `[${n}] ${[item.team, item.weekLabel, item.reportDate, item.sectionPath.join(SECTION_SEPARATOR) || '（无标题）'].map(flatten).join(' · ')}`;
    const body = `原文：${flatten(item.text).slice(0, MAX_LINE_CHARS)}`;
    const added = header.length + body.length + 2;
    if (included.length && size + added > maxChars) break;
    lines.push(header, body);
    included.push(item);
    size += added;
  }
  return { text: [open, ...lines, close].join('\n'), open, close, items: included };
}

/** One line of inert text: no line breaks, no control characters, nothing shaped like a fence marker. */
export function flatten(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/<{3,}/g, '‹‹‹')
    .replace(/>{3,}/g, '›››')
    .replace(/\s+/g, ' ')
    .trim();
}
