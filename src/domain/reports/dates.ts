/**
 * Dates inside one item's text, with the event they belong to ("11/23上线" -> 上线) and whether they are
 * a plan. Yearless dates take the year that puts them nearest the report's date.
 */
import type { ItemDate } from './model';
import { toHalfWidth } from './normalize';
import { isoDateOf } from '../calendar';
import { HAS_DIGIT, isClauseBoundaryAt, blank, maskNonDatesForDates } from './textMasks';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIso(iso: string | null | undefined): { year: number; month: number; day: number } | null {
  if (!iso) return null;
  const m = ISO_DATE.exec(iso);
  return m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
}

/**
 * The year of a month/day written without one: the year that puts it nearest the report.
 * A December report's "1/5" is next January; a January report's "12/28" is last December.
 */
export function inferYear(month: number, report: { year: number; month: number }): number {
  const diff = month - report.month;
  if (diff < -6) return report.year + 1;
  if (diff > 6) return report.year - 1;
  return report.year;
}

/**
 * Candidate dates, most specific first. Groups:
 *  1-3 full date with year (2023-12-05, 2023/12/5, 2023.12.05, 2023年12月5日)
 *  4-5 Chinese month/day (12月5日, 12月5号)
 *  6-7 slash month/day (11/23)
 *  8-10 dash or dot month/day (12-05, 11.28) — accepted only next to a date word, see dashDateAccepted()
 */
const DATE_CANDIDATE = new RegExp(
  [
    '(?<![\\d.\\/-])(?:',
    '(20\\d{2})\\s*[-\\/.年]\\s*(\\d{1,2})\\s*[-\\/.月]\\s*(\\d{1,2})\\s*[日号]?',
    '|(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*[日号]',
    '|(\\d{1,2})\\/(\\d{1,2})(?![\\/\\d])',
    '|(\\d{1,2})([-.])(\\d{1,2})',
    ')(?!\\d|%|\\.\\d|-\\d)',
  ].join(''),
  'g',
);

/** Words that, right before a bare "12-05" / "11.28", make it a date rather than a range or a decimal. */
const DATE_CUE_BEFORE = /(?:预计|计划|预期|定于|已于|于|在|截至|截止|至|到|前|约|待|拟|争取|目标)\s*$/;
/** Words after a slash fraction that show it counts things (3/4的, 1/3个) rather than naming a day. */
const FRACTION_AFTER = /^\s*(?:的|个|份|人|台|项|次|倍|页|条|组|张|套|家|以上|左右)/;
const FRACTION_BEFORE = /(?:(?:第|共|约|占|进度[:：]?|比例[:：]?|完成度[:：]?)\s*|[A-Za-z])$/;

const EVENT_VERB = /上线|投产|发布|上架|发版|提测|送测|转测|开放|评审|完成|完毕|验收|启动|交付|联调|灰度|部署|割接|切换|演练|立项|结项|签约|测试/g;
const CANONICAL_EVENT: Record<string, string> = {
  上线: '上线',
  投产: '上线',
  发布: '上线',
  上架: '上线',
  发版: '上线',
  提测: '提测',
  送测: '提测',
  转测: '提测',
  完毕: '完成',
  割接: '切换',
};
/** Phases a start may open (启动灰度, 启动联调): the date is the phase's. */
const PHASE_AFTER_START = /^(?:灰度|联调|部署|切换|割接|演练)/;
/** Generic verbs lose to a specific one nearby: "11/17完成提测" is a 提测 date, "11/14上线完成" a 上线 date. */
const GENERIC_EVENTS = new Set(['完成', '测试']);

const PLAN_CUE = /预计|计划|待|将|拟|目标|争取|下周|下月|预期|准备|安排|即将|力争|有望|打算/;
/** Phrases that contain a plan word but describe something on track, not a plan. */
const NOT_A_PLAN = /按计划|按照计划|计划内|如期|期待|接待|善待|对待|看待/g;
const PAST_BEFORE = /已/;
const PAST_AFTER = /^[^，,。；;]{0,6}?(?:完成|完毕|成功)|^\s*已/;

/** How far (characters) around a date we look for its verb and its tense. */
const AFTER_WINDOW = 12;
const BEFORE_WINDOW = 14;

interface DateHit {
  start: number;
  end: number;
  iso: string;
}

/**
 * Dates in an item. `reportDate` (ISO) supplies the year of dates written without one and decides
 * whether an unmarked date is past or planned; with no report date, yearless dates are skipped
 * (there is no honest way to place them).
 */
