/**
 * Where a report's week and date come from.
 *
 * Reports state their week in many ways: a week label (第47周, 第十二周, W47), an ISO week code
 * (2023W47, 2019w16), a period (2023.11.13-2023.11.17, 2016-3-7到2016-3-13, 11月13日-17日, 5.23 - 6.05),
 * or one day (2023年11月17日, 20231117期, April 21, 2019). They put it in the title, in a bold label line
 * (**报告周期**：…), in prose (会议时间为2019.12.3), in a centred HTML line, in a signature at the end
 * (xx写于2022.4.2), in YAML front matter or only in the file name.
 *
 * This module only reads: `readDateText` says what one piece of text states, `findDateLines` picks the
 * lines of a report (or of one week of a multi-week file) that may state it, and `resolveWeek` weighs
 * the sources in order and turns them into a ResolvedWeek plus the warnings a user should see for every
 * guess. Everything is pure: "today" is passed in.
 *
 * A wrong date is worse than none: a bare M.D (12.24) is only read as part of a range, a day-only
 * number (15周报) is never a week number, and dates inside list items or far into the text are not
 * taken as the report's date.
 */
import type { ReportPeriod, ResolvedWeek } from './model';
import { stripInlineMarkup, toHalfWidth } from './normalize';
import { addDays, daysBetween, defaultWeekNumber, fridayOnOrAfter, isoDateOf, isoWeekNumber, localDateIn } from '../calendar';

// ---------------------------------------------------------------------------------------------
// Reading one piece of text
// ---------------------------------------------------------------------------------------------

/** A calendar day as written; `year` is null when the text leaves it out (11月17日, 12.24). */
export interface WrittenDay {
  year: number | null;
  month: number;
  day: number;
}

/** What a text says about when: a period, one day, or an ISO week code. */
export type DateClaim =
  | { kind: 'period'; start: WrittenDay; end: WrittenDay; text: string }
  | { kind: 'day'; day: WrittenDay; text: string }
  | { kind: 'isoWeek'; year: number; week: number; text: string };

/** A week label the report gives itself: 第47周, 第十二周, W47, the 16 of 2019w16. */
export interface WeekLabel {
  number: number;
  text: string;
}

export interface DateReading {
  label: WeekLabel | null;
  claim: DateClaim | null;
  /** Four-digit years written anywhere in the text (2019 of "2019w16"): fill a year the claim leaves out. */
  years: number[];
  /** Characters of the text that are neither the date, the label nor decoration: how much else the line says. */
  rest: string;
  /** What is left has sentence punctuation (，。；): a sentence that mentions a date, not a title. */
  sentence: boolean;
}

type TokenKind = 'full' | 'monthDayCn' | 'monthDayNum' | 'dayCn';

interface DayToken {
  kind: TokenKind;
  year: number | null;
  month: number | null;
  day: number;
  index: number;
  end: number;
}

const YEAR = String.raw`(?:19|20)\d{2}`;
/** 2023-11-17, 2023.11.17, 2023/11/17, 2023年11月17日 (日 optional: 2022年4月15周报 is the 15th). */
const FULL_DATE = new RegExp(String.raw`(?<!\d)(${YEAR})\s*(?:([-/.])\s*(\d{1,2})\s*\2|年\s*(\d{1,2})\s*月)\s*(\d{1,2})(?!\d)(?:\s*[日号])?`, 'g');
/** 20231117 (a period's issue number: 20231117期) */
const COMPACT_DATE = new RegExp(String.raw`(?<!\d)(${YEAR})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)`, 'g');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
/** April 21, 2019 / Apr 21st 2019 */
const ENGLISH_MDY = new RegExp(String.raw`\b${MONTH_NAME}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(${YEAR})\b`, 'gi');
/** 21 April 2019 */
const ENGLISH_DMY = new RegExp(String.raw`\b(\d{1,2})\s+${MONTH_NAME},?\s+(${YEAR})\b`, 'gi');
/** 11月17日, 11月17 */
const MONTH_DAY_CN = /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})(?!\d)(?:\s*[日号])?/g;
/** 12.24, 04-21, 5/23: only ever read as part of a range (alone it may be a version or a figure). */
const MONTH_DAY_NUM = /(?<![\d.])(\d{1,2})([./-])(\d{1,2})(?![\d.%])/g;
/** 17日: only as the end of a range (11月13日-17日). */
const DAY_CN = /(?<!\d)(\d{1,2})\s*[日号]/g;

