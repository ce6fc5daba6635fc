/**
 * What an owner reported before but did not follow up this week: open items left out, planned dates
 * that passed without a new status, and dates that moved. Pure: earlier items and this week's items in,
 * prompts out; the Slack layer posts them in the submission's thread.
 */
import type { ItemDate, ItemStatus } from '../reports/model';
import { daysBetween, formatMonthDay } from '../calendar';
import { matchAcrossWeeks, shortText, subjectKey, subjectPhrase, type MatchableItem } from './matchItems';

export { shortText, subjectPhrase };

export interface FollowupItem extends MatchableItem {
  status: ItemStatus;
  dates: ItemDate[];
  weekLabel: string;
  reportDate: string;
  /** Position in its report: of two lines about one subject in the same report, the later one wins */
  ordinal?: number;
}

export type MissingReason = 'not_mentioned' | 'overdue' | 'slipped';

export interface MissingItem {
  reason: MissingReason;
  /** The earlier item, as last reported */
  previous: FollowupItem;
  /** This week's matching item, when there is one (overdue, slipped) */
  current: FollowupItem | null;
  /** Identifies the earlier item within the owner's week, so it is asked once */
  key: string;
  /** One line for the owner, in Chinese */
  prompt: string;
}

const CLOSED: ItemStatus[] = ['launched', 'done'];
/** Work that was stopped is closed too: nobody should be asked about it every week. */
const CANCELLED = /取消|不做了|不再推进|终止|停止推进|暂停|搁置|废弃|作废/;
/** Sections whose lines are not work items to chase: figures, incidents, reflections, next week's goals. */
const NOT_FOLLOWED_SECTION = /收获|反思|生产事件|事故|运行数据|系统运行|成功率|可用性|下周|下阶段|下期|next\s*week/i;
const FOLLOWED_STATUSES: ItemStatus[] = ['planned', 'in_progress', 'testing', 'delayed'];

/**
 * Done, launched or stopped. A line that reads as done but still plans a later date ("编码完成过半，
 * 预计12/5提测") is not: part of the work is done, the item is not.
 */
export function isClosed(item: Pick<FollowupItem, 'status' | 'text' | 'dates' | 'reportDate'>): boolean {
  if (CANCELLED.test(item.text)) return true;
  return CLOSED.includes(item.status) && !item.dates.some((d) => d.planned && d.iso > item.reportDate);
}

/** A line worth chasing: ongoing work or a plan, outside the figures / incidents / reflection / goal sections. */
export function isFollowedItem(item: Pick<FollowupItem, 'status' | 'dates' | 'sectionPath'>): boolean {
  if (item.sectionPath.some((s) => NOT_FOLLOWED_SECTION.test(s))) return false;
  return FOLLOWED_STATUSES.includes(item.status) || item.dates.some((d) => d.planned);
}

/** The key an earlier item is remembered by (prompts are asked once per owner, week and key). */
export function followupKey(item: Pick<FollowupItem, 'text' | 'sectionPath'>): string {
  const project = item.sectionPath[item.sectionPath.length - 1] ?? '';
  return `${subjectKey(project)}|${subjectKey(item.text)}`;
}

/**
 * @param earlier the owner's items from earlier weeks (any order; the latest mention of each subject counts)
 * @param current the owner's items this week
 * @param reportDate this week's report date (ISO): a planned date before it has passed
 */
export function findMissingItems(earlier: FollowupItem[], current: FollowupItem[], reportDate: string): MissingItem[] {
  const latestEarlier = latestMentions(earlier.filter((i) => i.reportDate < reportDate));
  const matches = matchAcrossWeeks(latestEarlier, latestMentions(current));
  const missing: MissingItem[] = [];
  for (const { earlier: prev, later: now } of matches) {
    if (isClosed(prev) || !isFollowedItem(prev)) continue;
    const key = followupKey(prev);
    if (!now) {
      missing.push({ reason: 'not_mentioned', previous: prev, current: null, key, prompt: notMentionedPrompt(prev, reportDate) });
      continue;
    }
    if (isClosed(now)) continue;
    const slip = movedDate(prev, now);
    if (slip) {
      const event = slip.event ?? '';
      missing.push({
        reason: 'slipped',
        previous: prev,
        current: now,
        key,
        prompt: `「${subjectPhrase(now.text)}」的${event}日期由 ${formatMonthDay(slip.from)} 改为 ${formatMonthDay(slip.to)}：原因是什么？新的日期确定了吗？`,
      });
      continue;
    }
    const overdue = passedPlan(now, reportDate);
    if (overdue) {
      const event = overdue.event ?? '完成';
      missing.push({
        reason: 'overdue',
        previous: prev,
        current: now,
        key,
        prompt: `「${subjectPhrase(now.text)}」计划 ${formatMonthDay(overdue.iso)} ${event}，日期已过，本周没有写新的状态：已${event}了吗？`,
      });
    }
  }
  // In the order the owner wrote them: latest week first, then line by line.
  return missing.sort((a, b) => b.previous.reportDate.localeCompare(a.previous.reportDate) || (a.previous.ordinal ?? 0) - (b.previous.ordinal ?? 0));
}

/**
 * Of several mentions of the same subject, keep the most recent one: the latest week, and within a
 * week the later line (a follow-up reply is appended after the line it updates).
 */
function latestMentions(items: FollowupItem[]): FollowupItem[] {
  const sorted = [...items].sort((a, b) => b.reportDate.localeCompare(a.reportDate) || (b.ordinal ?? 0) - (a.ordinal ?? 0));
  const kept: FollowupItem[] = [];
  for (const item of sorted) {
    if (!matchAcrossWeeks([item], kept)[0].later) kept.push(item);
  }
  return kept;
}

/** "上周" / "上上周" / "第45周（11/3）": when the owner said it, relative to this week. */
export function whenSaid(prev: Pick<FollowupItem, 'weekLabel' | 'reportDate'>, reportDate: string): string {
  const weeks = Math.round(daysBetween(prev.reportDate, reportDate) / 7);
  if (weeks === 1) return '上周';
  if (weeks === 2) return '上上周';
  return `${prev.weekLabel}（${formatMonthDay(prev.reportDate)}）`;
}

/** 上周你提到「光大备份通道 计划11/23上线」，本周没有进展：已上线了吗？ */
function notMentionedPrompt(prev: FollowupItem, reportDate: string): string {
  const plan = prev.dates.filter((d) => d.planned).pop();
  const state = plan ? `${subjectPhrase(prev.text)} 计划${formatMonthDay(plan.iso)}${plan.event ?? ''}` : shortText(prev.text);
  const question = plan && plan.iso <= reportDate ? `已${plan.event ?? '完成'}了吗` : '现在进展如何';
  return `${whenSaid(prev, reportDate)}你提到「${state}」，本周没有进展：${question}？`;
}

function movedDate(prev: FollowupItem, now: FollowupItem): { event: string | null; from: string; to: string } | null {
  for (const before of prev.dates.filter((d) => d.planned)) {
    const after = now.dates.filter((d) => d.planned && d.event === before.event).pop();
    if (after && after.iso !== before.iso) return { event: before.event, from: before.iso, to: after.iso };
  }
  return null;
}

function passedPlan(item: FollowupItem, reportDate: string): ItemDate | null {
  const plans = item.dates.filter((d) => d.planned);
  if (!plans.length) return null;
  const last = plans[plans.length - 1];
  return last.iso < reportDate ? last : null;
}
