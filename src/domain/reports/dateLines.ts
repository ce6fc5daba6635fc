/**
 * Where in a report its date may be stated: YAML front matter, the file name, and the lines near
 * the top of a report or week (title, week marker, label line, a dated line, a centred HTML line, a
 * table header) or a signature at its end. Dates inside list items or far into the text are not
 * the report's.
 */
import { isoDateOf, localDateIn } from '../calendar';
import { readDateText, type DateReading } from './dateText';
import { toHalfWidth } from './normalize';

/**
 * A date in front matter: "2023-12-25", "2023-12-25 10:00", "2023-12-25T12:25:01.000Z". A timestamp with
 * a zone is a moment, read as the calendar day in the team's zone (Asia/Shanghai by default).
 */
export function readFrontMatterDate(value: string, timeZone?: string): string | null {
  const v = value.trim().replace(/^['"]|['"]$/g, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(v);
  if (!m) return null;
  const day = isoDateOf(+m[1], +m[2], +m[3]);
  if (!day) return null;
  if (/(?:Z|[+-]\d{2}:?\d{2})\s*$/i.test(m[4]) && /\d{1,2}:\d{2}/.test(m[4])) {
    const moment = new Date(v.replace(' ', 'T'));
    if (!Number.isNaN(moment.getTime())) return localDateIn(moment, timeZone);
  }
  return day;
}

/** The file name without folders and extension, with "_" read as a space: "支付中心-第47周-2023-11-17". */
export function fileNameStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.(?:md|markdown|txt|text|docx?|pdf|html?)$/i, '').replace(/_/g, ' ');
}

/** Why a line was a candidate, for warnings and for deciding whether it may be skipped as an item. */
export type DateLineRole = 'title' | 'marker' | 'label' | 'dateLine' | 'prose' | 'table' | 'signature';

export interface DateLine {
  /** 0-based index within the lines given */
  index: number;
  text: string;
  role: DateLineRole;
  reading: DateReading;
  /**
   * True when the line exists only to carry the date (a bare date line, a **报告周期** label, a centred
   * div, a signature), so the parser should not store it as an item. Headings and table header rows are
   * left to the parser: a heading is the title, a header row names the table's columns.
   */
  carrierOnly: boolean;
}

/** "会议时间为…", "**报告周期**：…", "Time: …", "日期：…" */
const DATE_LABEL =
  /^(?:[-*+>]\s*)*(?:\*\*|__)?\s*[\u4e00-\u9fff]{0,4}(?:时间|日期|周期|时段|期间|区间)\s*(?:\*\*|__)?\s*(?:为|是|[:：]|(?=\d))|^(?:[-*+>]\s*)*(?:\*\*|__)?\s*(?:time|date|period|week|reporting\s+period)\s*(?:\*\*|__)?\s*[:：]/i;
/** Lines about another week or a plan: a period there is not the report's own. */
const OTHER_WEEK = /下周|下期|下阶段|上周|上期|next\s*week|last\s*week|计划|预计|截止|deadline|due/i;
/** "写于2022.4.2", "记于…", "—— 张三 2023.11.17" */
const SIGNATURE = /写于|写在|记于|完成于|发布于|^[-—–]{1,2}/;
const HTML_LINE = /^<(div|p|center|h[1-6]|span)\b[^>]*>(.*?)<\/\1>\s*$/i;
const HTML_COMMENT = /^<!--.*-->$/;
const LIST_LINE = /^(?:[-+*]\s|\d{1,3}[.、)）]\s*|[(（]\d{1,3}[)）])/;
const TABLE_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
/** A line that is mostly a date says at most this many other characters (a team name, 周报). */
const DATE_LINE_REST = 16;
const DATE_LINE_MAX = 60;

/** How many lines with content at the top of a report (or week) may state its date. */
export const FIRST_LINES = 12;
/** How many lines with content at the end may hold a signature. */
const LAST_LINES = 3;

function isDated(r: DateReading): boolean {
  return r.claim !== null || r.label !== null;
}

/** The text inside a centred HTML line (<div align='center'> 2023-8-7 ~~2023-8-11 </div>), else null. */
export function htmlLineText(line: string): string | null {
  const m = HTML_LINE.exec(line.trim());
  return m ? m[2].replace(/<[^>]+>/g, ' ').trim() : null;
}

/** The first cell of a table header row ("| 2023-8-28 | 周一 | …" followed by |---|), else null. */
export function tableHeaderFirstCell(lines: readonly string[], i: number): string | null {
  const line = lines[i].trim();
  if (line[0] !== '|' || !TABLE_SEPARATOR.test((lines[i + 1] ?? '').trim())) return null;
  return line.replace(/^\|/, '').split('|')[0].trim();
}

