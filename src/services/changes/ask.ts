/**
 * "本周有什么变化" / "支付中心第48周相比上周有什么变化" / "哪些事项停滞了" asked in the CLI, the
 * console or Slack: recognised here (strictly, so a metric trend question such as
 * "入金成功率这几周的变化" stays with the answer layer) and answered from the week's changes
 * (src/changes/service.ts), cited line by line. kb.ask calls `answerChangesIfAsked` once before the
 * answer pipeline.
 */
import type { Answer, Citation } from '../../domain/answer/model';
import { addDays, fridayOnOrAfter, reportWeekFor } from '../../domain/calendar';
import type { ReportStore } from '../../adapters/store/reportStore';
import type { StoredItem } from '../../domain/records';
import { formatChangesDigest } from '../../domain/changes/digest';
import { changesForTeamWeek } from './service';
import { sparklineText } from '../../domain/changes/sparkline';
import type { ChangeKind, LineRef, MetricPoint, WeekChanges } from '../../domain/changes/types';

export interface ChangesQuestion {
  team?: string;
  /** A week number (48), or 'current' / 'previous' (本周 / 上周, read against the clock); absent = the team's latest week */
  week?: number | 'current' | 'previous';
  /** Only these kinds (停滞 → stalled); absent = every kind */
  kinds?: ChangeKind[];
}

/** Questions that ask for one kind of change; each must leave nothing else unexplained. */
const KIND_QUESTIONS: Array<{ kinds: ChangeKind[]; pattern: RegExp }> = [
  { kinds: ['stalled'], pattern: /^(?:有)?(?:哪些|什么|哪几个|哪个)?(?:事项|事情|工作|项目|任务)?(?:停滞|停滞不前|卡住|没有进展|没进展|没有新进展)(?:了)?(?:的)?(?:事项|工作|项目)?$/ },
  { kinds: ['dropped'], pattern: /^(?:有)?(?:哪些|什么)(?:事项|事情|工作|项目)?(?:没有再提|没再提|不再提|未再提及|没有再提及)(?:了)?(?:的)?(?:事项)?$/ },
  { kinds: ['overdue'], pattern: /^(?:有)?(?:哪些|什么)(?:事项|事情|工作|项目)?(?:逾期|过期|日期已过)(?:了)?(?:的)?(?:事项)?(?:没有更新|未更新)?$/ },
];

/** The whole-week question once the team, the week and filler words are taken out. */
const ALL_CHANGES = /^(?:有)?(?:什么|哪些|啥)(?:新的|主要)?(?:变化|变动|改变)$|^(?:变化|变动)(?:有哪些|是什么|有什么)$/;

/**
 * Reads a changes question, or null when the question is something else. Strict on purpose: after
 * removing the team, the week and polite filler, nothing may be left but the "what changed" words —
 * "健康分本周有什么变化" keeps "健康分" and so is a metric question for the answer layer.
 */
export function readChangesQuestion(question: string, knownTeams: readonly string[]): ChangesQuestion | null {
  let rest = question.normalize('NFKC').replace(/\s+/g, '').replace(/[?？!！。.,，~～]+$/u, '');
  const team = [...knownTeams].sort((a, b) => b.length - a.length).find((t) => t && rest.includes(t));
  if (team) rest = rest.replace(team, '');
  rest = rest.replace(/^(?:请问|请|帮我看看|帮我看下|看看|看一下|查一下)/, '').replace(/^(?:团队|组)?的?/, '');

  let week: ChangesQuestion['week'];
  const numbered = /第(\d{1,2})周/.exec(rest);
  if (numbered) {
    week = Number(numbered[1]);
    rest = rest.replace(numbered[0], '');
  } else if (/本周|这周|这一周|这个星期|本星期/.test(rest)) {
    week = 'current';
  } else if (/^上周|^上一周/.test(rest)) {
    week = 'previous';
    rest = rest.replace(/^上周|^上一周/, '');
  }
  // "相比上周" names the comparison, which is always with the report before: not the asked week.
  rest = rest
    .replace(/(?:相比|相对|对比|比起|和|与|跟|较)(?:于)?上(?:一)?周(?:而言|来说|相比|比)?/g, '')
    .replace(/本周|这周|这一周|这个星期|本星期/g, '')
    .replace(/^(?:周报|团队|组)?(?:里|中|上)?的?/, '')
    .replace(/^(?:都|又|还)/, '');

  for (const { kinds, pattern } of KIND_QUESTIONS) if (pattern.test(rest)) return { ...(team ? { team } : {}), ...(week !== undefined ? { week } : {}), kinds };
  if (ALL_CHANGES.test(rest)) return { ...(team ? { team } : {}), ...(week !== undefined ? { week } : {}) };
  return null;
}

export interface ChangesAnswerDeps {
  store: ReportStore;
  /** The team asked about when the question names none (a channel's team, --team) */
  defaultTeam?: string;
  now: Date;
  timeZone: string;
}

