/** The stall rule of detectChanges (weeks of the same line, or of a line saying nothing moved): one kind of change, kept apart like the others. */
import { isFollowedItem } from '../followup/missingItems';
import { asWork, sameLine } from './lineSignals';
import type { ItemChain, Mention } from './chains';
import { primaryMention, type Context } from './detectContext';

/** A line saying in so many words that nothing moved. */
const NO_PROGRESS = /无进展|没有进展|暂无进展|未有进展|仍无进展|停滞|仍在等待|继续等待|no progress/i;

/**
 * How many weeks in a row (ending this week) the item's line brought no news: the same line as the
 * week before (wording, dates and figures unchanged), or a line that says nothing moved.
 */
export function stallOf(chain: ItemChain, ctx: Context): { weeks: number; since: Mention } | null {
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