/** Between the two ends of a period: -, --, ---, ~, ~~, 至, 到, to, en/em dashes. */
const RANGE_SEPARATOR = /^\s*(?:~{1,2}|-{1,3}|–{1,2}|—{1,2}|至|到|to)\s*$/i;
/** 2023W47, 2019w16, 2023-W47: an ISO week code. */
const ISO_WEEK_CODE = new RegExp(String.raw`(?<!\d)(${YEAR})\s*-?\s*[Ww]\s*(\d{1,2})(?![\dA-Za-z])`, 'g');
/** 第47周, 第 12 周, 第十二周 (not 第3周年). */
const CN_WEEK_LABEL = /第\s*(\d{1,2}|[零一二三四五六七八九十两]{1,3})\s*周(?!年)/g;
/** W47, Week 47, wk47 */
const EN_WEEK_LABEL = /(?<![A-Za-z\d])(?:week|wk|w)\s*#?\s*(\d{1,2})(?![\dA-Za-z])/gi;
const ANY_YEAR = new RegExp(String.raw`(?<!\d)(${YEAR})(?!\d)`, 'g');

/** Words that name a report rather than say anything: what is left of a week title without them is its team. */
const REPORT_WORDS =
  /工作周报|项目周报|周报|周总结|周汇报|周记|週報|周会|例会|会议纪要|会议记录|scrum\s*会议|scrum\s*meeting|weekly\s*(?:report|meeting|update|sync|notes)?|meeting|report|notes|期/gi;
