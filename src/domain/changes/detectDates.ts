/** The date rules of detectChanges (plans that passed, slipped dates and their history): the largest group of rules, kept apart so each kind reads on its own. */
import type { ItemDate, ReportItem } from '../reports/model';
import { reasonOf } from './lineSignals';
import type { ItemChain, Mention } from './chains';
import { primaryMention, type Context } from './detectContext';
import type { SlippedChange } from './types';

const SLIP_WORDS = /推迟|延期|延后|顺延|推后|delay/i;

/** The last planned date of each event the line names, when it is before the report date and the line does not report the event as done. */
export function passedPlans(item: ReportItem, reportDate: string): ItemDate[] {
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
export function slipOf(chain: ItemChain, mine: Mention, before: Mention | null, ctx: Context): Omit<SlippedChange, 'subject' | 'cites'> | null {
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
