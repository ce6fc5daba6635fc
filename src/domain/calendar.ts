/**
 * Report-week arithmetic (domain: pure, imports nothing). A report week closes on Friday in the
 * team's time zone; the week's number is the team's own (continued from its latest report) or, with
 * no history, the ISO week. Dates are handled as ISO calendar strings (YYYY-MM-DD); the only
 * time-zone step is turning an instant into the team's local calendar date, done with Intl so no
 * extra package is needed. "Now" is always the caller's (an injected clock): nothing here reads it.
 *
 * The one place for: checking a calendar date (isoDateOf, isIsoCalendarDate) and reading how a
 * person names a week in a command (parseWeekName).
 */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface ReportWeek {
  /** "第48周" */
  weekLabel: string;
  weekNumber: number;
  /** ISO date of the Friday that closes the week */
  reportDate: string;
}

const DAY_MS = 86_400_000;
const FRIDAY = 5;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD; formatToParts keeps us independent of that detail anyway.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date (ISO) that `now` falls on in `timeZone`. Throws RangeError for an unknown zone. */
export function localDateIn(now: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatterFor(timeZone).formatToParts(now)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}

function toUtcMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromUtcMs(toUtcMs(iso) + days * DAY_MS);
}

/** Whole days from `fromIso` to `toIso` (negative when `toIso` is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((toUtcMs(toIso) - toUtcMs(fromIso)) / DAY_MS);
}

/** The Friday on or after an ISO date (a Saturday belongs to the next Friday's report). */
export function fridayOnOrAfter(iso: string): string {
  const weekday = new Date(toUtcMs(iso)).getUTCDay();
  return addDays(iso, (FRIDAY - weekday + 7) % 7);
}

/** ISO-8601 week number of a date. */
export function isoWeekNumber(iso: string): number {
  const ms = toUtcMs(iso);
  const weekday = new Date(ms).getUTCDay() || 7; // Monday 1 .. Sunday 7
  const thursday = new Date(ms + (4 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
}

/**
 * The week number a team without history uses for a Friday: its ISO week, except that a Friday on
 * 1 January (ISO puts it in the previous year's week 53) starts the new year as 第1周, because teams
 * number their reports by the calendar year of the Friday.
 */
export function defaultWeekNumber(friday: string): number {
  const iso = isoWeekNumber(friday);
  return iso >= 52 && friday.slice(5, 7) === '01' ? 1 : iso;
}

function weekOf(weekNumber: number, reportDate: string): ReportWeek {
  return { weekLabel: `第${weekNumber}周`, weekNumber, reportDate };
}

/**
 * The report week `now` belongs to in `timeZone`: the Friday on or after the local date.
 * With an anchor (the team's latest stored report) the number continues the team's own numbering
 * (第47周 on 2023-11-17 -> 第48周 on 2023-11-24), whatever ISO says; when the Friday falls in a
 * different calendar year than the anchor's, numbering restarts from the default (ISO) week.
 */
export function reportWeekFor(
  now: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
  anchor?: { weekNumber: number; reportDate: string } | null,
): ReportWeek {
  const friday = fridayOnOrAfter(localDateIn(now, timeZone));
  return weekOf(numberFor(friday, anchor ?? null), friday);
}

function numberFor(friday: string, anchor: { weekNumber: number; reportDate: string } | null): number {
  if (!anchor || !isIsoCalendarDate(anchor.reportDate) || !(anchor.weekNumber > 0)) return defaultWeekNumber(friday);
  const anchorFriday = fridayOnOrAfter(anchor.reportDate);
  if (anchorFriday.slice(0, 4) !== friday.slice(0, 4)) return defaultWeekNumber(friday);
  const n = anchor.weekNumber + Math.round(daysBetween(anchorFriday, friday) / 7);
  return n >= 1 ? n : defaultWeekNumber(friday);
}

/**
 * The week `offset` weeks away (-1 = 上周). Within a calendar year the number moves with the date;
 * crossing into another year it becomes that Friday's default (ISO) week, as reportWeekFor would.
 */
export function shiftReportWeek(week: ReportWeek, offset: number): ReportWeek {
  const friday = addDays(fridayOnOrAfter(week.reportDate), offset * 7);
  return weekOf(numberFor(friday, { weekNumber: week.weekNumber, reportDate: week.reportDate }), friday);
}

/** 上周: the week before the one `now` is in. */
export function previousReportWeek(
  now: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
  anchor?: { weekNumber: number; reportDate: string } | null,
): ReportWeek {
  return shiftReportWeek(reportWeekFor(now, timeZone, anchor), -1);
}

/** "2023-11-23" -> "11/23" */
export function formatMonthDay(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[1])}/${Number(m[2])}` : iso;
}

/** The ISO date for a year, month and day, or null when there is no such day (2023-02-30). */
export function isoDateOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "2023-11-17" and a real calendar day. */
export function isIsoCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && isoDateOf(+m[1], +m[2], +m[3]) === text;
}

/**
 * How a week is named in a command or an option: relative to the current week (本周, 上周 …), by
 * its number (48, 第48周, w48), or by any day of it (2023-11-24, 2023/11/24). Which week that is
 * depends on the team (its numbering, its current week): that is the caller's step.
 */
export type WeekName = { kind: 'relative'; offset: number } | { kind: 'number'; weekNumber: number } | { kind: 'date'; date: string };

const RELATIVE_WEEKS: Readonly<Record<string, number>> = { 本周: 0, 这周: 0, this: 0, 下周: 1, next: 1, 上周: -1, last: -1, 上上周: -2 };

/** The week `text` names, or null when it names none (a number outside 1–53, a day that does not exist). */
export function parseWeekName(text: string): WeekName | null {
  const s = text.normalize('NFKC').trim().toLowerCase();
  if (Object.hasOwn(RELATIVE_WEEKS, s)) return { kind: 'relative', offset: RELATIVE_WEEKS[s] };
  const date = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (date) {
    const iso = isoDateOf(+date[1], +date[2], +date[3]);
    return iso ? { kind: 'date', date: iso } : null;
  }
  const numbered = /^(?:第\s*)?(\d{1,2})\s*周?$|^w(?:eek)?\s*(\d{1,2})$/.exec(s);
  if (numbered) {
    const weekNumber = Number(numbered[1] ?? numbered[2]);
    return weekNumber >= 1 && weekNumber <= 53 ? { kind: 'number', weekNumber } : null;
  }
  return null;
}