const DECORATION = /[\s#*_~`|>:：,，.。;；·•\-–—/\\()（）[\]【】「」《》<>'"“”!！?？、]+/g;

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 十二 -> 12, 二十 -> 20, 四十七 -> 47, 七 -> 7 */
export function chineseNumeral(text: string): number {
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? CN_DIGITS[text] ?? NaN : NaN;
  const tens = ten === 0 ? 1 : CN_DIGITS[text.slice(0, ten)] ?? NaN;
  const ones = ten === text.length - 1 ? 0 : CN_DIGITS[text.slice(ten + 1)] ?? NaN;
  return tens * 10 + ones;
}

/** Every match of a global regex, without the copy String.prototype.matchAll makes of it on each call. */
function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

function validMonthDay(month: number, day: number): boolean {
  // 2024 is a leap year, so 2月29日 passes here and is checked again once the year is known.
  return isoDateOf(2024, month, day) !== null;
}

function dayTokens(text: string): DayToken[] {
  const found: DayToken[] = [];
  const push = (kind: TokenKind, m: RegExpExecArray, year: number | null, month: number | null, day: number) => {
    if (month !== null && !validMonthDay(month, day)) return;
    if (month === null && (day < 1 || day > 31)) return;
    if (year !== null && month !== null && isoDateOf(year, month, day) === null) return;
    found.push({ kind, year, month, day, index: m.index, end: m.index + m[0].length });
  };
  for (const m of allMatches(FULL_DATE, text)) push('full', m, +m[1], +(m[3] ?? m[4]), +m[5]);
  for (const m of allMatches(COMPACT_DATE, text)) push('full', m, +m[1], +m[2], +m[3]);
  for (const m of allMatches(ENGLISH_MDY, text)) push('full', m, +m[3], MONTHS.indexOf(m[1].toLowerCase()) + 1, +m[2]);
  for (const m of allMatches(ENGLISH_DMY, text)) push('full', m, +m[3], MONTHS.indexOf(m[2].toLowerCase()) + 1, +m[1]);
  for (const m of allMatches(MONTH_DAY_CN, text)) push('monthDayCn', m, null, +m[1], +m[2]);
  for (const m of allMatches(MONTH_DAY_NUM, text)) push('monthDayNum', m, null, +m[1], +m[3]);
  for (const m of allMatches(DAY_CN, text)) push('dayCn', m, null, null, +m[1]);
  // Earlier kinds in the list above win where matches overlap (2023年11月17日 is one full date, not 11月17日).
  const order: TokenKind[] = ['full', 'monthDayCn', 'monthDayNum', 'dayCn'];
  found.sort((a, b) => a.index - b.index || order.indexOf(a.kind) - order.indexOf(b.kind) || b.end - a.end);
  const kept: DayToken[] = [];
  for (const t of found) {
    const clash = kept.findIndex((k) => t.index < k.end && k.index < t.end);
    if (clash === -1) kept.push(t);
    else if (order.indexOf(t.kind) < order.indexOf(kept[clash].kind)) kept[clash] = t;
  }
  return kept.sort((a, b) => a.index - b.index);
}

function writtenDay(t: DayToken, startOfRange?: WrittenDay): WrittenDay | null {
  if (t.month === null) return startOfRange ? { year: startOfRange.year, month: startOfRange.month, day: t.day } : null;
  return { year: t.year, month: t.month, day: t.day };
}

/** Which end tokens may follow which start token in a period. */
function rangeFits(start: DayToken, end: DayToken): boolean {
  switch (start.kind) {
    case 'full':
      return true; // 2023.12.18~12.24, 2023-11-13 ~ 11-17, 2023年11月13日-17日, 2016-3-7到2016-3-13
    case 'monthDayCn':
      return end.kind === 'monthDayCn' || end.kind === 'dayCn' || end.kind === 'full';
    case 'monthDayNum':
      return end.kind === 'monthDayNum' || end.kind === 'full';
    default:
      return false;
  }
}

/** Days from start to end, placing both in a leap year (and the end in the next year when it is earlier). */
function spanDays(start: WrittenDay, end: WrittenDay): number {
  if (start.year !== null && end.year !== null) {
    return daysBetween(isoDateOf(start.year, start.month, start.day)!, isoDateOf(end.year, end.month, end.day)!);
  }
  const s = isoDateOf(2024, start.month, start.day)!;
  let e = isoDateOf(2024, end.month, end.day)!;
  if (e < s) e = isoDateOf(2025, end.month, Math.min(end.day, 28))!;
  return daysBetween(s, e);
}

/** Longest span read as one report's period: a monthly report still is one; a project plan is not. */
export const MAX_PERIOD_DAYS = 35;

function findPeriod(text: string, tokens: DayToken[]): DateClaim | null {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (!RANGE_SEPARATOR.test(text.slice(a.end, b.index)) || !rangeFits(a, b)) continue;
    const start = writtenDay(a);
    const endRaw = writtenDay(b, start ?? undefined);
    if (!start || !endRaw) continue;
    // A year written only at the start belongs to the end too (next year when the end is earlier in the calendar).
    const end: WrittenDay =
      endRaw.year === null && start.year !== null
        ? { ...endRaw, year: endRaw.month * 100 + endRaw.day < start.month * 100 + start.day ? start.year + 1 : start.year }
        : endRaw;
    if (end.year !== null && isoDateOf(end.year, end.month, end.day) === null) continue;
    const span = spanDays(start, end);
    if (span < 0 || span > MAX_PERIOD_DAYS) continue;
    return { kind: 'period', start, end, text: text.slice(a.index, b.end).trim() };
  }
  return null;
}

function labelIn(text: string, isoWeekSpans: Array<[number, number]>): WeekLabel | null {
  for (const m of allMatches(CN_WEEK_LABEL, text)) {
    const raw = m[1];
    const n = /^\d+$/.test(raw) ? Number(raw) : chineseNumeral(raw);
    if (n >= 1 && n <= 53) return { number: n, text: m[0] };
  }
  for (const m of allMatches(EN_WEEK_LABEL, text)) {
    if (isoWeekSpans.some(([s, e]) => m.index! >= s && m.index! < e)) continue;
    const n = Number(m[1]);
    if (n >= 1 && n <= 53) return { number: n, text: m[0] };
  }
  return null;
}

