/** The view of an item chain the change rules share (one week's mention, its citation): its own file so each rule file can import it without a cycle through detectChanges.ts. */
import { SECTION_SEPARATOR } from '../reports/model';
import { mentionsIn, type ItemChain, type Mention } from './chains';
import type { HistoryWeek, LineRef } from './types';

export interface Context {
  weeks: readonly HistoryWeek[];
  now: number;
  stalledAfterWeeks: number;
}

/**
 * The item as one week's report states it: its first line outside the plan sections (else its plan
 * line), with the dates of all its non-plan lines that week — a continuation line ("预计11/15上线")
 * carries the plan of the line above it.
 */
export function primaryMention(chain: ItemChain, weekIndex: number): Mention | null {
  const inWeek = mentionsIn(chain, weekIndex);
  const work = inWeek.filter((m) => !m.plan);
  const first = work[0] ?? inWeek[0];
  if (!first) return null;
  if (work.length < 2) return first;
  return { ...first, item: { ...first.item, text: work.map((m) => m.item.text).join('；'), dates: work.flatMap((m) => m.item.dates) } };
}

export function ref(ctx: Context, m: Mention): LineRef {
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