export function extractDates(text: string, reportDate: string | null): ItemDate[] {
  if (!HAS_DIGIT.test(text)) return [];
  const normal = toHalfWidth(text);
  const masked = maskNonDatesForDates(normal);
  const report = parseIso(reportDate);

  const hits: DateHit[] = [];
  DATE_CANDIDATE.lastIndex = 0;
  for (let m = DATE_CANDIDATE.exec(masked); m; m = DATE_CANDIDATE.exec(masked)) {
    const start = m.index;
    const end = start + m[0].length;
    let iso: string | null = null;
    if (m[1]) {
      iso = isoDateOf(+m[1], +m[2], +m[3]);
    } else {
      const [month, day] = m[4] ? [+m[4], +m[5]] : m[6] ? [+m[6], +m[7]] : [+m[8], +m[10]];
      if (m[6] && (FRACTION_BEFORE.test(masked.slice(Math.max(0, start - 6), start)) || FRACTION_AFTER.test(masked.slice(end, end + 4)))) continue;
      if (m[8] && !dashDateAccepted(masked, start, end)) continue;
      if (!report) continue;
      iso = isoDateOf(inferYear(month, report), month, day);
    }
    if (iso) hits.push({ start, end, iso });
  }
  if (!hits.length) return [];

  return hits.map((hit, i) => {
    const clauseStart = clauseStartBefore(masked, hit.start);
    const clauseEnd = clauseEndAfter(masked, hit.end);
    const nextStart = i + 1 < hits.length ? hits[i + 1].start : masked.length;
    const after = masked.slice(hit.end, Math.min(clauseEnd, nextStart, hit.end + AFTER_WINDOW));
    const before = masked.slice(Math.max(clauseStart, hit.start - BEFORE_WINDOW), hit.start);
    const clauseBefore = masked.slice(clauseStart, hit.start).replace(NOT_A_PLAN, blank);
    return {
      iso: hit.iso,
      text: text.slice(hit.start, hit.end).trim(),
      event: eventNear(before, after) ?? eventOfBarePlan(masked, clauseStart, clauseBefore, masked.slice(hit.end, clauseEnd)),
      planned: isPlanned(hit.iso, clauseBefore, masked.slice(hit.end, clauseEnd), reportDate),
    };
  });
}

/** "1-2周", "3-5天": a range of a count, not a date. */
const RANGE_AFTER = /^\s*(?:周|天|日内|个|月|年|人|次|小时|倍|项|台|%)/;

/** "App 5.6 发版": a dotted number right after a Latin name is a version, not May 6. */
const NAME_BEFORE_VERSION = /[A-Za-z][\w-]*\s*$/;

function dashDateAccepted(masked: string, start: number, end: number): boolean {
  if (RANGE_AFTER.test(masked.slice(end, end + 3))) return false;
  if (masked.slice(start, end).includes('.') && NAME_BEFORE_VERSION.test(masked.slice(Math.max(0, start - 20), start))) return false;
  if (DATE_CUE_BEFORE.test(masked.slice(Math.max(0, start - 4), start))) return true;
  const after = masked.slice(end, end + 3).trimStart();
  EVENT_VERB.lastIndex = 0;
  const verb = EVENT_VERB.exec(after);
  return !!verb && verb.index === 0;
}

function clauseStartBefore(text: string, index: number): number {
  for (let i = index - 1; i >= 0; i--) if (isClauseBoundaryAt(text, i)) return i + 1;
  return 0;
}

function clauseEndAfter(text: string, index: number): number {
  for (let i = index; i < text.length; i++) if (isClauseBoundaryAt(text, i)) return i;
  return text.length;
}

/** A clause that is only a plan word and the date (计划12/14, 预计于12/20). */
const BARE_PLAN_BEFORE = /^\s*(?:计划|预计|定于|定在|时间)\s*(?:于|在|为)?\s*$/;

/**
 * OAuth2 授权码模式上线，计划12/14: the date's own clause names no event, only that it is planned;
 * the event is the one the clause before ends with (上线 on 12/14), not none.
 */
function eventOfBarePlan(masked: string, clauseStart: number, clauseBefore: string, clauseAfter: string): string | null {
  if (!BARE_PLAN_BEFORE.test(clauseBefore) || /\S/.test(clauseAfter) || clauseStart < 2) return null;
  const previous = masked.slice(clauseStartBefore(masked, clauseStart - 1), clauseStart - 1).trimEnd();
  EVENT_VERB.lastIndex = 0;
  const tail = previous.slice(-4);
  let last: RegExpExecArray | null = null;
  for (let m = EVENT_VERB.exec(tail); m; m = EVENT_VERB.exec(tail)) last = m;
  return last && last.index + last[0].length === tail.length ? (CANONICAL_EVENT[last[0]] ?? last[0]) : null;
}

/** The verb right after the date ("11/23上线"), else the nearest one before it ("提测由12/5推迟至12/8"). */
function eventNear(before: string, after: string): string | null {
  const fromAfter = pickVerb(after, false);
  if (fromAfter) return fromAfter;
  return pickVerb(before, true);
}

function pickVerb(window: string, nearestIsLast: boolean): string | null {
  EVENT_VERB.lastIndex = 0;
  let specific: string | null = null;
  let generic: string | null = null;
  for (let m = EVENT_VERB.exec(window); m; m = EVENT_VERB.exec(window)) {
    // 11/30提前启动灰度 is the day 灰度 began, as 预计11/16开始灰度 is: 启动 of a phase names the phase's date.
    if (m[0] === '启动' && PHASE_AFTER_START.test(window.slice(m.index + m[0].length))) continue;
    const verb = CANONICAL_EVENT[m[0]] ?? m[0];
    if (GENERIC_EVENTS.has(verb)) {
      if (!generic || nearestIsLast) generic = verb;
    } else if (!specific || nearestIsLast) {
      specific = verb;
      if (!nearestIsLast) break;
    }
  }
  return specific ?? generic;
}

/**
 * Planned when the clause says so before the date (预计/计划/待…); past when it says 已 before the
 * date or 完成/完毕 after it; otherwise by the calendar: after the report date is a plan.
 */
function isPlanned(iso: string, clauseBefore: string, clauseAfter: string, reportDate: string | null): boolean {
  if (PLAN_CUE.test(clauseBefore)) return true;
  if (PAST_BEFORE.test(clauseBefore) || PAST_AFTER.test(clauseAfter)) return false;
  return reportDate !== null && iso > reportDate;
}