const READ_LIMIT = 300;
const MAY_HOLD_DATE = /\d|第/;

/** What one line, title or file name states about its week. */
export function readDateText(input: string): DateReading {
  // A week is named near the start of a line; a very long line is a paragraph, and reading all of it
  // would only cost time (this keeps the cost per line bounded).
  const text = toHalfWidth(stripInlineMarkup(input.length > READ_LIMIT ? input.slice(0, READ_LIMIT) : input));
  if (!MAY_HOLD_DATE.test(text)) {
    // No digit and no 第…周: nothing to read (most lines of a report), so skip the scanners.
    return { label: null, claim: null, years: [], rest: text.replace(REPORT_WORDS, ' ').replace(DECORATION, ''), sentence: /[，。；！？;!?]|,\s*\S/.test(text) };
  }
  const tokens = dayTokens(text);
  const isoWeekSpans: Array<[number, number]> = [];
  let isoWeek: DateClaim | null = null;
  for (const m of allMatches(ISO_WEEK_CODE, text)) {
    const week = Number(m[2]);
    // A full date such as 2023-W… never clashes, but "2023.11" in 2023.11.17 must not read as a week code.
    if (week < 1 || week > 53 || tokens.some((t) => m.index! < t.end && t.index < m.index! + m[0].length)) continue;
    isoWeekSpans.push([m.index!, m.index! + m[0].length]);
    isoWeek ??= { kind: 'isoWeek', year: Number(m[1]), week, text: m[0] };
  }
  const label =
    labelIn(text, isoWeekSpans) ??
    (isoWeek && isoWeek.kind === 'isoWeek' ? { number: isoWeek.week, text: isoWeek.text } : null);

  const singleDay = tokens.find((t) => t.kind === 'full' || t.kind === 'monthDayCn');
  const claim: DateClaim | null =
    findPeriod(text, tokens) ??
    isoWeek ??
    (singleDay ? { kind: 'day', day: writtenDay(singleDay)!, text: text.slice(singleDay.index, singleDay.end).trim() } : null);

  const years = [...allMatches(ANY_YEAR, text)].map((m) => Number(m[1]));

  // What else the text says once dates, labels and report words are gone: a date line says little else.
  let rest = text;
  const spans: Array<[number, number]> = tokens.map((t) => [t.index, t.end]);
  spans.push(...isoWeekSpans);
  for (const re of [CN_WEEK_LABEL, EN_WEEK_LABEL]) for (const m of allMatches(re, text)) spans.push([m.index!, m.index! + m[0].length]);
  spans.sort((a, b) => b[0] - a[0]);
  for (const [s, e] of spans) if (s < rest.length) rest = rest.slice(0, s) + ' ' + rest.slice(Math.min(e, rest.length));
  const sentence = /[，。；！？;!?]|,\s*\S/.test(rest);
  rest = rest.replace(ANY_YEAR, ' ').replace(REPORT_WORDS, ' ').replace(/[~至到]|\bto\b/gi, ' ').replace(DECORATION, '');
  return { label, claim, years, rest, sentence };
}

// ---------------------------------------------------------------------------------------------
// Sources: front matter, file name, the lines of a report
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Weighing the sources
// ---------------------------------------------------------------------------------------------

/** One place a date may come from, in the order of precedence the caller gives. */
export interface DateSource {
  from: 'text' | 'frontMatter' | 'fileName';
  reading: DateReading;
  /** Where, for warnings: "标题", "第6行", "文件名「…」", "front matter" */
  where: string;
  /** The line index (within the document) when the source is a line */
  line?: number;
}

