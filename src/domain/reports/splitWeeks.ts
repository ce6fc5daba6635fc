/**
 * One file, many weeks. Personal logs and team notebooks add each week to the same file under a line
 * that names the week: a heading (### 2019-07-29 --- 2019-08-02, ## 第六周), a bare line (2022年4月15周报),
 * a setext heading (2016-3-7到2016-3-13 / ===), a centred HTML line before the week's table, or only
 * the date in the first header cell of the week's table. This module finds those lines and cuts the
 * file into one chunk per week; dating each chunk is dating.ts's job.
 *
 * A file is cut only when one kind of week line (same heading level, or bare lines, or divs, …) occurs
 * at least twice and names at least two different weeks: a report with one title, or with day headings
 * (## 11月13日 周一 … ## 11月17日 周五) inside one week, stays whole. Lines of several kinds that stand
 * together (a div right above a table whose header cell repeats the date) open one week together.
 * Headings that only group weeks (## 2022, ### 四月) are not sections of any week.
 */
import {
  headingText,
  isoWeekMonday,
  htmlLineText,
  isWeekTitle,
  readDateText,
  tableHeaderFirstCell,
  type DateReading,
} from './dating';
import { toHalfWidth } from './normalize';
import { addDays, daysBetween, isoDateOf } from '../calendar';

export type WeekMarkerKind = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6' | 'setext' | 'bare' | 'div' | 'table';

export interface WeekMarker {
  /** 0-based line index */
  line: number;
  kind: WeekMarkerKind;
  /** The text that names the week (a heading's text, a div's inner text, a table's first header cell) */
  text: string;
  reading: DateReading;
  /** Lines that belong to the marker and are not content (a setext underline) */
  extraLines: number[];
  /** A table header row also names the table's columns: it stays for the parser; every other marker line is dropped. */
  keepForParser: boolean;
}

export interface WeekChunk {
  /** First line (0-based) and end (exclusive) within the lines given */
  start: number;
  end: number;
  /** The lines that open the week, in order (empty for a whole-file chunk) */
  markers: WeekMarker[];
  /** Grouping headings (## 2022, ### 四月) inside the chunk: neither items nor sections */
  groupingLines: number[];
  /** The year of the last grouping heading above the chunk (## 2022), for week lines that leave it out */
  groupYear: number | null;
}

export interface WeekSplit {
  /** True when the file was cut into weeks */
  multiWeek: boolean;
  chunks: WeekChunk[];
  /** Lines before the first week (empty range when the file is one chunk) */
  preamble: {
    start: number;
    end: number;
    /** The first heading there ("# 张三的周报"): it names the whole log */
    title: string | null;
    /** Lines with content other than headings: they belong to no week */
    contentLines: number[];
  };
}

/** "## 2022", "### 四月", "## 2021年8月", "### April": headings that only group the weeks under them. */
const GROUPING =
  /^(?:(?:19|20)\d{2}\s*年?)?\s*(?:(?:[一二三四五六七八九十]{1,3}|\d{1,2})\s*月份?|january|february|march|april|may|june|july|august|september|october|november|december)?$/i;
const YEAR_OF_GROUP = /^((?:19|20)\d{2})/;
const FENCE = /^(?:```|~~~)/;
const SETEXT_UNDERLINE = /^\s*(?:=+|-{2,})\s*$/;
const LIST_LINE = /^(?:[-+*]\s|\d{1,3}[.、)）]\s*|[(（]\d{1,3}[)）])/;
const HR_OR_EMPTY = /^(?:([-*_=])(?:\s*\1){2,})?$/;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** A bare week line is short: "2022年4月15周报", "Weekly Meeting 2019w16". */
const BARE_MAX = 60;

/** The grouping year or month a heading stands for, or null when it is not a grouping heading. */
export function groupingHeading(text: string): { year: number | null } | null {
  const t = toHalfWidth(text).replace(/[*_`]/g, '').trim();
  if (!t || !GROUPING.test(t)) return null;
  const y = YEAR_OF_GROUP.exec(t);
  return { year: y ? Number(y[1]) : null };
}

