/**
 * What an owner reported before but did not follow up this week: open items left out, planned dates
 * that passed without a new status, and dates that moved. Pure: earlier items and this week's items in,
 * prompts out; the Slack layer posts them in the submission's thread.
 */
import type { ItemDate, ItemStatus } from '../reports/model';
import { formatMonthDay } from '../reports/week';
import { matchAcrossWeeks, type MatchableItem } from './matchItems';

export interface FollowupItem extends MatchableItem {
  status: ItemStatus;
  dates: ItemDate[];
  weekLabel: string;
  reportDate: string;
}

export type MissingReason = 'not_mentioned' | 'overdue' | 'slipped';

export interface MissingItem {
  reason: MissingReason;
  /** The earlier item, as last reported */
  previous: FollowupItem;
  /** This week's matching item, when there is one (overdue, slipped) */
  current: FollowupItem | null;
  /** One line for the owner, in Chinese */
  prompt: string;
}

const CLOSED: ItemStatus[] = ['launched', 'done'];

/**
 * @param earlier the owner's items from earlier weeks (any order; the latest mention of each subject counts)
 * @param current the owner's items this week
 * @param reportDate this week's report date (ISO): a planned date before it has passed
 */
export function findMissingItems(earlier: FollowupItem[], current: FollowupItem[], reportDate: string): MissingItem[] {
  const latestEarlier = latestMentions(earlier);
  const matches = matchAcrossWeeks(latestEarlier, current);
  const missing: MissingItem[] = [];
  for (const { earlier: prev, later: now } of matches) {
    if (CLOSED.includes(prev.status)) continue;
    if (!now) {
      missing.push({ reason: 'not_mentioned', previous: prev, current: null, prompt: notMentionedPrompt(prev, reportDate) });
      continue;
    }
    if (CLOSED.includes(now.status)) continue;
    const slip = movedDate(prev, now);
    if (slip) {
      missing.push({
        reason: 'slipped',
        previous: prev,
        current: now,
        prompt: `「${shortText(now)}」的${slip.event ?? ''}日期由 ${formatMonthDay(slip.from)} 改为 ${formatMonthDay(slip.to)}：原因是什么？新的日期确定了吗？`,
      });
      continue;
    }
    const overdue = passedPlan(now, reportDate);
    if (overdue) {
      missing.push({
        reason: 'overdue',
        previous: prev,
        current: now,
        prompt: `「${shortText(now)}」计划 ${formatMonthDay(overdue.iso)} ${overdue.event ?? '完成'}，日期已过但没有写新状态：${overdue.event ? `已${overdue.event}了吗` : '完成了吗'}？`,
      });
    }
  }
  return missing;
}

/** Of several earlier mentions of the same subject, keep the most recent one. */
function latestMentions(items: FollowupItem[]): FollowupItem[] {
  const sorted = [...items].sort((a, b) => b.reportDate.localeCompare(a.reportDate));
  const kept: FollowupItem[] = [];
  for (const item of sorted) {
    if (!matchAcrossWeeks([item], kept)[0].later) kept.push(item);
  }
  return kept;
}

function notMentionedPrompt(prev: FollowupItem, reportDate: string): string {
  const plan = prev.dates.filter((d) => d.planned).pop();
  const when = plan ? ` 计划${formatMonthDay(plan.iso)}${plan.event ?? ''}` : '';
  const question = plan && plan.iso <= reportDate ? `已${plan.event ?? '完成'}了吗` : '现在进展如何';
  return `${prev.weekLabel}你提到「${shortText(prev)}${when}」，本周没有进展：${question}？`;
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

/** The item's subject for a prompt: its text up to the first clause that reports progress. */
function shortText(item: FollowupItem): string {
  const text = item.text.replace(/[。.；;]+$/, '');
  return text.length <= 40 ? text : text.slice(0, 38) + '…';
}