export interface WeekInputs {
  /** `--date`, or a Slack message's day (ISO) */
  explicitDate?: string;
  /** Sources in order: the report's lines (title first), then front matter, then the file name */
  sources: DateSource[];
  /** Years that fill a year the text leaves out, best first (a "## 2022" grouping heading above a week) */
  yearHints?: number[];
  /** Whether the file-level sources (front matter, file name) may give the date, not only a year */
  fileLevelDates?: boolean;
  now: Date;
  fallbackWeek?: ResolvedWeek;
}

export interface WeekResolution {
  resolved: ResolvedWeek | null;
  warnings: string[];
  /** Line indexes whose date or label was used */
  usedLines: number[];
}

/** A period may end this many days after today: a week written on Friday ends on Sunday. */
const FUTURE_GRACE_DAYS = 7;
/** A front-matter date up to this many days after the stated period is its publication date, not a disagreement. */
const PUBLICATION_DAYS = 7;
/** A week label this far from the date's ISO week is a contradiction (teams often count one off ISO). */
const LABEL_TOLERANCE = 1;

interface Dated {
  start: string;
  end: string;
  /** true when the claim was a period (biweekly, Mon–Fri), false for one day or an ISO week */
  isPeriod: boolean;
  /** ISO week code: the week is known, the day is its Friday */
  isoWeek: number | null;
}

function isoOf(d: WrittenDay, year: number): string | null {
  return isoDateOf(year, d.month, d.day);
}

/** Monday of ISO week `week` of `year`. */
export function isoWeekMonday(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  const weekday = new Date(`${jan4}T00:00:00Z`).getUTCDay() || 7;
  return addDays(jan4, (week - 1) * 7 - (weekday - 1));
}

/** The claim's end day as it would fall in `year` (the start's year for a period). */
function claimDates(claim: DateClaim, year: number): Dated | null {
  if (claim.kind === 'isoWeek') {
    const monday = isoWeekMonday(claim.year, claim.week);
    if (isoWeekNumber(monday) !== claim.week) return null;
    return { start: addDays(monday, 4), end: addDays(monday, 4), isPeriod: false, isoWeek: claim.week };
  }
  if (claim.kind === 'day') {
    const iso = isoOf(claim.day, claim.day.year ?? year);
    return iso ? { start: iso, end: iso, isPeriod: false, isoWeek: null } : null;
  }
  const startYear = claim.start.year ?? year;
  const start = isoOf(claim.start, startYear);
  const endYear =
    claim.end.year ?? (claim.end.month * 100 + claim.end.day < claim.start.month * 100 + claim.start.day ? startYear + 1 : startYear);
  const end = isoOf(claim.end, endYear);
  if (!start || !end || end < start || daysBetween(start, end) > MAX_PERIOD_DAYS) return null;
  return { start, end, isPeriod: true, isoWeek: null };
}

function claimHasYear(claim: DateClaim): boolean {
  if (claim.kind === 'isoWeek') return true;
  if (claim.kind === 'day') return claim.day.year !== null;
  return claim.start.year !== null;
}

/** The year that puts the claim nearest `reference` (either side), or nearest before it when `beforeOnly`. */
function yearNear(claim: DateClaim, reference: string, beforeOnly: boolean): number | null {
  const refYear = Number(reference.slice(0, 4));
  let best: { year: number; distance: number } | null = null;
  for (const year of [refYear - 1, refYear, refYear + 1]) {
    const d = claimDates(claim, year);
    if (!d) continue;
    const distance = daysBetween(d.end, reference);
    if (beforeOnly && distance < -FUTURE_GRACE_DAYS) continue;
    const score = beforeOnly ? (distance < 0 ? 0 : distance) : Math.abs(distance);
    if (!best || score < best.distance) best = { year, distance: score };
  }
  return best?.year ?? null;
}

function fullDateOf(source: DateSource, year: number | null): string | null {
  const c = source.reading.claim;
  if (!c || !claimHasYear(c)) return null;
  return claimDates(c, year ?? 0)?.end ?? null;
}