/** The week line at `i`, or null. */
function markerAt(lines: readonly string[], i: number): WeekMarker | null {
  const raw = lines[i];
  const trimmed = toHalfWidth(raw).trim();
  if (!trimmed) return null;
  const make = (kind: WeekMarkerKind, text: string, extraLines: number[] = [], keepForParser = false): WeekMarker | null => {
    const reading = readDateText(text);
    return isWeekTitle(reading) ? { line: i, kind, text, reading, extraLines, keepForParser } : null;
  };
  const heading = headingText(trimmed);
  if (heading) return groupingHeading(heading.text) ? null : make(`h${heading.level}` as WeekMarkerKind, heading.text);
  const html = htmlLineText(trimmed);
  if (html !== null) return make('div', html);
  const cell = tableHeaderFirstCell(lines, i);
  if (cell !== null) {
    const m = make('table', cell, [], true);
    return m && m.reading.claim ? m : null;
  }
  if (trimmed[0] === '|' || trimmed[0] === '>' || LIST_LINE.test(trimmed) || trimmed.length > BARE_MAX) return null;
  if (SETEXT_UNDERLINE.test(lines[i + 1] ?? '') && !HR_OR_EMPTY.test(trimmed)) return make('setext', trimmed, [i + 1]);
  // A bare line opens a paragraph of its own: the line before is blank (or a heading, or the top).
  const before = i === 0 ? '' : toHalfWidth(lines[i - 1]).trim();
  if (before !== '' && !headingText(before) && !HR_OR_EMPTY.test(before)) return null;
  return make('bare', trimmed);
}

/**
 * A key that is the same for two week lines of the same week. Years a line leaves out are taken from
 * `year` (a grouping heading or a neighbour), so day headings of one week share a key.
 */
function weekKey(reading: DateReading, year: number): string | null {
  const c = reading.claim;
  if (c) {
    if (c.kind === 'isoWeek') return `D${weeksSince2000(isoWeekMonday(c.year, c.week))}`;
    const start = c.kind === 'day' ? c.day : c.start;
    const end = c.kind === 'day' ? c.day : c.end;
    const startYear = start.year ?? year;
    const endYear = end.year ?? (end.month * 100 + end.day < start.month * 100 + start.day ? startYear + 1 : startYear);
    const s = isoDateOf(startYear, start.month, start.day);
    const e = isoDateOf(endYear, end.month, end.day);
    if (!s || !e) return null;
    const mid = addDays(s, Math.floor(daysBetween(s, e) / 2));
    return `D${weeksSince2000(mid)}`;
  }
  return reading.label ? `L${reading.label.number}` : null;
}

/** Whole Monday-to-Sunday weeks since Monday 2000-01-03: the same number for every day of a week. */
function weeksSince2000(iso: string): number {
  return Math.floor(daysBetween('2000-01-03', iso) / 7);
}

/** Two week lines that stand together name the same week (or one of them gives only a label). */
function sameWeekLines(a: WeekMarker, b: WeekMarker, year: number): boolean {
  const ka = weekKey(a.reading, year);
  const kb = weekKey(b.reading, year);
  if (!ka || !kb) return false;
  if (ka === kb) return true;
  return (ka.startsWith('L') && b.reading.claim !== null) || (kb.startsWith('L') && a.reading.claim !== null);
}