/** The text of an ATX heading ("### 2019-07-29 --- 2019-08-02", also "###text###"), else null. */
export function headingText(line: string): { level: number; text: string } | null {
  const m = /^\s{0,3}(#{1,6})(?!#)\s*(.*?)\s*#*\s*$/.exec(toHalfWidth(line));
  return m ? { level: m[1].length, text: m[2] } : null;
}

/**
 * A line whose content is a week title: a date, period or week label and little else (a team name,
 * 周报, Weekly Meeting). Not a line about next week, not a sentence.
 */
export function isWeekTitle(reading: DateReading): boolean {
  return isDated(reading) && !reading.sentence && reading.rest.length <= DATE_LINE_REST && !OTHER_WEEK.test(reading.rest);
}

/**
 * The lines of a report (or of one week of a multi-week file) that may state its week, best first:
 * the title (first heading or first line), then among the first lines bold-label and bare date lines,
 * centred HTML lines, table header cells and periods in prose; then a signature at the end.
 * `from`/`to` bound the report within `lines` (to exclusive).
 */
export function findDateLines(lines: readonly string[], from = 0, to = lines.length): DateLine[] {
  const found: DateLine[] = [];
  let seen = 0;
  let inFence = false;
  let titleSeen = false;
  for (let i = from; i < to && seen < FIRST_LINES; i++) {
    const raw = lines[i];
    const trimmed = toHalfWidth(raw).trim();
    if (!trimmed || HTML_COMMENT.test(trimmed) || /^([-*_=])(?:\s*\1){2,}$/.test(trimmed)) continue;
    if (/^(?:```|~~~)/.test(trimmed)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    seen++;
    const heading = headingText(trimmed);
    const isTitle = !titleSeen;
    titleSeen = true;
    if (heading) {
      const reading = readDateText(heading.text);
      if (isTitle && isDated(reading)) found.push({ index: i, text: raw, role: 'title', reading, carrierOnly: false });
      else if (isWeekTitle(reading)) found.push({ index: i, text: raw, role: 'marker', reading, carrierOnly: false });
      continue;
    }
    const html = htmlLineText(trimmed);
    if (html !== null) {
      const reading = readDateText(html);
      if (isDated(reading)) found.push({ index: i, text: raw, role: isTitle ? 'title' : 'marker', reading, carrierOnly: true });
      continue;
    }
    const cell = tableHeaderFirstCell(lines, i);
    if (cell !== null) {
      const reading = readDateText(cell);
      if (reading.claim && isWeekTitle(reading)) found.push({ index: i, text: raw, role: 'table', reading, carrierOnly: false });
      continue;
    }
    if (trimmed[0] === '|') continue;
    const reading = readDateText(trimmed);
    if (!isDated(reading)) continue;
    const short = trimmed.length <= DATE_LINE_MAX;
    if (DATE_LABEL.test(trimmed) && reading.claim && !OTHER_WEEK.test(trimmed)) {
      // "**报告周期**：…", "会议时间为2019.12.3。会议地点为…": the line is logistics, not work.
      found.push({ index: i, text: raw, role: 'label', reading, carrierOnly: true });
    } else if (short && isWeekTitle(reading) && !LIST_LINE.test(trimmed)) {
      const role: DateLineRole = isTitle ? 'title' : SIGNATURE.test(trimmed) ? 'signature' : 'dateLine';
      found.push({ index: i, text: raw, role, reading, carrierOnly: true });
    } else if (isTitle && reading.label && short && !LIST_LINE.test(trimmed) && !OTHER_WEEK.test(trimmed)) {
      // A plain first line with a week label used as the title: "支付中心周报 第47周（截至2023-11-17）";
      // the parser reads it as the title. Without a label a dated first line is a sentence, not a title.
      found.push({ index: i, text: raw, role: 'title', reading, carrierOnly: false });
    } else if (reading.claim?.kind === 'period' && !LIST_LINE.test(trimmed) && !OTHER_WEEK.test(trimmed)) {
      // "从 2023.5.23 - 2023.6.05，…": a period in the opening prose; the sentence stays an item.
      found.push({ index: i, text: raw, role: 'prose', reading: { ...reading, label: null }, carrierOnly: false });
    }
  }
  const signature = findSignature(lines, from, to);
  if (signature && !found.some((f) => f.index === signature.index)) found.push(signature);
  return found;
}

/** "csy写于2022.4.2" or a bare dated line among the last lines of a week: the day it was written. */
function findSignature(lines: readonly string[], from: number, to: number): DateLine | null {
  const fenced = new Set<number>();
  let inFence = false;
  for (let i = from; i < to; i++) {
    const fence = /^\s*(?:```|~~~)/.test(lines[i]);
    if (fence || inFence) fenced.add(i);
    if (fence) inFence = !inFence;
  }
  let seen = 0;
  for (let i = to - 1; i >= from && seen < LAST_LINES; i--) {
    const trimmed = toHalfWidth(lines[i]).trim();
    if (!trimmed || fenced.has(i)) continue;
    seen++;
    if (trimmed.length > 40 || headingText(trimmed) || LIST_LINE.test(trimmed) || trimmed[0] === '|') continue;
    const reading = readDateText(trimmed);
    if (reading.claim?.kind !== 'day' || reading.claim.day.year === null) continue;
    if (SIGNATURE.test(trimmed) || reading.rest.length <= 6) {
      return { index: i, text: lines[i], role: 'signature', reading: { ...reading, label: null }, carrierOnly: true };
    }
  }
  return null;
}