function describe(d: Dated): string {
  return d.isPeriod ? `${d.start} 至 ${d.end}` : d.isoWeek !== null ? `ISO 第${d.isoWeek}周（${d.end}）` : d.end;
}

/** The day that stands for the period when numbering its week: the middle (a Tue–Mon period is the week of its Friday). */
function representativeDay(d: Dated): string {
  return addDays(d.start, Math.floor(daysBetween(d.start, d.end) / 2));
}

function sameWeek(a: string, b: string): boolean {
  return isoWeekNumber(a) === isoWeekNumber(b) && Math.abs(daysBetween(a, b)) < 7;
}

/**
 * Weigh the sources and settle the week. The order is the issue's: `--date` › front matter › the
 * report's own lines (title first) › file name, with one exception decided here:
 *
 * Judgement call (front matter vs the body): a blog's front-matter `date:` is when the post was
 * published (a Hexo/Hugo post dated 2023-12-25T12:25 for the week 12.18~12.24), while the period the
 * body states is what the report covers. So when the body states a date or period, the body wins and
 * the front-matter date only fills a year the body leaves out; it gives the date only when the body
 * states none. A front-matter date outside the body's period is reported as a warning: as a
 * publication date when it falls within a week after the period, as a disagreement otherwise.
 *
 * `--date` wins over everything; when the text states a period or day in the same week, the text's
 * (more precise) reading is kept, otherwise the text's date is overridden with a warning.
 */
export function resolveWeek(inputs: WeekInputs): WeekResolution {
  const warnings: string[] = [];
  const usedLines: number[] = [];
  const fileLevel = inputs.fileLevelDates !== false;
  const bodySources = inputs.sources.filter((s) => s.from === 'text');
  const frontMatter = inputs.sources.filter((s) => s.from === 'frontMatter');
  const fileName = inputs.sources.filter((s) => s.from === 'fileName');

  // The label: the report's own words first, then front matter (a title there), then the file name.
  const labelSource = [...bodySources, ...frontMatter, ...(fileLevel ? fileName : [])].find((s) => s.reading.label);
  const label = labelSource?.reading.label ?? null;
  if (labelSource?.line !== undefined) usedLines.push(labelSource.line);

  // The date: the body, then front matter, then the file name (see the judgement call above).
  const order = fileLevel ? [...bodySources, ...frontMatter, ...fileName] : bodySources;
  let dated: Dated | null = null;
  for (const source of order) {
    const claim = source.reading.claim;
    if (!claim) continue;
    let year: number | null = null;
    let yearWarning: string | null = null;
    if (!claimHasYear(claim)) {
      ({ year, warning: yearWarning } = fillYear(claim, source, inputs));
      if (year === null) continue;
    }
    const d = claimDates(claim, year ?? 0);
    if (!d) {
      warnings.push(`${source.where}中的「${claim.text}」不是有效日期，已忽略。`);
      continue;
    }
    dated = d;
    if (yearWarning) warnings.push(yearWarning);
    if (source.line !== undefined) usedLines.push(source.line);
    if (source.from === 'fileName') warnings.push(`正文没有写日期，按${source.where}中的「${claim.text}」存入（${describe(d)}）。`);
    else if (source.from === 'text' && source.where !== '标题') {
      warnings.push(`标题没有写日期，按${source.where}「${claim.text}」存入（${describe(d)}）。`);
    }
    warnings.push(...disagreements(d, source, frontMatter, fileLevel ? fileName : [], year));
    break;
  }

  let reportDate: string | null = null;
  let period: ReportPeriod | null = null;
  let weekNumber: number | null = null;

  if (inputs.explicitDate) {
    const explicit = inputs.explicitDate;
    const agrees = dated && (dated.isPeriod ? dated.start <= explicit && explicit <= dated.end : sameWeek(dated.end, explicit));
    if (!agrees) {
      const friday = fridayOnOrAfter(explicit);
      if (dated) warnings.push(`按 --date ${explicit} 存入（${friday} 那一周）；周报里写的是 ${describe(dated)}。`);
      dated = null;
      reportDate = friday;
      weekNumber = defaultWeekNumber(friday);
    }
  }
  if (dated) {
    reportDate = dated.end;
    period = dated.isPeriod ? { start: dated.start, end: dated.end } : null;
    weekNumber = dated.isoWeek ?? isoWeekNumber(dated.isPeriod ? representativeDay(dated) : dated.end);
  }
  if (reportDate === null && inputs.fallbackWeek) {
    const fb = inputs.fallbackWeek;
    warnings.push(`周报里没有日期，按提交时间存入${fb.weekLabel}（${fb.reportDate}）。`);
    reportDate = fb.reportDate;
    period = fb.period;
    weekNumber = fb.weekNumber;
    if (!label) return { resolved: { ...fb }, warnings, usedLines };
  }
  if (reportDate === null || weekNumber === null) return { resolved: null, warnings, usedLines };

  if (label && dated && dated.isoWeek === null) {
    const dateWeek = isoWeekNumber(dated.isPeriod ? representativeDay(dated) : dated.end);
    if (Math.abs(dateWeek - label.number) > LABEL_TOLERANCE) {
      warnings.push(`周次「${label.text}」与日期 ${describe(dated)}（ISO 第${dateWeek}周）不一致：按日期存入，保留周报自己的周次「第${label.number}周」。`);
    }
  }
  const number = label?.number ?? weekNumber;
  return { resolved: { weekLabel: `第${number}周`, weekNumber: number, reportDate, period }, warnings, usedLines: [...new Set(usedLines)] };
}

