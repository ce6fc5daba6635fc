/**
 * Weighing the date sources, in the order of precedence the caller gives, into a ResolvedWeek: the
 * year a source leaves out, the week number (a label, else the ISO week of the period's middle day),
 * and a warning a user should see for every guess and every source that disagrees.
 */
import { addDays, daysBetween, defaultWeekNumber, fridayOnOrAfter, isoDateOf, isoWeekNumber, localDateIn } from '../calendar';
import { MAX_PERIOD_DAYS, type DateClaim, type DateReading, type WrittenDay } from './dateText';
import type { ReportPeriod, ResolvedWeek } from './model';

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

