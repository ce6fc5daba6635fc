/**
 * The week's changes, read from item chains (src/changes/chains.ts): what launched or finished,
 * which planned dates moved (and why, when the line says), what started, what has said the same
 * thing for weeks, which plans passed without news, what disappeared, which figures moved. Pure:
 * a team's consecutive reports in, changes out; the last report is "this week".
 *
 * Every change rests on lines the reports contain — two mentions of one item, or one line's own
 * words ("由12/5推迟至12/8", "已于11/23上线") — and cites them. When the lines do not say, there is no
 * change: a missing change is better than an invented one.
 *
 * The rules for dates, stalls and figures are in detectDates.ts, detectStalls.ts and detectFigures.ts.
 */
import { isClosed, isFollowedItem } from '../followup/missingItems';
import type { ItemDate, ReportItem } from '../reports/model';
import { subjectOf, isPartlyDone, saysDone, inReflection, isStopped, launchOf } from './lineSignals';
import { buildChains, chainSimilarity, namedText, type ItemChain, type Mention } from './chains';
import { primaryMention, ref, type Context } from './detectContext';
import { passedPlans, slipOf } from './detectDates';
import { metricChanges } from './detectFigures';
import { stallOf } from './detectStalls';
import { KIND_ORDER, type HistoryWeek, type LineRef, type WeekChange, type WeekChanges } from './types';

export interface DetectOptions {
  /** Weeks of the same line with no new status before an item counts as stalled (default 2) */
  stalledAfterWeeks?: number;
}

export const DEFAULT_STALLED_AFTER_WEEKS = 2;

/** Words that start work: a new line with one of these is "started" even when its status is unknown. */
const START_WORDS = /启动|开始|立项|开工|着手|进入研发|进入开发|kick\s*off/i;

/**
 * @param history a team's reports in order, one per week; the last is this week
 */
export function detectWeekChanges(history: readonly HistoryWeek[], options: DetectOptions = {}): WeekChanges {
  if (!history.length) throw new Error('detectWeekChanges: empty history');
  const weeks = [...history].sort((a, b) => a.report.reportDate.localeCompare(b.report.reportDate));
  const stalledAfterWeeks = Math.max(1, Math.floor(options.stalledAfterWeeks ?? DEFAULT_STALLED_AFTER_WEEKS));
  const now = weeks.length - 1;
  const current = weeks[now].report;
  const result: WeekChanges = {
    team: current.team,
    weekLabel: current.weekLabel,
    reportDate: current.reportDate,
    previous: now > 0 ? { weekLabel: weeks[now - 1].report.weekLabel, reportDate: weeks[now - 1].report.reportDate } : null,
    stalledAfterWeeks,
    changes: [],
  };
  if (now === 0) return result;

  const chains = buildChains(weeks.map((w) => w.items));
  const ctx: Context = { weeks, now, stalledAfterWeeks };
  const changes: WeekChange[] = [];
  for (const chain of chains) changes.push(...changesOfChain(chain, ctx));
  result.changes = changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => KIND_ORDER.indexOf(a.c.kind) - KIND_ORDER.indexOf(b.c.kind) || a.i - b.i)
    .map((x) => x.c);
  return result;
}

function changesOfChain(chain: ItemChain, ctx: Context): WeekChange[] {
  const { now } = ctx;
  const mine = primaryMention(chain, now);
  if (mine) {
    if (mine.plan || inReflection(mine.item) || isHeading(mine, ctx)) return [];
    return changesOfMentionedItem(chain, mine, ctx);
  }
  return changesOfMissingItem(chain, ctx);
}

/** The item is in this week's report: launched, completed, stopped, slipped, overdue, stalled, started, figures. */
function changesOfMentionedItem(chain: ItemChain, mine: Mention, ctx: Context): WeekChange[] {
  const { now, weeks } = ctx;
  const item = mine.item;
  const reportDate = weeks[now].report.reportDate;
  const before = latestEarlierPrimary(chain, now);
  const here = ref(ctx, mine);
  const there = before ? [ref(ctx, before)] : [];
  const subject = subjectOf(namedText(item));
  const out: WeekChange[] = [];

  const stoppedNow = isStopped(item);
  if (stoppedNow) {
    if (before && !isStopped(before.item) && !isClosedAt(before, ctx)) out.push({ kind: 'stopped', subject, cites: [here, ...there] });
    return out;
  }

  const launch = launchOf(item);
  if (launch) {
    const wasLaunched = chain.mentions.some((m) => m.weekIndex < now && launchOf(m.item) !== null);
    const previousReportDate = weeks[now - 1].report.reportDate;
    // A line that first appears already launched is news only when the launch is this week's.
    const thisWeek = before || launch.date === null || launch.date > previousReportDate;
    if (!wasLaunched && thisWeek) out.push({ kind: 'launched', subject, date: launch.date, cites: [here, ...there] });
  } else if (before && isClosedAt(mine, ctx) && item.status === 'done' && !isPartlyDone(item) && wasOpenWork(before, ctx)) {
    out.push({ kind: 'completed', subject, cites: [here, ...there] });
  }

  // A launch read from the words ("本周上线") closes the item as surely as a launched status.
  if (!isClosedAt(mine, ctx) && !launch) {
    const slip = slipOf(chain, mine, before, ctx);
    if (slip) out.push({ ...slip, subject, cites: [here, ...there] });
    for (const passed of passedPlans(item, reportDate)) {
      out.push({ kind: 'overdue', subject, event: passed.event, plannedDate: passed.iso, mentionedThisWeek: true, cites: [here] });
    }
    const stall = stallOf(chain, ctx);
    if (stall) out.push({ kind: 'stalled', subject, weeks: stall.weeks, sinceWeekLabel: weeks[stall.since.weekIndex].report.weekLabel, cites: [here, ref(ctx, stall.since)] });
    if (isNewWork(chain, mine, ctx)) out.push({ kind: 'started', subject, cites: [here, ...earlierPlanRefs(chain, ctx)] });
  }

  if (before) out.push(...metricChanges(chain, mine, before, ctx));
  return out;
}