function fillYear(claim: DateClaim, source: DateSource, inputs: WeekInputs): { year: number | null; warning: string | null } {
  const own = source.reading.years[0];
  if (own !== undefined) return { year: own, warning: null }; // "Weekly Meeting 2019w16 (04.15 ~ 04.21)"
  const noYear = `${source.where}中的「${claim.text}」没有写年份`;
  if (inputs.explicitDate) {
    const y = yearNear(claim, inputs.explicitDate, false);
    if (y !== null) return { year: y, warning: `${noYear}，按 --date 补为 ${y} 年。` };
  }
  const hint = inputs.yearHints?.[0];
  if (hint !== undefined) return { year: hint, warning: `${noYear}，按上方的年份标题补为 ${hint} 年。` };
  // Other lines of the report first, then front matter and the file name (as ordered by the caller).
  const others = [...inputs.sources.filter((s) => s.from === 'text'), ...inputs.sources.filter((s) => s.from !== 'text')];
  for (const other of others) {
    if (other === source) continue;
    const ref = fullDateOf(other, null);
    if (!ref) continue;
    const y = yearNear(claim, ref, false);
    if (y !== null) return { year: y, warning: `${noYear}，按${other.where}补为 ${y} 年。` };
  }
  const today = localDateIn(inputs.now);
  const y = yearNear(claim, today, true);
  return { year: y, warning: y !== null ? `${noYear}，按今天（${today}）推断为 ${y} 年，请核对。` : null };
}

/** Front matter or file name dates that disagree with the date used. */
function disagreements(dated: Dated, used: DateSource, frontMatter: DateSource[], fileName: DateSource[], year: number | null): string[] {
  const out: string[] = [];
  for (const other of [...frontMatter, ...fileName]) {
    if (other === used) continue;
    const ref = fullDateOf(other, year);
    if (!ref) continue;
    const inside = dated.start <= ref && ref <= dated.end;
    if (inside || (!dated.isPeriod && sameWeek(ref, dated.end))) continue;
    const after = daysBetween(dated.end, ref);
    if (other.from === 'frontMatter' && after > 0 && after <= PUBLICATION_DAYS) {
      out.push(`front matter 的日期 ${ref} 在周报所写的 ${describe(dated)} 之后，视为发布时间；按周报所写存入。`);
    } else {
      out.push(`${other.where}的日期 ${ref} 与周报所写的 ${describe(dated)} 不一致；按周报所写存入。`);
    }
  }
  return out;
}
