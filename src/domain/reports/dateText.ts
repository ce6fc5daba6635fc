/**
 * What one piece of text (a title, a label line, a file name) states about its week: a period, one
 * day, an ISO week code and a week label, each as written (a year the text leaves out stays null).
 * A bare M.D (12.24) is only read as part of a range: alone it may be a version or a figure.
 */
import { daysBetween, isoDateOf } from '../calendar';
import { stripInlineMarkup, toHalfWidth } from './normalize';

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