/** Cut the lines of a document (front matter already removed) into weeks. */
export function splitWeeks(lines: readonly string[]): WeekSplit {
  const markers: WeekMarker[] = [];
  const grouping: Array<{ line: number; year: number | null }> = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = toHalfWidth(lines[i]).trim();
    if (FENCE.test(trimmed)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || !trimmed) continue;
    const heading = headingText(trimmed);
    const group = heading ? groupingHeading(heading.text) : null;
    if (group) {
      grouping.push({ line: i, year: group.year });
      continue;
    }
    const m = markerAt(lines, i);
    if (m) {
      markers.push(m);
      i += m.extraLines.length;
    }
  }

  const whole: WeekSplit = {
    multiWeek: false,
    chunks: [{ start: 0, end: lines.length, markers: [], groupingLines: [], groupYear: null }],
    preamble: { start: 0, end: 0, title: null, contentLines: [] },
  };

  // A year for lines that leave it out, only to tell weeks apart: any year the week lines state.
  const statedYears = markers.flatMap((m) => m.reading.years).concat(grouping.flatMap((g) => (g.year ? [g.year] : [])));
  const keyYear = statedYears.length ? Math.max(...statedYears) : 2024;

  const byKind = new Map<WeekMarkerKind, WeekMarker[]>();
  for (const m of markers) {
    const list = byKind.get(m.kind);
    if (list) list.push(m);
    else byKind.set(m.kind, [m]);
  }
  const qualifying = new Set<WeekMarkerKind>();
  for (const [kind, list] of byKind) {
    const keys = new Set(list.map((m) => weekKey(m.reading, keyYear)).filter((k): k is string => k !== null));
    if (list.length >= 2 && keys.size >= 2 && !daysOfOneWeek(list, keyYear)) qualifying.add(kind);
  }
  if (!qualifying.size) return whole;

  // Week lines of the qualifying kinds; lines that stand together (only blank lines or rules between)
  // and name the same week open it together.
  // A line of another kind right above an opener that names the same week (a div above the week's
  // table, when only the tables repeat often enough to qualify) opens the week with it.
  const openers = markers.filter((m, k) => {
    if (qualifying.has(m.kind)) return true;
    const next = markers[k + 1];
    return !!next && qualifying.has(next.kind) && sameWeekLines(m, next, keyYear) && onlyBlankBetween(lines, lastLineOf(m) + 1, next.line);
  });
  const blocks: WeekMarker[][] = [];
  for (const m of openers) {
    const last = blocks[blocks.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && sameWeekLines(prev, m, keyYear) && onlyBlankBetween(lines, lastLineOf(prev) + 1, m.line)) last.push(m);
    else blocks.push([m]);
  }

  // Grouping headings are in line order, like the blocks: one pass hands each chunk its own and the year above it.
  let g = 0;
  let groupYear: number | null = null;
  const chunks: WeekChunk[] = blocks.map((block, k) => {
    const start = block[0].line;
    const end = k + 1 < blocks.length ? blocks[k + 1][0].line : lines.length;
    for (; g < grouping.length && grouping[g].line < start; g++) groupYear = grouping[g].year ?? groupYear;
    const yearAbove = groupYear;
    const groupingLines: number[] = [];
    for (; g < grouping.length && grouping[g].line < end; g++) {
      groupingLines.push(grouping[g].line);
      groupYear = grouping[g].year ?? groupYear;
    }
    return { start, end, markers: block, groupingLines, groupYear: yearAbove };
  });

  const preambleEnd = chunks[0].start;
  // A report that names its own week above dated sub-headings (# 结算组 第47周 … ### 2023-11-20 上线) is
  // one report whose headings happen to hold dates, not a log of weeks.
  if (markers.some((m) => m.line < preambleEnd && (m.kind[0] === 'h' || m.kind === 'setext'))) return whole;
  let title: string | null = null;
  const contentLines: number[] = [];
  inFence = false;
  for (let i = 0; i < preambleEnd; i++) {
    const trimmed = toHalfWidth(lines[i]).trim();
    if (FENCE.test(trimmed)) inFence = !inFence;
    if (!trimmed || /^<!--.*-->$/.test(trimmed) || HR_OR_EMPTY.test(trimmed)) continue;
    const heading = inFence ? null : headingText(trimmed);
    if (heading) {
      if (title === null && !groupingHeading(heading.text)) title = heading.text;
      continue;
    }
    if (HAS_WORD.test(trimmed)) contentLines.push(i);
  }
  return { multiWeek: true, chunks, preamble: { start: 0, end: preambleEnd, title, contentLines } };
}

/** Day headings (## 3月18日 周一 … ## 3月22日 周五) that all fall within seven days: one week's days. */
function daysOfOneWeek(list: WeekMarker[], year: number): boolean {
  const days: string[] = [];
  for (const m of list) {
    const c = m.reading.claim;
    if (c?.kind !== 'day') return false;
    const iso = isoDateOf(c.day.year ?? year, c.day.month, c.day.day);
    if (!iso) return false;
    days.push(iso);
  }
  days.sort();
  return daysBetween(days[0], days[days.length - 1]) < 7;
}

function lastLineOf(m: WeekMarker): number {
  return m.extraLines.length ? m.extraLines[m.extraLines.length - 1] : m.line;
}

function onlyBlankBetween(lines: readonly string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const t = toHalfWidth(lines[i]).trim();
    if (t && !HR_OR_EMPTY.test(t) && HAS_WORD.test(t)) return false;
  }
  return true;
}
