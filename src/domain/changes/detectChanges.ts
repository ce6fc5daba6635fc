/**
 * The week's changes, read from item chains (src/changes/chains.ts): what launched or finished,
 * which planned dates moved (and why, when the line says), what started, what has said the same
 * thing for weeks, which plans passed without news, what disappeared, which figures moved. Pure:
 * a team's consecutive reports in, changes out; the last report is "this week".
 *
 * Every change rests on lines the reports contain — two mentions of one item, or one line's own
 * words ("由12/5推迟至12/8", "已于11/23上线") — and cites them. When the lines do not say, there is no
 * change: a missing change is better than an invented one.
 */
import { isClosed, isFollowedItem } from '../followup/missingItems';
import { SECTION_SEPARATOR, type ItemDate, type ItemMetric, type ReportItem } from '../reports/model';
import { subjectOf, isPartlyDone, saysDone, inReflection, isStopped, launchOf, reasonOf, asWork, sameLine } from './lineSignals';
import { buildChains, chainSimilarity, mentionsIn, namedText, type ItemChain, type Mention } from './chains';
import {
  KIND_ORDER,
  type HistoryWeek,
  type LineRef,
  type MetricChange,
  type MetricPoint,
  type SlippedChange,
  type WeekChange,
  type WeekChanges,
} from './types';

export interface DetectOptions {
  /** Weeks of the same line with no new status before an item counts as stalled (default 2) */
  stalledAfterWeeks?: number;
}

export const DEFAULT_STALLED_AFTER_WEEKS = 2;

/** A line saying in so many words that nothing moved. */
const NO_PROGRESS = /无进展|没有进展|暂无进展|未有进展|仍无进展|停滞|仍在等待|继续等待|no progress/i;
/** Words that start work: a new line with one of these is "started" even when its status is unknown. */
const START_WORDS = /启动|开始|立项|开工|着手|进入研发|进入开发|kick\s*off/i;
const SLIP_WORDS = /推迟|延期|延后|顺延|推后|delay/i;
/** Labels of figures that are targets or deltas ("目标年底", "每月下降"): not a level that can move. */
const NOT_A_LEVEL = /目标|预计|计划|较上周|同比|环比|下降$|提升$|增长$|减少$|降低$|缩短$|节省$|增加$/;

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