/** The week's changes as an Answer: summary then one cited line per change. */
export function answerChangesQuestion(question: string, query: ChangesQuestion, deps: ChangesAnswerDeps): Answer {
  const teams = deps.store.teams();
  const team = query.team ?? deps.defaultTeam ?? (teams.length === 1 ? teams[0] : undefined);
  if (!team) {
    return notFound(question, `请说明是哪个团队，例如「${teams[0] ?? '支付中心'}本周有什么变化」。${teams.length ? `已有周报的团队：${teams.join('、')}。` : ''}`);
  }
  const latest = deps.store.latestReport(team);
  if (!latest) return notFound(question, `还没有${team}的周报，无法比较变化。`);

  let week: number | string | undefined;
  if (query.week === 'current' || query.week === 'previous') {
    const current = reportWeekFor(deps.now, deps.timeZone, { weekNumber: latest.weekNumber, reportDate: latest.reportDate });
    week = query.week === 'current' ? current.reportDate : addDays(current.reportDate, -7);
  } else {
    week = query.week;
  }
  const changes = changesForTeamWeek(deps.store, team, week);
  if (!changes) {
    const asked = typeof week === 'number' ? `第${week}周` : query.week === 'previous' ? '上周' : '本周';
    return notFound(question, `${team}${asked}还没有周报；最近一份是${latest.weekLabel}，可以问「${team}${latest.weekLabel}有什么变化」。`);
  }
  const digest = formatChangesDigest(changes, query.kinds ? { kinds: query.kinds } : {});
  return {
    question,
    found: true,
    answer: [digest.summary, ...digest.details].join('\n'),
    citations: citationsOf(deps.store, changes, query.kinds),
  };
}

/** The changes answer when the question is one, else null (the answer pipeline takes it). */
export function answerChangesIfAsked(question: string, deps: ChangesAnswerDeps): Answer | null {
  const query = readChangesQuestion(question, deps.store.teams());
  return query ? answerChangesQuestion(question, query, deps) : null;
}

function notFound(question: string, answer: string): Answer {
  return { question, found: false, answer, citations: [] };
}

/** Every cited line of the listed changes, once each, resolved to its stored item (for "查看原文"). */
function citationsOf(store: ReportStore, changes: WeekChanges, kinds?: readonly ChangeKind[]): Citation[] {
  const itemsByDate = new Map<string, StoredItem[]>();
  const itemsOf = (ref: LineRef): StoredItem[] => {
    const key = fridayOnOrAfter(ref.reportDate);
    if (!itemsByDate.has(key)) {
      const reports = store.listReports({ team: ref.team }).filter((r) => fridayOnOrAfter(r.reportDate) === key);
      itemsByDate.set(key, reports.flatMap((r) => store.getItemsForReport(r.id)));
    }
    return itemsByDate.get(key)!;
  };
  const seen = new Set<number>();
  const out: Citation[] = [];
  for (const change of changes.changes) {
    if (kinds && !kinds.includes(change.kind)) continue;
    for (const ref of change.cites) {
      // A week read from several members' submissions repeats line numbers: the line's text decides.
      const item = itemsOf(ref).find((i) => i.lineNo === ref.lineNo && (i.rawLine.trim() === ref.line || i.text === ref.line));
      if (!item || seen.has(item.id)) continue;
      seen.add(item.id);
      out.push({
        team: item.team,
        week: item.weekLabel,
        date: item.reportDate,
        section: ref.section,
        text: ref.line,
        reportId: item.reportId,
        itemId: item.id,
        lineNo: item.lineNo,
      });
    }
  }
  return out;
}

// ---- a metric trend answer, drawn -----------------------------------------------------------

/** A figure's weekly values read back from a trend answer: what its chart or sparkline draws. */
export interface TrendSeries {
  label: string;
  unit: string;
  points: MetricPoint[];
}

/** "健康分：第45周 633分 → 第46周 640分 → … → 第49周 669分。" — the answer layer's trend sentence. */
const TREND_ANSWER = /^([^：\n]{1,40})：(第\d+周 [^\n]+?)。$/;
const TREND_STEP = /第(\d+)周 (.+?)(?= → 第\d+周 |$)/g;
/** The week's figure is the last one of its step ("18% → 26%" ends at 26%) */
const LAST_FIGURE = /(-?\d[\d,]*(?:\.\d+)?)\s*([^\d\s→]*)$/;

/**
 * The series of a trend answer, or null when the answer is not one. Every point is checked against
 * its citation (same week, one report date, the figure in the cited line), so a chart never shows
 * a value or a date the reports do not: when anything does not fit, there is no chart.
 */
export function trendSeriesOf(answer: Answer): TrendSeries | null {
  if (!answer.found) return null;
  const m = TREND_ANSWER.exec(answer.answer.trim());
  if (!m) return null;
  const points: MetricPoint[] = [];
  const units = new Set<string>();
  for (const step of m[2].matchAll(TREND_STEP)) {
    const weekLabel = `第${step[1]}周`;
    const figure = LAST_FIGURE.exec(step[2].trim());
    if (!figure) return null;
    const cited = answer.citations.filter((c) => c.week === weekLabel && c.text.includes(figure[1]));
    const dates = new Set(cited.map((c) => c.date));
    if (dates.size !== 1) return null;
    const value = Number(figure[1].replace(/,/g, ''));
    if (!Number.isFinite(value)) return null;
    units.add(figure[2]);
    points.push({ weekLabel, reportDate: [...dates][0], value });
  }
  if (points.length < 2 || units.size !== 1) return null;
  points.sort((a, b) => a.reportDate.localeCompare(b.reportDate));
  return { label: m[1].trim(), unit: [...units][0], points };
}

/** For text-only surfaces (CLI, console): "健康分 633分 ▁▂▆▇▇ 669分", or null when the answer is no trend. */
export function trendSparklineOf(answer: Answer): string | null {
  const series = trendSeriesOf(answer);
  if (!series) return null;
  return `${series.label} ${sparklineText(series.points.map((p) => p.value), { unit: series.unit })}`;
}