/** The item was in last week's report and is not in this one: overdue when its plan passed, else dropped. */
function changesOfMissingItem(chain: ItemChain, ctx: Context): WeekChange[] {
  const { now, weeks } = ctx;
  const last = primaryMention(chain, now - 1);
  if (!last || last.plan || inReflection(last.item) || isHeading(last, ctx)) return [];
  if (!isFollowedItem(last.item) || isClosedAt(last, ctx) || isStopped(last.item) || saysDone(last.item)) return [];
  const subject = subjectOf(namedText(last.item));
  const cites = [ref(ctx, last)];
  const passed = passedPlans(last.item, weeks[now].report.reportDate).filter((p) => !reportedElsewhere(last.item, p, weeks[now].items));
  if (passed.length < passedPlans(last.item, weeks[now].report.reportDate).length) return [];
  if (passed.length) return passed.map((p) => ({ kind: 'overdue', subject, event: p.event, plannedDate: p.iso, mentionedThisWeek: false, cites }));
  return [{ kind: 'dropped', subject, cites }];
}

// ---------------------------------------------------------------------------------------------
// Status

/** Loosest identity for a vanished item: a line this week reports its planned event on that very day. */
const LOOSE_SIMILARITY = 0.3;

/**
 * "POS主交易链路（终端APP…）联调完成，预计11/8上线" last week, "主交易链路已于11/8上线" this week: the
 * wording changed too much for the chain, but the event happened on the planned day under a similar
 * name. Such an item is neither overdue nor dropped, so nothing is said about it.
 */
function reportedElsewhere(last: ReportItem, plan: ItemDate, thisWeek: readonly ReportItem[]): boolean {
  return thisWeek.some(
    (item) => item.dates.some((d) => !d.planned && d.event === plan.event && d.iso === plan.iso) && chainSimilarity(last, item) >= LOOSE_SIMILARITY,
  );
}

/**
 * A parent bullet that only names a project ("- POS收单系统建设" with numbered lines under it): the
 * lines under it carry the news, the heading itself never changes.
 */
function isHeading(m: Mention, ctx: Context): boolean {
  const text = m.item.text.trim();
  return ctx.weeks[m.weekIndex].items.some((other) => other !== m.item && other.sectionPath[other.sectionPath.length - 1]?.trim() === text);
}

function isClosedAt(m: Mention, ctx: Context): boolean {
  return isClosed({ ...m.item, reportDate: ctx.weeks[m.weekIndex].report.reportDate });
}

/** Work in progress or a plan, as last reported (not a figure or a finished step). */
function wasOpenWork(m: Mention, ctx: Context): boolean {
  return !isClosedAt(m, ctx) && !isStopped(m.item) && isFollowedItem(m.item);
}

function latestEarlierPrimary(chain: ItemChain, weekIndex: number): Mention | null {
  for (let w = weekIndex - 1; w >= 0; w--) {
    const m = primaryMention(chain, w);
    if (m && !m.plan) return m;
  }
  return null;
}

/** New work: no earlier line outside the plan sections, under way now (or said to start). */
function isNewWork(chain: ItemChain, mine: Mention, ctx: Context): boolean {
  if (chain.mentions.some((m) => m.weekIndex < ctx.now && !m.plan)) return false;
  const item = mine.item;
  // Testing, delayed or blocked work was under way before this week: its earlier lines were missed, it did not start now.
  if (item.status === 'in_progress' || item.status === 'planned') return isFollowedItem(item);
  if (item.status === 'done' || item.status === 'unknown') return START_WORDS.test(item.text) && !isClosedAt(mine, ctx);
  return false;
}

/** Plan lines that announced the work in earlier weeks (cited with the start). */
function earlierPlanRefs(chain: ItemChain, ctx: Context): LineRef[] {
  return chain.mentions.filter((m) => m.weekIndex < ctx.now && m.plan).slice(-1).map((m) => ref(ctx, m));
}