interface Context {
  weeks: readonly HistoryWeek[];
  now: number;
  stalledAfterWeeks: number;
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

// ---------------------------------------------------------------------------------------------
// Dates

/** The last planned date of each event the line names, when it is before the report date and the line does not report the event as done. */
function passedPlans(item: ReportItem, reportDate: string): ItemDate[] {
  const out: ItemDate[] = [];
  for (const event of eventsOf(item.dates)) {
    const plan = lastPlanned(item.dates, event);
    if (!plan || plan.iso >= reportDate) continue;
    const happened = item.dates.some((d) => !d.planned && d.event === event && d.iso >= plan.iso);
    if (!happened) out.push(plan);
  }
  return out;
}

function eventsOf(dates: readonly ItemDate[]): Array<string | null> {
  return [...new Set(dates.map((d) => d.event))];
}

function lastPlanned(dates: readonly ItemDate[], event: string | null): ItemDate | null {
  const plans = dates.filter((d) => d.planned && d.event === event);
  return plans.length ? plans[plans.length - 1] : null;
}

/**
 * A planned date moved later this week: the line says so ("提测由12/5推迟至12/8": both dates are in
 * the line), or last time's plan for the same event is earlier than this week's.
 */
function slipOf(chain: ItemChain, mine: Mention, before: Mention | null, ctx: Context): Omit<SlippedChange, 'subject' | 'cites'> | null {
  for (const event of eventsOf(mine.item.dates)) {
    const moved = statedSlip(mine.item, event) ?? comparedSlip(before?.item ?? null, mine.item, event);
    if (!moved) continue;
    const history = planHistory(chain, event, ctx.now);
    return {
      kind: 'slipped',
      event,
      from: moved.from,
      to: moved.to,
      reason: reasonOf(mine.item.text),
      slipCount: Math.max(1, countIncreases(history)),
      dateHistory: history,
    };
  }
  return null;
}

/** "提测由11/24推迟至11/30": a slip word and two dates of the event, the last planned and later. */
function statedSlip(item: ReportItem, event: string | null): { from: string; to: string } | null {
  if (!SLIP_WORDS.test(item.text)) return null;
  const dates = item.dates.filter((d) => d.event === event);
  const to = lastPlanned(item.dates, event);
  if (dates.length < 2 || !to || dates[0].iso >= to.iso) return null;
  return { from: dates[0].iso, to: to.iso };
}

/** Last time's plan for the event against this week's, when the event has not happened yet. */
function comparedSlip(before: ReportItem | null, now: ReportItem, event: string | null): { from: string; to: string } | null {
  if (!before) return null;
  const was = lastPlanned(before.dates, event);
  const is = lastPlanned(now.dates, event);
  if (!was || !is || is.iso <= was.iso) return null;
  if (now.dates.some((d) => !d.planned && d.event === event)) return null;
  return { from: was.iso, to: is.iso };
}

/** Every planned date the chain gave for an event, oldest first, a stated slip's "from" before its "to". */
function planHistory(chain: ItemChain, event: string | null, upTo: number): string[] {
  const out: string[] = [];
  const push = (iso: string) => {
    if (out[out.length - 1] !== iso) out.push(iso);
  };
  for (let w = 0; w <= upTo; w++) {
    const m = primaryMention(chain, w);
    if (!m || m.plan) continue;
    const stated = statedSlip(m.item, event);
    if (stated) {
      push(stated.from);
      push(stated.to);
      continue;
    }
    const plan = lastPlanned(m.item.dates, event);
    if (plan) push(plan.iso);
  }
  return out;
}

function countIncreases(dates: readonly string[]): number {
  let n = 0;
  for (let i = 1; i < dates.length; i++) if (dates[i] > dates[i - 1]) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Stalls

/**
 * How many weeks in a row (ending this week) the item's line brought no news: the same line as the
 * week before (wording, dates and figures unchanged), or a line that says nothing moved.
 */
function stallOf(chain: ItemChain, ctx: Context): { weeks: number; since: Mention } | null {
  const latest = primaryMention(chain, ctx.now);
  if (!latest || !(isFollowedItem(asWork(latest.item)) || NO_PROGRESS.test(latest.item.text))) return null;
  let weeks = 0;
  let w = ctx.now;
  for (;;) {
    const cur = primaryMention(chain, w);
    const prev = w > 0 ? primaryMention(chain, w - 1) : null;
    if (!cur || !prev || prev.plan) break;
    if (!(sameLine(cur.item, prev.item) || NO_PROGRESS.test(cur.item.text))) break;
    weeks++;
    w--;
  }
  if (weeks < ctx.stalledAfterWeeks) return null;
  return { weeks, since: primaryMention(chain, w)! };
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Figures with the same label and unit whose value changed since the item's previous mention. */
function metricChanges(chain: ItemChain, mine: Mention, before: Mention, ctx: Context): MetricChange[] {
  const out: MetricChange[] = [];
  for (const metric of mine.item.metrics) {
    const key = metricKey(metric);
    if (!key || !uniqueIn(mine.item, key)) continue;
    const old = metricIn(before.item, key);
    if (!old || old.value === metric.value) continue;
    out.push({
      kind: 'metric',
      subject: metricName(displayLabel(metric.label!), mine.item),
      label: displayLabel(metric.label!),
      unit: metric.unit,
      from: old.value,
      to: metric.value,
      fromText: old.text,
      toText: metric.text,
      direction: metric.value > old.value ? 'up' : 'down',
      series: seriesOf(chain, key, ctx),
      cites: [ref(ctx, mine), ref(ctx, before)],
    });
  }
  return out;
}

/** The label and unit that identify a figure across weeks; null for an unlabelled figure, a target or a delta. */
function metricKey(metric: ItemMetric): string | null {
  const label = metric.label?.normalize('NFKC').replace(/\s+/g, '');
  if (!label || NOT_A_LEVEL.test(label)) return null;
  if (!Number.isFinite(metric.value)) return null;
  return `${label}\u0000${metric.unit}`;
}

function uniqueIn(item: ReportItem, key: string): boolean {
  return item.metrics.filter((m) => metricKey(m) === key).length === 1;
}

function metricIn(item: ReportItem, key: string): ItemMetric | null {
  const found = item.metrics.filter((m) => metricKey(m) === key);
  return found.length === 1 ? found[0] : null;
}

function seriesOf(chain: ItemChain, key: string, ctx: Context): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (let w = 0; w <= ctx.now; w++) {
    const m = primaryMention(chain, w);
    const metric = m && !m.plan ? metricIn(m.item, key) : null;
    if (metric) out.push({ weekLabel: ctx.weeks[w].report.weekLabel, reportDate: ctx.weeks[w].report.reportDate, value: metric.value });
  }
  return out;
}

/** A label too short to stand alone ("进度", "交易", "健康分") is named with its item: "设备指纹 SDK 二期 进度". */
const MIN_STANDALONE_LABEL = 5;

function metricName(label: string, item: ReportItem): string {
  if ([...label].length >= MIN_STANDALONE_LABEL) return label;
  const subject = subjectOf(namedText(item));
  return subject && !label.includes(subject) && !subject.includes(label) && [...subject].length <= 20 ? `${subject} ${label}` : label;
}

/** "中已完成开发" → "已完成开发": the parser's label may start with the tail of the previous word. */
function displayLabel(label: string): string {
  return label.replace(/^(其中|中|的|共)/, '').trim() || label;
}

// ---------------------------------------------------------------------------------------------

/**
 * The item as one week's report states it: its first line outside the plan sections (else its plan
 * line), with the dates of all its non-plan lines that week — a continuation line ("预计11/15上线")
 * carries the plan of the line above it.
 */
function primaryMention(chain: ItemChain, weekIndex: number): Mention | null {
  const inWeek = mentionsIn(chain, weekIndex);
  const work = inWeek.filter((m) => !m.plan);
  const first = work[0] ?? inWeek[0];
  if (!first) return null;
  if (work.length < 2) return first;
  return { ...first, item: { ...first.item, text: work.map((m) => m.item.text).join('；'), dates: work.flatMap((m) => m.item.dates) } };
}

function ref(ctx: Context, m: Mention): LineRef {
  const r = ctx.weeks[m.weekIndex].report;
  return {
    team: r.team,
    weekLabel: r.weekLabel,
    reportDate: r.reportDate,
    section: m.item.sectionPath.join(SECTION_SEPARATOR),
    line: m.item.rawLine.trim() || m.item.text,
    lineNo: m.item.lineNo,
  };
}
