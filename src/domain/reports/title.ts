/**
 * A report's title and header: which line is the title (a heading or first line naming a week, 周报
 * or a date), and the team, week label and date it gives, with the caller's options filling in
 * what it leaves out.
 */
import { isIsoCalendarDate, isoDateOf } from '../calendar';
import { chineseNumeral } from './dateText';
import { HAS_WORD, HEADING, cleanHeading, listMarker } from './markdown';
import type { ParseOptions } from './model';
import { stripInlineMarkup, toHalfWidth } from './normalize';

export interface ReportHeader {
  team: string | null;
  weekLabel: string | null;
  weekNumber: number | null;
  reportDate: string | null;
}

const WEEK_LABEL = /第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*周|(?<![A-Za-z])(?:week|wk|w)\s*(\d{1,2})(?!\d)/i;
const FULL_DATE = /(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/g;
const REPORT_WORDS = /工作周报|周报|周总结|周汇报|週報|weekly\s*report/gi;
const TEAM_DECORATION = /[#【】[\]()（）「」<>《》:：\-–—|·•*_~\s]+/g;
const YEAR_PREFIX = /20\d{2}\s*年?/g;
const TIME_WORDS = /本周|上周|下周|本期|本月/g;

function weekNumberIn(text: string): { number: number; index: number; length: number } | null {
  const m = WEEK_LABEL.exec(text);
  if (!m) return null;
  const raw = m[1] ?? m[2];
  const number = /^\d+$/.test(raw) ? Number(raw) : chineseNumeral(raw);
  return number >= 1 && number <= 53 ? { number, index: m.index, length: m[0].length } : null;
}

function lastFullDate(text: string): { iso: string; index: number } | null {
  let found: { iso: string; index: number } | null = null;
  FULL_DATE.lastIndex = 0;
  for (let m = FULL_DATE.exec(text); m; m = FULL_DATE.exec(text)) {
    const iso = isoDateOf(+m[1], +m[2], +m[3]);
    if (iso) found = { iso, index: m.index };
  }
  return found;
}

function cleanTeam(text: string): string | null {
  const team = text.replace(REPORT_WORDS, ' ').replace(YEAR_PREFIX, ' ').replace(TIME_WORDS, ' ').replace(TEAM_DECORATION, '');
  return team.length >= 1 && team.length <= 30 && HAS_WORD.test(team) && !/^\d+$/.test(team) ? team : null;
}

function knownTeamIn(text: string, knownTeams: readonly string[] | undefined): string | null {
  if (!knownTeams?.length) return null;
  const compact = text.replace(/\s+/g, '');
  let best: string | null = null;
  for (const team of knownTeams) {
    const t = team.trim();
    if (t && (text.includes(t) || compact.includes(t.replace(/\s+/g, ''))) && (!best || t.length > best.length)) best = t;
  }
  return best;
}

/**
 * Team, week and date from a title such as "清结算中心 第48周 2023-11-24" or "支付中心周报 第48周（2023.11.24）".
 * The team is what stands before the week label (or before the date), minus 周报 and decoration;
 * a name from `knownTeams` found anywhere in the title wins.
 */
export function parseReportTitle(title: string, knownTeams?: readonly string[]): ReportHeader {
  const text = toHalfWidth(stripInlineMarkup(title));
  const week = weekNumberIn(text);
  const date = lastFullDate(text);
  let team = knownTeamIn(text, knownTeams);
  if (!team) {
    // The name stands before the first date: "移动端组周报（2023.11.13-2023.11.17）" is 移动端组.
    const firstDate = text.search(/20\d{2}\s*[-/.年]\s*\d{1,2}/);
    const cut = week ? week.index : date ? (firstDate >= 0 ? firstDate : date.index) : -1;
    if (cut > 0) team = cleanTeam(text.slice(0, cut));
  }
  if (!team) {
    // "第48周 清结算中心周报": the name sits right before 周报.
    const rest = text.replace(WEEK_LABEL, ' ').replace(FULL_DATE, ' ');
    const report = rest.search(/周报|weekly\s*report/i);
    if (report > 0) team = cleanTeam(rest.slice(0, report));
  }
  return {
    team,
    weekLabel: week ? `第${week.number}周` : null,
    weekNumber: week ? week.number : null,
    reportDate: date ? date.iso : null,
  };
}

export function isTitleLike(text: string, firstHeading: boolean): boolean {
  if (weekNumberIn(text) || text.includes('周报')) return true;
  FULL_DATE.lastIndex = 0;
  return firstHeading && FULL_DATE.test(text);
}

interface TitleInfo {
  title: string | null;
  header: ReportHeader | null;
  /** Line index of the title heading, or -1 */
  headingLine: number;
  /** Line index of a plain first line used as title ("清结算中心 第48周 2023-11-24"), or -1 */
  plainTitleLine: number;
  /** The first line with content, for a free-text team mention */
  firstLine: string | null;
}

const PLAIN_TITLE_MAX = 40;

/** The first heading that names a week, a report (周报) or, as the first heading, a dated title. */
export function findTitle(lines: string[], isSkipped: (index: number) => boolean): TitleInfo {
  const info: TitleInfo = { title: null, header: null, headingLine: -1, plainTitleLine: -1, firstLine: null };
  let firstHeading = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed || isSkipped(i) || trimmed.startsWith('<!--')) continue;
    if (info.firstLine === null) {
      info.firstLine = trimmed;
      const content = toHalfWidth(trimmed);
      if (content[0] !== '#' && !listMarker(content) && content.length <= PLAIN_TITLE_MAX) {
        const plain = stripInlineMarkup(content);
        // Only with a week label: "以下是本周周报" is a sentence, "清结算中心 第48周 2023-11-24" a title.
        if (weekNumberIn(plain)) {
          info.plainTitleLine = i;
          info.title = plain;
          return info;
        }
      }
    }
    if ((trimmed[0] !== '#' && trimmed[0] !== '＃') || /^#\d/.test(trimmed)) continue;
    const m = HEADING.exec(toHalfWidth(trimmed));
    if (!m) continue;
    const title = cleanHeading(m[2]);
    if (!title) continue;
    if (isTitleLike(title, firstHeading)) {
      info.headingLine = i;
      info.title = stripInlineMarkup(m[2]);
      return info;
    }
    firstHeading = false;
  }
  return info;
}

export function resolveHeader(titleInfo: TitleInfo, options: ParseOptions): ReportHeader {
  const fromTitle = titleInfo.title ? parseReportTitle(titleInfo.title, options.knownTeams) : null;
  let team: string | null;
  if (options.forceTeam && options.team) team = options.team;
  else
    team =
      fromTitle?.team ??
      (titleInfo.firstLine ? knownTeamIn(titleInfo.firstLine, options.knownTeams) : null) ??
      options.team ??
      null;

  if (options.resolved) {
    // The document reader already worked the week out (from --date, front matter, title or file name).
    const { weekLabel, weekNumber, reportDate } = options.resolved;
    return { team, weekLabel, weekNumber, reportDate };
  }
  let weekNumber = fromTitle?.weekNumber ?? null;
  let weekLabel = fromTitle?.weekLabel ?? null;
  if (weekNumber === null) {
    const fromOption = options.weekLabel ? weekNumberIn(toHalfWidth(options.weekLabel)) : null;
    weekNumber = options.weekNumber ?? fromOption?.number ?? null;
    weekLabel = options.weekLabel ?? (weekNumber !== null ? `第${weekNumber}周` : null);
  }
  const reportDate = fromTitle?.reportDate ?? (options.reportDate && isIsoCalendarDate(options.reportDate) ? options.reportDate : null);
  return { team, weekLabel, weekNumber, reportDate };
}
